"""`sqs trend -o trend.xlsx`: a Trend sheet (a row per criterion and question, a column
per audit, gaps left empty, never zero), a Figures sheet with every count and interval in
the CSV's long shape, and an Audits sheet saying which audit is which."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sqs_cli.trend import Series, Trend
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.openpyxl_sheets import print_one_page_wide, put_data
from sqs_cli.writers.package import with_fixed_times
from sqs_cli.writers.trend_csv import HEADER, figure_rows
from sqs_cli.writers.trend_text import significant_text

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


def _put(sheet: Worksheet, row: int, column: int, value: Any, **style: Any) -> None:
    cell = put_data(sheet, row, column, value)
    for name, setting in style.items():
        setattr(cell, name, setting)


def _sheet(book: Workbook, title: str, headers: Sequence[str], widths: Sequence[int]) -> Worksheet:
    sheet: Worksheet = book.create_sheet(title)
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        _put(sheet, 1, column, header, font=_BOLD, fill=_HEADER_FILL)
        sheet.cell(row=1, column=column).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    print_one_page_wide(sheet, landscape=True)
    return sheet


def _trend_sheet(book: Workbook, trend: Trend) -> None:
    audits = [
        f"{index + 1}. {audit.fieldwork or audit.label}" for index, audit in enumerate(trend.audits)
    ]
    headers = ["ID", "Criterion / question", *audits, "Significant steps"]
    widths = [8, 44, *(14 for _ in audits), 30]
    sheet = _sheet(book, "Trend", headers, widths)
    row = 1
    series_in_order: list[Series] = []
    for criterion in trend.criteria:
        series_in_order.append(criterion)
        series_in_order.extend(trend.questions_of(criterion.id))
    for series in series_in_order:
        row += 1
        bold = series.kind == "criterion"
        _put(sheet, row, 1, series.id, font=Font(bold=bold))
        _put(sheet, row, 2, series.text, font=Font(bold=bold))
        for offset, point in enumerate(series.points):
            if point.proportion is not None:
                cell = sheet.cell(row=row, column=3 + offset, value=float(point.proportion))
                cell.number_format = "0.0%"
        _put(sheet, row, 3 + len(series.points), significant_text(series))


def _figures_sheet(book: Workbook, trend: Trend) -> None:
    sheet = _sheet(
        book, "Figures", HEADER, [10, 8, 9, 6, 24, 12, 10, 9, 10, 10, 10, 20, 12, 12, 40]
    )
    row = 1
    for series in (*trend.criteria, *trend.questions):
        for values in figure_rows(trend, series, safe=str):
            row += 1
            for column, value in enumerate(values, start=1):
                if value != "":
                    _put(sheet, row, column, value)


def _audits_sheet(book: Workbook, trend: Trend) -> None:
    headers = ["Audit", "Label", "Fieldwork", "Cases", "Source", "Note"]
    sheet = _sheet(book, "Audits", headers, [8, 24, 24, 8, 40, 50])
    for index, audit in enumerate(trend.audits):
        row = index + 2
        note = "" if audit.figures is not None else (audit.gap_reason or "no figures")
        for column, value in enumerate(
            (index + 1, audit.label, audit.fieldwork or "", audit.cases, audit.source, note),
            start=1,
        ):
            if value not in ("", None):
                _put(sheet, row, column, value)


def write_trend_xlsx(trend: Trend, stream: BinaryIO, options: OutputOptions) -> None:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    book.properties.creator = "sqs"
    _trend_sheet(book, trend)
    _figures_sheet(book, trend)
    _audits_sheet(book, trend)
    saved = io.BytesIO()
    book.save(saved)
    stream.write(with_fixed_times(saved.getvalue()))
