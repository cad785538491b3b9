"""sqs_cli.files: what a file really is, decided before any parser sees it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from sqs_cli.files import Container, check_sheet_extents, check_workbook_file
from sqs_cli.problems import SqsError
from sqs_cli.settings import Limits
from tests.conftest import COVENTRY, WorkbookFactory

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def rejection(path: Path, limits: Limits | None = None) -> tuple[str, str]:
    with pytest.raises(SqsError) as caught:
        check_workbook_file(path, str(path), limits or Limits())
    problem = caught.value.problem
    assert problem.file == str(path)
    return problem.code, problem.message


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "described_as"),
    [
        (b"Case ID,1.1a\nC1,Yes\n", "a text file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\x00\x01\x02\xff\xfe\xfd", "a file of an unknown kind"),
    ],
)
def test_not_a_spreadsheet_says_what_it_is(
    tmp_path: Path, content: bytes, described_as: str
) -> None:
    code, message = rejection(write(tmp_path, "marking.xlsx", content))
    assert code == "not-a-workbook"
    assert message == f"{described_as} named .xlsx, not a spreadsheet"


def test_empty_file(tmp_path: Path) -> None:
    assert rejection(write(tmp_path, "marking.xlsx", b""))[0] == "empty-file"


def test_truncated_workbook(tmp_path: Path) -> None:
    truncated = write(tmp_path, "marking.xlsx", COVENTRY.read_bytes()[:3000])
    code, message = rejection(truncated)
    assert code == "corrupt-workbook"
    assert "truncated or corrupt" in message


def test_zip_without_workbook_parts(tmp_path: Path) -> None:
    path = tmp_path / "marking.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert rejection(path) == (
        "not-a-workbook",
        "a zip file without workbook parts, not a spreadsheet",
    )


def test_encrypted_workbook_is_called_encrypted(tmp_path: Path) -> None:
    # Encrypted OOXML: an OLE container with an EncryptionInfo stream in its directory.
    content = OLE_MAGIC + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
    code, message = rejection(write(tmp_path, "protected.xlsx", content))
    assert code == "encrypted-workbook"
    assert "encrypted" in message
    assert "corrupt" not in message


def test_legacy_xls_named_xlsx(tmp_path: Path) -> None:
    code, message = rejection(write(tmp_path, "old.xlsx", OLE_MAGIC + b"\x00" * 504))
    assert code == "not-a-workbook"
    assert "rename it .xls" in message


def test_unsupported_suffix(tmp_path: Path) -> None:
    code, message = rejection(write(tmp_path, "notes.docx", b"PK\x03\x04"))
    assert code == "unsupported-format"
    assert message.startswith(".docx: sqs reads ")


def test_missing_path_and_folder(tmp_path: Path) -> None:
    assert rejection(tmp_path / "nowhere.xlsx")[0] == "file-not-found"
    (tmp_path / "folder.xlsx").mkdir()
    assert rejection(tmp_path / "folder.xlsx")[0] == "file-unreadable"


def test_file_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.xlsx", COVENTRY.read_bytes())
    code, message = rejection(path, Limits(max_file_bytes=1000))
    assert code == "limit-exceeded"
    assert "1,000-byte limit" in message


def test_uncompressed_size_is_checked_from_the_zip_directory(tmp_path: Path) -> None:
    path = write(tmp_path, "big.xlsx", COVENTRY.read_bytes())
    code, message = rejection(path, Limits(max_uncompressed_bytes=10_000))
    assert code == "limit-exceeded"
    assert "10,000-byte limit" in message


def test_compression_ratio_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 5_000_000)
    limits = Limits(max_compression_ratio=100, ratio_applies_above_bytes=1_000_000)
    code, message = rejection(path, limits)
    assert code == "limit-exceeded"
    assert "decompression bomb" in message


def test_real_workbook_passes(tmp_path: Path) -> None:
    assert check_workbook_file(COVENTRY, "coventry", Limits()) is Container.ZIP


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
    monkeypatch.setattr("sqs_cli.files._SCAN_CHUNK", 37)
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
    from sqs_cli.files import check_ods_content
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
