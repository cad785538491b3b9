"""An .ods whose content.xml is indented between its elements (as SheetJS writes it) is
read, with the text of every cell as it is; other failures stay failures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import python_calamine

from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement
from sqs_cli.problems import SqsError
from sqs_cli.reading.pipeline import read_marking
from tests.conftest import rewrite_members, write_ods

SHEETJS_ODS = Path(__file__).resolve().parent.parent / "data" / "reading" / "sheetjs-indented.ods"
ROWS = [
    ["Case ID", "1.1a", "1.1b", "Comments"],
    ["FIC-001", "Yes", "No", "first"],
    ["FIC-002", "No", "Yes", "second"],
]


def indented(path: Path) -> Path:
    """The .ods with a line break and spaces after every tag of the table, and a cell
    whose text has two spans with a space between them."""

    def indent(member: str, text: str) -> str:
        if member != "content.xml":
            return text
        text = text.replace(
            "<text:p>first</text:p>",
            "<text:p><text:span>fir</text:span> <text:span>st</text:span></text:p>",
        )
        return re.sub(r"(</?(?:table|office):[^<>]*>)", r"\1\n      ", text)

    return rewrite_members(path, indent, "indented")


def test_python_calamine_alone_cannot_open_an_indented_ods(tmp_path: Path) -> None:
    path = indented(write_ods(tmp_path / "audit.ods", {"Cases": ROWS}))
    with pytest.raises(python_calamine.CalamineError):
        python_calamine.CalamineWorkbook.from_path(path)


def test_an_indented_ods_is_read_as_the_same_spreadsheet(
    tmp_path: Path, framework: Framework
) -> None:
    plain = read_marking(write_ods(tmp_path / "audit.ods", {"Cases": ROWS}), framework)
    marking = read_marking(indented(tmp_path / "audit.ods"), framework)
    assert marking.case_ids == plain.case_ids == ("FIC-001", "FIC-002")
    assert marking.tallies == plain.tallies
    assert marking.problems == ()
    # The space between two spans of a paragraph is the cell's text, kept.
    assert marking.case_attributes("FIC-001")["Comments"] == "fir st"


def test_sheetjs_s_ods_reads_as_its_xlsx_does(framework: Framework) -> None:
    """tests/data/reading/sheetjs-indented.ods, made by make_sheetjs.js there."""
    marking = read_marking(SHEETJS_ODS, framework)
    assert marking.case_ids == ("FIC-001", "FIC-002", "FIC-003", "FIC-004")
    assert marking.tallies["1.1a"][Judgement.SUFFICIENT] == 2
    assert marking.tallies["1.1a"][Judgement.NOT_DONE] == 1
    assert [problem.code for problem in marking.problems] == ["unmarked"]


def test_a_damaged_ods_is_still_called_damaged(tmp_path: Path, framework: Framework) -> None:
    def damage(member: str, text: str) -> str:
        if member != "content.xml":
            return text
        return text.replace("<table:table-cell", "<table:table-celll", 1)

    path = rewrite_members(indented(write_ods(tmp_path / "a.ods", {"Cases": ROWS})), damage, "x")
    with pytest.raises(SqsError) as raised:
        read_marking(path, framework)
    assert raised.value.problem.code == "corrupt-workbook"
