"""Reports without a browser: the HTML is inert and self-contained, `report` writes where it
says, and the Markdown comment has the promised structure and size."""

from __future__ import annotations

import json
import random
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

from draftwatch import compare
from draftwatch.render.html import render_html
from draftwatch.render.markdown import LIMIT, render_markdown

HOSTILE_OLD = """# Terms

## Payment</h2><script>alert('title')</script>

The fee is 35% of the price. <script>alert('body')</script>

<img src=x onerror="alert('img')"> and [a link](javascript:alert('link')).

## Other

Nothing here changes at all.
"""
HOSTILE_NEW = """# Terms

## Payment</h2><script>alert('title')</script>

The fee is 40% of the price. <script>alert('body2')</script>

<img src=y onerror="alert('img2')"> and [a link](javascript:alert('link2')).

## Other

Nothing here changes at all.
"""


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of every <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def test_hostile_document_text_is_escaped_everywhere():
    html = render_html(compare(HOSTILE_OLD, HOSTILE_NEW))
    found = _elements(html)
    # Exactly one script, ours; no element carries an event handler or a javascript: URL.
    assert len(found.scripts) == 1 and "alert" not in found.scripts[0]
    assert [tag for tag, _ in found.tags].count("img") == 0
    for tag, attrs in found.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    # Compared as read, the markup is gone; compared raw, the hostile text is there, as text.
    assert "alert(&#39;body2&#39;)" not in html
    html = render_html(compare(HOSTILE_OLD, HOSTILE_NEW, raw=True))
    found = _elements(html)
    assert len(found.scripts) == 1 and "alert" not in found.scripts[0]
    assert [tag for tag, _ in found.tags].count("img") == 0
    assert "&lt;script&gt;alert(&#39;body2&#39;)&lt;/script&gt;" in html
    assert "Payment&lt;/h2&gt;&lt;script&gt;" in html


def test_report_is_self_contained_and_forbids_loading_anything():
    html = render_html(compare(HOSTILE_OLD, HOSTILE_NEW))
    assert "default-src 'none'" in html
    for tag, attrs in _elements(html).tags:
        if tag in ("link", "iframe", "object", "embed", "img", "video", "audio", "source"):
            raise AssertionError(f"external resource element <{tag}>")
        assert not (tag == "script" and "src" in attrs)
    assert "@import" not in html and "url(" not in html


def test_key_changes_come_first_and_link_to_their_edit():
    html = render_html(compare(HOSTILE_OLD, HOSTILE_NEW))
    assert html.index('id="key-changes"') < html.index('id="toc"') < html.index('id="sections"')
    link = html.split('class="kc-link" href="#', 1)[1].split('"', 1)[0]
    assert f'id="{link}"' in html.split('id="sections"', 1)[1]


def test_report_command_writes_into_reports_and_prints_the_path(workspace):
    from tests.test_store import V1, V2

    workspace.write("v1.md", V1)
    workspace.write("v2.md", V2)
    workspace.run("add", "v1.md", "--doc", "policy")
    workspace.run("add", "v2.md", "--doc", "policy")
    result = workspace.run("report")
    assert result.exit_code == 0, result.output
    path = workspace.root / result.output.strip()
    assert path == workspace.root / "reports" / "policy" / "v1-v2.html"
    assert "policy@1" in path.read_text(encoding="utf-8")

    result = workspace.run("report", "policy", "--all")
    assert result.exit_code == 0, result.output
    index = workspace.root / result.stdout.strip()
    assert index == workspace.root / "reports" / "policy" / "index.html"
    text = index.read_text(encoding="utf-8")
    assert "<svg" in text and 'href="v1-v2.html"' in text

    result = workspace.run("report", "policy@1", "policy@2", "-o", "out/changes.html")
    assert result.exit_code == 0 and (workspace.root / "out" / "changes.html").exists()

    bad = workspace.run("report", "a", "b", "c")
    assert bad.exit_code == 2 and "at most two versions" in bad.output


def _render_gfm(markdown: str) -> str:
    return MarkdownIt("gfm-like", {"linkify": False, "html": True}).render(markdown)


def test_markdown_comment_structure_rendered_as_gfm():
    markdown = render_markdown(compare(HOSTILE_OLD, HOSTILE_NEW))
    html = _render_gfm(markdown)
    found = _elements(html)
    tags = [tag for tag, _ in found.tags]
    assert tags.count("table") == 2  # versions, then counts
    assert "h4" in tags and "details" in tags and "summary" in tags
    assert "del" in tags and "ins" in tags
    assert not found.scripts and "img" not in tags  # document text stays text
    assert html.index("Headline") < html.index("<details>")
    assert "35% -> 40%" in markdown and "-&#62;" not in markdown  # escaped only as markup
    assert "35% -&gt; 40%" in html


def _big_pair(size: int) -> tuple[str, str]:
    """About `size` characters of sectioned prose, and a version with an edit in every section."""
    words = Path(__file__).parent.joinpath("corpus", "pep8", "v06.txt").read_text().split()
    rng = random.Random(7)
    old_parts, new_parts, length, number = [], [], 0, 0
    while length < size:
        number += 1
        body = " ".join(rng.choice(words) for _ in range(180))
        old_parts.append(f"## {number}. Section {number}\n\n{body}\n")
        new_parts.append(
            f"## {number}. Section {number}\n\n{body.replace(' the ', ' a ', 3)} {number}%\n"
        )
        length += len(old_parts[-1])
    return "\n".join(old_parts), "\n".join(new_parts)


def test_markdown_of_a_1_mb_pair_stays_under_githubs_limit_and_says_what_it_folded():
    old, new = _big_pair(1_000_000)
    markdown = render_markdown(compare(old, new))
    assert len(markdown) <= LIMIT
    assert "less important changed sections left out" in markdown
    assert "<details>" in markdown


def test_diff_format_md_and_html_from_the_cli(workspace):
    old = workspace.write("old.md", HOSTILE_OLD)
    new = workspace.write("new.md", HOSTILE_NEW)
    md = workspace.run("diff", str(old), str(new), "--format", "md")
    assert md.exit_code == 0 and md.output.startswith("### draftwatch:")
    result = workspace.run("diff", str(old), str(new), "--format", "html", "-o", "r.html")
    assert result.exit_code == 0
    assert (workspace.root / "r.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    data = json.loads(workspace.run("diff", str(old), str(new), "--format", "json").output)
    assert data["key_changes"][0]["summary"] == "35% -> 40%"
