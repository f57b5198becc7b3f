"""Fuzzing: random and hostile text through the engine, every renderer and the CLI.

Bounded for CI (a few hundred examples, about half a minute); for a long soak run set
DRAFTWATCH_FUZZ_EXAMPLES, e.g. `DRAFTWATCH_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py`.
What must hold for any input: no exception from `compare()` or a renderer, no text lost (ops
re-join to both versions), JSON that parses, and from the CLI either success or one clear line
with exit status 2, never "internal error".
"""

from __future__ import annotations

import json
import os

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from draftwatch.cli import cli
from draftwatch.engine import compare
from draftwatch.render.html import render_html
from draftwatch.render.json import render_json
from draftwatch.render.markdown import render_markdown
from draftwatch.render.terminal import render_stat, render_terminal
from draftwatch.versions.ingest import ingest_bytes
from tests.helpers import assert_lossless

EXAMPLES = int(os.environ.get("DRAFTWATCH_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
CLI_FUZZ = settings(FUZZ, max_examples=EXAMPLES or 100)

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[H",
    "\x9b31m",
    "\u202eevil\u202c",
    "@octocat",
    "#123",
    "</details>",
    "<!-- comment",
    "```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "# Heading",
    "## 2. Funding",
    "1. INTRODUCTION",
    "ARTICLE 5",
    "- item",
    "(a) option",
    "€1.5 billion",
    "35%",
    "within 30 days",
    "must not",
    "shall",
    "United Kingdom",
    "[^1]",
    "\r\n",
    "\t",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x7f",
    "\\",
    "*",
    "_",
    "`",
]
FRAGMENT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
SEPARATOR = st.sampled_from(["", " ", "\n", "\n\n", "\n\n\n"])
TEXT = st.lists(st.tuples(FRAGMENT, SEPARATOR), max_size=25).map(
    lambda parts: "".join(fragment + separator for fragment, separator in parts)
)
FORMAT = st.sampled_from(["markdown", "text"])


@st.composite
def text_pairs(draw) -> tuple[str, str]:
    """An old text and a new one that is often an edit of it, sometimes unrelated."""
    old = draw(TEXT)
    if draw(st.booleans()):
        return old, draw(TEXT)
    cut = draw(st.integers(0, len(old)))
    return old, old[:cut] + draw(TEXT) + old[cut + draw(st.integers(0, 20)) :]


@FUZZ
@given(text_pairs(), FORMAT)
def test_any_text_compares_and_renders_without_losing_a_character(pair, fmt):
    old, new = pair
    comparison = compare(old, new, old_format=fmt)
    assert_lossless(comparison, old, new, fmt)
    data = json.loads(render_json(comparison))
    assert data["summary"]["key_changes"] == len(data["key_changes"])
    html = render_html(comparison)
    assert "<script>alert" not in html
    render_markdown(comparison)
    render_terminal(comparison, color=True)
    render_terminal(comparison, color=False)
    render_stat(comparison)


def _one_clear_line_or_success(result) -> None:
    assert result.exit_code in (0, 1, 2), result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@CLI_FUZZ
@given(
    text_pairs(), st.sampled_from(["md", "txt"]), st.sampled_from(["term", "json", "md", "html"])
)
def test_the_cli_diffs_any_pair_of_files(tmp_path_factory, pair, suffix, fmt):
    folder = tmp_path_factory.mktemp("fuzz")
    old, new = folder / f"old.{suffix}", folder / f"new.{suffix}"
    old.write_bytes(pair[0].encode("utf-8"))
    new.write_bytes(pair[1].encode("utf-8"))
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", fmt, "--exit-code"])
    _one_clear_line_or_success(result)
    if fmt == "json" and result.exit_code in (0, 1):
        json.loads(result.stdout)


@CLI_FUZZ
@given(TEXT)
def test_add_then_show_gives_back_every_word(workspace, text):
    added = workspace.run("add", "-", "--doc", "fuzzed", "--format", "md", input=text.encode())
    _one_clear_line_or_success(added)
    if added.exit_code != 0:
        return
    shown = workspace.run("show", "fuzzed@latest")
    assert shown.exit_code == 0
    # What was read (decoded, a byte-order mark dropped, line ends normalised) is what is kept.
    assert shown.stdout == ingest_bytes(text.encode(), "stdin", "md").text
