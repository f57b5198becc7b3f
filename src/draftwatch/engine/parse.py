"""Text to a Document: sections of blocks, from Markdown (markdown-it-py) or plain text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from draftwatch.engine.tokens import label_length
from draftwatch.model import Block, Document, Section

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_HARD_WRAP = re.compile(r"[ \t]*\n[ \t]*")


def parse_document(text: str, fmt: str, *, raw: bool = False) -> Document:
    """The document as its reader reads it: Markdown and the HTML inside it rendered to text
    (structure kept, links noted apart); `raw` keeps the source as it is."""
    builder = _Builder(fmt)
    if fmt == "markdown" and raw:
        _parse_markdown(text, builder)
    elif fmt == "markdown":
        _parse_rendered_markdown(text, builder)
    else:
        _parse_plain_text(text, builder)
    return builder.document()


class _Builder:
    """Collects headings and blocks into sections; text before the first heading is a preamble."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.sections: list[Section] = []
        self.title = ""
        self.level = 0
        self.blocks: list[Block] = []
        self.stack: list[tuple[int, int]] = []  # (level, section index) of open ancestors

    def heading(self, title: str, level: int) -> None:
        self._close()
        self.title, self.level = title, level

    def block(
        self,
        kind: str,
        text: str,
        labelled: bool = True,
        links: tuple[tuple[str, str], ...] = (),
    ) -> None:
        text = text.strip()
        if text:
            self.blocks.append(Block(kind, text, label_length(text) if labelled else 0, links))

    def _close(self) -> None:
        if not self.title and not self.blocks and not self.sections:
            return
        while self.stack and self.stack[-1][0] >= self.level and self.level > 0:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack and self.level > 0 else None
        index = len(self.sections)
        self.sections.append(Section(index, self.title, self.level, tuple(self.blocks), parent))
        if self.level > 0:
            self.stack.append((self.level, index))
        self.blocks = []

    def document(self) -> Document:
        self._close()
        return Document(self.fmt, tuple(self.sections))  # no section at all for empty text


def unwrap(text: str) -> str:
    """Undo line wrapping: a paragraph's lines become one line."""
    return _HARD_WRAP.sub(" ", text.strip())


@lru_cache(maxsize=1)
def _markdown_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def _parse_markdown(text: str, builder: _Builder) -> None:
    tokens = _markdown_parser().parse(text)
    containers: list[str] = []
    row: list[str] | None = None
    heading_level = 0
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = 0
        elif kind in {"list_item_open", "blockquote_open"}:
            containers.append(kind)
        elif kind in {"list_item_close", "blockquote_close"}:
            containers.pop()
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            builder.block("table_row", " | ".join(row), labelled=False)
            row = None
        elif kind == "inline":
            if heading_level:
                builder.heading(unwrap(token.content), heading_level)
            elif row is not None:
                row.append(unwrap(token.content))
            else:
                builder.block(_container_kind(containers), unwrap(token.content))
        elif kind in {"fence", "code_block"}:
            builder.block("code", token.content.rstrip("\n"), labelled=False)
        elif kind == "html_block":
            builder.block("html", unwrap(token.content), labelled=False)


def _parse_rendered_markdown(text: str, builder: _Builder) -> None:
    from draftwatch.engine.markup import rendered_markdown

    for piece in rendered_markdown(_markdown_parser().parse(text)):
        if piece.kind == "heading":
            builder.heading(piece.text, piece.level)
        else:
            labelled = piece.kind not in {"code", "table_row"}
            builder.block(piece.kind, piece.text, labelled, piece.links)


def inline_text(text: str) -> str:
    """One piece of Markdown source as its reader reads it (emphasis, links and tags rendered)."""
    from draftwatch.engine.markup import render_inline

    tokens = _markdown_parser().parseInline(text)
    return render_inline(tokens[0].children or [])[0] if tokens else ""


def _container_kind(containers: list[str]) -> str:
    if "blockquote_open" in containers:
        return "quote"
    if "list_item_open" in containers:
        return "list_item"
    return "paragraph"


# Plain text: headings are found by their shape.
_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S.*$")
_NAMED_HEADING = re.compile(
    r"^(?:ARTICLE|Article|CHAPTER|Chapter|PART|Part|TITLE|Title|SECTION|Section|ANNEX|Annex|"
    r"SCHEDULE|Schedule|APPENDIX|Appendix)\s+(?:[0-9]+[A-Za-z]?|[IVXLC]+|[A-Z])\b[.:]?(?:\s.*)?$"
)
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
_ENDS_LIKE_SENTENCE = re.compile(r"[.;,:!?]$")
_LETTERS = re.compile(r"[^\W\d_]")


def _parse_plain_text(text: str, builder: _Builder) -> None:
    lines = text.split("\n")
    underline_levels: dict[str, int] = {}
    paragraph: list[str] = []
    paragraph_indent = 0
    previous_indent = -1  # indent of the last non-blank body line; -1 after a heading

    def flush() -> None:
        nonlocal paragraph
        if paragraph:
            builder.block("paragraph", unwrap("\n".join(paragraph)))
            paragraph = []

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not stripped:
            flush()
            i += 1
            continue
        # reStructuredText: a title underlined (and maybe overlined) by a run of one character.
        if _UNDERLINE.match(stripped) and i + 2 < len(lines) and _UNDERLINE.match(lines[i + 2]):
            flush()
            char = "over" + stripped[0]
            level = underline_levels.setdefault(char, len(underline_levels) + 1)
            builder.heading(lines[i + 1].strip(), level)
            i += 3
            continue
        underline = _UNDERLINE.match(following.strip())
        if not paragraph and underline and len(following.strip()) >= len(stripped) * 0.7:
            flush()
            level = underline_levels.setdefault(underline.group(1), len(underline_levels) + 1)
            builder.heading(stripped, level)
            i += 2
            continue
        if not paragraph:
            outline = previous_indent < 0 or indent < previous_indent or indent == 0
            level = _heading_level(stripped, indent, lines, i, outline)
            if level:
                builder.heading(stripped, level)
                previous_indent = -1
                i += 1
                continue
            paragraph_indent = indent
        elif indent < paragraph_indent and not stripped[0].islower():
            flush()
            paragraph_indent = indent
            continue
        paragraph.append(line)
        previous_indent = indent
        i += 1
    flush()


def _heading_level(stripped: str, indent: int, lines: list[str], i: int, outline: bool) -> int:
    """The heading level of a line, or 0 when it is body text.

    Numbered, named and all-caps headings stand alone on their line; an outline heading (RFC and
    PEP style) is a short line whose body is indented further than it.
    """
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if len(stripped) > 90 or not stripped[0].isalnum():
        return 0
    if following.strip():
        return _outline_level(stripped, indent, lines, i) if outline else 0
    numbered = _NUMBERED_HEADING.match(stripped)
    if numbered and not _ENDS_LIKE_SENTENCE.search(stripped) and len(stripped.split()) <= 12:
        return numbered.group(1).count(".") + 1
    if _NAMED_HEADING.match(stripped) and len(stripped.split()) <= 14:
        return 1 if stripped.split()[0].upper() in {"PART", "TITLE", "ANNEX", "CHAPTER"} else 2
    if len(stripped) <= 70 and stripped.isupper() and len(_LETTERS.findall(stripped)) >= 3:
        return 1
    return _outline_level(stripped, indent, lines, i) if outline else 0


def _outline_level(stripped: str, indent: int, lines: list[str], i: int) -> int:
    if (
        len(stripped) <= 60
        and stripped[0].isupper()
        and not _ENDS_LIKE_SENTENCE.search(stripped)
        and _indented_more(lines, i, indent)
    ):
        return 1 + indent // 2
    return 0


def _indented_more(lines: list[str], i: int, indent: int) -> bool:
    for line in lines[i + 1 : i + 4]:
        if line.strip():
            return len(line) - len(line.lstrip()) > indent
    return False
