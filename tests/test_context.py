"""Changes shown in context (issue 19): a few words around each change, the rest folded, in the
terminal (`--context N`, `--full`) and in the pull-request comment (headline, outline, then the
changed sections by importance under GitHub's limit)."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from draftwatch import compare
from draftwatch.render import view
from draftwatch.render.markdown import LIMIT, escape, render_markdown

WORDS = " ".join(f"word{k}" for k in range(1000))
OLD = f"# Policy\n\n## Terms\n\n{WORDS}\n"
NEW = OLD.replace("word500 ", "changed ")
CORPUS = Path(__file__).parent / "corpus" / "federal-source-code-policy"


def _terms_block(output: str) -> str:
    return output.split("## Terms  [changed]\n", 1)[1].strip()


def test_a_one_word_edit_in_a_1000_word_paragraph_shows_about_20_words_around_it(workspace):
    workspace.write("old.md", OLD)
    workspace.write("new.md", NEW)
    shown = _terms_block(workspace.run("diff", "old.md", "new.md").output)
    assert shown == (
        "… 480 unchanged words … "
        + " ".join(f"word{k}" for k in range(480, 500))
        + " [-word500 -]{+changed +}"
        + " ".join(f"word{k}" for k in range(501, 521))
        + " … 479 unchanged words …"
    )
    five = _terms_block(workspace.run("diff", "old.md", "new.md", "--context", "5").output)
    assert five.startswith("… 495 unchanged words … word495 ") and "word520" not in five
    full = _terms_block(workspace.run("diff", "old.md", "new.md", "--full").output)
    assert full.startswith("word0 word1 ") and full.endswith("word999") and "unchanged" not in full
    assert workspace.run("diff", "old.md", "new.md", "--context", "-1").exit_code == 2


def test_unchanged_paragraphs_between_changes_fold_to_one_line():
    filler = " ".join(f"filler{k}" for k in range(240))
    old = f"# T\n\nFirst one here.\n\n{filler}\n\nLast one here.\n"
    new = old.replace("First one", "First two").replace("Last one", "Last two")
    (change,) = [c for c in compare(old, new).sections if c.status == "changed"]
    paragraphs = view.in_context(change.ops)
    assert len(paragraphs) == 3
    assert paragraphs[1] == [view.Fold(filler, 240)]
    assert paragraphs[1][0].label == "… 240 unchanged words …"
    assert len(view.in_context(change.ops, None)[1][0].text.split()) == 240


def _gfm(markdown: str) -> str:
    return MarkdownIt("gfm-like", {"linkify": False, "html": True}).render(markdown)


def test_pr_comment_of_the_policy_2_to_3_shows_the_headline_then_most_changed_sections():
    old = compare((CORPUS / "v02.md").read_text(), (CORPUS / "v03.md").read_text())
    comment = render_markdown(old)
    assert len(comment) <= LIMIT
    changed = [c for c in old.sections if view.is_shown(c)]
    shown = comment.count("<details>")
    assert shown > len(changed) / 2, (shown, len(changed))
    left_out = int(re.search(r"_(\d+) less important changed sections left out", comment)[1])
    assert shown + left_out == len(changed)
    assert "draftwatch report" in comment.rsplit("\n", 2)[-2]  # where the full report is
    headline = comment.index("#### Headline")
    outline = comment.index("#### Outline")
    sections = comment.index("#### Changed sections")
    assert headline < outline < sections < comment.index("<details>")
    assert "$9 billion -> $6 billion" in comment  # `->` arrives as written
    assert "&#62;" not in comment
    html = _gfm(comment)
    assert html.count("<details>") == shown and "<h4>Headline" in html
    assert "$9 billion -&gt; $6 billion" in html


def test_escape_only_what_github_reads_as_markup():
    assert escape("A -> B & C, 7.2 Scope, snake_case") == "A -> B & C, 7.2 Scope, snake_case"
    assert escape("*bold* [link](x) `code` ~x~ a|b") == (
        "\\*bold\\* \\[link\\](x) \\`code\\` \\~x\\~ a\\|b"
    )
    assert escape("<img src=x> &amp; 1 < 2") == "&lt;img src=x> &amp;amp; 1 < 2"
    assert escape("> quote") == "\\> quote" and escape("# title") == "\\# title"
    assert escape("1. item") == "1\\. item" and escape("- item") == "\\- item"
    assert escape("@octocat #12") == "@\u2060octocat #\u206012"
    for text in ("*x*", "<b>x</b>", "> q", "1. x", "_x_", "[a](b)", "# h", "- l", "`c`"):
        rendered = _gfm(f"- {escape(text)}\n")
        assert rendered.replace("<ul>\n<li>", "").replace("</li>\n</ul>\n", "") in (
            text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        ), (text, rendered)


def test_the_context_reaches_the_changed_sentence_when_it_is_near():
    before = " ".join(f"a{k}" for k in range(60)) + ". The sentence starts here"
    after = (
        " ".join(f"b{k}" for k in range(25)) + " ends here. " + " ".join(f"c{k}" for k in range(80))
    )
    words = " ".join(f"x{k}" for k in range(22))
    old = f"# T\n\n{before} {words} old {words} {after}\n"
    (change,) = [c for c in compare(old, old.replace(" old ", " new ")).sections]
    (paragraph,) = view.in_context(change.ops)
    text = "".join(p.label if isinstance(p, view.Fold) else p.text for p in paragraph)
    assert text.startswith("… 60 unchanged words … The sentence starts here x0 "), text
    # after the change: 20 words, and the sentence's end is too far to reach
    assert "x21 b0" not in text and text.endswith("unchanged words …")
