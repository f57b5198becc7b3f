"""Key changes: which edits alter meaning (amounts, dates, obligations, negation, parties, lists).

Each change hunk (a run of non-cosmetic, non-moved deletes and inserts) is read in its old and
new sentence: values that are in one sentence and not the other are the key changes, so a
number that merely sits in an edited sentence, or a sentence moved with its amount, never fires.
Categories (DESIGN section 6): section, list, money, percent, number, date (dates, deadlines and
durations), modality, negation, entity.
"""

from __future__ import annotations

from draftwatch.engine.keychanges.driver import document_language, find_key_changes, find_outline
from draftwatch.engine.keychanges.entities import _entities_in, key_values
from draftwatch.engine.keychanges.index import _Index, _occurrences, _word_pattern
from draftwatch.engine.keychanges.rules import PATTERNS, rules_for
from draftwatch.engine.keychanges.values import _values_in

__all__ = [
    "PATTERNS",
    "_Index",
    "_entities_in",
    "_occurrences",
    "_values_in",
    "_word_pattern",
    "document_language",
    "find_key_changes",
    "find_outline",
    "key_values",
    "rules_for",
]
