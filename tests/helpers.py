"""Checks shared by tests: the lossless invariant of DESIGN section 6; draftwatch on a terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


def run_on_terminal(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60
) -> tuple[int, str]:
    """Run draftwatch with a pty as stdin, stdout and stderr; return (exit status, screen text)."""
    return run_command_on_terminal(
        [sys.executable, "-m", "draftwatch", *args], cwd=cwd, env=env, timeout=timeout
    )


def run_command_on_terminal(
    command: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60
) -> tuple[int, str]:
    """Run a command with a pty as stdin, stdout and stderr; return (exit status, screen text)."""
    primary, secondary = pty.openpty()
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    environment.pop("NO_COLOR", None)
    environment.update(env or {})
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=environment,
        close_fds=True,
    )
    os.close(secondary)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 0.2)
            if ready:
                try:
                    data = os.read(primary, 65536)
                except OSError:  # EIO: the child closed its side of the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif process.poll() is not None:
                continue  # drain whatever is still buffered, then EIO ends the loop
        else:
            process.kill()
            pytest.fail(f"{' '.join(command)} did not finish in {timeout} s on a terminal")
        status = process.wait(timeout=timeout)
    finally:
        os.close(primary)
    return status, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
