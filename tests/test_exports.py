"""Redlines to send: the Word file with tracked changes (read back with python-docx and opened by
LibreOffice), the PDF printed by Chromium, CriticMarkup; each accepted gives the new text and
rejected the old one."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from draftwatch.engine import compare
from draftwatch.engine.parse import parse_document
from draftwatch.exports import critic_redline, docx_redline
from draftwatch.model import Document
from draftwatch.render.safe import safe_text
from tests.conftest import CORPUS
from tests.test_fuzz import FUZZ, text_pairs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
POLICY = CORPUS / "federal-source-code-policy"
PAIRS = [
    (files[k], files[k + 1])
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir())
    for files in [sorted(folder.glob("v*.*"))]
    for k in range(len(files) - 1)
]


def _format(path: Path) -> str:
    return "markdown" if path.suffix == ".md" else "text"


def _compare_files(old: Path, new: Path):
    return compare(
        old.read_text(encoding="utf-8"),
        new.read_text(encoding="utf-8"),
        old_format=_format(old),
        new_format=_format(new),
    )


def paragraphs_of(document: Document) -> list[str]:
    """A text as draftwatch reads it: each heading, then each block, in order."""
    out = []
    for section in document.sections:
        if section.title:
            out.append(section.title)
        out += [block.text for block in section.blocks]
    return out


def resolve_docx(data: bytes, accept: bool) -> list[str]:
    """Accept (or reject) every tracked change, as Word does, and return the paragraphs' text:
    accepting drops w:del and w:moveFrom content and keeps w:ins and w:moveTo; a paragraph whose
    mark is dropped runs on into the next one."""
    body = docx.Document(io.BytesIO(data)).element.body
    dropped = {W + "del", W + "moveFrom"} if accept else {W + "ins", W + "moveTo"}
    paragraphs, carried = [], ""
    for p in body.iter(W + "p"):
        text = carried
        for element in p.iter(W + "t", W + "delText", W + "br"):
            if element.getparent().getparent().tag in dropped:
                continue
            text += "\n" if element.tag == W + "br" else (element.text or "")
        mark = p.find(f"{W}pPr/{W}rPr")
        if mark is not None and any(child.tag in dropped for child in mark):
            carried = text
        else:
            paragraphs.append(text)
            carried = ""
    if carried:
        paragraphs.append(carried)
    return paragraphs


# --- DOCX --------------------------------------------------------------------------------------


@pytest.fixture
def policy_redline(workspace):
    """federal-source-code-policy v2 -> v3 through the CLI, from a workspace with dates."""
    workspace.write("v2.md", (POLICY / "v02.md").read_text(encoding="utf-8"))
    workspace.write("v3.md", (POLICY / "v03.md").read_text(encoding="utf-8"))
    for name, on in (("v2.md", "2016-03-10"), ("v3.md", "2016-08-08")):
        result = workspace.run("add", name, "--doc", "policy", "--date", on)
        assert result.exit_code == 0, result.output
    result = workspace.run("diff", "policy@1", "policy@2", "--format", "docx", "-o", "r.docx")
    assert result.exit_code == 0, result.output
    return workspace.root / "r.docx"


def test_docx_redline_accepted_is_version_3_and_rejected_is_version_2(policy_redline):
    data = policy_redline.read_bytes()
    old = parse_document((POLICY / "v02.md").read_text(encoding="utf-8"), "markdown")
    new = parse_document((POLICY / "v03.md").read_text(encoding="utf-8"), "markdown")
    assert resolve_docx(data, accept=True) == paragraphs_of(new)
    assert resolve_docx(data, accept=False) == paragraphs_of(old)


def test_docx_redline_holds_real_tracked_changes(policy_redline):
    body = docx.Document(str(policy_redline)).element.body
    changes = {tag: list(body.iter(W + tag)) for tag in ("ins", "del", "moveFrom", "moveTo")}
    runs = [
        element for element in changes["ins"] + changes["del"] if element.find(W + "r") is not None
    ]
    assert len(runs) > 100 and changes["moveFrom"] and changes["moveTo"]
    for element in (e for found in changes.values() for e in found):
        assert element.get(W + "author") == "draftwatch"
        assert element.get(W + "date") == "2016-08-08T00:00:00Z"
    # Deleted text is w:delText inside w:del, never elsewhere; inserted text is w:t.
    for text in body.iter(W + "delText"):
        assert text.getparent().getparent().tag == W + "del"
    assert not [t for t in body.iter(W + "t") if t.getparent().getparent().tag == W + "del"]
    # Each move's ends are inside named ranges, and every name has both ends.
    names = {
        side: {e.get(W + "name") for e in body.iter(W + f"{side}RangeStart")}
        for side in ("moveFrom", "moveTo")
    }
    assert names["moveFrom"] and names["moveFrom"] == names["moveTo"]
    starts = [e.get(W + "id") for e in body.iter(W + "moveFromRangeStart", W + "moveToRangeStart")]
    ends = [e.get(W + "id") for e in body.iter(W + "moveFromRangeEnd", W + "moveToRangeEnd")]
    assert sorted(starts) == sorted(ends)


def test_docx_redline_keeps_headings_and_list_items(policy_redline):
    document = docx.Document(str(policy_redline))
    assert document.core_properties.title == "policy@1 -> policy@2"
    styles = {(p.style.name, p.text) for p in document.paragraphs}
    assert ("Heading 1", "Federal Source Code Policy") in styles
    assert ("Heading 2", "Appendix A: Definitions") in styles
    assert any(style == "List Bullet" and "custom-developed code" in text for style, text in styles)


@pytest.mark.parametrize("old, new", PAIRS, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_docx_redline_round_trips_every_corpus_pair(old, new):
    """Renames, moved sections, splits, merges and moved blocks: every real pair restores."""
    comparison = _compare_files(old, new)
    data = docx_redline(comparison)
    old_doc = parse_document(comparison.old.text, _format(old))
    new_doc = parse_document(comparison.new.text, _format(new))
    assert resolve_docx(data, accept=True) == paragraphs_of(new_doc)
    assert resolve_docx(data, accept=False) == paragraphs_of(old_doc)


def test_docx_escapes_hostile_text():
    old = "# Terms\n\nPay <w:t>5</w:t> & \x1b[31m now.\n"
    new = "# Terms\n\nPay <w:t>6</w:t> & \x1b[31m now ]]> </w:body>\uffff.\n"
    data = docx_redline(compare(old, new))
    accepted = resolve_docx(data, accept=True)
    assert accepted == ["Terms", "Pay <w:t>6</w:t> & \\x1b[31m now ]]> </w:body>\\uffff."]
    assert resolve_docx(data, accept=False) == ["Terms", "Pay <w:t>5</w:t> & \\x1b[31m now."]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_docx_redline_with_its_changes(policy_redline, tmp_path):
    """LibreOffice converts the redline to PDF, and reads its tracked changes as changes: saved
    back to DOCX by LibreOffice, accepting them all still gives every character of version 3
    and rejecting them all every character of version 2 (LibreOffice writes paragraph-mark
    changes on a neighbouring paragraph, so the comparison ignores where paragraphs break)."""
    for target in ("pdf", "docx:MS Word 2007 XML"):
        done = subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path / "out"),
                str(policy_redline),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "r.pdf").read_bytes().startswith(b"%PDF")
    saved = (tmp_path / "out" / "r.docx").read_bytes()

    def letters(paragraphs: list[str]) -> str:
        return re.sub(r"\s+", "", "".join(paragraphs))

    old = parse_document((POLICY / "v02.md").read_text(encoding="utf-8"), "markdown")
    new = parse_document((POLICY / "v03.md").read_text(encoding="utf-8"), "markdown")
    assert letters(resolve_docx(saved, accept=True)) == letters(paragraphs_of(new))
    assert letters(resolve_docx(saved, accept=False)) == letters(paragraphs_of(old))


# --- PDF ---------------------------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("chromium"), reason="Chromium not installed")
def test_pdf_is_the_report_printed(workspace):
    from pypdf import PdfReader

    workspace.write("v3.md", (POLICY / "v03.md").read_text(encoding="utf-8"))
    workspace.write("v4.md", (POLICY / "v04.md").read_text(encoding="utf-8"))
    result = workspace.run("diff", "v3.md", "v4.md", "--format", "pdf", "-o", "report.pdf")
    assert result.exit_code == 0, result.output
    data = (workspace.root / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "September 2014" in text and "October 2015" in text  # the key change, both sides


def test_pdf_without_chromium_is_one_clear_line(workspace, monkeypatch):
    monkeypatch.setenv("DRAFTWATCH_CHROMIUM", "/nonexistent/chromium")
    workspace.write("a.md", "# A\n\nOne.\n")
    workspace.write("b.md", "# A\n\nTwo.\n")
    result = workspace.run("diff", "a.md", "b.md", "--format", "pdf", "-o", "r.pdf")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "needs Chromium" in result.stderr
    assert not (workspace.root / "r.pdf").exists()


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_binary_formats_need_an_output_file(workspace, fmt):
    workspace.write("a.md", "# A\n\nOne.\n")
    workspace.write("b.md", "# A\n\nTwo.\n")
    result = workspace.run("diff", "a.md", "b.md", "--format", fmt)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"--format {fmt} writes a binary file: give -o FILE" in result.stderr


# --- CriticMarkup ------------------------------------------------------------------------------

_MARKUP = re.compile(
    r"\{\+\+(.*?)\+\+\}|\{--(.*?)--\}|\{~~(.*?)~>(.*?)~~\}|\{==(.*?)==\}|\{>>(.*?)<<\}", re.S
)


def resolve_critic(text: str, accept: bool) -> str:
    """What a CriticMarkup processor gives when it accepts (or rejects) every change."""

    def one(match: re.Match[str]) -> str:
        inserted, deleted, old, new, highlighted, _comment = match.groups()
        if inserted is not None:
            return inserted if accept else ""
        if deleted is not None:
            return "" if accept else deleted
        if old is not None:
            return new if accept else old
        return highlighted or ""

    return _MARKUP.sub(one, text)


def plain_markdown(document: Document) -> str:
    prefixes = {"list_item": "- ", "quote": "> "}
    parts = []
    for section in document.sections:
        if section.title:
            parts.append("#" * min(section.level, 9) + " " + section.title)  # Word's 9 levels
        parts += [prefixes.get(block.kind, "") + block.text for block in section.blocks]
    return "\n\n".join(parts)


@pytest.mark.parametrize("old, new", PAIRS, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_critic_round_trips_every_corpus_pair(old, new):
    comparison = _compare_files(old, new)
    marked = critic_redline(comparison)
    old_doc = parse_document(comparison.old.text, _format(old))
    new_doc = parse_document(comparison.new.text, _format(new))
    assert resolve_critic(marked, True).replace("\u2060", "").rstrip() == plain_markdown(new_doc)
    assert resolve_critic(marked, False).replace("\u2060", "").rstrip() == plain_markdown(old_doc)


def test_critic_uses_substitutions_and_escapes_its_delimiters():
    old = "# Terms\n\nThe fee is {++5++} and a~>b, {--x--} {~~y~~} {==z==} {>>c<<}.\n"
    new = "# Terms\n\nThe fee is {++6++} and a~>b, {--x--} {~~y~~} {==z==} {>>c<<}.\n"
    marked = critic_redline(compare(old, new))
    assert "{~~5~>6~~}" in marked
    # No delimiter of the document's own is left for a processor to read as markup.
    assert len(_MARKUP.findall(marked)) == 1
    assert resolve_critic(marked, True).replace("\u2060", "") == new
    assert resolve_critic(marked, False).replace("\u2060", "") == old


def test_critic_through_the_cli(workspace):
    workspace.write("a.md", "# A\n\nThe agency must report.\n")
    workspace.write("b.md", "# A\n\nThe agency may report.\n\nNew clause.\n")
    result = workspace.run("diff", "a.md", "b.md", "--format", "critic")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "# A\n\nThe agency {~~must ~>may ~~}report.{++\n\nNew clause.++}\n"


def test_redlines_refuse_ignore_cosmetic(workspace):
    workspace.write("a.md", "# A\n\nOne.\n")
    workspace.write("b.md", "# A\n\nTwo.\n")
    result = workspace.run("diff", "a.md", "b.md", "--format", "critic", "--ignore-cosmetic")
    assert result.exit_code == 2 and "drop --ignore-cosmetic" in result.stderr


def test_docx_dates_are_left_out_when_the_versions_have_none():
    comparison = compare("# A\n\nOne.\n", "# A\n\nTwo.\n")  # files, stdin: no dates
    body = docx.Document(io.BytesIO(docx_redline(comparison))).element.body
    assert [e.get(W + "date") for e in body.iter(W + "ins", W + "del")] == [None, None]


# --- any text ----------------------------------------------------------------------------------


@FUZZ
@given(text_pairs(), st.sampled_from(["markdown", "text"]))
@example(("# A\n\nx\uffff y\n", "# A\n\nx\ufffe z\n\n{++ ~> --}\n"), "markdown")
def test_any_pair_round_trips_in_both_redlines(pair, fmt):
    """Hostile and random text: accepting gives the new text and rejecting the old, in Word and
    in CriticMarkup (control characters, which neither can hold, shown as visible escapes)."""
    old, new = pair
    comparison = compare(old, new, old_format=fmt)
    old_doc = parse_document(comparison.old.text, fmt)
    new_doc = parse_document(comparison.new.text, fmt)
    data = docx_redline(comparison)

    def in_xml(text: str) -> str:  # XML 1.0 holds neither controls nor U+FFFE and U+FFFF
        return safe_text(text).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")

    assert resolve_docx(data, accept=True) == [in_xml(p) for p in paragraphs_of(new_doc)]
    assert resolve_docx(data, accept=False) == [in_xml(p) for p in paragraphs_of(old_doc)]
    marked = critic_redline(comparison)
    for accept, document in ((True, new_doc), (False, old_doc)):
        resolved = resolve_critic(marked, accept).replace("\u2060", "").rstrip("\n")
        assert resolved == safe_text(plain_markdown(document).replace("\u2060", "")).rstrip("\n")


@pytest.mark.parametrize("raw", [False, True], ids=["as-read", "raw"])
def test_redlines_follow_the_reading_of_the_comparison(workspace, raw):
    """With --raw the Markdown source is compared as it is, and the redlines hold it so."""
    workspace.write("v2.md", (POLICY / "v02.md").read_text(encoding="utf-8"))
    workspace.write("v3.md", (POLICY / "v03.md").read_text(encoding="utf-8"))
    flags = ["--raw"] if raw else []
    result = workspace.run("diff", "v2.md", "v3.md", "--format", "docx", "-o", "r.docx", *flags)
    assert result.exit_code == 0, result.output
    new = parse_document((POLICY / "v03.md").read_text(encoding="utf-8"), "markdown", raw=raw)
    accepted = resolve_docx((workspace.root / "r.docx").read_bytes(), accept=True)
    assert accepted == paragraphs_of(new)
    assert any("](" in text for text in accepted) == raw  # Markdown links: source or read
    marked = workspace.run("diff", "v2.md", "v3.md", "--format", "critic", *flags).stdout
    assert resolve_critic(marked, True).replace("\u2060", "").rstrip() == plain_markdown(new)
