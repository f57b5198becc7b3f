"""PDF ─► normalised Markdown through pdfplumber, its only home.

A PDF holds positioned characters, not a text. Lines are read top to bottom per page; then:
running headers and footers (the same text at the same place on most pages, page numbers
masked) and bare page numbers are dropped; words hyphenated across a line end are joined;
lines set larger than the body (or bold and short) become headings, levelled by size; small
text below the body at a page's foot is a footnote, written `[^N]: text`; a line whose words
fall into columns, with others like it, is a table row; a line after a bullet or list marker
starts a list item.
"""

from __future__ import annotations

import io
import itertools
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from draftwatch.errors import BadInputError

#: Top and bottom share of a page where running headers and footers live.
_MARGIN_SHARE = 0.12
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_DIGITS = re.compile(r"\d+")
_BULLET = re.compile(r"^([•◦▪‣●○■□–—*-])\s+")
_NUMBERED = re.compile(r"^(\d{1,3}[.)]|\([a-z0-9]{1,4}\)|[a-z][.)])\s+")
#: A back-link that ends a footnote printed from HTML ("↩", "↑").
_BACKLINK = re.compile(r"\s*[↩↑]\ufe0e?\s*$")
#: A word broken at a line end: a letter, then a hyphen (ASCII, U+2010 or a soft hyphen).
_HYPHENATED = re.compile(r"[^\W\d_][-\u2010\u00ad]$")
_FOOTNOTE_START = re.compile(r"^(\d{1,3})[.)]?\s+(\S.*)$")


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    text: str
    size: float
    bold: bool
    cells: list[str]
    bullet: bool = False
    gap: float = 0.0  # space above, from the previous line on the page
    rows: list[list[str]] = field(default_factory=list)  # a ruled table, read whole


def read_pdf(
    data: bytes, name: str, ocr: bool = False, on_page: Callable[[int, int], None] | None = None
) -> str:
    """The PDF's text as Markdown; a clear error for encrypted, broken or scanned files.
    `on_page(done, total)` is told of each page read (a progress bar on a terminal)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise BadInputError(f"{name}: not a PDF file")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages, heights = [], []
            for number, page in enumerate(pdf.pages):
                pages.append(_page_lines(page, number))
                heights.append(float(page.height))
                page.close()  # its parsed objects: memory stays flat on long documents
                if on_page is not None:
                    on_page(number + 1, len(pdf.pages))
    except (PdfminerException, PDFPasswordIncorrect, PDFSyntaxError) as error:
        detail = str(error.args[0] if error.args else error)
        if (
            "password" in detail.lower()
            or "encrypt" in detail.lower()
            or isinstance(error.args[0] if error.args else None, PDFPasswordIncorrect)
        ):
            raise BadInputError(
                f"{name}: the PDF is encrypted (password-protected); decrypt it first"
            ) from None
        raise BadInputError(f"{name}: a broken PDF, cannot read it ({detail})") from None
    except Exception as error:  # pdfminer raises many kinds on damaged files
        if os.environ.get("DRAFTWATCH_DEBUG"):
            raise
        raise BadInputError(
            f"{name}: a broken PDF, cannot read it ({type(error).__name__})"
        ) from None
    if not any(pages):
        if ocr:
            from draftwatch.versions.ingest.ocr import read_images

            return read_images(_page_images(data), name)
        raise BadInputError(
            f"{name}: the PDF has no text layer (a scan?); run with --ocr to read it "
            "by OCR (needs Debian's tesseract-ocr)"
        )
    return _to_markdown(pages, heights, name)


def _page_lines(page: Any, number: int) -> list[_Line]:
    """The page's lines in reading order: column by column where the text is set in two."""
    page = page.dedupe_chars()  # text drawn twice (bold by overprint, ligatures) counts once
    lines: list[_Line] = []
    for region in _columns(page):
        lines += _region_lines(region, number)
    return lines


def _columns(page: Any) -> list[Any]:
    """The page, or its two columns when a gutter runs down the middle of the body text (no
    character between the top and bottom bands falls in it), between its top and bottom
    bands."""
    width, height = float(page.width), float(page.height)
    body = [
        c
        for c in page.chars
        if c["text"].strip()
        and height * _MARGIN_SHARE <= float(c["top"]) <= height * (1 - _MARGIN_SHARE)
    ]
    if len(body) < 100:
        return [page]
    covered = bytearray(int(width) + 2)
    for c in body:
        for x in range(max(0, int(float(c["x0"]))), min(len(covered), int(float(c["x1"])) + 1)):
            covered[x] = 1
    middle = range(int(width * 0.35), int(width * 0.65))
    runs: list[list[int]] = []  # runs of x with no character, in the middle of the page
    for x in middle:
        if covered[x]:
            continue
        if runs and runs[-1][-1] == x - 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    gutter = max(runs, key=len, default=[])
    if len(gutter) < 6:
        return [page]
    split = gutter[len(gutter) // 2]
    left = sum(1 for c in body if float(c["x1"]) <= split)
    if min(left, len(body) - left) < 20:  # a line's worth on each side at least
        return [page]
    top, bottom = _body_limits(page, (gutter[0], gutter[-1] + 1))

    def region(test: Any) -> Any:
        return page.filter(
            lambda obj: test(
                (float(obj["x0"]) + float(obj["x1"])) / 2,
                (float(obj["top"]) + float(obj["bottom"])) / 2,
            )
        )

    # What stands apart above and below the columns (a running header, a page number) is read
    # across the whole width.
    return [
        region(lambda x, y: y < top),
        region(lambda x, y: top <= y <= bottom and x < split),
        region(lambda x, y: top <= y <= bottom and x >= split),
        region(lambda x, y: y > bottom),
    ]


def _body_limits(page: Any, gutter: tuple[int, int]) -> tuple[float, float]:
    """Where the columns start and end: below the text of the top band that crosses the
    gutter (a running header, a title across the page), above that of the bottom band."""
    height = float(page.height)
    crossing = [
        (float(c["top"]), float(c["bottom"]))
        for c in page.chars
        if c["text"].strip() and float(c["x0"]) < gutter[1] and float(c["x1"]) > gutter[0]
    ]
    above = [bottom for top, bottom in crossing if top < height * _MARGIN_SHARE]
    below = [top for top, bottom in crossing if bottom > height * (1 - _MARGIN_SHARE)]
    return (max(above) + 0.5 if above else 0.0), (min(below) - 0.5 if below else height)


def _region_lines(page: Any, number: int) -> list[_Line]:
    lines: list[_Line] = []
    bullets = [
        (float(c["x0"]), float(c["top"]), float(c["bottom"]))
        for c in (*page.curves, *page.rects)
        if float(c["x1"]) - float(c["x0"]) <= 7 and float(c["bottom"]) - float(c["top"]) <= 7
    ]
    tables = []
    for table in page.find_tables():  # tables drawn with ruling lines
        rows = [[_cell(cell) for cell in row] for row in table.extract()]
        rows = [row for row in rows if any(row)]
        if len(rows) >= 1 and max(len(row) for row in rows) >= 2:
            tables.append((table.bbox, rows))
    for (x0, top, _, bottom), rows in tables:
        text = " ".join(" ".join(row) for row in rows)
        lines.append(_Line(number, top, bottom, x0, text, 0.0, False, [], rows=rows))
    for raw in page.extract_text_lines(return_chars=True, strip=True, expand_ligatures=False):
        chars = [c for c in raw["chars"] if c["text"].strip()]
        middle = (float(raw["top"]) + float(raw["bottom"])) / 2
        inside = any(
            bx0 <= float(raw["x0"]) and float(raw["x1"]) <= bx1 + 1 and btop <= middle <= bbottom
            for (bx0, btop, bx1, bbottom), _ in tables
        )
        if not chars or inside:
            continue
        sizes = Counter(round(float(c["size"]), 1) for c in chars)
        size = sizes.most_common(1)[0][0]
        bold = all("bold" in str(c.get("fontname", "")).lower() for c in chars)
        text, cells = _words(chars, size)
        top, bottom, x0 = float(raw["top"]), float(raw["bottom"]), float(raw["x0"])
        bullet = any(bx < x0 and top - 2 <= by and bb <= bottom + 2 for bx, by, bb in bullets)
        lines.append(_Line(number, top, bottom, x0, text, size, bold, cells, bullet))
    lines.sort(key=lambda line: (line.top, line.x0))
    for previous, line in itertools.pairwise(lines):
        line.gap = line.top - previous.bottom
    return lines


def _words(chars: list[dict[str, Any]], size: float) -> tuple[str, list[str]]:
    """A line's text (small raised digits after a word become `[^N]`), and its cells: runs of
    words split where the gap is wide enough to be a column."""
    cells: list[str] = []
    marks: list[str] = []
    current = ""
    previous: dict[str, Any] | None = None
    for char in chars:
        glyph = _LIGATURES.get(str(char["text"]), str(char["text"]))
        raised = (
            glyph.isdigit()
            and float(char["size"]) < size * 0.9
            and previous is not None
            and float(char["bottom"]) < float(previous["bottom"]) - 1
        )
        if previous is not None:
            gap = float(char["x0"]) - float(previous["x1"])
            if gap > size * 0.8:
                cells.append(current)
                current = ""
            elif gap > size * 0.15 and not raised:
                current += " "
        if raised:
            if not current.endswith("]") or not marks:
                marks.append(glyph)
                current += f"[^{glyph}]"
            else:  # a second digit of the same mark
                marks[-1] += glyph
                current = current[: current.rfind("[^")] + f"[^{marks[-1]}]"
            previous = {**char, "bottom": previous["bottom"]} if previous else char
            continue
        current += glyph
        previous = char
    cells.append(current)
    cells = [cell.strip() for cell in cells if cell.strip()]
    return " ".join(cells), cells


def _to_markdown(pages: list[list[_Line]], heights: list[float], name: str) -> str:
    lines = _drop_running_lines(pages, heights)
    if not lines:
        raise BadInputError(f"{name}: the PDF has text only in its page headers and footers")
    body: Counter[float] = Counter()
    for line in lines:
        if not line.rows:
            body[line.size] += len(line.text)
    body_size = body.most_common(1)[0][0] if body else 10.0
    heading_sizes = sorted(
        {line.size for line in lines if line.size > body_size * 1.12}, reverse=True
    )
    levels = {size: min(index + 1, 6) for index, size in enumerate(heading_sizes)}
    bold_level = min(len(heading_sizes) + 1, 6)
    spacing = Counter(round(line.gap) for line in lines if 0 < line.gap < body_size * 3)
    # The space between the lines of a paragraph: the smallest gap seen more than once (in a
    # short text, the gaps between paragraphs may be the most frequent ones).
    repeated = sorted(gap for gap, count in spacing.items() if count >= 2)
    usual_gap = repeated[0] if repeated else body_size * 0.5
    paragraph_gap = usual_gap + body_size * 0.4
    body_end: dict[int, float] = {}  # per page, where its last body-size line starts
    for line in lines:
        if line.rows or line.size >= body_size * 0.92:
            body_end[line.page] = max(body_end.get(line.page, 0.0), line.top)

    blocks: list[str] = []
    paragraph: list[_Line] = []
    footnotes: list[str] = []
    previous_heading: _Line | None = None

    def flush() -> None:
        if paragraph:
            text = _join(paragraph)
            endnote = _FOOTNOTE_START.match(_BACKLINK.sub("", text))
            if endnote and _BACKLINK.search(text):  # a note printed from HTML: "1. ... ↩"
                footnotes.append(f"[^{endnote.group(1)}]: {endnote.group(2)}")
            else:
                blocks.append(text)
            paragraph.clear()

    for index, line in enumerate(lines):
        if line.rows:
            flush()
            blocks.append(_table(line.rows))
            previous_heading = None
            continue
        previous = lines[index - 1] if index else None
        if _is_footnote(line, previous, body_end, body_size):
            flush()
            match = _FOOTNOTE_START.match(_BACKLINK.sub("", line.text))
            if match:
                footnotes.append(f"[^{match.group(1)}]: {match.group(2)}")
            elif footnotes:
                footnotes[-1] = _join_text(footnotes[-1], line.text)
            continue
        if line.size in levels or (
            line.bold
            and line.size >= body_size
            and len(line.cells) == 1
            and len(line.text.split()) <= 12
            and not line.text.endswith((".", ";", ","))
        ):
            flush()
            level = levels.get(line.size, bold_level)
            wrapped = previous_heading is not None and previous_heading.size == line.size
            if wrapped and line.gap < line.size * 0.8 and blocks[-1].startswith("#"):
                blocks[-1] += " " + line.text  # a heading wrapped over two lines
            else:
                blocks.append("#" * level + " " + line.text)
            previous_heading = line
            continue
        previous_heading = None
        starts_item = line.bullet or bool(_BULLET.match(line.text) or _NUMBERED.match(line.text))
        new_block = (
            not paragraph
            or starts_item
            or (line.page == paragraph[-1].page and line.gap > paragraph_gap)
            or (line.page != paragraph[-1].page and paragraph[-1].text.endswith((".", ":", ";")))
        )
        if new_block:
            flush()
        if starts_item and line.bullet:
            line.text = "- " + line.text
        elif starts_item and _BULLET.match(line.text):
            line.text = _BULLET.sub("- ", line.text)
        paragraph.append(line)
    flush()
    return "\n\n".join(blocks + footnotes) + "\n"


def _drop_running_lines(pages: list[list[_Line]], heights: list[float]) -> list[_Line]:
    """Lines of the body: without running headers, footers and page numbers.

    A running line sits in the top or bottom band of the page, set apart from the body (not
    at line spacing from a body line, as a paragraph's lines are), and either repeats at the
    same place on most pages (numbers masked) or is a bare page number."""
    candidates = [_set_apart(page, heights) for page in pages]
    seen: Counter[tuple[str, int]] = Counter()
    for page in candidates:
        seen.update({_place_key(line, heights) for line in page})
    pages_with_text = sum(1 for page in pages if page)
    repeated = {key for key, count in seen.items() if count >= max(2, pages_with_text * 0.5)}
    running = {
        id(line)
        for page in candidates
        for line in page
        if _place_key(line, heights) in repeated or _PAGE_NUMBER.match(line.text)
    }
    return [line for page in pages for line in page if id(line) not in running]


def _set_apart(page: list[_Line], heights: list[float]) -> list[_Line]:
    """The page's lines in runs that lie wholly in its top or bottom band, set apart from the
    body: lines closer than a line's height to each other form one run (a two-line header)."""
    runs: list[list[_Line]] = []
    for line in page:
        if runs and not line.rows and line.top - runs[-1][-1].bottom <= line.size * 0.9:
            runs[-1].append(line)
        else:
            runs.append([line])
    return [
        line
        for run in runs
        if all(_in_margin(line, heights) and not line.rows for line in run)
        for line in run
    ]


def _in_margin(line: _Line, heights: list[float]) -> bool:
    height = heights[line.page]
    return line.top < height * _MARGIN_SHARE or line.bottom > height * (1 - _MARGIN_SHARE)


def _place_key(line: _Line, heights: list[float]) -> tuple[str, int]:
    """Text with numbers masked, and where on the page (top or bottom band, to 2%)."""
    return _DIGITS.sub("#", line.text.lower()), round(line.top / heights[line.page] * 50)


def _is_footnote(
    line: _Line, previous: _Line | None, body_end: dict[int, float], body_size: float
) -> bool:
    """Small text at the foot of a page, under the page's last body-size line: a numbered note,
    or the next line of one."""
    if line.rows or line.size >= body_size * 0.92 or line.top <= body_end.get(line.page, 0.0):
        return False
    if _FOOTNOTE_START.match(line.text):
        return True
    return previous is not None and previous.page == line.page and previous.size < body_size * 0.92


def _cell(cell: str | None) -> str:
    return _unwrap(cell or "")


def _unwrap(text: str) -> str:
    """A table cell's lines as one line, hyphenation undone."""
    joined = ""
    for part in text.splitlines():
        part = "".join(_LIGATURES.get(c, c) for c in part.strip())
        if part:
            joined = _join_text(joined, part) if joined else part
    return joined


def _join(lines: list[_Line]) -> str:
    text = lines[0].text
    for line in lines[1:]:
        text = _join_text(text, line.text)
    return text


def _join_text(text: str, more: str) -> str:
    """Join two lines; a word hyphenated across them becomes whole again."""
    if _HYPHENATED.search(text) and more[:1].islower():
        return text[:-1] + more
    return text + " " + more


def _table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    rows = [[cell.replace("|", "\\|") for cell in row] + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _page_images(data: bytes) -> list[bytes]:
    """Each page drawn as a PNG at 300 dpi, for OCR."""
    import pdfplumber

    images = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            buffer = io.BytesIO()
            page.to_image(resolution=300).original.save(buffer, format="PNG")
            images.append(buffer.getvalue())
    return images
