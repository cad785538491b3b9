"""`sqs trend -o trend.html` in headless Chromium: self-contained, a chart per criterion,
gaps drawn as gaps, readable on a narrow screen, printable; hostile text stays text.

Debian's chromium is driven by Playwright, as tests/test_browser.py does for the draft.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import WorkbookFactory, wide_rows

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is not installed here; pip install '.[test]' installs it",
)
from tests.test_browser import visit  # noqa: E402 - after the skip above

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed here; .ci/run installs it (apt-get chromium)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    assert CHROMIUM is not None
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


HOSTILE = '<script>alert("x")</script><img src="http://127.0.0.1:9/y.png">'


def _marks(yes: int, columns: int) -> dict[str, list[str]]:
    return {f"C{n}": ["Yes" if n < yes else "No"] * columns for n in range(20)}


@pytest.fixture
def trend_page(make_workbook: WorkbookFactory, tmp_path: Path, cli: Callable[..., Result]) -> Path:
    """Three audits: criterion 1.1 in all, 2.1 in the first and last only (a gap)."""
    audits = []
    for name, start, yes, questions in (
        ("a.xlsx", "10/03/2025", 4, ["1.1a", "2.1a"]),
        ("b.xlsx", "12/09/2025", 6, ["1.1a"]),
        ("c.xlsx", "15/09/2026", 18, ["1.1a", "2.1a"]),
    ):
        audits.append(
            make_workbook(
                {
                    "Cases": wide_rows(questions, _marks(yes, len(questions))),
                    "Inspection": [["Area", HOSTILE], ["Fieldwork start", start]],
                },
                name=name,
            )
        )
    page = tmp_path / "trend.html"
    assert cli("trend", *audits, "-o", page).exit_code == 0
    return page


def test_the_trend_page_renders_offline_with_a_chart_per_criterion(
    browser: sync_api.Browser, trend_page: Path, tmp_path: Path
) -> None:
    seen = visit(browser, trend_page)
    page = seen.page
    try:
        assert page.locator("svg.chart").count() == 2
        first, second = page.locator("svg.chart").nth(0), page.locator("svg.chart").nth(1)
        box = first.bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 200
        # 1.1 has a figure in every audit; 2.1 none in the second: a gap, not a zero.
        assert first.locator("circle.point").count() == 3
        assert second.locator("circle.point").count() == 2
        assert second.locator("text.gap").count() == 1
        assert second.locator("text.gap").get_attribute("data-audit") == "2"
        assert second.locator("line.line").count() == 0  # no line across the gap
        # 6 to 18 out of 20 is larger than chance would give: drawn thicker.
        assert first.locator("line.line.significant").get_attribute("data-step") == "2-3"
        assert first.locator("line.threshold").count() == 3
        outside = page.evaluate(
            """() => [...document.querySelectorAll("svg.chart")].flatMap((svg) => {
                const chart = svg.getBoundingClientRect();
                return [...svg.querySelectorAll("text")].filter((text) => {
                    const box = text.getBoundingClientRect();
                    return box.left < chart.left || box.right > chart.right;
                }).map((text) => text.textContent);
            })"""
        )
        assert outside == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 1000
        pdf = page.pdf(path=tmp_path / "trend.pdf", format="A4", print_background=True)
        assert pdf.startswith(b"%PDF-")
    finally:
        page.close()
    assert seen.requests == [trend_page.as_uri()]
    assert seen.console_errors == []
    assert seen.page_errors == []
    assert seen.dialogs == []


def test_a_narrow_screen_needs_no_sideways_scrolling(
    browser: sync_api.Browser, trend_page: Path
) -> None:
    seen = visit(browser, trend_page, width=420)
    try:
        width = seen.page.evaluate("document.documentElement.scrollWidth")
        chart = seen.page.locator("svg.chart").first.bounding_box()
    finally:
        seen.page.close()
    assert width <= 420
    assert chart is not None and chart["width"] <= 420


def test_hostile_text_stays_text(browser: sync_api.Browser, trend_page: Path) -> None:
    seen = visit(browser, trend_page)
    try:
        assert seen.page.evaluate("document.querySelectorAll('script, img').length") == 0
        assert HOSTILE in seen.page.inner_text("ol.audits")
    finally:
        seen.page.close()
    assert seen.dialogs == []
    assert seen.requests == [trend_page.as_uri()]
