"""Checks shared by engine tests: the lossless invariant of DESIGN section 6."""

from __future__ import annotations

from draftwatch.engine.parse import parse_document
from draftwatch.model import Comparison


def assert_lossless(comparison: Comparison, old_text: str, new_text: str, fmt: str) -> None:
    """equal+delete re-join to each old body, equal+insert to each new body; titles all kept.

    A section split off from another shows only its arriving text (inserts), and one merged
    into another only its leaving text (deletes): the shared side is carried by the main entry.
    """
    old_doc, new_doc = parse_document(old_text, fmt), parse_document(new_text, fmt)
    for change in comparison.sections:
        only_inserts = all(op.op == "insert" for op in change.ops)
        only_deletes = all(op.op == "delete" for op in change.ops)
        if change.old and not (change.split and only_inserts and change.new):
            old_side = "".join(op.text for op in change.ops if op.op in ("equal", "delete"))
            assert old_side == old_doc.sections[change.old.index].body, change.id
        if change.new and not (change.merged and only_deletes and change.old):
            new_side = "".join(op.text for op in change.ops if op.op in ("equal", "insert"))
            assert new_side == new_doc.sections[change.new.index].body, change.id
    assert {c.old.index for c in comparison.sections if c.old} == set(range(len(old_doc.sections)))
    assert {c.new.index for c in comparison.sections if c.new} == set(range(len(new_doc.sections)))
    assert [s.title for s in old_doc.sections] == [
        old_doc.sections[i].title
        for i in sorted({c.old.index for c in comparison.sections if c.old})
    ]
    for change in comparison.sections:
        if change.old:
            assert change.old.title == old_doc.sections[change.old.index].title
        if change.new:
            assert change.new.title == new_doc.sections[change.new.index].title
