"""Markdown for a pull-request comment (DESIGN section 7), under GitHub's 65,536 characters.

A summary table, the key changes, then one `<details>` per changed section with `<del>`/`<ins>`
inline. Outside text (document text, titles, labels, sources, names) is escaped for both HTML
and Markdown, so it can neither inject markup nor be read as Markdown; its control characters
are shown as escapes (render/safe.py), and GitHub's own links are defused (see `_AUTOLINK`).
Each `<details>` holds no blank line: GitHub then takes it as one raw HTML block. When the
comment would be too long, the least important sections (and, on a huge change, key changes)
are folded, and the comment says how many.
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
#: Characters that could start markup anywhere in a line of GitHub Markdown, as references.
_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]|~<>&#!"})
#: GitHub turns `@name` (not after a letter: `a@b` is no mention) into a mention that notifies,
#: `#12`, `owner/repo#12` and `GH-12` into issue links, and bare `https://`, `ftp://` and `www.`
#: addresses into links, even in text written as character references or inside HTML. A word
#: joiner (U+2060, invisible) after the `@`, `#`, `GH`, scheme or `www` reads the same to a
#: person and links nothing (copied, an address then needs the joiner removed).
_AUTOLINK = re.compile(
    r"(?<!\w)@(?=\w)|#(?=\d)|\bGH(?=-\d)|\b(?:https?|ftp)(?=://)|\bwww(?=\.)", re.IGNORECASE
)


def render_markdown(comparison: Comparison, *, title: str = "", limit: int = LIMIT) -> str:
    """The whole comment; `title` heads it (default: the document and the two versions)."""
    head = _head(comparison, title)
    budget = limit - _RESERVE - len(head)
    key_lines, folded_changes = _key_change_lines(
        list(comparison.key_changes), budget // 3, view.section_titles(comparison)
    )
    budget -= sum(len(line) + 1 for line in key_lines)
    budget -= sum(len(line) + 1 for line in _outline_lines(comparison)) + 200
    blocks, folded_sections = _section_blocks(comparison, budget)
    parts = [head]
    if key_lines:
        first, rest = view.headline(comparison)
        parts += ["", f"#### Headline: the {len(first)} most important key changes", ""]
        parts += key_lines[: len(first)]
        parts += _outline_lines(comparison)
        if key_lines[len(first) :] or folded_changes:
            counts = view.count_by_category(rest)
            parts += ["", "#### More key changes", "", f"_{escape(counts)}_", ""]
            parts += key_lines[len(first) :]
        if folded_changes:
            parts.append(f"- … and {folded_changes} more key changes (see the full report)")
    else:
        parts += _outline_lines(comparison)
        parts += ["", "No key changes (amounts, dates, obligations, negation, parties, lists)."]
    if blocks:
        parts += ["", "#### Changed sections", ""]
        parts += [block + "\n" for block in blocks]
    if folded_sections:
        parts.append(
            f"_{folded_sections} less important changed sections folded to stay within "
            "GitHub's comment limit; `draftwatch report` shows them all._"
        )
    text = "\n".join(parts).rstrip("\n") + "\n"
    return text if len(text) <= limit else text[: limit - 20].rsplit("\n", 1)[0] + "\n…\n"


def escape(text: str) -> str:
    """One line of outside text shown as itself in GitHub Markdown and HTML: no tag, link,
    mention or emphasis survives, and no line break."""
    return defuse(safe_line(text)).translate(_SPECIAL)


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
                f"(in {escape(view.where(change, titles))}; {escape(change.why)})"
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
    """Blocks for the most important changed sections that fit, shown in document order."""
    shown = [change for change in comparison.sections if view.is_shown(change)]
    by_section = Counter(change.section for change in comparison.key_changes)
    blocks = [_details(change) for change in shown]
    chosen = most_important_within(
        [view.importance(change, by_section) for change in shown],
        lambda k: len(blocks[k]) + 2,
        budget,
    )
    return [blocks[k] for k in sorted(chosen)], len(shown) - len(chosen)


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


def _details(change: SectionChange) -> str:
    flags = ", ".join(view.badges(change))
    counts = f", +{change.words_inserted} −{change.words_deleted} words"
    name = f"<b>{escape(view.title(change))}</b>"
    if change.renamed:
        name = f"<del>{escape(view.old_title(change))}</del> → {name}"
    paragraphs = [
        "".join(_inline(view.trim(op, k, len(paragraph))) for k, op in enumerate(paragraph))
        for paragraph in view.paragraphs(change.ops)
        if any(op.op != "equal" for op in paragraph)
    ]
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
