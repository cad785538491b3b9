"""An .xls sheet's hidden rows and columns and its formulas, from its records: a summary
row of COUNTIF results and a hidden row are found as they are in an .xlsx."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement
from sqs_cli.marking import Marking
from sqs_cli.reading.grid import NO_FACTS, CellFacts
from sqs_cli.reading.pipeline import read_marking
from sqs_cli.reading.preflight import preflight
from sqs_cli.reading.source import open_source
from sqs_cli.reading.xls_facts import AGGREGATES, formula_text, xls_sheet_facts
from sqs_cli.settings import Limits, ReadOptions
from tests.reading import xls_files as xls


def sheet_facts(path: Path, name: str) -> CellFacts:
    """The facts of a sheet as reading finds them: its position from the checks before
    reading (NO_FACTS for a sheet they do not list), then its records."""
    limits = Limits()
    with open_source(path, str(path), limits) as source:
        found = preflight(source, limits)
    position = found.xls_sheets.get(name)
    return NO_FACTS if position is None else xls_sheet_facts(path, position, found.xls_biff)


ROW, COLINFO, SHRFMLA = 0x0208, 0x007D, 0x04BC
COUNTIF, IF, SUM = 346, 1, 4


# --- parsed formulas ([MS-XLS] 2.5.198) -------------------------------------------------


def area(first_row: int, last_row: int, column: int, token: int = 0x25) -> bytes:
    # Relative row and column: bits 14 and 15 of each column field.
    column_field = column | 0xC000
    return bytes([token]) + struct.pack("<HHHH", first_row, last_row, column_field, column_field)


def text(value: str) -> bytes:
    return bytes([0x17, len(value), 0]) + value.encode("latin-1")


def function(index: int, arguments: int) -> bytes:
    return bytes([0x42, arguments]) + struct.pack("<H", index)


def integer(value: int) -> bytes:
    return b"\x1e" + struct.pack("<H", value)


def reference(row: int, column: int) -> bytes:
    return b"\x44" + struct.pack("<HH", row, column | 0xC000)


COUNTIF_TOKENS = area(1, 3, 1) + text("Yes") + function(COUNTIF, 2)
# IF(B2="Yes",1,0), with the jump attributes Excel writes.
IF_TOKENS = (
    reference(1, 1)
    + text("Yes")
    + b"\x0b"  # ptgEq
    + b"\x19\x02\x08\x00"  # ptgAttr tAttrIf
    + integer(1)
    + b"\x19\x08\x04\x00"  # ptgAttr tAttrSkip
    + integer(0)
    + b"\x19\x08\x03\x00"
    + function(IF, 3)
)
AGGREGATE_TEXT = re.compile(r"\b(?:COUNTIF|SUM)\s*\(|A1:A2")


def test_an_aggregate_shows_its_function_and_range() -> None:
    assert formula_text(COUNTIF_TOKENS) == "= A1:A2 COUNTIF("
    assert formula_text(area(1, 9, 2, token=0x65) + function(SUM, 1)) == "= A1:A2 SUM("
    # ptgFunc (a fixed number of arguments) as well as ptgFuncVar.
    assert formula_text(reference(1, 1) + b"\x41" + struct.pack("<H", SUM)) == "= SUM("


def test_a_formula_over_one_cell_shows_neither() -> None:
    assert formula_text(IF_TOKENS) == "="
    assert AGGREGATE_TEXT.search(formula_text(IF_TOKENS)) is None


def test_a_choose_attribute_skips_its_jump_table() -> None:
    # tAttrChoose with 2 choices: 2 * (2 + 1) bytes of offsets follow its three bytes.
    choose = b"\x19\x04\x02\x00" + bytes(6)
    assert formula_text(integer(1) + choose + COUNTIF_TOKENS) == "= A1:A2 COUNTIF("


def test_an_unknown_or_cut_token_ends_the_reading_keeping_what_came_before() -> None:
    assert formula_text(COUNTIF_TOKENS + b"\x18\x01") == "= A1:A2 COUNTIF("
    assert formula_text(area(1, 3, 1)[:5]) == "="
    assert formula_text(b"") == "="


@pytest.mark.parametrize(("index", "name"), sorted(AGGREGATES.items()))
def test_every_aggregate_is_one_summary_row_detection_knows(index: int, name: str) -> None:
    from sqs_cli.reading.marks import _AGGREGATE

    assert _AGGREGATE().search(formula_text(function(index, 1))) is not None


# --- sheets -------------------------------------------------------------------------------


def row_record(row: int, *, hidden: bool) -> bytes:
    flags = 0x0100 | (0x20 if hidden else 0)  # fGhostDirty clear; fDyZero for hidden
    return xls.record(ROW, struct.pack("<HHHHHHHH", row, 0, 3, 255, 0, 0, flags, 0x0F))


def column_info(first: int, last: int, *, hidden: bool) -> bytes:
    return xls.record(COLINFO, struct.pack("<HHHHHH", first, last, 2340, 15, int(hidden), 0))


def formula_record(row: int, column: int, tokens: bytes, value: float = 2.0) -> bytes:
    data = struct.pack("<HHHdHI", row, column, 0, value, 0, 0)
    return xls.record(xls.FORMULA, data + struct.pack("<H", len(tokens)) + tokens)


def shared_formula(first_row: int, last_row: int, first: int, last: int, tokens: bytes) -> bytes:
    data = struct.pack("<HHBBBB", first_row, last_row, first, last, 0, last - first + 1)
    return xls.record(SHRFMLA, data + struct.pack("<H", len(tokens)) + tokens)


def points_to(row: int, column: int) -> bytes:
    return b"\x01" + struct.pack("<HH", row, column)


def cases_sheet(summary: bytes, *, hidden_row: int | None = None) -> bytes:
    """Case ID, 1.1a, 1.1b; three cases in rows 2 to 4; `summary` in row 5, under the
    label "All cases" (not a total label: only its formulas tell it)."""
    body = xls.dimensions(0, 5, 0, 3)
    for row in range(5):
        body += row_record(row, hidden=row == hidden_row)
    body += xls.label(0, 0, "Case ID") + xls.label(0, 1, "1.1a") + xls.label(0, 2, "1.1b")
    for row, marks in enumerate((("Yes", "No"), ("Yes", "Yes"), ("No", "Yes")), start=1):
        body += xls.label(row, 0, f"FIC-{row:03}")
        body += xls.label(row, 1, marks[0]) + xls.label(row, 2, marks[1])
    return body + xls.label(4, 0, "All cases") + summary


def workbook(tmp_path: Path, body: bytes, name: str = "audit.xls") -> Path:
    stream = xls.stream_of([("Cases", body)])
    return xls.with_stream(xls.CASES_LARGE_XLS, tmp_path / name, stream)


def read(path: Path, framework: Framework, **options: bool) -> Marking:
    return read_marking(path, framework, options=ReadOptions(**options))


def codes(marking: Marking) -> list[tuple[str, str | None]]:
    return [(problem.code, problem.cell) for problem in marking.problems]


def test_a_row_of_countif_results_is_a_summary_row(tmp_path: Path, framework: Framework) -> None:
    summary = formula_record(4, 1, COUNTIF_TOKENS, 2.0) + formula_record(4, 2, COUNTIF_TOKENS, 1.0)
    marking = read(workbook(tmp_path, cases_sheet(summary)), framework)
    assert marking.case_ids == ("FIC-001", "FIC-002", "FIC-003")
    assert codes(marking) == [("summary-row", "A5")]
    assert marking.tallies["1.1a"][Judgement.SUFFICIENT] == 2


def test_a_shared_formula_is_followed_to_its_first_cell(
    tmp_path: Path, framework: Framework
) -> None:
    shared = area(1, 3, 1, token=0x2D) + text("Yes") + function(COUNTIF, 2)  # ptgAreaN
    summary = (
        formula_record(4, 1, points_to(4, 1))
        + shared_formula(4, 4, 1, 2, shared)
        + formula_record(4, 2, points_to(4, 1))
    )
    marking = read(workbook(tmp_path, cases_sheet(summary)), framework)
    assert marking.case_ids == ("FIC-001", "FIC-002", "FIC-003")
    assert codes(marking) == [("summary-row", "A5")]


def test_a_row_whose_marks_are_other_formulas_is_a_case(
    tmp_path: Path, framework: Framework
) -> None:
    # IF formulas whose values are 1 and 0: marks, judged as they read.
    summary = formula_record(4, 1, IF_TOKENS, 1.0) + formula_record(4, 2, IF_TOKENS, 0.0)
    marking = read(workbook(tmp_path, cases_sheet(summary)), framework)
    assert marking.case_ids == ("FIC-001", "FIC-002", "FIC-003", "All cases")
    assert marking.problems == ()


def test_a_hidden_row_is_noticed_and_left_out_on_request(
    tmp_path: Path, framework: Framework
) -> None:
    summary = formula_record(4, 1, COUNTIF_TOKENS) + formula_record(4, 2, COUNTIF_TOKENS)
    path = workbook(tmp_path, cases_sheet(summary, hidden_row=2))
    marking = read(path, framework)
    assert marking.case_ids == ("FIC-001", "FIC-002", "FIC-003")
    [notice] = [problem for problem in marking.problems if problem.code == "hidden-cells"]
    assert notice.message == (
        "1 hidden row (3) is scored like the others (--skip-hidden leaves them out)"
    )
    skipped = read(path, framework, skip_hidden=True)
    assert skipped.case_ids == ("FIC-001", "FIC-003")


def test_hidden_columns_and_rows_are_read_from_their_records(tmp_path: Path) -> None:
    body = (
        row_record(3, hidden=True)
        + row_record(4, hidden=False)
        + column_info(2, 3, hidden=True)
        + column_info(4, 4, hidden=False)
        + column_info(250, 256, hidden=True)  # a run to past the last column
        + formula_record(0, 1, COUNTIF_TOKENS)
    )
    facts = sheet_facts(workbook(tmp_path, body), "Cases")
    assert facts.known
    assert facts.hidden_rows == {3}
    assert facts.hidden_columns == {2, 3, *range(250, 256)}
    assert facts.formulas == {"B1": "= A1:A2 COUNTIF("}


def test_a_chart_embedded_in_the_sheet_is_not_the_sheet(tmp_path: Path) -> None:
    chart = xls.bof(0x20) + row_record(7, hidden=True) + xls.record(xls.EOF)
    body = row_record(1, hidden=True) + chart + row_record(2, hidden=True)
    facts = sheet_facts(workbook(tmp_path, body), "Cases")
    assert facts.hidden_rows == {1, 2}


def test_a_sheet_not_listed_or_a_damaged_file_has_no_facts(tmp_path: Path) -> None:
    path = workbook(tmp_path, row_record(1, hidden=True))
    assert sheet_facts(path, "Other") == NO_FACTS
    damaged = tmp_path / "damaged.xls"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(600))
    assert xls_sheet_facts(damaged, 0, 8) == NO_FACTS


def test_libreoffice_s_xls_of_a_countif_row_and_a_hidden_row(framework: Framework) -> None:
    """tests/data/reading/summary-hidden.xls: made by make_files.py through LibreOffice."""
    marking = read(xls.DATA / "summary-hidden.xls", framework)
    assert marking.case_ids == ("FIC-001", "FIC-002", "FIC-003", "FIC-004", "FIC-099")
    assert [problem.code for problem in marking.problems] == ["summary-row", "hidden-cells"]
    assert marking.problems[0].cell == "A6"
    assert marking.problems[1].message.startswith("1 hidden row (3) is scored")


def test_a_cell_pointing_inside_a_group_takes_the_group_s_formula(tmp_path: Path) -> None:
    # The pointer names a cell within the shared range that is not its first.
    body = shared_formula(4, 4, 1, 3, COUNTIF_TOKENS) + formula_record(4, 3, points_to(4, 2))
    facts = sheet_facts(workbook(tmp_path, body), "Cases")
    assert facts.formulas == {"D5": "= A1:A2 COUNTIF("}
    # And a pointer to no group: a formula still, of unknown kind.
    lost = sheet_facts(workbook(tmp_path, formula_record(9, 1, points_to(7, 7)), "x.xls"), "Cases")
    assert lost.formulas == {"B10": "="}


def test_an_excel_95_sheet_gives_its_hidden_rows_but_not_its_formulas(tmp_path: Path) -> None:
    """BIFF5's tokens have other sizes: its formulas are not read, so none can make a case
    a summary row by a misread token."""
    bof5 = xls.record(xls.BOF, struct.pack("<HHHH", 0x0500, 0x10, 0x0DBB, 0x07CC))
    body = row_record(2, hidden=True) + formula_record(4, 1, COUNTIF_TOKENS)
    sheet = bof5 + body + xls.record(xls.EOF)
    name = b"\x05Cases"  # BIFF5: a length byte, then the name in the code page
    globals_size = 20 + (4 + 6 + len(name)) + 4
    listed = xls.record(xls.BOUNDSHEET, struct.pack("<IBB", globals_size, 0, 0) + name)
    globals_bof = xls.record(xls.BOF, struct.pack("<HHHHII", 0x0500, 0x05, 0x0DBB, 0x07CC, 0, 0))
    stream = globals_bof + listed + xls.record(xls.EOF) + sheet
    assert len(globals_bof) == 20
    path = xls.with_stream(xls.CASES_LARGE_XLS, tmp_path / "excel95.xls", stream)
    facts = sheet_facts(path, "Cases")
    assert facts.hidden_rows == {2}
    assert facts.formulas == {}
