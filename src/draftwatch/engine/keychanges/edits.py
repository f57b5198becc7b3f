"""Clause edits: conditions added or removed inside kept sentences, sentences edited whole, and
clauses no other key change tells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from draftwatch.engine.keychanges.clauses import (
    _ITEM_NUMBER,
    _SAME_ITEM,
    _grown_from_item,
    _paragraph_at,
    _prose,
    _whole_clause,
)
from draftwatch.engine.keychanges.enumerations import (
    _coordination_edit,
    _enumeration_edit,
    _moved_enumeration_edits,
    _qualifier_edit,
)
from draftwatch.engine.keychanges.index import _Context
from draftwatch.engine.keychanges.pieces import (
    _MOSTLY_EDITED,
    _PARAGRAPH_LABEL,
    _content_words,
    _edited_letters,
    _in_condition,
    _joins_condition,
    _letters,
    _new_exception,
    _piece_kind,
    _pieces,
    _reworded_closely,
    _said_in_edits,
    _states_term,
    _surroundings_kept,
    _twin_kept,
)
from draftwatch.engine.keychanges.rules import (
    _APPARATUS,
    _EDITED,
    _ORDINAL,
    _VALUE_CATEGORIES,
    _rules,
)
from draftwatch.engine.keychanges.text import (
    _binding_pattern,
    _cut,
    _edit_in_sentence,
    _fold,
    _hunks,
    _sentence_around,
    _similarity,
    _text,
    _unlabelled,
)
from draftwatch.engine.keychanges.values import _calendar_date_added
from draftwatch.engine.tokens import split_sentences
from draftwatch.model import (
    Comparison,
    KeyChange,
    Op,
)


def _clause_edits(
    ops: tuple[Op, ...],
    section: str,
    context: _Context,
    told: Callable[[str], bool] = lambda text: False,
) -> Iterator[KeyChange]:
    """Clause-level changes inside paragraphs: sentences added or removed among others that
    stayed, and conditions, exceptions, time limits or qualifying words added to, removed from
    or replaced in a sentence that binds."""
    if _APPARATUS.search(context.titles.get(section, "")) or section == context.head:
        return
    old_body, new_body, spans = _hunks(ops)
    if not spans:
        return
    old_edits = [(a, b) for a, b, _, _ in spans]
    new_edits = [(c, d) for _, _, c, d in spans]
    yield from _sentences_edited_whole(
        old_body,
        old_edits,
        section,
        context,
        added=False,
        other_body=new_body,
        other_edits=new_edits,
        told=told,
    )
    yield from _sentences_edited_whole(
        new_body,
        new_edits,
        section,
        context,
        added=True,
        other_body=old_body,
        other_edits=old_edits,
        told=told,
    )
    seen: set[tuple[str, str]] = set()
    for span in spans:
        change = _condition_edit(old_body, new_body, span, section)
        if change is None:
            change = _enumeration_edit(old_body, new_body, span, section)
        if change is None:
            change = _coordination_edit(old_body, new_body, span, section)
        if change is None:
            change = _qualifier_edit(old_body, new_body, span, section)
        if change is not None and (change.old, change.new) not in seen:
            seen.add((change.old, change.new))
            yield change


def _gone_elsewhere(
    changes: list[KeyChange], groups: dict[tuple[str, str, str], list[KeyChange]]
) -> bool:
    """Whether a value gone (or come) on its own, though told elsewhere as changed into (from)
    another, went from a sentence of its own: "jusqu'à l'année 2006" dropped from one
    provision while "l'année 2006 -> 2008" in another is a second change, not the same one
    seen again."""
    first = changes[0]
    if first.category not in _VALUE_CATEGORIES:
        return False
    value = _fold(first.old or first.new)
    sentences = {
        change.old_context if first.old else change.new_context
        for (category, old, new), paired in groups.items()
        if old and new and category == first.category and (old if first.old else new) == value
        for change in paired
    }
    return not any(
        (change.old_context if first.old else change.new_context) in sentences for change in changes
    ) and all(change.old_context or change.new_context for change in changes)


#: Clause edits that are facts of their own, told even in a sentence another change tells: a
#: cross-reference added to a law's provision widens what it reaches.
_OWN_FACTS = ("reference added:", "words removed from a provision:")


def _untold_clauses(
    comparison: Comparison, context: _Context, found: list[KeyChange]
) -> list[KeyChange]:
    """The clause-level changes inside paragraphs that no key change found so far tells: a
    sentence already told added or removed, or holding a told change of value, modal or
    negation, is not told again."""
    # A list item of several sentences does not tell one of them: `_merge` tells it as the
    # clause it holds.
    told = [
        (_fold(text), change.category == "list")
        for change in found
        if not _calendar_date_added(change)
        for text in (change.old, change.new, change.old_context, change.new_context)
        if len(text) > 20
    ]

    def is_told(text: str) -> bool:
        folded = _fold(text)
        return any(
            (folded in k and not (listed and 2 * len(folded) < len(k))) or k.strip("…") in folded
            for k, listed in told
        )

    extra: list[KeyChange] = []
    for change in comparison.sections:
        if change.status not in ("changed", "unchanged"):
            continue
        for clause in _clause_edits(change.ops, change.id, context, is_told):
            texts = [t for t in (clause.old, clause.new) if t]
            if any(is_told(t) for t in texts) and not clause.summary.startswith(_OWN_FACTS):
                continue
            told.extend((_fold(t), False) for t in texts)
            extra.append(clause)
    for clause in _moved_enumeration_edits(comparison, context):
        texts = [t for t in (clause.old, clause.new) if t]
        if not any(is_told(t) for t in texts):
            extra.append(clause)
    return extra


def _reworded_nearby(text: str, other_body: str, other_edits: list[tuple[int, int]]) -> bool:
    """Whether a sentence of the paragraphs the other side's edits touch says much the same
    (most of its words), or is the item of the same number, reworded: the sentence was
    reworded there, not added or removed."""
    number = _ITEM_NUMBER.match(text)
    for start, end in other_edits:
        left = other_body.rfind("\n\n", 0, start)
        right = other_body.find("\n\n", end)
        region = other_body[left + 1 if left >= 0 else 0 : right if right >= 0 else len(other_body)]
        for sentence in split_sentences(region):
            similarity = _similarity(text, _text(sentence))
            if similarity >= _EDITED:
                return True
            if number and similarity >= _SAME_ITEM:
                other_number = _ITEM_NUMBER.match(sentence.strip())
                if other_number and other_number.group(0) == number.group(0):
                    return True
    return False


def _edited_sentences(body: str, edits: list[tuple[int, int]]) -> list[str]:
    """The sentences of the paragraphs the edits touch, as text."""
    found = []
    for start, end in edits:
        left = body.rfind("\n\n", 0, start)
        right = body.find("\n\n", end)
        region = body[left + 1 if left >= 0 else 0 : right if right >= 0 else len(body)]
        found += [_text(sentence).strip() for sentence in split_sentences(region)]
    return list(dict.fromkeys(found))


def _nearby_taken(
    text: str,
    body: str,
    edits: list[tuple[int, int]],
    other_body: str,
    other_edits: list[tuple[int, int]],
) -> bool:
    """Whether every sentence of the other side that a sentence resembles (_EDITED) has a
    closer rewording on the sentence's own side: an item split in two ("bei Mensch oder Tier"
    -> "beim Menschen", and a new item "beim Tier") keeps the old item in one of them, and the
    other is added."""
    own = [sentence for sentence in _edited_sentences(body, edits) if sentence != text.strip()]
    resembled = [
        (sentence, similarity)
        for sentence in _edited_sentences(other_body, other_edits)
        if (similarity := _similarity(text, sentence)) >= _EDITED
    ]
    return bool(resembled) and all(
        any(_similarity(sentence, mine) > similarity for mine in own)
        for sentence, similarity in resembled
    )


def _sentences_edited_whole(
    body: str,
    edits: list[tuple[int, int]],
    section: str,
    context: _Context,
    *,
    added: bool,
    other_body: str,
    other_edits: list[tuple[int, int]],
    told: Callable[[str], bool],
) -> Iterator[KeyChange]:
    """The sentences of one side that lie (almost) wholly inside its edits, among text that
    stayed, and bind: added or removed. Such sentences one after the other (a new list item
    and its sub-items) are one change, quoted by the first."""
    edits = [(start, end) for start, end in edits if end > start]
    if not edits:
        return
    other = context.old if added else context.new
    own = context.new if added else context.old
    run: list[str] = []
    run_end = -1
    for start, end, sentence in _sentence_spans(body, edits):
        letters = _letters(sentence)
        if not letters or _edited_letters(body, edits, start, end) < _MOSTLY_EDITED * letters:
            continue
        if not _surroundings_kept(body, edits, start, end):
            continue  # a passage rewritten: its sentences are not told one by one
        text = _PARAGRAPH_LABEL.sub("", _unlabelled(_text(sentence).strip()))
        if not _prose(text) or text.startswith("(") or " | " in text or _APPARATUS.match(text):
            continue  # not prose, an aside in brackets, a table row or a note
        if _binding_pattern(_rules().language.code) is not None and not _states_term(text):
            continue  # in a law every sentence binds; elsewhere, its words tell
        if other.has(text) or (
            _reworded_nearby(text, other_body, other_edits)
            and not _nearby_taken(text, body, edits, other_body, other_edits)
        ):
            continue
        if _said_in_edits(text, other_body, other_edits) and not _new_exception(text, other):
            continue
        if told(text) or (_reworded_closely(text, other) and not _twin_kept(text, own, other)):
            continue
        if added and _grown_from_item(_paragraph_at(body, start), other_body, other):
            continue  # an item grown under its number: its new values tell it
        between = body[run_end:start] if run else ""
        if run and _edited_letters(body, edits, run_end, start) < sum(
            1 for c in between if not c.isspace()
        ):
            if clause := _sentence_clause(run, section, added):
                yield clause
            run = []
        run.append(text)
        run_end = end
    if run and (clause := _sentence_clause(run, section, added)):
        yield clause


def _sentence_clause(sentences: list[str], section: str, added: bool) -> KeyChange | None:
    if len(sentences) == 1 and sentences[0].endswith(":"):
        return None  # a lead-in ("... the following requirements:"): its items say what binds
    text = " ".join(sentences)
    return _whole_clause(text, section, added, quote=sentences[0])


def _sentence_spans(body: str, edits: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, sentence) of the sentences in the paragraphs the edits touch; in languages
    that write ordinals with a dot ("vom 5. April 2017") no sentence ends after one."""
    ordinals = _rules().language.space_thousands
    at = 0
    for paragraph in body.split("\n\n"):
        start, end = at, at + len(paragraph)
        at = end + 2
        if not _edited_letters(body, edits, start, end):
            continue
        pieces: list[list[int]] = []
        offset = start
        for sentence in split_sentences(paragraph):
            if pieces and ordinals and _ORDINAL.search(body[pieces[-1][0] : offset].rstrip()):
                pieces[-1][1] = offset + len(sentence)
            else:
                pieces.append([offset, offset + len(sentence)])
            offset += len(sentence)
        for piece_start, piece_end in pieces:
            yield piece_start, piece_end, body[piece_start:piece_end]


def _condition_edit(
    old_body: str, new_body: str, span: tuple[int, int, int, int], section: str
) -> KeyChange | None:
    """A condition, exception or time limit added to, removed from or replaced in a sentence
    that stayed; or, in a sentence that binds, a qualifying piece of some length added or
    removed with nothing in its place (a new class of persons, a narrowed ban)."""
    old_start, old_end, new_start, new_end = span
    gone, came = _pieces(old_body[old_start:old_end], new_body[new_start:new_end], whole=True)[0]
    if set(_content_words(gone)) == set(_content_words(came)):
        return None  # punctuation, numbers or function words: told by the rules above, if at all
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    if not old_sentence or not new_sentence or "\n\n" in old_sentence + new_sentence:
        return None
    if _binding_pattern(_rules().language.code) is not None and not (
        _states_term(old_sentence) or _states_term(new_sentence)
    ):
        return None  # a description or advice, not a rule (English has its binding words)
    if not _prose(old_sentence) or not _prose(new_sentence):
        return None
    if _similarity(old_sentence, new_sentence) < _EDITED:
        return None  # a rewrite: whole sentences are told by the rules above
    whole_gone = _text(old_body[old_start:old_end])
    whole_came = _text(new_body[new_start:new_end])
    # The hunk as a whole first (a condition rewritten in other words), then piece by piece.
    for gone, came in [
        _pieces(whole_gone, whole_came, whole=True)[0],
        *_pieces(whole_gone, whole_came),
    ]:
        kind = _piece_kind(
            gone,
            came,
            old_sentence,
            new_sentence,
            _in_condition(gone, old_sentence) or _joins_condition(gone, old_sentence),
            _in_condition(came, new_sentence) or _joins_condition(came, new_sentence),
        )
        if not kind:
            continue
        if kind.startswith("condition changed"):
            quoted = f"“{_cut(gone, 60)}” -> “{_cut(came, 60)}”"
        else:
            quoted = f"“{_cut(came if 'added' in kind else gone, 130)}”"
        return _edit_in_sentence(section, old_sentence, new_sentence, f"{kind}: {quoted}")
    return None
