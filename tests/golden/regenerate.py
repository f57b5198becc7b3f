"""Write the golden outputs that tests/test_golden.py compares byte for byte.

Run after a change that is meant to change what users see, then review the diff of
tests/golden/ like any other change:

    .venv/bin/python tests/golden/regenerate.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
#: (name, old file, new file): a Markdown policy with link fixes, a plain-text style guide.
PAIRS = (
    ("policy-v3-v4", "federal-source-code-policy/v03.md", "federal-source-code-policy/v04.md"),
    ("pep8-v2-v3", "pep8/v02.txt", "pep8/v03.txt"),
)
#: output file suffix -> the options of `draftwatch diff` that make it
FORMATS = {
    "json": ("--format", "json"),
    "md": ("--format", "md"),
    "term.txt": ("--format", "term"),
    "stat.txt": ("--stat",),
    "html": ("--format", "html"),
}


def outputs() -> dict[str, str]:
    """File name -> the text draftwatch prints today, run as a user runs it (the CLI)."""
    from click.testing import CliRunner

    from draftwatch.cli import cli

    found = {}
    for name, old, new in PAIRS:
        for suffix, options in FORMATS.items():
            # Relative paths, so the references in the output do not depend on the checkout.
            arguments = ["diff", f"tests/corpus/{old}", f"tests/corpus/{new}", *options]
            result = CliRunner().invoke(cli, arguments, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            found[f"{name}.{suffix}"] = result.stdout
    return found


def main() -> None:
    import os

    os.chdir(HERE.parent.parent)
    for file_name, text in outputs().items():
        (HERE / file_name).write_text(text, encoding="utf-8", newline="")
        print(f"wrote tests/golden/{file_name}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent))
    main()
