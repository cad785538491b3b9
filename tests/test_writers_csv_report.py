"""sqs_cli.writers.csv_report: tidy rows parsed back with the csv module, safe in Excel."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from sqs_cli.api import score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.results import Report
from sqs_cli.writers import OutputOptions, writer_for
from sqs_cli.writers.cells import spreadsheet_safe
from sqs_cli.writers.csv_report import COLUMNS
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE, wide_rows, write_workbook

HYPERLINK = '=HYPERLINK("http://x","click")'
FIGURES = (
    "marked",
    "sufficient",
    "insufficient",
    "not_done",
    "not_applicable",
    "unmarked",
    "invalid",
    "relevant",
    "proportion",
    "criterion_rating",
)


def render(report: Report) -> str:
    stream = io.StringIO()
    writer_for("csv")(report, stream, OutputOptions())
    return stream.getvalue()


def parse(report: Report) -> list[dict[str, str]]:
    """The CSV read back as the csv module reads it; the header must be COLUMNS."""
    reader = csv.DictReader(io.StringIO(render(report), newline=""))
    rows = list(reader)
    assert reader.fieldnames == list(COLUMNS)
    return rows


def row_for(rows: list[dict[str, str]], path: Path | str, question: str) -> dict[str, str]:
    [row] = [r for r in rows if r["path"] == str(path) and r["question"] == question]
    return row


def workbook_with_area(path: Path, area: str) -> Path:
    """Five sufficient cases of 1.1a and an Inspection Area stored as text, even "=..."."""
    cases = {f"C{n}": ["Yes"] for n in range(1, 6)}
    write_workbook(
        path, {"Inspection": [["Area", "placeholder"]], "Cases": wide_rows(["1.1a"], cases)}
    )
    book = openpyxl.load_workbook(path)
    cell = book["Inspection"]["B1"]
    cell.value = area
    # A string cell, not a formula: what a hostile or pasted-into workbook holds.
    cell.data_type = "s"
    book.save(path)
    return path


def test_header_is_the_documented_columns(framework: Framework) -> None:
    [header, *_] = csv.reader(io.StringIO(render(score_workbooks([COVENTRY], framework))))
    assert header == list(COLUMNS)
    assert header == [
        "path",
        "area",
        "status",
        "question",
        "criterion",
        "marked",
        "sufficient",
        "insufficient",
        "not_done",
        "not_applicable",
        "unmarked",
        "invalid",
        "relevant",
        "proportion",
        "criterion_rating",
        "rated_by",
        "figures_rating",
        "entered_rating",
        "entered_reason",
        "overall",
    ]


def test_one_row_per_question_in_framework_order(framework: Framework) -> None:
    rows = parse(score_workbooks([COVENTRY], framework))
    assert len(rows) == 30
    assert [row["question"] for row in rows] == [q.id for q in framework.questions]
    assert [row["criterion"] for row in rows] == [q.criterion_id for q in framework.questions]
    assert {(row["path"], row["area"], row["status"]) for row in rows} == {
        (str(COVENTRY), "Coventry", "ok")
    }


@pytest.mark.parametrize(
    ("question", "criterion", "figures"),
    [
        ("1.1a", "1.1", ("True", "18", "2", "0", "0", "0", "0", "20", "0.9", "Outstanding")),
        (
            "3.1a",
            "3.1",
            ("True", "12", "7", "0", "1", "0", "0", "19", repr(12 / 19), "Requires improvement"),
        ),
        ("2.2c", "2.2", ("True", "8", "2", "2", "8", "0", "0", "12", repr(8 / 12), "Good")),
        ("5.1b", "5.1", ("True", "9", "11", "0", "0", "0", "0", "20", "0.45", "Inadequate")),
        ("1.2b", "1.2", ("True", "1", "2", "0", "17", "0", "0", "3", repr(1 / 3), "Good")),
    ],
)
def test_coventry_figures(
    framework: Framework, question: str, criterion: str, figures: tuple[str, ...]
) -> None:
    row = row_for(parse(score_workbooks([COVENTRY], framework)), COVENTRY, question)
    assert row["criterion"] == criterion
    assert tuple(row[column] for column in FIGURES) == figures


def test_exact_proportion_survives_the_round_trip(framework: Framework) -> None:
    row = row_for(parse(score_workbooks([COVENTRY], framework)), COVENTRY, "3.1a")
    assert float(row["proportion"]) == 12 / 19
    assert (row["sufficient"], row["relevant"]) == ("12", "19")


def test_unmarked_question_has_no_proportion_or_rating(framework: Framework) -> None:
    rows = parse(score_workbooks([LONG_LAYOUT_SAMPLE], framework))
    row = row_for(rows, LONG_LAYOUT_SAMPLE, "1.2a")
    assert tuple(row[column] for column in FIGURES) == (
        "False",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "",
        "",
    )
    assert row["area"] == "Northbridge (fictional)"


def test_every_workbook_and_one_row_for_an_unreadable_one(
    tmp_path: Path, framework: Framework
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    rows = parse(score_workbooks([COVENTRY, LONG_LAYOUT_SAMPLE, broken], framework))
    assert len(rows) == 61
    assert Counter(row["path"] for row in rows) == {
        str(COVENTRY): 30,
        str(LONG_LAYOUT_SAMPLE): 30,
        str(broken): 1,
    }
    assert [row["path"] for row in rows] == [str(COVENTRY)] * 30 + [
        str(LONG_LAYOUT_SAMPLE)
    ] * 30 + [str(broken)]
    assert rows[-1] == dict.fromkeys(COLUMNS, "") | {
        "path": str(broken),
        "status": "unreadable",
    }
    assert row_for(rows, LONG_LAYOUT_SAMPLE, "3.1a")["criterion_rating"] == "Requires improvement"


def test_formula_in_the_inspection_area_is_neutralised(
    tmp_path: Path, framework: Framework
) -> None:
    path = workbook_with_area(tmp_path / "area.xlsx", HYPERLINK)
    report = score_workbooks([path], framework)
    assert report.workbooks[0].inspection["Area"] == HYPERLINK
    rows = parse(report)
    assert len(rows) == 30
    assert {row["area"] for row in rows} == {"'" + HYPERLINK}
    # The path and every other cell of these rows are ordinary text, left untouched.
    assert {row["path"] for row in rows} == {str(path)}
    row = row_for(rows, path, "1.1a")
    assert (row["sufficient"], row["relevant"], row["proportion"]) == ("5", "5", "1.0")
    assert row["criterion_rating"] == "Outstanding"


@pytest.mark.parametrize("name", ["@evil.xlsx", "+x.xlsx", "-x.xlsx", "=x.xlsx"])
@pytest.mark.parametrize("readable", [True, False], ids=["readable", "unreadable"])
def test_formula_like_file_names_are_neutralised(
    tmp_path: Path,
    framework: Framework,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    readable: bool,
) -> None:
    monkeypatch.chdir(tmp_path)
    if readable:
        workbook_with_area(tmp_path / name, "Coventry")
    else:
        (tmp_path / name).write_text("hello")
    rows = parse(score_workbooks([COVENTRY, Path(name)], framework))
    hostile = [row for row in rows if row["path"] != str(COVENTRY)]
    assert len(hostile) == (30 if readable else 1)
    assert {row["path"] for row in hostile} == {"'" + name}
    assert {row["area"] for row in hostile} == ({"Coventry"} if readable else {""})
    # Nothing else in the file gained an apostrophe.
    for row in rows:
        from_hostile = row["path"] != str(COVENTRY)
        others = [value for column, value in row.items() if not (from_hostile and column == "path")]
        assert not [value for value in others if value.startswith("'")], row


def test_ordinary_cells_are_untouched(framework: Framework) -> None:
    text = render(score_workbooks([COVENTRY, LONG_LAYOUT_SAMPLE], framework))
    assert "'" not in text
    assert "Requires improvement" in text


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Coventry", "Coventry"),
        ("a=b", "a=b"),
        ("x-1", "x-1"),
        ("1.1a", "1.1a"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(text: str, safe: str) -> None:
    assert spreadsheet_safe(text) == safe


def test_youth_rows_carry_entered_moved_and_overall_ratings(youth_audit: Path) -> None:
    from sqs_cli.framework import load_builtin

    rows = parse(score_workbooks([youth_audit], load_builtin("hmip-youth-2021")))
    # 21 questions, and a row of its own for each of the 6 criteria rated by judgement.
    assert len(rows) == 27
    assert [row["criterion"] for row in rows[:4]] == ["1.1", "1.2", "1.3", "1.4"]
    judged = rows[2]
    assert {
        k: judged[k] for k in ("question", "marked", "sufficient", "relevant")
    } == dict.fromkeys(("question", "marked", "sufficient", "relevant"), "")
    assert (
        judged["criterion_rating"],
        judged["rated_by"],
        judged["entered_rating"],
        judged["entered_reason"],
    ) == ("Outstanding", "judgement", "Outstanding", "Health and education on site")
    moved = row_for(rows, youth_audit, "3.3.3")
    assert (moved["sufficient"], moved["relevant"], moved["proportion"]) == ("2", "5", "0.4")
    assert (
        moved["criterion_rating"],
        moved["rated_by"],
        moved["figures_rating"],
        moved["entered_rating"],
    ) == ("Requires improvement", "cases", "Inadequate", "Requires improvement")
    assert {row["overall"] for row in rows} == {"Overall: Good (24 out of 36)"}
