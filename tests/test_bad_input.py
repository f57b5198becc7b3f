"""Inputs that once ended in "internal error ... please report this": each is now one clear line
with exit status 2, and nothing is written where it should not be."""

from __future__ import annotations

import json
import os

from draftwatch.engine import compare
from draftwatch.render.json import render_json
from tests.test_store import V1, V2


def _two_versions(workspace):
    workspace.write("d1.md", V1)
    workspace.write("d2.md", V2)
    assert workspace.run("add", "d1.md", "--doc", "paper", "--no-report").exit_code == 0
    assert workspace.run("add", "d2.md", "--doc", "paper", "--no-report").exit_code == 0


def _one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("draftwatch: error: "), result.stderr
    assert "internal error" not in lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_a_revision_path_outside_the_repository(workspace):
    _two_versions(workspace)
    _one_line_error(workspace.run("show", "HEAD:../../x"), "outside the repository")


def test_a_directory_given_for_a_version_is_named_a_directory(workspace):
    _two_versions(workspace)
    (workspace.root / "adir").mkdir()
    for command in (["diff", "adir", "d1.md"], ["show", "adir"], ["report", "adir", "d1.md"]):
        _one_line_error(workspace.run(*command), "adir: is a directory, not a file")


def test_report_into_an_existing_file(workspace):
    _two_versions(workspace)
    workspace.write("taken", "a file\n")
    _one_line_error(workspace.run("report", "paper", "--all", "-o", "taken"), "not a folder")
    _one_line_error(
        workspace.run("report", "paper@1", "paper@2", "-o", "taken/report.html"), "not a folder"
    )
    assert (workspace.root / "taken").read_text() == "a file\n"


def test_a_symlinked_reports_folder_is_not_followed_out_of_the_repository(workspace, tmp_path):
    _two_versions(workspace)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, workspace.root / "reports")
    _one_line_error(workspace.run("report", "paper", "--all"), "outside the repository")
    _one_line_error(workspace.run("report"), "outside the repository")
    assert list(elsewhere.iterdir()) == []
    # Asked for explicitly, any folder is fine.
    assert workspace.run("report", "paper", "--all", "-o", str(elsewhere)).exit_code == 0
    assert (elsewhere / "index.html").is_file()


def test_lone_surrogates_are_shown_as_broken_characters_not_a_crash():
    comparison = compare("One \ud800 text.\n", "One \udfff text, longer.\n")
    data = json.loads(render_json(comparison))
    inserted = "".join(op["text"] for s in data["sections"] for op in s["ops"])
    assert "\ufffd" in inserted


def test_formats_of_each_side_can_be_given(workspace):
    _two_versions(workspace)
    markdown = "# Funding\n\nThe Union will finance 40% of spending.\n"
    # Standard input has no name: --new-format says it is Markdown, so `#` is a heading.
    result = workspace.run(
        "diff", "paper@1", "-", "--new-format", "md", "--format", "json", input=markdown
    )
    assert result.exit_code == 0, result.output
    titles = [(s["new"] or {}).get("title") for s in json.loads(result.output)["sections"]]
    assert "Funding" in titles
    as_text = workspace.run(
        "diff", "paper@1", "-", "--new-format", "txt", "--format", "json", input=markdown
    )
    assert as_text.exit_code == 0
    # A text side and a Markdown side are read alike (as Markdown): the same comparison.
    assert json.loads(as_text.output)["sections"] == json.loads(result.output)["sections"]
    _one_line_error(workspace.run("diff", "paper@1", "paper@2", "--old-format", "pdf"))


def test_a_plain_text_version_beside_a_markdown_one_keeps_its_clause_headings(workspace):
    """A draft kept as Markdown, then sent back as plain text whose clauses are `1. Payment`
    lines: each side is read in its own format, so the clauses pair (read as Markdown, the
    text's headings would be list items and every clause would look removed)."""
    clauses = [
        ("Payment", "The Client shall pay {} within 30 days."),
        ("Delivery", "The Supplier may deliver by June."),
    ]
    markdown = "# Agreement\n\n" + "".join(
        f"## {n}. {title}\n\n{body.format('$50,000')}\n\n"
        for n, (title, body) in enumerate(clauses, 1)
    )
    text = "Agreement\n\n" + "".join(
        f"{n}. {title}\n\n{body.format('$35,000')}\n\n"
        for n, (title, body) in enumerate(clauses, 1)
    )
    workspace.write("v1.md", markdown)
    workspace.write("v2.txt", text)
    data = json.loads(workspace.run("diff", "v1.md", "v2.txt", "--format", "json").output)
    pairs = [(s["old"] or {}).get("title") for s in data["sections"] if s["old"] and s["new"]]
    assert "1. Payment" in pairs and "2. Delivery" in pairs
    removed = [s["old"]["title"] for s in data["sections"] if s["status"] == "removed"]
    assert not any("Payment" in title or "Delivery" in title for title in removed), removed
    assert [k["summary"] for k in data["key_changes"]][:1] == ["$50,000 -> $35,000"]


def test_a_text_export_of_a_markdown_table_compares_row_by_row(workspace):
    rows = "\n".join(f"| item {n} | {n * 10} EUR |" for n in range(1, 400))
    table = f"# Schedule\n\n| item | amount |\n|---|---|\n{rows}\n"
    workspace.write("old.txt", table)
    workspace.write("new.md", table.replace("| 500 EUR |", "| 550 EUR |"))
    result = workspace.run("diff", "old.txt", "new.md", "--format", "json")
    data = json.loads(result.output)
    assert data["summary"]["words_inserted"] <= 2 and data["summary"]["words_deleted"] <= 2


def test_a_plain_text_export_with_unnumbered_titles_pairs_with_its_markdown_draft(workspace):
    """The README's quick start: a Markdown draft, then the adopted text as plain text whose
    titles are lines of their own ("Funding"). Each title is a heading, so the sections pair
    and the changes are told in them, not in one untitled block."""
    workspace.write(
        "draft.md",
        "# Paper\n\n## Funding\n\nThe Union will finance 35% of spending.\n\n"
        "## Procurement\n\nContracts may be awarded with prior approval.\n",
    )
    workspace.write(
        "adopted.txt",
        "Paper\n\nFunding\n\nThe Union will finance 40% of spending.\n\n"
        "Procurement\n\nContracts may be awarded without prior approval.\n\n"
        "Yours faithfully\n\nThe Secretariat\n",
    )
    data = json.loads(workspace.run("diff", "draft.md", "adopted.txt", "--format", "json").output)
    changed = {s["new"]["title"] for s in data["sections"] if s["status"] == "changed"}
    assert {"Funding", "Procurement"} <= changed
    titles = [(s["new"] or {}).get("title") for s in data["sections"]]
    assert "Yours faithfully" not in titles  # two short lines in a row: a signature
    assert data["summary"]["sections_removed"] == 0  # "Paper" on the first line is the title
    first = data["key_changes"][0]
    assert first["summary"] == "35% -> 40%"


def test_the_same_bulleted_list_in_markdown_and_plain_text_is_unchanged(workspace):
    """Markdown reads a list item without its bullet; a plain-text version of the same list
    keeps its `- ` / `* ` marks as labels, so they are no inserted words (from a new-user
    trial: a .md draft and its .txt adoption showed `{+- +}` before every unchanged item)."""
    items = "The Supplier shall deliver:\n\n- the source code;\n- the user documentation.\n"
    workspace.write("v1.md", "# Delivery\n\n" + items)
    workspace.write("v2.txt", "Delivery\n\n" + items.replace("- the user", "* the user"))
    data = json.loads(workspace.run("diff", "v1.md", "v2.txt", "--format", "json").output)
    assert data["summary"]["words_inserted"] == 0, data["summary"]
    assert data["summary"]["words_deleted"] == 0, data["summary"]
    assert data["key_changes"] == []
