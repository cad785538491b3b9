"""`sqs sample -o marking.xlsx`: the marking template of `sqs template`, with the sampled
cases' IDs and carried columns filled in, and a Sample sheet recording the draw."""

from __future__ import annotations

import io
from typing import BinaryIO

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from sqs_cli.case_sample import SampleRecord
from sqs_cli.template import DESCRIPTIVE_COLUMNS, template_workbook
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.openpyxl_sheets import print_one_page_wide, put_data
from sqs_cli.writers.package import with_fixed_times
from sqs_cli.writers.sample_text import record_lines, stratum_label

_BOLD = Font(bold=True)


def _sample_sheet(sheet: Worksheet, record: SampleRecord) -> None:
    put_data(sheet, 1, 1, "Sample of cases drawn by sqs").font = Font(bold=True, size=13)
    row = 3
    for key, value in record_lines(record):
        put_data(sheet, row, 1, key).font = _BOLD
        put_data(sheet, row, 2, value).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    header = " / ".join(record.strata_columns) if record.strata_columns else "Stratum"
    for column, title in enumerate((header, "Population", "Proportional share", "Sample"), 1):
        put_data(sheet, row, column, title).font = _BOLD
    header_row = row
    for stratum in record.draw.strata:
        row += 1
        put_data(sheet, row, 1, stratum_label(record, stratum.stratum))
        sheet.cell(row=row, column=2, value=stratum.population)
        share = sheet.cell(row=row, column=3, value=float(stratum.quota))
        share.number_format = "0.00"
        sheet.cell(row=row, column=4, value=stratum.sample)
    row += 1
    put_data(sheet, row, 1, "Total").font = _BOLD
    sheet.cell(row=row, column=2, value=record.draw.population).font = _BOLD
    sheet.cell(row=row, column=4, value=record.draw.size).font = _BOLD
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90
    sheet.column_dimensions["C"].width = 18
    sheet.column_dimensions["D"].width = 10
    sheet.print_title_rows = f"{header_row}:{header_row}"
    print_one_page_wide(sheet, landscape=False)


def sample_workbook_bytes(record: SampleRecord) -> bytes:
    own = [name for name in DESCRIPTIVE_COLUMNS if name not in record.columns]
    workbook = template_workbook(
        record.framework, cases=max(1, record.draw.size), descriptive=(*record.columns, *own)
    )
    cases = workbook["Cases"]
    for index, case in enumerate(record.cases, start=2):
        put_data(cases, index, 1, case.case_id)
        for offset, value in enumerate(case.values, start=2):
            put_data(cases, index, offset, value)
    sample = workbook.create_sheet("Sample", 1)
    _sample_sheet(sample, record)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return with_fixed_times(buffer.getvalue())


def write_sample_xlsx(record: SampleRecord, stream: BinaryIO, options: OutputOptions) -> None:
    stream.write(sample_workbook_bytes(record))
