"""`draftwatch watch`: fetch sources, and add a version only when the normalised text changed.

A fetch is conditional (If-None-Match / If-Modified-Since from the last fetch of the same URL,
kept in .draftwatch/watch/, which git ignores); a page whose text is the same as the latest
version adds nothing. Many sources are fetched concurrently; each changed document is added
(one commit and tag each) one after the other, under the store's lock.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from draftwatch.errors import BadInputError, DraftwatchError
from draftwatch.model import Version
from draftwatch.versions.fetch import Fetched, fetch
from draftwatch.versions.files import write_text_atomically
from draftwatch.versions.ingest import (
    FORMAT_NAMES,
    Received,
    is_url,
    receive_path,
    received_from_fetch,
)
from draftwatch.versions.names import check_doc_name
from draftwatch.versions.store import Store

STATE_DIR = ".draftwatch"
FETCH_WORKERS = 8
ON_CHANGE_SECONDS = 600
_DURATION = re.compile(r"(\d+)\s*([smhd])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True, slots=True)
class Source:
    """One thing to watch: a URL (or a local file) and the document it feeds."""

    location: str
    doc: str
    format: str | None = None  # None: from the content type, the bytes or the name
    whole_page: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    source: Source
    status: str  # added | unchanged | not-modified | error
    message: str
    version: Version | None = None
    previous: Version | None = None
    report: Path | None = None
    notices: tuple[str, ...] = ()


def parse_every(text: str) -> int:
    """`6h`, `30m`, `1d`, `1h30m` -> seconds (at least 10)."""
    compact = text.strip().lower()
    parts = _DURATION.findall(compact)
    if not parts or _DURATION.sub("", compact).strip():
        raise BadInputError(f"--every {text!r}: give a duration like 30m, 6h or 1d")
    seconds = sum(int(number) * _UNITS[unit] for number, unit in parts)
    if seconds < 10:
        raise BadInputError(f"--every {text!r}: at least 10s between checks")
    return seconds


def load_sources(path: Path) -> list[Source]:
    """`[[source]]` tables with url (or path), doc, and optional format and whole_page."""
    from draftwatch.config import read_toml

    data = read_toml(path)
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise BadInputError(f'{path}: no sources; add [[source]] tables with url = "..." and doc')
    sources = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: source {number}"
        if not isinstance(entry, dict):
            raise BadInputError(f"{where} is not a table")
        location, doc = entry.get("url") or entry.get("path"), entry.get("doc")
        if not isinstance(location, str) or not isinstance(doc, str):
            raise BadInputError(f"{where} needs url (or path) and doc, both strings")
        fmt = entry.get("format", "auto")
        if fmt != "auto" and fmt not in FORMAT_NAMES:
            known = ", ".join(["auto", *sorted(FORMAT_NAMES)])
            raise BadInputError(f"{where}: unknown format {fmt!r} (known: {known})")
        whole_page = entry.get("whole_page", False)
        if not isinstance(whole_page, bool):
            raise BadInputError(f"{where}: whole_page must be true or false")
        check_doc_name(doc)
        sources.append(Source(location, doc, None if fmt == "auto" else fmt, whole_page))
    docs = [source.doc for source in sources]
    if len(set(docs)) != len(docs):
        repeated = sorted({doc for doc in docs if docs.count(doc) > 1})
        raise BadInputError(f"{path}: document {repeated[0]!r} has more than one source")
    return sources


class Watcher:
    """Checks sources against a store; remembers validators in .draftwatch/watch/."""

    def __init__(self, store: Store, keep_original: bool = True, reports: bool = True) -> None:
        self.store = store
        self.keep_original = keep_original
        self.reports = reports
        self.state_dir = store.root / STATE_DIR / "watch"

    def check_all(self, sources: Sequence[Source]) -> list[Outcome]:
        """Fetch every source concurrently, then add the changed ones one by one."""
        with ThreadPoolExecutor(max_workers=min(FETCH_WORKERS, len(sources))) as pool:
            fetched = list(pool.map(self._read, sources))
        return [self._add(source, result) for source, result in zip(sources, fetched, strict=True)]

    def _read(self, source: Source) -> Received | _WithValidators | Outcome:
        """The source's text, or an outcome already (not modified, or an error)."""
        try:
            if not is_url(source.location):
                return receive_path(
                    Path(source.location), source.format, whole_page=source.whole_page
                )
            state = self._state(source)
            answer = fetch(
                source.location,
                etag=state.get("etag", ""),
                last_modified=state.get("last_modified", ""),
            )
            if answer.status == 304:
                return Outcome(source, "not-modified", "not modified since the last check")
            assert answer.data is not None
            received = received_from_fetch(
                answer.data,
                answer.url,
                answer.content_type,
                answer.fetched_at,
                source.format,
                whole_page=source.whole_page,
            )
            return _WithValidators(received, answer)
        except DraftwatchError as error:
            return Outcome(source, "error", str(error))

    def _add(self, source: Source, result: Received | _WithValidators | Outcome) -> Outcome:
        if isinstance(result, Outcome):
            return result
        try:
            received = result.received if isinstance(result, _WithValidators) else result
            original = None
            if received.original is not None and self.keep_original:
                original = (received.original_suffix, received.original)
            files_with = None
            if self.reports:
                from draftwatch.reports import report_files

                files_with = report_files(self.store, source.doc)
            added = self.store.add(
                received.version, source.doc, original=original, files_with=files_with
            )
            if isinstance(result, _WithValidators):
                self._remember(source, result.fetched)
            if not added.created:
                return Outcome(
                    source,
                    "unchanged",
                    f"same text as {added.version.ref}",
                    added.version,
                    notices=added.notices,
                )
            previous = self._previous(source.doc, added.version)
            report = self._report(previous, added.version)
            shown = f" (report: {report.relative_to(self.store.root).as_posix()})" if report else ""
            return Outcome(
                source,
                "added",
                f"added {added.version.ref}{shown}",
                added.version,
                previous,
                report,
                received.notices + added.notices,
            )
        except DraftwatchError as error:
            return Outcome(source, "error", str(error))

    def _previous(self, doc: str, new: Version) -> Version | None:
        earlier = [v for v in self.store.headers(doc) if v.number < new.number]
        return earlier[-1] if earlier else None

    def _report(self, previous: Version | None, new: Version) -> Path | None:
        """The pair report committed with the new version (None for a first version)."""
        if previous is None or not self.reports:
            return None
        from draftwatch.reports import pair_file_name, report_folder

        path = report_folder(self.store.root, previous, new) / pair_file_name(previous, new)
        return path if path.is_file() else None

    # Validators of the last fetch: .draftwatch/watch/<doc>.json, ignored by git.
    def _state_path(self, source: Source) -> Path:
        return self.state_dir / f"{source.doc}.json"

    def _state(self, source: Source) -> dict[str, str]:
        """The last fetch's ETag and Last-Modified, if it was of this URL into a document that
        still has versions (else a full fetch)."""
        try:
            state = json.loads(self._state_path(source).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(state, dict) or state.get("url") != source.location:
            return {}
        if not self.store.versions(source.doc):
            return {}
        return {key: str(state.get(key, "")) for key in ("etag", "last_modified")}

    def _remember(self, source: Source, fetched: Fetched) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        ignore = self.store.root / STATE_DIR / ".gitignore"
        if not ignore.exists():
            write_text_atomically(
                ignore, "# draftwatch's caches and watch state: not versioned\n*\n"
            )
        state = {
            "url": source.location,
            "final_url": fetched.url,
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
            "fetched_at": fetched.fetched_at,
        }
        write_text_atomically(self._state_path(source), json.dumps(state, indent=2) + "\n")


@dataclass(frozen=True, slots=True)
class _WithValidators:
    received: Received
    fetched: Fetched


def exit_code(outcomes: Sequence[Outcome]) -> int:
    """2 if any source failed, else 1 if any version was added, else 0."""
    if any(outcome.status == "error" for outcome in outcomes):
        return 2
    return 1 if any(outcome.status == "added" for outcome in outcomes) else 0


def run_on_change(command: str, outcome: Outcome, root: Path) -> int:
    """Run the user's command for a new version: split like a shell would, but run without one;
    the facts come as environment variables (never pasted into the command line)."""
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise BadInputError(f"--on-change: cannot split the command ({error})") from None
    if not argv:
        raise BadInputError("--on-change: the command is empty")
    version = outcome.version
    assert version is not None
    env = {
        **os.environ,
        "DRAFTWATCH_DOC": version.doc,
        "DRAFTWATCH_REF": version.ref,
        "DRAFTWATCH_VERSION": str(version.number),
        "DRAFTWATCH_PREVIOUS": outcome.previous.ref if outcome.previous else "",
        "DRAFTWATCH_SNAPSHOT": str(root / "versions" / version.doc / _snapshot_name(version)),
        "DRAFTWATCH_SOURCE": version.source,
        "DRAFTWATCH_REPORT": str(outcome.report) if outcome.report else "",
    }
    try:
        done = subprocess.run(
            argv,
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=ON_CHANGE_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise BadInputError(f"--on-change: command not found: {argv[0]}") from None
    except PermissionError:
        raise BadInputError(f"--on-change: cannot run {argv[0]} (permission denied)") from None
    except subprocess.TimeoutExpired:
        raise BadInputError(
            f"--on-change: {argv[0]} ran longer than {ON_CHANGE_SECONDS} s"
        ) from None
    return done.returncode


def _snapshot_name(version: Version) -> str:
    from draftwatch.versions.snapshot import snapshot_file_name

    return snapshot_file_name(version.number, version.format)
