"""Engine cases as files (tests/cases/*.md, described in tests/cases/README.md): a new case is a
new file, not new code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from draftwatch.engine import compare
from draftwatch.model import Comparison, SectionChange
from tests.helpers import assert_lossless

CASES = sorted((Path(__file__).parent / "cases").glob("*.md"))
CASES = [path for path in CASES if path.name != "README.md"]
_BLOCK = re.compile(r"^````(old|new|expect)\n(.*?)^````$", re.DOTALL | re.MULTILINE)


def read_case(path: Path) -> tuple[str, str, list[str]]:
    blocks = {name: body for name, body in _BLOCK.findall(path.read_text(encoding="utf-8"))}
    missing = {"old", "new", "expect"} - blocks.keys()
    assert not missing, f"{path.name} lacks {sorted(missing)}"
    expect = [line.strip() for line in blocks["expect"].splitlines() if line.strip()]
    return blocks["old"], blocks["new"], expect


def _section(comparison: Comparison, title: str) -> SectionChange:
    old_title, arrow, new_title = title.partition(" -> ")
    for change in comparison.sections:
        old = change.old.title if change.old else ""
        new = change.new.title if change.new else ""
        if (arrow and (old, new) == (old_title, new_title)) or (not arrow and title in (old, new)):
            return change
    titles = [
        (c.old.title if c.old else None, c.new.title if c.new else None)
        for c in comparison.sections
    ]
    raise AssertionError(f"no section {title!r} among {titles}")


def _badges(change: SectionChange) -> list[str]:
    flags = ["renamed", "moved", "split", "merged"]
    return [str(change.status), *(name for name in flags if getattr(change, name))]


def check(comparison: Comparison, line: str) -> None:
    key_changes = [f"{k.category} {k.summary}" for k in comparison.key_changes]
    summary = comparison.summary()
    if line.startswith("section: "):
        title, _, badges = line.removeprefix("section: ").rpartition(" = ")
        assert _badges(_section(comparison, title)) == badges.split(), line
    elif line.startswith("sections: "):
        assert len(comparison.sections) == int(line.split()[1]), line
    elif line.startswith("moves: "):
        assert len(comparison.moves) == int(line.split()[1]), line
    elif line.startswith("words: "):
        inserted, deleted = line.split()[1:]
        assert (f"+{summary.words_inserted}", f"-{summary.words_deleted}") == (inserted, deleted)
    elif line == "cosmetic only":
        edits = [op for c in comparison.sections for op in c.ops if op.op != "equal"]
        assert edits and all(op.cosmetic for op in edits), edits
    elif line.startswith("key: "):
        assert line.removeprefix("key: ") in key_changes, (line, key_changes)
    elif line.startswith("first: "):
        assert key_changes and key_changes[0] == line.removeprefix("first: "), (line, key_changes)
    elif line.startswith("count: "):
        wanted, _, count = line.removeprefix("count: ").rpartition(" = ")
        found = [k for k in comparison.key_changes if k.summary == wanted]
        assert found and found[0].count == int(count), (line, found)
        assert len(found[0].locations) == int(count), (line, found)
    elif line.startswith("outline: "):
        kind, _, titles = line.removeprefix("outline: ").partition(" ")
        old, arrow, new = titles.partition(" -> ")
        entries = [(e.kind, e.old_title, e.new_title) for e in comparison.outline]
        if not arrow:
            wanted = (kind, "", old) if kind == "added" else (kind, old, "")
        else:
            wanted = (kind, old, new)
        assert wanted in entries, (line, entries)
    elif line == "no other key change":
        pass  # checked once every line is read
    elif not line.startswith("format: "):
        raise AssertionError(f"unknown expectation {line!r} (see tests/cases/README.md)")


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_case(path: Path) -> None:
    old, new, expect = read_case(path)
    fmt = "text" if "format: text" in expect else "markdown"
    comparison = compare(old, new, old_format=fmt)
    assert_lossless(comparison, old, new, fmt)
    for line in expect:
        check(comparison, line)
    if "no other key change" in expect:
        listed = sorted(
            line.split(": ", 1)[1] for line in expect if line.startswith(("key: ", "first: "))
        )
        found = sorted(f"{k.category} {k.summary}" for k in comparison.key_changes)
        assert found == listed
