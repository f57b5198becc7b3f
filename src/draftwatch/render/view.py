"""What every report shows of a section and a key change, whatever the output format."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from draftwatch.model import Comparison, KeyChange, Op, OpKind, SectionChange

UNTITLED = "(before the first heading)"


def badges(change: SectionChange) -> list[str]:
    """added | removed | changed | unchanged, then renamed, moved, split, merged."""
    flags: list[str] = [change.status]
    flags += [name for name in ("renamed", "moved", "split", "merged") if getattr(change, name)]
    return flags


def title(change: SectionChange) -> str:
    return (change.new.title if change.new else change.old.title if change.old else "") or UNTITLED


def old_title(change: SectionChange) -> str:
    return change.old.title if change.old else ""


def is_shown(change: SectionChange) -> bool:
    """Sections a reader needs to see: anything but unchanged sections left in place."""
    return change.status != "unchanged" or change.moved


def importance(change: SectionChange, key_changes_by_section: Counter[str]) -> tuple[int, int, int]:
    """Sort key, most important first when reversed: structure, key changes, words changed."""
    structural = change.status in ("added", "removed") or change.renamed or change.moved
    return (
        int(structural),
        key_changes_by_section[change.id],
        change.words_inserted + change.words_deleted,
    )


def move_ends(comparison: Comparison) -> dict[str, tuple[str, str]]:
    """Move id -> titles of the sections it left and arrived in."""
    titles = {change.id: title(change) for change in comparison.sections}
    return {
        move.id: (titles.get(move.old_section, ""), titles.get(move.new_section, ""))
        for move in comparison.moves
    }


def document_name(comparison: Comparison, fallback: str = "document") -> str:
    for ref in (comparison.new.ref, comparison.old.ref):
        if "@" in ref:
            return ref.split("@", 1)[0]
    return fallback


def paragraphs(ops: Iterable[Op]) -> list[list[Op]]:
    """Split ops at paragraph breaks found in equal text, so unchanged paragraphs can be skipped."""
    paragraphs: list[list[Op]] = [[]]
    for op in ops:
        if op.op != "equal" or "\n\n" not in op.text:
            paragraphs[-1].append(op)
            continue
        pieces = op.text.split("\n\n")
        for k, piece in enumerate(pieces):
            if k:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append(Op(OpKind.EQUAL, piece))
    return paragraphs


CONTEXT_WORDS = 20  # words of unchanged text kept on each side of a change
_MIN_FOLD = 8  # a run of unchanged text shorter than this many words is not worth folding
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Fold:
    """A run of unchanged text shown folded: "… 240 unchanged words …", the text kept to
    expand (HTML) or left out (terminal, pull-request comment)."""

    text: str
    words: int

    @property
    def label(self) -> str:
        return f"… {self.words:,} unchanged word{'s' if self.words != 1 else ''} …"


Piece = Op | Fold


def in_context(ops: Iterable[Op], context: int | None = CONTEXT_WORDS) -> list[list[Piece]]:
    """A section's text as paragraphs, each change with `context` words of unchanged text on
    each side and the rest folded: a run of unchanged paragraphs becomes one paragraph holding
    one Fold. `context=None` shows everything."""
    result: list[list[Piece]] = []
    waiting: list[str] = []  # unchanged paragraphs not yet placed

    def flush() -> None:
        if not waiting:
            return
        text = "\n\n".join(waiting)
        words = len(_WORD.findall(text))
        if context is None or words < _MIN_FOLD:
            result.extend([[Op(OpKind.EQUAL, piece)] for piece in waiting])
        else:
            result.append([Fold(text, words)])
        waiting.clear()

    for paragraph in paragraphs(ops):
        if not paragraph:
            continue
        if all(op.op == "equal" for op in paragraph):
            waiting.append("".join(op.text for op in paragraph))
            continue
        flush()
        if context is None:
            result.append(list(paragraph))
            continue
        pieces: list[Piece] = []
        for k, op in enumerate(paragraph):
            pieces += _fold_equal(op, context if k else 0, context if k < len(paragraph) - 1 else 0)
        result.append(pieces)
    flush()
    return result


def _fold_equal(op: Op, head: int, tail: int) -> list[Piece]:
    """Unchanged text between changes: its first `head` and last `tail` words, the middle
    folded (the text before a paragraph's first change keeps only its end, and so on)."""
    if op.op != "equal":
        return [op]
    words = list(_WORD.finditer(op.text))
    head, tail = _to_sentence(words, head, tail)
    if len(words) < head + tail + _MIN_FOLD:
        return [op]
    start = words[head - 1].end() if head else 0
    end = words[-tail].start() if tail else len(op.text)
    # Leave the spacing next to the kept words with them, so the fold sits between words.
    while start < end and op.text[start].isspace():
        start += 1
    while end > start and op.text[end - 1].isspace():
        end -= 1
    folded = op.text[start:end]
    pieces: list[Piece] = []
    if op.text[:start]:
        pieces.append(Op(OpKind.EQUAL, op.text[:start]))
    pieces.append(Fold(folded, len(words) - head - tail))
    if op.text[end:]:
        pieces.append(Op(OpKind.EQUAL, op.text[end:]))
    return pieces


_SENTENCE_END = re.compile(r"[.!?;:][\"'”’)\]]*$")


def _to_sentence(words: list[re.Match[str]], head: int, tail: int) -> tuple[int, int]:
    """Stretch the words kept after a change to the end of its sentence, and those kept before
    one back to the start of its sentence, when that is at most half as many words again."""
    reach_head, reach_tail = head // 2, tail // 2
    if head and len(words) > head:
        for k in range(head - 1, min(head + reach_head, len(words))):
            if _SENTENCE_END.search(words[k].group(0)):
                head = k + 1
                break
    if tail and len(words) > tail:
        for k in range(len(words) - tail - 1, max(len(words) - tail - 1 - reach_tail, -1), -1):
            if _SENTENCE_END.search(words[k].group(0)):
                tail = len(words) - k - 1
                break
    return head, tail


def count_by_category(key_changes: Iterable[KeyChange]) -> str:
    """`2 money, 1 percent, 3 entity`: categories in rank order (the list is ranked)."""
    counts = Counter(change.category for change in key_changes)
    return ", ".join(f"{count} {category}" for category, count in counts.items())


HEADLINE = 10  # every view opens with this many of the most important key changes


def headline(comparison: Comparison) -> tuple[list[KeyChange], list[KeyChange]]:
    """The most important key changes (the list is ranked by importance), and the rest."""
    return list(comparison.key_changes[:HEADLINE]), list(comparison.key_changes[HEADLINE:])


def section_titles(comparison: Comparison) -> dict[str, str]:
    return {change.id: title(change) for change in comparison.sections}


def evidence(change: KeyChange, limit: int = 160) -> str:
    """A short evidence sentence: the new text (or the old, for something removed)."""
    text = " ".join((change.new_context or change.old_context).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def where(change: KeyChange, titles: dict[str, str]) -> str:
    """The section title, and how many more sections hold the same change (the count of
    places is told apart: two places may be in one section)."""
    place = titles.get(change.section, "") or UNTITLED
    more = len(set(change.locations) - {change.section})
    return place + (f" (and {more} more)" if more else "")


def where_and_why(change: KeyChange, titles: dict[str, str]) -> str:
    """ "in <section>; <why>" for a headline line, without a dangling "; " when there is no why."""
    place = f"in {where(change, titles)}"
    return f"{place}; {change.why}" if change.why else place


def outline_lines(comparison: Comparison) -> list[str]:
    """One plain line per structural change: added, removed, renamed, renumbered, split..."""
    lines = []
    for entry in comparison.outline:
        if entry.kind == "added":
            lines.append(f"added: {entry.new_title or UNTITLED}")
        elif entry.kind == "removed":
            lines.append(f"removed: {entry.old_title or UNTITLED}")
        elif entry.kind == "renumbered":
            lines.append(f"renumbered (cosmetic): {entry.old_title} -> {entry.new_title}")
        elif entry.kind == "renamed":
            lines.append(f"renamed: {entry.old_title} -> {entry.new_title}")
        else:
            lines.append(f"{entry.kind}: {entry.old_title or entry.new_title}")
    return lines
