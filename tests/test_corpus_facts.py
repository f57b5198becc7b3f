"""Every structural fact of tests/corpus/*/SOURCE.md (sections added, removed, renamed,
renumbered, moved; passages moved) as a test, on the real histories.

A fact names a section by its title, or by `Parent title/Title` where a title repeats. A fact the
engine does not yet get right is marked `xfail` with what goes wrong, so the list stays complete
and honest: when the engine improves, the xfail turns into a pass (strict) and must be unmarked.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from draftwatch.engine import compare
from draftwatch.model import Comparison, SectionChange

CORPUS = Path(__file__).parent / "corpus"


def _comparison(name: str, a: int, b: int) -> Comparison:
    if (name, a, b) not in _COMPARISONS:
        folder = CORPUS / name
        old = next(folder.glob(f"v{a:02d}.*"))
        new = next(folder.glob(f"v{b:02d}.*"))
        fmt = "markdown" if old.suffix == ".md" else "text"
        _COMPARISONS[name, a, b] = compare(
            old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8"), old_format=fmt
        )
    return _COMPARISONS[name, a, b]


_PARENTS: dict[tuple[str, int, int, str], dict[int, str]] = {}


def _load(name: str, a: int, b: int) -> Comparison:
    """The comparison, and the parent title of each section of both versions."""
    from draftwatch.engine.parse import parse_document

    for side, version in (("old", a), ("new", b)):
        path = next((CORPUS / name).glob(f"v{version:02d}.*"))
        fmt = "markdown" if path.suffix == ".md" else "text"
        doc = parse_document(path.read_text(encoding="utf-8"), fmt)
        _PARENTS[name, a, b, side] = {
            s.index: doc.sections[s.parent].title.strip() if s.parent is not None else ""
            for s in doc.sections
        }
    return _comparison(name, a, b)


def _titles(comparison: Comparison, change: SectionChange, side: str) -> tuple[str, str]:
    """(title, parent title) of one side of an entry."""
    ref = change.old if side == "old" else change.new
    if ref is None:
        return ("", "")
    key = (*next(k for k, v in _COMPARISONS.items() if v is comparison), side)
    return (ref.title.strip(), _PARENTS[key].get(ref.index, ""))


_COMPARISONS: dict[tuple[str, int, int], Comparison] = {}


def _matches(comparison: Comparison, change: SectionChange, side: str, path: str) -> bool:
    title, parent = _titles(comparison, change, side)
    wanted_parent, _, wanted = path.rpartition("/")
    return title == wanted and (not wanted_parent or parent == wanted_parent)


def _entries(comparison: Comparison, old: str | None, new: str | None) -> list[SectionChange]:
    return [
        change
        for change in comparison.sections
        if (old is None or _matches(comparison, change, "old", old))
        and (new is None or _matches(comparison, change, "new", new))
    ]


def _move_texts(comparison: Comparison) -> list[tuple[str, str]]:
    return [
        (
            "".join(op.text for op in move.ops if op.op != "insert"),
            "".join(op.text for op in move.ops if op.op != "delete"),
        )
        for move in comparison.moves
    ]


def check(name: str, a: int, b: int, kind: str, old: str, new: str = "") -> None:
    comparison = _load(name, a, b)
    where = f"{name} v{a:02d} -> v{b:02d}: {kind} {old!r} {new!r}"
    if kind == "move":
        found = _move_texts(comparison)
        assert any(old in o and new in n for o, n in found), (where, found)
        return
    if kind == "added":
        entries = _entries(comparison, None, old)
        assert entries and all(e.status == "added" for e in entries), (where, entries)
        return
    if kind == "new":  # added, or split off from a section whose text it carries
        entries = _entries(comparison, None, old)
        assert entries and all(e.status == "added" or e.split for e in entries), (where, entries)
        return
    if kind == "removed":
        entries = _entries(comparison, old, None)
        assert entries and all(e.status == "removed" for e in entries), (where, entries)
        return
    entries = [e for e in _entries(comparison, old, new) if e.old and e.new]
    assert entries, (
        where,
        [(c.old and c.old.title, c.new and c.new.title) for c in comparison.sections],
    )
    entry = entries[0]
    if kind == "renamed":
        assert entry.renamed, where
    elif kind == "same title":  # renumbered, recased, re-levelled or re-spaced: not a rename
        assert not entry.renamed, where
    elif kind == "moved":
        assert entry.moved, where
    elif kind == "split":
        assert any(e.split for e in entries), where
    elif kind == "merged":
        assert any(e.merged for e in entries), where
    elif kind != "pair":
        raise AssertionError(f"unknown fact kind {kind}")


FP = "federal-source-code-policy"
SP = "gh-sponsors-terms"
TOS = "gh-terms-of-service"

FACTS: list[tuple[object, ...]] = [
    # federal-source-code-policy v02 -> v03
    (FP, 2, 3, "removed", "Introduction for Public Comment"),
    (FP, 2, 3, "removed", "Instructions for Public Comment"),
    (FP, 2, 3, "added", "M-16-21 MEMORANDUM FOR THE HEADS OF DEPARTMENTS AND AGENCIES"),
    (
        FP, 2, 3, "renamed",
        "3. Software Procurement Considerations", "3. Three-Step Software Solutions Analysis",
    ),
    (FP, 2, 3, "removed", "Appendix B: Software Procurement Analysis"),
    (
        FP, 2, 3, "renamed",
        "5. Federally Funded Custom Code as Open Source Software", "5. Open Source Software",
    ),
    (
        FP, 2, 3, "renamed",
        "5.1 Pilot Program", "5.1 Pilot Program: Publication of Custom-Developed Code as OSS",
    ),
    (
        FP, 2, 3, "renamed",
        "5.2 Membership in the Open Source Community",
        "5.2 Participation in the Open Source Community",
    ),
    (FP, 2, 3, "added", "6. Exceptions to Government Code Reuse"),
    (FP, 2, 3, "same title", "6. Implementation", "7. Implementation"),
    # gh-sponsors-terms
    (SP, 1, 2, "removed", "4.2. Sponsored Developer Payment Calculation."),
    (SP, 1, 2, "added", "2.1. GitHub Sponsors Program"),
    (SP, 1, 2, "added", "2.2. GitHub Sponsors Matching Fund"),
    (SP, 1, 2, "added", "2.2.1. Matching Fund Terms."),
    (SP, 1, 2, "added", "2.2.2. Matching Period."),
    (
        SP, 1, 2, "same title",
        "4.3. Sponsored Developer Payment Exclusions.", "4.2. Sponsored Developer Payment Exclusions.",
    ),
    (SP, 1, 2, "same title", "4.4. Payment Timing.", "4.3. Payment Timing."),
    (SP, 1, 2, "new", "4.2.1. Sponsored Developer Expenses."),
    (SP, 1, 2, "new", "4.2.2. Taxes."),
    (SP, 1, 2, "same title", "1.Definitions.", "1. Definitions."),
    (SP, 2, 3, "same title", "1. Definitions.", "1. Definitions."),
    (SP, 2, 3, "added", "4.8. Stripe Connect"),
    (SP, 3, 4, "added", "Terms For Sponsored Developer"),
    (SP, 3, 4, "same title", "2. Acceptable Use.", "1. Acceptable Use."),
    (SP, 3, 4, "same title", "4.3. Payment Timing.", "3.3. Payment Timing."),
    (SP, 3, 4, "removed", "7. Miscellaneous."),
    (SP, 3, 4, "pair", "7.5. Publicity.", "B. Publicity."),
    (SP, 3, 4, "pair", "7.1. Entire Agreement.", "G. Entire Agreement."),
    (SP, 4, 5, "added", "1A. Payment Processing by Stripe."),
    (SP, 4, 5, "added", "1A.1 Stripe as Payment Processor."),
    (SP, 4, 5, "added", "3.9. No GitHub Liability for Payment Processing."),
    (SP, 4, 5, "added", "4.1A. Payment Processing Disclaimer."),
    (SP, 4, 5, "same title", "4.2 Limitation of Liability.", "4.2. Limitation of Liability."),
    (SP, 4, 5, "same title", "2.1 Payment.", "2.1. Payment."),
    (SP, 4, 5, "same title", "A. Confidentiality.", "A. Confidentiality."),
    # gh-terms-of-service
    # "the subsection D.8 Private Repositories is replaced by a new top-level E. Private
    # Repositories" (promoted): the same section one level up, its text rewritten.
    (TOS, 1, 2, "pair", "D. User-Generated Content/8. Private Repositories", "E. Private Repositories"),
    (TOS, 1, 2, "added", "E. Private Repositories/1. Control of Private Repositories."),
    (
        TOS, 1, 2, "same title",
        "E. Copyright Infringement and DMCA Policy", "F. Copyright Infringement and DMCA Policy",
    ),
    (TOS, 1, 2, "same title", "R. Miscellaneous", "S. Miscellaneous"),
    (
        TOS, 1, 2, "renamed",
        "D. User-Generated Content/2. Ownership of Content and Right to Post",
        "D. User-Generated Content/3. Ownership of Content, Right to Post, and License Grants",
    ),
    (
        TOS, 1, 2, "pair",
        "D. User-Generated Content/3. GitHub May Remove Content",
        "D. User-Generated Content/2. GitHub May Remove Content",
    ),
    (TOS, 1, 2, "removed", "G. API Terms/1. Limitation of Liability for API Use"),
    (TOS, 1, 2, "removed", "G. API Terms/3. GitHub May Terminate Your Use of the API"),
    (
        TOS, 1, 2, "renamed",
        "R. Miscellaneous/5. Complete Agreement", "S. Miscellaneous/5. Amendments; Complete Agreement",
    ),
    (TOS, 2, 3, "added", "B. Account Terms/1. Account Controls"),
    (
        TOS, 2, 3, "same title",
        "B. Account Terms/1. Required Information", "B. Account Terms/2. Required Information",
    ),
    (
        TOS, 2, 3, "renamed",
        "J. Additional Terms for GitHub Marketplace", "J. Third Party Applications",
    ),
    (
        TOS, 2, 3, "move",
        "You may also grant a third-party application authorization",
        "You may grant a Developer Product authorization",
    ),
    # C.1's paragraph ("Your use of the Website and Service must not violate any applicable
    # laws ...") stays, edited, in C's own text: merged into C, not removed.
    (TOS, 3, 4, "merged", "C. Acceptable Use/1. Compliance with Laws and Regulations", "C. Acceptable Use"),
    (TOS, 3, 4, "removed", "C. Acceptable Use/8. User Protection"),
    (TOS, 3, 4, "removed", "K. Advertising on GitHub"),
    (
        TOS, 3, 4, "renamed",
        "I. Additional Terms for GitHub Pages", "I. GitHub Additional Product Terms",
    ),
    (TOS, 3, 4, "renamed", "J. Third Party Applications", "J. Beta Previews"),
    (TOS, 3, 4, "same title", "L. Payment", "K. Payment"),
    (TOS, 3, 4, "same title", "S. Miscellaneous", "R. Miscellaneous"),
    # pep8
    ("pep8", 1, 2, "added", "A Foolish Consistency is the Hobgoblin of Little Minds"),
    ("pep8", 1, 2, "move", "Two good reasons to break a particular", "Two good reasons to break a"),
    ("pep8", 1, 2, "added", "Imports"),
    ("pep8", 1, 2, "added", "Optimization and Other Programming Recommendations"),
    ("pep8", 1, 2, "added", "Designing for inheritance"),
    (
        "pep8", 2, 3, "renamed",
        "Optimization and Other Programming Recommendations", "Programming Recommendations",
    ),
    ("pep8", 2, 3, "renamed", "Method Names", "Method Names and Instance Variables"),
    ("pep8", 2, 3, "added", "Names to Avoid"),
    ("pep8", 2, 3, "added", "Function and method arguments"),
    ("pep8", 3, 4, "pair", "Imports", "Code lay-out/Imports"),
    ("pep8", 3, 4, "renamed", "Module Names", "Package and Module Names"),
    ("pep8", 3, 4, "added", "Constants"),
    ("pep8", 3, 4, "added", "Public and internal interfaces"),
    ("pep8", 4, 5, "added", "Should a line break before or after a binary operator?"),
    ("pep8", 4, 5, "renamed", "Encodings (PEP 263)", "Source File Encoding"),
    ("pep8", 4, 5, "added", "String Quotes"),
    ("pep8", 4, 5, "added", "Overriding Principle"),
    ("pep8", 4, 5, "added", "Function Annotations"),
    ("pep8", 5, 6, "removed", "Version Bookkeeping"),
    ("pep8", 5, 6, "added", "When to Use Trailing Commas"),
    ("pep8", 5, 6, "added", "Module Level Dunder Names"),
    ("pep8", 5, 6, "renamed", "Function Names", "Function and Variable Names"),
    ("pep8", 5, 6, "same title", "Code lay-out", "Code Lay-out"),
    ("pep8", 5, 6, "same title", "Designing for inheritance", "Designing for Inheritance"),
    ("pep8", 5, 6, "added", "Type Variable Names"),
    ("pep8", 5, 6, "added", "Variable Annotations"),
    # mpl
    ("mpl", 1, 2, "pair", "MOZILLA PUBLIC LICENSE Version 1.1", "Mozilla Public License Version 2.0"),
    ("mpl", 1, 2, "renamed", "2. Source Code License.", "2. License Grants and Conditions"),
    ("mpl", 1, 2, "renamed", "3. Distribution Obligations.", "3. Responsibilities"),
    ("mpl", 1, 2, "same title", "8. TERMINATION.", "5. Termination"),
    ("mpl", 1, 2, "same title", "7. DISCLAIMER OF WARRANTY.", "6. Disclaimer of Warranty"),
    ("mpl", 1, 2, "same title", "9. LIMITATION OF LIABILITY.", "7. Limitation of Liability"),
    ("mpl", 1, 2, "same title", "11. MISCELLANEOUS.", "9. Miscellaneous"),
    ("mpl", 1, 2, "same title", "6. Versions of the License.", "10. Versions of the License"),
    ("mpl", 1, 2, "moved", "6. Versions of the License.", "10. Versions of the License"),
    (
        "mpl", 1, 2, "same title",
        "4. Inability to Comply Due to Statute or Regulation.",
        "4. Inability to Comply Due to Statute or Regulation",
    ),
    ("mpl", 1, 2, "removed", "5. Application of this License."),
    ("mpl", 1, 2, "removed", "10. U.S. GOVERNMENT END USERS."),
    ("mpl", 1, 2, "removed", "12. RESPONSIBILITY FOR CLAIMS."),
    ("mpl", 1, 2, "removed", "13. MULTIPLE-LICENSED CODE."),
    ("mpl", 1, 2, "added", "8. Litigation"),
    ("mpl", 1, 2, "added", 'Exhibit B - "Incompatible With Secondary Licenses" Notice'),
    ("mpl", 1, 2, "added", "2.5. Representation"),
    ("mpl", 1, 2, "added", "2.6. Fair Use"),
    ("mpl", 1, 2, "pair", "3.7. Larger Works.", "3.3. Distribution of a Larger Work"),
    # de-heilmittelwerbegesetz: § 18 keeps its heading; the Anlage's heading is renamed
    ("de-heilmittelwerbegesetz", 1, 2, "same title", "§ 18", "§ 18"),
]  # fmt: skip

KNOWN_GAPS: dict[tuple[object, ...], str] = {
}  # fmt: skip


def _id(fact: tuple[object, ...]) -> str:
    name, a, b, kind, *titles = fact
    return f"{name}-v{a}-v{b}-{kind}-{'->'.join(str(t)[:40] for t in titles)}"


@pytest.mark.parametrize("fact", FACTS, ids=_id)
def test_source_fact(fact: tuple[object, ...]) -> None:
    name, a, b, kind, *titles = fact
    if fact in KNOWN_GAPS:
        try:
            check(str(name), int(a), int(b), str(kind), *(str(t) for t in titles))
        except AssertionError:
            pytest.xfail(KNOWN_GAPS[fact])
        raise AssertionError(f"fixed: remove it from KNOWN_GAPS ({KNOWN_GAPS[fact]})")
    check(str(name), int(a), int(b), str(kind), *(str(t) for t in titles))  # type: ignore[call-overload]


def test_policy_link_fix_release_shows_words_and_links_only() -> None:
    """federal-source-code-policy v03 -> v04: the changed words and the three changed link
    targets, no HTML tag anywhere, no `<br/>` in any title."""
    comparison = _load(FP, 3, 4)
    changed = [c for c in comparison.sections if c.status != "unchanged"]
    assert len(changed) == 1
    deleted = "".join(op.text for op in changed[0].ops if op.op == "delete").split()
    inserted = "".join(op.text for op in changed[0].ops if op.op == "insert").split()
    assert (deleted, inserted) == (["Second", "September", "2014"], ["Third", "October", "2015"])
    assert len(changed[0].links) == 3
    assert all("obamawhitehouse.archives.gov" in link.new for link in changed[0].links)
    assert [k.category for k in comparison.key_changes].count("link") == 3
    for change in comparison.sections:
        assert "<" not in "".join(op.text for op in change.ops), change.id


@pytest.mark.parametrize("pair", [(1, 2), (2, 3), (3, 4)])
def test_no_title_shows_br_and_no_tag_reaches_the_text(pair: tuple[int, int]) -> None:
    comparison = _load(FP, *pair)
    for change in comparison.sections:
        for ref in (change.old, change.new):
            assert ref is None or "<br" not in ref.title
        text = "".join(op.text for op in change.ops)
        assert "<li" not in text and "<a " not in text and "<sup" not in text and "**" not in text


def test_policy_footnote_renumbering_is_cosmetic() -> None:
    """v01 -> v02 renumbers every footnote from 1 within each page: no word of it counts."""
    comparison = _load(FP, 1, 2)
    for change in comparison.sections:
        for k, op in enumerate(change.ops[:-1]):
            after = change.ops[k + 1]
            if (
                op.op == "delete"
                and after.op == "insert"
                and op.text.isdigit()
                and after.text.isdigit()
                and k
                and change.ops[k - 1].text.endswith("[")
            ):
                assert op.cosmetic and after.cosmetic


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir() if p.is_dir()))
def test_no_move_under_eight_words(name: str) -> None:
    from draftwatch.engine.tokens import words

    versions = sorted(p for p in (CORPUS / name).iterdir() if p.name.startswith("v"))
    for old, new in itertools.pairwise(versions):
        comparison = _comparison(name, int(old.stem[1:]), int(new.stem[1:]))
        for old_text, new_text in _move_texts(comparison):
            assert len(words(old_text)) >= 8 and len(words(new_text)) >= 8, (old_text, new_text)
