"""The JSON contract of DESIGN section 6 (`draftwatch/comparison@2`: every `@1` field, plus the
wave-2 additions), produced in one place."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, fields

from draftwatch.model import (
    BlameLine,
    Comparison,
    DocumentHistory,
    DroppedSentence,
    KeyChange,
    Lineage,
    Op,
    Review,
    SectionChange,
    Version,
)
from draftwatch.render.safe import json_safe

SCHEMA = "draftwatch/comparison@2"  # @1 plus importance, why, count, locations, outline


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(field.name for field in fields(kind))
    return names


def _flat(record: object) -> dict[str, object]:
    """A dataclass of plain values (no records inside) as a dict: `asdict` without its deep
    copy, which costs more than the JSON encoding on a document with thousands of changes."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


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
        "old": _flat(change.old) if change.old else None,
        "new": _flat(change.new) if change.new else None,
        "words_inserted": change.words_inserted,
        "words_deleted": change.words_deleted,
        "ops": [_op(op) for op in change.ops],
    }
    if change.links or change.ignored_links:
        out["links"] = [_flat(link) for link in change.links] + [
            {**_flat(link), "cosmetic": True} for link in change.ignored_links
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


def comparison_to_dict(
    comparison: Comparison, lineages: Mapping[str, str] | None = None
) -> dict[str, object]:
    sections = [_section(change) for change in comparison.sections]
    if lineages is not None:  # stored versions of one document: each section's lineage
        sections = [
            {"id": entry["id"], "lineage": lineages.get(change.id), **entry}
            for entry, change in zip(sections, comparison.sections, strict=True)
        ]
    return {
        "schema": SCHEMA,
        "old": _compared_version(comparison.old),
        "new": _compared_version(comparison.new),
        "summary": _flat(comparison.summary()),
        "headline": [number for number in range(min(10, len(comparison.key_changes)))],
        "key_changes": [_flat(change) for change in comparison.key_changes],
        "outline": [_flat(entry) for entry in comparison.outline],
        "sections": sections,
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


def render_json(comparison: Comparison, lineages: Mapping[str, str] | None = None) -> str:
    """One line per field, per section, per key change and per move.

    Readable and line-diffable, and written by json's C encoder: `indent=2` would switch
    to the pure-Python encoder, the slowest stage on a 1 MB pair.
    """
    lines = []
    for name, value in comparison_to_dict(comparison, lineages).items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(_encoded(item) for item in value)
            lines.append(f"  {json.dumps(name)}: [\n    {items}\n  ]")
        else:
            lines.append(f"  {json.dumps(name)}: {_encoded(value)}")
    # Made safe once, whole: what is between the items is plain ASCII.
    return json_safe("{\n" + ",\n".join(lines) + "\n}\n")


def _encoded(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


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


def _key_change(change: KeyChange) -> dict[str, object]:
    return {
        "category": change.category.value,
        **{k: v for k, v in asdict(change).items() if k != "category"},
    }


def history_to_dict(history: DocumentHistory) -> dict[str, object]:
    """`draftwatch history DOC --format json` (DESIGN 7b, `draftwatch/history@1`)."""
    return {
        "schema": "draftwatch/history@1",
        "doc": history.doc,
        "versions": [version_to_dict(version) for version in history.versions],
        "sections": [
            {
                "lineage": line.id,
                "origin": line.origin,
                "removed_in": line.removed_in,
                "parents": list(line.parents),
                "merged_into": line.merged_into or None,
                "titles": {str(state.version): state.title for state in line.states},
                "states": {
                    **{str(state.version): state.state for state in line.states},
                    **({str(line.removed_in): "removed"} if line.removed_in else {}),
                },
                "words_changed": {
                    str(state.version): state.words_changed
                    for state in line.states
                    if state.words_changed
                },
                "key_changes": {
                    str(state.version): [_key_change(change) for change in state.key_changes]
                    for state in line.states
                    if state.key_changes
                },
            }
            for line in history.lineages
        ],
    }


def lineage_to_dict(history: DocumentHistory, line: Lineage) -> dict[str, object]:
    """`draftwatch history DOC SECTION --format json`: the clause's text in every version and
    the word diff from each to the next."""
    changes = {
        (comparison.new.number, change.id): change
        for comparison in history.comparisons
        for change in comparison.sections
    }
    versions = []
    for state in line.states:
        change = changes.get((state.version, state.change))
        versions.append(
            {
                "version": state.version,
                "title": state.title,
                "state": state.state,
                "text": state.body,
                "words_changed": state.words_changed,
                "ops": [_op(op) for op in change.ops] if change is not None else None,
                "key_changes": [_key_change(k) for k in state.key_changes],
            }
        )
    return {
        "schema": "draftwatch/history@1",
        "doc": history.doc,
        "lineage": line.id,
        "origin": line.origin,
        "removed_in": line.removed_in,
        "titles": {str(state.version): state.title for state in line.states},
        "versions": versions,
    }


def render_history_json(data: dict[str, object]) -> str:
    return json_safe(json.dumps(data, ensure_ascii=False, indent=1)) + "\n"


def render_blame_json(ref: str, lines: Sequence[BlameLine]) -> str:
    """`draftwatch blame REF --format json` (`draftwatch/blame@1`)."""
    data = {
        "schema": "draftwatch/blame@1",
        "ref": ref,
        "sentences": [asdict(line) for line in lines],
    }
    return json_safe(json.dumps(data, ensure_ascii=False, indent=1)) + "\n"


def render_dropped_json(doc: str, sentences: Sequence[DroppedSentence]) -> str:
    """`draftwatch dropped DOC --format json` (`draftwatch/dropped@1`)."""
    data = {
        "schema": "draftwatch/dropped@1",
        "doc": doc,
        "sentences": [
            {
                "text": sentence.text,
                "section": sentence.section,
                "lineage": sentence.lineage,
                "last_seen": sentence.last_seen,
                "dropped_in": sentence.dropped_in,
                "came_back_in": sentence.came_back_in,
                "key_values": [
                    {"category": category, "value": value}
                    for category, value in sentence.key_values
                ],
            }
            for sentence in sentences
        ],
    }
    return json_safe(json.dumps(data, ensure_ascii=False, indent=1)) + "\n"
