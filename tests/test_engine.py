"""The comparison engine on real drafts: what a careful reviewer would find, and no text lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from draftwatch import compare
from draftwatch.engine.worddiff import diff_words, use_engine
from draftwatch.model import Comparison
from tests.helpers import assert_lossless

CORPUS = Path(__file__).parent / "corpus"
FSCP = CORPUS / "federal-source-code-policy"
PEP8 = CORPUS / "pep8"


def _pair(folder: Path, a: int, b: int) -> tuple[str, str, str]:
    suffix = "md" if folder == FSCP else "txt"
    fmt = "markdown" if suffix == "md" else "text"
    old = (folder / f"v{a:02d}.{suffix}").read_text(encoding="utf-8")
    new = (folder / f"v{b:02d}.{suffix}").read_text(encoding="utf-8")
    return old, new, fmt


def _compare(folder: Path, a: int, b: int) -> Comparison:
    old, new, fmt = _pair(folder, a, b)
    return compare(old, new, old_format=fmt)


def _entry(comparison: Comparison, old_title: str | None = None, new_title: str | None = None):
    for change in comparison.sections:
        if old_title is not None and (not change.old or change.old.title != old_title):
            continue
        if new_title is not None and (not change.new or change.new.title != new_title):
            continue
        return change
    raise AssertionError(f"no entry {old_title!r} -> {new_title!r}")


CORPUS_PAIRS = [(FSCP, k, k + 1) for k in range(1, 4)] + [(PEP8, k, k + 1) for k in range(1, 6)]


@pytest.mark.parametrize(("folder", "a", "b"), CORPUS_PAIRS, ids=lambda x: getattr(x, "name", x))
def test_no_text_lost_on_real_drafts(folder, a, b):
    old, new, fmt = _pair(folder, a, b)
    assert_lossless(compare(old, new, old_format=fmt), old, new, fmt)


def test_policy_draft_to_final_structure():
    result = _compare(FSCP, 2, 3)
    for title in ("Introduction for Public Comment", "Instructions for Public Comment"):
        assert _entry(result, old_title=title).status == "removed"
    assert _entry(result, old_title="Appendix B: Software Procurement Analysis").status == "removed"
    renamed = {
        "3. Software Procurement Considerations": "3. Three-Step Software Solutions Analysis",
        "5. Federally Funded Custom Code as Open Source Software": "5. Open Source Software",
        "5.1 Pilot Program": "5.1 Pilot Program: Publication of Custom-Developed Code as OSS",
        "5.2 Membership in the Open Source Community": "5.2 Participation in the Open Source "
        "Community",
    }
    for old_title, new_title in renamed.items():
        change = _entry(result, old_title=old_title)
        assert change.new and change.new.title == new_title
        assert change.renamed
    implementation = _entry(result, old_title="6. Implementation")
    assert implementation.new.title == "7. Implementation"
    assert not implementation.renamed  # renumbered, not renamed
    assert _entry(result, new_title="6. Exceptions to Government Code Reuse").status == "added"
    for k in range(1, 8):
        added = [c for c in result.sections if c.new and c.new.title.startswith(f"7.{k} ")]
        assert added and added[0].status == "added"
    reuse = _entry(result, old_title="4. Government-Wide Code Reuse")
    assert reuse.new.title == "4. Government-Wide Code Reuse"


def test_link_fix_release_changes_only_footnotes():
    result = _compare(FSCP, 3, 4)
    changed = [c for c in result.sections if c.status != "unchanged"]
    assert {c.title for c in changed} == {"Footnotes"}
    inserted = " ".join(op.text for c in changed for op in c.ops if op.op == "insert")
    assert "Third" in inserted and "October 2015" in inserted


def test_pep8_foolish_consistency_and_moved_passage():
    result = _compare(PEP8, 1, 2)
    assert _entry(result, new_title="A Foolish Consistency is the Hobgoblin of Little Minds")
    for title in (
        "Imports",
        "Designing for inheritance",
        "Optimization and Other Programming Recommendations",
    ):
        assert _entry(result, new_title=title).status == "added"
    moves = {m.id: m for m in result.moves}
    arrivals = [
        (c, op)
        for c in result.sections
        for op in c.ops
        if op.move and op.op == "insert" and "Two good reasons" in op.text
    ]
    assert arrivals, "the 'Two good reasons' passage is shown as moved"
    change, op = arrivals[0]
    assert change.new.title == "A Foolish Consistency is the Hobgoblin of Little Minds"
    departures = [
        (c, o) for c in result.sections for o in c.ops if o.move == op.move and o.op == "delete"
    ]
    assert len(departures) == 1 and departures[0][0].old.title == "Introduction"
    assert any(
        o.op == "delete" and "rules are there to be broken" in o.text for o in moves[op.move].ops
    )


def test_pep8_renames_and_swap():
    result = _compare(PEP8, 2, 3)
    assert (
        _entry(result, old_title="Optimization and Other Programming Recommendations").new.title
        == "Programming Recommendations"
    )
    assert _entry(result, old_title="Method Names").new.title == (
        "Method Names and Instance Variables"
    )
    swapped = [_entry(result, old_title=t) for t in ("Function Names", "Global Variable Names")]
    assert [c.new.title for c in swapped] == ["Function Names", "Global Variable Names"]
    assert sum(c.moved for c in swapped) == 1
    for title in ("Names to Avoid", "Function and method arguments"):
        assert _entry(result, new_title=title).status == "added"


def test_pep8_case_only_titles_are_not_renames():
    result = _compare(PEP8, 5, 6)
    assert _entry(result, old_title="Version Bookkeeping").status == "removed"
    assert _entry(result, old_title="Function Names").new.title == "Function and Variable Names"
    assert _entry(result, old_title="Function Names").renamed
    lay_out = _entry(result, old_title="Code lay-out")
    assert lay_out.new.title == "Code Lay-out" and not lay_out.renamed
    for title in ("When to Use Trailing Commas", "Module Level Dunder Names"):
        assert _entry(result, new_title=title).status == "added"


def test_pep8_imports_became_a_subsection():
    result = _compare(PEP8, 3, 4)
    imports = _entry(result, old_title="Imports")
    assert imports.new.title == "Imports" and imports.moved
    assert _entry(result, old_title="Module Names").new.title == "Package and Module Names"


LICENCE = (
    "1. DEFINITIONS\n\n"
    '1.1 "Licensor" means the person who offers the Work under this licence, and\n'
    "any person to whom the rights are assigned.\n\n"
    "2. GRANT\n\n"
    "2.1 The Licensor grants to You a worldwide, royalty-free, non-exclusive licence to\n"
    "reproduce the Work, subject to the conditions in clause 3.\n\n"
    "3. CONDITIONS\n\n"
    "3.1 You must not remove any copyright notice from the Work.\n"
)


def _rewrap(text: str, width: int) -> str:
    import textwrap

    paragraphs = text.split("\n\n")
    return "\n\n".join(textwrap.fill(p.replace("\n", " "), width) for p in paragraphs)


def test_rewrapped_plain_text_is_unchanged():
    result = compare(LICENCE, _rewrap(LICENCE, 38).replace('"', "“", 1), old_format="text")
    assert [c.title for c in result.sections] == ["1. DEFINITIONS", "2. GRANT", "3. CONDITIONS"]
    assert [c.status for c in result.sections] == ["unchanged"] * 3
    assert result.summary().words_inserted == 0


SPACED_LICENCE = """Sample Public Licence V. 1.1

1. Definitions

In this Licence, the following terms have the following meaning:

The Work: the software distributed by the Licensor under this Licence.

2. Scope of the rights granted by the Licence

The Licensor hereby grants You a worldwide, royalty-free, non-exclusive licence to use the Work.

Appendix

The compatible licences are listed by the Licensor in this appendix to the Licence.
"""

#: The same licence as a PDF export writes it: no space after a clause number, a title set
#: right above its text (and right below the text before it), a title in sentence case, a
#: centred title.
PDF_LICENCE = """SAMPLE PUBLIC LICENCE v. 1.2

1.Definitions
In this Licence, the following terms have the following meaning:
The Work: the software distributed by the Licensor under this Licence.
2.Scope of the rights granted by the Licence
The Licensor hereby grants You a worldwide, royalty-free, non-exclusive licence to use the Work.


                                   Appendix

The compatible licences are listed by the Licensor in this appendix to the Licence.
"""


def test_clause_titles_of_a_pdf_export_pair_with_the_spaced_text():
    result = compare(SPACED_LICENCE, PDF_LICENCE, old_format="text")
    paired = [(c.old.title, c.new.title) for c in result.sections if c.old and c.new]
    assert ("1. Definitions", "1.Definitions") in paired
    assert (
        "2. Scope of the rights granted by the Licence",
        "2.Scope of the rights granted by the Licence",
    ) in paired
    assert ("Appendix", "Appendix") in paired
    assert not [
        c
        for c in result.sections
        if c.status in ("added", "removed") and c.title != "Sample Public Licence V. 1.1"
    ]


def test_no_headings_and_huge_paragraph():
    words = " ".join(f"word{k % 997}" for k in range(60_000))
    result = compare(
        words + ".\n", words.replace("word5 ", "changed ", 3) + ".\n", old_format="text"
    )
    assert len(result.sections) == 1
    assert result.sections[0].status == "changed"
    assert_lossless(result, words + ".\n", words.replace("word5 ", "changed ", 3) + ".\n", "text")


def test_fast_and_python_engines_agree():
    old, new, _ = _pair(FSCP, 1, 2)
    for a, b in zip(old.split("\n\n")[:60], new.split("\n\n")[:60], strict=False):
        use_engine("fast")
        fast = diff_words(a, b)
        use_engine("python")
        slow = diff_words(a, b)
        assert fast == slow
    use_engine("fast")


PARAGRAPHS = [
    p.replace("\n", " ").strip()
    for p in (PEP8 / "v06.txt").read_text(encoding="utf-8").split("\n\n")
    if len(p.split()) > 12 and not p.startswith(" ")
][:40]


@st.composite
def edited_documents(draw):
    count = draw(st.integers(3, 12))
    picked = draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=count, max_size=count))
    titles = [f"## {k}. Part {k}" for k in range(1, count // 3 + 2)]
    old_blocks = list(picked)
    new_blocks = list(picked)
    for _ in range(draw(st.integers(0, 5))):
        action = draw(st.sampled_from(["edit", "move", "delete", "insert", "wrap"]))
        k = draw(st.integers(0, len(new_blocks) - 1)) if new_blocks else 0
        if action == "edit" and new_blocks:
            words = new_blocks[k].split(" ")
            position = draw(st.integers(0, len(words) - 1))
            words[position] = draw(st.sampled_from(["must", "not", "40%", "€2 billion", ""]))
            new_blocks[k] = " ".join(words)
        elif action == "move" and len(new_blocks) > 1:
            block = new_blocks.pop(k)
            new_blocks.insert(draw(st.integers(0, len(new_blocks))), block)
        elif action == "delete" and len(new_blocks) > 1:
            new_blocks.pop(k)
        elif action == "insert":
            new_blocks.insert(k, draw(st.sampled_from(PARAGRAPHS)))
        elif action == "wrap" and new_blocks:
            new_blocks[k] = new_blocks[k].replace(" ", "\n", 3)

    def render(blocks):
        out = []
        for k, block in enumerate(blocks):
            if k % 3 == 0:
                out.append(titles[min(k // 3, len(titles) - 1)])
            out.append(block)
        return "\n\n".join(out) + "\n"

    return render(old_blocks), render(new_blocks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_documents())
def test_property_no_text_lost(pair):
    old, new = pair
    assert_lossless(compare(old, new), old, new, "markdown")


def test_same_input_gives_identical_json():
    from draftwatch.render.json import render_json

    old, new, fmt = _pair(FSCP, 2, 3)
    assert render_json(compare(old, new, old_format=fmt)) == render_json(
        compare(old, new, old_format=fmt)
    )
