"""The driver, and the readers of key changes not yet moved to their own module of the package."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from draftwatch.engine.keychanges.clauses import (
    _ITEM_NUMBER,
    _SAME_ITEM,
    _clauses,
    _count_changed,
    _grown_from_item,
    _noted_sentences,
    _paragraph_at,
    _prose,
    _repealed,
    _whole,
    _whole_clause,
    _whole_paragraphs,
    _whole_section,
    _whole_sentences,
    _word_or_its_sentence,
)
from draftwatch.engine.keychanges.index import (
    _LAW_NUMBER,
    _Context,
    _Index,
    _lowered,
    _occurrences,
    _version_stamp,
    _words_key,
)
from draftwatch.engine.keychanges.links import (
    _field_changes,
    _link_changes,
    _list_changes,
    _without_field_values,
)
from draftwatch.engine.keychanges.rules import (
    _ACTIVE,
    _APPARATUS,
    _BASE,
    _DIGIT,
    _EDITED,
    _MODALS,
    _NOT_PARTIES,
    _ORDINAL,
    _RELATED,
    _SENTENCE_START,
    _VALUE_CATEGORIES,
    _WORD_RE,
    _alternatives,
    _Rules,
    _rules,
    rules_for,
)
from draftwatch.engine.keychanges.text import (
    _FRAGMENT_WORDS,
    _binding_pattern,
    _compact,
    _cut,
    _fold,
    _hunks,
    _make,
    _modals,
    _one_sentence_around,
    _reference_pattern,
    _restated_as_participle,
    _sentence_around,
    _sentence_breaks,
    _SentencePair,
    _similarity,
    _text,
    _unique,
    _unlabelled,
    _widen,
    _without_descriptive_modals,
)
from draftwatch.engine.keychanges.values import (
    _FREQUENCY,
    _VALUE_NOUNS,
    _YEAR,
    _address_changes,
    _amount,
    _calendar_date_added,
    _calendar_dates_added,
    _frequency_change,
    _has_number_word,
    _permission_only,
    _value_changes,
    _values,
)
from draftwatch.engine.languages import detect as detect_language
from draftwatch.engine.languages import table as language_table
from draftwatch.engine.matching import title_key
from draftwatch.engine.terms import (
    RENAMED_PLACES,
    Replacement,
    Vocabulary,
    bare_name,
    renamed_terms,
)
from draftwatch.engine.tokens import split_sentences
from draftwatch.model import (
    Comparison,
    KeyChange,
    Op,
    OpKind,
    OutlineEntry,
    OutlineKind,
    SectionChange,
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


def _one_entry_per_edit(found: list[KeyChange]) -> list[KeyChange]:
    """The same words removed from (or added to) several sentences of a section, or the same
    member of an enumeration, is one edit made in several places: one entry with a count, not
    one per sentence. Sentences added or removed whole stay one entry each."""
    kept: list[KeyChange] = []
    first: dict[tuple[str, str], int] = {}
    for change in found:
        edit = change.category == "clause" and change.old and change.new
        key = (change.section, change.summary)
        if not edit or key not in first:
            if edit:
                first[key] = len(kept)
            kept.append(change)
            continue
        at = first[key]
        kept[at] = replace(
            kept[at],
            count=kept[at].count + change.count,
            locations=tuple(dict.fromkeys((*kept[at].locations, *change.locations))),
        )
    return kept


def _without_told_clauses(found: list[KeyChange]) -> list[KeyChange]:
    """One change, one entry: a clause added or removed whose amount, percentage or date is
    already told as a change from one value to another is that change seen again (the old
    sentence "removed", the new one "added"), so it is left out."""
    told = {
        _fold(value)
        for change in found
        if change.category in _VALUE_CATEGORIES and change.old and change.new
        for value in (change.old, change.new)
    }
    if not told:
        return found

    def retold(change: KeyChange) -> bool:
        if change.category != "clause":
            return False
        return any(_fold(value) in told for _, value, _ in _values(change.old or change.new))

    return [change for change in found if not retold(change)]


def _without_values_told_as_changed(found: list[KeyChange]) -> list[KeyChange]:
    """A value told as new ("(none) -> 18 %") in a sentence that only refers back to it ("the
    rates of 18 % and 30 % are raised to ...") when another sentence of the new text states it
    and an entry tells it there as a change ("25 % -> 18 %"): the same value told again, left
    out."""
    if not any(not change.old and change.category in _VALUE_CATEGORIES for change in found):
        return found
    told: dict[tuple[str, str], set[str]] = {}
    for change in found:
        if change.old and change.new and change.category in _VALUE_CATEGORIES:
            # one value, or the list of a provision's values ("18 %, 30 %, 38 %")
            values = change.new.split(", ") if ", " in change.new else ()
            for value in (change.new, *values):
                told.setdefault((change.category, _fold(value)), set()).add(change.new_context)

    def retold(change: KeyChange) -> bool:
        if change.category not in _VALUE_CATEGORIES or change.old or not change.new:
            return False
        places = told.get((change.category, _fold(change.new)), set())
        return bool(places - {change.new_context})

    return [change for change in found if not retold(change)]


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


def _merge(found: list[KeyChange]) -> list[KeyChange]:
    """One entry per change, with how often and where it was seen; a value told as a change
    from one to another is not told again as gone or come on its own."""
    groups: dict[tuple[str, str, str], list[KeyChange]] = {}
    for change in found:
        key = (str(change.category), _fold(change.old), _fold(change.new))
        groups.setdefault(key, []).append(change)
    paired_old = {(c, o) for c, o, n in groups if o and n}
    paired_new = {(c, n) for c, o, n in groups if o and n}
    clauses = [o or n for c, o, n in groups if c == "clause"]
    both_ways = _rules().language.code != "en"
    whole_clauses = [
        change
        for change in found
        if change.category == "clause" and bool(change.old_context) != bool(change.new_context)
    ]
    merged: list[KeyChange] = []
    for (category, old, new), changes in groups.items():
        if category == "list" and any(
            clause in (old or new)
            or (both_ways and (old or new) in clause and 2 * len(old or new) >= len(clause))
            for clause in clauses
        ):
            continue  # the list item is told as the clause it states (or a larger one)
        if (
            (not new and (category, old) in paired_old)
            or (not old and (category, new) in paired_new)
        ) and not _gone_elsewhere(changes, groups):
            continue
        if category in _VALUE_CATEGORIES and _told_by_clause(changes, whole_clauses):
            continue
        first = changes[0]
        locations = tuple(dict.fromkeys(c.section for c in changes))
        merged.append(replace(first, count=_places(changes), locations=locations))
    return merged


def _told_by_clause(changes: list[KeyChange], whole_clauses: list[KeyChange]) -> bool:
    """Whether every place of a value gone (or come) lies in a sentence told as removed (or
    added) whole in its section, whose quote shows the value: that clause tells it ("2% ->
    (none)" beside "removed: “Late payments may incur interest of 2% per month.”")."""
    for change in changes:
        if bool(change.old) == bool(change.new):
            return False
        gone = not change.new
        value = change.old if gone else change.new
        if not any(
            clause.section == change.section
            and value in clause.summary
            and value in (clause.old_context if gone else clause.new_context)
            and (clause.old_context if gone else clause.new_context)
            not in (change.new_context if gone else change.old_context)
            for clause in whole_clauses
        ):
            return False
    return True


def _places(changes: list[KeyChange]) -> int:
    """In how many places a change was seen: one place found by two rules (in its sentence, and
    in the passage around it) is one place; the same words repeated (four items "(repealed)")
    are as many places."""
    by_section: dict[str, list[tuple[str, str]]] = {}
    for change in changes:
        seen = by_section.setdefault(change.section, [])
        old, new = change.old_context, change.new_context
        wider_or_narrower = (
            (old, new) != (o, n) and ((old in o and new in n) or (o in old and n in new))
            for o, n in seen
        )
        if not any(wider_or_narrower):
            seen.append((old, new))
    return sum(len(seen) for seen in by_section.values())


def _rank(change: KeyChange, context: _Context) -> KeyChange:
    category = str(change.category)
    score = _BASE.get(category, 40)
    reasons: list[str] = []
    # The size of a change, where a ratio means something: amounts, counts and periods (a
    # year or a day of the month changing by a fraction of a percent says nothing).
    sized = category in ("money", "percent", "number") or (
        category == "date" and all(_rules().period.search(v) for v in (change.old, change.new))
    )
    if sized and change.old and change.new:
        old, new = _amount(change.old), _amount(change.new)
        if old and new is not None and old != new:
            delta = (new - old) / old
            score += min(10, int(abs(delta) * 20))
            if round(abs(delta), 2):
                reasons.append(f"{'up' if delta > 0 else 'down'} {abs(delta):.0%}")
    if category in _VALUE_NOUNS:
        state = "changed" if change.old and change.new else "added" if change.new else "removed"
        reasons.insert(0, f"{_VALUE_NOUNS[category]} {state}")
        if category == "date" and all(_YEAR.fullmatch(v) for v in (change.old, change.new) if v):
            score -= 10  # a year alone dates a cited act or a fact more often than it sets a term
            reasons.append("a year")
    elif category == "modality":
        if "(weaker)" in change.summary:
            score += 8
            reasons.append("obligation weakened")
        elif "(stronger)" in change.summary:
            score += 8
            reasons.append("obligation strengthened")
        else:
            reasons.append("obligation wording changed")
        if not (change.old and change.new):
            score -= 8  # a modal word added or dropped alone says less than one put for another
    elif category == "negation":
        reasons.append("negation added" if change.new else "negation removed")
    elif category == "clause":
        has_value = any(
            c in ("money", "percent", "date") for c, _, _ in _values(change.old or change.new)
        )
        score += 8 if has_value else 0
        permission = _permission_only(change.old or change.new)
        score += 0 if permission or _rules().language.code != "en" else 4
        noun = "permission" if permission else "obligation"
        reasons.append(
            (
                f"{noun} changed"  # words, a member or a condition edited in a sentence kept
                if change.old and change.new
                else f"{noun} added"
                if change.new
                else f"{noun} removed"
            )
            + (" with a value" if has_value else "")
        )
    elif category == "entity":
        score += 18 if change.old and change.new else 0  # one party put in another's place
        reasons.append(
            "party changed"
            if change.old and change.new
            else "party named"
            if change.new
            else "party no longer named"
        )
    elif category == "list":
        reasons.append("list item added" if change.new else "list item removed")
    if change.count > 1:
        score += min(5, change.count)
        reasons.append(f"in {change.count} places")
    if _APPARATUS.search(context.titles.get(change.section, "")):
        score -= 25
        reasons.append("in notes or apparatus")
    elif _version_stamp(change, context):
        score -= 10  # still told (which amending act, which effective date), not first
        reasons.append("the document's own date")
    elif category == "date" and _dates_a_cited_act(change):
        score -= 16  # told (which act is cited now), below what the provision now says
        reasons.append("the date of a cited act")
        change = _naming_the_act(change)
    return replace(change, importance=max(0, min(100, score)), why=", ".join(reasons))


def _naming_the_act(change: KeyChange) -> KeyChange:
    """A date that dates a cited act, told with the act it dates ("(none) -> 5. April 2017
    (Verordnung (EU) 2017/745)"): the act newly cited (or no longer cited) is what changed, and
    a date alone would read as a term."""
    value, context = (
        (change.new, change.new_context) if change.new else (change.old, change.old_context)
    )
    pattern = _cited_act_date(_rules().language.code)
    at = context.find(value)
    found = None if pattern is None or at < 0 else pattern.search(context, max(0, at - 200), at)
    if found is None:
        return change
    number = re.match(r"\d+/\d+", found.group(0))
    before = context[max(0, found.start() - 60) : found.start()].split()[-3:]
    while before and not before[0][:1].isupper() and not before[0].startswith("("):
        before = before[1:]
    if number is None or not before:
        return change
    act = " ".join([*before, number.group(0)])
    return replace(change, summary=f"{change.summary} ({act})")


@lru_cache(maxsize=16)
def _cited_act_date(code: str) -> re.Pattern[str] | None:
    """A number of an act ("2017/745", "Nr. 1223/2009") followed, within its sentence, by a
    dating word ending right before the date."""
    words = language_table(code).dating_words
    if not words:
        return None
    return re.compile(rf"\d+/\d+[^.;:]{{0,120}}?(?<!\w)(?i:{_alternatives(words)})\s*$")


def _dates_a_cited_act(change: KeyChange) -> bool:
    """Whether each date of a change dates an act the provision cites ("Verordnung (EU)
    2017/745 ... vom 5. April 2017"), not a deadline or a term."""
    pattern = _cited_act_date(_rules().language.code)
    if pattern is None:
        return False
    for value, context in ((change.old, change.old_context), (change.new, change.new_context)):
        if not value:
            continue
        at = context.find(value)
        if at < 0 or pattern.search(context, max(0, at - 200), at) is None:
            return False
    return True


def _modality_change(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    """One modal verb swapped for another, added or removed in an edited sentence; the month
    May is no modal, and a modal that only moved within the sentence did not change."""
    old_all = Counter(_modals(pair.old_text, necessity=True))
    new_all = Counter(_modals(pair.new_text, necessity=True))
    old_words: list[str] = []
    new_words: list[str] = []
    for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True):
        if len(old_piece.split()) + len(new_piece.split()) > 24:
            continue  # a rewritten passage, not a modal verb changed
        old_words += [w for w in _modals(old_piece) if old_all[w] > new_all[w]]
        new_words += [w for w in _modals(new_piece) if new_all[w] > old_all[w]]
    old_words, new_words = _unique(old_words), _unique(new_words)
    if (not old_words and not new_words) or len(old_words) > 1 or len(new_words) > 1:
        return  # nothing, or a lump of a rewritten sentence
    old = old_words[0] if old_words else ""
    new = new_words[0] if new_words else ""
    if old and not new and _restated_as_participle(old, pair):
        return  # "each sentence should end in a period" -> "each sentence ending in a period"
    modals = _rules().modals
    if not (old and new) and modals.get(old or new, 0) < 3 and (old or new) != "may":
        return  # can, could, might, would added or dropped alone: ability, not obligation
    strength = modals.get(new, 0) - modals.get(old, 0) if old and new else 0
    direction = " (stronger)" if strength > 0 else " (weaker)" if strength < 0 else ""
    summary = f"{old or '(none)'} -> {new or '(none)'}{direction}"
    yield _make("modality", section, old, new, pair.old, pair.new, summary=summary)


def _negation_change(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    """One negation added or removed in an edited sentence (counted in the whole sentence)."""
    negation = _rules().negation
    old_all = Counter(m.group(0).lower() for m in negation.finditer(pair.old_text))
    new_all = Counter(m.group(0).lower() for m in negation.finditer(pair.new_text))
    removed = [w for w in old_all if old_all[w] > new_all[w]]
    added = [w for w in new_all if new_all[w] > old_all[w]]
    if (not removed and not added) or len(removed) + len(added) > 1:
        return
    pieces = " ".join(
        piece
        for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True)
        if len(old_piece.split()) + len(new_piece.split()) <= 24
        for piece in (old_piece, new_piece)
    ).lower()
    word = (removed or added)[0]
    if not re.search(rf"\b{re.escape(word)}\b", pieces):
        return
    yield _make("negation", section, " ".join(removed), " ".join(added), pair.old, pair.new)


def _entity_changes(pair: _SentencePair, section: str, context: _Context) -> Iterable[KeyChange]:
    """Proper names in one sentence and nowhere in the other document; one out and one in is a
    replacement. Spelling variants (`U.S.` and `US`, `Annex1` and `Annex 1`) are one name."""
    old_names, new_names = _entities(pair.old_text), _entities(pair.new_text)
    everything = [*old_names, *new_names]
    old_pieces, new_pieces = " ".join(pair.old_pieces), " ".join(pair.new_pieces)
    # One proper name put in the place of another in an edited sentence ("GitHub will issue a
    # payout" -> "Stripe will issue a payout"): a change of party, though both are named
    # elsewhere in the documents.
    # Cheap test first: does a small edit change its capitalised words at all?
    maybe_swapped = any(
        len(f"{old_piece} {new_piece}".split()) <= 24
        and set(_CAPITALISED.findall(old_piece)) != set(_CAPITALISED.findall(new_piece))
        for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True)
    )
    old_all = _entities(pair.old_text, True) if maybe_swapped else ()
    new_all = _entities(pair.new_text, True) if maybe_swapped else ()
    swapped_out = [n for n in old_all if n not in new_all and n in old_pieces]
    swapped_in = [n for n in new_all if n not in old_all and n in new_pieces]
    if maybe_swapped and len(swapped_out) == len(swapped_in) == 1:
        out, into = swapped_out[0], swapped_in[0]
        in_one_edit = any(
            out in old_piece and into in new_piece and len(f"{old_piece} {new_piece}".split()) <= 24
            for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True)
        )
        if (
            in_one_edit
            and _compact(out) != _compact(into)
            and not _abbreviation_of(out, everything)
            and not _abbreviation_of(into, everything)
            and into.casefold() not in (n.casefold() for n in old_all)
            and out.casefold() not in (n.casefold() for n in new_all)
            and _proper(out, context)
            and _proper(into, context)
            and (out in old_names or context.old.named(out))
            and (into in new_names or context.new.named(into))
        ):
            yield _make("entity", section, out, into, pair.old, pair.new)
            return
    if old_names == new_names:
        return
    gone = [
        n
        for n in old_names
        if n not in new_names
        and n in old_pieces
        and not _abbreviation_of(n, everything)
        and not context.new.has(n)
        and _proper(n, context)
        and _compact(n) not in context.new.compact
    ]
    came = [
        n
        for n in new_names
        if n not in old_names
        and n in new_pieces
        and not _abbreviation_of(n, everything)
        and not context.old.has(n)
        and _proper(n, context)
        and _compact(n) not in context.old.compact
    ]
    if len(gone) > 2 or len(came) > 2:
        return  # a lump of a rewritten passage
    if len(gone) == len(came) == 1:
        yield _make("entity", section, gone[0], came[0], pair.old, pair.new)
        return
    for out, into in _names_replaced_in_place(pair, gone, came, context):
        if out in gone:
            gone.remove(out)
        if into in came:
            came.remove(into)
        yield _make("entity", section, out, into, pair.old, pair.new)
    # A party named or dropped alone is a full name (Nick Coghlan, Creative Commons Zero): one
    # word alone (README, Emacs, Supplements) is far more often a term or a product.
    for name in gone:
        if " " in name:
            yield _make("entity", section, name, "", pair.old, pair.new)
    for name in came:
        if " " in name:
            yield _make("entity", section, "", name, pair.old, pair.new)


def _names_replaced_in_place(
    pair: _SentencePair, gone: list[str], came: list[str], context: _Context
) -> list[tuple[str, str]]:
    """Names gone from (or come to) an edited sentence, each with what took (or held) its place
    on the other side: the text between the same words around it ("Court of Justice of the
    [European Communities], as laid" -> "... of the [European Union], as laid"), else a name of
    the other sentence, new to it, that shares one of its words ("European Community" ->
    "European Union"). One replacement, one entry, not a name dropped and a name added."""
    old_text, new_text = " ".join(pair.old_text.split()), " ".join(pair.new_text.split())
    found: list[tuple[str, str]] = []
    for name in gone:
        other = _in_its_place(name, old_text, new_text) or _sharing_a_word(
            name, old_text, new_text, context
        )
        if other:
            found.append((name, other))
    for name in came:
        if any(into == name for _, into in found):
            continue
        other = _in_its_place(name, new_text, old_text) or _sharing_a_word(
            name, new_text, old_text, context
        )
        if other:
            found.append((other, name))
    return found


#: Words either side of a name that locate its place in the other sentence.
_PLACE_WORDS = 3
#: The most words that may stand in a name's place to be read as what replaced it.
_IN_PLACE_WORDS = 6
_PLACE_TOKEN = re.compile(r"\w[\w'’.-]*|[^\w\s]")


def _in_its_place(name: str, text: str, other_text: str) -> str:
    """What the other sentence holds between the words that surround `name` in `text` (three
    words before, up to two tokens after): a span of a few words that opens with a capital and
    holds one name, another than `name`; "" where the surrounding words are not found together."""
    at = text.find(name)
    if at < 0:
        return ""
    before = _PLACE_TOKEN.findall(text[:at])[-_PLACE_WORDS:]
    after = _PLACE_TOKEN.findall(text[at + len(name) :])[:2]
    stop_words = _rules().language.stop_words
    if len(before) < _PLACE_WORDS or all(
        not w[0].isalpha() or w.casefold() in stop_words for w in before
    ):
        return ""  # too little of a place to find (", of the")
    left = r"\s*".join(re.escape(token) for token in before)
    right = r"\s*".join(re.escape(token) for token in after) if after else r"$"
    match = re.search(rf"(?<!\w){left}\s+([^.;:]{{1,120}}?)\s*{right}", other_text)
    if match is None:
        return ""
    span = match.group(1).strip(" ,")
    words = span.split()
    if not words or len(words) > _IN_PLACE_WORDS or not words[0][:1].isupper():
        return ""
    if _compact(span) == _compact(name) or span in text:
        return ""  # the same name, or one the sentence already held
    if sum(other in span for other in _entities(other_text, True)) != 1:
        return ""  # no name, or several ("Ukraine and the Republic of Moldova"): not one party
    return span


def _sharing_a_word(name: str, text: str, other_text: str, context: _Context) -> str:
    """The one name of the other sentence, absent from this one, that shares a capitalised
    word with `name` ("European Community" and "European Union"), or ""."""
    words = {w for w in name.split() if w[:1].isupper() and len(w) > 2}
    candidates = [
        other
        for other in _entities(other_text, True)
        if other not in text
        and words & set(other.split())
        and _compact(other) != _compact(name)
        and _proper(other, context)
    ]
    return candidates[0] if len(candidates) == 1 else ""


#: A name given a role by a possessive apposition (English): "Stripe, our payment processor,",
#: "Acme Ltd, its subcontractor.".
_ROLE_APPOSITION = re.compile(
    r"\b([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3}),\s+(?:our|its|their|your|his|her)\s+"
    r"([a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,3})(?=\s*[,.;)])"
)


def _roles_named(comparison: Comparison, context: _Context) -> Iterator[KeyChange]:
    """A party named for a role the document gives it ("provided that Stripe, our payment
    processor, can collect ..."), in text added (or removed) where the other side never names
    it for that role: whom the document now relies on (or no longer does), whether or not the
    name stands elsewhere in passing."""
    if _rules().language.code != "en":
        return
    for change in comparison.sections:
        for side, kind in (("new", OpKind.INSERT), ("old", OpKind.DELETE)):
            other = context.old if side == "new" else context.new
            for op in change.ops:
                if op.op != kind or op.cosmetic or op.move is not None or "," not in op.text:
                    continue
                text = _text(op.text)
                for match in _ROLE_APPOSITION.finditer(text):
                    name, role = match.group(1), match.group(2)
                    words = name.split()
                    while words and words[0].lower() in _rules().not_names:
                        words = words[1:]
                    name = " ".join(words)
                    if not name or _shouting(text) or not _proper(name, context):
                        continue
                    if other.has(f"{name} {match.group(0)[len(match.group(1)) :]}"):
                        continue
                    sentence = _one_sentence_around(text, match.start(), match.end())
                    if side == "new":
                        summary = f"(none) -> {name} ({role})"
                        yield _make("entity", change.id, "", name, "", sentence, summary=summary)
                    else:
                        summary = f"{name} ({role}) -> (none)"
                        yield _make("entity", change.id, name, "", sentence, "", summary=summary)


def _proper(name: str, context: _Context) -> bool:
    """A proper name is not a common word capitalised: its words (the first of one-word
    names, every word of longer ones) are not found in lower case on either side."""
    words = [w for w in name.split() if w.lower() not in ("of", "for", "the", "and")]
    if any(c.isdigit() for c in name):
        return False  # "Annex 1", "A-130", "M-97-02": references to texts, not parties
    for word in words:
        if word.isupper() and len(word) > 1:
            continue
        lower = word.lower()
        if context.old.has_written(lower) or context.new.has_written(lower):
            return False
    return True


def _entities(sentence: str, initial: bool = False) -> tuple[str, ...]:
    return _entities_in(sentence, initial, _rules())


@lru_cache(maxsize=4096)
def _entities_in(sentence: str, initial: bool, rules: _Rules) -> tuple[str, ...]:
    """Names in a sentence, once each, without a phrase-opening word ("When Federal" ...);
    none in ALL-CAPS text, in bold labels (`**Term**`) or at the start of a sentence."""
    if _shouting(sentence):
        return ()
    names: list[str] = []
    for match in rules.entity.finditer(sentence):
        words = match.group(0).split()
        start, end = match.span()
        if sentence[end : end + 1] in ("-", ":") and not words[-1][-1].isdigit():
            words = words[:-1]  # "Content-Type", "Author:" are field names, not names
        if sentence[start - 1 : start] in ("-", "$") and words:
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[0].lower() in rules.not_names:
            start += len(words[0]) + 1
            words = words[1:]
        if not words or len(words[0]) < 2 or words[0] in _NOT_PARTIES:
            continue
        if sentence[max(0, start - 2) : start] in ("**", "__") or sentence[start - 1 : start] in (
            '"',
            "“",
            "*",
            "_",
        ):
            continue  # a defined term or a bold label
        name = " ".join(words)
        if not initial and len(words) == 1 and _CAMEL.fullmatch(name):
            continue  # ValueError, HttpServerError: names in code, told only as a swap
        plain = len(words) == 1 and not (name.isupper() or any(c.isdigit() for c in name))
        if plain and not initial and _SENTENCE_START.search(sentence[:start]):
            continue  # a capitalised first word is just the start of a sentence
        names.append(name)
    return tuple(dict.fromkeys(names))


_CAPITALISED = re.compile(r"\b[A-Z]\w*")
_CAMEL = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+")
_CAPS_RUN = re.compile(r"[A-Z]{3,}\W+[A-Z]{3,}")


def _shouting(sentence: str) -> bool:
    """ALL-CAPS text (a disclaimer): its words are not names."""
    if not _CAPS_RUN.search(sentence):
        return False
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _abbreviation_of(name: str, names: list[str]) -> bool:
    """NSS beside National Security Systems is one party, not two."""
    if name.isupper():
        return any(_initials(other) == name.rstrip("s") for other in names if other != name)
    return _initials(name) in names


def _initials(name: str) -> str:
    words = [word for word in name.split() if word.lower() not in ("of", "for", "the", "and")]
    return "".join(word[0] for word in words) if len(words) > 1 else ""


def key_values(sentence: str) -> tuple[tuple[str, str], ...]:
    """(category, value) of what a sentence commits to: amounts, percentages, dates and
    deadlines, quantities, then its obligations (must, shall, may...): what `dropped` shows
    first of a sentence that disappeared."""
    values = [(category, value) for category, value, _ in _values(sentence)]
    values += [("modality", modal) for modal in _unique(_modals(sentence)) if _MODALS[modal] >= 3]
    return tuple(values)


# --- Clauses changed inside a paragraph -----------------------------------------------------
# A sentence, a list item or a condition that binds, added to or removed from a paragraph whose
# other text stayed: read sentence by sentence and hunk by hunk, after the rules above, and told
# only where they told nothing of that sentence.

#: A sentence with this share of its letters inside the edits was added or removed whole.
_MOSTLY_EDITED = 0.7
#: A piece added to or removed from a sentence that binds is a change of its scope from this
#: many words (a condition, an exception or a time limit from three).
_SCOPE_WORDS = 5
_SCOPE_CONTENT_WORDS = 4
_CONDITION_WORDS = 3
#: Content words of a qualifier removed from a provision with nothing in its place ("une
#: convention [fiscale contenant une clause] d'assistance"): the provision now reaches more.
_QUALIFIER_CONTENT_WORDS = 3
_TOKEN = re.compile(r"\S+\s*")
#: A paragraph's number in brackets before its text: "(3a) Teleshopping ist ...", "(b) The ...".
_PARAGRAPH_LABEL = re.compile(r"^\(\w{1,4}\)\s+(?=\w)")


@lru_cache(maxsize=16)
def _condition_pattern(code: str) -> re.Pattern[str] | None:
    """The language's condition, exception and time-limit markers ("unless", "sofern", "sauf")."""
    condition = language_table(code).condition
    return re.compile(condition, re.IGNORECASE) if condition else None


def _states_condition(text: str) -> bool:
    pattern = _condition_pattern(_rules().language.code)
    return pattern is not None and pattern.search(text) is not None


def _states_term(sentence: str) -> bool:
    """Whether a sentence states an obligation, a prohibition, a right, an exception or a
    deadline: in the language's `binding` words where it has them (English, stricter than
    `_binds`, as a sentence edited inside a paragraph needs more to be told), else in its
    obligation words or a condition. Modal verbs that only describe do not count."""
    text = _without_descriptive_modals(sentence)
    binding = _binding_pattern(_rules().language.code)
    if binding is not None:
        return binding.search(text) is not None
    return _rules().obligation.search(text) is not None or _states_condition(text)


def _clause_edits(
    ops: tuple[Op, ...],
    section: str,
    context: _Context,
    told: Callable[[str], bool] = lambda text: False,
) -> Iterator[KeyChange]:
    """Clause-level changes inside paragraphs: sentences added or removed among others that
    stayed, and conditions, exceptions, time limits or qualifying words added to, removed from
    or replaced in a sentence that binds."""
    if _APPARATUS.search(context.titles.get(section, "")) or section == context.head:
        return
    old_body, new_body, spans = _hunks(ops)
    if not spans:
        return
    old_edits = [(a, b) for a, b, _, _ in spans]
    new_edits = [(c, d) for _, _, c, d in spans]
    yield from _sentences_edited_whole(
        old_body,
        old_edits,
        section,
        context,
        added=False,
        other_body=new_body,
        other_edits=new_edits,
        told=told,
    )
    yield from _sentences_edited_whole(
        new_body,
        new_edits,
        section,
        context,
        added=True,
        other_body=old_body,
        other_edits=old_edits,
        told=told,
    )
    seen: set[tuple[str, str]] = set()
    for span in spans:
        change = _condition_edit(old_body, new_body, span, section)
        if change is None:
            change = _enumeration_edit(old_body, new_body, span, section)
        if change is None:
            change = _coordination_edit(old_body, new_body, span, section)
        if change is None:
            change = _qualifier_edit(old_body, new_body, span, section)
        if change is not None and (change.old, change.new) not in seen:
            seen.add((change.old, change.new))
            yield change


def _gone_elsewhere(
    changes: list[KeyChange], groups: dict[tuple[str, str, str], list[KeyChange]]
) -> bool:
    """Whether a value gone (or come) on its own, though told elsewhere as changed into (from)
    another, went from a sentence of its own: "jusqu'à l'année 2006" dropped from one
    provision while "l'année 2006 -> 2008" in another is a second change, not the same one
    seen again."""
    first = changes[0]
    if first.category not in _VALUE_CATEGORIES:
        return False
    value = _fold(first.old or first.new)
    sentences = {
        change.old_context if first.old else change.new_context
        for (category, old, new), paired in groups.items()
        if old and new and category == first.category and (old if first.old else new) == value
        for change in paired
    }
    return not any(
        (change.old_context if first.old else change.new_context) in sentences for change in changes
    ) and all(change.old_context or change.new_context for change in changes)


#: Clause edits that are facts of their own, told even in a sentence another change tells: a
#: cross-reference added to a law's provision widens what it reaches.
_OWN_FACTS = ("reference added:", "words removed from a provision:")


def _untold_clauses(
    comparison: Comparison, context: _Context, found: list[KeyChange]
) -> list[KeyChange]:
    """The clause-level changes inside paragraphs that no key change found so far tells: a
    sentence already told added or removed, or holding a told change of value, modal or
    negation, is not told again."""
    # A list item of several sentences does not tell one of them: `_merge` tells it as the
    # clause it holds.
    told = [
        (_fold(text), change.category == "list")
        for change in found
        if not _calendar_date_added(change)
        for text in (change.old, change.new, change.old_context, change.new_context)
        if len(text) > 20
    ]

    def is_told(text: str) -> bool:
        folded = _fold(text)
        return any(
            (folded in k and not (listed and 2 * len(folded) < len(k))) or k.strip("…") in folded
            for k, listed in told
        )

    extra: list[KeyChange] = []
    for change in comparison.sections:
        if change.status not in ("changed", "unchanged"):
            continue
        for clause in _clause_edits(change.ops, change.id, context, is_told):
            texts = [t for t in (clause.old, clause.new) if t]
            if any(is_told(t) for t in texts) and not clause.summary.startswith(_OWN_FACTS):
                continue
            told.extend((_fold(t), False) for t in texts)
            extra.append(clause)
    for clause in _moved_enumeration_edits(comparison, context):
        texts = [t for t in (clause.old, clause.new) if t]
        if not any(is_told(t) for t in texts):
            extra.append(clause)
    return extra


#: Characters either side of a sentence that must be mostly unchanged for it to count as added
#: or removed among text that stayed.
_SURROUNDINGS = 400


def _letters(text: str) -> int:
    """Characters other than white space."""
    return len("".join(text.split()))


def _edited_letters(body: str, edits: list[tuple[int, int]], start: int, end: int) -> int:
    """Characters other than white space of body[start:end] inside the edits (in order)."""
    total = 0
    for a, b in edits[max(0, bisect_left(edits, (start, start)) - 1) :]:
        if a >= end:
            break
        if b > start:
            total += _letters(body[max(a, start) : min(b, end)])
    return total


def _joined(body: str, left: int, right: int) -> bool:
    """Whether only spaces or a stop keep two edits apart (they are one)."""
    return 0 <= right - left <= 20 and not body[left:right].strip(" \n\t.,;:")


def _surroundings_kept(body: str, edits: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the text around the edit holding body[start:end] (the sentences before and
    after it) is mostly unchanged: sentences added or removed among others, not a passage
    rewritten."""
    at = max(0, bisect_left(edits, (start, start)) - 1)
    for a, b in reversed(edits[:at]):  # edits before: joined to the sentence's edit, or not
        if b > start or _joined(body, b, start):
            start = min(start, a)
        else:
            break
    for a, b in edits[at:]:
        if a < end and b > start:
            start, end = min(start, a), max(end, b)
        elif _joined(body, b, start):
            start = min(start, a)
        elif _joined(body, end, a):
            end = max(end, b)
        elif a > end:
            break
    before = (max(0, start - _SURROUNDINGS), start)
    after = (end, min(len(body), end + _SURROUNDINGS))
    letters = _letters(body[before[0] : before[1]]) + _letters(body[after[0] : after[1]])
    if not letters:
        return True  # alone in its section: the outline and the rules above tell it
    edited = sum(_edited_letters(body, edits, a, b) for a, b in (before, after))
    return edited <= 0.5 * letters


#: Share of a sentence's content words found together on the other side for it to count as
#: reworded there (moved with a few words changed).
_CLOSELY = 0.8


def _reworded_closely(text: str, other: _Index) -> bool:
    """Whether the other document holds most (_CLOSELY) of the sentence's content words near
    one place: the sentence moved there with a few words changed."""
    words = set(_content_words(text))
    if not words:
        return True
    joined = other.joined
    span = 8 * len(text.split()) + 80
    for anchor in sorted(words, key=lambda word: (-len(word), word))[:3]:
        at = joined.find(f" {anchor} ")
        for _ in range(20):
            if at < 0:
                break
            window = set(joined[max(0, at - span) : at + span].split())
            if len(words & window) >= _CLOSELY * len(words):
                return True
            at = joined.find(f" {anchor} ", at + 1)
    return False


def _twin_kept(text: str, own: _Index, other: _Index) -> bool:
    """Whether the passage of the other side that a sentence closely resembles still stands on
    the sentence's own side as well: its side holds one more such passage than the other (a
    new item much like one that stayed, "an Kinder und Jugendliche" beside "an Kinder unter
    14 Jahren"), so the sentence is added or removed, not that passage reworded."""
    return _close_passages(text, own) > _close_passages(text, other)


def _close_passages(text: str, index: _Index) -> int:
    """How many places of a text hold most (_CLOSELY) of a sentence's content words around its
    longest one."""
    words = set(_content_words(text))
    if not words:
        return 0
    joined = index.joined
    span = 8 * len(text.split()) + 80
    anchor = f" {min(words, key=lambda word: (-len(word), word))} "
    found, at = 0, joined.find(anchor)
    while at >= 0 and found < 20:
        window = set(joined[max(0, at - span) : at + span].split())
        found += len(words & window) >= _CLOSELY * len(words)
        at = joined.find(anchor, at + 1)
    return found


#: Share of a sentence's content words found in the other side's edits of its section for it
#: to count as folded into the text put in its place (a paragraph recast as a list).
_FOLDED = 0.5


def _said_in_edits(text: str, other_body: str, other_edits: list[tuple[int, int]]) -> bool:
    """Whether the text the section's edits put on the other side holds most of the sentence's
    content words: the sentence was recast there, not added or removed."""
    words = set(_content_words(text))
    if not words:
        return False
    edited = set(_content_words(" ".join(other_body[a:b] for a, b in other_edits)))
    return len(words & edited) >= _FOLDED * len(words)


#: Letters of a word that names a term of its own (German compounds, French terms).
_TERM_LETTERS = 12


def _new_exception(text: str, other: _Index) -> bool:
    """Whether a sentence states a condition or exception for a term the other document never
    names ("gilt nicht für ... In-vitro-Diagnostika gemäß ... Medizinprodukte-Abgabeverordnung"):
    though its other words come from the passage it was recast from, the exception is new."""
    if not _states_condition(text):
        return False
    return any(
        len(word) >= _TERM_LETTERS and not other.has(word) for word in set(_content_words(text))
    )


def _reworded_nearby(text: str, other_body: str, other_edits: list[tuple[int, int]]) -> bool:
    """Whether a sentence of the paragraphs the other side's edits touch says much the same
    (most of its words), or is the item of the same number, reworded: the sentence was
    reworded there, not added or removed."""
    number = _ITEM_NUMBER.match(text)
    for start, end in other_edits:
        left = other_body.rfind("\n\n", 0, start)
        right = other_body.find("\n\n", end)
        region = other_body[left + 1 if left >= 0 else 0 : right if right >= 0 else len(other_body)]
        for sentence in split_sentences(region):
            similarity = _similarity(text, _text(sentence))
            if similarity >= _EDITED:
                return True
            if number and similarity >= _SAME_ITEM:
                other_number = _ITEM_NUMBER.match(sentence.strip())
                if other_number and other_number.group(0) == number.group(0):
                    return True
    return False


def _edited_sentences(body: str, edits: list[tuple[int, int]]) -> list[str]:
    """The sentences of the paragraphs the edits touch, as text."""
    found = []
    for start, end in edits:
        left = body.rfind("\n\n", 0, start)
        right = body.find("\n\n", end)
        region = body[left + 1 if left >= 0 else 0 : right if right >= 0 else len(body)]
        found += [_text(sentence).strip() for sentence in split_sentences(region)]
    return list(dict.fromkeys(found))


def _nearby_taken(
    text: str,
    body: str,
    edits: list[tuple[int, int]],
    other_body: str,
    other_edits: list[tuple[int, int]],
) -> bool:
    """Whether every sentence of the other side that a sentence resembles (_EDITED) has a
    closer rewording on the sentence's own side: an item split in two ("bei Mensch oder Tier"
    -> "beim Menschen", and a new item "beim Tier") keeps the old item in one of them, and the
    other is added."""
    own = [sentence for sentence in _edited_sentences(body, edits) if sentence != text.strip()]
    resembled = [
        (sentence, similarity)
        for sentence in _edited_sentences(other_body, other_edits)
        if (similarity := _similarity(text, sentence)) >= _EDITED
    ]
    return bool(resembled) and all(
        any(_similarity(sentence, mine) > similarity for mine in own)
        for sentence, similarity in resembled
    )


def _sentences_edited_whole(
    body: str,
    edits: list[tuple[int, int]],
    section: str,
    context: _Context,
    *,
    added: bool,
    other_body: str,
    other_edits: list[tuple[int, int]],
    told: Callable[[str], bool],
) -> Iterator[KeyChange]:
    """The sentences of one side that lie (almost) wholly inside its edits, among text that
    stayed, and bind: added or removed. Such sentences one after the other (a new list item
    and its sub-items) are one change, quoted by the first."""
    edits = [(start, end) for start, end in edits if end > start]
    if not edits:
        return
    other = context.old if added else context.new
    own = context.new if added else context.old
    run: list[str] = []
    run_end = -1
    for start, end, sentence in _sentence_spans(body, edits):
        letters = _letters(sentence)
        if not letters or _edited_letters(body, edits, start, end) < _MOSTLY_EDITED * letters:
            continue
        if not _surroundings_kept(body, edits, start, end):
            continue  # a passage rewritten: its sentences are not told one by one
        text = _PARAGRAPH_LABEL.sub("", _unlabelled(_text(sentence).strip()))
        if not _prose(text) or text.startswith("(") or " | " in text or _APPARATUS.match(text):
            continue  # not prose, an aside in brackets, a table row or a note
        if _binding_pattern(_rules().language.code) is not None and not _states_term(text):
            continue  # in a law every sentence binds; elsewhere, its words tell
        if other.has(text) or (
            _reworded_nearby(text, other_body, other_edits)
            and not _nearby_taken(text, body, edits, other_body, other_edits)
        ):
            continue
        if _said_in_edits(text, other_body, other_edits) and not _new_exception(text, other):
            continue
        if told(text) or (_reworded_closely(text, other) and not _twin_kept(text, own, other)):
            continue
        if added and _grown_from_item(_paragraph_at(body, start), other_body, other):
            continue  # an item grown under its number: its new values tell it
        between = body[run_end:start] if run else ""
        if run and _edited_letters(body, edits, run_end, start) < sum(
            1 for c in between if not c.isspace()
        ):
            if clause := _sentence_clause(run, section, added):
                yield clause
            run = []
        run.append(text)
        run_end = end
    if run and (clause := _sentence_clause(run, section, added)):
        yield clause


def _sentence_clause(sentences: list[str], section: str, added: bool) -> KeyChange | None:
    if len(sentences) == 1 and sentences[0].endswith(":"):
        return None  # a lead-in ("... the following requirements:"): its items say what binds
    text = " ".join(sentences)
    return _whole_clause(text, section, added, quote=sentences[0])


def _sentence_spans(body: str, edits: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, sentence) of the sentences in the paragraphs the edits touch; in languages
    that write ordinals with a dot ("vom 5. April 2017") no sentence ends after one."""
    ordinals = _rules().language.space_thousands
    at = 0
    for paragraph in body.split("\n\n"):
        start, end = at, at + len(paragraph)
        at = end + 2
        if not _edited_letters(body, edits, start, end):
            continue
        pieces: list[list[int]] = []
        offset = start
        for sentence in split_sentences(paragraph):
            if pieces and ordinals and _ORDINAL.search(body[pieces[-1][0] : offset].rstrip()):
                pieces[-1][1] = offset + len(sentence)
            else:
                pieces.append([offset, offset + len(sentence)])
            offset += len(sentence)
        for piece_start, piece_end in pieces:
            yield piece_start, piece_end, body[piece_start:piece_end]


def _pieces(gone: str, came: str, *, whole: bool = False) -> list[tuple[str, str]]:
    """The two sides of a hunk split where they agree word for word (punctuation aside): each
    (removed, added) piece between words the two sides share; with `whole`, one piece, the
    hunk without the words its sides begin and end with alike."""
    gone_tokens, came_tokens = _TOKEN.findall(gone), _TOKEN.findall(came)
    if whole:

        def same(a: str, b: str) -> bool:
            return _fold(a).strip(".,;:()") == _fold(b).strip(".,;:()")

        while gone_tokens and came_tokens and same(gone_tokens[0], came_tokens[0]):
            gone_tokens, came_tokens = gone_tokens[1:], came_tokens[1:]
        while gone_tokens and came_tokens and same(gone_tokens[-1], came_tokens[-1]):
            gone_tokens, came_tokens = gone_tokens[:-1], came_tokens[:-1]
        return [("".join(gone_tokens).strip(" ,;"), "".join(came_tokens).strip(" ,;"))]
    matcher = SequenceMatcher(
        None,
        [_fold(t).strip(".,;:()") for t in gone_tokens],
        [_fold(t).strip(".,;:()") for t in came_tokens],
        autojunk=False,
    )
    return [
        ("".join(gone_tokens[i1:i2]).strip(" ,;"), "".join(came_tokens[j1:j2]).strip(" ,;"))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _content_words(text: str) -> list[str]:
    """Words of four letters or more that are not function words."""
    stop_words = _rules().language.stop_words
    return [
        w
        for w in _WORD_RE.findall(text.casefold())
        if len(w) > 3 and w.isalpha() and w not in stop_words
    ]


def _condition_edit(
    old_body: str, new_body: str, span: tuple[int, int, int, int], section: str
) -> KeyChange | None:
    """A condition, exception or time limit added to, removed from or replaced in a sentence
    that stayed; or, in a sentence that binds, a qualifying piece of some length added or
    removed with nothing in its place (a new class of persons, a narrowed ban)."""
    old_start, old_end, new_start, new_end = span
    gone, came = _pieces(old_body[old_start:old_end], new_body[new_start:new_end], whole=True)[0]
    if set(_content_words(gone)) == set(_content_words(came)):
        return None  # punctuation, numbers or function words: told by the rules above, if at all
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    if not old_sentence or not new_sentence or "\n\n" in old_sentence + new_sentence:
        return None
    if _binding_pattern(_rules().language.code) is not None and not (
        _states_term(old_sentence) or _states_term(new_sentence)
    ):
        return None  # a description or advice, not a rule (English has its binding words)
    if not _prose(old_sentence) or not _prose(new_sentence):
        return None
    if _similarity(old_sentence, new_sentence) < _EDITED:
        return None  # a rewrite: whole sentences are told by the rules above
    whole_gone = _text(old_body[old_start:old_end])
    whole_came = _text(new_body[new_start:new_end])
    # The hunk as a whole first (a condition rewritten in other words), then piece by piece.
    for gone, came in [
        _pieces(whole_gone, whole_came, whole=True)[0],
        *_pieces(whole_gone, whole_came),
    ]:
        kind = _piece_kind(
            gone,
            came,
            old_sentence,
            new_sentence,
            _in_condition(gone, old_sentence) or _joins_condition(gone, old_sentence),
            _in_condition(came, new_sentence) or _joins_condition(came, new_sentence),
        )
        if not kind:
            continue
        if kind.startswith("condition changed"):
            quoted = f"“{_cut(gone, 60)}” -> “{_cut(came, 60)}”"
        else:
            quoted = f"“{_cut(came if 'added' in kind else gone, 130)}”"
        return _make(
            "clause",
            section,
            _unlabelled(old_sentence.strip()),
            _unlabelled(new_sentence.strip()),
            old_sentence,
            new_sentence,
            summary=f"{kind}: {quoted}",
        )
    return None


#: A qualifier this long at least: "unless agreed" is one, "except" alone is a reworded joint.
_QUALIFIER_WORDS = 3


@lru_cache(maxsize=16)
def _qualifier_patterns(
    code: str,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    """The language's qualifier opening (at a piece's start, after a joining word), the same
    anywhere, and its disclaimer words; None when it has no qualifier words."""
    table = language_table(code)
    if not table.qualifier:
        return None
    joining = _alternatives(table.joining_words) if table.joining_words else "(?!)"
    opening = re.compile(rf"^\W*(?:(?:{joining})\W+)?(?:{table.qualifier})", re.IGNORECASE)
    anywhere = re.compile(rf"(?<!\w)(?:{table.qualifier})", re.IGNORECASE)
    disclaimer = re.compile(table.disclaimer or "(?!)", re.IGNORECASE)
    return opening, anywhere, disclaimer


def _qualifier_edit(
    old_body: str, new_body: str, span: tuple[int, int, int, int], section: str
) -> KeyChange | None:
    """A qualifier added to, or removed from, a sentence that stays and binds (or disclaims),
    with nothing in its place: words opening with a qualifying word of the language ("TO THE
    EXTENT PERMITTED BY APPLICABLE LAW", "sous réserve de l'accord", "unbeschadet des § 3")
    narrow or widen what the sentence grants, requires or disclaims. A law's longer additions
    are told by `_condition_edit` ("words added to a provision")."""
    patterns = _qualifier_patterns(_rules().language.code)
    if patterns is None:
        return None
    opening, anywhere, disclaimer = patterns
    old_start, old_end, new_start, new_end = span
    gone_hunk, came_hunk = _text(old_body[old_start:old_end]), _text(new_body[new_start:new_end])
    if not anywhere.search(gone_hunk) and not anywhere.search(came_hunk):
        return None  # cheap test first: most hunks hold no qualifier word
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    if not old_sentence or not new_sentence or "\n\n" in old_sentence + new_sentence:
        return None
    binds = _binding_pattern(_rules().language.code) is None or any(
        _states_term(sentence) or disclaimer.search(sentence)
        for sentence in (old_sentence, new_sentence)
    )
    if not binds or not _prose(old_sentence) or not _prose(new_sentence):
        return None
    if _similarity(old_sentence, new_sentence) < _EDITED:
        return None  # a rewrite: whole sentences are told by the rules above
    for gone, came in [
        _pieces(gone_hunk, came_hunk, whole=True)[0],
        *_pieces(gone_hunk, came_hunk),
    ]:
        if bool(gone) == bool(came):
            continue  # words put for others: a condition changed, told by `_condition_edit`
        piece = gone or came
        if (
            not opening.search(piece)
            or len(piece.split()) < _QUALIFIER_WORDS
            or len(_content_words(piece)) < _CONDITION_WORDS - 1
            or len(split_sentences(piece)) > 1
        ):
            continue
        kind = "qualifier added" if came else "qualifier removed"
        return _make(
            "clause",
            section,
            _unlabelled(old_sentence.strip()),
            _unlabelled(new_sentence.strip()),
            old_sentence,
            new_sentence,
            summary=f"{kind}: “{_cut(piece, 130)}”",
        )
    return None


def _in_condition(piece: str, sentence: str) -> bool:
    """Whether a piece states a condition or stands just after the word that opens one
    ("unless [the fees are paid]")."""
    if not piece or _states_condition(piece):
        return bool(piece)
    at = sentence.find(piece)
    if at < 0:
        return False
    lead = sentence[:at].split()[-3:]
    return _states_condition(" ".join(lead)) and not any(w[-1:] in ",;:" for w in lead[:-1])


#: English words that open a condition of time ("after GitHub accepts ...", "once paid").
_TIME_CONDITION = re.compile(r"\b(?:after|before|once|upon|when|until)\b", re.IGNORECASE)


def _joins_condition(piece: str, sentence: str) -> bool:
    """Whether a piece opening with "and" or "or" adds one more requirement to a condition
    opened earlier in the same clause ("begins after GitHub accepts the account [and publishes
    its profile]"), in English, where a condition of time counts too."""
    if not piece or not re.match(r"(?:and|or)\s", piece, re.IGNORECASE):
        return False
    at = sentence.find(piece)
    if at < 0:
        return False
    clause = re.split(r"[,;:]", sentence[:at])[-1]
    if _states_condition(clause):
        return True
    return _rules().language.code == "en" and _TIME_CONDITION.search(clause) is not None


def _piece_kind(
    gone: str,
    came: str,
    old_sentence: str,
    new_sentence: str,
    gone_condition: bool,
    came_condition: bool,
) -> str:
    """What a piece changed in a sentence: a condition added, removed or changed, or words
    added to or removed from a provision; "" when it is none of these."""
    gone_words, came_words = _content_words(gone), _content_words(came)
    if set(gone_words) == set(came_words):
        return ""  # reordered, re-inflected or punctuation
    if len(split_sentences(gone)) > 1 or len(split_sentences(came)) > 1:
        return ""  # a sentence added or removed with the piece: not a qualifier of one
    if not gone_words and came_condition and len(came_words) >= _CONDITION_WORDS - 1:
        return "condition added"
    if not came_words and gone_condition and len(gone_words) >= _CONDITION_WORDS - 1:
        return "condition removed"
    if gone_words and came_words and (gone_condition or came_condition):
        if gone_condition != came_condition:
            side = gone_words if gone_condition else came_words
            return "condition changed" if len(side) >= _CONDITION_WORDS else ""
        if min(len(set(gone_words) - set(came_words)), len(set(came_words) - set(gone_words))) >= (
            _CONDITION_WORDS
        ):
            return "condition changed"  # one condition put for another
        return ""
    if _binding_pattern(_rules().language.code) is not None:
        return ""  # words added to a contract's sentence may only describe; a law's bind
    # Every sentence of a law binds: words added with nothing in their place (or removed)
    # change what it applies to.
    if gone and came:
        return ""
    if not gone_words and _reference_added(came, old_sentence):
        return "reference added"
    if len(came_words) >= _SCOPE_CONTENT_WORDS and len(came.split()) >= _SCOPE_WORDS:
        return "words added to a provision"
    if len(gone_words) >= _QUALIFIER_CONTENT_WORDS and len(gone.split()) >= _SCOPE_WORDS - 1:
        return "words removed from a provision"
    if came_words and _enumerated(came, new_sentence):
        return "item added to an enumeration"
    if gone_words and _enumerated(gone, old_sentence):
        return "item removed from an enumeration"
    return ""


def _reference_added(piece: str, old_sentence: str) -> bool:
    """Whether a piece added to a law's provision joins one more cross-reference to it ("223 A"
    -> "223 A ou de l'article 223 A bis"): the provision now reaches the text it cites."""
    words = piece.split()
    joining = _rules().language.joining_words
    if not words or words[0].casefold() not in joining:
        return False
    cited = _reference_pattern(_rules().language.code).findall(piece)
    return any(_fold(reference) not in _fold(old_sentence) for reference in cited)


def _enumerated(piece: str, sentence: str) -> bool:
    """Whether a piece of a few words stands beside a comma in its sentence: one member of an
    enumeration ("ärztlichen, tierärztlichen oder pharmazeutischen", "un candidat, un binôme
    de candidats ou une liste")."""
    markers = [m.rstrip(".").casefold() for m in _rules().language.clause_markers if len(m) > 2]
    if _only_modal_verbs(piece):
        return False  # ", die ... abgeben dürfen," -> ", die ... abgeben,": a verb, no member
    qualifier = _qualifier_patterns(_rules().language.code)
    if qualifier is not None and qualifier[0].search(piece):
        return False  # ", unbeschadet weiterer Pflichten,": a qualifier, told as one
    if len(piece.split()) >= _SCOPE_WORDS or any(
        word.startswith(marker) for word in _WORD_RE.findall(piece.casefold()) for marker in markers
    ):
        return False  # a longer piece, or a cross-reference
    return _beside_comma(piece, sentence)


def _is_word_character(text: str, at: int) -> bool:
    """Whether text[at] is a word character as `re`'s `\\w` reads it (False outside the text)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _beside_comma(piece: str, sentence: str) -> bool:
    """Whether the piece stands in the sentence right after a comma (spaces between) and ends
    at a word boundary, or starts at a word boundary and is followed by a comma: the pattern
    `,\\s*PIECE\\b|\\bPIECE\\s*,` without compiling a pattern for each piece."""
    size = len(piece)
    at = sentence.find(piece)
    while at >= 0:
        end = at + size
        before = at - 1
        while before >= 0 and sentence[before].isspace():
            before -= 1
        if (
            before >= 0
            and sentence[before] == ","
            and (_is_word_character(sentence, end - 1) != _is_word_character(sentence, end))
        ):
            return True
        after = end
        while after < len(sentence) and sentence[after].isspace():
            after += 1
        if (
            after < len(sentence)
            and sentence[after] == ","
            and _is_word_character(sentence, at - 1) != _is_word_character(sentence, at)
        ):
            return True
        at = sentence.find(piece, at + 1)
    return False


def _only_modal_verbs(piece: str) -> bool:
    words = _WORD_RE.findall(piece.casefold())
    return bool(words) and all(word in _rules().modals for word in words)


#: An item of an enumeration this short ("self-dealing", "pyramid schemes") is one member of it.
_MEMBER_WORDS = 3
#: Paragraphs between a list's lead-in and one of its items, at most.
_ITEMS_BACK = 15


def _enumeration_edit(
    old_body: str,
    new_body: str,
    span: tuple[int, int, int, int],
    section: str,
    old_lead_in: str | None = None,
    new_lead_in: str | None = None,
) -> KeyChange | None:
    """In English, a member of a few words added to or removed from an enumeration (between
    commas) with nothing in its place, in a sentence that binds or in a list item under a lead-in
    that binds ("You will not raise funds involving:" ... "lotteries, gambling, self-dealing,
    ..."): one more (or one less) thing prohibited or required."""
    if _binding_pattern(_rules().language.code) is None or _rules().language.code != "en":
        return None  # laws read every enumeration in _piece_kind
    old_start, old_end, new_start, new_end = span
    gone = _text(old_body[old_start:old_end]).strip(" ,;")
    came = _text(new_body[new_start:new_end]).strip(" ,;")
    if bool(gone) == bool(came):
        return None
    piece = gone or came
    body, start = (old_body, old_start) if gone else (new_body, new_start)
    if not 0 < len(piece.split()) <= _MEMBER_WORDS or not _content_words(piece):
        return None
    if _states_condition(piece) or not any(c.isalpha() for c in piece):
        return None
    sentence = _text(_sentence_around(body, start, start + len(piece)))
    if not _enumerated(piece, sentence) or sentence.count(",") < 2:
        return None  # a list of three or more, written out
    lead_in = old_lead_in if gone else new_lead_in
    if lead_in is None:
        lead_in = _lead_in(body, start)
    if not (_states_term(sentence) or (lead_in and _states_term(lead_in))):
        return None
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    kind = "item added to an enumeration" if came else "item removed from an enumeration"
    return _make(
        "clause",
        section,
        _unlabelled(old_sentence.strip()),
        _unlabelled(new_sentence.strip()),
        old_sentence,
        new_sentence,
        summary=f"{kind}: “{_cut(piece, 60)}”",
    )


#: A definition or remark in brackets after a member: ' ("Your Content")'.
_PARENTHESIS_AFTER = re.compile(r"\s*\([^()]*\)$")
#: Letters an inflected form may add to a word ("Mensch" / "Menschen", "bei" / "beim").
_INFLECTION = 3


def _coordination_edit(
    old_body: str, new_body: str, span: tuple[int, int, int, int], section: str
) -> KeyChange | None:
    """A member of a coordination of two ("X or Y", "X und Y", "X ou Y") removed from or added
    to a sentence otherwise kept, whatever inflection the member kept takes ("bei Mensch oder
    Tier" -> "beim Menschen"): the provision now reaches one thing fewer (or one more). Not a
    reordering ("Y or X") or a member spelt otherwise: each keeps its joining word."""
    old_start, old_end, new_start, new_end = span
    gone, came = _pieces(old_body[old_start:old_end], new_body[new_start:new_end], whole=True)[0]
    member = _member_dropped(gone, came)
    kind = "item removed from an enumeration"
    if member is None:
        member = _member_dropped(came, gone)
        kind = "item added to an enumeration"
    if member is None:
        return None
    member = _PARENTHESIS_AFTER.sub("", member)
    if not _rules().language.capitalised_nouns and member[:1].isupper():
        return None  # a name joined to others ("Member states and NATO"): told as a party
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    if not old_sentence or not new_sentence or "\n\n" in old_sentence + new_sentence:
        return None
    if not _prose(old_sentence) or not _prose(new_sentence):
        return None
    if _similarity(old_sentence, new_sentence) < _EDITED:
        return None
    if _binding_pattern(_rules().language.code) is not None and not (
        _states_term(old_sentence) or _states_term(new_sentence)
    ):
        return None  # a description, not a rule (English has its binding words)
    return _make(
        "clause",
        section,
        _unlabelled(old_sentence.strip()),
        _unlabelled(new_sentence.strip()),
        old_sentence,
        new_sentence,
        summary=f"{kind}: “{_cut(member, 60)}”",
    )


def _member_dropped(joined: str, single: str) -> str | None:
    """The member of `joined` ("bei Mensch oder Tier") that `single` ("beim Menschen") no longer
    names, when `single` is `joined` with one member and its joining word left out, word for
    word but for inflection; None otherwise."""
    joined_words, single_words = joined.split(), single.split()
    joining = _rules().language.joining_words
    at = [i for i, word in enumerate(joined_words) if word.casefold() in joining]
    if len(at) != 1 or any(w.casefold() in joining for w in single_words):
        return None
    if not single_words:  # "or Y" (or "Y or") gone, the member kept spelt as it was
        if at[0] not in (0, len(joined_words) - 1) or len(joined_words) > _MEMBER_WORDS + 1:
            return None
        text = " ".join(joined_words[1:] if at[0] == 0 else joined_words[:-1]).strip(" ,;.")
        return text if _content_words(text) else None
    join = at[0]
    before, after = joined_words[:join], joined_words[join + 1 :]
    if not before or not after or not _content_words(" ".join(single_words)):
        return None
    # One word on either side of the joining word is a member: drop the one after it, or the
    # one before it (the words before that stay, "bei" in "bei Mensch oder Tier").
    for kept, member in ((before, after), (before[:-1] + after, before[-1:])):
        if len(kept) == len(single_words) and all(
            _same_but_inflection(a, b) for a, b in zip(kept, single_words, strict=True)
        ):
            text = " ".join(member).strip(" ,;.")
            return text if _content_words(text) else None
    return None


def _same_but_inflection(a: str, b: str) -> bool:
    a, b = _fold(a).strip(".,;:()"), _fold(b).strip(".,;:()")
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short) and len(long) - len(short) <= _INFLECTION


def _lead_in(body: str, at: int) -> str:
    """The lead-in of the list whose item holds body[at] (the paragraph before the items that
    ends in a colon), or "" when the paragraph is not such an item."""
    paragraphs = body[:at].split("\n\n")
    item = (paragraphs[-1] + body[at:].split("\n\n")[0]).rstrip()
    if not item or item[-1] not in ";,." or item.endswith("::"):
        return ""
    for paragraph in reversed(paragraphs[-_ITEMS_BACK - 1 : -1]):
        text = paragraph.strip()
        if text.endswith(":") and not text.endswith("::"):
            return _text(text)
        if not text or not re.sub(r"\s+(?:and|or)$", "", text).endswith((";", ",", ".")):
            return ""
    return ""


#: What a key change of a whole item says before its text ("added: “...”").
_WHOLE_ITEM = re.compile(r"^(?:list item )?(?:added|removed): ")
#: A list item's mark before its text: "1.", "a)", "(iv)", "2°", "-", "•".
_ITEM_MARK = re.compile(r"^\s*(?:[-*+•–]\s*|\(?(?:\d+[a-z]?|[a-z]|[ivxlc]{1,6})(?:[.)°]|\s?°)\s+)")
#: Paragraphs looked back over for an item's lead-in.
_LEAD_IN_BACK = 20


def _item_fragment(text: str) -> bool:
    """Whether a sentence reported added or removed whole reads as a list item cut from its
    lead-in: it opens in lower case (after its mark) and is a clause (a few words, not a name
    in a list), or ends in ";", "," or a joining word."""
    core = _ITEM_MARK.sub("", text.strip())
    if not core:
        return False
    last = core.rstrip().rsplit(None, 1)[-1].casefold()
    return (
        (core[0].islower() and len(core.split()) >= _FRAGMENT_WORDS)  # not a name in a list
        or core.rstrip().endswith((";", ","))
        or last in _rules().language.joining_words
    )


def _runs_on(text: str) -> bool:
    """Whether a paragraph ends as a list item followed by more: in ";", "," or a joining word."""
    words = text.rstrip().split()
    return bool(words) and (
        text.rstrip().endswith((";", ","))
        or words[-1].casefold() in _rules().language.joining_words
    )


def _item_lead_in(paragraphs: list[str], item: str) -> str:
    """The text that introduces the list holding `item` among a section's `paragraphs` (each
    with its spacing made single): the nearest paragraph above it that is not itself an item
    and ends unfinished (in a colon, or without a full stop: "..., es sei denn, dass"); ""
    when there is none."""
    core = _ITEM_MARK.sub("", item.strip())
    probe = " ".join(core.split()[:6])
    if not probe:
        return ""
    place = next((index for index, text in enumerate(paragraphs) if probe in text), None)
    if place is None:
        return ""
    item_like = bool(_ITEM_MARK.match(item)) or core[:1].islower()
    for paragraph in reversed(paragraphs[max(0, place - _LEAD_IN_BACK) : place]):
        text = _text(paragraph).strip()
        if not text:
            continue
        if _ITEM_MARK.match(text) or text[0].islower() or _runs_on(text):
            if not (item_like or _runs_on(text)):
                return ""  # a paragraph of its own after a list, not one of its items
            item_like = True  # the list runs on ("...;" above): this paragraph is an item
            continue  # another item of the same list
        if text.endswith((".", "!", "?")) or len(text.split()) < 3:
            return ""
        sentences = _noted_sentences(text)
        return sentences[-1].strip() if sentences else text
    return ""


def _with_lead_ins(found: list[KeyChange], context: _Context) -> list[KeyChange]:
    """List items told added or removed whole, as fragments ("es sich dabei nicht um ...
    handelt oder", "-les investissements mentionnés au b ..."), told with the text that
    introduces them: the items added (or removed) under one lead-in are one entry quoting the
    lead-in, with their count. An item whose words stood on the other side already (running
    text put into a list) was not added or removed. A lead-in told added or removed itself
    takes its items in: one entry, the lead-in's, with their count."""
    whole_told = {
        (change.section, bool(change.new), _fold(change.new or change.old)): change
        for change in found
        if _WHOLE_ITEM.match(change.summary) and not (change.old and change.new)
    }
    bodies: dict[tuple[str, bool], list[str]] = {}
    lead_ins: dict[int, str] = {}
    fragments: set[tuple[str, bool, str]] = set()
    items = [
        change
        for change in found
        if change.category in ("clause", "list")
        and _WHOLE_ITEM.match(change.summary)
        and not (change.old and change.new)
    ]
    # Fragments first; the other items only where a fragment found its lead-in (each look
    # reads the section's text).
    for change in items:
        text = change.new or change.old
        if _item_fragment(text):
            lead_in = _item_lead_in(_side_body(change, context, bodies), text)
            if lead_in:
                lead_ins[id(change)] = lead_in
                fragments.add((change.section, bool(change.new), lead_in))
    listed = {(section, added) for section, added, _ in fragments}
    for change in items:
        if id(change) not in lead_ins and (change.section, bool(change.new)) in listed:
            text = change.new or change.old
            lead_ins[id(change)] = _item_lead_in(_side_body(change, context, bodies), text)
    placed = [(change, lead_ins.get(id(change), "")) for change in found]
    groups: dict[tuple[str, bool, str], list[KeyChange]] = {}
    # A lead-in told added or removed itself takes its items in: one entry, the provision.
    heads = {
        id(head): group
        for group in fragments
        if (head := whole_told.get((group[0], group[1], _fold(group[2])))) is not None
    }
    kept: list[KeyChange | tuple[str, bool, str]] = []
    for change, lead_in in placed:
        if id(change) in heads:
            groups.setdefault(heads[id(change)], [])
            kept.append(heads[id(change)])
            continue
        group = (change.section, bool(change.new), lead_in)
        if not lead_in or group not in fragments:
            kept.append(change)
            continue
        if _item_fragment(change.new or change.old) and _was_there(change, context):
            continue  # its words stood there already: put into a list, not added or removed
        if group not in groups:
            groups[group] = []
            kept.append(group)
        groups[group].append(change)
    result: list[KeyChange] = []
    head_of = {group: head for head, group in heads.items()}
    by_id = {id(change): change for change in found}
    for entry in kept:
        if isinstance(entry, KeyChange):
            result.append(entry)
            continue
        where, added, lead_in = entry
        items = groups[entry]
        head = by_id.get(head_of.get(entry, 0))
        if head is not None:
            if items:
                text = " ".join([head.new or head.old, *((item.new or item.old) for item in items)])
                old, new = ("", text) if added else (text, "")
                more = f" (+{len(items)} item{'s' if len(items) > 1 else ''})"
                summary = head.summary + more
                result.append(_make(str(head.category), where, old, new, old, new, summary))
            else:
                result.append(head)
            continue
        if not items:
            continue
        first = _ITEM_MARK.sub("", (items[0].new or items[0].old).strip())
        verb = "added" if added else "removed"
        count = f"{len(items)} items {verb}" if len(items) > 1 else f"item {verb}"
        summary = f"{count} under “{_cut_left(lead_in, 70)}”: “{_cut(first, 70)}”"
        text = " ".join([lead_in, *((item.new or item.old) for item in items)])
        old, new = ("", text) if added else (text, "")
        category = "clause" if any(item.category == "clause" for item in items) else "list"
        result.append(_make(category, where, old, new, old, new, summary=summary))
    return result


def _side_body(
    change: KeyChange, context: _Context, bodies: dict[tuple[str, bool], list[str]]
) -> list[str]:
    """The paragraphs of a key change's section on the side that holds its text, each with its
    spacing made single (remembered)."""
    key = (change.section, bool(change.new))
    if key not in bodies:
        holder = next((c for c in context.comparison.sections if c.id == change.section), None)
        keep = ("equal", "insert") if change.new else ("equal", "delete")
        body = "".join(op.text for op in holder.ops if op.op in keep) if holder else ""
        bodies[key] = [" ".join(paragraph.split()) for paragraph in body.split("\n\n")]
    return bodies[key]


def _was_there(change: KeyChange, context: _Context) -> bool:
    """Whether an item's words (its mark, end signs and joining word aside) stand on the other
    side, as they are or closely reworded, and are not the twin of a passage kept on its own."""
    own, other = (context.new, context.old) if change.new else (context.old, context.new)
    core = _ITEM_MARK.sub("", (change.new or change.old).strip()).rstrip(" ;,.")
    words = core.split()
    if words and words[-1].casefold() in _rules().language.joining_words:
        core = " ".join(words[:-1]).rstrip(" ;,")
    if other.has(core):
        return True
    return (
        len(core.split()) >= _FRAGMENT_WORDS
        and _reworded_closely(core, other)
        and not _twin_kept(core, own, other)
    )


def _cut_left(text: str, limit: int) -> str:
    """The end of a text, at most `limit` characters, cut at a word: a lead-in's last words
    are those its items continue."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    tail = text[-(limit - 1) :]
    return "…" + (tail.split(" ", 1)[1] if " " in tail else tail)


def _moved_enumeration_edits(comparison: Comparison, context: _Context) -> Iterator[KeyChange]:
    """Members added to or removed from the enumeration of a list item that also moved (into
    another section): read against the lead-in of the list it left and the one it joined."""
    if not comparison.moves or _rules().language.code != "en":
        return
    sides: dict[str, tuple[str, str]] = {}
    by_id: dict[str, list[SectionChange]] = {}
    for section_change in comparison.sections:
        by_id.setdefault(section_change.id, []).append(section_change)

    def lead_in(move_id: str, section: str, side: str) -> str:
        for change in by_id.get(section, ()):
            keep = ("equal", "delete") if side == "old" else ("equal", "insert")
            moving = OpKind.DELETE if side == "old" else OpKind.INSERT
            parts: list[str] = []
            for op in change.ops:
                if op.move == move_id and op.op == moving:
                    body = "".join(parts)
                    return _lead_in(body + op.text, len(body))
                if op.op in keep:
                    parts.append(op.text)
        return ""

    for move in comparison.moves:
        if _APPARATUS.search(context.titles.get(move.new_section, "")):
            continue
        old_body, new_body, spans = _hunks(move.ops)
        if not spans or len(spans) > 2:
            continue
        for old_start, old_end, new_start, new_end in spans:
            gone, came = old_body[old_start:old_end].strip(), new_body[new_start:new_end].strip()
            if bool(gone) != bool(came) and len((gone or came).split()) <= _MEMBER_WORDS:
                break
        else:
            continue  # no member of a few words added or removed alone: no lead-in to read
        if move.id not in sides:
            sides[move.id] = (
                lead_in(move.id, move.old_section, "old"),
                lead_in(move.id, move.new_section, "new"),
            )
        old_lead_in, new_lead_in = sides[move.id]
        for span in spans:
            change = _enumeration_edit(
                old_body, new_body, span, move.new_section, old_lead_in, new_lead_in
            )
            if change is not None:
                yield change
