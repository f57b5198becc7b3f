"""The fast Markdown path (headings, plain paragraphs, plain pipe tables read line by line)
reads exactly what markdown-it reads, or declines and leaves the text to markdown-it."""

from __future__ import annotations

import random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from draftwatch.engine.markup import rendered_markdown, simple_markdown
from draftwatch.engine.parse import (
    _inline_markdown,
    _markdown_parser,
    _opens_html_block,
    parse_document,
)

LINES = [
    "# Title", "## 2. Item 2", "###### deep", "####### seven", "#nospace", "# ", "#",
    "# closed #", "Plain text here.", "1. list", "1 thing", "12) x", "2024 budget",
    "The fee is due.", "Ünïcode wörds", "a  b", " lead", "trail ", "| a | b |", "|---|---|",
    "|:--|--:|", "| 1 | 2 |", "| 1 | 2 | 3 |", "| x |", "|a|b|", "| | |", "", "", "   ", "===",
    "---", "text | pipe", "- item", "> quote", "    code", "word\u00a0nbsp", "\u00a0lead",
    "x\u2003", "| c\u00a0| d |", "|-|-|", "*em*", "a [link](http://x)", "&amp;", "<b>x</b>",
    "a\\*b", "`code`", "\ttab", "x  ", "+++", "***",
]  # fmt: skip


def _markdown_it(text: str) -> list[object]:
    return list(rendered_markdown(_markdown_parser().parse(text)))


def test_a_table_and_tiny_sections_take_the_fast_path():
    table = "# Table\n\n| id | name |\n|---|:-:|\n| 1 | a b |\n| 2 |  |\n"
    sections = (
        "## 1. Item 1\n\nThe fee is due on day 1.\n\n## 2. Item 2\nThe fee is due.\nOn day 2.\n"
    )
    for text in (table, sections):
        assert simple_markdown(text) == _markdown_it(text)


def test_anything_else_goes_to_markdown_it():
    for text in ("Text\n===\n", "a\n| a |\n|---|\n", "- item\n", "*x*\n", "| a |\n|---|\nb\n"):
        assert simple_markdown(text) is None


def test_random_mixtures_read_as_markdown_it_reads_them():
    rng = random.Random(7)
    taken = 0
    for _ in range(4000):
        lines = [rng.choice(LINES) for _ in range(rng.randint(1, 8))]
        text = "\n".join(lines) + rng.choice(["", "\n"])
        fast = simple_markdown(text)
        if fast is not None:
            taken += 1
            assert fast == _markdown_it(text), text
    assert taken > 100


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES) | st.text(max_size=12), max_size=10))
@example(["\x1f"])  # Python's isspace() calls it blank; CommonMark, a paragraph
@example(["| a |", "|---|", "| 1 |", "\x1c", "| 2 |"])
def test_any_text_reads_as_markdown_it_reads_it(lines):
    text = "\n".join(lines)
    fast = simple_markdown(text)
    if fast is not None:
        assert fast == _markdown_it(text)


def test_documents_are_the_same_either_way():
    text = "# Schedule\n\n| k | amount |\n|---|---|\n" + "".join(
        f"| {k} | {k * 7} |\n" for k in range(200)
    )
    assert simple_markdown(text) is not None
    slow = parse_document(text + "\n*x*\n", "markdown")
    fast = parse_document(text, "markdown")
    assert slow.sections[0].blocks[:-1] == fast.sections[0].blocks


# With markdown-it's inline reader: inline markup, one-line list items, and lines that start with
# a character which opens a block only in some forms (`<`, `[`, `*`, `-`, a backtick...).
MARKED = [
    *LINES, "- `linejunk`: a function", "4. Redistribution. You *may*", "* a", "+ b", "-x",
    "--", "- - -", "* * *", "*", "**bold** text", "__init__", "_", "___", "=x", "==", "== x",
    ":--|--", ": x", "`code` first", "```", "~~~", "~x~", "<one line to give> (C)", "<div>",
    "<!-- c -->", "<b>bold</b>", "<https://e.org>", "[ref] text", "[a]: http://x", "[x](y) z",
    "(a) item", '"Term" means', "\\*", "&amp; co", "! bang", "1.  two", "-     code", "2) x",
    "<sup>3</sup>", "[^1] note", "x\\", "a  ", "10. ten",
]  # fmt: skip


def _fast(text: str) -> list[object] | None:
    return simple_markdown(text, _inline_markdown, _opens_html_block)


def test_inline_markup_and_list_items_take_the_fast_path():
    text = (
        "# Terms\n\nThe two *optional* parameters:\n\n- `linejunk`: a function\n"
        "- `charjunk`: another\n\n4. Redistribution. You [may](http://x) copy.\n\n"
        "<one line to give the program's name> Copyright (C) 19yy\n\n"
        "**** * * * 6. Disclaimer\n\n"
        "======== ====== Character Meaning\n"
    )
    assert _fast(text) is not None
    assert _fast(text) == _markdown_it(text)


def test_link_definitions_html_blocks_and_lazy_items_go_to_markdown_it():
    for text in (
        "[a] is here\n\n[a]: http://x\n",
        "<div>\nx\n</div>\n",
        "- item\nlazy continuation\n",
        "Text\n- item\n",
        "- > quote\n",
        "* * *\n",
        "```\ncode\n```\n",
    ):
        assert _fast(text) is None, text


def test_random_marked_up_mixtures_read_as_markdown_it_reads_them():
    rng = random.Random(11)
    taken = 0
    for _ in range(4000):
        lines = [rng.choice(MARKED) for _ in range(rng.randint(1, 8))]
        text = "\n".join(lines) + rng.choice(["", "\n"])
        fast = _fast(text)
        if fast is not None:
            taken += 1
            assert fast == _markdown_it(text), text
    assert taken > 100


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKED) | st.text(max_size=12), max_size=10))
@example(["\x00"])  # CommonMark reads NUL as U+FFFD
@example(["a *b*", "c\x00"])
def test_any_marked_up_text_reads_as_markdown_it_reads_it(lines):
    text = "\n".join(lines)
    fast = _fast(text)
    if fast is not None:
        assert fast == _markdown_it(text)


# Paragraph sources markdown-it reads as written (no emphasis can open) skip its inline parser.
INLINE_PIECES = [
    "a", "word", "snake_case", "x_y_z", "____", "__", "_", "*", "**", "***", " ", "  ", "\n",
    "\u00a0", "\u2003", "\u3000", ".", ",", "(", ")", "!", ">", "|", "~", "]", "'", '"', "-",
    "é", "ß", "1", "«", "»", "—", "…", "$", "€", "%", "±", "©", "*a*", "_b_", "a*b", "2*3",
    "\t", "x ", " y",
]  # fmt: skip


def _markdown_it_inline(text: str) -> tuple[list[str], tuple[str, tuple[tuple[str, str], ...]]]:
    from draftwatch.engine.markup import render_inline

    children = _markdown_parser().parseInline(text)[0].children or []
    return [child.type for child in children], render_inline(children)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(INLINE_PIECES) | st.text(max_size=3), min_size=1, max_size=14))
@example(["a", "_", "b"])  # intraword underscore: no emphasis
@example(["_", "a"])
def test_a_source_read_as_written_is_what_markdown_it_reads(pieces):
    from draftwatch.engine.markup import render_plain_inline
    from draftwatch.engine.parse import _reads_as_written

    text = "".join(pieces)
    if not _reads_as_written(text):
        return
    kinds, rendered = _markdown_it_inline(text)
    assert set(kinds) <= {"text", "softbreak", "hardbreak"}, (text, kinds)
    assert render_plain_inline(text) == rendered


def test_sources_with_emphasis_or_other_syntax_are_left_to_markdown_it():
    from draftwatch.engine.parse import _reads_as_written

    for text in ("an *em* word", "_under_", "**strong**", "a `code` span", "[a](b)", "a\\*b",
                 "&amp;", "<b>x</b>", "x *y", "(_a_)"):  # fmt: skip
        assert not _reads_as_written(text), text
    for text in ("snake_case and x_y", "fill in ____ here", "2 * 3 = 6", "a ** b", "x_ y"):
        assert _reads_as_written(text), text
        assert _inline_markdown(text) == _markdown_it_inline(text)[1]


def test_read_as_written_sources_are_most_of_a_random_sample():
    """The shortcut is taken, not only declined: most sources of words with underscores and
    lone stars in them are read without markdown-it."""
    from draftwatch.engine.parse import _reads_as_written

    rng = random.Random(5)
    taken = 0
    for _ in range(2000):
        text = "".join(rng.choice([*INLINE_PIECES[:12], "a", " ", "b "]) for _ in range(10))
        if _reads_as_written(text):
            taken += 1
            assert _inline_markdown(text) == _markdown_it_inline(text)[1], text
    assert taken > 200
