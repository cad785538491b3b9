"""sqs_cli.reading.pipeline: the cases, the header and the marks, with Excel's cell names."""

from __future__ import annotations

import csv
import datetime
from collections import Counter
from pathlib import Path

import pytest

from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement
from sqs_cli.marking import Marking
from sqs_cli.problems import Severity, SqsError
from sqs_cli.reading.inspection import parse_rate
from sqs_cli.reading.marks import case_id_text
from sqs_cli.reading.pipeline import read_marking
from tests.conftest import (
    WorkbookFactory,
    long_rows,
    rewrite_members,
    wide_rows,
    with_cached_values,
    write_ods,
)


def judgements(marking: Marking, question: str) -> Counter[Judgement]:
    # Counter() drops the zero counts a tally may keep after a correction.
    return +Counter(marking.tallies[question])


def codes(marking: Marking) -> list[tuple[str, str | None]]:
    return [(problem.code, problem.cell) for problem in marking.problems]


def unreadable(path: Path, framework: Framework) -> SqsError:
    with pytest.raises(SqsError) as caught:
        read_marking(path, framework)
    return caught.value


def test_header_below_title_rows_and_cells_named_as_excel_shows_them(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [
        ["Coventry marking, June 2016"],
        [],
        [None, "Notes: fictional"],
        [None, "Case ID", "Inspector", "1.1a Assessment of offending factors", "1.1b"],
        [None, "C1", "AB", "Yes", "N/A"],
        [None, "C2", "CD", "Yse", "No"],
    ]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert marking.case_ids == ("C1", "C2")
    assert marking.questions == frozenset({"1.1a", "1.1b"})
    assert judgements(marking, "1.1a") == {Judgement.SUFFICIENT: 1, Judgement.INVALID: 1}
    [problem] = marking.problems
    assert (problem.code, problem.sheet, problem.cell) == ("unknown-judgement", "Cases", "D6")
    assert "'Yse'" in problem.message
    assert "did you mean 'Yes'?" in problem.message


@pytest.mark.parametrize(
    "header",
    ["Case ID", "case id", "  CASE ID ", "Case", "Case ref", "Case reference", "Case number"],
)
def test_case_id_header_spellings(
    make_workbook: WorkbookFactory, framework: Framework, header: str
) -> None:
    path = make_workbook({"Cases": [[header, "1.1a"], ["X1", "Yes"]]})
    assert read_marking(path, framework).case_ids == ("X1",)


@pytest.mark.parametrize(("title_rows", "found"), [(19, True), (20, False)])
def test_header_must_be_within_the_first_20_rows(
    make_workbook: WorkbookFactory, framework: Framework, title_rows: int, found: bool
) -> None:
    rows = [[f"note {n}"] for n in range(title_rows)] + [["Case ID", "1.1a"], ["X1", "Yes"]]
    path = make_workbook({"Cases": rows})
    if found:
        assert read_marking(path, framework).case_ids == ("X1",)
    else:
        error = unreadable(path, framework)
        assert error.problem.code == "no-case-id-header"
        assert error.problem.sheet == "Cases"


def test_numeric_and_text_case_ids_are_the_same_case(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], [123, "Yes"], ["123", "No"], [7.5, "No"]]})
    marking = read_marking(path, framework)
    assert marking.case_ids == ("123", "7.5")
    assert codes(marking) == [("duplicate-case-id", "A3")]
    assert "A2" in marking.problems[0].message
    # The duplicate row is not scored: only the first 123 and 7.5 count.
    assert judgements(marking, "1.1a") == {Judgement.SUFFICIENT: 1, Judgement.INSUFFICIENT: 1}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(123.0, "123"), (" AB-1 ", "AB-1"), ("", None), ("  ", None), (None, None), (0.5, "0.5")],
)
def test_case_id_text(value: object, expected: str | None) -> None:
    assert case_id_text(value) == expected  # type: ignore[arg-type]


def test_empty_rows_are_skipped_and_marks_without_id_are_errors(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [
        ["Case ID", "Comments", "1.1a"],
        ["C1", None, "Yes"],
        [None, None, None],
        [None, "a note row, no marks", None],
        [None, None, "No"],
        ["C2", None, "No"],
    ]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert marking.case_ids == ("C1", "C2")
    assert codes(marking) == [("missing-case-id", "A5")]
    assert judgements(marking, "1.1a") == {Judgement.SUFFICIENT: 1, Judgement.INSUFFICIENT: 1}


def test_question_columns_by_first_token_and_descriptive_columns_kept(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [
        ["Case type", "Case ID", "1.1A: factors", "2.1a Risk of harm", "Inspector", "Comments"],
        ["YRO", "C1", "yes", "no", "AB", "Private note about the child"],
    ]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert marking.questions == frozenset({"1.1a", "2.1a"})
    assert judgements(marking, "1.1a") == {Judgement.SUFFICIENT: 1}
    assert judgements(marking, "2.1a") == {Judgement.INSUFFICIENT: 1}
    assert marking.case_attributes("C1") == {
        "Case type": "YRO",
        "Inspector": "AB",
        "Comments": "Private note about the child",
    }
    assert marking.problems == ()


def test_header_that_looks_like_an_unknown_question_is_a_warning(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a", "6.1a New question", "2016 cohort"], ["C1", "Yes", "Yes", "x"]]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    [problem] = marking.problems
    assert (problem.code, problem.cell, problem.severity) == (
        "unknown-question",
        "C1",
        Severity.WARNING,
    )
    assert "6.1a" in problem.message
    assert marking.questions == frozenset({"1.1a"})


def test_duplicate_question_columns(make_workbook: WorkbookFactory, framework: Framework) -> None:
    rows = [["Case ID", "1.1a", "1.1b", "1.1a again"], ["C1", "Yes", "No", "No"]]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert codes(marking) == [("duplicate-question-column", "D1")]
    assert "B1" in marking.problems[0].message
    assert judgements(marking, "1.1a") == {Judgement.SUFFICIENT: 1}


def test_empty_mark_cells_are_unmarked_warnings(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a", "1.1b"], ["C1", "Yes", None], ["C2", " \u00a0", "No"]]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert codes(marking) == [("unmarked", "C2"), ("unmarked", "B3")]
    assert {problem.severity for problem in marking.problems} == {Severity.WARNING}


def test_formula_without_cached_value_is_an_error_at_its_cell(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a", "1.1b"], ["C1", '=IF(TRUE,"Yes","No")', None]]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert codes(marking) == [("formula-without-value", "B2"), ("unmarked", "C2")]
    assert judgements(marking, "1.1a") == {Judgement.INVALID: 1}


def test_formula_with_cached_value_reads_the_value(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a"], ["C1", '=IF(TRUE,"Yes","No")'], ["C2", '=IF(FALSE,"Yes","No")']]
    path = with_cached_values(make_workbook({"Cases": rows}), {"B2": "Yes", "B3": "No"})
    marking = read_marking(path, framework)
    assert marking.problems == ()
    assert judgements(marking, "1.1a") == {Judgement.SUFFICIENT: 1, Judgement.INSUFFICIENT: 1}


def test_merged_cells_across_marks(make_workbook: WorkbookFactory, framework: Framework) -> None:
    rows = [["Case ID", "1.1a", "1.1b"], ["C1", "Yes", None], ["C2", "No", "No"]]
    marking = read_marking(make_workbook({"Cases": rows}, merged={"Cases": ["B2:C2"]}), framework)
    assert codes(marking) == [("merged-cells", "B2:C2")]
    assert judgements(marking, "1.1b") == {Judgement.INVALID: 1, Judgement.INSUFFICIENT: 1}


def test_every_cases_sheet_is_read_whatever_its_name(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    earlier = [["Case ID", "1.1a"], ["C1", "No"]]
    path = make_workbook({"Summary": earlier, "CASES": [["Case ID", "1.1a"], ["C2", "Yes"]]})
    marking = read_marking(path, framework)
    assert (marking.sheet, marking.case_ids) == ("Summary", ("C1", "C2"))
    assert [(sheet.name, sheet.cases) for sheet in marking.sheets] == [("Summary", 1), ("CASES", 1)]


def test_without_cases_sheet_the_first_visible_sheet_with_a_header(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    sheets = {
        "Hidden": [["Case ID", "1.1a"], ["HIDDEN", "No"]],
        "Readme": [["How to mark"]],
        "Audit": [["Case ID", "1.1a"], ["A1", "Yes"]],
    }
    marking = read_marking(make_workbook(sheets, hidden=["Hidden"]), framework)
    assert (marking.sheet, marking.case_ids) == ("Audit", ("A1",))


def test_no_case_id_header_anywhere(make_workbook: WorkbookFactory, framework: Framework) -> None:
    path = make_workbook({"Sheet1": [["Name", "1.1a"], ["x", "Yes"]], "Sheet2": [["hello"]]})
    error = unreadable(path, framework)
    assert error.problem.code == "no-case-id-header"
    assert "'Sheet1', 'Sheet2'" in error.problem.message


def test_no_question_columns(make_workbook: WorkbookFactory, framework: Framework) -> None:
    error = unreadable(make_workbook({"Cases": [["Case ID", "Name"], ["C1", "x"]]}), framework)
    assert (error.problem.code, error.problem.cell) == ("no-questions", "A1")


def test_long_layout_reads_the_same_marks_as_wide(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    questions = ["1.1a", "1.1b", "2.1a"]
    marks = {"C1": ["Yes", "N/A", "No"], "C2": ["Not done", "Y", "Sufficient"], "C3": ["No"] * 3}
    wide = read_marking(make_workbook({"Cases": wide_rows(questions, marks)}, "w.xlsx"), framework)
    long = read_marking(make_workbook({"Cases": long_rows(questions, marks)}, "l.xlsx"), framework)
    assert (wide.layout, long.layout) == ("wide", "long")
    assert long.case_ids == wide.case_ids
    assert long.questions == wide.questions
    for question in questions:
        assert judgements(long, question) == judgements(wide, question)


def test_long_layout_duplicates_agreeing_or_conflicting(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [
        ["Case ID", "Question", "Judgement"],
        ["C1", "1.1a", "Yes"],
        ["C1", "1.1a Assessment", "Y"],
        ["C2", "1.1a", "Yes"],
        ["C2", "1.1a", "No"],
        ["C3", None, "No"],
        ["C3", "9.9z", "No"],
    ]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert codes(marking) == [
        ("conflicting-marks", "C5"),
        ("missing-question", "B6"),
        ("unknown-question", "B7"),
    ]
    assert judgements(marking, "1.1a") == {Judgement.SUFFICIENT: 2}
    assert marking.case_ids == ("C1", "C2", "C3")


def test_inspection_sheet(make_workbook: WorkbookFactory, framework: Framework) -> None:
    inspection = [
        ["area", "Coventry"],
        ["Fieldwork start", datetime.date(2016, 6, 28)],
        ["Reoffending rate", "36.0%"],
        ["Comparator reoffending rate", 37.8],
        ["Comparator", "England and Wales"],
        ["Team size", 12],
        ["Published", None],
    ]
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]], "Inspection": inspection})
    marking = read_marking(path, framework)
    assert dict(marking.inspection) == {
        "Area": "Coventry",
        "Fieldwork start": "2016-06-28",
        "Reoffending rate": 0.36,
        "Comparator reoffending rate": 0.378,
        "Comparator": "England and Wales",
        "Team size": 12,
        "Published": None,
    }


def test_inspection_rate_that_is_not_a_rate_is_a_warning(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    inspection = [["Key", "Value"], ["Reoffending rate", "about a third"]]
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]], "Inspection": inspection})
    marking = read_marking(path, framework)
    assert [(p.code, p.sheet, p.cell) for p in marking.problems] == [
        ("invalid-inspection-value", "Inspection", "B2")
    ]
    assert marking.inspection["Reoffending rate"] == "about a third"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("36.0%", 0.36), ("36", 0.36), (36, 0.36), (0.36, 0.36), ("0.36", 0.36), ("37.8 %", 0.378)],
)
def test_parse_rate(value: object, expected: float) -> None:
    assert parse_rate(value) == pytest.approx(expected, abs=1e-12)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["n/a", "", None, True, -1, 101, "12%%"])
def test_parse_rate_rejects(value: object) -> None:
    assert parse_rate(value) is None  # type: ignore[arg-type]


def test_only_hidden_sheets_means_no_sheets(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]})
    # openpyxl, like Excel, refuses to save with no visible sheet: hide it in the XML.
    patched = rewrite_members(
        path,
        lambda member, text: (
            text.replace('state="visible"', 'state="hidden"')
            if member == "xl/workbook.xml"
            else text
        ),
        "hidden",
    )
    assert unreadable(patched, framework).problem.code == "no-sheets"


def test_ods_reads_like_xlsx(
    make_workbook: WorkbookFactory, framework: Framework, tmp_path: Path
) -> None:
    rows = [
        ["Audit, March"],
        [],
        ["Case ID", "1.1a", "1.1b"],
        [123, "Yes", None],
        ["C2", "Yse", "No"],
    ]
    sheets = {"Notes": [["hello"]], "Cases": rows}
    xlsx = read_marking(make_workbook(sheets), framework)
    ods = read_marking(write_ods(tmp_path / "marking.ods", sheets), framework)
    assert (ods.sheet, ods.case_ids, ods.tallies) == (xlsx.sheet, xlsx.case_ids, xlsx.tallies)
    assert [(p.code, p.cell) for p in ods.problems] == [
        ("unmarked", "C4"),
        ("unknown-judgement", "B5"),
    ]
    assert codes(ods) == codes(xlsx)


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8", ","), ("utf-8-sig", ","), ("utf-8-sig", ";")]
)
def test_csv_reads_like_xlsx(
    make_workbook: WorkbookFactory,
    framework: Framework,
    tmp_path: Path,
    encoding: str,
    delimiter: str,
) -> None:
    questions = ["1.1a", "1.1b", "2.1a"]
    marks = {"123": ["Yes", "N/A", "No"], "C2": ["Not done", "", "Yse"], "C3": ["1", "0", "y"]}
    rows = [["Audit, March"], [], *wide_rows(questions, marks)]
    xlsx = read_marking(make_workbook({"Cases": rows}), framework)
    path = tmp_path / "march.csv"
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    marking = read_marking(path, framework)
    assert marking.sheet == "march"
    assert (marking.case_ids, marking.tallies) == (xlsx.case_ids, xlsx.tallies)
    assert codes(marking) == codes(xlsx) == [("unmarked", "C5"), ("unknown-judgement", "D5")]
    assert marking.problems[0].location == "march!C5"


def test_csv_long_layout(framework: Framework, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("Case ID,Question,Judgement\nC1,1.1a,Yes\nC1,2.1a,No\nC2,1.1a,N/A\n")
    marking = read_marking(path, framework)
    assert marking.layout == "long"
    assert judgements(marking, "1.1a") == {Judgement.SUFFICIENT: 1, Judgement.NOT_APPLICABLE: 1}


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"PK\x03\x04rest of a zip", "corrupt-workbook", "truncated or corrupt zip"),
        (b"\x00\x01\x02binary", "not-a-workbook", "a file of an unknown kind named .csv"),
        (b"%PDF-1.7\n", "not-a-workbook", "a PDF document named .csv, not a spreadsheet"),
    ],
)
def test_csv_that_is_not_csv(
    framework: Framework, tmp_path: Path, content: bytes, code: str, message: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    error = unreadable(path, framework)
    assert error.problem.code == code
    assert message in error.problem.message


def test_csv_without_header(framework: Framework, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Name,1.1a\nx,Yes\n")
    error = unreadable(path, framework)
    assert (error.problem.code, error.problem.sheet) == ("no-case-id-header", "export")


def test_cell_problems_in_reading_order_row_by_row(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    # Marks are counted column by column; problems must still read row by row.
    rows = [
        ["Case ID", "1.1a", "1.1b", "1.2a"],
        ["C1", "Yse", None, "Yes"],
        ["C2", "Yes", "Maybe", None],
        [None, "Yes", None, None],
        ["C1", "No", "No", "No"],
        ["C3", None, "Yse", "No"],
    ]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert codes(marking) == [
        ("unknown-judgement", "B2"),
        ("unmarked", "C2"),
        ("unknown-judgement", "C3"),
        ("unmarked", "D3"),
        ("missing-case-id", "A4"),
        ("duplicate-case-id", "A5"),
        ("unmarked", "B6"),
        ("unknown-judgement", "C6"),
    ]
    assert judgements(marking, "1.1a") == {
        Judgement.INVALID: 1,
        Judgement.SUFFICIENT: 1,
        Judgement.UNMARKED: 1,
    }
    assert judgements(marking, "1.1b") == {Judgement.UNMARKED: 1, Judgement.INVALID: 2}
    assert judgements(marking, "1.2a") == {
        Judgement.SUFFICIENT: 1,
        Judgement.UNMARKED: 1,
        Judgement.INSUFFICIENT: 1,
    }


def test_every_cell_of_a_repeated_invalid_value_is_reported_with_its_own_value(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a"], ["C1", 2], ["C2", "2"], ["C3", 2], ["C4", "Yes"], ["C5", 2.5]]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert [(p.cell, p.message.split(" is ")[0]) for p in marking.problems] == [
        ("B2", "'2'"),
        ("B3", "'2'"),
        ("B4", "'2'"),
        ("B6", "'2.5'"),
    ]
    assert judgements(marking, "1.1a") == {Judgement.INVALID: 4, Judgement.SUFFICIENT: 1}


def test_a_question_column_without_cases_is_marked_with_no_counts(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    marking = read_marking(make_workbook({"Cases": [["Case ID", "Name", "1.1a"]]}), framework)
    assert (marking.case_ids, marking.questions) == ((), frozenset({"1.1a"}))
    assert judgements(marking, "1.1a") == {}
    assert marking.descriptive_columns == {"Name": ()}


def test_descriptive_columns_keep_every_column_under_its_own_name(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [
        ["Case ID", "Comments", "1.1a", "Comments", None],
        ["C1", "first", "Yes", "second", "third"],
        ["C1", "duplicate row", "No", None, None],
        ["C2", None, "No", "", 4],
    ]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert marking.descriptive_columns == {
        "Comments": ("first", ""),
        "Comments (D)": ("second", ""),
        "E": ("third", 4),
    }
    assert marking.case_attributes("C1") == {
        "Comments": "first",
        "Comments (D)": "second",
        "E": "third",
    }
    assert marking.case_attributes("C2") == {"E": 4}


def test_long_layout_descriptive_columns_from_each_case_first_row(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [
        ["Case ID", "Inspector", "Question", "Judgement"],
        ["C1", "AB", "1.1a", "Yes"],
        ["C1", "XX", "1.1b", "No"],
        ["C2", "CD", "1.1a", None],
    ]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert marking.descriptive_columns == {"Inspector": ("AB", "CD")}
    assert marking.case_attributes("C2") == {"Inspector": "CD"}
    assert codes(marking) == [("unmarked", "D4")]
    assert judgements(marking, "1.1a") == {Judgement.SUFFICIENT: 1, Judgement.UNMARKED: 1}


def test_a_case_id_that_is_a_formula_without_a_value_says_so(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a"], ["C1", "Yes"], ['="C"&2', "No"]]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert marking.case_ids == ("C1",)
    [problem] = marking.problems
    assert (problem.code, problem.cell) == ("formula-without-value", "A3")
    assert problem.message.startswith("the case ID is a formula with no calculated value")
