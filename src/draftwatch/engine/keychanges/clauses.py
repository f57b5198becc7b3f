"""Clauses: sentences and paragraphs added or removed whole, items grown or replaced under their
number, binding sentences and prose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial

from draftwatch.engine.keychanges.index import _Context, _Index, _occurrences, _word_pattern
from draftwatch.engine.keychanges.rules import _APPARATUS, _DIGIT, _RELATED, _WORD_RE, _rules
from draftwatch.engine.keychanges.text import (
    _FRAGMENT_WORDS,
    _PROHIBITION,
    _binding_pattern,
    _cut,
    _fold,
    _make,
    _modals,
    _one_sentence_around,
    _reference_pattern,
    _SentencePair,
    _similarity,
    _text,
    _unlabelled,
    _without_descriptive_modals,
)
from draftwatch.engine.keychanges.values import _has_number_word, _values
from draftwatch.engine.tokens import BULLET as _BULLET
from draftwatch.engine.tokens import split_sentences
from draftwatch.model import (
    KeyChange,
    SectionChange,
)


def _word_or_its_sentence(
    change: KeyChange, pair: _SentencePair, context: _Context
) -> Iterable[KeyChange]:
    """A modal or negation word added or dropped with the whole sentence holding it ("Never mix
    tabs and spaces.") is told as that sentence, a `clause` quoting it, not as a bare word; nothing
    when the sentence stands unchanged elsewhere on the other side (it moved), or is code."""
    word, added = (change.new, True) if change.new else (change.old, False)
    if not word or (change.old and change.new):
        yield change
        return
    text, other_text = (pair.new_text, pair.old_text) if added else (pair.old_text, pair.new_text)
    pattern = _word_pattern(word)
    folded_other = _fold(other_text)
    holding = [
        sentence.strip()
        for part in text.split("\n\n")
        for sentence in split_sentences(part)
        if pattern.search(sentence) and _fold(sentence) not in folded_other
    ]
    others = [s for part in other_text.split("\n\n") for s in split_sentences(part)]
    if len(holding) > 1:  # the ones that are edits of a sentence of the other side hold it too
        holding = [h for h in holding if not any(_similarity(h, o) >= _RELATED for o in others)]
    if len(holding) != 1:
        yield change
        return
    sentence = _unlabelled(_BULLET.sub("", holding[0]))
    if not _prose(sentence):
        if not _CODE_SIGN.search(sentence):
            yield change  # a table row or a short line: the word is the change
        return  # a comment in a code example, not a rule
    if any(_similarity(sentence, other) >= _RELATED for other in others):
        yield change  # the sentence was edited: the word is the change
        return
    other = context.old if added else context.new
    if other.has(sentence):
        return  # the sentence moved unchanged
    if context.reworded(sentence, "old" if added else "new"):
        if _more_or_fewer(word, added, context):
            yield change  # reworded elsewhere without the word: the word is what changed
        return
    if not _binds(sentence):
        return  # a statement of fact ("The latter form is not legal syntax."), added or gone
    yield _whole_clause(sentence, change.section, added)


def _whole_clause(text: str, section: str, added: bool, quote: str = "") -> KeyChange:
    """A `clause` key change for text added or removed whole, its summary quoting it (or
    `quote`, its first sentence), shortened."""
    summary = f"{'added' if added else 'removed'}: “{_cut(quote or text, 90)}”"
    old, new = ("", text) if added else (text, "")
    return _make("clause", section, old, new, old, new, summary=summary)


def _more_or_fewer(word: str, added: bool, context: _Context) -> bool:
    """Whether the new document holds the word more often than the old one (fewer, for a word
    dropped): a sentence reworded elsewhere with its word kept changed nothing there."""
    old_count, new_count = context.old.count(word), context.new.count(word)
    return new_count > old_count if added else new_count < old_count


def _binds(sentence: str) -> bool:
    """Whether a sentence obliges, permits or forbids: an obligation word, a modal verb of some
    strength (should, will, must), or a prohibition opening it or one of its clauses ("Never
    invent such names", "In particular: do not break ...")."""
    plain = _without_descriptive_modals(sentence)
    if _rules().obligation.search(plain) or _PROHIBITION.search(plain):
        return True
    binding = _binding_pattern(_rules().language.code)
    if binding is not None and binding.search(plain):
        return True  # a right reserved or a remedy ("may terminate", "at its sole discretion")
    return any(_rules().modals.get(modal, 0) >= 3 for modal in _modals(plain))


#: Signs of a line of code: an assignment, a call, braces, a comment mark.
_CODE_SIGN = re.compile(r"[={}]|\w\(|^\s*#")


def _whole(pair: _SentencePair) -> bool:
    """Sentences added or removed whole (read so only in languages other than English)."""
    return (not pair.old or not pair.new) and _rules().language.code != "en"


def _repealed(sentence: str) -> bool:
    """Whether a sentence is only a repeal marker: "(weggefallen)", "6. Abrogé", "[Repealed]"."""
    words = _WORD_RE.findall(_unlabelled(sentence.strip()).casefold())
    return len(words) == 1 and words[0] in _rules().language.repeal_words


def _whole_sentences(body: str, start: int, end: int) -> str:
    """The sentences body[start:end] adds or removes whole, in a language other than English
    ("... enthalten[. Dies gilt auch für ...]."), or "" if it cuts into a sentence."""
    if _rules().language.code == "en":
        return ""
    text = body[start:end]
    first = next((i for i, c in enumerate(text) if c.isalnum()), -1)
    if first < 0:
        return ""
    begin = start + first
    if (
        _one_sentence_around(body, begin, begin + 1)
        != body[begin:].split("\n\n")[0][: len(_one_sentence_around(body, begin, begin + 1))]
    ):
        return ""  # the insertion does not start a sentence
    stop = end
    if body[stop : stop + 1] in (".", ";", ":"):
        stop += 1
    if not (stop == len(body) or body[stop].isspace()) or body[stop - 1] not in ".;:":
        return ""  # nor end one
    added = body[begin:stop].strip()
    return added if len(added.split()) >= _FRAGMENT_WORDS + 1 else ""


def _whole_paragraphs(body: str, start: int, end: int) -> bool:
    """Whether body[start:end] is one or more whole paragraphs (a blank line on either side),
    in a language other than English (whose rules were tuned with the sentence beside it)."""
    if _rules().language.code == "en":
        return False
    text = body[start:end]
    before = body[:start].endswith("\n\n") or text.startswith("\n\n") or start == 0
    after = body[end:].startswith("\n\n") or text.endswith("\n\n") or end == len(body)
    return before and after and bool(text.strip())


def _count_changed(change: KeyChange, old_body: str, new_body: str) -> bool:
    """A word added (or removed) is found more (or less) often in the section than before, or
    as often but its other place is a sentence unlike this one: a `not` or a `must` that only
    moved with its clause from one sentence to the next did not change; a `not` added to one
    duty and another dropped from an unrelated one are two changes."""
    for word, more_in_new in ((change.new, True), (change.old, False)):
        if not word:
            continue
        old_count = _occurrences(word, old_body)
        new_count = _occurrences(word, new_body)
        if (new_count > old_count) != more_in_new and _moved_with_its_clause(
            word, change, old_body, new_body, added=more_in_new
        ):
            return False
    return True


#: Share of a sentence's words that stand in another for the two to be one clause moved.
_SAME_CLAUSE = 0.6


def _moved_with_its_clause(
    word: str, change: KeyChange, old_body: str, new_body: str, *, added: bool
) -> bool:
    """Whether a word told added to (removed from) a sentence stood (stands) on the other side
    of the section in a sentence that is mostly this one: the clause moved, the word with it.
    Unsure (no such sentence found) is moved, as before."""
    here = change.new_context if added else change.old_context
    there_body, own_body = (old_body, new_body) if added else (new_body, old_body)
    pattern = _word_pattern(word)
    here_words = set(_WORD_RE.findall(here.lower()))
    candidates = [
        sentence
        for sentence in split_sentences(there_body)
        if pattern.search(sentence) and sentence.strip() not in own_body
    ]
    if not candidates or not here_words:
        return True
    for sentence in candidates:
        words = set(_WORD_RE.findall(sentence.lower()))
        if words and len(words & here_words) >= _SAME_CLAUSE * len(words):
            return True
    return False


def _clauses(
    pair: _SentencePair,
    section: str,
    context: _Context,
    old_body: str,
    new_body: str,
) -> Iterable[KeyChange]:
    """A sentence stating an obligation, right or deadline, gone or come whole: the edits cover
    most of it, its words are not found on the other side, and no sentence of the other side
    of the section is a rewording of it."""
    if _reworded_under_its_number(pair) or _item_grown_under_its_number(pair, context):
        return
    told = False
    sides = (
        (pair.old_text, pair.new_text, pair.old_changed, len(pair.old), False, old_body, "new"),
        (pair.new_text, pair.old_text, pair.new_changed, len(pair.new), True, new_body, "old"),
    )
    for text, other_text, changed, length, added, body, other in sides:
        if not text or changed < 0.6 * length:
            continue
        other_index = context.new if other == "new" else context.old
        whole = not other_text and _rules().language.code != "en"
        for clause in _clause(
            text,
            section,
            added=added,
            other=other_index,
            reworded=partial(context.reworded, side=other),
            new_values_count=whole,
            binding=whole,
            lead_in_kept=partial(
                _items_kept, body=body, other=other_index, other_side=other, context=context
            ),
        ):
            told = True
            yield clause
    if not told and _item_replaced_in_place(pair, old_body, new_body, context):
        new_item = _unlabelled(pair.new_text.strip())
        summary = f"item replaced: “{_cut(new_item, 90)}”"
        old_item = _unlabelled(pair.old_text.strip())
        yield _make("clause", section, old_item, new_item, old_item, new_item, summary=summary)


#: Share of words an item must keep to be the same item reworded under its number (below
#: that, a new provision took the number).
_SAME_ITEM = 0.4
#: An item's number before its text: "7a. bei ...", "(c) the ...", "iv) ...", "2.1. ...".
_ITEM_NUMBER = re.compile(r"^\s*\(?(?:\d+[a-z]?|[a-z]|[ivxlc]{1,6})(?:\.\d+)*[.)](?=\s)")


def _reworded_under_its_number(pair: _SentencePair) -> bool:
    """Whether an edited sentence is a numbered item reworded under the same number ("7a. bei
    ..." on both sides, sharing _SAME_ITEM of their words): the provision stays, edited, and is
    neither removed nor added whole."""
    if not pair.old_text or not pair.new_text:
        return False
    old_number = _ITEM_NUMBER.match(pair.old_text)
    new_number = _ITEM_NUMBER.match(pair.new_text)
    return (
        old_number is not None
        and new_number is not None
        and old_number.group(0).strip() == new_number.group(0).strip()
        and pair.similarity >= _SAME_ITEM
    )


#: Share of an item's words that must stay in it, grown under its number, for it to be the same
#: item extended (the rest new words around them).
_KEPT_IN_GROWN_ITEM = 0.9


def _item_grown_under_its_number(pair: _SentencePair, context: _Context) -> bool:
    """Whether a sentence pair is one numbered item that kept its number and its words and
    grew around them with a value the old text lacked (see _grown_item)."""
    old_paragraphs, new_paragraphs = pair.old_text.split("\n\n"), pair.new_text.split("\n\n")
    while len(old_paragraphs) > 1 and old_paragraphs[:1] == new_paragraphs[:1]:
        old_paragraphs, new_paragraphs = old_paragraphs[1:], new_paragraphs[1:]
    if len(old_paragraphs) != 1 or len(new_paragraphs) != 1:
        return False  # the item alone, beside paragraphs kept
    return _grown_item(old_paragraphs[0], new_paragraphs[0], context.old)


def _grown_from_item(sentence: str, old_body: str, old: _Index) -> bool:
    """Whether a numbered item of the new side ("1a. ...") is an item of the old side under the
    same number, grown (see _grown_item)."""
    number = _ITEM_NUMBER.match(sentence.strip())
    if number is None:
        return False
    label = number.group(0).strip()
    return any(
        _grown_item(paragraph, sentence, old)
        for paragraph in old_body.split("\n\n")
        if paragraph.strip().startswith(label)
    )


def _paragraph_at(body: str, at: int) -> str:
    start = body.rfind("\n\n", 0, at) + 1
    end = body.find("\n\n", at)
    return body[start : end if end >= 0 else len(body)].strip()


def _grown_item(old_item: str, new_item: str, old: _Index) -> bool:
    """Whether a numbered item kept its number and its words and grew around them with a value
    the old text lacked ("1a. Medizinprodukte im Sinne des § 3 des ...gesetzes," -> "1a.
    Medizinprodukte im Sinne von Artikel 2 der Verordnung ... vom 5. April 2017 ... und im
    Sinne des § 3 ..."): the provision stays, and its new values tell what changed; it is not
    added whole (that would tell the item twice, as a clause and by its date)."""
    old_item, new_item = _text(old_item).strip(), _text(new_item).strip()
    old_number, new_number = _ITEM_NUMBER.match(old_item), _ITEM_NUMBER.match(new_item)
    if old_number is None or new_number is None:
        return False
    if old_number.group(0).strip() != new_number.group(0).strip():
        return False
    old_words = _WORD_RE.findall(old_item[old_number.end() :].casefold())
    new_words = _WORD_RE.findall(new_item[new_number.end() :].casefold())
    if not old_words or len(new_words) < 2 * len(old_words):
        return False
    present = set(new_words)
    if sum(word in present for word in old_words) < _KEPT_IN_GROWN_ITEM * len(old_words):
        return False
    return any(
        category in ("money", "percent", "date") and not old.has(value)
        for category, value, _ in _values(new_item)
    )


def _item_replaced_in_place(
    pair: _SentencePair, old_body: str, new_body: str, context: _Context
) -> bool:
    """Whether, in a law (where every provision binds), one item of an enumeration took the
    place of another under the same number: each side is one whole paragraph, mostly edited,
    of an item's shape (its number kept, or opening in lower case: "7. mit ..."), and neither
    is found reworded elsewhere. The provision under that number now says something else."""
    if _binding_pattern(_rules().language.code) is not None:
        return False  # elsewhere a list item may only describe
    old, new = pair.old_text.strip(), pair.new_text.strip()
    if not old or not new or "\n\n" in old + new or pair.similarity >= _SAME_ITEM:
        return False
    if pair.old_changed < 0.6 * len(pair.old) or pair.new_changed < 0.6 * len(pair.new):
        return False
    old_paragraphs = {_text(part).strip() for part in old_body.split("\n\n")}
    new_paragraphs = {_text(part).strip() for part in new_body.split("\n\n")}
    if old not in old_paragraphs or new not in new_paragraphs:
        return False
    old_number, new_number = _ITEM_NUMBER.match(old), _ITEM_NUMBER.match(new)
    if old_number and new_number:
        if old_number.group(0).strip() != new_number.group(0).strip():
            return False
    elif old_number or new_number or not (old[:1].islower() and new[:1].islower()):
        return False  # a sub-item ("c) des ...") is not the item in its place
    old_item, new_item = _unlabelled(old), _unlabelled(new)
    if not _prose(old_item) or not _prose(new_item) or _repealed(old_item) or _repealed(new_item):
        return False
    return not context.reworded(new_item, "old") and not context.reworded(old_item, "new")


def _items_kept(lead_in: str, body: str, other: _Index, other_side: str, context: _Context) -> bool:
    """Whether a sentence ending in a colon (not "::", a code example's) introduces items that
    the other side still holds, as they are or reworded: the same list's lead-in in other
    words, not a duty added or removed. Its first item (the paragraph after it) tells."""
    end = lead_in.rstrip()
    if not end.endswith(":") or end.endswith("::"):
        return False
    tail = end[-30:]
    at = body.find(tail)
    if at < 0:
        return False
    following = body[at + len(tail) :].split("\n\n")
    item = next((part for part in following[1:] if _text(part).strip()), "")
    item = _unlabelled(_BULLET.sub("", _text(item).strip()))
    if len(item.split()) < _FRAGMENT_WORDS:
        return False
    return other.has(item) or context.reworded(item, other_side)


def _clause(
    passage: str,
    section: str,
    *,
    added: bool,
    other: _Index | None = None,
    reworded: Callable[[str], bool] | None = None,
    new_values_count: bool = False,
    binding: bool = False,
    lead_in_kept: Callable[[str], bool] | None = None,
) -> Iterable[KeyChange]:
    """The sentences of a passage that state an obligation, a right or a deadline, in prose
    (not code or a list of names), and are not found on the other side. With
    `new_values_count` (a section added or removed whole, whose values are told nowhere else),
    a sentence reworded from the other side still counts when it fixes an amount, a percentage
    or a period that side never states."""
    # A sentence never runs over a blank line: a code example above a list item is not one.
    for sentence in (s for part in passage.split("\n\n") for s in _noted_sentences(part)):
        if _FRAGMENT_START.match(sentence.strip()) and _rules().language.code == "en":
            continue  # the rest of a sentence cut by a code example or a list (items of French
            # and German laws open in lower case: "f bis) D'associations", "mit Angaben")
        body = _unlabelled(_BULLET.sub("", sentence.strip()))
        if not _prose(body) or body.startswith(("(", "[")):
            continue  # not prose, or an aside or an editor's note in brackets
        if (
            not binding
            and not _rules().obligation.search(_without_descriptive_modals(body))
            and not _binding_value(body, other)
        ):
            continue
        if other is not None and other.has(body):
            continue
        if (
            reworded is not None
            and reworded(body)
            and not (new_values_count and _binding_value(body, other))
        ):
            continue
        if lead_in_kept is not None and lead_in_kept(body):
            continue  # a lead-in reworded above items that stayed
        yield _whole_clause(body, section, added)


#: A note's number after a full stop ("... information systems.[23] Moreover, ..."): the
#: sentence ends there.
_NOTE_AFTER_STOP = re.compile(r"(?<=[.!?])\[\d{1,3}\](?=\s+[\"'“(]?[A-Z])")


def _noted_sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph, also split after a note's number that follows a full stop
    (split_sentences reads "systems.[23] Moreover" as one sentence)."""
    sentences: list[str] = []
    for sentence in split_sentences(paragraph):
        start = 0
        for match in _NOTE_AFTER_STOP.finditer(sentence):
            sentences.append(sentence[start : match.end()])
            start = match.end()
        sentences.append(sentence[start:])
    return [sentence for sentence in sentences if sentence.strip()]


#: A sentence does not open in lower case or with a number and a comma ("3.2, Contributor
#: shall"): that is the rest of one cut by a code example, a list or an edit.
_FRAGMENT_START = re.compile(r"[a-z]|\d+(?:\.\d+)*[,;]")


def _binding_value(sentence: str, other: _Index | None = None) -> bool:
    """An amount, a percentage or a period (30 days, twelve months): what a clause fixes; with
    `other`, one that the other document does not hold."""
    if not _DIGIT.search(sentence) and not _has_number_word(sentence.lower()):
        return False
    return any(
        (
            c in ("money", "percent")
            or (c == "date" and (_rules().period.search(v) or _FULL_DATE.search(v)))
        )
        and (other is None or not other.has(v))
        for c, v, _ in _values(sentence)
    )


#: A calendar date with its day: 1 January 2020, January 1, 2020, 2020-01-01.
_FULL_DATE = re.compile(
    r"\d{1,2}\s[A-Z][a-z]+\.?\s\d{4}|[A-Z][a-z]+\.?\s\d{1,2},?\s\d{4}|\d{4}-\d{2}-\d{2}"
)


def _prose(sentence: str) -> bool:
    """Five words or more, mostly words of letters: not code, a table row or a citation."""
    tokens = sentence.split()
    if len(tokens) < 5 or "://" in sentence:
        return False
    wordlike = sum(1 for t in tokens if t.strip(".,;:!?()\"'“”‘’*_").isalpha())
    if wordlike < 0.8 * len(tokens) and _binding_pattern(_rules().language.code) is None:
        return _prose_citing(sentence)
    return wordlike >= 0.8 * len(tokens)


def _prose_citing(sentence: str) -> bool:
    """Whether a sentence of a law is prose once its cross-references ("Satz 1 Nummer 2", "§ 3
    Absatz 4") are read as words and its hyphenated terms ("In-vitro-Diagnostika") as words."""
    tokens = _reference_pattern(_rules().language.code).sub("Verweis", sentence).split()
    wordlike = sum(1 for t in tokens if t.strip(".,;:!?()\"'“”‘’*_").replace("-", "").isalpha())
    return wordlike >= 0.8 * len(tokens)


def _whole_section(change: SectionChange, context: _Context, *, added: bool) -> Iterable[KeyChange]:
    """In a section added or removed whole (told in the outline), the sentences that bind with
    an amount, a percentage or a deadline new to the document."""
    if _APPARATUS.search(change.title):
        return
    body = "".join(op.text for op in change.ops if op.op == ("insert" if added else "delete"))
    other = context.old if added else context.new
    for paragraph in body.split("\n\n"):
        for sentence in split_sentences(paragraph):
            text = _text(sentence.strip())
            if other.has(text):
                continue
            # Only a value new to the document: an amount the other side already states
            # ("100% of payments go to the seller") fixes nothing new.
            if _binding_value(_unlabelled(text), other):
                side = "old" if added else "new"
                yield from _clause(
                    text,
                    change.id,
                    added=added,
                    other=other,
                    reworded=lambda sentence, side=side: context.reworded(sentence, side),  # type: ignore[misc]
                    new_values_count=True,
                )
