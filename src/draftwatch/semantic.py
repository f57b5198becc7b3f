"""Key changes: which edits alter meaning (amounts, dates, obligations, negation, parties)."""

from __future__ import annotations

from draftwatch.model import Comparison, KeyChange


def find_key_changes(comparison: Comparison) -> tuple[KeyChange, ...]:
    return ()
