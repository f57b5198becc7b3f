"""Scanned pages ─► text by Debian's tesseract (`--ocr`): the one place it is run."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from draftwatch.errors import BadInputError

OCR_SECONDS_PER_PAGE = 120


def read_images(images: list[bytes], name: str) -> str:
    """The text of page images, one paragraph per block tesseract finds."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise BadInputError(
            f"{name}: --ocr needs tesseract, which is not installed (apt-get install tesseract-ocr)"
        )
    pages = []
    with tempfile.TemporaryDirectory(prefix="draftwatch-ocr-") as folder:
        for number, image in enumerate(images, start=1):
            path = Path(folder) / f"page-{number}.png"
            path.write_bytes(image)
            try:
                done = subprocess.run(
                    [tesseract, str(path), "stdout"],
                    capture_output=True,
                    timeout=OCR_SECONDS_PER_PAGE,
                    check=True,
                )
            except subprocess.TimeoutExpired:
                raise BadInputError(f"{name}: OCR of page {number} took too long") from None
            except subprocess.CalledProcessError as error:
                detail = error.stderr.decode("utf-8", "replace").strip().splitlines()
                raise BadInputError(
                    f"{name}: OCR failed on page {number}: {detail[-1] if detail else 'error'}"
                ) from None
            pages.append(done.stdout.decode("utf-8", "replace"))
    paragraphs = [
        " ".join(block.split())
        for page in pages
        for block in page.replace("\f", "\n\n").split("\n\n")
        if block.strip()
    ]
    if not paragraphs:
        raise BadInputError(f"{name}: OCR found no text in the PDF")
    return "\n\n".join(paragraphs) + "\n"
