"""`add` commits the change report and the refreshed history index with the snapshot, all or
nothing; `--no-report` and draftwatch.toml skip them; `report --all` is incremental."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.crash_checks import damage, run_draftwatch
from tests.test_crash_add import V1, V2

V3 = V2.replace("40%", "45%") + "\n## Audit\n\nThe Commission shall audit spending yearly.\n"
V4 = V3.replace("yearly", "every two years").replace("## Funding", "## Funding and loans")


def _files(workspace, revision: str = "HEAD") -> list[str]:
    return workspace.git("show", "--name-only", "--format=", revision).split()


def test_add_commits_snapshot_report_and_index_in_one_commit(workspace):
    workspace.write("d1.md", V1)
    workspace.write("d2.md", V2)
    assert workspace.run("add", "d1.md", "--doc", "wp").exit_code == 0
    assert _files(workspace) == [
        "reports/wp/index.html",
        "reports/wp/reports.json",
        "versions/wp/0001.md",
    ]
    index = (workspace.root / "reports/wp/index.html").read_text(encoding="utf-8")
    assert "1 versions, 0 comparisons" in index and "(first version)" in index
    assert workspace.run("add", "d2.md", "--doc", "wp").exit_code == 0
    assert _files(workspace) == [
        "reports/wp/index.html",
        "reports/wp/reports.json",
        "reports/wp/v1-v2.html",
        "versions/wp/0002.md",
    ]
    # The tag points at that very commit; nothing is left over in the work tree.
    assert workspace.git("rev-parse", "wp/v2^{commit}") == workspace.git("rev-parse", "HEAD")
    assert workspace.git("status", "--porcelain", "--untracked-files=all").split("\n") == [
        "?? d1.md",
        "?? d2.md",
        "",
    ]
    index = (workspace.root / "reports/wp/index.html").read_text(encoding="utf-8")
    assert 'href="v1-v2.html"' in index and "2 versions, 1 comparisons" in index
    report = (workspace.root / "reports/wp/v1-v2.html").read_text(encoding="utf-8")
    assert "wp@1" in report and "40%" in report


def test_no_report_commits_the_snapshot_only(workspace):
    workspace.write("d1.md", V1)
    result = workspace.run("add", "d1.md", "--doc", "wp", "--no-report")
    assert result.exit_code == 0, result.output
    assert _files(workspace) == ["versions/wp/0001.md"]
    assert not (workspace.root / "reports").exists()


def test_the_repository_setting_makes_no_report_the_default(workspace):
    workspace.write("draftwatch.toml", "report = false\n")
    workspace.write("d1.md", V1)
    workspace.write("d2.md", V2)
    assert workspace.run("add", "d1.md", "--doc", "wp").exit_code == 0
    assert _files(workspace) == ["versions/wp/0001.md"]
    assert workspace.run("add", "d2.md", "--doc", "wp", "--report").exit_code == 0
    assert "reports/wp/v1-v2.html" in _files(workspace)


def test_a_bad_setting_is_one_clear_line(workspace):
    workspace.write("draftwatch.toml", 'report = "no"\n')
    workspace.write("d1.md", V1)
    result = workspace.run("add", "d1.md", "--doc", "wp")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "draftwatch: error: draftwatch.toml: report must be true or false, not 'no'"
    ]


@pytest.mark.parametrize("step", ["blob", "refs", "snapshot-file", "worktree", "index"])
def test_killed_between_the_writes_leaves_all_or_nothing(workspace, step):
    root = workspace.root
    workspace.write(".git/info/exclude", "drafts/\n")
    workspace.write("drafts/v1.md", V1)
    workspace.write("drafts/v2.md", V2)
    assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    index_before = (root / "reports/wp/index.html").read_bytes()
    env = {**os.environ, "DRAFTWATCH_FAULT": f"after:{step}"}
    killed = run_draftwatch(root, "add", "drafts/v2.md", "--doc", "wp", env=env)
    assert killed.returncode == 137
    logged = run_draftwatch(root, "log", "--format", "json")
    assert damage(root, "wp", logged.stdout) == []
    assert workspace.git("status", "--porcelain", "--untracked-files=all") == ""
    recorded = step not in ("blob",)
    report = root / "reports/wp/v1-v2.html"
    assert report.is_file() == recorded
    assert ((root / "reports/wp/index.html").read_bytes() == index_before) != recorded
    if recorded:
        assert "reports/wp/v1-v2.html" in _files(workspace)


def test_a_failed_write_puts_the_index_back(workspace):
    root = workspace.root
    workspace.write(".git/info/exclude", "drafts/\n")
    workspace.write("drafts/v1.md", V1)
    workspace.write("drafts/v2.md", V2)
    assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    before = workspace.state()
    index_before = (root / "reports/wp/index.html").read_bytes()
    env = {**os.environ, "DRAFTWATCH_FAULT": "fail:index"}
    failed = run_draftwatch(root, "add", "drafts/v2.md", "--doc", "wp", env=env)
    assert failed.returncode == 2
    assert workspace.state() == before
    assert (root / "reports/wp/index.html").read_bytes() == index_before
    assert not (root / "reports/wp/v1-v2.html").exists()


def test_report_all_a_second_time_rewrites_nothing_and_says_so(workspace):
    for number, text in enumerate((V1, V2, V3), 1):
        workspace.write(f"d{number}.md", text)
        assert workspace.run("add", f"d{number}.md", "--doc", "wp", "--no-report").exit_code == 0
    first = workspace.run("report", "wp", "--all")
    assert first.exit_code == 0
    assert "Wrote 3 reports, reused 0" in first.stderr  # v1-v2, v2-v3 and v1-v3
    times = {p.name: p.stat().st_mtime_ns for p in (workspace.root / "reports/wp").iterdir()}
    second = workspace.run("report", "wp", "--all")
    assert "Nothing to rewrite: all 3 reports are up to date" in second.stderr
    after = {p.name: p.stat().st_mtime_ns for p in (workspace.root / "reports/wp").iterdir()}
    assert after == times
    # A report edited by hand, or a manifest from another report version, is rewritten.
    (workspace.root / "reports/wp/v1-v2.html").write_text("tampered", encoding="utf-8")
    third = workspace.run("report", "wp", "--all")
    assert "Wrote 1 report, reused 2" in third.stderr
    assert "wp@1" in (workspace.root / "reports/wp/v1-v2.html").read_text(encoding="utf-8")
    # So is an index edited by hand (the manifest records the page it wrote).
    index = workspace.root / "reports/wp/index.html"
    before = index.read_bytes()
    index.write_text("tampered", encoding="utf-8")
    assert "Nothing to rewrite" in workspace.run("report", "wp", "--all").stderr
    assert index.read_bytes() == before


def test_add_after_report_all_reuses_the_manifest_and_links_every_report(workspace):
    for number, text in enumerate((V1, V2), 1):
        workspace.write(f"d{number}.md", text)
        assert workspace.run("add", f"d{number}.md", "--doc", "wp", "--no-report").exit_code == 0
    assert workspace.run("report", "wp", "--all").exit_code == 0
    workspace.git("add", "reports")
    workspace.git("commit", "-q", "-m", "reports")
    workspace.write("d3.md", V3)
    assert workspace.run("add", "d3.md", "--doc", "wp").exit_code == 0
    index = (workspace.root / "reports/wp/index.html").read_text(encoding="utf-8")
    assert 'href="v1-v2.html"' in index and 'href="v2-v3.html"' in index
    assert workspace.git("status", "--porcelain", "--", "reports") == ""


def test_add_log_and_show_read_only_the_front_matter_of_other_snapshots(workspace):
    """An earlier snapshot whose text cannot be read (invalid UTF-8 after its front matter)
    does not stop `log`, `show` of another version or `add`: they never read that text."""
    for number, text in enumerate((V1, V2), 1):
        workspace.write(f"d{number}.md", text)
        assert workspace.run("add", f"d{number}.md", "--doc", "wp").exit_code == 0
    first = workspace.root / "versions/wp/0001.md"
    data = first.read_bytes()
    end = data.index(b"\n---\n") + 5
    first.write_bytes(data[:end] + b"\xff\xfe broken \xff" * 5000)
    assert workspace.run("log", "wp").exit_code == 0
    assert workspace.run("show", "wp@2").output == V2
    workspace.write("d3.md", V3)
    result = workspace.run("add", "d3.md", "--doc", "wp")
    assert result.exit_code == 0, result.output
    assert "reports/wp/v2-v3.html" in _files(workspace)
    # Reading that version itself is what fails, with one clear line.
    broken = workspace.run("show", "wp@1")
    assert broken.exit_code == 2 and "cannot read snapshot" in broken.output


def test_a_file_in_the_way_of_the_reports_refuses_the_add_and_changes_nothing(workspace):
    workspace.write("d1.md", V1)
    workspace.write("reports/wp", "in the way\n")
    before = workspace.state()
    result = workspace.run("add", "d1.md", "--doc", "wp")
    assert result.exit_code == 2
    assert result.output == (
        "draftwatch: error: cannot write files to reports/wp: a file is in the way\n"
    )
    assert workspace.state() == before
    assert workspace.run("add", "d1.md", "--doc", "wp", "--no-report").exit_code == 0


def test_a_symlinked_reports_folder_refuses_the_add(workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace.root / "reports").symlink_to(elsewhere)
    workspace.write("d1.md", V1)
    result = workspace.run("add", "d1.md", "--doc", "wp")
    assert result.exit_code == 2
    assert result.output.startswith("draftwatch: error: reports/wp leads outside the repository")
    assert list(elsewhere.iterdir()) == []
    assert workspace.git("tag", "--list") == ""


HTML = (
    "<html><head><title>Paper</title></head><body><article><h1>Paper</h1><h2>Funding</h2>"
    "<p>The Union will co-finance 40% of spending on transport projects in every member "
    "state, as agreed by the council in its spring session.</p></article></body></html>"
)


@pytest.mark.parametrize("step", ["snapshot-file", "worktree"])
def test_original_and_report_go_in_one_commit_and_a_kill_between_them_is_finished(workspace, step):
    """The original (kept beside the snapshot) and the report share the add's transaction."""
    root = workspace.root
    workspace.write(".git/info/exclude", "drafts/\n")
    workspace.write("drafts/v1.md", V1)
    workspace.write("drafts/v2.html", HTML)
    assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    env = {**os.environ, "DRAFTWATCH_FAULT": f"after:{step}"}
    killed = run_draftwatch(root, "add", "drafts/v2.html", "--doc", "wp", env=env)
    assert killed.returncode == 137, killed.stderr
    logged = run_draftwatch(root, "log", "--format", "json")
    assert "recovered an interrupted add of wp@2 (completed)" in logged.stderr
    assert damage(root, "wp", logged.stdout) == []
    assert _files(workspace) == [
        "reports/wp/index.html",
        "reports/wp/reports.json",
        "reports/wp/v1-v2.html",
        "versions/wp/0002.html",
        "versions/wp/0002.md",
    ]
    assert workspace.git("status", "--porcelain", "--untracked-files=all") == ""


def test_add_report_and_pair_reports_share_one_folder_whatever_the_name(workspace):
    """`paper-` is a valid document name: add, report --all and report OLD NEW all write into
    reports/paper-/ (a slug of the name once sent the pair report elsewhere)."""
    for number, text in enumerate((V1, V2), 1):
        workspace.write(f"d{number}.md", text)
        assert workspace.run("add", f"d{number}.md", "--doc", "paper-").exit_code == 0
    assert (workspace.root / "reports/paper-/v1-v2.html").is_file()
    again = workspace.run("report", "paper-", "--all")
    assert "Nothing to rewrite" in again.stderr
    pair = workspace.run("report", "paper-@1", "paper-@2")
    assert pair.exit_code == 0 and pair.stdout.strip() == "reports/paper-/v1-v2.html"
    assert not (workspace.root / "reports/paper").exists()
    assert "reports" not in workspace.git("status", "--porcelain")  # all committed, unchanged


class _Links(HTMLParser):
    """The links of a page, by where they stand: the grid's cells, its version headers, the
    list of comparisons with the latest."""

    def __init__(self) -> None:
        super().__init__()
        self.where: list[str] = []
        self.links: dict[str, list[str]] = {"cell": [], "column": [], "latest": [], "other": []}
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag in ("td", "th", "section", "table"):
            self.where.append(
                tag if tag != "section" else f"section:{found.get('aria-labelledby')}"
            )
        if tag == "a" and found.get("href"):
            inside = " ".join(self.where)
            if "table" in inside and "td" in inside:
                self.links["cell"].append(str(found["href"]))
            elif "table" in inside and "th" in inside:
                self.links["column"].append(str(found["href"]))
            elif "section:latest-title" in inside:
                self.links["latest"].append(str(found["href"]))
            else:
                self.links["other"].append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "section", "table") and self.where:
            self.where.pop()


def _page(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _committed(workspace) -> set[str]:
    return set(workspace.git("ls-files").split())


def test_after_three_adds_every_grid_link_opens_a_committed_report_at_its_section(workspace):
    for number, text in enumerate((V1, V2, V3), 1):
        workspace.write(f"d{number}.md", text)
        assert workspace.run("add", f"d{number}.md", "--doc", "wp").exit_code == 0
    folder = workspace.root / "reports/wp"
    index = _page(folder / "index.html")
    assert index.links["cell"], "the grid links the cells where something happened"
    committed = _committed(workspace)
    for href in index.links["cell"] + index.links["column"]:
        file, _, anchor = href.partition("#")
        assert f"reports/wp/{file}" in committed, href
        if anchor:
            assert anchor in _page(folder / file).ids, href
    # The Funding section changed in v2 and v3, the Audit section was added in v3.
    text = (folder / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<td class="changed" title="v2: changed[^"]*Funding"><a href="v1-v2.html#', text
    )
    assert re.search(r'<td class="added" title="v3: added[^"]*Audit"><a href="v2-v3.html#', text)
    # add writes one comparison: the others against the latest are named, not linked.
    assert index.links["latest"] == ["v2-v3.html"]
    assert "v1 → v3 (not written yet)" in text and "draftwatch report wp --all" in text
    assert "1 of the 2 comparisons with v3 is not written yet (v1 → v3)" in text


def test_report_all_writes_first_and_each_to_latest_and_drops_those_of_an_older_latest(
    workspace,
):
    for number, text in enumerate((V1, V2, V3), 1):
        workspace.write(f"d{number}.md", text)
        assert workspace.run("add", f"d{number}.md", "--doc", "wp").exit_code == 0
    folder = workspace.root / "reports/wp"
    first = workspace.run("report", "wp", "--all")
    assert "Wrote 1 report, reused 2" in first.stderr, first.stderr
    index = _page(folder / "index.html")
    assert index.links["latest"][0] == "v1-v3.html"  # first to latest
    assert index.links["latest"] == ["v1-v3.html", "v1-v3.html", "v2-v3.html"]
    report = (folder / "v1-v3.html").read_text(encoding="utf-8")
    assert "wp@1" in report and "wp@3" in report and "35%" in report and "45%" in report
    assert "not written yet" not in (folder / "index.html").read_text(encoding="utf-8")
    workspace.git("add", "reports")
    workspace.git("commit", "-q", "-m", "reports")

    workspace.write("d4.md", V4)
    assert workspace.run("add", "d4.md", "--doc", "wp").exit_code == 0
    assert workspace.git("status", "--porcelain", "--", "reports") == ""
    index = _page(folder / "index.html")
    # v1-v3.html is still there, but it no longer compares with the latest: not linked.
    assert (folder / "v1-v3.html").is_file()
    assert all("v1-v3.html" not in href for links in index.links.values() for href in links)
    assert index.links["latest"] == ["v3-v4.html"]

    again = workspace.run("report", "wp", "--all")
    assert "Removed 1 comparisons with an earlier latest version" in again.stderr
    assert "Wrote 2 reports, reused 3" in again.stderr  # v1-v4 and v2-v4
    assert not (folder / "v1-v3.html").exists()
    assert _page(folder / "index.html").links["latest"] == [
        "v1-v4.html",
        "v1-v4.html",
        "v2-v4.html",
        "v3-v4.html",
    ]
    last = workspace.run("report", "wp", "--all")
    assert "Nothing to rewrite: all 5 reports are up to date" in last.stderr


def test_report_all_writes_many_comparisons_with_the_latest_in_worker_processes(workspace):
    """Four or more missing comparisons with the latest are made on every core: each report
    compares its own version with the latest, and the manifest lists each once."""
    for number in range(1, 7):
        workspace.write(f"d{number}.md", V1.replace("35%", f"{30 + number}%"))
        assert workspace.run("add", f"d{number}.md", "--doc", "wp", "--no-report").exit_code == 0
    first = workspace.run("report", "wp", "--all")
    assert "Wrote 9 reports, reused 0" in first.stderr, first.stderr  # 5 consecutive, 4 to v6
    folder = workspace.root / "reports/wp"
    for number in range(1, 5):
        report = (folder / f"v{number}-v6.html").read_text(encoding="utf-8")
        assert f"wp@{number}" in report and "wp@6" in report and f"{30 + number}%" in report
    assert _page(folder / "index.html").links["latest"] == ["v1-v6.html"] + [
        f"v{number}-v6.html" for number in range(1, 6)
    ]
    assert "Nothing to rewrite: all 9 reports" in workspace.run("report", "wp", "--all").stderr


def test_a_report_left_uncommitted_by_report_all_goes_into_the_commit_of_the_index_linking_it(
    workspace,
):
    for number, text in enumerate((V1, V2), 1):
        workspace.write(f"d{number}.md", text)
        assert workspace.run("add", f"d{number}.md", "--doc", "wp", "--no-report").exit_code == 0
    assert workspace.run("report", "wp", "--all").exit_code == 0  # not committed
    workspace.write("d3.md", V3)
    assert workspace.run("add", "d3.md", "--doc", "wp").exit_code == 0
    assert "reports/wp/v1-v2.html" in _files(workspace)
    committed = set(workspace.git("ls-tree", "-r", "--name-only", "HEAD").split())
    index = _page(workspace.root / "reports/wp/index.html")
    for href in {href.partition("#")[0] for links in index.links.values() for href in links}:
        assert f"reports/wp/{href}" in committed, href
    assert workspace.git("status", "--porcelain", "--", "reports") == ""
