"""sqs_cli.formulas: formula cells without a cached value, found in the sheet XML."""

from __future__ import annotations

from pathlib import Path

from sqs_cli.formulas import uncached_formula_cells
from tests.conftest import WorkbookFactory, with_cached_values


def test_finds_only_formulas_without_values(make_workbook: WorkbookFactory) -> None:
    rows = [["Case ID", "1.1a"], ["C1", "=1+1"], ["C2", "=2+2"], ["C3", "Yes"]]
    path = with_cached_values(make_workbook({"Notes": [["x"]], "Cases": rows}), {"B3": "4"})
    assert uncached_formula_cells(path, "Cases") == {"B2"}
    assert uncached_formula_cells(path, "Notes") == set()
    assert uncached_formula_cells(path, "No such sheet") == set()


def test_a_damaged_part_is_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "not-a-zip.xlsx"
    path.write_bytes(b"nothing here")
    assert uncached_formula_cells(path, "Cases") == set()


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
    assert isinstance(uncached_formula_cells(hostile, "Cases"), set)
