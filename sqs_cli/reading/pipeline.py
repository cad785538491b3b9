"""The reading pipeline: one workbook file in, one Marking out.

    open_source      source.py     what the file is, by its bytes; its zip directory
    preflight        preflight.py  limits and threats, before any parser allocates
    open_book        sheets.py     the workbook's sheets (csv_grid.py for CSV)
    find_layout      layout.py     which sheets hold cases; their header, IDs and marks
    SheetMarker      marks.py      each cases sheet's cells judged and counted
    pool_sheets      (here)        the cases sheets as one Marking
    read_inspection  inspection.py the Inspection sheet, if there is one
    read_ratings     ratings.py    the Ratings sheet: ratings the inspectors entered

Every stage raises SqsError (a problem of the catalogue) when the file cannot be read as
a marking workbook at all, and otherwise collects problems at their cells.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement
from sqs_cli.marking import CellValue, Layout, Marking, SheetSummary
from sqs_cli.problems import SqsError
from sqs_cli.reading.formats import Format
from sqs_cli.reading.grid import Book, Grid, SheetInfo
from sqs_cli.reading.headers import HEADER_SEARCH_ROWS
from sqs_cli.reading.inspection import is_inspection_sheet, read_inspection
from sqs_cli.reading.layout import NotCases, SheetLayout, find_layout, header_texts
from sqs_cli.reading.marks import CaseRegistry, SheetMarker, SheetMarks, case_id_text
from sqs_cli.reading.preflight import preflight
from sqs_cli.reading.ratings import is_ratings_sheet, read_ratings
from sqs_cli.reading.sheets import open_book
from sqs_cli.reading.source import Source, open_source
from sqs_cli.settings import Limits, ReadOptions
from sqs_cli.wording import counted


def read_marking(
    path: Path,
    framework: Framework,
    *,
    display: str | None = None,
    limits: Limits | None = None,
    options: ReadOptions | None = None,
    marker: Callable[..., SheetMarker] = SheetMarker,
) -> Marking:
    """The marks in one workbook. Raises SqsError when it is not a marking workbook at all.

    marker makes the object that reads each cases sheet: a SheetMarker, or one that also
    keeps what `sqs agree` needs (reading/case_marks.py).
    """
    options = options or ReadOptions()
    if limits is not None:
        options = options._replace(limits=limits)
    with open_source(path, display if display is not None else str(path), options.limits) as source:
        found = preflight(source, options.limits)
        with open_book(source, found, options.limits) as book:
            cases, special = _cases_sheets(source, book, framework, options)
            registry = CaseRegistry()
            sheets = [
                marker(
                    file=source.display,
                    framework=framework,
                    grid=grid,
                    layout=layout,
                    options=options,
                    registry=registry,
                ).read()
                for grid, layout in cases
            ]
    marking = pool_sheets(source.display, sheets, framework)
    entered, ratings_problems = read_ratings(
        special.ratings, framework, source.display, show_values=options.show_values
    )
    if special.inspection is None:
        return marking._replace(
            entered=entered, problems=(*source.notes, *marking.problems, *ratings_problems)
        )
    inspection, inspection_problems = read_inspection(special.inspection, source.display)
    return marking._replace(
        inspection=inspection,
        entered=entered,
        problems=(*source.notes, *marking.problems, *inspection_problems, *ratings_problems),
    )


def read_headers(path: Path, options: ReadOptions | None = None) -> tuple[str, ...]:
    """The header cells of every visible worksheet that could hold cases (its first row,
    within 20, with a case-ID cell; for the long layout, its Question cells too): what
    the built-in framework a workbook uses is detected by. Empty when the file cannot be
    read (scoring it says why)."""
    options = options or ReadOptions()
    headers: list[str] = []
    try:
        with open_source(path, str(path), options.limits) as source:
            found = preflight(source, options.limits)
            with open_book(source, found, options.limits) as book:
                for info in book.sheets():
                    special = is_inspection_sheet(info.name) or is_ratings_sheet(info.name)
                    if not (info.visible and info.worksheet) or special:
                        continue
                    chosen = {name.casefold() for name in options.sheets}
                    if chosen and info.name.casefold() not in chosen:
                        continue
                    headers.extend(header_texts(book.grid(info.name)))
    except SqsError:
        return ()
    return tuple(headers)


class _SpecialSheets(NamedTuple):
    """The sheets read by name, not as cases: the Inspection and Ratings sheets."""

    inspection: Grid | None
    ratings: Grid | None


def _cases_sheets(
    source: Source, book: Book, framework: Framework, options: ReadOptions
) -> tuple[list[tuple[Grid, SheetLayout]], _SpecialSheets]:
    """The cases sheets with their layouts, and the Inspection and Ratings sheets."""
    infos = book.sheets()
    inspection = next(
        (info for info in infos if info.worksheet and is_inspection_sheet(info.name)), None
    )
    ratings = next((info for info in infos if info.worksheet and is_ratings_sheet(info.name)), None)
    special = _SpecialSheets(
        book.grid(inspection.name) if inspection is not None else None,
        book.grid(ratings.name) if ratings is not None else None,
    )
    if options.sheets:
        return [
            _chosen_sheet(source, book, framework, infos, name) for name in options.sheets
        ], special
    candidates = [
        info
        for info in infos
        if info.visible and info.worksheet and info is not inspection and info is not ratings
    ]
    if not candidates:
        raise source.error("no-sheets", "the workbook has no visible worksheets")
    cases: list[tuple[Grid, SheetLayout]] = []
    tried: list[tuple[str, NotCases]] = []
    for info in candidates:
        grid = book.grid(info.name)
        layout = find_layout(grid, framework, source.display)
        if isinstance(layout, SheetLayout):
            cases.append((grid, layout))
        else:
            tried.append((info.name, layout))
    if not cases:
        raise _no_cases_error(source, framework, tried)
    for info in infos:
        if not info.visible and info.worksheet and info not in (inspection, ratings):
            _note_hidden_cases(source, book, framework, info.name)
    return cases, special


def _note_hidden_cases(source: Source, book: Book, framework: Framework, name: str) -> None:
    """A hidden sheet laid out as a cases sheet, with cases in it, is not scored: say so,
    for a sheet hidden to tidy the workbook would otherwise drop its cases without a word."""
    grid = book.grid(name)
    layout = find_layout(grid, framework, source.display)
    if not isinstance(layout, SheetLayout):
        return
    column = layout.id_column
    cases = sum(
        1
        for row in grid.rows[layout.header_row + 1 :]
        if column < len(row) and case_id_text(row[column]) is not None
    )
    if cases:
        source.notes.append(
            source.problem(
                "hidden-sheet",
                f"the sheet is hidden and has {counted(cases, 'row')} with a case ID under "
                f"question columns, which {'is' if cases == 1 else 'are'} not scored (unhide "
                "the sheet, or name every cases sheet with --sheet)",
                sheet=name,
            )
        )


def _chosen_sheet(
    source: Source, book: Book, framework: Framework, infos: list[SheetInfo], name: str
) -> tuple[Grid, SheetLayout]:
    info = next((info for info in infos if info.name == name), None)
    if info is None:
        info = next((info for info in infos if info.name.casefold() == name.casefold()), None)
    if info is None or not info.worksheet:
        names = ", ".join(repr(info.name) for info in infos if info.worksheet)
        raise source.error(
            "no-such-sheet", f"there is no worksheet named {name!r} (the worksheets: {names})"
        )
    grid = book.grid(info.name)
    layout = find_layout(grid, framework, source.display)
    if isinstance(layout, NotCases):
        raise _no_cases_error(source, framework, [(info.name, layout)])
    return grid, layout


def _no_cases_error(
    source: Source, framework: Framework, tried: list[tuple[str, NotCases]]
) -> SqsError:
    with_header = [(name, layout) for name, layout in tried if layout.id_cell is not None]
    if not with_header:
        names = ", ".join(repr(name) for name, _ in tried)
        message = f"no 'Case ID' header in the first {HEADER_SEARCH_ROWS} rows of {names}"
        if source.format is Format.CSV:
            message += (
                "; a CSV file holds one sheet: export the cases sheet (a spreadsheet "
                "program exports the first or the active sheet, often a summary)"
            )
        sheet = tried[0][0] if len(tried) == 1 else None
        return source.error("no-case-id-header", message, sheet=sheet)
    name, layout = with_header[0]
    others = [repr(other) for other, _ in tried if other != name]
    near = [f"{cell} {token!r}" for cell, token in layout.near_headers[:3]]
    closest = (
        f"; the closest headers are {', '.join(near)}"
        if near
        else "; no header looks like a question ID"
    )
    tried_too = f" (also tried: {', '.join(others)})" if others else ""
    return source.error(
        "no-questions",
        f"no column is headed by a question ID of {framework.id} (e.g. '1.1a'), and there "
        f"are no 'Question' and 'Judgement' columns{closest}{tried_too}",
        sheet=name,
        cell=layout.id_cell,
    )


def pool_sheets(file: str, sheets: list[SheetMarks], framework: Framework) -> Marking:
    """The cases sheets' marks as one Marking: counts added, descriptive columns joined."""
    first = sheets[0]
    if len(sheets) == 1:
        tallies: dict[str, Counter[Judgement]] = first.tallies
        descriptive: dict[str, list[CellValue | None]] = first.descriptive
    else:
        tallies = {}
        for sheet in sheets:
            for question, tally in sheet.tallies.items():
                tallies.setdefault(question, Counter()).update(tally)
        descriptive = {}
        cases_before = 0
        for sheet in sheets:
            count = len(sheet.case_ids)
            for name, values in sheet.descriptive.items():
                column = descriptive.setdefault(name, [None] * cases_before)
                column.extend(values)
            cases_before += count
            for column in descriptive.values():
                column.extend([None] * (cases_before - len(column)))
    layouts = {sheet.layout for sheet in sheets}
    layout: Layout = first.layout if len(layouts) == 1 else "mixed"
    problems = tuple(problem for sheet in sheets for problem in sheet.problems)
    return Marking(
        file=file,
        sheet=first.name,
        layout=layout,
        case_ids=tuple(case_id for sheet in sheets for case_id in sheet.case_ids),
        tallies=tallies,
        inspection={},
        descriptive_columns={name: tuple(values) for name, values in descriptive.items()},
        problems=problems,
        sheets=tuple(
            SheetSummary(sheet.name, len(sheet.case_ids), sheet.layout) for sheet in sheets
        ),
        group_cases=tuple(
            (group.id, sum(sheet.group_cases[group.id] for sheet in sheets))
            for group in framework.groups
        ),
        ungrouped_cases=sum(sheet.ungrouped_cases for sheet in sheets),
        case_keys=tuple(key for sheet in sheets for key in sheet.case_keys),
    )
