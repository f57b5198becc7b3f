"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

CI installs `chromium` with apt and the `playwright` package with pip; the browser is started
from /usr/bin/chromium (never `playwright install`, which downloads one). Set
DRAFTWATCH_SCREENSHOT=path to keep the screenshot of the example report (the README's).
"""

from __future__ import annotations

import os
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
    assert page.locator("a.move-link").count() == 2


def test_a_moved_text_link_jumps_to_its_partner(page):
    moved_to = page.locator("a.move-link", has_text="moved to")
    href = moved_to.get_attribute("href")
    moved_to.click()
    page.wait_for_function(f"location.hash === '{href}'")
    assert _in_view(page, href)
    partner = page.locator(href)
    assert "logistics" in partner.inner_text()
    assert partner.evaluate("e => e.tagName") == "INS"
    back = page.locator("a.move-link", has_text="moved from")
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
