"""`draftwatch review BASE..HEAD`: the drafts a branch adds or changes, each against its
predecessor, as a pull request would show them.

The range is read as GitHub reads a pull request: from the merge base of BASE and HEAD to HEAD
(so `main..branch` and `main...branch` mean the same here). A snapshot added or changed under
versions/<doc>/ is compared with the version before it, as it stands at HEAD; with `path`
globs, any other matching file edited in place is compared with itself at the merge base.

A branch is outside input: a snapshot whose front matter fails its checks is listed as not
reviewed, with the reason shown escaped, and the other documents are still reviewed.
"""

from __future__ import annotations

import fnmatch
from dataclasses import replace
from pathlib import Path, PurePosixPath

from draftwatch.engine import compare_versions
from draftwatch.errors import BadInputError, StoreError
from draftwatch.model import Review, ReviewItem, Version
from draftwatch.versions.gitrepo import range_changes, read_revision
from draftwatch.versions.snapshot import (
    SNAPSHOT_PATH,
    earlier_snapshot_paths,
    parse_snapshot,
    strip_front_matter,
)


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
            doc = snapshot.group("doc")
            try:
                items.append(_snapshot_item(root, changes.head, changed.path, doc))
            except StoreError as error:
                items.append(ReviewItem(doc, None, None, None, problem=str(error)))
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


def _snapshot(root: Path, revision: str, path: str) -> Version | None:
    data = read_revision(root, revision, path)
    if data is None:
        return None
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not a draftwatch snapshot (not UTF-8)") from None
    return parse_snapshot(content, Path(path))


def _file(root: Path, revision: str, path: str) -> Version:
    from draftwatch.versions.ingest import ingest_bytes

    data = read_revision(root, revision, path) or b""
    ingested = ingest_bytes(strip_front_matter(data), PurePosixPath(path).name, None)
    name = f"{revision[:12]}:{path}"
    return replace(ingested, ref=name, source=name)


def _compared(document: str, old: Version | None, new: Version | None) -> ReviewItem:
    comparison = None
    if old is not None and new is not None:
        comparison = compare_versions(old, new)
    return ReviewItem(document, old, new, comparison)
