"""Importer speed and agreement: one long draft written as Markdown, printed to PDF by Chromium
and converted to Word by pandoc, read back by draftwatch; prints seconds per format, pages per
second for the PDF, and whether the PDF and Word readings give the same Markdown.

    .venv/bin/python bench/importers.py --articles 700     # about 350 A5 pages
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from draftwatch.engine import compare_versions
from draftwatch.versions.ingest import receive_bytes
from tests.made_files import ARTICLES, DRAFT, pandoc, printed_draft, web_page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="review clauses in the draft")
    args = parser.parse_args()
    clauses = "\n".join(
        f"\n## Article {n} Review clause {n}\n\nThe authority shall review the functioning of "
        f"this Regulation every {n} years and shall report on the results of that review to the "
        "supervisory committee, which may propose interoperability measures and extraordinary "
        "amendments where appropriate.\n"
        for n in range(6, 6 + args.articles)
    )
    draft = DRAFT.replace(ARTICLES, clauses)
    with tempfile.TemporaryDirectory() as folder:
        made = Path(folder)
        started = time.perf_counter()
        pdf = printed_draft(draft, made, {}).read_bytes()
        printed = time.perf_counter() - started
        docx = pandoc(draft, made / "draft.docx").read_bytes()
        page = web_page(draft, made).encode("utf-8")
        results, seconds = {}, {}
        for name, data in (("draft.pdf", pdf), ("draft.docx", docx), ("page.html", page)):
            started = time.perf_counter()
            results[name] = receive_bytes(data, name).version
            seconds[name] = time.perf_counter() - started
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    words = results["draft.pdf"].words
    print(f"draft: {words} words, {pages} A5 pages (printed by Chromium in {printed:.1f} s)")
    for name in ("draft.pdf", "draft.docx", "page.html"):
        print(f"{name:12} {seconds[name]:.1f} s")
    print(f"PDF: {pages / seconds['draft.pdf']:.1f} pages/s")
    for other in ("draft.docx", "page.html"):
        summary = compare_versions(results["draft.pdf"], results[other]).summary()
        same = results["draft.pdf"].text == results[other].text
        print(
            f"PDF vs {other}: same Markdown: {same}; words +{summary.words_inserted} "
            f"-{summary.words_deleted}, sections changed {summary.sections_changed}"
        )


if __name__ == "__main__":
    main()
