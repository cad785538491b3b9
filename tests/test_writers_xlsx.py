"""sqs_cli.writers.xlsx: the results workbook read back with openpyxl, figures and all."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import Result

from sqs_cli.api import score_workbook, score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.problems import Problem, Severity
from sqs_cli.results import Report
from sqs_cli.settings import ReadOptions
from sqs_cli.writers import OutputOptions, render
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE, WorkbookFactory, wide_rows, write_workbook

Cli = Callable[..., Result]

HYPERLINK = '=HYPERLINK("http://example.invalid","click")'
CALC = "=cmd|' /C calc'!A0"
COUNT_HEADERS = ["Sufficient", "Insufficient", "Not done", "N/A", "Unmarked", "Invalid"]
INTERVAL_HEADERS = ["95% interval low", "95% interval high"]
FIGURES_HEADER = [
    "ID",
    "Criterion / question",
    "Sufficient (N)",
    "Relevant (M)",
    "Proportion",
    *INTERVAL_HEADERS,
    "Rating",
    "Uncertain",
    "Driven by",
    "Note",
    *COUNT_HEADERS[1:],
]
BATCH_HEADER = ["Workbook path", "Question", *COUNT_HEADERS, "Relevant", "Proportion", "Note"]
CRITERIA_HEADER = [
    "Workbook path",
    "Criterion",
    "Title",
    "Sufficient (N)",
    "Relevant (M)",
    "Proportion",
    *INTERVAL_HEADERS,
    "Rating",
    "Uncertain",
    "Driven by",
    "Finding",
    "Note",
]
FINDINGS_HEADER = [
    "Workbook",
    "Finding",
    "Criterion ID",
    "Title",
    "Rating",
    "Uncertain",
    "Figure",
    "Proportion",
    *INTERVAL_HEADERS,
    "Driven by",
]
WORKBOOKS_HEADER = [
    "Workbook path",
    "Area",
    "Service",
    "Fieldwork start",
    "Fieldwork end",
    "Cases",
    "Cases sheets",
    "Status",
    "Errors",
    "Warnings",
    "Outstanding",
    "Good",
    "Requires improvement",
    "Inadequate",
    "Key strengths",
    "Areas requiring improvement",
]
PROBLEMS_HEADER = ["Workbook path", "Code", "Severity", "Sheet", "Cell", "Message"]
NO_PROBLEMS = "No problems were found."
GREEN, CYAN, YELLOW, RED = "FFC6EFCE", "FFDDEBF7", "FFFFEB9C", "FFFFC7CE"
STRENGTH, AREA = "Key strength", "Area requiring improvement"
# The Summary (one workbook) and Pooled columns, by heading (1-based); COUNTS is the slice
# of a row's values holding insufficient, not done, N/A, unmarked and invalid.
ID, TEXT, N, M, PROPORTION, LOW, HIGH, RATING, UNCERTAIN, DRIVEN_BY, NOTE = range(1, 12)
COUNTS = slice(11, 16)

SHOW_VALUES = ReadOptions(show_values=True)


def xlsx_bytes(report: Report) -> bytes:
    data = render("xlsx", report, OutputOptions())
    assert isinstance(data, bytes)
    return data


# The header fill, as openpyxl reads it back (alpha first).
HEADER_BLUE = "FFD9E1F2"


def load(report: Report) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes(report)))


def values(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def cells(sheet: Worksheet) -> list[Cell]:
    return [cell for row in sheet.iter_rows() for cell in row if isinstance(cell, Cell)]


def row_with(sheet: Worksheet, column: int, value: str) -> tuple[Cell, ...]:
    """The one row whose cell in column (1-based) holds value."""
    [row] = [
        row
        for row in sheet.iter_rows(min_row=2)
        if isinstance(row[column - 1], Cell) and row[column - 1].value == value
    ]
    return tuple(cell for cell in row if isinstance(cell, Cell))


def fill_of(cell: Cell | MergedCell) -> str | None:
    """The cell's solid fill colour as openpyxl reads it (aRGB), or None for no fill."""
    if cell.fill.fill_type != "solid":
        return None
    rgb = cell.fill.fgColor.rgb
    assert isinstance(rgb, str)
    return rgb


@pytest.fixture(scope="module")
def coventry(framework: Framework) -> Workbook:
    return load(score_workbooks([COVENTRY], framework))


@pytest.fixture(scope="module")
def batch_report(framework: Framework, tmp_path_factory: pytest.TempPathFactory) -> Report:
    broken = tmp_path_factory.mktemp("batch") / "broken.xlsx"
    broken.write_text("hello")
    return score_workbooks([COVENTRY, LONG_LAYOUT_SAMPLE, broken], framework)


@pytest.fixture(scope="module")
def batch(batch_report: Report) -> Workbook:
    return load(batch_report)


def test_sheets_of_one_workbook(coventry: Workbook) -> None:
    assert coventry.sheetnames == ["Summary", "Findings", "Workbooks", "Problems"]


def test_sheets_of_several_workbooks(batch: Workbook) -> None:
    assert batch.sheetnames == [
        "Summary",
        "Criteria",
        "Pooled",
        "Findings",
        "Workbooks",
        "Problems",
    ]


@pytest.mark.parametrize(
    ("sheet", "header"),
    [
        ("Summary", FIGURES_HEADER),
        ("Findings", FINDINGS_HEADER),
        ("Workbooks", WORKBOOKS_HEADER),
        ("Problems", PROBLEMS_HEADER),
    ],
)
def test_headers_of_one_workbook(coventry: Workbook, sheet: str, header: list[str]) -> None:
    assert values(coventry[sheet])[0] == header
    assert all(cell.font.bold for cell in coventry[sheet][1])


@pytest.mark.parametrize(
    ("sheet", "header"),
    [
        ("Summary", BATCH_HEADER),
        ("Criteria", CRITERIA_HEADER),
        ("Pooled", FIGURES_HEADER),
        ("Findings", FINDINGS_HEADER),
        ("Workbooks", WORKBOOKS_HEADER),
        ("Problems", PROBLEMS_HEADER),
    ],
)
def test_headers_of_several_workbooks(batch: Workbook, sheet: str, header: list[str]) -> None:
    assert values(batch[sheet])[0] == header


def test_summary_is_each_criterion_then_its_questions(
    coventry: Workbook, framework: Framework
) -> None:
    expected: list[str] = []
    for criterion in framework.criteria:
        expected += [
            criterion.id,
            *(q.id for q in framework.questions if q.criterion_id == criterion.id),
        ]
    sheet = coventry["Summary"]
    assert [row[0] for row in values(sheet)[1:]] == expected
    assert len(expected) == 13 + 30
    criteria = {criterion.id for criterion in framework.criteria}
    for row in sheet.iter_rows(min_row=2):
        assert row[0].font.bold is (row[0].value in criteria), row[0].value
        assert row[1].font.bold is (row[0].value in criteria), row[0].value


@pytest.mark.parametrize(
    ("question", "n", "m", "counts", "interval", "note"),
    [
        ("1.1a", 18, 20, [2, 0, 0, 0, 0], (0.699, 0.972), None),
        ("1.1b", 9, 9, [0, 0, 11, 0, 0], (0.701, 1.0), None),
        ("1.2b", 1, 3, [2, 0, 17, 0, 0], (0.061, 0.792), "too few cases to rate"),
        ("2.2c", 8, 12, [2, 2, 8, 0, 0], (0.391, 0.862), "2 not done"),
        ("3.1a", 12, 19, [7, 0, 1, 0, 0], (0.41, 0.809), None),
        ("5.1b", 9, 20, [11, 0, 0, 0, 0], (0.258, 0.658), None),
    ],
)
def test_coventry_question_rows(
    coventry: Workbook,
    question: str,
    n: int,
    m: int,
    counts: list[int],
    interval: tuple[float, float],
    note: str | None,
) -> None:
    row = row_with(coventry["Summary"], ID, question)
    figures = [cell.value for cell in row]
    assert figures[N - 1 : M] == [n, m]
    assert figures[COUNTS] == counts
    assert figures[RATING - 1 : NOTE] == [None, None, None, note]
    proportion = row[PROPORTION - 1]
    assert proportion.value == n / m
    assert proportion.number_format == "0.0%"
    # The 95% interval as numbers in whole percentages, as the table shows it.
    low, high = row[LOW - 1], row[HIGH - 1]
    assert (round(low.value, 3), round(high.value, 3)) == interval
    assert (low.number_format, high.number_format) == ("0%", "0%")
    assert fill_of(row[RATING - 1]) is None


def test_question_text_is_the_framework_wording(coventry: Workbook, framework: Framework) -> None:
    [first] = [q for q in framework.questions if q.id == "1.1a"]
    assert row_with(coventry["Summary"], ID, "1.1a")[TEXT - 1].value == first.text
    assert first.text == "Were the factors linked to offending assessed well enough?"


@pytest.mark.parametrize(
    ("criterion", "title", "n", "m", "rating", "fill", "driver"),
    [
        ("1.1", "Assessment of offending factors", 18, 20, "Outstanding", GREEN, "1.1a"),
        ("1.2", "Reports to court and panels", 9, 12, "Good", CYAN, "1.2a"),
        ("3.1", "Assessment of vulnerability", 12, 19, "Requires improvement", YELLOW, "3.1a"),
        ("3.2", "Planning for safeguarding", 5, 10, "Requires improvement", YELLOW, "3.2b"),
        ("5.1", "Management oversight", 8, 20, "Inadequate", RED, "5.1a"),
    ],
)
def test_coventry_criterion_rows(
    coventry: Workbook,
    criterion: str,
    title: str,
    n: int,
    m: int,
    rating: str,
    fill: str,
    driver: str,
) -> None:
    row = row_with(coventry["Summary"], ID, criterion)
    figures = [cell.value for cell in row]
    assert figures[TEXT - 1] == title
    assert figures[N - 1 : M] == [n, m]
    assert figures[COUNTS] == [None] * 5
    # Every Coventry rating is uncertain (the table's asterisks); no note beside a rating.
    assert figures[RATING - 1 : NOTE] == [rating, "Yes", driver, None]
    assert row[PROPORTION - 1].value == n / m
    assert row[PROPORTION - 1].number_format == "0.0%"
    assert fill_of(row[RATING - 1]) == fill
    # Only the rating is coloured: the figures stay on white.
    assert [fill_of(cell) for cell in row[: RATING - 1]] == [None] * (RATING - 1)
    assert all(cell.font.bold for cell in row if cell.value is not None)


def test_unrated_criterion_and_questions_without_figures(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    """1.1b marked N/A throughout has no proportion; criterion 1.2 is not marked at all."""
    path = make_workbook(
        {"Cases": wide_rows(["1.1a", "1.1b"], {f"C{n}": ["Yes", "N/A"] for n in range(1, 6)})}
    )
    sheet = load(score_workbooks([path], framework))["Summary"]
    assert [cell.value for cell in row_with(sheet, ID, "1.1b")] == [
        "1.1b",
        "Was that assessment reviewed well enough, where a review was due?",
        0,
        0,
        *[None] * 6,
        "no relevant cases",
        0,
        0,
        5,
        0,
        0,
    ]
    unrated = row_with(sheet, ID, "1.2")
    assert [cell.value for cell in unrated] == [
        "1.2",
        "Reports to court and panels",
        *[None] * 5,
        "Not rated",
        None,
        None,
        "not marked in this workbook",
        *[None] * 5,
    ]
    assert fill_of(unrated[RATING - 1]) is None
    assert [cell.value for cell in row_with(sheet, ID, "1.2a")][N - 1 :] == [
        0,
        0,
        *[None] * 6,
        "not marked in this workbook",
        *[0] * 5,
    ]
    rated = row_with(sheet, ID, "1.1")
    assert [rated[RATING - 1].value, fill_of(rated[RATING - 1])] == ["Outstanding", GREEN]


@pytest.mark.parametrize("sheet", ["Summary", "Findings", "Workbooks"])
def test_one_workbook_sheets_are_frozen_filtered_and_sized(coventry: Workbook, sheet: str) -> None:
    assert_table(coventry[sheet])


@pytest.mark.parametrize(
    "sheet", ["Summary", "Criteria", "Pooled", "Findings", "Workbooks", "Problems"]
)
def test_several_workbook_sheets_are_frozen_filtered_and_sized(batch: Workbook, sheet: str) -> None:
    assert_table(batch[sheet])


def column_width(sheet: Worksheet, index: int) -> float:
    """A column's width (1-based index), through the ranges openpyxl reads them in."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min is not None and dimension.min <= index <= (dimension.max or 0):
            assert dimension.customWidth
            assert isinstance(dimension.width, float)
            return dimension.width
    raise AssertionError(f"column {index} has no width")


def assert_table(sheet: Worksheet) -> None:
    """Header frozen, filter over the whole table, every column wide enough for the
    longest word of its heading (a heading wraps at its spaces, in a row tall enough)."""
    assert sheet.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(sheet.max_column)
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    for index, heading in enumerate(values(sheet)[0], start=1):
        longest_word = max(len(word) for word in str(heading).split())
        assert longest_word < column_width(sheet, index) <= 100, heading
    assert all(cell.alignment.wrap_text for cell in sheet[1])
    # A one-line header has Excel's default height (15 points), which is left unwritten.
    assert (sheet.row_dimensions[1].height or 15) >= 15


@pytest.mark.parametrize(
    ("sheet", "ref"),
    [("Summary", "A1:P44"), ("Findings", "A1:K8"), ("Workbooks", "A1:P2")],
)
def test_filter_ranges_for_coventry(coventry: Workbook, sheet: str, ref: str) -> None:
    assert coventry[sheet].auto_filter.ref == ref


def test_question_text_wraps_in_a_column_wider_than_the_figures(coventry: Workbook) -> None:
    sheet = coventry["Summary"]
    assert column_width(sheet, TEXT) > 30
    assert column_width(sheet, ID) < 10
    assert column_width(sheet, N) < 15
    row = row_with(sheet, ID, "1.1b")
    assert row[TEXT - 1].alignment.wrap_text
    # Two lines of text, and the row is as tall as two lines: not cut.
    assert sheet.row_dimensions[row[0].row].height == 30


COVENTRY_FINDINGS = [
    (STRENGTH, "1.1", "Assessment of offending factors", "Outstanding", 18, 20, "1.1a"),
    (STRENGTH, "4.1", "Engagement and diversity in assessment", "Outstanding", 17, 20, "4.1b"),
    (STRENGTH, "4.3", "Compliance and enforcement", "Outstanding", 5, 6, "4.3b"),
    (AREA, "2.3", "Protecting victims", "Requires improvement", 6, 10, "2.3a"),
    (AREA, "3.1", "Assessment of vulnerability", "Requires improvement", 12, 19, "3.1a"),
    (AREA, "3.2", "Planning for safeguarding", "Requires improvement", 5, 10, "3.2b"),
    (AREA, "5.1", "Management oversight", "Inadequate", 8, 20, "5.1a"),
]


def test_findings_for_coventry(coventry: Workbook) -> None:
    rows = values(coventry["Findings"])[1:]
    assert [row[:6] + row[6:8] + row[10:] for row in rows] == [
        ["Coventry", finding, criterion, title, rating, "Yes", f"{n} out of {m}", n / m, driver]
        for finding, criterion, title, rating, n, m, driver in COVENTRY_FINDINGS
    ]
    assert rows[4][6:10] == ["12 out of 19", 12 / 19, *INTERVAL_OF_12_OUT_OF_19]


INTERVAL_OF_12_OUT_OF_19 = [pytest.approx(0.4104, abs=1e-4), pytest.approx(0.8086, abs=1e-4)]


def test_findings_proportions_and_ratings_are_formatted(coventry: Workbook) -> None:
    sheet = coventry["Findings"]
    assert [row[7].number_format for row in sheet.iter_rows(min_row=2)] == ["0.0%"] * 7
    assert [row[8].number_format for row in sheet.iter_rows(min_row=2)] == ["0%"] * 7
    assert [fill_of(row[4]) for row in sheet.iter_rows(min_row=2)] == [
        GREEN,
        GREEN,
        GREEN,
        YELLOW,
        YELLOW,
        YELLOW,
        RED,
    ]


def test_no_problems_says_so_in_a_sentence(coventry: Workbook) -> None:
    """A sheet with nothing to show says so, not a bare header row."""
    assert values(coventry["Problems"]) == [PROBLEMS_HEADER, [NO_PROBLEMS, *[None] * 5]]
    assert coventry["Problems"].auto_filter.ref is None


def test_problems_of_a_workbook(make_workbook: WorkbookFactory, framework: Framework) -> None:
    marks: dict[str, list[str | None]] = {
        "C1": ["Yse"],
        "C2": [None],
        **{f"C{n}": ["Yes"] for n in range(3, 8)},
    }
    path = make_workbook({"Cases": wide_rows(["1.1a"], marks)})
    report = score_workbooks([path], framework)
    unknown, unmarked = report.workbooks[0].problems
    assert "'Yse' is not a judgement" in unknown.message
    assert values(load(report)["Problems"])[1:] == [
        [str(path), "unknown-judgement", "error", "Cases", "B2", unknown.message],
        [str(path), "unmarked", "warning", "Cases", "B3", unmarked.message],
    ]


def test_several_workbooks_one_row_per_workbook_and_question(
    batch: Workbook, batch_report: Report, framework: Framework
) -> None:
    rows = values(batch["Summary"])[1:]
    broken = batch_report.workbooks[2].path
    assert [row[0] for row in rows] == [str(COVENTRY)] * 30 + [str(LONG_LAYOUT_SAMPLE)] * 30 + [
        broken
    ]
    questions = [q.id for q in framework.questions]
    assert [row[1] for row in rows] == questions + questions + [None]
    assert rows[-1] == [broken, *[None] * 9, "unreadable: see Problems"]


@pytest.mark.parametrize(
    ("path", "question", "figures", "note"),
    [
        (COVENTRY, "1.1a", [18, 2, 0, 0, 0, 0, 20, 0.9], None),
        (COVENTRY, "3.1a", [12, 7, 0, 1, 0, 0, 19, 12 / 19], None),
        (COVENTRY, "5.1b", [9, 11, 0, 0, 0, 0, 20, 0.45], None),
        (COVENTRY, "1.2b", [1, 2, 0, 17, 0, 0, 3, 1 / 3], "too few cases to rate"),
        (
            LONG_LAYOUT_SAMPLE,
            "1.2a",
            [0, 0, 0, 0, 0, 0, 0, None],
            "not marked in this workbook",
        ),
    ],
)
def test_several_workbooks_figures(
    batch: Workbook, path: Path, question: str, figures: list[Any], note: str | None
) -> None:
    [row] = [
        row
        for row in batch["Summary"].iter_rows(min_row=2)
        if row[0].value == str(path) and row[1].value == question
    ]
    assert [cell.value for cell in row[2:11]] == [*figures, note]
    assert row[9].number_format == ("0.0%" if figures[-1] is not None else "General")


@pytest.mark.parametrize(
    ("path", "criterion", "figures", "rating", "finding", "fill"),
    [
        (COVENTRY, "1.1", [18, 20, 0.9], "Outstanding", STRENGTH, GREEN),
        (COVENTRY, "3.1", [12, 19, 12 / 19], "Requires improvement", AREA, YELLOW),
        (COVENTRY, "5.1", [8, 20, 0.4], "Inadequate", AREA, RED),
        (COVENTRY, "1.2", [9, 12, 0.75], "Good", None, CYAN),
        (LONG_LAYOUT_SAMPLE, "1.2", [None, None, None], "Not rated", None, None),
    ],
)
def test_several_workbooks_criteria(
    batch: Workbook,
    batch_report: Report,
    path: Path,
    criterion: str,
    figures: list[Any],
    rating: str,
    finding: str | None,
    fill: str | None,
) -> None:
    [row] = [
        row
        for row in batch["Criteria"].iter_rows(min_row=2)
        if row[0].value == str(path) and row[1].value == criterion
    ]
    [result] = [
        c
        for w in batch_report.workbooks
        if w.path == str(path)
        for c in w.criteria
        if c.id == criterion
    ]
    assert [cell.value for cell in row[3:6]] == figures
    interval = [None, None] if result.interval is None else list(result.interval)
    assert [cell.value for cell in row[6:8]] == [
        None if bound is None else pytest.approx(bound, rel=1e-12) for bound in interval
    ]
    assert (row[8].value, fill_of(row[8])) == (rating, fill)
    assert row[6].number_format == ("0%" if interval[0] is not None else "General")
    uncertain = None if result.band is None else ("Yes" if result.uncertain else "No")
    assert [cell.value for cell in row[9:12]] == [uncertain, result.driven_by, finding]


def test_criteria_of_an_unreadable_workbook(batch: Workbook, batch_report: Report) -> None:
    last = values(batch["Criteria"])[-1]
    assert last == [batch_report.workbooks[2].path, *[None] * 11, "unreadable: see Problems"]
    assert len(values(batch["Criteria"])) == 1 + 13 + 13 + 1


def test_pooled_sheet_is_the_sum_of_the_workbooks(batch: Workbook, framework: Framework) -> None:
    per_workbook = values(batch["Summary"])[1:61]
    pooled = batch["Pooled"]
    for question in framework.questions:
        own = [row for row in per_workbook if row[1] == question.id]
        assert len(own) == 2
        counts = [sum(row[2 + index] for row in own) for index in range(6)]
        relevant = sum(row[8] for row in own)
        row = [cell.value for cell in row_with(pooled, ID, question.id)]
        assert row[COUNTS] == counts[1:], question.id
        assert row[N - 1 : M] == [counts[0], relevant], question.id
        expected = None if relevant == 0 else counts[0] / relevant
        assert row[PROPORTION - 1] == expected, question.id


@pytest.mark.parametrize(
    ("question", "n", "m", "note"),
    [("1.1a", 28, 32, None), ("1.2a", 9, 12, None), ("1.2b", 1, 3, "too few cases to rate")],
)
def test_pooled_figures(batch: Workbook, question: str, n: int, m: int, note: str | None) -> None:
    row = row_with(batch["Pooled"], ID, question)
    assert [row[N - 1].value, row[M - 1].value, row[NOTE - 1].value] == [n, m, note]
    assert row[PROPORTION - 1].value == n / m
    assert row[PROPORTION - 1].number_format == "0.0%"


def test_pooled_criterion_matches_the_report(batch: Workbook, batch_report: Report) -> None:
    pooled = batch["Pooled"]
    for criterion in batch_report.pooled.criteria:
        row = [cell.value for cell in row_with(pooled, ID, criterion.id)]
        assert row[RATING - 1] == criterion.rating, criterion.id
        assert row[PROPORTION - 1] == float(criterion.proportion or 0), criterion.id
        assert row[N - 1 : M] == [criterion.sufficient, criterion.relevant], criterion.id


def test_findings_of_several_workbooks_are_the_pooled_ones(
    batch: Workbook, batch_report: Report
) -> None:
    """As the terminal: the pooled findings; each workbook's are its Criteria rows."""
    rows = values(batch["Findings"])[1:]
    pooled = batch_report.pooled
    expected = [(POOLED, STRENGTH, c.id) for c in pooled.strengths]
    expected += [(POOLED, AREA, c.id) for c in pooled.areas_for_improvement]
    assert [(row[0], row[1], row[2]) for row in rows] == expected
    assert len(expected) >= 2
    criteria = values(batch["Criteria"])[1:]
    assert [row[1] for row in criteria if row[0] == str(COVENTRY) and row[11] == STRENGTH] == [
        "1.1",
        "4.1",
        "4.3",
    ]
    assert [row[1] for row in criteria if row[0] == str(COVENTRY) and row[11] == AREA] == [
        "2.3",
        "3.1",
        "3.2",
        "5.1",
    ]


POOLED = "All workbooks (pooled)"


def test_workbooks_sheet_of_one_workbook(coventry: Workbook) -> None:
    """Everything the table's heading says: area, fieldwork dates (real dates), cases."""
    [row] = values(coventry["Workbooks"])[1:]
    assert row == [
        str(COVENTRY),
        "Coventry",
        "Coventry Youth Offending Service",
        datetime.datetime(2016, 6, 28),
        datetime.datetime(2016, 6, 30),
        20,
        "Cases (20)",
        "ok",
        0,
        0,
        3,
        6,
        3,
        1,
        "1.1, 4.1, 4.3",
        "2.3, 3.1, 3.2, 5.1",
    ]
    dates = coventry["Workbooks"]["D2"], coventry["Workbooks"]["E2"]
    assert {cell.number_format for cell in dates} == {"d mmm yyyy"}


def test_workbooks_sheet_of_several_workbooks(batch: Workbook, batch_report: Report) -> None:
    rows = values(batch["Workbooks"])[1:]
    assert [row[0] for row in rows] == [workbook.path for workbook in batch_report.workbooks]
    assert [row[7] for row in rows] == ["ok", "ok", "unreadable"]
    assert rows[2][8:10] == [1, 0]
    assert rows[2][10:14] == [None] * 4
    northbridge = batch_report.workbooks[1]
    assert rows[1][5] == northbridge.cases
    assert sum(rows[1][10:14]) == sum(c.band is not None for c in northbridge.criteria)


def test_problems_of_several_workbooks(batch: Workbook, batch_report: Report) -> None:
    [problem] = batch_report.workbooks[2].problems
    assert values(batch["Problems"])[1:] == [
        [batch_report.workbooks[2].path, problem.code, "error", None, None, problem.message]
    ]
    assert problem.code == "not-a-workbook"


def hostile_workbook(path: Path, area: str | None) -> Path:
    """Five Yes for 1.1a, and a judgement cell holding CALC as text (an unknown judgement)."""
    cases: dict[str, list[Any]] = {f"C{n}": ["Yes"] for n in range(1, 6)}
    cases["C6"] = ["placeholder"]
    sheets: dict[str, list[list[Any]]] = {"Cases": wide_rows(["1.1a"], cases)}
    if area is not None:
        sheets["Inspection"] = [["Area", "placeholder"]]
    write_workbook(path, sheets)
    book = openpyxl.load_workbook(path)
    # Strings, not formulas: what a pasted-into or hostile workbook holds.
    texts = [("Cases", "B7", CALC)]
    if area is not None:
        texts.append(("Inspection", "B1", area))
    for sheet, reference, text in texts:
        cell = book[sheet][reference]
        cell.value = text
        cell.data_type = "s"
    book.save(path)
    return path


def assert_no_formulas(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert len(sheets) >= 3
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert not re.search(r"<(\w+:)?f[\s/>]", xml), name


def all_text_cells_are_strings(book: Workbook) -> list[str]:
    texts: list[str] = []
    for sheet in book.worksheets:
        for cell in cells(sheet):
            if isinstance(cell.value, str):
                assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                texts.append(cell.value)
    return texts


@pytest.mark.parametrize("name", ["@evil.xlsx", "-x.xlsx", "+x.xlsx", "=x.xlsx"])
def test_formula_like_area_and_file_name_stay_text(
    tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    hostile_workbook(tmp_path / name, HYPERLINK)
    # --show-values: the hostile mark is quoted in its problem, so it must stay inert.
    report = score_workbooks([COVENTRY, Path(name)], framework, options=SHOW_VALUES)
    assert report.workbooks[1].path == name
    assert report.workbooks[1].inspection["Area"] == HYPERLINK
    data = xlsx_bytes(report)
    assert_no_formulas(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    texts = all_text_cells_are_strings(book)
    # A Summary row per question, a Criteria row per criterion, its Workbooks row and
    # the problem; the area once, in the Workbooks sheet.
    assert texts.count(name) == 30 + 13 + 1 + 1
    assert texts.count(HYPERLINK) == 1
    [workbook_row] = [row for row in values(book["Workbooks"]) if row[0] == name]
    assert workbook_row[:2] == [name, HYPERLINK]
    [problem] = values(book["Problems"])[1:]
    assert problem[:5] == [name, "unknown-judgement", "error", "Cases", "B7"]
    assert problem[5] == report.workbooks[1].problems[0].message
    assert CALC in problem[5]


@pytest.mark.parametrize("name", ["@evil.xlsx", "-x.xlsx"])
def test_formula_like_file_name_is_the_label_of_one_workbook(
    tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    hostile_workbook(tmp_path / name, None)
    data = xlsx_bytes(score_workbooks([Path(name)], framework))
    assert_no_formulas(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    all_text_cells_are_strings(book)
    [label] = [row[0] for row in book["Findings"].iter_rows(min_row=2)]
    assert (label.value, label.data_type) == (name, "s")
    [path] = [row[0] for row in book["Problems"].iter_rows(min_row=2)]
    assert (path.value, path.data_type) == (name, "s")


def test_formula_like_name_of_an_unreadable_workbook_stays_text(
    tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "=broken.xlsx"
    Path(name).write_text("hello")
    data = xlsx_bytes(score_workbooks([COVENTRY, Path(name)], framework))
    assert_no_formulas(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    # Its rows in Summary, Criteria, Workbooks and Problems.
    assert all_text_cells_are_strings(book).count(name) == 4
    last = [cell for cell in book["Summary"][book["Summary"].max_row] if isinstance(cell, Cell)]
    assert [(cell.value, cell.data_type) for cell in last[:2]] == [(name, "s"), (None, "n")]
    [problem] = values(book["Problems"])[1:]
    assert problem[:3] == [name, "not-a-workbook", "error"]


def with_area(report: Report, area: str) -> Report:
    [workbook] = report.workbooks
    return dataclasses.replace(
        report, workbooks=(dataclasses.replace(workbook, inspection={"Area": area}),)
    )


@pytest.mark.parametrize(
    "area",
    [
        "=1+2",
        HYPERLINK,
        "+44 20 7946 0000",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1",
        "#N/A",
        "#DIV/0!",
        "=",
        " padded ",
        "Coventry",
    ],
)
def test_text_is_stored_exactly_as_text(framework: Framework, area: str) -> None:
    report = with_area(score_workbooks([COVENTRY], framework), area)
    data = xlsx_bytes(report)
    assert_no_formulas(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    labels = [row[0] for row in book["Findings"].iter_rows(min_row=2)]
    assert len(labels) == 7
    assert {(cell.value, cell.data_type) for cell in labels} == {(area, "s")}


def test_carriage_return_stays_text(framework: Framework) -> None:
    """XlsxWriter writes a CR as Excel's escape _x000D_ (which Excel reads back as a CR;
    openpyxl leaves it as written). Not a formula either way."""
    report = with_area(score_workbooks([COVENTRY], framework), "\r=1")
    data = xlsx_bytes(report)
    assert_no_formulas(data)
    label = openpyxl.load_workbook(io.BytesIO(data))["Findings"]["A2"]
    assert (label.value, label.data_type) == ("_x000D_=1", "s")


def test_characters_xml_cannot_hold_are_escaped(framework: Framework) -> None:
    report = with_area(score_workbooks([COVENTRY], framework), "Cov\x01entry\x1f")
    label = load(report)["Findings"]["A2"]
    assert (label.value, label.data_type) == ("Cov\\x01entry\\x1f", "s")


def test_problem_message_that_is_a_formula_stays_text(framework: Framework) -> None:
    report = score_workbooks([COVENTRY], framework)
    [workbook] = report.workbooks
    hostile = Problem(
        code="unknown-judgement",
        message=CALC,
        file=workbook.path,
        sheet="=Cases",
        cell="-B2",
        severity=Severity.ERROR,
    )
    report = dataclasses.replace(
        report, workbooks=(dataclasses.replace(workbook, problems=(hostile,)),)
    )
    data = xlsx_bytes(report)
    assert_no_formulas(data)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Problems"]
    row = [cell for cell in sheet[2] if isinstance(cell, Cell)]
    assert [(cell.value, cell.data_type) for cell in row] == [
        (str(COVENTRY), "s"),
        ("unknown-judgement", "s"),
        ("error", "s"),
        ("=Cases", "s"),
        ("-B2", "s"),
        (CALC, "s"),
    ]


def test_unreadable_single_workbook_has_empty_tables_and_its_problem(
    tmp_path: Path, framework: Framework
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    book = load(score_workbooks([broken], framework))
    assert book.sheetnames == ["Summary", "Findings", "Workbooks", "Problems"]
    assert values(book["Summary"]) == [
        FIGURES_HEADER,
        ["No figures: the workbook could not be read.", *[None] * 15],
    ]
    assert values(book["Findings"])[1][0] == (
        "No key strengths and no areas requiring improvement from the figures."
    )
    assert [row[:3] for row in values(book["Problems"])[1:]] == [
        [str(broken), "not-a-workbook", "error"]
    ]


def test_pooled_notes_speak_of_all_workbooks(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    first = make_workbook({"Cases": wide_rows(["1.1a"], {"C1": ["Yes"]})}, name="a.xlsx")
    second = make_workbook({"Cases": wide_rows(["1.1a"], {"C2": ["No"]})}, name="b.xlsx")
    pooled = load(score_workbooks([first, second], framework))["Pooled"]
    row = [cell.value for cell in row_with(pooled, ID, "1.1a")]
    assert row[N - 1 : PROPORTION] == [1, 2, 0.5]
    assert row[RATING - 1 :] == [None, None, None, "too few cases to rate", 1, 0, 0, 0, 0]
    assert row_with(pooled, ID, "1.2a")[NOTE - 1].value == "not marked in any workbook"


def test_rating_fills_follow_band_position(framework: Framework) -> None:
    """Two bands: the best green, the worst red; the middle colours are for middle bands."""
    rating = framework.rating._replace(
        bands=(framework.rating.bands[0], framework.rating.bands[-1])
    )
    two_bands = framework._replace(rating=rating)
    workbook = score_workbook(COVENTRY, two_bands)
    report = Report(framework=two_bands, workbooks=(workbook,), pooled=workbook)
    sheet = load(report)["Summary"]
    ratings = {
        row[0].value: (row[RATING - 1].value, fill_of(row[RATING - 1]))
        for row in sheet.iter_rows(min_row=2)
        if row[RATING - 1].value is not None
    }
    assert ratings["1.1"] == ("Outstanding", GREEN)
    assert ratings["1.2"] == ("Inadequate", RED)
    assert {fill for _, fill in ratings.values()} == {GREEN, RED}


def test_cli_writes_a_results_workbook(cli: Cli, coventry_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "results.xlsx"
    result = cli("score", coventry_copy, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Summary", "Findings", "Workbooks", "Problems"]
    row = row_with(book["Summary"], ID, "1.1a")
    assert [row[N - 1].value, row[M - 1].value, row[PROPORTION - 1].value] == [18, 20, 0.9]


def test_cli_xlsx_format_needs_an_output_file(cli: Cli, coventry_copy: Path) -> None:
    result = cli("score", coventry_copy, "--format", "xlsx")
    assert result.exit_code == 2
    assert "-o" in result.output
    assert "PK" not in result.stdout


def test_scoring_without_xlsx_never_imports_openpyxl(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from sqs_cli.cli import app\n"
        "from typer.testing import CliRunner\n"
        f"result = CliRunner().invoke(app, ['score', {str(COVENTRY)!r}, '--format', 'json'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'openpyxl' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)


def test_formula_as_a_case_id_stays_text(tmp_path: Path, framework: Framework) -> None:
    # Typed into Excel as text (so the reader sees the text, not a calculated value), a
    # case ID like this is a cell value the workbook's Problems sheet must keep inert;
    # --show-values quotes the rejected mark beside it.
    rows = [["Case ID", "1.1a"], [HYPERLINK, "Yes"], ["C2", HYPERLINK]]
    path = tmp_path / "hostile-ids.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Cases"
    for row in rows:
        sheet.append(row)
    for cell in (sheet["A2"], sheet["B3"]):
        cell.data_type = "s"
    book.save(path)
    report = score_workbooks([path], framework, options=SHOW_VALUES)
    [problem] = report.workbooks[0].problems
    assert problem.code == "unknown-judgement"
    assert HYPERLINK[:30] in problem.message
    data = xlsx_bytes(report)
    assert_no_formulas(data)
    [row] = values(openpyxl.load_workbook(io.BytesIO(data))["Problems"])[1:]
    assert row[1:5] == ["unknown-judgement", "error", "Cases", "B3"]
    assert row[5] == problem.message


@pytest.mark.parametrize(
    "sheet", ["Summary", "Criteria", "Pooled", "Findings", "Workbooks", "Problems"]
)
def test_sheets_print_landscape_one_page_wide_with_the_header_on_every_page(
    batch: Workbook, sheet: str
) -> None:
    setup = batch[sheet].page_setup
    # fitToWidth left out is its default, 1 (ECMA-376 section 18.3.1.63).
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", None, 0)
    assert setup.paperSize == 9  # A4
    properties = batch[sheet].sheet_properties.pageSetUpPr
    assert properties is not None
    assert properties.fitToPage is True
    assert batch[sheet].print_title_rows == "$1:$1"


@pytest.mark.parametrize("sheet", ["Summary", "Pooled", "Findings", "Problems"])
def test_header_cells_are_bold_on_blue(batch: Workbook, sheet: str) -> None:
    header = [cell for cell in batch[sheet][1] if isinstance(cell, Cell)]
    assert {(cell.font.bold, fill_of(cell)) for cell in header} == {(True, HEADER_BLUE)}
    body = cells(batch[sheet])[len(header) :]
    assert HEADER_BLUE not in {fill_of(cell) for cell in body}


def test_question_rows_are_indented_under_their_criterion(coventry: Workbook) -> None:
    sheet = coventry["Summary"]
    indents = {
        row[0].value: [cell.alignment.indent for cell in row] for row in sheet.iter_rows(min_row=2)
    }
    assert indents["1.1"] == [0] * 16
    assert indents["1.1a"] == [1, 1, *[0] * 14]
    assert {tuple(indent) for indent in indents.values()} == {(0,) * 16, (1, 1, *(0,) * 14)}


def test_document_properties(coventry: Workbook, framework: Framework) -> None:
    assert coventry.properties.creator == "sqs"
    assert coventry.properties.title == f"SQS results: {framework.title}"


@pytest.mark.parametrize(
    ("messages", "width"),
    [
        (["x" * 50], 52),
        (["x" * 50 + "\n" + "y" * 10], 52),
        (["y" * 10 + "\r\n" + "x" * 50, "z" * 20], 52),
        (["x" * 30 + "\u2028" + "y" * 40], 42),
        (["x" * 30 + "\x0b" + "y" * 5, "short"], 32),
        (["x" * 200], 80),
        (["ok"], len("Message") + 2),
    ],
)
def test_message_column_is_as_wide_as_the_longest_line(
    framework: Framework, messages: list[str], width: int
) -> None:
    """Widths count the longest line of a text (splitlines), within the column's cap."""
    report = score_workbooks([COVENTRY], framework)
    [workbook] = report.workbooks
    problems = tuple(
        Problem(code="c", message=message, file=workbook.path, severity=Severity.WARNING)
        for message in messages
    )
    report = dataclasses.replace(
        report, workbooks=(dataclasses.replace(workbook, problems=problems),)
    )
    # XlsxWriter stores a width with Excel's padding for the cell's margins added.
    assert int(load(report)["Problems"].column_dimensions["F"].width) == width


def test_the_same_report_gives_the_same_bytes(
    framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results can be diffed and cached: no time of writing in the file."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    report = score_workbooks([COVENTRY, LONG_LAYOUT_SAMPLE], framework)
    first = render("xlsx", report, OutputOptions())
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3600)
    assert render("xlsx", report, OutputOptions()) == first


def test_youth_results_workbook_shows_entered_moved_and_overall(youth_audit: Path) -> None:
    from sqs_cli.framework import load_builtin
    from tests.conftest import YOUTH_OVERALL

    youth = load_builtin("hmip-youth-2021")
    book = load(score_workbooks([youth_audit], youth))
    summary = book["Summary"]
    judged = row_with(summary, ID, "1.3")
    assert (judged[N - 1].value, judged[RATING - 1].value, judged[NOTE - 1].value) == (
        None,
        "Outstanding",
        "entered: Health and education on site",
    )
    moved = row_with(summary, ID, "3.3")
    assert [moved[i - 1].value for i in (N, M, RATING, NOTE)] == [
        2,
        5,
        "Requires improvement",
        "moved from Inadequate (the figures' rating): Work improved after panel",
    ]
    overall = values(summary)[-1]
    assert overall[:2] == ["Overall", "Overall rating"]
    assert (overall[RATING - 1], overall[NOTE - 1]) == ("Good", "Overall: Good (24 out of 36)")
    findings = {row[2]: row for row in values(book["Findings"])[1:]}
    # Rating, uncertain (blank: no figures to be uncertain about), figure.
    assert findings["1.3"][4:7] == ["Outstanding", None, "entered"]
    # A batch: each workbook's overall rating on the Workbooks sheet; a criterion rated by
    # judgement on the Criteria sheet, without figures.
    other = youth_audit.with_name("other.xlsx")
    other.write_bytes(youth_audit.read_bytes())
    batch = load(score_workbooks([youth_audit, other], youth))
    workbooks = values(batch["Workbooks"])
    overall_column = workbooks[0].index("Overall")
    assert [row[overall_column] for row in workbooks[1:]] == [YOUTH_OVERALL] * 2
    criteria = {(row[0], row[1]): row for row in values(batch["Criteria"])[1:]}
    judged = criteria[(str(youth_audit), "1.3")]
    assert judged[3:6] == [None, None, None]
    assert "Outstanding" in judged and "entered: Health and education on site" in judged
