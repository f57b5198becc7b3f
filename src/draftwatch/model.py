"""The data that flows through draftwatch: documents in, a comparison out. Frozen, typed, pure."""

from __future__ import annotations

import hashlib
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
    LINK = "link"
    CLAUSE = "clause"
    FIELD = "field"


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, list item, quote, table row or code block, as shown to a reader.

    `text` is the block's text as a reader reads it (markup rendered, line wraps undone);
    `label_length` is how many of its first characters are a clause label such as `7.1 ` or
    `(a) `, compared apart from the rest; `links` are its links as (link text, target).
    """

    kind: str
    text: str
    label_length: int = 0
    links: tuple[tuple[str, str], ...] = ()

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
class LinkChange:
    """A link whose text stayed while its target changed: a fact of its own, not words."""

    text: str
    old: str
    new: str


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
    links: tuple[LinkChange, ...] = ()
    #: link changes the user's noise rules made equal: shown as cosmetic, not counted
    ignored_links: tuple[LinkChange, ...] = ()

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
    LEVEL = "level"  # a heading moved up or down the outline (e.g. a section made a subsection)


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A section added, removed, renamed, renumbered (cosmetic), split or merged."""

    kind: OutlineKind
    section: str
    old_title: str
    new_title: str
    cosmetic: bool = False


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a document, wherever it came from: a stored snapshot (`doc` and `number`
    set, with the facts of its front matter), a file, a git blob or standard input. The one
    record of a version: the store returns it, references resolve to it, a comparison holds two.
    """

    text: str
    format: str  # "markdown" | "text"
    ref: str = ""  # how it is named: white-paper@3, old.md, HEAD:policy.md, stdin
    doc: str = ""
    number: int = 0
    label: str = ""
    date: str = ""
    source: str = ""
    original_name: str = ""
    added_at: str = ""
    encoding: str = "utf-8"
    sha256: str = ""  # of the text; computed when not given
    # Optional facts (absent from older snapshots): the original file kept beside the snapshot
    # (its name in the document's folder, e.g. 0003.pdf, and its sha256), and when a URL was
    # fetched.
    original_file: str = ""
    original_sha256: str = ""
    fetched_at: str = ""

    def __post_init__(self) -> None:
        if not self.ref and self.doc and self.number:
            object.__setattr__(self, "ref", f"{self.doc}@{self.number}")
        if not self.sha256:
            digest = hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()
            object.__setattr__(self, "sha256", digest)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Comparison:
    old: Version
    new: Version
    sections: tuple[SectionChange, ...]
    moves: tuple[Move, ...] = ()
    key_changes: tuple[KeyChange, ...] = field(default=())
    outline: tuple[OutlineEntry, ...] = field(default=())
    #: change hunks the user's noise rules (draftwatch.toml, --ignore) marked cosmetic
    ignored: int = 0

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
            ignored=self.ignored,
        )

    @property
    def has_changes(self) -> bool:
        return bool(self.moves) or any(
            s.status != SectionStatus.UNCHANGED or s.moved or s.links for s in self.sections
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
    ignored: int = 0  # changes marked cosmetic by noise rules: shown, not counted above


def _count_words(texts: Iterable[str]) -> int:
    return sum(len(text.split()) for text in texts)


@dataclass(frozen=True, slots=True)
class TimelineSection:
    """What the history index shows of one section in one step: enough to draw its share of
    the timeline, kept in the reports' manifest so the index is redrawn without re-comparing."""

    title: str
    kind: str  # added | removed | moved | changed
    badges: tuple[str, ...]
    words_inserted: int
    words_deleted: int
    weight: int  # words inserted + deleted, or 1 for a section only renamed or moved


@dataclass(frozen=True, slots=True)
class HistoryStep:
    """One consecutive comparison in a document's history, as the history index shows it."""

    old_number: int
    new_number: int
    file: str  # the pair's report, relative to the index ("" when there is none)
    summary: Summary
    sections: tuple[TimelineSection, ...]  # only those with a weight


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One document a branch changed: what it is compared with, and the result."""

    document: str
    old: Version | None  # None: a new document (first version, or a new file)
    new: Version | None  # None: a file deleted in the range
    comparison: Comparison | None
    problem: str = ""  # why a snapshot could not be reviewed (then old and new are None)


@dataclass(frozen=True, slots=True)
class Review:
    """`draftwatch review BASE..HEAD`: every document the range adds or changes."""

    base: str
    head: str
    merge_base: str
    items: tuple[ReviewItem, ...]


@dataclass(frozen=True, slots=True)
class LineageState:
    """One section lineage in one version: where it stands, what it is called, what happened to
    it since the version before."""

    version: int
    index: int  # the section's index in that version's document
    title: str
    level: int
    state: str  # first | added | unchanged | changed | renamed | moved (DESIGN 7b `states`)
    words_changed: int
    change: str  # the section's id in the comparison with the version before ("" at first)
    split: bool
    merged: bool
    body: str
    key_changes: tuple[KeyChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Lineage:
    """A clause followed across versions: one id through renames, renumbering, moves, splits
    and merges (the larger part of a split, or the closer source of a merge, carries it on)."""

    id: str
    origin: int  # the version where it began
    states: tuple[LineageState, ...]  # one per version it stands in, in order
    removed_in: int | None  # the version where it is gone (merged away or removed)
    parents: tuple[str, ...] = ()  # lineages it was split from
    merged_into: str = ""  # the lineage that took it over when it was merged away

    def at(self, version: int) -> LineageState | None:
        """Its state in a version, or None. States run without gaps from the origin, so the
        place is computed; a scan is the fallback for numbering with holes."""
        if self.states:
            place = version - self.states[0].version
            if 0 <= place < len(self.states) and self.states[place].version == version:
                return self.states[place]
        for state in self.states:
            if state.version == version:
                return state
        return None


@dataclass(frozen=True, slots=True)
class DocumentHistory:
    """Every version of a document, the comparison of each with the next, and the lineages."""

    doc: str
    versions: tuple[Version, ...]
    comparisons: tuple[Comparison, ...]
    lineages: tuple[Lineage, ...]


@dataclass(frozen=True, slots=True)
class BlameLine:
    """A sentence of one version: since when it stands as it does, and where its line began."""

    section: str  # the section's title in that version
    lineage: str
    text: str
    since: int
    origin: int
    origin_text: str


@dataclass(frozen=True, slots=True)
class DroppedSentence:
    """A sentence that stood in an earlier version and was dropped (and maybe came back)."""

    text: str
    section: str
    lineage: str
    last_seen: int
    dropped_in: int
    came_back_in: int | None
    key_values: tuple[tuple[str, str], ...]  # (category, value): amounts, deadlines, obligations
