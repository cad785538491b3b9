"""A workbook saved to be recalculated when it is opened (`fullCalcOnLoad`, as XlsxWriter
saves one) stores placeholders as its formulas' results: a mark that is a formula there is
an error, never a No that nobody gave."""

from __future__ import annotations

import re
from pathlib import Path

import xlsxwriter

from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement
from sqs_cli.marking import Marking
from sqs_cli.reading.pipeline import read_marking
from tests.conftest import rewrite_members

# Case, score, the 1.1a mark as a formula of the score (Yes from 3), the 1.1b mark typed.
CASES = [("C1", 5, "Yes"), ("C2", 1, "No"), ("C3", 4, "Yes")]


def xlsxwriter_workbook(path: Path, *, results: bool = False, long: bool = False) -> Path:
    """As XlsxWriter saves it: each formula's stored result 0 (or, with results, the true
    one a program passed in), and `<calcPr fullCalcOnLoad="1"/>`."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Cases")
    if long:
        sheet.write_row(0, 0, ["Case ID", "Score", "Question", "Judgement"])
        for row, (case, score, _) in enumerate(CASES, start=1):
            sheet.write_row(row, 0, [case, score, "1.1a"])
            value = "Yes" if score >= 3 else "No"
            sheet.write_formula(
                row, 3, f'=IF(B{row + 1}>=3,"Yes","No")', None, value if results else 0
            )
    else:
        sheet.write_row(0, 0, ["Case ID", "Score", "1.1a", "1.1b"])
        for row, (case, score, typed) in enumerate(CASES, start=1):
            sheet.write_row(row, 0, [case, score])
            value = "Yes" if score >= 3 else "No"
            sheet.write_formula(
                row, 2, f'=IF(B{row + 1}>=3,"Yes","No")', None, value if results else 0
            )
            sheet.write(row, 3, typed)
    book.close()
    return path


def recalculated(path: Path) -> Path:
    """The same workbook as a program saves it after calculating: the flag gone."""

    def drop_flag(member: str, text: str) -> str:
        return text.replace(' fullCalcOnLoad="1"', "") if member == "xl/workbook.xml" else text

    return rewrite_members(path, drop_flag, "calculated")


def codes(marking: Marking) -> list[tuple[str, str | None]]:
    return [(problem.code, problem.cell) for problem in marking.problems]


def test_a_placeholder_result_is_an_error_not_a_no(tmp_path: Path, framework: Framework) -> None:
    marking = read_marking(xlsxwriter_workbook(tmp_path / "audit.xlsx"), framework)
    assert marking.case_ids == ("C1", "C2", "C3")
    assert marking.tallies["1.1a"][Judgement.INVALID] == 3
    assert marking.tallies["1.1a"][Judgement.INSUFFICIENT] == 0
    assert codes(marking) == [
        ("formula-without-value", "C2"),
        ("formula-without-value", "C3"),
        ("formula-without-value", "C4"),
    ]
    assert "Recalculate Hard" in marking.problems[0].message
    # The typed marks beside them are counted as typed.
    assert marking.tallies["1.1b"][Judgement.SUFFICIENT] == 2
    assert marking.tallies["1.1b"][Judgement.INSUFFICIENT] == 1


def test_a_stored_result_that_is_no_judgement_is_reported_once(
    tmp_path: Path, framework: Framework
) -> None:
    def numbers(member: str, text: str) -> str:
        # XlsxWriter's placeholder written as 7 (not a judgement) in C2.
        if "worksheets" not in member:
            return text
        return re.sub(r'(<c r="C2"[^>]*><f>[^<]*</f><v>)0(</v>)', r"\g<1>7\2", text)

    path = rewrite_members(xlsxwriter_workbook(tmp_path / "audit.xlsx"), numbers, "seven")
    marking = read_marking(path, framework)
    assert [code for code, cell in codes(marking) if cell == "C2"] == ["formula-without-value"]
    assert marking.tallies["1.1a"][Judgement.INVALID] == 3


def test_results_are_trusted_once_the_workbook_is_calculated(
    tmp_path: Path, framework: Framework
) -> None:
    path = recalculated(xlsxwriter_workbook(tmp_path / "audit.xlsx", results=True))
    marking = read_marking(path, framework)
    assert marking.problems == ()
    assert marking.tallies["1.1a"][Judgement.SUFFICIENT] == 2
    assert marking.tallies["1.1a"][Judgement.INSUFFICIENT] == 1


def test_the_long_layout_too(tmp_path: Path, framework: Framework) -> None:
    marking = read_marking(xlsxwriter_workbook(tmp_path / "long.xlsx", long=True), framework)
    assert marking.tallies["1.1a"][Judgement.INVALID] == 3
    assert [code for code, _ in codes(marking)] == ["formula-without-value"] * 3
    calculated = recalculated(xlsxwriter_workbook(tmp_path / "l.xlsx", long=True, results=True))
    assert read_marking(calculated, framework).tallies["1.1a"][Judgement.SUFFICIENT] == 2
