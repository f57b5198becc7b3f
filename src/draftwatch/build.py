"""Which draftwatch this is, down to its source: a result cached by one build is never read
by another, even between two commits that share a version number."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from draftwatch import __version__

_PACKAGE = Path(__file__).resolve().parent
_SOURCES = ("*.py", "*.j2", "*.css", "*.js", "*.toml")


@cache
def build_id() -> str:
    """The version and a hash of every source and template file of the package (a few ms,
    once per process)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted({p for pattern in _SOURCES for p in _PACKAGE.rglob(pattern)}):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"
