"""`draftwatch review BASE..HEAD`: the drafts a branch adds or changes, each against its
predecessor, as a pull request would show them.

The range is read as GitHub reads a pull request: from the merge base of BASE and HEAD to HEAD
(so `main..branch` and `main...branch` mean the same here). A snapshot added or changed under
versions/<doc>/ is compared with the version before it, as it stands at HEAD; with `path`
globs, any other matching file edited in place is compared with itself at the merge base.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from draftwatch.api import compare_versions
from draftwatch.errors import BadInputError
from draftwatch.model import Comparison
from draftwatch.refs import ResolvedVersion, from_ingested, from_snapshot
from draftwatch.snapshot import SNAPSHOT_PATH, earlier_snapshot_paths, parse_snapshot
from draftwatch.store import range_changes, read_revision, strip_front_matter

MARKER = "<!-- draftwatch-review -->"


@dataclass(frozen=True)
class ReviewItem:
    """One document changed in the range: what it is compared with, and the result."""

    document: str
    old: ResolvedVersion | None  # None: a new document (first version, or a new file)
    new: ResolvedVersion | None  # None: a file deleted in the range
    comparison: Comparison | None


@dataclass(frozen=True)
class Review:
    base: str
    head: str
    merge_base: str
    items: tuple[ReviewItem, ...]


def parse_range(text: str) -> tuple[str, str]:
    if "..." in text:
        base, head = text.split("...", 1)
    elif ".." in text:
        base, head = text.split("..", 1)
    else:
        base, head = text, "HEAD"
    if not base:
        raise BadInputError(f"{text!r}: give a range such as main..my-branch")
    return base, head or "HEAD"


def review(root: Path, revision_range: str, paths: tuple[str, ...] = ()) -> Review:
    base, head = parse_range(revision_range)
    changes = range_changes(root, base, head)
    items = []
    for changed in changes.files:
        snapshot = SNAPSHOT_PATH.match(changed.path)
        if snapshot and changed.status != "deleted":
            items.append(_snapshot_item(root, changes.head, changed.path, snapshot.group("doc")))
        elif _matches(changed.path, paths):
            old = None if changed.status == "added" else _file(root, changes.base, changed.path)
            new = None if changed.status == "deleted" else _file(root, changes.head, changed.path)
            items.append(_compared(changed.path, old, new))
    return Review(base, head, changes.base, tuple(items))


def _matches(path: str, globs: tuple[str, ...]) -> bool:
    name = PurePosixPath(path).name
    return any(fnmatch.fnmatch(path, glob) or fnmatch.fnmatch(name, glob) for glob in globs)


def _snapshot_item(root: Path, head: str, path: str, doc: str) -> ReviewItem:
    """A snapshot against the version before it (as it stands at head): a pull request may
    add several versions at once, or fix one that was already there."""
    new = _snapshot(root, head, path)
    for earlier in earlier_snapshot_paths(path):
        previous = _snapshot(root, head, earlier)
        if previous is not None:
            return _compared(doc, previous, new)
    return _compared(doc, None, new)


def _snapshot(root: Path, revision: str, path: str) -> ResolvedVersion | None:
    data = read_revision(root, revision, path)
    if data is None:
        return None
    return from_snapshot(*parse_snapshot(data.decode("utf-8"), Path(path)))


def _file(root: Path, revision: str, path: str) -> ResolvedVersion:
    from draftwatch.ingest import ingest_bytes

    data = read_revision(root, revision, path) or b""
    ingested = ingest_bytes(strip_front_matter(data), PurePosixPath(path).name, None)
    return from_ingested(f"{revision[:12]}:{path}", ingested)


def _compared(document: str, old: ResolvedVersion | None, new: ResolvedVersion | None):
    comparison = None
    if old is not None and new is not None:
        comparison = compare_versions(old, new)
    return ReviewItem(document, old, new, comparison)


# Output.


def review_markdown(result: Review, limit: int = 65_536) -> str:
    from draftwatch.render.markdown import escape, render_markdown

    lines = [MARKER, f"## draftwatch review: {escape(result.base)}..{escape(result.head)}", ""]
    if not result.items:
        lines.append("No draft versions added or changed in this range.")
        return "\n".join(lines) + "\n"
    compared = [item for item in result.items if item.comparison is not None]
    share = (limit - 2000) // max(len(compared), 1)
    for item in result.items:
        if item.comparison is None:
            lines += [f"### {escape(item.document)}: {_describe_one_sided(item)}", ""]
            continue
        title = f"{item.document}: {item.old.ref} → {item.new.ref}"  # type: ignore[union-attr]
        lines += [render_markdown(item.comparison, title=title, limit=share), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _describe_one_sided(item: ReviewItem) -> str:
    if item.new is None:
        return f"deleted ({item.old.ref})"  # type: ignore[union-attr]
    words = len(item.new.text.split())
    return f"new, {item.new.ref} ({words:,} words; nothing before it to compare with)"


def review_json(result: Review) -> dict[str, object]:
    from draftwatch.render.json import comparison_to_dict

    return {
        "schema": "draftwatch/review@1",
        "base": result.base,
        "head": result.head,
        "merge_base": result.merge_base,
        "documents": [
            {
                "document": item.document,
                "old": item.old.ref if item.old else None,
                "new": item.new.ref if item.new else None,
                "comparison": comparison_to_dict(item.comparison) if item.comparison else None,
            }
            for item in result.items
        ],
    }


def review_terminal(result: Review, *, color: bool) -> str:
    from draftwatch.render.terminal import render_terminal

    if not result.items:
        return f"No draft versions added or changed in {result.base}..{result.head}.\n"
    parts = []
    for item in result.items:
        if item.comparison is None:
            parts.append(f"{item.document}: {_describe_one_sided(item)}\n")
        else:
            parts.append(render_terminal(item.comparison, color=color))
    return "\n".join(parts)
