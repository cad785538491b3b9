"""Generate the benchmark inputs of issues 7 and 12: reproducible, seeded, cached.

Usage: python benchmarks/generate.py [--out benchmarks/.data] [--seed 7] [--force]

Writes into OUT:

- batch/: 1,000 marking workbooks of the sqs-2016 framework, 20 to 60 cases each. Even
  numbers are written as Excel writes them (text in xl/sharedStrings.xml, cells
  `t="s"`), odd numbers as openpyxl writes them (inline strings, `t="inlineStr"`).
- batch-300/: the first 300 of those, byte for byte (issue 12 measures 300 and 1,000).
- big.xlsx: one workbook of 100,000 cases by 40 questions, shared strings like Excel.
- big.csv: the same 100,000 cases and marks (the same seeded rows) as Excel's "CSV UTF-8"
  saves them (byte order mark, CRLF, quoted where needed), with two free-text columns,
  `Evidence` and `Comments`, of generated prose (commas, quotes, line breaks, a few
  non-ASCII characters): about 100 MB, the size issue 12 section 2 names.
- small/: 10,000 small workbooks (sqs-2016, 3 to 8 cases, an Inspection sheet each): a
  batch whose results are many and cheap to score, for timing the writers' render of
  10,000 workbooks (issue 12 section 2) rather than the reading.
- bench-40.toml: the framework for big.xlsx and big.csv: sqs-2016's 30 questions and 10
  more (theme 6); pass it with `--framework`.
- manifest.json: the parameters; a cache is reused only when they match.

The parts of each .xlsx are written directly with zipfile (writing 1,000 files through
openpyxl takes minutes): [Content_Types].xml, _rels/.rels, xl/workbook.xml,
xl/_rels/workbook.xml.rels, xl/styles.xml, xl/worksheets/sheet1.xml (Cases),
xl/worksheets/sheet2.xml (Inspection) and xl/sharedStrings.xml when used. Zip entry
times are pinned, so the same seed gives byte-identical files.

Each workbook has a title row, a blank row and the header in row 3 (as the Coventry
sample), columns `Case ID`, `Case type`, `Inspector`, then one column per question.
Marks are Yes, No, Not done and N/A; about half of the workbooks also leave some mark
cells empty (2% of them), as inspectors do, and the big workbook leaves 1% empty.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import shutil
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_OUT = HERE / ".data"
SQS_2016 = REPO / "sqs_cli" / "frameworks" / "sqs-2016.toml"

# Bump when the files this script writes change, so that old caches are rebuilt.
GENERATOR_VERSION = 2
DEFAULT_SEED = 7
BATCH_SIZE = 1_000
# Issue 12 measures batches of 300 and 1,000: the 300 are the first of the 1,000.
SMALLER_BATCH_SIZE = 300
MIN_CASES, MAX_CASES = 20, 60
BIG_CASES = 100_000
BIG_QUESTIONS = 40
# big.csv: each free-text cell is this many characters, give or take, so that the file
# comes to about 100 MB (issue 12: "a 100 MB CSV").
NOTE_CHARACTERS = (280, 520)
NOTE_POOL = 2_000
SMALL_COUNT = 10_000
SMALL_MIN_CASES, SMALL_MAX_CASES = 3, 8

ZIP_TIMESTAMP = (2026, 1, 5, 9, 0, 0)
EXCEL_EPOCH = dt.date(1899, 12, 30)

MARKS = ("Yes", "No", "Not done", "N/A")
MARK_WEIGHTS = (0.58, 0.22, 0.05, 0.15)
CASE_TYPES = ("Youth rehabilitation order", "Referral order", "Detention and training order")
INSPECTORS = ("AB", "CD", "EF", "GH", "JK", "LM")
EMPTY_SHARE = 0.02  # of mark cells, in the workbooks that leave some empty
BIG_EMPTY_SHARE = 0.01

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# A cell: text, a number, a date (written as a serial number with a date style), or empty.
Cell = str | int | float | dt.date | None


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: Iterable[list[Cell]]
    # 1-based index of the row that starts `rows`.
    first_row: int = 1


def column_letter(index: int) -> str:
    """Zero-based column index to Excel letters: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --- The parts of an .xlsx ----------------------------------------------------------------


def content_types(sheet_count: int, shared_strings: bool) -> str:
    overrides = [
        (
            "/xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        ),
        (
            "/xl/styles.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
        ),
    ]
    overrides += [(f"/xl/worksheets/sheet{n}.xml", SHEET_CT) for n in range(1, sheet_count + 1)]
    if shared_strings:
        overrides.append(
            (
                "/xl/sharedStrings.xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
            )
        )
    parts = "".join(
        f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides
    )
    return (
        f'{XML_DECLARATION}<Types xmlns="{CT_NS}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{parts}</Types>"
    )


def package_rels() -> str:
    return (
        f'{XML_DECLARATION}<Relationships xmlns="{PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )


def workbook_xml(names: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    return (
        f'{XML_DECLARATION}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
        '<calcPr calcId="191029"/></workbook>'
    )


def workbook_rels(sheet_count: int, shared_strings: bool) -> str:
    rels = [
        f'<Relationship Id="rId{n}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheet_count + 1)
    ]
    rels.append(
        f'<Relationship Id="rId{sheet_count + 1}" Type="{REL_NS}/styles" Target="styles.xml"/>'
    )
    if shared_strings:
        rels.append(
            f'<Relationship Id="rId{sheet_count + 2}" Type="{REL_NS}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    return f'{XML_DECLARATION}<Relationships xmlns="{PKG_REL_NS}">{"".join(rels)}</Relationships>'


# Style 0 is the default; style 1 shows a date (built-in number format 14).
DATE_STYLE = 1
STYLES_XML = (
    f'{XML_DECLARATION}<styleSheet xmlns="{MAIN_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class SharedStrings:
    """Excel's string table: each distinct text once, numbered in order of first use."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def __call__(self, text: str) -> int:
        self.count += 1
        number = self.index.get(text)
        if number is None:
            number = self.index[text] = len(self.index)
        return number

    def xml(self) -> str:
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in self.index)
        return (
            f'{XML_DECLARATION}<sst xmlns="{MAIN_NS}" count="{self.count}" '
            f'uniqueCount="{len(self.index)}">{items}</sst>'
        )


def _cell_xml(ref: str, value: Cell, strings: SharedStrings | None) -> str:
    """One `<c>`: as Excel writes it when strings is given, else as openpyxl writes it."""
    if value is None:
        return ""
    if isinstance(value, str):
        if strings is not None:
            return f'<c r="{ref}" t="s"><v>{strings(value)}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    if isinstance(value, dt.date):
        serial = (value - EXCEL_EPOCH).days
        kind = "" if strings is not None else ' t="n"'
        return f'<c r="{ref}" s="{DATE_STYLE}"{kind}><v>{serial}</v></c>'
    kind = "" if strings is not None else ' t="n"'
    return f'<c r="{ref}"{kind}><v>{value!r}</v></c>'


def sheet_xml_chunks(
    sheet: Sheet, width: int, height: int, strings: SharedStrings | None
) -> Iterator[str]:
    """The worksheet XML in pieces of about a thousand rows (the big sheet is ~200 MB)."""
    letters = [column_letter(index) for index in range(width)]
    last = f"{letters[-1]}{sheet.first_row + height - 1}"
    yield (
        f'{XML_DECLARATION}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f'<dimension ref="A1:{last}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><sheetData>'
    )
    spans = f' spans="1:{width}"' if strings is not None else ""
    buffer: list[str] = []
    for number, row in enumerate(sheet.rows, start=sheet.first_row):
        cells = "".join(
            _cell_xml(f"{letters[column]}{number}", value, strings)
            for column, value in enumerate(row)
        )
        if cells:
            buffer.append(f'<row r="{number}"{spans}>{cells}</row>')
        if len(buffer) >= 1_000:
            yield "".join(buffer)
            buffer.clear()
    yield "".join(buffer)
    yield "</sheetData></worksheet>"


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _write_stream(stream: IO[bytes], chunks: Iterable[str]) -> None:
    for chunk in chunks:
        stream.write(chunk.encode("utf-8"))


def write_xlsx(path: Path, sheets: list[tuple[Sheet, int, int]], *, shared: bool) -> None:
    """Write a minimal valid .xlsx; sheets are (sheet, width, height) with rows streamed."""
    strings = SharedStrings() if shared else None
    temporary = path.with_name(path.name + ".part")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(_zip_info("[Content_Types].xml"), content_types(len(sheets), shared))
        archive.writestr(_zip_info("_rels/.rels"), package_rels())
        archive.writestr(_zip_info("xl/workbook.xml"), workbook_xml([s.name for s, _, _ in sheets]))
        archive.writestr(
            _zip_info("xl/_rels/workbook.xml.rels"), workbook_rels(len(sheets), shared)
        )
        archive.writestr(_zip_info("xl/styles.xml"), STYLES_XML)
        for number, (sheet, width, height) in enumerate(sheets, start=1):
            with archive.open(_zip_info(f"xl/worksheets/sheet{number}.xml"), "w") as stream:
                _write_stream(stream, sheet_xml_chunks(sheet, width, height, strings))
        if strings is not None:
            archive.writestr(_zip_info("xl/sharedStrings.xml"), strings.xml())
    temporary.replace(path)


# --- The marking workbooks ----------------------------------------------------------------


def sqs_2016_questions() -> list[tuple[str, str]]:
    """(id, text) of every sqs-2016 question, in framework order."""
    data = tomllib.loads(SQS_2016.read_text("utf-8"))
    return [
        (question["id"], question["text"])
        for theme in data["themes"]
        for criterion in theme["criteria"]
        for question in criterion["questions"]
    ]


EXTRA_CRITERIA = (
    ("6.1", "Work with families and carers", "engagement of families and carers"),
    ("6.2", "Education, training and employment", "education, training and employment"),
)


def bench_framework_toml() -> str:
    """sqs-2016 with a sixth theme of two criteria of five questions each: 40 questions."""
    base = (
        SQS_2016.read_text("utf-8")
        .replace('id = "sqs-2016"', 'id = "sqs-bench-40"', 1)
        .replace(
            'title = "Short Quality Screening (2016)"',
            'title = "Short Quality Screening (2016) and 10 questions for benchmarks"',
            1,
        )
    )
    lines = [base.rstrip(), ""]
    lines += ["[[themes]]", 'id = "6"', 'title = "Benchmark extras (not part of SQS)"', ""]
    for criterion_id, title, subject in EXTRA_CRITERIA:
        lines += ["[[themes.criteria]]", f'id = "{criterion_id}"', f'title = "{title}"', ""]
        for letter in "abcde":
            lines += [
                "[[themes.criteria.questions]]",
                f'id = "{criterion_id}{letter}"',
                f'text = "Was aspect {letter} of the {subject} sufficient?"',
                "",
            ]
    header = (
        "# Generated by benchmarks/generate.py: the framework of the 100,000-case benchmark\n"
        "# workbook (big.xlsx). Not a real inspection framework.\n\n"
    )
    return header + "\n".join(lines)


def framework_questions(toml_text: str) -> list[tuple[str, str]]:
    data = tomllib.loads(toml_text)
    return [
        (question["id"], question["text"])
        for theme in data["themes"]
        for criterion in theme["criteria"]
        for question in criterion["questions"]
    ]


def header_row(questions: list[tuple[str, str]]) -> list[Cell]:
    return ["Case ID", "Case type", "Inspector", *(f"{qid} {text}" for qid, text in questions)]


def case_rows(
    rng: random.Random, prefix: str, cases: int, question_count: int, empty_share: float
) -> Iterator[list[Cell]]:
    for case in range(1, cases + 1):
        marks: list[Cell] = list(rng.choices(MARKS, MARK_WEIGHTS, k=question_count))
        if empty_share:
            for index in range(question_count):
                if rng.random() < empty_share:
                    marks[index] = None
        yield [f"{prefix}-{case:05d}", rng.choice(CASE_TYPES), rng.choice(INSPECTORS), *marks]


def cases_sheet_rows(
    title: str, questions: list[tuple[str, str]], rows: Iterable[list[Cell]]
) -> Iterator[list[Cell]]:
    yield [title]
    yield []
    yield header_row(questions)
    yield from rows


def inspection_rows(rng: random.Random, area: str) -> list[list[Cell]]:
    start = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(300))
    return [
        ["Area", area],
        ["Service", f"{area} Youth Justice Service (generated)"],
        ["Fieldwork start", start],
        ["Fieldwork end", start + dt.timedelta(days=2)],
        ["Reoffending rate", round(rng.uniform(0.25, 0.45), 3)],
        ["Comparator reoffending rate", 0.378],
        ["Comparator", "England and Wales"],
    ]


def batch_name(index: int) -> str:
    style = "shared" if index % 2 == 0 else "inline"
    return f"wb-{index:04d}-{style}.xlsx"


def write_batch_workbook(
    folder: Path, index: int, seed: int, questions: list[tuple[str, str]]
) -> Path:
    rng = random.Random(seed * 1_000_003 + index)
    cases = rng.randint(MIN_CASES, MAX_CASES)
    empty_share = EMPTY_SHARE if rng.random() < 0.5 else 0.0
    area = f"Area {index:04d}"
    rows = list(case_rows(rng, f"A{index:04d}", cases, len(questions), empty_share))
    width = 3 + len(questions)
    cases_sheet = Sheet(
        "Cases", cases_sheet_rows(f"SQS marking: {area} (generated)", questions, rows)
    )
    inspection = Sheet("Inspection", inspection_rows(rng, area))
    path = folder / batch_name(index)
    write_xlsx(path, [(cases_sheet, width, cases + 3), (inspection, 2, 7)], shared=index % 2 == 0)
    return path


def write_small_workbook(
    folder: Path, index: int, seed: int, questions: list[tuple[str, str]]
) -> Path:
    rng = random.Random(seed * 1_000_033 + index)
    cases = rng.randint(SMALL_MIN_CASES, SMALL_MAX_CASES)
    area = f"Small area {index:05d}"
    rows = list(case_rows(rng, f"S{index:05d}", cases, len(questions), EMPTY_SHARE))
    cases_sheet = Sheet(
        "Cases", cases_sheet_rows(f"SQS marking: {area} (generated)", questions, rows)
    )
    inspection = Sheet("Inspection", inspection_rows(rng, area))
    path = folder / f"small-{index:05d}.xlsx"
    width = 3 + len(questions)
    write_xlsx(path, [(cases_sheet, width, cases + 3), (inspection, 2, 7)], shared=True)
    return path


BIG_TITLE = "SQS marking: regional dataset (generated)"


def big_cases(seed: int) -> tuple[list[list[Cell]], Iterator[list[Cell]]]:
    """The big workbook's Inspection rows and its case rows (streamed): big.xlsx and
    big.csv hold the same cases and marks. The Inspection rows are drawn first, as
    version 1 of this script did, so big.xlsx is the file issue 12 measured."""
    rng = random.Random(seed * 1_000_003 - 1)
    inspection = inspection_rows(rng, "Region (generated)")
    return inspection, case_rows(rng, "R", BIG_CASES, BIG_QUESTIONS, BIG_EMPTY_SHARE)


def write_big_workbook(path: Path, seed: int, questions: list[tuple[str, str]]) -> None:
    inspection_values, rows = big_cases(seed)
    cases_sheet = Sheet("Cases", cases_sheet_rows(BIG_TITLE, questions, rows))
    inspection = Sheet("Inspection", inspection_values)
    write_xlsx(
        path,
        [(cases_sheet, 3 + len(questions), BIG_CASES + 3), (inspection, 2, 7)],
        shared=True,
    )


# --- The big CSV ----------------------------------------------------------------------------

NOTE_TEXT = (
    "the case manager met the child and their carer at home, and the plan was reviewed "
    "after the court appearance; risk to others was assessed as medium but the "
    "assessment did not draw on the police intelligence or the school's report. "
    "education provision was arranged quickly, though attendance stayed low; the "
    '"safety and wellbeing" section was brief and was not updated when the child moved '
    "placement. management oversight was recorded, with a clear rationale for the "
    "decision to step down contact. victim work was offered; the victim declined. "
    "£25 travel grant agreed, café meeting with the mentor, the child's views recorded"
)
BIG_CSV_TEXT_COLUMNS = ("Evidence", "Comments")


def note_pool(rng: random.Random) -> list[str]:
    """Generated case notes of NOTE_CHARACTERS each, about one in ten of several lines."""
    low, high = NOTE_CHARACTERS
    vocabulary = NOTE_TEXT.split()
    notes = []
    for _ in range(NOTE_POOL):
        target = rng.randint(low, high)
        words: list[str] = []
        length = 0
        while length < target:
            word = rng.choice(vocabulary)
            words.append(word)
            length += len(word) + 1
        text = " ".join(words)
        if rng.random() < 0.1:
            middle = len(text) // 2
            text = text[:middle] + "\n" + text[middle:]
        notes.append(text[0].upper() + text[1:])
    return notes


def write_big_csv(path: Path, seed: int, questions: list[tuple[str, str]]) -> None:
    """big.xlsx's cases, marks and layout as Excel's "CSV UTF-8" writes them, with two
    free-text columns after `Inspector` (the xlsx has none, so this file is the larger).

    Every free-text cell is different, as inspectors' notes are: a reader that kept them
    would hold about the whole file (a pool of repeated notes would let `sys.intern` and
    the like hide that)."""
    rng = random.Random(seed * 1_000_003 - 2)
    notes = note_pool(rng)
    header = header_row(questions)
    header[3:3] = BIG_CSV_TEXT_COLUMNS
    width = len(header)
    temporary = path.with_name(path.name + ".part")
    with temporary.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        # Excel writes every row of a sheet's used range out to its last column.
        writer.writerow([BIG_TITLE, *[""] * (width - 1)])
        writer.writerow([""] * width)
        writer.writerow(header)
        _, rows = big_cases(seed)
        for row in rows:
            case_id = row[0]
            texts = [
                f"{rng.choice(notes)} ({case_id}, {column.lower()} {rng.randrange(1, 10_000)})"
                for column in BIG_CSV_TEXT_COLUMNS
            ]
            marks = ["" if mark is None else mark for mark in row[3:]]
            writer.writerow([*row[:3], *texts, *marks])
    temporary.replace(path)


# --- The cache ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Data:
    """Where the generated inputs are."""

    root: Path

    @property
    def batch(self) -> Path:
        """The 1,000 workbooks."""
        return self.root / "batch"

    @property
    def smaller_batch(self) -> Path:
        """The first 300 of them."""
        return self.root / f"batch-{SMALLER_BATCH_SIZE}"

    def batch_of(self, count: int) -> Path:
        return {BATCH_SIZE: self.batch, SMALLER_BATCH_SIZE: self.smaller_batch}[count]

    @property
    def big(self) -> Path:
        return self.root / "big.xlsx"

    @property
    def big_csv(self) -> Path:
        return self.root / "big.csv"

    @property
    def big_framework(self) -> Path:
        return self.root / "bench-40.toml"

    @property
    def small(self) -> Path:
        """The 10,000 small workbooks."""
        return self.root / "small"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"


def manifest_for(seed: int) -> dict[str, object]:
    return {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "batch": BATCH_SIZE,
        "smaller_batch": SMALLER_BATCH_SIZE,
        "cases": [MIN_CASES, MAX_CASES],
        "big": [BIG_CASES, BIG_QUESTIONS],
        "big_csv_note_characters": list(NOTE_CHARACTERS),
        "small": [SMALL_COUNT, SMALL_MIN_CASES, SMALL_MAX_CASES],
    }


def is_cached(data: Data, seed: int) -> bool:
    try:
        manifest = json.loads(data.manifest.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return manifest == manifest_for(seed) and data.big.is_file() and data.big_csv.is_file()


def _empty_folder(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for stale in folder.glob("*.xlsx"):
        stale.unlink()


def _report(what: str, started: float) -> None:
    print(f"generate: {what} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def generate(out: Path = DEFAULT_OUT, seed: int = DEFAULT_SEED, *, force: bool = False) -> Data:
    """Write every input (unless the cache in out already matches) and return where."""
    data = Data(out)
    if not force and is_cached(data, seed):
        return data
    out.mkdir(parents=True, exist_ok=True)
    data.manifest.unlink(missing_ok=True)
    shutil.rmtree(out / "batch-200", ignore_errors=True)  # the quick batch of version 1
    questions = sqs_2016_questions()
    started = time.perf_counter()
    _empty_folder(data.batch)
    _empty_folder(data.smaller_batch)
    for index in range(BATCH_SIZE):
        path = write_batch_workbook(data.batch, index, seed, questions)
        if index < SMALLER_BATCH_SIZE:
            shutil.copyfile(path, data.smaller_batch / path.name)
    _report(f"{BATCH_SIZE} workbooks (the first {SMALLER_BATCH_SIZE} also apart)", started)
    started = time.perf_counter()
    _empty_folder(data.small)
    for index in range(SMALL_COUNT):
        write_small_workbook(data.small, index, seed, questions)
    _report(f"{SMALL_COUNT:,} small workbooks", started)
    toml_text = bench_framework_toml()
    big_questions = framework_questions(toml_text)
    assert len(big_questions) == BIG_QUESTIONS, len(big_questions)
    data.big_framework.write_text(toml_text, "utf-8")
    started = time.perf_counter()
    write_big_workbook(data.big, seed, big_questions)
    _report(f"{data.big.name} ({data.big.stat().st_size / 1e6:.1f} MB)", started)
    started = time.perf_counter()
    write_big_csv(data.big_csv, seed, big_questions)
    _report(f"{data.big_csv.name} ({data.big_csv.stat().st_size / 1e6:.1f} MB)", started)
    data.manifest.write_text(json.dumps(manifest_for(seed), indent=2) + "\n", "utf-8")
    return data


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="cache folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)
    data = generate(args.out, args.seed, force=args.force)
    print(data.root)


if __name__ == "__main__":
    main()
