"""Markdown for a pull-request comment (DESIGN section 7), under GitHub's 65,536 characters.

A summary table, the headline key changes, the outline of structural changes, then one
`<details>` per changed section, most important first, each change with a few words around it
and longer unchanged runs folded (render/view.py `in_context`), `<del>`/`<ins>` inline. Outside
text (document text, titles, labels, sources, names) is escaped only where GitHub would read it
as markup (`escape`; raw HTML gets `escape_html`), so it can neither inject markup nor be read
as Markdown, yet `->` arrives as `->`; its control characters are shown as escapes
(render/safe.py), and GitHub's own links are defused (see `_AUTOLINK`). Each `<details>` holds
no blank line: GitHub then takes it as one raw HTML block. The sections that do not fit under
the limit are left out, and the comment says how many and where the full report is.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Sequence

from draftwatch.model import Comparison, KeyChange, Op, SectionChange
from draftwatch.render import view
from draftwatch.render.safe import safe_line, safe_text

LIMIT = 65_536
_RESERVE = 600  # for the closing lines that say what was folded
#: GitHub turns `@name` (not after a letter: `a@b` is no mention) into a mention that notifies,
#: `#12`, `owner/repo#12` and `GH-12` into issue links, and bare `https://`, `ftp://` and `www.`
#: addresses into links, even in text written as character references or inside HTML. A word
#: joiner (U+2060, invisible) after the `@`, `#`, `GH`, scheme or `www` reads the same to a
#: person and links nothing (copied, an address then needs the joiner removed).
_AUTOLINK = re.compile(
    r"(?<!\w)@(?=\w)|#(?=\d)|\bGH(?=-\d)|\b(?:https?|ftp)(?=://)|\bwww(?=\.)", re.IGNORECASE
)


def render_markdown(comparison: Comparison, *, title: str = "", limit: int = LIMIT) -> str:
    """The whole comment; `title` heads it (default: the document and the two versions).

    In order: the versions and counts, the headline key changes, the outline of structural
    changes, then one `<details>` per changed section, most important first, while they fit
    under `limit`; a last line says how many were left out and where the full report is."""
    head = _head(comparison, title)
    first, _ = view.headline(comparison)
    key_lines, _ = _key_change_lines(first, limit // 3, view.section_titles(comparison))
    parts = [head]
    if key_lines:
        parts += ["", f"#### Headline: the {len(key_lines)} most important key changes", ""]
        parts += key_lines
        more = len(comparison.key_changes) - len(key_lines)
        if more:
            counts = view.count_by_category(comparison.key_changes[len(key_lines) :])
            parts.append(f"- … and {more} more key changes ({escape(counts)}) in the full report")
    else:
        parts += ["", "No key changes (amounts, dates, obligations, negation, parties, lists)."]
    parts += _outline_lines(comparison)
    budget = limit - _RESERVE - sum(len(part) + 1 for part in parts)
    blocks, folded_sections = _section_blocks(comparison, budget)
    if blocks:
        parts += ["", "#### Changed sections, most important first", ""]
        parts += [block + "\n" for block in blocks]
    if folded_sections:
        refs = f"{escape(comparison.old.ref)} {escape(comparison.new.ref)}"
        parts.append(
            f"_{folded_sections} less important changed sections left out to stay within "
            f"GitHub's {LIMIT:,}-character limit; the full report shows them all: "
            f"draftwatch report {refs} (or diff --format html)._"
        )
    text = "\n".join(parts).rstrip("\n") + "\n"
    return text if len(text) <= limit else text[: limit - 20].rsplit("\n", 1)[0] + "\n…\n"


#: Markdown characters that are markup wherever they stand in a line (`_` only at a word's
#: edge: GitHub reads `snake_case` as text), escaped with a backslash.
_MARKUP = re.compile(r"[`*\[\]|~]|\\(?=[!-/:-@\[-`{-~])|(?<!\w)_|_(?!\w)")
#: `<` that would open a tag or an autolink, `&` that would start a character reference.
_TAG_OR_ENTITY = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)")
#: What is markup only at the start of a line: quote, heading, list item, thematic break.
_LINE_START = re.compile(
    r"^(\s*)(?:(>|#(?=#{0,5}(?:\s|$))|[-+*=](?=\s|$|[-=]+\s*$))|(\d{1,9})([.)])(?=\s|$))"
)


def escape(text: str) -> str:
    """One line of outside text shown as itself in GitHub Markdown: no tag, link, mention or
    emphasis survives, and no line break. Only what GitHub would read as markup is escaped,
    so `->` and `A & B` arrive as written."""
    text = defuse(safe_line(text))
    text = _MARKUP.sub(lambda m: "\\" + m.group(0), text)
    text = _TAG_OR_ENTITY.sub(lambda m: "&lt;" if m.group(0) == "<" else "&amp;", text)
    return _LINE_START.sub(_escape_line_start, text, count=1)


def _escape_line_start(match: re.Match[str]) -> str:
    space, mark, number, dot = match.groups()
    return f"{space}\\{mark}" if mark else f"{space}{number}\\{dot}"


def escape_html(text: str) -> str:
    """One line of outside text inside raw HTML (a `<summary>`), where GitHub reads no
    Markdown: HTML-escaped, mentions and links defused."""
    return html.escape(defuse(safe_line(text)), quote=False).translate(_MARKDOWN_ONLY)


def defuse(text: str) -> str:
    """Mentions, issue references and bare addresses that GitHub would link, made inert."""
    return _AUTOLINK.sub(lambda match: match.group(0) + "\u2060", text)


def _head(comparison: Comparison, title: str) -> str:
    old, new = comparison.old, comparison.new
    summary = comparison.summary()
    heading = title or f"draftwatch: {old.ref} → {new.ref}"
    rows = [
        f"### {escape(heading)}",
        "",
        "| | old | new |",
        "|---|---|---|",
        f"| version | {escape(old.ref)} | {escape(new.ref)} |",
    ]
    for name in ("label", "date", "source"):
        if getattr(old, name) or getattr(new, name):
            rows.append(f"| {name} | {escape(getattr(old, name))} | {escape(getattr(new, name))} |")
    rows.append(f"| words | {old.words:,} | {new.words:,} |")
    rows += [
        "",
        "| key changes | changed | added | removed | renamed | moved | words |",
        "|---|---|---|---|---|---|---|",
        f"| {summary.key_changes} | {summary.sections_changed} | "
        f"{summary.sections_added} | {summary.sections_removed} | "
        f"{summary.sections_renamed} | {summary.sections_moved} | "
        f"+{summary.words_inserted} −{summary.words_deleted} |",
    ]
    return "\n".join(rows)


OUTLINE_SHOWN = 30


def _outline_lines(comparison: Comparison) -> list[str]:
    outline = view.outline_lines(comparison)
    if not outline:
        return []
    lines = ["", "#### Outline: structural changes", ""]
    lines += [f"- {escape(line)}" for line in outline[:OUTLINE_SHOWN]]
    if len(outline) > OUTLINE_SHOWN:
        lines.append(f"- … and {len(outline) - OUTLINE_SHOWN} more (see the full report)")
    return lines


def _key_change_lines(
    changes: list[KeyChange], budget: int, titles: dict[str, str] | None = None
) -> tuple[list[str], int]:
    lines: list[str] = []
    used = 0
    for number, change in enumerate(changes):
        if number < view.HEADLINE and titles is not None:
            line = (
                f"{number + 1}. **{change.category}** {escape(change.summary)} "
                f"({escape(view.where_and_why(change, titles))})"
            )
            if view.evidence(change):
                line += f"<br>“{escape(view.evidence(change))}”"
        else:
            line = f"- **{change.category}** {escape(change.summary)}"
        if used + len(line) + 1 > budget:
            return lines, len(changes) - number
        lines.append(line)
        used += len(line) + 1
    return lines, 0


def _section_blocks(comparison: Comparison, budget: int) -> tuple[list[str], int]:
    """Blocks for the most important changed sections that fit, most important first."""
    shown = [change for change in comparison.sections if view.is_shown(change)]
    by_section = Counter(change.section for change in comparison.key_changes)
    blocks = [_details(change) for change in shown]
    ranks = [view.importance(change, by_section) for change in shown]
    chosen = most_important_within(
        ranks,
        lambda k: len(blocks[k]) + 2,
        budget,
    )
    order = sorted(chosen, key=lambda k: (ranks[k], -k), reverse=True)
    return [blocks[k] for k in order], len(shown) - len(chosen)


def most_important_within(
    ranks: Sequence[tuple[int, ...]], cost: Callable[[int], int], budget: int
) -> set[int]:
    """The items to show in full: most important first (earlier first among equals), each
    taken while its cost still fits; the rest are folded by the caller."""
    chosen: set[int] = set()
    used = 0
    for k in sorted(range(len(ranks)), key=lambda k: (ranks[k], -k), reverse=True):
        if used + cost(k) <= budget:
            chosen.add(k)
            used += cost(k)
    return chosen


WHOLE_SECTION_WORDS = 60  # of an added or removed section, the comment shows its start


def _details(change: SectionChange) -> str:
    flags = ", ".join(view.badges(change))
    counts = f", +{change.words_inserted} −{change.words_deleted} words"
    name = f"<b>{escape_html(view.title(change))}</b>"
    if change.renamed:
        name = f"<del>{escape_html(view.old_title(change))}</del> → {name}"
    whole = change.status in ("added", "removed")  # all of it is the change: its start says
    paragraphs = []
    shown_words = 0
    for paragraph in view.in_context(change.ops):
        if whole and shown_words >= WHOLE_SECTION_WORDS:
            left = sum(len(op.text.split()) for op in change.ops) - shown_words
            paragraphs.append(f"<i>… {left:,} more words {change.status} …</i>")
            break
        pieces = []
        for piece in paragraph:
            if isinstance(piece, view.Fold):
                pieces.append(f"<i>{piece.label}</i>")
                continue
            if whole:
                words = piece.text.split(" ")
                piece = Op(piece.op, " ".join(words[: WHOLE_SECTION_WORDS - shown_words]))
                shown_words += len(piece.text.split())
                if not piece.text.strip():
                    continue
            pieces.append(_inline(piece))
        paragraphs.append("".join(pieces))
    body = "<br><br>".join(p.replace("\n", "<br>") for p in paragraphs) or "<i>(no text)</i>"
    return f"<details><summary>{name} ({flags}{counts})</summary>\n<p>{body}</p>\n</details>"


def _inline(op: Op) -> str:
    text = html.escape(defuse(safe_text(op.text)), quote=True).translate(_MARKDOWN_ONLY)
    if op.op == "equal":
        return text
    tag = "del" if op.op == "delete" else "ins"
    note = f"<sup>{'moved' if op.move else 'cosmetic'}</sup>" if op.move or op.cosmetic else ""
    return f"<{tag}>{text}</{tag}>{note}"


#: Inside a raw HTML block GitHub reads no Markdown, but escape what would matter if it did.
_MARKDOWN_ONLY = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]|~"})
