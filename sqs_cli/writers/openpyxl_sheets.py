"""Rules shared by the workbooks sqs builds with openpyxl (the template, the sample, the
trend): every cell holds data, never a formula, and every sheet prints on A4 one page wide."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from sqs_cli.safe_text import xml_safe


def put_data(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write value as data: a label taken from a workbook may start with "=", and text with
    characters XML cannot hold would make the file unreadable."""
    if isinstance(value, str):
        value = xml_safe(value)
    cell: Cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def print_one_page_wide(sheet: Worksheet, *, landscape: bool, pages_tall: int = 0) -> None:
    """A4, one page wide and at most pages_tall pages tall (0: as many as it needs)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = pages_tall
