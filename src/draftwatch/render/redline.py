"""A redline as paragraphs of tracked pieces, for the formats that hand changes to accept or
reject (the Word file, CriticMarkup): old and new in one text, in document order.

Each paragraph holds pieces (equal, ins, del, moveFrom, moveTo) and a mark: how the paragraph
break that ends it changed (a break only the old side has is deleted, only the new side inserted).
Accepting every change (dropping del and moveFrom, keeping the rest, joining a paragraph whose
mark is dropped to the next) gives the new document as draftwatch reads it, heading by heading
and block by block; rejecting every change gives the old one.

Sections are drawn in the new document's order; what the new order does not hold (a removed
section, the old place of a moved one) is drawn where it stood in the old order. A moved section
is a move of its old text (where it stood, its deletions deleted there) to its new text (where it
stands, its insertions inserted there): Word has no edits nested inside a move.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from draftwatch.model import Block, Comparison, Document, Op, OpKind, Section, SectionChange

EQUAL, INS, DEL, MOVE_FROM, MOVE_TO = "equal", "ins", "del", "moveFrom", "moveTo"
STYLES = {"list_item": "List Bullet", "quote": "Quote", "blockquote": "Quote"}


@dataclass(slots=True)
class Piece:
    kind: str  # equal | ins | del | moveFrom | moveTo
    text: str
    move: str | None = None  # the move's name, for its range markers


@dataclass(slots=True)
class Paragraph:
    style: str  # the Word style: Heading N, List Bullet, Quote, Normal
    pieces: list[Piece] = field(default_factory=list)
    mark: str = EQUAL  # how the paragraph mark itself changed
    old_style: str = ""  # the style on each side ("" where the side has no such paragraph)
    new_style: str = ""


def redline_paragraphs(
    comparison: Comparison, old_document: Document, new_document: Document
) -> list[Paragraph]:
    """The redline as paragraphs of tracked pieces: the new document's order, with the old
    document's sections that the new one does not hold (removed, or the old end of a moved
    section) where they stood, so that rejecting every change restores the old order too."""
    olds = {section.index: section for section in old_document.sections}
    news = {section.index: section for section in new_document.sections}
    old_owner, new_owner = _owners(comparison.sections)
    changes = comparison.sections

    def old_of(change: SectionChange) -> Section | None:
        owned = change.old and old_owner[change.old.index] == change.id
        return olds.get(change.old.index) if change.old and owned else None

    def new_of(change: SectionChange) -> Section | None:
        owned = change.new and new_owner[change.new.index] == change.id
        return news.get(change.new.index) if change.new and owned else None

    # Sections in the new order whose old places are in order too stay put; the others moved.
    anchored = [c for c in changes if new_of(c) is not None]
    both = [c for c in anchored if old_of(c) is not None]
    in_order = _increasing([old.index for c in both if (old := old_of(c)) is not None])
    moved = {c.id for k, c in enumerate(both) if k not in in_order}
    # A block move is drawn as a move when neither end is inside a moved section.
    paired = {m.id for m in comparison.moves if not {m.old_section, m.new_section} & moved}
    builder = _Builder(paired)
    # What stands only in the old order: removed sections and moved sections' old places.
    waiting = deque(
        sorted(
            (c for c in changes if old_of(c) is not None and (new_of(c) is None or c.id in moved)),
            key=lambda c: c.old.index if c.old else 0,
        )
    )

    def flush(before: int | None) -> None:
        while waiting and (before is None or (waiting[0].old and waiting[0].old.index < before)):
            change = waiting.popleft()
            if change.id in moved:
                builder.moved_away(change, old_of(change))
            else:
                builder.section(change, old_of(change), None)

    for change in anchored:
        old = old_of(change)
        if change.id in moved:
            builder.moved_here(change, new_of(change))
            continue
        if old is not None:
            flush(old.index)
        builder.section(change, old, new_of(change))
    flush(None)
    return builder.paragraphs


def _increasing(values: list[int]) -> set[int]:
    """Positions of a longest strictly increasing subsequence of `values` (patience sorting)."""
    tails: list[int] = []  # position of the smallest tail of each length
    tail_values: list[int] = []
    previous: list[int | None] = []
    for position, value in enumerate(values):
        length = bisect_left(tail_values, value)
        previous.append(tails[length - 1] if length else None)
        if length == len(tails):
            tails.append(position)
            tail_values.append(value)
        else:
            tails[length] = position
            tail_values[length] = value
    chosen: set[int] = set()
    at = tails[-1] if tails else None
    while at is not None:
        chosen.add(at)
        at = previous[at]
    return chosen


def _owners(changes: tuple[SectionChange, ...]) -> tuple[dict[int, str], dict[int, str]]:
    """Which entry draws each old and each new section: a split lists its old section in every
    part, a merge its new one, but only one part holds its text (the first that has any)."""

    def owners(side: str, other: OpKind) -> dict[int, str]:
        owner: dict[int, str] = {}
        with_text: set[int] = set()
        for change in changes:
            ref = getattr(change, side)
            if ref is None or ref.index in with_text:
                continue
            if any(op.op != other and op.text for op in change.ops):
                owner[ref.index] = change.id
                with_text.add(ref.index)
            else:
                owner.setdefault(ref.index, change.id)
        return owner

    return owners("old", OpKind.INSERT), owners("new", OpKind.DELETE)


class _Builder:
    def __init__(self, paired: set[str]) -> None:
        self.paired = paired
        self.paragraphs: list[Paragraph] = []

    # --- the three ways a section is drawn -------------------------------------------------

    def section(self, change: SectionChange, old: Section | None, new: Section | None) -> None:
        old_title = old.title if old else ""
        new_title = new.title if new else ""
        side = new or old
        level = side.level if side else 1
        heading = Paragraph(_heading_style(level))
        heading.old_style = _heading_style(old.level) if old and old_title else ""
        heading.new_style = _heading_style(new.level) if new and new_title else ""
        if old_title and old_title == new_title:
            heading.pieces.append(Piece(EQUAL, new_title))
        else:
            if old_title:
                heading.pieces.append(Piece(DEL, old_title))
            if new_title:
                heading.pieces.append(Piece(INS, new_title))
        heading.mark = _mark_of(bool(old_title), bool(new_title), DEL, INS)
        if heading.pieces:
            self.paragraphs.append(heading)

        def kind(op: Op) -> str | None:
            if op.op == OpKind.EQUAL:
                return EQUAL
            if op.op == OpKind.DELETE:
                return MOVE_FROM if op.move in self.paired else DEL
            return MOVE_TO if op.move in self.paired else INS

        self._body(change.ops, old, new, kind, DEL, INS)

    def moved_away(self, change: SectionChange, old: Section | None) -> None:
        """Where a moved section stood: its old text, moved from here, its deletions deleted."""
        title = change.old.title if change.old else ""
        if title and change.old:
            self.paragraphs.append(
                Paragraph(
                    _heading_style(change.old.level),
                    [Piece(MOVE_FROM, title)],
                    MOVE_FROM,
                    old_style=_heading_style(change.old.level),
                )
            )

        def kind(op: Op) -> str | None:
            return {OpKind.EQUAL: MOVE_FROM, OpKind.DELETE: DEL}.get(op.op)

        self._body(change.ops, old, None, kind, MOVE_FROM, None, name=f"dw-{change.id}")

    def moved_here(self, change: SectionChange, new: Section | None) -> None:
        """Where a moved section stands: its new text, moved to here, its insertions inserted."""
        title = change.new.title if change.new else ""
        if title and change.new:
            self.paragraphs.append(
                Paragraph(
                    _heading_style(change.new.level),
                    [Piece(MOVE_TO, title)],
                    MOVE_TO,
                    new_style=_heading_style(change.new.level),
                )
            )

        def kind(op: Op) -> str | None:
            return {OpKind.EQUAL: MOVE_TO, OpKind.INSERT: INS}.get(op.op)

        self._body(change.ops, None, new, kind, None, MOVE_TO, name=f"dw-{change.id}")

    # --- a body: ops cut into paragraphs at the blocks' boundaries --------------------------

    def _body(
        self,
        ops: tuple[Op, ...],
        old: Section | None,
        new: Section | None,
        kind: Callable[[Op], str | None],
        old_mark: str | None,
        new_mark: str | None,
        name: str | None = None,
    ) -> None:
        """`kind` says how each op is drawn (None: not on this side); `old_mark`/`new_mark`, how
        a paragraph break only the old (new) side has is drawn (None: it is not drawn)."""
        old_blocks = old.blocks if old else ()
        new_blocks = new.blocks if new else ()
        old_starts, old_ends = _block_bounds(old_blocks)
        new_starts, new_ends = _block_bounds(new_blocks)
        at_old = at_new = 0
        current: Paragraph | None = None
        start = (0, 0)

        def close(mark: str) -> None:
            nonlocal current
            if current is None:
                return
            if mark in (EQUAL, DEL, MOVE_FROM) and old_mark is not None:
                current.old_style = _style_at(old_blocks, old_starts, start[0])
            if mark in (EQUAL, INS, MOVE_TO) and new_mark is not None:
                current.new_style = _style_at(new_blocks, new_starts, start[1])
            current.style = current.new_style or current.old_style or "Normal"
            current.mark = mark
            self.paragraphs.append(current)
            current = None

        for op in ops:
            drawn = kind(op)
            for text, old_break, new_break in _cut(op, at_old, at_new, old_ends, new_ends):
                if text and drawn is not None:
                    if current is None:
                        current, start = Paragraph("Normal"), (at_old, at_new)
                    move = None
                    if drawn in (MOVE_FROM, MOVE_TO):
                        move = name or f"dw-{op.move}"
                    current.pieces.append(Piece(drawn, text, move))
                if op.op != OpKind.INSERT:
                    at_old += len(text)
                if op.op != OpKind.DELETE:
                    at_new += len(text)
                if old_break or new_break:
                    mark = _break_mark(op, drawn, old_break, new_break, old_mark, new_mark)
                    if mark is not None:
                        if current is None:  # a break with no text of its own on this side
                            current, start = Paragraph("Normal"), (at_old, at_new)
                        close(mark)
                    if op.op != OpKind.INSERT:
                        at_old += 2
                    if op.op != OpKind.DELETE:
                        at_new += 2
        if current is not None:  # the body's end: a paragraph end on each side that has blocks
            has_old = bool(old_blocks) and old_mark is not None
            has_new = bool(new_blocks) and new_mark is not None
            if has_old and has_new:
                close(EQUAL)
            else:
                close((old_mark if has_old else new_mark) or EQUAL)


def _style_at(blocks: tuple[Block, ...], starts: list[int], position: int) -> str:
    if not blocks:
        return "Normal"
    index = min(max(0, bisect_right(starts, position) - 1), len(blocks) - 1)
    return STYLES.get(blocks[index].kind, "Normal")


def _heading_style(level: int) -> str:
    return f"Heading {min(max(level, 1), 9)}"


def _mark_of(old: bool, new: bool, old_only: str, new_only: str) -> str:
    if old and new:
        return EQUAL
    return old_only if old else new_only


def _block_bounds(blocks: tuple[Block, ...]) -> tuple[list[int], set[int]]:
    """Where each block starts in the body, and where each but the last ends (its break)."""
    starts: list[int] = []
    ends: set[int] = set()
    position = 0
    for block in blocks:
        starts.append(position)
        position += len(block.text)
        ends.add(position)
        position += 2
    ends.discard(position - 2)
    return starts, ends


def _cut(
    op: Op, at_old: int, at_new: int, old_ends: set[int], new_ends: set[int]
) -> Iterator[tuple[str, bool, bool]]:
    """The op's text in pieces, each followed by whether a block break ("\\n\\n" that ends a
    block) of the old and of the new side comes after it."""
    text, done = op.text, 0
    for found in re.finditer("\n\n", text):
        at = found.start()
        if at < done:
            continue
        old_break = op.op != OpKind.INSERT and at_old + at in old_ends
        new_break = op.op != OpKind.DELETE and at_new + at in new_ends
        if old_break or new_break:
            yield text[done:at], old_break, new_break
            done = at + 2
    yield text[done:], False, False


def _break_mark(
    op: Op,
    drawn: str | None,
    old_break: bool,
    new_break: bool,
    old_mark: str | None,
    new_mark: str | None,
) -> str | None:
    if op.op == OpKind.EQUAL:
        if old_break and new_break:
            return drawn if old_mark is None or new_mark is None else EQUAL
        return old_mark if old_break else new_mark
    return drawn
