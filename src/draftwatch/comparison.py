"""Orchestration: two texts in, one Comparison out (parse, align, word diff, key changes)."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from draftwatch.align import (
    BlockPair,
    SectionPair,
    align_blocks,
    align_sections,
    block_key,
    longest_increasing_subsequence,
    title_key,
)
from draftwatch.model import (
    Comparison,
    Document,
    Move,
    Op,
    SectionChange,
    SectionRef,
    VersionMeta,
)
from draftwatch.parse import parse_document
from draftwatch.stopwatch import Stopwatch
from draftwatch.textdiff import diff_words, merge_ops

REWRITE_SIMILARITY = 0.35
SEPARATOR = "\n\n"


@dataclass
class _Entry:
    """A section entry being built: which old and new section it shows."""

    old: int | None
    new: int | None
    similarity: float = 1.0
    split: bool = False
    merged: bool = False
    primary: bool = False
    moved: bool = False
    id: str = ""
    ops: list[Op] = field(default_factory=list)


def compare(
    old_text: str,
    new_text: str,
    *,
    old_format: str = "markdown",
    new_format: str | None = None,
    old: VersionMeta | None = None,
    new: VersionMeta | None = None,
    key_changes: bool = True,
    stopwatch: Stopwatch | None = None,
) -> Comparison:
    """Compare two versions of a document; the Python API behind `draftwatch diff`.

    `stopwatch`, if given, records the time of each stage (for `bench/run.py`).
    """
    clock = stopwatch or Stopwatch()
    old_text, new_text = _encodable(old_text), _encodable(new_text)
    new_format = new_format or old_format
    if new_format != old_format:
        # A text export compared with its Markdown source: one parser for both, or every block
        # differs in shape (and aligning one side's long blocks with the other's rows is slow).
        old_format = new_format = "markdown"
    with clock.stage("parse"):
        old_doc = parse_document(old_text, old_format)
        new_doc = parse_document(new_text, new_format)
    comparison = compare_documents(
        old_doc, new_doc, _meta(old, "old", old_text), _meta(new, "new", new_text), clock
    )
    if key_changes:
        from draftwatch.semantic import find_key_changes

        with clock.stage("key changes"):
            comparison = replace(comparison, key_changes=find_key_changes(comparison))
    return comparison


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """Lone surrogates (only an API caller can pass them: decoded files never hold them) cannot
    be hashed or written as UTF-8: they become U+FFFD, as a decoder shows a broken character."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def _meta(meta: VersionMeta | None, ref: str, text: str) -> VersionMeta:
    meta = meta or VersionMeta(ref=ref)
    return replace(
        meta,
        sha256=meta.sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        words=len(text.split()),
    )


def compare_documents(
    old_doc: Document,
    new_doc: Document,
    old_meta: VersionMeta,
    new_meta: VersionMeta,
    stopwatch: Stopwatch | None = None,
) -> Comparison:
    clock = stopwatch or Stopwatch()
    with clock.stage("align"):
        section_pairs = align_sections(old_doc, new_doc)
        block_pairs = align_blocks(old_doc, new_doc, section_pairs)
        entries = _order_entries(old_doc, new_doc, section_pairs)
        _mark_moved_sections(old_doc, new_doc, entries)
        for number, entry in enumerate(entries, 1):
            entry.id = f"s{number}"
    with clock.stage("word diff"):
        builder = _OpsBuilder(old_doc, new_doc, entries, block_pairs)
        sections = tuple(builder.section_change(entry) for entry in entries)
        moves = tuple(builder.moves())
    return Comparison(old_meta, new_meta, sections, moves)


def _order_entries(old_doc: Document, new_doc: Document, pairs: list[SectionPair]) -> list[_Entry]:
    """Entries in new-document order; removed and merged-away sections where they stood."""
    primary = [p for p in pairs if not (p.split or p.merged)]
    by_new: dict[int, _Entry] = {}
    for pair in primary:
        by_new[pair.new] = _Entry(pair.old, pair.new, pair.similarity, primary=True)  # type: ignore[index]
    split_sources = {p.old for p in pairs if p.split}
    merge_targets = {p.new for p in pairs if p.merged}
    for entry in by_new.values():
        entry.split = entry.old in split_sources
        entry.merged = entry.new in merge_targets
    for pair in pairs:
        if pair.split:
            by_new[pair.new] = _Entry(pair.old, pair.new, pair.similarity, split=True)  # type: ignore[index]
    ordered: list[_Entry] = []
    for section in new_doc.sections:
        ordered.append(by_new.get(section.index) or _Entry(None, section.index, 0.0))
    # Old sections without an entry of their own go after the entry of the old section before.
    shown_old = {e.old for e in ordered if e.primary and e.old is not None}
    merged_into = {p.old: p for p in pairs if p.merged}
    position_of_old = {e.old: k for k, e in enumerate(ordered) if e.primary}
    inserts: dict[int, list[_Entry]] = defaultdict(list)
    anchor = -1
    for section in old_doc.sections:
        if section.index in shown_old:
            anchor = position_of_old[section.index]
            continue
        pair = merged_into.get(section.index)
        if pair is not None:
            entry = _Entry(section.index, pair.new, pair.similarity, merged=True)
        else:
            entry = _Entry(section.index, None, 0.0)
        inserts[anchor].append(entry)
    result = list(inserts.get(-1, []))
    for k, entry in enumerate(ordered):
        result.append(entry)
        result.extend(inserts.get(k, []))
    return result


def _mark_moved_sections(old_doc: Document, new_doc: Document, entries: list[_Entry]) -> None:
    """Among siblings, those outside the longest run kept in order moved; so did a section
    that changed parent. A section carried along with its moved parent did not move itself."""
    primary = sorted((e for e in entries if e.primary), key=lambda e: e.new)  # type: ignore[arg-type, return-value]
    partner = {e.old: e.new for e in primary}
    groups: dict[int | None, list[_Entry]] = defaultdict(list)
    for entry in primary:
        old_parent = old_doc.sections[entry.old].parent  # type: ignore[index]
        new_parent = new_doc.sections[entry.new].parent  # type: ignore[index]
        same_parent = (old_parent is None and new_parent is None) or (
            old_parent is not None and partner.get(old_parent) == new_parent
        )
        if same_parent:
            groups[new_parent].append(entry)
        else:
            entry.moved = True
    for siblings in groups.values():
        kept = longest_increasing_subsequence([e.old for e in siblings])  # type: ignore[misc]
        for position, entry in enumerate(siblings):
            entry.moved = position not in kept


class _OpsBuilder:
    def __init__(
        self,
        old_doc: Document,
        new_doc: Document,
        entries: list[_Entry],
        block_pairs: list[BlockPair],
    ) -> None:
        self.old_doc, self.new_doc = old_doc, new_doc
        self.list_items: dict[str, list[str]] = {"insert": [], "delete": []}
        self.old_entry = {
            e.old: e
            for e in entries
            if e.old is not None and (e.primary or e.new is None or e.merged)
        }
        self.new_entry = {
            e.new: e
            for e in entries
            if e.new is not None and (e.primary or e.split or e.old is None)
        }
        self.old_match: dict[tuple[int, int], BlockPair] = {p.old: p for p in block_pairs}
        self.new_match: dict[tuple[int, int], BlockPair] = {p.new: p for p in block_pairs}
        self.in_place: set[tuple[int, int]] = set()  # old places of blocks that did not move
        self.rewrites: dict[tuple[int, int], tuple[int, int]] = {}
        for entry in entries:
            if entry.primary:
                self._anchor(entry)
        moved = sorted((p for p in block_pairs if p.old not in self.in_place), key=lambda p: p.new)
        self.move_id = {p.old: f"m{k}" for k, p in enumerate(moved, 1)}
        self.moved_pairs = moved

    def _anchor(self, entry: _Entry) -> None:
        """Within a section pair: blocks matched to each other that kept their order."""
        old_section, new_section = entry.old, entry.new
        candidates = [
            (q, pair.old[1])
            for q in range(len(self.new_doc.sections[new_section].blocks))  # type: ignore[index]
            if (pair := self.new_match.get((new_section, q))) and pair.old[0] == old_section  # type: ignore[arg-type]
        ]
        kept = longest_increasing_subsequence([p for _, p in candidates])
        for position, (_q, p) in enumerate(candidates):
            if position in kept:
                self.in_place.add((old_section, p))  # type: ignore[arg-type]

    def moves(self) -> list[Move]:
        result = []
        for pair in self.moved_pairs:
            old_block = self.old_doc.sections[pair.old[0]].blocks[pair.old[1]]
            new_block = self.new_doc.sections[pair.new[0]].blocks[pair.new[1]]
            result.append(
                Move(
                    id=self.move_id[pair.old],
                    old_section=self.old_entry[pair.old[0]].id,
                    new_section=self.new_entry[pair.new[0]].id,
                    similarity=pair.similarity,
                    ops=diff_words(old_block.text, new_block.text),
                )
            )
        return result

    def section_change(self, entry: _Entry) -> SectionChange:
        old_section = self.old_doc.sections[entry.old] if entry.old is not None else None
        new_section = self.new_doc.sections[entry.new] if entry.new is not None else None
        self.list_items = {"insert": [], "delete": []}
        if entry.primary:
            ops = self._pair_ops(entry.old, entry.new)  # type: ignore[arg-type]
        elif entry.split or entry.old is None:
            ops = self._one_side_ops(entry.new, "insert")  # type: ignore[arg-type]
        else:
            ops = self._one_side_ops(entry.old, "delete")
        ops = merge_ops(ops)
        renamed = bool(
            old_section
            and new_section
            and title_key(old_section.title) != title_key(new_section.title)
        )
        if entry.old is None:
            status = "added"
        elif entry.new is None:
            status = "removed"
        elif (
            renamed
            or entry.split
            or (entry.merged and not entry.primary)
            or any(op.op != "equal" and not op.cosmetic for op in ops)
        ):
            status = "changed"
        else:
            status = "unchanged"
        return SectionChange(
            id=entry.id,
            status=status,
            old=_ref(old_section) if old_section else None,
            new=_ref(new_section) if new_section else None,
            ops=tuple(ops),
            renamed=renamed,
            moved=entry.moved,
            split=entry.split,
            merged=entry.merged,
            similarity=entry.similarity,
            list_items_added=tuple(self.list_items["insert"]),
            list_items_removed=tuple(self.list_items["delete"]),
        )

    def _one_side_ops(self, section_index: int, kind: str) -> list[Op]:
        doc = self.new_doc if kind == "insert" else self.old_doc
        match = self.new_match if kind == "insert" else self.old_match
        ops: list[Op] = []
        for position, block in enumerate(doc.sections[section_index].blocks):
            if position:
                ops.append(Op(kind, SEPARATOR))
            pair = match.get((section_index, position))
            ops.append(Op(kind, block.text, self.move_id.get(pair.old) if pair else None))
        return ops

    def _pair_ops(self, old_index: int, new_index: int) -> list[Op]:
        old_blocks = self.old_doc.sections[old_index].blocks
        new_blocks = self.new_doc.sections[new_index].blocks
        anchors = [
            (pair.old[1], q)
            for q in range(len(new_blocks))
            if (pair := self.new_match.get((new_index, q))) and pair.old in self.in_place
        ]
        anchors = self._add_rewrites(old_index, new_index, anchors)
        ops: list[Op] = []
        p = q = 0
        for anchor_p, anchor_q in [*anchors, (len(old_blocks), len(new_blocks))]:
            while p < anchor_p:
                ops.extend(self._block_op(old_index, p, "delete"))
                p += 1
            while q < anchor_q:
                ops.extend(self._block_op(new_index, q, "insert"))
                q += 1
            if anchor_p < len(old_blocks) and anchor_q < len(new_blocks):
                if anchor_p and anchor_q:
                    ops.append(Op("equal", SEPARATOR))
                elif anchor_p:
                    ops.append(Op("delete", SEPARATOR))
                elif anchor_q:
                    ops.append(Op("insert", SEPARATOR))
                ops.extend(_block_diff(old_blocks[anchor_p], new_blocks[anchor_q]))
                p, q = anchor_p + 1, anchor_q + 1
        return ops

    def _add_rewrites(self, old_index, new_index, anchors):
        """Unmatched blocks facing each other between two anchors are a rewrite, if alike."""
        from rapidfuzz import fuzz

        old_blocks = self.old_doc.sections[old_index].blocks
        new_blocks = self.new_doc.sections[new_index].blocks
        result = []
        previous = (-1, -1)
        for anchor in [*anchors, (len(old_blocks), len(new_blocks))]:
            free_old = [
                p for p in range(previous[0] + 1, anchor[0]) if (old_index, p) not in self.old_match
            ]
            free_new = [
                q for q in range(previous[1] + 1, anchor[1]) if (new_index, q) not in self.new_match
            ]
            for p, q in zip(free_old, free_new, strict=False):
                score = fuzz.ratio(block_key(old_blocks[p]), block_key(new_blocks[q])) / 100.0
                if score >= REWRITE_SIMILARITY and (not result or result[-1] < (p, q)):
                    result.append((p, q))
            if anchor[0] < len(old_blocks):
                result.append(anchor)
            previous = anchor
        return sorted(set(result))

    def _block_op(self, section_index: int, position: int, kind: str) -> list[Op]:
        match = self.new_match if kind == "insert" else self.old_match
        pair = match.get((section_index, position))
        move = self.move_id.get(pair.old) if pair else None
        ops = [Op(kind, SEPARATOR)] if position else []
        doc = self.new_doc if kind == "insert" else self.old_doc
        block = doc.sections[section_index].blocks[position]
        ops.append(Op(kind, block.text, move))
        if block.kind == "list_item" and move is None:
            self.list_items[kind].append(block.text)
        return ops


def _block_diff(old_block, new_block) -> list[Op]:
    """Word diff of a block pair; a changed clause label alone is a cosmetic renumbering."""
    if old_block.text == new_block.text:
        return [Op("equal", old_block.text)]
    ops: list[Op] = []
    old_label = old_block.text[: old_block.label_length]
    new_label = new_block.text[: new_block.label_length]
    if old_label or new_label:
        if old_label == new_label:
            ops.append(Op("equal", old_label))
        else:
            ops.append(Op("delete", old_label, cosmetic=True))
            ops.append(Op("insert", new_label, cosmetic=True))
        ops.extend(diff_words(old_block.content, new_block.content))
    else:
        ops.extend(diff_words(old_block.text, new_block.text))
    return ops


def _ref(section) -> SectionRef:
    return SectionRef(title=section.title, level=section.level, index=section.index)


def without_cosmetic(comparison: Comparison) -> Comparison:
    """The comparison with cosmetic edits (spacing, quotes, dashes, case, renumbering) folded
    into the text around them, as `--ignore-cosmetic` shows it. Ops then re-join to the new
    text only; key changes and counts never included cosmetic edits in the first place."""

    def fold(ops: tuple[Op, ...]) -> tuple[Op, ...]:
        kept = [
            Op("equal", op.text) if op.cosmetic else op
            for op in ops
            if not (op.cosmetic and op.op == "delete")
        ]
        return tuple(merge_ops(kept))

    sections = tuple(replace(change, ops=fold(change.ops)) for change in comparison.sections)
    moves = tuple(replace(move, ops=fold(move.ops)) for move in comparison.moves)
    return replace(comparison, sections=sections, moves=moves)
