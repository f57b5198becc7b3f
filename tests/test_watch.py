"""URLs and `watch`, against a local HTTP server on 127.0.0.1 only (tests/webserver.py):
changed, unchanged, 304, 404, slow, redirect and huge pages; every request bounded in time."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from draftwatch.errors import BadInputError
from draftwatch.watch import parse_every
from tests.crash_checks import run_draftwatch
from tests.webserver import LocalSite, Page

V1 = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Consultation</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main><article><h1>Draft regulation</h1><h2>Article 1 Scope</h2>
<p>This Regulation applies to every authority that publishes drafts for consultation.</p>
<h2>Article 2 Fees</h2><p>The registration fee shall be EUR 500 and shall be paid within
30 days of the request.</p></article></main>
<footer>Copyright 2025 The Ministry. All rights reserved.</footer></body></html>
"""
V2 = V1.replace("EUR 500", "EUR 750")


@pytest.fixture
def site():
    with LocalSite() as served:
        yield served


@pytest.fixture
def env():
    """The child's environment: short fetch limits, so slow and huge pages fail fast."""
    return {
        **os.environ,
        "DRAFTWATCH_FETCH_TIMEOUT": "2",
        "DRAFTWATCH_FETCH_MAX_BYTES": str(5 * 1024 * 1024),
    }


def _tags(workspace) -> list[str]:
    return workspace.git("tag", "--list").split()


def test_add_url_records_the_final_url_and_fetch_time(workspace, site, env):
    site.pages["/draft"] = Page(V1.encode())
    site.pages["/old-address"] = Page(redirect="/draft")
    added = run_draftwatch(workspace.root, "add", site.url("/old-address"), "--doc", "reg", env=env)
    assert added.returncode == 0, added.stderr
    assert "original kept as 0001.html" in added.stdout
    listed = json.loads(run_draftwatch(workspace.root, "log", "--format", "json").stdout)
    assert listed[0]["source"] == site.url("/draft")
    assert listed[0]["fetched_at"].endswith("+00:00")
    text = run_draftwatch(workspace.root, "show", "reg@1").stdout
    assert "## Article 2 Fees" in text and "EUR 500" in text
    assert "Home" not in text and "Copyright" not in text
    assert (workspace.root / "versions" / "reg" / "0001.html").read_text() == V1


def test_content_type_and_bytes_choose_the_reader(workspace, site, env, tmp_path):
    site.pages["/text"] = Page(b"# Notes\n\nPlain words.\n", "text/markdown")
    site.pages["/download"] = Page(V1.encode(), "application/octet-stream")
    assert (
        run_draftwatch(
            workspace.root, "add", site.url("/text"), "--doc", "notes", env=env
        ).returncode
        == 0
    )
    assert run_draftwatch(workspace.root, "show", "notes@1").stdout == "# Notes\n\nPlain words.\n"
    assert not list((workspace.root / "versions" / "notes").glob("0001.*[!d]"))  # no original
    assert (
        run_draftwatch(
            workspace.root, "add", site.url("/download"), "--doc", "page", env=env
        ).returncode
        == 0
    )
    assert "## Article 1 Scope" in run_draftwatch(workspace.root, "show", "page@1").stdout


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (None, "the server answered 404 Not Found"),
        (Page(V1.encode(), delay=4), "timed out (no answer within 2 s)"),
        (Page(huge=50 * 1024 * 1024), "too large (more than 5.0 MB)"),
        (Page(V1.encode(), drip=0.2), "timed out (the answer took longer than 4 s)"),
        (Page(redirect="/loop"), "too many redirects"),
        (Page(b"<html><body></body></html>"), "found no main text in this page"),
    ],
    ids=["404", "slow", "huge", "drip", "redirect-loop", "empty"],
)
def test_bad_urls_are_one_line_and_add_nothing(workspace, site, env, page, message):
    if page is not None:
        site.pages["/loop"] = page
    before = workspace.state()
    url = site.url("/loop")
    result = run_draftwatch(workspace.root, "add", url, "--doc", "reg", env=env, timeout=30)
    assert result.returncode == 2
    assert result.stderr.startswith(f"draftwatch: error: {url}: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert workspace.state() == before


def test_refused_connection(workspace, env):
    with LocalSite() as closed:
        url = closed.url("/gone")
    result = run_draftwatch(workspace.root, "add", url, "--doc", "reg", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"draftwatch: error: {url}: cannot connect")
    assert not (workspace.root / "versions" / "reg").exists()


def test_watch_once_unchanged_then_changed(workspace, site, env):
    site.pages["/draft"] = Page(V1.encode())
    url = site.url("/draft")
    marker = workspace.root.parent / "on-change.json"
    hook = (
        f'{sys.executable} -c "import json, os, sys; json.dump({{k: v for k, v in os.environ.items()'
        f" if k.startswith('DRAFTWATCH_')}}, open(sys.argv[1], 'w'))\" {marker}"
    )
    first = run_draftwatch(
        workspace.root, "watch", url, "--doc", "reg", "--once", "--on-change", hook, env=env
    )
    assert (first.returncode, first.stdout) == (1, "reg: added reg@1\n"), first.stderr
    facts = json.loads(marker.read_text())
    assert facts["DRAFTWATCH_REF"] == "reg@1" and facts["DRAFTWATCH_PREVIOUS"] == ""
    marker.unlink()

    second = run_draftwatch(
        workspace.root, "watch", url, "--doc", "reg", "--once", "--on-change", hook, env=env
    )
    assert (second.returncode, second.stdout) == (0, "reg: not modified since the last check\n")
    assert site.requests[-1][1].get("If-None-Match", "").startswith('"')
    assert not marker.exists() and _tags(workspace) == ["reg/v1"]
    assert workspace.git("status", "--porcelain") == ""  # .draftwatch/ is ignored

    site.pages["/draft"] = Page(V2.encode())
    third = run_draftwatch(
        workspace.root, "watch", url, "--doc", "reg", "--once", "--on-change", hook, env=env
    )
    assert (third.returncode, third.stdout) == (
        1,
        "reg: added reg@2 (report: reports/reg/v1-v2.html)\n",
    ), third.stderr
    assert _tags(workspace) == ["reg/v1", "reg/v2"]
    facts = json.loads(marker.read_text())
    assert facts["DRAFTWATCH_REF"] == "reg@2" and facts["DRAFTWATCH_PREVIOUS"] == "reg@1"
    assert facts["DRAFTWATCH_SOURCE"] == url
    assert facts["DRAFTWATCH_SNAPSHOT"].endswith("versions/reg/0002.md")
    report = facts["DRAFTWATCH_REPORT"]
    assert report.endswith("reports/reg/v1-v2.html") and "EUR 750" in Path(report).read_text(
        encoding="utf-8"
    )
    # The report and the refreshed index are in the version's own commit: nothing left over.
    assert workspace.git("status", "--porcelain") == ""
    committed = workspace.git("show", "--name-only", "--format=", "reg/v2").split()
    assert "reports/reg/v1-v2.html" in committed and "reports/reg/index.html" in committed
    diff = run_draftwatch(workspace.root, "diff", "reg@1", "reg@2", "--format", "json")
    summary = json.loads(diff.stdout)["summary"]
    assert (summary["words_inserted"], summary["words_deleted"]) == (1, 1)


def test_watch_without_validators_compares_the_text(workspace, site, env):
    """A server with no ETag or Last-Modified: the page is fetched whole, and the same text
    (here with a changed navigation bar around it) adds nothing."""
    site.pages["/draft"] = Page(V1.encode(), validators=False)
    url = site.url("/draft")
    assert run_draftwatch(workspace.root, "watch", url, "--doc", "reg", env=env).returncode == 1
    site.pages["/draft"] = Page(V1.replace("News", "Latest news").encode(), validators=False)
    again = run_draftwatch(workspace.root, "watch", url, "--doc", "reg", env=env)
    assert (again.returncode, again.stdout) == (0, "reg: same text as reg@1\n")
    assert "If-None-Match" not in site.requests[-1][1]
    assert _tags(workspace) == ["reg/v1"]


def test_watch_sources_file(workspace, site, env):
    site.pages["/a"] = Page(V1.encode())
    site.pages["/b"] = Page(V1.replace("Draft regulation", "Other draft").encode())
    site.pages["/c"] = Page(V1.encode(), delay=0.5)
    sources = workspace.root.parent / "sources.toml"
    sources.write_text(
        "".join(
            f'[[source]]\nurl = "{site.url(path)}"\ndoc = "{doc}"\nformat = "{fmt}"\n\n'
            for path, doc, fmt in (
                ("/a", "alpha", "html"),
                ("/b", "beta", "auto"),
                ("/c", "gamma", "auto"),
            )
        )
    )
    first = run_draftwatch(workspace.root, "watch", "--sources", str(sources), "--once", env=env)
    assert first.returncode == 1, first.stderr
    assert first.stdout.splitlines() == [
        "alpha: added alpha@1",
        "beta: added beta@1",
        "gamma: added gamma@1",
    ]
    commits = workspace.git("rev-list", "--count", "HEAD").strip()
    assert commits == "3"  # one commit per changed document

    site.pages["/b"] = Page(V2.encode())
    second = run_draftwatch(workspace.root, "watch", "--sources", str(sources), env=env)
    assert second.returncode == 1
    assert second.stdout.splitlines() == [
        "alpha: not modified since the last check",
        "beta: added beta@2 (report: reports/beta/v1-v2.html)",
        "gamma: not modified since the last check",
    ]
    assert workspace.git("rev-list", "--count", "HEAD").strip() == "4"

    del site.pages["/c"]
    third = run_draftwatch(workspace.root, "watch", "--sources", str(sources), env=env)
    assert third.returncode == 2  # an error wins over "no change"
    assert (
        third.stderr
        == f"draftwatch: error: gamma: {site.url('/c')}: the server answered 404 Not Found\n"
    )


def test_sources_are_fetched_concurrently(workspace, site, env):
    """Three slow pages: their requests are all under way at once."""
    sources = workspace.root.parent / "sources.toml"
    entries = []
    for name in ("one", "two", "three"):
        site.pages[f"/{name}"] = Page(V1.replace("Draft regulation", name).encode(), delay=1.0)
        entries.append(f'[[source]]\nurl = "{site.url("/" + name)}"\ndoc = "{name}"\n')
    sources.write_text("\n".join(entries))
    result = run_draftwatch(workspace.root, "watch", "--sources", str(sources), env=env)
    assert result.returncode == 1, result.stderr
    starts = [start for _, start, _ in site.answered]
    ends = [end for _, _, end in site.answered]
    assert len(starts) == 3 and max(starts) < min(ends)  # every request began before any ended


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[source]]\nurl = 'x'\n", "source 1 needs url (or path) and doc, both strings"),
        ("[[source]\n", "not valid TOML"),
        ("title = 'none'\n", "no sources"),
        ("[[source]]\nurl = 'a'\ndoc = '../x'\n", "invalid document name"),
        ("[[source]]\nurl = 'a'\ndoc = 'x'\nformat = 'odt'\n", "source 1: unknown format 'odt'"),
    ],
)
def test_bad_sources_files(workspace, content, message):
    sources = workspace.root.parent / "sources.toml"
    sources.write_text(content)
    result = run_draftwatch(workspace.root, "watch", "--sources", str(sources))
    assert result.returncode == 2
    assert result.stderr.startswith("draftwatch: error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_on_change_is_not_run_by_a_shell(workspace, site, env):
    """Values reach the command only as environment variables: a URL full of shell syntax
    stays data, and the command line itself is split, never given to a shell."""
    path = "/draft;touch%20pwned;$(touch%20pwned2)"
    site.pages[path] = Page(V1.encode())
    out = workspace.root.parent / "argv.json"
    hook = f"{sys.executable} -c \"import json, sys; json.dump(sys.argv[1:], open(sys.argv[1], 'w'))\" {out} ;echo hi"
    result = run_draftwatch(
        workspace.root, "watch", site.url(path), "--doc", "reg", "--on-change", hook, env=env
    )
    assert result.returncode == 1, result.stderr
    assert json.loads(out.read_text()) == [str(out), ";echo", "hi"]
    assert not list(workspace.root.rglob("pwned*")) and not list(
        workspace.root.parent.glob("pwned*")
    )


def test_watch_usage_errors(workspace):
    for args, message in (
        ((), "give a SOURCE with --doc, or --sources FILE"),
        (("http://127.0.0.1:9/x",), "watching SOURCE needs --doc NAME"),
        (("x", "--doc", "d", "--once", "--every", "1h"), "--every and --once exclude each other"),
        (("x", "--doc", "d", "--every", "soon"), "give a duration like 30m, 6h or 1d"),
        (("http://127.0.0.1:9/x", "--doc", "../up"), "invalid document name"),
    ):
        result = run_draftwatch(workspace.root, "watch", *args)
        assert result.returncode == 2
        assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_parse_every():
    assert parse_every("6h") == 6 * 3600
    assert parse_every("1h30m") == 5400
    assert parse_every("1d") == 86400
    for bad in ("", "6", "h", "5s", "6 hours"):
        with pytest.raises(BadInputError):
            parse_every(bad)


def test_watch_every_checks_until_interrupted(workspace, site, env):
    import signal
    import subprocess

    site.pages["/draft"] = Page(V1.encode())
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "draftwatch",
            "watch",
            site.url("/draft"),
            "--doc",
            "reg",
            "--every",
            "10s",
        ],
        cwd=workspace.root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "reg: added reg@1\n"  # the first check, at once
            child.send_signal(signal.SIGINT)  # then it waits for the next: stop it
            assert child.wait(timeout=20) == 0
        finally:
            if child.poll() is None:
                child.kill()
    assert _tags(workspace) == ["reg/v1"]


def test_watch_a_local_file(workspace):
    draft = workspace.root.parent / "draft.md"
    draft.write_text("# Draft\n\nThe fee is EUR 500.\n")
    first = run_draftwatch(workspace.root, "watch", str(draft), "--doc", "local")
    assert (first.returncode, first.stdout) == (1, "local: added local@1\n")
    again = run_draftwatch(workspace.root, "watch", str(draft), "--doc", "local")
    assert (again.returncode, again.stdout) == (0, "local: same text as local@1\n")
    draft.write_text("# Draft\n\nThe fee is EUR 600.\n")
    changed = run_draftwatch(workspace.root, "watch", str(draft), "--doc", "local")
    assert changed.returncode == 1 and "added local@2" in changed.stdout
