"""Precision and recall of key changes on hand-labelled real sentence pairs (tests/labelled/).

The figures are printed by `python bench/key_changes.py`; this test holds the floor under them
so that a change to the classifier cannot quietly make it worse.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "labelled" / "key_changes.json"
CATEGORIES = {"money", "percent", "number", "date", "modality", "negation", "entity"}


def _scorer():
    spec = importlib.util.spec_from_file_location("key_changes", ROOT / "bench" / "key_changes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_labelled_set_is_real_and_covers_every_category():
    pairs = json.loads(LABELLED.read_text(encoding="utf-8"))
    real = [p for p in pairs if not p["source"].startswith("modelled")]
    assert len(real) >= 60
    assert {p["source"].split()[0] for p in real} == {"federal-source-code-policy", "pep8"}
    labelled = {label[0] for p in pairs for label in p["expect"]}
    assert labelled >= CATEGORIES
    assert sum(not p["expect"] for p in real) >= 20  # pairs where nothing key changed


def test_precision_and_recall_hold():
    """Floors lowered on purpose with issue #13: these sentence pairs are what the earlier rules
    were tuned on (0.87 here, about 0.3 on real drafts never seen). The rules now report a value,
    a modal or a name only when it is new to or gone from the matched text of whole documents,
    and a rewritten sentence as a `clause`; judged on whole corpus pairs (tests/judged/) that is
    far more precise, and on these isolated sentences it costs recall (0.61 all, 0.55 corpus, entity
    0.35: a party named or dropped alone must be a full name; precision 0.93; the `clause` entries,
    a category these labels predate, count as wrong here unless they quote the sentence of a
    labelled modal or negation word added or dropped with it). Precision floors rose. Real-draft precision is held by tests/test_judged.py."""
    scorer = _scorer()
    everything = scorer.score(LABELLED)
    assert everything.precision() >= 0.90, scorer.table(everything)
    assert everything.recall() >= 0.58, scorer.table(everything)
    corpus = scorer.score(LABELLED, real_only=True)
    assert corpus.precision() >= 0.88, scorer.table(corpus)
    assert corpus.recall() >= 0.52, scorer.table(corpus)
    for category in CATEGORIES:
        assert everything.recall(category) >= 0.33, (category, scorer.table(everything))
