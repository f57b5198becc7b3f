"""The snapshot store as a user meets it: init, add, log, show, and every refusal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from draftwatch.versions.refs import resolve
from draftwatch.versions.store import Store

V1 = "# White paper\n\n## Funding\n\nThe Union will consider co-financing 35% of spending.\n"
V2 = "# White paper\n\n## Funding\n\nThe Union will co-finance 40% of spending.\n"


def test_new_user_flow(workspace):
    workspace.write("draft1.md", V1)
    workspace.write("draft2.md", V2)
    first = workspace.run(
        "add",
        "draft1.md",
        "--doc",
        "white-paper",
        "--label",
        "leaked draft",
        "--date",
        "2025-03-12",
    )
    assert first.exit_code == 0, first.output
    second = workspace.run("add", "draft2.md", "--doc", "white-paper", "--label", "adopted")
    assert second.exit_code == 0, second.output
    assert len(workspace.git("log", "--oneline").splitlines()) == 2
    assert workspace.git("tag", "--list").split() == ["white-paper/v1", "white-paper/v2"]
    # Only the two source files we wrote are untracked; the snapshots are committed.
    assert workspace.git("status", "--porcelain").split() == ["??", "draft1.md", "??", "draft2.md"]

    again = workspace.run("add", "draft2.md", "--doc", "white-paper")
    assert again.exit_code == 0
    assert "Unchanged" in again.output
    assert len(workspace.git("log", "--oneline").splitlines()) == 2

    listing = json.loads(workspace.run("log", "--format", "json").output)
    assert [(v["ref"], v["label"]) for v in listing] == [
        ("white-paper@1", "leaked draft"),
        ("white-paper@2", "adopted"),
    ]
    assert listing[0]["date"] == "2025-03-12"
    assert workspace.run("show", "white-paper@1").output == V1
    assert workspace.run("show", "white-paper@latest").output == V2
    assert workspace.run("show", "white-paper@latest~1").output == V1
    assert workspace.run("show", "white-paper@leaked draft").output == V1
    assert workspace.run("show", 'white-paper@"adopted"').output == V2
    assert workspace.run("show", "white-paper").output == V2


def test_commit_message_and_snapshot_front_matter(workspace):
    workspace.write("d.txt", "Article 1\n\nText.\n")
    workspace.run(
        "add",
        "d.txt",
        "--doc",
        "bill",
        "--label",
        "first reading",
        "--date",
        "2024-01-02",
        "--source",
        "parliament site",
    )
    assert workspace.git("log", "-1", "--format=%s").strip() == "bill@1: first reading (2024-01-02)"
    snapshot = (workspace.root / "versions/bill/0001.txt").read_text()
    assert '\nsource: "parliament site"\n' in snapshot
    assert '\nformat: "text"\n' in snapshot
    assert snapshot.endswith("---\nArticle 1\n\nText.\n")


def test_stdin_and_legacy_encoding(workspace):
    added = workspace.run("add", "-", "--doc", "memo", input="From stdin.\n")
    assert added.exit_code == 0, added.stderr
    latin = "Le comité a approuvé 1,5 Mrd. €.\n".encode("cp1252")
    workspace.write("latin.txt", latin)
    assert workspace.run("add", "latin.txt", "--doc", "memo").exit_code == 0
    shown = workspace.run("show", "memo@2").output
    assert shown == "Le comité a approuvé 1,5 Mrd. €.\n"


def test_adding_keeps_users_staged_and_other_files(workspace):
    workspace.write("notes.md", "mine\n")
    workspace.git("add", "notes.md")
    workspace.write("d.md", V1)
    assert workspace.run("add", "d.md", "--doc", "wp").exit_code == 0
    committed = workspace.git("show", "--name-only", "--format=", "HEAD").split()
    assert committed == [
        "reports/wp/index.html",
        "reports/wp/reports.json",
        "versions/wp/0001.md",
    ]
    assert "A  notes.md" in workspace.git("status", "--porcelain")


def test_works_without_git_identity(workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ):
        monkeypatch.delenv(name, raising=False)
    workspace.write("d.md", V1)
    result = workspace.run("add", "d.md", "--doc", "wp")
    assert result.exit_code == 0, result.output
    assert "no git identity configured" in result.stderr
    assert workspace.git("log", "-1", "--format=%an").strip() == "draftwatch"


def test_reading_works_from_files_alone(workspace, tmp_path):
    workspace.write("d.md", V1)
    workspace.run("add", "d.md", "--doc", "wp", "--label", "one")
    archive = tmp_path / "ws.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(workspace.root / "versions", arcname="copy/versions")
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    store = Store.discover(tmp_path / "unpacked" / "copy")
    assert [v.label for v in store.versions("wp")] == ["one"]
    assert resolve("wp@one", store).text == V1


BAD_ADDS = {
    "missing file": (["add", "nope.md", "--doc", "wp"], "no such file"),
    "empty file": (["add", "empty.md", "--doc", "wp"], "empty"),
    "whitespace only": (["add", "blank.md", "--doc", "wp"], "empty"),
    "binary": (["add", "blob.bin", "--doc", "wp"], "binary"),
    "dot-dot name": (["add", "ok.md", "--doc", "../x"], "invalid document name"),
    "nested escape": (["add", "ok.md", "--doc", "a/../../b"], "invalid document name"),
    "absolute name": (["add", "ok.md", "--doc", "/etc/passwd"], "invalid document name"),
    "label with slash": (["add", "ok.md", "--doc", "wp", "--label", "../../x"], "invalid label"),
    "label with newline": (["add", "ok.md", "--doc", "wp", "--label", "a\nb"], "invalid label"),
    "bad date": (["add", "ok.md", "--doc", "wp", "--date", "12/03/2025"], "invalid date"),
    "duplicate label": (["add", "ok.md", "--doc", "wp", "--label", "first"], "already has"),
    "directory": (["add", "versions", "--doc", "wp"], "is a directory"),
}


@pytest.mark.parametrize("case", sorted(BAD_ADDS))
def test_refused_add_changes_nothing(workspace, case):
    workspace.write("first.md", V1)
    workspace.run("add", "first.md", "--doc", "wp", "--label", "first")
    workspace.write("empty.md", "")
    workspace.write("blank.md", "  \n\t\n")
    workspace.write("blob.bin", bytes(range(256)) * 8)
    workspace.write("ok.md", V2)
    before = workspace.state()
    args, message = BAD_ADDS[case]
    result = workspace.run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert workspace.state() == before


def test_failed_commit_rolls_back(workspace):
    """A pre-existing tag makes the tag step fail after the commit: all of it is undone."""
    workspace.write("first.md", V1)
    workspace.run("add", "first.md", "--doc", "wp")
    workspace.git("tag", "wp/v2")
    workspace.write("ok.md", V2)
    before = workspace.state()
    result = workspace.run("add", "ok.md", "--doc", "wp")
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert workspace.state() == before


def test_git_index_lock_rolls_back(workspace):
    workspace.write("first.md", V1)
    workspace.run("add", "first.md", "--doc", "wp")
    workspace.write("ok.md", V2)
    lock = workspace.root / ".git" / "index.lock"
    lock.write_text("")
    before = workspace.state()
    result = workspace.run("add", "ok.md", "--doc", "wp")
    lock.unlink()
    assert result.exit_code == 2
    assert "could not record wp@2" in result.stderr
    assert workspace.state() == before


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("wp@9", "does not exist"),
        ("wp@latest~5", "does not exist"),
        ("nodoc@1", "unknown document"),
        ("wp@no such label", "no version labelled"),
        ("missing.md", "no such file"),
    ],
)
def test_unknown_references(workspace, ref, message):
    workspace.write("first.md", V1)
    workspace.run("add", "first.md", "--doc", "wp")
    result = workspace.run("show", ref)
    assert result.exit_code == 2
    assert message in result.stderr


def test_outside_any_repository(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from draftwatch.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.md").write_text(V1)
    result = CliRunner().invoke(cli, ["add", "d.md", "--doc", "wp"])
    assert result.exit_code == 2
    assert "draftwatch init" in result.stderr
    assert not (tmp_path / "versions").exists()


def test_concurrent_adds_do_not_corrupt(workspace):
    texts = [f"# Doc\n\nVersion text number {i}.\n" for i in range(4)]
    for i, text in enumerate(texts):
        workspace.write(f"v{i}.md", text)
    command = [sys.executable, "-m", "draftwatch", "add"]
    procs = [
        subprocess.Popen(
            [*command, f"v{i}.md", "--doc", "race"],
            cwd=workspace.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(4)
    ]
    for proc in procs:
        proc.communicate(timeout=120)
    codes = [proc.returncode for proc in procs]
    assert all(code in (0, 2) for code in codes)
    versions = Store(workspace.root).versions("race")
    assert [v.number for v in versions] == list(range(1, codes.count(0) + 1))
    assert workspace.git("status", "--porcelain", "versions").strip() == ""
    assert len(workspace.git("tag", "--list", "race/*").split()) == len(versions)
    fsck = subprocess.run(["git", "fsck"], cwd=workspace.root, capture_output=True)
    assert fsck.returncode == 0


def test_init_in_existing_repository_keeps_history(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from draftwatch.cli import cli

    subprocess.run(["git", "init", "-q", str(tmp_path / "r")], check=True)
    (tmp_path / "r" / "README").write_text("x\n")
    subprocess.run(["git", "add", "README"], cwd=tmp_path / "r", check=True)
    subprocess.run(["git", "commit", "-qm", "start"], cwd=tmp_path / "r", check=True)
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "r")])
    assert "existing" in result.output
    monkeypatch.chdir(tmp_path / "r")
    (tmp_path / "r" / "d.md").write_text(V1)
    assert CliRunner().invoke(cli, ["add", "d.md", "--doc", "wp"]).exit_code == 0
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=tmp_path / "r", capture_output=True, text=True
    ).stdout.split("\n")
    assert log[:2] == ["wp@1: version 1 (" + log[0].split("(")[1], "start"]
    shutil.rmtree(tmp_path / "r")
    assert not Path(tmp_path / "r").exists()
