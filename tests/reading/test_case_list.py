"""sqs_cli.reading.case_list: case lists in every format the pipeline reads, with the
pipeline's errors, and the problems of a list named at their cells."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from sqs_cli.problems import SqsError
from sqs_cli.reading.case_list import read_case_ids, read_case_list
from sqs_cli.settings import Limits
from tests.conftest import WorkbookFactory, write_ods

HEADER = ["Case ID", "Disposal", "Case manager", "Start date"]
ROWS = [
    ["YJ-1", "Referral order", "A. Khan", datetime.datetime(2026, 3, 2)],
    ["YJ-2", "YRO", "B. Lee", datetime.datetime(2026, 4, 9)],
    [3, "Custody", None, None],
]


def test_an_xlsx_list_with_a_title_above_its_header(make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Export": [["Cases open on 1 April"], [], HEADER, *ROWS]})
    listed = read_case_list(path)
    assert (listed.sheet, listed.id_header, listed.id_cell) == ("Export", "Case ID", "A3")
    assert listed.columns == ("Disposal", "Case manager", "Start date")
    assert [case.case_id for case in listed.cases] == ["YJ-1", "YJ-2", "3"]
    assert [case.row for case in listed.cases] == [4, 5, 6]
    assert listed.value(listed.cases[1], "Disposal") == "YRO"
    assert listed.problems == ()


def test_an_ods_list(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "cases.ods", {"Cases": [HEADER[:2], ["YJ-1", "YRO"]]})
    assert [case.case_id for case in read_case_list(path).cases] == ["YJ-1"]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("cp1252", ";"), ("utf-16", "\t")],
)
def test_csv_lists_as_excel_saves_them(tmp_path: Path, encoding: str, delimiter: str) -> None:
    text = "\r\n".join(
        delimiter.join(row)
        for row in (["Case ID", "Disposal"], ["YJ-1", "Référé"], ["YJ-2", "YRO"])
    )
    path = tmp_path / "cases.csv"
    path.write_bytes(text.encode(encoding))
    listed = read_case_list(path)
    assert listed.sheet == "cases"
    assert [(c.case_id, listed.value(c, "Disposal")) for c in listed.cases] == [
        ("YJ-1", "Référé"),
        ("YJ-2", "YRO"),
    ]


def test_a_list_without_a_case_id_column_names_the_file_and_suggests_the_option(
    make_workbook: WorkbookFactory,
) -> None:
    path = make_workbook({"Export": [["Child ref", "Disposal"], ["C1", "YRO"]]}, name="list.xlsx")
    with pytest.raises(SqsError) as caught:
        read_case_list(path)
    found = caught.value.problem
    assert (found.code, found.file, found.sheet) == ("no-case-id-header", str(path), "Export")
    assert found.message == (
        "no case-ID column: a 'Case ID' header (or Case, Case ref, Case reference, Case "
        "number, Case no.) in the first 20 rows of 'Export'; give the ID column's header "
        "with --id-column"
    )
    listed = read_case_list(path, id_header="child REF")
    assert [case.case_id for case in listed.cases] == ["C1"]
    assert listed.id_header == "Child ref"


def test_repeated_ids_rows_without_ids_and_totals_are_problems_at_their_cells(
    make_workbook: WorkbookFactory,
) -> None:
    path = make_workbook(
        {
            "Cases": [
                HEADER,
                ["YJ-1", "YRO", None, None],
                [None, "YRO", "A. Khan", None],
                ["YJ-1", "Custody", None, None],
                [None, None, None, None],
                ["Total", 3, None, None],
            ]
        }
    )
    listed = read_case_list(path)
    assert [case.case_id for case in listed.cases] == ["YJ-1"]
    assert [(p.code, p.severity.value, p.cell, p.message) for p in listed.problems] == [
        ("missing-case-id", "error", "A3", "row 3 has no case ID; it is not in the list"),
        (
            "duplicate-case-id",
            "error",
            "A4",
            "this case ID is also in A2; a case may be listed once",
        ),
        (
            "summary-row",
            "warning",
            "A6",
            "row 6 is a summary row ('total'), not a case; it is not in the list",
        ),
    ]


def test_the_sheet_named_and_a_sheet_that_is_not_there(make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Notes": [["Read me"]], "Open": [HEADER[:2], ["YJ-9", "YRO"]]})
    assert read_case_list(path).sheet == "Open"
    assert read_case_list(path, sheet="open").sheet == "Open"
    with pytest.raises(SqsError) as caught:
        read_case_list(path, sheet="Closed")
    assert caught.value.problem.message == (
        "there is no worksheet named 'Closed' (the worksheets: 'Notes', 'Open')"
    )


def test_a_list_is_read_within_the_limits(make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Cases": [HEADER[:2], *([f"YJ-{n}", "YRO"] for n in range(50))]})
    with pytest.raises(SqsError) as caught:
        read_case_list(path, limits=Limits(max_rows=20))
    assert caught.value.problem.code == "limit-exceeded"


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    path.write_bytes(b"%PDF-1.7 a report")
    with pytest.raises(SqsError) as caught:
        read_case_list(path)
    assert caught.value.problem.message == "a PDF document named .xlsx, not a spreadsheet"


def test_the_case_ids_of_every_cases_sheet_of_a_marking_workbook(
    make_workbook: WorkbookFactory,
) -> None:
    path = make_workbook(
        {
            "Custody": [["Case ID", "1.1a"], ["YJ-1", "Yes"], ["YJ-2", "No"]],
            "Guide": [["How to mark"]],
            "Community": [["Case ref", "1.1a"], [17, "Yes"]],
        }
    )
    assert read_case_ids(path) == frozenset({"YJ-1", "YJ-2", "17"})


def test_cells_that_hide_what_they_hold_are_named(make_workbook: WorkbookFactory) -> None:
    """openpyxl writes formulas without values: read, they look empty."""
    path = make_workbook(
        {"Cases": [["Case ID", "Disposal", "Team"], ["C1", "=B9", "North"], ["=A9", "YRO", "=C9"]]}
    )
    listed = read_case_list(path)
    assert [case.case_id for case in listed.cases] == ["C1"]
    assert listed.hidden_cells == {"Disposal": ("B2",), "Team": ("C3",)}
    [found] = listed.problems
    assert (found.code, found.cell) == ("formula-without-value", "A3")
