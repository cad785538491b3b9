"""What an Excel 97-2003 (.xls) workbook declares and holds, read from its raw records.

An .xls is an OLE compound file (read with olefile) whose Workbook stream is a sequence of
BIFF records: a two-byte type, a two-byte size, then the data. python-calamine (calamine
0.37) parses every sheet when it opens the file, whatever the sheet's kind or visibility,
so the scan follows it over every sheet the workbook lists:

- A sheet's grid spans the cells it keeps: NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST,
  MULRK and FORMULA records, each at the row and column of its first four data bytes (a
  MULRK at one column per value), and a STRING record at the last formula's cell. Two-byte
  rows and columns are taken as they are: one cell at column 65,535 asks for a grid of
  65,536 columns. BLANK, MULBLANK and ROW records (formatting) are skipped, as are the
  records of charts embedded in a sheet.
- A DIMENSIONS record makes it reserve room for its rows times its columns cells (40 bytes
  each), computed in 32-bit arithmetic that wraps: a first row after the last asks for four
  billion rows. The reservation is reported (reserved_rows, reserved_columns).
- It ignores the counts an SST record declares (they are reported) and reads the strings
  there are.
- It refuses a FILEPASS record only when its first two bytes are not zero: an XOR-obfuscated
  BIFF8 workbook is read as if plain, its cells at garbled positions. The scan reports the
  encryption and reads no further.

Runs of ordinary records are decoded by regular expressions, and past 100,000 cells only
checked against the sheet's DIMENSIONS (see SheetExtent.exact): a Python loop over millions
of records would cost as much as python-calamine's own read.
"""

from __future__ import annotations

import functools
import re
import struct
from array import array
from collections.abc import Iterator
from itertools import compress
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from sqs_cli.reading.scan_facts import ScanError, SheetExtent, StringCounts, below, extent_with_bulk
from sqs_cli.settings import Limits

BOF = 0x0809
EOF = 0x000A
_FILEPASS = 0x002F
_CODEPAGE = 0x0042
_BOUNDSHEET = 0x0085
_SST = 0x00FC
_DIMENSIONS = 0x0200
_FORMULA = 0x0006
_STRING = 0x0207
_MULRK = 0x00BD
# Records python-calamine makes one cell of, at the row and column of their first bytes:
# LABELSST, RK, NUMBER, FORMULA, BOOLERR, LABEL, RSTRING (most common first, for the
# regular expressions below).
_CELL_ORDER = (0x00FD, 0x027E, 0x0203, _FORMULA, 0x0205, 0x0204, 0x00D6)
_CELLS = frozenset(_CELL_ORDER)

# The names python-calamine looks for, in its order: the first directory entry of that
# exact name is the workbook stream.
_STREAM_NAMES = ("Workbook", "Book", "WORKBOOK", "BOOK")
_CHUNK = 1 << 20
_MAX_RECORD = 4 + 0xFFFF

_SHEET_KINDS = {0: "worksheet", 1: "macro sheet", 2: "chart", 6: "visual basic module"}
_VISIBILITY = {0: "visible", 1: "hidden", 2: "very hidden"}


class XlsSheet(NamedTuple):
    """One sheet the workbook lists (BOUNDSHEET), as python-calamine reads it.

    kind: "worksheet", "macro sheet", "chart", "visual basic module", or "unknown" (which
    python-calamine refuses); visibility: "visible", "hidden", "very hidden" or "unknown".
    extent: the cells it keeps (see SheetExtent).
    reserved_rows, reserved_columns: the grid the sheet's DIMENSIONS record makes
    python-calamine reserve room for, computed as it does (the largest, if several; 0
    without one).
    """

    name: str
    kind: str
    visibility: str
    extent: SheetExtent
    reserved_rows: int
    reserved_columns: int
    # Where the sheet's records start in the workbook stream (its BOF record).
    position: int = 0


class XlsScan(NamedTuple):
    """What the scan found in an .xls.

    biff: the BIFF version python-calamine takes from the BOF record (8 for Excel 97-2003,
    5 for Excel 5.0/95).
    encryption: None, or how the workbook is protected: "xor" (obfuscation), "rc4",
    "cryptoapi" (RC4 CryptoAPI), or "unknown". The sheets are not scanned then.
    strings: the counts the shared-string table (SST) declares, None without one.
    sheets: each sheet scanned, in the workbook's order.
    complete: False when the scan stopped at a sheet whose extent passed the limits (the
    last in sheets): later sheets are not scanned.
    """

    biff: int
    encryption: str | None
    strings: StringCounts | None
    sheets: tuple[XlsSheet, ...]
    complete: bool


def legacy_excel_version(head: bytes) -> str | None:
    """The Excel version ("Excel 2.x", "Excel 3.0" or "Excel 4.0") of a bare BIFF2, BIFF3
    or BIFF4 file, recognised from its first 8 bytes (the BOF record of a worksheet, chart,
    macro sheet, or Excel 4.0 workbook); None for anything else. python-calamine reads no
    such file: it looks for an OLE container."""
    if len(head) < 8:
        return None
    kind, size, _version, document = struct.unpack_from("<HHHH", head)
    versions = {0x0009: "Excel 2.x", 0x0209: "Excel 3.0", 0x0409: "Excel 4.0"}
    # Worksheet, chart, macro sheet, and the workbook (or workspace) of BIFF4.
    documents = {0x0010, 0x0020, 0x0040, 0x0100}
    if kind not in versions or not 4 <= size <= 16 or document not in documents:
        return None
    return versions[kind]


def scan_xls(path: Path, limits: Limits) -> XlsScan:
    """Scan an OLE .xls for what python-calamine would allocate when it opens it: every
    sheet's extent and reservation, the string table's counts, the encryption. Stops at
    the first sheet whose extent passes limits.

    Linear in the workbook stream's size; memory bounded by a chunk of it. Raises
    ScanError when the file is not an OLE file python-calamine could read a workbook
    stream from, or its records cannot be followed.
    """
    with path.open("rb") as file:
        stream = open_workbook_stream(file, path.stat().st_size)
        return _Workbook(stream, limits).scan()


def open_workbook_stream(file: BinaryIO, file_size: int) -> _OleStream:
    # Imported here: only an .xls needs it (legacy_excel_version, asked of every file,
    # does not).
    import olefile  # type: ignore[import-untyped]

    # olefile raises a variety of errors on a damaged container (its own OleFileError,
    # and struct, index and value errors from truncated tables); all mean the same here.
    try:
        ole = olefile.OleFileIO(file)
        entries = list(_stream_entries(ole.root, []))
    except (OSError, ValueError, IndexError, KeyError, TypeError, struct.error) as error:
        raise ScanError(f"not a readable OLE container ({error})") from None
    for name in _STREAM_NAMES:
        found = [(entry, path) for entry, path in entries if entry.name == name]
        if found:
            entry, path = min(found, key=lambda item: item[0].sid)
            return _OleStream(ole, entry, path, file_size)
    raise ScanError("no Workbook stream")


# olefile's directory entry types.
_STORAGE, _STREAM = 1, 2


def _stream_entries(entry: Any, path: list[str]) -> Iterator[tuple[Any, list[str]]]:
    """Every stream under a storage entry, with its path, depth first."""
    for kid in entry.kids:
        if kid.entry_type == _STREAM:
            yield kid, [*path, kid.name]
        elif kid.entry_type == _STORAGE:
            yield from _stream_entries(kid, [*path, kid.name])


class _OleStream:
    """A stream of an OLE file, read a chunk at a time along its chain of sectors.

    olefile parses the container; its openstream reads a whole stream into memory, which
    for a large one is read here sector by sector instead, from the file allocation table
    olefile loaded. A stream claiming more bytes than the file holds (its chain would have
    to loop) is refused.
    """

    def __init__(self, ole: Any, entry: Any, path: list[str], file_size: int) -> None:
        self.size = int(entry.size)
        if self.size > file_size:
            raise ScanError("the workbook stream claims more bytes than the file holds")
        self.position = 0
        self.small: bytes | None = None
        if self.size < ole.minisectorcutoff:
            try:
                self.small = ole.openstream(path).read()
            except (OSError, ValueError, IndexError, struct.error) as error:
                raise ScanError(f"the workbook stream cannot be read ({error})") from None
            return
        self.file = ole.fp
        self.sector_size = int(ole.sectorsize)
        self.chain = array("L")
        fat, sector = ole.fat, int(entry.isectStart)
        for _ in range(-(-self.size // self.sector_size)):
            if not 0 <= sector < len(fat):
                raise ScanError("the workbook stream's sector chain is broken")
            self.chain.append(sector)
            sector = fat[sector]

    def seek(self, position: int) -> None:
        self.position = position

    def read(self, count: int) -> bytes:
        """Up to count bytes from the position on; fewer only at the stream's end."""
        end = min(self.position + count, self.size)
        if self.small is not None:
            data = self.small[self.position : end]
            self.position = max(self.position, end)
            return data
        parts = []
        while self.position < end:
            index, offset = divmod(self.position, self.sector_size)
            # Read consecutive sectors at once: most streams are stored contiguously.
            last = index
            wanted = -(-(end - index * self.sector_size) // self.sector_size) + index
            while last + 1 < wanted and self.chain[last + 1] == self.chain[last] + 1:
                last += 1
            self.file.seek((self.chain[index] + 1) * self.sector_size + offset)
            length = min(end - self.position, (last + 1 - index) * self.sector_size - offset)
            data = self.file.read(length)
            if len(data) < length:
                raise ScanError("the workbook stream runs past the end of the file")
            parts.append(data)
            self.position += length
        return b"".join(parts)


class Records:
    """The records of the workbook stream from a position, read in chunks: (type, data)."""

    def __init__(self, stream: _OleStream, position: int) -> None:
        self.stream = stream
        stream.seek(position)
        self.data = b""
        self.pos = 0
        self.exhausted = False

    def ensure(self, count: int) -> bool:
        """Keep count unread bytes in memory if the stream has them."""
        if len(self.data) - self.pos >= count:
            return True
        if not self.exhausted:
            wanted = max(_CHUNK, count)
            more = self.stream.read(wanted)
            self.exhausted = len(more) < wanted
            self.data = self.data[self.pos :] + more
            self.pos = 0
        return len(self.data) - self.pos >= count

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        while self.ensure(4):
            kind, size = struct.unpack_from("<HH", self.data, self.pos)
            if not self.ensure(4 + size):
                raise ScanError("a record runs past the end of the workbook stream")
            start = self.pos + 4
            self.pos = start + size
            yield kind, self.data[start : self.pos]
        if self.pos < len(self.data):
            raise ScanError("the workbook stream ends in the middle of a record header")


class _Workbook:
    def __init__(self, stream: _OleStream, limits: Limits) -> None:
        self.stream = stream
        self.limits = limits

    def scan(self) -> XlsScan:
        biff = 8
        strings = None
        codepage = "cp1252"
        listed: list[tuple[int, int, int, bytes]] = []
        for kind, data in Records(self.stream, 0):
            if kind == BOF:
                biff = _biff_version(data)
            elif kind == _FILEPASS:
                return XlsScan(biff, _encryption(data, biff), strings, (), complete=True)
            elif kind == _CODEPAGE and len(data) >= 2:
                codepage = _codec(struct.unpack_from("<H", data)[0])
            elif kind == _SST and len(data) >= 8 and strings is None:
                strings = StringCounts(*struct.unpack_from("<II", data))
            elif kind == _BOUNDSHEET and len(data) >= 6:
                position, state, sheet_kind = struct.unpack_from("<IBB", data)
                listed.append((position, state & 0x3F, sheet_kind, data[6:]))
            elif kind == EOF:
                break
        sheets = []
        for position, state, sheet_kind, raw_name in listed:
            if position > self.stream.size:
                raise ScanError("a sheet starts past the end of the workbook stream")
            extent, reserved = self._sheet(position, in_bulk=True)
            if not extent.exact and extent.exceeds(self.limits):
                # The bound on the cells checked in bulk is too loose: count them.
                extent, reserved = self._sheet(position, in_bulk=False)
            sheets.append(
                XlsSheet(
                    name=_sheet_name(raw_name, biff, codepage),
                    kind=_SHEET_KINDS.get(sheet_kind, "unknown"),
                    visibility=_VISIBILITY.get(state, "unknown"),
                    extent=extent,
                    reserved_rows=reserved[0],
                    reserved_columns=reserved[1],
                    position=position,
                )
            )
            if extent.exceeds(self.limits):
                return XlsScan(biff, None, strings, tuple(sheets), complete=False)
        return XlsScan(biff, None, strings, tuple(sheets), complete=True)

    def _sheet(self, position: int, in_bulk: bool) -> tuple[SheetExtent, tuple[int, int]]:
        cells = _SheetCells(self.limits, in_bulk)
        reserved = (0, 0)
        seen_bof = False
        depth = 0  # inside a chart or other substream embedded in the sheet
        records = Records(self.stream, position)
        while True:
            if not depth and seen_bof:
                records.ensure(_MAX_RECORD)
                records.pos = cells.run(records.data, records.pos)
                if cells.exceeded():
                    break
            if not records.ensure(4):
                if records.pos < len(records.data):
                    raise ScanError("the workbook stream ends in the middle of a record header")
                break
            kind, size = struct.unpack_from("<HH", records.data, records.pos)
            if not records.ensure(4 + size):
                raise ScanError("a record runs past the end of the workbook stream")
            start = records.pos + 4
            data = records.data[start : start + size]
            records.pos = start + size
            if depth:
                depth += (kind == BOF) - (kind == EOF)
            elif kind == BOF:
                depth, seen_bof = (1, True) if seen_bof else (0, True)
            elif kind == EOF:
                break
            elif kind == _DIMENSIONS:
                reserved = max(reserved, _reservation(data), key=lambda pair: pair[0] * pair[1])
                cells.declared(data)
            else:
                cells.record(kind, data)
                if cells.exceeded():
                    break
        return cells.extent(), reserved


# A run of records of fewer than 256 data bytes, other than those that change the scan's
# state (BOF, EOF, DIMENSIONS), is decoded by regular expressions rather than record by
# record, which is several times faster: nearly every cell and row record is one.
_COMMON_SIZES = (10, 16, 14, 8, 6)
_SIZED_DATA = b"(?:%s)" % b"|".join(
    re.escape(bytes([size, 0])) + b".{%d}" % size
    for size in dict.fromkeys((*_COMMON_SIZES, *range(256)))
)
_STATE_TYPES = rb"\x09\x08|\x0a\x00|\x00\x02"  # BOF, EOF, DIMENSIONS
_SIMPLE_RECORD = rb"(?!" + _STATE_TYPES + rb").." + _SIZED_DATA
_ONE_CELL_TYPES = b"|".join(re.escape(struct.pack("<H", kind)) for kind in _CELL_ORDER)
_CELL_TYPES = b"|".join(
    re.escape(struct.pack("<H", kind)) for kind in (*_CELL_ORDER, _MULRK, _STRING)
)


@functools.cache
def _run_patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """The longest run of simple records; and each record of a run in turn, where a cell
    record gives its type, size, row and column (the first column of a MULRK), any other
    record nothing. Compiled on first use: it takes milliseconds."""
    simple_run = re.compile(rb"(?:" + _SIMPLE_RECORD + rb")*+", re.DOTALL)
    cell_or_other = re.compile(
        rb"(?=((?:" + _CELL_TYPES + rb")......)|)" + _SIMPLE_RECORD, re.DOTALL
    )
    return simple_run, cell_or_other


# The low byte of each cell type tells them apart: STRING is 0x07, MULRK 0xBD.
_NOT_STRING = bytes(0 if byte == 0x07 else 1 for byte in range(256))
_UINT16 = next(code for code in "HI" if array(code).itemsize == 2)


def _uint16s(tokens: bytes, offset: int, stride: int) -> array[int]:
    """The little-endian two-byte numbers at offset, offset + stride, ... in tokens."""
    packed = bytearray(2 * (len(tokens) // stride))
    packed[0::2] = tokens[offset::stride]
    packed[1::2] = tokens[offset + 1 :: stride]
    numbers = array(_UINT16)
    numbers.frombytes(packed)
    if array(_UINT16, [1]).tobytes()[0] != 1:
        numbers.byteswap()
    return numbers


# A sheet past this many cells, read one by one, is checked in bulk from then on: each run
# of simple records against the sheet's DIMENSIONS, by one regular expression and no Python
# object per record, when the dimension is within the limits. Cells are then bounded by
# the runs' bytes: a cell record takes 14 bytes at least (a four-byte header, then row,
# column, style and a value of four bytes or more), 12 for a BOOLERR, and a MULRK holds a
# value in 6; a run is checked for these two.
_EXACT_CELLS = 100_000
_SMALLEST_CELL = 14
_SMALLEST_BOOLERR = 12
_SMALLEST_MULRK_VALUE = 6


@functools.lru_cache(maxsize=8)
def _bounded_run(rows: int, columns: int) -> re.Pattern[bytes]:
    """The longest run of simple records whose cells lie in the first `rows` rows and
    `columns` columns and have eight data bytes or more; group 1 marks the last record's
    start, group 2 the last MULRK's, group 3 the last BOOLERR's (None without one)."""
    at_least_10 = b"(?:%s)" % b"|".join(
        re.escape(bytes([size, 0])) + b".{%d}" % size
        for size in dict.fromkeys((*_COMMON_SIZES, *range(256)))
        if size >= 10
    )
    within = below(rows, 2) + below(columns, 2)
    cell = rb"(?:" + _ONE_CELL_TYPES + rb")(?=.." + within + rb")" + at_least_10
    boolerr = rb"()\x05\x02\x08\x00(?=" + within + rb").{8}"
    # A STRING record's cell is the last FORMULA's, checked, or A1.
    string = re.escape(struct.pack("<H", _STRING)) + at_least_10
    mulrk = b"()\xbd\x00(?:%s)" % b"|".join(
        re.escape(bytes([6 + 6 * count, 0]))
        + b"(?="
        + below(rows, 2)
        + below(columns - count + 1, 2)
        + b").{%d}" % (6 + 6 * count)
        for count in range(1, 42)
    )
    other = rb"(?!" + _STATE_TYPES + b"|" + _CELL_TYPES + rb").." + _SIZED_DATA
    return re.compile(
        rb"(?:()(?:%s|%s|%s|%s|%s))*+" % (cell, string, mulrk, boolerr, other), re.DOTALL
    )


class _SheetCells:
    """The cells python-calamine keeps from one sheet's records. With in_bulk, a large
    sheet's runs are checked against its DIMENSIONS record (see _EXACT_CELLS)."""

    def __init__(self, limits: Limits, in_bulk: bool) -> None:
        self.limits = limits
        self.in_bulk = in_bulk
        self.bounds: tuple[int, int] | None = None
        self.checked_cells = 0  # the bound on the cells of runs checked in bulk
        self.rows = self.columns = self.cells = 0

    def extent(self) -> SheetExtent:
        return extent_with_bulk(
            self.rows, self.columns, self.cells, self.checked_cells, self.bounds
        )

    def declared(self, data: bytes) -> None:
        """A DIMENSIONS record: its last row and column, when within the limits, become
        the bounds to check runs against."""
        if not self.in_bulk or len(data) not in (10, 14):
            return
        if len(data) == 14:
            rows, columns = struct.unpack_from("<I2xH", data, 4)
        else:
            rows, columns = struct.unpack_from("<H2xH", data, 2)
        if rows and columns and not SheetExtent(rows, columns).exceeds(self.limits):
            self.bounds = (rows, columns)

    def exceeded(self) -> bool:
        return self.extent().exceeds(self.limits)

    def _add(self, row: int, first_column: int, count: int) -> None:
        if count:
            self.cells += count
            self.rows = max(self.rows, row + 1)
            self.columns = max(self.columns, first_column + count)

    def record(self, kind: int, data: bytes) -> None:
        if kind in _CELLS:
            if len(data) >= 4:
                row, column = struct.unpack_from("<HH", data)
                self._add(row, column, 1)
        elif kind == _MULRK:
            if len(data) >= 6:
                row, first = struct.unpack_from("<HH", data)
                self._add(row, first, (len(data) - 6) // 6)
        elif kind == _STRING:
            # At the cell of the sheet's last FORMULA record (counted already), or A1.
            self._add(0, 0, 1)

    def run(self, data: bytes, pos: int) -> int:
        """Take the run of simple records from data[pos] at once; where it ends."""
        if self.bounds is not None and self.cells >= _EXACT_CELLS:
            checked = _bounded_run(*self.bounds).match(data, pos)
            assert checked is not None  # the pattern matches the empty run too
            end = checked.end()
            if end > pos:
                if checked.group(2) is not None:
                    per_cell = _SMALLEST_MULRK_VALUE
                elif checked.group(3) is not None:
                    per_cell = _SMALLEST_BOOLERR
                else:
                    per_cell = _SMALLEST_CELL
                self.checked_cells += -(-(end - pos) // per_cell)
                return end
        simple_run, cell_or_other = _run_patterns()
        run = simple_run.match(data, pos)
        assert run is not None  # the pattern matches the empty run too
        end = run.end()
        if end == pos:
            return pos
        tokens = b"".join(cell_or_other.findall(data, pos, end))
        if not tokens:
            return end
        kinds = tokens[0::8]
        at_cells = kinds.translate(_NOT_STRING)
        rows = _uint16s(tokens, 4, 8)
        columns = _uint16s(tokens, 6, 8)
        count = len(kinds)
        self.cells += count
        if at_cells.count(0):  # a STRING record: at the last formula's cell, or A1
            self.rows, self.columns = max(self.rows, 1), max(self.columns, 1)
        if any(at_cells):
            self.rows = max(self.rows, max(compress(rows, at_cells)) + 1)
            self.columns = max(self.columns, max(compress(columns, at_cells)) + 1)
        # A MULRK holds (size - 6) / 6 values from its first column on.
        index = kinds.find(0xBD)
        while index >= 0:
            values = (tokens[8 * index + 2] - 6) // 6
            self.cells += values - 1
            self.columns = max(self.columns, columns[index] + values)
            index = kinds.find(0xBD, index + 1)
        return end


def _biff_version(data: bytes) -> int:
    """The BIFF version python-calamine takes from a BOF record's data."""
    if len(data) < 2:
        return 8
    version = struct.unpack_from("<H", data)[0]
    document = struct.unpack_from("<H", data, 2)[0] if len(data) >= 4 else 0
    versions = {0x0200: 2, 0x0002: 2, 0x0007: 2, 0x0300: 3, 0x0400: 4, 0x0500: 5, 0x0600: 8}
    if version == 0:
        return 5 if document == 0x1000 else 8
    return versions.get(version, 8)


def _encryption(data: bytes, biff: int) -> str:
    """How a FILEPASS record's workbook is protected ([MS-XLS] 2.4.117)."""
    if biff < 8:
        return "xor"  # Excel 5.0/95 knew no other
    if len(data) < 2:
        return "unknown"
    method = struct.unpack_from("<H", data)[0]
    if method == 0:
        return "xor"
    if method == 1 and len(data) >= 6:
        major, minor = struct.unpack_from("<HH", data, 2)
        if (major, minor) == (1, 1):
            return "rc4"
        if major in (2, 3, 4) and minor == 2:
            return "cryptoapi"
    return "unknown"


def _reservation(data: bytes) -> tuple[int, int]:
    """The rows and columns a DIMENSIONS record makes python-calamine reserve room for,
    in its 32-bit arithmetic. A record of another size makes it fail: nothing reserved."""
    if len(data) == 10:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", data)
    elif len(data) == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", data)
    else:
        return (0, 0)
    if first_column > 0xFF or last_column < first_column:
        first_column = 0
    if last_row < 1 or last_column < 1:
        return (1, 1)
    return ((last_row - first_row) % 2**32, last_column - first_column)


def _codec(codepage: int) -> str:
    """The Python codec of a CODEPAGE record's code page (BIFF5 names are in it)."""
    name = {1200: "utf-16-le", 367: "ascii", 10000: "mac-roman", 32768: "mac-roman"}.get(
        codepage, f"cp{codepage}"
    )
    try:
        b"".decode(name)
    except LookupError:
        return "cp1252"
    return name


def _sheet_name(raw: bytes, biff: int, codepage: str) -> str:
    """A BOUNDSHEET record's sheet name ([MS-XLS] ShortXLUnicodeString, or BIFF5's
    length-prefixed string in the workbook's code page)."""
    if not raw:
        return ""
    length = raw[0]
    if biff >= 8 and len(raw) >= 2:
        if raw[1] & 1:
            return raw[2 : 2 + 2 * length].decode("utf-16-le", errors="replace")
        return raw[2 : 2 + length].decode("latin-1")
    return raw[1 : 1 + length].decode(codepage, errors="replace")
