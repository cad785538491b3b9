"""What kind of file a path holds, checked before any spreadsheet parser sees it.

Inspectors rename files, email truncates them, and folders collect PDFs and lock files.
Looking at the first bytes and the zip directory (never the zip members themselves)
gives a precise error for each of these in well under a millisecond, and keeps a
decompression bomb from ever being inflated.
"""

from __future__ import annotations

import enum
import lzma
import re
import stat
import zipfile
import zlib
from pathlib import Path
from typing import Any

from sqs_cli.problems import SqsError
from sqs_cli.settings import MB, Limits


class Container(enum.Enum):
    ZIP = "zip"  # .xlsx, .xlsm, .xlsb, .ods
    OLE = "ole"  # .xls, and encrypted Office files of any suffix
    TEXT = "text"  # .csv


# Suffix -> the container that suffix promises.
WORKBOOK_SUFFIXES: dict[str, Container] = {
    ".xlsx": Container.ZIP,
    ".xlsm": Container.ZIP,
    ".xlsb": Container.ZIP,
    ".ods": Container.ZIP,
    ".xls": Container.OLE,
    ".csv": Container.TEXT,
}

# Zip members that show a zip is a spreadsheet and not some other zip.
_WORKBOOK_PARTS = ("xl/workbook.xml", "xl/workbook.bin", "content.xml")

# What reading a damaged or unusual zip member can raise, besides BadZipFile: a zlib,
# bzip2 or LZMA stream error, an unsupported method or version, an encrypted member.
ZIP_READ_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")

_KNOWN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (_ZIP_MAGIC, "a zip file (an .xlsx?)"),
    (_OLE_MAGIC, "an Excel 97-2003 or other Office file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"<", "an HTML or XML file"),
)


def check_workbook_file(path: Path, display: str, limits: Limits) -> Container:
    """The container the file really is; SqsError with the reason when it is no workbook."""
    container = WORKBOOK_SUFFIXES.get(path.suffix.lower())
    if container is None:
        readable = ", ".join(sorted(WORKBOOK_SUFFIXES))
        raise SqsError.of(
            "unsupported-format",
            f"{path.suffix or 'no suffix'}: sqs reads {readable}",
            file=display,
        )
    try:
        status = path.stat()
        # A pipe or device named .xlsx would block or never end: read regular files only.
        if not stat.S_ISREG(status.st_mode):
            kind = "a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file"
            raise SqsError.of("file-unreadable", f"{kind}, not a workbook", file=display)
        size = status.st_size
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise SqsError.of("file-not-found", "no such file", file=display) from None
    except OSError as error:
        raise SqsError.of(
            "file-unreadable", f"cannot open: {error.strerror or error}", file=display
        ) from None
    if size == 0:
        raise SqsError.of("empty-file", "the file is empty (0 bytes)", file=display)
    if size > limits.max_file_bytes:
        raise SqsError.of(
            "limit-exceeded",
            f"file is {size:,} bytes, over the {limits.max_file_bytes:,}-byte limit "
            "(raise it with --max-file-mb)",
            file=display,
        )
    if container is Container.TEXT:
        kind = _describe(head)
        if kind != "a text file":
            raise SqsError.of(
                "not-a-workbook", f"{kind} named {path.suffix}, not CSV text", file=display
            )
        return container
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted(path):
            raise SqsError.of(
                "encrypted-workbook",
                "the workbook is encrypted (password-protected); save an unprotected copy",
                file=display,
            )
        if container is not Container.OLE:
            raise SqsError.of(
                "not-a-workbook",
                f"this is an Excel 97-2003 file named {path.suffix}; rename it .xls",
                file=display,
            )
        return container
    if head.startswith(_ZIP_MAGIC) or head.startswith(b"PK"):
        if container is not Container.ZIP:
            raise SqsError.of(
                "not-a-workbook", f"a zip file named {path.suffix}, not an .xls", file=display
            )
        _check_zip(path, display, size, limits)
        return container
    raise SqsError.of(
        "not-a-workbook",
        f"{_describe(head)} named {path.suffix}, not a spreadsheet",
        file=display,
    )


def _describe(head: bytes) -> str:
    for magic, description in _KNOWN_MAGIC:
        if head.startswith(magic):
            return description
    if b"\x00" in head:
        return "a file of an unknown kind"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The first bytes may end in the middle of a character; only earlier ones count.
        if error.start < len(head) - 3:
            return "a file of an unknown kind"
    return "a text file"


def _is_encrypted(path: Path) -> bool:
    # Encrypted OOXML is an OLE container holding an EncryptionInfo stream; the stream
    # name sits in the directory sectors, in UTF-16. Files are capped by max_file_bytes.
    return _ENCRYPTION_STREAM in path.read_bytes()


def _check_zip(path: Path, display: str, size: int, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except ZIP_READ_ERRORS:
        raise SqsError.of(
            "corrupt-workbook",
            "the workbook is damaged (truncated or corrupt zip); ask for a fresh copy",
            file=display,
        ) from None
    names = {member.filename for member in members}
    if not any(part in names for part in _WORKBOOK_PARTS):
        raise SqsError.of(
            "not-a-workbook", "a zip file without workbook parts, not a spreadsheet", file=display
        )
    uncompressed = sum(member.file_size for member in members)
    if uncompressed > limits.max_uncompressed_bytes:
        raise SqsError.of(
            "limit-exceeded",
            f"expands to {uncompressed:,} bytes, over the "
            f"{limits.max_uncompressed_bytes:,}-byte limit (raise it with --max-expanded-mb)",
            file=display,
        )
    ratio = uncompressed / size
    if uncompressed > limits.ratio_applies_above_bytes and ratio > limits.max_compression_ratio:
        raise SqsError.of(
            "limit-exceeded",
            f"expands {ratio:,.0f} times, over the {limits.max_compression_ratio}-times "
            "compression limit: a decompression bomb? (raise it with --max-ratio)",
            file=display,
        )


# Every cell start tag, in one pass. A cell written the common way, as Excel, LibreOffice
# and openpyxl write it (`<c r="B7" s="1" t="s">`), yields its column letters, row digits
# and the rest of its tag; a cell of any other shape yields empty letters, and sends its
# chunk tag by tag. No leading zero in the digits: row numbers are then ordered by their
# length and bytes, without int() for each cell.
_CELL_START = re.compile(rb'<c(?:\s+r="([A-Z]{1,3})([1-9][0-9]{0,6})"([^>]*)|[\s/>])')
# A second position in the rest of a cell tag (`<c r="F11" r="XFD1048576">`): malformed,
# yet a reader may take it.
_ANOTHER_POSITION = re.compile(rb"r\s*=")
# Every start tag that makes a cell or a row, in any shape the XML allows: a namespace
# prefix, attributes in any order, either quote (a quoted value may hold ">"), and no
# position at all.
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
_ANY_TAG = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>"""
)
_POSITION = re.compile(rb"""\br\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")
_SCAN_CHUNK = 8 * MB


def _number_order(text: bytes) -> tuple[int, bytes]:
    """Orders digits without leading zeros as their numbers, and column letters as theirs."""
    return len(text), text


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _parts_to_scan(archive: zipfile.ZipFile) -> list[str]:
    """Every member: the workbook's relationships can point a sheet at any part name, and
    a reader may accept names with backslashes or other case, so no name is trusted."""
    return [member.filename for member in archive.infolist() if not member.is_dir()]


class _Extent:
    def __init__(self) -> None:
        self.rows = self.columns = 0
        # Where a row or cell gives no position, the reader counts on from the last one.
        self.row = self.column = 0
        # The part holds a formula or an error cell: something python-calamine may show
        # as an empty cell.
        self.formulas = False

    def plain(self, text: bytes) -> bool:
        """Take the extent of a chunk whose cells are all written the common way; False,
        taking nothing, when any is not."""
        found = _CELL_START.findall(text)
        if not found:
            return b"<row>" not in text
        # A sheet repeats few distinct letters, row numbers and tag endings: look at those.
        letters, digits, rests = (set(group) for group in zip(*found, strict=True))
        if b"" in letters or b"<row>" in text:
            return False
        for rest in rests:
            # A quote left open means a quoted ">" ended the match early.
            if _ANOTHER_POSITION.search(rest) or rest.count(b'"') % 2 or rest.count(b"'") % 2:
                return False
        self.rows = max(self.rows, int(max(digits, key=_number_order)))
        self.columns = max(self.columns, _column_number(max(letters, key=_number_order)))
        self.row = self.rows
        return True

    def tags(self, text: bytes) -> None:
        """Follow rows and cells one by one, as a reader places them."""
        for match in _ANY_TAG.finditer(text):
            # Several positions in one tag: take the farthest, whichever a reader believes.
            positions = _POSITION.findall(match.group(2))
            letters = max((found[0] for found in positions), key=_column_number, default=b"")
            digits = max((found[1] for found in positions), key=lambda d: int(d or 0), default=b"")
            if match.group(1) == b"row":
                self.row = int(digits) if digits else self.row + 1
                self.column = 0
            else:
                self.row = int(digits) if digits else max(self.row, 1)
                self.column = _column_number(letters) if letters else self.column + 1
            self.rows = max(self.rows, self.row)
            self.columns = max(self.columns, self.column)


def check_sheet_extents(path: Path, display: str, limits: Limits) -> frozenset[str]:
    """Refuse a sheet whose cells span more rows, columns or cells than the limits.

    python-calamine reads a sheet into a dense grid and aborts the whole process when
    that cannot be allocated, so the extent is checked first, from the (size-checked)
    sheet XML, streamed in chunks. Cells written the usual way are matched quickly; a
    chunk with any other shape of cell (another attribute order, quotes, namespace
    prefix, or no position) is followed tag by tag.

    Returns the parts holding a formula or an error cell, found in the same pass: only
    those need parsing for values python-calamine cannot show (formulas.hidden_values).
    """
    with_formulas = set()
    try:
        with zipfile.ZipFile(path) as archive:
            for part in _parts_to_scan(archive):
                extent = _scan(archive, part)
                if extent.formulas:
                    with_formulas.add(part)
                problem = extent_problem(extent.rows, extent.columns, limits)
                if problem is not None:
                    raise SqsError.of(
                        "limit-exceeded", problem, file=display, sheet=_sheet_name(archive, part)
                    )
    except ZIP_READ_ERRORS:
        raise SqsError.of(
            "corrupt-workbook",
            "the workbook is damaged (a sheet cannot be decompressed); ask for a fresh copy",
            file=display,
        ) from None
    return frozenset(with_formulas)


# Bytes that a formula (`<f>`, `<x:f `...) or an error cell (`t="e"`) must contain. Plain
# substring tests run at memory speed; the regex only confirms a chunk that has one.
_FORMULA_MARKERS = (b"<f", b":f", b'"e"', b"'e'")
_FORMULA_OR_ERROR = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]|\bt\s*=\s*[\"']e[\"']")


def _has_formula(text: bytes) -> bool:
    return (
        any(marker in text for marker in _FORMULA_MARKERS)
        and _FORMULA_OR_ERROR.search(text) is not None
    )


def _scan(archive: zipfile.ZipFile, part: str) -> _Extent:
    extent = _Extent()
    with archive.open(part) as stream:
        tail = b""
        while chunk := stream.read(_SCAN_CHUNK):
            # Cut at the last tag start, so no tag is split between two chunks.
            text = tail + chunk
            cut = text.rfind(b"<")
            text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            if not (b"<c" in text or b":c" in text or b"row" in text):
                continue  # no cell and no row: most parts that are not sheets
            # A prefixed cell (`<x:c `) needs ":c" right before its end: cheap to rule out.
            prefixed = b":c" in text and _PREFIXED_CELL.search(text) is not None
            if prefixed or not extent.plain(text):
                extent.tags(text)
            # Formulas and error values live in cells: only a part with cells is searched.
            if extent.rows and not extent.formulas:
                extent.formulas = _has_formula(text)
        if tail:
            extent.tags(tail)
            if extent.rows and not extent.formulas:
                extent.formulas = _has_formula(tail)
    return extent


def _sheet_name(archive: zipfile.ZipFile, part: str) -> str:
    from sqs_cli.formulas import sheet_names_by_part

    return sheet_names_by_part(archive).get(part, part.rsplit("/", 1)[-1])


def extent_problem(rows: int, columns: int, limits: Limits) -> str | None:
    """Why a sheet of this many rows and columns is too large, or None when it is not."""
    checks = (
        (rows, limits.max_rows, "rows", "--max-rows"),
        (columns, limits.max_columns, "columns", "--max-columns"),
        (rows * columns, limits.max_cells, "cells", "--max-cells"),
    )
    for value, limit, what, option in checks:
        if value > limit:
            return (
                f"the sheet reaches {value:,} {what}, over the {limit:,}-{what[:-1]} limit "
                f"(raise it with {option})"
            )
    return None


def check_extent(display: str, sheet: str, rows: int, columns: int, limits: Limits) -> None:
    """Refuse a sheet of more rows, columns or cells than the limits allow."""
    problem = extent_problem(rows, columns, limits)
    if problem is not None:
        raise SqsError.of("limit-exceeded", problem, file=display, sheet=sheet)


def first_line(error: BaseException) -> str:
    """An exception's message, one line of it, for a one-line problem."""
    return (str(error).splitlines() or [type(error).__name__])[0]


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _repeat(element: Any, attribute: str) -> int:
    try:
        return max(1, int(element.get(_TABLE + attribute, "1")))
    except ValueError:
        return 1


class _OdsExtent:
    """Rows and columns of an ODS table up to its last cell with a value, repeats counted:
    `number-rows-repeated` and `number-columns-repeated` let a tiny file ask for millions
    of cells. Empty repeated rows and cells (LibreOffice pads every sheet) do not count."""

    def __init__(self) -> None:
        self.row = self.rows = self.columns = 0

    def add_row(self, row: Any) -> None:
        repeat = _repeat(row, "number-rows-repeated")
        column = last = 0
        for cell in row:
            span = _repeat(cell, "number-columns-repeated")
            column += span
            if cell.get(_OFFICE + "value-type") or len(cell):
                last = column
        if last:
            self.rows = self.row + repeat
            self.columns = max(self.columns, last)
        self.row += repeat


def check_ods_content(path: Path, display: str, limits: Limits) -> None:
    """Refuse an .ods whose content.xml is not well-formed XML, or whose tables span
    more rows, columns or cells than the limits.

    python-calamine can loop for ever on some malformed ODS content (a table never
    closed), and expands repeated rows and cells, so the (size-checked) part is parsed
    once with expat first, which refuses entity-expansion attacks and never fetches
    external entities.
    """
    from xml.etree import ElementTree

    # expat raises LookupError for an encoding it does not know: `<?xml encoding="x"?>`.
    damaged: tuple[type[Exception], ...] = (
        ElementTree.ParseError,
        LookupError,
        *ZIP_READ_ERRORS,
    )
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            extent = _OdsExtent()
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                if event == "start":
                    if element.tag == _TABLE + "table":
                        extent = _OdsExtent()
                    continue
                if element.tag == _TABLE + "table-row":
                    extent.add_row(element)
                elif element.tag == _TABLE + "table":
                    name = element.get(_TABLE + "name", "")
                    check_extent(display, name, extent.rows, extent.columns, limits)
                # Keep a row's cells until the row ends; let everything else go.
                if element.tag != _TABLE + "table-cell":
                    element.clear()
    except KeyError:
        raise SqsError.of(
            "not-a-workbook", "an .ods without content.xml, not a spreadsheet", file=display
        ) from None
    except damaged as error:
        raise SqsError.of(
            "corrupt-workbook",
            f"the workbook is damaged (content.xml: {first_line(error)})",
            file=display,
        ) from None
