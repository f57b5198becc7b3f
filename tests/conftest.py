"""Shared fixtures: real git repositories in temporary folders, driven through the CLI."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from draftwatch.cli import cli

CORPUS = Path(__file__).parent / "corpus"


@dataclass
class Workspace:
    root: Path
    runner: CliRunner

    def run(self, *args: str, input: str | bytes | None = None) -> Result:
        return self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True
        ).stdout

    def state(self) -> tuple[str, str, str, str]:
        """Everything a failed add must leave untouched: HEAD, index, work tree, tags."""
        head = subprocess.run(
            ["git", "rev-parse", "--verify", "-q", "HEAD"],
            cwd=self.root,
            capture_output=True,
            text=True,
        ).stdout
        return (
            head,
            self.git("ls-files", "-s"),
            "\n".join(  # the comparison cache (.draftwatch/, ignored by git) may grow
                line
                for line in self.git(
                    "status", "--porcelain", "--untracked-files=all", "--ignored"
                ).splitlines()
                if not line.startswith("!! .draftwatch/")
            ),
            self.git("tag", "--list"),
        )


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    root = tmp_path / "tracker"
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["init", "tracker"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(root)
    return Workspace(root=root, runner=runner)
