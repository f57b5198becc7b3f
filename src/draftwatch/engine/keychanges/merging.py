"""Merging and de-duplication: one entry per edit, overlapping key changes merged, values and
clauses told once.
"""

from __future__ import annotations

from dataclasses import replace

from draftwatch.engine.keychanges.edits import _gone_elsewhere
from draftwatch.engine.keychanges.rules import _VALUE_CATEGORIES, _rules
from draftwatch.engine.keychanges.text import _fold
from draftwatch.engine.keychanges.values import _values
from draftwatch.model import (
    KeyChange,
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
