"""The snapshot store: versions/<doc>/NNNN.{md,txt} files, one git commit and tag per version.

The files are the source of truth (listing and reading need no git); git is the audit trail,
kept by `gitrepo`.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from draftwatch.errors import BadInputError, NotFoundError, StoreError
from draftwatch.model import Version
from draftwatch.versions import gitrepo
from draftwatch.versions.names import check_date, check_doc_name, check_label, check_new_doc_name
from draftwatch.versions.snapshot import (
    SNAPSHOT_NAME,
    VERSIONS_DIR,
    parse_snapshot,
    read_front_matter,
    render_snapshot,
    snapshot_file_name,
)

#: What an add commits beside the snapshot: (path relative to the root, bytes) for the new
#: version and the one before it.
FilesWith = Callable[[Version, Version | None], Sequence[tuple[str, bytes]]]


@dataclass(frozen=True, slots=True)
class AddResult:
    version: Version
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
    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    created = not (folder / ".git").exists()
    if created:
        gitrepo.init_repository(folder)
    (folder / VERSIONS_DIR).mkdir(exist_ok=True)
    return folder, created


class Store:
    """Read and add versions under one workspace root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.versions_dir = root / VERSIONS_DIR
        self.notices: tuple[str, ...] = ()  # what opening the store repaired, for the user

    @classmethod
    def discover(cls, start: Path | None = None) -> Store:
        """The store around `start`; an add that was killed there is finished or undone first."""
        store = cls(find_root(start or Path.cwd()))
        store.notices = gitrepo.recover_on_open(store.root)
        return store

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

    def versions(self, doc: str) -> tuple[Version, ...]:
        check_doc_name(doc)
        return tuple(self._read(path) for _, path in self._snapshot_paths(doc))

    def headers(self, doc: str) -> tuple[Version, ...]:
        """Every version's facts from its front matter alone (`text` empty): fast on long
        histories. `load` reads one in full."""
        check_doc_name(doc)
        return tuple(read_front_matter(path) for _, path in self._snapshot_paths(doc))

    def require_headers(self, doc: str) -> tuple[Version, ...]:
        infos = self.headers(doc)
        if not infos:
            known = ", ".join(self.documents()) or "none yet"
            raise NotFoundError(f"unknown document {doc!r} (documents: {known})")
        return infos

    def load(self, version: Version) -> Version:
        """A stored version with its text (a header from `headers` is read in full)."""
        if version.text or not version.doc:
            return version
        loaded = self.read(version.doc, version.number)
        if loaded.sha256 != version.sha256:
            raise StoreError(f"{version.ref} changed while it was being read")
        return loaded

    def only_document(self) -> str:
        """The one document of the store, for commands given none; a clear error otherwise."""
        docs = self.documents()
        if not docs:
            raise NotFoundError("no documents in versions/ yet; add one with `draftwatch add`")
        if len(docs) > 1:
            raise BadInputError(f"which document? name one of: {', '.join(docs)}")
        return docs[0]

    def read(self, doc: str, version: int) -> Version:
        for number, path in self._snapshot_paths(doc):
            if number == version:
                return self._read(path)
        raise NotFoundError(f"{doc}@{version} does not exist")

    def path_of(self, version: Version) -> Path:
        return self.versions_dir / version.doc / snapshot_file_name(version.number, version.format)

    def read_at_revision(self, revision: str, path: str) -> bytes:
        """The bytes of `path` at a git revision (a snapshot loses its front matter)."""
        return gitrepo.read_blob(self.root, revision, path)

    def _inside(self, relative: str) -> Path:
        """A path for a file recorded with a snapshot, refused if it leads out of the root (by
        `..` or a symlink on the way) or into .git."""
        path = self.root / relative
        try:
            inside = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            raise StoreError(f"{relative} leads outside the repository") from None
        if not inside.parts or inside.parts[0] == ".git" or Path(relative).is_absolute():
            raise StoreError(f"{relative} is not a place to record a file")
        return self.root / inside

    @staticmethod
    def _read(path: Path) -> Version:
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise StoreError(f"{path}: cannot read snapshot ({error})") from None
        return parse_snapshot(content, path)

    # Writing: one commit and one tag per version, or nothing at all.
    def add(
        self,
        ingested: Version,
        doc: str,
        label: str | None = None,
        on_date: str | None = None,
        source: str | None = None,
        original: tuple[str, bytes] | None = None,
        files_with: FilesWith | None = None,
    ) -> AddResult:
        """Add `ingested` as the next version of `doc`: one commit and tag, or nothing.

        `original` (its suffix, e.g. `.pdf`, and the bytes as received) is kept beside the
        snapshot in the same commit. `files_with(version, previous)`, if given, returns more
        files to commit with it (paths relative to the root, and bytes), e.g. its change
        report; `previous` is the latest version before it (with its text), or None."""
        check_doc_name(doc)
        if label is not None:
            check_label(label)
        on_date = check_date(on_date) if on_date else date.today().isoformat()
        repo = gitrepo.open_repository(self.root)
        with contextlib.closing(repo), gitrepo.add_lock(repo):
            recovered = gitrepo.recover(repo)
            if gitrepo.journal_pending(repo):
                raise StoreError(recovered[0])
            existing = self.headers(doc)
            if not existing:
                check_new_doc_name(doc, self.documents())
            if existing and existing[-1].sha256 == ingested.sha256:
                return AddResult(existing[-1], created=False, notices=recovered)
            if label is not None and any(v.label == label for v in existing):
                raise StoreError(f"{doc} already has a version labelled {label!r}")
            number = existing[-1].number + 1 if existing else 1
            version = replace(
                ingested,
                ref=f"{doc}@{number}",
                doc=doc,
                number=number,
                label=label or "",
                date=on_date,
                source=source or ingested.source or ingested.original_name,
                added_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
            )
            files: list[gitrepo.RecordedFile] = []
            if original is not None:
                suffix, data = original
                version = replace(
                    version,
                    original_file=f"{number:04d}{suffix}",
                    original_sha256=hashlib.sha256(data).hexdigest(),
                )
                files.append((self.path_of(version).with_name(version.original_file), data))
            files.insert(0, (self.path_of(version), render_snapshot(version)))
            message = f"{version.ref}: {label or 'version ' + str(number)} ({on_date})"
            if files_with is not None:
                previous = self.load(existing[-1]) if existing else None
                for relative, content in files_with(version, previous):
                    files.append((self._inside(relative), content))
            notices = gitrepo.record_snapshot(
                repo,
                self.root,
                files,
                version.ref,
                f"{doc}/v{number}",
                message,
            )
            return AddResult(version, created=True, notices=recovered + notices)
