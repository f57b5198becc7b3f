"""Real input files made by real tools at test time: Word by pandoc, PDF printed by Chromium,
pages written as a site would serve them. Each maker skips its test when its tool is missing."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOOL_SECONDS = 90

#: One draft: headings, paragraphs, a list, a table and a footnote; long enough for several
#: pages of A5, with words long enough to be hyphenated at a line end.
ARTICLES = "\n".join(
    f"""
## Article {number} Review clause {number}

The authority shall review the functioning of this Regulation every {number} years and shall
report on the results of that review to the supervisory committee, which may propose
interoperability measures and extraordinary amendments where appropriate.

Any proposal under this Article shall be accompanied by an impact assessment prepared by the
responsible unit before the end of the {number}th month.
"""
    for number in range(6, 13)
)
DRAFT = f"""# Regulation on Drafting Standards

## Article 1 Subject matter

This Regulation lays down rules on the drafting of public documents. It applies to every
authority that publishes a draft for consultation before the first day of March.

The authorities shall keep each draft available for inspection by any interested person during
the whole consultation period, which shall last not less than forty days.

## Article 2 Definitions

For the purposes of this Regulation, the following definitions apply:

- "draft" means a text published for consultation;
- "authority" means a public body that publishes drafts;
- "consultation" means the period during which comments are received.

## Article 3 Obligations of authorities

Each authority shall publish a register of drafts. The register shall state the title, the
date and the responsible unit of each draft.[^1]

| Item | Deadline | Fee |
|------|----------|-----|
| Registration | 30 days | EUR 500 |
| Renewal | 60 days | EUR 250 |

## Article 4 Penalties

Member States shall lay down the rules on penalties applicable to infringements of this
Regulation and shall take all measures necessary to ensure that they are implemented. The
penalties provided for shall be effective, proportionate and dissuasive.

## Article 5 Entry into force

This Regulation shall enter into force on the twentieth day following that of its publication.
{ARTICLES}
[^1]: The register may be kept in electronic form.
"""
RUNNING_HEADER = "DRAFT - for consultation only - not an official text"
PRINT_CSS = f"""
@page {{ size: A5; margin: 22mm 16mm;
  @top-center {{ content: "{RUNNING_HEADER}"; font-size: 8pt }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-size: 8pt }} }}
body {{ font-family: serif; font-size: 11pt; margin: 0 }}
p {{ width: 62mm; text-align: justify }}
table {{ border-collapse: collapse }} th, td {{ border: 0.5pt solid #444; padding: 2pt 6pt }}
"""
PAGE_CHROME = (
    "<header><nav><a href='/'>Home</a> | <a href='/news'>News</a> | <a href='/about'>About the"
    " ministry</a></nav></header><main><article>{body}</article></main><footer><p>Copyright 2025"
    " The Ministry of Drafting. All rights reserved. Contact us by post.</p></footer>"
)


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} is not installed (Debian package: {tool})")
    return found


def pandoc(source: str, target: Path, *options: str) -> Path:
    """Convert Markdown with Debian's pandoc (a Word file, or an HTML fragment)."""
    binary = need("pandoc")
    subprocess.run(
        [binary, "-f", "markdown-smart", "-o", str(target), *options],
        input=source.encode("utf-8"),
        check=True,
        timeout=TOOL_SECONDS,
    )
    return target


def html_fragment(source: str, folder: Path) -> str:
    return pandoc(source, folder / "fragment.html", "-t", "html").read_text(encoding="utf-8")


def web_page(source: str, folder: Path, title: str = "Draft regulation") -> str:
    """The draft as a site serves it: the text inside navigation, header and footer."""
    body = PAGE_CHROME.format(body=html_fragment(source, folder))
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body>{body}</body></html>\n"
    )


def print_pdf(html: str, target: Path) -> Path:
    """Print HTML to PDF with Debian's Chromium (headless)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian package: chromium)")
    source = target.with_suffix(".print.html")
    source.write_text(html, encoding="utf-8")
    profile = target.parent / f"{target.stem}-profile"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=TOOL_SECONDS,
    )
    shutil.rmtree(profile, ignore_errors=True)
    assert target.exists() and target.stat().st_size > 0
    return target


TWO_COLUMNS_CSS = f"""
@page {{ size: A4; margin: 20mm 18mm;
  @top-center {{ content: "{RUNNING_HEADER}"; font-size: 8pt }}
  @bottom-center {{ content: counter(page); font-size: 8pt }} }}
body {{ font-family: sans-serif; font-size: 10pt; margin: 0; columns: 2; column-gap: 10mm }}
table {{ border-collapse: collapse }} th, td {{ border: 0.5pt solid #444; padding: 2pt 4pt }}
"""


def printed_draft(
    source: str, folder: Path, soft_hyphens: dict[str, str], css: str = PRINT_CSS
) -> Path:
    """The draft printed as a multi-page PDF with a running header and page numbers; the
    words in `soft_hyphens` may break at a line end (inter&shy;operability)."""
    fragment = html_fragment(source, folder)
    for word, broken in soft_hyphens.items():
        fragment = fragment.replace(word, broken)
    html = (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><style>{css}</style>"
        f"</head><body>{fragment}</body></html>"
    )
    return print_pdf(html, folder / ("draft.pdf" if css == PRINT_CSS else "columns.pdf"))


def scanned_pdf(folder: Path, text: str) -> Path:
    """A PDF with no text layer: a screenshot of the text, printed as an image."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian package: chromium)")
    page = folder / "to-scan.html"
    page.write_text(
        "<html><body style='background:white;font:28px serif;margin:40px'>"
        f"<p>{text}</p></body></html>",
        encoding="utf-8",
    )
    shot = folder / "scan.png"
    profile = folder / "scan-profile"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--window-size=1200,400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=TOOL_SECONDS,
    )
    image = base64.b64encode(shot.read_bytes()).decode("ascii")
    html = (
        "<html><head><style>@page { size: A4; margin: 10mm } body { margin: 0 }</style></head>"
        f"<body><img style='width:100%' src='data:image/png;base64,{image}'></body></html>"
    )
    return print_pdf(html, folder / "scan.pdf")


#: A page laid out as a word processor would: bold headings in the body size, footnotes in
#: small print at each page's foot, page numbers at the bottom right, a lettered list.
LAID_OUT = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: A5; margin: 15mm }
body { font: 10.5pt serif; margin: 0 }
.page { height: 175mm; position: relative; page-break-after: always }
.foot { position: absolute; bottom: 8mm; font-size: 7.5pt; border-top: 0.5pt solid black; width: 40% }
.num { position: absolute; bottom: 0; right: 0; font-size: 9pt }
b.h { display: block; margin: 10pt 0 4pt }
ol { padding-left: 14pt }
</style></head><body>
<div class="page">
<b class="h">1. Scope</b>
<p>This Directive applies to all undertakings established in the Union.<sup>1</sup> It does not apply to micro-enterprises.</p>
<p>Member States shall ensure that:</p>
<ol type="a"><li>the undertakings publish a yearly statement;</li><li>the statement is audited.</li></ol>
<b class="h">2. Reporting</b>
<p>The report shall be filed within six months of the end of the financial year.</p>
<div class="foot"><p>1 Within the meaning of Article 3 of Directive 2013/34/EU.</p></div>
<div class="num">1</div>
</div>
<div class="page">
<b class="h">3. Penalties</b>
<p>Penalties shall be effective, proportionate and dissuasive.<sup>2</sup></p>
<div class="foot"><p>2 See also Recital 12.</p></div>
<div class="num">2</div>
</div>
</body></html>
"""
