"""Property tests (issue 6, point 4): random marking tables, every layout, any order.

Hypothesis draws marking tables: a few cases, a random subset of the framework's questions,
and marks in every accepted spelling (any letter case, spaces and non-breaking spaces in
and around them), empty cells and text that is no judgement at all. The tests hold the
scores to an oracle written here from the README's "Judgements", not from
sqs_cli.judgements, and check that layout, file format, order and worker processes never
change a figure.
"""

from __future__ import annotations

import csv
import datetime
import json
import random
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqs_cli.api import score_workbooks
from sqs_cli.framework import load_builtin
from sqs_cli.results import COUNT_FIELDS, Report, WorkbookResult
from sqs_cli.writers.json_report import report_document
from tests.conftest import long_rows, valid_report, wide_rows, write_ods, write_workbook

FRAMEWORK = load_builtin()
QUESTIONS: tuple[str, ...] = tuple(question.id for question in FRAMEWORK.questions)
QUESTION_TEXT = {question.id: question.text for question in FRAMEWORK.questions}

# The README's "Judgements", restated: the judgement each accepted spelling means.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "sufficient": ("Yes", "Y", "Sufficient", "1", "TRUE"),
    "insufficient": ("No", "N", "Insufficient", "0", "FALSE"),
    "not_done": ("Not done", "Not reviewed", "Missing"),
    "not_applicable": ("N/A", "NA", "Not applicable", "n.a."),
}
ACCEPTED = [(judgement, spelling) for judgement, words in SPELLINGS.items() for spelling in words]
MEANING = {spelling.casefold(): judgement for judgement, spelling in ACCEPTED}
RELEVANT = ("sufficient", "insufficient", "not_done")
SPACES = " \u00a0"
NEAR_MISSES = (
    "Yse",
    "Yes.",
    "Yes please",
    "N/ A",
    "N.A",
    "n.a",
    "Not don",
    "Sufficent",
    "Partly",
    "2",
    "0.5",
    "-1",
    "?",
    "x",
    "#N/A",
    "TRUE1",
    "Y E S",
    "Ja",
    "Oui",
    "Nö",
)
# Text openpyxl stores as an Excel error value, not as text: see
# test_excel_error_values_are_invalid_marks.
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
# Letters that change under casefold, accents and look-alikes; no "=" (a formula to
# openpyxl) and no control characters (which .xlsx cannot hold).
INVALID_ALPHABET = "abcdeyznosANYESO0129 ./-?!'()éßİ\u00a0"

Cell = str | int | float | bool | datetime.date | None


def oracle(value: Cell) -> str:
    """The judgement a cell means, by the README (independent of sqs_cli.judgements)."""
    if value is None:
        return "unmarked"
    if isinstance(value, bool):
        return "sufficient" if value else "insufficient"
    if isinstance(value, int | float):
        return "sufficient" if value == 1 else "insufficient" if value == 0 else "invalid"
    if isinstance(value, datetime.date):
        return "invalid"
    text = " ".join(value.split()).casefold()
    if not text:
        return "unmarked"
    return MEANING.get(text, "invalid")


@st.composite
def spaces(draw: st.DrawFn, min_size: int = 0) -> str:
    return draw(st.text(alphabet=SPACES, min_size=min_size, max_size=2))


@st.composite
def accepted_text(draw: st.DrawFn) -> str:
    """An accepted spelling in any letter case, spaces and NBSPs within and around it."""
    _, spelling = draw(st.sampled_from(ACCEPTED))
    cased = "".join(char.upper() if draw(st.booleans()) else char.lower() for char in spelling)
    words = cased.split(" ")
    inner = words[0] + "".join(draw(spaces(min_size=1)) + word for word in words[1:])
    return draw(spaces()) + inner + draw(spaces())


def empty_text() -> st.SearchStrategy[str | None]:
    return st.sampled_from([None, "", " ", "\u00a0", " \u00a0 "])


def invalid_text() -> st.SearchStrategy[str]:
    raw = st.one_of(
        st.sampled_from(NEAR_MISSES),
        st.text(alphabet=INVALID_ALPHABET, min_size=1, max_size=12),
    )
    padded = st.tuples(spaces(), raw, spaces()).map("".join)
    return padded.filter(lambda text: oracle(text) == "invalid" and text not in EXCEL_ERRORS)


def text_mark() -> st.SearchStrategy[str | None]:
    """A mark as text, as any spreadsheet program can store it."""
    return st.one_of(accepted_text(), empty_text(), invalid_text())


def typed_mark() -> st.SearchStrategy[Cell]:
    """A mark as .xlsx can also hold it: numbers, booleans and dates besides text."""
    typed: st.SearchStrategy[Cell] = st.sampled_from(
        [1, 0, 1.0, 0.0, True, False, 2, 0.5, -1, 10, datetime.date(2016, 6, 1)]
    )
    return st.one_of(text_mark(), typed)


@dataclass(frozen=True)
class Table:
    """One marking table: headers[j] heads the column of questions[j]."""

    questions: tuple[str, ...]
    headers: tuple[str, ...]
    case_ids: tuple[str, ...]
    marks: tuple[tuple[Cell, ...], ...]  # marks[i][j]: case i, question j

    def marks_by_case(self) -> dict[str, list[Cell]]:
        return dict(zip(self.case_ids, (list(row) for row in self.marks), strict=True))

    def wide(self) -> list[list[Cell]]:
        return wide_rows(self.headers, self.marks_by_case())

    def long(self) -> list[list[Cell]]:
        return long_rows(self.headers, self.marks_by_case())

    def permuted(self, cases: Sequence[int], questions: Sequence[int]) -> Table:
        return Table(
            questions=tuple(self.questions[j] for j in questions),
            headers=tuple(self.headers[j] for j in questions),
            case_ids=tuple(self.case_ids[i] for i in cases),
            marks=tuple(tuple(self.marks[i][j] for j in questions) for i in cases),
        )


@st.composite
def header_for(draw: st.DrawFn, question: str) -> str:
    """How a workbook may head a question's column: its ID in any case, maybe a title."""
    cased = draw(st.sampled_from([question, question.upper()]))
    suffix = draw(st.sampled_from(["", ":", ")", " " + QUESTION_TEXT[question][:30]]))
    return cased + suffix


@st.composite
def tables(
    draw: st.DrawFn,
    mark: Callable[[], st.SearchStrategy[Cell]] = text_mark,
    max_cases: int = 40,
) -> Table:
    questions = draw(
        st.lists(st.sampled_from(QUESTIONS), min_size=1, max_size=len(QUESTIONS), unique=True)
    )
    case_ids = draw(
        st.lists(
            st.text(alphabet="ABCXYZ0123456789-", min_size=1, max_size=6),
            min_size=1,
            max_size=max_cases,
            unique=True,
        )
    )
    headers = tuple(draw(header_for(question)) for question in questions)
    marks = draw(
        st.lists(
            st.lists(mark(), min_size=len(questions), max_size=len(questions)).map(tuple),
            min_size=len(case_ids),
            max_size=len(case_ids),
        )
    )
    # A letter in each ID keeps it text in every format, so "007" stays "007".
    ids = tuple(f"C{case_id}" for case_id in case_ids)
    return Table(tuple(questions), headers, ids, tuple(marks))


# --- writing a table in each format ------------------------------------------------------

CSV_DIALECTS = {
    "csv-comma": ("utf-8", ","),
    "csv-comma-bom": ("utf-8-sig", ","),
    "csv-semicolon": ("utf-8", ";"),
    "csv-semicolon-bom": ("utf-8-sig", ";"),
}
WIDE_FORMATS = ("xlsx", "ods", *CSV_DIALECTS)
LAYOUTS = ("wide", "long")


def as_text(value: Cell) -> str | None:
    return value if value is None or isinstance(value, str) else str(value)


def write_rows(folder: Path, name: str, rows: Sequence[Sequence[Cell]], file_format: str) -> Path:
    if file_format == "xlsx":
        return write_workbook(folder / f"{name}.xlsx", {"Cases": rows})
    text_rows = [[as_text(value) for value in row] for row in rows]
    if file_format == "ods":
        return write_ods(folder / f"{name}.ods", {"Cases": text_rows})
    encoding, delimiter = CSV_DIALECTS[file_format]
    path = folder / f"{name}.csv"
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(
            [["" if value is None else value for value in row] for row in text_rows]
        )
    return path


def write_table(folder: Path, name: str, table: Table, layout: str, file_format: str) -> Path:
    rows = table.wide() if layout == "wide" else table.long()
    return write_rows(folder, name, rows, file_format)


def score(paths: Sequence[Path], jobs: int = 1) -> tuple[Report, dict[str, Any]]:
    """The Report and its JSON document, which must match the schema (property 5)."""
    report = score_workbooks(paths, FRAMEWORK, jobs=jobs)
    document = report_document(report)
    valid_report(json.dumps(document))
    return report, document


def without_reason(criterion: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in criterion.items() if key != "not_rated_reason"}


def column_name(index: int) -> str:
    """Zero-based column index to Excel letters (an oracle independent of sqs_cli)."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[remainder] + name
    return name


PROPERTY_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- 1. counts, proportions and cell names -----------------------------------------------


def check_question_figures(workbook: WorkbookResult, cases: int, marked: set[str]) -> None:
    for question in workbook.questions:
        counts = question.counts()
        assert set(counts) == set(COUNT_FIELDS)
        assert all(count >= 0 for count in counts.values())
        assert question.marked == (question.id in marked)
        assert sum(counts.values()) == (cases if question.marked else 0), question
        relevant = sum(counts[name] for name in RELEVANT)
        assert question.relevant == relevant
        if relevant == 0:
            assert question.proportion is None
        else:
            assert question.proportion == Fraction(question.sufficient, relevant)
            assert 0 <= question.proportion <= 1
    for criterion in workbook.criteria:
        if criterion.proportion is None:
            assert criterion.band is None
            assert criterion.not_rated_reason
        else:
            assert 0 <= criterion.proportion <= 1
            assert criterion.proportion == Fraction(criterion.sufficient, criterion.relevant)


@settings(PROPERTY_SETTINGS, max_examples=40)
@given(
    table=tables(mark=typed_mark),
    title_rows=st.integers(min_value=0, max_value=3),
    notes_column=st.booleans(),
)
def test_counts_sum_to_cases_and_invalid_cells_are_named(
    table: Table, title_rows: int, notes_column: bool
) -> None:
    header, *data = table.wide()
    if notes_column:
        # A descriptive column between the case IDs and the marks shifts every mark.
        header = [header[0], "Inspector", *header[1:]]
        data = [[row[0], "AB", *row[1:]] for row in data]
    titles: list[list[Cell]] = [[f"SQS marking, note {n}"] for n in range(title_rows)]
    rows = [*titles, header, *data]
    first_mark_column = 2 if notes_column else 1

    with tempfile.TemporaryDirectory() as folder:
        path = write_rows(Path(folder), "marking", rows, "xlsx")
        report, document = score([path])
    [workbook] = report.workbooks
    assert workbook.status != "unreadable", workbook.problems
    assert workbook.cases == len(table.case_ids)
    check_question_figures(workbook, len(table.case_ids), set(table.questions))

    expected = {question: Counter[str]() for question in table.questions}
    invalid_cells = set()
    for i, row in enumerate(table.marks):
        for j, value in enumerate(row):
            meaning = oracle(value)
            expected[table.questions[j]][meaning] += 1
            if meaning == "invalid":
                invalid_cells.add(f"{column_name(first_mark_column + j)}{title_rows + i + 2}")
    for question in workbook.questions:
        if question.marked:
            assert +Counter(question.counts()) == expected[question.id], question.id
    unknown = [p.cell or "" for p in workbook.problems if p.code == "unknown-judgement"]
    assert sorted(unknown) == sorted(invalid_cells)
    assert all(p.sheet == "Cases" for p in workbook.problems)
    # One readable workbook pooled is that workbook (but for the wording of reasons).
    pooled, [alone] = document["pooled"], document["workbooks"]
    assert pooled["questions"] == alone["questions"]
    assert [without_reason(c) for c in pooled["criteria"]] == [
        without_reason(c) for c in alone["criteria"]
    ]


# --- 2. every layout and format gives the same figures --------------------------------


@settings(PROPERTY_SETTINGS, max_examples=15)
@given(table=tables(max_cases=20))
def test_same_figures_in_every_layout_and_format(table: Table) -> None:
    variants = [("wide", file_format) for file_format in WIDE_FORMATS]
    variants += [("long", "xlsx"), ("long", "ods"), ("long", "csv-comma")]
    variants += [("long", "csv-semicolon-bom")]
    with tempfile.TemporaryDirectory() as folder:
        paths = [
            write_table(Path(folder), f"{layout}-{file_format}", table, layout, file_format)
            for layout, file_format in variants
        ]
        # One batch, one JSON document: every workbook in it is one variant.
        report, document = score(paths)
    for (layout, file_format), workbook in zip(variants, report.workbooks, strict=True):
        assert workbook.layout == layout, (layout, file_format, workbook.problems)
        check_question_figures(workbook, len(table.case_ids), set(table.questions))
    reference = document["workbooks"][0]
    for variant, workbook in zip(variants, document["workbooks"], strict=True):
        assert workbook["questions"] == reference["questions"], f"questions differ: {variant}"
        assert workbook["criteria"] == reference["criteria"], f"criteria differ: {variant}"


# --- 3. the order of rows and columns does not matter ---------------------------------


@st.composite
def shuffled_tables(draw: st.DrawFn) -> tuple[Table, Table, str]:
    table = draw(tables(max_cases=30))
    cases = draw(st.permutations(range(len(table.case_ids))))
    questions = draw(st.permutations(range(len(table.questions))))
    layout = draw(st.sampled_from(LAYOUTS))
    return table, table.permuted(cases, questions), layout


@settings(PROPERTY_SETTINGS, max_examples=25)
@given(tables_and_layout=shuffled_tables(), seed=st.randoms(use_true_random=False))
def test_order_of_rows_and_columns_does_not_matter(
    tables_and_layout: tuple[Table, Table, str], seed: random.Random
) -> None:
    table, shuffled, layout = tables_and_layout
    with tempfile.TemporaryDirectory() as folder:
        original = write_table(Path(folder), "original", table, layout, "xlsx")
        if layout == "wide":
            moved = write_table(Path(folder), "shuffled", shuffled, layout, "xlsx")
        else:
            # Long layout: any order of the mark rows at all, not only case by case.
            header, *marks = shuffled.long()
            seed.shuffle(marks)
            moved = write_rows(Path(folder), "shuffled", [header, *marks], "xlsx")
        _, document = score([original, moved])
    before, after = document["workbooks"]
    assert before["status"] != "unreadable", before["problems"]
    assert (after["questions"], after["criteria"]) == (before["questions"], before["criteria"])


# --- 4. worker processes do not change the report ---------------------------------------

UNREADABLE: dict[str, Callable[[Path], Path]] = {
    "text named .xlsx": lambda folder: _write(folder / "notes.xlsx", b"Case ID,1.1a\nC1,Yes\n"),
    "empty file": lambda folder: _write(folder / "empty.xlsx", b""),
    "missing file": lambda folder: folder / "missing.xlsx",
    "PDF named .ods": lambda folder: _write(folder / "scan.ods", b"%PDF-1.4\n%\xe2\xe3\n"),
    "no header": lambda folder: _write(folder / "export.csv", b"Name,1.1a\nx,Yes\n"),
}


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[tuple[Table, str, str]], str, int]:
    count = draw(st.integers(min_value=2, max_value=5))
    books = [
        (
            draw(tables(max_cases=15)),
            draw(st.sampled_from(LAYOUTS)),
            draw(st.sampled_from(WIDE_FORMATS)),
        )
        for _ in range(count)
    ]
    unreadable = draw(st.sampled_from(sorted(UNREADABLE)))
    position = draw(st.integers(min_value=0, max_value=count))
    return books, unreadable, position


@settings(PROPERTY_SETTINGS, max_examples=6)
@given(batch=batches())
def test_jobs_1_and_jobs_2_give_the_same_report(
    batch: tuple[list[tuple[Table, str, str]], str, int],
) -> None:
    books, unreadable, position = batch
    with tempfile.TemporaryDirectory() as folder:
        paths = [
            write_table(Path(folder), f"book{index}", table, layout, file_format)
            for index, (table, layout, file_format) in enumerate(books)
        ]
        paths.insert(position, UNREADABLE[unreadable](Path(folder)))
        one, serial = score(paths, jobs=1)
        _, parallel = score(paths, jobs=2)
    assert [workbook.status for workbook in one.workbooks].count("unreadable") == 1
    assert json.dumps(parallel, sort_keys=False) == json.dumps(serial, sort_keys=False)


# --- bugs found by these properties -----------------------------------------------------


@pytest.mark.parametrize("error", sorted(EXCEL_ERRORS))
def test_excel_error_values_are_invalid_marks(error: str) -> None:
    # Found by test_same_figures_in_every_layout_and_format: "#N/A" as text in the CSV
    # and the ODS is an unknown judgement, but as the error value in the .xlsx it counts
    # as an empty cell. A cell showing #N/A (a failed VLOOKUP, say) is not an empty mark.
    table = Table(
        questions=("1.1a", "1.1b"),
        headers=("1.1a", "1.1b"),
        case_ids=("C1", "C2"),
        marks=(("Yes", "No"), ("N/A", error)),
    )
    with tempfile.TemporaryDirectory() as folder:
        xlsx = write_table(Path(folder), "errors", table, "wide", "xlsx")
        text = write_table(Path(folder), "errors", table, "wide", "csv-comma")
        report, document = score([xlsx, text])
    excel, csv_text = report.workbooks
    assert [(p.code, p.cell) for p in csv_text.problems] == [("unknown-judgement", "C3")]
    assert [(p.code, p.cell) for p in excel.problems] == [("unknown-judgement", "C3")]
    assert document["workbooks"][0]["questions"] == document["workbooks"][1]["questions"]


@pytest.mark.parametrize(("delimiter", "other"), [(";", ","), (",", ";")])
def test_csv_delimiter_inside_comments_does_not_change_figures(delimiter: str, other: str) -> None:
    # Found while choosing the text for the CSV variants of
    # test_same_figures_in_every_layout_and_format: the guess counts delimiters inside
    # quoted cells. Excel in much of Europe saves ";"-separated CSV, and a Comments column
    # there is ordinary prose full of commas.
    words = ("Plan seen", "signed", "dated", "shared with YOT", "police", "school", "CAMHS")
    comment = f"{other} ".join(words)
    rows: list[list[Cell]] = [
        ["Case ID", "1.1a", "1.1b", "Comments"],
        ["C1", "Yes", "No", comment],
        ["C2", "Yes", "N/A", comment],
    ]
    dialect = "csv-semicolon-bom" if delimiter == ";" else "csv-comma"
    with tempfile.TemporaryDirectory() as folder:
        xlsx = write_rows(Path(folder), "audit", rows, "xlsx")
        text = write_rows(Path(folder), "audit", rows, dialect)
        _, document = score([xlsx, text])
    excel, csv_text = document["workbooks"]
    assert csv_text["status"] == excel["status"] == "ok", csv_text["problems"]
    assert csv_text["questions"] == excel["questions"]
