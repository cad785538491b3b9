"""sqs_cli.writers.markdown: summary and pooled figures as Markdown tables, text made inert."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from sqs_cli.api import score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.results import Report
from sqs_cli.writers import OutputOptions, writer_for
from sqs_cli.writers.markdown import cell
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE, WorkbookFactory, wide_rows

SUMMARY_HEADER = (
    "| Workbook | Cases | Outstanding | Good | Requires improvement | Inadequate "
    "| Strengths | Areas requiring improvement | Problems |"
)
FIGURES_HEADER = "| ID | Criterion / question | Sufficient | % | Rating |"
# A pipe splits a GFM table cell unless a backslash escapes it.
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def render(report: Report) -> str:
    stream = io.StringIO()
    writer_for("markdown")(report, stream, OutputOptions())
    return stream.getvalue()


def tables(text: str) -> list[list[str]]:
    """Each run of lines starting with '|': the tables, header and delimiter row included."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found


def summary_and_figures(report: Report) -> tuple[list[str], list[str]]:
    summary, figures = tables(render(report))
    return summary, figures


def columns(line: str) -> int:
    return len(_UNESCAPED_PIPE.findall(line)) - 1


def workbook_with_area(make_workbook: WorkbookFactory, area: str, name: str) -> Path:
    cases = wide_rows(["1.1a"], {f"C{n}": ["Yes"] for n in range(1, 6)})
    return make_workbook({"Inspection": [["Area", area]], "Cases": cases}, name=name)


def test_summary_header_has_the_framework_bands(framework: Framework) -> None:
    summary, _ = summary_and_figures(score_workbooks([COVENTRY], framework))
    bands = [band.name for band in framework.rating.bands]
    assert bands == ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert summary[0] == SUMMARY_HEADER
    assert summary[1] == "|---|---|---|---|---|---|---|---|---|"


def test_summary_rows_one_per_workbook(tmp_path: Path, framework: Framework) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    summary, _ = summary_and_figures(
        score_workbooks([COVENTRY, LONG_LAYOUT_SAMPLE, broken], framework)
    )
    # Each workbook is named by its area and its path: two audits of one area stay apart.
    assert summary[2:] == [
        f"| Coventry · {cell(str(COVENTRY))} | 20 | 3 | 6 | 3 | 1 | 1.1, 4.1, 4.3 "
        "| 2.3, 3.1, 3.2, 5.1 | 0 errors, 0 warnings |",
        f"| Northbridge (fictional) · {cell(str(LONG_LAYOUT_SAMPLE))} | 12 | 1 | 3 | 3 | 0 "
        "| 4.3 | 3.1, 3.2, 5.1 | 0 errors, 0 warnings |",
        f"| {cell(str(broken))} |  |  |  |  |  |  |  | unreadable: not-a-workbook |",
    ]


def test_problems_are_counted(make_workbook: WorkbookFactory, framework: Framework) -> None:
    marks: dict[str, list[str | None]] = {
        "C1": ["Yse"],
        "C2": [None],
        **{f"C{n}": ["Yes"] for n in range(3, 8)},
    }
    path = make_workbook({"Cases": wide_rows(["1.1a"], marks)}, name="w.xlsx")
    summary, _ = summary_and_figures(score_workbooks([path], framework))
    assert summary[2] == f"| {cell(str(path))} | 7 | 1 | 0 | 0 | 0 | 1.1 |  | 1 error, 1 warning |"


def test_pooled_figures_have_every_criterion_and_question(framework: Framework) -> None:
    text = render(score_workbooks([COVENTRY, LONG_LAYOUT_SAMPLE], framework))
    assert "### Figures: 2 workbooks pooled, 32 cases" in text
    _, figures = tables(text)
    assert figures[0] == FIGURES_HEADER
    body = figures[2:]
    assert len(body) == 13 + 30
    ids = [line.split(" | ")[0].removeprefix("| ") for line in body]
    expected: list[str] = []
    for criterion in framework.criteria:
        expected.append(f"**{criterion.id}**")
        expected += [q.id for q in framework.questions if q.criterion_id == criterion.id]
    assert ids == expected
    # Every question of these two workbooks is marked: each has its "N out of M".
    for line in body:
        assert re.fullmatch(r"\d+ out of \d+", line.split(" | ")[2]), line


@pytest.mark.parametrize(
    "row",
    [
        "| **1.1** | **Assessment of offending factors** | 28 out of 32 | 87.5% | Outstanding |",
        "| 1.1b | Was that assessment reviewed well enough, where a review was due? "
        "| 14 out of 16 | 87.5% | 1 not done |",
        "| **3.1** | **Assessment of vulnerability** | 19 out of 31 | 61.3% "
        "| Requires improvement |",
        "| 3.1a | Was the safeguarding and vulnerability screening sufficient? "
        "| 19 out of 31 | 61.3% | 1 not done |",
        "| 3.2a | Was the safeguarding plan sufficient? | 16 out of 25 | 64% |  |",
        "| 1.2b | Where the PSR was deficient, did local quality assurance find or put it right? "
        "| 1 out of 3 | 33.3% | too few cases to rate |",
        "| **5.1** | **Management oversight** | 14 out of 32 | 43.8% | Inadequate |",
        "| 5.1a | Was management oversight of safeguarding work effective? "
        "| 14 out of 32 | 43.8% | 1 not done |",
    ],
)
def test_pooled_figures_exactly(framework: Framework, row: str) -> None:
    _, figures = summary_and_figures(score_workbooks([COVENTRY, LONG_LAYOUT_SAMPLE], framework))
    assert row in figures


@pytest.mark.parametrize(
    "row",
    [
        "| **1.2** | **Reports to court and panels** |  |  "
        "| Not rated (not marked in any workbook) |",
        "| 1.2a | Was the pre-sentence report (PSR) of sufficient quality? |  |  | not marked |",
        "| **4.3** | **Compliance and enforcement** | 4 out of 5 | 80% | Outstanding |",
        "| 4.3b | Was the response to new arrests or convictions sufficient? |  |  | not marked |",
    ],
)
def test_not_marked_figures(framework: Framework, row: str) -> None:
    _, figures = summary_and_figures(score_workbooks([LONG_LAYOUT_SAMPLE], framework))
    assert row in figures


def test_findings_below_the_tables(framework: Framework) -> None:
    text = render(score_workbooks([COVENTRY], framework))
    assert (
        "**Key strengths:** 1.1 Assessment of offending factors, "
        "4.1 Engagement and diversity in assessment, 4.3 Compliance and enforcement"
    ) in text.splitlines()
    assert (
        "**Areas requiring improvement:** 2.3 Protecting victims, "
        "3.1 Assessment of vulnerability, 3.2 Planning for safeguarding, "
        "5.1 Management oversight"
    ) in text.splitlines()


@pytest.mark.parametrize(
    ("area", "shown"),
    [
        (
            "<script>alert(1)</script> | x",
            "&lt;script&gt;alert(1)&lt;/script&gt; \\| x",
        ),
        ("a|b||c", "a\\|b\\|\\|c"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("Two\nlines\there", "Two lines here"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
    ],
)
def test_workbook_text_is_neutralised(
    make_workbook: WorkbookFactory, framework: Framework, area: str, shown: str
) -> None:
    path = workbook_with_area(make_workbook, area, "hostile.xlsx")
    report = score_workbooks([COVENTRY, path], framework)
    assert report.workbooks[1].inspection["Area"] == area.strip()
    text = render(report)
    summary, figures = tables(text)
    assert summary[3] == (
        f"| {shown} · {cell(str(path))} | 5 | 1 | 0 | 0 | 0 | 1.1 |  | 0 errors, 0 warnings |"
    )
    assert "<script" not in text
    assert "<img" not in text
    for table in (summary, figures):
        assert {columns(line) for line in table} == {columns(table[0])}
    assert columns(summary[0]) == 9


@pytest.mark.parametrize(
    ("text", "inert"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("a | b", "a \\| b"),
        ("  spaced \t out\n", "spaced out"),
        (3, "3"),
        ("plain", "plain"),
    ],
)
def test_cell(text: object, inert: str) -> None:
    assert cell(text) == inert


@pytest.mark.parametrize(
    "area", ["[click](https://evil.example)", "![x](https://evil.example/p.png)"]
)
def test_markdown_links_in_workbook_text_are_neutralised(
    make_workbook: WorkbookFactory, framework: Framework, area: str
) -> None:
    path = workbook_with_area(make_workbook, area, "link.xlsx")
    assert area not in render(score_workbooks([path], framework))


HOSTILE_AREAS = [
    "[click](https://evil.example)",
    "![x](https://evil.example/p.png)",
    '=HYPERLINK("https://evil.example","click")',
    "see https://evil.example/now",
    "www.evil.example",
    "WWW.EVIL.EXAMPLE/x",
    "ftp://evil.example",
    "write to someone@evil.example",
    "mailto:someone@evil.example",
    "<https://evil.example>",
    '<a href="https://evil.example">x</a>',
    "[x][1] and [1]: https://evil.example",
]


def text_area_workbook(path: Path, area: str) -> Path:
    """The Area typed as text, even where it starts with '=' (as a cell formatted as text
    keeps it), so the workbook's own words reach the output."""
    import openpyxl

    workbook = openpyxl.Workbook()
    inspection = workbook.active
    assert inspection is not None
    inspection.title = "Inspection"
    inspection["A1"] = "Area"
    inspection["B1"].value = area
    inspection["B1"].data_type = "s"
    cases = workbook.create_sheet("Cases")
    for row in wide_rows(["1.1a"], {f"C{n}": ["Yes"] for n in range(1, 6)}):
        cases.append(row)
    workbook.save(path)
    return path


def github_html(markdown: str) -> str:
    """The Markdown as GitHub renders a step summary or a wiki page (cmark-gfm)."""
    import cmarkgfm

    return cmarkgfm.github_flavored_markdown_to_html(markdown)


@pytest.mark.parametrize("area", HOSTILE_AREAS)
def test_no_link_or_image_from_a_workbook_as_github_renders_it(
    tmp_path: Path, framework: Framework, area: str
) -> None:
    from sqs_cli.writers.github import step_summary

    path = text_area_workbook(tmp_path / "link.xlsx", area)
    report = score_workbooks([path], framework)
    assert report.workbooks[0].inspection["Area"] == area
    for markdown in (render(report), step_summary(report, OutputOptions())):
        html = github_html(markdown)
        assert "<a " not in html
        assert "<img" not in html
        # The text itself is shown, as written.
        assert "evil.example" in html.lower()


@pytest.mark.parametrize("area", HOSTILE_AREAS)
def test_no_link_in_the_draft_report_either(
    tmp_path: Path, framework: Framework, area: str
) -> None:
    import html as html_module
    from html.parser import HTMLParser

    from sqs_cli.draft import draft_report
    from sqs_cli.writers import render as render_format

    path = text_area_workbook(tmp_path / "link.xlsx", area)
    [workbook] = score_workbooks([path], framework).workbooks
    draft = draft_report(workbook, framework)
    markdown = render_format("markdown", draft, OutputOptions(), command="report")
    assert isinstance(markdown, str)
    rendered = github_html(markdown)
    assert "<a " not in rendered and "<img" not in rendered

    page = render_format("html", draft, OutputOptions(), command="report")
    assert isinstance(page, str)

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found.append(tag)

    parser = Tags()
    parser.feed(page)
    assert "a" not in parser.found and "img" not in parser.found
    assert html_module.escape(area) in page


def test_youth_summary_has_the_overall_rating_and_the_entered_ratings(youth_audit: Path) -> None:
    from sqs_cli.framework import load_builtin

    text = render(score_workbooks([youth_audit], load_builtin("hmip-youth-2021")))
    summary, figures = tables(text)
    assert summary[0].split(" | ")[6] == "Overall"
    assert summary[2].split(" | ")[6] == "Good (24 out of 36)"
    assert "| **1.3** | **Partnerships and services** | entered |  | Outstanding |" in figures
    assert (
        "| **3.3** | **Implementation and delivery** | 2 out of 5 | 40% | Requires improvement "
        "(moved from Inadequate) |" in figures
    )
    assert "**Overall: Good (24 out of 36)**" in text.splitlines()
    assert (
        "- 3.3 Implementation and delivery: Requires improvement, moved from Inadequate (the "
        "figures' rating): Work improved after panel" in text.splitlines()
    )
