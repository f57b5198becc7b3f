"""The whole-document index: `_Index` (word counts and lookups over one version's text), the
comparison `_Context`, and cached word searches.
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from itertools import pairwise
from sys import intern

from draftwatch.engine.keychanges.rules import _NEITHER_WORD_NOR_SPACE, _NON_WORD, _WORD_RE, _rules
from draftwatch.model import (
    Comparison,
    KeyChange,
)

#: The number of a paragraph or an article of a law: `§ 4a`, `Art. 5`, `Artikel 3`, `Article
#: L. 123-4`; two titles that differ only there are renumbered.
_LAW_NUMBER = re.compile(
    r"^\s*(?:§§?|Art\.|Artikel|Article|ARTICLE|Artículo|Articolo)\s*(?:[LRDA]\.\s?)?"
    r"\d+(?:-\d+)*[a-z]?\b\.?"
)


def _words_key(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.casefold()))


_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_TOP_LEVEL_DOMAINS = "com|org|net|gov|edu|io|dev|co|uk|de|fr|eu"
_DOMAIN = re.compile(rf"\w\.(?:{_TOP_LEVEL_DOMAINS})\b")


def _without_addresses(text: str) -> str:
    """The text without web and mail addresses, paths and template tags (each word that holds
    one put as a space; the spacing left does not matter to the words)."""
    if "{{" in text or "{%" in text:
        text = _TEMPLATE.sub(" ", text)
    pieces: list[str] = []
    kept = 0  # the text before this is read
    for mark in _ADDRESS_MARK.finditer(text):
        if mark.start() < kept:
            continue  # in a word already left out
        start = mark.start()
        while start > kept and not text[start - 1].isspace():
            start -= 1
        space = _SPACE.search(text, mark.end())
        pieces += (text[kept:start], " ")
        kept = space.start() if space else len(text)
    pieces.append(text[kept:])
    return "".join(pieces)


#: What puts a word (between white space) out: a `/`, an `@` or a domain name (`_DOMAIN`,
#: written from its dot so that the search skips to the dots).
_ADDRESS_MARK = re.compile(rf"[/@]|\.(?<=\w\.)(?:{_TOP_LEVEL_DOMAINS})\b")
_SPACE = re.compile(r"\s")


def _symbols(text: str) -> str:
    """% and currency signs as words, so that `3%` is not found in `Section 3`."""
    if "%" in text or "$" in text or "€" in text or "£" in text:
        text = text.replace("%", " percent ").replace("$", " dollar ")
        text = text.replace("€", " euro ").replace("£", " pound ")
    return text


class _Searched(str):
    """A long text that remembers what was looked for in it: the same names are looked for
    in a whole document again and again."""

    def __contains__(self, part: str) -> bool:  # type: ignore[override]
        found: dict[str, bool] = self.__dict__.setdefault("found", {})
        answer = found.get(part)
        if answer is None:
            answer = found[part] = str.__contains__(self, part)
        return answer


class _Index:
    """The words of a text, to ask whether a value or a name occurs in it (case, spacing and
    punctuation aside). Built on first use: one C-speed substring search per question, and
    for a text asked many questions, each word's places (a question then costs the places of
    its rarest word, not a pass over the text)."""

    #: Questions answered by a pass over the text before its words' places are indexed (an
    #: index costs about as much as 120 passes, measured on a 10 MB text), before its words are
    #: put in a set (about 13 passes), and questions of several words before its pairs of
    #: words are (about 100 passes, but a long text is asked many: 32, measured best on 1 MB
    #: and 10 MB). Each answer is kept: a name is asked again and again.
    SCANS = 128
    WORDS_SCANS = 16
    PAIRS_SCANS = 32

    def __init__(self, text: str) -> None:
        self._text = text
        self._joined: str | None = None
        self._raw: str | None = None
        self._compact: str | None = None
        self._asked = 0
        self._places: dict[str, array[int]] | None = None
        self._sequence: array[int] | None = None
        self._ids: dict[str, int] = {}
        self._written: frozenset[str] | None = None
        self._words: frozenset[str] | None = None
        self._asked_words = 0
        self._pairs: frozenset[tuple[str, str]] | None = None
        self._asked_pairs = 0
        self._answers: dict[str, bool] = {}

    @property
    def text(self) -> str:
        return self._text

    @property
    def joined(self) -> str:
        if self._joined is None:
            self._joined = f" {' '.join(_WORD_RE.findall(_symbols(self._text.casefold())))} "
        return self._joined

    @property
    def compact(self) -> str:
        if self._compact is None:
            self._compact = _Searched(self.joined.replace(" ", ""))
        return self._compact

    @property
    def spaced(self) -> str:
        """The words as written (with their case), one space between each."""
        if self._raw is None:
            self._raw = f" {_NON_WORD.sub(' ', _without_addresses(self._text)).strip()} "
        return self._raw

    def named(self, name: str) -> bool:
        """Whether the name occurs inside a sentence (after a word in lower case), not only at
        the start of one, where any word is capitalised."""
        spaced, words = self.spaced, f" {' '.join(_WORD_RE.findall(name))} "
        at = spaced.find(words, 1)
        while at > 0:  # each place the name stands, until one has a lower-case letter before
            if "a" <= spaced[at - 1] <= "z":
                return True
            at = spaced.find(words, at + 1)
        return False

    def has_written(self, word: str) -> bool:
        """Whether the word occurs written exactly so (case included)."""
        if not word or _NON_WORD.search(word):
            if _NEITHER_WORD_NOR_SPACE.search(word):
                return False  # `spaced` holds nothing but words and single spaces
            return f" {word} " in self.spaced  # words: asked of the text itself
        if self._written is None:  # the words of `spaced`, without building it
            self._written = frozenset(_WORD_RE.findall(_without_addresses(self._text)))
        return word in self._written

    def has(self, phrase: str) -> bool:
        wanted = _WORD_RE.findall(_symbols(phrase.casefold()))
        if not wanted:
            return True
        key = " ".join(wanted)
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = self._has(wanted, key)
        return answer

    def _has(self, wanted: list[str], key: str) -> bool:
        if self._places is None:
            if self._words is None:
                self._asked_words += 1
                if self._asked_words > self.WORDS_SCANS:
                    self._words = frozenset(self.joined.split())
            if self._words is not None:
                if not self._words.issuperset(wanted):
                    return False  # a word of it is nowhere in the text
                if len(wanted) == 1:
                    return True
                if self._pairs is None:
                    self._asked_pairs += 1
                    if self._asked_pairs > self.PAIRS_SCANS:
                        # One string per distinct word, shared by the pairs that hold it.
                        words = map(intern, self.joined.split())
                        self._pairs = frozenset(pairwise(words))
                if self._pairs is not None:
                    if not self._pairs.issuperset(pairwise(wanted)):
                        return False  # two of its words are nowhere side by side
                    if len(wanted) == 2:
                        return True
            self._asked += 1
            if self._asked <= self.SCANS:
                return f" {key} " in self.joined
            self._index_places()
        return self._has_words(wanted)

    def _index_places(self) -> None:
        ids = self._ids
        places: dict[str, array[int]] = {}
        sequence = array("l")
        for place, word in enumerate(self.joined.split()):
            number = ids.get(word)
            if number is None:
                number = ids[word] = len(ids)
                places[word] = array("l")
            sequence.append(number)
            places[word].append(place)
        self._places, self._sequence = places, sequence

    def _has_words(self, wanted: list[str]) -> bool:
        """Whether the words stand one after another in the text (from the index)."""
        assert self._places is not None and self._sequence is not None
        found = [self._places.get(word) for word in wanted]
        if any(places is None for places in found):
            return False
        if len(wanted) == 1:
            return True
        numbers = array("l", (self._ids[word] for word in wanted))
        rarest = min(range(len(wanted)), key=lambda k: len(found[k]))  # type: ignore[arg-type]
        sequence, size = self._sequence, len(wanted)
        for place in found[rarest]:  # type: ignore[union-attr]
            start = place - rarest
            if start >= 0 and sequence[start : start + size] == numbers:
                return True
        return False

    def count(self, phrase: str) -> int:
        """How many times the phrase occurs (case, spacing and punctuation aside)."""
        wanted = _WORD_RE.findall(_symbols(phrase.casefold()))
        return self.joined.count(f" {' '.join(wanted)} ") if wanted else 0


#: A document's head: its first section when short, in a document with other sections.
_HEAD_WORDS = 80
#: A field line, "Effective date: ...", "Last-Modified: ...": a label, a colon, a value.
_FIELD_LINE = re.compile(r"^[^\W\d][\w .'-]{0,40}\s?:\s*\S")


def _document_head(comparison: Comparison) -> str:
    """The id of the section that is the document's head (title, status and version lines),
    or "" when there is none: its dates stamp the version rather than set a deadline."""
    if len(comparison.sections) < 2:
        return ""
    first = comparison.sections[0]
    words = max(first.words_inserted, first.words_deleted) + sum(
        len(op.text.split()) for op in first.ops if op.op == "equal"
    )
    return first.id if words < _HEAD_WORDS else ""


def _version_stamp(change: KeyChange, context: _Context) -> bool:
    """A date in the document's head or on a field line of its own: the version's date."""
    if change.category != "date":
        return False
    if change.section == context.head:
        return True
    evidence = change.new_context or change.old_context
    return len(evidence) < 100 and _FIELD_LINE.match(evidence) is not None


class _Context:
    """The two documents as wholes, and each section's title and place."""

    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.titles = {c.id: c.title for c in comparison.sections}
        self.head = _document_head(comparison)
        self._old: _Index | None = None
        self._new: _Index | None = None

    def _body(self, side: str) -> str:
        keep = ("equal", "delete") if side == "old" else ("equal", "insert")
        parts: list[str] = []
        for change in self.comparison.sections:
            ref = change.old if side == "old" else change.new
            if ref is not None:
                parts.append(ref.title)
            parts.extend(op.text for op in change.ops if op.op in keep)
        return "\n".join(parts)

    def reworded(self, sentence: str, side: str) -> bool:
        """Whether that side's document holds most of this sentence's words near one place
        (around one of its rarer, longer words): reworded or moved there, not added or
        removed. A few substring searches, no sentence-by-sentence comparison."""
        joined = (self.old if side == "old" else self.new).joined
        words = _WORD_RE.findall(sentence.casefold())
        # Content words only: "the", "of", "will" are found near any anchor.
        unique = {word for word in words if len(word) > 3}
        language = _rules().language
        if language.code != "en":
            unique -= language.stop_words
            # Long words (German compounds, French terms) carry the content: when some are
            # found nowhere on that side, the words it does hold must make up most (70%) of
            # the sentence's content letters for it to be a rewording.
            absent = [word for word in unique if f" {word} " not in joined]
            if any(len(word) >= 12 for word in absent):
                letters = sum(len(word) for word in unique)
                if sum(len(word) for word in absent) > 0.3 * letters:
                    return False
        if not unique:
            return True
        span = 8 * len(words) + 80  # characters either side of an anchor word
        longest = sorted(unique, key=lambda word: (-len(word), word))
        anchors = longest[:3]
        found = [word for word in anchors if f" {word} " in joined]
        if len(found) < 2:
            # Most of its longest words are new (a duty moved with a qualifier added): the
            # longest words that side holds anchor the search.
            anchors = [word for word in longest[:8] if f" {word} " in joined][:3]
        for anchor in anchors:
            at = joined.find(f" {anchor} ")
            for _ in range(20):
                if at < 0:
                    break
                window = set(joined[max(0, at - span) : at + span].split())
                if len(unique & window) >= 0.5 * len(unique):
                    return True
                at = joined.find(f" {anchor} ", at + 1)
        return False

    @property
    def old(self) -> _Index:
        if self._old is None:
            self._old = _Index(self._body("old"))
        return self._old

    @property
    def new(self) -> _Index:
        if self._new is None:
            self._new = _Index(self._body("new"))
        return self._new


@lru_cache(maxsize=256)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)


@lru_cache(maxsize=64)  # emptied after each comparison: it holds section bodies
def _occurrences(word: str, body: str) -> int:
    """How often the word occurs in a section body (counted once per word and body)."""
    pattern = _word_pattern(word)
    if not word.isascii() or any(letter in body for letter in _FOLDS_TO_ASCII):
        return len(pattern.findall(body))
    # The same count, faster on a long body: the pattern is tried only where the lowered word
    # is found in the lowered body (every other letter that the case-blind pattern takes for
    # an ASCII one lowers to it, one letter for one).
    lowered, target = _lowered(body), word.lower()
    count = start = 0
    while (at := lowered.find(target, start)) >= 0:
        if pattern.match(body, at):
            count += 1
            start = at + len(target)
        else:
            start = at + 1
    return count


#: Letters a case-blind pattern matches with an ASCII letter that `str.lower` does not lower
#: to it letter for letter (dotless i, long s, capital I with a dot).
_FOLDS_TO_ASCII = "\u0131\u017f\u0130"


@lru_cache(maxsize=2)  # emptied after each comparison: it holds section bodies
def _lowered(body: str) -> str:
    return body.lower()
