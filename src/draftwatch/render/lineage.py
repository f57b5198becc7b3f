"""`history`, `blame` and `dropped` for people: terminal, Markdown and HTML (JSON is in json.py).

Every title and sentence comes from the document: terminal text through `safe_line`, Markdown
through `markdown.escape`, HTML through Jinja2's autoescape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from draftwatch.model import (
    BlameLine,
    DocumentHistory,
    DroppedSentence,
    Lineage,
    LineageState,
    Op,
    SectionChange,
)
from draftwatch.render.html import template
from draftwatch.render.markdown import escape
from draftwatch.render.safe import safe_line, safe_text

#: One character per version in the sections-by-versions table.
CELL = {
    "first": "o",
    "unchanged": ".",
    "changed": "c",
    "renamed": "R",
    "moved": "M",
    "added": "+",
    "removed": "x",
}
LEGEND = (
    "o first version  . present, unchanged  c changed  R renamed  M moved  + added  "
    "x removed (blank: not there)"
)


def _cells(history: DocumentHistory, line: Lineage) -> list[str]:
    cells = []
    for version in history.versions:
        state = line.at(version.number)
        if state is not None:
            cells.append(CELL[state.state])
        elif line.removed_in == version.number:
            cells.append(CELL["removed"])
        else:
            cells.append(" ")
    return cells


def _total_words(line: Lineage) -> int:
    return sum(state.words_changed for state in line.states)


def history_terminal(history: DocumentHistory) -> str:
    """The sections-by-versions table: one row per lineage, one column per version."""
    numbers = [version.number for version in history.versions]
    lines = [
        f"{safe_line(history.doc)}: {len(numbers)} versions, {len(history.lineages)} sections "
        "followed across them",
        LEGEND,
        "",
    ]
    header = "".join(str(n % 10) for n in numbers)
    lines.append(f"{'lineage':<9} {header}  {'words':>6}  title (latest; earlier titles)")
    for line in history.lineages:
        titles = list(dict.fromkeys(state.title for state in line.states))
        shown = safe_line(titles[-1] or "(before the first heading)")
        if len(titles) > 1:
            shown += "  (was: " + "; ".join(safe_line(t) for t in reversed(titles[:-1])) + ")"
        cells = "".join(_cells(history, line))
        lines.append(f"{line.id:<9} {cells}  {_total_words(line):>6}  {shown}")
    return "\n".join(lines) + "\n"


def history_markdown(history: DocumentHistory) -> str:
    numbers = [version.number for version in history.versions]
    lines = [
        f"## {escape(history.doc)}: sections across {len(numbers)} versions",
        "",
        "| lineage | section | " + " | ".join(f"v{n}" for n in numbers) + " | words changed |",
        "|---|---|" + "---|" * len(numbers) + "---:|",
    ]
    for line in history.lineages:
        title = escape(line.states[-1].title or "(before the first heading)")
        cells = " | ".join(_markdown_state(history, line, n) for n in numbers)
        lines.append(f"| {line.id} | {title} | {cells} | {_total_words(line)} |")
    return "\n".join(lines) + "\n"


def _markdown_state(history: DocumentHistory, line: Lineage, number: int) -> str:
    state = line.at(number)
    if state is not None:
        return state.state
    return "removed" if line.removed_in == number else ""


@dataclass(frozen=True)
class GridCell:
    """One lineage in one version: its state's CSS class and symbol, and, when something
    happened to it there, a link to it in that version's comparison and a tooltip."""

    state: str  # a key of CELL, or "" when the lineage is not there
    symbol: str
    link: str = ""
    tooltip: str = ""


@dataclass(frozen=True)
class GridRow:
    id: str
    title: str
    earlier_titles: tuple[str, ...]
    words: int
    changed: bool  # anything happened to it after its first version
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class GridColumn:
    number: int
    link: str  # the comparison with the version before ("" for none)


@dataclass(frozen=True)
class Grid:
    """The sections-by-versions grid of `history --format html` and of the history index."""

    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    legend: str = LEGEND


def history_grid(history: DocumentHistory, reports: dict[int, str]) -> Grid:
    """One row per lineage, one cell per version; `reports`: version number -> its comparison
    with the version before (a file name relative to the page). A cell where the section was
    added, changed, renamed, moved or removed links to that section in the comparison; cells
    where nothing happened carry no link and no tooltip, so that 200 versions of hundreds of
    sections stay a page a browser opens at once."""
    removed_ids: dict[int, dict[int, str]] = {}  # version -> old section index -> change id
    for comparison in history.comparisons:
        gone = removed_ids.setdefault(comparison.new.number, {})
        for change in comparison.sections:
            if change.new is None and change.old is not None:
                gone[change.old.index] = change.id
    numbers = [version.number for version in history.versions]
    rows = []
    for line in history.lineages:
        cells = []
        for number in numbers:
            state = line.at(number)
            report = reports.get(number, "")
            if state is None:
                if line.removed_in != number:
                    cells.append(GridCell("", ""))
                    continue
                anchor = removed_ids.get(number, {}).get(line.states[-1].index, "")
                link = f"{report}#{anchor}" if report and anchor else report
                tooltip = f"v{number}: removed — {_named(line.states[-1])}"
                cells.append(GridCell("removed", CELL["removed"], link, tooltip))
            elif state.state in ("first", "unchanged"):
                cells.append(GridCell(state.state, CELL[state.state]))
            else:
                link = f"{report}#{state.change}" if report and state.change else report
                tooltip = f"v{number}: {state.state}, {state.words_changed} words — {_named(state)}"
                cells.append(GridCell(state.state, CELL[state.state], link, tooltip))
        rows.append(
            GridRow(
                id=line.id,
                title=line.states[-1].title or "(before the first heading)",
                earlier_titles=tuple(
                    reversed(list(dict.fromkeys(state.title for state in line.states))[:-1])
                ),
                words=_total_words(line),
                changed=line.removed_in is not None
                or any(state.state not in ("first", "unchanged") for state in line.states),
                cells=tuple(cells),
            )
        )
    columns = tuple(GridColumn(number, reports.get(number, "")) for number in numbers)
    return Grid(columns, tuple(rows))


def _named(state: LineageState) -> str:
    return state.title or "(before the first heading)"


def history_html(history: DocumentHistory, reports: dict[int, str]) -> str:
    """The grid on a page of its own (`history --format html`)."""
    return template("lineages.html.j2").render(
        document=history.doc, grid=history_grid(history, reports)
    )


def _change_of(history: DocumentHistory, state: LineageState) -> SectionChange | None:
    for comparison in history.comparisons:
        if comparison.new.number == state.version:
            for change in comparison.sections:
                if change.id == state.change:
                    return change
    return None


def _plain_ops(ops: Sequence[Op]) -> str:
    return "".join(
        op.text
        if op.op == "equal"
        else (f"[-{op.text}-]" if op.op == "delete" else f"{{+{op.text}+}}")
        for op in ops
    )


def lineage_terminal(history: DocumentHistory, line: Lineage) -> str:
    """One clause in every version: its titles, the word diff from each version to the next,
    and its key changes."""
    out = [f"{line.id}: {safe_line(line.states[-1].title or '(before the first heading)')}"]
    titles = [(s.version, s.title) for s in line.states]
    changes = [titles[0]] + [t for k, t in enumerate(titles[1:], 1) if t[1] != titles[k - 1][1]]
    out.append("titles: " + "; ".join(f"v{v} {safe_line(t)!s}" for v, t in changes))
    if line.parents:
        out.append(f"split from: {', '.join(line.parents)}")
    if line.removed_in:
        gone = f"merged into {line.merged_into}" if line.merged_into else "removed"
        out.append(f"v{line.removed_in}: {gone}")
    for number, state in enumerate(line.states):
        out.append("")
        heading = f"== v{state.version}: {safe_line(state.title)}  [{state.state}"
        heading += f", {state.words_changed} words changed]" if state.words_changed else "]"
        out.append(heading)
        for key in state.key_changes:
            out.append(f"  * [{key.category}] {safe_line(key.summary)}")
        change = _change_of(history, state) if number else None
        if change is not None and state.state != "unchanged":
            out.append(safe_text(_plain_ops(change.ops)).rstrip("\n"))
        elif number == 0 or state.state == "added":
            out.append(safe_text(state.body).rstrip("\n"))
        else:
            out.append("(text unchanged)")
    return "\n".join(out) + "\n"


def lineage_markdown(history: DocumentHistory, line: Lineage) -> str:
    out = [f"## {line.id}: {escape(line.states[-1].title or '(before the first heading)')}", ""]
    for number, state in enumerate(line.states):
        out.append(f"### v{state.version}: {escape(state.title)} ({state.state})")
        out.append("")
        for key in state.key_changes:
            out.append(f"- **{key.category}**: {escape(key.summary)}")
        change = _change_of(history, state) if number else None
        if change is not None and state.state != "unchanged":
            text = "".join(
                escape(op.text)
                if op.op == "equal"
                else (
                    f"<del>{escape(op.text)}</del>"
                    if op.op == "delete"
                    else f"<ins>{escape(op.text)}</ins>"
                )
                for op in change.ops
            )
        else:
            text = escape(state.body)
        out += [text, ""]
    return "\n".join(out)


def lineage_html(history: DocumentHistory, line: Lineage) -> str:
    steps = []
    for number, state in enumerate(line.states):
        change = _change_of(history, state) if number else None
        ops = (
            [{"kind": op.op.value, "text": op.text} for op in change.ops]
            if change is not None
            else [{"kind": "equal", "text": state.body}]
        )
        steps.append({"state": state, "ops": ops})
    return template("lineage.html.j2").render(document=history.doc, line=line, steps=steps)


def blame_terminal(ref: str, lines: Sequence[BlameLine]) -> str:
    """One sentence a line, with a margin: since which version it stands, and where its line
    began (`v3<v1`: as it is since v3, first written in v1)."""
    out = [f"{safe_line(ref)}: since which version each sentence stands (since<origin)", ""]
    section = None
    for line in lines:
        if line.section != section:
            section = line.section
            out.append(f"{'':9}## {safe_line(section or '(before the first heading)')}")
        margin = f"v{line.since}" + (f"<v{line.origin}" if line.origin != line.since else "")
        out.append(f"{margin:<9}{safe_line(line.text)}")
    return "\n".join(out) + "\n"


def blame_html(ref: str, lines: Sequence[BlameLine]) -> str:
    return template("blame.html.j2").render(ref=ref, lines=lines)


def dropped_terminal(doc: str, sentences: Sequence[DroppedSentence]) -> str:
    if not sentences:
        return f"{safe_line(doc)}: no sentence was dropped.\n"
    gone = sum(sentence.came_back_in is None for sentence in sentences)
    out = [
        f"{safe_line(doc)}: {gone} sentence{'s' if gone != 1 else ''} dropped and gone from "
        "the latest version; "
        f"{len(sentences) - gone} dropped and back later. Amounts, deadlines and obligations "
        "first.",
        "",
    ]
    for sentence in sentences:
        back = f", back in v{sentence.came_back_in}" if sentence.came_back_in else ""
        values = ", ".join(f"{c}: {safe_line(v)}" for c, v in sentence.key_values)
        out.append(
            f"v{sentence.dropped_in} dropped (last in v{sentence.last_seen}{back}) "
            f"in {safe_line(sentence.section or '(before the first heading)')}"
            + (f"  [{values}]" if values else "")
        )
        out.append(f"    {safe_line(sentence.text)}")
    return "\n".join(out) + "\n"


def dropped_markdown(doc: str, sentences: Sequence[DroppedSentence]) -> str:
    out = [
        f"## {escape(doc)}: dropped sentences",
        "",
        "| dropped in | last seen | back in | section | key content | sentence |",
        "|---|---|---|---|---|---|",
    ]
    for sentence in sentences:
        values = ", ".join(f"{c}: {escape(v)}" for c, v in sentence.key_values)
        back = f"v{sentence.came_back_in}" if sentence.came_back_in else ""
        out.append(
            f"| v{sentence.dropped_in} | v{sentence.last_seen} | {back} | "
            f"{escape(sentence.section)} | {values} | {escape(sentence.text)} |"
        )
    return "\n".join(out) + "\n"
