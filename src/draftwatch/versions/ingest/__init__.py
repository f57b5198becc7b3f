"""Turn a source (file bytes, stdin, a URL) into normalised text and the facts of its origin.

Text and Markdown are decoded and normalised; PDF (`pdf.py`), Word (`docx.py`) and HTML
(`html.py`) are converted to the same Markdown first. A URL is fetched by `versions/fetch.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from draftwatch.errors import BadInputError
from draftwatch.model import Version
from draftwatch.versions.ingest.text import decode_text, normalize_snapshot_text

#: Formats draftwatch can read, by file suffix.
SUFFIX_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".rst": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
FORMAT_NAMES = {
    "md": "markdown",
    "markdown": "markdown",
    "txt": "text",
    "text": "text",
    "pdf": "pdf",
    "docx": "docx",
    "html": "html",
    "htm": "html",
}
#: Formats converted to Markdown; the file as received is kept beside its snapshot.
CONVERTED = {"pdf": ".pdf", "docx": ".docx", "html": ".html"}
CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
}


@dataclass(frozen=True, slots=True)
class Received:
    """A version read from a source, with what `add` keeps and says beside it."""

    version: Version
    original: bytes | None = None  # the file as received, for a converted format
    original_suffix: str = ""  # .pdf, .docx, .html
    notices: tuple[str, ...] = ()


def detect_format(name: str, explicit: str | None = None, data: bytes = b"") -> str:
    """Pick the format from an explicit --format, the file name's suffix, or the bytes."""
    if explicit:
        try:
            return FORMAT_NAMES[explicit.lower()]
        except KeyError:
            known = ", ".join(sorted(FORMAT_NAMES))
            raise BadInputError(f"unknown format {explicit!r} (known: {known})") from None
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    return sniff_format(data) or "text"


def sniff_format(data: bytes) -> str | None:
    """The format the bytes themselves show, if any."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    lowered = head[:256].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head.lower():
        return "html"
    return None


def receive_bytes(
    data: bytes,
    name: str,
    explicit_format: str | None = None,
    *,
    whole_page: bool = False,
    ocr: bool = False,
    on_page: Callable[[int, int], None] | None = None,
) -> Received:
    """Read raw bytes of any known format into a version named `name` (not stored yet);
    `on_page(done, total)` follows a PDF's pages."""
    fmt = detect_format(name, explicit_format, data)
    if fmt not in CONVERTED:
        return Received(ingest_text(data, name, fmt))
    notices: tuple[str, ...] = ()
    if fmt == "pdf":
        from draftwatch.versions.ingest.pdf import read_pdf

        markdown = read_pdf(data, name, ocr=ocr, on_page=on_page)
    elif fmt == "docx":
        from draftwatch.versions.ingest.docx import read_docx

        word = read_docx(data, name)
        markdown = word.markdown
        if word.tracked_changes:
            notices = (
                f"{name} has tracked changes; read as its current text (insertions kept, "
                "deletions left out)",
            )
    else:
        from draftwatch.versions.ingest.html import read_html

        markdown = read_html(data, name, whole_page=whole_page)
    text = normalize_snapshot_text(markdown)
    if not text.strip():
        raise BadInputError(f"{name}: the text is empty")
    version = Version(text=text, format="markdown", ref=name, source=name, original_name=name)
    return Received(version, data, CONVERTED[fmt], notices)


def ingest_text(data: bytes, name: str, fmt: str) -> Version:
    """Decode and normalise text or Markdown; refuses binary, empty and whitespace-only input."""
    text, encoding = decode_text(data, name)
    text = normalize_snapshot_text(text)
    if not text.strip():
        raise BadInputError(f"{name}: the text is empty")
    return Version(
        text=text, format=fmt, ref=name, source=name, original_name=name, encoding=encoding
    )


def ingest_bytes(data: bytes, name: str, explicit_format: str | None = None) -> Version:
    """The version in raw bytes of any known format (not stored yet)."""
    return receive_bytes(data, name, explicit_format).version


def read_path(path: Path) -> bytes:
    """A file's bytes, with clear errors for missing or unreadable ones."""
    if not path.exists():
        raise BadInputError(f"{path}: no such file")
    if path.is_dir():
        raise BadInputError(f"{path}: is a directory, not a file")
    try:
        return path.read_bytes()
    except OSError as error:
        raise BadInputError(f"{path}: cannot read ({error.strerror})") from None


def ingest_path(path: Path, explicit_format: str | None = None) -> Version:
    """Read and ingest a file, with clear errors for missing or unreadable ones."""
    return ingest_bytes(read_path(path), path.name, explicit_format)


def receive_path(
    path: Path,
    explicit_format: str | None = None,
    *,
    whole_page: bool = False,
    ocr: bool = False,
    on_page: Callable[[int, int], None] | None = None,
) -> Received:
    data = read_path(path)
    return receive_bytes(
        data, path.name, explicit_format, whole_page=whole_page, ocr=ocr, on_page=on_page
    )


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def receive_url(
    url: str, explicit_format: str | None = None, *, whole_page: bool = False, ocr: bool = False
) -> Received:
    """Fetch a URL and read it as its content type (or its bytes) says; the final URL (after
    redirects) is the version's source, the fetch time its `fetched_at`."""
    from draftwatch.versions.fetch import fetch

    fetched = fetch(url)
    assert fetched.data is not None  # no conditional request: a body or an error
    return received_from_fetch(
        fetched.data,
        fetched.url,
        fetched.content_type,
        fetched.fetched_at,
        explicit_format,
        whole_page=whole_page,
        ocr=ocr,
    )


def received_from_fetch(
    data: bytes,
    url: str,
    content_type: str,
    fetched_at: str,
    explicit_format: str | None = None,
    *,
    whole_page: bool = False,
    ocr: bool = False,
) -> Received:
    name = url_file_name(url)
    fmt = explicit_format or sniff_format(data) or CONTENT_TYPES.get(content_type)
    if fmt is None:
        fmt = SUFFIX_FORMATS.get(PurePosixPath(name).suffix.lower(), "text")
    received = receive_bytes(data, url, fmt, whole_page=whole_page, ocr=ocr)  # errors name it
    version = replace(received.version, source=url, original_name=name, fetched_at=fetched_at)
    return replace(received, version=version)


def url_file_name(url: str) -> str:
    """A file name for a URL: its path's last part, else its host."""
    parts = urlsplit(url)
    last = unquote(PurePosixPath(parts.path).name)
    name = last or parts.hostname or "page"
    return "".join(c if c.isprintable() and c not in "/\\" else "_" for c in name)[:200]
