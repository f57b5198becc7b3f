"""Golden outputs: what users see, byte for byte, on two real pairs and the example reports.

A change that alters them on purpose regenerates them (`.venv/bin/python
tests/golden/regenerate.py`, see CONTRIBUTING.md) and the diff is reviewed with the change.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.golden.regenerate import HERE, outputs

ROOT = Path(__file__).resolve().parent.parent


def test_outputs_match_the_goldens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for file_name, text in outputs().items():
        golden = (HERE / file_name).read_text(encoding="utf-8")
        assert text == golden, (
            f"tests/golden/{file_name} differs; if intended, run tests/golden/regenerate.py"
        )


def test_the_committed_example_reports_are_what_draftwatch_writes(tmp_path: Path) -> None:
    committed = ROOT / "reports" / "federal-source-code-policy"
    subprocess.run(
        [sys.executable, "-m", "draftwatch", "report", "--all", "-o", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(path.name for path in committed.iterdir())
    for name in written:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), (
            f"reports/federal-source-code-policy/{name} is stale: run `draftwatch report --all`"
        )
