"""Markdown and the HTML inside it, reduced to what a reader reads: headings, paragraphs, list
items, table rows, quotes and code as blocks of plain text, each with its links noted apart.

Emphasis is formatting and leaves no mark; `<br>` is a space; comments and scripts are not read;
a superscript (a footnote reference) reads `[n]`; a link reads as its text, and its target is
kept beside the block (targets inside the page, `#...`, are navigation and are not kept).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

Links = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Piece:
    """A heading (`level` > 0) or a block of the given kind."""

    kind: str
    text: str
    level: int = 0
    links: Links = ()


_HTML_START = re.compile(r"^\s*</?[A-Za-z][A-Za-z0-9]*[\s/>]")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_TAG = re.compile(r"^<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)([^>]*)>$", re.DOTALL)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_NOTE_MARK = re.compile(r"^(\[[^\]\s]{1,6}\])(?=\w)")
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr",
    "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "thead", "tfoot", "ul", "caption",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_UNREAD = {"script", "style", "template", "head", "title"}


def clean(text: str) -> str:
    """Spaces as a browser shows them: runs of white space are one space."""
    return _SPACES.sub(" ", text).strip()


class _Inline:
    """Text being read, with the links opened and closed in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.open_links: list[tuple[str | None, int]] = []  # (target, start in text)
        self.open_notes: list[int] = []
        self.unread = 0  # inside <script> or <style>: not read

    def text(self, value: str) -> None:
        if not self.unread:
            self.parts.append(value)

    def length(self) -> int:
        return sum(len(part) for part in self.parts)

    def open_link(self, href: str | None) -> None:
        self.open_links.append((href, self.length()))

    def close_link(self) -> None:
        if not self.open_links:
            return
        href, start = self.open_links.pop()
        label = clean("".join(self.parts)[start:])
        if href is not None and href.startswith("#") and not any(c.isalnum() for c in label):
            # A back-link glyph (a footnote's "return" arrow) is navigation, not text.
            joined = "".join(self.parts)
            self.parts = [joined[:start]]
            return
        if href and not href.startswith("#") and label:
            self.links.append((label, href.strip()))

    def open_note(self) -> None:
        self.open_notes.append(self.length())

    def close_note(self) -> None:
        if not self.open_notes:
            return
        start = self.open_notes.pop()
        joined = "".join(self.parts)
        mark = clean(joined[start:])
        if mark and len(mark) <= 6 and " " not in mark:
            self.parts = [joined[:start], f"[{mark}]"]

    def take(self) -> tuple[str, Links]:
        text = clean("".join(self.parts))
        text = _NOTE_MARK.sub(r"\1 ", text)  # "[19]For the purposes" reads "[19] For ..."
        links = tuple(self.links)
        self.parts, self.links, self.open_links, self.open_notes = [], [], [], []
        self.unread = 0
        return text, links

    def tag(self, raw: str) -> None:
        """An HTML tag met inside Markdown text."""
        if raw.startswith("<!--") or raw.startswith("<?") or raw.startswith("<!"):
            return
        match = _TAG.match(raw.strip())
        if not match:
            self.text(raw)  # not a tag after all: a reader sees it
            return
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if name in _UNREAD:
            self.unread = max(0, self.unread + (-1 if closing else 1))
        elif name == "br":
            self.text(" ")
        elif name == "a" and closing:
            self.close_link()
        elif name == "a":
            href = _HREF.search(attributes)
            self.open_link(next((g for g in href.groups() if g is not None), "") if href else None)
        elif name == "sup":
            if closing:
                self.close_note()
            else:
                self.open_note()
        elif name in _BLOCK_TAGS or name in _HEADINGS or name in {"td", "th", "tr"}:
            self.text(" ")


def render_inline(children: list[Any]) -> tuple[str, Links]:
    reader = _Inline()
    for child in children:
        kind = child.type
        if kind in {"text", "code_inline"}:
            reader.text(child.content)
        elif kind in {"softbreak", "hardbreak"}:
            reader.text(" ")
        elif kind == "link_open":
            reader.open_link(str(child.attrs.get("href", "")))
        elif kind == "link_close":
            reader.close_link()
        elif kind == "image":
            reader.text(child.content)
        elif kind == "html_inline":
            reader.tag(child.content)
    return reader.take()


def render_plain_inline(text: str) -> tuple[str, Links]:
    """A paragraph's source that markdown-it's inline parser reads as it stands (its text
    tokens are the source, its line breaks soft or hard breaks), rendered as `render_inline`
    renders those tokens."""
    reader = _Inline()
    reader.text(text)
    return reader.take()


class _HtmlBlocks(HTMLParser):
    """An HTML block (a `<ol>` of footnotes, a `<div>`, an `<h3>`) as blocks of text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[Piece] = []
        self.reader = _Inline()
        self.containers: list[str] = []
        self.heading = 0
        self.row: list[str] | None = None
        self.row_links: list[tuple[str, str]] = []
        self.unread = 0

    def flush(self) -> None:
        text, links = self.reader.take()
        if not text:
            return
        if self.heading:
            self.pieces.append(Piece("heading", text, self.heading))
        elif self.row is not None:
            self.row.append(text)
            self.row_links.extend(links)
        else:
            kind = "paragraph"
            if "blockquote" in self.containers:
                kind = "quote"
            elif "li" in self.containers or "dd" in self.containers:
                kind = "list_item"
            elif "pre" in self.containers:
                kind = "code"
            self.pieces.append(Piece(kind, text, 0, links))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _UNREAD:
            self.unread += 1
        elif tag == "br":
            self.reader.text(" ")
        elif tag == "a":
            self.reader.open_link(dict(attrs).get("href"))
        elif tag == "sup":
            self.reader.open_note()
        elif tag in _HEADINGS:
            self.flush()
            self.heading = int(tag[1])
        elif tag == "tr":
            self.flush()
            self.row, self.row_links = [], []
        elif tag in {"td", "th"}:
            self.flush()
        elif tag in _BLOCK_TAGS:
            self.flush()
            self.containers.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNREAD:
            self.unread = max(0, self.unread - 1)
        elif tag == "a":
            self.reader.close_link()
        elif tag == "sup":
            self.reader.close_note()
        elif tag in _HEADINGS:
            self.flush()
            self.heading = 0
        elif tag in {"td", "th"}:
            self.flush()
        elif tag == "tr" and self.row is not None:
            self.flush()
            if self.row:
                self.pieces.append(
                    Piece("table_row", " | ".join(self.row), 0, tuple(self.row_links))
                )
            self.row = None
        elif tag in _BLOCK_TAGS:
            self.flush()
            if tag in self.containers:
                del self.containers[len(self.containers) - 1 - self.containers[::-1].index(tag) :]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.reader.text(" ")
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.unread:
            self.reader.text(data)


def render_html_block(html: str) -> list[Piece]:
    parser = _HtmlBlocks()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.pieces


@dataclass
class _State:
    containers: list[str] = field(default_factory=list)
    row: list[str] | None = None
    row_links: list[tuple[str, str]] = field(default_factory=list)
    heading_level: int = 0


def rendered_markdown(tokens: list[Any]) -> Iterator[Piece]:
    """The pieces of a parsed Markdown text (markdown-it tokens), in reading order."""
    state = _State()
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            state.heading_level = int(token.tag[1])
        elif kind == "heading_close":
            state.heading_level = 0
        elif kind in {"list_item_open", "blockquote_open"}:
            state.containers.append(kind)
        elif kind in {"list_item_close", "blockquote_close"}:
            state.containers.pop()
        elif kind == "tr_open":
            state.row, state.row_links = [], []
        elif kind == "tr_close" and state.row is not None:
            yield Piece("table_row", " | ".join(state.row), 0, tuple(state.row_links))
            state.row = None
        elif kind == "inline":
            text, links = render_inline(token.children or [])
            if state.heading_level:
                yield Piece("heading", text, state.heading_level)
            elif state.row is not None:
                state.row.append(text)
                state.row_links.extend(links)
            else:
                yield Piece(container_kind(state.containers), text, 0, links)
        elif kind == "code_block" and _HTML_START.match(token.content):
            # HTML indented inside HTML (a nested <ul>) is HTML to its reader, not code.
            yield from render_html_block(token.content)
        elif kind in {"fence", "code_block"}:
            yield Piece("code", token.content.rstrip("\n"))
        elif kind == "html_block":
            for piece in render_html_block(token.content):
                if piece.kind == "paragraph" and "list_item_open" in state.containers:
                    piece = Piece("list_item", piece.text, 0, piece.links)
                yield piece


def container_kind(containers: list[str]) -> str:
    if "blockquote_open" in containers:
        return "quote"
    if "list_item_open" in containers:
        return "list_item"
    return "paragraph"


# The fast path: Markdown made only of ATX headings, plain paragraphs and plain pipe tables (a
# schedule of amounts, a glossary of tiny sections) read line by line, as markdown-it reads it.
# Anything else in the text (emphasis, links, HTML, lists, quotes, code, entities, escapes,
# indentation, setext underlines, front matter) and the whole text goes to markdown-it.
_PARAGRAPH_LINE = re.compile(r"(?!\d{1,9}[.)](?:\s|$))[^\W_][^\\`*_\[\]<>!&|~\t\r\x00]*(?<=\S)")
_ATX = re.compile(r"(#{1,6}) +([^\s#\\`*_\[\]<>!&|~\t\r\x00][^\\`*_\[\]<>!&|~#\t\r\x00]*)(?<=\S)")
_DELIMITER_ROW = re.compile(r"\|(?: *:?-+:? *\|)+")
_TABLE_LINE = re.compile(r"\|[^\\`*_\[\]<>!&~\t\r\x00]*\|")
#: A paragraph line with inline markup (emphasis, code, links, inline HTML, escapes, entities):
#: its first character opens no block (heading, quote, list, rule, fence, HTML block, link
#: definition, table, indentation), so it is a paragraph line as the plain ones are, and the
#: paragraph's text is read by markdown-it's inline parser alone.
_INLINE_LINE = re.compile(r"(?!\d{1,9}[.)](?:\s|$))[^\s#>\-+*_=`~<\[|:][^\t\r\x00]*(?<=\S)")
#: A list item of one line: its mark, one to four spaces, and its text (a line of a paragraph).
_LIST_ITEM = re.compile(r"(?:\d{1,9}[.)]|[-+*]) {1,4}(\S.*)")
#: A line that starts with one of `<[*_:-=+` or a backtick or `~`: text of a paragraph unless it
#: opens an HTML block, a link definition, a rule, a list item, a table or a fence, or underlines
#: a heading.
_OPEN_LINE = re.compile(r"[<\[*_:\-=+`~][^\t\r\x00]*(?<=\S)")
_RULE_LINE = re.compile(r"([*_-])(?: *\1){2,} *")
_UNDERLINE_LINE = re.compile(r"=+ *|-+ *")
_INLINE_MARK = re.compile(r"[\\`*_\[\]<>!&|~]")
Inline = Callable[[str], tuple[str, Links]]


def simple_markdown(
    text: str, inline: Inline | None = None, opens_html: Callable[[str], bool] | None = None
) -> list[Piece] | None:
    """The pieces of a Markdown text of headings, paragraphs and plain tables, or None when the
    text has anything else (then markdown-it reads it). With `inline` (markdown-it's inline
    parser, rendered), paragraphs and one-line list items may hold inline markup: each is read
    by it; with `opens_html` (whether a line starts an HTML block, as markdown-it decides), a
    paragraph line may start with `<` when it does not."""
    if "\x00" in text:
        return None  # CommonMark reads NUL as U+FFFD: markdown-it's business
    pieces: list[Piece] = []
    paragraph: list[str] = []

    def read(kind: str, content: str) -> Piece:
        if inline is not None and _INLINE_MARK.search(content):
            words, links = inline(content)
            return Piece(kind, words, 0, links)
        return Piece(kind, clean(content))

    # Without a link definition (`[label]: target`) anywhere, a line starting with `[` is text.
    no_definitions = "]:" not in text

    def marked_up(line: str) -> bool:
        """A paragraph line with inline markup (read by `inline`)."""
        if inline is None:
            return False
        if _INLINE_LINE.fullmatch(line):
            return True
        if not _OPEN_LINE.fullmatch(line):
            return False
        first = line[0]
        if first == "[":
            return no_definitions
        if first == "<":
            return opens_html is not None and not opens_html(line)
        if first in "`~":
            return not line.startswith(first * 3)  # a code span, not a fence
        if first in ":-" and "|" in line:
            return False  # maybe a table's delimiter row
        if _RULE_LINE.fullmatch(line) or _UNDERLINE_LINE.fullmatch(line):
            return False  # a rule (`***`, `_ _ _`) or a heading's underline (`===`, `--`)
        # `*`, `-`, `+` followed by a space (or nothing) mark a list item
        return first in "_:=" or line[1:2] not in ("", " ")

    def flush() -> None:
        if paragraph:
            pieces.append(read("paragraph", "\n".join(paragraph)))
            paragraph.clear()

    lines = text.split("\n")
    i, count = 0, len(lines)
    item = False  # the line before is a list item
    while i < count:
        line = lines[i]
        if not line.strip(" \t"):  # CommonMark's blank line: spaces and tabs only
            flush()
            item = False
            i += 1
            continue
        first = line[0]
        if first == "|":
            if paragraph or item or not _table(lines, i, pieces):
                return None
            while i < count and lines[i].strip(" \t"):
                i += 1
            continue
        if first == "#":
            heading = _ATX.fullmatch(line)
            if heading is None:
                return None
            flush()
            item = False
            pieces.append(Piece("heading", clean(heading.group(2)), len(heading.group(1))))
        elif inline is not None and (marked := _LIST_ITEM.fullmatch(line)):
            content = marked.group(1)
            if paragraph or not (_PARAGRAPH_LINE.fullmatch(content) or marked_up(content)):
                return None  # a list inside a paragraph, or an item holding another block
            pieces.append(read("list_item", content))
            item = True
        elif _PARAGRAPH_LINE.fullmatch(line) or marked_up(line):
            if item:
                return None  # the item's text goes on (a lazy continuation line)
            paragraph.append(line)
        else:
            return None
        i += 1
    flush()
    return pieces


def _table(lines: list[str], start: int, pieces: list[Piece]) -> bool:
    """A pipe table from line `start` to the next blank line, every row with as many cells as
    its header, appended row by row; False (nothing appended) if it is not such a table."""
    if start + 1 >= len(lines) or not _DELIMITER_ROW.fullmatch(lines[start + 1]):
        return False
    columns = lines[start + 1].count("|") - 1
    rows: list[Piece] = []
    k = start
    while k < len(lines) and lines[k].strip(" \t"):
        line = lines[k]
        if k != start + 1:
            if not _TABLE_LINE.fullmatch(line):
                return False
            cells = line[1:-1].split("|")
            if len(cells) != columns:
                return False
            rows.append(Piece("table_row", " | ".join(clean(cell) for cell in cells)))
        k += 1
    pieces.extend(rows)
    return True
