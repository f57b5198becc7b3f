"""The README's command table, made from the commands' own --help (run by cog, checked in CI).

.venv/bin/cog -r README.md        # rewrite the table after changing a command
.venv/bin/cog --check README.md   # what CI runs
"""

from __future__ import annotations

import click

from draftwatch.cli import cli


def synopsis(name: str, command: click.Command) -> str:
    """`draftwatch add SOURCE --doc NAME [--label TEXT] ...`: every argument and option."""
    context = click.Context(command, info_name=name)
    parts = [f"draftwatch {name}"]
    for param in command.params:
        if isinstance(param, click.Argument):
            parts.append(param.make_metavar(context))
            continue
        if not isinstance(param, click.Option) or param.hidden or "--help" in param.opts:
            continue
        record = param.get_help_record(context)
        words = record[0].replace(",", " ").split() if record else []
        metavar = " ".join(word for word in words if word not in param.opts).strip("[]")
        shown = " ".join(x for x in (param.opts[0], metavar) if x)
        if param.multiple:
            shown += " ..."
        parts.append(shown if param.required else f"[{shown}]")
    return " ".join(parts)


def summary(command: click.Command) -> str:
    return (command.help or "").strip().split("\n\n")[0].replace("\n", " ")


def table() -> str:
    rows = ["| command | what it does |", "|---|---|"]
    for name, command in cli.commands.items():
        if command.hidden:
            continue
        cells = [synopsis(name, command), summary(command)]
        usage, what = (cell.replace("|", "\\|") for cell in cells)
        rows.append(f"| `{usage}` | {what} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(table(), end="")
