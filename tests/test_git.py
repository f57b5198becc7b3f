"""draftwatch in git: REV:path versions, the git diff driver, and branch review, all on real
repositories, branches and tags in temporary folders."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POLICY_V1 = """# Policy

## Funding

The Union should co-finance 35% of costs, within 30 days.

## Other

This part stays as it is.
"""
POLICY_V2 = """# Policy

## Funding

The Union must co-finance 40% of costs, within 30 days.

## Other

This part stays as it is.
"""


def _git(root: Path, *args: str, check: bool = True, env: dict | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=check, env=env
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plain git repository (not a draftwatch workspace) with policy.md edited in place."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "test@example.org")
    _git(root, "config", "user.name", "Test")
    (root / "policy.md").write_text(POLICY_V1, encoding="utf-8")
    (root / "notes.txt").write_text("first line\n", encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "first")
    _git(root, "tag", "draft-1")
    (root / "policy.md").write_text(POLICY_V2, encoding="utf-8")
    (root / "notes.txt").write_text("first line, changed\n", encoding="utf-8")
    _git(root, "commit", "-q", "-am", "second")
    monkeypatch.chdir(root)
    return root


def _run(*args: str):
    from click.testing import CliRunner

    from draftwatch.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _comparable(data: dict) -> dict:
    """A comparison without the names of its two versions."""
    return {key: data[key] for key in ("summary", "sections", "key_changes", "moves")}


def test_rev_path_gives_the_same_comparison_as_the_files_checked_out(repo, tmp_path):
    by_revision = _run("diff", "draft-1:policy.md", "HEAD:policy.md", "--format", "json")
    assert by_revision.exit_code == 0, by_revision.output
    (tmp_path / "old.md").write_text(POLICY_V1, encoding="utf-8")
    (tmp_path / "new.md").write_text(POLICY_V2, encoding="utf-8")
    by_file = _run("diff", str(tmp_path / "old.md"), str(tmp_path / "new.md"), "--format", "json")
    old, new = json.loads(by_revision.output), json.loads(by_file.output)
    assert _comparable(old) == _comparable(new)
    assert old["old"]["ref"] == "draft-1:policy.md"
    assert [k["summary"] for k in old["key_changes"]] == [
        "35% -> 40%",
        "should -> must (stronger)",
    ]
    # A branch name, HEAD~N and a path from here (./) work too; a bad one is one clear line.
    assert _run("diff", "main~1:policy.md", "main:policy.md").exit_code == 0
    (repo / "sub").mkdir()
    os.chdir(repo / "sub")
    relative = _run("diff", "draft-1:../policy.md", "HEAD:policy.md", "--format", "json")
    os.chdir(repo)
    assert _comparable(json.loads(relative.output)) == _comparable(old)
    missing = _run("diff", "HEAD:nope.md", "HEAD:policy.md")
    assert missing.exit_code == 2 and "nope.md does not exist at HEAD" in missing.output


def test_git_diff_uses_draftwatch_for_matching_files_only(repo):
    before = _git(repo, "diff", "HEAD~1", "HEAD", "--", "notes.txt")
    result = _run("install-git-driver", "--pattern", "*.md")
    assert result.exit_code == 0, result.output
    assert "diff.draftwatch.command" in result.output and "--uninstall" in result.output

    shown = _git(repo, "diff", "HEAD~1", "HEAD", "--", "policy.md")
    assert "draftwatch: a/policy.md -> b/policy.md" in shown
    assert "[percent] 35% -> 40%" in shown
    assert "The Union [-should -]{+must +}co-finance [-35-]{+40+}% of costs" in shown
    assert "@@" not in shown
    # Other files keep git's own diff, byte for byte.
    assert _git(repo, "diff", "HEAD~1", "HEAD", "--", "notes.txt") == before
    # log -p and show with --ext-diff use it too.
    assert "[percent] 35% -> 40%" in _git(repo, "log", "-p", "--ext-diff", "-1", "--", "policy.md")
    assert "[percent] 35% -> 40%" in _git(repo, "show", "--ext-diff", "HEAD", "--", "policy.md")
    # Uncommitted edits in the work tree.
    (repo / "policy.md").write_text(POLICY_V2.replace("40%", "45%"), encoding="utf-8")
    assert "[percent] 40% -> 45%" in _git(repo, "diff", "--", "policy.md")


def test_the_driver_handles_new_deleted_and_binary_files(repo):
    _run("install-git-driver", "--pattern", "*.md")
    (repo / "new.md").write_text("# New\n\nA new text with 5 items.\n", encoding="utf-8")
    _git(repo, "add", "new.md")
    added = _git(repo, "diff", "--cached", "--", "new.md")
    assert "draftwatch: /dev/null -> b/new.md" in added and "added: New" in added
    _git(repo, "commit", "-q", "-m", "add")
    _git(repo, "rm", "-q", "new.md")
    removed = _git(repo, "diff", "--cached", "--", "new.md")
    assert "draftwatch: a/new.md -> /dev/null" in removed and "removed: New" in removed
    (repo / "image.md").write_bytes(b"\x89PNG\x00\x01\x02binary")
    _git(repo, "add", "image.md")
    binary = _git(repo, "diff", "--cached", "--", "image.md")
    assert "Binary files a/image.md and b/image.md differ" in binary


def test_uninstall_restores_line_diffs_and_global_install_uses_the_users_attributes(repo):
    _run("install-git-driver", "--pattern", "*.md")
    result = _run("install-git-driver", "--uninstall")
    assert result.exit_code == 0
    assert "@@" in _git(repo, "diff", "HEAD~1", "HEAD", "--", "policy.md")
    assert "draftwatch" not in (repo / ".git" / "info" / "attributes").read_text()
    assert _git(repo, "config", "--get", "diff.draftwatch.command", check=False) == ""

    result = _run("install-git-driver", "--global", "--pattern", "*.md")
    assert result.exit_code == 0, result.output
    attributes = Path(os.environ["XDG_CONFIG_HOME"]) / "git" / "attributes"
    assert "*.md diff=draftwatch" in attributes.read_text()
    assert "[percent] 35% -> 40%" in _git(repo, "diff", "HEAD~1", "HEAD", "--", "policy.md")
    _run("install-git-driver", "--global", "--uninstall")
    assert "@@" in _git(repo, "diff", "HEAD~1", "HEAD", "--", "policy.md")


def test_install_outside_a_repository_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = _run("install-git-driver")
    assert result.exit_code == 2
    assert result.output.startswith("draftwatch: error:") and "Traceback" not in result.output


@pytest.fixture
def drafts(workspace):
    """A draftwatch workspace: main holds version 1; branch `council` adds version 2."""
    workspace.git("config", "user.email", "test@example.org")
    workspace.git("config", "user.name", "Test")
    workspace.write("v1.md", POLICY_V1)
    assert workspace.run("add", "v1.md", "--doc", "policy", "--label", "draft").exit_code == 0
    workspace.git("branch", "-M", "main")
    workspace.git("checkout", "-q", "-b", "council")
    workspace.write("v2.md", POLICY_V2)
    assert workspace.run("add", "v2.md", "--doc", "policy", "--label", "council").exit_code == 0
    return workspace


def test_review_names_each_document_and_its_key_changes(drafts):
    result = drafts.run("review", "main..council", "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<!-- draftwatch-review -->")
    assert "policy: policy@1 → policy@2" in result.output
    assert "**percent** 35% -&#62; 40%" in result.output
    assert "**modality** should -&#62; must (stronger)" in result.output

    data = json.loads(drafts.run("review", "main..council", "--format", "json").output)
    assert [d["document"] for d in data["documents"]] == ["policy"]
    assert data["documents"][0]["old"] == "policy@1"
    assert data["documents"][0]["comparison"]["summary"]["key_changes"] == 2

    terminal = drafts.run("review", "main...council").output
    assert "[-should -]{+must +}" in terminal


def test_an_empty_range_says_so_and_exits_0(drafts):
    for form in ("md", "term", "json"):
        result = drafts.run("review", "main..main", "--format", form)
        assert result.exit_code == 0
    assert "No draft versions added or changed" in drafts.run("review", "main..main").output
    assert json.loads(result.output)["documents"] == []


def test_review_of_documents_edited_in_place_and_a_first_version(drafts):
    drafts.write("docs/policy.md", POLICY_V1)
    drafts.git("add", "docs/policy.md")
    drafts.git("commit", "-q", "-m", "policy text")
    base = drafts.git("rev-parse", "HEAD").strip()
    drafts.write("docs/policy.md", POLICY_V2)
    drafts.git("commit", "-q", "-am", "edit in place")
    drafts.write("bill.md", "# Bill\n\nArticle text.\n")
    drafts.run("add", "bill.md", "--doc", "bill")
    result = drafts.run("review", f"{base}..HEAD", "--path", "docs/*.md", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "docs/policy.md" in result.output and "35% -&#62; 40%" in result.output
    assert "### bill: new, bill@1" in result.output
    without_path = drafts.run("review", f"{base}..HEAD", "--format", "md").output
    assert "docs/policy.md" not in without_path


def test_review_bad_range_is_one_clear_error(drafts):
    result = drafts.run("review", "nosuchbranch..HEAD")
    assert result.exit_code == 2
    assert "'nosuchbranch' is not a git revision" in result.output


def test_the_example_workflows_command_line_runs(drafts):
    """The `draftwatch review` line of .github/workflows/draftwatch-review.yml, run here."""
    workflow = (ROOT / ".github" / "workflows" / "draftwatch-review.yml").read_text()
    line = next(match.group(1) for match in re.finditer(r"run: (draftwatch review .*)", workflow))
    base = drafts.git("rev-parse", "main").strip()
    head = drafts.git("rev-parse", "council").strip()
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "BASE_SHA": base,
        "HEAD_SHA": head,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    }
    subprocess.run(["bash", "-c", line], cwd=drafts.root, env=env, check=True)
    comment = (drafts.root / "draftwatch-review.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- draftwatch-review -->")
    assert "policy: policy@1 → policy@2" in comment
    assert len(comment) < 65_536


def test_review_outside_a_repository_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = _run("review", "main..HEAD")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.output and "internal" not in result.output


def test_git_diff_of_snapshots_uses_draftwatch_by_default(drafts, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    assert drafts.run("install-git-driver").exit_code == 0
    shown = drafts.git("diff", "main", "council", "--", "versions/")
    # A new snapshot is shown against the version before it, not as a wholly new file.
    assert "diff --draftwatch a/versions/policy/0001.md b/versions/policy/0002.md" in shown
    assert "[percent] 35% -> 40%" in shown
    assert "sha256" not in shown  # front matter is not document text
    assert "[-should -]{+must +}" in shown


def test_the_driver_takes_a_file_whose_name_starts_with_a_dash(repo):
    _run("install-git-driver", "--pattern", "*.md")
    (repo / "-rf.md").write_text(POLICY_V1, encoding="utf-8")
    _git(repo, "add", "--", "-rf.md")
    _git(repo, "commit", "-q", "-m", "dash")
    (repo / "-rf.md").write_text(POLICY_V2, encoding="utf-8")
    done = subprocess.run(
        ["git", "diff", "--", "-rf.md", "policy.md"], cwd=repo, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "draftwatch: a/-rf.md -> b/-rf.md" in done.stdout
    assert "[percent] 35% -> 40%" in done.stdout
    # A driver configured before the `--` was written gets the same result.
    command = _git(repo, "config", "diff.draftwatch.command").strip()
    assert command.endswith(" --")
    _git(repo, "config", "diff.draftwatch.command", command.removesuffix(" --"))
    again = subprocess.run(
        ["git", "diff", "--", "-rf.md"], cwd=repo, capture_output=True, text=True
    )
    assert again.returncode == 0 and "[percent] 35% -> 40%" in again.stdout, again.stderr
