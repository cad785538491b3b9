"""The real-client check: LibreOffice opens what sqs writes, and what it saves scores the same.

LibreOffice (Debian's libreoffice-calc, headless) converts the template and the results
workbook to PDF and ODS; a filled template re-saved by it must score identically.
.ci/run installs it; where it cannot be installed these tests are skipped, saying so.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from sqs_cli.api import score_workbook, score_workbooks
from sqs_cli.cli import app
from sqs_cli.framework import Framework
from sqs_cli.results import WorkbookResult
from sqs_cli.template import template_bytes
from sqs_cli.writers import OutputOptions, render
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE, write_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed here; .ci/run installs libreoffice-calc",
)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice user profile of its own, so no lock or setting leaks between runs."""
    return tmp_path_factory.mktemp("libreoffice-profile")


def convert(
    source: Path, target_format: str, profile: Path, *, import_filter: str | None = None
) -> Path:
    folder = source.parent / f"converted-{target_format.split(':', maxsplit=1)[0]}"
    folder.mkdir(exist_ok=True)
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            *([f"--infilter={import_filter}"] if import_filter else []),
            "--convert-to",
            target_format,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    converted = folder / f"{source.stem}.{target_format.split(':', maxsplit=1)[0]}"
    assert converted.is_file(), f"LibreOffice wrote no {converted.name}"
    assert converted.stat().st_size > 0
    return converted


def figures(result: WorkbookResult) -> tuple[object, ...]:
    return (result.status, result.cases, result.questions, result.criteria)


def filled_template(framework: Framework, tmp_path: Path) -> Path:
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes(framework, cases=12)))
    sheet = workbook["Cases"]
    marks = ["Yes", "No", "Not done", "N/A", "Yes", "Yes"]
    for row in range(2, 14):
        sheet.cell(row=row, column=1, value=f"LO-{row:02}")
        sheet.cell(row=row, column=2, value="Referral order")
        for column in range(5, 35):
            sheet.cell(row=row, column=column, value=marks[(row * 7 + column) % len(marks)])
    workbook["Inspection"]["B1"] = "Libreshire (fictional)"
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    return path


def test_template_converts_to_pdf_and_ods(
    framework: Framework, tmp_path: Path, profile: Path
) -> None:
    template = tmp_path / "marking.xlsx"
    template.write_bytes(template_bytes(framework))
    pdf = convert(template, "pdf", profile)
    assert pdf.read_bytes().startswith(b"%PDF")
    ods = convert(template, "ods", profile)
    result = score_workbook(ods, framework)
    assert (result.status, result.cases) == ("ok", 0)
    assert all(question.marked for question in result.questions)


@pytest.mark.parametrize("target_format", ["xlsx:Calc MS Excel 2007 XML", "ods"])
def test_filled_template_resaved_by_libreoffice_scores_identically(
    framework: Framework, tmp_path: Path, profile: Path, target_format: str
) -> None:
    original = filled_template(framework, tmp_path)
    resaved = convert(original, target_format, profile)
    before, after = score_workbook(original, framework), score_workbook(resaved, framework)
    assert before.cases == 12
    assert before.questions[0].relevant > 0
    assert figures(after) == figures(before)
    assert after.inspection["Area"] == "Libreshire (fictional)"


@pytest.mark.parametrize("target_format", ["pdf", "ods"])
def test_results_workbook_opens_in_libreoffice(
    framework: Framework, tmp_path: Path, profile: Path, target_format: str
) -> None:
    for name, paths in (("one", [COVENTRY]), ("several", [COVENTRY, LONG_LAYOUT_SAMPLE])):
        results = tmp_path / f"results-{name}.xlsx"
        results.write_bytes(
            bytes(render("xlsx", score_workbooks(paths, framework), OutputOptions()))
        )
        convert(results, target_format, profile)


def test_a_csv_file_opens_with_its_accents(
    framework: Framework, tmp_path: Path, profile: Path
) -> None:
    """`sqs score ... -o results.csv`, opened as a spreadsheet program opens a CSV UTF-8
    file: Welsh names and areas intact, the byte order mark taken as one (never a stray
    `ï»¿` before the first header), and every figure a number."""
    rows = [["Case ID", "1.1a", "2.1a"], *([f"C{n}", "Yes", "No"] for n in range(6))]
    name = "Ynys M\u00f4n \u2013 archwiliad.xlsx"
    area = "Ynys M\u00f4n (Gwasanaeth \u0174)"
    source = write_workbook(tmp_path / name, {"Cases": rows, "Inspection": [["Area", area]]})
    results = tmp_path / "canlyniadau.csv"
    written = CliRunner().invoke(app, ["score", str(source), "-o", str(results)])
    assert written.exit_code == 0, written.output
    assert results.read_bytes().startswith(b"\xef\xbb\xbf")
    # "Unicode (UTF-8)", comma-separated and double-quoted, as LibreOffice's import dialog
    # offers a file that starts with a UTF-8 byte order mark.
    opened = convert(results, "xlsx", profile, import_filter="CSV:44,34,76")
    sheet = openpyxl.load_workbook(opened).active
    assert sheet is not None
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0][:6] == ["path", "area", "status", "question", "criterion", "marked"]
    by_question = {row[3]: row for row in table[1:]}
    assert by_question["1.1a"][:3] == [str(source), area, "ok"]
    assert by_question["1.1a"][6:8] == [6, 0]  # sufficient, insufficient: numbers
    assert by_question["2.1a"][6:8] == [0, 6]
