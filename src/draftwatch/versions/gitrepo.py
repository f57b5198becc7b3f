"""Everything draftwatch asks of git, and the only module that imports GitPython.

An add is one transaction that a kill at any moment cannot split: the snapshot's blob, tree,
commit and annotated tag are built as objects first, without touching the user's index, work
tree or refs; one `git update-ref --stdin` transaction then moves the branch and creates the tag
together; only then are the snapshot file and its index entry written. A journal in .git/ lets
the next command finish that last part, or forget the objects, if the process dies in between.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from draftwatch.errors import BadInputError, DraftwatchError, NotFoundError, StoreError
from draftwatch.versions.files import TEMP_PREFIX, write_atomically
from draftwatch.versions.snapshot import strip_front_matter

if TYPE_CHECKING:
    import git  # imported where used: reading snapshots from files needs no git at all

LOCK_WAIT_SECONDS = 30.0


FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "draftwatch",
    "GIT_AUTHOR_EMAIL": "draftwatch@localhost",
    "GIT_COMMITTER_NAME": "draftwatch",
    "GIT_COMMITTER_EMAIL": "draftwatch@localhost",
}


LOCK_NAME = "draftwatch.lock"


JOURNAL_NAME = "draftwatch-add.json"


SCRATCH_PREFIX = "draftwatch-tmp-"


FAULT_VARIABLE = "DRAFTWATCH_FAULT"


#: `snapshot-file`: the snapshot is in the work tree, the files recorded with it not yet.
ADD_STEPS = (
    "blob",
    "tree",
    "commit",
    "tag-object",
    "journal",
    "refs",
    "snapshot-file",
    "worktree",
    "index",
)


# Git must never wait for a person: no editor, no credential prompt (stdin is never the terminal).
QUIET_ENV = {"GIT_EDITOR": "true", "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat"}


SIGN_TIMEOUT_SECONDS = 60.0


# An add's steps after its journal take milliseconds: a HEAD.lock or index.lock made this soon
# after the journal of an add that died is that add's own.
OWN_LOCK_SECONDS = 5.0


# Settings `git tag` needs, copied from the repository into the scratch git dir where the tag
# object is made (conditional includes would not match there).
TAG_SETTINGS = ("user.", "gpg.", "tag.", "i18n.")


def open_repository(root: Path) -> git.Repo:
    """The repository at a workspace root."""
    import git

    try:
        return git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise StoreError(
            f"{root} is not a git repository; run `draftwatch init` there first"
        ) from None


def init_repository(folder: Path) -> None:
    import git

    try:
        git.Repo.init(folder)
    except git.GitError as error:
        raise StoreError(f"cannot create a git repository in {folder}: {error}") from None


@contextlib.contextmanager
def add_lock(repo: git.Repo, wait: bool = True) -> Iterator[bool]:
    """Serialise adds (and recovery): a second concurrent add waits, then fails cleanly.

    With wait=False, yields False at once instead of waiting when another add holds it."""
    lock_path = Path(repo.git_dir) / LOCK_NAME
    with open(lock_path, "w") as handle:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    yield False
                    return
                if time.monotonic() > deadline:
                    raise StoreError(
                        "another draftwatch add is running in this repository; try again"
                    ) from None
                time.sleep(0.05)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover_on_open(root: Path) -> tuple[str, ...]:
    """Finish or undo an add that was killed, if its traces are there and no add is running."""
    git_dir = _git_dir_of(root)
    if git_dir is None or not _has_traces(git_dir):
        return ()
    import git

    try:
        repo = open_repository(root)
        with contextlib.closing(repo), add_lock(repo, wait=False) as locked:
            return recover(repo) if locked else ()
    except (DraftwatchError, git.GitError, OSError) as error:
        return (f"could not recover an interrupted add: {_describe(error)}",)


def journal_pending(repo: git.Repo) -> bool:
    """Whether an interrupted add is still waiting to be finished."""
    return (Path(repo.git_dir) / JOURNAL_NAME).exists()


#: A file an add records: where it goes in the work tree, and its content.
RecordedFile = tuple[Path, str | bytes]


def record_snapshot(
    repo: git.Repo,
    root: Path,
    files: Sequence[RecordedFile],
    ref: str,
    tag: str,
    message: str,
) -> tuple[str, ...]:
    """Record one version, as the files given (the snapshot first, then whatever else the
    version brings: its original...), in a single transaction that a kill cannot split.

    The commit and the annotated tag are built as objects first, without touching the
    user's index, work tree or refs; one `git update-ref --stdin` transaction then moves
    the branch and creates the tag together. Only after that are the snapshot file and
    its index entry written. A journal in .git/ lets the next command finish that last
    part (or forget the objects) if the process dies in between."""
    import git

    git_dir = Path(repo.git_dir)
    branch = _check_can_commit(repo, git_dir)
    relatives = [path.relative_to(root).as_posix() for path, _ in files]
    if _resolve(repo, f"refs/tags/{tag}") is not None:
        raise StoreError(f"git tag {tag!r} already exists; remove it or use another --doc")
    for number, folder in enumerate(dict.fromkeys(path.parent for path, _ in files)):
        _check_writable(folder, root, "snapshots" if number == 0 else "files")
    if (git_dir / "index.lock").exists():
        raise StoreError(
            f"could not record {ref}: git's index is locked ({git_dir / 'index.lock'} "
            "exists): another git command is running; if none is, delete that file"
        )
    notices: list[str] = []
    env = dict(QUIET_ENV)
    try:
        _git(repo, "var", "GIT_COMMITTER_IDENT", env=env)
    except git.GitCommandError:
        env.update(FALLBACK_IDENTITY)
        notices.append(
            "no git identity configured; committed as 'draftwatch <draftwatch@localhost>' "
            "(set one with `git config user.name` and `git config user.email`)"
        )
    old = _resolve(repo, branch)
    stage = "blob"
    scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=git_dir))
    try:
        _fault(stage, "before")
        entries = tuple(
            (
                relative,
                _git(
                    repo,
                    "hash-object",
                    "-w",
                    f"--path={relative}",
                    "--stdin",
                    env=env,
                    stdin=_as_bytes(content),
                    scratch=scratch,
                ),
            )
            for relative, (_, content) in zip(relatives, files, strict=True)
        )
        _fault(stage, "after")
        stage = "tree"
        _fault(stage, "before")
        tree = _build_tree(repo, old, entries, scratch, env)
        _fault(stage, "after")
        stage = "commit"
        _fault(stage, "before")
        parents = ("-p", old) if old else ()
        commit = _git(repo, "commit-tree", tree, *parents, "-m", message, env=env)
        _fault(stage, "after")
        stage = "tag-object"
        _fault(stage, "before")
        tag_object = _make_tag_object(repo, tag, commit, message, scratch, env)
        _fault(stage, "after")
        journal = AddJournal(
            ref=ref,
            files=entries,
            branch=branch,
            old=old,
            commit=commit,
            tag=tag,
            tag_object=tag_object,
        )
        stage = "journal"
        _fault(stage, "before")
        journal.write(git_dir)
        _fault(stage, "after")
        stage = "refs"
        _fault(stage, "before")
        _update_refs(repo, journal.forward_commands(), f"draftwatch add {ref}", env)
        _fault(stage, "after")
    except (git.GitCommandError, OSError) as error:
        if stage != "refs" or not _refs_moved(repo, journal):
            with contextlib.suppress(OSError):
                (git_dir / JOURNAL_NAME).unlink()
        # else: git applied part of the transaction; the journal lets recovery finish it.
        raise StoreError(f"could not record {ref} ({stage} failed): {_describe(error)}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    before = _WorkTreeBefore.of(files, root)
    try:
        stage = "worktree"
        _fault(stage, "before")
        for number, (path, content) in enumerate(files):
            stage = "snapshot-file" if number == 0 else "worktree"
            if number == 0:
                _fault(stage, "before")
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, content)
            if number == 0:
                _fault(stage, "after")
        stage = "worktree"
        _fault(stage, "after")
        stage = "index"
        _fault(stage, "before")
        _stage_entry(repo, journal.files, env)
        _fault(stage, "after")
    except (git.GitCommandError, OSError) as error:
        if _undo(repo, journal, before, env):
            raise StoreError(
                f"could not record {ref} ({stage} failed): {_describe(error)}"
            ) from None
        raise StoreError(
            f"could not finish recording {ref} ({stage} failed): {_describe(error)}; "
            "the next draftwatch command will complete it"
        ) from None
    (git_dir / JOURNAL_NAME).unlink()
    return tuple(notices)


CACHE_KEY_NAME = "draftwatch.cache-key"


def local_secret(root: Path) -> str:
    """A random key kept in this clone's git dir (never cloned or committed), made on first use;
    "" outside git. The comparison cache mixes it into its keys, so cache files that came with a
    repository (committed under .draftwatch/ by someone else) are never found, only our own."""
    git_dir = _git_dir_of(root)
    if git_dir is None:
        return ""
    path = git_dir / CACHE_KEY_NAME
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        pass
    try:
        write_atomically(path, os.urandom(16).hex() + "\n")
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def read_blob(root: Path, revision: str, path: str) -> bytes:
    """The bytes of `path` at a git revision (a snapshot loses its front matter)."""
    with contextlib.closing(open_repository(root)) as repo:
        blob = _blob(repo, revision, path)
        if blob is None:
            raise NotFoundError(f"{path} does not exist at {revision}")
        if blob.type != "blob":
            raise NotFoundError(f"{path} at {revision} is not a file")
        return strip_front_matter(blob.data_stream.read())


@dataclass(frozen=True, slots=True)
class AddJournal:
    """What an add in flight is about to make visible, kept in .git/ until it is all done."""

    ref: str
    files: tuple[tuple[str, str], ...]  # (path in the work tree, blob), the snapshot first
    branch: str  # refs/heads/<name>
    old: str | None  # the branch's commit before the add; None on an unborn branch
    commit: str
    tag: str  # <doc>/vN
    tag_object: str

    def write(self, git_dir: Path) -> None:
        write_atomically(git_dir / JOURNAL_NAME, json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def read(cls, git_dir: Path) -> AddJournal:
        data = json.loads((git_dir / JOURNAL_NAME).read_text(encoding="utf-8"))
        if "files" not in data:  # written by a draftwatch that recorded one file
            data["files"] = [[data["path"], data["blob"]]]
        data["files"] = tuple((str(path), str(blob)) for path, blob in data["files"])
        return cls(**{name: data[name] for name in cls.__slots__})

    def forward_commands(self) -> list[str]:
        return [
            f"update {self.branch} {self.commit} {self.old or _zero(self.commit)}",
            f"create refs/tags/{self.tag} {self.tag_object}",
        ]

    def backward_commands(self) -> list[str]:
        branch = (
            f"update {self.branch} {self.old} {self.commit}"
            if self.old
            else f"delete {self.branch} {self.commit}"
        )
        return [branch, f"delete refs/tags/{self.tag} {self.tag_object}"]


def _fault(step: str, moment: str) -> None:
    """Test hook: DRAFTWATCH_FAULT=after:STEP dies as if killed (status 137) right after STEP
    of an add; fail:STEP makes STEP fail with an I/O error instead."""
    action, _, where = os.environ.get(FAULT_VARIABLE, "").partition(":")
    if where != step:
        return
    if action == "after" and moment == "after":
        os._exit(137)
    if action == "fail" and moment == "before":
        raise OSError(errno.EIO, f"simulated failure ({FAULT_VARIABLE}={action}:{step})")


def _git(
    repo: git.Repo,
    *args: str,
    env: dict[str, str],
    stdin: bytes | None = None,
    scratch: Path | None = None,
    timeout: float | None = None,
    strip: bool = True,
) -> str:
    """Run git with stdin from `stdin` (or /dev/null, never the terminal); its stdout."""
    command = ["git", *args]
    if stdin is None:
        return repo.git.execute(
            command, env=env, kill_after_timeout=timeout, strip_newline_in_stdout=strip
        )
    with tempfile.TemporaryFile(dir=scratch) as feed:
        feed.write(stdin)
        feed.seek(0)
        return repo.git.execute(
            command,
            istream=feed,
            env=env,
            kill_after_timeout=timeout,
            strip_newline_in_stdout=strip,
        )


def _resolve(repo: git.Repo, ref: str) -> str | None:
    import git

    try:
        return _git(repo, "rev-parse", "-q", "--verify", ref, env=QUIET_ENV) or None
    except git.GitCommandError:
        return None


def _zero(sha: str) -> str:
    return "0" * len(sha)


def _describe(error: BaseException) -> str:
    detail = getattr(error, "stderr", "") or getattr(error, "strerror", "") or str(error)
    return " ".join(str(detail).replace("stderr:", "").split()).strip("'\" ")


def _check_can_commit(repo: git.Repo, git_dir: Path) -> str:
    """The branch HEAD is on (refs/heads/...), refusing states where a commit would go astray."""
    import git

    states = {
        "MERGE_HEAD": "a merge is in progress; finish it (git commit) or abort it "
        "(git merge --abort) first",
        "rebase-merge": "a rebase is in progress; finish it (git rebase --continue) or abort it "
        "(git rebase --abort) first",
        "rebase-apply": "a rebase or `git am` is in progress; finish it (--continue) or abort "
        "it (--abort) first",
        "CHERRY_PICK_HEAD": "a cherry-pick is in progress; finish it (git cherry-pick "
        "--continue) or abort it (git cherry-pick --abort) first",
        "REVERT_HEAD": "a revert is in progress; finish it (git revert --continue) or abort it "
        "(git revert --abort) first",
    }
    for name, problem in states.items():
        if (git_dir / name).exists():
            raise StoreError(f"cannot add now: {problem}")
    try:
        branch = _git(repo, "symbolic-ref", "-q", "HEAD", env=QUIET_ENV)
    except git.GitCommandError:
        branch = ""
    if not branch.startswith("refs/heads/"):
        names: list[str] = []
        with contextlib.suppress(git.GitCommandError):
            for points_at in (("--points-at", "HEAD"), ()):
                listed = ["for-each-ref", "--format=%(refname:short)", *points_at, "refs/heads/"]
                names = names or _git(repo, *listed, env=QUIET_ENV).split()
        target = names[0] if len(names) == 1 else ("main" if "main" in names else "BRANCH")
        raise StoreError(f"HEAD is detached; check out a branch first: git switch {target}")
    return branch


def _check_writable(folder: Path, root: Path, what: str = "snapshots") -> None:
    """Refuse early (before anything is recorded) when the snapshot cannot be written."""
    shown = folder.relative_to(root).as_posix()
    for place in (folder, *folder.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                where = "" if place == folder else f" ({place.relative_to(root).as_posix()})"
                raise StoreError(f"cannot write {what} to {shown}: a file is in the way{where}")
            if not os.access(place, os.W_OK | os.X_OK):
                raise StoreError(f"cannot write {what} to {shown}: permission denied")
            return


def _build_tree(
    repo: git.Repo,
    old: str | None,
    entries: tuple[tuple[str, str], ...],
    scratch: Path,
    env: dict[str, str],
) -> str:
    """HEAD's tree plus the files, built in a private index file (the user's is untouched)."""
    tree_env = {**env, "GIT_INDEX_FILE": str(scratch / "index")}
    if old:
        _git(repo, "read-tree", old, env=tree_env)
    _git(repo, "update-index", "--add", *_cacheinfo(entries), env=tree_env)
    return _git(repo, "write-tree", env=tree_env)


def _cacheinfo(entries: Sequence[tuple[str, str]]) -> list[str]:
    return [arg for path, blob in entries for arg in ("--cacheinfo", f"100644,{blob},{path}")]


def _as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _make_tag_object(
    repo: git.Repo, tag: str, commit: str, message: str, scratch: Path, env: dict[str, str]
) -> str:
    """An annotated tag object (signed when tag.gpgSign is set), with no ref in the repository.

    `git tag` always writes a ref, so it runs against a scratch git dir that shares the
    repository's objects and settings: the object lands in the repository, the ref does not."""
    import git

    common = Path(repo.common_dir).resolve()
    shadow = scratch / "tagging"
    (shadow / "refs").mkdir(parents=True)
    (shadow / "HEAD").write_text("ref: refs/heads/draftwatch\n", encoding="utf-8")
    config_path = (common / "config").as_posix().replace("\\", "\\\\").replace('"', '\\"')
    (shadow / "config").write_text(f'[include]\n\tpath = "{config_path}"\n', encoding="utf-8")
    settings = []
    with contextlib.suppress(git.GitCommandError):
        listing = _git(repo, "config", "--list", "-z", env=QUIET_ENV)
        for entry in listing.split("\0"):
            key, _, value = entry.partition("\n")
            if key.startswith(TAG_SETTINGS):
                settings.append((key, value))
    tag_env = {
        **env,
        "GIT_DIR": str(shadow),
        "GIT_OBJECT_DIRECTORY": str(common / "objects"),
        "GIT_CONFIG_COUNT": str(len(settings)),
    }
    for number, (key, value) in enumerate(settings):
        tag_env[f"GIT_CONFIG_KEY_{number}"] = key
        tag_env[f"GIT_CONFIG_VALUE_{number}"] = value
    sign = _config_flag(repo, "tag.gpgSign")
    try:
        _git(
            repo,
            "tag",
            "-s" if sign else "-a",
            "-m",
            message,
            tag,
            commit,
            env=tag_env,
            timeout=SIGN_TIMEOUT_SECONDS if sign else None,
        )
    except git.GitCommandError as error:
        if sign:
            raise StoreError(
                f"could not sign the tag {tag} (tag.gpgSign is set): {_describe(error)}; "
                "configure a signing key (git config user.signingkey) or unset tag.gpgSign"
            ) from None
        raise
    return _git(repo, "rev-parse", "-q", "--verify", f"refs/tags/{tag}", env=tag_env)


def _config_flag(repo: git.Repo, name: str) -> bool:
    import git

    try:
        return _git(repo, "config", "--type=bool", "--get", name, env=QUIET_ENV) == "true"
    except git.GitCommandError:
        return False


def _update_refs(repo: git.Repo, commands: list[str], reason: str, env: dict[str, str]) -> None:
    """Apply ref updates all together or not at all (each checks the ref's current value)."""
    script = "\n".join(["start", *commands, "prepare", "commit"]) + "\n"
    _git(repo, "update-ref", "-m", reason, "--stdin", env=env, stdin=script.encode("utf-8"))


def _stage_entry(repo: git.Repo, entries: Sequence[tuple[str, str]], env: dict[str, str]) -> None:
    """Record the files in the user's index, touching no other entry."""
    _git(repo, "update-index", "--add", *_cacheinfo(entries), env=env)


@dataclass(frozen=True, slots=True)
class _WorkTreeBefore:
    """What the files an add writes held before it (None: not there; a history index is
    rewritten, not created), and the folders it may create: what an undo puts back."""

    contents: tuple[tuple[Path, bytes | None], ...]
    missing_folders: tuple[Path, ...]  # deepest first

    @classmethod
    def of(cls, files: Sequence[RecordedFile], root: Path) -> _WorkTreeBefore:
        contents: list[tuple[Path, bytes | None]] = []
        for path, _ in files:
            try:
                contents.append((path, path.read_bytes()))
            except OSError:
                contents.append((path, None))
        missing: set[Path] = set()
        for path, _ in files:
            for folder in path.parents:
                if folder == root or folder.is_dir():
                    break
                missing.add(folder)
        folders = sorted(missing, key=lambda folder: len(folder.parts), reverse=True)
        return cls(tuple(contents), tuple(folders))

    def restore(self) -> None:
        for path, content in self.contents:
            with contextlib.suppress(OSError):
                if content is None:
                    path.unlink()
                else:
                    write_atomically(path, content)
        for folder in self.missing_folders:
            with contextlib.suppress(OSError):
                folder.rmdir()


def _undo(
    repo: git.Repo, journal: AddJournal, before: _WorkTreeBefore, env: dict[str, str]
) -> bool:
    """Take back an add whose refs moved but whose files or index entries could not be written.

    False if the refs could not be moved back: the journal stays, for recovery to finish it."""
    import git

    try:
        _update_refs(repo, journal.backward_commands(), f"draftwatch undo {journal.ref}", env)
    except git.GitCommandError:
        return False
    before.restore()
    with contextlib.suppress(OSError):
        (Path(repo.git_dir) / JOURNAL_NAME).unlink()
    return True


def _git_dir_of(root: Path) -> Path | None:
    """The git dir of a work tree without starting git: .git, or where a .git file points."""
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git
    with contextlib.suppress(OSError, UnicodeDecodeError):
        line = dot_git.read_text(encoding="utf-8").strip()
        if line.startswith("gitdir:"):
            return (root / line.removeprefix("gitdir:").strip()).resolve()
    return None


def _has_traces(git_dir: Path) -> bool:
    """Did an add die here? (a journal, or scratch files only a running add should have)"""
    with contextlib.suppress(OSError):
        return any(
            entry.name == JOURNAL_NAME or entry.name.startswith((SCRATCH_PREFIX, TEMP_PREFIX))
            for entry in os.scandir(git_dir)
        )
    return False


def recover(repo: git.Repo) -> tuple[str, ...]:
    """With the add lock held: complete or forget an add that died, and clear its scratch files.

    If the refs moved, the version is recorded: write its file and index entry if missing. If
    they did not, nothing the user can see happened: the orphan objects are left to git gc."""
    import git

    git_dir = Path(repo.git_dir)
    notices: list[str] = []
    journal_path = git_dir / JOURNAL_NAME
    if journal_path.exists():
        try:
            journal_time = journal_path.stat().st_mtime
            journal = AddJournal.read(git_dir)
        except (OSError, ValueError, KeyError, TypeError):
            journal_path.unlink()
            notices.append("removed the unreadable record of an interrupted add")
        else:
            try:
                notices.append(_finish(repo, journal, journal_time))
            except (git.GitCommandError, OSError) as error:
                # Kept for the next try; meanwhile every command says so.
                return (
                    f"could not finish recovering an interrupted add of {journal.ref}: "
                    f"{_describe(error)}",
                )
            journal_path.unlink()
    for entry in os.scandir(git_dir):
        if entry.name.startswith(SCRATCH_PREFIX):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.name.startswith(TEMP_PREFIX):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    return tuple(notices)


def _refs_moved(repo: git.Repo, journal: AddJournal) -> bool:
    """Did the add's ref transaction (or any part of it) take effect?"""
    return (
        _resolve(repo, f"refs/tags/{journal.tag}") == journal.tag_object
        or _resolve(repo, journal.branch) == journal.commit
    )


def _remove_own_locks(repo: git.Repo, journal: AddJournal, journal_time: float) -> None:
    """Delete lock files left by the add's own git commands if they were killed mid-way.

    A ref's lock file holds the value being written: one holding this add's new commit or tag
    object is certainly its own. An empty one (killed before writing it), HEAD.lock (taken for
    HEAD's reflog, always empty) and index.lock say nothing of their owner: they count as the
    add's if made within seconds after its journal, while its last steps ran. Any other lock
    belongs to someone else and stays."""
    common, git_dir = Path(repo.common_dir), Path(repo.git_dir)
    refs = ((journal.branch, journal.commit), (f"refs/tags/{journal.tag}", journal.tag_object))
    for ref, value in refs:
        lock = common / f"{ref}.lock"
        with contextlib.suppress(OSError, UnicodeDecodeError):
            content = lock.read_text(encoding="ascii").strip()
            if content == value or (not content and _made_after(lock, journal_time)):
                lock.unlink()
    for lock in (git_dir / "HEAD.lock", git_dir / "index.lock"):
        with contextlib.suppress(OSError):
            if _made_after(lock, journal_time):
                lock.unlink()


def _made_after(path: Path, moment: float) -> bool:
    return 0 <= path.stat().st_mtime - moment <= OWN_LOCK_SECONDS


def _finish(repo: git.Repo, journal: AddJournal, journal_time: float) -> str:
    import git

    env = dict(QUIET_ENV)
    tag_ref = f"refs/tags/{journal.tag}"
    _remove_own_locks(repo, journal, journal_time)
    branch_now = _resolve(repo, journal.branch)
    tag_now = _resolve(repo, tag_ref)
    if not _refs_moved(repo, journal):
        return f"recovered an interrupted add of {journal.ref} (undone: it was never recorded)"
    # The refs moved (git applies a transaction ref by ref, so finish both).
    commands = []
    if tag_now is None:
        commands.append(f"create {tag_ref} {journal.tag_object}")
    if branch_now == journal.old:
        commands.append(
            f"update {journal.branch} {journal.commit} {journal.old or _zero(journal.commit)}"
        )
    if commands:
        _update_refs(repo, commands, f"draftwatch recover {journal.ref}", env)
    try:
        head = _git(repo, "symbolic-ref", "-q", "HEAD", env=env)
    except git.GitCommandError:
        head = ""
    if head == journal.branch:
        for relative, blob in journal.files:
            path = Path(repo.working_tree_dir or ".") / relative
            if path.parent.is_dir():
                for leftover in path.parent.glob(f"{TEMP_PREFIX}*.tmp"):
                    leftover.unlink()
            command = ["git", "cat-file", "--filters", f"--path={relative}", blob]
            data = repo.git.execute(
                command, env=env, stdout_as_string=False, strip_newline_in_stdout=False
            )
            # Missing, or still as before the add (a history index it rewrites): written.
            if not path.is_file() or path.read_bytes() != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, data)
            staged = _git(repo, "ls-files", "--stage", "--", relative, env=env)
            if blob not in staged:
                _stage_entry(repo, [(relative, blob)], env)
    return f"recovered an interrupted add of {journal.ref} (completed)"


def _blob(repo: git.Repo, revision: str, path: str) -> Any:
    """The object at `path` in `revision` (a file or a folder), or None."""
    try:
        return _commit(repo, revision).tree / path
    except KeyError:
        return None


@dataclass(frozen=True)
class ChangedFile:
    """A file added, modified or deleted between two commits (renames as delete + add)."""

    path: str
    status: str  # added | modified | deleted


@dataclass(frozen=True)
class RangeChanges:
    base: str  # the merge base, as a full hash
    head: str  # the head, as a full hash
    files: tuple[ChangedFile, ...]


def range_changes(root: Path, base: str, head: str) -> RangeChanges:
    """What changed from the merge base of `base` and `head` to `head`, as a pull request."""
    with contextlib.closing(_open_repository(root)) as repo:
        base_commit, head_commit = _commit(repo, base), _commit(repo, head)
        bases = repo.merge_base(base_commit, head_commit)
        if not bases:
            raise BadInputError(f"{base} and {head} share no history")
        files = []
        for diff in bases[0].diff(head_commit):
            old_path, new_path = diff.a_path or "", diff.b_path or ""
            if diff.deleted_file:
                files.append(ChangedFile(old_path, "deleted"))
            elif diff.new_file:
                files.append(ChangedFile(new_path, "added"))
            elif diff.renamed_file:
                files += [ChangedFile(old_path, "deleted"), ChangedFile(new_path, "added")]
            else:
                files.append(ChangedFile(new_path, "modified"))
        return RangeChanges(bases[0].hexsha, head_commit.hexsha, tuple(files))


def read_revision(root: Path, revision: str, path: str) -> bytes | None:
    """The bytes of `path` at `revision` (front matter kept), or None if it is not there."""
    with contextlib.closing(_open_repository(root)) as repo:
        blob = _blob(repo, revision, path)
        return blob.data_stream.read() if blob is not None and blob.type == "blob" else None


def _open_repository(root: Path) -> git.Repo:
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise StoreError(f"{root} is not inside a git repository") from None


def _commit(repo: git.Repo, revision: str) -> git.Commit:
    import git

    try:
        return repo.commit(revision)
    except (git.BadName, ValueError, git.GitCommandError):
        raise NotFoundError(f"{revision!r} is not a git revision in {repo.working_dir}") from None


def git_command(*args: str, cwd: Path | None = None) -> str:
    """Run a plain git command (configuration, paths) and return its output, stripped; one
    clear StoreError when git is missing or refuses."""
    import subprocess

    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    except FileNotFoundError:
        raise StoreError("git is not installed") from None
    except subprocess.CalledProcessError as error:
        message = (error.stderr or error.stdout).strip().splitlines()
        raise StoreError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}") from None
    return done.stdout.strip()
