"""`draftwatch add` as one transaction: killed or failing at any step, nothing breaks or is lost."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest

from draftwatch.versions.gitrepo import ADD_STEPS
from tests.crash_checks import damage, run_draftwatch

V1 = "# Paper\n\n## Funding\n\nThe Union will consider co-financing 35% of spending.\n"
V2 = "# Paper\n\n## Funding\n\nThe Union will co-finance 40% of spending.\n"
# After these steps the refs have moved: the version must be there after recovery.
RECORDED_AFTER = ADD_STEPS[ADD_STEPS.index("refs") :]
JOURNALED_AFTER = ADD_STEPS[ADD_STEPS.index("journal") :]


def _fault_env(fault: str) -> dict[str, str]:
    return {**os.environ, "DRAFTWATCH_FAULT": fault}


@pytest.fixture
def staged(workspace):
    """A workspace where the user has a staged file of their own, and draft files to add."""
    workspace.write("notes.md", "mine\n")
    workspace.git("add", "notes.md")
    workspace.write(".git/info/exclude", "drafts/\n")
    workspace.write("drafts/v1.md", V1)
    workspace.write("drafts/v2.md", V2)
    return workspace


@pytest.mark.parametrize("first", [True, False], ids=["first-version", "second-version"])
@pytest.mark.parametrize("step", ADD_STEPS)
def test_killed_after_each_step_then_next_command_repairs(staged, step, first):
    root = staged.root
    if not first:
        assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    before = 0 if first else 1
    draft = "drafts/v1.md" if first else "drafts/v2.md"

    killed = run_draftwatch(root, "add", draft, "--doc", "wp", env=_fault_env(f"after:{step}"))
    assert killed.returncode == 137, killed.stderr

    logged = run_draftwatch(root, "log", "--format", "json")
    assert logged.returncode == 0, logged.stderr
    assert damage(root, "wp", logged.stdout, allowed_status=("A  notes.md",)) == []
    expected = before + 1 if step in RECORDED_AFTER else before
    assert len(staged.git("tag", "--list", "wp/*").split()) == expected
    ref = f"wp@{before + 1}"
    if step in RECORDED_AFTER:
        assert f"draftwatch: recovered an interrupted add of {ref} (completed)" in logged.stderr
        assert staged.run("show", ref).output == (V1 if first else V2)
    elif step in JOURNALED_AFTER:
        assert f"draftwatch: recovered an interrupted add of {ref} (undone" in logged.stderr
    else:
        assert logged.stderr == ""
    assert len(logged.stderr.splitlines()) <= 1
    # No scratch index, journal or half-written file is left, in .git/ or the work tree.
    assert not [
        p.name
        for p in (root / ".git").iterdir()
        if p.name.startswith(("draftwatch-", ".draftwatch-")) and p.name != "draftwatch.lock"
    ]
    assert "A  notes.md" in staged.git("status", "--porcelain")

    again = run_draftwatch(root, "add", draft, "--doc", "wp")
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""
    logged = run_draftwatch(root, "log", "--format", "json")
    assert damage(root, "wp", logged.stdout, allowed_status=("A  notes.md",)) == []
    assert len(staged.git("tag", "--list", "wp/*").split()) == before + 1


PAGE = (
    "<html><body><main><h1>Paper</h1><h2>Funding</h2>"
    "<p>The Union will consider co-financing 35% of spending.</p></main></body></html>\n"
)


@pytest.mark.parametrize("step", ADD_STEPS)
def test_killed_with_an_original_after_each_step(staged, step):
    """The original (here an HTML page) is recorded with its snapshot or not at all."""
    root = staged.root
    staged.write("drafts/page.html", PAGE)
    killed = run_draftwatch(
        root,
        "add",
        "drafts/page.html",
        "--doc",
        "wp",
        "--whole-page",
        env=_fault_env(f"after:{step}"),
    )
    assert killed.returncode == 137, killed.stderr
    logged = run_draftwatch(root, "log", "--format", "json")
    assert logged.returncode == 0, logged.stderr
    assert damage(root, "wp", logged.stdout, allowed_status=("A  notes.md",)) == []
    original = root / "versions" / "wp" / "0001.html"
    if step in RECORDED_AFTER:
        assert original.read_text(encoding="utf-8") == PAGE
        assert "versions/wp/0001.html" in staged.git("ls-tree", "-r", "--name-only", "wp/v1")
        assert staged.git("status", "--porcelain").strip() == "A  notes.md"
    else:
        assert not original.exists()
        assert not (root / "versions" / "wp").exists()
    again = run_draftwatch(root, "add", "drafts/page.html", "--doc", "wp", "--whole-page")
    assert again.returncode == 0, again.stderr
    logged = run_draftwatch(root, "log", "--format", "json")
    assert damage(root, "wp", logged.stdout, allowed_status=("A  notes.md",)) == []
    assert original.read_text(encoding="utf-8") == PAGE


@pytest.mark.parametrize("step", ADD_STEPS)
def test_failure_at_each_step_changes_nothing(staged, step):
    """A full disk or a read-only folder at any step: one clear line, exit 2, no trace."""
    root = staged.root
    assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    before = staged.state()
    failed = run_draftwatch(
        root, "add", "drafts/v2.md", "--doc", "wp", env=_fault_env(f"fail:{step}")
    )
    assert failed.returncode == 2
    assert failed.stderr.startswith(f"draftwatch: error: could not record wp@2 ({step} failed): ")
    assert len(failed.stderr.splitlines()) == 1
    assert staged.state() == before
    assert not (root / ".git" / "draftwatch-add.json").exists()
    assert run_draftwatch(root, "log").stderr == ""


def test_read_only_versions_folder(staged):
    root = staged.root
    assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    before = staged.state()
    (root / "versions").chmod(0o555)
    (root / "versions" / "wp").chmod(0o555)
    try:
        if os.access(root / "versions" / "wp", os.W_OK):
            pytest.skip("running as root: permissions do not stop writes here")
        result = run_draftwatch(root, "add", "drafts/v2.md", "--doc", "wp")
    finally:
        (root / "versions").chmod(0o755)
        (root / "versions" / "wp").chmod(0o755)
    assert result.returncode == 2
    assert "permission denied" in result.stderr
    assert staged.state() == before


def test_file_in_the_way_of_the_document_folder(staged):
    """A real write failure even as root: versions/<doc> is a file, not a folder."""
    staged.write("versions/wp", "not a folder\n")
    before = staged.state()
    result = run_draftwatch(staged.root, "add", "drafts/v1.md", "--doc", "wp")
    assert result.returncode == 2
    assert result.stderr == (
        "draftwatch: error: cannot write snapshots to versions/wp: a file is in the way\n"
    )
    assert staged.state() == before


def test_tag_signing_without_a_key_fails_fast(staged, tmp_path):
    staged.git("config", "tag.gpgSign", "true")
    env = {**os.environ, "GNUPGHOME": str(tmp_path / "empty-gnupg")}
    (tmp_path / "empty-gnupg").mkdir(mode=0o700)
    before = staged.state()
    started = time.monotonic()
    result = run_draftwatch(staged.root, "add", "drafts/v1.md", "--doc", "wp", env=env, timeout=30)
    assert time.monotonic() - started < 20
    assert result.returncode == 2
    assert "could not sign the tag wp/v1 (tag.gpgSign is set)" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert staged.state() == before
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, capture_output=True)


@pytest.mark.skipif(shutil.which("gpg") is None, reason="gpg is not installed")
def test_tag_signed_when_configured(staged, tmp_path):
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(home)}
    subprocess.run(
        [
            "gpg",
            "--batch",
            "--passphrase",
            "",
            "--quick-gen-key",
            "T <t@example.org>",
            "ed25519",
            "sign",
            "never",
        ],
        env=env,
        capture_output=True,
        check=True,
    )
    staged.git("config", "tag.gpgSign", "true")
    staged.git("config", "user.signingkey", "t@example.org")
    try:
        result = run_draftwatch(
            staged.root, "add", "drafts/v1.md", "--doc", "wp", env=env, timeout=30
        )
        assert result.returncode == 0, result.stderr
        verified = subprocess.run(
            ["git", "tag", "-v", "wp/v1"], cwd=staged.root, env=env, capture_output=True, text=True
        )
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, capture_output=True)
    assert verified.returncode == 0, verified.stderr
    assert "Good signature" in verified.stderr


def test_tags_are_annotated_with_the_commit_message(staged):
    assert (
        run_draftwatch(
            staged.root, "add", "drafts/v1.md", "--doc", "wp", "--label", "leak"
        ).returncode
        == 0
    )
    assert staged.git("cat-file", "-t", "wp/v1").strip() == "tag"
    assert (
        staged.git("tag", "-l", "--format=%(contents:subject)", "wp/v1").strip()
        == staged.git("log", "-1", "--format=%s").strip()
    )
    assert staged.git("rev-parse", "wp/v1^{commit}") == staged.git("rev-parse", "HEAD")


def test_detached_head_refused(staged):
    assert run_draftwatch(staged.root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    branch = staged.git("symbolic-ref", "--short", "HEAD").strip()
    staged.git("checkout", "-q", "--detach")
    before = staged.state()
    result = run_draftwatch(staged.root, "add", "drafts/v2.md", "--doc", "wp")
    assert result.returncode == 2
    assert result.stderr == (
        f"draftwatch: error: HEAD is detached; check out a branch first: git switch {branch}\n"
    )
    assert staged.state() == before
    staged.git("switch", "-q", branch)
    assert run_draftwatch(staged.root, "add", "drafts/v2.md", "--doc", "wp").returncode == 0


def test_merge_in_progress_refused(staged):
    root = staged.root
    assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    staged.git("commit", "-qm", "notes")
    main = staged.git("symbolic-ref", "--short", "HEAD").strip()
    staged.git("switch", "-qc", "other")
    staged.write("notes.md", "theirs\n")
    staged.git("commit", "-qam", "theirs")
    staged.git("switch", "-q", main)
    staged.write("notes.md", "ours\n")
    staged.git("commit", "-qam", "ours")
    conflict = subprocess.run(["git", "merge", "-q", "other"], cwd=root, capture_output=True)
    assert conflict.returncode != 0 and (root / ".git" / "MERGE_HEAD").exists()
    before = staged.state()
    result = run_draftwatch(root, "add", "drafts/v2.md", "--doc", "wp")
    assert result.returncode == 2
    assert (
        "a merge is in progress; finish it (git commit) or abort it (git merge --abort)"
        in result.stderr
    )
    assert staged.state() == before


def test_first_add_on_an_unborn_branch_uses_its_name(tmp_path):
    root = tmp_path / "fresh"
    subprocess.run(["git", "init", "-q", "-b", "drafts-main", str(root)], check=True)
    (tmp_path / "d.md").write_text(V1)
    result = run_draftwatch(root, "add", str(tmp_path / "d.md"), "--doc", "wp")
    assert result.returncode == 0, result.stderr
    git = ["git", "-C", str(root)]
    head = subprocess.run(
        [*git, "rev-parse", "refs/heads/drafts-main"], capture_output=True, text=True
    )
    assert (
        head.stdout.strip()
        == subprocess.run(
            [*git, "rev-parse", "wp/v1^{commit}"], capture_output=True, text=True
        ).stdout.strip()
    )
    parents = subprocess.run([*git, "log", "-1", "--format=%P"], capture_output=True, text=True)
    assert parents.stdout.strip() == ""
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""


def test_document_names_differing_only_in_case_refused(staged):
    assert run_draftwatch(staged.root, "add", "drafts/v1.md", "--doc", "d").returncode == 0
    before = staged.state()
    result = run_draftwatch(staged.root, "add", "drafts/v2.md", "--doc", "D")
    assert result.returncode == 2
    assert result.stderr == (
        "draftwatch: error: document name 'D' differs only in case from the existing document "
        "'d' (they would collide on macOS and Windows); use --doc d\n"
    )
    assert staged.state() == before
    assert run_draftwatch(staged.root, "add", "drafts/v2.md", "--doc", "d").returncode == 0


def test_users_staged_changes_survive_add(staged):
    """The user's index is not rebuilt: their staged file stays staged, and out of the commit."""
    root = staged.root
    staged.write("README", "one\n")
    staged.git("add", "README")
    staged.git("commit", "-qm", "readme", "--", "README")
    staged.write("README", "two\n")
    staged.git("add", "README")
    staged.write("README", "three\n")  # staged "two", unstaged "three"
    assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    assert staged.git("show", "--name-only", "--format=", "HEAD").split() == [
        "reports/wp/index.html",
        "reports/wp/reports.json",
        "versions/wp/0001.md",
    ]
    assert sorted(staged.git("status", "--porcelain").splitlines()) == ["A  notes.md", "MM README"]
    assert staged.git("show", ":README") == "two\n"
    assert (root / "README").read_text() == "three\n"


def test_recovery_that_cannot_finish_says_so_and_blocks_adds(staged):
    root = staged.root
    assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    killed = run_draftwatch(
        root, "add", "drafts/v2.md", "--doc", "wp", env=_fault_env("after:refs")
    )
    assert killed.returncode == 137
    lock = root / ".git" / "index.lock"
    lock.write_text("")  # another git command is writing the index, a minute after the kill
    made = (root / ".git" / "draftwatch-add.json").stat().st_mtime + 60
    os.utime(lock, (made, made))
    logged = run_draftwatch(root, "log")
    assert logged.returncode == 0
    assert logged.stderr.startswith(
        "draftwatch: could not finish recovering an interrupted add of wp@2: "
    )
    refused = run_draftwatch(root, "add", "drafts/v2.md", "--doc", "wp")
    assert refused.returncode == 2
    assert "could not finish recovering an interrupted add of wp@2" in refused.stderr
    lock.unlink()
    logged = run_draftwatch(root, "log", "--format", "json")
    assert "recovered an interrupted add of wp@2 (completed)" in logged.stderr
    assert damage(root, "wp", logged.stdout, allowed_status=("A  notes.md",)) == []


def test_recovery_waits_for_no_running_add(staged):
    """While an add holds the lock, reading commands neither wait nor touch its journal."""
    import fcntl

    root = staged.root
    killed = run_draftwatch(
        root, "add", "drafts/v1.md", "--doc", "wp", env=_fault_env("after:refs")
    )
    assert killed.returncode == 137
    with open(root / ".git" / "draftwatch.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        started = time.monotonic()
        busy = run_draftwatch(root, "log")
        assert time.monotonic() - started < 10
        assert busy.returncode == 0 and busy.stderr == ""
        assert (root / ".git" / "draftwatch-add.json").exists()
    logged = run_draftwatch(root, "log")
    assert "recovered an interrupted add of wp@1 (completed)" in logged.stderr


def test_ref_locks_of_a_killed_ref_transaction_are_removed(staged):
    """git update-ref killed between `prepare` and `commit` leaves a .lock per ref, holding the
    new values: recovery removes exactly those, and leaves a lock that is not the add's."""
    import json

    root = staged.root
    assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    killed = run_draftwatch(
        root, "add", "drafts/v2.md", "--doc", "wp", env=_fault_env("after:journal")
    )
    assert killed.returncode == 137
    journal = json.loads((root / ".git" / "draftwatch-add.json").read_text())
    branch_lock = root / ".git" / f"{journal['branch']}.lock"
    tag_lock = root / ".git" / "refs" / "tags" / "wp" / "v2.lock"
    branch_lock.write_text(journal["commit"] + "\n")
    tag_lock.parent.mkdir(parents=True, exist_ok=True)
    tag_lock.write_text("")  # created, killed before its value was written
    head_lock = root / ".git" / "HEAD.lock"
    head_lock.write_text("")  # taken for HEAD's reflog, empty
    foreign = root / ".git" / "refs" / "heads" / "other.lock"
    foreign.write_text(journal["old"] + "\n")
    old_empty = root / ".git" / "refs" / "heads" / "old.lock"
    old_empty.write_text("")
    made = (root / ".git" / "draftwatch-add.json").stat().st_mtime - 60
    os.utime(old_empty, (made, made))  # empty, but older than the add: not its own

    logged = run_draftwatch(root, "log", "--format", "json")
    assert "recovered an interrupted add of wp@2 (undone" in logged.stderr
    assert not branch_lock.exists() and not tag_lock.exists() and not head_lock.exists()
    assert foreign.exists() and old_empty.exists()
    assert damage(root, "wp", logged.stdout, ("A  notes.md",)) == [
        "git lock left: refs/heads/old.lock, refs/heads/other.lock"
    ]
    foreign.unlink()
    old_empty.unlink()
    assert run_draftwatch(root, "add", "drafts/v2.md", "--doc", "wp").returncode == 0
    logged = run_draftwatch(root, "log", "--format", "json")
    assert damage(root, "wp", logged.stdout, ("A  notes.md",)) == []


def test_index_lock_of_the_killed_add_is_removed_but_not_an_old_one(staged):
    """A killed final `git update-index` leaves index.lock: recovery knows it by its age."""
    root = staged.root
    assert run_draftwatch(root, "add", "drafts/v1.md", "--doc", "wp").returncode == 0
    killed = run_draftwatch(
        root, "add", "drafts/v2.md", "--doc", "wp", env=_fault_env("after:worktree")
    )
    assert killed.returncode == 137
    journal = root / ".git" / "draftwatch-add.json"
    lock = root / ".git" / "index.lock"
    lock.write_bytes(b"DIRC partial")
    made = journal.stat().st_mtime
    os.utime(lock, (made + 60, made + 60))  # made long after the add died: someone else's
    held = run_draftwatch(root, "log")
    assert "could not finish recovering an interrupted add of wp@2" in held.stderr
    assert lock.exists()
    os.utime(lock, (made + 0.01, made + 0.01))  # made while the add's last steps ran
    logged = run_draftwatch(root, "log", "--format", "json")
    assert "recovered an interrupted add of wp@2 (completed)" in logged.stderr
    assert not lock.exists()
    assert damage(root, "wp", logged.stdout, ("A  notes.md",)) == []


def test_a_journal_of_the_one_file_format_is_still_finished(staged):
    """A journal left by a draftwatch that recorded one file (path, blob) is still recovered."""
    root = staged.root
    killed = run_draftwatch(  # --no-report: an old add recorded the snapshot alone
        root, "add", "drafts/v1.md", "--doc", "wp", "--no-report", env=_fault_env("after:refs")
    )
    assert killed.returncode == 137
    path = root / ".git" / "draftwatch-add.json"
    journal = json.loads(path.read_text())
    [[journal["path"], journal["blob"]]] = journal.pop("files")
    path.write_text(json.dumps(journal))
    logged = run_draftwatch(root, "log", "--format", "json")
    assert "recovered an interrupted add of wp@1 (completed)" in logged.stderr
    assert damage(root, "wp", logged.stdout, allowed_status=("A  notes.md",)) == []
    assert (root / "versions" / "wp" / "0001.md").exists()
