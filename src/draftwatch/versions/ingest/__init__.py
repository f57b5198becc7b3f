"""Turn a source (file bytes, stdin) into normalised text and the facts of its origin."""

from __future__ import annotations

from pathlib import Path

from draftwatch.errors import BadInputError
from draftwatch.model import Version
from draftwatch.versions.ingest.text import decode_text, normalize_snapshot_text

#: Formats draftwatch can read now, by file suffix.
SUFFIX_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".rst": "text",
}
FORMAT_NAMES = {"md": "markdown", "markdown": "markdown", "txt": "text", "text": "text"}


def detect_format(name: str, explicit: str | None = None) -> str:
    """Pick the text format from an explicit --format or the file name's suffix."""
    if explicit:
        try:
            return FORMAT_NAMES[explicit.lower()]
        except KeyError:
            known = ", ".join(sorted(FORMAT_NAMES))
            raise BadInputError(f"unknown format {explicit!r} (known: {known})") from None
    suffix = Path(name).suffix.lower()
    if suffix in {".html", ".htm", ".docx", ".pdf"}:
        raise BadInputError(
            f"{name}: {suffix} input is not supported yet; convert it to text first"
        )
    return SUFFIX_FORMATS.get(suffix, "text")


def ingest_bytes(data: bytes, name: str, explicit_format: str | None = None) -> Version:
    """Decode and normalise raw bytes into a version named `name` (not stored yet); refuses
    binary, empty and whitespace-only input."""
    fmt = detect_format(name, explicit_format)
    text, encoding = decode_text(data, name)
    text = normalize_snapshot_text(text)
    if not text.strip():
        raise BadInputError(f"{name}: the text is empty")
    return Version(
        text=text, format=fmt, ref=name, source=name, original_name=name, encoding=encoding
    )


def ingest_path(path: Path, explicit_format: str | None = None) -> Version:
    """Read and ingest a file, with clear errors for missing or unreadable ones."""
    if not path.exists():
        raise BadInputError(f"{path}: no such file")
    if path.is_dir():
        raise BadInputError(f"{path}: is a directory, not a file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInputError(f"{path}: cannot read ({error.strerror})") from None
    return ingest_bytes(data, path.name, explicit_format)
