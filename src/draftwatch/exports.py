"""Redlines to send: the Word file and CriticMarkup (which need the parsed documents beside the
comparison, for each block's kind) and the PDF (the HTML report printed by headless Chromium).
The one place outside versions/ that runs a program."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from draftwatch.engine import parse_pair
from draftwatch.errors import DraftwatchError
from draftwatch.model import Comparison

#: Where Chromium is looked for, after $DRAFTWATCH_CHROMIUM.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PDF_TIMEOUT = 180  # seconds; a 1,000-page report prints in well under a minute


class ExportError(DraftwatchError):
    """An export that cannot be made on this machine (a missing or failing program)."""


def docx_redline(comparison: Comparison, *, raw: bool = False) -> bytes:
    """`raw`: the comparison was made of the sources as they are (`compare(..., raw=True)`)."""
    from draftwatch.render.docx import render_docx

    return render_docx(comparison, *parse_pair(comparison, raw=raw))


def critic_redline(comparison: Comparison, *, raw: bool = False) -> str:
    from draftwatch.render.critic import render_critic

    return render_critic(comparison, *parse_pair(comparison, raw=raw))


def find_chromium() -> str | None:
    chosen = os.environ.get("DRAFTWATCH_CHROMIUM")
    if chosen:
        return chosen if shutil.which(chosen) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pdf_report(comparison: Comparison) -> bytes:
    """The HTML report as a PDF, printed by headless Chromium (as the browser prints it)."""
    from draftwatch.render.html import render_html

    chromium = find_chromium()
    if chromium is None:
        raise ExportError(
            "--format pdf needs Chromium, which was not found: install it (apt-get install "
            "chromium) or set DRAFTWATCH_CHROMIUM to its path; --format html writes the report"
        )
    with tempfile.TemporaryDirectory(prefix="draftwatch-pdf-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(render_html(comparison), encoding="utf-8")
        target = Path(folder) / "report.pdf"
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=PDF_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise ExportError(f"Chromium did not print the PDF in {PDF_TIMEOUT}s") from None
        except OSError as error:
            raise ExportError(f"cannot run Chromium ({chromium}): {error.strerror}") from None
        if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            last = lines[-1] if lines else f"exit status {done.returncode}"
            raise ExportError(f"Chromium failed to print the PDF: {last}")
        return target.read_bytes()
