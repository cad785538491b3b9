"""The real-client check: LibreOffice opens what sqs writes, and what it saves scores the same.

LibreOffice (Debian's libreoffice-calc, headless) converts the template and the results
workbook to PDF and ODS; a filled template re-saved by it must score identically.
.ci/run installs it; where it cannot be installed these tests are skipped, saying so.
"""

from __future__ import annotations

import io
import re
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


# --- Printing (issue 16): LibreOffice prints what sqs writes, as a person would ---------

CARLITO = any(Path(folder).glob("**/Carlito-Regular.ttf") for folder in ("/usr/share/fonts",))
WRITER = bool(SOFFICE) and any(
    Path(folder).glob("swriter*") for folder in ("/usr/lib/libreoffice/program",)
)


def pdf_pages(pdf: Path) -> list[tuple[str, float]]:
    """Each page's text (whitespace made single spaces) and its smallest text size in
    points, scaling included (as printed)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        sizes: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if text.strip():
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                sizes.append(size * scale)  # noqa: B023

        text = page.extract_text(visitor_text=visit)
        pages.append((" ".join(text.split()), min(sizes, default=0.0)))
    return pages


def only_sheet(workbook: Path, name: str) -> Path:
    """A copy of the workbook with one sheet, to print that sheet alone."""
    book = openpyxl.load_workbook(workbook)
    for other in [sheet for sheet in book.sheetnames if sheet != name]:
        book.remove(book[other])
    alone = workbook.with_name(f"{workbook.stem}-{name}.xlsx")
    book.save(alone)
    return alone


@pytest.mark.skipif(not WRITER, reason="libreoffice-writer is not installed; .ci/run installs it")
def test_word_draft_prints_with_every_sentence(
    framework: Framework, tmp_path: Path, profile: Path
) -> None:
    from sqs_cli.draft import draft_report
    from tests.test_writers_draft_docx import docx_bytes, draft_sentences

    draft = draft_report(score_workbook(COVENTRY, framework), framework)
    path = tmp_path / "draft.docx"
    path.write_bytes(docx_bytes(draft))
    pages = pdf_pages(convert(path, "pdf", profile))
    assert 4 <= len(pages) <= 6
    text = " ".join(page for page, _ in pages)
    missing = [s for s in draft_sentences(draft) if " ".join(s.split()) not in text]
    assert missing == []
    footer = "Draft written by sqs from the marking figures"
    assert all(footer in page for page, _ in pages)
    assert min(size for _, size in pages) >= 8


@pytest.mark.parametrize(
    ("paths", "sheets"),
    [
        ([COVENTRY], {"Summary": ("ID", "Invalid"), "Findings": ("Workbook", "Driven")}),
        (
            [COVENTRY, LONG_LAYOUT_SAMPLE],
            {
                "Summary": ("Workbook", "Note"),
                "Criteria": ("Workbook", "Note"),
                "Pooled": ("ID", "Invalid"),
                "Workbooks": ("Workbook", "Areas"),
            },
        ),
    ],
)
def test_results_sheets_print_one_page_wide_with_the_header_on_every_page(
    framework: Framework,
    tmp_path: Path,
    profile: Path,
    paths: list[Path],
    sheets: dict[str, tuple[str, str]],
) -> None:
    results = tmp_path / "results.xlsx"
    results.write_bytes(bytes(render("xlsx", score_workbooks(paths, framework), OutputOptions())))
    for name, (first, last) in sheets.items():
        pages = pdf_pages(convert(only_sheet(results, name), "pdf", profile))
        assert pages, name
        for text, size in pages:
            # The first and the last heading on every page: nothing printed to its right
            # on a page of its own, and the header row repeated.
            assert first in text and last in text, (name, text[:80])
            if CARLITO:
                # Readable printed: 8 pt or more after fitting the page's width.
                assert size >= 8, (name, size)


def test_template_guide_prints_on_two_pages_and_no_header_is_cut(
    framework: Framework, tmp_path: Path, profile: Path
) -> None:
    template = tmp_path / "marking.xlsx"
    template.write_bytes(template_bytes(framework))
    guide = pdf_pages(convert(only_sheet(template, "Guide"), "pdf", profile))
    assert len(guide) <= 2
    assert "How to mark" in guide[0][0]
    if CARLITO:
        assert min(size for _, size in guide) >= 8
    [(cases, _)] = pdf_pages(convert(only_sheet(template, "Cases"), "pdf", profile))
    # Every question's full wording is printed: the headers wrap, none is cut (a line
    # may break at a space or a hyphen).
    printed = re.sub(r"[\s-]", "", cases)
    for question in framework.questions:
        assert re.sub(r"[\s-]", "", f"{question.id} {question.text}") in printed, question.id


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
