"""`draftwatch diff` as a user runs it: defaults, JSON contract, exit codes, bad input."""

from __future__ import annotations

import json

from tests.test_store import V1, V2


def _two_versions(workspace):
    workspace.write("d1.md", V1)
    workspace.write("d2.md", V2)
    workspace.run("add", "d1.md", "--doc", "white-paper", "--label", "leaked")
    workspace.run("add", "d2.md", "--doc", "white-paper", "--label", "adopted")


def test_diff_defaults_to_two_latest_versions(workspace):
    _two_versions(workspace)
    result = workspace.run("diff")
    assert result.exit_code == 0, result.stderr
    assert "white-paper@1 (leaked" in result.output
    assert "## Funding  [changed]" in result.output
    assert "The Union will [-consider -]co-[-financing 35-]{+finance 40+}% of" in result.output
    assert "\x1b[" not in result.output  # piped: plain


def test_diff_json_contract(workspace):
    _two_versions(workspace)
    result = workspace.run("diff", "white-paper@1", "white-paper@latest", "--format", "json")
    data = json.loads(result.output)
    assert data["schema"] == "draftwatch/comparison@2"
    assert data["old"]["ref"] == "white-paper@1" and data["new"]["label"] == "adopted"
    assert data["summary"]["sections_changed"] == 1
    funding = next(s for s in data["sections"] if s["new"]["title"] == "Funding")
    assert funding["status"] == "changed" and funding["old"]["level"] == 2
    old_body = "".join(o["text"] for o in funding["ops"] if o["op"] in ("equal", "delete"))
    assert old_body == "The Union will consider co-financing 35% of spending."
    assert {"id", "renamed", "moved", "split", "merged", "similarity"} <= funding.keys()


def test_diff_exit_code_and_output_file(workspace):
    _two_versions(workspace)
    assert workspace.run("diff", "--exit-code").exit_code == 1
    same = workspace.run("diff", "white-paper@2", "white-paper@2", "--exit-code")
    assert same.exit_code == 0 and "No differences." in same.output
    out = workspace.run("diff", "--format", "json", "-o", "changes.json")
    assert out.exit_code == 0
    assert json.loads((workspace.root / "changes.json").read_text())["schema"]


def test_diff_stat(workspace):
    _two_versions(workspace)
    result = workspace.run("diff", "--stat")
    row = next(line for line in result.output.splitlines() if line.startswith("Funding"))
    assert row.split() == ["Funding", "changed", "+2", "-3"]


def test_diff_two_files_outside_a_repository(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from draftwatch.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("ARTICLE 1\n\nMember states may act.\n")
    (tmp_path / "b.txt").write_text("ARTICLE 1\n\nMember states must act.\n")
    result = CliRunner().invoke(cli, ["diff", "a.txt", "b.txt"])
    assert result.exit_code == 0
    assert "Member states [-may -]{+must +}act." in result.output


def test_diff_bad_input(workspace):
    _two_versions(workspace)
    workspace.write("blob.bin", bytes(range(256)) * 4)
    workspace.write("empty.md", "")
    for args, message in [
        (("diff", "blob.bin", "white-paper@1"), "binary"),
        (("diff", "empty.md", "white-paper@1"), "empty"),
        (("diff", "white-paper@1", "white-paper@7"), "does not exist"),
        (("diff", "nothing@1", "white-paper@1"), "unknown document"),
    ]:
        result = workspace.run(*args)
        assert result.exit_code == 2, args
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_diff_needs_two_versions(workspace):
    workspace.write("d1.md", V1)
    workspace.run("add", "d1.md", "--doc", "solo")
    result = workspace.run("diff")
    assert result.exit_code == 2 and "only one version" in result.stderr


def test_diff_asks_which_document(workspace):
    _two_versions(workspace)
    workspace.write("x.md", "# X\n\ntext\n")
    workspace.run("add", "x.md", "--doc", "other")
    result = workspace.run("diff")
    assert result.exit_code == 2 and "other, white-paper" in result.stderr


def test_ignore_cosmetic_hides_quote_spacing_and_renumbering_edits_in_json_and_terminal(workspace):
    old = workspace.write("old.md", '# T\n\n7.1 The "Supplier" shall pay  within 30 days.\n')
    new = workspace.write("new.md", "# T\n\n7.2 The “Supplier” shall pay within 14 days.\n")
    full = json.loads(workspace.run("diff", str(old), str(new), "--format", "json").output)
    assert any(op.get("cosmetic") for s in full["sections"] for op in s["ops"])

    result = workspace.run("diff", str(old), str(new), "--format", "json", "--ignore-cosmetic")
    data = json.loads(result.output)
    ops = [op for s in data["sections"] for op in s["ops"]]
    assert not any(op.get("cosmetic") for op in ops)
    assert [(op["op"], op["text"]) for op in ops if op["op"] != "equal"] == [
        ("delete", "30 "),
        ("insert", "14 "),
    ]
    # Ops re-join to the new text; the counts are those of the full comparison.
    assert "".join(op["text"] for op in ops if op["op"] != "delete") == (
        "7.2 The “Supplier” shall pay within 14 days."
    )
    assert data["summary"] == full["summary"]
    assert [k["summary"] for k in data["key_changes"]] == ["within 30 days -> within 14 days"]

    terminal = workspace.run("diff", str(old), str(new), "--ignore-cosmetic").output
    assert "[-30 -]{+14 +}" in terminal
    assert "Supplier" in terminal and "[-7.1" not in terminal


def test_diff_compares_what_is_read_and_raw_compares_the_source(workspace):
    workspace.write("a.md", "# T<br/>Memo\n\nPay **within** [30 days](https://a.example/x).\n")
    workspace.write("b.md", "# T<br/>Memo\n\nPay _within_ [30 days](https://b.example/x).\n")
    read = json.loads(workspace.run("diff", "a.md", "b.md", "--format", "json").output)
    (section,) = read["sections"]
    assert section["new"]["title"] == "T Memo"
    assert "".join(o["text"] for o in section["ops"]) == "Pay within 30 days."
    assert section["links"] == [
        {"text": "30 days", "old": "https://a.example/x", "new": "https://b.example/x"}
    ]
    assert [k["category"] for k in read["key_changes"]] == ["link"]
    raw = json.loads(workspace.run("diff", "a.md", "b.md", "--format", "json", "--raw").output)
    assert raw["sections"][0]["new"]["title"] == "T<br/>Memo"
    assert raw["summary"]["words_inserted"] > 0 and "links" not in raw["sections"][0]
    assert workspace.run("diff", "a.md", "b.md", "--exit-code").exit_code == 1


def test_a_link_key_change_says_why_and_a_reason_never_dangles():
    from dataclasses import replace

    from draftwatch.engine import compare
    from draftwatch.render import view
    from draftwatch.render.markdown import render_markdown
    from draftwatch.render.terminal import render_terminal

    old = (
        "# Terms\n\n## 3. Obligations\n\nThe Supplier shall comply with the [security guidelines]"
        "(https://example.com/old/security-guidelines) at all times.\n"
    )
    new = old.replace(
        "https://example.com/old/security-guidelines", "https://example.com/other/page"
    )
    comparison = compare(old, new)
    links = [k for k in comparison.key_changes if k.category == "link"]
    assert [k.why for k in links] == ["link points elsewhere"]
    for text in (render_terminal(comparison, color=False), render_markdown(comparison)):
        assert "; )" not in text and "link points elsewhere" in text, text
    titles = view.section_titles(comparison)
    assert not view.where_and_why(replace(links[0], why=""), titles).endswith("; ")
