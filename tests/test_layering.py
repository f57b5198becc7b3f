"""Each third-party library has one home (../shared/STYLE.md): a quirk of it touches one file."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "draftwatch"
HOMES = {
    "click": ("cli.py",),
    "git": ("versions/gitrepo.py",),
    # git in one place, Chromium in one, tesseract (--ocr) in one, a user's --on-change in one
    "subprocess": ("versions/gitrepo.py", "exports.py", "versions/ingest/ocr.py", "watch.py"),
    "docx": ("render/docx.py",),
    "tomllib": ("config.py",),
    "jinja2": ("render/",),
    "rich": ("render/",),
    "rapidfuzz": ("engine/matching.py",),
    "diff_match_patch": ("engine/worddiff.py",),
    "fast_diff_match_patch": ("engine/worddiff.py",),
    "markdown_it": ("engine/parse.py",),
    "mdit_py_plugins": ("engine/parse.py",),
    "charset_normalizer": ("versions/ingest/text.py",),
    "pdfplumber": ("versions/ingest/pdf.py",),
    "pdfminer": ("versions/ingest/pdf.py",),
    "mammoth": ("versions/ingest/docx.py",),
    "trafilatura": ("versions/ingest/html.py",),
    "lxml": ("versions/ingest/html.py",),
    "httpx": ("versions/fetch.py",),  # the only network code
}
#: What each wing may import of draftwatch itself (DESIGN section 2).
WINGS = {
    "engine/": ("draftwatch.engine", "draftwatch.model", "draftwatch.errors"),
    "versions/": ("draftwatch.versions", "draftwatch.model", "draftwatch.errors"),
    "render/": ("draftwatch.render", "draftwatch.model", "draftwatch.errors"),
    "model.py": ("draftwatch.model",),
    "errors.py": ("draftwatch.errors",),
}


def _modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (imports inside functions included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _modules(path)}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_third_party_libraries_stay_home(path):
    relative = path.relative_to(PACKAGE).as_posix()
    for library, homes in HOMES.items():
        if library in _imports(path):
            assert relative.startswith(homes), f"{relative} imports {library}"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_wings_import_only_what_lies_below_them(path):
    relative = path.relative_to(PACKAGE).as_posix()
    for wing, allowed in WINGS.items():
        if not relative.startswith(wing):
            continue
        own = {name for name in _modules(path) if name.split(".")[0] == "draftwatch"}
        strays = {name for name in own if not name.startswith(allowed)}
        assert not strays, f"{relative} imports {sorted(strays)}"


def test_help_does_not_load_heavy_libraries():
    import subprocess
    import sys

    code = (
        "import sys; from draftwatch.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('git', 'jinja2', 'rich', 'rapidfuzz', 'httpx', 'pdfplumber', 'trafilatura', 'mammoth') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
