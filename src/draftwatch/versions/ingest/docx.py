"""Word (.docx) ─► normalised Markdown through mammoth, the only home of mammoth.

mammoth gives HTML (headings from paragraph styles, lists, tables, footnotes), which
`html_to_markdown` writes as the same Markdown every format yields. Tracked changes are read
as the current text (insertions kept, deletions dropped), and said.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from draftwatch.errors import BadInputError
from draftwatch.versions.ingest.html import html_to_markdown

#: Beyond mammoth's defaults (Heading 1-6, lists, tables): a document's Title is a heading.
_STYLE_MAP = "p[style-name='Title'] => h1:fresh"
_TRACKED = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)\b")


@dataclass(frozen=True, slots=True)
class WordText:
    markdown: str
    tracked_changes: bool


def read_docx(data: bytes, name: str) -> WordText:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        body = archive.read("word/document.xml")
    except zipfile.BadZipFile:
        raise BadInputError(f"{name}: not a Word file (not a valid .docx zip archive)") from None
    except KeyError:
        raise BadInputError(f"{name}: a zip archive but not a Word document") from None
    except (zipfile.LargeZipFile, NotImplementedError, OSError, RuntimeError) as error:
        raise BadInputError(f"{name}: cannot read this Word file ({error})") from None
    import mammoth

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=_STYLE_MAP)
    except Exception as error:  # mammoth raises anything on a broken part of the archive
        raise BadInputError(
            f"{name}: cannot read this Word file ({type(error).__name__}: {error})"
        ) from None
    html = str(result.value)
    if not html.strip():
        raise BadInputError(f"{name}: the Word document has no text")
    return WordText(html_to_markdown(html, name), _has_tracked_changes(archive, body))


def _has_tracked_changes(archive: zipfile.ZipFile, body: bytes) -> bool:
    """Insertions or deletions in the body, its footnotes or endnotes."""
    if _TRACKED.search(body):
        return True
    for part in ("word/footnotes.xml", "word/endnotes.xml"):
        try:
            if _TRACKED.search(archive.read(part)):
                return True
        except (KeyError, zipfile.BadZipFile, OSError):
            continue
    return False
