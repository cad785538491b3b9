"""The rules the openpyxl-built workbooks share: data cells, A4 one page wide."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl import Workbook

from sqs_cli.writers.openpyxl_sheets import print_one_page_wide, put_data


def _round_trip(book: Workbook) -> Workbook:
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def test_text_that_looks_like_a_formula_is_saved_as_text() -> None:
    book = Workbook()
    put_data(book.active, 1, 1, "=SUM(A2:A9)")
    cell = _round_trip(book).active["A1"]
    assert cell.data_type == "s"
    assert cell.value == "=SUM(A2:A9)"


def test_characters_xml_cannot_hold_do_not_break_the_file() -> None:
    book = Workbook()
    put_data(book.active, 1, 1, "Area\x01 North")
    value = _round_trip(book).active["A1"].value
    assert isinstance(value, str)
    assert "\x01" not in value
    assert value.startswith("Area") and value.endswith("North")


def test_numbers_stay_numbers() -> None:
    book = Workbook()
    put_data(book.active, 1, 1, 12)
    assert _round_trip(book).active["A1"].value == 12


@pytest.mark.parametrize(("landscape", "pages_tall"), [(True, 0), (False, 2)])
def test_prints_on_a4_one_page_wide(landscape: bool, pages_tall: int) -> None:
    book = Workbook()
    print_one_page_wide(book.active, landscape=landscape, pages_tall=pages_tall)
    sheet = _round_trip(book).active
    assert int(sheet.page_setup.paperSize) == 9  # A4 in the OOXML paper-size list
    assert sheet.page_setup.orientation == ("landscape" if landscape else "portrait")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(sheet.page_setup.fitToWidth) == 1
    assert int(sheet.page_setup.fitToHeight) == pages_tall
