"""sqs_cli.formulas: formula cells without a cached value, found in the sheet XML."""

from __future__ import annotations

from pathlib import Path

from sqs_cli.files import check_sheet_extents
from sqs_cli.formulas import HiddenValue
from sqs_cli.formulas import hidden_values as hidden_values_in
from sqs_cli.settings import Limits
from tests.conftest import WorkbookFactory, with_cached_values


def hidden_values(path: Path, sheet: str) -> dict[str, HiddenValue]:
    """As the reader asks: only the parts the extent scan found formulas or errors in."""
    return hidden_values_in(path, sheet, check_sheet_extents(path, path.name, Limits()))


def test_finds_excel_error_values(make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "#N/A"], ["C2", "#DIV/0!"]]})
    assert hidden_values(path, "Cases") == {"B2": "#N/A", "B3": "#DIV/0!"}


def test_finds_only_formulas_without_values(make_workbook: WorkbookFactory) -> None:
    rows = [["Case ID", "1.1a"], ["C1", "=1+1"], ["C2", "=2+2"], ["C3", "Yes"]]
    path = with_cached_values(make_workbook({"Notes": [["x"]], "Cases": rows}), {"B3": "4"})
    assert hidden_values(path, "Cases") == {"B2": None}
    assert hidden_values(path, "Notes") == {}
    assert hidden_values(path, "No such sheet") == {}


def test_a_damaged_part_is_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "not-a-zip.xlsx"
    path.write_bytes(b"nothing here")
    assert hidden_values_in(path, "Cases", {"xl/worksheets/sheet1.xml"}) == {}


def test_a_sheet_the_scan_did_not_name_is_not_parsed(make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "=1+1"]]})
    assert hidden_values_in(path, "Cases", {"xl/worksheets/sheet1.xml"}) == {"B2": None}
    assert hidden_values_in(path, "Cases", frozenset()) == {}


def test_entity_declarations_are_not_expanded(make_workbook: WorkbookFactory) -> None:
    from tests.conftest import rewrite_members

    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "=1+1"]]})
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{n} "{"&lol" + str(n - 1) + ";" if n > 1 else "&lol;"}' * 10)
        + '">'
        for n in range(1, 2)
    )
    hostile = rewrite_members(
        path,
        lambda member, text: (
            text.replace('<?xml version="1.0" encoding="utf-8"?>', "", 1)
            if "worksheets" not in member
            else bomb + text.split("?>", 1)[-1]
            if text.startswith("<?xml")
            else text
        ),
        "bomb",
    )
    assert isinstance(hidden_values(hostile, "Cases"), dict)
