"""Shared text helpers: change hunks, the sentence around a change, the `_SentencePair` and `_make`
of a key change, modal verbs and clause labels.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from draftwatch.engine.keychanges.index import _word_pattern
from draftwatch.engine.keychanges.rules import (
    _ABBREVIATION,
    _CONTEXT,
    _LABEL_ONLY,
    _MARKUP,
    _MONTH_MAY,
    _ORDINAL,
    _SENTENCE_BREAK,
    _WORD_RE,
    T,
    _alternatives,
    _rules,
)
from draftwatch.engine.languages import table as language_table
from draftwatch.engine.tokens import label_length
from draftwatch.model import (
    Category,
    KeyChange,
    Op,
    OpKind,
)


def _cut(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _edit_in_sentence(
    section: str, old_sentence: str, new_sentence: str, summary: str
) -> KeyChange:
    """A `clause` entry for an edit inside a sentence that stays: both sentences, labels aside,
    as its values and its evidence."""
    return _make(
        "clause",
        section,
        _unlabelled(old_sentence.strip()),
        _unlabelled(new_sentence.strip()),
        old_sentence,
        new_sentence,
        summary=summary,
    )


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


#: A "sentence" this short ("September 2014.", "Page 2.") is a fragment of a citation or a
#: heading-like line: it is read with its neighbours, or it cannot be judged edited or new.
_FRAGMENT_WORDS = 4


def _sentence_around(body: str, start: int, end: int) -> str:
    """The sentence(s) holding body[start:end], with their neighbours in the same paragraph
    while they are fragments of fewer than _FRAGMENT_WORDS words."""
    sentence = _one_sentence_around(body, start, end)
    while len(sentence.split()) < _FRAGMENT_WORDS:
        at = body.find(sentence, max(0, start - len(sentence)))
        if at < 0:
            break
        left, right = at, at + len(sentence)
        before = body.rfind("\n\n", 0, left)
        after = body.find("\n\n", right)
        grow_left = left - 1 if left > 0 and (before < 0 or left - 1 > before + 1) else left
        grow_right = right + 1 if right < len(body) and (after < 0 or right + 1 < after) else right
        if (grow_left, grow_right) == (left, right):
            break  # the whole paragraph is this short
        wider = _one_sentence_around(body, grow_left, grow_right)
        if len(wider) <= len(sentence):
            break
        sentence = wider
    return sentence


def _one_sentence_around(body: str, start: int, end: int) -> str:
    """The sentence(s) holding body[start:end], scanning only the paragraph(s) it touches."""
    # Sentence breaks further away than the context kept would be cut off anyway, so the
    # paragraph breaks are looked for only that far (a paragraph may be a whole document).
    near_left, near_right = max(0, start - 2 * _CONTEXT), min(len(body), end + 2 * _CONTEXT)
    left = body.rfind("\n\n", near_left, start)
    left = near_left if left < 0 else left + 2
    right = body.find("\n\n", end, near_right)
    right = near_right if right < 0 else right
    sentence_start, sentence_end = left, right
    starts, ends = _sentence_breaks(body, left, right, _rules().language.space_thousands)
    before = bisect_right(ends, start)  # the last break ending at or before the change
    if before:
        sentence_start = ends[before - 1]
    after = bisect_left(starts, end)  # the first break starting at or after its end
    if after < len(starts):
        sentence_end = starts[after]
    # A "sentence" of raw HTML or a long list can run for pages: keep what is near the change.
    if start - sentence_start > _CONTEXT:
        sentence_start = body.find(" ", start - _CONTEXT, start) + 1 or start - _CONTEXT
    if sentence_end - end > _CONTEXT:
        cut = body.rfind(" ", end, end + _CONTEXT)
        sentence_end = cut if cut > 0 else end + _CONTEXT
    return body[sentence_start:sentence_end].strip()


@lru_cache(maxsize=256)  # emptied after each comparison: it holds section bodies
def _sentence_breaks(
    body: str, left: int, right: int, space_thousands: bool
) -> tuple[list[int], list[int]]:
    """The starts and ends of the sentence breaks in body[left:right] (one paragraph, or as
    much of it as the context reaches), found once for every change in that paragraph."""
    starts: list[int] = []
    ends: list[int] = []
    previous_end = left
    for match in _SENTENCE_BREAK.finditer(body, left, right):
        if _LABEL_ONLY.fullmatch(body[previous_end : match.start()].strip()):
            continue  # "8. Limitation of liability": a clause label, not a sentence
        if _ABBREVIATION.search(body, max(left, match.start() - 8), match.start()):
            continue  # "1,5 Mrd. EUR", "Art. 5", "e.g. Foo": no sentence ends there
        if space_thousands and _ORDINAL.search(body, max(left, match.start() - 4), match.start()):
            continue  # "vom 30. November 2009", "1. Januar": an ordinal, in French or German
        previous_end = match.end()
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


@dataclass
class _SentencePair:
    """An old and a new sentence with the changed pieces of every hunk inside them."""

    old: str
    new: str
    old_text: str  # without markup, for reading values and names
    new_text: str
    old_pieces: list[str] = field(default_factory=list)
    new_pieces: list[str] = field(default_factory=list)
    old_changed: int = 0  # characters of the sentence inside the edits
    new_changed: int = 0

    @property
    def similarity(self) -> float:
        return _similarity(self.old_text, self.new_text)


def _similarity(old: str, new: str) -> float:
    """Dice coefficient of the two sentences' word sets."""
    old_words = set(_WORD_RE.findall(old.casefold()))
    new_words = set(_WORD_RE.findall(new.casefold()))
    if not old_words or not new_words:
        return 0.0
    return 2 * len(old_words & new_words) / (len(old_words) + len(new_words))


#: A prohibition in the imperative, opening a sentence or a clause (English).
_PROHIBITION = re.compile(r"(?:^|[:;]\s)\W*(?:never|do\s+not|don't)\b", re.IGNORECASE)


#: English modal verbs that describe rather than bind: in a relative clause ("workspaces that
#: may be associated with"), an indirect question ("how a work may be reproduced"), a prediction
#: or an ability ("it may be a problem", "who may not be able to"), or after "Some ..." ("Some
#: tools may not offer ..."), or in an example ("For example, such statements cannot ...").
_DESCRIPTIVE_MODAL = re.compile(
    r"^\W*(?:For\s+(?:example|instance)|E\.\s?g\.)[\s\S]*"
    r"|\b(?:who|which|that)\s+(?:may|might|can|could|will|won't|cannot)\b"
    r"|\b(?:how|where)\b[^,;:]{0,60}?\b(?:may|can|will)\b"
    r"|\b(?:may|might|will|won't|cannot|can)\s+(?:not\s+)?be\s+(?:a|an|able)\b"
    r"|^\W*Some\b[^,;:]{0,60}?\bmay\b",
    re.IGNORECASE,
)


def _without_descriptive_modals(sentence: str) -> str:
    """The sentence without the month May and, in English, without modal verbs that describe
    (what may happen, what something can do) rather than oblige or permit."""
    sentence = _MONTH_MAY.sub("", sentence)
    if _rules().language.code != "en":
        return sentence
    return _DESCRIPTIVE_MODAL.sub(" ", sentence)


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


_CLAUSE_LABEL = re.compile(
    r"^\s*(?:[*_]{1,2}\s*)?(?:\(?\d+(?:\.\d+)*[.)]?|\d+\\\.)(?:\s*[*_]{1,2})?(?=\s|$)"
)


def _unlabelled(text: str) -> str:
    """A sentence without its clause label: `7.1`, `**3.3.**`, `1\\.` (escaped Markdown)."""
    text = text[label_length(text) :]
    match = _CLAUSE_LABEL.match(text)
    return text[match.end() :] if match else text


def _compact(value: str) -> str:
    return "".join(_WORD_RE.findall(value.casefold())).rstrip("s")


def _fold(value: str) -> str:
    return " ".join(value.casefold().split())


def _unique(values: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(values))


@lru_cache(maxsize=32)
def _describing_modal_pattern(code: str, necessity: bool) -> re.Pattern[str] | None:
    table = language_table(code)
    patterns = [table.relative_modal, table.necessity_modal if necessity else ""]
    found = [pattern for pattern in patterns if pattern]
    return re.compile("|".join(found), re.IGNORECASE) if found else None


def _without_relative_modals(text: str, necessity: bool = False) -> str:
    """The text without the modal verbs of relative clauses that say who or what someone or
    something is ("any other party who may modify", "une personne qui peut", ", die ... abgeben
    dürfen"): they grant or take away no permission. With `necessity`, also without the modal
    verbs of what it takes for something to work ("must be combined with the library in order
    to run"): no duty put on anyone by a word added (a sentence added whole that says so is
    still read as a clause: "must be filed in order to claim" sets a condition)."""
    pattern = _describing_modal_pattern(_rules().language.code, necessity)
    return text if pattern is None else pattern.sub(" ", text)


#: Words between a modal verb and its verb that leave the verb as it is ("should always end").
_BETWEEN_MODAL_AND_VERB = frozenset(("also", "always", "still", "then", "generally", "normally"))


def _restated_as_participle(modal: str, pair: _SentencePair) -> bool:
    """Whether the verb after a modal dropped from an English sentence stays in the new one as
    its -ing form ("should end" -> "ending", "must make" -> "making"): the same convention
    described, not an obligation given up. A negation after the modal is a change of its own."""
    if _rules().language.code != "en":
        return False
    new_words = set(_WORD_RE.findall(pair.new_text.casefold()))
    old_words = set(_WORD_RE.findall(pair.old_text.casefold()))
    for match in _word_pattern(modal).finditer(pair.old_text):
        words = _WORD_RE.findall(pair.old_text[match.end() : match.end() + 80].casefold())
        while words and (words[0] in _BETWEEN_MODAL_AND_VERB or words[0].endswith("ly")):
            words = words[1:]
        if not words or words[0] in ("not", "never", "be", "have") or len(words[0]) < 2:
            continue
        verb = words[0]
        forms = {f"{verb}ing", f"{verb}{verb[-1]}ing"}
        if verb.endswith("e"):
            forms.add(f"{verb[:-1]}ing")
        if any(form in new_words and form not in old_words for form in forms):
            return True
    return False


def _modals(text: str, necessity: bool = False) -> tuple[str, ...]:
    text = _without_relative_modals(_MONTH_MAY.sub("", text), necessity)
    return tuple(" ".join(m.group(0).lower().split()) for m in _rules().modal.finditer(text))


@lru_cache(maxsize=16)
def _binding_pattern(code: str) -> re.Pattern[str] | None:
    binding = language_table(code).binding
    return re.compile(binding, re.IGNORECASE) if binding else None


@lru_cache(maxsize=16)
def _reference_pattern(code: str) -> re.Pattern[str]:
    """A cross-reference: a clause marker and its number ("l'article 223 A bis", "§ 4a")."""
    markers = _alternatives({m.rstrip(".") for m in language_table(code).clause_markers})
    return re.compile(
        rf"(?<!\w)(?i:{markers})\.?\s*(?:[LRDA]\.?\s*)?\d+[\w-]*"
        r"(?:\s+(?:bis|ter|quater|quinquies|[A-Z])\b)*"
    )
