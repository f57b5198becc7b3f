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
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from draftwatch.api import compare_versions
from draftwatch.errors import BadInputError, StoreError
from draftwatch.model import Comparison
from draftwatch.render.markdown import escape, most_important_within, render_markdown
from draftwatch.render.safe import safe_line
from draftwatch.versions.gitrepo import range_changes, read_revision
from draftwatch.versions.refs import ResolvedVersion, from_ingested, from_snapshot
from draftwatch.versions.snapshot import (
    SNAPSHOT_PATH,
    earlier_snapshot_paths,
    parse_snapshot,
    strip_front_matter,
)

MARKER = "<!-- draftwatch-review -->"


@dataclass(frozen=True)
class ReviewItem:
    """One document changed in the range: what it is compared with, and the result."""

    document: str
    old: ResolvedVersion | None  # None: a new document (first version, or a new file)
    new: ResolvedVersion | None  # None: a file deleted in the range
    comparison: Comparison | None
    problem: str = ""  # why a snapshot could not be reviewed (then old and new are None)


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


def _snapshot(root: Path, revision: str, path: str) -> ResolvedVersion | None:
    data = read_revision(root, revision, path)
    if data is None:
        return None
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not a draftwatch snapshot (not UTF-8)") from None
    return from_snapshot(*parse_snapshot(content, Path(path)))


def _file(root: Path, revision: str, path: str) -> ResolvedVersion:
    from draftwatch.versions.ingest import ingest_bytes

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
    """The pull-request comment, under `limit` characters however many documents changed:
    the least important documents fold to one line each, and past that to a count."""
    lines = [MARKER, f"## draftwatch review: {escape(result.base)}..{escape(result.head)}", ""]
    if not result.items:
        lines.append("No draft versions added or changed in this range.")
        return "\n".join(lines) + "\n"
    items = result.items
    compared = [item for item in items if item.comparison is not None]
    share = max((limit - 2000) // max(len(compared), 1), _SMALLEST_SHARE)
    full = [_full_markdown(item, share) for item in items]
    budget = limit - len("\n".join(lines)) - _RESERVE
    if sum(len(block) + 2 for block in full) <= budget:
        return "\n".join(lines + [part for block in full for part in (block, "")]).rstrip() + "\n"
    short = [_short_markdown(item) for item in items]
    ranks = [_importance(item) for item in items]
    folded_cost = sum(len(line) + 1 for line in short)
    if folded_cost > budget:
        listed = most_important_within(ranks, lambda k: len(short[k]) + 1, budget)
        lines += [short[k] for k in sorted(listed)]
        more = len(items) - len(listed)
        lines.append(f"- … and {more} more documents (run `draftwatch review` locally for all)")
        return "\n".join(lines) + "\n"
    whole = most_important_within(
        ranks, lambda k: len(full[k]) + 2 - len(short[k]) - 1, budget - folded_cost
    )
    for k in sorted(whole):
        lines += [full[k], ""]
    folded = [k for k in range(len(items)) if k not in whole]
    lines += [f"### {len(folded)} more documents, one line each", ""]
    lines += [short[k] for k in folded]
    lines += [
        "",
        f"_{len(folded)} less important documents folded to stay within GitHub's comment "
        "limit; run `draftwatch review` locally for all._",
    ]
    return "\n".join(lines) + "\n"


_SMALLEST_SHARE = 4000  # below this a document's own folding leaves too little to read
_RESERVE = 600  # for the lines that say what was folded


def _full_markdown(item: ReviewItem, share: int) -> str:
    if item.problem:
        return f"### {escape(item.document)}: not reviewed\n\n{escape(item.problem)}"
    if item.comparison is None:
        return f"### {escape(item.document)}: {escape(_describe_one_sided(item))}"
    title = f"{item.document}: {item.old.ref} → {item.new.ref}"  # type: ignore[union-attr]
    return render_markdown(item.comparison, title=title, limit=share).rstrip("\n")


def _short_markdown(item: ReviewItem) -> str:
    if item.problem:
        return f"- **{escape(item.document)}**: not reviewed: {escape(item.problem)}"
    if item.comparison is None:
        return f"- **{escape(item.document)}**: {escape(_describe_one_sided(item))}"
    summary = item.comparison.summary()
    refs = f"{item.old.ref} → {item.new.ref}"  # type: ignore[union-attr]
    return (
        f"- **{escape(item.document)}**: {escape(refs)}: {summary.key_changes} key changes, "
        f"+{summary.words_inserted} −{summary.words_deleted} words"
    )


def _importance(item: ReviewItem) -> tuple[int, int, int]:
    """Problems first, then by key changes, then by words changed (all of a new document's)."""
    if item.comparison is None:
        words = len(item.new.text.split()) if item.new else 0
        return (int(bool(item.problem)), 0, words)
    summary = item.comparison.summary()
    changed = summary.words_inserted + summary.words_deleted
    return (0, summary.key_changes, changed)


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
                "problem": item.problem or None,
            }
            for item in result.items
        ],
    }


def review_terminal(result: Review, *, color: bool) -> str:
    from draftwatch.render.terminal import render_terminal

    if not result.items:
        shown_range = safe_line(f"{result.base}..{result.head}")
        return f"No draft versions added or changed in {shown_range}.\n"
    parts = []
    for item in result.items:
        if item.problem:
            parts.append(f"{safe_line(item.document)}: not reviewed: {safe_line(item.problem)}\n")
        elif item.comparison is None:
            parts.append(f"{safe_line(item.document)}: {safe_line(_describe_one_sided(item))}\n")
        else:
            parts.append(render_terminal(item.comparison, color=color))
    return "\n".join(parts)
