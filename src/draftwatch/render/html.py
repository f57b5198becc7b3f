"""The HTML change report (DESIGN section 7): one self-contained file, safe for hostile text.

Jinja2 with autoescape renders it; CSS and JS are inlined from the templates folder, and a
Content-Security-Policy forbids loading anything. Every id and link is generated here (`s4`,
`m2-to`, `k7`), never taken from document text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from draftwatch.model import Comparison, KeyChange, SectionChange
from draftwatch.render import view
from draftwatch.render.safe import html_inert


@dataclass
class OpView:
    kind: str  # equal | delete | insert
    text: str
    cosmetic: bool = False
    move: str = ""
    partner: str = ""  # title of the section at the other end of a move
    anchor: str = ""


@dataclass
class FoldView:
    """Unchanged text folded to "… 240 unchanged words …", expanded by a button."""

    text: str
    label: str
    kind: str = "fold"


Shown = OpView | FoldView


@dataclass
class RowView:
    """One row of the side-by-side view: a paragraph pair, old left and new right (a folded run
    of unchanged paragraphs is one row with one expander for both sides)."""

    old: list[Shown]
    new: list[Shown]
    fold: FoldView | None = None


@dataclass
class SectionView:
    id: str
    title: str
    old_title: str
    level: int
    status: str
    badges: list[str]
    renamed: bool
    moved: bool
    ops: list[OpView] = field(default_factory=list)
    paragraphs: list[list[Shown]] = field(default_factory=list)  # the inline view, in context
    rows: list[RowView] = field(default_factory=list)  # the side-by-side view
    words_inserted: int = 0
    words_deleted: int = 0


@dataclass
class KeyChangeView:
    change: KeyChange
    anchor: str
    section_title: str


def render_html(
    comparison: Comparison, *, document: str = "", context: int | None = view.CONTEXT_WORDS
) -> str:
    """The report; `context` words of unchanged text around each change, the rest folded."""
    ends = view.move_ends(comparison)
    sections = [_section_view(change, ends, context) for change in comparison.sections]
    key_changes = _key_change_views(comparison, sections)
    return template("report.html.j2").render(
        document=document or view.document_name(comparison),
        old=comparison.old,
        new=comparison.new,
        summary=comparison.summary(),
        key_changes=key_changes,
        headline=view.HEADLINE,
        outline=view.outline_lines(comparison),
        key_change_counts=view.count_by_category(comparison.key_changes),
        sections=sections,
    )


def _inert(value: object) -> object:
    """Every value a template writes, escaped here (autoescape leaves Markup alone) and freed of
    control characters (render/safe.py's `html_inert`)."""
    if isinstance(value, str):
        from markupsafe import Markup, escape

        return Markup(html_inert(str(escape(value))))
    return value


@lru_cache(maxsize=8)
def template(name: str):
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("draftwatch.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_inert,
    )
    return environment.get_template(name)


def _section_view(
    change: SectionChange, move_ends: dict[str, tuple[str, str]], context: int | None
) -> SectionView:
    section = SectionView(
        id=change.id,
        title=view.title(change),
        old_title=view.old_title(change),
        level=(change.new or change.old).level,  # type: ignore[union-attr]
        status=change.status,
        badges=view.badges(change),
        renamed=change.renamed,
        moved=change.moved,
        words_inserted=change.words_inserted,
        words_deleted=change.words_deleted,
    )
    edits: dict[int, OpView] = {}  # the view of each change, shared by every layout
    for op in change.ops:
        item = OpView(op.op, op.text, cosmetic=op.cosmetic, move=op.move or "")
        if op.move:
            left, arrived = move_ends.get(op.move, ("", ""))
            item.anchor = f"{op.move}-{'from' if op.op == 'delete' else 'to'}"
            item.partner = arrived if op.op == "delete" else left
        section.ops.append(item)
        if op.op != "equal":
            edits[id(op)] = item
    for paragraph in view.in_context(change.ops, context):
        shown: list[Shown] = []
        for piece in paragraph:
            if isinstance(piece, view.Fold):
                shown.append(FoldView(piece.text, piece.label))
            else:
                shown.append(edits.get(id(piece)) or OpView(piece.op, piece.text))
        section.paragraphs.append(shown)
        if len(shown) == 1 and isinstance(shown[0], FoldView):
            section.rows.append(RowView([], [], shown[0]))
        else:
            section.rows.append(
                RowView(
                    [p for p in shown if p.kind != "insert"],
                    [p for p in shown if p.kind != "delete"],
                )
            )
    return section


def _key_change_views(comparison: Comparison, sections: list[SectionView]) -> list[KeyChangeView]:
    """Each key change links to the edit that shows it, or else to its section."""
    by_id = {section.id: section for section in sections}
    views = []
    for number, change in enumerate(comparison.key_changes, 1):
        section = by_id.get(change.section)
        anchor = change.section
        if section is not None and change.category != "section":
            target = _find_op(section.ops, change)
            if target is not None:
                target.anchor = target.anchor or f"k{number}"
                anchor = target.anchor
        views.append(KeyChangeView(change, anchor, section.title if section else ""))
    return views


def _find_op(ops: list[OpView], change: KeyChange) -> OpView | None:
    """The edit inside the value's place in the new text (or else the old), by position."""
    for kind, value, context in (
        ("insert", change.new, change.new_context),
        ("delete", change.old, change.old_context),
    ):
        if not value:
            continue
        side = [op for op in ops if op.kind in ("equal", kind)]
        text = "".join(op.text for op in side)
        hint = text.find(context.strip("…")[:60]) if context else -1
        at = text.find(value, max(hint, 0))
        if at < 0:
            at = text.find(value)
        if at < 0:
            continue
        position = 0
        for op in side:
            end = position + len(op.text)
            if op.kind == kind and not op.cosmetic and position < at + len(value) and at < end:
                return op
            position = end
    return next((op for op in ops if op.kind != "equal" and not op.cosmetic), None)
