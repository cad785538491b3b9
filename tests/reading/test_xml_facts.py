"""sqs_cli.reading.xml_facts: what an .xlsx sheet's values do not show, from its XML."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from sqs_cli.reading.grid import CellFacts
from sqs_cli.reading.preflight import preflight
from sqs_cli.reading.sheets import CalamineBook, open_book
from sqs_cli.reading.source import open_source
from sqs_cli.reading.xml_facts import sheet_facts
from sqs_cli.settings import Limits
from tests.conftest import WorkbookFactory, rewrite_members, with_cached_values


def facts(path: Path, sheet: str) -> CellFacts:
    """As the pipeline asks: only the parts the preflight scan flagged are parsed."""
    limits = Limits()
    with open_source(path, path.name, limits) as source:
        found = preflight(source, limits)
        with open_book(source, found, limits) as book:
            assert isinstance(book, CalamineBook)
            return book.facts(sheet)


def test_finds_excel_error_values(make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "#N/A"], ["C2", "#DIV/0!"]]})
    assert facts(path, "Cases").hidden_values == {"B2": "#N/A", "B3": "#DIV/0!"}


def test_finds_only_formulas_without_values(make_workbook: WorkbookFactory) -> None:
    rows = [["Case ID", "1.1a"], ["C1", "=1+1"], ["C2", "=2+2"], ["C3", "Yes"]]
    path = with_cached_values(make_workbook({"Notes": [["x"]], "Cases": rows}), {"B3": "4"})
    cases = facts(path, "Cases")
    assert cases.hidden_values == {"B2": None}
    assert cases.formulas == {"B2": "1+1", "B3": "2+2"}
    assert facts(path, "Notes") == CellFacts()
    assert facts(path, "No such sheet").known is False


def test_a_sheet_the_scan_did_not_flag_is_not_parsed(make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]})
    assert facts(path, "Cases") == CellFacts()


def _damage(member: str, text: str) -> str:
    return text.replace("</sheetData>", "<row>") if "sheet1" in member else text


def parsed_facts(path: Path) -> CellFacts:
    """The first sheet's facts, parsed whether or not the scan flagged the part."""
    with open_source(path, path.name, Limits()) as source:
        assert source.archive is not None
        return sheet_facts(source.archive, "xl/worksheets/sheet1.xml", Limits())


def test_a_damaged_part_gives_no_facts(make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "=1+1"]]})
    assert parsed_facts(path).formulas == {"B2": "1+1"}
    assert parsed_facts(rewrite_members(path, _damage, "damaged")) == CellFacts()


def test_shared_formulas_take_the_text_of_their_first_cell(
    make_workbook: WorkbookFactory,
) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a", "1.1b"], ["Total", "=1", "=2"]]})
    shared = rewrite_members(
        path,
        lambda member, text: (
            text.replace(
                "<f>1</f>", '<f t="shared" ref="B2:C2" si="0">COUNTIF(B3:B9,"Yes")</f>'
            ).replace("<f>2</f>", '<f t="shared" si="0"/>')
            if "sheet1" in member
            else text
        ),
        "shared",
    )
    assert facts(shared, "Cases").formulas == {
        "B2": 'COUNTIF(B3:B9,"Yes")',
        "C2": 'COUNTIF(B3:B9,"Yes")',
    }


def test_hidden_rows_and_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Cases"
    for row in [["Case ID", "1.1a", "1.1b"], ["C1", "Yes", "No"], ["C2", "No", "No"]]:
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["C"].hidden = True
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    found = facts(path, "Cases")
    assert (found.hidden_rows, found.hidden_columns) == (frozenset({2}), frozenset({2}))


def test_entity_declarations_are_not_expanded(make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "=1+1"]]})
    bomb = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;">]>'
    hostile = rewrite_members(
        path,
        lambda member, text: (
            text.split("?>", 1)[0] + "?>" + bomb + text.split("?>", 1)[1]
            if "worksheets" in member and text.startswith("<?xml")
            else text
        ),
        "bomb",
    )
    with open_source(hostile, hostile.name, Limits()) as source:
        assert source.archive is not None
        assert isinstance(
            sheet_facts(source.archive, "xl/worksheets/sheet1.xml", Limits()), CellFacts
        )
