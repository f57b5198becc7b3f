"""The driver: reads a comparison's change hunks and gathers, merges and ranks their key changes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import pairwise

from draftwatch.engine.keychanges.clauses import (
    _clauses,
    _count_changed,
    _prose,
    _repealed,
    _whole,
    _whole_paragraphs,
    _whole_section,
    _whole_sentences,
    _word_or_its_sentence,
)
from draftwatch.engine.keychanges.edits import _untold_clauses
from draftwatch.engine.keychanges.entities import (
    _CAPITALISED,
    _entity_changes,
    _modality_change,
    _negation_change,
    _roles_named,
)
from draftwatch.engine.keychanges.enumerations import _with_lead_ins
from draftwatch.engine.keychanges.index import (
    _LAW_NUMBER,
    _Context,
    _Index,
    _lowered,
    _occurrences,
    _words_key,
)
from draftwatch.engine.keychanges.links import (
    _field_changes,
    _link_changes,
    _list_changes,
    _without_field_values,
)
from draftwatch.engine.keychanges.merging import (
    _merge,
    _one_entry_per_edit,
    _without_told_clauses,
    _without_values_told_as_changed,
)
from draftwatch.engine.keychanges.pieces import _pieces
from draftwatch.engine.keychanges.ranking import _rank
from draftwatch.engine.keychanges.rules import (
    _ACTIVE,
    _APPARATUS,
    _DIGIT,
    _EDITED,
    _RELATED,
    _rules,
    rules_for,
)
from draftwatch.engine.keychanges.text import (
    _cut,
    _hunks,
    _make,
    _one_sentence_around,
    _sentence_around,
    _sentence_breaks,
    _SentencePair,
    _text,
    _unlabelled,
    _widen,
)
from draftwatch.engine.keychanges.values import (
    _FREQUENCY,
    _address_changes,
    _calendar_dates_added,
    _frequency_change,
    _has_number_word,
    _value_changes,
)
from draftwatch.engine.languages import detect as detect_language
from draftwatch.engine.matching import title_key
from draftwatch.engine.terms import (
    RENAMED_PLACES,
    Replacement,
    Vocabulary,
    bare_name,
    renamed_terms,
)
from draftwatch.model import (
    Comparison,
    KeyChange,
    Op,
    OpKind,
    OutlineEntry,
    OutlineKind,
)


def document_language(comparison: Comparison) -> str:
    """The language the key changes of a comparison are read in: the new version's (the old
    one's when the new one is empty)."""
    text = comparison.new.text or comparison.old.text
    return detect_language(text)


def find_key_changes(comparison: Comparison, language: str | None = None) -> tuple[KeyChange, ...]:
    """The key changes of a comparison, read with the rules of `language` (a code such as
    `fr`; detected from the new text when not given)."""
    token = _ACTIVE.set(rules_for(language or document_language(comparison)))
    try:
        return _find_key_changes(comparison)
    finally:
        _ACTIVE.reset(token)
        _sentence_breaks.cache_clear()
        _occurrences.cache_clear()
        _lowered.cache_clear()


def _find_key_changes(comparison: Comparison) -> tuple[KeyChange, ...]:
    context = _Context(comparison)
    found: list[KeyChange] = []
    for change in comparison.sections:
        found.extend(_link_changes(change))
        if change.id == context.head and change.status == "changed":
            found.extend(_field_changes(change))
        if change.status in ("changed", "unchanged"):
            found.extend(_list_changes(change, context))
            found.extend(_changes_in_ops(change.ops, change.id, context))
        else:
            found.extend(_whole_section(change, context, added=change.status == "added"))
    for move in comparison.moves:
        found.extend(_changes_in_ops(move.ops, move.new_section, context))
    found.extend(_roles_named(comparison, context))
    found.extend(_untold_clauses(comparison, context, found))
    found = _with_lead_ins(found, context)
    merged = _one_entry_per_edit(_merge(_without_told_clauses(_without_field_values(found))))
    merged = _without_values_told_as_changed(merged)
    merged = _with_terms_renamed(comparison, context, merged)
    ranked = [_rank(change, context) for change in merged]
    return tuple(sorted(ranked, key=lambda k: -k.importance))


def _with_terms_renamed(
    comparison: Comparison, context: _Context, found: list[KeyChange]
) -> list[KeyChange]:
    """A party or a defined term put for another throughout ("Agency" -> "Government" in
    thirty sentences) as one `entity` entry with the number of places; the same swap told
    in one sentence by the party rules is that entry seen again."""
    language = _rules().language
    vocabulary = Vocabulary(
        language.stop_words,
        language.not_names,
        frozenset(m.rstrip(".").casefold() for m in language.clause_markers),
    )
    replacements: list[Replacement] = []
    for section, ops in [
        *((change.id, change.ops) for change in comparison.sections if change.status == "changed"),
        *((move.new_section, move.ops) for move in comparison.moves),
    ]:
        if any(_names_swapped(pair, vocabulary) for pair in _swaps(ops)):
            replacements.extend(_name_replacements(section, ops, vocabulary))
    if len(replacements) < RENAMED_PLACES:
        return found
    renamed = renamed_terms(replacements, context.old.spaced, context.new.spaced, vocabulary)
    if not renamed:
        return found
    swaps = {pair for term in renamed for pair in ((term.old, term.new), term.replaced)}
    kept = [change for change in found if (change.old, change.new) not in swaps]
    for term in renamed:
        change = _make(
            "entity", term.sections[0], term.old, term.new, term.old_sentence, term.new_sentence
        )
        kept.append(replace(change, count=term.places, locations=term.sections))
    return kept


#: A hunk longer than this (characters) is a passage rewritten, not a name put for another.
_RENAMED_HUNK = 200


def _swaps(ops: tuple[Op, ...]) -> Iterator[tuple[str, str]]:
    """The words of each deletion followed by an insertion (a replacement), short ones only:
    a cheap look at a section's edits before its hunks are built."""
    for first, second in pairwise(ops):
        if first.op == OpKind.DELETE and second.op == OpKind.INSERT:
            if first.cosmetic or second.cosmetic or first.move or second.move:
                continue
            if len(first.text) <= _RENAMED_HUNK and len(second.text) <= _RENAMED_HUNK:
                yield first.text, second.text


def _names_swapped(pair: tuple[str, str], vocabulary: Vocabulary) -> bool:
    gone, came = pair
    if not _CAPITALISED.search(gone) or not _CAPITALISED.search(came):
        return False  # cheap test first: no name on one side
    return any(
        bare_name(old, vocabulary) and bare_name(new, vocabulary)
        for old, new in _pieces(gone, came)
    )


def _name_replacements(
    section: str, ops: tuple[Op, ...], vocabulary: Vocabulary
) -> Iterator[Replacement]:
    """Each name put for another name in the section's hunks, with its two sentences."""
    old_body, new_body, spans = _hunks(ops)
    for old_start, old_end, new_start, new_end in spans:
        gone_hunk, came_hunk = old_body[old_start:old_end], new_body[new_start:new_end]
        if len(gone_hunk) > _RENAMED_HUNK or len(came_hunk) > _RENAMED_HUNK:
            continue  # a passage rewritten: a name put for another is one word or three
        if not _CAPITALISED.search(gone_hunk) or not _CAPITALISED.search(came_hunk):
            continue
        for gone, came in _pieces(gone_hunk, came_hunk):
            if bare_name(gone, vocabulary) and bare_name(came, vocabulary):
                yield Replacement(
                    section,
                    gone,
                    came,
                    _one_sentence_around(old_body, old_start, old_end),
                    _one_sentence_around(new_body, new_start, new_end),
                )


def find_outline(comparison: Comparison) -> tuple[OutlineEntry, ...]:
    """Sections added, removed, renamed, renumbered (cosmetic), split and merged, in order."""
    entries: list[OutlineEntry] = []
    for change in comparison.sections:
        old = change.old.title if change.old else ""
        new = change.new.title if change.new else ""
        if change.status == "added":
            entries.append(OutlineEntry(OutlineKind.ADDED, change.id, "", new))
        elif change.status == "removed":
            entries.append(OutlineEntry(OutlineKind.REMOVED, change.id, old, ""))
        elif old and new and old != new:
            if _words_key(old) == _words_key(new):
                continue  # case, spacing or punctuation only
            if _words_key(title_key(old)) == _words_key(title_key(new)) or (
                _words_key(_LAW_NUMBER.sub("", old)) == _words_key(_LAW_NUMBER.sub("", new))
            ):
                entries.append(OutlineEntry(OutlineKind.RENUMBERED, change.id, old, new, True))
            else:
                entries.append(OutlineEntry(OutlineKind.RENAMED, change.id, old, new))
        if change.split:
            entries.append(OutlineEntry(OutlineKind.SPLIT, change.id, old, new))
        if change.merged:
            entries.append(OutlineEntry(OutlineKind.MERGED, change.id, old, new))
        if (
            change.old
            and change.new
            and change.old.level != change.new.level
            and not (change.split or change.merged)
        ):
            entries.append(OutlineEntry(OutlineKind.LEVEL, change.id, old, new))
    return tuple(entries)


def _changes_in_ops(ops: tuple[Op, ...], section: str, context: _Context) -> Iterable[KeyChange]:
    old_body, new_body, spans = _hunks(ops)
    pairs: dict[tuple[str, str], _SentencePair] = {}
    for old_start, old_end, new_start, new_end in spans:
        # A repeal marker stands for one provision: the first paragraph the edit removes.
        removed = _text(old_body[old_start:old_end]).strip().split("\n\n")[0]
        if _repealed(new_body[new_start:new_end]) and _prose(removed):
            # A provision replaced by "(weggefallen)" or "Abrogé": repealed, whatever it says.
            removed = _unlabelled(removed)
            summary = f"repealed: “{_cut(removed, 90)}”"
            yield _make("clause", section, removed, "", removed, "", summary=summary)
            continue
        added = _text(new_body[new_start:new_end]).strip().split("\n\n")[0]
        if _repealed(old_body[old_start:old_end]) and _prose(added):
            # A repealed provision's number taken by a new one ("f) Abrogé" -> "f) D'organismes").
            added = _unlabelled(added)
            summary = f"added: “{_cut(added, 90)}”"
            yield _make("clause", section, "", added, "", added, summary=summary)
            continue
        old_sentence = _sentence_around(old_body, old_start, old_end)
        new_sentence = _sentence_around(new_body, new_start, new_end)
        if old_start == old_end and _whole_paragraphs(new_body, new_start, new_end):
            # paragraphs added between others: no old sentence was edited
            old_sentence, new_sentence = "", new_body[new_start:new_end].strip()
        elif new_start == new_end and _whole_paragraphs(old_body, old_start, old_end):
            old_sentence, new_sentence = old_body[old_start:old_end].strip(), ""
        elif old_start == old_end and (added := _whole_sentences(new_body, new_start, new_end)):
            old_sentence, new_sentence = "", added  # sentences added to a paragraph
        elif new_start == new_end and (gone := _whole_sentences(old_body, old_start, old_end)):
            old_sentence, new_sentence = gone, ""
        pair = pairs.setdefault(
            (old_sentence, new_sentence),
            _SentencePair(old_sentence, new_sentence, _text(old_sentence), _text(new_sentence)),
        )
        pair.old_pieces.append(_text(_widen(old_body, old_start, old_end)))
        pair.new_pieces.append(_text(_widen(new_body, new_start, new_end)))
        pair.old_changed += len(old_body[old_start:old_end].strip())
        pair.new_changed += len(new_body[new_start:new_end].strip())
    if not pairs:
        return
    old_index, new_index = _Index(old_body), _Index(new_body)
    # Notes and references: only a value changed in an edited sentence is told there.
    apparatus = bool(_APPARATUS.search(context.titles.get(section, "")))
    for pair in pairs.values():
        similarity = pair.similarity
        if similarity < _EDITED and not apparatus:
            clauses = list(_clauses(pair, section, context, old_body, new_body))
            yield from clauses
            if not clauses and _whole(pair):
                # Sentences added or removed whole that bind nothing new: their values, each
                # one new to or gone from the whole document.
                for change in _value_changes(pair, section, context, old_index, new_index, 1.0):
                    if not (change.old and change.new):
                        yield change
            else:
                yield from _calendar_dates_added(pair, section, context)
        if similarity < _RELATED:
            continue  # unrelated sentences side by side: only whole clauses are told
        pieces = " ".join((*pair.old_pieces, *pair.new_pieces))
        if _DIGIT.search(pieces) or _has_number_word(pieces.lower()):
            for change in _value_changes(pair, section, context, old_index, new_index, similarity):
                if not apparatus or (change.old and change.new and similarity >= _EDITED):
                    yield change
        if similarity >= _EDITED and "@" in pieces:
            yield from _address_changes(pair, section)
        if similarity >= _EDITED and _FREQUENCY.search(pieces):
            yield from _frequency_change(pair, section)
        if similarity >= _EDITED and not apparatus:
            rules = _rules()
            modal = rules.modal.search(pieces) is not None
            negation = rules.negation.search(pieces) is not None
            told: set[str] = set()
            for change in (
                *(_modality_change(pair, section) if modal else ()),
                *(_negation_change(pair, section) if negation else ()),
            ):
                if _count_changed(change, old_body, new_body):
                    for told_change in _word_or_its_sentence(change, pair, context):
                        if told_change.summary not in told:  # one sentence, one clause
                            told.add(told_change.summary)
                            yield told_change
            if rules.inner_capital.search(pieces):
                yield from _entity_changes(pair, section, context)
