"""PDF, Word and HTML in: real files made by real tools (pandoc, Chromium, qpdf, tesseract),
read into the same Markdown, stored with their originals; bad files refused in one line."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from draftwatch.engine import compare_versions
from draftwatch.model import Version
from draftwatch.versions.ingest import ingest_bytes, receive_bytes
from draftwatch.versions.snapshot import parse_snapshot, render_snapshot
from tests.made_files import (
    DRAFT,
    LAID_OUT,
    RUNNING_HEADER,
    TWO_COLUMNS_CSS,
    need,
    pandoc,
    print_pdf,
    printed_draft,
    scanned_pdf,
    web_page,
)

HYPHENATED = {
    "interoperability": "inter&shy;oper&shy;ability",
    "extraordinary": "extra&shy;ordinary",
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("made")


@pytest.fixture(scope="module")
def docx(made: Path) -> bytes:
    return pandoc(DRAFT, made / "draft.docx").read_bytes()


@pytest.fixture(scope="module")
def pdf(made: Path) -> bytes:
    return printed_draft(DRAFT, made, HYPHENATED).read_bytes()


@pytest.fixture(scope="module")
def page(made: Path) -> bytes:
    return web_page(DRAFT, made).encode("utf-8")


def _markdown() -> Version:
    return ingest_bytes(DRAFT.encode("utf-8"), "draft.md")


def _same_text(old: Version, new: Version) -> None:
    """The same sections and not one word changed between two renderings of the draft."""
    comparison = compare_versions(old, new)
    summary = comparison.summary()
    changed = [
        (s.old_title if hasattr(s, "old_title") else "", s.status)
        for s in comparison.sections
        if s.status != "unchanged"
    ]
    assert changed == [], new.text
    assert (summary.words_inserted, summary.words_deleted, summary.moved_blocks) == (0, 0, 0)
    assert summary.sections_unchanged == DRAFT.count("\n#") + DRAFT.startswith("#")


def test_word_file_by_pandoc_reads_as_the_markdown(docx):
    received = receive_bytes(docx, "draft.docx")
    text = received.version.text
    assert received.version.format == "markdown"
    assert received.original == docx and received.original_suffix == ".docx"
    assert "## Article 2 Definitions" in text
    assert '- "authority" means a public body that publishes drafts;' in text
    assert "| Registration | 30 days | EUR 500 |" in text
    assert "responsible unit of each draft.[^1]" in text
    assert "[^1]: The register may be kept in electronic form." in text
    assert received.notices == ()
    _same_text(_markdown(), received.version)


def test_pdf_printed_by_chromium_reads_as_the_markdown(pdf):
    text = receive_bytes(pdf, "draft.pdf").version.text
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 3  # several pages
    assert RUNNING_HEADER not in text and "Page 1 of" not in text and "of 5" not in text
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        raw = [line["text"] for page in document.pages for line in page.extract_text_lines()]
    broken = [line for line in raw if line.rstrip().endswith("\u2010")]  # Chromium's hyphen
    assert len(broken) >= 2 and all("extra" in line or "oper" in line for line in broken)
    assert "interoperability" in text and "extraordinary" in text  # hyphenation undone
    assert "\u2010" not in text and "inter-" not in text and "extra-" not in text
    assert text.startswith("# Regulation on Drafting Standards\n\n## Article 1 Subject matter\n")
    assert '\n- "draft" means a text published for consultation;\n' in text
    assert "| Registration | 30 days | EUR 500 |" in text
    assert "responsible unit of each draft.[^1]" in text
    assert text.rstrip().endswith("[^1]: The register may be kept in electronic form.")
    _same_text(_markdown(), receive_bytes(pdf, "draft.pdf").version)


def test_pdf_laid_out_like_a_word_processor(made):
    """Headings by weight alone, footnotes at the foot of their pages, bare page numbers."""
    laid_out = print_pdf(LAID_OUT, made / "laid-out.pdf").read_bytes()
    assert receive_bytes(laid_out, "laid-out.pdf").version.text == (
        "# 1. Scope\n\n"
        "This Directive applies to all undertakings established in the Union.[^1] It does not "
        "apply to micro-enterprises.\n\n"
        "Member States shall ensure that:\n\n"
        "a. the undertakings publish a yearly statement;\n\n"
        "b. the statement is audited.\n\n"
        "# 2. Reporting\n\n"
        "The report shall be filed within six months of the end of the financial year.\n\n"
        "# 3. Penalties\n\n"
        "Penalties shall be effective, proportionate and dissuasive.[^2]\n\n"
        "[^1]: Within the meaning of Article 3 of Directive 2013/34/EU.\n\n"
        "[^2]: See also Recital 12.\n"
    )


def test_pdf_in_two_columns_is_read_column_by_column(made, docx):
    columns = printed_draft(DRAFT, made, {}, TWO_COLUMNS_CSS).read_bytes()
    text = receive_bytes(columns, "columns.pdf").version.text
    assert text == receive_bytes(docx, "draft.docx").version.text


def test_diff_of_the_pdf_and_the_word_file_shows_no_change(workspace, pdf, docx):
    workspace.write("draft.pdf", pdf)
    workspace.write("draft.docx", docx)
    result = workspace.run("diff", "draft.pdf", "draft.docx", "--exit-code", "--stat")
    assert result.exit_code == 0, result.output
    assert "0 sections changed, 0 added, 0 removed" in result.output
    assert "+0 -0 words" in result.output


def test_pdf_and_word_renderings_are_the_same_text(pdf, docx):
    from_pdf = receive_bytes(pdf, "draft.pdf").version
    from_word = receive_bytes(docx, "draft.docx").version
    _same_text(from_word, from_pdf)
    assert from_pdf.text == from_word.text  # down to the Markdown


def test_web_page_main_text_and_whole_page(page):
    main = receive_bytes(page, "page.html").version
    assert "Home" not in main.text and "Copyright" not in main.text
    assert "## Article 3 Obligations of authorities" in main.text
    _same_text(_markdown(), main)
    whole = receive_bytes(page, "page.html", whole_page=True).version.text
    assert "Copyright 2025 The Ministry of Drafting" in whole
    assert "Home | News | About the ministry" in whole


def test_all_four_formats_store_the_same_snapshot(workspace, docx, pdf, page):
    workspace.write("in/draft.md", DRAFT)
    workspace.write("in/draft.docx", docx)
    workspace.write("in/draft.pdf", pdf)
    workspace.write("in/page.html", page)
    workspace.write(".git/info/exclude", "in/\n")
    assert workspace.run("add", "in/draft.docx", "--doc", "reg").exit_code == 0
    for name in ("draft.pdf", "page.html"):
        result = workspace.run("add", f"in/{name}", "--doc", "reg")
        assert result.exit_code == 0
        assert result.output.startswith("Unchanged: the text is identical to reg@1")
    diff = workspace.run("diff", "reg@1", "in/draft.md", "--format", "json")
    summary = json.loads(diff.output)["summary"]
    assert (summary["words_inserted"], summary["words_deleted"]) == (0, 0)
    assert summary["sections_changed"] == summary["sections_added"] == 0


def test_add_keeps_the_original_with_its_sha256(workspace, pdf):
    workspace.write("draft.pdf", pdf)
    result = workspace.run("add", "draft.pdf", "--doc", "reg")
    assert result.exit_code == 0
    assert "original kept as 0001.pdf" in result.output
    kept = workspace.root / "versions" / "reg" / "0001.pdf"
    assert kept.read_bytes() == pdf
    snapshot = (workspace.root / "versions" / "reg" / "0001.md").read_text(encoding="utf-8")
    assert f'original_sha256: "{hashlib.sha256(pdf).hexdigest()}"' in snapshot
    assert 'original_file: "0001.pdf"' in snapshot
    tree = workspace.git("ls-tree", "-r", "--name-only", "reg/v1")
    assert "versions/reg/0001.pdf" in tree and "versions/reg/0001.md" in tree
    assert workspace.git("status", "--porcelain") == "?? draft.pdf\n"
    listed = json.loads(workspace.run("log", "--format", "json").output)
    assert listed[0]["original_file"] == "0001.pdf"


def test_no_original(workspace, docx):
    workspace.write("draft.docx", docx)
    assert workspace.run("add", "draft.docx", "--doc", "reg", "--no-original").exit_code == 0
    assert sorted(p.name for p in (workspace.root / "versions" / "reg").iterdir()) == ["0001.md"]
    snapshot = (workspace.root / "versions" / "reg" / "0001.md").read_text(encoding="utf-8")
    assert "original" not in snapshot.replace("original_name", "")


def test_snapshots_without_the_new_fields_read_and_render_unchanged():
    old = (
        '---\ndoc: "wp"\nversion: 1\nlabel: ""\ndate: "2025-03-12"\nsource: "a.md"\n'
        'original_name: "a.md"\nformat: "markdown"\nsha256: "'
        + hashlib.sha256(b"# A\n").hexdigest()
        + '"\nadded_at: "2025-03-12T10:00:00+00:00"\n---\n# A\n'
    )
    version = parse_snapshot(old, Path("versions/wp/0001.md"))
    assert (version.original_file, version.original_sha256, version.fetched_at) == ("", "", "")
    assert render_snapshot(version) == old


def test_a_bad_original_field_is_refused():
    from draftwatch.errors import StoreError

    bad = render_snapshot(
        Version(
            text="# A\n",
            format="markdown",
            doc="wp",
            number=1,
            date="2025-03-12",
            source="a",
            original_name="a",
            added_at="x",
            original_file="../../etc/passwd",
            original_sha256="0" * 64,
        )
    )
    with pytest.raises(StoreError, match="original_file"):
        parse_snapshot(bad, Path("versions/wp/0001.md"))


def test_tracked_changes_are_read_as_current_text_and_said(workspace, made):
    source = (
        '# Terms\n\nThe fee is [forty]{.deletion author="A" date="2025-01-01T00:00:00Z"}'
        '[fifty]{.insertion author="A" date="2025-01-01T00:00:00Z"} euros.\n'
    )
    tracked = pandoc(source, made / "tracked.docx")
    assert b"w:ins" in zipfile.ZipFile(tracked).read("word/document.xml")
    result = workspace.run("add", str(tracked), "--doc", "terms")
    assert result.exit_code == 0
    assert "tracked.docx has tracked changes; read as its current text" in result.output
    text = workspace.run("show", "terms@1").output
    assert "The fee is fifty euros." in text and "forty" not in text


def _refused(workspace, name: str, data: bytes, message: str, *options: str) -> None:
    workspace.write(name, data)
    before = workspace.state()
    result = workspace.run("add", name, "--doc", "bad", *options)
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith(f"draftwatch: error: {message}")
    assert workspace.state() == before


def test_encrypted_pdf_is_refused(workspace, pdf, made):
    qpdf = need("qpdf")
    (made / "plain.pdf").write_bytes(pdf)
    subprocess.run(
        [
            qpdf,
            "--encrypt",
            "user-secret",
            "owner-secret",
            "256",
            "--",
            str(made / "plain.pdf"),
            str(made / "locked.pdf"),
        ],
        check=True,
        timeout=60,
    )
    message = "locked.pdf: the PDF is encrypted (password-protected); decrypt it first"
    _refused(workspace, "locked.pdf", (made / "locked.pdf").read_bytes(), message)


def test_broken_pdfs_are_refused(workspace, pdf):
    _refused(
        workspace,
        "cut.pdf",
        pdf[: len(pdf) // 3],
        "cut.pdf: a broken PDF, cannot read it (",
    )
    _refused(
        workspace,
        "junk.pdf",
        b"%PDF-1.7\n" + bytes(range(256)) * 20,
        "junk.pdf: a broken PDF, cannot read it (No /Root object! - Is this really a PDF?)",
    )
    _refused(workspace, "text.pdf", b"hello, I am no PDF\n", "text.pdf: not a PDF file")


def test_corrupt_and_foreign_zips_are_refused(workspace, docx):
    _refused(
        workspace,
        "cut.docx",
        docx[:2000],
        "cut.docx: not a Word file (not a valid .docx zip archive)",
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.txt", "not a Word document")
    _refused(
        workspace,
        "notes.docx",
        archive.getvalue(),
        "notes.docx: a zip archive but not a Word document",
    )


def test_scan_without_text_layer_needs_ocr(workspace, made):
    scan = scanned_pdf(made, "The Commission shall adopt the implementing acts within ninety days.")
    message = (
        "scan.pdf: the PDF has no text layer (a scan?); run with --ocr to read it by OCR "
        "(needs Debian's tesseract-ocr)"
    )
    _refused(workspace, "scan.pdf", scan.read_bytes(), message)
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (Debian package: tesseract-ocr)")
    result = workspace.run("add", "scan.pdf", "--doc", "scan", "--ocr")
    assert result.exit_code == 0, result.output
    text = workspace.run("show", "scan@1").output
    assert "Commission shall adopt the implementing acts within ninety days" in text


def test_format_is_sniffed_from_the_bytes_without_a_suffix(docx, pdf):
    assert receive_bytes(pdf, "download").version.text == receive_bytes(pdf, "x.pdf").version.text
    assert receive_bytes(docx, "download").original_suffix == ".docx"


def test_a_pdf_on_standard_input(workspace, pdf):
    result = workspace.run("add", "-", "--doc", "piped", input=pdf)
    assert result.exit_code == 0, result.output
    assert "original kept as 0001.pdf" in result.output
    assert (workspace.root / "versions" / "piped" / "0001.pdf").read_bytes() == pdf


def test_html_shapes_written_as_markdown():
    from draftwatch.versions.ingest.html import html_to_markdown

    page = (
        "<h2>Scope</h2><p>See Article <a href='#art3'>3</a> and the note<sup><a href='#fn1'>1</a>"
        "</sup>.<script>alert(1)</script></p><ul><li>one<ul><li>inner</li></ul></li><li>two<br>"
        "lines</li></ul><ol><li>first</li></ol><blockquote><p>quoted</p></blockquote>"
        "<table><tr><th>a|b</th><th>c</th></tr><tr><td>1</td></tr></table><pre>code  kept</pre>"
        "<section class='footnotes'><ol><li id='fn1'><p>The note. <a href='#r1'>↩</a></p></li>"
        "</ol></section>"
    )
    assert html_to_markdown(page) == (
        "## Scope\n\nSee Article 3 and the note[^1].\n\n- one\n\n  - inner\n\n- two lines\n\n"
        "1. first\n\n> quoted\n\n| a\\|b | c |\n| --- | --- |\n| 1 |  |\n\n```\ncode  kept\n```\n\n"
        "[^1]: The note.\n"
    )


def test_word_title_is_a_heading(made):
    titled = pandoc("---\ntitle: Draft Directive\n---\n\n# Scope\n\nText.\n", made / "titled.docx")
    text = receive_bytes(titled.read_bytes(), "titled.docx").version.text
    assert text == "# Draft Directive\n\n# Scope\n\nText.\n"


def test_long_pdf_shows_page_progress_on_a_terminal_only(workspace, made):
    from tests.helpers import run_on_terminal

    pages = "".join(
        f"<p style='page-break-after: always'>Clause {n}. The authority shall act.</p>"
        for n in range(1, 26)
    )
    long_pdf = print_pdf(f"<html><body>{pages}</body></html>", made / "long.pdf")
    status, screen = run_on_terminal("add", str(long_pdf), "--doc", "long", cwd=workspace.root)
    assert status == 0, screen
    assert "Reading pages" in screen and "Added long@1" in screen
    piped = workspace.run("add", str(long_pdf), "--doc", "long2")
    assert piped.exit_code == 0 and "Reading pages" not in piped.output
