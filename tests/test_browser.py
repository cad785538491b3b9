"""The real-client check: headless Chromium opens the HTML draft offline.

Debian's chromium (never a downloaded browser) is driven by Playwright's sync API. Every
request and console message is recorded: the draft must fetch nothing but itself, log no
error, show its chart, and print to PDF. Hostile workbook text must not run or fetch.
.ci/run installs chromium; where it or Playwright is missing these tests are skipped,
saying so.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sqs_cli.api import score_workbook
from sqs_cli.draft import draft_report
from sqs_cli.framework import Framework
from sqs_cli.writers.draft import render_draft
from tests.conftest import COVENTRY, WorkbookFactory
from tests.test_writers_draft_html import HOSTILE, hostile_draft

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is not installed here; pip install '.[test]' installs it",
)
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed here; .ci/run installs it (apt-get chromium)",
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    assert CHROMIUM is not None
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@dataclass
class Visit:
    """A page opened from a file, with everything it asked for and said."""

    page: sync_api.Page
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind in {"error", "warning"}]


def text_outside_the_chart(page: sync_api.Page) -> list[str]:
    """The chart's text that the browser drew beyond the chart's own box."""
    outside: list[str] = page.evaluate(
        """() => {
            const chart = document.querySelector("svg.chart").getBoundingClientRect();
            return [...document.querySelectorAll("svg.chart text")]
                .filter((text) => {
                    const box = text.getBoundingClientRect();
                    return box.left < chart.left || box.right > chart.right;
                })
                .map((text) => text.textContent);
        }"""
    )
    return outside


def visit(browser: sync_api.Browser, path: Path, width: int = 1000) -> Visit:
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = Visit(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: seen.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))

    def on_dialog(dialog: sync_api.Dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    return seen


@pytest.fixture
def coventry_file(tmp_path: Path, framework: Framework) -> Path:
    draft = draft_report(score_workbook(COVENTRY, framework), framework)
    path = tmp_path / "draft.html"
    path.write_text(render_draft("html", draft), encoding="utf-8")
    return path


def test_coventry_draft_renders_offline_with_its_chart(
    browser: sync_api.Browser, coventry_file: Path, tmp_path: Path
) -> None:
    seen = visit(browser, coventry_file)
    page = seen.page
    try:
        assert page.title() == (
            "Report of Short Quality Screening (SQS) of youth offending work in Coventry"
        )
        chart = page.locator("svg.chart")
        assert chart.count() == 1
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 300
        bars = page.locator("svg.chart rect.bar")
        assert bars.count() == 13
        for index in range(13):
            bar = bars.nth(index).bounding_box()
            assert bar is not None and bar["width"] > 0 and bar["height"] > 0
        assert page.locator("svg.chart line.threshold").count() == 3
        assert text_outside_the_chart(page) == []
        assert page.locator("table.figures").count() == 5
        body = page.inner_text("body")
        assert "in 18 out of 20 cases" in body
        assert "in three out of four relevant cases" in body
        assert "7 out of 19 were judged to be insufficient" in body
        # Nothing wider than the window: no sideways scrolling on a desktop screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 1000

        screenshot = page.screenshot(path=tmp_path / "draft.png", full_page=True)
        assert screenshot.startswith(PNG_SIGNATURE)
        assert (tmp_path / "draft.png").read_bytes() == screenshot
        pdf = page.pdf(path=tmp_path / "draft.pdf", format="A4", print_background=True)
        assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
        assert (tmp_path / "draft.pdf").read_bytes() == pdf
    finally:
        page.close()
    assert seen.requests == [coventry_file.as_uri()]
    assert seen.console_errors == []
    assert seen.page_errors == []
    assert seen.dialogs == []


def test_print_media_keeps_a_light_background(
    browser: sync_api.Browser, coventry_file: Path
) -> None:
    seen = visit(browser, coventry_file)
    page = seen.page
    try:
        page.emulate_media(media="print")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        colour = page.evaluate("getComputedStyle(document.body).color")
        inside = page.evaluate("getComputedStyle(document.querySelector('table')).breakInside")
        row = page.evaluate("getComputedStyle(document.querySelector('tbody tr')).breakInside")
        header = page.evaluate("getComputedStyle(document.querySelector('thead')).display")
        figure = page.evaluate("getComputedStyle(document.querySelector('figure')).breakInside")
    finally:
        page.close()
    assert (background, colour) == ("rgb(255, 255, 255)", "rgb(0, 0, 0)")
    # A table runs on between its rows, with its header repeated; never inside a row.
    assert (inside, row, header, figure) == ("auto", "avoid", "table-header-group", "avoid")


def test_prints_on_as_few_pages_as_it_needs(
    browser: sync_api.Browser, coventry_file: Path, tmp_path: Path
) -> None:
    """Printed to A4 as the browser's Save as PDF does: 6 pages (9 when every table was
    kept whole on a page of its own), every sentence on them."""
    from pypdf import PdfReader

    seen = visit(browser, coventry_file)
    try:
        pdf = seen.page.pdf(path=tmp_path / "draft.pdf", format="A4", print_background=True)
    finally:
        seen.page.close()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) <= 6
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "in 18 out of 20 cases" in text
    assert "Areas requiring improvement" in text


def test_narrow_screen_needs_no_sideways_scrolling(
    browser: sync_api.Browser, coventry_file: Path
) -> None:
    seen = visit(browser, coventry_file, width=420)
    try:
        width = seen.page.evaluate("document.documentElement.scrollWidth")
        chart_width = seen.page.locator("svg.chart").bounding_box()
    finally:
        seen.page.close()
    assert width <= 420
    assert chart_width is not None and chart_width["width"] <= 420


def test_hostile_text_neither_runs_nor_fetches(
    browser: sync_api.Browser, make_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    draft = hostile_draft(make_workbook)
    path = tmp_path / "hostile.html"
    path.write_text(render_draft("html", draft), encoding="utf-8")
    seen = visit(browser, path)
    page = seen.page
    try:
        assert page.evaluate("document.querySelectorAll('script, img, i').length") == 0
        assert page.inner_text("h1") == (
            f"Report of Short Quality Screening (SQS) of youth offending work in Area {HOSTILE}"
        )
        assert page.title() == draft.title
        assert page.locator("svg.chart rect.bar").get_attribute("data-band") == f"Top {HOSTILE}"
        assert page.inner_html("svg.chart text.band-label").startswith("Top &lt;script&gt;")
        assert text_outside_the_chart(page) == []
        assert page.pdf(path=tmp_path / "hostile.pdf").startswith(b"%PDF-")
    finally:
        page.close()
    assert seen.dialogs == []
    assert seen.requests == [path.as_uri()]
    assert seen.console_errors == []
    assert seen.page_errors == []


def test_the_recording_sees_dialogs_requests_and_errors(
    browser: sync_api.Browser, tmp_path: Path
) -> None:
    """The control: unescaped markup with no CSP is caught by the same recording, so the
    tests above would fail if the draft let anything through."""
    path = tmp_path / "unsafe.html"
    path.write_text(
        "<!DOCTYPE html><title>unsafe</title><p>x</p>"
        '<img src="http://127.0.0.1:9/x.png"><script>alert(1); console.error("bad");</script>',
        encoding="utf-8",
    )
    seen = visit(browser, path)
    seen.page.close()
    assert seen.dialogs == ["1"]
    assert seen.requests == [path.as_uri(), "http://127.0.0.1:9/x.png"]
    assert "bad" in seen.console_errors
