"""`--format xlsx`: the results as a workbook to sort, filter, share and paste from.

Sheets: `Summary` (one workbook: each criterion and then its questions; several: one row
per workbook and question), `Pooled` (several workbooks only), `Findings` and `Problems`.
Every sheet is one plain table whose header is row 1, so that filters, sorting and tools
such as pandas read it without being told where the table starts.

Written with openpyxl, imported here only: the registry loads this module on demand, so
scoring to any other format never pays for it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties

from sqs_cli.bands import PALETTE, band_colour
from sqs_cli.figures import entered_note, out_of, overall_text, question_notes
from sqs_cli.framework import Band, RatingPolicy
from sqs_cli.results import COUNT_FIELDS, CriterionResult, Report, WorkbookResult
from sqs_cli.safe_text import xml_safe
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.package import with_fixed_times

Value = str | int | float | None

# Each band's light fill (sqs_cli/bands.py), one per colour and shared by every cell of
# it: openpyxl then stores one style each.
_BAND_FILLS = {
    colour: PatternFill("solid", fgColor=colour.fill.removeprefix("#")) for colour in PALETTE
}
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_BOLD = Font(bold=True)
_INDENT = Alignment(indent=1)
_PERCENT = "0.0%"

# Column headings of the six counts, keyed by the shared field names so that a count
# added to the model fails here loudly instead of shifting every column after it.
_COUNT_HEADERS = {
    "sufficient": "Sufficient",
    "insufficient": "Insufficient",
    "not_done": "Not done",
    "not_applicable": "N/A",
    "unmarked": "Unmarked",
    "invalid": "Invalid",
}

POOLED_LABEL = "All workbooks (pooled)"


@dataclass(frozen=True)
class _Column:
    header: str
    percent: bool = False
    # Long question wording would make a column wider than the screen: it is cut at this.
    max_width: int = 40


@dataclass(frozen=True)
class _Row:
    values: Sequence[Value]
    bold: bool = False
    # Question rows sit one step in under their criterion.
    indent: bool = False
    fills: Mapping[int, PatternFill] = field(default_factory=dict)


def _position(columns: Sequence[_Column], header: str) -> int:
    """A column's 0-based index, found by its heading so that a new column cannot shift it."""
    return [column.header for column in columns].index(header)


_FIGURE_COLUMNS = (
    _Column("ID", max_width=10),
    _Column("Criterion / question", max_width=80),
    _Column("Sufficient (N)"),
    _Column("Relevant (M)"),
    _Column("Proportion", percent=True),
    *(_Column(_COUNT_HEADERS[name]) for name in COUNT_FIELDS),
    _Column("Rating"),
    _Column("Note"),
)
_FIGURE_RATING = _position(_FIGURE_COLUMNS, "Rating")

_BATCH_COLUMNS = (
    _Column("Workbook path", max_width=60),
    _Column("Area"),
    _Column("Status"),
    _Column("Question"),
    _Column("Criterion"),
    *(_Column(_COUNT_HEADERS[name]) for name in COUNT_FIELDS),
    _Column("Relevant"),
    _Column("Proportion", percent=True),
    _Column("Criterion rating"),
)
_BATCH_RATING = _position(_BATCH_COLUMNS, "Criterion rating")

_FINDING_COLUMNS = (
    _Column("Workbook", max_width=60),
    _Column("Finding"),
    _Column("Criterion ID"),
    _Column("Title", max_width=60),
    _Column("Rating"),
    _Column("Figure"),
    _Column("Proportion", percent=True),
    _Column("Driven by"),
)
_FINDING_RATING = _position(_FINDING_COLUMNS, "Rating")

_PROBLEM_COLUMNS = (
    _Column("Workbook path", max_width=60),
    _Column("Code", max_width=30),
    _Column("Severity"),
    _Column("Sheet"),
    _Column("Cell"),
    _Column("Message", max_width=100),
)


def _number(proportion: Fraction | None) -> float | None:
    # A real number under a percent format: Excel sorts, sums and charts it, where the
    # "63.2%" text of the other formats would be a string.
    return None if proportion is None else float(proportion)


def _band_fill(policy: RatingPolicy, band: Band | None) -> PatternFill | None:
    colour = None if band is None else band_colour(policy.bands, band)
    return None if colour is None else _BAND_FILLS[colour]


def _rating_fills(policy: RatingPolicy, band: Band | None, column: int) -> dict[int, PatternFill]:
    fill = _band_fill(policy, band)
    return {} if fill is None else {column: fill}


def _cell(
    sheet: WriteOnlyWorksheet,
    value: str | int | float,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    alignment: Alignment | None = None,
    number_format: str | None = None,
) -> Cell:
    if isinstance(value, str):
        # openpyxl refuses what XML cannot hold: one odd file name or cell must not cost
        # the whole results workbook.
        value = xml_safe(value)
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        # openpyxl stores a str starting with "=" as a formula and "#N/A" as an error.
        # Text from a workbook or a file name is data: a plain string, never evaluated,
        # and (unlike the CSV writer's apostrophe) stored exactly as it was.
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _width(value: Value, percent: bool) -> int:
    if value is None:
        return 0
    if percent:
        return len("100.0%")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_table(
    book: Workbook, title: str, columns: Sequence[_Column], rows: Sequence[_Row]
) -> None:
    sheet = book.create_sheet(title)
    # A write-only sheet streams its rows: widths, panes and filters are set first.
    for index, column in enumerate(columns):
        longest = max(
            [len(column.header) + 2, *(_width(row.values[index], column.percent) for row in rows)]
        )
        # Header cells share their width with the filter's drop-down button (the +2 above);
        # the cap keeps long question wording from pushing the figures off the screen.
        width = min(longest + 2, column.max_width)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    last = get_column_letter(len(columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    # Printed, every page repeats the header and the table fits the paper's width.
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.append([_cell(sheet, column.header, font=_BOLD, fill=_HEADER_FILL) for column in columns])
    percent = [column.percent for column in columns]
    for row in rows:
        cells: list[Cell | Value] = []
        for index, value in enumerate(row.values):
            styled = row.bold or (row.indent and index < 2) or index in row.fills or percent[index]
            if value is None or (not styled and not isinstance(value, str)):
                # None is an empty cell, not "": filters offer "(Blanks)" and COUNTA skips it.
                cells.append(value)
                continue
            cells.append(
                _cell(
                    sheet,
                    value,
                    font=_BOLD if row.bold else None,
                    fill=row.fills.get(index),
                    alignment=_INDENT if row.indent and index < 2 else None,
                    number_format=_PERCENT if percent[index] else None,
                )
            )
        sheet.append(cells)


def _figure_rows(report: Report, workbook: WorkbookResult, *, pooled: bool) -> list[_Row]:
    """Each criterion, then its questions: the layout of the inspection report's annex."""
    policy = report.framework.rating
    not_marked = "not marked in any workbook" if pooled else "not marked in this workbook"
    rows: list[_Row] = []
    for criterion in workbook.criteria:
        rated = criterion.proportion is not None
        if criterion.entered is not None:
            note = entered_note(criterion)
        elif criterion.band is not None:
            note = f"driven by {criterion.driven_by}" if criterion.driven_by else None
        else:
            note = criterion.not_rated_reason
        rows.append(
            _Row(
                [
                    criterion.id,
                    criterion.title,
                    criterion.sufficient if rated else None,
                    criterion.relevant if rated else None,
                    _number(criterion.proportion),
                    *(None for _ in COUNT_FIELDS),
                    criterion.rating or "Not rated",
                    note,
                ],
                bold=True,
                fills=_rating_fills(policy, criterion.band, _FIGURE_RATING),
            )
        )
        for question in workbook.questions:
            if question.criterion != criterion.id:
                continue
            question_note = "; ".join(question_notes(question, not_marked=not_marked)) or None
            rows.append(
                _Row(
                    [
                        question.id,
                        question.text,
                        question.sufficient,
                        question.relevant,
                        _number(question.proportion),
                        *question.counts().values(),
                        None,
                        question_note,
                    ],
                    indent=True,
                )
            )
    if workbook.overall is not None:
        # The overall rating closes the table: its points are in the note, as printed.
        overall = workbook.overall
        rows.append(
            _Row(
                [
                    "Overall",
                    "Overall rating",
                    *(None for _ in range(3 + len(COUNT_FIELDS))),
                    overall.rating or "Not rated",
                    overall_text(overall),
                ],
                bold=True,
            )
        )
    return rows


def _area(workbook: WorkbookResult) -> str | None:
    area = workbook.inspection.get("Area")
    return None if area in (None, "") else str(area)


def _batch_columns(report: Report) -> tuple[_Column, ...]:
    """The batch Summary's columns; with an Overall column where the framework rates one."""
    if report.framework.overall is None:
        return _BATCH_COLUMNS
    return (*_BATCH_COLUMNS, _Column("Overall"))


def _batch_rows(report: Report) -> list[_Row]:
    """One row per workbook and question, as the CSV format: a tidy table to pivot. A
    criterion rated by judgement has a row of its own, without a question."""
    policy = report.framework.rating
    columns = _batch_columns(report)
    rows: list[_Row] = []
    for workbook in report.workbooks:
        base: list[Value] = [workbook.path, _area(workbook), workbook.status]
        if workbook.status == "unreadable":
            # One row still, so that no workbook drops silently out of the table.
            rows.append(_Row([*base, *(None for _ in columns[len(base) :])]))
            continue
        overall: list[Value] = []
        if report.framework.overall is not None:
            overall = [overall_text(workbook.overall) if workbook.overall else None]
        questions: dict[str, list[list[Value]]] = {}
        for question in workbook.questions:
            questions.setdefault(question.criterion, []).append(
                [
                    question.id,
                    question.criterion,
                    *question.counts().values(),
                    question.relevant,
                    _number(question.proportion),
                ]
            )
        judged = [None, None, *(None for _ in COUNT_FIELDS), None, None]
        for criterion in workbook.criteria:
            own = questions.get(criterion.id, [])
            if criterion.rated_by == "judgement":
                own = [[None, criterion.id, *judged[2:]]]
            for values in own:
                rows.append(
                    _Row(
                        [*base, *values, criterion.rating or "Not rated", *overall],
                        fills=_rating_fills(policy, criterion.band, _BATCH_RATING),
                    )
                )
    return rows


def _finding_rows(report: Report, workbook: WorkbookResult, label: str) -> list[_Row]:
    policy = report.framework.rating
    findings: list[tuple[str, CriterionResult]] = [
        *(("Key strength", criterion) for criterion in workbook.strengths),
        *(
            ("Area requiring improvement", criterion)
            for criterion in workbook.areas_for_improvement
        ),
    ]
    return [
        _Row(
            [
                label,
                finding,
                criterion.id,
                criterion.title,
                criterion.rating,
                out_of(criterion.sufficient, criterion.relevant)
                if criterion.proportion is not None
                else "entered",
                _number(criterion.proportion),
                criterion.driven_by,
            ],
            fills=_rating_fills(policy, criterion.band, _FINDING_RATING),
        )
        for finding, criterion in findings
    ]


def _problem_rows(report: Report) -> list[_Row]:
    return [
        _Row(
            [
                workbook.path,
                problem.code,
                problem.severity.value,
                problem.sheet,
                problem.cell,
                problem.message,
            ]
        )
        for workbook in report.workbooks
        for problem in workbook.problems
    ]


def write_xlsx(report: Report, stream: BinaryIO, options: OutputOptions) -> None:
    # Write-only: rows stream to the file instead of living as Cell objects until saved.
    book = Workbook(write_only=True)
    book.properties.creator = "sqs"
    book.properties.title = f"SQS results: {xml_safe(report.framework.title)}"
    if len(report.workbooks) == 1:
        [workbook] = report.workbooks
        _write_table(book, "Summary", _FIGURE_COLUMNS, _figure_rows(report, workbook, pooled=False))
        findings = _finding_rows(report, workbook, workbook.label)
    else:
        _write_table(book, "Summary", _batch_columns(report), _batch_rows(report))
        _write_table(
            book, "Pooled", _FIGURE_COLUMNS, _figure_rows(report, report.pooled, pooled=True)
        )
        findings = [
            row
            for workbook in report.workbooks
            for row in _finding_rows(report, workbook, workbook.label)
        ]
        findings += _finding_rows(report, report.pooled, POOLED_LABEL)
    _write_table(book, "Findings", _FINDING_COLUMNS, findings)
    _write_table(book, "Problems", _PROBLEM_COLUMNS, _problem_rows(report))
    saved = io.BytesIO()
    book.save(saved)
    # The same report gives the same bytes, whenever it is written.
    stream.write(with_fixed_times(saved.getvalue()))
