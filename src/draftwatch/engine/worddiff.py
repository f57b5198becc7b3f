"""Word-level diff of two texts: words mapped to characters, diffed by diff-match-patch.

The C++ build (fast-diff-match-patch) is the fast path; the pure-Python diff-match-patch gives
the same result. Never with a time limit: a timed-out diff is silently coarse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from draftwatch.engine.normalize import loose_key
from draftwatch.engine.tokens import token_key, tokenize
from draftwatch.model import Op, OpKind

_SURROGATES = range(0xD800, 0xE000)
_HYPHEN_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])-\s*(?=[^\W\d_])")


def _fast_engine() -> Callable[[str, str], list[tuple[str, int]]] | None:
    try:
        import fast_diff_match_patch  # type: ignore[import-not-found]
    except ImportError:
        return None

    def diff(a: str, b: str) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = fast_diff_match_patch.diff(
            a, b, timelimit=0, checklines=False, cleanup="Semantic", counts_only=True
        )
        return found

    return diff


def _python_engine(a: str, b: str) -> list[tuple[str, int]]:
    from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    symbol = {0: "=", -1: "-", 1: "+"}
    return [(symbol[op], len(text)) for op, text in diffs]


_ENGINE = _fast_engine() or _python_engine


def use_engine(name: str) -> None:
    """Select 'fast' (C++) or 'python'; for tests and benchmarks."""
    global _ENGINE
    _ENGINE = (_fast_engine() if name == "fast" else None) or _python_engine


def _to_chars(keys: list[str], alphabet: dict[str, str]) -> str:
    for key in keys:
        if key not in alphabet:
            code = len(alphabet) + 1
            if code >= _SURROGATES.start:
                code += len(_SURROGATES)
            alphabet[key] = chr(code)
    return "".join([alphabet[key] for key in keys])


#: `word` (the default: words, and characters of scripts without spaces) or `char`.
GRANULARITY: ContextVar[str] = ContextVar("draftwatch_granularity", default="word")


def diff_words(old: str, new: str) -> tuple[Op, ...]:
    """Ops that turn `old` into `new`; equal+delete re-join to old, equal+insert to new."""
    if old == new:
        return (Op(OpKind.EQUAL, old),) if old else ()
    granularity = GRANULARITY.get()
    old_tokens, new_tokens = tokenize(old, granularity), tokenize(new, granularity)
    old_keys = [token_key(t) for t in old_tokens]
    new_keys = [token_key(t) for t in new_tokens]
    alphabet: dict[str, str] = {}
    steps = _ENGINE(_to_chars(old_keys, alphabet), _to_chars(new_keys, alphabet))
    ops: list[Op] = []
    i = j = 0
    for kind, count in steps:
        if kind == "=":
            ops.extend(_equal_run(old_tokens[i : i + count], new_tokens[j : j + count]))
            i += count
            j += count
        elif kind == "-":
            ops.append(Op(OpKind.DELETE, "".join(old_tokens[i : i + count])))
            i += count
        else:
            ops.append(Op(OpKind.INSERT, "".join(new_tokens[j : j + count])))
            j += count
    return tuple(mark_cosmetic(merge_ops(ops)))


def _equal_run(old_tokens: list[str], new_tokens: list[str]) -> Iterable[Op]:
    """Tokens equal by key may still differ in form (curly quotes): those become cosmetic ops."""
    start = 0
    for k, (a, b) in enumerate(zip(old_tokens, new_tokens, strict=True)):
        if a != b:
            if start < k:
                yield Op(OpKind.EQUAL, "".join(old_tokens[start:k]))
            yield Op(OpKind.DELETE, a, cosmetic=True)
            yield Op(OpKind.INSERT, b, cosmetic=True)
            start = k + 1
    if start < len(old_tokens):
        yield Op(OpKind.EQUAL, "".join(old_tokens[start:]))


def merge_ops(ops: Iterable[Op]) -> list[Op]:
    """Join neighbours of the same kind; deletes before inserts within a run of changes."""
    merged: list[Op] = []
    for op in ops:
        if not op.text:
            continue
        if merged and _same_kind(merged[-1], op):
            merged[-1] = Op(op.op, merged[-1].text + op.text, op.move, op.cosmetic)
        elif (
            merged
            and op.op == "delete"
            and merged[-1].op == "insert"
            and op.move is None
            and merged[-1].move is None
        ):
            # Keep "delete then insert" order inside a change so that readers see old -> new.
            previous = merged.pop()
            if merged and _same_kind(merged[-1], op):
                merged[-1] = Op(OpKind.DELETE, merged[-1].text + op.text, None, op.cosmetic)
            else:
                merged.append(op)
            merged.append(previous)
        else:
            merged.append(op)
    return merged


def _same_kind(a: Op, b: Op) -> bool:
    return a.op == b.op and a.move == b.move and a.cosmetic == b.cosmetic


def cosmetic_form(text: str) -> str:
    """What stays of a text once spacing, quotes, dashes, case and soft hyphens are ignored
    (loose_key leaves single spaces between words: they go too)."""
    return _HYPHEN_BETWEEN_LETTERS.sub("", loose_key(text)).replace(" ", "")


def mark_cosmetic(ops: list[Op]) -> list[Op]:
    """A delete followed by an insert with the same cosmetic form is a cosmetic edit."""
    out = list(ops)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if (
            a.op == "delete"
            and b.op == "insert"
            and not a.cosmetic
            and a.move is None
            and b.move is None
            and (cosmetic_form(a.text) == cosmetic_form(b.text) or _renumbered_note(out, k))
        ):
            out[k] = Op(OpKind.DELETE, a.text, cosmetic=True)
            out[k + 1] = Op(OpKind.INSERT, b.text, cosmetic=True)
    return out


_NOTE_NUMBER = re.compile(r"\d{1,4}")


def _renumbered_note(ops: list[Op], k: int) -> bool:
    """`[4]` -> `[1]`: a note reference renumbered, as footnotes are when a page is cut."""
    if k == 0 or k + 2 >= len(ops):
        return False
    before, after = ops[k - 1], ops[k + 2]
    return (
        before.op == "equal"
        and after.op == "equal"
        and before.text.endswith("[")
        and after.text.startswith("]")
        and bool(_NOTE_NUMBER.fullmatch(ops[k].text))
        and bool(_NOTE_NUMBER.fullmatch(ops[k + 1].text))
    )
