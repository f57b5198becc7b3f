"""The Word redline: a .docx with real tracked changes, ready to accept or reject in Word or
LibreOffice. python-docx's only home (its XML layer, `docx.oxml`, builds the revision marks).

The paragraphs and their changes come from `render/redline.py`. Insertions are `w:ins`,
deletions `w:del` (text in `w:delText`), moved text `w:moveFrom` where it left and `w:moveTo`
where it arrived, each inside named range markers; a paragraph break only one side has is a
tracked paragraph mark (`w:pPr/w:rPr/w:ins|w:del|w:moveFrom|w:moveTo`). Every revision is by
"draftwatch", dated with the new version's date. Headings are Heading N, list items List Bullet.
Text is escaped by the XML layer; control characters (which XML cannot hold) are shown as
visible escapes (render/safe.py).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from docx import Document as new_word_document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from draftwatch.model import Comparison, Document
from draftwatch.render.redline import DEL, EQUAL, INS, Paragraph, Piece, redline_paragraphs
from draftwatch.render.safe import safe_text

AUTHOR = "draftwatch"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: What XML 1.0 cannot hold beyond the controls safe_text escapes: the two non-characters.
_NOT_XML = re.compile("[\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group(0)):04x}", safe_text(text))


def render_docx(comparison: Comparison, old_document: Document, new_document: Document) -> bytes:
    """The comparison as a Word document with tracked changes; the documents are the two parsed
    texts the comparison was made of (for each block's kind: heading, list item, paragraph)."""
    paragraphs = redline_paragraphs(comparison, old_document, new_document)
    date = comparison.new.date or comparison.old.date
    title = f"{comparison.old.ref or 'old'} -> {comparison.new.ref or 'new'}"
    return _write(paragraphs, f"{date}T00:00:00Z" if _DATE.fullmatch(date) else None, title)


def _write(paragraphs: list[Paragraph], date: str | None, title: str) -> bytes:
    document = new_word_document()
    properties = document.core_properties
    properties.author = properties.last_modified_by = AUTHOR
    properties.title = _xml_text(" ".join(title.split()))[:255]
    properties.comments = "Tracked changes made by draftwatch: accept or reject them in Word."
    body = document.element.body
    for existing in list(body):
        if existing.tag != qn("w:sectPr"):
            body.remove(existing)
    ids = iter(range(1, 10**9))
    section_properties = body.find(qn("w:sectPr"))
    style_ids: dict[str, str] = {}

    def style_id(name: str) -> str:
        """Word's id of a style of the template (looked up once: python-docx's lookup is slow)."""
        if name not in style_ids:
            style_ids[name] = document.styles[name].style_id
        return style_ids[name]

    def attributes(**extra: str) -> dict[str, str]:
        values = {qn("w:id"): str(next(ids)), qn("w:author"): AUTHOR}
        if date:
            values[qn("w:date")] = date
        values.update({qn(f"w:{key}"): value for key, value in extra.items()})
        return values

    pieces = [piece for paragraph in paragraphs for piece in paragraph.pieces]
    closes = _range_ends(pieces)
    open_ranges: dict[tuple[str, str], str] = {}  # (kind, move name) -> range id
    number = 0
    for paragraph in paragraphs:
        p = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        properties.append(OxmlElement("w:pStyle", {qn("w:val"): style_id(paragraph.style)}))
        p.append(properties)
        if section_properties is not None:
            section_properties.addprevious(p)  # the body ends with its section properties
        else:
            body.append(p)
        for piece in paragraph.pieces:
            key = (piece.kind, piece.move or "")
            if piece.move and key not in open_ranges:
                marker = attributes(name=piece.move)
                open_ranges[key] = marker[qn("w:id")]
                p.append(OxmlElement(f"w:{piece.kind}RangeStart", marker))
            p.append(_tracked(piece, attributes))
            for closing in closes.get(number, ()):
                end = {qn("w:id"): open_ranges.pop(closing)}
                p.append(OxmlElement(f"w:{closing[0]}RangeEnd", end))
            number += 1
        if paragraph.mark != EQUAL:
            run_properties = OxmlElement("w:rPr")
            run_properties.append(OxmlElement(f"w:{paragraph.mark}", attributes()))
            properties.append(run_properties)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _range_ends(pieces: list[Piece]) -> dict[int, list[tuple[str, str]]]:
    """After which piece each move range ends: after its last piece, before the next piece that
    is neither its own nor a plain insertion or deletion (a moved section holds those)."""
    closes: dict[int, list[tuple[str, str]]] = {}
    open_keys: dict[tuple[str, str], int] = {}  # key -> its latest piece
    for number, piece in enumerate(pieces):
        key = (piece.kind, piece.move or "")
        if piece.kind in (INS, DEL):
            continue
        for other in [k for k in open_keys if k != key]:
            closes.setdefault(open_keys.pop(other), []).append(other)
        if piece.move:
            open_keys[key] = number
    for key, last in open_keys.items():
        closes.setdefault(last, []).append(key)
    return closes


def _tracked(piece: Piece, attributes: Callable[..., dict[str, str]]) -> object:
    run = OxmlElement("w:r")
    text_tag = "w:delText" if piece.kind == DEL else "w:t"
    for n, line in enumerate(_xml_text(piece.text).split("\n")):
        if n:
            run.append(OxmlElement("w:br"))
        if line:
            element = OxmlElement(text_tag, {qn("xml:space"): "preserve"})
            element.text = line
            run.append(element)
    if piece.kind == EQUAL:
        return run
    wrapper = OxmlElement(f"w:{piece.kind}", attributes())
    wrapper.append(run)
    return wrapper
