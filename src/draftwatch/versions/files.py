"""Atomic file writes: a snapshot, a report or an export is there whole, or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from draftwatch.errors import StoreError

#: Temporary files are made beside their target under this prefix, then renamed over it.
TEMP_PREFIX = ".draftwatch-"


def write_text_atomically(path: Path, content: str | bytes) -> None:
    """Write a whole file or nothing (a report, a JSON export, a Word or PDF redline)."""
    try:
        write_atomically(path, content)
    except OSError as error:
        raise StoreError(f"cannot write {path}: {error.strerror or error}") from None


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write `content` to a temporary file beside `path`, then rename it over `path`."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=".tmp")
    try:
        if isinstance(content, bytes):
            with os.fdopen(handle, "wb") as binary:
                binary.write(content)
        else:
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
