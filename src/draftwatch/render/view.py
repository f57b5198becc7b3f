"""What every report shows of a section and a key change, whatever the output format."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from draftwatch.model import Comparison, KeyChange, Op, OpKind, SectionChange

UNTITLED = "(before the first heading)"


def badges(change: SectionChange) -> list[str]:
    """added | removed | changed | unchanged, then renamed, moved, split, merged."""
    flags: list[str] = [change.status]
    flags += [name for name in ("renamed", "moved", "split", "merged") if getattr(change, name)]
    return flags


def title(change: SectionChange) -> str:
    return (change.new.title if change.new else change.old.title if change.old else "") or UNTITLED


def old_title(change: SectionChange) -> str:
    return change.old.title if change.old else ""


def is_shown(change: SectionChange) -> bool:
    """Sections a reader needs to see: anything but unchanged sections left in place."""
    return change.status != "unchanged" or change.moved


def importance(change: SectionChange, key_changes_by_section: Counter[str]) -> tuple[int, int, int]:
    """Sort key, most important first when reversed: structure, key changes, words changed."""
    structural = change.status in ("added", "removed") or change.renamed or change.moved
    return (
        int(structural),
        key_changes_by_section[change.id],
        change.words_inserted + change.words_deleted,
    )


def move_ends(comparison: Comparison) -> dict[str, tuple[str, str]]:
    """Move id -> titles of the sections it left and arrived in."""
    titles = {change.id: title(change) for change in comparison.sections}
    return {
        move.id: (titles.get(move.old_section, ""), titles.get(move.new_section, ""))
        for move in comparison.moves
    }


def document_name(comparison: Comparison, fallback: str = "document") -> str:
    for ref in (comparison.new.ref, comparison.old.ref):
        if "@" in ref:
            return ref.split("@", 1)[0]
    return fallback


def paragraphs(ops: Iterable[Op]) -> list[list[Op]]:
    """Split ops at paragraph breaks found in equal text, so unchanged paragraphs can be skipped."""
    paragraphs: list[list[Op]] = [[]]
    for op in ops:
        if op.op != "equal" or "\n\n" not in op.text:
            paragraphs[-1].append(op)
            continue
        pieces = op.text.split("\n\n")
        for k, piece in enumerate(pieces):
            if k:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append(Op(OpKind.EQUAL, piece))
    return paragraphs


def trim(op: Op, position: int, count: int, keep: int = 70) -> Op:
    """Long unchanged text around a change is cut to its ends: the change is what matters."""
    if op.op != "equal" or len(op.text) <= 2 * keep + 10:
        return op
    head = op.text[:keep] if position else ""
    tail = op.text[-keep:] if position < count - 1 else ""
    return Op(OpKind.EQUAL, f"{head}…{tail}")


def count_by_category(key_changes: Iterable[KeyChange]) -> str:
    """`2 money, 1 percent, 3 entity`: categories in rank order (the list is ranked)."""
    counts = Counter(change.category for change in key_changes)
    return ", ".join(f"{count} {category}" for category, count in counts.items())


HEADLINE = 10  # every view opens with this many of the most important key changes


def headline(comparison: Comparison) -> tuple[list[KeyChange], list[KeyChange]]:
    """The most important key changes (the list is ranked by importance), and the rest."""
    return list(comparison.key_changes[:HEADLINE]), list(comparison.key_changes[HEADLINE:])


def section_titles(comparison: Comparison) -> dict[str, str]:
    return {change.id: title(change) for change in comparison.sections}


def evidence(change: KeyChange, limit: int = 160) -> str:
    """A short evidence sentence: the new text (or the old, for something removed)."""
    text = " ".join((change.new_context or change.old_context).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def where(change: KeyChange, titles: dict[str, str]) -> str:
    """The section title, and how many more places hold the same change."""
    place = titles.get(change.section, "") or UNTITLED
    return place + (f" (and {change.count - 1} more)" if change.count > 1 else "")


def outline_lines(comparison: Comparison) -> list[str]:
    """One plain line per structural change: added, removed, renamed, renumbered, split..."""
    lines = []
    for entry in comparison.outline:
        if entry.kind == "added":
            lines.append(f"added: {entry.new_title or UNTITLED}")
        elif entry.kind == "removed":
            lines.append(f"removed: {entry.old_title or UNTITLED}")
        elif entry.kind == "renumbered":
            lines.append(f"renumbered (cosmetic): {entry.old_title} -> {entry.new_title}")
        elif entry.kind == "renamed":
            lines.append(f"renamed: {entry.old_title} -> {entry.new_title}")
        else:
            lines.append(f"{entry.kind}: {entry.old_title or entry.new_title}")
    return lines
