"""The terminal view: a word diff per changed section, or a one-screen table (--stat).

Colour goes through rich when writing to a terminal; piped or with NO_COLOR the view is plain,
with git's word-diff markers `[-deleted-]` and `{+inserted+}`. Outside text is made inert
(render/safe.py) before colouring, so the only escape sequences written are rich's own.
"""

from __future__ import annotations

from draftwatch.model import Comparison, Op, SectionChange, Version
from draftwatch.render import view
from draftwatch.render.safe import safe_line, safe_text

#: How an edit is marked: git's word-diff markers when plain; for colour, private-use characters
#: that no document text keeps (see _unmarked), so document text is never read as a marker.
PLAIN_MARKS = ("[-", "-]", "{+", "+}", "", "", "")
COLOUR_MARKS = ("\ue000", "\ue001", "\ue002", "\ue003", "\ue004", "\ue005", "\ue006")
_COLOUR_MARK_CHARACTERS = dict.fromkeys(map(ord, "".join(COLOUR_MARKS)), "\ufffd")


def _unmarked(text: str) -> str:
    return text.translate(_COLOUR_MARK_CHARACTERS)


def _heading(change: SectionChange, marks: tuple[str, ...] = PLAIN_MARKS) -> str:
    old_title = change.old.title if change.old else ""
    new_title = change.new.title if change.new else ""
    if change.renamed or (old_title and new_title and old_title != new_title):
        title = f"{old_title or '(untitled)'} -> {new_title or '(untitled)'}"
    else:
        title = new_title or old_title or "(before the first heading)"
    return f"{marks[4]}## {safe_line(_unmarked(title))}  [{', '.join(view.badges(change))}]"


def _plain_op(op: Op, moves: dict[str, str], marks: tuple[str, ...] = PLAIN_MARKS) -> str:
    text = _unmarked(op.text) if marks is COLOUR_MARKS else op.text
    if op.op == "equal":
        return text
    note = f"<{moves.get(op.move, op.move)}>" if op.move else ""
    if op.op == "delete":
        return f"{marks[0]}{note}{text}{marks[1]}"
    return f"{marks[2]}{note}{text}{marks[3]}"


KEY_CHANGES_SHOWN = 40  # the most important; a long tail would push the text off the screen


def _key_change_block(comparison: Comparison) -> list[str]:
    """The headline (the most important key changes, with section and evidence), the outline
    of structural changes, then the other key changes."""
    lines: list[str] = []
    first, rest = view.headline(comparison)
    titles = view.section_titles(comparison)
    if first:
        total = len(comparison.key_changes)
        lines.append(f"Headline ({len(first)} most important of {total} key changes):")
        for number, k in enumerate(first, 1):
            lines.append(
                f"  {number}. [{k.category}] {safe_line(k.summary)}"
                f"  ({safe_line(view.where_and_why(k, titles))})"
            )
            if view.evidence(k):
                lines.append(f"     “{safe_line(view.evidence(k))}”")
        lines.append("")
    outline = view.outline_lines(comparison)
    if outline:
        lines.append(f"Outline ({len(outline)} structural changes):")
        lines += [f"  - {safe_line(line)}" for line in outline]
        lines.append("")
    if rest:
        listed = rest[: KEY_CHANGES_SHOWN - len(first)]
        lines.append(f"More key changes ({view.count_by_category(rest)}):")
        lines += [f"  * [{k.category}] {safe_line(k.summary)}" for k in listed]
        if len(rest) > len(listed):
            lines.append(
                f"  … and {len(rest) - len(listed)} more (all in --format json, md or html)"
            )
        lines.append("")
    return lines


def render_terminal(
    comparison: Comparison,
    *,
    color: bool,
    width: int = 100,
    context: int | None = view.CONTEXT_WORDS,
) -> str:
    """`context` words of unchanged text around each change, the rest folded to
    `… 240 unchanged words …`; `context=None` (`--full`) shows the whole text of each section."""
    moves = _move_notes(comparison)
    marks = COLOUR_MARKS if color else PLAIN_MARKS
    lines = [_header(comparison), _summary_line(comparison), ""]
    lines += _key_change_block(comparison)
    shown = 0
    for change in comparison.sections:
        if change.status == "unchanged" and not change.moved:
            continue
        shown += 1
        lines.append(_heading(change, marks))
        for paragraph in view.in_context(change.ops, context):
            lines.append(
                "".join(
                    f"{marks[5]}{piece.label}{marks[6]}"
                    if isinstance(piece, view.Fold)
                    else _plain_op(piece, moves, marks)
                    for piece in paragraph
                )
            )
            lines.append("")
    if not shown:
        lines.append("No differences.")
    text = safe_text("\n".join(lines).rstrip("\n") + "\n")
    return _colorize(text, width) if color else text


def _move_notes(comparison: Comparison) -> dict[str, str]:
    return {
        move: f"moved {move}: {left} -> {arrived}"
        for move, (left, arrived) in view.move_ends(comparison).items()
    }


def _header(comparison: Comparison) -> str:
    def describe(meta) -> str:
        extra = ", ".join(safe_line(x) for x in (meta.label, meta.date) if x)
        return f"{safe_line(meta.ref)} ({extra})" if extra else safe_line(meta.ref)

    return f"draftwatch: {describe(comparison.old)} -> {describe(comparison.new)}"


def _summary_line(comparison: Comparison) -> str:
    s = comparison.summary()
    return (
        f"{s.sections_changed} sections changed, {s.sections_added} added, "
        f"{s.sections_removed} removed, {s.sections_renamed} renamed, "
        f"{s.sections_moved} moved, {s.sections_unchanged} unchanged; "
        f"+{s.words_inserted} -{s.words_deleted} words, {s.moved_blocks} moved blocks, "
        f"{s.key_changes} key changes"
        + (f"; {s.ignored} changes ignored by noise rules (shown as cosmetic)" if s.ignored else "")
    )


def _colorize(marked: str, width: int) -> str:
    """Turn the colour marks into colour: deletions red and struck through, insertions green
    and underlined, headings bold cyan."""
    import re

    from rich.console import Console
    from rich.text import Text

    console = Console(width=width, force_terminal=True, color_system="standard", highlight=False)
    text = Text()
    delete, delete_end, insert, insert_end, heading, fold, fold_end = COLOUR_MARKS
    pattern = re.compile(
        f"{delete}(.*?){delete_end}|{insert}(.*?){insert_end}|{heading}([^\n]*)"
        f"|{fold}(.*?){fold_end}",
        re.DOTALL,
    )
    plain = marked
    position = 0
    for match in pattern.finditer(plain):
        text.append(plain[position : match.start()])
        if match.group(1) is not None:
            text.append(match.group(1), style="red strike")
        elif match.group(2) is not None:
            text.append(match.group(2), style="green underline")
        elif match.group(3) is not None:
            text.append(match.group(3), style="bold cyan")
        else:
            text.append(match.group(4), style="dim")
        position = match.end()
    text.append(plain[position:])
    with console.capture() as capture:
        console.print(text, end="", soft_wrap=True)
    return capture.get()


def render_stat(comparison: Comparison) -> str:
    """One line per section that is not unchanged, with its counts; plain columns."""
    rows = [("section", "status", "+words", "-words")]
    for change in comparison.sections:
        if change.status == "unchanged" and not change.moved:
            continue
        rows.append(
            (
                _short(safe_line(change.title or "(untitled)"), 60),
                ", ".join(view.badges(change)),
                f"+{change.words_inserted}",
                f"-{change.words_deleted}",
            )
        )
    widths = [max(len(row[k]) for row in rows) for k in range(4)]
    lines = [
        f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:>{widths[3]}}"
        for r in rows
    ]
    return safe_text("\n".join([_header(comparison), *lines, _summary_line(comparison)]) + "\n")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_log(versions: list[Version]) -> str:
    """`draftwatch log`: one line per stored version, every outside field on one safe line."""
    if not versions:
        return "No versions yet: add one with `draftwatch add FILE --doc NAME`.\n"
    lines = []
    for version in versions:
        label = f"  {safe_line(version.label)}" if version.label else ""
        ref, source = safe_line(version.ref), safe_line(version.source)
        date, digest = safe_line(version.date), version.sha256[:12]
        lines.append(f"{ref:<24} {date}  {digest}{label}  [{source}]")
    return "\n".join(lines) + "\n"
