"""Workbooks laid out as inspectors and QA teams make them: never silently wrong figures.

Each layout is built in code, small, and compared with the same cases in a tidy workbook:
several cases sheets, a guide sheet first, total and percentage rows, question IDs in
every common spelling, headers and CSV as Excel writes them, hidden rows, a suffix that
names another format.
"""

from __future__ import annotations

import codecs
import shutil
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import Result

from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement
from sqs_cli.marking import Marking
from sqs_cli.problems import SqsError
from sqs_cli.reading.pipeline import read_headers, read_marking
from sqs_cli.settings import ReadOptions
from tests.conftest import (
    REPO,
    WorkbookFactory,
    rewrite_members,
    valid_report,
    wide_rows,
    with_cached_values,
    write_ods,
)

DATA = REPO / "tests" / "data"
Cli = Callable[..., Result]
QUESTIONS = ["1.1a", "1.1b", "2.1a"]


def marks_for(count: int, prefix: str = "C") -> dict[str, list[Any]]:
    """count cases with a varied, known mix of marks."""
    cycle = [
        ["Yes", "No", "N/A"],
        ["Yes", "Yes", "No"],
        ["No", "N/A", "Yes"],
        ["Not done", "Yes", "Yes"],
    ]
    return {f"{prefix}{n:03}": list(cycle[n % len(cycle)]) for n in range(1, count + 1)}


def tallies(marking: Marking) -> dict[str, Counter[Judgement]]:
    return {question: Counter(dict(tally)) for question, tally in marking.tallies.items()}


def codes(marking: Marking) -> list[tuple[str, str | None, str | None]]:
    return [(problem.code, problem.sheet, problem.cell) for problem in marking.problems]


def read(path: Path, framework: Framework, **options: Any) -> Marking:
    return read_marking(path, framework, options=ReadOptions(**options))


def unreadable(path: Path, framework: Framework, **options: Any) -> SqsError:
    with pytest.raises(SqsError) as caught:
        read(path, framework, **options)
    return caught.value


def tidy(make: WorkbookFactory, framework: Framework, marks: Mapping[str, list[Any]]) -> Marking:
    return read(make({"Cases": wide_rows(QUESTIONS, marks)}, name="tidy.xlsx"), framework)


# --- several cases sheets ------------------------------------------------------------


def test_every_cases_sheet_is_read_and_pooled(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    custody, community = marks_for(6, "CU"), marks_for(14, "CO")
    path = make_workbook(
        {
            "Cases - custody": wide_rows(QUESTIONS, custody),
            "Cases - community": wide_rows(QUESTIONS, community),
        }
    )
    marking = read(path, framework)
    assert len(marking.case_ids) == 20
    assert [(sheet.name, sheet.cases) for sheet in marking.sheets] == [
        ("Cases - custody", 6),
        ("Cases - community", 14),
    ]
    assert tallies(marking) == tallies(tidy(make_workbook, framework, {**custody, **community}))
    assert marking.problems == ()


def test_a_header_over_two_rows_is_read(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    """Case ID and Type merged down over two rows, group headings above the question IDs."""
    rows = [
        ["Case ID", "Type", "Assessment", None, "Planning"],
        [None, None, "1.1a", "1.1b", "1.3a"],
        ["C1", "Court", "Yes", "No", "Yes"],
        ["C2", "Custody", "No", "Yes", "N/A"],
    ]
    path = make_workbook({"Cases": rows}, merged={"Cases": ["A1:A2", "B1:B2", "C1:D1"]})
    marking = read(path, framework)
    assert marking.case_ids == ("C1", "C2")
    assert tallies(marking)["1.1a"] == {Judgement.SUFFICIENT: 1, Judgement.INSUFFICIENT: 1}
    assert tallies(marking)["1.3a"] == {Judgement.SUFFICIENT: 1, Judgement.NOT_APPLICABLE: 1}
    assert marking.descriptive_columns == {"Type": ("Court", "Custody")}
    assert marking.problems == ()
    assert "1.1a" in read_headers(path)


def test_a_row_under_the_header_with_a_case_id_is_a_case_not_a_header(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    # The header has no question IDs; the next row is a case that happens to hold "1.1a".
    rows = [["Case ID", "Assessment"], ["C1", "1.1a"], ["C2", "1.1b"]]
    error = unreadable(make_workbook({"Cases": rows}), framework)
    assert error.problem.code == "no-questions"


def test_a_hidden_sheet_of_cases_is_not_scored_and_says_so(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    sheets = {
        "Cases": wide_rows(QUESTIONS, marks_for(4, "C")),
        "Cases - archived": wide_rows(QUESTIONS, marks_for(3, "A")),
        # Hidden sheets that hold no cases say nothing: a list for drop-downs, a blank copy.
        "Lists": [["Yes"], ["No"], ["Not done"], ["N/A"]],
        "Blank": wide_rows(QUESTIONS, {}),
    }
    path = make_workbook(sheets, hidden=["Cases - archived", "Lists", "Blank"])
    marking = read(path, framework)
    assert len(marking.case_ids) == 4
    assert codes(marking) == [("hidden-sheet", "Cases - archived", None)]
    assert marking.problems[0].message == (
        "the sheet is hidden and has 3 rows with a case ID under question columns, which "
        "are not scored (unhide the sheet, or name every cases sheet with --sheet)"
    )
    both = read(path, framework, sheets=("Cases", "Cases - archived"))
    assert len(both.case_ids) == 7
    assert both.problems == ()


def test_one_sheet_per_inspector_with_descriptive_columns_joined(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    first = [["Case ID", "Notes", "1.1a"], ["A1", "n1", "Yes"], ["A2", "n2", "No"]]
    second = [["Case ID", "Disposal", "1.1a"], ["B1", "YRO", "Yes"]]
    marking = read(make_workbook({"Inspector A": first, "Inspector B": second}), framework)
    assert marking.case_ids == ("A1", "A2", "B1")
    assert marking.descriptive_columns == {
        "Notes": ("n1", "n2", None),
        "Disposal": (None, None, "YRO"),
    }
    assert marking.tallies["1.1a"] == {Judgement.SUFFICIENT: 2, Judgement.INSUFFICIENT: 1}


def test_a_case_id_on_two_sheets_is_an_error_naming_both_cells(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    first = wide_rows(["1.1a"], {"C1": ["Yes"], "C2": ["No"]})
    second = wide_rows(["1.1a"], {"C3": ["Yes"], "C2": ["Yes"]})
    marking = read(
        make_workbook({"Cases - custody": first, "Cases - community": second}), framework
    )
    assert marking.case_ids == ("C1", "C2", "C3")
    [problem] = marking.problems
    assert (problem.code, problem.sheet, problem.cell) == (
        "duplicate-case-id",
        "Cases - community",
        "A3",
    )
    assert problem.message == "this case ID is also in 'Cases - custody'!A3; this row is not scored"


def test_sheet_option_chooses_the_sheets(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook(
        {
            "Custody": wide_rows(QUESTIONS, marks_for(6, "CU")),
            "Community": wide_rows(QUESTIONS, marks_for(14, "CO")),
            "Old": wide_rows(QUESTIONS, marks_for(3, "X")),
        },
        hidden=["Old"],
    )
    assert len(read(path, framework).case_ids) == 20
    assert [sheet.name for sheet in read(path, framework, sheets=("Community",)).sheets] == [
        "Community"
    ]
    # A hidden sheet is read when it is named.
    chosen = read(path, framework, sheets=("Old", "custody"))
    assert [(sheet.name, sheet.cases) for sheet in chosen.sheets] == [("Old", 3), ("Custody", 6)]
    error = unreadable(path, framework, sheets=("Cases",))
    assert error.problem.code == "no-such-sheet"
    assert error.problem.message == (
        "there is no worksheet named 'Cases' (the worksheets: 'Custody', 'Community', 'Old')"
    )


def test_cli_says_which_sheets_were_read(cli: Cli, make_workbook: WorkbookFactory) -> None:
    path = make_workbook(
        {
            "Cases - custody": wide_rows(QUESTIONS, marks_for(6, "CU")),
            "Cases - community": wide_rows(QUESTIONS, marks_for(14, "CO")),
        }
    )
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 0, result.output
    [workbook] = valid_report(result.stdout)["workbooks"]
    assert workbook["cases"] == 20
    assert workbook["sheets"] == [
        {"name": "Cases - custody", "cases": 6, "layout": "wide"},
        {"name": "Cases - community", "cases": 14, "layout": "wide"},
    ]
    sheets = "20 cases from 2 sheets: Cases - custody (6), Cases - community (14)"
    assert sheets in cli("score", path).stdout.splitlines()[0]
    assert f"{path}: {sheets}, 3 questions marked" in cli("validate", path).stdout
    only = cli("score", path, "--format", "json", "--sheet", "Cases - custody")
    assert valid_report(only.stdout)["workbooks"][0]["cases"] == 6
    missing = cli("score", path, "--sheet", "Cases")
    assert missing.exit_code == 2
    assert "error[no-such-sheet]" in missing.stderr


def test_the_draft_counts_the_cases_of_every_sheet(
    cli: Cli, make_workbook: WorkbookFactory
) -> None:
    path = make_workbook(
        {
            "Cases - custody": wide_rows(QUESTIONS, marks_for(6, "CU")),
            "Cases - community": wide_rows(QUESTIONS, marks_for(14, "CO")),
        }
    )
    result = cli("report", path)
    assert "20 cases" in result.stdout
    assert " 6 cases" not in result.stdout


# --- sheets that are not the cases ---------------------------------------------------

GUIDE = [
    ["How to mark this workbook"],
    [],
    ["Column", "What it holds"],
    ["Case ID", "the case's reference in the case management system"],
    ["1.1a", "Yes, No, Not done or N/A"],
]


def test_a_guide_sheet_first_is_not_the_cases_sheet(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    marks = marks_for(5)
    path = make_workbook({"Guide": GUIDE, "Marking": wide_rows(QUESTIONS, marks)})
    marking = read(path, framework)
    assert (marking.sheet, len(marking.case_ids)) == ("Marking", 5)
    assert tallies(marking) == tallies(tidy(make_workbook, framework, marks))


def test_when_no_sheet_has_cases_the_error_names_the_sheets_tried(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook({"Guide": GUIDE, "Notes": [["Nothing here"]]})
    error = unreadable(path, framework)
    assert (error.problem.code, error.problem.sheet, error.problem.cell) == (
        "no-questions",
        "Guide",
        "A4",
    )
    assert "(also tried: 'Notes')" in error.problem.message


# --- totals and percentage rows ------------------------------------------------------


def test_total_and_percentage_rows_are_not_cases(
    make_workbook: WorkbookFactory, framework: Framework, tmp_path: Path
) -> None:
    marks = marks_for(12)
    rows = wide_rows(QUESTIONS, marks)
    # A Total row counting the Yes marks, and a % row of them: under 12 cases, as people add.
    rows.append(
        ["Total", '=COUNTIF(B2:B13,"Yes")', '=COUNTIF(C2:C13,"Yes")', '=COUNTIF(D2:D13,"Yes")']
    )
    rows.append(["%", "=B14/12", "=C14/12", "=D14/12"])
    path = make_workbook({"Cases": rows})
    cached = with_cached_values(
        path, {"B14": 6, "C14": 1, "D14": 0, "B15": 0.5, "C15": 1, "D15": 0}
    )
    marking = read(cached, framework)
    assert len(marking.case_ids) == 12
    assert tallies(marking) == tallies(tidy(make_workbook, framework, marks))
    assert codes(marking) == [("summary-row", "Cases", "A14"), ("summary-row", "Cases", "A15")]
    assert marking.problems[0].message == (
        "row 14 is a summary row, not a case (its case-ID cell reads 'total'); it is not scored"
    )


@pytest.mark.parametrize(
    "label", ["Total", "TOTALS:", "Sum", "count", "Average", "Mean", "%", "Percentage:"]
)
def test_summary_labels_leave_typed_rows_out(
    make_workbook: WorkbookFactory, framework: Framework, label: str
) -> None:
    marks = marks_for(4)
    rows = [*wide_rows(QUESTIONS, marks), [label, 1, 0, 1]]
    marking = read(make_workbook({"Cases": rows}), framework)
    assert tallies(marking) == tallies(tidy(make_workbook, framework, marks))
    assert codes(marking) == [("summary-row", "Cases", "A6")]


def test_a_row_of_counting_formulas_without_a_label_is_a_summary_row(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    marks = marks_for(4)
    rows = [*wide_rows(QUESTIONS, marks), [None, '=COUNTIF(B2:B5,"Yes")', "=SUM(C2:C5)", "=D2"]]
    path = with_cached_values(make_workbook({"Cases": rows}), {"B6": 1, "C6": 0, "D6": 1})
    marking = read(path, framework)
    assert tallies(marking) == tallies(tidy(make_workbook, framework, marks))
    assert codes(marking) == [("summary-row", "Cases", "A6")]
    assert "its marks are formulas over other rows" in marking.problems[0].message


def test_a_case_marked_by_formulas_that_do_not_count_is_still_a_case(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a"], ["C1", '=IF(TRUE,"Yes","No")']]
    path = with_cached_values(make_workbook({"Cases": rows}), {"B2": "Yes"})
    marking = read(path, framework)
    assert marking.case_ids == ("C1",)
    assert marking.tallies["1.1a"] == {Judgement.SUFFICIENT: 1}


# --- question-ID spellings -----------------------------------------------------------

SPELLINGS = {
    "Q1.1a": "1.1a",
    "Q 1.1b": "1.1b",
    "1.2 a": "1.2a",
    "1.2(b)": "1.2b",
    "1.2.c": "1.2c",
    "Question 1.2d": "1.2d",
    "1.3a.": "1.3a",
    "1.3B: planning in custody": "1.3b",
    "q.2.1a": "2.1a",
    "2.1 (b) reviewed": "2.1b",
}


def test_question_ids_in_every_common_spelling(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", *SPELLINGS], ["C1", *(["Yes"] * len(SPELLINGS))]]
    marking = read(make_workbook({"Cases": rows}), framework)
    assert set(marking.tallies) == set(SPELLINGS.values())
    assert marking.problems == ()


def test_headers_that_look_like_question_ids_but_match_none_are_warnings(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [
        ["Case ID", "1.1a", "1.11a", "Q-1.3c", "Version 2.0 notes"],
        ["C1", "Yes", "No", "No", "x"],
    ]
    marking = read(make_workbook({"Cases": rows}), framework)
    assert codes(marking) == [
        ("unknown-question", "Cases", "C1"),
        ("unknown-question", "Cases", "D1"),
    ]
    assert marking.problems[0].message == (
        "column C is headed '1.11a', but sqs-2016 has no question 1.11a (did you mean 1.1a?); "
        "the column is not scored"
    )
    assert "looks like question 1.3c" in marking.problems[1].message


def test_when_no_column_matches_the_error_names_the_closest_headers(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "Name", "Q-1.1a", "1,1b"], ["C1", "x", "Yes", "No"]]
    error = unreadable(make_workbook({"Cases": rows}), framework)
    assert error.problem.code == "no-questions"
    assert "the closest headers are C1 '1.1a', D1 '1,1b'" in error.problem.message
    assert "Name" not in error.problem.message


# --- headers and CSV as Excel writes them ---------------------------------------------


@pytest.mark.parametrize(
    "header", ["Case ID:", "Case no.", "CASE NO", " case ref ", "Case number:"]
)
def test_case_id_headers_as_people_type_them(
    make_workbook: WorkbookFactory, framework: Framework, header: str
) -> None:
    marking = read(make_workbook({"Cases": [[header, "1.1a"], ["C1", "Yes"]]}), framework)
    assert marking.case_ids == ("C1",)


CSV_ROWS = [
    ["Case ID", "Comments", "1.1a", "1.1b"],
    ["C1", "£50 fine, paid", "Yes", "No"],
    ["C2", "", "N/A", "Yes"],
]


def _csv_text(delimiter: str) -> str:
    lines = []
    for row in CSV_ROWS:
        lines.append(delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in row))
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [
        ("utf-8", b"", ","),
        ("utf-8", codecs.BOM_UTF8, ","),
        ("cp1252", b"", ","),  # Excel's "CSV (Comma delimited)"
        ("cp1252", b"", ";"),  # and where the decimal mark is a comma
        ("utf-16-le", codecs.BOM_UTF16_LE, "\t"),  # Excel's "Unicode Text"
        ("utf-16-be", codecs.BOM_UTF16_BE, "\t"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "cp1252-semicolon", "utf16-tab", "utf16be-tab"],
)
def test_csv_as_excel_saves_it(
    tmp_path: Path, framework: Framework, encoding: str, bom: bytes, delimiter: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(bom + _csv_text(delimiter).encode(encoding))
    marking = read(path, framework)
    assert marking.case_ids == ("C1", "C2")
    assert marking.descriptive_columns["Comments"] == ("£50 fine, paid", "")
    assert marking.tallies["1.1a"] == {Judgement.SUFFICIENT: 1, Judgement.NOT_APPLICABLE: 1}
    assert marking.problems == ()


def test_csv_of_two_encodings_names_the_cell_of_the_bad_byte(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "export.csv"
    text = "Case ID,Comments,1.1a\nC1,caf\u00e9,Yes\n".encode() + b"C2,\xa350,No\n"
    path.write_bytes(text)
    error = unreadable(path, framework)
    assert (error.problem.code, error.problem.sheet, error.problem.cell) == (
        "not-a-workbook",
        "export",
        "B3",
    )
    assert (
        error.problem.message
        == "byte 0xa3 is not UTF-8 text; save the file as 'CSV UTF-8' and try again"
    )


def test_csv_without_a_case_id_header_suggests_exporting_the_cases_sheet(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "summary.csv"
    path.write_text("Criterion,Rating\n1.1,Good\n")
    error = unreadable(path, framework)
    assert error.problem.code == "no-case-id-header"
    assert "export the cases sheet" in error.problem.message


# --- hidden rows and columns -----------------------------------------------------------


def _hidden_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Cases"
    for row in wide_rows(QUESTIONS, marks_for(8)):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True  # hidden by hand
    sheet.row_dimensions[5].hidden = True  # filtered out
    sheet.auto_filter.ref = "A1:D9"
    sheet.row_dimensions[7].outline_level = 1  # grouped and collapsed
    sheet.row_dimensions[7].hidden = True
    sheet.column_dimensions["C"].hidden = True  # question 1.1b
    book.save(path)
    return path


def test_hidden_rows_and_columns_are_scored_with_one_notice(
    tmp_path: Path, framework: Framework
) -> None:
    marking = read(_hidden_workbook(tmp_path / "hidden.xlsx"), framework)
    assert len(marking.case_ids) == 8
    assert set(marking.tallies) == set(QUESTIONS)
    assert codes(marking) == [("hidden-cells", "Cases", None)]
    assert marking.problems[0].message == (
        "3 hidden rows (3, 5, 7) and 1 hidden question column (C) are scored like the others "
        "(--skip-hidden leaves them out)"
    )


def test_skip_hidden_leaves_hidden_rows_and_columns_out(
    tmp_path: Path, framework: Framework
) -> None:
    marking = read(_hidden_workbook(tmp_path / "hidden.xlsx"), framework, skip_hidden=True)
    assert marking.case_ids == ("C001", "C003", "C005", "C007", "C008")
    assert set(marking.tallies) == {"1.1a", "2.1a"}
    assert marking.problems[0].message.endswith("are left out (--skip-hidden)")


def test_hidden_rows_in_an_ods(tmp_path: Path, framework: Framework) -> None:
    path = write_ods(tmp_path / "audit.ods", {"Cases": wide_rows(QUESTIONS, marks_for(3))})
    hidden = rewrite_members(
        path,
        lambda member, text: text.replace(
            '<table:table-row><table:table-cell office:value-type="string"><text:p>C002',
            '<table:table-row table:visibility="collapse"><table:table-cell '
            'office:value-type="string"><text:p>C002',
        ),
        "hidden",
    )
    assert codes(read(hidden, framework)) == [("hidden-cells", "Cases", None)]
    assert read(hidden, framework, skip_hidden=True).case_ids == ("C001", "C003")


def test_skip_hidden_on_a_format_without_row_markup_says_so(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Case ID,1.1a\nC1,Yes\n")
    marking = read(path, framework, skip_hidden=True)
    assert marking.case_ids == ("C1",)
    assert codes(marking) == [("hidden-cells", "export", None)]
    assert "cannot tell hidden rows" in marking.problems[0].message


# --- a suffix that names another format -------------------------------------------------


def test_an_ods_named_xlsx_and_the_reverse_are_read_by_their_content(
    tmp_path: Path, framework: Framework, make_workbook: WorkbookFactory
) -> None:
    marks = marks_for(3)
    ods = write_ods(tmp_path / "audit.ods", {"Cases": wide_rows(QUESTIONS, marks)})
    named_xlsx = Path(shutil.copy(ods, tmp_path / "audit.xlsx"))
    marking = read(named_xlsx, framework)
    assert tallies(marking) == tallies(tidy(make_workbook, framework, marks))
    [note] = marking.problems
    assert (note.code, note.severity.value) == ("wrong-suffix", "warning")
    assert note.message == (
        "the file is an OpenDocument spreadsheet (.ods) named .xlsx; it is read as .ods "
        "(rename it to end in .ods)"
    )
    xlsx = make_workbook({"Cases": wide_rows(QUESTIONS, marks)}, name="real.xlsx")
    named_ods = Path(shutil.copy(xlsx, tmp_path / "real.ods"))
    assert codes(read(named_ods, framework)) == [("wrong-suffix", None, None)]


def test_an_xls_named_xlsx_is_read_by_its_content(tmp_path: Path, framework: Framework) -> None:
    named = Path(shutil.copy(DATA / "two-cases.xls", tmp_path / "old.xlsx"))
    marking = read(named, framework)
    assert marking.case_ids == ("C1", "C2")
    assert codes(marking) == [("wrong-suffix", None, None)]
