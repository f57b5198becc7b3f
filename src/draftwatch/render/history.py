"""The history index of `draftwatch report --all`: every version, and a timeline in inline SVG."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from draftwatch.model import Comparison, HistoryStep, SectionChange, TimelineSection, Version
from draftwatch.render import view
from draftwatch.render.html import template

BAR_WIDTH = 56
GAP = 28
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
class Column:
    x: int
    label: str
    total: int
    file: str
    segments: tuple[Segment, ...]


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


def render_history(doc: str, versions: Sequence[Version], steps: Sequence[HistoryStep]) -> str:
    columns = _columns(steps)
    width = max(len(columns), 1) * (BAR_WIDTH + GAP) + GAP
    return template("history.html.j2").render(
        document=doc,
        versions=versions,
        steps=steps,
        columns=columns,
        chart_width=width,
        chart_height=CHART_HEIGHT,
        colours=COLOURS,
    )


def _columns(steps: Sequence[HistoryStep]) -> list[Column]:
    """Bars drawn on a square-root scale, so a version that changed 14 words still shows beside
    one that changed 10,000; the true total is written under each bar."""
    totals = [sum(section.weight for section in step.sections) for step in steps]
    scale = (CHART_HEIGHT - 30) / math.sqrt(max(max(totals, default=1), 1))
    columns = []
    for k, step in enumerate(steps):
        x = GAP + k * (BAR_WIDTH + GAP)
        column_height = math.sqrt(totals[k]) * scale
        y = float(CHART_HEIGHT - 20)
        segments = []
        for section in step.sections:
            height = max(column_height * section.weight / max(totals[k], 1), 1.0)
            y -= height
            tooltip = (
                f"{section.title}: {', '.join(section.badges)}, "
                f"+{section.words_inserted} −{section.words_deleted} words"
            )
            segments.append(
                Segment(x, round(y, 2), BAR_WIDTH, round(height, 2), COLOURS[section.kind], tooltip)
            )
        columns.append(Column(x, f"v{step.new_number}", totals[k], step.file, tuple(segments)))
    return columns


def _structural(change: SectionChange) -> int:
    """A moved or renamed section with no edit still shows in the chart."""
    return 1 if (change.moved or change.renamed) and change.status == "unchanged" else 0


def _kind(change: SectionChange) -> str:
    if change.status in ("added", "removed"):
        return change.status
    if change.moved or change.renamed:
        return "moved"
    return "changed"
