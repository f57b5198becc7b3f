"""Key changes: which edits alter meaning (amounts, dates, obligations, negation, parties).

Each change hunk (a run of non-cosmetic, non-moved deletes and inserts) is read in its old and
new sentence: values that are in one sentence and not the other are the key changes, so a
number that merely sits in an edited sentence, or a sentence moved with its amount, never fires.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from draftwatch.model import Comparison, KeyChange, Op

CATEGORY_ORDER = ("section", "money", "percent", "number", "date", "modality", "negation", "entity")

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_NUMBER = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:\s?(?:billion|million|thousand|trillion|bn|mn|m|k|Mrd\.?|Mio\.?)\b)"
_CURRENCY = r"(?:€|\$|£|¥|EUR|USD|GBP|CHF|JPY)"
_NUMBER_WORDS = frozenset(
    (
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
    )
)

_NUMBER_WORD_PATTERN = "|".join(sorted(_NUMBER_WORDS, key=lambda w: (-len(w), w)))

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "money",
        re.compile(
            rf"{_CURRENCY}\s?{_NUMBER}{_SCALE}?|{_NUMBER}{_SCALE}?\s?(?:{_CURRENCY}|euros?\b|"
            r"dollars?\b|pounds\b)",
        ),
    ),
    ("percent", re.compile(rf"{_NUMBER}\s?(?:%|per\s?cent\b|percent\b)")),
    (
        "date",
        re.compile(
            rf"\b\d{{1,2}}\s{_MONTH}\s\d{{4}}\b|\b{_MONTH}\s\d{{1,2}},?\s\d{{4}}\b|"
            rf"\b{_MONTH}\s\d{{4}}\b|\bQ[1-4]\s\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|"
            r"\bwithin\s\d+\s(?:calendar\s|business\s|working\s)?(?:days?|weeks?|months?|years?)\b|"
            r"\b(?:19|20)\d{2}\b",
        ),
    ),
    (
        "number",
        re.compile(
            rf"(?P<value>\b{_NUMBER}{_SCALE}?|\b(?:{_NUMBER_WORD_PATTERN})\b)"
            r"(?:\s(?P<unit>[a-z][a-z-]+))?",
            re.IGNORECASE,
        ),
    ),
)
#: Every value above has a digit or a number word: cheap tests before the patterns.
_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"[a-z]+")
_MODALS = {
    "must": 5,
    "shall": 5,
    "is required to": 5,
    "are required to": 5,
    "undertakes to": 4,
    "undertake to": 4,
    "will": 4,
    "should": 3,
    "would": 2,
    "is encouraged to": 2,
    "are encouraged to": 2,
    "may": 1,
    "might": 1,
    "can": 1,
    "could": 1,
}
_MODAL = re.compile(r"\b(?:" + "|".join(sorted(_MODALS, key=len, reverse=True)) + r")\b", re.I)
_NEGATION = re.compile(r"\b(?:not|no|never|without|nor|neither)\b(?!\s+only\b)", re.I)
_ENTITY = re.compile(r"\b(?:[A-Z]{2,}s?\b|[A-Z][a-z]+(?:\s(?:of|for|and|the)?\s?[A-Z][a-z]+)+)")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+(?=[\"'“(\[]?[A-Z0-9])|\n\n")

_LABEL_ONLY = re.compile(r"(?:\d+(?:\.\d+)*|[a-z]|[ivxlc]+)\.?|\(\w{1,4}\)")


def find_key_changes(comparison: Comparison) -> tuple[KeyChange, ...]:
    found: list[KeyChange] = list(_section_changes(comparison))
    for change in comparison.sections:
        found.extend(_changes_in_ops(change.ops, change.id))
    for move in comparison.moves:
        found.extend(_changes_in_ops(move.ops, move.new_section))
    rank = {category: k for k, category in enumerate(CATEGORY_ORDER)}
    indexed = list(enumerate(found))
    indexed.sort(key=lambda item: (rank.get(item[1].category, len(rank)), item[0]))
    return tuple(change for _, change in indexed)


def _section_changes(comparison: Comparison) -> Iterable[KeyChange]:
    for change in comparison.sections:
        if change.status == "added" and change.new:
            yield _make("section", change.id, "", change.new.title, "", "", "section added")
        elif change.status == "removed" and change.old:
            yield _make("section", change.id, change.old.title, "", "", "", "section removed")
        elif change.renamed and change.old and change.new:
            yield _make("section", change.id, change.old.title, change.new.title, "", "", "renamed")


def _make(category, section, old, new, old_context, new_context, note=""):
    if note in ("section added", "section removed"):
        summary = f"{note}: {old or new}"
    else:
        summary = f"{old or '(none)'} -> {new or '(none)'}"
    return KeyChange(category, section, old, new, old_context, new_context, summary)


def _hunks(ops: tuple[Op, ...]) -> Iterable[tuple[int, int, int, int, str, str]]:
    """(old start, old end, new start, new end, old body, new body) of each real change."""
    old_body = "".join(op.text for op in ops if op.op in ("equal", "delete"))
    new_body = "".join(op.text for op in ops if op.op in ("equal", "insert"))
    old_pos = new_pos = 0
    start: tuple[int, int] | None = None
    for op in (*ops, Op("equal", "")):
        real = op.op != "equal" and not op.cosmetic and op.move is None and bool(op.text.strip())
        if real and start is None:
            start = (old_pos, new_pos)
        if op.op == "equal" and start is not None:
            yield start[0], old_pos, start[1], new_pos, old_body, new_body
            start = None
        if op.op in ("equal", "delete"):
            old_pos += len(op.text)
        if op.op in ("equal", "insert"):
            new_pos += len(op.text)


class _Sentences:
    """Sentences of one body around a change, scanning only the paragraph(s) it touches."""

    def __init__(self, body: str) -> None:
        self.body = body

    def around(self, start: int, end: int) -> str:
        """The sentence(s) holding body[start:end]."""
        body = self.body
        left = body.rfind("\n\n", 0, start)
        left = 0 if left < 0 else left + 2
        right = body.find("\n\n", end)
        right = len(body) if right < 0 else right
        sentence_start, sentence_end = left, right
        previous_end = left
        for match in _SENTENCE_BREAK.finditer(body, left, right):
            if _LABEL_ONLY.fullmatch(body[previous_end : match.start()].strip()):
                continue  # "8. Limitation of liability": a clause label, not a sentence
            previous_end = match.end()
            if match.end() <= start:
                sentence_start = match.end()
            elif match.start() >= end:
                sentence_end = match.start()
                break
        return body[sentence_start:sentence_end].strip()


@lru_cache(maxsize=4096)
def _values(text: str) -> tuple[tuple[str, str], ...]:
    """(category, value) of every amount, percentage, date and quantity, left to right."""
    if _DIGIT.search(text):
        patterns = PATTERNS
    elif _NUMBER_WORDS.isdisjoint(_LOWER_WORD.findall(text.lower())):
        return ()
    else:
        patterns = PATTERNS[-1:]  # no digit: only number words can be values
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str]] = []
    for category, pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < taken_end and taken_start < end for taken_start, taken_end in taken):
                continue
            value = match.group(0).strip()
            if category == "number":
                value = match.group("value")
                if value.lower() in _NUMBER_WORDS and not match.group("unit"):
                    continue  # "one" alone is a pronoun more often than a quantity
            taken.append((start, end))
            found.append((match.start(), category, value))
    found.sort()
    return tuple((category, value) for _, category, value in found)


def _changes_in_ops(ops: tuple[Op, ...], section: str) -> Iterable[KeyChange]:
    seen: set[tuple[str, str]] = set()
    sentences: dict[str, _Sentences] = {}
    for old_start, old_end, new_start, new_end, old_body, new_body in _hunks(ops):
        if not sentences:
            sentences = {"old": _Sentences(old_body), "new": _Sentences(new_body)}
        old_sentence = sentences["old"].around(old_start, old_end)
        new_sentence = sentences["new"].around(new_start, new_end)
        if (old_sentence, new_sentence) in seen:
            continue
        seen.add((old_sentence, new_sentence))
        yield from _value_changes(old_sentence, new_sentence, section)
        old_piece = _widen(old_body, old_start, old_end)
        new_piece = _widen(new_body, new_start, new_end)
        yield from _modality_change(old_piece, new_piece, old_sentence, new_sentence, section)
        yield from _negation_change(old_piece, new_piece, old_sentence, new_sentence, section)
        yield from _entity_changes(old_sentence, new_sentence, section)


def _widen(body: str, start: int, end: int) -> str:
    """The changed text grown to whole words, with one word either side for phrases."""
    while start > 0 and not body[start - 1].isspace():
        start -= 1
    while end < len(body) and not body[end].isspace():
        end += 1
    before = body[max(0, start - 200) : start].split()[-2:]
    after = body[end : end + 200].split()[:2]
    return " ".join([*before, body[start:end], *after])


def _value_changes(old_sentence: str, new_sentence: str, section: str) -> Iterable[KeyChange]:
    old_values, new_values = _values(old_sentence), _values(new_sentence)
    if old_values == new_values:
        return
    gone = list((Counter(old_values) - Counter(new_values)).elements())
    came = list((Counter(new_values) - Counter(old_values)).elements())
    gone.sort(key=old_values.index)
    came.sort(key=new_values.index)
    for category in ("money", "percent", "date", "number"):
        olds = [v for c, v in gone if c == category]
        news = [v for c, v in came if c == category]
        for k in range(max(len(olds), len(news))):
            old = olds[k] if k < len(olds) else ""
            new = news[k] if k < len(news) else ""
            yield _make(category, section, old, new, old_sentence, new_sentence)


def _modality_change(old_piece, new_piece, old_sentence, new_sentence, section):
    old_modals = [m.group(0).lower() for m in _MODAL.finditer(old_piece)]
    new_modals = [m.group(0).lower() for m in _MODAL.finditer(new_piece)]
    if old_modals == new_modals or Counter(old_modals) == Counter(new_modals):
        return
    old = ", ".join(m for m in old_modals if m not in new_modals)
    new = ", ".join(m for m in new_modals if m not in old_modals)
    if not old and not new:
        return
    change = _make("modality", section, old, new, old_sentence, new_sentence)
    strength = _MODALS.get(new, 0) - _MODALS.get(old, 0) if old and new else 0
    direction = " (stronger)" if strength > 0 else " (weaker)" if strength < 0 else ""
    yield KeyChange(**{**_as_dict(change), "summary": change.summary + direction})


def _negation_change(old_piece, new_piece, old_sentence, new_sentence, section):
    old_words = [m.group(0).lower() for m in _NEGATION.finditer(old_piece)]
    new_words = [m.group(0).lower() for m in _NEGATION.finditer(new_piece)]
    if old_words == new_words:
        return
    old_negations, new_negations = Counter(old_words), Counter(new_words)
    removed = list((old_negations - new_negations).elements())
    added = list((new_negations - old_negations).elements())
    if removed or added:
        yield _make(
            "negation", section, " ".join(removed), " ".join(added), old_sentence, new_sentence
        )


def _entity_changes(old_sentence: str, new_sentence: str, section: str):
    old_list, new_list = _entities(old_sentence), _entities(new_sentence)
    if old_list == new_list:
        return
    old_entities, new_entities = Counter(old_list), Counter(new_list)
    for entity in (old_entities - new_entities).elements():
        yield _make("entity", section, entity, "", old_sentence, new_sentence)
    for entity in (new_entities - old_entities).elements():
        yield _make("entity", section, "", entity, old_sentence, new_sentence)


def _entities(sentence: str) -> list[str]:
    return [m.group(0) for m in _ENTITY.finditer(sentence) if m.start() > 0 or " " in m.group(0)]


def _as_dict(change: KeyChange) -> dict[str, str]:
    return {name: getattr(change, name) for name in KeyChange.__dataclass_fields__}
