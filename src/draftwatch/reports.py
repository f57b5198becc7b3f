"""`draftwatch report`: HTML change reports written into reports/<doc>/, and a history index."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from draftwatch import __version__
from draftwatch.cache import cached_comparison
from draftwatch.engine import NoiseRules, compare_versions
from draftwatch.engine.compare import ParsedCache
from draftwatch.errors import StoreError
from draftwatch.model import Comparison, HistoryStep, Summary, TimelineSection, Version
from draftwatch.render.history import COLOURS, ToLatest, history_step, render_history
from draftwatch.render.html import render_html
from draftwatch.render.lineage import history_grid
from draftwatch.render.safe import json_safe
from draftwatch.versions.files import write_text_atomically
from draftwatch.versions.gitrepo import git_command
from draftwatch.versions.store import FilesWith, Store

REPORTS = "reports"


def pair_file_name(old: Version, new: Version) -> str:
    """`v3-v4.html` for two versions of one document, else a name made from both references."""
    old_number, new_number = _number(old.ref), _number(new.ref)
    if old.doc and old.doc == new.doc and old_number and new_number:
        return f"v{old_number}-v{new_number}.html"
    return f"{_slug(old.ref)}--{_slug(new.ref)}.html"


def document_name(old: Version, new: Version) -> str:
    """The document's name, or else the new file's name without its suffix."""
    return new.doc or old.doc or Path(new.ref.split(":")[-1]).stem


def document_folder(root: Path, doc: str) -> Path:
    """reports/<doc>/: a stored document's name is already a safe path segment."""
    return root / REPORTS / doc


def report_folder(root: Path, old: Version, new: Version) -> Path:
    """Where a pair's report goes: its document's folder, or one named after the new file."""
    doc = new.doc or old.doc
    if doc:
        return document_folder(root, doc)
    return root / REPORTS / (_slug(document_name(old, new)) or "document")


def inside_repository(
    folder: Path, root: Path, instead: str = "choose where to write with -o"
) -> Path:
    """A default reports folder, refused when a symlink on the way leads out of the repository
    (a cloned repository must not make `report` or `add` write anywhere else on the user's
    disk); `instead` says what the user can do."""
    try:
        folder.resolve().relative_to(root.resolve())
    except ValueError:
        shown = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder
        raise StoreError(
            f"{shown} leads outside the repository ({folder.resolve()}): "
            f"remove the symlink, or {instead}"
        ) from None
    return folder


def make_folder(folder: Path) -> Path:
    """Create a folder for reports, with one clear line when that cannot be done."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        message = f"cannot write reports into {folder}: it is a file, not a folder"
        raise StoreError(message) from None
    except OSError as error:
        raise StoreError(f"cannot create {folder}: {error.strerror or error}") from None
    return folder


def write_pair_report(
    old: Version, new: Version, path: Path, noise: NoiseRules | None = None
) -> Path:
    comparison = compare_versions(old, new, noise=noise)
    document = document_name(old, new)
    make_folder(path.parent)
    write_text_atomically(path, render_html(comparison, document=document))
    return path


def history_steps(store: Store, doc: str) -> list[tuple[Version, Version]]:
    """Each consecutive pair of a document's versions (headers: front matter only)."""
    return list(itertools.pairwise(store.require_headers(doc)))


@dataclass(frozen=True)
class HistoryWritten:
    """What `report --all` did: the index, how many reports it wrote or reused, and how many
    comparisons with an older latest version it removed."""

    index: Path
    written: int
    reused: int
    removed: int = 0


def to_latest_count(steps: Sequence[tuple[Version, Version]]) -> int:
    """How many comparisons with the latest version `report --all` keeps beside the
    consecutive ones (v1 to vN ... v(N-2) to vN; v(N-1) to vN is a consecutive one)."""
    return max(len(steps) - 1, 0)


def write_history(
    store: Store,
    doc: str,
    folder: Path,
    steps: Iterable[tuple[Version, Version]],
    on_step: Callable[[], None] = lambda: None,
    noise: NoiseRules | None = None,
) -> HistoryWritten:
    """A report per consecutive pair, a report of each earlier version against the latest, and
    an index.html with every version, a timeline and the sections-by-versions grid.

    Incremental: a report is rewritten only when one of its two snapshots, its file or
    draftwatch's report version changed since the manifest (reports.json) was written. The
    comparisons with an older latest version that it wrote before are removed."""
    make_folder(folder)
    steps = list(steps)
    manifest = _read_manifest(folder)
    earlier_latest = _read_manifest(folder, TO_LATEST)
    entries: list[dict[str, Any]] = []
    done: list[HistoryStep] = []
    written = reused = 0
    for old, new in steps:
        name = pair_file_name(old, new)
        entry = _reusable(manifest.get(name), old, new, folder / name, noise)
        if entry is None:
            old_full, new_full = store.load(old), store.load(new)
            comparison = cached_comparison(store.root, old_full, new_full, noise=noise)
            data = render_html(comparison, document=doc).encode("utf-8")
            write_text_atomically(folder / name, data)
            entry = _entry(history_step(comparison, name), old, new, data, noise)
            written += 1
        else:
            reused += 1
        entries.append(entry)
        done.append(_step_of(entry))
        on_step()
    headers = store.require_headers(doc)
    current: dict[int, dict[str, Any]] = {}
    missing: list[int] = []
    latest = headers[-1]
    for old in headers[:-2]:
        name = pair_file_name(old, latest)
        entry = _current_report(earlier_latest.get(name), old, latest, folder / name, noise)
        if entry is None:
            missing.append(old.number)
        else:
            current[old.number] = entry
            reused += 1
            on_step()
    for entry in _write_to_latest(store, doc, folder, missing, latest.number, noise, on_step):
        current[int(entry["old"])] = entry
        written += 1
    latest_entries = [current[old.number] for old in headers[:-2]]
    removed = _remove_stale(folder, earlier_latest, {entry["file"] for entry in latest_entries})
    index = folder / "index.html"
    inputs = _index_inputs(headers, entries, latest_entries, noise)
    record = _index_record(folder)
    if record.get("inputs") != inputs or record.get("sha256") != _file_hash(index):
        to_latest = _to_latest(
            headers, done, {int(e["old"]): str(e["file"]) for e in latest_entries}
        )
        page = _index_page(store, doc, headers, done, to_latest, noise)
        _write_if_changed(index, page)
        record = {"inputs": inputs, "sha256": hashlib.sha256(page).hexdigest()}
    _write_if_changed(folder / MANIFEST, _manifest_bytes(doc, entries, latest_entries, record))
    return HistoryWritten(index, written, reused, removed)


#: Below this many comparisons with the latest to write, worker processes cost more than they
#: save.
PARALLEL_FROM = 4
#: Comparisons a worker makes per task at most (it parses the latest version once per task).
CHUNK = 8


def _write_to_latest(
    store: Store,
    doc: str,
    folder: Path,
    numbers: list[int],
    latest: int,
    noise: NoiseRules | None,
    on_step: Callable[[], None],
) -> list[dict[str, Any]]:
    """Write the report of each version in `numbers` against version `latest`, on every core
    when there are enough; their manifest entries."""
    cores = os.cpu_count() or 1
    if len(numbers) < PARALLEL_FROM or cores < 2:
        return _to_latest_run(str(store.root), doc, str(folder), numbers, latest, noise, on_step)
    size = min(CHUNK, -(-len(numbers) // cores))
    chunks = [numbers[start : start + size] for start in range(0, len(numbers), size)]
    workers = min(cores, len(chunks))
    entries: list[dict[str, Any]] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [
            pool.submit(_to_latest_run, str(store.root), doc, str(folder), chunk, latest, noise)
            for chunk in chunks
        ]
        for job in as_completed(jobs):
            done = job.result()
            entries += done
            for _ in done:
                on_step()
    return entries


def _to_latest_run(
    root: str,
    doc: str,
    folder: str,
    numbers: list[int],
    latest: int,
    noise: NoiseRules | None,
    on_step: Callable[[], None] = lambda: None,
) -> list[dict[str, Any]]:
    """Compare each of `numbers` with `latest` and write its report (in a worker process, or
    here); the latest version is parsed once."""
    store = Store(Path(root))
    headers = {header.number: header for header in store.headers(doc)}
    newest = store.load(headers[latest])
    parsed: ParsedCache = {}
    entries = []
    for number in numbers:
        old = store.load(headers[number])
        comparison = compare_versions(old, newest, noise=noise, parsed=parsed)
        name = pair_file_name(old, newest)
        data = render_html(comparison, document=doc).encode("utf-8")
        write_text_atomically(Path(folder) / name, data)
        entries.append(_latest_entry(comparison, name, data, noise))
        on_step()
    return entries


def report_files(store: Store, doc: str) -> FilesWith:
    """What `add` (and `watch`) commits with a new version of `doc`: `files_for_add`, under the
    document's noise rules."""
    from draftwatch.config import load_config

    noise = load_config(store.root).for_document(doc).noise()

    def files_with(version: Version, previous: Version | None) -> list[tuple[str, bytes]]:
        return files_for_add(store, version, previous, noise)

    return files_with


def files_for_add(
    store: Store, version: Version, previous: Version | None, noise: NoiseRules | None = None
) -> list[tuple[str, bytes]]:
    """The files `add` commits with a new version: its change report against the previous
    version (`reports/<doc>/v<N-1>-v<N>.html`), the refreshed index.html and the manifest.

    One comparison is made (the new pair); earlier pairs come from the manifest and the
    comparison cache. The comparisons of each earlier version with the new latest are left to
    `report --all` (N-1 comparisons would make every add slower than the last): the index
    says so, and links only the reports that exist."""
    doc = version.doc
    folder = inside_repository(document_folder(store.root, doc), store.root, "add with --no-report")
    relative = folder.relative_to(store.root).as_posix()
    headers = (*store.headers(doc), version)
    manifest = _read_manifest(folder)
    files: list[tuple[str, bytes]] = []
    entries: list[dict[str, Any]] = []
    done: list[HistoryStep] = []
    for old, new in itertools.pairwise(headers):
        name = pair_file_name(old, new)
        if new.number == version.number and previous is not None:
            comparison = cached_comparison(store.root, previous, version, noise=noise)
            data = render_html(comparison, document=doc).encode("utf-8")
            files.append((f"{relative}/{name}", data))
            entry = _entry(history_step(comparison, name), old, new, data, noise)
        else:
            reusable = _reusable(manifest.get(name), old, new, folder / name, noise)
            if reusable is not None:
                entry = reusable
            else:
                comparison = cached_comparison(store.root, old, new, store.load, noise=noise)
                exists = (folder / name).is_file()
                step = history_step(comparison, name if exists else "")
                done.append(step)
                continue
        entries.append(entry)
        done.append(_step_of(entry))
    # A linked report that `report --all` wrote and nobody committed goes into this commit: the
    # index committed never links a file the commit lacks.
    linked = [step.file for step in done if step.file and step.new_number != version.number]
    for name in _outside_head(store.root, relative, linked):
        try:
            files.append((f"{relative}/{name}", (folder / name).read_bytes()))
        except OSError as error:
            raise StoreError(f"cannot read {relative}/{name}: {error.strerror or error}") from None
    # The comparisons with the previous latest stay listed, for `report --all` to remove.
    stale = list(_read_manifest(folder, TO_LATEST).values())
    to_latest = _to_latest(headers, done, {})
    page = _index_page(store, doc, headers, done, to_latest, noise)
    files.append((f"{relative}/index.html", page))
    record = {
        "inputs": _index_inputs(headers, entries, stale, noise),
        "sha256": hashlib.sha256(page).hexdigest(),
    }
    files.append((f"{relative}/{MANIFEST}", _manifest_bytes(doc, entries, stale, record)))
    return files


def _outside_head(root: Path, relative: str, names: list[str]) -> list[str]:
    """Those of `names` (files in `relative`) that HEAD's tree lacks (all of them before the
    first commit)."""
    try:
        listed = git_command("ls-tree", "-r", "-z", "--name-only", "HEAD", "--", relative, cwd=root)
    except StoreError:
        listed = ""
    tracked = set(listed.split("\0"))
    return [name for name in names if f"{relative}/{name}" not in tracked]


def _index_inputs(
    headers: Sequence[Version],
    entries: list[dict[str, Any]],
    to_latest: list[dict[str, Any]],
    noise: NoiseRules | None,
) -> str:
    """A fingerprint of what the index shows: the versions' facts, the reports (their
    snapshots' hashes give the grid's comparisons) and draftwatch's report version. The same
    fingerprint and an untouched index.html: `report --all` does not rebuild the page."""
    facts = [[h.number, h.sha256, h.ref, h.label, h.date, h.source] for h in headers]
    data = [REPORT_VERSION, noise_key(noise), facts, entries, to_latest]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _index_record(folder: Path) -> dict[str, Any]:
    """The manifest's record of the index it was written with (empty when none or stale)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if data.get("schema") != MANIFEST_SCHEMA or data.get("report_version") != REPORT_VERSION:
            return {}
        record = data.get("index", {})
        return record if isinstance(record, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _index_page(
    store: Store,
    doc: str,
    headers: Sequence[Version],
    steps: Sequence[HistoryStep],
    to_latest: Sequence[ToLatest],
    noise: NoiseRules | None,
) -> bytes:
    """index.html: the versions, the timeline, the comparisons with the latest and the
    sections-by-versions grid (its lineages chained from the cached comparisons)."""
    from draftwatch.history import chained_history

    history = chained_history(store, doc, headers, noise)
    reports = {step.new_number: step.file for step in steps if step.file}
    headers = [replace(header, text="") for header in headers]
    page = render_history(doc, headers, steps, history_grid(history, reports), to_latest)
    return page.encode("utf-8")


def _to_latest(
    headers: Sequence[Version], steps: Sequence[HistoryStep], written: dict[int, str]
) -> list[ToLatest]:
    """Each earlier version against the latest: its report when written (the one before the
    latest has its consecutive report), else "" (the index says how to write it)."""
    if len(headers) < 2:
        return []
    latest = headers[-1].number
    last_step = next((step.file for step in steps if step.new_number == latest), "")
    found = [ToLatest(h.number, latest, written.get(h.number, "")) for h in headers[:-2]]
    found.append(ToLatest(headers[-2].number, latest, last_step))
    return found


def _remove_stale(folder: Path, earlier: dict[str, dict[str, Any]], keep: set[str]) -> int:
    """Remove the comparisons with an older latest version that `report --all` wrote (listed
    in the manifest), unless edited since: they no longer compare with the latest."""
    removed = 0
    for name, entry in earlier.items():
        path = folder / name
        if name in keep or name == MANIFEST or name == "index.html" or "/" in name:
            continue
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("report_sha256"):
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def existing_reports(store: Store, doc: str, output: Path | None) -> dict[int, str]:
    """Version number -> its report against the one before, relative to where a page about
    the document is written (`output`, else reports/<doc>/), for the reports that exist."""
    folder = document_folder(store.root, doc)
    base = (output.parent if output is not None else folder).resolve()
    found = {}
    for old, new in itertools.pairwise(store.require_headers(doc)):
        path = folder / pair_file_name(old, new)
        if path.is_file():
            found[new.number] = os.path.relpath(path.resolve(), base)
    return found


MANIFEST = "reports.json"
MANIFEST_SCHEMA = "draftwatch/reports@1"
#: Part of every manifest entry: a report written by another version of draftwatch is rewritten.
REPORT_VERSION = f"{__version__}/report-1"


#: The manifest's list of the comparisons of earlier versions with the latest.
TO_LATEST = "to_latest"


def _read_manifest(folder: Path, part: str = "reports") -> dict[str, dict[str, Any]]:
    """The manifest's entries (`reports`: consecutive pairs; `to_latest`: earlier versions
    against the latest) by report file name; empty when missing, unreadable or stale."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if data.get("schema") != MANIFEST_SCHEMA or data.get("report_version") != REPORT_VERSION:
            return {}
        return {
            str(entry["file"]): entry for entry in data.get(part, []) if isinstance(entry, dict)
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _reusable(
    entry: dict[str, Any] | None,
    old: Version,
    new: Version,
    path: Path,
    noise: NoiseRules | None = None,
) -> dict[str, Any] | None:
    """The manifest entry of a report still current: same snapshots and noise rules, file
    untouched."""
    if entry is None or not _untouched(entry, old, new, path, noise):
        return None
    try:
        _step_of(entry)  # readable
    except (ValueError, KeyError, TypeError):
        return None
    return entry


def _current_report(
    entry: dict[str, Any] | None,
    old: Version,
    new: Version,
    path: Path,
    noise: NoiseRules | None = None,
) -> dict[str, Any] | None:
    """A manifest entry of a comparison with the latest still current (as `_reusable`)."""
    if entry is None or (entry.get("old"), entry.get("new")) != (old.number, new.number):
        return None
    return entry if _untouched(entry, old, new, path, noise) else None


def _untouched(
    entry: dict[str, Any], old: Version, new: Version, path: Path, noise: NoiseRules | None
) -> bool:
    """Whether a report was made of these two snapshots with these noise rules, and its file
    is as written."""
    if entry.get("noise", "") != noise_key(noise):
        return False
    if (entry.get("old_sha256"), entry.get("new_sha256")) != (old.sha256, new.sha256):
        return False
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("report_sha256")
    except OSError:
        return False


def noise_key(noise: NoiseRules | None) -> str:
    """A short fingerprint of the noise rules a report was made with ("" for none)."""
    return hashlib.sha256(repr(noise).encode()).hexdigest()[:16] if noise else ""


def _entry(
    step: HistoryStep, old: Version, new: Version, data: bytes, noise: NoiseRules | None = None
) -> dict[str, Any]:
    rules = {"noise": noise_key(noise)} if noise else {}
    return {
        **rules,
        "file": step.file,
        "old": old.number,
        "new": new.number,
        "old_sha256": old.sha256,
        "new_sha256": new.sha256,
        "report_sha256": hashlib.sha256(data).hexdigest(),
        "summary": asdict(step.summary),
        "sections": [asdict(section) for section in step.sections],
    }


def _latest_entry(
    comparison: Comparison, name: str, data: bytes, noise: NoiseRules | None = None
) -> dict[str, Any]:
    """A comparison with the latest in the manifest: enough to reuse it, not a timeline."""
    rules = {"noise": noise_key(noise)} if noise else {}
    return {
        **rules,
        "file": name,
        "old": comparison.old.number,
        "new": comparison.new.number,
        "old_sha256": comparison.old.sha256,
        "new_sha256": comparison.new.sha256,
        "report_sha256": hashlib.sha256(data).hexdigest(),
    }


def _step_of(entry: dict[str, Any]) -> HistoryStep:
    summary = Summary(**{name: int(entry["summary"][name]) for name in Summary.__slots__})
    sections = tuple(
        TimelineSection(
            title=str(section["title"]),
            kind=str(section["kind"]) if section["kind"] in COLOURS else "changed",
            badges=tuple(str(badge) for badge in section["badges"]),
            words_inserted=int(section["words_inserted"]),
            words_deleted=int(section["words_deleted"]),
            weight=max(int(section["weight"]), 0),
        )
        for section in entry["sections"]
    )
    return HistoryStep(int(entry["old"]), int(entry["new"]), str(entry["file"]), summary, sections)


def _manifest_bytes(
    doc: str,
    entries: list[dict[str, Any]],
    to_latest: list[dict[str, Any]],
    index: dict[str, Any],
) -> bytes:
    data: dict[str, Any] = {
        "schema": MANIFEST_SCHEMA,
        "doc": doc,
        "report_version": REPORT_VERSION,
        "index": index,
        "reports": entries,
    }
    if to_latest:
        data[TO_LATEST] = to_latest
    return (json_safe(json.dumps(data, ensure_ascii=False, indent=1)) + "\n").encode("utf-8")


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    write_text_atomically(path, data)


def _number(ref: str) -> str:
    match = re.fullmatch(r".+@(\d+)", ref)
    return match.group(1) if match else ""


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:80]
