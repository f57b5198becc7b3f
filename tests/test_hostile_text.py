"""Hostile text stays inert everywhere: escape sequences, bidi overrides, fake lines, markup.

Document text, titles, labels, sources, file names and snapshot front matter come from outside.
Every human-readable view shows their control characters as visible escapes (`\\x1b`); a
terminal gets no escape sequence but draftwatch's own colours; Markdown for GitHub renders
them as text; one-line fields are checked when given and when read back.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from draftwatch.errors import BadInputError, StoreError
from draftwatch.model import Version
from draftwatch.render.safe import json_safe, safe_line, safe_text
from draftwatch.versions.names import check_source
from draftwatch.versions.snapshot import parse_snapshot, render_snapshot
from tests.helpers import run_command_on_terminal, run_on_terminal

OSC52 = "\x1b]52;c;SGVsbG8=\x07"  # writes "Hello" to the clipboard
OSC8 = "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"  # a hidden hyperlink
CLEAR = "\x1b[2J"
C1_CSI = "\x9b31m"
RLO = "\u202e"
HOSTILE = f"{OSC52} {OSC8} {CLEAR} {C1_CSI} {RLO}txt.exe"

#: A long unchanged paragraph, so the hostile bytes stay under ingest's 1% binary threshold.
FILLER = " ".join(["The committee reviews the annual budget and reports to the council."] * 30)
V1 = f"# Rules\n\nThe Union must pay 40% within 30 days.\n\n{FILLER}\n\n## Notes\n\nNothing.\n"
V2 = (
    f"# Rules\n\nThe Union must pay 50% within 30 days {HOSTILE}.\n\n{FILLER}\n\n"
    f"## Notes {OSC52}\n\nNothing {CLEAR} at all.\n"
)

#: draftwatch's own colours (rich's SGR codes) are the only escape sequences allowed out.
OWN_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def assert_inert(output: str, *, visible: bool = True) -> None:
    """No raw control or bidi character but our colours (and the pty's carriage returns)."""
    stripped = OWN_COLOUR.sub("", output).replace("\r", "")
    assert not RAW.search(stripped), repr(RAW.search(stripped))
    if visible:
        assert "\\x1b" in stripped, "the escape is shown, not dropped"


@pytest.fixture
def hostile(workspace, tmp_path):
    """A workspace whose document `rules` has a second version full of escape sequences."""
    workspace.git("config", "user.email", "test@example.org")
    workspace.git("config", "user.name", "Test")
    workspace.write("v1.md", V1)
    assert workspace.run("add", "v1.md", "--doc", "rules").exit_code == 0
    workspace.git("branch", "-M", "main")
    workspace.git("checkout", "-q", "-b", "branch")
    # A file name with escape sequences is kept as the original name; the source is given.
    workspace.write(f"v2{CLEAR}.md", V2)
    # Each add commits its HTML report too: `git diff` of those must be inert as well.
    result = workspace.run("add", f"v2{CLEAR}.md", "--doc", "rules", "--source", "a reader")
    assert result.exit_code == 0, result.output
    return workspace


def _env(tmp_path: Path) -> dict[str, str]:
    return {"GIT_CONFIG_NOSYSTEM": "1"}


# The safety layer itself.


def test_safe_text_escapes_controls_but_keeps_lines_and_safe_line_escapes_those_too():
    assert safe_text(f"a{CLEAR}\n\tb{C1_CSI}{RLO}\x7f") == "a\\x1b[2J\n\tb\\x9b31m\\u202e\\x7f"
    assert safe_line("a\nb\tc\u2028") == "a\\x0ab\\x09c\\u2028"
    assert safe_text("ordinary text, “quotes” — dashes\n") == "ordinary text, “quotes” — dashes\n"


def test_json_stays_exact_and_shows_no_raw_control_or_bidi_character():
    value = {"text": HOSTILE}
    encoded = json_safe(json.dumps(value, ensure_ascii=False))
    assert "\\u001b" in encoded and "\\u009b" in encoded and "\\u202e" in encoded
    assert not RAW.search(encoded)
    assert json.loads(encoded) == value


# Input: one-line fields are checked when given and when read back.


def test_source_and_label_are_one_line_at_add(hostile):
    hostile.write("v3.md", V2 + "More.\n")
    before = hostile.state()
    for option, value in (
        ("--source", "sent by\nrules@9  2025-01-01  fake line"),
        ("--source", f"reader{OSC52}"),
        ("--label", f"council{CLEAR}"),
        ("--label", f"council{RLO}"),
    ):
        result = hostile.run("add", "v3.md", "--doc", "rules", option, value)
        assert result.exit_code == 2, (option, result.output)
        assert result.output.count("\n") == 1 and "invalid" in result.output
        assert_inert(result.output, visible=False)
    assert hostile.state() == before
    with pytest.raises(BadInputError, match="invalid source"):
        check_source("line one\nline two")


def test_a_file_name_with_escapes_needs_a_source(hostile):
    hostile.write(f"v3{OSC52}.md", V2 + "More.\n")
    result = hostile.run("add", f"v3{OSC52}.md", "--doc", "rules")
    assert result.exit_code == 2 and "give --source" in result.output
    assert_inert(result.output)


def _snapshot(**changes: object) -> str:
    fields = {
        "doc": "rules",
        "version": 1,
        "label": "",
        "date": "2025-01-01",
        "source": "a reader",
        "original_name": "v1.md",
        "format": "markdown",
        "sha256": "0" * 64,
        "added_at": "2025-01-01T00:00:00+00:00",
    }
    facts = {("number" if name == "version" else name): value for name, value in fields.items()}
    text = render_snapshot(Version(text="# Rules\n", **facts))  # type: ignore[arg-type]
    for name, value in changes.items():
        old = f"{name}: {json.dumps(fields[name], ensure_ascii=False)}"
        text = text.replace(old, f"{name}: {json.dumps(value, ensure_ascii=False)}")
    return text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("doc", "<img src=https://example.org/x.png>"),
        ("doc", "other"),
        ("label", f"council{CLEAR}"),
        ("date", "yesterday"),
        ("version", 0),
        ("version", "1"),
        ("sha256", "abc"),
        ("format", "html"),
        ("source", "a\nrules@9  fake line"),
    ],
)
def test_front_matter_is_checked_when_read(field, value):
    path = Path("versions/rules/0001.md")
    assert parse_snapshot(_snapshot(), path).doc == "rules"
    with pytest.raises(StoreError) as caught:
        parse_snapshot(_snapshot(**{field: value}), path)
    message = str(caught.value)
    assert message.startswith(f"{path}: invalid snapshot front matter, field ")
    assert field in message.split(":")[1] and "\n" not in message


def test_a_huge_bad_field_gives_a_short_error():
    with pytest.raises(StoreError) as caught:
        parse_snapshot(_snapshot(source="x\n" * 100_000), Path("versions/rules/0001.md"))
    assert "field source" in str(caught.value) and len(str(caught.value)) < 700


def test_a_bad_snapshot_in_the_store_is_one_line_and_exit_2(hostile):
    path = hostile.root / "versions" / "rules" / "0001.md"
    path.write_text(_snapshot(label=f"x{OSC52}"), encoding="utf-8")
    result = hostile.run("log")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "field label" in result.output
    assert_inert(result.output)


# Terminal views, on a real terminal.


def test_log_show_diff_and_review_on_a_terminal_write_no_raw_escape(hostile, tmp_path):
    env = _env(tmp_path)
    runs = {
        "log": ("log",),
        "diff": ("diff", "rules@1", "rules@2"),
        "stat": ("diff", "rules@1", "rules@2", "--stat"),
        "show": ("show", "rules@2"),
        "review": ("review", "main..branch"),
    }
    for name, args in runs.items():
        status, screen = run_on_terminal(*args, cwd=hostile.root, env=env)
        assert status == 0, (name, screen)
        assert_inert(screen, visible=name != "log")
        if name in ("diff", "review"):
            assert OWN_COLOUR.search(screen), "draftwatch's own colours still work"
            assert "\\u202etxt.exe" in screen
    # log's fields are escaped too: an original file name with escapes is in the JSON, exact.
    data = json.loads(hostile.run("log", "--format", "json").output)
    assert data[1]["original_name"] == f"v2{CLEAR}.md"


def test_show_piped_prints_the_exact_text(hostile):
    result = hostile.run("show", "rules@2")
    assert result.output == V2  # used to export text: not escaped when not on a terminal
    assert CLEAR in result.output


def test_plain_views_and_file_names_are_escaped(hostile):
    old = hostile.write(f"old{OSC52}{C1_CSI}.md", V1)
    new = hostile.write("new\nfake.md", V2)
    for args in (
        ("diff", str(old.name), str(new.name)),
        ("diff", str(old.name), str(new.name), "--stat"),
        ("review", "main..branch"),
        ("log",),
    ):
        result = hostile.run(*args)
        assert result.exit_code == 0, (args, result.output)
        assert_inert(result.output, visible=args[0] != "log")
    stat = hostile.run("diff", old.name, new.name, "--stat").output
    assert "new\\x0afake.md" in stat.splitlines()[0], "a newline in a name cannot fake a line"


def test_the_git_diff_driver_writes_no_raw_escape(hostile, tmp_path):
    assert hostile.run("install-git-driver", "--pattern", "*.md").exit_code == 0
    (hostile.root / f"doc{CLEAR}.md").write_text(V1, encoding="utf-8")
    hostile.git("add", ".")
    hostile.git("commit", "-q", "-m", "plain file")
    (hostile.root / f"doc{CLEAR}.md").write_text(V2, encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    piped = subprocess.run(
        ["git", "diff"], cwd=hostile.root, capture_output=True, text=True, env=env, check=True
    ).stdout
    assert "diff --draftwatch" in piped
    assert_inert(piped)
    status, screen = run_command_on_terminal(
        ["git", "--no-pager", "diff", "main", "branch"], cwd=hostile.root, env=_env(tmp_path)
    )
    assert status == 0, screen
    assert "diff --draftwatch" in screen and OWN_COLOUR.search(screen)
    assert_inert(screen)


# Markdown for GitHub.

ALLOWED_TAGS = {"details", "summary", "del", "ins", "br", "p", "b", "i", "sup"}
MARKUP = (
    "<img src=x onerror=alert(1)> ![pic](https://example.org/x.png) @octocat #123 "
    "owner/repo#12 </details> https://example.org/page www.example.org"
)


def _markdown_parser() -> MarkdownIt:
    """Close to GitHub's reader: tables, strikethrough, raw HTML, and links found in text
    (only with a scheme, as GitHub's autolinks; www. addresses are checked by hand)."""
    parser = MarkdownIt("gfm-like")
    parser.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    return parser


def assert_markdown_inert(markdown: str) -> str:
    """Parse as GitHub would: only draftwatch's own tags, no image or link; the HTML."""
    tokens = _markdown_parser().parse(markdown)
    flat = [t for token in tokens for t in [token, *(token.children or [])]]
    assert not [t for t in flat if t.type in ("image", "link_open")]
    raw_html = " ".join(t.content for t in flat if t.type in ("html_block", "html_inline"))
    tags = {name.lower() for name in re.findall(r"</?([A-Za-z][A-Za-z0-9-]*)", raw_html)}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert not RAW.search(markdown)
    for name in ("octocat", "123", "12"):
        assert not re.search(rf"(?<!\w)[@#]{name}\b", html.unescape(markdown)), name
    assert "www." not in markdown and "https://" not in markdown
    assert markdown.count("</details>") == markdown.count("<details>")
    rendered = _markdown_parser().render(markdown)
    assert "<img" not in rendered and "<script" not in rendered
    return rendered


def test_markdown_shows_markup_mentions_and_links_as_text(workspace):
    old = workspace.write("old.md", f"# Rules\n\nThe Union must pay 40%.\n\n{FILLER}\n")
    new = workspace.write(
        "new.md",
        f"# Rules {MARKUP}\n\nThe Union must pay 50% {MARKUP} {HOSTILE}.\n\n{FILLER}\n",
    )
    read = workspace.run("diff", old.name, new.name, "--format", "md")
    assert read.exit_code == 0
    assert "<img" not in html.unescape(assert_markdown_inert(read.output))  # rendered: no tag
    result = workspace.run("diff", old.name, new.name, "--format", "md", "--raw")
    assert result.exit_code == 0
    shown = html.unescape(assert_markdown_inert(result.output))
    assert shown.count("<img src=x onerror=alert(1)>") >= 2, "title and text shown as text"
    assert "@\u2060octocat" in shown and "#\u2060123" in shown
    assert shown.count("</details> https\u2060://example.org/page") >= 2
    assert "\\x1b]52;c;SGVsbG8=\\x07" in shown


def _commit_snapshot(workspace, doc: str, version: int, text: str, **fields: str) -> None:
    info = Version(
        text=text,
        format="markdown",
        doc=doc,
        number=version,
        label=fields.get("label", ""),
        date="2025-01-01",
        source=fields.get("source", "test"),
        original_name=f"{doc}.md",
        sha256="0" * 64,
        added_at="2025-01-01T00:00:00+00:00",
    )
    workspace.write(f"versions/{doc}/{version:04d}.md", render_snapshot(info))


def test_review_markdown_of_a_hostile_branch(hostile):
    hostile.write(
        "versions/evil/0001.md", _snapshot(doc="<img src=https://example.org/x.png>", source=OSC52)
    )
    hostile.git("add", ".")
    hostile.git("commit", "-q", "-m", "a hand-made snapshot")
    result = hostile.run("review", "main..branch", "--format", "md")
    assert result.exit_code == 0, result.output
    shown = html.unescape(assert_markdown_inert(result.output))
    assert "rules: rules@1 → rules@2" in shown, "the other document is still reviewed"
    assert "evil: not reviewed" in shown and "field doc" in shown
    assert "<img src=https\u2060://example.org/x.png>" in shown  # as text, in the reason
    terminal = hostile.run("review", "main..branch").output
    assert "evil: not reviewed: versions/evil/0001.md: invalid snapshot" in terminal
    assert_inert(terminal)
    data = json.loads(hostile.run("review", "main..branch", "--format", "json").output)
    assert [d["document"] for d in data["documents"]] == ["evil", "rules"]
    assert "field doc" in data["documents"][0]["problem"]
    assert data["documents"][1]["problem"] is None


# The review comment stays under GitHub's limit.


def test_a_branch_adding_900_documents_gives_a_comment_under_the_limit(workspace):
    workspace.git("config", "user.email", "test@example.org")
    workspace.git("config", "user.name", "Test")
    for k in range(20):
        _commit_snapshot(workspace, f"changed-{k:02d}", 1, "# Title\n\nWe pay 40%.\n")
    workspace.git("add", ".")
    workspace.git("commit", "-q", "-m", "base")
    workspace.git("branch", "-M", "main")
    workspace.git("checkout", "-q", "-b", "many")
    for k in range(20):
        _commit_snapshot(workspace, f"changed-{k:02d}", 2, "# Title\n\nWe pay 50%.\n")
    for k in range(900):
        _commit_snapshot(workspace, f"new-document-{k:03d}", 1, f"# Note {k}\n\nText.\n")
    workspace.git("add", ".")
    workspace.git("commit", "-q", "-m", "many documents")
    result = workspace.run("review", "main..many", "--format", "md")
    assert result.exit_code == 0
    comment = result.output
    assert len(comment) < 65_536
    listed = re.findall(r"^- \*\*(\S+)\*\*", comment, re.MULTILINE)
    more = re.search(
        r"^- … and (\d+) more documents \(run `draftwatch review` locally for all\)$",
        comment,
        re.MULTILINE,
    )
    assert more, comment[-500:]
    assert len(listed) + int(more.group(1)) == 920
    # The documents with key changes come before new ones of a few words.
    assert {f"changed-{k:02d}" for k in range(20)} <= set(listed)


def test_too_many_changed_documents_fold_the_least_important_to_one_line(workspace):
    from draftwatch.render.review import review_markdown
    from draftwatch.review import review

    workspace.git("config", "user.email", "test@example.org")
    workspace.git("config", "user.name", "Test")

    def text(k: int, often: str, share: str) -> str:
        sections = [
            f"## Part {part}\n\n"
            + "\n\n".join(f"Rule {n} says the board meets {often}." for n in range(6))
            for part in range(6)
        ]
        key = f"\n\nThe Union pays {share}.\n" if k == 7 else "\n"  # doc-07: a key change
        return "# Title\n\n" + "\n\n".join(sections) + key

    for k in range(60):
        _commit_snapshot(workspace, f"doc-{k:02d}", 1, text(k, "weekly", "40%"))
    workspace.git("add", ".")
    workspace.git("commit", "-q", "-m", "base")
    workspace.git("branch", "-M", "main")
    workspace.git("checkout", "-q", "-b", "edits")
    for k in range(60):
        _commit_snapshot(workspace, f"doc-{k:02d}", 2, text(k, "monthly", "50%"))
    workspace.git("add", ".")
    workspace.git("commit", "-q", "-m", "edits")
    reviewed = review(workspace.root, "main..edits")
    assert len(review_markdown(reviewed, limit=10**9)) > 65_536, "over the limit unfolded"
    comment = workspace.run("review", "main..edits", "--format", "md").output
    assert len(comment) < 65_536
    assert "### doc-07: doc-07@1 → doc-07@2" in comment, "most important in full"
    folded = re.search(r"^_(\d+) less important documents folded", comment, re.MULTILINE)
    assert folded and 0 < int(folded.group(1)) < 60, comment[-300:]
    one_line = re.findall(r"^- \*\*(doc-\d+)\*\*: .* key changes", comment, re.MULTILINE)
    assert len(one_line) == int(folded.group(1)) and "doc-07" not in one_line
    in_full = re.findall(r"^### (doc-\d+): doc", comment, re.MULTILINE)
    assert sorted(in_full + one_line) == [f"doc-{k:02d}" for k in range(60)]
    assert_markdown_inert(comment)


def test_the_committed_reports_hold_no_raw_control_character(hostile):
    """`add` commits the HTML report, index and manifest: `git show` and `cat` of them must not
    drive a terminal either (C0 and bidi as character references, C1 as visible escapes)."""
    shown = subprocess.run(
        ["git", "show", "HEAD", "--", "reports"],
        cwd=hostile.root,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert "rules@2" in shown
    assert_inert(shown, visible=False)
    report = (hostile.root / "reports" / "rules" / "v1-v2.html").read_text(encoding="utf-8")
    assert "&#x1b;]52;c;" in report and "\\x9b31m" in report and "&#x202e;" in report
