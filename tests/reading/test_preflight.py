"""sqs_cli.reading.preflight: limits and threats, checked before python-calamine parses."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from sqs_cli.problems import SqsError
from sqs_cli.reading.preflight import scan_ods_content, scan_xlsx_parts
from sqs_cli.reading.source import open_source
from sqs_cli.settings import Limits
from tests.conftest import WorkbookFactory


def check_sheet_extents(path: Path, display: str, limits: Limits) -> frozenset[str]:
    """The scan of every part of an .xlsx: the parts holding formulas or error cells."""
    with open_source(path, display, limits) as source:
        assert source.archive is not None
        return scan_xlsx_parts(source.archive, limits).formula_parts


def check_ods_content(path: Path, display: str, limits: Limits) -> None:
    with open_source(path, display, limits) as source:
        assert source.archive is not None
        scan_ods_content(source.archive, limits)


def _with_cells(path: Path, extra_cells: str, dimension: str | None = None) -> Path:
    """A copy of a real workbook with cells spliced into its first sheet's XML."""
    from tests.conftest import rewrite_members

    def splice(member: str, text: str) -> str:
        if member != "xl/worksheets/sheet1.xml":
            return text
        if dimension is not None:
            text = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', text)
        return text.replace("</sheetData>", f'<row r="99">{extra_cells}</row></sheetData>')

    return rewrite_members(path, splice, "spliced")


@pytest.mark.parametrize(
    ("cell", "what", "option"),
    [
        ('<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>', "rows", "--max-rows"),
        ('<c r="XFD5" t="inlineStr"><is><t>x</t></is></c>', "columns", "--max-columns"),
        ('<c r="ZZ240000" t="inlineStr"><is><t>x</t></is></c>', "cells", "--max-cells"),
        # Cells written in any other shape the XML allows are followed tag by tag.
        ('<c t="inlineStr" r="A2000000"><is><t>x</t></is></c>', "rows", "--max-rows"),
        ("<c r='XFD5' t='inlineStr'><is><t>x</t></is></c>", "columns", "--max-columns"),
        ('<c r="A99999999"><v>1</v></c>', "rows", "--max-rows"),
        ('<c r="ZZZZ2"><v>1</v></c>', "columns", "--max-columns"),
        ('<x:c xmlns:x="urn:x" r="XFD5"><x:v>1</x:v></x:c>', "columns", "--max-columns"),
        ("".join("<c><v>1</v></c>" for _ in range(2500)), "columns", "--max-columns"),
        ("</row>" + "<row/>" * 260_000 + "<row><c><v>1</v></c>", "rows", "--max-rows"),
        ('<c r="B99"r="XFD1048576"><v>1</v></c>', "rows", "--max-rows"),
        # A leading zero must not shorten a row number compared by its length.
        ('<c r="A0300000"><v>1</v></c>', "rows", "--max-rows"),
        # A quoted ">" must not end the tag before a second position.
        ('<c r="B99" x=">" r="XFD1048576"><v>1</v></c>', "rows", "--max-rows"),
        ("<c x='>' r=\"XFD5\"><v>1</v></c>", "columns", "--max-columns"),
    ],
    ids=[
        "far-row",
        "far-column",
        "far-both",
        "attribute-order",
        "single-quotes",
        "eight-digit-row",
        "four-letter-column",
        "prefixed",
        "no-positions",
        "rows-without-positions",
        "two-positions",
        "leading-zero",
        "quoted-bracket-then-position",
        "quoted-bracket-before-position",
    ],
)
def test_a_far_cell_is_refused_before_parsing(
    make_workbook: WorkbookFactory, cell: str, what: str, option: str
) -> None:
    path = _with_cells(make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]}), cell)
    with pytest.raises(SqsError) as caught:
        check_sheet_extents(path, "far.xlsx", Limits())
    problem = caught.value.problem
    assert problem.code == "limit-exceeded"
    assert f" {what}, over the " in problem.message
    assert problem.message.endswith(f"(raise it with {option})")


def test_the_extent_scan_names_the_parts_holding_formulas_or_errors(
    make_workbook: WorkbookFactory,
) -> None:
    plain = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]], "Notes": [["x"]]})
    assert check_sheet_extents(plain, "plain.xlsx", Limits()) == frozenset()
    formula = make_workbook(
        {"Notes": [["x"]], "Cases": [["Case ID", "1.1a"], ["C1", '=IF(1,"Yes","No")']]},
        name="formula.xlsx",
    )
    assert check_sheet_extents(formula, "formula.xlsx", Limits()) == {"xl/worksheets/sheet2.xml"}
    error = _with_cells(plain, '<c r="B99" t="e"><v>#N/A</v></c>')
    assert check_sheet_extents(error, "error.xlsx", Limits()) == {"xl/worksheets/sheet1.xml"}


def test_a_declared_dimension_alone_is_harmless(make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]})
    declared = _with_cells(path, "", dimension="A1:XFD1048576")
    check_sheet_extents(declared, "declared.xlsx", Limits())


def test_the_extent_is_found_across_chunk_boundaries(
    make_workbook: WorkbookFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["Case ID", "1.1a", "1.1b"], *([f"C{n}", "Yes", "No"] for n in range(300))]
    path = make_workbook({"Cases": rows})
    monkeypatch.setattr("sqs_cli.reading.preflight._SCAN_CHUNK", 37)
    with pytest.raises(SqsError) as caught:
        check_sheet_extents(path, "w.xlsx", Limits(max_cells=301 * 3 - 1))
    assert "reaches 903 cells" in caught.value.problem.message
    check_sheet_extents(path, "w.xlsx", Limits(max_cells=903))


def test_a_sheet_under_an_unusual_member_name_is_still_checked(
    make_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # Found by fuzzing: python-calamine accepts `xl\\worksheets\\sheet1.xml`.
    source = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]})
    renamed = tmp_path / "backslashes.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(renamed, "w") as new:
        for member in old.infolist():
            data = old.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>", b'<row r="9"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
                )
                member.filename = "xl\\\\worksheets\\\\sheet1.xml"
            new.writestr(member, data)
    with pytest.raises(SqsError) as caught:
        check_sheet_extents(renamed, "backslashes.xlsx", Limits())
    assert caught.value.problem.code == "limit-exceeded"


def test_ods_repeated_rows_with_values_are_limited(tmp_path: Path) -> None:
    # Found by fuzzing: a value row repeated a million times took seconds to expand.

    from tests.conftest import rewrite_members, write_ods

    path = write_ods(tmp_path / "audit.ods", {"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]})
    repeated = rewrite_members(
        path,
        lambda member, text: text.replace(
            '<table:table-row><table:table-cell office:value-type="string"><text:p>C1',
            '<table:table-row table:number-rows-repeated="1048575">'
            '<table:table-cell office:value-type="string"><text:p>C1',
        ),
        "repeated",
    )
    check_ods_content(path, "audit.ods", Limits())
    with pytest.raises(SqsError) as caught:
        check_ods_content(repeated, "audit.ods", Limits())
    problem = caught.value.problem
    assert (problem.code, problem.sheet) == ("limit-exceeded", "Cases")
    assert "reaches 1,048,576 rows" in problem.message
    # Empty repeated rows, as LibreOffice pads every sheet, do not count.
    padded = rewrite_members(
        path,
        lambda member, text: text.replace(
            "</table:table>",
            '<table:table-row table:number-rows-repeated="1048570"><table:table-cell/>'
            "</table:table-row></table:table>",
        ),
        "padded",
    )
    check_ods_content(padded, "audit.ods", Limits())
