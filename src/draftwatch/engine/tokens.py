"""Cutting text into the units draftwatch compares: clause labels, words, sentences."""

from __future__ import annotations

import re
from functools import lru_cache

from draftwatch.engine.normalize import INVISIBLE_CHARACTERS, comparison_key

#: Lossless: every character belongs to exactly one token, so tokens re-join to the text.
#: Numbers keep their separators (1,500.75 / 3.2 / 24:00) so that a changed amount is one token.
TOKEN = re.compile(r"(?:\d+(?:[.,:/]\d+)*|\w+)\s*|[^\w\s]+\s*|\s+")

#: A clause label at the start of a block: `7.1`, `7.`, `(a)`, `a)`, `iv.`, `Article 5`, `§ 3`.
#: It must be followed by a capital letter, a quote or a bracket, so that `1.5 million shells`
#: is text, not a label.
LABEL = re.compile(
    r"^(?:"
    r"\d+(?:\.\d+)*[.)]?"
    r"|\(\d+\)|\([a-z]{1,4}\)|[a-z]\)|[ivxlc]{1,6}[.)]|\[\d{1,4}\]"
    r"|(?:Article|Section|Clause|Rule|§)\s*\d+[a-z]?[.:]?"
    r")[ \t]+(?=[A-Z\"'“‘(\[])"
)

_SENTENCE_END = re.compile(r"(?<=[.!?;])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
#: Words after which a full stop does not end a sentence (English, German, French legal usage).
_ABBREVIATIONS = frozenset(
    (
        "e.g. i.e. etc. Art. No. Mr. Ms. Dr. para. cf. vs. Nr. Abs. Nrn. Buchst. bzw. z.B. "
        "ggf. vgl. Ziff. Anh. al. art. Mme. M. p. pp. ch."
    ).split()
)
#: An initial (`L. 719-12`, `J. Smith`) does not end a sentence either.
_INITIAL = re.compile(r"\(?[A-Z]\.")


#: Scripts written without spaces between words (Chinese, Japanese kana and kanji): each
#: character is a token of its own, or a one-character edit replaces a whole sentence.
SPACELESS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_SPACELESS = re.compile(f"[{SPACELESS}]")
_MIXED_TOKEN = re.compile(
    rf"(?:\d+(?:[.,:/]\d+)*|[^\W{SPACELESS}]+)\s*|[{SPACELESS}]\s*|[^\w\s]+\s*|\s+"
)


def tokenize(text: str, granularity: str = "word") -> list[str]:
    """Word tokens (characters for scripts without spaces); with granularity `char`, one token
    per character."""
    if granularity == "char":
        return list(text)
    if not text.isascii() and _SPACELESS.search(text):
        return _MIXED_TOKEN.findall(text)
    return TOKEN.findall(text)


@lru_cache(maxsize=1 << 16)
def token_key(token: str) -> str:
    """The comparison form of a token: folded quotes and dashes, trailing space as one space."""
    stripped = token.rstrip()
    key = comparison_key(stripped) if stripped else ""
    return key + " " if len(stripped) < len(token) else key


#: A list item's bullet mark at the start of a block ("- ", "* ", "+ ", "• ").
BULLET = re.compile(r"^[-*+•]\s+")


def label_length(text: str) -> int:
    match = LABEL.match(text)
    return match.end() if match else 0


def split_sentences(text: str) -> list[str]:
    """Sentences of a block, losslessly (joining them gives the text back)."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.end()]
        last = candidate.split()[-1].lstrip("([\"'“‘") if candidate.strip() else ""
        if last in _ABBREVIATIONS or _INITIAL.fullmatch(last):
            continue
        pieces.append(candidate)
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


_WORD = re.compile(r"\w+")
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARACTERS}]")


def words(text: str) -> list[str]:
    """Case-folded words for similarity; invisible characters inside words are dropped."""
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    return _WORD.findall(text.casefold())
