"""Read a marking workbook into a Marking (SPEC section 2), with python-calamine.

The reader is the imperative shell around the scoring core: it finds the cases sheet
and its header row, tells question columns from descriptive ones, turns each cell into
a judgement and records every problem with the sheet and cell Excel would show.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import python_calamine

from sqs_cli.files import (
    Container,
    check_extent,
    check_ods_content,
    check_sheet_extents,
    check_workbook_file,
    first_line,
)
from sqs_cli.framework import Framework, Question
from sqs_cli.judgements import ACCEPTED_VALUES, Judgement, judge, normalise_text, suggest
from sqs_cli.marking import CellValue, InspectionValue, Layout, Marking
from sqs_cli.problems import Problem, SqsError, cell_name, column_letter, display_value, problem
from sqs_cli.settings import Limits

CASE_ID_HEADERS = frozenset({"case id", "case", "case ref", "case reference", "case number"})
QUESTION_HEADERS = frozenset({"question", "question id"})
JUDGEMENT_HEADERS = frozenset({"judgement", "judgment", "mark"})
HEADER_SEARCH_ROWS = 20
CASES_SHEET = "cases"
INSPECTION_SHEET = "inspection"

INSPECTION_KEYS = (
    "Area",
    "Service",
    "Fieldwork start",
    "Fieldwork end",
    "Published",
    "Reoffending rate",
    "Comparator reoffending rate",
    "Comparator",
    "Lead inspector",
)
RATE_KEYS = frozenset({"Reoffending rate", "Comparator reoffending rate"})
_INSPECTION_KEY_BY_FOLDED = {key.casefold(): key for key in INSPECTION_KEYS}

# A header whose first token has this shape is meant to be a question, even when the
# framework has no such question: worth a warning, not silence.
_QUESTION_SHAPE = re.compile(r"^\d+(?:\.\d+)+[a-z]?$", re.IGNORECASE)
_HEADER_TOKEN_TRIM = ":.)-\u2013"
_XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})


def read_marking(
    path: Path,
    framework: Framework,
    *,
    display: str | None = None,
    limits: Limits | None = None,
) -> Marking:
    """The marks in one workbook. Raises SqsError when it is not a marking workbook at all."""
    display = display if display is not None else str(path)
    limits = limits or Limits()
    container = check_workbook_file(path, display, limits)
    parts_with_formulas: frozenset[str] = frozenset()
    if path.suffix.lower() in _XLSX_SUFFIXES:
        parts_with_formulas = check_sheet_extents(path, display, limits)
    elif path.suffix.lower() == ".ods":
        check_ods_content(path, display, limits)
    if container is Container.TEXT:
        grid = _csv_grid(path, display, limits)
        if _header_row(grid) is None:
            raise SqsError.of(
                "no-case-id-header",
                f"no 'Case ID' header in the first {HEADER_SEARCH_ROWS} rows",
                file=display,
                sheet=grid.name,
            )
        sheet, inspection_grid = grid.name, None
    else:
        workbook = _open_workbook(path, display)
        with workbook:
            sheet, grid = _find_cases_sheet(workbook, display)
            inspection_grid = _find_inspection_grid(workbook, display)
    reader = _SheetReader(
        path=path,
        display=display,
        framework=framework,
        sheet=sheet,
        grid=grid,
        parts_with_formulas=parts_with_formulas,
    )
    marking = reader.read()
    if inspection_grid is None:
        return marking
    inspection, problems = _read_inspection(inspection_grid, display)
    return marking._replace(inspection=inspection, problems=marking.problems + problems)


class _Grid(NamedTuple):
    """A sheet's used range; rows[i][j] is the cell at (top + i, left + j), zero-based."""

    name: str
    rows: list[list[CellValue]]
    top: int
    left: int
    merged: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()

    def cell(self, row: int, column: int) -> str:
        return cell_name(self.top + row, self.left + column)


def _open_workbook(path: Path, display: str) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_path(path)
    except python_calamine.PasswordError:
        raise SqsError.of(
            "encrypted-workbook",
            "the workbook is encrypted (password-protected); save an unprotected copy",
            file=display,
        ) from None
    except (python_calamine.CalamineError, ValueError) as error:
        raise SqsError.of(
            "corrupt-workbook", f"the workbook is damaged: {first_line(error)}", file=display
        ) from None
    except OSError as error:
        raise SqsError.of(
            "file-unreadable", f"cannot open: {error.strerror or error}", file=display
        ) from None


def _csv_grid(path: Path, display: str, limits: Limits) -> _Grid:
    """A CSV file as one sheet, named after the file as Excel names it on opening."""
    import csv  # only CSV input needs it: kept off the start-up of the common case

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SqsError.of(
            "not-a-workbook",
            f"not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8' and try again",
            file=display,
        ) from None
    except OSError as error:
        raise SqsError.of(
            "file-unreadable", f"cannot read: {error.strerror or error}", file=display
        ) from None
    # A cell may hold a long comment; the file's size is already bounded.
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_file_bytes))
    delimiter = _csv_delimiter(text)
    try:
        rows: list[list[CellValue]] = [
            list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise SqsError.of(
            "not-a-workbook", f"not readable as CSV: {first_line(error)}", file=display
        ) from None
    width = max((len(row) for row in rows), default=0)
    check_extent(display, path.stem, len(rows), width, limits)
    for row in rows:
        row.extend([""] * (width - len(row)))
    return _Grid(name=path.stem, rows=rows, top=0, left=0)


def _csv_delimiter(text: str) -> str:
    """ "," or ";" (Excel in much of Europe writes ";"): the one that splits the header row
    into a case-ID column, quoted cells and all; else the one giving more columns."""
    import csv

    head = text.splitlines()[: HEADER_SEARCH_ROWS + 1]
    widths = {}
    for delimiter in (",", ";"):
        try:
            rows = list(csv.reader(head, delimiter=delimiter))
        except csv.Error:
            continue
        if any(_header_text(cell) in CASE_ID_HEADERS for row in rows for cell in row):
            return delimiter
        widths[delimiter] = max((len(row) for row in rows), default=0)
    return max(widths, key=lambda delimiter: widths[delimiter], default=",")


def _load_grid(workbook: python_calamine.CalamineWorkbook, name: str, display: str) -> _Grid:
    try:
        sheet = workbook.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=True)
        start = sheet.start or (0, 0)
        merged = tuple(sheet.merged_cell_ranges or ())
    except (python_calamine.CalamineError, ValueError) as error:
        message = first_line(error)
        if "limit exceeded" in message.lower():
            # python-calamine's own guard (.ods repeated cells): report it as ours.
            raise SqsError.of(
                "limit-exceeded",
                f"sheet {name!r} is too large to read: {message}",
                file=display,
                sheet=name,
            ) from None
        raise SqsError.of(
            "corrupt-workbook",
            f"sheet {name!r} cannot be read: {message}",
            file=display,
            sheet=name,
        ) from None
    return _Grid(name=name, rows=rows, top=start[0], left=start[1], merged=merged)


def _visible_sheets(workbook: python_calamine.CalamineWorkbook) -> list[str]:
    return [
        sheet.name
        for sheet in workbook.sheets_metadata
        if sheet.visible == python_calamine.SheetVisibleEnum.Visible
        and sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]


def _header_row(grid: _Grid) -> int | None:
    for index, row in enumerate(grid.rows):
        if grid.top + index >= HEADER_SEARCH_ROWS:
            return None
        if any(_header_text(value) in CASE_ID_HEADERS for value in row):
            return index
    return None


def _header_text(value: CellValue) -> str:
    return normalise_text(value) if isinstance(value, str) else ""


def _find_cases_sheet(
    workbook: python_calamine.CalamineWorkbook, display: str
) -> tuple[str, _Grid]:
    names = _visible_sheets(workbook)
    if not names:
        raise SqsError.of("no-sheets", "the workbook has no visible worksheets", file=display)
    named = [name for name in names if normalise_text(name) == CASES_SHEET]
    candidates = named[:1] or names
    for name in candidates:
        grid = _load_grid(workbook, name, display)
        if _header_row(grid) is not None:
            return name, grid
    looked_in = ", ".join(repr(name) for name in candidates)
    raise SqsError.of(
        "no-case-id-header",
        f"no 'Case ID' header in the first {HEADER_SEARCH_ROWS} rows of sheet {looked_in}",
        file=display,
        sheet=candidates[0] if named else None,
    )


def _find_inspection_grid(workbook: python_calamine.CalamineWorkbook, display: str) -> _Grid | None:
    for name in workbook.sheet_names:
        if normalise_text(name) == INSPECTION_SHEET:
            return _load_grid(workbook, name, display)
    return None


def _is_blank(value: CellValue | None) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def case_id_text(value: CellValue | None) -> str | None:
    """A case ID as text, so that the number 123 and the text "123" are the same case."""
    if _is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def _first_token(value: CellValue) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    tokens = str(value).split()
    return tokens[0].rstrip(_HEADER_TOKEN_TRIM) if tokens else ""


class _SheetReader:
    """Reads one cases sheet into a Marking, collecting its problems on the way."""

    def __init__(
        self,
        *,
        path: Path,
        display: str,
        framework: Framework,
        sheet: str,
        grid: _Grid,
        parts_with_formulas: frozenset[str] = frozenset(),
    ) -> None:
        self.path = path
        self.display = display
        self.framework = framework
        self.sheet = sheet
        self.grid = grid
        # The workbook's XML parts that hold a formula or an error cell.
        self.parts_with_formulas = parts_with_formulas
        self.problems: list[Problem] = []
        self.tallies: dict[str, Counter[Judgement]] = {}
        self.case_ids: list[str] = []
        self.descriptive_columns: dict[str, Sequence[CellValue | None]] = {}
        # Empty mark cells, by cell name, with their question: a formula or an Excel
        # error found under one later turns it from unmarked into invalid.
        self.unmarked_cells: dict[str, str] = {}

    def report(self, code: str, message: str, cell: str | None) -> None:
        self.problems.append(self.problem(code, message, cell))

    def problem(self, code: str, message: str, cell: str | None) -> Problem:
        return problem(code, message, file=self.display, sheet=self.sheet, cell=cell)

    def read(self) -> Marking:
        header_index = _header_row(self.grid)
        assert header_index is not None  # _find_cases_sheet chose this sheet for its header
        header = self.grid.rows[header_index]
        folded = [_header_text(value) for value in header]
        id_column = next(i for i, text in enumerate(folded) if text in CASE_ID_HEADERS)
        question_columns = self.question_columns(header_index, header, skip={id_column})
        layout: Layout = "wide"
        if not question_columns:
            question_column = _index_of(folded, QUESTION_HEADERS)
            judgement_column = _index_of(folded, JUDGEMENT_HEADERS)
            if question_column is None or judgement_column is None:
                raise SqsError.of(
                    "no-questions",
                    f"no column is headed by a question ID of {self.framework.id} "
                    "(e.g. '1.1a'), and there are no 'Question' and 'Judgement' columns",
                    file=self.display,
                    sheet=self.sheet,
                    cell=self.grid.cell(header_index, id_column),
                )
            layout = "long"
            self.read_long(header_index, header, id_column, question_column, judgement_column)
        else:
            self.read_wide(header_index, header, id_column, question_columns)
        self.flag_hidden_values()
        return Marking(
            file=self.display,
            sheet=self.sheet,
            layout=layout,
            case_ids=tuple(self.case_ids),
            tallies=self.tallies,
            inspection={},
            descriptive_columns=self.descriptive_columns,
            problems=tuple(self.problems),
        )

    def question_columns(
        self, header_index: int, header: Sequence[CellValue], skip: set[int]
    ) -> dict[int, Question]:
        by_id = self.framework.question_index()
        columns: dict[int, Question] = {}
        first_column: dict[str, int] = {}
        for column, value in enumerate(header):
            if column in skip or _is_blank(value):
                continue
            token = _first_token(value)
            question = by_id.get(token.casefold())
            cell = self.grid.cell(header_index, column)
            if question is None:
                if _QUESTION_SHAPE.match(token):
                    self.report(
                        "unknown-question",
                        f"column {column_letter(self.grid.left + column)} is headed "
                        f"{display_value(value)}, but {self.framework.id} has no question "
                        f"{token}; the column is not scored",
                        cell,
                    )
                continue
            if question.id in first_column:
                earlier = self.grid.cell(header_index, first_column[question.id])
                self.report(
                    "duplicate-question-column",
                    f"question {question.id} also has column {earlier}; this column is not scored",
                    cell,
                )
                continue
            first_column[question.id] = column
            columns[column] = question
        return columns

    def descriptive_names(self, header: Sequence[CellValue], columns: Sequence[int]) -> list[str]:
        """Each descriptive column's header; a repeated or empty one is told apart by its
        column letter, so that no column's values are lost under another's name."""
        names: list[str] = []
        for column in columns:
            letter = column_letter(self.grid.left + column)
            name = str(header[column]).strip() if not _is_blank(header[column]) else letter
            names.append(f"{name} ({letter})" if name in names else name)
        return names

    def judgement_problem(self, value: CellValue, judgement: Judgement, cell: str) -> Problem:
        """The problem an invalid or empty mark cell is reported as."""
        if judgement is Judgement.UNMARKED:
            return self.problem("unmarked", "mark cell is empty", cell)
        hint = suggest(value)
        did_you_mean = f"; did you mean {hint!r}?" if hint else ""
        return self.problem(
            "unknown-judgement",
            f"{display_value(value)} is not a judgement{did_you_mean} "
            f"(accepted: {ACCEPTED_VALUES})",
            cell,
        )

    def read_wide(
        self,
        header_index: int,
        header: Sequence[CellValue],
        id_column: int,
        question_columns: dict[int, Question],
    ) -> None:
        """Count each question column's values and judge each distinct value once.

        A regional sheet has millions of mark cells but only a handful of distinct values:
        per-cell Python work is what would make sqs slower than reading the file. Only the
        cells of invalid and empty values are visited one by one, to say where they are.
        """
        rows = self.grid.rows
        descriptive = [
            column
            for column in range(len(header))
            if column != id_column and column not in question_columns
        ]
        covered = self.merged_mark_cells(header_index, set(question_columns))
        # Problems found in the cells, kept with their (row, column) to be reported in
        # reading order: row by row, left to right, as a person would fix them.
        found: list[tuple[int, int, Problem]] = []
        first_row: dict[str, str] = {}
        id_letter = column_letter(self.grid.left + id_column)
        scored: list[Sequence[CellValue]] = []
        scored_indices: list[int] = []
        for index in range(header_index + 1, len(rows)):
            row = rows[index]
            case_id = case_id_text(row[id_column])
            if case_id is None:
                if any(not _is_blank(row[column]) for column in question_columns):
                    number = self.grid.top + index + 1
                    found.append(
                        (
                            index,
                            id_column,
                            self.problem(
                                "missing-case-id",
                                f"row {number} has marks but no case ID; the row is not scored",
                                f"{id_letter}{number}",
                            ),
                        )
                    )
                continue
            id_cell = f"{id_letter}{self.grid.top + index + 1}"
            if case_id in first_row:
                found.append(
                    (
                        index,
                        id_column,
                        self.problem(
                            "duplicate-case-id",
                            f"case ID {display_value(case_id)} is also in {first_row[case_id]}; "
                            "this row is not scored",
                            id_cell,
                        ),
                    )
                )
                continue
            first_row[case_id] = id_cell
            self.case_ids.append(case_id)
            scored.append(row)
            scored_indices.append(index)
        # One tuple per column, built in C: the columns are what is counted.
        columns = list(zip(*scored, strict=True)) if scored else [()] * len(header)
        names = self.descriptive_names(header, descriptive)
        for name, column in zip(names, descriptive, strict=True):
            self.descriptive_columns[name] = columns[column]
        for column, question in question_columns.items():
            values = columns[column]
            letter = column_letter(self.grid.left + column)
            tally: Counter[Judgement] = Counter()
            for value, count in Counter(values).items():
                judgement = judge(value)
                tally[judgement] += count
                if judgement is not Judgement.INVALID and judgement is not Judgement.UNMARKED:
                    continue
                position = -1
                for _ in range(count):
                    # Equal values (1 and 1.0) share a key: report each cell's own value.
                    position = values.index(value, position + 1)
                    index = scored_indices[position]
                    if (index, column) in covered:
                        continue
                    cell = f"{letter}{self.grid.top + index + 1}"
                    if judgement is Judgement.UNMARKED:
                        self.unmarked_cells[cell] = question.id
                    found.append(
                        (index, column, self.judgement_problem(values[position], judgement, cell))
                    )
            self.tallies[question.id] = tally
        if covered:
            self.invalidate_covered(covered, question_columns, scored_indices, columns)
        found.sort(key=lambda item: (item[0], item[1]))
        self.problems.extend(item[2] for item in found)

    def invalidate_covered(
        self,
        covered: set[tuple[int, int]],
        question_columns: dict[int, Question],
        scored_indices: Sequence[int],
        columns: Sequence[Sequence[CellValue]],
    ) -> None:
        """A mark cell under a merged range is invalid, whatever value the range shows."""
        position_of = {index: position for position, index in enumerate(scored_indices)}
        for index, column in covered:
            position = position_of.get(index)
            if position is None or column not in question_columns:
                continue
            tally = self.tallies[question_columns[column].id]
            tally[judge(columns[column][position])] -= 1
            tally[Judgement.INVALID] += 1

    def read_long(
        self,
        header_index: int,
        header: Sequence[CellValue],
        id_column: int,
        question_column: int,
        judgement_column: int,
    ) -> None:
        by_id = self.framework.question_index()
        descriptive = [
            column
            for column in range(len(header))
            if column not in (id_column, question_column, judgement_column)
        ]
        names = self.descriptive_names(header, descriptive)
        values: dict[str, list[CellValue | None]] = {name: [] for name in names}
        self.descriptive_columns.update(values)
        covered = self.merged_mark_cells(header_index, {judgement_column})
        registered: set[str] = set()
        # The first counted mark of each (case, question), with its cell.
        marked: dict[tuple[str, str], tuple[Judgement, str]] = {}
        for index in range(header_index + 1, len(self.grid.rows)):
            row = self.grid.rows[index]
            raw_question, raw_judgement = row[question_column], row[judgement_column]
            case_id = case_id_text(row[id_column])
            if case_id is None:
                if not (_is_blank(raw_question) and _is_blank(raw_judgement)):
                    self.report(
                        "missing-case-id",
                        f"row {self.grid.top + index + 1} has a mark but no case ID; "
                        "the row is not scored",
                        self.grid.cell(index, id_column),
                    )
                continue
            if case_id not in registered:
                registered.add(case_id)
                self.case_ids.append(case_id)
                for name, column in zip(names, descriptive, strict=True):
                    values[name].append(row[column])
            question_cell = self.grid.cell(index, question_column)
            if _is_blank(raw_question):
                self.report(
                    "missing-question", "row has no question; it is not scored", question_cell
                )
                continue
            token = _first_token(raw_question)
            question = by_id.get(token.casefold())
            if question is None:
                self.report(
                    "unknown-question",
                    f"{display_value(raw_question)} is not a question of "
                    f"{self.framework.id}; the row is not scored",
                    question_cell,
                )
                continue
            cell = self.grid.cell(index, judgement_column)
            if (index, judgement_column) in covered:
                judgement = Judgement.INVALID
            else:
                judgement = judge(raw_judgement)
                if judgement is Judgement.INVALID or judgement is Judgement.UNMARKED:
                    self.problems.append(self.judgement_problem(raw_judgement, judgement, cell))
            earlier = marked.get((case_id, question.id))
            if earlier is not None:
                if earlier[0] != judgement:
                    self.report(
                        "conflicting-marks",
                        f"case {display_value(case_id)} question {question.id} is marked "
                        f"differently in {earlier[1]}; this row is not scored",
                        cell,
                    )
                continue
            marked[(case_id, question.id)] = (judgement, cell)
            self.tallies.setdefault(question.id, Counter())[judgement] += 1
            if judgement is Judgement.UNMARKED:
                self.unmarked_cells[cell] = question.id

    def merged_mark_cells(self, header_index: int, mark_columns: set[int]) -> set[tuple[int, int]]:
        """Mark cells hidden under a merged range, as (row, column) of the grid; each range
        is reported once."""
        covered: set[tuple[int, int]] = set()
        first_data_row = self.grid.top + header_index + 1
        mark_absolute = {self.grid.left + column for column in mark_columns}
        for (top, left), (bottom, right) in self.grid.merged:
            if bottom < first_data_row or not any(left <= c <= right for c in mark_absolute):
                continue
            span = f"{cell_name(top, left)}:{cell_name(bottom, right)}"
            self.report(
                "merged-cells",
                f"cells {span} are merged across marks; unmerge them and mark each cell",
                span,
            )
            # Only cells the sheet has can hide a mark: a range may claim the whole sheet.
            last_row = self.grid.top + len(self.grid.rows) - 1
            covered.update(
                (row - self.grid.top, column - self.grid.left)
                for row in range(max(top, first_data_row), min(bottom, last_row) + 1)
                for column in sorted(mark_absolute)
                if left <= column <= right
            )
        return covered

    def flag_hidden_values(self) -> None:
        """Empty-looking mark cells that hold an uncalculated formula or an Excel error."""
        if not (self.parts_with_formulas and self.unmarked_cells):
            return
        # ElementTree is imported only for a sheet that has formulas or error cells.
        from sqs_cli.formulas import hidden_values

        hidden = {
            cell: value
            for cell, value in hidden_values(
                self.path, self.sheet, self.parts_with_formulas
            ).items()
            if cell in self.unmarked_cells
        }
        if not hidden:
            return
        for cell in hidden:
            tally = self.tallies[self.unmarked_cells[cell]]
            tally[Judgement.UNMARKED] -= 1
            tally[Judgement.INVALID] += 1
        self.problems = [
            item for item in self.problems if not (item.code == "unmarked" and item.cell in hidden)
        ]
        for cell in sorted(hidden, key=_cell_sort_key):
            error = hidden[cell]
            if error is None:
                self.report(
                    "formula-without-value",
                    "formula has no calculated value; open the workbook in Excel or "
                    "LibreOffice, save it, and run sqs again",
                    cell,
                )
            else:
                self.report(
                    "unknown-judgement",
                    f"{display_value(error)} is an Excel error value, not a judgement "
                    f"(accepted: {ACCEPTED_VALUES})",
                    cell,
                )


def _cell_sort_key(cell: str) -> tuple[int, int, str]:
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters) :] or 0), len(letters), letters


def _index_of(folded: Sequence[str], names: frozenset[str]) -> int | None:
    return next((index for index, text in enumerate(folded) if text in names), None)


def _read_inspection(
    grid: _Grid, display: str
) -> tuple[dict[str, InspectionValue], tuple[Problem, ...]]:
    values: dict[str, InspectionValue] = {}
    problems: list[Problem] = []
    for index, row in enumerate(grid.rows):
        if not row or _is_blank(row[0]):
            continue
        raw_key = str(row[0]).strip()
        if index == 0 and normalise_text(raw_key) in {"key", "field", "item", "setting"}:
            continue
        key = _INSPECTION_KEY_BY_FOLDED.get(normalise_text(raw_key), raw_key)
        raw_value = row[1] if len(row) > 1 else None
        if key in RATE_KEYS:
            rate = parse_rate(raw_value)
            if rate is None and not _is_blank(raw_value):
                problems.append(
                    problem(
                        "invalid-inspection-value",
                        f"{key} {display_value(raw_value)} is not a rate "
                        "(write 36.0%, 36 or 0.36); it is kept as text",
                        file=display,
                        sheet=grid.name,
                        cell=grid.cell(index, 1),
                    )
                )
                values[key] = str(raw_value)
                continue
            values[key] = rate
            continue
        values[key] = inspection_value(raw_value)
    return values, tuple(problems)


def inspection_value(value: CellValue | None) -> InspectionValue:
    """Dates as ISO text (JSON has no dates), whole numbers as ints, text trimmed."""
    if _is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def parse_rate(value: CellValue | None) -> float | None:
    """A rate as a fraction: 36.0%, 36 and 0.36 all mean 0.36."""
    if isinstance(value, bool) or _is_blank(value):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        try:
            number = float(text.removesuffix("%").strip())
        except ValueError:
            return None
        if percent:
            return round(number / 100, 10)
    else:
        return None
    if number < 0 or number > 100:
        return None
    # Rates above 1 are percentages: 36 means 36%.
    return round(number / 100, 10) if number > 1 else number
