"""A list of cases, as a case-management system exports it: one row per case, a case-ID
column and descriptive columns (disposal, case manager, start date), no marks.

Read through the same stages as a marking workbook (source.py: what the file is;
preflight.py: limits and threats; sheets.py or csv_grid.py: its cells), so that a case
list gets the same formats, encodings, limits and one-line errors; only finding the
header and the rows is its own, because a case list has no question columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from sqs_cli.marking import CellValue
from sqs_cli.problems import Problem, SqsError, column_letter
from sqs_cli.reading.grid import Book, Grid, SheetInfo
from sqs_cli.reading.headers import HEADER_SEARCH_ROWS, header_key, is_case_id_header
from sqs_cli.reading.layout import descriptive_names
from sqs_cli.reading.marks import case_id_text, summary_label
from sqs_cli.reading.preflight import preflight
from sqs_cli.reading.sheets import open_book
from sqs_cli.reading.source import Source, open_source
from sqs_cli.settings import Limits


class ListedCase(NamedTuple):
    case_id: str
    # The row number Excel shows.
    row: int
    # The value of each descriptive column of the list, in CaseList.columns order.
    values: tuple[CellValue | None, ...]


class CaseList(NamedTuple):
    file: str
    sheet: str
    # The case-ID column's header as written, and its cell.
    id_header: str
    id_cell: str
    # Every other column's header, as written (a blank or repeated one told apart by its
    # column letter).
    columns: tuple[str, ...]
    cases: tuple[ListedCase, ...]
    problems: tuple[Problem, ...] = ()
    # Column -> its cells that look empty but hold a formula never calculated or an Excel
    # error value (.xlsx and .ods): a stratum read from one would be wrong.
    hidden_cells: Mapping[str, tuple[str, ...]] = {}

    def value(self, case: ListedCase, column: str) -> CellValue | None:
        return case.values[self.columns.index(column)]


class _Header(NamedTuple):
    row: int
    id_column: int


def _matches(value: CellValue | None, id_header: str | None) -> bool:
    if id_header is None:
        return is_case_id_header(value)
    return bool(header_key(value)) and header_key(value) == header_key(id_header)


def _header(grid: Grid, id_header: str | None) -> _Header | None:
    for index, row in enumerate(grid.rows):
        if grid.top + index >= HEADER_SEARCH_ROWS:
            return None
        for column, value in enumerate(row):
            if _matches(value, id_header):
                return _Header(index, column)
    return None


def _blank(value: CellValue | None) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _no_header(source: Source, tried: list[str], id_header: str | None) -> SqsError:
    names = ", ".join(repr(name) for name in tried) or "no visible worksheet"
    if id_header is None:
        wanted = "a 'Case ID' header (or Case, Case ref, Case reference, Case number, Case no.)"
        hint = "; give the ID column's header with --id-column"
    else:
        wanted, hint = f"a column headed {id_header!r}", ""
    return source.error(
        "no-case-id-header",
        f"no case-ID column: {wanted} in the first {HEADER_SEARCH_ROWS} rows of {names}{hint}",
        sheet=tried[0] if len(tried) == 1 else None,
    )


def _worksheets(source: Source, book: Book, sheet: str | None) -> list[SheetInfo]:
    infos = [info for info in book.sheets() if info.worksheet]
    if sheet is None:
        return [info for info in infos if info.visible]
    chosen = next((info for info in infos if info.name == sheet), None) or next(
        (info for info in infos if info.name.casefold() == sheet.casefold()), None
    )
    if chosen is None:
        names = ", ".join(repr(info.name) for info in infos)
        raise source.error(
            "no-such-sheet", f"there is no worksheet named {sheet!r} (the worksheets: {names})"
        )
    return [chosen]


def _sheets_with_ids(
    source: Source, book: Book, sheet: str | None, id_header: str | None
) -> Iterator[tuple[Grid, _Header]]:
    tried = []
    found = False
    for info in _worksheets(source, book, sheet):
        grid = book.grid(info.name)
        header = _header(grid, id_header)
        tried.append(info.name)
        if header is not None:
            found = True
            yield grid, header
    if not found:
        raise _no_header(source, tried, id_header)


def _cases(source: Source, grid: Grid, header: _Header) -> CaseList:
    header_row = grid.rows[header.row]
    others = [column for column in range(len(header_row)) if column != header.id_column]
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    cases: list[ListedCase] = []
    for index in range(header.row + 1, len(grid.rows)):
        row = grid.rows[index]
        cell = grid.cell(index, header.id_column)
        case_id = case_id_text(row[header.id_column])
        values = tuple(row[column] for column in others)
        if case_id is None:
            if cell in grid.facts.hidden_values:
                problems.append(
                    source.problem(
                        "formula-without-value",
                        "the case ID is a formula with no calculated value, or an Excel error; "
                        "open the list in Excel or LibreOffice, save it, and run sqs again",
                        sheet=grid.name,
                        cell=cell,
                    )
                )
            elif not all(_blank(value) for value in values):
                problems.append(
                    source.problem(
                        "missing-case-id",
                        f"row {grid.row_number(index)} has no case ID; it is not in the list",
                        sheet=grid.name,
                        cell=cell,
                    )
                )
            continue
        label = summary_label(row[header.id_column])
        if label is not None:
            problems.append(
                source.problem(
                    "summary-row",
                    f"row {grid.row_number(index)} is a summary row ({label!r}), not a case; "
                    "it is not in the list",
                    sheet=grid.name,
                    cell=cell,
                )
            )
            continue
        if case_id in seen:
            problems.append(
                source.problem(
                    "duplicate-case-id",
                    f"this case ID is also in {seen[case_id]}; a case may be listed once",
                    sheet=grid.name,
                    cell=cell,
                )
            )
            continue
        seen[case_id] = cell
        cases.append(ListedCase(case_id, grid.row_number(index), values))
    names = descriptive_names(grid, header_row, others)
    return CaseList(
        file=source.display,
        sheet=grid.name,
        id_header=str(header_row[header.id_column]).strip(),
        id_cell=grid.cell(header.row, header.id_column),
        columns=tuple(names),
        cases=tuple(cases),
        problems=(*source.notes, *problems),
        hidden_cells=_hidden_cells(grid, header, dict(zip(others, names, strict=True))),
    )


def _hidden_cells(grid: Grid, header: _Header, names: dict[int, str]) -> dict[str, tuple[str, ...]]:
    """Each descriptive column's cells below the header that hide what they hold."""
    by_letters = {column_letter(grid.left + column): name for column, name in names.items()}
    first_row = grid.row_number(header.row) + 1
    found: dict[str, list[str]] = {}
    for cell in sorted(grid.facts.hidden_values):
        letters = cell.rstrip("0123456789")
        name = by_letters.get(letters)
        if name is not None and int(cell[len(letters) :]) >= first_row:
            found.setdefault(name, []).append(cell)
    return {name: tuple(cells) for name, cells in found.items()}


def read_case_list(
    path: Path,
    *,
    display: str | None = None,
    limits: Limits | None = None,
    sheet: str | None = None,
    id_header: str | None = None,
) -> CaseList:
    """The first visible sheet with a case-ID column (or the sheet named), as a list of
    cases; SqsError when the file cannot be read, or no sheet has a case-ID column.

    id_header names the ID column when it is not headed `Case ID` or one of its spellings.
    Rows without an ID, summary rows and repeated IDs are problems, not cases.
    """
    limits = limits or Limits()
    with open_source(path, display if display is not None else str(path), limits) as source:
        found = preflight(source, limits)
        with open_book(source, found, limits) as book:
            grid, header = next(_sheets_with_ids(source, book, sheet, id_header))
            return _cases(source, grid, header)


def read_case_ids(
    path: Path, *, display: str | None = None, limits: Limits | None = None
) -> frozenset[str]:
    """Every case ID of every visible sheet with a case-ID column: the cases of a list or
    of a marking workbook (each of its cases sheets), such as the cases marked last time."""
    limits = limits or Limits()
    with open_source(path, display if display is not None else str(path), limits) as source:
        found = preflight(source, limits)
        with open_book(source, found, limits) as book:
            return frozenset(
                case.case_id
                for grid, header in _sheets_with_ids(source, book, None, None)
                for case in _cases(source, grid, header).cases
            )
