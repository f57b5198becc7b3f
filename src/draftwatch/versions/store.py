"""The snapshot store: versions/<doc>/NNNN.{md,txt} files, one git commit and tag per version.

The files are the source of truth (listing and reading need no git); git is the audit trail.
This is the only module that imports git.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from draftwatch.errors import BadInputError, NotFoundError, StoreError
from draftwatch.versions.ingest import Ingested
from draftwatch.versions.names import check_date, check_doc_name, check_label
from draftwatch.versions.snapshot import (
    SNAPSHOT_NAME,
    VERSIONS_DIR,
    VersionInfo,
    parse_snapshot,
    render_snapshot,
    snapshot_file_name,
)

LOCK_WAIT_SECONDS = 30.0
FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "draftwatch",
    "GIT_AUTHOR_EMAIL": "draftwatch@localhost",
    "GIT_COMMITTER_NAME": "draftwatch",
    "GIT_COMMITTER_EMAIL": "draftwatch@localhost",
}


@dataclass(frozen=True, slots=True)
class AddResult:
    info: VersionInfo
    created: bool
    notices: tuple[str, ...] = ()


def find_root(start: Path) -> Path:
    """The workspace root: the enclosing git work tree, else the nearest folder with versions/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    for folder in (start, *start.parents):
        if (folder / VERSIONS_DIR).is_dir():
            return folder
    raise StoreError(
        f"{start} is not inside a git repository or draftwatch workspace; "
        "run `draftwatch init` (here, or `draftwatch init DIR`) first"
    )


def init_workspace(folder: Path) -> tuple[Path, bool]:
    """Create (or adopt) a git repository with a versions/ folder. Returns (root, created_repo)."""
    import git

    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    created = not (folder / ".git").exists()
    if created:
        try:
            git.Repo.init(folder)
        except git.GitError as error:
            raise StoreError(f"cannot create a git repository in {folder}: {error}") from None
    (folder / VERSIONS_DIR).mkdir(exist_ok=True)
    return folder, created


class Store:
    """Read and add versions under one workspace root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.versions_dir = root / VERSIONS_DIR

    @classmethod
    def discover(cls, start: Path | None = None) -> Store:
        return cls(find_root(start or Path.cwd()))

    # Reading: files only.
    def documents(self) -> tuple[str, ...]:
        if not self.versions_dir.is_dir():
            return ()
        return tuple(
            sorted(
                entry.name
                for entry in self.versions_dir.iterdir()
                if entry.is_dir() and any(SNAPSHOT_NAME.match(p.name) for p in entry.iterdir())
            )
        )

    def _snapshot_paths(self, doc: str) -> list[tuple[int, Path]]:
        folder = self.versions_dir / doc
        if not folder.is_dir():
            return []
        found = []
        for path in folder.iterdir():
            match = SNAPSHOT_NAME.match(path.name)
            if match:
                found.append((int(match.group(1)), path))
        return sorted(found)

    def versions(self, doc: str) -> tuple[VersionInfo, ...]:
        check_doc_name(doc)
        return tuple(self._read(path)[0] for _, path in self._snapshot_paths(doc))

    def require_versions(self, doc: str) -> tuple[VersionInfo, ...]:
        infos = self.versions(doc)
        if not infos:
            known = ", ".join(self.documents()) or "none yet"
            raise NotFoundError(f"unknown document {doc!r} (documents: {known})")
        return infos

    def read(self, doc: str, version: int) -> tuple[VersionInfo, str]:
        for number, path in self._snapshot_paths(doc):
            if number == version:
                return self._read(path)
        raise NotFoundError(f"{doc}@{version} does not exist")

    def path_of(self, info: VersionInfo) -> Path:
        return self.versions_dir / info.doc / snapshot_file_name(info.version, info.format)

    def read_at_revision(self, revision: str, path: str) -> bytes:
        """The bytes of `path` at a git revision (a snapshot loses its front matter)."""

        with contextlib.closing(self._repo()) as repo:
            return _read_blob(repo, revision, path)

    @staticmethod
    def _read(path: Path) -> tuple[VersionInfo, str]:
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise StoreError(f"{path}: cannot read snapshot ({error})") from None
        return parse_snapshot(content, path)

    # Writing: one commit and one tag per version, or nothing at all.
    def add(
        self,
        ingested: Ingested,
        doc: str,
        label: str | None = None,
        on_date: str | None = None,
        source: str | None = None,
    ) -> AddResult:
        check_doc_name(doc)
        if label is not None:
            check_label(label)
        on_date = check_date(on_date) if on_date else date.today().isoformat()
        repo = self._repo()
        with contextlib.closing(repo), self._lock(repo):
            existing = self.versions(doc)
            sha = hashlib.sha256(ingested.text.encode("utf-8")).hexdigest()
            if existing and existing[-1].sha256 == sha:
                return AddResult(existing[-1], created=False)
            if label is not None and any(v.label == label for v in existing):
                raise StoreError(f"{doc} already has a version labelled {label!r}")
            number = existing[-1].version + 1 if existing else 1
            info = VersionInfo(
                doc=doc,
                version=number,
                label=label or "",
                date=on_date,
                source=source or ingested.original_name,
                original_name=ingested.original_name,
                format=ingested.format,
                sha256=sha,
                added_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
            )
            notices = self._commit_snapshot(repo, info, render_snapshot(info, ingested.text))
            return AddResult(info, created=True, notices=notices)

    def _repo(self):  # -> git.Repo
        import git

        try:
            return git.Repo(self.root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise StoreError(
                f"{self.root} is not a git repository; run `draftwatch init` there first"
            ) from None

    @contextlib.contextmanager
    def _lock(self, repo) -> Iterator[None]:
        """Serialise adds: a second concurrent add waits, then fails cleanly."""
        lock_path = Path(repo.git_dir) / "draftwatch.lock"
        with open(lock_path, "w") as handle:
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            "another draftwatch add is running in this repository; try again"
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _commit_snapshot(self, repo, info: VersionInfo, content: str) -> tuple[str, ...]:
        import git

        path = self.path_of(info)
        relative = path.relative_to(self.root).as_posix()
        tag = f"{info.doc}/v{info.version}"
        if tag in {t.name for t in repo.tags}:
            raise StoreError(f"git tag {tag!r} already exists; remove it or use another --doc")
        notices: list[str] = []
        env = {}
        try:
            repo.git.var("GIT_COMMITTER_IDENT")
        except git.GitCommandError:
            env = FALLBACK_IDENTITY
            notices.append(
                "no git identity configured; committed as 'draftwatch <draftwatch@localhost>' "
                "(set one with `git config user.name` and `git config user.email`)"
            )
        old_head = repo.head.commit.hexsha if repo.head.is_valid() else None
        message = f"{info.ref}: {info.label or 'version ' + str(info.version)} ({info.date})"
        folder_existed = path.parent.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        stage = "write"
        try:
            _write_atomically(path, content)
            stage = "add"
            repo.git.add("--", relative)
            stage = "commit"
            with repo.git.custom_environment(**env):
                repo.git.commit("-q", "--no-verify", "-m", message, "--only", "--", relative)
            stage = "tag"
            repo.git.tag(tag)
        except (git.GitCommandError, OSError) as error:
            self._roll_back(repo, relative, path, old_head, stage, folder_existed)
            detail = getattr(error, "stderr", "") or str(error)
            detail = " ".join(str(detail).replace("stderr:", "").split())
            raise StoreError(f"could not record {info.ref} ({stage} failed): {detail}") from None
        return tuple(notices)

    @staticmethod
    def _roll_back(repo, relative: str, path: Path, old_head, stage: str, folder_existed: bool):
        import git

        with contextlib.suppress(git.GitCommandError):
            if stage == "tag":
                if old_head:
                    repo.git.update_ref("HEAD", old_head)
                else:
                    repo.git.update_ref("-d", "HEAD")
            if stage in {"add", "commit", "tag"}:
                repo.git.rm("--cached", "-q", "--ignore-unmatch", "--", relative)
        with contextlib.suppress(OSError):
            path.unlink()
        if not folder_existed:
            with contextlib.suppress(OSError):
                path.parent.rmdir()


def write_text_atomically(path: Path, content: str) -> None:
    """Write a whole file or nothing (a report, a JSON export)."""
    try:
        _write_atomically(path, content)
    except OSError as error:
        raise StoreError(f"cannot write {path}: {error.strerror or error}") from None


def _write_atomically(path: Path, content: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".draftwatch-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a report is for sharing
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def strip_front_matter(data: bytes) -> bytes:
    """A snapshot read from git keeps only its text, like a snapshot read from disk."""
    if data.startswith(b"---\n"):
        end = data.find(b"\n---\n", 3)
        if end >= 0 and b"\nsha256: " in data[:end]:
            return data[end + 5 :]
    return data


def _read_blob(repo, revision: str, path: str) -> bytes:
    blob = _blob(repo, revision, path)
    if blob is None:
        raise NotFoundError(f"{path} does not exist at {revision}")
    if blob.type != "blob":
        raise NotFoundError(f"{path} at {revision} is not a file")
    return strip_front_matter(blob.data_stream.read())


def _blob(repo, revision: str, path: str):
    """The object at `path` in `revision` (a file or a folder), or None."""
    try:
        return _commit(repo, revision).tree / path
    except KeyError:
        return None


# Ranges of history, for `draftwatch review`.


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
            if diff.deleted_file:
                files.append(ChangedFile(diff.a_path, "deleted"))
            elif diff.new_file:
                files.append(ChangedFile(diff.b_path, "added"))
            elif diff.renamed_file:
                files += [ChangedFile(diff.a_path, "deleted"), ChangedFile(diff.b_path, "added")]
            else:
                files.append(ChangedFile(diff.b_path, "modified"))
        return RangeChanges(bases[0].hexsha, head_commit.hexsha, tuple(files))


def read_revision(root: Path, revision: str, path: str) -> bytes | None:
    """The bytes of `path` at `revision` (front matter kept), or None if it is not there."""
    with contextlib.closing(_open_repository(root)) as repo:
        blob = _blob(repo, revision, path)
        return blob.data_stream.read() if blob is not None and blob.type == "blob" else None


def _open_repository(root: Path):
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise StoreError(f"{root} is not inside a git repository") from None


def _commit(repo, revision: str):
    import git

    try:
        return repo.commit(revision)
    except (git.BadName, ValueError, git.GitCommandError):
        raise NotFoundError(f"{revision!r} is not a git revision in {repo.working_dir}") from None
