"""Every command with a terminal view, run as a user runs it: on a real pseudo-terminal.

CliRunner never gives the program a terminal, which is how a crash in the terminal-only code path
(the width look-up) once shipped in the README's first command. These tests open a pty, run the
installed entry point as a child process with the pty as its standard input, output and error, and
read what a user would see.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_on_terminal

ROOT = Path(__file__).resolve().parent.parent
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example workspace (its versions/ and git history), as a user clones it."""
    clone = tmp_path / "example"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # The working copy may hold uncommitted snapshots while developing: use the files on disk.
    shutil.rmtree(clone / "versions")
    shutil.copytree(ROOT / "versions", clone / "versions")
    return clone


def test_readme_first_command_works_on_a_terminal_in_colour(example: Path) -> None:
    status, screen = run_on_terminal("diff", cwd=example)
    assert status == 0, screen
    assert "internal error" not in screen
    assert "federal-source-code-policy@3" in screen
    assert ANSI_COLOUR.search(screen), "a terminal gets colour"
    status, screen = run_on_terminal("diff", "--stat", cwd=example)
    assert status == 0, screen
    assert "Footnotes" in screen


def test_no_color_gives_plain_text_on_a_terminal(example: Path) -> None:
    status, screen = run_on_terminal("diff", cwd=example, env={"NO_COLOR": "1"})
    assert status == 0, screen
    assert not ANSI_COLOUR.search(screen)
    assert "[-" in screen and "{+" in screen


def test_every_command_with_a_terminal_view(example: Path, tmp_path: Path) -> None:
    views = [
        ("log",),
        ("log", "--format", "json"),
        ("show", "federal-source-code-policy@1"),
        ("diff", "federal-source-code-policy@1", "federal-source-code-policy@2"),
        ("report", "--all", "-o", str(tmp_path / "out")),
        ("review", "HEAD~1..HEAD"),
        ("--help",),
    ]
    for args in views:
        status, screen = run_on_terminal(*args, cwd=example)
        assert status == 0, (args, screen)
        assert "internal error" not in screen and "Traceback" not in screen, (args, screen)
    assert (tmp_path / "out" / "index.html").is_file()


def test_report_all_with_nothing_to_rewrite_shows_no_progress_bar(example: Path) -> None:
    status, screen = run_on_terminal("report", "--all", cwd=example)
    assert status == 0, screen
    status, screen = run_on_terminal("report", "--all", cwd=example)
    assert status == 0, screen
    assert "Nothing to rewrite" in screen
    assert "Comparing" not in screen, screen


def test_add_and_init_on_a_terminal(tmp_path: Path) -> None:
    env = {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    status, screen = run_on_terminal("init", "tracker", cwd=tmp_path, env=env)
    assert status == 0, screen
    draft = tmp_path / "draft.md"
    draft.write_text("# Title\n\nThe Union must pay 40% within 30 days.\n", encoding="utf-8")
    status, screen = run_on_terminal(
        "add", str(draft), "--doc", "paper", cwd=tmp_path / "tracker", env=env
    )
    assert status == 0, screen
    assert "Added paper@1" in screen


def test_bad_input_on_a_terminal_is_one_line_and_exit_2(example: Path) -> None:
    status, screen = run_on_terminal("show", "federal-source-code-policy@99", cwd=example)
    assert status == 2
    lines = [line for line in screen.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("draftwatch: error:"), screen


def test_colour_marks_exactly_the_edits_and_document_text_is_never_read_as_a_marker(
    tmp_path: Path,
) -> None:
    (tmp_path / "old.md").write_text(
        "# Fees\n\nThe fee [-x-] is 35% of {+y+} costs.\n\n## Other\n\nKept text.\n"
    )
    (tmp_path / "new.md").write_text(
        "# Fees\n\nThe fee [-x-] is 40% of {+y+} costs.\n\n## Other\n\nKept text, changed.\n"
    )
    status, screen = run_on_terminal("diff", "old.md", "new.md", cwd=tmp_path)
    assert status == 0, screen
    assert "\x1b[9;31m35\x1b[0m\x1b[4;32m40\x1b[0m" in screen  # red struck, green underlined
    assert "\x1b[1;36m## Other  [changed]\x1b[0m\nKept text\x1b[4;32m, changed" in screen
    assert "The fee [-x-] is" in screen and "% of {+y+} costs." in screen  # the document's own
