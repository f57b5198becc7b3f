"""The driver, and the readers of key changes not yet moved to their own module of the package."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
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
from draftwatch.engine.keychanges.edits import _gone_elsewhere, _untold_clauses
from draftwatch.engine.keychanges.enumerations import _with_lead_ins
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
from draftwatch.engine.keychanges.pieces import _pieces
from draftwatch.engine.keychanges.rules import (
    _ACTIVE,
    _APPARATUS,
    _BASE,
    _DIGIT,
    _EDITED,
    _MODALS,
    _NOT_PARTIES,
    _RELATED,
    _SENTENCE_START,
    _VALUE_CATEGORIES,
    _alternatives,
    _Rules,
    _rules,
    rules_for,
)
from draftwatch.engine.keychanges.text import (
    _compact,
    _cut,
    _fold,
    _hunks,
    _make,
    _modals,
    _one_sentence_around,
    _restated_as_participle,
    _sentence_around,
    _sentence_breaks,
    _SentencePair,
    _text,
    _unique,
    _unlabelled,
    _widen,
)
from draftwatch.engine.keychanges.values import (
    _FREQUENCY,
    _VALUE_NOUNS,
    _YEAR,
    _address_changes,
    _amount,
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
