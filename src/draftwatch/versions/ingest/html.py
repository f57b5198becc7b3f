"""HTML ─► normalised Markdown: a web page's main text (trafilatura) or the whole page.

The only home of trafilatura and lxml. `html_to_markdown` is also how Word files are read
(mammoth gives HTML), so every format yields the same Markdown shapes: `#` headings, paragraphs,
`-`/`1.` list items, pipe tables, and footnotes as `[^N]` with a `[^N]: text` block each.
"""

from __future__ import annotations

import re
from typing import Any

from draftwatch.errors import BadInputError

#: Elements whose content is never text a reader reads.
_SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "button", "select", "form"}
_BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "body"}
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
#: Back-links that end a footnote ("↩", "↑") in pandoc's, mammoth's and many sites' HTML.
_BACKLINK = re.compile(r"\s*[↩↑]\ufe0e?\s*$")
_FOOTNOTE_MARK = re.compile(r"^\[?(\d{1,3})\]?$")
_SPACE = re.compile(r"\s+")
_NOTE_LINK = re.compile(r"#(?:fn|footnote|endnote|note|ftn)", re.IGNORECASE)


def _names_note(element: Any) -> bool:
    named = f"{element.get('class', '')} {element.get('role', '')}".lower()
    return "footnote" in named or "noteref" in named


def read_html(data: bytes, name: str, whole_page: bool = False) -> str:
    """The page's main text (or all of it with `whole_page`) as Markdown."""
    text = _decode(data, name)
    if whole_page:
        return html_to_markdown(text, name)
    import trafilatura

    main = trafilatura.extract(
        text,
        output_format="html",
        include_tables=True,
        include_formatting=True,
        include_links=False,
        include_comments=False,
        favor_recall=True,
    )
    if not main:
        raise BadInputError(
            f"{name}: found no main text in this page (try --whole-page to read all of it)"
        )
    return html_to_markdown(main, name)


def _decode(data: bytes, name: str) -> str:
    head = data[:2048].decode("ascii", "replace").lower()
    match = re.search(r"charset=[\"']?([a-z0-9_-]+)", head)
    encodings = [match.group(1)] if match else []
    for encoding in [*encodings, "utf-8", "cp1252"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise BadInputError(
        f"{name}: cannot decode this HTML"
    )  # pragma: no cover (cp1252 rarely fails)


def html_to_markdown(html: str, name: str = "page") -> str:
    """Walk an HTML tree and write its block structure as Markdown."""
    import lxml.html
    from lxml import etree

    if not html.strip():
        raise BadInputError(f"{name}: the page is empty")
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as error:
        raise BadInputError(f"{name}: not readable as HTML ({error})") from None
    writer = _Writer()
    body = root.find("body")
    writer.block(body if body is not None else root)
    return "\n\n".join(writer.out) + "\n"


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.footnotes: dict[str, str] = {}  # element id -> footnote number

    def block(self, element: Any, depth: int = 0) -> None:
        """Write the blocks inside `element`; loose text between blocks is a paragraph."""
        loose: list[str] = [element.text or ""]
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _SKIPPED or not tag:
                loose.append(child.tail or "")
                continue
            if (
                tag in _HEADINGS
                or tag in _BLOCKS
                or tag in {"ul", "ol", "table", "pre"}
                or (tag in {"blockquote", "hr", "figure", "dl", "li"})
            ):
                self._paragraph("".join(loose))
                loose = []
                self._element(child, tag, depth)
                loose.append(child.tail or "")
            else:
                loose.append(self.inline(child) + (child.tail or ""))
        self._paragraph("".join(loose))

    def _element(self, child: Any, tag: str, depth: int) -> None:
        if tag in _HEADINGS:
            title = _clean(self.inline_content(child))
            if title:
                self.out.append("#" * _HEADINGS[tag] + " " + title)
        elif tag in {"ul", "ol"}:
            self._list(child, tag == "ol", depth)
        elif tag == "table":
            self._table(child)
        elif tag == "pre":
            code = "".join(child.itertext()).strip("\n")
            if code.strip():
                self.out.append("```\n" + code + "\n```")
        elif tag == "blockquote":
            start = len(self.out)
            self.block(child, depth)
            self.out[start:] = ["> " + b.replace("\n", "\n> ") for b in self.out[start:]]
        elif tag == "hr":
            return
        else:
            self.block(child, depth)

    def _paragraph(self, text: str) -> None:
        text = _clean(text)
        if text:
            self.out.append(text)

    def _list(self, element: Any, ordered: bool, depth: int) -> None:
        items = [li for li in element if li.tag == "li"]
        if items and all(_is_footnote(li) for li in items):
            for number, li in enumerate(items, start=1):
                mark = self.footnotes.get(li.get("id", ""), str(number))
                text = _BACKLINK.sub("", _clean(self.inline_content(li)))
                self.out.append(f"[^{mark}]: {text}")
            return
        for number, li in enumerate(items, start=1):
            marker = f"{number}." if ordered else "-"
            indent = "  " * depth
            nested = [c for c in li if c.tag in {"ul", "ol"}]
            for sub in nested:  # written after the item's own text
                li.remove(sub)
            text = _clean(self.inline_content(li))
            if text:
                self.out.append(f"{indent}{marker} {text}")
            for sub in nested:
                self._list(sub, sub.tag == "ol", depth + 1)

    def _table(self, element: Any) -> None:
        rows = [
            [_clean(self.inline_content(cell)).replace("|", "\\|") for cell in row]
            for row in element.iter("tr")
        ]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        self.out.append("\n".join(lines))

    def inline_content(self, element: Any) -> str:
        """An element's text, its inline children included, block children flattened."""
        parts = [element.text or ""]
        for child in element:
            parts.append(self.inline(child) + " " * (child.tag in _BLOCKS) + (child.tail or ""))
        return "".join(parts)

    def inline(self, element: Any) -> str:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED or not tag:
            return ""
        if tag == "br":
            return " "
        if tag in {"sup", "a"}:
            mark = _FOOTNOTE_MARK.match(_clean("".join(element.itertext())))
            target = element.get("href", "") or "".join(
                a.get("href", "") for a in element.iter("a")
            )
            # A raised number, or a link to a note; a link such as "Article <a>3</a>" stays text.
            if mark and (tag == "sup" or _NOTE_LINK.match(target) or _names_note(element)):
                if target.startswith("#"):
                    self.footnotes[target[1:]] = mark.group(1)
                return f"[^{mark.group(1)}]"
        return self.inline_content(element)


def _is_footnote(li: Any) -> bool:
    """A list item that is a footnote: it ends with a back-link, or is named like one."""
    identifier = li.get("id", "")
    if identifier.startswith(("fn", "footnote")):
        return True
    return bool(_BACKLINK.search("".join(li.itertext())))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00ad", "")).strip()
