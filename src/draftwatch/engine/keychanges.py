"""Key changes: which edits alter meaning (amounts, dates, obligations, negation, parties, lists).

Each change hunk (a run of non-cosmetic, non-moved deletes and inserts) is read in its old and
new sentence: values that are in one sentence and not the other are the key changes, so a
number that merely sits in an edited sentence, or a sentence moved with its amount, never fires.
Categories (DESIGN section 6): section, list, money, percent, number, date (dates, deadlines and
durations), modality, negation, entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from draftwatch.engine.tokens import label_length
from draftwatch.model import Category, Comparison, KeyChange, Op, OpKind

CATEGORY_ORDER = (
    "section",
    "money",
    "percent",
    "number",
    "date",
    "modality",
    "negation",
    "list",
    "entity",
)
T = TypeVar("T")
_VALUE_CATEGORIES = ("money", "percent", "date", "number")

_NUMBER_WORDS = frozenset(
    (
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
        "ninety hundred"
    ).split()
)
_NUMBER_WORD = "(?i:" + "|".join(sorted(_NUMBER_WORDS, key=lambda w: (-len(w), w))) + ")"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
#: A number that is not part of a name such as UTF-8, ISO-8859-1 or M-16-21.
_NUMBER = r"(?=\d)(?<![A-Za-z]-)(?<![\w.-])\d+(?:[.,]\d+)*"
_SCALE = r"(?:\s?(?:(?:billion|million|thousand|trillion|bn|mn|m|k)\b|Mrd\.?|Mio\.?))"
_CURRENCY = r"(?:€|\$|£|¥|EUR|USD|GBP|CHF|JPY)"
_TIME_UNIT = r"(?:days?|weeks?|months?|years?)"


def _gated(
    category: str, pattern: str, gate: tuple[str, ...], flags: int = 0, digits: bool = True
) -> tuple[str, re.Pattern[str], tuple[str, ...], bool]:
    """A value pattern; the strings (lower case) of which a text must hold one for the pattern
    to be worth running; and whether it needs a digit. Substring tests cost next to nothing."""
    return category, re.compile(pattern, flags), gate, digits


#: Value patterns, most specific first: what one takes, the later ones cannot.
PATTERNS = (
    # Not values: footnote references like [6], clock times like 11:59pm.
    _gated("", r"\[\d+\]|\b\d{1,2}:\d{2}\s?(?:[ap]\.?m\.?)?", ("[", ":"), re.IGNORECASE),
    _gated(
        "money",
        rf"{_CURRENCY}\s?{_NUMBER}{_SCALE}?|{_NUMBER}{_SCALE}?\s?(?:{_CURRENCY}|euros?\b|"
        r"dollars?\b|pounds\b)",
        ("€", "$", "£", "¥", "eur", "usd", "gbp", "chf", "jpy", "dollar", "pound"),
    ),
    _gated("percent", rf"{_NUMBER}\s?(?:%|per\s?cent\b|percent\b)", ("%", "percent", "per cent")),
    _gated(
        "date",  # durations and deadlines: within 30 days, three years
        rf"\b(?:(?i:within)\s)?(?:{_NUMBER}|\b{_NUMBER_WORD})\s"
        rf"(?:calendar\s|business\s|working\s)?{_TIME_UNIT}\b",
        ("day", "week", "month", "year"),
        digits=False,
    ),
    _gated(
        "date",  # calendar dates, months, quarters and years
        rf"\b\d{{1,2}}\s{_MONTH}\.?\s\d{{4}}\b|\b{_MONTH}\.?\s\d{{1,2}},?\s\d{{4}}\b|"
        rf"\b{_MONTH}\.?\s\d{{4}}\b|\b\d{{1,2}}-{_MONTH}-\d{{4}}\b|\bQ[1-4]\s\d{{4}}\b|"
        r"\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}\b",
        ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
    ),
    _gated(
        "number",
        rf"(?P<value>{_NUMBER}{_SCALE}?)(?:\s(?P<unit>[a-z][a-z-]+))?",
        ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        re.IGNORECASE,
    ),
    # Number words ("seven key areas") are found word by word: see _number_words.
)
#: Every value above has a digit or a number word: cheap tests before the patterns.
_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"[a-z]+")
_ALPHA_WORD = re.compile(r"\b[A-Za-z]+\b")
_UNIT = re.compile(r"\s[A-Za-z][A-Za-z-]+")
_NEXT_WORD = re.compile(r"\W{0,3}([^\W\d_]{3,})")

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
_MODAL = re.compile(
    r"\b(?:" + "|".join(sorted(_MODALS, key=len, reverse=True)) + r")\b|\bcan(?=not\b)", re.I
)
#: "not only ... but also", "without prejudice to", "without exception": no statement flips.
_NEGATION = re.compile(
    r"\b(?:not|no|never|without|nor|neither)\b(?!\s+(?:only|prejudice|exception)\b)"
    r"|(?<=\bcan)not\b",
    re.I,
)
#: Acronyms (NATO, UTF-8), names with a number (Latin-1), and runs of capitalised words
#: (United Kingdom, European Defence Industry Programme, Bank of England).
_ENTITY = re.compile(
    r"\b[A-Z][A-Za-z]*-\d+(?:-\d+)*\b"
    r"|\b[A-Z]{2,}s?\b"
    r"|\b[A-Z][a-z]+\b(?:\s(?:of\s|for\s|the\s)?[A-Z][a-z]+\b)*"
)
#: Capitalised words that start phrases rather than name things.
_NOT_NAMES = frozenset(
    (
        "a an and as at but by each for from however if in it its no not of on or so such that "
        "the their these this those to when where whether which while with yes "
        # months and days, and the words of cross-references ("Appendix B", "Article 5")
        "january february march april may june july august september october november december "
        "monday tuesday wednesday thursday friday saturday sunday "
        "annex appendix article chapter clause figure paragraph part schedule section table title "
        # citation signals
        "see cf id ibid"
    ).split()
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[-*•#]\s*|\(\s*)$")
#: Acronyms that name no party: time zones.
_NOT_PARTIES = frozenset(("EDT", "EST", "CET", "CEST", "GMT", "UTC", "BST", "PST", "PDT"))
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+(?=[\"'“(\[]?[A-Z0-9])|\n\n")
_CONTEXT = 300  # characters of context either side of a change, at most
#: Markup inside raw HTML blocks and character references; superscripts (<sup>29</sup>) and
#: Markdown footnote marks ([^4]) are footnote numbers, not values.
_MARKUP = re.compile(
    r"<sup\b[^<>]{0,200}>.{0,200}?</sup>|\[\^\w{1,20}\]|<[^<>]{0,400}>|&#?\w{1,10};",
    re.IGNORECASE | re.DOTALL,
)
_ABBREVIATION = re.compile(
    r"\b(?:Mrd|Mio|Art|Arts|No|Nos|Nr|para|paras|cf|vs|Mr|Ms|Mrs|Dr|St|e\.g|i\.e|etc|Exec|Mgmt)\.$"
)
_LABEL_ONLY = re.compile(r"(?:\d+(?:\.\d+)*|[a-z]|[ivxlc]+)\.?|\(\w{1,4}\)")


def find_key_changes(comparison: Comparison) -> tuple[KeyChange, ...]:
    found: list[KeyChange] = list(_section_changes(comparison))
    for change in comparison.sections:
        found.extend(_list_changes(change.id, change.list_items_removed, change.list_items_added))
        if change.status in ("changed", "unchanged"):  # an added section is one key change
            found.extend(_changes_in_ops(change.ops, change.id))
    for move in comparison.moves:
        found.extend(_changes_in_ops(move.ops, move.new_section))
    # The same change seen from several edits of one passage is told once per section.
    # Walking backwards keeps the first sighting's evidence at the place of the last one.
    unique = {(k.section, k.category, k.old, k.new): k for k in reversed(found)}
    rank = {category: k for k, category in enumerate(CATEGORY_ORDER)}
    ordered = reversed(list(unique.values()))
    return tuple(sorted(ordered, key=lambda k: rank.get(k.category, len(rank))))


def _section_changes(comparison: Comparison) -> Iterable[KeyChange]:
    for change in comparison.sections:
        if change.status == "added" and change.new:
            title = change.new.title or "(untitled)"
            yield _make("section", change.id, "", title, summary=f"section added: {title}")
        elif change.status == "removed" and change.old:
            title = change.old.title or "(untitled)"
            yield _make("section", change.id, title, "", summary=f"section removed: {title}")
        elif change.renamed and change.old and change.new:
            yield _make("section", change.id, change.old.title, change.new.title)


def _list_changes(
    section: str, removed: Iterable[str], added: Iterable[str]
) -> Iterator[KeyChange]:
    for item in removed:
        yield _make("list", section, item, "", item, "", summary=f"list item removed: {_cut(item)}")
    for item in added:
        yield _make("list", section, "", item, "", item, summary=f"list item added: {_cut(item)}")


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _make(
    category: str,
    section: str,
    old: str,
    new: str,
    old_context: str = "",
    new_context: str = "",
    summary: str = "",
) -> KeyChange:
    summary = summary or f"{old or '(none)'} -> {new or '(none)'}"
    old_context = _excerpt(old_context, old)
    new_context = _excerpt(new_context, new)
    return KeyChange(Category(category), section, old, new, old_context, new_context, summary)


def _excerpt(context: str, value: str, width: int = 160) -> str:
    """At most `width` characters either side of the value (or of the start), at word breaks."""
    if len(context) <= 2 * width + len(value):
        return context
    at = max(context.find(value), 0) if value else 0
    start = max(at - width, 0)
    end = min(at + len(value) + width, len(context))
    if start:
        start = context.find(" ", start, at) + 1 or start
    if end < len(context):
        space = context.rfind(" ", at + len(value), end)
        end = space if space > 0 else end
    return ("…" if start else "") + context[start:end].strip() + ("…" if end < len(context) else "")


def _hunks(ops: tuple[Op, ...]) -> tuple[str, str, list[tuple[int, int, int, int]]]:
    """The old and new body, and (old start, old end, new start, new end) of each real change."""
    old_body = "".join(op.text for op in ops if op.op in ("equal", "delete"))
    new_body = "".join(op.text for op in ops if op.op in ("equal", "insert"))
    spans: list[tuple[int, int, int, int]] = []
    old_pos = new_pos = 0
    start: tuple[int, int] | None = None
    for op in (*ops, Op(OpKind.EQUAL, "")):
        real = op.op != "equal" and not op.cosmetic and op.move is None and bool(op.text.strip())
        if real and start is None:
            start = (old_pos, new_pos)
        if op.op == "equal" and start is not None:
            spans.append((start[0], old_pos, start[1], new_pos))
            start = None
        if op.op in ("equal", "delete"):
            old_pos += len(op.text)
        if op.op in ("equal", "insert"):
            new_pos += len(op.text)
    return old_body, new_body, spans


def _sentence_around(body: str, start: int, end: int) -> str:
    """The sentence(s) holding body[start:end], scanning only the paragraph(s) it touches."""
    left = body.rfind("\n\n", 0, start)
    left = 0 if left < 0 else left + 2
    right = body.find("\n\n", end)
    right = len(body) if right < 0 else right
    # Sentence breaks further away than the context kept would be cut off anyway.
    left, right = max(left, start - 2 * _CONTEXT), min(right, end + 2 * _CONTEXT)
    sentence_start, sentence_end = left, right
    previous_end = left
    for match in _SENTENCE_BREAK.finditer(body, left, right):
        if _LABEL_ONLY.fullmatch(body[previous_end : match.start()].strip()):
            continue  # "8. Limitation of liability": a clause label, not a sentence
        if _ABBREVIATION.search(body, max(left, match.start() - 8), match.start()):
            continue  # "1,5 Mrd. EUR", "Art. 5", "e.g. Foo": no sentence ends there
        previous_end = match.end()
        if match.end() <= start:
            sentence_start = match.end()
        elif match.start() >= end:
            sentence_end = match.start()
            break
    # A "sentence" of raw HTML or a long list can run for pages: keep what is near the change.
    if start - sentence_start > _CONTEXT:
        sentence_start = body.find(" ", start - _CONTEXT, start) + 1 or start - _CONTEXT
    if sentence_end - end > _CONTEXT:
        cut = body.rfind(" ", end, end + _CONTEXT)
        sentence_end = cut if cut > 0 else end + _CONTEXT
    return body[sentence_start:sentence_end].strip()


@dataclass
class _SentencePair:
    """An old and a new sentence with the changed pieces of every hunk inside them."""

    old: str
    new: str
    old_text: str  # without markup, for reading values and names
    new_text: str
    old_pieces: list[str] = field(default_factory=list)
    new_pieces: list[str] = field(default_factory=list)


def _changes_in_ops(ops: tuple[Op, ...], section: str) -> Iterable[KeyChange]:
    old_body, new_body, spans = _hunks(ops)
    pairs: dict[tuple[str, str], _SentencePair] = {}
    for old_start, old_end, new_start, new_end in spans:
        old_sentence = _sentence_around(old_body, old_start, old_end)
        new_sentence = _sentence_around(new_body, new_start, new_end)
        pair = pairs.setdefault(
            (old_sentence, new_sentence),
            _SentencePair(old_sentence, new_sentence, _text(old_sentence), _text(new_sentence)),
        )
        pair.old_pieces.append(_text(_widen(old_body, old_start, old_end)))
        pair.new_pieces.append(_text(_widen(new_body, new_start, new_end)))
    for pair in pairs.values():
        # The edits, widened by two words either side, must touch a value or a name for one
        # to have changed: a cheap test that spares the patterns on most sentences.
        pieces = " ".join((*pair.old_pieces, *pair.new_pieces))
        if _DIGIT.search(pieces) or _has_number_word(pieces.lower()):
            yield from _value_changes(pair, section)
        yield from _modality_change(pair, section)
        yield from _negation_change(pair, section)
        if pieces != pieces.lower():
            yield from _entity_changes(pair, section)


def _text(html_or_text: str) -> str:
    """Text without HTML tags and character references, which carry numbers of their own."""
    if "<" not in html_or_text and "&" not in html_or_text and "[^" not in html_or_text:
        return html_or_text
    return " ".join(_MARKUP.sub(" ", html_or_text).split())


def _widen(body: str, start: int, end: int) -> str:
    """The changed text grown to whole words, with two words either side for phrases."""
    while start > 0 and not body[start - 1].isspace():
        start -= 1
    while end < len(body) and not body[end].isspace():
        end += 1
    before = body[max(0, start - 200) : start].split()[-2:]
    after = body[end : end + 200].split()[:2]
    return " ".join([*before, body[start:end], *after])


@lru_cache(maxsize=4096)
def _values(text: str) -> tuple[tuple[str, str, str], ...]:
    """(category, value, what it counts) of every amount, percentage, date and quantity, left
    to right. What it counts is the word after it (`shells` in `2 million shells`)."""
    has_digit = bool(_DIGIT.search(text))
    lower = text.lower()
    has_number_word = _has_number_word(lower)
    if not has_digit and not has_number_word:
        return ()
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str, str]] = []

    def take(start: int, end: int, category: str, value: str) -> None:
        if any(start < taken_end and taken_start < end for taken_start, taken_end in taken):
            return
        taken.append((start, end))
        if category:
            following = _NEXT_WORD.match(text, start + len(value))
            counted = following.group(1).lower() if following else ""
            found.append((start, category, value, counted))

    for category, pattern, gate, needs_digit in PATTERNS:
        if (needs_digit and not has_digit) or not any(part in lower for part in gate):
            continue
        for match in pattern.finditer(text):
            value = match.group("value") if category == "number" else match.group(0).strip()
            take(match.start(), match.end(), category, value)
    for start, end, value in _number_words(text) if has_number_word else ():
        take(start, end, "number", value)
    found.sort()
    return tuple((category, value, counted) for _, category, value, counted in found)


def _has_number_word(lower_text: str) -> bool:
    return not _NUMBER_WORDS.isdisjoint(_LOWER_WORD.findall(lower_text))


def _number_words(text: str) -> Iterable[tuple[int, int, str]]:
    """Number words followed by what they count ("seven key areas"); "one" alone is more often
    a pronoun than a quantity, so a number word needs a word after it."""
    for match in _ALPHA_WORD.finditer(text):
        if match.group(0).lower() in _NUMBER_WORDS and _UNIT.match(text, match.end()):
            yield match.start(), match.end(), match.group(0)


def _value_changes(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    """Values in one sentence and not in the other. A value gone and one come that count the
    same thing (`1.5 million shells` -> `2 million shells`), or the only ones of their category,
    are a change from one to the other; others are reported on their own. Clause labels (`7.1`)
    are left out: a renumbering is cosmetic."""
    old_values = _values(pair.old_text[label_length(pair.old_text) :])
    new_values = _values(pair.new_text[label_length(pair.new_text) :])
    if old_values == new_values:
        return
    old_folded = {_fold(value) for _, value, _ in old_values}
    new_folded = {_fold(value) for _, value, _ in new_values}
    for category in _VALUE_CATEGORIES:
        gone = _unique(
            (v, w) for c, v, w in old_values if c == category and _fold(v) not in new_folded
        )
        came = _unique(
            (v, w) for c, v, w in new_values if c == category and _fold(v) not in old_folded
        )
        for old, new in _pair_up(gone, came):
            yield _make(category, section, old, new, pair.old, pair.new)


def _pair_up(gone: list[tuple[str, str]], came: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(old, new) in order: same counted word first, then the rest one to one if as many."""
    pairs: list[tuple[int, str, str]] = []
    left = list(came)
    unmatched_gone = []
    for position, (old, counted) in enumerate(gone):
        partner = next((item for item in left if counted and item[1] == counted), None)
        if partner is None:
            unmatched_gone.append((position, old))
            continue
        left.remove(partner)
        pairs.append((position, old, partner[0]))
    if len(unmatched_gone) == len(left):
        pairs += [(p, old, new) for (p, old), (new, _) in zip(unmatched_gone, left, strict=True)]
        left = []
    else:
        pairs += [(p, old, "") for p, old in unmatched_gone]
    ordered = [(old, new) for _, old, new in sorted(pairs)]
    return ordered + [("", new) for new, _ in left]


def _fold(value: str) -> str:
    return " ".join(value.casefold().split())


def _unique(values: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(values))


def _modality_change(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    old_words = _unique(word for piece in pair.old_pieces for word in _modals(piece))
    new_words = _unique(word for piece in pair.new_pieces for word in _modals(piece))
    old = ", ".join(word for word in old_words if word not in new_words)
    new = ", ".join(word for word in new_words if word not in old_words)
    if not old and not new:
        return
    strength = _MODALS.get(new, 0) - _MODALS.get(old, 0) if old and new else 0
    direction = " (stronger)" if strength > 0 else " (weaker)" if strength < 0 else ""
    summary = f"{old or '(none)'} -> {new or '(none)'}{direction}"
    yield _make("modality", section, old, new, pair.old, pair.new, summary=summary)


def _modals(text: str) -> tuple[str, ...]:
    return tuple(" ".join(m.group(0).lower().split()) for m in _MODAL.finditer(text))


def _negation_change(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    old_words = [m.group(0).lower() for p in pair.old_pieces for m in _NEGATION.finditer(p)]
    new_words = [m.group(0).lower() for p in pair.new_pieces for m in _NEGATION.finditer(p)]
    removed = _unique(word for word in old_words if word not in new_words)
    added = _unique(word for word in new_words if word not in old_words)
    if removed or added:
        yield _make("negation", section, " ".join(removed), " ".join(added), pair.old, pair.new)


def _entity_changes(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    """Names in one sentence and not the other; one out and one in is a replacement."""
    old_names, new_names = _entities(pair.old_text), _entities(pair.new_text)
    if old_names == new_names:
        return
    everything = [*old_names, *new_names]
    gone = [n for n in old_names if n not in new_names and not _abbreviation_of(n, everything)]
    came = [n for n in new_names if n not in old_names and not _abbreviation_of(n, everything)]
    if len(gone) == len(came) == 1:
        yield _make("entity", section, gone[0], came[0], pair.old, pair.new)
        return
    for name in gone:
        yield _make("entity", section, name, "", pair.old, pair.new)
    for name in came:
        yield _make("entity", section, "", name, pair.old, pair.new)


@lru_cache(maxsize=4096)
def _entities(sentence: str) -> tuple[str, ...]:
    """Names in a sentence, once each, without a phrase-opening word ("When Federal" ...)."""
    names: list[str] = []
    for match in _ENTITY.finditer(sentence):
        words = match.group(0).split()
        start, end = match.span()
        if sentence[end : end + 1] in ("-", ":") and not words[-1][-1].isdigit():
            words = words[:-1]  # "Content-Type", "Author:" are field names, not names
        if sentence[start - 1 : start] in ("-", "$") and words:
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[0].lower() in _NOT_NAMES:
            start += len(words[0]) + 1
            words = words[1:]
        if not words or len(words[0]) < 2 or words[0] in _NOT_PARTIES:
            continue
        name = " ".join(words)
        plain = len(words) == 1 and not (name.isupper() or any(c.isdigit() for c in name))
        if plain and _SENTENCE_START.search(sentence[:start]):
            continue  # a capitalised first word is just the start of a sentence
        names.append(name)
    return tuple(dict.fromkeys(names))


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
