"""The extent of an .xlsb sheet and its string table's counts, read from the raw records.

An .xlsb part is a sequence of BIFF12 records ([MS-XLSB] 2.1.4): a record type (one or
two bytes, 7 bits each, low bits first, the top bit of a byte saying "more"), a data size
(one to four such bytes), then the data. The scan follows python-calamine (calamine 0.37)
record by record, because what it allocates depends on how it reads:

- A sheet's grid spans the cells it keeps: the cell records (BrtCellRk ... BrtFmlaBool) it
  meets after BrtBeginSheetData, each at the row of the last BrtRowHdr and at the column
  of its own first four bytes, until BrtEndSheetData or a BrtRowHdr past row 0x100000.
  Columns are not checked at all: one cell at column 0x7FFFFFFF aborts the process.
- It reads each record into one buffer that never shrinks, so a record shorter than four
  bytes takes its column (or row) from bytes an earlier record left there. The scan keeps
  the same four bytes.
- BrtCellBlank and BrtFmlaError records are skipped; BrtWsDim only sizes a reservation of
  at most 100,000 cells; the shared-string count only bounds a loop. None of these
  allocates, but the declared figures are reported for the caller to judge.

Runs of ordinary records are decoded by regular expressions, and past 100,000 cells only
checked against the sheet's BrtWsDim (see SheetExtent.exact): a Python loop over millions
of records would cost as much as python-calamine's own read.
"""

from __future__ import annotations

import functools
import re
from array import array
from itertools import compress
from typing import IO, NamedTuple

from sqs_cli.reading.scan_facts import ScanError, SheetExtent, StringCounts, below, extent_with_bulk
from sqs_cli.settings import Limits

_CHUNK = 1 << 20
# The most bytes a record header takes (two for the type, four for the size) and the most
# data bytes the scan looks at (BrtWsDim's four numbers): kept in the buffer before a
# record is decoded, so no header or looked-at field is split between two reads.
_LOOKAHEAD = 6 + 16

_ROW_HEADER = 0x0000
_FIRST_CELL = 0x0002  # BrtCellRk
_LAST_CELL = 0x000A  # BrtFmlaBool
_BEGIN_SHEET_DATA = 0x0091
_END_SHEET_DATA = 0x0092
_WORKSHEET_DIMENSION = 0x0094
_BEGIN_SST = 0x009F
# Blocks python-calamine skips whole while it looks for BrtBeginSheetData: a BrtBeginSheetData
# inside one does not start the cells. Begin record -> end record.
_SKIPPED_BLOCKS = {0x0085: 0x0086, 0x0025: 0x0026, 0x0186: 0x0187}
# python-calamine ends a sheet at a row header past this row (zero-based).
_LAST_ROW = 0x0010_0000

# A run of records with a one-byte type and a one-byte size of 4 to 127 (nearly every row
# header and cell record Excel writes) is decoded by regular expressions rather than record
# by record, which is several times faster. Every such record overwrites the four bytes of
# python-calamine's buffer the scan keeps (see scan_xlsb_sheet). Sizes are listed most
# common first: BrtCellIsst and BrtCellRk, BrtCellReal, BrtCellBool, BrtRowHdr.
_COMMON_SIZES = (12, 16, 9, 17, 25)
_SIZED_DATA = b"(?:%s)" % b"|".join(
    re.escape(bytes([size])) + b".{%d}" % size
    for size in dict.fromkeys((*_COMMON_SIZES, *range(4, 128)))
)
_SIMPLE_RECORD = rb"[\x00-\x7f]" + _SIZED_DATA


@functools.cache
def _run_patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """The longest run of simple records from a position (group 1 marks the last one's
    start); and each simple record of a run in turn, where a row header or cell gives its
    type, size and first four data bytes (its row, or its column), any other record
    nothing. Compiled on first use: it takes milliseconds."""
    simple_run = re.compile(rb"(?:()" + _SIMPLE_RECORD + rb")*+", re.DOTALL)
    row_or_cell = re.compile(rb"(?=([\x00\x02-\x0a].....)|)" + _SIMPLE_RECORD, re.DOTALL)
    return simple_run, row_or_cell


_IS_ROW = bytes([1] + [0] * 255)
_IS_CELL = bytes([0] + [1] * 255)

# A sheet past this many cells, read one by one, is checked in bulk from then on: each run
# of simple records against the sheet's declared dimension (BrtWsDim), by one regular
# expression and no Python object per record, when the dimension is within the limits.
# Cells are then bounded by the runs' bytes: a cell record takes 14 bytes at least (a
# one-byte type and size, then column, style and a value of four bytes or more), or 11
# for a boolean or an error value, which a run is checked for.
_EXACT_CELLS = 100_000
_SMALLEST_CELL = 14
_SMALLEST_FLAG_CELL = 11


@functools.lru_cache(maxsize=8)
def _bounded_run(rows: int, columns: int) -> re.Pattern[bytes]:
    """The longest run of simple records whose cells have a column below `columns` and
    nine data bytes or more, and whose row headers a row below `rows`. Group 1 marks the
    last record's start; group 2 holds the last row header's row; group 3 marks the last
    cell of fewer than 12 data bytes (BrtCellBool, BrtCellError), None without one."""
    column = rb"(?=." + below(columns, 4) + rb")"
    cell = (
        rb"[\x02-\x0a]"
        + column
        + b"(?:%s)"
        % b"|".join(
            re.escape(bytes([size])) + b".{%d}" % size
            for size in dict.fromkeys((*_COMMON_SIZES, *range(128)))
            if size >= 12
        )
    )
    flag_cell = rb"()[\x02-\x0a]" + column + rb"(?:\x09.{9}|\x0a.{10}|\x0b.{11})"
    row = rb"\x00(?=.(" + below(rows, 4) + rb"))" + _SIZED_DATA
    other = rb"[\x01\x0b-\x7f]" + _SIZED_DATA
    return re.compile(rb"(?:()(?:%s|%s|%s|%s))*+" % (cell, row, flag_cell, other), re.DOTALL)


# Where python-calamine is in a sheet part.
_BEFORE_DIMENSION, _BEFORE_CELLS, _IN_CELLS = range(3)


class XlsbSheetScan(NamedTuple):
    """What one worksheet part of an .xlsb holds.

    extent: the cells python-calamine keeps (see SheetExtent).
    declared_rows, declared_columns: the farthest row and column BrtWsDim declares,
    counted from 1 (None without a BrtWsDim); python-calamine reserves room for at most
    100,000 cells from it, whatever it says.
    complete: False when the scan stopped because the extent passed the limits: the figures
    are then what was read up to that point.
    """

    extent: SheetExtent
    declared_rows: int | None
    declared_columns: int | None
    complete: bool


class _Records:
    """The records of a part, read in bounded chunks. `data[pos:]` holds the unread bytes:
    at least _LOOKAHEAD of them unless the part ends sooner."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.data = b""
        self.pos = 0
        self.exhausted = False

    def refill(self) -> None:
        while not self.exhausted and len(self.data) - self.pos < _LOOKAHEAD:
            more = self.stream.read(_CHUNK)
            self.exhausted = not more
            self.data = self.data[self.pos :] + more
            self.pos = 0

    def header(self) -> tuple[int, int] | None:
        """The next record's type and size, leaving pos at its data; None at the end."""
        self.refill()
        if self.pos >= len(self.data):
            return None
        kind, self.pos = _varint(self.data, self.pos, 2)
        size, self.pos = _varint(self.data, self.pos, 4)
        return kind, size

    def skip(self, size: int) -> None:
        """Move past the current record's data."""
        end = self.pos + size
        if end <= len(self.data):
            self.pos = end
            return
        remaining = end - len(self.data)
        self.data, self.pos = b"", 0
        while remaining > 0:
            more = self.stream.read(min(remaining, _CHUNK))
            if not more:
                raise ScanError("a record runs past the end of its part")
            remaining -= len(more)


def _varint(data: bytes, pos: int, most: int) -> tuple[int, int]:
    """A record header's number at pos, as python-calamine reads it, and the position
    after it: at most `most` bytes, 7 bits each, low bits first."""
    number = 0
    for index in range(most):
        if pos >= len(data):
            raise ScanError("a record runs past the end of its part")
        byte = data[pos]
        pos += 1
        number |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            break
    return number, pos


def _u32(data: bytes | bytearray, pos: int = 0) -> int:
    return int.from_bytes(data[pos : pos + 4], "little")


# array("I") holds four-byte numbers on every platform Python supports; checked once.
_UINT32 = next(code for code in "IL" if array(code).itemsize == 4)


def _uint32s(tokens: bytes, offset: int, stride: int) -> array[int]:
    """The little-endian four-byte numbers at offset, offset + stride, ... in tokens."""
    count = len(tokens) // stride
    packed = bytearray(4 * count)
    for byte in range(4):
        packed[byte::4] = tokens[offset + byte :: stride]
    numbers = array(_UINT32)
    numbers.frombytes(packed)
    if array(_UINT32, [1]).tobytes()[0] != 1:
        numbers.byteswap()
    return numbers


class _SheetData:
    """The cells python-calamine keeps, from BrtBeginSheetData on. bounds: the rows and
    columns to check runs against in bulk (see _EXACT_CELLS), or None."""

    def __init__(self, limits: Limits, bounds: tuple[int, int] | None) -> None:
        self.limits = limits
        self.bounds = bounds
        self.checked_cells = 0  # the bound on the cells of runs checked in bulk
        self.row = self.rows = self.columns = self.cells = 0
        # The first four bytes of python-calamine's record buffer, which every record
        # overwrites with as many data bytes as it has: a record of fewer than four takes
        # its row or column partly from earlier records. Kept lazily: `recent` is where
        # the data of the last record of four bytes or more starts in `source` (a chunk
        # already read, kept alive by this reference).
        self.head = bytearray(4)
        self.source = b""
        self.recent = -1
        self.ended = False

    def extent(self) -> SheetExtent:
        return extent_with_bulk(
            self.rows, self.columns, self.cells, self.checked_cells, self.bounds
        )

    def exceeded(self) -> bool:
        return self.extent().exceeds(self.limits)

    def settle_head(self) -> None:
        """Copy the pending four bytes into head."""
        if self.recent >= 0:
            self.head[:] = self.source[self.recent : self.recent + 4]
            self.recent = -1

    def record(self, kind: int, data: bytes, pos: int, size: int) -> None:
        """One record whose data starts at data[pos] (its first 16 bytes at least are in
        data, or all of them if fewer)."""
        if size >= 4:
            self.source, self.recent = data, pos
            number = _u32(data, pos)
        else:
            self.settle_head()
            self.head[:size] = data[pos : pos + size]
            number = _u32(self.head)
        if _FIRST_CELL <= kind <= _LAST_CELL:
            self.cells += 1
            self.rows = max(self.rows, self.row + 1)
            self.columns = max(self.columns, number + 1)
        elif kind == _ROW_HEADER:
            self.row = number
            self.ended = number > _LAST_ROW
        elif kind == _END_SHEET_DATA:
            self.ended = True

    def run(self, data: bytes, pos: int) -> int:
        """Take the run of simple records from data[pos] at once; where it ends (pos if
        there is none, or if a row header in it ends the sheet)."""
        if self.bounds is not None and self.cells >= _EXACT_CELLS and self.row < self.bounds[0]:
            end = self._checked_run(data, pos, *self.bounds)
            if end > pos:
                return end
        simple_run, row_or_cell = _run_patterns()
        run = simple_run.match(data, pos)
        assert run is not None  # the pattern matches the empty run too
        end = run.end()
        if end == pos:
            return pos
        tokens = b"".join(row_or_cell.findall(data, pos, end))
        kinds = tokens[0::6]
        numbers = _uint32s(tokens, 2, 6)
        is_row = kinds.translate(_IS_ROW)
        if max(compress(numbers, is_row), default=0) > _LAST_ROW:
            return pos  # record by record, to stop where python-calamine stops
        cells = len(kinds) - kinds.count(0)
        if cells:
            # Cells before the run's first row header are in the row already current;
            # the others in the row of the header before them.
            if kinds[0]:
                self.rows = max(self.rows, self.row + 1)
            next_is_cell = kinds[1:].translate(_IS_CELL) + b"\x00"
            with_cells = int.from_bytes(is_row, "big") & int.from_bytes(next_is_cell, "big")
            mask = with_cells.to_bytes(len(kinds), "big")
            self.rows = max(self.rows, max(compress(numbers, mask), default=-1) + 1)
            self.columns = max(self.columns, max(compress(numbers, kinds)) + 1)
            self.cells += cells
        last_header = kinds.rfind(0)
        if last_header >= 0:
            self.row = numbers[last_header]
        # Every record of the run has four data bytes or more: the last one's are the head.
        self.source, self.recent = data, run.start(1) + 2
        return end

    def _checked_run(self, data: bytes, pos: int, rows: int, columns: int) -> int:
        """Check the run from data[pos] in bulk; where the checked part ends."""
        run = _bounded_run(rows, columns).match(data, pos)
        assert run is not None  # the pattern matches the empty run too
        end = run.end()
        if end > pos:
            smallest = _SMALLEST_CELL if run.group(3) is None else _SMALLEST_FLAG_CELL
            self.checked_cells += -(-(end - pos) // smallest)
            if (row := run.group(2)) is not None:
                self.row = _u32(row)
            # Every record of the run has four data bytes or more: the last one's are the
            # head.
            self.source, self.recent = data, run.start(1) + 2
        return end


def scan_xlsb_sheet(stream: IO[bytes], limits: Limits) -> XlsbSheetScan:
    """Scan a worksheet part (for example `xl/worksheets/sheet1.bin`, opened from the zip)
    for the extent python-calamine would allocate for it, stopping once it passes limits.

    Linear in the part's size, memory bounded by one chunk. A large sheet is checked in
    bulk against its declared dimension if the stream can seek (a zip member can): should
    the bound on its cells pass the limits, it is scanned again cell by cell (see
    SheetExtent.exact). Raises ScanError when a record runs past the end of the part.
    """
    start = stream.tell() if stream.seekable() else None
    scan = _scan_sheet(stream, limits, in_bulk=start is not None)
    if start is not None and not scan.extent.exact and scan.extent.exceeds(limits):
        stream.seek(start)
        scan = _scan_sheet(stream, limits, in_bulk=False)
    return scan


def _scan_sheet(stream: IO[bytes], limits: Limits, in_bulk: bool) -> XlsbSheetScan:
    records = _Records(stream)
    sheet = _SheetData(limits, None)
    phase = _BEFORE_DIMENSION
    skipping_to = -1  # the end record of a block python-calamine skips, or -1
    declared: tuple[int | None, int | None] = (None, None)
    while not sheet.ended:
        if phase == _IN_CELLS:
            if sheet.exceeded():
                return XlsbSheetScan(sheet.extent(), *declared, complete=False)
            records.refill()
            records.pos = sheet.run(records.data, records.pos)
        header = records.header()
        if header is None:
            break
        kind, size = header
        data, pos = records.data, records.pos
        if phase == _IN_CELLS:
            sheet.record(kind, data, pos, size)
        else:
            # python-calamine reads these records into the same buffer.
            sheet.record(-1, data, pos, size)
            if phase == _BEFORE_DIMENSION:
                if kind == _WORKSHEET_DIMENSION:
                    phase = _BEFORE_CELLS
                    if size >= 16:
                        # rwFirst, rwLast, colFirst, colLast: zero-based, inclusive.
                        rows, columns = _u32(data, pos + 4) + 1, _u32(data, pos + 12) + 1
                        declared = (rows, columns)
                        if in_bulk and not SheetExtent(rows, columns).exceeds(limits):
                            sheet.bounds = declared
            elif skipping_to >= 0:
                if kind == skipping_to:
                    skipping_to = -1
            elif kind == _BEGIN_SHEET_DATA:
                phase = _IN_CELLS
            else:
                skipping_to = _SKIPPED_BLOCKS.get(kind, -1)
        records.skip(size)
    return XlsbSheetScan(sheet.extent(), *declared, complete=not sheet.exceeded())


# Cells written in the short form ([MS-XLSB] 2.5.10 ShortCell: no column, the previous
# cell's plus one): BrtShortRk to BrtShortIsst. BrtShortBlank (0x000C) holds no value.
_SHORT_VALUE_CELLS = range(0x000D, 0x0013)
# How many records of a part are looked at for one: a producer that writes them writes
# them for every cell after the first of a row, so they come in the first rows.
_SHORT_CELLS_LOOKED_AT = 50_000


def has_short_cells(stream: IO[bytes]) -> bool:
    """Whether a worksheet part's first records hold a value cell in the short form, which
    SheetJS and Aspose.Cells write for every cell after the first of a row (Excel writes
    the full form) and python-calamine 0.9 skips: such a sheet would read one column wide.
    Raises ScanError when a record runs past the end of the part."""
    records = _Records(stream)
    for _ in range(_SHORT_CELLS_LOOKED_AT):
        header = records.header()
        if header is None:
            return False
        kind, size = header
        if kind in _SHORT_VALUE_CELLS:
            return True
        records.skip(size)
    return False


def scan_xlsb_strings(stream: IO[bytes]) -> StringCounts | None:
    """The counts BrtBeginSst declares in a shared-strings part (`xl/sharedStrings.bin`),
    or None when the part has no BrtBeginSst; reads only up to that record.

    python-calamine reads as many strings as the unique count says, without reserving
    room for them: a count larger than the table makes it fail ("failed to fill whole
    buffer"), never allocate. Raises ScanError when a record runs past the end of the part.
    """
    records = _Records(stream)
    while (header := records.header()) is not None:
        kind, size = header
        if kind == _BEGIN_SST:
            if size < 8 or records.pos + 8 > len(records.data):
                raise ScanError("the shared-string table's header is cut short")
            return StringCounts(
                _u32(records.data, records.pos), _u32(records.data, records.pos + 4)
            )
        records.skip(size)
    return None
