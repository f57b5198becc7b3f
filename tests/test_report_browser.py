"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

CI installs `chromium` with apt and the `playwright` package with pip; the browser is started
from /usr/bin/chromium (never `playwright install`, which downloads one). Set
DRAFTWATCH_SCREENSHOT=path to keep the screenshot of the example report (the README's).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from draftwatch import compare
from draftwatch.render.html import render_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium)"
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent

OLD = """# Supply agreement

## 1. Scope

The Supplier delivers 1.5 million artillery shells to the Member States.

This paragraph is about logistics and travels to the annex in the new draft, unchanged.

## 2. Price

The price is €1.5 billion, payable within 30 days.

## 3. Liability

Member states should consider "joint" liability.

## 4. Unchanged part

Nothing in this part changes between the drafts, not a single word of it.

## 5. Annex

Annex text stays.
"""
NEW = """# Supply agreement

## 1. Scope

The Supplier delivers 2 million artillery shells to the Member States. <script>window.__pwned = 1</script>

## 2. Price and payment

The price is €2 billion, payable within 14 days. <img src=x onerror="window.__pwned = 2">

## 3. Liability

Member states must consider “joint” liability. [click](javascript:window.__pwned=3)

## 4. Unchanged part

Nothing in this part changes between the drafts, not a single word of it.

## 5. Annex

Annex text stays.

This paragraph is about logistics and travels to the annex in the new draft, unchanged.
"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, tmp_path):
    report = tmp_path / "report.html"
    # Raw: the hostile markup of the drafts is shown as text, and must stay inert.
    report.write_text(
        render_html(compare(OLD, NEW, raw=True), document="supply agreement"), "utf-8"
    )
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    page.problems = problems
    page.requests = requests
    yield page
    context.close()


def _in_view(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight && e.offsetParent !== null; }",
    )


def test_loads_with_no_errors_and_fetches_nothing(page):
    assert page.title().startswith("supply agreement")
    assert page.problems == []
    assert all(url.startswith("file://") for url in page.requests), page.requests


def test_key_changes_are_listed_first_and_their_links_scroll_to_the_change(page):
    items = page.locator("#key-changes li.kc")
    summaries = items.locator(".kc-link").all_inner_texts()
    assert "€1.5 billion -> €2 billion" in summaries
    assert "1.5 million -> 2 million" in summaries
    assert "should -> must (stronger)" in summaries
    first_box = page.locator("#key-changes").bounding_box()
    assert first_box["y"] < page.locator("#toc").bounding_box()["y"]

    link = page.locator(".kc-link", has_text="€1.5 billion -> €2 billion")
    target = link.get_attribute("href")
    link.click()
    page.wait_for_function(f"location.hash === '{target}'")
    assert _in_view(page, target)
    edit = page.locator(target).inner_text().strip()
    assert edit and (edit in "€2 billion" or edit in "€1.5 billion"), edit


def test_renamed_and_moved_sections_are_marked(page):
    toc = page.locator("#toc")
    assert toc.locator("li", has_text="2. Price and payment").locator(".b-renamed").count() == 1
    assert page.locator("section.doc-section .renamed", has_text="2. Price").count() == 1
    assert page.locator(".inline a.move-link").count() == 2
    assert page.locator(".sides a.move-link").count() == 2  # linked in both columns too


def test_a_moved_text_link_jumps_to_its_partner(page):
    moved_to = page.locator(".inline a.move-link", has_text="moved to")
    href = moved_to.get_attribute("href")
    moved_to.click()
    page.wait_for_function(f"location.hash === '{href}'")
    assert _in_view(page, href)
    partner = page.locator(href)
    assert "logistics" in partner.inner_text()
    assert partner.evaluate("e => e.tagName") == "INS"
    back = page.locator(".inline a.move-link", has_text="moved from")
    back_href = back.get_attribute("href")
    back.click()
    page.wait_for_function(f"location.hash === '{back_href}'")
    assert page.locator(back_href).evaluate("e => e.tagName") == "DEL"


def test_side_by_side_toggle(page):
    section = page.locator("section.doc-section", has_text="2. Price and payment")
    assert section.locator(".inline").is_visible()
    assert not section.locator(".sides").is_visible()
    page.check("#side-by-side")
    assert section.locator(".sides").is_visible()
    assert not section.locator(".inline").is_visible()
    assert "€1.5 billion" in section.locator(".side.old").inner_text()
    assert "€2 billion" in section.locator(".side.new").inner_text()
    assert "€2 billion" not in section.locator(".side.old").inner_text()
    page.uncheck("#side-by-side")
    assert section.locator(".inline").is_visible()


def test_filters_hide_unchanged_sections_and_cosmetic_edits(page):
    unchanged = page.locator("section.doc-section", has_text="4. Unchanged part")
    assert not unchanged.is_visible()  # hidden by default
    page.uncheck("#hide-unchanged")
    assert unchanged.is_visible()
    cosmetic = page.locator("del.cosmetic").first
    assert cosmetic.is_visible()  # the curly quotes
    page.check("#hide-cosmetic")
    assert not cosmetic.is_visible()


def test_n_and_p_walk_through_the_changes(page):
    page.keyboard.press("n")
    first = page.locator(".current")
    assert first.count() == 1
    first_text = first.inner_text()
    page.keyboard.press("n")
    assert page.locator(".current").inner_text() != first_text or page.locator(".current").count()
    page.keyboard.press("p")
    assert page.locator(".current").inner_text() == first_text
    assert _in_view(page, ".current")


def test_hostile_text_renders_as_inert_text(page):
    assert page.evaluate("window.__pwned === undefined")
    body = page.locator("#sections").inner_text()
    assert "<script>window.__pwned = 1</script>" in body
    assert '<img src=x onerror="window.__pwned = 2">' in body
    assert "[click](javascript:window.__pwned=3)" in body
    assert page.locator("#sections img, #sections script").count() == 0
    hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert all(href.startswith("#") for href in hrefs)


def test_phone_width_has_no_horizontal_scroll(browser, tmp_path):
    report = tmp_path / "report.html"
    report.write_text(render_html(compare(OLD, NEW)), "utf-8")
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(report.as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375


def test_example_report_in_the_repository(browser):
    """The shipped report of the example drafts (the final policy against the draft at the close
    of comment) opens with no errors, key changes first, renamed and moved sections marked."""
    report = ROOT / "reports" / "federal-source-code-policy" / "v2-v3.html"
    assert report.exists(), "run `draftwatch report --all` to write the example reports"
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(report.as_uri())
    assert problems == []
    assert page.locator("#key-changes li.kc").count() >= 1
    key_changes_top = page.locator("#key-changes").bounding_box()["y"]
    assert key_changes_top < page.locator("#sections").bounding_box()["y"]
    assert page.locator("#toc .b-renamed").count() >= 1
    assert page.locator("#toc .b-moved").count() >= 1
    assert page.locator("a.move-link").count() >= 2
    destination = os.environ.get("DRAFTWATCH_SCREENSHOT")
    if destination:
        page.screenshot(path=destination)
    context.close()


def test_each_section_has_its_own_side_by_side_switch(page):
    section = page.locator("section.doc-section", has_text="3. Liability")
    other = page.locator("section.doc-section", has_text="2. Price and payment")
    section.locator(".sbs-toggle").click()
    assert section.locator(".sides").is_visible()
    assert other.locator(".inline").is_visible()  # only that section switched
    section.locator(".sbs-toggle").click()
    assert section.locator(".inline").is_visible()


def test_control_characters_leave_the_report_whole(browser, tmp_path):
    """Escape sequences and bidi overrides in the text are inert in HTML: the report loads
    without errors and shows every section, the characters kept as text."""
    hostile = "\x1b]52;c;SGVsbG8=\x07 \x1b[2J \x9b31m \u202etxt.exe \x00"
    new = NEW.replace("## 5. Annex", f"## 5. Annex {hostile}").replace(
        "Annex text stays.", f"Annex text {hostile} stays."
    )
    report = tmp_path / "hostile.html"
    report.write_text(render_html(compare(OLD, new), document="supply agreement"), "utf-8")
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(report.as_uri())
    body = page.locator("#sections").inner_text()
    context.close()
    assert problems == []
    assert "5. Annex" in body and "txt.exe" in body
    assert "\x1b]52;c;SGVsbG8=" in body, "kept as text, not interpreted"


# Changes in context, aligned side by side, phone width and print (issue 19).

LONG_WORDS = " ".join(f"word{k}" for k in range(1000))
LONG_OLD = f"# Policy\n\n## Terms\n\n{LONG_WORDS}\n\n## Other\n\nShort text.\n"
LONG_NEW = LONG_OLD.replace("word500 ", "changed ")


def _open(browser, tmp_path, html: str, width: int = 1200, name: str = "r.html"):
    report = tmp_path / name
    report.write_text(html, "utf-8")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(report.as_uri())
    page.problems = problems
    return context, page


def test_a_one_word_edit_in_a_1000_word_paragraph_shows_20_words_around_it_and_expands(
    browser, tmp_path
):
    context, page = _open(browser, tmp_path, render_html(compare(LONG_OLD, LONG_NEW)))
    body = page.locator("section.doc-section", has_text="Terms").locator(".inline")
    shown = body.inner_text()
    assert "word480" in shown and "word520" in shown  # 20 words each side
    assert "word479" not in shown and "word521" not in shown and "word0 " not in shown
    assert "… 480 unchanged words …" in shown and "… 479 unchanged words …" in shown
    assert 40 <= len(shown.split()) <= 60, shown
    fold = body.locator("button.fold").first
    assert fold.get_attribute("aria-expanded") == "false"
    fold.focus()
    page.keyboard.press("Enter")  # keyboard accessible
    shown = body.inner_text()
    assert "word0 word1" in shown and "word479" in shown
    assert "… 480 unchanged words …" not in shown
    assert page.problems == []
    context.close()


def test_side_by_side_rows_line_up_and_fill_a_large_screen(browser, tmp_path):
    report = ROOT / "reports" / "federal-source-code-policy" / "v2-v3.html"
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(report.as_uri())
    page.check("#side-by-side")
    rows = page.locator(".doc-section:visible .sbs-row:not(.sbs-head):not(.fold-box)")
    assert rows.count() > 20
    tops = page.evaluate(
        """() => Array.from(document.querySelectorAll('.sbs-row:not(.sbs-head):not(.fold-box)'))
          .filter(row => row.offsetParent !== null)
          .map(row => [row.querySelector('.side.old').getBoundingClientRect().top,
                       row.querySelector('.side.new').getBoundingClientRect().top])"""
    )
    assert tops and all(abs(old - new) < 1 for old, new in tops)
    width = page.locator(".sides:visible").first.bounding_box()["width"]
    assert width > 0.85 * 1400, "side by side uses the screen"
    # A moved passage links both ways in the side-by-side view too.
    link = page.locator(".sides a.move-link:visible", has_text="moved to").first
    href = link.get_attribute("href")
    assert href.endswith("-side")
    link.click()
    page.wait_for_function(f"location.hash === '{href}'")
    assert _in_view(page, href)
    context.close()


@pytest.mark.parametrize("name", ["v1-v2.html", "v2-v3.html", "v3-v4.html", "index.html"])
def test_nothing_scrolls_sideways_at_390_px(browser, name):
    report = ROOT / "reports" / "federal-source-code-policy" / name
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(report.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if name != "index.html":
        page.uncheck("#hide-unchanged")
        page.check("#side-by-side")
        page.evaluate("document.querySelectorAll('button.fold').forEach(b => b.click())")
        assert page.locator(".fold-box.folded").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    else:  # the table fits, or scrolls inside its own box
        box = page.locator(".table-box").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()


def test_print_has_a_header_with_document_and_versions_on_every_page_and_page_numbers(
    browser, tmp_path
):
    pypdf = pytest.importorskip("pypdf")
    report = ROOT / "reports" / "federal-source-code-policy" / "v2-v3.html"
    context = browser.new_context()
    page = context.new_page()
    page.goto(report.as_uri())
    pdf = tmp_path / "report.pdf"
    page.pdf(
        path=str(pdf),
        format="A4",
        display_header_footer=True,
        header_template="<span></span>",
        footer_template='<div style="font-size:8px;width:100%;text-align:center">'
        'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
        margin={"top": "1.6cm", "bottom": "1.6cm", "left": "1.4cm", "right": "1.4cm"},
    )
    context.close()
    pages = [p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages]
    assert len(pages) > 3
    for number, text in enumerate(pages, 1):
        assert "federal-source-code-policy" in text and "@2" in text and "@3" in text, number
        assert f"page {number} of {len(pages)}" in text


def test_the_timeline_keeps_a_small_version_visible_beside_a_large_one(browser):
    """v3 -> v4 changed 6 words, v2 -> v3 10,891: on a linear scale v4's bar would be a tenth
    of a pixel; on the square-root scale (its axis labelled) it is a bar a reader sees."""
    index = ROOT / "reports" / "federal-source-code-policy" / "index.html"
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(index.as_uri())
    heights = page.evaluate(
        """() => Array.from(document.querySelectorAll('g.column')).map(g =>
             Array.from(g.querySelectorAll('rect'))
               .reduce((sum, r) => sum + r.getBoundingClientRect().height, 0))"""
    )
    labels = page.locator("svg text").all_text_contents()
    context.close()
    assert len(heights) == 3 and max(heights) > 150
    assert min(heights) >= 4, heights
    assert "10,000" in labels and "1,000" in labels
    assert any(re.fullmatch(r"10,\d{3}", label) for label in labels), labels  # v2 -> v3


def _open_file(browser, path: Path, width: int = 1200):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.problems, page.requests = problems, requests
    return context, page


def test_the_example_index_grid_opens_a_section_in_its_comparison(browser):
    """The committed index: its grid shows each section across the four versions; a cell's
    link opens the comparison that changed it, scrolled to that section; the first-to-latest
    link opens the report of v1 against v4."""
    index = ROOT / "reports" / "federal-source-code-policy" / "index.html"
    context, page = _open_file(browser, index)
    assert page.problems == []
    assert page.locator("table.grid tbody tr").count() >= 10
    assert page.locator("table.grid thead th").count() == 4 + 2  # section, v1..v4, words
    cell = page.locator("table.grid td.renamed a").first
    href = cell.get_attribute("href")
    file, anchor = href.split("#")
    cell.click()
    page.wait_for_url(f"**/{file}#{anchor}")
    assert (index.parent / file).is_file()
    assert page.locator(f"#{anchor}").count() == 1 and _in_view(page, f"#{anchor}")
    page.goto(index.as_uri())
    page.get_by_role("link", name="v1 → v4").first.click()
    page.wait_for_url("**/v1-v4.html")
    header = page.locator("header").first.inner_text()
    assert "@1" in header and "@4" in header
    context.close()


def test_a_grid_of_200_versions_and_300_sections_renders_and_keeps_its_titles_in_view(
    browser, tmp_path
):
    from draftwatch.render.history import render_history
    from draftwatch.render.lineage import history_grid
    from tests.test_history import large_history

    history, steps = large_history()
    index = tmp_path / "index.html"
    grid = history_grid(history, {step.new_number: step.file for step in steps})
    index.write_text(render_history("bill", history.versions, steps, grid), encoding="utf-8")
    context, page = _open_file(browser, index)
    assert page.problems == [] and page.requests == [index.as_uri()]
    assert page.locator("table.grid tbody tr").count() == 300
    assert page.evaluate("window.__pwned") is None  # hostile titles are text
    assert page.locator("td.section", has_text="<script>alert(1)</script>").count() >= 1
    # Scrolled to the far right of the grid, the section titles and versions stay in view.
    box = page.locator(".grid-box")
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; b.scrollTop = 2000; }")
    title = page.locator("table.grid tbody td.section").nth(100).bounding_box()
    head = page.locator("table.grid thead th").last.bounding_box()
    frame = box.bounding_box()
    assert abs(title["x"] - frame["x"]) <= 2, (title, frame)
    assert abs(head["y"] - frame["y"]) <= 2, (head, frame)
    # Only the sections that changed: a checkbox, no script.
    changed = sum(row.changed for row in grid.rows)
    assert 0 < changed < 300
    page.check("#grid-changed-only")
    assert page.locator("table.grid tbody tr:visible").count() == changed
    context.close()
    context, phone = _open_file(browser, index, width=390)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
