"""The data that flows through draftwatch: documents in, a comparison out. Frozen, typed, pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class SectionStatus(StrEnum):
    """What happened to a section; the JSON `status` (DESIGN section 6)."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


class OpKind(StrEnum):
    """A piece of a diff, as in diff-match-patch."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


class Category(StrEnum):
    """Kinds of key change (`section` is no longer reported: structure goes to the outline)."""

    SECTION = "section"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    NUMBER = "number"
    MODALITY = "modality"
    NEGATION = "negation"
    LIST = "list"
    ENTITY = "entity"
    CLAUSE = "clause"


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, list item, quote, table row or code block, as shown to a reader.

    `text` is the block's text with line wraps undone; `label_length` is how many of its first
    characters are a clause label such as `7.1 ` or `(a) `, compared apart from the rest.
    """

    kind: str
    text: str
    label_length: int = 0

    @property
    def label(self) -> str:
        return self.text[: self.label_length].strip()

    @property
    def content(self) -> str:
        return self.text[self.label_length :]


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the blocks under it up to the next heading (subsections are separate)."""

    index: int
    title: str
    level: int
    blocks: tuple[Block, ...]
    parent: int | None = None

    @property
    def body(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True, slots=True)
class Document:
    format: str
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Op:
    """One piece of a diff: `equal`, `delete` or `insert`, as in diff-match-patch.

    `move` links the delete where moved text left to the insert where it arrived; `cosmetic`
    marks a delete/insert pair that differs only in spacing, quotes, dashes, case or numbering.
    """

    op: OpKind
    text: str
    move: str | None = None
    cosmetic: bool = False


@dataclass(frozen=True, slots=True)
class SectionRef:
    title: str
    level: int
    index: int


@dataclass(frozen=True, slots=True)
class SectionChange:
    """One entry of the comparison: a section pair, or an added or removed section."""

    id: str
    status: SectionStatus
    old: SectionRef | None
    new: SectionRef | None
    ops: tuple[Op, ...]
    renamed: bool = False
    moved: bool = False
    split: bool = False
    merged: bool = False
    similarity: float = 1.0
    list_items_added: tuple[str, ...] = ()
    list_items_removed: tuple[str, ...] = ()

    @property
    def words_inserted(self) -> int:
        return _count_words(
            op.text for op in self.ops if op.op == OpKind.INSERT and not op.cosmetic
        )

    @property
    def words_deleted(self) -> int:
        return _count_words(
            op.text for op in self.ops if op.op == OpKind.DELETE and not op.cosmetic
        )

    @property
    def title(self) -> str:
        side = self.new or self.old
        return side.title if side else ""


@dataclass(frozen=True, slots=True)
class Move:
    """A block that left one place and arrived at another, with the edits made on the way."""

    id: str
    old_section: str
    new_section: str
    similarity: float
    ops: tuple[Op, ...]


@dataclass(frozen=True, slots=True)
class KeyChange:
    """A change that alters meaning (an amount, a date, must/should, a party...), with evidence."""

    category: Category
    section: str
    old: str
    new: str
    old_context: str
    new_context: str
    summary: str
    importance: int = 0  # 0-100: the list is ordered by it, most important first
    why: str = ""  # a short reason for the importance
    count: int = 1  # the same change seen in this many places
    locations: tuple[str, ...] = ()  # ids of the sections it was seen in, `section` first


class OutlineKind(StrEnum):
    """A structural change of the document, listed apart from key changes."""

    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    RENUMBERED = "renumbered"
    SPLIT = "split"
    MERGED = "merged"


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A section added, removed, renamed, renumbered (cosmetic), split or merged."""

    kind: OutlineKind
    section: str
    old_title: str
    new_title: str
    cosmetic: bool = False


@dataclass(frozen=True, slots=True)
class VersionMeta:
    ref: str
    label: str = ""
    date: str = ""
    source: str = ""
    sha256: str = ""
    words: int = 0


@dataclass(frozen=True, slots=True)
class Comparison:
    old: VersionMeta
    new: VersionMeta
    sections: tuple[SectionChange, ...]
    moves: tuple[Move, ...] = ()
    key_changes: tuple[KeyChange, ...] = field(default=())
    outline: tuple[OutlineEntry, ...] = field(default=())

    def summary(self) -> Summary:
        """The counts of DESIGN section 6 (a section can be renamed and moved at once)."""
        sections = self.sections
        return Summary(
            sections_added=sum(s.status == SectionStatus.ADDED for s in sections),
            sections_removed=sum(s.status == SectionStatus.REMOVED for s in sections),
            sections_renamed=sum(s.renamed for s in sections),
            sections_moved=sum(s.moved for s in sections),
            sections_changed=sum(s.status == SectionStatus.CHANGED for s in sections),
            sections_unchanged=sum(s.status == SectionStatus.UNCHANGED for s in sections),
            words_inserted=sum(s.words_inserted for s in sections),
            words_deleted=sum(s.words_deleted for s in sections),
            moved_blocks=len(self.moves),
            key_changes=len(self.key_changes),
        )

    @property
    def has_changes(self) -> bool:
        return bool(self.moves) or any(
            s.status != SectionStatus.UNCHANGED or s.moved for s in self.sections
        )


@dataclass(frozen=True, slots=True)
class Summary:
    """The counts every view shows, in the order of the JSON contract."""

    sections_added: int
    sections_removed: int
    sections_renamed: int
    sections_moved: int
    sections_changed: int
    sections_unchanged: int
    words_inserted: int
    words_deleted: int
    moved_blocks: int
    key_changes: int


def _count_words(texts: Iterable[str]) -> int:
    return sum(len(text.split()) for text in texts)
