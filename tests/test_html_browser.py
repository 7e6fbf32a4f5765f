"""The HTML report in a real browser: Debian's Chromium (/usr/bin/chromium), driven by Playwright.

Nothing here is skipped: without the browser, Playwright or pdfinfo (poppler-utils) these tests fail
and say what to install (.ci/run installs all three). Screenshots at 1280 and 360 px and the printed
PDF are written to test-artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess

from click.testing import CliRunner
import pytest

from malmotor.cli.main import main

from .conftest import ROOT
from .test_html import IMG, SCRIPT, evil_files, seed_html

CHROMIUM = os.environ.get("MALMOTOR_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
# The bundled example printed on A4: page 1 the title, the summaries, the legend and the start of Medborgare;
# each perspective from a new page (five), the roll-up from a new page; rows never cut.
SEED_PAGES = 12
PERSPECTIVES = ["Medborgare", "Verksamhet", "Kunskap och förnyelse", "Medarbetare", "Ekonomi"]


def _needed(what: str, hint: str) -> None:
    pytest.fail(f"{what} is needed for the browser tests: {hint}", pytrace=False)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        _needed(CHROMIUM, "apt-get install -y chromium (or set MALMOTOR_CHROMIUM to a Chromium binary)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _needed("Playwright for Python", "pip install -e '.[test]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


class Opened:
    """A page opened from a file, with everything it asked for and said."""

    def __init__(self, browser, path: Path, width: int) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        # Anything but the page itself is refused, and counted above: a report must need nothing else.
        self.page.route("**/*", lambda route: route.continue_() if route.request.url == self.url else route.abort())
        self.page.goto(self.url, wait_until="load")

    def assert_quiet(self) -> None:
        assert self.requests == [self.url], f"requests besides the page: {self.requests}"
        assert self.console == [], f"console messages: {self.console}"  # a CSP violation would be an error here
        assert self.errors == [] and self.dialogs == []


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    result, page = seed_html("sv")
    path = tmp_path_factory.mktemp("html") / "seed.html"
    path.write_text(page, encoding="utf-8")
    return result, path


def test_every_row_is_shown_with_its_symbol_and_arrow_and_nothing_leaves_the_page(browser, seed_page):
    result, path = seed_page
    opened = Opened(browser, path, 1280)
    page = opened.page
    rows = page.locator("tr.row-indicator, tr.row-group")
    assert rows.count() == len(result.indicators)
    for index, row in enumerate(result.indicators):
        shown = rows.nth(index)
        assert shown.is_visible()
        text = shown.inner_text()
        assert (row.group or row.name) in text
        assert f"{row.symbol}{'*' if row.manual and row.manual.decided else ''} {row.level_text}" in text
        if row.trend is not None:
            assert f"{row.arrow} {row.trend_text}" in text
    assert page.locator("tr.row-gap").count() == 2
    legend = page.locator("section.legend")
    assert legend.is_visible()
    for word in ("■ uppfyllt", "● delvis uppfyllt", "▲ ej uppfyllt", "– ej bedömt", "↑ förbättring", "→ oförändrat",
                 "↓ försämring", "* manuell bedömning"):
        assert word in legend.inner_text()
    details = page.locator("details").first
    assert not details.locator("p").is_visible()
    details.locator("summary").click()
    assert details.locator("p").is_visible() and "14 st har minskat från 16 st 2017" in details.inner_text()
    page.emulate_media(media="print")
    opened.assert_quiet()
    page.close()


def test_a_hostile_rule_file_stays_text_in_the_browser(browser, write, tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "--format", "html", *evil_files(write)], catch_exceptions=False)
    path = tmp_path / "evil.html"
    path.write_text(result.stdout, encoding="utf-8")
    opened = Opened(browser, path, 1280)
    page = opened.page
    assert page.evaluate("document.querySelectorAll('script, img, b').length") == 0
    body = page.locator("body").inner_text()
    assert f"{SCRIPT} indikator" in body and f"{IMG} perspektiv" in body
    assert page.title() == f"{SCRIPT} styrkort: måluppfyllelse 2019"
    opened.assert_quiet()
    page.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_screenshots_and_no_sideways_scrolling(browser, seed_page, width):
    _, path = seed_page
    opened = Opened(browser, path, width)
    page = opened.page
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the layout fits, 360 px too
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"seed-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if width == 360:  # the rows become cards: the level and the arrow are labelled, the table's head is hidden
        cell = page.locator("tr.row-indicator").first.locator("td").nth(3)
        assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Måluppfyllelse: "'
        assert cell.inner_text().strip() == "■ uppfyllt" and cell.bounding_box()["width"] > 300
        assert page.locator("table.scorecard thead").first.bounding_box()["width"] <= 1
        assert page.locator("section.legend").is_visible()
    opened.assert_quiet()
    page.close()


def test_the_print_layout_gives_the_expected_a4_pages(browser, seed_page):
    result, path = seed_page
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        _needed("pdfinfo and pdftotext", "apt-get install -y poppler-utils")
    opened = Opened(browser, path, 1280)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "seed.pdf"
    opened.page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    texts = [subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout for number in range(1, pages + 1)]
    starts = [" ".join(text.split())[:80] for text in texts]
    assert pages == SEED_PAGES, starts
    assert starts[0].startswith("Division Länsteknik 2018: måluppfyllelse 2018 Sammanfattning")
    for name in PERSPECTIVES[1:]:  # a perspective starts a page
        assert any(start.startswith(f"Perspektiv: {name}") for start in starts), (name, starts)
    assert any(start.startswith("Sammanvägning") for start in starts)
    def squeezed(text: str) -> str:  # pdftotext drops the hyphen where a line breaks after one ("IT-")
        return "".join(text.split()).replace("-", "")

    squeezed_pages = [squeezed(subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                                              capture_output=True, text=True, check=True).stdout)
                      for number in range(1, pages + 1)]  # in reading order, a cell's lines together
    for row in result.indicators:  # a row is never cut: its explanation is printed whole, on one page
        shown = row.manual.computed_explanation if row.manual else row.short_explanation
        assert any(squeezed(shown) in text for text in squeezed_pages), (row.id, row.group)  # cut: on none
    printed = " ".join(" ".join(texts).split())
    assert "3,8 % är över målet högst 3 % (ej uppfyllt). Försämring från 3,4 % 2017" in printed  # explanations print open
    opened.assert_quiet()
    opened.page.close()
