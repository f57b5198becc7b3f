"""The history index (`reports/<doc>/index.html`, written by `add` and `report --all`): every
version, a timeline in inline SVG, the comparisons with the latest version and the
sections-by-versions grid (render/lineage.py's, shared with `history --format html`).

The timeline's bars are drawn on a square-root scale of the words changed: on a linear scale a
14-word version is invisible beside an 11,889-word one; on this one it is a short bar still
(the axis is labelled with its ticks, and each bar with its count). Past 40 versions the bars
narrow and every tenth is labelled, so that 200 versions stay one scrollable chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from draftwatch.model import Comparison, HistoryStep, SectionChange, TimelineSection, Version
from draftwatch.render import view
from draftwatch.render.html import template
from draftwatch.render.lineage import Grid

BAR_WIDTH = 56
GAP = 28
#: From this many versions on, narrow bars (NARROW_BAR wide, NARROW_GAP apart), every tenth
#: labelled.
MANY = 40
NARROW_BAR = 10
NARROW_GAP = 3
CHART_HEIGHT = 220
COLOURS = {
    "added": "#2e9e4f",
    "removed": "#c93c3c",
    "moved": "#3b5fd1",
    "changed": "#d99a00",
}


@dataclass(frozen=True)
class Segment:
    """One section's share of a version's bar: its words changed, drawn to scale."""

    x: int
    y: float
    width: int
    height: float
    colour: str
    tooltip: str


@dataclass(frozen=True)
class Tick:
    """A labelled line of the square-root axis."""

    y: float
    words: int


@dataclass(frozen=True)
class Column:
    x: int
    width: int
    label: str  # "" for a column left unlabelled in a long history
    total: int
    file: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class ToLatest:
    """An earlier version compared with the latest: its report, or "" when not written."""

    old_number: int
    new_number: int
    file: str


AXIS = 44  # room on the left for the axis labels
BASE = CHART_HEIGHT - 20  # the bars stand on this line
TOP = 10  # the tallest bar reaches this far from the top


def history_step(comparison: Comparison, file: str) -> HistoryStep:
    """What the index keeps of one comparison (the counts, and each changed section)."""
    sections = []
    for change in comparison.sections:
        weight = change.words_inserted + change.words_deleted + _structural(change)
        if weight:
            sections.append(
                TimelineSection(
                    title=view.title(change),
                    kind=_kind(change),
                    badges=tuple(view.badges(change)),
                    words_inserted=change.words_inserted,
                    words_deleted=change.words_deleted,
                    weight=weight,
                )
            )
    return HistoryStep(
        comparison.old.number,
        comparison.new.number,
        file,
        comparison.summary(),
        tuple(sections),
    )


def render_history(
    doc: str,
    versions: Sequence[Version],
    steps: Sequence[HistoryStep],
    grid: Grid,
    to_latest: Sequence[ToLatest] = (),
) -> str:
    bar, gap = (BAR_WIDTH, GAP) if len(steps) < MANY else (NARROW_BAR, NARROW_GAP)
    columns, ticks = _columns(steps, bar, gap)
    width = AXIS + max(len(columns), 1) * (bar + gap) + gap
    return template("history.html.j2").render(
        document=doc,
        versions=versions,
        steps=steps,
        columns=columns,
        ticks=ticks,
        axis=AXIS,
        chart_width=width,
        chart_height=CHART_HEIGHT,
        colours=COLOURS,
        badges=view.badges,
        grid=grid,
        first_to_latest=to_latest[0] if to_latest else None,
        to_latest=to_latest,
        missing_to_latest=sum(not item.file for item in to_latest),
    )


def _columns(
    steps: Sequence[HistoryStep], bar_width: int = BAR_WIDTH, gap: int = GAP
) -> tuple[list[Column], list[Tick]]:
    """Each bar is sqrt(total words) tall; its sections share it in proportion to their words."""
    totals = [sum(section.weight for section in step.sections) for step in steps]
    largest = max(max(totals, default=1), 1)
    scale = (BASE - TOP) / math.sqrt(largest)
    columns = []
    labelled = len(steps) < MANY
    for k, step in enumerate(steps):
        x = AXIS + gap + k * (bar_width + gap)
        y = float(BASE)
        bar = math.sqrt(totals[k]) * scale
        segments = []
        for section in step.sections:
            height = max(bar * section.weight / max(totals[k], 1), 1.0)
            y -= height
            tooltip = (
                f"{section.title}: {', '.join(section.badges)}, "
                f"+{section.words_inserted} −{section.words_deleted} words"
            )
            segments.append(
                Segment(x, round(y, 2), bar_width, round(height, 2), COLOURS[section.kind], tooltip)
            )
        label = f"v{step.new_number}" if labelled or step.new_number % 10 == 0 else ""
        columns.append(Column(x, bar_width, label, totals[k], step.file, tuple(segments)))
    return columns, _ticks(largest, scale)


def _ticks(largest: int, scale: float) -> list[Tick]:
    """Round word counts up to the largest, where the square-root axis draws a line."""
    ticks = []
    for words in (10, 100, 1_000, 10_000, 100_000, 1_000_000):
        if words > largest:
            break
        ticks.append(Tick(round(BASE - math.sqrt(words) * scale, 2), words))
    return ticks


def _structural(change: SectionChange) -> int:
    """A moved or renamed section with no edit still shows in the chart."""
    return 1 if (change.moved or change.renamed) and change.status == "unchanged" else 0


def _kind(change: SectionChange) -> str:
    if change.status in ("added", "removed"):
        return change.status
    if change.moved or change.renamed:
        return "moved"
    return "changed"
