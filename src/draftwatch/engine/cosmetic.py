"""The cosmetic filter: `--ignore-cosmetic` folds spacing, quote, dash, case and renumbering
edits into the text around them."""

from __future__ import annotations

from dataclasses import replace

from draftwatch.engine.worddiff import merge_ops
from draftwatch.model import Comparison, Op, OpKind


def without_cosmetic(comparison: Comparison) -> Comparison:
    """The comparison with cosmetic edits (spacing, quotes, dashes, case, renumbering) folded
    into the text around them, as `--ignore-cosmetic` shows it. Ops then re-join to the new
    text only; key changes and counts never included cosmetic edits in the first place."""

    def fold(ops: tuple[Op, ...]) -> tuple[Op, ...]:
        kept = [
            Op(OpKind.EQUAL, op.text) if op.cosmetic else op
            for op in ops
            if not (op.cosmetic and op.op == "delete")
        ]
        return tuple(merge_ops(kept))

    sections = tuple(replace(change, ops=fold(change.ops)) for change in comparison.sections)
    moves = tuple(replace(move, ops=fold(move.ops)) for move in comparison.moves)
    return replace(comparison, sections=sections, moves=moves)
