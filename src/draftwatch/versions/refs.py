"""References: how a version is named wherever one is expected (DESIGN section 4).

`doc@3`, `doc@latest`, `doc@latest~1`, `doc@council text` (a label), `doc` (its latest version),
a file path, `REV:path` (a file at a git revision) and `-` (standard input).
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

from draftwatch.errors import BadInputError, NotFoundError
from draftwatch.model import Version
from draftwatch.versions.ingest import detect_format, ingest_bytes, ingest_path, read_path
from draftwatch.versions.names import check_doc_name
from draftwatch.versions.store import Store

_VERSION_REF = re.compile(r"^(?P<doc>[A-Za-z0-9][A-Za-z0-9._-]*)@(?P<selector>.+)$")
_LATEST = re.compile(r"^latest(?:~(?P<back>\d+))?$")
_REVISION_REF = re.compile(r"^(?P<rev>[^:\s]+):(?P<path>.+)$")


def _named(version: Version, ref: str) -> Version:
    """A version read on the fly (a file, a git blob, stdin) is named as the user named it."""
    return replace(version, ref=ref, source=ref)


def select_version(infos: tuple[Version, ...], doc: str, selector: str) -> Version:
    """Pick one version of a document by number, `latest[~N]` or label."""
    selector = selector.strip()
    if len(selector) >= 2 and selector[0] == selector[-1] and selector[0] in "\"'":
        selector = selector[1:-1]
    if selector.isdigit():
        for info in infos:
            if info.number == int(selector):
                return info
        raise NotFoundError(f"{doc}@{selector} does not exist ({doc} has versions 1-{len(infos)})")
    latest = _LATEST.fullmatch(selector)
    if latest:
        back = int(latest.group("back") or 0)
        if back >= len(infos):
            raise NotFoundError(
                f"{doc}@{selector} does not exist ({doc} has {len(infos)} versions)"
            )
        return infos[-1 - back]
    for info in reversed(infos):
        if info.label == selector:
            return info
    labels = ", ".join(repr(i.label) for i in infos if i.label) or "none"
    raise NotFoundError(f"{doc} has no version labelled {selector!r} (labels: {labels})")


def resolve(ref: str, store: Store | None, explicit_format: str | None = None) -> Version:
    """Turn a reference string into text, trying the most specific reading first."""
    if ref == "-":
        data = sys.stdin.buffer.read()
        return ingest_bytes(data, "stdin", explicit_format)
    path = Path(ref)
    if path.is_file():
        return _named(ingest_path(path, explicit_format), ref)
    version = _VERSION_REF.fullmatch(ref)
    if version and store is not None:
        doc = check_doc_name(version.group("doc"))
        chosen = select_version(store.require_headers(doc), doc, version.group("selector"))
        return store.load(chosen)
    revision = _REVISION_REF.fullmatch(ref)
    if revision and store is not None:
        in_revision = revision.group("path")
        if in_revision.startswith(("./", "../")):  # as git reads REV:./path: from the cwd
            in_revision = _repository_path(Path.cwd() / in_revision, store.root, ref)
        data = store.read_at_revision(revision.group("rev"), in_revision)
        name = Path(in_revision).name
        return _named(ingest_bytes(data, name, explicit_format), ref)
    if store is not None and ref in store.documents():
        return store.load(store.headers(ref)[-1])
    if path.is_dir():
        read_path(path)  # raises its one error for a directory given as a file
    raise BadInputError(f"{ref}: no such file, document version (doc@N) or git revision (REV:path)")


def _repository_path(path: Path, root: Path, ref: str) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise BadInputError(f"{ref}: the path is outside the repository {root}") from None


def resolve_pair(
    old_ref: str | None,
    new_ref: str | None,
    store: Store | None,
    old_format: str | None = None,
    new_format: str | None = None,
) -> tuple[Version, Version]:
    """The two versions `draftwatch diff [OLD [NEW]]` compares, read as `old_format` and
    `new_format` when given (md or txt), whatever their names or stored formats say.

    No argument: the two latest versions of the only document. One document name: its two latest
    versions. One version reference: that version against its document's latest.
    """
    old, new = _resolve_pair(old_ref, new_ref, store, old_format, new_format)
    return _as_format(old, old_format), _as_format(new, new_format)


def _as_format(version: Version, explicit: str | None) -> Version:
    return replace(version, format=detect_format("", explicit)) if explicit else version


def _resolve_pair(
    old_ref: str | None,
    new_ref: str | None,
    store: Store | None,
    old_format: str | None,
    new_format: str | None,
) -> tuple[Version, Version]:
    if old_ref is not None and new_ref is not None:
        return resolve(old_ref, store, old_format), resolve(new_ref, store, new_format)
    if store is None:
        raise BadInputError("give two versions to compare, e.g. OLD.md NEW.md")
    if old_ref is None:
        old_ref = store.only_document()
    if old_ref in store.documents():
        infos = store.headers(old_ref)
        if len(infos) < 2:
            raise NotFoundError(f"{old_ref} has only one version; add another to compare")
        return store.load(infos[-2]), store.load(infos[-1])
    old = resolve(old_ref, store, old_format)
    if not old.doc:
        raise BadInputError(f"{old_ref}: give a second version to compare it with")
    return old, resolve(f"{old.doc}@latest", store)
