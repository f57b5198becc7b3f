"""Assembly: matched sections and blocks become each section's ops (word diffs inside matched
blocks, whole blocks inserted or deleted, moves with ids shared by both ends)."""

from __future__ import annotations

from draftwatch.engine.blocks import BlockPair, block_key
from draftwatch.engine.matching import edit_ratio, longest_increasing_subsequence, title_key
from draftwatch.engine.sections import Entry
from draftwatch.engine.tokens import words
from draftwatch.engine.worddiff import diff_words, merge_ops
from draftwatch.model import (
    Block,
    Document,
    LinkChange,
    Move,
    Op,
    OpKind,
    Section,
    SectionChange,
    SectionRef,
    SectionStatus,
)

REWRITE_SIMILARITY = 0.35
MOVE_MIN_WORDS = 8
SEPARATOR = "\n\n"


class OpsBuilder:
    def __init__(
        self,
        old_doc: Document,
        new_doc: Document,
        entries: list[Entry],
        block_pairs: list[BlockPair],
    ) -> None:
        self.old_doc, self.new_doc = old_doc, new_doc
        self.list_items: dict[str, list[str]] = {"insert": [], "delete": []}
        self.links: list[LinkChange] = []
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
        moved = sorted(
            (p for p in block_pairs if p.old not in self.in_place and self._substantial(p)),
            key=lambda p: p.new,
        )
        self.move_id = {p.old: f"m{k}" for k, p in enumerate(moved, 1)}
        self.moved_pairs = moved

    def _substantial(self, pair: BlockPair) -> bool:
        """A move needs substance: a sentence's worth of words on both sides, not a fragment.
        A shorter block that changed place is shown as removed there and added here."""
        old_block = self.old_doc.sections[pair.old[0]].blocks[pair.old[1]]
        new_block = self.new_doc.sections[pair.new[0]].blocks[pair.new[1]]
        return (
            len(words(old_block.content)) >= MOVE_MIN_WORDS
            and len(words(new_block.content)) >= MOVE_MIN_WORDS
        )

    def _anchor(self, entry: Entry) -> None:
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

    def section_change(self, entry: Entry) -> SectionChange:
        old_section = self.old_doc.sections[entry.old] if entry.old is not None else None
        new_section = self.new_doc.sections[entry.new] if entry.new is not None else None
        self.list_items = {"insert": [], "delete": []}
        self.links = []
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
            and entry.primary  # a part split off or merged in keeps its own title: no rename
            and title_key(old_section.title) != title_key(new_section.title)
        )
        if entry.old is None:
            status = SectionStatus.ADDED
        elif entry.new is None:
            status = SectionStatus.REMOVED
        elif (
            renamed
            or entry.split
            or (entry.merged and not entry.primary)
            or any(op.op != "equal" and not op.cosmetic for op in ops)
            or self.links
        ):
            status = SectionStatus.CHANGED
        else:
            status = SectionStatus.UNCHANGED
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
            links=tuple(self.links),
        )

    def _one_side_ops(self, section_index: int, kind: str) -> list[Op]:
        doc = self.new_doc if kind == "insert" else self.old_doc
        match = self.new_match if kind == "insert" else self.old_match
        ops: list[Op] = []
        for position, block in enumerate(doc.sections[section_index].blocks):
            if position:
                ops.append(Op(OpKind(kind), SEPARATOR))
            pair = match.get((section_index, position))
            ops.append(Op(OpKind(kind), block.text, self.move_id.get(pair.old) if pair else None))
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
                    ops.append(Op(OpKind.EQUAL, SEPARATOR))
                elif anchor_p:
                    ops.append(Op(OpKind.DELETE, SEPARATOR))
                elif anchor_q:
                    ops.append(Op(OpKind.INSERT, SEPARATOR))
                ops.extend(_block_diff(old_blocks[anchor_p], new_blocks[anchor_q]))
                self.links.extend(link_changes(old_blocks[anchor_p], new_blocks[anchor_q]))
                p, q = anchor_p + 1, anchor_q + 1
        return ops

    def _add_rewrites(
        self, old_index: int, new_index: int, anchors: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Unmatched blocks facing each other between two anchors are a rewrite, if alike."""
        old_blocks = self.old_doc.sections[old_index].blocks
        new_blocks = self.new_doc.sections[new_index].blocks
        result: list[tuple[int, int]] = []
        previous = (-1, -1)
        for anchor in [*anchors, (len(old_blocks), len(new_blocks))]:
            free_old = [
                p for p in range(previous[0] + 1, anchor[0]) if (old_index, p) not in self.old_match
            ]
            free_new = [
                q for q in range(previous[1] + 1, anchor[1]) if (new_index, q) not in self.new_match
            ]
            for p, q in zip(free_old, free_new, strict=False):
                score = edit_ratio(block_key(old_blocks[p]), block_key(new_blocks[q]))
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
        ops = [Op(OpKind(kind), SEPARATOR)] if position else []
        doc = self.new_doc if kind == "insert" else self.old_doc
        block = doc.sections[section_index].blocks[position]
        ops.append(Op(OpKind(kind), block.text, move))
        if block.kind == "list_item" and move is None:
            self.list_items[kind].append(block.text)
        return ops


def _block_diff(old_block: Block, new_block: Block) -> list[Op]:
    """Word diff of a block pair; a changed clause label alone is a cosmetic renumbering."""
    if old_block.text == new_block.text:
        return [Op(OpKind.EQUAL, old_block.text)]
    ops: list[Op] = []
    old_label = old_block.text[: old_block.label_length]
    new_label = new_block.text[: new_block.label_length]
    if old_label or new_label:
        if old_label == new_label:
            ops.append(Op(OpKind.EQUAL, old_label))
        else:
            ops.append(Op(OpKind.DELETE, old_label, cosmetic=True))
            ops.append(Op(OpKind.INSERT, new_label, cosmetic=True))
        ops.extend(diff_words(old_block.content, new_block.content))
    else:
        ops.extend(diff_words(old_block.text, new_block.text))
    return ops


def link_changes(old_block: Block, new_block: Block) -> list[LinkChange]:
    """Links whose text stayed while their target changed, in order of appearance."""
    if old_block.links == new_block.links:
        return []
    new_targets: dict[str, list[str]] = {}
    for text, target in new_block.links:
        new_targets.setdefault(text, []).append(target)
    old_targets: dict[str, list[str]] = {}
    for text, target in old_block.links:
        old_targets.setdefault(text, []).append(target)
    found = []
    for text, olds in old_targets.items():
        news = new_targets.get(text, [])
        if len(olds) != len(news):
            continue  # a link added or removed: its text is in the word diff
        for old, new in zip(olds, news, strict=True):
            if old != new:
                found.append(LinkChange(text, old, new))
    return found


def _ref(section: Section) -> SectionRef:
    return SectionRef(title=section.title, level=section.level, index=section.index)
