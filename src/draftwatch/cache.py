"""Pairwise comparisons cached under .draftwatch/ (ignored by git), keyed by the two snapshots'
hashes and draftwatch's version: history, blame, dropped and the reports index reuse them.

The cache is JSON read back field by field (never pickle), and its file names mix in a random
key kept in this clone's git dir: files that came with a repository (committed under .draftwatch/
by someone else) are never read, only those this clone wrote. Deleting the folder only costs
time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from draftwatch.build import build_id
from draftwatch.engine import NoiseRules, compare_versions
from draftwatch.engine.compare import ParsedCache
from draftwatch.model import (
    Category,
    Comparison,
    KeyChange,
    LinkChange,
    Move,
    Op,
    OpKind,
    OutlineEntry,
    OutlineKind,
    SectionChange,
    SectionRef,
    SectionStatus,
    Version,
)
from draftwatch.versions.files import write_atomically
from draftwatch.versions.gitrepo import local_secret

CACHE_DIR = ".draftwatch"
#: Bumped when the cached form changes; draftwatch's version is part of every key too.
CACHE_FORMAT = 2


def ensure_cache_folder(root: Path) -> Path | None:
    """.draftwatch/pairs, ignored by git through its own .gitignore; None if it cannot be made."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            write_atomically(ignore, "*\n")
        (folder / "pairs").mkdir(exist_ok=True)
    except OSError:
        return None
    return folder / "pairs"


def cached_comparison(
    root: Path | None,
    old: Version,
    new: Version,
    load: Callable[[Version], Version] = lambda version: version,
    parsed: ParsedCache | None = None,
    noise: NoiseRules | None = None,
) -> Comparison:
    """`compare_versions(old, new)`, from the cache when the same two texts were compared by this
    draftwatch before. `old` and `new` may be headers (no text) when the result is cached; they
    are loaded through `load` otherwise."""
    folder = ensure_cache_folder(root) if root is not None else None
    key = _key(root, old, new, noise)
    path = folder / f"{key}.json" if folder is not None else None
    if path is not None and path.is_file():
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            return _from_dict(json.loads(path.read_text(encoding="utf-8")), old, new)
    comparison = compare_versions(load(old), load(new), parsed=parsed, noise=noise)
    if path is not None:
        with contextlib.suppress(OSError):
            write_atomically(path, json.dumps(_to_dict(comparison), ensure_ascii=False))
    return comparison


def is_cached(root: Path, old: Version, new: Version, noise: NoiseRules | None = None) -> bool:
    return (root / CACHE_DIR / "pairs" / f"{_key(root, old, new, noise)}.json").is_file()


def _key(root: Path | None, old: Version, new: Version, noise: NoiseRules | None = None) -> str:
    facts = f"{CACHE_FORMAT}|{build_id()}|{old.sha256}|{old.format}|{new.sha256}|{new.format}"
    if noise:
        facts += f"|{noise!r}"
    secret = local_secret(root) if root is not None else ""
    return hashlib.sha256(f"{secret}|{facts}".encode()).hexdigest()


def _ops(ops: tuple[Op, ...]) -> list[list[Any]]:
    return [[op.op.value, op.text, op.move, op.cosmetic] for op in ops]


def _to_dict(comparison: Comparison) -> dict[str, Any]:
    return {
        "old": comparison.old.sha256,
        "new": comparison.new.sha256,
        "sections": [
            {
                **{
                    name: getattr(change, name)
                    for name in ("id", "renamed", "moved", "split", "merged", "similarity")
                },
                "status": change.status.value,
                "old": asdict(change.old) if change.old else None,
                "new": asdict(change.new) if change.new else None,
                "ops": _ops(change.ops),
                "list_items_added": list(change.list_items_added),
                "list_items_removed": list(change.list_items_removed),
                "links": [[link.text, link.old, link.new] for link in change.links],
            }
            for change in comparison.sections
        ],
        "outline": [
            [entry.kind.value, entry.section, entry.old_title, entry.new_title, entry.cosmetic]
            for entry in comparison.outline
        ],
        "moves": [
            [move.id, move.old_section, move.new_section, move.similarity, _ops(move.ops)]
            for move in comparison.moves
        ],
        "key_changes": [
            {**asdict(change), "category": change.category.value}
            for change in comparison.key_changes
        ],
    }


def _op_list(data: list[list[Any]]) -> tuple[Op, ...]:
    return tuple(
        Op(OpKind(kind), str(text), str(move) if move else None, bool(cosmetic))
        for kind, text, move, cosmetic in data
    )


def _ref(data: dict[str, Any] | None) -> SectionRef | None:
    if data is None:
        return None
    return SectionRef(str(data["title"]), int(data["level"]), int(data["index"]))


def _from_dict(data: dict[str, Any], old: Version, new: Version) -> Comparison:
    if data["old"] != old.sha256 or data["new"] != new.sha256:
        raise ValueError("a cached comparison of other texts")
    sections = tuple(
        SectionChange(
            id=str(entry["id"]),
            status=SectionStatus(entry["status"]),
            old=_ref(entry["old"]),
            new=_ref(entry["new"]),
            ops=_op_list(entry["ops"]),
            renamed=bool(entry["renamed"]),
            moved=bool(entry["moved"]),
            split=bool(entry["split"]),
            merged=bool(entry["merged"]),
            similarity=float(entry["similarity"]),
            list_items_added=tuple(map(str, entry["list_items_added"])),
            list_items_removed=tuple(map(str, entry["list_items_removed"])),
            links=tuple(
                LinkChange(str(text), str(old), str(new)) for text, old, new in entry["links"]
            ),
        )
        for entry in data["sections"]
    )
    outline = tuple(
        OutlineEntry(OutlineKind(kind), str(section), str(old), str(new), bool(cosmetic))
        for kind, section, old, new, cosmetic in data["outline"]
    )
    moves = tuple(
        Move(str(move_id), str(old_section), str(new_section), float(similarity), _op_list(ops))
        for move_id, old_section, new_section, similarity, ops in data["moves"]
    )
    key_changes = tuple(
        KeyChange(
            category=Category(entry["category"]),
            **{name: str(entry[name]) for name in KEY_CHANGE_TEXTS},
            importance=int(entry["importance"]),
            why=str(entry["why"]),
            count=int(entry["count"]),
            locations=tuple(map(str, entry["locations"])),
        )
        for entry in data["key_changes"]
    )
    return Comparison(old, new, sections, moves, key_changes, outline)


KEY_CHANGE_TEXTS = ("section", "old", "new", "old_context", "new_context", "summary")
