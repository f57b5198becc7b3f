"""Sections matched through a restructuring, and paragraphs moved with a rewrite (issue 14):
small drafts of the shapes real contracts take, each checked as a reader would."""

from __future__ import annotations

from draftwatch import compare
from draftwatch.model import Comparison, SectionChange

FEES = (
    "The Customer pays the monthly subscription fee shown on the order form within thirty days "
    "of each invoice. Late amounts bear interest at one percent per month until paid in full. "
    "The Provider may suspend the service after written notice if an invoice stays unpaid."
)


def _entry(comparison: Comparison, old: str | None, new: str | None) -> SectionChange:
    for change in comparison.sections:
        if (change.old.title if change.old else None) == old and (
            change.new.title if change.new else None
        ) == new:
            return change
    raise AssertionError(
        [(c.old and c.old.title, c.new and c.new.title) for c in comparison.sections]
    )


def test_a_section_divided_into_subsections_is_its_parent_renamed() -> None:
    """Clause B keeps its letter and place; its text goes down into new sub-clauses B.1, B.2.
    B is renamed, not removed while its first sub-clause takes its place."""
    old = (
        "## A. Services\n\nThe Provider hosts the software described in the order form.\n\n"
        f"## B. Fees\n\n{FEES}\n\n"
        "## C. Governing Law\n\nThe laws of the State of New York govern this Agreement.\n"
    )
    new = (
        "## A. Services\n\nThe Provider hosts the software described in the order form.\n\n"
        "## B. Charges and Refunds\n\nThis clause sets what is paid and when.\n\n"
        f"### 1. Charges\n\n{FEES}\n\n"
        "### 2. Refunds\n\nPrepaid fees for a cancelled term are refunded pro rata within "
        "sixty days of the cancellation.\n\n"
        "## C. Governing Law\n\nThe laws of the State of New York govern this Agreement.\n"
    )
    comparison = compare(old, new)
    entry = _entry(comparison, "B. Fees", "B. Charges and Refunds")
    assert entry.renamed
    assert _entry(comparison, None, "2. Refunds").status == "added"


def test_a_paragraph_moved_and_rewritten_is_one_move() -> None:
    """A paragraph leaves one clause and reappears in another, its first sentence lightly
    edited and the rest rewritten: one move, not a deletion here and an insertion there."""
    sentence = (
        "You may also grant a partner application permission to read, copy and disclose the "
        "contents of your private workspaces."
    )
    edited = (
        "You may grant a partner product permission to read, copy and disclose the contents of "
        "your workspaces, including your private workspaces."
    )
    old = (
        "## 1. Access\n\nStaff may access your workspaces only with your consent.\n\n"
        f"{sentence} Your use of partner applications is at your sole risk.\n\n"
        "## 2. Partners\n\nPartners sign a separate agreement before they are listed.\n"
    )
    new = (
        "## 1. Access\n\nStaff may access your workspaces only with your consent.\n\n"
        "## 2. Partners\n\nPartners sign a separate agreement before they are listed.\n\n"
        f"{edited} Some partner products are sold through the marketplace, and several "
        "users may direct what they do.\n"
    )
    comparison = compare(old, new)
    moved = [
        (
            "".join(op.text for op in move.ops if op.op != "insert"),
            "".join(op.text for op in move.ops if op.op != "delete"),
        )
        for move in comparison.moves
    ]
    assert len(moved) == 1
    assert sentence in moved[0][0] and edited in moved[0][1]


def test_a_shared_short_sentence_is_no_move() -> None:
    """Two different paragraphs that share only a short sentence are not a move."""
    old = (
        "## 1. Access\n\nStaff may access your workspaces only with your consent.\n\n"
        "Notices must be in writing. The Provider keeps a register of every notice it receives "
        "and answers within ten business days.\n\n"
        "## 2. Partners\n\nPartners sign a separate agreement before they are listed.\n"
    )
    new = (
        "## 1. Access\n\nStaff may access your workspaces only with your consent.\n\n"
        "## 2. Partners\n\nPartners sign a separate agreement before they are listed.\n\n"
        "Notices must be in writing. A partner that breaches the agreement is removed from the "
        "listing without refund of any fee.\n"
    )
    assert compare(old, new).moves == ()
