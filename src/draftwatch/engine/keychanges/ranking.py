"""Ranking: `_rank` gives each key change its importance and its why (values, cited acts,
permissions).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from draftwatch.engine.keychanges.index import _Context, _version_stamp
from draftwatch.engine.keychanges.rules import _APPARATUS, _BASE, _alternatives, _rules
from draftwatch.engine.keychanges.values import (
    _VALUE_NOUNS,
    _YEAR,
    _amount,
    _permission_only,
    _values,
)
from draftwatch.engine.languages import table as language_table
from draftwatch.model import (
    KeyChange,
)


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
    elif category == "link":
        reasons.append("link points elsewhere" if change.old and change.new else "link changed")
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
