"""`--format xlsx`: the results as a workbook to sort, filter, chart, share and print.

Everything the terminal shows is here, as numbers a spreadsheet can use. Sheets:
`Summary` (one workbook: each criterion and then its questions; several: one row per
workbook and question), `Criteria` (several workbooks: one row per workbook and
criterion), `Pooled` (several workbooks: the pooled figures), `Findings`, `Workbooks`
(area, service, fieldwork dates, cases, sheets read, problems, ratings per band) and
`Problems`. Every sheet is one plain table whose header is row 1, so that filters, sorting
and tools such as pandas read it without being told where the table starts; a table with
nothing in it says so in a sentence instead of printing a bare header.

Proportions and the 95% interval are numbers under a percent format, counts are numbers,
dates are dates. Every sheet prints on A4, landscape, one page wide at a scale that keeps
its text at 8 pt or more, with the header row on every page; on screen the header row is
frozen and filtered.

Written with XlsxWriter, imported here only: the registry loads this module on demand, so
scoring to any other format never pays for it. It was chosen over openpyxl by measurement
(benchmarks/results_workbook.py): importing openpyxl costs more than scoring a workbook.
"""

from __future__ import annotations

import datetime
import functools
import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, BinaryIO, Literal

import xlsxwriter

from sqs_cli.bands import BandColour, band_colour
from sqs_cli.figures import entered_note, out_of, overall_text, question_notes
from sqs_cli.framework import Band, RatingPolicy
from sqs_cli.inspection import FIELDWORK_END, FIELDWORK_START, DateText, area, date_text, service
from sqs_cli.results import COUNT_FIELDS, CriterionResult, QuestionResult, Report, WorkbookResult
from sqs_cli.safe_text import xml_safe
from sqs_cli.statistics import Interval
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.package import ZIP_EPOCH, fixed_time, with_fixed_times

Value = str | int | float | datetime.date | None
Kind = Literal["text", "count", "percent", "interval", "date"]

POOLED_LABEL = "All workbooks (pooled)"
UNCERTAIN_HEADER = "Uncertain"
# The header's note: what the terminal's asterisk and its footnote say.
UNCERTAIN_NOTE = (
    "Yes: the 95% interval reaches another band, so another sample of cases could well "
    "have rated the criterion otherwise."
)

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

_HEADER_FILL = "#D9E1F2"
_NUMBER_FORMATS: Mapping[Kind, str | None] = {
    "text": None,
    # Whole numbers show as such in General: a format would only cost time per cell.
    "count": None,
    # Proportions to one decimal place, as every output shows them; the interval in whole
    # percentages, as the table and the draft give it.
    "percent": "0.0%",
    "interval": "0%",
    "date": "d mmm yyyy",
}

# Printing (README, "From a blank workbook to the results"): A4 landscape, one page wide.
# Excel's and LibreOffice's fit to width shrink the page; the columns below are sized so
# that the scale stays at or above PRINT_SCALE_FLOOR, which keeps 11 pt text at 8 pt or
# more on paper.
PAPER_A4 = 9
MARGIN_INCHES = 0.25
BODY_POINTS = 11
PRINT_SCALE_FLOOR = 8 / BODY_POINTS
# A line of 11 pt Calibri, as Excel's default row height; a wrapped cell needs one each.
LINE_POINTS = 15


@dataclass(frozen=True)
class _Column:
    header: str
    kind: Kind = "text"
    # The widest the column grows to fit its content; past it, text wraps.
    max_width: int = 30
    # Text columns whose content may wrap onto more lines instead of being cut.
    wrap: bool = False


@dataclass(frozen=True)
class _Row:
    values: Sequence[Value]
    bold: bool = False
    # Question rows sit one step in under their criterion.
    indent: bool = False
    # A rating cell's band colour, by column index.
    fills: Mapping[int, BandColour] = field(default_factory=dict)


def _position(columns: Sequence[_Column], header: str) -> int:
    """A column's 0-based index, found by its heading so that a new column cannot shift it."""
    return [column.header for column in columns].index(header)


_INTERVAL_COLUMNS = (
    _Column("95% interval low", "interval", max_width=9),
    _Column("95% interval high", "interval", max_width=9),
)
_COUNT_COLUMNS = tuple(_Column(_COUNT_HEADERS[name], "count", max_width=9) for name in COUNT_FIELDS)
# Beside "Sufficient (N)" a question's count of sufficient marks would say it twice.
_OTHER_COUNTS = tuple(name for name in COUNT_FIELDS if name != "sufficient")
_OTHER_COUNT_COLUMNS = tuple(
    _Column(_COUNT_HEADERS[name], "count", max_width=9) for name in _OTHER_COUNTS
)

_FIGURE_COLUMNS = (
    _Column("ID", max_width=6),
    _Column("Criterion / question", max_width=32, wrap=True),
    _Column("Sufficient (N)", "count", max_width=9),
    _Column("Relevant (M)", "count", max_width=9),
    _Column("Proportion", "percent", max_width=9),
    *_INTERVAL_COLUMNS,
    _Column("Rating", max_width=12, wrap=True),
    _Column(UNCERTAIN_HEADER, max_width=9),
    _Column("Driven by", max_width=7),
    _Column("Note", max_width=14, wrap=True),
    *_OTHER_COUNT_COLUMNS,
)
_FIGURE_RATING = _position(_FIGURE_COLUMNS, "Rating")

# A batch's tables grow with it (30 rows a workbook here), and each column costs time per
# workbook (benchmarks/results_workbook.py): what the Workbooks sheet holds (area,
# status) and the Criteria sheet (ratings, intervals) is not repeated on every
# question's row, and no cell wraps. The figures are those of the CSV format.
_BATCH_COLUMNS = (
    _Column("Workbook path", max_width=24),
    _Column("Question", max_width=9),
    *_COUNT_COLUMNS,
    _Column("Relevant", "count", max_width=9),
    _Column("Proportion", "percent", max_width=9),
    _Column("Note", max_width=16),
)

_CRITERIA_COLUMNS = (
    _Column("Workbook path", max_width=24),
    _Column("Criterion", max_width=9),
    _Column("Title", max_width=30, wrap=True),
    _Column("Sufficient (N)", "count", max_width=9),
    _Column("Relevant (M)", "count", max_width=9),
    _Column("Proportion", "percent", max_width=9),
    *_INTERVAL_COLUMNS,
    _Column("Rating", max_width=12, wrap=True),
    _Column(UNCERTAIN_HEADER, max_width=9),
    _Column("Driven by", max_width=7),
    _Column("Finding", max_width=14, wrap=True),
    _Column("Note", max_width=18, wrap=True),
)
_CRITERIA_RATING = _position(_CRITERIA_COLUMNS, "Rating")

_FINDING_COLUMNS = (
    _Column("Workbook", max_width=24, wrap=True),
    _Column("Finding", max_width=14, wrap=True),
    _Column("Criterion ID", max_width=9),
    _Column("Title", max_width=30, wrap=True),
    _Column("Rating", max_width=12, wrap=True),
    _Column(UNCERTAIN_HEADER, max_width=9),
    _Column("Figure", max_width=14),
    _Column("Proportion", "percent", max_width=9),
    *_INTERVAL_COLUMNS,
    _Column("Driven by", max_width=7),
)
_FINDING_RATING = _position(_FINDING_COLUMNS, "Rating")

_PROBLEM_COLUMNS = (
    _Column("Workbook path", max_width=28, wrap=True),
    _Column("Code", max_width=22, wrap=True),
    _Column("Severity", max_width=9),
    _Column("Sheet", max_width=14, wrap=True),
    _Column("Cell", max_width=8),
    _Column("Message", max_width=80, wrap=True),
)


def _workbook_columns(bands: Sequence[Band], *, overall: bool) -> tuple[_Column, ...]:
    """A row per workbook; with its overall rating where the framework has one."""
    return (
        _Column("Workbook path", max_width=20, wrap=True),
        _Column("Area", max_width=12, wrap=True),
        _Column("Service", max_width=12, wrap=True),
        _Column("Fieldwork start", "date", max_width=12),
        _Column("Fieldwork end", "date", max_width=12),
        _Column("Cases", "count", max_width=7),
        _Column("Cases sheets", max_width=14, wrap=True),
        _Column("Status", max_width=10),
        _Column("Errors", "count", max_width=7),
        _Column("Warnings", "count", max_width=9),
        *(_Column(band.name, "count", max_width=12) for band in bands),
        *((_Column("Overall", max_width=14, wrap=True),) if overall else ()),
        _Column("Key strengths", max_width=12, wrap=True),
        _Column("Areas requiring improvement", max_width=14, wrap=True),
    )


def _number(proportion: Fraction | None) -> float | None:
    # A real number under a percent format: Excel sorts, sums and charts it, where the
    # "63.2%" text of the other formats would be a string.
    return None if proportion is None else float(proportion)


def _interval(interval: Interval | None) -> list[Value]:
    return [None, None] if interval is None else [interval.low, interval.high]


def _fills(policy: RatingPolicy, band: Band | None, column: int) -> dict[int, BandColour]:
    colour = None if band is None else band_colour(policy.bands, band)
    return {} if colour is None else {column: colour}


def _uncertain(criterion: CriterionResult) -> str | None:
    """Yes or No for a criterion rated by its figures (a filter picks the uncertain ones);
    blank otherwise."""
    if criterion.band is None or criterion.proportion is None:
        return None
    return "Yes" if criterion.uncertain else "No"


def _criterion_note(criterion: CriterionResult) -> str | None:
    """A rating entered on the Ratings sheet and its reason; else why it is not rated."""
    if criterion.entered is not None:
        return entered_note(criterion)
    return None if criterion.band is not None else criterion.not_rated_reason


def _question_note(question: QuestionResult, not_marked: str) -> str | None:
    return "; ".join(question_notes(question, not_marked=not_marked)) or None


def _criterion_figures(criterion: CriterionResult) -> list[Value]:
    """N, M, proportion and interval of a criterion rated by its figures; blanks for one
    not rated, or rated by judgement alone."""
    rated = criterion.band is not None and criterion.proportion is not None
    return [
        criterion.sufficient if rated else None,
        criterion.relevant if rated else None,
        _number(criterion.proportion),
        *_interval(criterion.interval),
    ]


def _figure_rows(report: Report, workbook: WorkbookResult, *, pooled: bool) -> list[_Row]:
    """Each criterion, then its questions: the layout of the inspection report's annex."""
    policy = report.framework.rating
    not_marked = "not marked in any workbook" if pooled else "not marked in this workbook"
    questions: dict[str, list[QuestionResult]] = {}
    for question in workbook.questions:
        questions.setdefault(question.criterion, []).append(question)
    rows: list[_Row] = []
    for criterion in workbook.criteria:
        rows.append(
            _Row(
                [
                    criterion.id,
                    criterion.title,
                    *_criterion_figures(criterion),
                    criterion.rating or "Not rated",
                    _uncertain(criterion),
                    criterion.driven_by,
                    _criterion_note(criterion),
                    *(None for _ in _OTHER_COUNTS),
                ],
                bold=True,
                fills=_fills(policy, criterion.band, _FIGURE_RATING),
            )
        )
        rows += [
            _Row(
                [
                    question.id,
                    question.text,
                    question.sufficient,
                    question.relevant,
                    _number(question.proportion),
                    *_interval(question.interval),
                    None,
                    None,
                    None,
                    _question_note(question, not_marked),
                    *(getattr(question, name) for name in _OTHER_COUNTS),
                ],
                indent=True,
            )
            for question in questions.get(criterion.id, [])
        ]
    if workbook.overall is not None:
        # The overall rating closes the table: its points are in the note, as printed.
        overall = workbook.overall
        rows.append(
            _Row(
                [
                    "Overall",
                    "Overall rating",
                    *(None for _ in range(_FIGURE_RATING - 2)),
                    overall.rating or "Not rated",
                    None,
                    None,
                    overall_text(overall),
                    *(None for _ in _OTHER_COUNTS),
                ],
                bold=True,
            )
        )
    return rows


def _unreadable_row(workbook: WorkbookResult, columns: Sequence[_Column]) -> _Row:
    """One row still for a workbook that could not be read, so that none drops silently
    out of a table: its path, then blanks, then a note in the last column."""
    blanks = (None for _ in columns[1:-1])
    return _Row([workbook.path, *blanks, "unreadable: see Problems"])


def _batch_rows(report: Report) -> list[_Row]:
    """One row per workbook and question, as the CSV format: a tidy table to pivot."""
    rows: list[_Row] = []
    for workbook in report.workbooks:
        if workbook.status == "unreadable":
            rows.append(_unreadable_row(workbook, _BATCH_COLUMNS))
            continue
        rows += [
            _Row(
                [
                    workbook.path,
                    question.id,
                    *question.counts().values(),
                    question.relevant,
                    _number(question.proportion),
                    _question_note(question, "not marked in this workbook"),
                ]
            )
            for question in workbook.questions
        ]
    return rows


def _criteria_rows(report: Report) -> list[_Row]:
    """One row per workbook and criterion: the ratings of a batch, each workbook's key
    strengths and areas requiring improvement among them, to sort and filter."""
    policy = report.framework.rating
    rows: list[_Row] = []
    for workbook in report.workbooks:
        if workbook.status == "unreadable":
            rows.append(_unreadable_row(workbook, _CRITERIA_COLUMNS))
            continue
        rows += [
            _Row(
                [
                    workbook.path,
                    criterion.id,
                    criterion.title,
                    *_criterion_figures(criterion),
                    criterion.rating or "Not rated",
                    _uncertain(criterion),
                    criterion.driven_by,
                    _finding(criterion),
                    _criterion_note(criterion),
                ],
                fills=_fills(policy, criterion.band, _CRITERIA_RATING),
            )
            for criterion in workbook.criteria
        ]
    return rows


_FINDINGS = {"strength": "Key strength", "improvement": "Area requiring improvement"}


def _finding(criterion: CriterionResult) -> str | None:
    finding = None if criterion.band is None else criterion.band.finding
    return None if finding is None else _FINDINGS.get(finding)


def _finding_rows(report: Report, workbook: WorkbookResult, label: str) -> list[_Row]:
    policy = report.framework.rating
    findings = [*workbook.strengths, *workbook.areas_for_improvement]
    return [
        _Row(
            [
                label,
                _finding(criterion),
                criterion.id,
                criterion.title,
                criterion.rating,
                _uncertain(criterion),
                out_of(criterion.sufficient, criterion.relevant)
                if criterion.proportion is not None
                else "entered",
                _number(criterion.proportion),
                *_interval(criterion.interval),
                criterion.driven_by,
            ],
            fills=_fills(policy, criterion.band, _FINDING_RATING),
        )
        for criterion in findings
    ]


def _date(value: DateText | None, *, end: bool) -> Value:
    """A date cell where the date could be read (a range's first or last day), else the
    text as typed: nothing is guessed."""
    if value is None:
        return None
    if value.span is None:
        return value.text
    return value.span.last if end else value.span.first


def _workbook_rows(report: Report) -> list[_Row]:
    bands = report.framework.rating.bands
    rows: list[_Row] = []
    for workbook in report.workbooks:
        inspection = workbook.inspection
        readable = workbook.status != "unreadable"
        ratings = [criterion.band for criterion in workbook.criteria]
        sheets = ", ".join(f"{sheet.name} ({sheet.cases})" for sheet in workbook.sheets)
        overall: list[Value] = []
        if report.framework.overall is not None:
            overall = [overall_text(workbook.overall) if workbook.overall else None]
        rows.append(
            _Row(
                [
                    workbook.path,
                    area(inspection),
                    service(inspection),
                    _date(date_text(inspection.get(FIELDWORK_START)), end=False),
                    _date(date_text(inspection.get(FIELDWORK_END)), end=True),
                    workbook.cases if readable else None,
                    sheets or None,
                    workbook.status,
                    len(workbook.errors),
                    len(workbook.warnings),
                    *(ratings.count(band) if readable else None for band in bands),
                    *overall,
                    ", ".join(criterion.id for criterion in workbook.strengths) or None,
                    ", ".join(c.id for c in workbook.areas_for_improvement) or None,
                ]
            )
        )
    return rows


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


class _Styles:
    """The workbook's cell formats, each made once and shared by every cell that has it."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._made: dict[tuple[object, ...], Any] = {}

    def get(
        self,
        kind: Kind = "text",
        *,
        bold: bool = False,
        indent: bool = False,
        wrap: bool = False,
        fill: str | None = None,
        header: bool = False,
        top: bool = False,
    ) -> Any:
        """The format, or None where a cell needs none: XlsxWriter then writes the cell
        in about half the time, which a batch of a thousand workbooks feels."""
        key = (kind, bold, indent, wrap, fill, header, top)
        if key in self._made:
            return self._made[key]
        properties: dict[str, object] = {"valign": "top"} if top or header else {}
        number_format = _NUMBER_FORMATS[kind]
        if number_format is not None:
            properties["num_format"] = number_format
        if bold or header:
            properties["bold"] = True
        if indent:
            properties["indent"] = 1
        if wrap or header:
            properties["text_wrap"] = True
        if header:
            properties["bg_color"] = _HEADER_FILL
        elif fill is not None:
            properties["bg_color"] = fill
        made = self._book.add_format(properties) if properties else None
        self._made[key] = made
        return made


# How wide each kind of number shows: a proportion `100.0%`, an interval `100%`, a date
# `30 Sep 2016`, a count up to five digits.
_NUMBER_WIDTHS: Mapping[Kind, int] = {"percent": 6, "interval": 4, "date": 11, "count": 5}


def _text_width(text: str) -> int:
    """The longest line's length (a line ends where str.splitlines ends one)."""
    if text.isprintable():
        return len(text)
    return max((len(line) for line in text.splitlines()), default=0)


@functools.lru_cache(maxsize=4096)
def _lines(text: str, width: int) -> int:
    """How many lines a wrapped cell takes in a column of this width (in characters).

    A column's width counts characters as wide as a digit; text averages narrower
    (Calibri's lowercase letters), so a line holds a fifth more, less one for the
    cell's padding: generous enough that no wrapped text is cut.
    """
    room = max(1, int((width - 1) * 1.2))
    if len(text) <= room and text.isprintable():
        return 1
    return sum(
        len(textwrap.wrap(line, room, break_long_words=True, break_on_hyphens=False)) or 1
        for line in text.splitlines() or [""]
    )


def _widths(columns: Sequence[_Column], rows: Sequence[_Row]) -> list[int]:
    """Each column as wide as its content, up to its cap (text wraps past it), and never
    narrower than the longest word of its header beside the filter's drop-down button."""
    widths = []
    for index, column in enumerate(columns):
        least = max(len(word) for word in column.header.split()) + 2
        if column.kind == "text":
            texts = {row.values[index] for row in rows}
            content = max((_text_width(text) for text in texts if isinstance(text, str)), default=0)
        else:
            content = _NUMBER_WIDTHS[column.kind]
        widths.append(max(least, min(content + 2, column.max_width)))
    return widths


def _write_table(
    book: Any,
    styles: _Styles,
    title: str,
    columns: Sequence[_Column],
    rows: Sequence[_Row],
    *,
    empty: str,
    top: bool,
) -> None:
    """One table. top: cells align to the top, for tables whose rows wrap onto several
    lines; left out of the tables that grow with a batch, for their cost per cell."""
    sheet = book.add_worksheet(title)
    widths = _widths(columns, rows)
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    header_lines = max(_lines(column.header, widths[i] - 1) for i, column in enumerate(columns))
    sheet.set_row(0, header_lines * LINE_POINTS)
    header_style = styles.get(header=True)
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.header, header_style)
        if column.header == UNCERTAIN_HEADER:
            sheet.write_comment(0, index, UNCERTAIN_NOTE, {"x_scale": 2})
    sheet.freeze_panes(1, 0)
    _print_setup(sheet)
    if not rows:
        # A table with nothing in it says so, instead of a bare header.
        sheet.write_string(1, 0, empty)
        return
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    # A results workbook of a thousand workbooks has a million cells: the loop below does
    # the least it can per cell (XlsxWriter's own work is most of the cost).
    plain = [styles.get(column.kind, wrap=column.wrap, top=top) for column in columns]
    wrapped = [index for index, column in enumerate(columns) if column.wrap]
    numbers = [column.kind != "text" for column in columns]
    write_string, write_number = sheet.write_string, sheet.write_number
    safe: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        cell_styles = plain
        if row.bold or row.indent or row.fills:
            cell_styles = [
                styles.get(
                    column.kind,
                    bold=row.bold,
                    indent=row.indent and index < 2,
                    wrap=column.wrap,
                    fill=fill.fill if (fill := row.fills.get(index)) else None,
                    top=top,
                )
                for index, column in enumerate(columns)
            ]
        for index, value in enumerate(row.values):
            if value is None:
                # An empty cell, not "": filters offer "(Blanks)" and COUNTA skips it.
                continue
            if isinstance(value, str):
                # Text is data, never a formula: "=..." from a workbook or a file name is
                # written as the string it is (write_string, and strings_to_formulas off),
                # with what XML cannot hold escaped so that one odd name cannot cost the
                # whole workbook.
                text = safe.get(value)
                if text is None:
                    text = safe[value] = xml_safe(value)
                write_string(number, index, text, cell_styles[index])
            elif isinstance(value, datetime.date):
                sheet.write_datetime(number, index, value, cell_styles[index])
            elif numbers[index]:
                write_number(number, index, value, cell_styles[index])
        lines = 1
        for index in wrapped:
            value = row.values[index]
            if isinstance(value, str):
                indent = 2 if row.indent and index < 2 else 0
                lines = max(lines, _lines(value, widths[index] - indent))
        if lines > 1:
            # Excel does not grow a row for wrapped text it did not type itself.
            sheet.set_row(number, lines * LINE_POINTS)


def _print_setup(sheet: Any) -> None:
    sheet.set_paper(PAPER_A4)
    sheet.set_landscape()
    sheet.set_margins(
        left=MARGIN_INCHES, right=MARGIN_INCHES, top=MARGIN_INCHES + 0.5, bottom=MARGIN_INCHES + 0.5
    )
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_footer("&L&A&RPage &P of &N")


def write_xlsx(report: Report, stream: BinaryIO, options: OutputOptions) -> None:
    saved = io.BytesIO()
    book = xlsxwriter.Workbook(
        saved,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    book.set_properties(
        {
            "title": f"SQS results: {xml_safe(report.framework.title)}",
            "author": "sqs",
            "created": fixed_time().replace(tzinfo=None),
        }
    )
    styles = _Styles(book)
    bands = report.framework.rating.bands

    batch = len(report.workbooks) > 1

    def table(title: str, columns: Sequence[_Column], rows: Sequence[_Row], empty: str) -> None:
        # The tables that grow with a batch leave out what costs most per cell.
        grows = batch and title not in ("Pooled", "Workbooks")
        _write_table(book, styles, title, columns, rows, empty=empty, top=not grows)

    if not batch:
        [workbook] = report.workbooks
        summary = _figure_rows(report, workbook, pooled=False)
        table("Summary", _FIGURE_COLUMNS, summary, "No figures: the workbook could not be read.")
        findings = _finding_rows(report, workbook, workbook.label)
    else:
        table("Summary", _BATCH_COLUMNS, _batch_rows(report), "No workbooks.")
        table("Criteria", _CRITERIA_COLUMNS, _criteria_rows(report), "No workbooks.")
        pooled = _figure_rows(report, report.pooled, pooled=True)
        table("Pooled", _FIGURE_COLUMNS, pooled, "No figures: no workbook could be read.")
        # As the terminal: the pooled findings; each workbook's are in Criteria.
        findings = _finding_rows(report, report.pooled, POOLED_LABEL)
    no_findings = "No key strengths and no areas requiring improvement from the figures."
    table("Findings", _FINDING_COLUMNS, findings, no_findings)
    workbook_columns = _workbook_columns(bands, overall=report.framework.overall is not None)
    table("Workbooks", workbook_columns, _workbook_rows(report), "No workbooks.")
    table("Problems", _PROBLEM_COLUMNS, _problem_rows(report), "No problems were found.")
    book.close()
    # The same report gives the same bytes, whenever it is written. XlsxWriter dates every
    # zip entry 1 January 1980 itself, and the document's times are fixed_time() above;
    # only a SOURCE_DATE_EPOCH asks for the package to be stamped again.
    data = saved.getvalue()
    stream.write(data if fixed_time() == ZIP_EPOCH else with_fixed_times(data))


__all__ = ["POOLED_LABEL", "write_xlsx"]
