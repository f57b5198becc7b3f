"""`draftwatch report`: HTML change reports written into reports/<doc>/, and a history index."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from draftwatch.engine import NoiseRules, compare_versions
from draftwatch.errors import StoreError
from draftwatch.model import HistoryStep, Version
from draftwatch.render.html import render_html
from draftwatch.versions.files import write_text_atomically
from draftwatch.versions.store import Store

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


def report_folder(root: Path, old: Version, new: Version) -> Path:
    return root / REPORTS / (_slug(document_name(old, new)) or "document")


def inside_repository(folder: Path, root: Path) -> Path:
    """A default reports folder, refused when a symlink on the way leads out of the repository
    (a cloned repository must not make `report` write anywhere else on the user's disk)."""
    try:
        folder.resolve().relative_to(root.resolve())
    except ValueError:
        raise StoreError(
            f"{folder} leads outside the repository ({folder.resolve()}): "
            "remove the symlink, or choose where to write with -o"
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


def history_steps(store: Store, doc: str) -> Iterator[tuple[Version, Version]]:
    versions = store.require_versions(doc)
    yield from itertools.pairwise(versions)


def write_history(
    store: Store,
    doc: str,
    folder: Path,
    steps: Iterable[tuple[Version, Version]],
    on_step: Callable[[], None] = lambda: None,
    noise: NoiseRules | None = None,
) -> list[Path]:
    """A report per consecutive pair and an index.html with every version and a timeline."""
    from draftwatch.render.history import render_history

    make_folder(folder)
    written: list[Path] = []
    done: list[HistoryStep] = []
    for old, new in steps:
        comparison = compare_versions(old, new, noise=noise)
        name = pair_file_name(old, new)
        write_text_atomically(folder / name, render_html(comparison, document=doc))
        written.append(folder / name)
        done.append(HistoryStep(old, new, name, comparison))
        on_step()
    index = folder / "index.html"
    write_text_atomically(index, render_history(doc, store.require_versions(doc), done))
    return [index, *written]


def _number(ref: str) -> str:
    match = re.fullmatch(r".+@(\d+)", ref)
    return match.group(1) if match else ""


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:80]
