"""Key changes on real drafts, judged by hand (tests/judged/, DESIGN section 8).

Every key change the tool reports on each consecutive English corpus pair is listed in
tests/judged/<doc>-vNN-vMM.json and marked right or wrong by reading its sentences. This test
fails when a reported key change is not judged yet (run `python bench/judge.py`, then judge the
entries with `"right": null`), when one judged wrong comes back, or when a pair's precision drops
below its floor. `python bench/key_changes.py` prints the figures.

Floors: each judged file holds its own. It is the target of issue #13 (0.9) where the pair meets
it; where it does not yet, it is the precision measured when the pair was judged (rounded down),
so that it can only rise. gh-terms-of-service and mpl are held out: their verdicts measure rules
that were never tuned on them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _judge():
    spec = importlib.util.spec_from_file_location("judge", ROOT / "bench" / "judge.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows():
    return {row["pair"]: row for row in _judge().measure()}


def test_every_english_pair_has_a_judged_file():
    judge = _judge()
    for doc, old, new in judge.pairs():
        assert judge.judged_path(doc, old, new).exists(), (doc, old.name, new.name)


def test_every_reported_key_change_is_judged(rows):
    unjudged = {pair: row["unjudged"] for pair, row in rows.items() if row["unjudged"]}
    assert not unjudged, f"run python bench/judge.py and judge the new entries: {unjudged}"


def test_no_key_change_judged_wrong_comes_back(rows):
    back = {pair: row["wrong_back"] for pair, row in rows.items() if row["wrong_back"]}
    assert not back, back


def test_precision_per_pair_holds_its_floor(rows):
    low = {
        pair: (round(row["precision"], 2), row["floor"])
        for pair, row in rows.items()
        if row["precision"] < row["floor"]
    }
    assert not low, low


def test_the_most_important_facts_open_the_headline(rows):
    """The headline facts of SOURCE.md (money, deadlines, obligations) are in the first 10 on
    the tuned pairs; held-out pairs are measured by bench/key_changes.py, not held here."""
    missed = {
        pair: row["headline_missed"]
        for pair, row in rows.items()
        if row["headline_missed"] and not row["held_out"]
    }
    assert not missed, missed


def test_policy_v2_v3_headline_and_size(rows):
    row = rows["federal-source-code-policy v02 -> v03"]
    assert row["reported"] < 100
    assert not row["headline_missed"]
