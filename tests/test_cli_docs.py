"""Every command and option is documented: in its own --help (with an example) and in the
README's command table, which is made from --help by cog and must be current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from draftwatch.cli import cli

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(name for name, command in cli.commands.items() if not command.hidden)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example_and_every_option_a_help_text(name: str) -> None:
    command = cli.commands[name]
    assert command.help and "Example" in command.help, f"{name}: no example in --help"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{name} {param.opts[0]}: no help text"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`draftwatch {name} " in readme or f"`draftwatch {name}`" in readme
    row = next(line for line in readme.splitlines() if line.startswith(f"| `draftwatch {name}"))
    for param in cli.commands[name].params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.opts[0] in row, f"{param.opts[0]} of {name} is not in the README"


def test_the_readme_command_table_is_current() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"run `.venv/bin/cog -r README.md`: {done.stdout}{done.stderr}"
