"""The history index of `draftwatch report --all`: every version, and a timeline in inline SVG."""

from __future__ import annotations

from dataclasses import dataclass

from draftwatch.model import HistoryStep, SectionChange, Version
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


def render_history(doc: str, versions: tuple[Version, ...], steps: list[HistoryStep]) -> str:
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
        badges=view.badges,
    )


def _columns(steps) -> list[Column]:
    totals = [
        sum(c.words_inserted + c.words_deleted + _structural(c) for c in step.comparison.sections)
        for step in steps
    ]
    scale = (CHART_HEIGHT - 30) / max(max(totals, default=1), 1)
    columns = []
    for k, step in enumerate(steps):
        x = GAP + k * (BAR_WIDTH + GAP)
        y = float(CHART_HEIGHT - 20)
        segments = []
        for change in step.comparison.sections:
            words = change.words_inserted + change.words_deleted + _structural(change)
            if not words:
                continue
            height = max(words * scale, 1.0)
            y -= height
            kind = _kind(change)
            tooltip = (
                f"{view.title(change)}: {', '.join(view.badges(change))}, "
                f"+{change.words_inserted} −{change.words_deleted} words"
            )
            segments.append(
                Segment(x, round(y, 2), BAR_WIDTH, round(height, 2), COLOURS[kind], tooltip)
            )
        columns.append(Column(x, _label(step.new), totals[k], step.file, tuple(segments)))
    return columns


def _structural(change) -> int:
    """A moved or renamed section with no edit still shows in the chart."""
    return 1 if (change.moved or change.renamed) and change.status == "unchanged" else 0


def _kind(change: SectionChange) -> str:
    if change.status in ("added", "removed"):
        return change.status
    if change.moved or change.renamed:
        return "moved"
    return "changed"


def _label(version: Version) -> str:
    return f"v{version.number}"
