"""CriticMarkup (https://fletcher.github.io/MultiMarkdown-6/syntax/critic.html): the redline as
one Markdown text, `{--deleted--}`, `{++inserted++}`, `{~~old~>new~~}`, for editors and
processors that accept or reject changes. The paragraphs come from `render/redline.py`;
headings are `#` lines, list items `- `, quotes `> `. CriticMarkup has no moves: moved text is a
deletion where it left and an insertion where it arrived.

Accepting every change gives the new document as draftwatch reads it, rejecting every change
the old one. CriticMarkup has no escape either: document text holding one of its delimiters
(`{++`, `++}`, `{--`, `--}`, `{~~`, `~>`, `~~}`, `{==`, `==}`, `{>>`, `<<}`) gets a word joiner
(U+2060, invisible) inside the delimiter, so no processor reads it as markup. Control characters
are shown as visible escapes (render/safe.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from draftwatch.model import Comparison, Document
from draftwatch.render.redline import (
    DEL,
    EQUAL,
    INS,
    MOVE_FROM,
    MOVE_TO,
    Paragraph,
    redline_paragraphs,
)
from draftwatch.render.safe import safe_text

JOINER = "\u2060"
_DELIMITER = re.compile(r"\{(?=\+\+|--|~~|==|>>)|(?<=\+\+|--|~~|==|<<)\}|~(?=>)")
_SIDE = {EQUAL: EQUAL, INS: INS, MOVE_TO: INS, DEL: DEL, MOVE_FROM: DEL}


def escape(text: str) -> str:
    """Document text that no CriticMarkup processor reads as markup."""
    text = safe_text(text)
    return _DELIMITER.sub(_break_delimiter, text)


def _break_delimiter(match: re.Match[str]) -> str:
    return JOINER + "}" if match.group(0) == "}" else match.group(0) + JOINER


def render_critic(comparison: Comparison, old_document: Document, new_document: Document) -> str:
    paragraphs = redline_paragraphs(comparison, old_document, new_document)
    old_starts = _line_starts(paragraphs, INS, lambda p: p.old_style)
    new_starts = _line_starts(paragraphs, DEL, lambda p: p.new_style)
    out: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        out.append(_paragraph(paragraph, old_starts.get(number), new_starts.get(number)))
        if number < len(paragraphs) - 1:
            out.append(_change(_SIDE[paragraph.mark], "\n\n"))
    # Neighbouring changes of one kind read as one (a delimiter in the text holds a joiner, so
    # these sequences are only ever this module's own).
    marked = "".join(out).replace("++}{++", "").replace("--}{--", "")
    return marked.rstrip("\n") + "\n"


def _prefix(style: str) -> str:
    if style.startswith("Heading "):
        return "#" * int(style.removeprefix("Heading ")) + " "
    return {"List Bullet": "- ", "Quote": "> "}.get(style, "")


def _line_starts(
    paragraphs: list[Paragraph], dropped: str, style: Callable[[Paragraph], str]
) -> dict[int, str]:
    """Where each line of one side starts, with the prefix it starts with. A paragraph whose
    break that side does not have runs on into the next: the line's style (heading, list item)
    is the one of the paragraph that ends it, and its prefix goes at its start."""
    starts: dict[int, str] = {}
    first = 0
    for number, paragraph in enumerate(paragraphs):
        if _SIDE[paragraph.mark] != dropped or number == len(paragraphs) - 1:
            starts[first] = _prefix(style(paragraph))
            first = number + 1
    return starts


def _paragraph(paragraph: Paragraph, old: str | None, new: str | None) -> str:
    runs: list[list[str]] = []  # [side, text], neighbours of one side joined
    if old == new:
        runs.append([EQUAL, old or ""])
    else:
        runs += [[DEL, old or ""], [INS, new or ""]]
    for piece in paragraph.pieces:
        side = _SIDE[piece.kind]
        if runs and runs[-1][0] == side:
            runs[-1][1] += piece.text
        else:
            runs.append([side, piece.text])
    runs = [run for run in runs if run[1]]
    parts: list[str] = []
    k = 0
    while k < len(runs):
        side, text = runs[k]
        if side == DEL and k + 1 < len(runs) and runs[k + 1][0] == INS:
            parts.append("{~~" + escape(text) + "~>" + escape(runs[k + 1][1]) + "~~}")
            k += 2
            continue
        parts.append(_change(side, escape(text)))
        k += 1
    return "".join(parts)


def _change(side: str, text: str) -> str:
    if side == INS:
        return "{++" + text + "++}"
    if side == DEL:
        return "{--" + text + "--}"
    return text
