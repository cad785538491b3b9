"""The preflight stage refuses, in every format, what would make python-calamine allocate
a huge grid or abort, with the problem's own code, before python-calamine opens the file;
and says "encrypted", never "damaged", for a password."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sqs_cli.cli import app
from sqs_cli.framework import Framework
from sqs_cli.problems import Problem, SqsError
from sqs_cli.reading.pipeline import read_marking
from tests.conftest import WorkbookFactory, rewrite_members
from tests.reading import xls_files as xls
from tests.reading import xlsb_writer as xlsb

DATA = Path(__file__).resolve().parent.parent / "data" / "reading"


def refusal(path: Path, framework: Framework) -> Problem:
    with pytest.raises(SqsError) as caught:
        read_marking(path, framework)
    return caught.value.problem


def test_libreoffice_s_xls_is_read(framework: Framework) -> None:
    marking = read_marking(DATA.parent / "two-cases.xls", framework)
    assert marking.case_ids == ("C1", "C2")


@pytest.mark.parametrize(
    "name", ["cases-password.xls", "cases-password.ods", "cases-zip-password.xlsx"]
)
def test_a_password_is_encrypted_never_damaged(framework: Framework, name: str) -> None:
    problem = refusal(DATA / name, framework)
    assert problem.code == "encrypted-workbook"
    assert "encrypted" in problem.message
    assert "damaged" not in problem.message


def test_an_xor_obfuscated_xls_is_encrypted(framework: Framework, tmp_path: Path) -> None:
    # python-calamine reads it as plain records and calls it damaged ("Cfb error").
    problem = refusal(xls.xor_obfuscated(xls.CASES_XLS, tmp_path / "xor.xls"), framework)
    assert problem.code == "encrypted-workbook"
    assert "older password protection" in problem.message


def test_a_far_cell_in_an_xls_is_refused_naming_its_sheet(
    framework: Framework, tmp_path: Path
) -> None:
    # Row 65,536, column 256: python-calamine took 1.2 GB for it.
    def far(stream: bytearray) -> None:
        struct.pack_into("<HH", stream, xls.nth(stream, xls.LABELSST, 1), 65535, 255)

    problem = refusal(xls.patched(xls.CASES_XLS, tmp_path / "far.xls", far), framework)
    assert (problem.code, problem.sheet) == ("limit-exceeded", "Cases")
    assert problem.message.startswith("the sheet reaches 16,777,216 cells")


def test_a_false_dimensions_record_in_an_xls_is_refused(
    framework: Framework, tmp_path: Path
) -> None:
    # python-calamine reserves rows x columns x 40 bytes for it: a terabyte here.
    def false(stream: bytearray) -> None:
        at = xls.nth(stream, xls.DIMENSIONS)
        struct.pack_into("<IIHH", stream, at, 0, 0xFFFFFFFF, 0, 0xFF)

    problem = refusal(xls.patched(xls.CASES_XLS, tmp_path / "false.xls", false), framework)
    assert (problem.code, problem.sheet) == ("limit-exceeded", "Cases")
    assert "declares 4,294,967,295 rows" in problem.message


def test_a_far_cell_in_an_xlsb_is_refused(framework: Framework, tmp_path: Path) -> None:
    strings: dict[str, int] = {}
    cells = [*xlsb.grid_cells([["Case ID", "1.1a"], ["C1", "Yes"]]), (1048575, 16383, "far")]
    path = xlsb.write_xlsb(
        tmp_path / "far.xlsb", {"Cases": xlsb.sheet_part(cells, strings)}, strings
    )
    problem = refusal(path, framework)
    assert problem.code == "limit-exceeded"
    assert problem.message.startswith("the sheet reaches 1,048,576 rows")


def test_a_clean_xlsb_is_read(framework: Framework, tmp_path: Path) -> None:
    path = xlsb.simple_xlsb(
        tmp_path / "clean.xlsb", {"Cases": [["Case ID", "1.1a"], ["C1", "Yes"], ["C2", "No"]]}
    )
    assert read_marking(path, framework).case_ids == ("C1", "C2")


def _false_string_count(tmp_path: Path) -> Path:
    # LibreOffice writes a shared-string table (openpyxl writes strings inline).
    path = Path(shutil.copy(DATA / "cases.xlsx", tmp_path / "cases.xlsx"))
    return rewrite_members(
        path,
        lambda member, text: (
            text.replace('uniqueCount="', 'uniqueCount="4294967295" x="', 1)
            if member == "xl/sharedStrings.xml"
            else text
        ),
        "false-count",
    )


def test_a_shared_string_table_claiming_four_billion_strings_is_damaged(
    framework: Framework, tmp_path: Path
) -> None:
    # A 5 KB file whose count made python-calamine abort the process (exit 134).
    problem = refusal(_false_string_count(tmp_path), framework)
    assert problem.code == "corrupt-workbook"
    assert "claims 4,294,967,295 strings" in problem.message


@pytest.mark.parametrize(("version", "name"), [(2, "Excel 2.x"), (4, "Excel 4.0")])
def test_an_excel_4_workbook_is_named_as_such(
    framework: Framework, tmp_path: Path, version: int, name: str
) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(xls.legacy_biff(version))
    problem = refusal(path, framework)
    assert problem.code == "not-a-workbook"
    assert problem.message.startswith(f"an {name} workbook")
    assert "save it as .xlsx" in problem.message


def test_an_office_file_without_a_workbook_is_not_a_spreadsheet(
    framework: Framework, tmp_path: Path
) -> None:
    renamed = bytearray(xls.CASES_XLS.read_bytes())
    at = renamed.find("Workbook".encode("utf-16-le"))
    renamed[at : at + 16] = "Workbuck".encode("utf-16-le")
    path = tmp_path / "memo.xls"
    path.write_bytes(bytes(renamed))
    problem = refusal(path, framework)
    assert problem.code == "not-a-workbook"
    assert "without a workbook" in problem.message


def test_hostile_files_in_a_batch_each_get_one_line_and_the_others_are_scored(
    tmp_path: Path, make_workbook: WorkbookFactory
) -> None:
    folder = tmp_path / "audits"
    folder.mkdir()
    good = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]}, name="good.xlsx")
    good.rename(folder / "a-good.xlsx")
    strings: dict[str, int] = {}
    cells = [*xlsb.grid_cells([["Case ID", "1.1a"], ["C1", "Yes"]]), (1048575, 16383, "far")]
    xlsb.write_xlsb(folder / "b-far.xlsb", {"Cases": xlsb.sheet_part(cells, strings)}, strings)
    (folder / "c-password.ods").write_bytes((DATA / "cases-password.ods").read_bytes())
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(
        app, ["score", str(folder), "--format", "json", "--jobs", "2"]
    )
    assert result.exit_code == 2
    codes = [
        line.split("error[")[1].split("]")[0]
        for line in result.stderr.splitlines()
        if "error[" in line
    ]
    assert codes == ["limit-exceeded", "encrypted-workbook"]
    assert '"status": "ok"' in result.stdout
