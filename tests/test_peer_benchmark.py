"""The peer's labelled move benchmark (houfu/redlines 1.0 synthetic pairs, MIT; see its README)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).parent
DATA = HERE / "peer_redlines"


def _scorer():
    spec = importlib.util.spec_from_file_location("peer_moves", HERE.parent / "bench/peer_moves.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


RESOLVED = json.loads((DATA / "resolved.json").read_text(encoding="utf-8"))["pairs"]


@pytest.mark.parametrize(
    "name", ["adr-moves-mixed", "adr-moves-move-heavy", "msa-markdown-move-heavy"]
)
def test_every_identifiable_move_found_and_nothing_else(name):
    result = _scorer().score_pair(DATA / name, RESOLVED[name]["rows"])
    assert result["move_hits"] == result["gold_moves"]
    assert result["engine_moves"] == result["gold_moves"]  # precision 1.0 here
    assert result["renumbered_in_place_reported_as_moves"] == 0


def test_identical_repeated_paragraphs_give_no_invented_moves():
    name = "repetitive-schedule-move-heavy"
    result = _scorer().score_pair(DATA / name, RESOLVED[name]["rows"])
    assert result["engine_moves"] == 0
