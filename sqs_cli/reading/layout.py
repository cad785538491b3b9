"""Stage 6 of reading: which rows and columns of a sheet are the cases and the marks.

A cases sheet has a header row (within the first 20) with a case-ID cell, and either a
column per question (the wide layout) or `Question` and `Judgement` columns (the long
layout). Headers are read as people write them: `Case ID:`, `Case no.`, and a question
ID in any of its common spellings (docs/workbooks.md lists them).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from sqs_cli.framework import Framework, Question
from sqs_cli.judgements import normalise_text
from sqs_cli.marking import CellValue, Layout
from sqs_cli.patterns import lazy
from sqs_cli.problems import Problem, column_letter, problem
from sqs_cli.reading.grid import Grid, is_blank
from sqs_cli.reading.headers import (
    HEADER_SEARCH_ROWS,
    JUDGEMENT_HEADERS,
    LONGEST_HEADER,
    QUESTION_HEADERS,
    header_key,
    is_case_id_header,
)

# A question ID as people write it in a header: `1.1a`, `Q1.1a`, `Q 1.1a`, `Question 1.1a`,
# `1.1 a`, `1.1(a)`, `1.1.a`, `1.1a.`, `1.1a: Assessment...`. The ID must end where a word
# would: `1.1 Assessment` is 1.1, not 1.1a.
_QUESTION_ID = lazy(
    r"""^\s*(?:(?:question|q)\s*\.?\s*)?
    (?P<number>\d+(?:\.\d+)*)
    (?:\s*\.?\s*\(?\s*(?P<letter>[a-z])\s*\)?)?
    (?=$|[\s:.,;)\-\u2013\u2014])""",
    re.IGNORECASE | re.VERBOSE,
)
# Anything that might be meant as a question ID, for warnings and hints only.
_ID_LIKE = lazy(r"\d+\s*[.,]\s*\d+(?:\s*[.,]?\s*\(?[a-z]\)?(?![a-z]))?", re.IGNORECASE)
_QUESTION_SHAPE = lazy(r"^\d+(?:\.\d+)+[a-z]?$")


def question_id_in(value: CellValue | None) -> str | None:
    """The question ID a header starts with, in one spelling (`Q 3.1(a)` -> `3.1a`)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)[:LONGEST_HEADER]
    match = _QUESTION_ID().match(normalise_text(text))
    if match is None:
        return None
    return match["number"] + (match["letter"] or "").lower()


class QuestionIndex(NamedTuple):
    """A framework's questions by every key a header may give."""

    by_id: Mapping[str, Question]
    ids: tuple[str, ...]

    def find(self, header: CellValue | None) -> tuple[str | None, Question | None]:
        """The ID a header gives (if any) and the question it names (if any)."""
        candidate = question_id_in(header)
        if candidate is not None and candidate in self.by_id:
            return candidate, self.by_id[candidate]
        # Frameworks of one's own may use IDs of another shape: the first word, as typed.
        words = header[:LONGEST_HEADER].split() if isinstance(header, str) else []
        if words:
            word = normalise_text(words[0]).rstrip(":.)-\u2013")
            if word in self.by_id:
                return word, self.by_id[word]
        return candidate, None

    def closest(self, candidate: str) -> str | None:
        import difflib

        matches = difflib.get_close_matches(candidate, self.ids, n=1, cutoff=0.75)
        return matches[0] if matches else None


# A batch reads thousands of workbooks against one framework: index it once.
@functools.lru_cache(maxsize=8)
def question_index(framework: Framework) -> QuestionIndex:
    by_id: dict[str, Question] = {}
    for question in framework.questions:
        by_id[question.id.casefold()] = question
        canonical = question_id_in(question.id)
        if canonical is not None:
            by_id.setdefault(canonical, question)
    return QuestionIndex(by_id, tuple(question.id for question in framework.questions))


class SheetLayout(NamedTuple):
    """Where a cases sheet's cases and marks are. Indices are the grid's, zero-based."""

    header_row: int
    id_column: int
    layout: Layout
    # Wide layout: column -> its question.
    questions: Mapping[int, Question]
    # Long layout: the Question and Judgement columns.
    question_column: int | None = None
    judgement_column: int | None = None
    # Warnings and errors about the header row (unknown or repeated question columns).
    problems: tuple[Problem, ...] = ()
    # A header over two rows (the question IDs in the row under the case-ID cell, which
    # is merged down or blank below): each column's lower cell, or its upper one where the
    # lower is blank. None: the header is the row header_row.
    header: tuple[CellValue, ...] | None = None

    @property
    def mark_columns(self) -> frozenset[int]:
        """The columns whose cells make a row more than empty: marks, and (long layout)
        the question a mark is for."""
        if self.layout == "long":
            return frozenset({self.question_column or 0, self.judgement_column or 0})
        return frozenset(self.questions)


class NotCases(NamedTuple):
    """Why a sheet is not a cases sheet, for the message when no sheet is."""

    # The case-ID header's cell (`A4`), when the sheet has one.
    id_cell: str | None
    # Headers that look like question IDs the framework does not have: (cell, token).
    near_headers: tuple[tuple[str, str], ...] = ()


def _header_rows(grid: Grid) -> Iterator[int]:
    """The rows, within the first 20, with a case-ID cell: looked for one at a time, as
    the first is nearly always the header."""
    for index, row in enumerate(grid.rows):
        if grid.top + index >= HEADER_SEARCH_ROWS:
            return
        if any(map(is_case_id_header, row)):
            yield index


def find_layout(grid: Grid, framework: Framework, file: str) -> SheetLayout | NotCases:
    """The sheet's layout, or why it holds no cases.

    The header row is the first with a case-ID cell and question columns (or Question
    and Judgement columns); a sheet with a case-ID cell but no question columns (a
    guide's table of columns, a list of cases) is not a cases sheet.
    """
    index = question_index(framework)
    first_id_cell: str | None = None
    near: list[tuple[str, str]] = []
    for header_row in _header_rows(grid):
        header = grid.rows[header_row]
        id_column = next(i for i, value in enumerate(header) if is_case_id_header(value))
        layout = _wide_or_long(grid, header_row, id_column, index, framework, file)
        if isinstance(layout, SheetLayout):
            return layout
        two_rows = two_row_header(grid, header_row, id_column)
        if two_rows is not None:
            lower = _wide_or_long(
                grid, header_row + 1, id_column, index, framework, file, header=two_rows
            )
            if isinstance(lower, SheetLayout):
                return lower._replace(header=two_rows)
        first_id_cell = first_id_cell or grid.cell(header_row, id_column)
        near.extend(layout)
    return NotCases(first_id_cell, tuple(near))


def two_row_header(grid: Grid, header_row: int, id_column: int) -> tuple[CellValue, ...] | None:
    """The header over the case-ID row and the row under it, when that row's case-ID cell
    is blank (merged down, as a heading over two rows is): group headings above, question
    IDs below. Each column's lower cell, or its upper one where the lower is blank. None
    when there is no such row."""
    if header_row + 1 >= len(grid.rows):
        return None
    upper, lower = grid.rows[header_row], grid.rows[header_row + 1]
    if id_column < len(lower) and not is_blank(lower[id_column]):
        return None
    width = max(len(upper), len(lower))
    cells: list[CellValue] = []
    for column in range(width):
        below = lower[column] if column < len(lower) else ""
        above = upper[column] if column < len(upper) else ""
        cells.append(above if is_blank(below) else below)
    return tuple(cells)


def _wide_or_long(
    grid: Grid,
    header_row: int,
    id_column: int,
    index: QuestionIndex,
    framework: Framework,
    file: str,
    header: Sequence[CellValue] | None = None,
) -> SheetLayout | list[tuple[str, str]]:
    """The layout the header (by default the row header_row) gives; else the headers
    near a question ID, for the message."""
    header = grid.rows[header_row] if header is None else header
    problems: list[Problem] = []
    columns: dict[int, Question] = {}
    first_column: dict[str, int] = {}
    near: list[tuple[str, str]] = []

    def report(code: str, message: str, column: int) -> None:
        cell = grid.cell(header_row, column)
        problems.append(problem(code, message, file=file, sheet=grid.name, cell=cell))

    for column, value in enumerate(header):
        if column == id_column or value is None or value == "":
            continue
        candidate, question = index.find(value)
        letter = column_letter(grid.left + column)
        if question is None:
            token = _id_like_token(value)
            if candidate is not None and _QUESTION_SHAPE().match(candidate):
                hint = index.closest(candidate)
                did_you_mean = f" (did you mean {hint}?)" if hint else ""
                report(
                    "unknown-question",
                    f"column {letter} is headed {candidate!r}, but {framework.id} has no "
                    f"question {candidate}{did_you_mean}; the column is not scored",
                    column,
                )
                near.append((grid.cell(header_row, column), candidate))
            elif token is not None:
                near.append((grid.cell(header_row, column), token))
                guess = question_id_in(_tidy(token))
                if guess is not None and guess in index.by_id:
                    report(
                        "unknown-question",
                        f"column {letter} is headed {token!r}, which looks like question "
                        f"{index.by_id[guess].id} but is not written as a question ID "
                        f"(write '{index.by_id[guess].id}' at the start of the header); "
                        "the column is not scored",
                        column,
                    )
            continue
        if question.id in first_column:
            earlier = grid.cell(header_row, first_column[question.id])
            report(
                "duplicate-question-column",
                f"question {question.id} also has column {earlier}; this column is not scored",
                column,
            )
            continue
        first_column[question.id] = column
        columns[column] = question
    if columns:
        return SheetLayout(header_row, id_column, "wide", columns, problems=tuple(problems))
    keys = [header_key(value) for value in header]
    question_column = next((i for i, key in enumerate(keys) if key in QUESTION_HEADERS), None)
    judgement_column = next((i for i, key in enumerate(keys) if key in JUDGEMENT_HEADERS), None)
    if question_column is not None and judgement_column is not None:
        return SheetLayout(header_row, id_column, "long", {}, question_column, judgement_column)
    return near


def _id_like_token(value: CellValue) -> str | None:
    """The part of a header that looks like a question ID, quoted in messages instead of
    the header itself (a header may hold anything)."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    match = _ID_LIKE().search(str(value)[:60])
    return match.group(0) if match else None


def _tidy(token: str) -> str:
    return token.replace(",", ".")


def first_token(value: CellValue) -> str:
    """A long-layout Question cell's ID, as typed (`1.1a` of `1.1a Assessment`)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    tokens = str(value).split()
    return tokens[0].rstrip(":.)-\u2013") if tokens else ""


def descriptive_names(grid: Grid, header: Sequence[CellValue], columns: Sequence[int]) -> list[str]:
    """Each descriptive column's header; a repeated or empty one is told apart by its
    column letter, so that no column's values are lost under another's name."""
    names: list[str] = []
    for column in columns:
        letter = column_letter(grid.left + column)
        value = header[column]
        blank = value is None or (isinstance(value, str) and not value.strip())
        name = letter if blank else str(value).strip()
        names.append(f"{name} ({letter})" if name in names else name)
    return names


class HeaderFit(NamedTuple):
    """How well a workbook's headers fit a framework: the framework's questions they name,
    and how many of those headers also carry the framework's own wording (as `sqs
    template` writes them), which tells apart frameworks that share question IDs."""

    questions: int
    worded: int


def header_fit(headers: Sequence[str], framework: Framework) -> HeaderFit:
    index = question_index(framework)
    named: set[str] = set()
    worded: set[str] = set()
    for header in headers:
        _, question = index.find(header)
        if question is None:
            continue
        named.add(question.id)
        if " ".join(question.text.split()).casefold() in " ".join(header.split()).casefold():
            worded.add(question.id)
    return HeaderFit(len(named), len(worded))


# The long layout's Question cells read for detection: enough for any framework.
_QUESTION_CELLS_READ = 10_000


def header_texts(grid: Grid) -> list[str]:
    """The text of a sheet's header row (the first, within 20 rows, with a case-ID cell),
    and for the long layout its distinct Question cells: what a framework is detected by."""
    for index in _header_rows(grid):
        header = grid.rows[index]
        id_column = next(i for i, value in enumerate(header) if is_case_id_header(value))
        # A header over two rows: the question IDs are in the lower one.
        two_rows = two_row_header(grid, index, id_column) or ()
        texts = [
            str(value)[:LONGEST_HEADER]
            for value in (*header, *two_rows)
            if isinstance(value, str | int | float) and not isinstance(value, bool)
        ]
        keys = [header_key(value) for value in header]
        question = next((i for i, key in enumerate(keys) if key in QUESTION_HEADERS), None)
        if question is not None and any(key in JUDGEMENT_HEADERS for key in keys):
            rows = grid.rows[index + 1 : index + 1 + _QUESTION_CELLS_READ]
            cells = {str(row[question])[:LONGEST_HEADER] for row in rows if row[question]}
            texts.extend(sorted(cells))
        return texts
    return []
