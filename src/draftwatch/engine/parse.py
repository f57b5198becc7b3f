"""Text to a Document: sections of blocks, from Markdown (markdown-it-py) or plain text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from draftwatch.engine.markup import container_kind
from draftwatch.engine.tokens import BULLET, label_length
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
            label = label_length(text) if labelled else 0
            if not label and kind == "list_item" and self.fmt == "text":
                label = _bullet_length(text)
            self.blocks.append(Block(kind, text, label, links))

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


def _bullet_length(text: str) -> int:
    """A plain-text list item's bullet is its label, as Markdown reads the item without it, so
    the same list in a .md and a .txt version compares equal (the mark is cosmetic)."""
    bullet = BULLET.match(text)
    return bullet.end() if bullet else 0


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
                builder.block(container_kind(containers), unwrap(token.content))
        elif kind in {"fence", "code_block"}:
            builder.block("code", token.content.rstrip("\n"), labelled=False)
        elif kind == "html_block":
            builder.block("html", unwrap(token.content), labelled=False)


def _parse_rendered_markdown(text: str, builder: _Builder) -> None:
    from draftwatch.engine.markup import rendered_markdown, simple_markdown

    pieces = simple_markdown(text, _inline_markdown, _opens_html_block)
    if pieces is None:
        pieces = list(rendered_markdown(_markdown_parser().parse(text)))
    for piece in pieces:
        if piece.kind == "heading":
            builder.heading(piece.text, piece.level)
        else:
            labelled = piece.kind not in {"code", "table_row"}
            builder.block(piece.kind, piece.text, labelled, piece.links)


def _inline_markdown(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """One paragraph's source read by markdown-it's inline parser, rendered (its text and links);
    a source it would read as it stands is rendered without it."""
    from draftwatch.engine.markup import render_inline, render_plain_inline

    if _reads_as_written(text):
        return render_plain_inline(text)
    tokens = _markdown_parser().parseInline(text)
    return render_inline(tokens[0].children or []) if tokens else ("", ())


#: What makes markdown-it's inline parser (CommonMark) read a source otherwise than as written,
#: apart from `*` and `_`: escapes, code spans, links and images, autolinks and HTML, entities.
_INLINE_SYNTAX = re.compile(r"[\\`\[<&\x00\r]")
_EMPHASIS_RUN = re.compile(r"\*+|_+")
#: Markdown's ASCII punctuation and white space, as CommonMark (and markdown-it) define them.
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_WHITE_SPACE = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000") | frozenset(
    chr(code) for code in range(0x2000, 0x200B)
)


def _reads_as_written(text: str) -> bool:
    """Whether markdown-it's inline parser reads the source as it stands: nothing but emphasis
    marks (`*`, `_`) can change it, and no run of them can open an emphasis (CommonMark's
    left-flanking rule, as markdown-it's `scanDelims` applies it), so none closes one either.
    Proven against markdown-it on generated sources (tests/test_markdown_fast.py)."""
    if _INLINE_SYNTAX.search(text):
        return False
    for run in _EMPHASIS_RUN.finditer(text):
        start, end = run.span()
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        before_punctuation, after_punctuation = _punctuation(before), _punctuation(after)
        before_space, after_space = before in _WHITE_SPACE, after in _WHITE_SPACE
        left_flanking = not (
            after_space or (after_punctuation and not (before_space or before_punctuation))
        )
        right_flanking = not (
            before_space or (before_punctuation and not (after_space or after_punctuation))
        )
        if left_flanking and (text[start] == "*" or not right_flanking or before_punctuation):
            return False  # it may open an emphasis
    return True


def _punctuation(character: str) -> bool:
    return character in _ASCII_PUNCTUATION or unicodedata.category(character)[0] in "PS"


@lru_cache(maxsize=1)
def _html_block_starts() -> tuple[re.Pattern[str], ...]:
    """markdown-it's patterns for the first line of an HTML block (none known: every `<`
    line is taken for one, and the whole text goes to markdown-it)."""
    try:
        from markdown_it.rules_block.html_block import HTML_SEQUENCES
    except ImportError:
        return (re.compile("<"),)
    return tuple(opening for opening, _, _ in HTML_SEQUENCES)


def _opens_html_block(line: str) -> bool:
    return any(opening.search(line) for opening in _html_block_starts())


def inline_text(text: str) -> str:
    """One piece of Markdown source as its reader reads it (emphasis, links and tags rendered)."""
    from draftwatch.engine.markup import render_inline

    tokens = _markdown_parser().parseInline(text)
    return render_inline(tokens[0].children or [])[0] if tokens else ""


# Plain text: headings are found by their layout and shape.
#: `4. Termination`, `2.1 Scope`, and `1.Definitions` as a PDF export writes it (no space).
_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)*)(?:\.?\s+\S|\.(?=[^\W\d_]{2})).*$")
_NAMED_HEADING = re.compile(
    r"^(?:ARTICLE|Article|CHAPTER|Chapter|PART|Part|TITLE|Title|SECTION|Section|ANNEX|Annex|"
    r"SCHEDULE|Schedule|APPENDIX|Appendix|EXHIBIT|Exhibit|"
    # French and German: Titre II, Chapitre 3, Article L. 123-4, Artikel 3, Abschnitt 2
    r"TITRE|Titre|CHAPITRE|Chapitre|LIVRE|Livre|ANNEXE|Annexe|ARTIKEL|Artikel|ABSCHNITT|"
    r"Abschnitt|KAPITEL|Kapitel|TEIL|Teil|TITEL|Titel|ANLAGE|Anlage|ANHANG|Anhang)"
    r"\s+(?:(?:[LRDA]\.\s?)?[0-9]+(?:-[0-9]+)*[A-Za-z]?|[IVXLC]+|[A-Z])\b[.:]?(?:\s.*)?$"
    r"|^§\s*[0-9]+[a-z]?\b(?:\s.*)?$"  # a paragraph of a law: `§ 3a Irreführende Werbung`
)
#: Named headings that open a part of a text rather than one article of it.
_TOP_LEVEL_NAMES = frozenset(
    "PART TITLE ANNEX CHAPTER TITRE CHAPITRE LIVRE ANNEXE TEIL TITEL KAPITEL ABSCHNITT ANLAGE "
    "ANHANG".split()
)
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
_RULE = re.compile(r"^([-=_~*#+.])\1{2,}$")
_ENDS_LIKE_SENTENCE = re.compile(r"[.;,:!?]$")
_ENDS_LIKE_CLAUSE = re.compile(r"[;,:!?]$")
_LETTERS = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: A list item's mark: `a)`, `(a)`, `(i)`, `iv)`, `1.`, `(1)`, `1)`, or a bullet.
_ITEM = re.compile(
    r"^(?:\(?[a-zA-Z]\)|\([ivxlc]{1,6}\)|[ivxlc]{1,6}\)|\(?\d{1,3}\)|\d{1,3}\.(?![\d.])|[-*•])\s+"
)
#: A clause title as a PDF export writes it, number and word run together (`2.Termination`):
#: never the start of a wrapped line, so it opens a block even with no blank line before it.
_CRAMPED_TITLE = re.compile(r"^\d+(?:\.\d+)*\.[^\W\d_]{2}")
_FRAME_EDGE = re.compile(r"[ \t]*([^\w\s])\1{19,}[ \t]*$")
_CENTRED = 8  # a line indented this far at the top of a text, with nothing under it, is centred
_CENTRED_FAR = 20  # a line indented this far anywhere, blank lines around it, is centred


@dataclass(slots=True)
class _Event:
    """A heading (title, level, numbering depth) or a block (kind, text), before levels settle."""

    heading: bool
    text: str
    level: int = 0
    depth: int = 0
    kind: str = "paragraph"


def _parse_plain_text(text: str, builder: _Builder) -> None:
    lines = text.split("\n")
    events: list[_Event] = []
    underline_levels: dict[str, int] = {}
    paragraph: list[str] = []
    paragraph_indent = 0
    previous_indent = -1  # indent of the last non-blank body line; -1 after a heading

    def flush() -> None:
        nonlocal paragraph
        if paragraph:
            kind = "list_item" if _ITEM.match(paragraph[0].strip()) else "paragraph"
            events.append(_Event(False, unwrap("\n".join(paragraph)), kind=kind))
            paragraph = []

    def heading(title: str, level: int) -> None:
        events.append(_Event(True, title, level, _numbering_depth(title)))

    i = _document_title(lines, events)
    centred_title = bool(events)
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
            heading(lines[i + 1].strip(), level)
            i += 3
            continue
        underline = _UNDERLINE.match(following.strip())
        if not paragraph and underline and len(following.strip()) >= len(stripped) * 0.7:
            flush()
            level = underline_levels.setdefault(underline.group(1), len(underline_levels) + 1)
            heading(stripped, level)
            i += 2
            continue
        if not paragraph and _RULE.match(stripped):
            _unframe_at(lines, i)  # a box's top edge: its lines are read without the frame
            i += 1  # a separator line is layout, not text
            continue
        if not paragraph:
            outline = previous_indent < 0 or indent < previous_indent or indent == 0
            level = _heading_level(stripped, indent, lines, i, outline)
            if level:
                heading(stripped, level)
                previous_indent = -1
                i += 1
                continue
            paragraph_indent = indent
        elif (
            (
                indent < paragraph_indent
                and not stripped[0].islower()
                and not _wrapped_on(paragraph[-1], stripped)
            )
            or (
                _CRAMPED_TITLE.match(stripped)
                and _ENDS_LIKE_SENTENCE.search(paragraph[-1].rstrip())
            )
            or (
                _may_be_item(stripped)
                and _ITEM.match(stripped)
                and (
                    indent != paragraph_indent
                    or _ITEM.match(paragraph[0].strip())
                    or _ENDS_LIKE_SENTENCE.search(paragraph[-1].rstrip())
                )
            )
        ):
            flush()  # a new block: the indent went back out, a cramped title or a list item starts
            paragraph_indent = indent
            continue
        paragraph.append(line)
        previous_indent = indent
        i += 1
    flush()
    _settle_levels(events, centred_title)
    for event in events:
        if event.heading:
            builder.heading(event.text, event.level)
        else:
            builder.block(event.kind, event.text)


#: A line that ends in a word or a number, no punctuation: its sentence goes on below.
_ENDS_MID_SENTENCE = re.compile(r"[\w)\]’'\"]$")


def _wrapped_on(previous: str, stripped: str) -> bool:
    """Whether a line back out of a paragraph's indent only goes on with the sentence the
    line above left open ("... under article" / "11 of the treaty ..." in a text whose first
    lines are indented): not a new block unless it is a list item."""
    return _ENDS_MID_SENTENCE.search(previous.rstrip()) is not None and not _ITEM.match(stripped)


def _may_be_item(stripped: str) -> bool:
    """A quick look before the list-item pattern: a bullet, a bracket or a mark within 4."""
    head = stripped[:5]
    return head[0] in "(-*•" or ")" in head or "." in head


def _unframe_at(lines: list[str], i: int) -> None:
    """Text boxed in a frame of one character (`*****` / `*  text  *` / `*****`) whose top
    edge is line `i`: its lines lose the frame, in place."""
    top = lines[i].strip()
    if not _FRAME_EDGE.match(top):
        return
    char, j = top[0], i + 1
    while j < len(lines):
        inner = lines[j].strip()
        if len(inner) < 2 or inner[0] != char or inner[-1] != char or set(inner) == {char}:
            break
        j += 1
    if j > i + 1 and j < len(lines) and set(lines[j].strip()) == {char}:
        lines[j] = ""
        for k in range(i + 1, j):
            lines[k] = lines[k].strip()[1:-1].rstrip()


def _document_title(lines: list[str], events: list[_Event]) -> int:
    """A licence's centred title and version lines at the top are the document's title."""
    first = next((k for k, line in enumerate(lines) if line.strip()), len(lines))
    end = first
    while end < len(lines) and lines[end].strip():
        line = lines[end]
        if len(line) - len(line.lstrip()) < _CENTRED or len(line.strip()) > 70:
            return 0
        end += 1
    if end == first or end - first > 3:
        return 0
    events.append(_Event(True, " ".join(line.strip() for line in lines[first:end]), 1))
    while end < len(lines) and (not lines[end].strip() or _RULE.match(lines[end].strip())):
        end += 1
    return end


def _numbering_depth(title: str) -> int:
    numbered = _NUMBERED_HEADING.match(title)
    return numbered.group(1).count(".") + 1 if numbered else 0


def _settle_levels(events: list[_Event], centred_title: bool) -> None:
    """Numbered headings take their level from their numbering (`2.1` under `2`); under a
    document title (a first heading with no text of its own), every other heading goes one
    level down."""
    headings = [event for event in events if event.heading]
    if not headings:
        return
    titled = centred_title or (
        len(events) > 1 and events[0].heading and events[1].heading and headings[0].depth == 0
    )
    offset = 1 if titled else 0
    for event in headings[1:] if titled else headings:
        if event.depth:
            event.level = event.depth + offset
        elif titled:
            event.level = max(event.level, 2)


def _title_like(text: str) -> bool:
    """Short, and with its words capitalised (or all in capitals), as a title is written."""
    words: list[str] = _WORD.findall(text)
    if not words or len(text.split()) > 10 or text[:1] in "\"'“‘(":
        return False
    if text.isupper():
        return True
    long_words = [word for word in words if len(word) >= 4]
    capitalised = sum(word[0].isupper() for word in long_words)
    return words[0][0].isupper() and capitalised >= 0.6 * len(long_words)


def _heading_level(stripped: str, indent: int, lines: list[str], i: int, outline: bool) -> int:
    """The heading level of a line, or 0 when it is body text.

    Numbered, named and all-caps headings stand alone on their line; a numbered title written
    like a title (`  4. Termination.`) may have its body on the next line, if that line is
    clearly longer; an outline heading (RFC and PEP style) is a short line whose body is
    indented further than it.
    """
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if len(stripped) > 90 or not (stripped[0].isalnum() or stripped[0] == "§"):
        return 0
    numbered = _NUMBERED_HEADING.match(stripped)
    rest = stripped[numbered.end(1) :].lstrip(".").strip() if numbered else ""
    depth = _numbering_depth(stripped)
    if rest[:1].islower():
        numbered = None  # "3. local imports": an item of a list, not a title
    if following.strip():
        if (
            numbered
            and not _ENDS_LIKE_CLAUSE.search(rest)
            and (_title_like(rest) or _titled_as_a_phrase(rest))
            and (
                len(following) - len(following.lstrip()) > indent
                or len(stripped) <= 0.7 * len(following.strip())
            )
            and not following.strip()[0].islower()
        ):
            return depth
        return _outline_level(stripped, indent, lines, i) if outline else 0
    if numbered and len(stripped.split()) <= 12:
        if not _ENDS_LIKE_SENTENCE.search(stripped):
            return depth
        if not _ENDS_LIKE_CLAUSE.search(rest) and _title_like(rest):
            return depth
    if _NAMED_HEADING.match(stripped) and len(stripped.split()) <= 14:
        return 1 if stripped.split()[0].upper() in _TOP_LEVEL_NAMES else 2
    if len(stripped) <= 70 and stripped.isupper() and len(_LETTERS.findall(stripped)) >= 3:
        return 1
    level = _outline_level(stripped, indent, lines, i) if outline else 0
    set_as_title = indent == 0 or indent >= _CENTRED_FAR  # flush left, or centred
    return level or (1 if set_as_title and _plain_title(stripped, lines, i) else 0)


def _titled_as_a_phrase(rest: str) -> bool:
    """A numbered title written as a phrase, not in title case ("2.Scope of the rights granted
    by the Licence"): a capital, a few words, no closing punctuation."""
    return rest[:1].isupper() and len(rest.split()) <= 10 and not _ENDS_LIKE_SENTENCE.search(rest)


def _plain_title(stripped: str, lines: list[str], i: int) -> bool:
    """An unnumbered title on a line of its own ("Funding"), as a plain-text export of a titled
    document writes it: a few capitalised words with no closing punctuation, blank lines around
    it, and a longer paragraph next (two short lines in a row are an address or a signature,
    unless the first is the document's title on its first line, above such a title)."""
    if (
        len(stripped.split()) > 8
        or not stripped[:1].isupper()
        or _ENDS_LIKE_SENTENCE.search(stripped)
    ):
        return False
    if _ITEM.match(stripped) or (i > 0 and lines[i - 1].strip()):
        return False
    at = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), len(lines))
    following = lines[at].strip() if at < len(lines) else ""
    if _title_like(stripped) and len(following) > 2 * len(stripped):
        return _ENDS_LIKE_SENTENCE.search(following) is not None
    # The document's title (written as a sentence, maybe), on its first line, above a title.
    first = not any(line.strip() for line in lines[:i])
    return first and bool(following) and _plain_title(following, lines, at)


def _outline_level(stripped: str, indent: int, lines: list[str], i: int) -> int:
    """A short title-like line whose body is indented further: after a blank line, or, when
    the body follows at once, only if the line is written as a title (never a wrapped
    sentence's first line)."""
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if (
        len(stripped) <= 60
        and stripped[0].isupper()
        and not _ENDS_LIKE_SENTENCE.search(stripped)
        and _indented_more(lines, i, indent)
        and (not following.strip() or _title_like(stripped))
        and not _ITEM.match(stripped)
    ):
        return 1 + indent // 2
    return 0


def _indented_more(lines: list[str], i: int, indent: int) -> bool:
    for line in lines[i + 1 : i + 4]:
        if line.strip():
            if line.strip()[0].islower():
                return False  # the sentence goes on: a wrapped line, not a title
            return len(line) - len(line.lstrip()) > indent
    return False
