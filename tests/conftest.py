"""Workbooks for tests, built in code with openpyxl so every byte of them is explained."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

# openpyxl writes through lxml where it is installed (python-docx installs it), with other
# bytes for the same cells (`<v></v>` for `<v />`); the workbooks built here, and the
# rewrites of their XML, are those of its standard-library writer, wherever they run.
os.environ["OPENPYXL_LXML"] = "False"

import openpyxl
import pytest
from jsonschema import Draft202012Validator
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner, Result

from sqs_cli.cli import app
from sqs_cli.framework import Framework, load_builtin

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DATA = REPO / "sample_data"
COVENTRY = SAMPLE_DATA / "coventry-2016.xlsx"
LONG_LAYOUT_SAMPLE = SAMPLE_DATA / "fictional-long-layout.xlsx"
FOLLOWUP_SAMPLE = SAMPLE_DATA / "fictional-northbridge-followup.xlsx"

Rows = Sequence[Sequence[Any]]
WorkbookFactory = Callable[..., Path]


def write_workbook(
    path: Path,
    sheets: Mapping[str, Rows],
    *,
    hidden: Iterable[str] = (),
    merged: Mapping[str, Iterable[str]] | None = None,
) -> Path:
    """An .xlsx with the given sheets; rows start at A1 and None leaves a cell empty.

    A string starting with "=" becomes a formula with no cached value, as openpyxl (and
    any script) writes one; `with_cached_values` adds values the way Excel would.
    """
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet: Worksheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        if name in set(hidden):
            sheet.sheet_state = "hidden"
        for span in (merged or {}).get(name, ()):
            sheet.merge_cells(span)
    workbook.save(path)
    return path


def rewrite_members(path: Path, change: Callable[[str, str], str], suffix: str) -> Path:
    """A copy of a zip-based workbook with change(member_name, text) applied to its XML."""
    patched = path.with_name(f"{path.stem}-{suffix}{path.suffix}")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename.endswith(".xml"):
                data = change(member.filename, data.decode("utf-8")).encode("utf-8")
            target.writestr(member, data)
    return patched


def with_cached_values(path: Path, values: Mapping[str, str | float]) -> Path:
    """Give formula cells (by A1 reference) a cached result, as Excel saves them: text,
    or a number (a COUNTIF's count, a percentage). Excel has calculated them, so the
    workbook no longer asks to be recalculated when opened (openpyxl's fullCalcOnLoad)."""

    def add_values(member: str, text: str) -> str:
        if member == "xl/workbook.xml":
            return re.sub(r'\s+fullCalcOnLoad="(?:1|true)"', "", text)
        if not member.startswith("xl/worksheets/"):
            return text
        for cell, value in values.items():
            kind = "" if isinstance(value, int | float) else ' t="str"'
            text = re.sub(
                rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/>',
                rf'<c r="{cell}"{kind}\1><f>\2</f><v>{value}</v>',
                text,
            )
        return text

    return rewrite_members(path, add_values, "cached")


def write_ods(path: Path, sheets: Mapping[str, Rows]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice stores one (values only)."""
    tables = []
    for name, rows in sheets.items():
        xml_rows = []
        for row in rows:
            cells = []
            for value in row:
                if value is None:
                    cells.append("<table:table-cell/>")
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    cells.append(
                        f'<table:table-cell office:value-type="float" office:value="{value}">'
                        f"<text:p>{value}</text:p></table:table-cell>"
                    )
                else:
                    cells.append(
                        '<table:table-cell office:value-type="string">'
                        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
                    )
            xml_rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(f'<table:table table:name="{escape(name)}">{"".join(xml_rows)}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        # The ODF rule: "mimetype" first and stored, so tools can sniff the type.
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


@pytest.fixture
def make_workbook(tmp_path: Path) -> WorkbookFactory:
    """make_workbook({"Cases": rows}, name="w.xlsx", hidden=..., merged=...) -> path."""

    def make(sheets: Mapping[str, Rows], name: str = "marking.xlsx", **options: Any) -> Path:
        return write_workbook(tmp_path / name, sheets, **options)

    return make


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_builtin()


@pytest.fixture
def coventry_copy(tmp_path: Path) -> Path:
    """The Coventry sample copied, so a test can never touch the committed file."""
    return Path(shutil.copy(COVENTRY, tmp_path / COVENTRY.name))


def wide_rows(questions: Sequence[str], marks: Mapping[str, Sequence[Any]]) -> list[list[Any]]:
    """A Cases sheet: header `Case ID`, the questions; one row per case."""
    return [["Case ID", *questions], *([case, *row] for case, row in marks.items())]


def long_rows(questions: Sequence[str], marks: Mapping[str, Sequence[Any]]) -> list[list[Any]]:
    """The same marks as wide_rows, one row per mark."""
    rows: list[list[Any]] = [["Case ID", "Question", "Judgement"]]
    for case, row in marks.items():
        rows.extend([case, question, mark] for question, mark in zip(questions, row, strict=True))
    return rows


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run `sqs ARGS...` in-process, with stable output: no colour, 100 columns."""
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"})

    def run(*args: str | Path) -> Result:
        return runner.invoke(app, [str(arg) for arg in args])

    return run


@functools.cache
def report_validator() -> Draft202012Validator:
    schema = json.loads(
        resources.files("sqs_cli")
        .joinpath("schema")
        .joinpath("report.schema.json")
        .read_text("utf-8")
    )
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def valid_report(text: str) -> dict[str, Any]:
    """Parse a JSON report and fail the test unless it matches the shipped schema."""
    document: dict[str, Any] = json.loads(text)
    report_validator().validate(document)
    return document


SCHEMAS = REPO / "tests" / "data" / "schemas"


@functools.cache
def _junit_schema() -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))


def valid_junit(text: str) -> Any:
    """Parse JUnit XML and fail the test unless it is valid against the schema of Jenkins'
    xunit plugin (tests/data/schemas/README.md); the parsed root element."""
    from lxml import etree

    root = etree.fromstring(text.encode("utf-8"))
    schema = _junit_schema()
    assert schema.validate(root), schema.error_log.filter_from_errors()
    return root


@functools.cache
def _json_validator(name: str) -> Any:
    from jsonschema import validators

    schema = json.loads((SCHEMAS / name).read_text("utf-8"))
    validator = validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


def valid_sarif(text: str) -> dict[str, Any]:
    """Parse SARIF and fail the test unless it is valid SARIF 2.1.0."""
    document: dict[str, Any] = json.loads(text)
    _json_validator("sarif-schema-2.1.0.json").validate(document)
    return document


def valid_gitlab(text: str) -> list[dict[str, Any]]:
    """Parse a GitLab Code Quality report and fail the test unless it has GitLab's fields."""
    document: list[dict[str, Any]] = json.loads(text)
    _json_validator("gitlab-code-quality.schema.json").validate(document)
    return document


# --- A small marked workbook of hmip-youth-2021, every figure known ------------------------

# Each case-standard question's failing cases (the others are Yes): 6 court cases (two of
# them custody), 5 out-of-court. 2.1 5/6 Outstanding, 2.2 4/6 Good, 2.3 5/6 Outstanding,
# 2.4 3/6 Requires improvement; 3.1 4/5 Outstanding, 3.2 3/5 Requires improvement, 3.3
# 2/5 Inadequate by the figures, moved to Requires improvement on the Ratings sheet.
YOUTH_FAILS = {
    "2.1.1": 0, "2.1.2": 1, "2.1.3": 1,
    "2.2.1": 1, "2.2.2": 2, "2.2.3": 1,
    "2.3.1": 0, "2.3.2": 0, "2.3.3": 1,
    "2.4.1": 3, "2.4.2": 1, "2.4.3": 1,
    "3.1.1": 1, "3.1.2": 0, "3.1.3": 0,
    "3.2.1": 0, "3.2.2": 2, "3.2.3": 1,
    "3.3.1": 1, "3.3.2": 1, "3.3.3": 3,
}  # fmt: skip
# Entered: 1.1 Good 2, 1.2 Good 2, 1.3 Outstanding 3, 1.4 Good 2, 3.4 Requires improvement
# 1; 4.1 Good is not counted. With the cases' 3+2+3+1 and 3+1+1 (3.3 moved): 24 of 36.
YOUTH_RATINGS = [
    ["Standard", "Rating", "Reason"],
    ["1.1 Governance and leadership", "Good", "The board knows its cases"],
    ["1.2 Staff", "Good", "Stable, trained team"],
    ["1.3 Partnerships and services", "Outstanding", "Health and education on site"],
    ["1.4 Information and facilities", "Good", "Data used at board level"],
    ["3.4 Out-of-court disposal policy and provision", "Requires improvement", "Policy dated"],
    ["4.1 Resettlement policy and provision", "Good", "Plans start early"],
    ["3.3 Implementation and delivery", "Requires improvement", "Work improved after panel"],
]
YOUTH_OVERALL = "Overall: Good (24 out of 36)"


def youth_rows(fails: Mapping[str, int] = YOUTH_FAILS) -> list[list[Any]]:
    court = [q for q in fails if q.startswith("2.")]
    out_of_court = [q for q in fails if q.startswith("3.")]
    rows: list[list[Any]] = [["Case ID", "Disposal", "Inspector", *court, *out_of_court]]
    for number in range(6):
        marks = ["No" if number < fails[q] else "Yes" for q in court]
        disposal = "Custody" if number < 2 else "Court"
        rows.append([f"YJ-{number + 1:02}", disposal, "AB", *marks, *(None for _ in out_of_court)])
    for number in range(5):
        marks = ["No" if number < fails[q] else "Yes" for q in out_of_court]
        rows.append([f"YJ-{number + 7:02}", "Out-of-court", "CD", *(None for _ in court), *marks])
    return rows


def write_youth_workbook(path: Path, fails: Mapping[str, int] = YOUTH_FAILS) -> Path:
    inspection = [["Area", "Westmere"], ["Fieldwork start", "2026-03-02"]]
    return write_workbook(
        path, {"Cases": youth_rows(fails), "Ratings": YOUTH_RATINGS, "Inspection": inspection}
    )


@pytest.fixture
def youth_audit(tmp_path: Path) -> Path:
    """A fictional audit of hmip-youth-2021: 11 cases, every rating entered, one moved."""
    return write_youth_workbook(tmp_path / "youth.xlsx")


@pytest.fixture(params=["fork", "spawn", "forkserver"])
def forced_start(request: pytest.FixtureRequest) -> Iterator[str]:
    """The start method set for the whole program, as Linux (fork), Windows and macOS
    (spawn) or Python 3.14 on Linux (forkserver) has it; skipped where it is missing."""
    import multiprocessing

    method: str = request.param
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not available here")
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(method, force=True)
    try:
        yield method
    finally:
        multiprocessing.set_start_method(previous, force=True)
