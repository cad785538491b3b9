"""What an .xls sheet's records show that python-calamine's values do not: its hidden rows
and columns, and which cells hold formulas, with the functions and ranges they use.

For an .xlsx these come from the sheet's XML (xml_facts.py); without them a row of
COUNTIF results under an unlisted label would be scored as one more case, and hidden rows
would be scored without a word. The records read here ([MS-XLS] 2.4):

- ROW: a row whose fDyZero bit is set is hidden; COLINFO: columns whose fHidden bit is set.
- FORMULA: a cell's formula as parsed tokens (2.5.198); a shared formula (SHRFMLA) or an
  array formula (ARRAY) is given once, after the first cell that uses it, and the other
  cells point to that first cell with a ptgExp token.

Of a formula only what summary-row detection asks is kept: the aggregating functions it
calls (`COUNTIF(`) and the ranges it reads (`A1:A2`: a placeholder, the range itself is
not needed). The walk is one Python step a record, so a sheet of more records than
_MOST_RECORDS is left unread, as before: no facts, every row scored, as for .xlsb.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

from sqs_cli.problems import cell_name
from sqs_cli.reading.grid import NO_FACTS, CellFacts
from sqs_cli.reading.scan_facts import ScanError
from sqs_cli.reading.xls_scan import BOF, EOF, Records, open_workbook_stream

_FORMULA = 0x0006
_ROW = 0x0208
_COLINFO = 0x007D
_SHRFMLA = 0x04BC
_ARRAY = 0x0221
_MOST_RECORDS = 300_000
# The last column of a BIFF8 sheet: a COLINFO may run to 256, past it.
_LAST_COLUMN = 255

# Functions that count, sum or average other cells, by their index in [MS-XLS] 2.5.198.17
# (Ftab), as summary-row detection names them.
AGGREGATES = {
    0: "COUNT",
    4: "SUM",
    5: "AVERAGE",
    6: "MIN",
    7: "MAX",
    169: "COUNTA",
    227: "MEDIAN",
    228: "SUMPRODUCT",
    344: "SUBTOTAL",
    345: "SUMIF",
    346: "COUNTIF",
    347: "COUNTBLANK",
    361: "AVERAGEA",
}
RANGE = "A1:A2"

# The bytes each token takes after its first, by its type with the class bits cleared
# ([MS-XLS] 2.5.198.25); ptgStr and ptgAttr are measured where they stand.
_FIXED_SIZES = {
    0x01: 4,  # ptgExp
    0x02: 4,  # ptgTbl
    **dict.fromkeys(range(0x03, 0x17), 0),  # operators, ptgParen, ptgMissArg
    0x1C: 1,  # ptgErr
    0x1D: 1,  # ptgBool
    0x1E: 2,  # ptgInt
    0x1F: 8,  # ptgNum
    0x20: 7,  # ptgArray
    0x21: 2,  # ptgFunc
    0x22: 3,  # ptgFuncVar
    0x23: 4,  # ptgName
    0x24: 4,  # ptgRef
    0x25: 8,  # ptgArea
    0x26: 6,  # ptgMemArea
    0x27: 6,  # ptgMemErr
    0x28: 6,  # ptgMemNoMem
    0x29: 2,  # ptgMemFunc
    0x2A: 4,  # ptgRefErr
    0x2B: 8,  # ptgAreaErr
    0x2C: 4,  # ptgRefN
    0x2D: 8,  # ptgAreaN
    0x39: 6,  # ptgNameX
    0x3A: 6,  # ptgRef3d
    0x3B: 10,  # ptgArea3d
    0x3C: 6,  # ptgRefErr3d
    0x3D: 10,  # ptgAreaErr3d
}
_AREAS = frozenset({0x25, 0x2D, 0x3B})
_STRING, _ATTRIBUTE, _FUNCTION, _VARIABLE_FUNCTION = 0x17, 0x19, 0x21, 0x22
_ATTRIBUTE_CHOOSE = 0x04


def formula_text(tokens: bytes) -> str:
    """The ranges and aggregating functions of a parsed formula, in the order of its tokens
    (operands first), as text that summary-row detection reads: "= A1:A2 COUNTIF(" for
    `COUNTIF(B2:B13,"Yes")`, "=" for a formula with neither. A token sqs does not know
    ends the reading: what came before it is kept."""
    parts = ["="]
    position = 0
    while position < len(tokens):
        token = tokens[position]
        kind = token if token < 0x20 else (token & 0x1F) | 0x20
        data = position + 1
        if kind == _STRING:
            if data + 2 > len(tokens):
                break
            size = 2 + tokens[data] * (2 if tokens[data + 1] & 1 else 1)
        elif kind == _ATTRIBUTE:
            if data + 3 > len(tokens):
                break
            size = 3
            if tokens[data] & _ATTRIBUTE_CHOOSE:
                size += 2 * (struct.unpack_from("<H", tokens, data + 1)[0] + 1)
        elif kind in _FIXED_SIZES:
            size = _FIXED_SIZES[kind]
        else:
            break
        if data + size > len(tokens):
            break
        if kind in (_FUNCTION, _VARIABLE_FUNCTION):
            offset = data if kind == _FUNCTION else data + 1
            index = struct.unpack_from("<H", tokens, offset)[0] & 0x7FFF
            if index in AGGREGATES:
                parts.append(f"{AGGREGATES[index]}(")
        elif kind in _AREAS:
            parts.append(RANGE)
        position = data + size
    return " ".join(parts)


def xls_sheet_facts(path: Path, position: int, biff: int) -> CellFacts:
    """The facts of the .xls sheet whose records start at `position` in the workbook
    stream (as the checks before reading found it); NO_FACTS when they cannot be read: a
    sheet too large to walk."""
    try:
        with path.open("rb") as file:
            stream = open_workbook_stream(file, path.stat().st_size)
            if position > stream.size:
                return NO_FACTS
            return _SheetFacts(formulas=biff >= 8).read(Records(stream, position))
    except (ScanError, OSError, struct.error):
        return NO_FACTS


class _SheetFacts:
    """formulas: read the formulas too. Only in BIFF8 (Excel 97 and later): the tokens of
    Excel 5.0/95 have other sizes, and a misread one could make a case a summary row."""

    def __init__(self, *, formulas: bool) -> None:
        self.read_formulas = formulas
        self.hidden_rows: set[int] = set()
        self.hidden_columns: set[int] = set()
        self.formulas: dict[str, str] = {}
        # Cells whose formula is given elsewhere: cell -> the first cell of its group.
        self.pointing: dict[tuple[int, int], tuple[int, int]] = {}
        # Shared and array formulas: (first row, last row, first column, last column, text).
        self.groups: list[tuple[int, int, int, int, str]] = []

    def read(self, records: Records) -> CellFacts:
        for kind, data in _sheet_records(records):
            if kind == _ROW and len(data) >= 14:
                row, flags = struct.unpack_from("<H10xH", data)
                if flags & 0x20:
                    self.hidden_rows.add(row)
            elif kind == _COLINFO and len(data) >= 10:
                first, last, flags = struct.unpack_from("<HH4xH", data)
                if flags & 0x01:
                    self.hidden_columns.update(range(first, min(last, _LAST_COLUMN) + 1))
            elif not self.read_formulas:
                continue
            elif kind == _FORMULA and len(data) >= 22:
                self.formula(data)
            elif kind == _SHRFMLA and len(data) >= 10:
                first_row, last_row, first_column, last_column = struct.unpack_from("<HHBB", data)
                size = struct.unpack_from("<H", data, 8)[0]
                text = formula_text(data[10 : 10 + size])
                self.groups.append((first_row, last_row, first_column, last_column, text))
            elif kind == _ARRAY and len(data) >= 14:
                first_row, last_row, first_column, last_column = struct.unpack_from("<HHBB", data)
                size = struct.unpack_from("<H", data, 12)[0]
                text = formula_text(data[14 : 14 + size])
                self.groups.append((first_row, last_row, first_column, last_column, text))
        anchors = {(top, left): text for top, _, left, _, text in reversed(self.groups)}
        for (row, column), anchor in self.pointing.items():
            shared = anchors.get(anchor)
            self.formulas[cell_name(row, column)] = (
                shared if shared is not None else self.group_text(row, column)
            )
        return CellFacts(
            hidden_rows=frozenset(self.hidden_rows),
            hidden_columns=frozenset(self.hidden_columns),
            formulas=self.formulas,
        )

    def formula(self, data: bytes) -> None:
        row, column = struct.unpack_from("<HH", data)
        size = struct.unpack_from("<H", data, 20)[0]
        tokens = data[22 : 22 + size]
        if len(tokens) >= 5 and tokens[0] == 0x01:
            self.pointing[(row, column)] = struct.unpack_from("<HH", tokens, 1)
        else:
            self.formulas[cell_name(row, column)] = formula_text(tokens)

    def group_text(self, row: int, column: int) -> str:
        """The text of the shared or array formula whose range holds a cell that points to
        no group's first cell ("=" if none does: a formula, of unknown kind)."""
        for top, bottom, left, right, text in self.groups:
            if top <= row <= bottom and left <= column <= right:
                return text
        return "="


def _sheet_records(records: Records) -> Iterator[tuple[int, bytes]]:
    """The sheet's own records, from its BOF to its EOF: not those of a chart embedded in
    it. Raises ScanError past _MOST_RECORDS."""
    depth = 0
    for count, (kind, data) in enumerate(records):
        if count > _MOST_RECORDS:
            raise ScanError("too many records to walk")
        if kind == BOF:
            depth += 1
        elif kind == EOF:
            depth -= 1
            if depth <= 0:
                return
        elif depth == 1:
            yield kind, data
