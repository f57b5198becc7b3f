"""Parties and entities: modality and negation changes, names added, replaced or renamed, roles
named, and `key_values`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from draftwatch.engine.keychanges.index import _Context
from draftwatch.engine.keychanges.rules import (
    _MODALS,
    _NOT_PARTIES,
    _SENTENCE_START,
    _Rules,
    _rules,
)
from draftwatch.engine.keychanges.text import (
    _compact,
    _make,
    _modals,
    _one_sentence_around,
    _restated_as_participle,
    _SentencePair,
    _text,
    _unique,
)
from draftwatch.engine.keychanges.values import _values
from draftwatch.model import (
    Comparison,
    KeyChange,
    OpKind,
)


def _modality_change(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    """One modal verb swapped for another, added or removed in an edited sentence; the month
    May is no modal, and a modal that only moved within the sentence did not change."""
    old_all = Counter(_modals(pair.old_text, necessity=True))
    new_all = Counter(_modals(pair.new_text, necessity=True))
    old_words: list[str] = []
    new_words: list[str] = []
    for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True):
        if len(old_piece.split()) + len(new_piece.split()) > 24:
            continue  # a rewritten passage, not a modal verb changed
        old_words += [w for w in _modals(old_piece) if old_all[w] > new_all[w]]
        new_words += [w for w in _modals(new_piece) if new_all[w] > old_all[w]]
    old_words, new_words = _unique(old_words), _unique(new_words)
    if (not old_words and not new_words) or len(old_words) > 1 or len(new_words) > 1:
        return  # nothing, or a lump of a rewritten sentence
    old = old_words[0] if old_words else ""
    new = new_words[0] if new_words else ""
    if old and not new and _restated_as_participle(old, pair):
        return  # "each sentence should end in a period" -> "each sentence ending in a period"
    modals = _rules().modals
    if not (old and new) and modals.get(old or new, 0) < 3 and (old or new) != "may":
        return  # can, could, might, would added or dropped alone: ability, not obligation
    strength = modals.get(new, 0) - modals.get(old, 0) if old and new else 0
    direction = " (stronger)" if strength > 0 else " (weaker)" if strength < 0 else ""
    summary = f"{old or '(none)'} -> {new or '(none)'}{direction}"
    yield _make("modality", section, old, new, pair.old, pair.new, summary=summary)


def _negation_change(pair: _SentencePair, section: str) -> Iterable[KeyChange]:
    """One negation added or removed in an edited sentence (counted in the whole sentence)."""
    negation = _rules().negation
    old_all = Counter(m.group(0).lower() for m in negation.finditer(pair.old_text))
    new_all = Counter(m.group(0).lower() for m in negation.finditer(pair.new_text))
    removed = [w for w in old_all if old_all[w] > new_all[w]]
    added = [w for w in new_all if new_all[w] > old_all[w]]
    if (not removed and not added) or len(removed) + len(added) > 1:
        return
    pieces = " ".join(
        piece
        for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True)
        if len(old_piece.split()) + len(new_piece.split()) <= 24
        for piece in (old_piece, new_piece)
    ).lower()
    word = (removed or added)[0]
    if not re.search(rf"\b{re.escape(word)}\b", pieces):
        return
    yield _make("negation", section, " ".join(removed), " ".join(added), pair.old, pair.new)


def _entity_changes(pair: _SentencePair, section: str, context: _Context) -> Iterable[KeyChange]:
    """Proper names in one sentence and nowhere in the other document; one out and one in is a
    replacement. Spelling variants (`U.S.` and `US`, `Annex1` and `Annex 1`) are one name."""
    old_names, new_names = _entities(pair.old_text), _entities(pair.new_text)
    everything = [*old_names, *new_names]
    old_pieces, new_pieces = " ".join(pair.old_pieces), " ".join(pair.new_pieces)
    # One proper name put in the place of another in an edited sentence ("GitHub will issue a
    # payout" -> "Stripe will issue a payout"): a change of party, though both are named
    # elsewhere in the documents.
    # Cheap test first: does a small edit change its capitalised words at all?
    maybe_swapped = any(
        len(f"{old_piece} {new_piece}".split()) <= 24
        and set(_CAPITALISED.findall(old_piece)) != set(_CAPITALISED.findall(new_piece))
        for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True)
    )
    old_all = _entities(pair.old_text, True) if maybe_swapped else ()
    new_all = _entities(pair.new_text, True) if maybe_swapped else ()
    swapped_out = [n for n in old_all if n not in new_all and n in old_pieces]
    swapped_in = [n for n in new_all if n not in old_all and n in new_pieces]
    if maybe_swapped and len(swapped_out) == len(swapped_in) == 1:
        out, into = swapped_out[0], swapped_in[0]
        in_one_edit = any(
            out in old_piece and into in new_piece and len(f"{old_piece} {new_piece}".split()) <= 24
            for old_piece, new_piece in zip(pair.old_pieces, pair.new_pieces, strict=True)
        )
        if (
            in_one_edit
            and _compact(out) != _compact(into)
            and not _abbreviation_of(out, everything)
            and not _abbreviation_of(into, everything)
            and into.casefold() not in (n.casefold() for n in old_all)
            and out.casefold() not in (n.casefold() for n in new_all)
            and _proper(out, context)
            and _proper(into, context)
            and (out in old_names or context.old.named(out))
            and (into in new_names or context.new.named(into))
        ):
            yield _make("entity", section, out, into, pair.old, pair.new)
            return
    if old_names == new_names:
        return
    gone = [
        n
        for n in old_names
        if n not in new_names
        and n in old_pieces
        and not _abbreviation_of(n, everything)
        and not context.new.has(n)
        and _proper(n, context)
        and _compact(n) not in context.new.compact
    ]
    came = [
        n
        for n in new_names
        if n not in old_names
        and n in new_pieces
        and not _abbreviation_of(n, everything)
        and not context.old.has(n)
        and _proper(n, context)
        and _compact(n) not in context.old.compact
    ]
    if len(gone) > 2 or len(came) > 2:
        return  # a lump of a rewritten passage
    if len(gone) == len(came) == 1:
        yield _make("entity", section, gone[0], came[0], pair.old, pair.new)
        return
    for out, into in _names_replaced_in_place(pair, gone, came, context):
        if out in gone:
            gone.remove(out)
        if into in came:
            came.remove(into)
        yield _make("entity", section, out, into, pair.old, pair.new)
    # A party named or dropped alone is a full name (Nick Coghlan, Creative Commons Zero): one
    # word alone (README, Emacs, Supplements) is far more often a term or a product.
    for name in gone:
        if " " in name:
            yield _make("entity", section, name, "", pair.old, pair.new)
    for name in came:
        if " " in name:
            yield _make("entity", section, "", name, pair.old, pair.new)


def _names_replaced_in_place(
    pair: _SentencePair, gone: list[str], came: list[str], context: _Context
) -> list[tuple[str, str]]:
    """Names gone from (or come to) an edited sentence, each with what took (or held) its place
    on the other side: the text between the same words around it ("Court of Justice of the
    [European Communities], as laid" -> "... of the [European Union], as laid"), else a name of
    the other sentence, new to it, that shares one of its words ("European Community" ->
    "European Union"). One replacement, one entry, not a name dropped and a name added."""
    old_text, new_text = " ".join(pair.old_text.split()), " ".join(pair.new_text.split())
    found: list[tuple[str, str]] = []
    for name in gone:
        other = _in_its_place(name, old_text, new_text) or _sharing_a_word(
            name, old_text, new_text, context
        )
        if other:
            found.append((name, other))
    for name in came:
        if any(into == name for _, into in found):
            continue
        other = _in_its_place(name, new_text, old_text) or _sharing_a_word(
            name, new_text, old_text, context
        )
        if other:
            found.append((other, name))
    return found


#: Words either side of a name that locate its place in the other sentence.
_PLACE_WORDS = 3
#: The most words that may stand in a name's place to be read as what replaced it.
_IN_PLACE_WORDS = 6
_PLACE_TOKEN = re.compile(r"\w[\w'’.-]*|[^\w\s]")


def _in_its_place(name: str, text: str, other_text: str) -> str:
    """What the other sentence holds between the words that surround `name` in `text` (three
    words before, up to two tokens after): a span of a few words that opens with a capital and
    holds one name, another than `name`; "" where the surrounding words are not found together."""
    at = text.find(name)
    if at < 0:
        return ""
    before = _PLACE_TOKEN.findall(text[:at])[-_PLACE_WORDS:]
    after = _PLACE_TOKEN.findall(text[at + len(name) :])[:2]
    stop_words = _rules().language.stop_words
    if len(before) < _PLACE_WORDS or all(
        not w[0].isalpha() or w.casefold() in stop_words for w in before
    ):
        return ""  # too little of a place to find (", of the")
    left = r"\s*".join(re.escape(token) for token in before)
    right = r"\s*".join(re.escape(token) for token in after) if after else r"$"
    match = re.search(rf"(?<!\w){left}\s+([^.;:]{{1,120}}?)\s*{right}", other_text)
    if match is None:
        return ""
    span = match.group(1).strip(" ,")
    words = span.split()
    if not words or len(words) > _IN_PLACE_WORDS or not words[0][:1].isupper():
        return ""
    if _compact(span) == _compact(name) or span in text:
        return ""  # the same name, or one the sentence already held
    if sum(other in span for other in _entities(other_text, True)) != 1:
        return ""  # no name, or several ("Ukraine and the Republic of Moldova"): not one party
    return span


def _sharing_a_word(name: str, text: str, other_text: str, context: _Context) -> str:
    """The one name of the other sentence, absent from this one, that shares a capitalised
    word with `name` ("European Community" and "European Union"), or ""."""
    words = {w for w in name.split() if w[:1].isupper() and len(w) > 2}
    candidates = [
        other
        for other in _entities(other_text, True)
        if other not in text
        and words & set(other.split())
        and _compact(other) != _compact(name)
        and _proper(other, context)
    ]
    return candidates[0] if len(candidates) == 1 else ""


#: A name given a role by a possessive apposition (English): "Stripe, our payment processor,",
#: "Acme Ltd, its subcontractor.".
_ROLE_APPOSITION = re.compile(
    r"\b([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3}),\s+(?:our|its|their|your|his|her)\s+"
    r"([a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,3})(?=\s*[,.;)])"
)


def _roles_named(comparison: Comparison, context: _Context) -> Iterator[KeyChange]:
    """A party named for a role the document gives it ("provided that Stripe, our payment
    processor, can collect ..."), in text added (or removed) where the other side never names
    it for that role: whom the document now relies on (or no longer does), whether or not the
    name stands elsewhere in passing."""
    if _rules().language.code != "en":
        return
    for change in comparison.sections:
        for side, kind in (("new", OpKind.INSERT), ("old", OpKind.DELETE)):
            other = context.old if side == "new" else context.new
            for op in change.ops:
                if op.op != kind or op.cosmetic or op.move is not None or "," not in op.text:
                    continue
                text = _text(op.text)
                for match in _ROLE_APPOSITION.finditer(text):
                    name, role = match.group(1), match.group(2)
                    words = name.split()
                    while words and words[0].lower() in _rules().not_names:
                        words = words[1:]
                    name = " ".join(words)
                    if not name or _shouting(text) or not _proper(name, context):
                        continue
                    if other.has(f"{name} {match.group(0)[len(match.group(1)) :]}"):
                        continue
                    sentence = _one_sentence_around(text, match.start(), match.end())
                    if side == "new":
                        summary = f"(none) -> {name} ({role})"
                        yield _make("entity", change.id, "", name, "", sentence, summary=summary)
                    else:
                        summary = f"{name} ({role}) -> (none)"
                        yield _make("entity", change.id, name, "", sentence, "", summary=summary)


def _proper(name: str, context: _Context) -> bool:
    """A proper name is not a common word capitalised: its words (the first of one-word
    names, every word of longer ones) are not found in lower case on either side."""
    words = [w for w in name.split() if w.lower() not in ("of", "for", "the", "and")]
    if any(c.isdigit() for c in name):
        return False  # "Annex 1", "A-130", "M-97-02": references to texts, not parties
    for word in words:
        if word.isupper() and len(word) > 1:
            continue
        lower = word.lower()
        if context.old.has_written(lower) or context.new.has_written(lower):
            return False
    return True


def _entities(sentence: str, initial: bool = False) -> tuple[str, ...]:
    return _entities_in(sentence, initial, _rules())


@lru_cache(maxsize=4096)
def _entities_in(sentence: str, initial: bool, rules: _Rules) -> tuple[str, ...]:
    """Names in a sentence, once each, without a phrase-opening word ("When Federal" ...);
    none in ALL-CAPS text, in bold labels (`**Term**`) or at the start of a sentence."""
    if _shouting(sentence):
        return ()
    names: list[str] = []
    for match in rules.entity.finditer(sentence):
        words = match.group(0).split()
        start, end = match.span()
        if sentence[end : end + 1] in ("-", ":") and not words[-1][-1].isdigit():
            words = words[:-1]  # "Content-Type", "Author:" are field names, not names
        if sentence[start - 1 : start] in ("-", "$") and words:
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[0].lower() in rules.not_names:
            start += len(words[0]) + 1
            words = words[1:]
        if not words or len(words[0]) < 2 or words[0] in _NOT_PARTIES:
            continue
        if sentence[max(0, start - 2) : start] in ("**", "__") or sentence[start - 1 : start] in (
            '"',
            "“",
            "*",
            "_",
        ):
            continue  # a defined term or a bold label
        name = " ".join(words)
        if not initial and len(words) == 1 and _CAMEL.fullmatch(name):
            continue  # ValueError, HttpServerError: names in code, told only as a swap
        plain = len(words) == 1 and not (name.isupper() or any(c.isdigit() for c in name))
        if plain and not initial and _SENTENCE_START.search(sentence[:start]):
            continue  # a capitalised first word is just the start of a sentence
        names.append(name)
    return tuple(dict.fromkeys(names))


_CAPITALISED = re.compile(r"\b[A-Z]\w*")
_CAMEL = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+")
_CAPS_RUN = re.compile(r"[A-Z]{3,}\W+[A-Z]{3,}")


def _shouting(sentence: str) -> bool:
    """ALL-CAPS text (a disclaimer): its words are not names."""
    if not _CAPS_RUN.search(sentence):
        return False
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


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
