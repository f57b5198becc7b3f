"""Edited pieces: what a piece of an edited sentence is (condition, term, qualifier, reference,
enumeration member), and whether its surroundings were kept or reworded.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from difflib import SequenceMatcher
from functools import lru_cache

from draftwatch.engine.keychanges.index import _Index
from draftwatch.engine.keychanges.rules import _WORD_RE, _alternatives, _rules
from draftwatch.engine.keychanges.text import (
    _binding_pattern,
    _fold,
    _reference_pattern,
    _without_descriptive_modals,
)
from draftwatch.engine.languages import table as language_table
from draftwatch.engine.tokens import split_sentences

# --- Clauses changed inside a paragraph -----------------------------------------------------
# A sentence, a list item or a condition that binds, added to or removed from a paragraph whose
# other text stayed: read sentence by sentence and hunk by hunk, after the rules above, and told
# only where they told nothing of that sentence.

#: A sentence with this share of its letters inside the edits was added or removed whole.
_MOSTLY_EDITED = 0.7
#: A piece added to or removed from a sentence that binds is a change of its scope from this
#: many words (a condition, an exception or a time limit from three).
_SCOPE_WORDS = 5
_SCOPE_CONTENT_WORDS = 4
_CONDITION_WORDS = 3
#: Content words of a qualifier removed from a provision with nothing in its place ("une
#: convention [fiscale contenant une clause] d'assistance"): the provision now reaches more.
_QUALIFIER_CONTENT_WORDS = 3
_TOKEN = re.compile(r"\S+\s*")
#: A paragraph's number in brackets before its text: "(3a) Teleshopping ist ...", "(b) The ...".
_PARAGRAPH_LABEL = re.compile(r"^\(\w{1,4}\)\s+(?=\w)")


@lru_cache(maxsize=16)
def _condition_pattern(code: str) -> re.Pattern[str] | None:
    """The language's condition, exception and time-limit markers ("unless", "sofern", "sauf")."""
    condition = language_table(code).condition
    return re.compile(condition, re.IGNORECASE) if condition else None


def _states_condition(text: str) -> bool:
    pattern = _condition_pattern(_rules().language.code)
    return pattern is not None and pattern.search(text) is not None


def _states_term(sentence: str) -> bool:
    """Whether a sentence states an obligation, a prohibition, a right, an exception or a
    deadline: in the language's `binding` words where it has them (English, stricter than
    `_binds`, as a sentence edited inside a paragraph needs more to be told), else in its
    obligation words or a condition. Modal verbs that only describe do not count."""
    text = _without_descriptive_modals(sentence)
    binding = _binding_pattern(_rules().language.code)
    if binding is not None:
        return binding.search(text) is not None
    return _rules().obligation.search(text) is not None or _states_condition(text)


#: Characters either side of a sentence that must be mostly unchanged for it to count as added
#: or removed among text that stayed.
_SURROUNDINGS = 400


def _letters(text: str) -> int:
    """Characters other than white space."""
    return len("".join(text.split()))


def _edited_letters(body: str, edits: list[tuple[int, int]], start: int, end: int) -> int:
    """Characters other than white space of body[start:end] inside the edits (in order)."""
    total = 0
    for a, b in edits[max(0, bisect_left(edits, (start, start)) - 1) :]:
        if a >= end:
            break
        if b > start:
            total += _letters(body[max(a, start) : min(b, end)])
    return total


def _joined(body: str, left: int, right: int) -> bool:
    """Whether only spaces or a stop keep two edits apart (they are one)."""
    return 0 <= right - left <= 20 and not body[left:right].strip(" \n\t.,;:")


def _surroundings_kept(body: str, edits: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the text around the edit holding body[start:end] (the sentences before and
    after it) is mostly unchanged: sentences added or removed among others, not a passage
    rewritten."""
    at = max(0, bisect_left(edits, (start, start)) - 1)
    for a, b in reversed(edits[:at]):  # edits before: joined to the sentence's edit, or not
        if b > start or _joined(body, b, start):
            start = min(start, a)
        else:
            break
    for a, b in edits[at:]:
        if a < end and b > start:
            start, end = min(start, a), max(end, b)
        elif _joined(body, b, start):
            start = min(start, a)
        elif _joined(body, end, a):
            end = max(end, b)
        elif a > end:
            break
    before = (max(0, start - _SURROUNDINGS), start)
    after = (end, min(len(body), end + _SURROUNDINGS))
    letters = _letters(body[before[0] : before[1]]) + _letters(body[after[0] : after[1]])
    if not letters:
        return True  # alone in its section: the outline and the rules above tell it
    edited = sum(_edited_letters(body, edits, a, b) for a, b in (before, after))
    return edited <= 0.5 * letters


#: Share of a sentence's content words found together on the other side for it to count as
#: reworded there (moved with a few words changed).
_CLOSELY = 0.8


def _reworded_closely(text: str, other: _Index) -> bool:
    """Whether the other document holds most (_CLOSELY) of the sentence's content words near
    one place: the sentence moved there with a few words changed."""
    words = set(_content_words(text))
    if not words:
        return True
    joined = other.joined
    span = 8 * len(text.split()) + 80
    for anchor in sorted(words, key=lambda word: (-len(word), word))[:3]:
        at = joined.find(f" {anchor} ")
        for _ in range(20):
            if at < 0:
                break
            window = set(joined[max(0, at - span) : at + span].split())
            if len(words & window) >= _CLOSELY * len(words):
                return True
            at = joined.find(f" {anchor} ", at + 1)
    return False


def _twin_kept(text: str, own: _Index, other: _Index) -> bool:
    """Whether the passage of the other side that a sentence closely resembles still stands on
    the sentence's own side as well: its side holds one more such passage than the other (a
    new item much like one that stayed, "an Kinder und Jugendliche" beside "an Kinder unter
    14 Jahren"), so the sentence is added or removed, not that passage reworded."""
    return _close_passages(text, own) > _close_passages(text, other)


def _close_passages(text: str, index: _Index) -> int:
    """How many places of a text hold most (_CLOSELY) of a sentence's content words around its
    longest one."""
    words = set(_content_words(text))
    if not words:
        return 0
    joined = index.joined
    span = 8 * len(text.split()) + 80
    anchor = f" {min(words, key=lambda word: (-len(word), word))} "
    found, at = 0, joined.find(anchor)
    while at >= 0 and found < 20:
        window = set(joined[max(0, at - span) : at + span].split())
        found += len(words & window) >= _CLOSELY * len(words)
        at = joined.find(anchor, at + 1)
    return found


#: Share of a sentence's content words found in the other side's edits of its section for it
#: to count as folded into the text put in its place (a paragraph recast as a list).
_FOLDED = 0.5


def _said_in_edits(text: str, other_body: str, other_edits: list[tuple[int, int]]) -> bool:
    """Whether the text the section's edits put on the other side holds most of the sentence's
    content words: the sentence was recast there, not added or removed."""
    words = set(_content_words(text))
    if not words:
        return False
    edited = set(_content_words(" ".join(other_body[a:b] for a, b in other_edits)))
    return len(words & edited) >= _FOLDED * len(words)


#: Letters of a word that names a term of its own (German compounds, French terms).
_TERM_LETTERS = 12


def _new_exception(text: str, other: _Index) -> bool:
    """Whether a sentence states a condition or exception for a term the other document never
    names ("gilt nicht für ... In-vitro-Diagnostika gemäß ... Medizinprodukte-Abgabeverordnung"):
    though its other words come from the passage it was recast from, the exception is new."""
    if not _states_condition(text):
        return False
    return any(
        len(word) >= _TERM_LETTERS and not other.has(word) for word in set(_content_words(text))
    )


def _pieces(gone: str, came: str, *, whole: bool = False) -> list[tuple[str, str]]:
    """The two sides of a hunk split where they agree word for word (punctuation aside): each
    (removed, added) piece between words the two sides share; with `whole`, one piece, the
    hunk without the words its sides begin and end with alike."""
    gone_tokens, came_tokens = _TOKEN.findall(gone), _TOKEN.findall(came)
    if whole:

        def same(a: str, b: str) -> bool:
            return _fold(a).strip(".,;:()") == _fold(b).strip(".,;:()")

        while gone_tokens and came_tokens and same(gone_tokens[0], came_tokens[0]):
            gone_tokens, came_tokens = gone_tokens[1:], came_tokens[1:]
        while gone_tokens and came_tokens and same(gone_tokens[-1], came_tokens[-1]):
            gone_tokens, came_tokens = gone_tokens[:-1], came_tokens[:-1]
        return [("".join(gone_tokens).strip(" ,;"), "".join(came_tokens).strip(" ,;"))]
    matcher = SequenceMatcher(
        None,
        [_fold(t).strip(".,;:()") for t in gone_tokens],
        [_fold(t).strip(".,;:()") for t in came_tokens],
        autojunk=False,
    )
    return [
        ("".join(gone_tokens[i1:i2]).strip(" ,;"), "".join(came_tokens[j1:j2]).strip(" ,;"))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _content_words(text: str) -> list[str]:
    """Words of four letters or more that are not function words."""
    stop_words = _rules().language.stop_words
    return [
        w
        for w in _WORD_RE.findall(text.casefold())
        if len(w) > 3 and w.isalpha() and w not in stop_words
    ]


#: A qualifier this long at least: "unless agreed" is one, "except" alone is a reworded joint.
_QUALIFIER_WORDS = 3


@lru_cache(maxsize=16)
def _qualifier_patterns(
    code: str,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    """The language's qualifier opening (at a piece's start, after a joining word), the same
    anywhere, and its disclaimer words; None when it has no qualifier words."""
    table = language_table(code)
    if not table.qualifier:
        return None
    joining = _alternatives(table.joining_words) if table.joining_words else "(?!)"
    opening = re.compile(rf"^\W*(?:(?:{joining})\W+)?(?:{table.qualifier})", re.IGNORECASE)
    anywhere = re.compile(rf"(?<!\w)(?:{table.qualifier})", re.IGNORECASE)
    disclaimer = re.compile(table.disclaimer or "(?!)", re.IGNORECASE)
    return opening, anywhere, disclaimer


def _in_condition(piece: str, sentence: str) -> bool:
    """Whether a piece states a condition or stands just after the word that opens one
    ("unless [the fees are paid]")."""
    if not piece or _states_condition(piece):
        return bool(piece)
    at = sentence.find(piece)
    if at < 0:
        return False
    lead = sentence[:at].split()[-3:]
    return _states_condition(" ".join(lead)) and not any(w[-1:] in ",;:" for w in lead[:-1])


#: English words that open a condition of time ("after GitHub accepts ...", "once paid").
_TIME_CONDITION = re.compile(r"\b(?:after|before|once|upon|when|until)\b", re.IGNORECASE)


def _joins_condition(piece: str, sentence: str) -> bool:
    """Whether a piece opening with "and" or "or" adds one more requirement to a condition
    opened earlier in the same clause ("begins after GitHub accepts the account [and publishes
    its profile]"), in English, where a condition of time counts too."""
    if not piece or not re.match(r"(?:and|or)\s", piece, re.IGNORECASE):
        return False
    at = sentence.find(piece)
    if at < 0:
        return False
    clause = re.split(r"[,;:]", sentence[:at])[-1]
    if _states_condition(clause):
        return True
    return _rules().language.code == "en" and _TIME_CONDITION.search(clause) is not None


def _piece_kind(
    gone: str,
    came: str,
    old_sentence: str,
    new_sentence: str,
    gone_condition: bool,
    came_condition: bool,
) -> str:
    """What a piece changed in a sentence: a condition added, removed or changed, or words
    added to or removed from a provision; "" when it is none of these."""
    gone_words, came_words = _content_words(gone), _content_words(came)
    if set(gone_words) == set(came_words):
        return ""  # reordered, re-inflected or punctuation
    if len(split_sentences(gone)) > 1 or len(split_sentences(came)) > 1:
        return ""  # a sentence added or removed with the piece: not a qualifier of one
    if not gone_words and came_condition and len(came_words) >= _CONDITION_WORDS - 1:
        return "condition added"
    if not came_words and gone_condition and len(gone_words) >= _CONDITION_WORDS - 1:
        return "condition removed"
    if gone_words and came_words and (gone_condition or came_condition):
        if gone_condition != came_condition:
            side = gone_words if gone_condition else came_words
            return "condition changed" if len(side) >= _CONDITION_WORDS else ""
        if min(len(set(gone_words) - set(came_words)), len(set(came_words) - set(gone_words))) >= (
            _CONDITION_WORDS
        ):
            return "condition changed"  # one condition put for another
        return ""
    if _binding_pattern(_rules().language.code) is not None:
        return ""  # words added to a contract's sentence may only describe; a law's bind
    # Every sentence of a law binds: words added with nothing in their place (or removed)
    # change what it applies to.
    if gone and came:
        return ""
    if not gone_words and _reference_added(came, old_sentence):
        return "reference added"
    if len(came_words) >= _SCOPE_CONTENT_WORDS and len(came.split()) >= _SCOPE_WORDS:
        return "words added to a provision"
    if len(gone_words) >= _QUALIFIER_CONTENT_WORDS and len(gone.split()) >= _SCOPE_WORDS - 1:
        return "words removed from a provision"
    if came_words and _enumerated(came, new_sentence):
        return "item added to an enumeration"
    if gone_words and _enumerated(gone, old_sentence):
        return "item removed from an enumeration"
    return ""


def _reference_added(piece: str, old_sentence: str) -> bool:
    """Whether a piece added to a law's provision joins one more cross-reference to it ("223 A"
    -> "223 A ou de l'article 223 A bis"): the provision now reaches the text it cites."""
    words = piece.split()
    joining = _rules().language.joining_words
    if not words or words[0].casefold() not in joining:
        return False
    cited = _reference_pattern(_rules().language.code).findall(piece)
    return any(_fold(reference) not in _fold(old_sentence) for reference in cited)


def _enumerated(piece: str, sentence: str) -> bool:
    """Whether a piece of a few words stands beside a comma in its sentence: one member of an
    enumeration ("ärztlichen, tierärztlichen oder pharmazeutischen", "un candidat, un binôme
    de candidats ou une liste")."""
    markers = [m.rstrip(".").casefold() for m in _rules().language.clause_markers if len(m) > 2]
    if _only_modal_verbs(piece):
        return False  # ", die ... abgeben dürfen," -> ", die ... abgeben,": a verb, no member
    qualifier = _qualifier_patterns(_rules().language.code)
    if qualifier is not None and qualifier[0].search(piece):
        return False  # ", unbeschadet weiterer Pflichten,": a qualifier, told as one
    if len(piece.split()) >= _SCOPE_WORDS or any(
        word.startswith(marker) for word in _WORD_RE.findall(piece.casefold()) for marker in markers
    ):
        return False  # a longer piece, or a cross-reference
    return _beside_comma(piece, sentence)


def _is_word_character(text: str, at: int) -> bool:
    """Whether text[at] is a word character as `re`'s `\\w` reads it (False outside the text)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _beside_comma(piece: str, sentence: str) -> bool:
    """Whether the piece stands in the sentence right after a comma (spaces between) and ends
    at a word boundary, or starts at a word boundary and is followed by a comma: the pattern
    `,\\s*PIECE\\b|\\bPIECE\\s*,` without compiling a pattern for each piece."""
    size = len(piece)
    at = sentence.find(piece)
    while at >= 0:
        end = at + size
        before = at - 1
        while before >= 0 and sentence[before].isspace():
            before -= 1
        if (
            before >= 0
            and sentence[before] == ","
            and (_is_word_character(sentence, end - 1) != _is_word_character(sentence, end))
        ):
            return True
        after = end
        while after < len(sentence) and sentence[after].isspace():
            after += 1
        if (
            after < len(sentence)
            and sentence[after] == ","
            and _is_word_character(sentence, at - 1) != _is_word_character(sentence, at)
        ):
            return True
        at = sentence.find(piece, at + 1)
    return False


def _only_modal_verbs(piece: str) -> bool:
    words = _WORD_RE.findall(piece.casefold())
    return bool(words) and all(word in _rules().modals for word in words)
