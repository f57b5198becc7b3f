"""Enumerations: qualifiers, enumeration members and coordinations added or dropped, list items
with their lead-ins, and enumerations moved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from draftwatch.engine.keychanges.clauses import _noted_sentences, _prose
from draftwatch.engine.keychanges.index import _Context
from draftwatch.engine.keychanges.pieces import (
    _CONDITION_WORDS,
    _QUALIFIER_WORDS,
    _content_words,
    _enumerated,
    _pieces,
    _qualifier_patterns,
    _reworded_closely,
    _states_condition,
    _states_term,
    _twin_kept,
)
from draftwatch.engine.keychanges.rules import _APPARATUS, _EDITED, _rules
from draftwatch.engine.keychanges.text import (
    _FRAGMENT_WORDS,
    _binding_pattern,
    _cut,
    _edit_in_sentence,
    _fold,
    _hunks,
    _make,
    _sentence_around,
    _similarity,
    _text,
)
from draftwatch.engine.tokens import split_sentences
from draftwatch.model import (
    Comparison,
    KeyChange,
    OpKind,
    SectionChange,
)


def _qualifier_edit(
    old_body: str, new_body: str, span: tuple[int, int, int, int], section: str
) -> KeyChange | None:
    """A qualifier added to, or removed from, a sentence that stays and binds (or disclaims),
    with nothing in its place: words opening with a qualifying word of the language ("TO THE
    EXTENT PERMITTED BY APPLICABLE LAW", "sous réserve de l'accord", "unbeschadet des § 3")
    narrow or widen what the sentence grants, requires or disclaims. A law's longer additions
    are told by `_condition_edit` ("words added to a provision")."""
    patterns = _qualifier_patterns(_rules().language.code)
    if patterns is None:
        return None
    opening, anywhere, disclaimer = patterns
    old_start, old_end, new_start, new_end = span
    gone_hunk, came_hunk = _text(old_body[old_start:old_end]), _text(new_body[new_start:new_end])
    if not anywhere.search(gone_hunk) and not anywhere.search(came_hunk):
        return None  # cheap test first: most hunks hold no qualifier word
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    if not old_sentence or not new_sentence or "\n\n" in old_sentence + new_sentence:
        return None
    binds = _binding_pattern(_rules().language.code) is None or any(
        _states_term(sentence) or disclaimer.search(sentence)
        for sentence in (old_sentence, new_sentence)
    )
    if not binds or not _prose(old_sentence) or not _prose(new_sentence):
        return None
    if _similarity(old_sentence, new_sentence) < _EDITED:
        return None  # a rewrite: whole sentences are told by the rules above
    for gone, came in [
        _pieces(gone_hunk, came_hunk, whole=True)[0],
        *_pieces(gone_hunk, came_hunk),
    ]:
        if bool(gone) == bool(came):
            continue  # words put for others: a condition changed, told by `_condition_edit`
        piece = gone or came
        if (
            not opening.search(piece)
            or len(piece.split()) < _QUALIFIER_WORDS
            or len(_content_words(piece)) < _CONDITION_WORDS - 1
            or len(split_sentences(piece)) > 1
        ):
            continue
        kind = "qualifier added" if came else "qualifier removed"
        return _edit_in_sentence(
            section, old_sentence, new_sentence, f"{kind}: “{_cut(piece, 130)}”"
        )
    return None


#: An item of an enumeration this short ("self-dealing", "pyramid schemes") is one member of it.
_MEMBER_WORDS = 3
#: Paragraphs between a list's lead-in and one of its items, at most.
_ITEMS_BACK = 15


def _enumeration_edit(
    old_body: str,
    new_body: str,
    span: tuple[int, int, int, int],
    section: str,
    old_lead_in: str | None = None,
    new_lead_in: str | None = None,
) -> KeyChange | None:
    """In English, a member of a few words added to or removed from an enumeration (between
    commas) with nothing in its place, in a sentence that binds or in a list item under a lead-in
    that binds ("You will not raise funds involving:" ... "lotteries, gambling, self-dealing,
    ..."): one more (or one less) thing prohibited or required."""
    if _binding_pattern(_rules().language.code) is None or _rules().language.code != "en":
        return None  # laws read every enumeration in _piece_kind
    old_start, old_end, new_start, new_end = span
    gone = _text(old_body[old_start:old_end]).strip(" ,;")
    came = _text(new_body[new_start:new_end]).strip(" ,;")
    if bool(gone) == bool(came):
        return None
    piece = gone or came
    body, start = (old_body, old_start) if gone else (new_body, new_start)
    if not 0 < len(piece.split()) <= _MEMBER_WORDS or not _content_words(piece):
        return None
    if _states_condition(piece) or not any(c.isalpha() for c in piece):
        return None
    sentence = _text(_sentence_around(body, start, start + len(piece)))
    if not _enumerated(piece, sentence) or sentence.count(",") < 2:
        return None  # a list of three or more, written out
    lead_in = old_lead_in if gone else new_lead_in
    if lead_in is None:
        lead_in = _lead_in(body, start)
    if not (_states_term(sentence) or (lead_in and _states_term(lead_in))):
        return None
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    kind = "item added to an enumeration" if came else "item removed from an enumeration"
    return _edit_in_sentence(section, old_sentence, new_sentence, f"{kind}: “{_cut(piece, 60)}”")


#: A definition or remark in brackets after a member: ' ("Your Content")'.
_PARENTHESIS_AFTER = re.compile(r"\s*\([^()]*\)$")
#: Letters an inflected form may add to a word ("Mensch" / "Menschen", "bei" / "beim").
_INFLECTION = 3


def _coordination_edit(
    old_body: str, new_body: str, span: tuple[int, int, int, int], section: str
) -> KeyChange | None:
    """A member of a coordination of two ("X or Y", "X und Y", "X ou Y") removed from or added
    to a sentence otherwise kept, whatever inflection the member kept takes ("bei Mensch oder
    Tier" -> "beim Menschen"): the provision now reaches one thing fewer (or one more). Not a
    reordering ("Y or X") or a member spelt otherwise: each keeps its joining word."""
    old_start, old_end, new_start, new_end = span
    gone, came = _pieces(old_body[old_start:old_end], new_body[new_start:new_end], whole=True)[0]
    member = _member_dropped(gone, came)
    kind = "item removed from an enumeration"
    if member is None:
        member = _member_dropped(came, gone)
        kind = "item added to an enumeration"
    if member is None:
        return None
    member = _PARENTHESIS_AFTER.sub("", member)
    if not _rules().language.capitalised_nouns and member[:1].isupper():
        return None  # a name joined to others ("Member states and NATO"): told as a party
    old_sentence = _text(_sentence_around(old_body, old_start, old_end))
    new_sentence = _text(_sentence_around(new_body, new_start, new_end))
    if not old_sentence or not new_sentence or "\n\n" in old_sentence + new_sentence:
        return None
    if not _prose(old_sentence) or not _prose(new_sentence):
        return None
    if _similarity(old_sentence, new_sentence) < _EDITED:
        return None
    if _binding_pattern(_rules().language.code) is not None and not (
        _states_term(old_sentence) or _states_term(new_sentence)
    ):
        return None  # a description, not a rule (English has its binding words)
    return _edit_in_sentence(section, old_sentence, new_sentence, f"{kind}: “{_cut(member, 60)}”")


def _member_dropped(joined: str, single: str) -> str | None:
    """The member of `joined` ("bei Mensch oder Tier") that `single` ("beim Menschen") no longer
    names, when `single` is `joined` with one member and its joining word left out, word for
    word but for inflection; None otherwise."""
    joined_words, single_words = joined.split(), single.split()
    joining = _rules().language.joining_words
    at = [i for i, word in enumerate(joined_words) if word.casefold() in joining]
    if len(at) != 1 or any(w.casefold() in joining for w in single_words):
        return None
    if not single_words:  # "or Y" (or "Y or") gone, the member kept spelt as it was
        if at[0] not in (0, len(joined_words) - 1) or len(joined_words) > _MEMBER_WORDS + 1:
            return None
        text = " ".join(joined_words[1:] if at[0] == 0 else joined_words[:-1]).strip(" ,;.")
        return text if _content_words(text) else None
    join = at[0]
    before, after = joined_words[:join], joined_words[join + 1 :]
    if not before or not after or not _content_words(" ".join(single_words)):
        return None
    # One word on either side of the joining word is a member: drop the one after it, or the
    # one before it (the words before that stay, "bei" in "bei Mensch oder Tier").
    for kept, member in ((before, after), (before[:-1] + after, before[-1:])):
        if len(kept) == len(single_words) and all(
            _same_but_inflection(a, b) for a, b in zip(kept, single_words, strict=True)
        ):
            text = " ".join(member).strip(" ,;.")
            return text if _content_words(text) else None
    return None


def _same_but_inflection(a: str, b: str) -> bool:
    a, b = _fold(a).strip(".,;:()"), _fold(b).strip(".,;:()")
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short) and len(long) - len(short) <= _INFLECTION


def _lead_in(body: str, at: int) -> str:
    """The lead-in of the list whose item holds body[at] (the paragraph before the items that
    ends in a colon), or "" when the paragraph is not such an item."""
    paragraphs = body[:at].split("\n\n")
    item = (paragraphs[-1] + body[at:].split("\n\n")[0]).rstrip()
    if not item or item[-1] not in ";,." or item.endswith("::"):
        return ""
    for paragraph in reversed(paragraphs[-_ITEMS_BACK - 1 : -1]):
        text = paragraph.strip()
        if text.endswith(":") and not text.endswith("::"):
            return _text(text)
        if not text or not re.sub(r"\s+(?:and|or)$", "", text).endswith((";", ",", ".")):
            return ""
    return ""


#: What a key change of a whole item says before its text ("added: “...”").
_WHOLE_ITEM = re.compile(r"^(?:list item )?(?:added|removed): ")
#: A list item's mark before its text: "1.", "a)", "(iv)", "2°", "-", "•".
_ITEM_MARK = re.compile(r"^\s*(?:[-*+•–]\s*|\(?(?:\d+[a-z]?|[a-z]|[ivxlc]{1,6})(?:[.)°]|\s?°)\s+)")
#: Paragraphs looked back over for an item's lead-in.
_LEAD_IN_BACK = 20


def _item_fragment(text: str) -> bool:
    """Whether a sentence reported added or removed whole reads as a list item cut from its
    lead-in: it opens in lower case (after its mark) and is a clause (a few words, not a name
    in a list), or ends in ";", "," or a joining word."""
    core = _ITEM_MARK.sub("", text.strip())
    if not core:
        return False
    last = core.rstrip().rsplit(None, 1)[-1].casefold()
    return (
        (core[0].islower() and len(core.split()) >= _FRAGMENT_WORDS)  # not a name in a list
        or core.rstrip().endswith((";", ","))
        or last in _rules().language.joining_words
    )


def _runs_on(text: str) -> bool:
    """Whether a paragraph ends as a list item followed by more: in ";", "," or a joining word."""
    words = text.rstrip().split()
    return bool(words) and (
        text.rstrip().endswith((";", ","))
        or words[-1].casefold() in _rules().language.joining_words
    )


def _item_lead_in(paragraphs: list[str], item: str) -> str:
    """The text that introduces the list holding `item` among a section's `paragraphs` (each
    with its spacing made single): the nearest paragraph above it that is not itself an item
    and ends unfinished (in a colon, or without a full stop: "..., es sei denn, dass"); ""
    when there is none."""
    core = _ITEM_MARK.sub("", item.strip())
    probe = " ".join(core.split()[:6])
    if not probe:
        return ""
    place = next((index for index, text in enumerate(paragraphs) if probe in text), None)
    if place is None:
        return ""
    item_like = bool(_ITEM_MARK.match(item)) or core[:1].islower()
    for paragraph in reversed(paragraphs[max(0, place - _LEAD_IN_BACK) : place]):
        text = _text(paragraph).strip()
        if not text:
            continue
        if _ITEM_MARK.match(text) or text[0].islower() or _runs_on(text):
            if not (item_like or _runs_on(text)):
                return ""  # a paragraph of its own after a list, not one of its items
            item_like = True  # the list runs on ("...;" above): this paragraph is an item
            continue  # another item of the same list
        if text.endswith((".", "!", "?")) or len(text.split()) < 3:
            return ""
        sentences = _noted_sentences(text)
        return sentences[-1].strip() if sentences else text
    return ""


def _with_lead_ins(found: list[KeyChange], context: _Context) -> list[KeyChange]:
    """List items told added or removed whole, as fragments ("es sich dabei nicht um ...
    handelt oder", "-les investissements mentionnés au b ..."), told with the text that
    introduces them: the items added (or removed) under one lead-in are one entry quoting the
    lead-in, with their count. An item whose words stood on the other side already (running
    text put into a list) was not added or removed. A lead-in told added or removed itself
    takes its items in: one entry, the lead-in's, with their count."""
    whole_told = {
        (change.section, bool(change.new), _fold(change.new or change.old)): change
        for change in found
        if _WHOLE_ITEM.match(change.summary) and not (change.old and change.new)
    }
    bodies: dict[tuple[str, bool], list[str]] = {}
    lead_ins: dict[int, str] = {}
    fragments: set[tuple[str, bool, str]] = set()
    items = [
        change
        for change in found
        if change.category in ("clause", "list")
        and _WHOLE_ITEM.match(change.summary)
        and not (change.old and change.new)
    ]
    # Fragments first; the other items only where a fragment found its lead-in (each look
    # reads the section's text).
    for change in items:
        text = change.new or change.old
        if _item_fragment(text):
            lead_in = _item_lead_in(_side_body(change, context, bodies), text)
            if lead_in:
                lead_ins[id(change)] = lead_in
                fragments.add((change.section, bool(change.new), lead_in))
    listed = {(section, added) for section, added, _ in fragments}
    for change in items:
        if id(change) not in lead_ins and (change.section, bool(change.new)) in listed:
            text = change.new or change.old
            lead_ins[id(change)] = _item_lead_in(_side_body(change, context, bodies), text)
    placed = [(change, lead_ins.get(id(change), "")) for change in found]
    groups: dict[tuple[str, bool, str], list[KeyChange]] = {}
    # A lead-in told added or removed itself takes its items in: one entry, the provision.
    heads = {
        id(head): group
        for group in fragments
        if (head := whole_told.get((group[0], group[1], _fold(group[2])))) is not None
    }
    kept: list[KeyChange | tuple[str, bool, str]] = []
    for change, lead_in in placed:
        if id(change) in heads:
            groups.setdefault(heads[id(change)], [])
            kept.append(heads[id(change)])
            continue
        group = (change.section, bool(change.new), lead_in)
        if not lead_in or group not in fragments:
            kept.append(change)
            continue
        if _item_fragment(change.new or change.old) and _was_there(change, context):
            continue  # its words stood there already: put into a list, not added or removed
        if group not in groups:
            groups[group] = []
            kept.append(group)
        groups[group].append(change)
    result: list[KeyChange] = []
    head_of = {group: head for head, group in heads.items()}
    by_id = {id(change): change for change in found}
    for entry in kept:
        if isinstance(entry, KeyChange):
            result.append(entry)
            continue
        where, added, lead_in = entry
        items = groups[entry]
        head = by_id.get(head_of.get(entry, 0))
        if head is not None:
            if items:
                text = " ".join([head.new or head.old, *((item.new or item.old) for item in items)])
                old, new = ("", text) if added else (text, "")
                more = f" (+{len(items)} item{'s' if len(items) > 1 else ''})"
                summary = head.summary + more
                result.append(_make(str(head.category), where, old, new, old, new, summary))
            else:
                result.append(head)
            continue
        if not items:
            continue
        first = _ITEM_MARK.sub("", (items[0].new or items[0].old).strip())
        verb = "added" if added else "removed"
        count = f"{len(items)} items {verb}" if len(items) > 1 else f"item {verb}"
        summary = f"{count} under “{_cut_left(lead_in, 70)}”: “{_cut(first, 70)}”"
        text = " ".join([lead_in, *((item.new or item.old) for item in items)])
        old, new = ("", text) if added else (text, "")
        category = "clause" if any(item.category == "clause" for item in items) else "list"
        result.append(_make(category, where, old, new, old, new, summary=summary))
    return result


def _side_body(
    change: KeyChange, context: _Context, bodies: dict[tuple[str, bool], list[str]]
) -> list[str]:
    """The paragraphs of a key change's section on the side that holds its text, each with its
    spacing made single (remembered)."""
    key = (change.section, bool(change.new))
    if key not in bodies:
        holder = next((c for c in context.comparison.sections if c.id == change.section), None)
        keep = ("equal", "insert") if change.new else ("equal", "delete")
        body = "".join(op.text for op in holder.ops if op.op in keep) if holder else ""
        bodies[key] = [" ".join(paragraph.split()) for paragraph in body.split("\n\n")]
    return bodies[key]


def _was_there(change: KeyChange, context: _Context) -> bool:
    """Whether an item's words (its mark, end signs and joining word aside) stand on the other
    side, as they are or closely reworded, and are not the twin of a passage kept on its own."""
    own, other = (context.new, context.old) if change.new else (context.old, context.new)
    core = _ITEM_MARK.sub("", (change.new or change.old).strip()).rstrip(" ;,.")
    words = core.split()
    if words and words[-1].casefold() in _rules().language.joining_words:
        core = " ".join(words[:-1]).rstrip(" ;,")
    if other.has(core):
        return True
    return (
        len(core.split()) >= _FRAGMENT_WORDS
        and _reworded_closely(core, other)
        and not _twin_kept(core, own, other)
    )


def _cut_left(text: str, limit: int) -> str:
    """The end of a text, at most `limit` characters, cut at a word: a lead-in's last words
    are those its items continue."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    tail = text[-(limit - 1) :]
    return "…" + (tail.split(" ", 1)[1] if " " in tail else tail)


def _moved_enumeration_edits(comparison: Comparison, context: _Context) -> Iterator[KeyChange]:
    """Members added to or removed from the enumeration of a list item that also moved (into
    another section): read against the lead-in of the list it left and the one it joined."""
    if not comparison.moves or _rules().language.code != "en":
        return
    sides: dict[str, tuple[str, str]] = {}
    by_id: dict[str, list[SectionChange]] = {}
    for section_change in comparison.sections:
        by_id.setdefault(section_change.id, []).append(section_change)

    def lead_in(move_id: str, section: str, side: str) -> str:
        for change in by_id.get(section, ()):
            keep = ("equal", "delete") if side == "old" else ("equal", "insert")
            moving = OpKind.DELETE if side == "old" else OpKind.INSERT
            parts: list[str] = []
            for op in change.ops:
                if op.move == move_id and op.op == moving:
                    body = "".join(parts)
                    return _lead_in(body + op.text, len(body))
                if op.op in keep:
                    parts.append(op.text)
        return ""

    for move in comparison.moves:
        if _APPARATUS.search(context.titles.get(move.new_section, "")):
            continue
        old_body, new_body, spans = _hunks(move.ops)
        if not spans or len(spans) > 2:
            continue
        for old_start, old_end, new_start, new_end in spans:
            gone, came = old_body[old_start:old_end].strip(), new_body[new_start:new_end].strip()
            if bool(gone) != bool(came) and len((gone or came).split()) <= _MEMBER_WORDS:
                break
        else:
            continue  # no member of a few words added or removed alone: no lead-in to read
        if move.id not in sides:
            sides[move.id] = (
                lead_in(move.id, move.old_section, "old"),
                lead_in(move.id, move.new_section, "new"),
            )
        old_lead_in, new_lead_in = sides[move.id]
        for span in spans:
            change = _enumeration_edit(
                old_body, new_body, span, move.new_section, old_lead_in, new_lead_in
            )
            if change is not None:
                yield change
