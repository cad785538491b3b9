"""Stage 5 for CSV: a text file as one sheet, read as the spreadsheet programs write it.

Excel saves CSV in several ways, and people pick any of them: "CSV UTF-8" (with a byte
order mark), "CSV (Comma delimited)" (the Windows code page, cp1252, in the UK), "Unicode
Text" (UTF-16, tab-separated), and, where the decimal mark is a comma, semicolons. The
file is decoded as it streams, so a large export is never held in memory twice.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from typing import IO, NamedTuple, cast

from sqs_cli.marking import CellValue
from sqs_cli.problems import cell_name
from sqs_cli.reading.grid import NO_FACTS, Grid, SheetInfo
from sqs_cli.reading.headers import HEADER_SEARCH_ROWS, is_case_id_header
from sqs_cli.reading.preflight import extent_problem
from sqs_cli.reading.source import Source, first_line
from sqs_cli.settings import Limits

_CHUNK = 1024 * 1024
# The header is looked for in this much text at the start of the file.
_SNIFF_CHARACTERS = 256 * 1024
_DELIMITERS = (",", ";", "\t")
# A byte sequence only UTF-8 text has: a lead byte and its continuation bytes.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


class _Encoding(NamedTuple):
    codec: str
    # What the encoding is called where Excel offers it, for messages.
    name: str


_UTF8 = _Encoding("utf-8", "UTF-8")
_UTF8_BOM = _Encoding("utf-8-sig", "UTF-8")
_UTF16 = _Encoding("utf-16", "UTF-16 ('Unicode Text')")
_CP1252 = _Encoding("cp1252", "Windows-1252 ('CSV (Comma delimited)')")


class _DecodingFailure(NamedTuple):
    offset: int
    encoding: _Encoding
    reason: str


def _first_failure(stream: IO[bytes], encoding: _Encoding) -> _DecodingFailure | None:
    """Where the file stops decoding in the encoding, read in bounded chunks; or None."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding.codec)()
    offset = 0
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
            offset += len(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        # The decoder holds back an unfinished character: error.start may be negative.
        return _DecodingFailure(max(offset + error.start, 0), encoding, error.reason)
    return None


def _holds_utf8_only_characters(stream: IO[bytes]) -> bool:
    stream.seek(0)
    tail = b""
    while chunk := stream.read(_CHUNK):
        if _UTF8_MULTIBYTE.search(tail + chunk):
            return True
        tail = chunk[-3:]
    return False


def _encoding_of(stream: IO[bytes]) -> _Encoding | _DecodingFailure:
    """The encoding the whole file decodes in; or where it fails to.

    A byte order mark names the encoding. Otherwise UTF-8, unless a byte is not UTF-8:
    then the Windows code page, unless the file also holds characters only UTF-8 writes
    (a file of two encodings has no right reading).
    """
    head = stream.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return _first_failure(stream, _UTF8_BOM) or _UTF8_BOM
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _first_failure(stream, _UTF16) or _UTF16
    utf8_failure = _first_failure(stream, _UTF8)
    if utf8_failure is None:
        return _UTF8
    if _holds_utf8_only_characters(stream) or _first_failure(stream, _CP1252) is not None:
        return utf8_failure
    return _CP1252


def _header_delimiter(sample: str) -> str:
    """The delimiter that splits the header into a case-ID cell; else the one that gives
    the widest rows (Excel writes ';' where the decimal mark is a comma)."""
    lines = sample.splitlines()[: HEADER_SEARCH_ROWS + 1]
    widths: dict[str, int] = {}
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        if any(is_case_id_header(cell) for row in rows for cell in row):
            return delimiter
        widths[delimiter] = max((len(row) for row in rows), default=0)
    return max(widths, key=lambda delimiter: widths[delimiter], default=",")


class CsvBook:
    """A CSV file as a workbook of one sheet, named after the file as Excel names it."""

    def __init__(self, source: Source, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.name = source.path.stem

    def sheets(self) -> list[SheetInfo]:
        return [SheetInfo(self.name, visible=True)]

    def grid(self, name: str) -> Grid:
        source = self.source
        try:
            with source.path.open("rb") as stream:
                encoding = _encoding_of(stream)
                if isinstance(encoding, _DecodingFailure):
                    raise self._decoding_error(stream, encoding)
                stream.seek(0)
                rows = self._rows(stream, encoding)
        except OSError as error:
            raise source.error(
                "file-unreadable", f"cannot read: {error.strerror or error}"
            ) from None
        return Grid(name=self.name, rows=rows, facts=NO_FACTS)

    def _rows(self, stream: IO[bytes], encoding: _Encoding) -> list[list[CellValue]]:
        text = io.TextIOWrapper(stream, encoding=encoding.codec, newline="")
        delimiter = _header_delimiter(text.read(_SNIFF_CHARACTERS))
        text.seek(0)
        # A cell may hold a long comment; the file's size is already bounded.
        csv.field_size_limit(max(csv.field_size_limit(), self.limits.max_file_bytes))
        rows: list[list[str]] = []
        width = 0
        # A sheet repeats a few marks hundreds of thousands of times: one object for each
        # distinct value keeps a large export's grid small (and is faster than not).
        intern = sys.intern
        try:
            for row in csv.reader(text, delimiter=delimiter):
                rows.append(list(map(intern, row)))
                if len(row) > width:
                    width = len(row)
                    self._check(len(rows), width)
                elif len(rows) % 4096 == 0:
                    self._check(len(rows), width)
        except csv.Error as error:
            raise self.source.error(
                "not-a-workbook", f"not readable as CSV: {first_line(error)}", sheet=self.name
            ) from None
        self._check(len(rows), width)
        for row in rows:
            if len(row) < width:
                row.extend([""] * (width - len(row)))
        # Every cell of a CSV file is text.
        return cast("list[list[CellValue]]", rows)

    def _check(self, rows: int, columns: int) -> None:
        problem = extent_problem(rows, columns, self.limits)
        if problem is not None:
            raise self.source.error("limit-exceeded", problem, sheet=self.name)

    def _decoding_error(self, stream: IO[bytes], failure: _DecodingFailure) -> Exception:
        stream.seek(0)
        before = stream.read(failure.offset).decode(failure.encoding.codec, errors="replace")
        byte = stream.read(1)
        cell = _cell_at_end(before, _header_delimiter(before))
        return self.source.error(
            "not-a-workbook",
            f"byte 0x{byte.hex()} is not {failure.encoding.name} text; save the file as "
            "'CSV UTF-8' and try again",
            sheet=self.name,
            cell=cell,
        )


def _cell_at_end(text: str, delimiter: str) -> str:
    """The cell a CSV text ends in, as Excel names it: where a bad byte sits."""
    # The bad byte starts a character of its own: stand it in, so that a text ending in
    # a delimiter or a newline ends in the next cell.
    reader = csv.reader(io.StringIO(text + "\ufffd", newline=""), delimiter=delimiter)
    rows = 0
    last: list[str] = []
    try:
        for last in reader:  # noqa: B007 - only the last row is wanted
            rows += 1
    except csv.Error:
        return cell_name(max(rows - 1, 0), 0)
    return cell_name(max(rows - 1, 0), max(len(last) - 1, 0))
