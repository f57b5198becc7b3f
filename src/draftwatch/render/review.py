"""`draftwatch review` for people: the pull-request comment (Markdown, under GitHub's size limit
however many documents changed) and the terminal view."""

from __future__ import annotations

from draftwatch.model import Review, ReviewItem
from draftwatch.render.markdown import escape, most_important_within, render_markdown
from draftwatch.render.safe import safe_line
from draftwatch.render.terminal import render_terminal

#: The comment's first line, by which the example workflow finds the comment to update.
MARKER = "<!-- draftwatch-review -->"


def review_markdown(result: Review, limit: int = 65_536) -> str:
    """The pull-request comment, under `limit` characters however many documents changed:
    the least important documents fold to one line each, and past that to a count."""
    lines = [MARKER, f"## draftwatch review: {escape(result.base)}..{escape(result.head)}", ""]
    if not result.items:
        lines.append("No draft versions added or changed in this range.")
        return "\n".join(lines) + "\n"
    items = result.items
    compared = [item for item in items if item.comparison is not None]
    share = max((limit - 2000) // max(len(compared), 1), _SMALLEST_SHARE)
    full = [_full_markdown(item, share) for item in items]
    budget = limit - len("\n".join(lines)) - _RESERVE
    if sum(len(block) + 2 for block in full) <= budget:
        return "\n".join(lines + [part for block in full for part in (block, "")]).rstrip() + "\n"
    short = [_short_markdown(item) for item in items]
    ranks = [_importance(item) for item in items]
    folded_cost = sum(len(line) + 1 for line in short)
    if folded_cost > budget:
        listed = most_important_within(ranks, lambda k: len(short[k]) + 1, budget)
        lines += [short[k] for k in sorted(listed)]
        more = len(items) - len(listed)
        lines.append(f"- … and {more} more documents (run `draftwatch review` locally for all)")
        return "\n".join(lines) + "\n"
    whole = most_important_within(
        ranks, lambda k: len(full[k]) + 2 - len(short[k]) - 1, budget - folded_cost
    )
    for k in sorted(whole):
        lines += [full[k], ""]
    folded = [k for k in range(len(items)) if k not in whole]
    lines += [f"### {len(folded)} more documents, one line each", ""]
    lines += [short[k] for k in folded]
    lines += [
        "",
        f"_{len(folded)} less important documents folded to stay within GitHub's comment "
        "limit; run `draftwatch review` locally for all._",
    ]
    return "\n".join(lines) + "\n"


_SMALLEST_SHARE = 4000  # below this a document's own folding leaves too little to read
_RESERVE = 600  # for the lines that say what was folded


def _full_markdown(item: ReviewItem, share: int) -> str:
    if item.problem:
        return f"### {escape(item.document)}: not reviewed\n\n{escape(item.problem)}"
    if item.comparison is None:
        return f"### {escape(item.document)}: {escape(_describe_one_sided(item))}"
    title = f"{item.document}: {item.old.ref} → {item.new.ref}"  # type: ignore[union-attr]
    return render_markdown(item.comparison, title=title, limit=share).rstrip("\n")


def _short_markdown(item: ReviewItem) -> str:
    if item.problem:
        return f"- **{escape(item.document)}**: not reviewed: {escape(item.problem)}"
    if item.comparison is None:
        return f"- **{escape(item.document)}**: {escape(_describe_one_sided(item))}"
    summary = item.comparison.summary()
    refs = f"{item.old.ref} → {item.new.ref}"  # type: ignore[union-attr]
    return (
        f"- **{escape(item.document)}**: {escape(refs)}: {summary.key_changes} key changes, "
        f"+{summary.words_inserted} −{summary.words_deleted} words"
    )


def _importance(item: ReviewItem) -> tuple[int, int, int]:
    """Problems first, then by key changes, then by words changed (all of a new document's)."""
    if item.comparison is None:
        words = len(item.new.text.split()) if item.new else 0
        return (int(bool(item.problem)), 0, words)
    summary = item.comparison.summary()
    changed = summary.words_inserted + summary.words_deleted
    return (0, summary.key_changes, changed)


def _describe_one_sided(item: ReviewItem) -> str:
    if item.new is None:
        return f"deleted ({item.old.ref})"  # type: ignore[union-attr]
    words = len(item.new.text.split())
    return f"new, {item.new.ref} ({words:,} words; nothing before it to compare with)"


def review_terminal(result: Review, *, color: bool) -> str:
    if not result.items:
        shown_range = safe_line(f"{result.base}..{result.head}")
        return f"No draft versions added or changed in {shown_range}.\n"
    parts = []
    for item in result.items:
        if item.problem:
            parts.append(f"{safe_line(item.document)}: not reviewed: {safe_line(item.problem)}\n")
        elif item.comparison is None:
            parts.append(f"{safe_line(item.document)}: {safe_line(_describe_one_sided(item))}\n")
        else:
            parts.append(render_terminal(item.comparison, color=color))
    return "\n".join(parts)
