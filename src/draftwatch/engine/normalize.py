"""Normalisation for comparing: the keys two pieces of text must share to count as the same."""

from __future__ import annotations

import re

#: Zero-width spaces and joiners, word joiner, byte-order mark, soft hyphen.
INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARACTERS), None)
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)

_FOLD_TABLE = {**_INVISIBLE, **_QUOTES}
_FOLDED = re.compile("[" + "".join(map(chr, _FOLD_TABLE)) + "]")


def _fold(match: re.Match[str]) -> str:
    """One invisible character, quote or dash: str.translate is slow on long texts."""
    return match.group(0).translate(_FOLD_TABLE)


def comparison_key(text: str) -> str:
    """What two pieces of text must share to count as the same words.

    Quotes, dashes, invisible characters and runs of white space are folded; case is kept
    (a case-only edit is found later and marked cosmetic, not hidden).
    """
    if not text.isascii():
        text = _FOLDED.sub(_fold, text)
    # str.split() splits on exactly the characters that the regex `\s` matches.
    return " ".join(text.split())


def loose_key(text: str) -> str:
    """comparison_key, case-folded: for matching blocks and titles, never for showing."""
    return comparison_key(text).casefold()
