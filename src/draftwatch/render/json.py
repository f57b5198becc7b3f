"""The JSON contract of DESIGN section 6 (`draftwatch/comparison@2`: every `@1` field, plus the
wave-2 additions), produced in one place."""

from __future__ import annotations

import json
from dataclasses import asdict

from draftwatch.model import Comparison, Op, Review, SectionChange, Version
from draftwatch.render.safe import json_safe

SCHEMA = "draftwatch/comparison@2"  # @1 plus importance, why, count, locations, outline


def _op(op: Op) -> dict[str, object]:
    out: dict[str, object] = {"op": op.op, "text": op.text}
    if op.move:
        out["move"] = op.move
    if op.cosmetic:
        out["cosmetic"] = True
    return out


def _section(change: SectionChange) -> dict[str, object]:
    out: dict[str, object] = {
        "id": change.id,
        "status": change.status,
        "renamed": change.renamed,
        "moved": change.moved,
        "split": change.split,
        "merged": change.merged,
        "similarity": change.similarity,
        "old": asdict(change.old) if change.old else None,
        "new": asdict(change.new) if change.new else None,
        "words_inserted": change.words_inserted,
        "words_deleted": change.words_deleted,
        "ops": [_op(op) for op in change.ops],
    }
    if change.links or change.ignored_links:
        out["links"] = [asdict(link) for link in change.links] + [
            {**asdict(link), "cosmetic": True} for link in change.ignored_links
        ]
    return out


def _compared_version(version: Version) -> dict[str, object]:
    return {
        "ref": version.ref,
        "label": version.label,
        "date": version.date,
        "source": version.source,
        "sha256": version.sha256,
        "words": version.words,
    }


def version_to_dict(version: Version) -> dict[str, object]:
    """A stored version as `draftwatch log --format json` lists it."""
    listed: dict[str, object] = {
        "ref": version.ref,
        "doc": version.doc,
        "version": version.number,
        "label": version.label,
        "date": version.date,
        "source": version.source,
        "original_name": version.original_name,
        "format": version.format,
        "sha256": version.sha256,
        "added_at": version.added_at,
    }
    for name in ("original_file", "original_sha256", "fetched_at"):  # only where known
        if getattr(version, name):
            listed[name] = getattr(version, name)
    return listed


def comparison_to_dict(comparison: Comparison) -> dict[str, object]:
    return {
        "schema": SCHEMA,
        "old": _compared_version(comparison.old),
        "new": _compared_version(comparison.new),
        "summary": asdict(comparison.summary()),
        "headline": [number for number in range(min(10, len(comparison.key_changes)))],
        "key_changes": [asdict(change) for change in comparison.key_changes],
        "outline": [asdict(entry) for entry in comparison.outline],
        "sections": [_section(change) for change in comparison.sections],
        "moves": [
            {
                "id": move.id,
                "old_section": move.old_section,
                "new_section": move.new_section,
                "similarity": move.similarity,
                "ops": [_op(op) for op in move.ops],
            }
            for move in comparison.moves
        ],
    }


def render_json(comparison: Comparison) -> str:
    """One line per field, per section, per key change and per move.

    Readable and line-diffable, and written by json's C encoder: `indent=2` would switch
    to the pure-Python encoder, the slowest stage on a 1 MB pair.
    """
    fields = []
    for name, value in comparison_to_dict(comparison).items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(_compact(item) for item in value)
            fields.append(f"  {json.dumps(name)}: [\n    {items}\n  ]")
        else:
            fields.append(f"  {json.dumps(name)}: {_compact(value)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def _compact(value: object) -> str:
    return json_safe(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))


def review_to_dict(result: Review) -> dict[str, object]:
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


def render_review_json(result: Review) -> str:
    return json_safe(json.dumps(review_to_dict(result), indent=1, ensure_ascii=False)) + "\n"


def render_versions_json(versions: list[Version]) -> str:
    """`draftwatch log --format json`: every stored version's facts."""
    listed = [version_to_dict(version) for version in versions]
    return json_safe(json.dumps(listed, indent=2, ensure_ascii=False)) + "\n"
