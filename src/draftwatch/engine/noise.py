"""Noise rules: what a user says is not a change for their documents (a site-wide link move, a
version stamp, a footer). Pure: rules arrive as plain data (patterns), from `draftwatch.toml` or
`--ignore`, and only mark ops; they never change the text shown.

A change hunk (a run of deletes and inserts between unchanged text, not moved, not already
cosmetic) is *noise* when its old and new readings, each with the unchanged text around it, are
the same once every `ignore` match is removed, every `rewrite` applied and spacing collapsed; or,
with `min_change_words`, when fewer words than that changed on either side. A changed link target
is noise when its old and new targets read the same under the same rules (it then moves to
`ignored_links`). Noise is marked
`cosmetic` (shown, folded by `--ignore-cosmetic`, left out of counts and key changes) and
counted in `Comparison.ignored`: never dropped, never rewritten in what a reader sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from draftwatch.errors import BadInputError
from draftwatch.model import Comparison, Op, OpKind, SectionChange, SectionStatus

#: How much unchanged text on each side of a hunk the rules see (a URL, a stamp, a sentence).
CONTEXT = 200


@dataclass(frozen=True, slots=True)
class NoiseRules:
    """`ignore`: regular expressions for text that does not count; `rewrite`: (pattern,
    replacement) pairs applied to both sides before they are compared; `min_change_words`:
    smaller changes are noise (0: off)."""

    ignore: tuple[str, ...] = ()
    rewrite: tuple[tuple[str, str], ...] = ()
    min_change_words: int = 0

    def __bool__(self) -> bool:
        return bool(self.ignore or self.rewrite or self.min_change_words > 0)

    def compiled(self) -> list[tuple[re.Pattern[str], str]]:
        rules = [(pattern, "") for pattern in self.ignore] + list(self.rewrite)
        compiled = []
        for pattern, replacement in rules:
            try:
                regex = re.compile(pattern)
                regex.sub(replacement, "")  # a replacement naming a missing group fails here
            except (re.error, IndexError) as error:
                raise BadInputError(f"bad noise pattern {pattern!r}: {error}") from None
            compiled.append((regex, replacement))
        return compiled


def apply_noise(comparison: Comparison, rules: NoiseRules) -> Comparison:
    """The comparison with every noise hunk marked cosmetic and counted in `ignored`."""
    if not rules:
        return comparison
    compiled = rules.compiled()
    ignored = 0
    sections = []
    for change in comparison.sections:
        ops, count = _mark(change.ops, compiled, rules.min_change_words)
        noise_links = tuple(
            link
            for link in change.links
            if compiled and _normal(link.old, compiled) == _normal(link.new, compiled)
        )
        count += len(noise_links)
        ignored += count
        if count:
            links = tuple(link for link in change.links if link not in noise_links)
            change = replace(
                change, ops=ops, links=links, ignored_links=change.ignored_links + noise_links
            )
            change = replace(change, status=_status(change))
        sections.append(change)
    return replace(comparison, sections=tuple(sections), ignored=comparison.ignored + ignored)


def _status(change: SectionChange) -> SectionStatus:
    """A section whose every change is noise is unchanged, as one with only cosmetic edits is."""
    if change.status != SectionStatus.CHANGED or change.renamed or change.split or change.merged:
        return change.status
    real = change.links or any(op.op != OpKind.EQUAL and not op.cosmetic for op in change.ops)
    return SectionStatus.CHANGED if real else SectionStatus.UNCHANGED


def _is_hunk_op(op: Op) -> bool:
    return op.op != OpKind.EQUAL and op.move is None and not op.cosmetic


def _mark(
    ops: tuple[Op, ...], compiled: list[tuple[re.Pattern[str], str]], min_words: int
) -> tuple[tuple[Op, ...], int]:
    old_side = "".join(op.text for op in ops if op.op != OpKind.INSERT)
    marked = list(ops)
    count = 0
    position = 0  # in the old side
    k = 0
    while k < len(ops):
        if not _is_hunk_op(ops[k]):
            if ops[k].op != OpKind.INSERT:
                position += len(ops[k].text)
            k += 1
            continue
        end = k
        while end < len(ops) and _is_hunk_op(ops[end]):
            end += 1
        hunk = ops[k:end]
        old = "".join(op.text for op in hunk if op.op == OpKind.DELETE)
        new = "".join(op.text for op in hunk if op.op == OpKind.INSERT)
        before = old_side[max(0, position - CONTEXT) : position]
        after = old_side[position + len(old) : position + len(old) + CONTEXT]
        if _is_noise(before, old, new, after, compiled, min_words):
            count += 1
            for i in range(k, end):
                marked[i] = replace(ops[i], cosmetic=True)
        position += len(old)
        k = end
    return tuple(marked), count


def _is_noise(
    before: str,
    old: str,
    new: str,
    after: str,
    compiled: list[tuple[re.Pattern[str], str]],
    min_words: int,
) -> bool:
    changed_words = max(len(old.split()), len(new.split()))
    if not changed_words:
        return False  # spacing alone: the cosmetic detector's business
    if min_words and changed_words < min_words:
        return True
    if not compiled:
        return False
    return _normal(before + old + after, compiled) == _normal(before + new + after, compiled)


def _normal(text: str, compiled: list[tuple[re.Pattern[str], str]]) -> str:
    for regex, replacement in compiled:
        text = regex.sub(replacement, text)
    return " ".join(text.split())
