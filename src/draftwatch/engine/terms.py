"""A name or a defined term put for another throughout a document.

"the Agency" -> "the Government" in thirty sentences, "Community" -> "Union" in every article: the
reader must be told once that the party (or the defined term) is now another, with the number of
places, not thirty times and not never (each sentence alone reads as a small rewording, and the
party rules pass over a word that is also written in lower case, "a government agency").

Pure text rules: the caller hands in the word-for-word replacements of its edits and the two
documents' words; the language table says which capitalised words only open phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: One replacement this many times is a term renamed, not an edit of one sentence.
RENAMED_PLACES = 3
#: Words in a name, at most ("European Community", "Court of Justice").
_NAME_WORDS = 3
#: A capitalised word, possibly hyphenated ("Sub-Processor", "Européenne").
_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞŒ][\w-]*")
#: What a name carries around it in a sentence: a possessive, quotes, brackets, punctuation.
_AROUND = re.compile(r"^[\"'“‘(\[*_]+|(?:['’]s|['’])?[\"'”’)\]*_.,;:!?]*$")
#: Letters two spellings of one word share at their start ("Agency"/"Agencies", "Abs."/"Absatz").
_SAME_STEM = 4


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The language's words that matter here (lower case)."""

    function_words: frozenset[str]  # "the", "of", "de", "der": no part of a name's start
    not_names: frozenset[str]  # words that open phrases, months
    markers: frozenset[str]  # clause markers: "Article" -> "Section" is a reference's form


@dataclass(frozen=True, slots=True)
class Replacement:
    """Words of one edit put for others between words both sides share."""

    section: str
    gone: str
    came: str
    old_sentence: str
    new_sentence: str


@dataclass(frozen=True, slots=True)
class Renamed:
    """A name replaced by another in `places` places (first seen in `sections[0]`)."""

    old: str
    new: str
    places: int
    sections: tuple[str, ...]
    old_sentence: str
    new_sentence: str
    replaced: tuple[str, str]  # the words put for others, without the words the names share


def bare_name(piece: str, words_of: Vocabulary) -> str:
    """The name a piece is, without its possessive, quotes and punctuation; "" when it is not
    one: one to three capitalised words (function words between), none of them a word that
    opens phrases, a month or a clause marker, no digit (a reference, not a name)."""
    linking, not_names, markers = words_of.function_words, words_of.not_names, words_of.markers
    words = [_AROUND.sub("", word) for word in piece.split()]
    words = [word for word in words if word]
    if not words or len(words) > _NAME_WORDS or any(c.isdigit() for c in piece):
        return ""
    if words[0].casefold() in linking:
        words = words[1:]  # "the Agency": the article is no part of the name
    if not words or not _NAME_WORD.fullmatch(words[0]) or not _NAME_WORD.fullmatch(words[-1]):
        return ""
    for word in words:
        folded = word.casefold()
        if folded in linking:
            continue
        if not _NAME_WORD.fullmatch(word) or folded in not_names or folded in markers:
            return ""
        if len(word) < 2 or (word.isupper() and len(word) > 4):
            return ""  # an initial, or a word of shouted text
    return " ".join(words)


def _spellings(old: str, new: str) -> bool:
    """Whether two names are one written two ways: case, spacing, an abbreviation or an
    inflection ("Abs." and "Absatz", "Agency" and "Agencies")."""
    a, b = re.sub(r"\W", "", old).casefold(), re.sub(r"\W", "", new).casefold()
    return a == b or a.startswith(b) or b.startswith(a) or a[:_SAME_STEM] == b[:_SAME_STEM]


def renamed_terms(
    replacements: Iterable[Replacement],
    old_words: str,
    new_words: str,
    words_of: Vocabulary,
) -> list[Renamed]:
    """Names replaced by one other name in RENAMED_PLACES places or more, and left (almost)
    nowhere in the new document: gone from it, or kept in a quarter of their old places at most,
    while the new name is written more often by half the places at least. `old_words` and
    `new_words` are each document's words as written, one space between each."""
    seen: dict[tuple[str, str], list[Replacement]] = {}
    for replacement in replacements:
        old = bare_name(replacement.gone, words_of)
        new = bare_name(replacement.came, words_of) if old else ""
        if old and new and not _spellings(old, new):
            seen.setdefault((old, new), []).append(replacement)
    renamed: list[Renamed] = []
    for (old, new), places in seen.items():
        if len(places) < RENAMED_PLACES:
            continue
        kept = new_words.count(f" {old} ")
        before, after = old_words.count(f" {old} "), old_words.count(f" {new} ")
        grown = new_words.count(f" {new} ") - after
        if 4 * kept > before or 2 * grown < len(places):
            continue  # both names stay in use: a reworded sentence here and there
        first = places[0]
        shared = _shared_name_start(old, new, first, words_of.function_words)
        renamed.append(
            Renamed(
                f"{shared}{old}",
                f"{shared}{new}",
                len(places),
                tuple(dict.fromkeys(place.section for place in places)),
                first.old_sentence,
                first.new_sentence,
                (old, new),
            )
        )
    return renamed


def _shared_name_start(old: str, new: str, place: Replacement, linking: frozenset[str]) -> str:
    """Capitalised words both sentences hold just before the two names, which make part of
    them ("Covered Code" -> "Covered Software" is read as "Code" -> "Software")."""
    before = re.search(rf"((?:[A-ZÀ-ÖØ-Þ][\w-]* ){{1,2}}){re.escape(old)}\b", place.old_sentence)
    if before is None:
        return ""
    words = before.group(1)
    if words.split()[0].casefold() in linking or f"{words}{new}" not in place.new_sentence:
        return ""
    return words
