"""A minimal .xlsb writer for tests: just the parts and records python-calamine reads.

No library writes .xlsb (LibreOffice reads it but cannot save it), so test workbooks are
built here from [MS-XLSB]: each part is a sequence of records, a record being its type
and its size as little-endian base-128 numbers, then its data. Only the records a
reader needs are written, with the fields it looks at; every other field is zero.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

# Record types ([MS-XLSB] 2.3.2).
ROW_HEADER = 0x0000
CELL_BLANK = 0x0001
CELL_RK = 0x0002
CELL_ERROR = 0x0003
CELL_BOOL = 0x0004
CELL_REAL = 0x0005
CELL_STRING = 0x0006
CELL_SHARED_STRING = 0x0007
FORMULA_STRING = 0x0008
FORMULA_NUMBER = 0x0009
FORMULA_BOOL = 0x000A
FORMULA_ERROR = 0x000B
SST_ITEM = 0x0013
BEGIN_SHEET = 0x0081
END_SHEET = 0x0082
BEGIN_BOOK = 0x0083
END_BOOK = 0x0084
BEGIN_BUNDLE_SHEETS = 0x008F
END_BUNDLE_SHEETS = 0x0090
BEGIN_SHEET_DATA = 0x0091
END_SHEET_DATA = 0x0092
WORKSHEET_DIMENSION = 0x0094
BUNDLE_SHEET = 0x009C
CALC_PROPERTIES = 0x009D
BEGIN_SST = 0x009F
END_SST = 0x00A0

# A cell value: str (shared string), float or int (number), bool, or None (blank).
Value = str | float | int | bool | None


def varint(number: int, most: int) -> bytes:
    """number in base 128, low digits first, the top bit of each byte saying 'more'."""
    out = bytearray()
    while True:
        digit, number = number & 0x7F, number >> 7
        out.append(digit | (0x80 if number else 0))
        if not number:
            break
    assert len(out) <= most, "too large for a record header"
    return bytes(out)


def record(kind: int, data: bytes = b"") -> bytes:
    return varint(kind, 2) + varint(len(data), 4) + data


def wide_string(text: str) -> bytes:
    encoded = text.encode("utf-16-le")
    return struct.pack("<I", len(encoded) // 2) + encoded


def row_header(row: int) -> bytes:
    # rw, ixfe, miyRw, then flag bytes: 17 bytes as Excel writes it, the rest zero.
    return record(ROW_HEADER, struct.pack("<IIH", row, 0, 300) + bytes(7))


def cell(column: int, value: Value, strings: dict[str, int]) -> bytes:
    head = struct.pack("<II", column, 0)  # column, then style and flags
    if value is None:
        return record(CELL_BLANK, head)
    if isinstance(value, bool):
        return record(CELL_BOOL, head + bytes([value]))
    if isinstance(value, int | float):
        return record(CELL_REAL, head + struct.pack("<d", float(value)))
    index = strings.setdefault(value, len(strings))
    return record(CELL_SHARED_STRING, head + struct.pack("<I", index))


def dimension(first_row: int, last_row: int, first_column: int, last_column: int) -> bytes:
    return record(
        WORKSHEET_DIMENSION, struct.pack("<IIII", first_row, last_row, first_column, last_column)
    )


def sheet_part(
    cells: Iterable[tuple[int, int, Value]],
    strings: dict[str, int],
    declared: tuple[int, int, int, int] | None = None,
) -> bytes:
    """A worksheet part of (row, column, value) cells, zero-based, in row order.

    declared is the BrtWsDim (first row, last row, first column, last column); by default
    the cells' own extent, as Excel writes it.
    """
    cells = list(cells)
    if declared is None:
        rows = [row for row, _, _ in cells] or [0]
        columns = [column for _, column, _ in cells] or [0]
        declared = (min(rows), max(rows), min(columns), max(columns))
    out = [record(BEGIN_SHEET), dimension(*declared), record(BEGIN_SHEET_DATA)]
    current = None
    for row, column, value in cells:
        if row != current:
            out.append(row_header(row))
            current = row
        out.append(cell(column, value, strings))
    out += [record(END_SHEET_DATA), record(END_SHEET)]
    return b"".join(out)


def grid_cells(rows: Sequence[Sequence[Value]]) -> list[tuple[int, int, Value]]:
    return [
        (row, column, value)
        for row, values in enumerate(rows)
        for column, value in enumerate(values)
        if value is not None
    ]


def shared_strings_part(strings: Mapping[str, int], total: int | None = None) -> bytes:
    unique = len(strings)
    head = struct.pack("<II", unique if total is None else total, unique)
    items = [record(SST_ITEM, b"\x00" + wide_string(text)) for text in strings]
    return b"".join([record(BEGIN_SST, head), *items, record(END_SST)])


def workbook_part(names: Sequence[str]) -> bytes:
    sheets = [
        # hsState (visible), iTabID, relationship ID, sheet name
        record(
            BUNDLE_SHEET,
            struct.pack("<II", 0, number) + wide_string(f"rId{number}") + wide_string(name),
        )
        for number, name in enumerate(names, start=1)
    ]
    return b"".join(
        [
            record(BEGIN_BOOK),
            record(BEGIN_BUNDLE_SHEETS),
            *sheets,
            record(END_BUNDLE_SHEETS),
            record(CALC_PROPERTIES, bytes(26)),
            record(END_BOOK),
        ]
    )


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Override PartName="/xl/sharedStrings.bin" ContentType="application/vnd.ms-excel.sharedStrings"/>\
{sheets}</Types>"""
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{number}.bin" '
    'ContentType="application/vnd.ms-excel.worksheet"/>'
)
_PACKAGE_RELATIONSHIPS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Target="xl/workbook.bin" Type="http://schemas.openxmlformats.org/\
officeDocument/2006/relationships/officeDocument"/></Relationships>"""
_WORKBOOK_RELATIONSHIP = (
    '<Relationship Id="rId{number}" Target="worksheets/sheet{number}.bin" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
)


def write_xlsb(
    path: Path,
    sheets: Mapping[str, bytes],
    strings: Mapping[str, int],
    shared_strings: bytes | None = None,
) -> Path:
    """An .xlsb of the given sheet parts (see sheet_part) sharing one string table."""
    numbers = range(1, len(sheets) + 1)
    relationships = "".join(_WORKBOOK_RELATIONSHIP.format(number=n) for n in numbers)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            _CONTENT_TYPES.format(sheets="".join(_SHEET_TYPE.format(number=n) for n in numbers)),
        )
        archive.writestr("_rels/.rels", _PACKAGE_RELATIONSHIPS)
        archive.writestr("xl/workbook.bin", workbook_part(list(sheets)))
        archive.writestr(
            "xl/_rels/workbook.bin.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{relationships}</Relationships>",
        )
        archive.writestr(
            "xl/sharedStrings.bin",
            shared_strings if shared_strings is not None else shared_strings_part(strings),
        )
        for number, part in zip(numbers, sheets.values(), strict=True):
            archive.writestr(f"xl/worksheets/sheet{number}.bin", part)
    return path


def simple_xlsb(path: Path, sheets: Mapping[str, Sequence[Sequence[Value]]]) -> Path:
    """An .xlsb whose sheets hold the given rows, from A1."""
    strings: dict[str, int] = {}
    parts = {name: sheet_part(grid_cells(rows), strings) for name, rows in sheets.items()}
    return write_xlsb(path, parts, strings)
