"""Stage 2 of reading: limits and threats, checked before python-calamine parses a byte.

python-calamine reads a sheet into a dense grid from its first to its last cell and
aborts the whole process when that cannot be allocated; it also expands an .ods's
repeated rows and cells. So before it sees a file, this stage refuses what no real
marking workbook is: a decompression bomb, a sheet whose cells reach further than the
limits, a damaged or entity-laden .ods. A real file is never refused for value-less
formatting (rows styled down to row 1,048,576): only cells the reader would place count.

The same pass notes, for free, what the later stages need to look at: the .xlsx parts
that hold formulas, error values or hidden rows and columns, and the .ods tables' facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from sqs_cli.patterns import lazy
from sqs_cli.reading.archive import ZIP_READ_ERRORS, Archive
from sqs_cli.reading.formats import Format
from sqs_cli.reading.grid import CellFacts
from sqs_cli.reading.scan_facts import ScanError
from sqs_cli.reading.source import Source, first_line, is_encrypted_ooxml
from sqs_cli.reading.zip_facts import encrypted_members, ods_encrypted, shared_strings_claims
from sqs_cli.settings import MB, Limits

if TYPE_CHECKING:
    from sqs_cli.reading.xls_scan import XlsScan


class Preflight(NamedTuple):
    """What the checks found that later stages use."""

    # .xlsx/.xlsm members holding a formula or an error cell: only these are parsed for
    # values python-calamine cannot show, and for summary-row formulas.
    formula_parts: frozenset[str] = frozenset()
    # .xlsx/.xlsm members whose rows or columns may be hidden.
    hidden_parts: frozenset[str] = frozenset()
    # .ods table name -> its facts, from the one parse of content.xml.
    ods_facts: Mapping[str, CellFacts] = {}
    # .xls sheet name -> where its records start, and the workbook's BIFF version: for
    # reading a sheet's facts (xls_facts) without walking the workbook's globals again.
    xls_sheets: Mapping[str, int] = {}
    xls_biff: int = 8


def preflight(source: Source, limits: Limits) -> Preflight:
    """Refuse the file (SqsError) when it breaks a limit or is encrypted; else the facts."""
    archive = source.archive
    if archive is None:
        if source.format is Format.XLS:
            scan = check_xls(source, limits)
            sheets = {sheet.name: sheet.position for sheet in scan.sheets}
            return Preflight(xls_sheets=sheets, xls_biff=scan.biff)
        return Preflight()
    check_zip_directory(archive, limits)
    if source.format is Format.ODS:
        if _ods_encrypted(archive):
            raise source.error(
                "encrypted-workbook",
                "the workbook is encrypted (password-protected in LibreOffice); save an "
                "unprotected copy",
            )
        return Preflight(ods_facts=scan_ods_content(archive, limits))
    if source.format in (Format.XLSX, Format.XLSM):
        check_shared_strings(archive)
        return scan_xlsx_parts(archive, limits)
    if source.format is Format.XLSB:
        check_xlsb(archive, limits)
    return Preflight()


_DAMAGED = "ask for a fresh copy, or open it in Excel or LibreOffice and save it again"
_ENCRYPTED = {
    "xor": "the workbook is encrypted (Excel's older password protection); save an "
    "unprotected copy",
}


def _ods_encrypted(archive: Archive) -> bool:
    try:
        return ods_encrypted(archive.zip)
    except ZIP_READ_ERRORS:
        raise archive.source.error(
            "corrupt-workbook",
            f"the workbook is damaged (a part cannot be decompressed); {_DAMAGED}",
        ) from None


def check_xls(source: Source, limits: Limits) -> XlsScan:
    """Refuse an .xls that is encrypted, damaged, or whose sheets reach too far.

    python-calamine parses every sheet of an .xls when it opens it, and reserves room for
    what each sheet's DIMENSIONS record declares: every sheet is checked.
    """
    from sqs_cli.reading.xls_scan import scan_xls

    try:
        scan = scan_xls(source.path, limits)
    except ScanError as error:
        if is_encrypted_ooxml(source.path):
            raise source.error(
                "encrypted-workbook",
                "the workbook is encrypted (password-protected); save an unprotected copy",
            ) from None
        if str(error) == "no Workbook stream":
            raise source.error(
                "not-a-workbook",
                "an Office 97-2003 file without a workbook (a Word or PowerPoint file?), "
                "not a spreadsheet",
            ) from None
        raise source.error(
            "corrupt-workbook", f"the workbook is damaged ({error}); {_DAMAGED}"
        ) from None
    if scan.encryption is not None:
        raise source.error(
            "encrypted-workbook",
            _ENCRYPTED.get(
                scan.encryption,
                "the workbook is encrypted (password-protected); save an unprotected copy",
            ),
        )
    for sheet in scan.sheets:
        check_extent(
            source,
            sheet.name,
            sheet.extent.rows,
            sheet.extent.columns,
            limits,
            cells=sheet.extent.cells,
        )
        if sheet.reserved_rows > limits.max_rows or sheet.reserved_columns > limits.max_columns:
            raise source.error(
                "limit-exceeded",
                f"the sheet declares {sheet.reserved_rows:,} rows by "
                f"{sheet.reserved_columns:,} columns, beyond any Excel 97-2003 sheet "
                f"that sqs reads (--max-rows {limits.max_rows:,}, --max-columns "
                f"{limits.max_columns:,}); {_DAMAGED}",
                sheet=sheet.name,
            )
    return scan


def check_xlsb(archive: Archive, limits: Limits) -> None:
    """Refuse an .xlsb whose sheets reach further than the limits, or cannot be followed."""
    from sqs_cli.reading.xlsb_scan import has_short_cells, scan_xlsb_sheet

    source = archive.source
    for part in archive.worksheet_parts("xl/_rels/workbook.bin.rels", "xl/worksheets/"):
        try:
            with archive.zip.open(part) as stream:
                scan = scan_xlsb_sheet(stream, limits)
            with archive.zip.open(part) as stream:
                short_cells = has_short_cells(stream)
        except ScanError as error:
            raise source.error(
                "corrupt-workbook", f"the workbook is damaged ({error}); {_DAMAGED}"
            ) from None
        except ZIP_READ_ERRORS:
            raise source.error(
                "corrupt-workbook",
                f"the workbook is damaged (a sheet cannot be decompressed); {_DAMAGED}",
            ) from None
        extent = scan.extent
        # The part's sheet name is in workbook.bin's records; the part names the sheet here.
        check_extent(source, part, extent.rows, extent.columns, limits, cells=extent.cells)
        if short_cells:
            raise source.error(
                "unsupported-format",
                "the sheet's cells are written in the short form that SheetJS and "
                "Aspose.Cells use for .xlsb, which the reading library skips (every cell "
                "after the first of a row would be lost); open the workbook in Excel or "
                "LibreOffice and save it as .xlsx",
                sheet=part,
            )


def check_shared_strings(archive: Archive) -> None:
    """Refuse an .xlsx whose shared-string table claims more strings than it can hold:
    python-calamine reserves room for the claim before it reads one string."""
    try:
        claims = shared_strings_claims(archive.zip)
    except ZIP_READ_ERRORS:
        raise archive.source.error(
            "corrupt-workbook",
            f"the workbook is damaged (a part cannot be decompressed); {_DAMAGED}",
        ) from None
    for claim in claims:
        if claim.impossible:
            claimed = claim.counts.unique or 0
            raise archive.source.error(
                "corrupt-workbook",
                f"the workbook is damaged: its shared-string table claims {claimed:,} "
                f"strings in a part of {claim.part_bytes:,} bytes; {_DAMAGED}",
            )


def check_zip_directory(archive: Archive, limits: Limits) -> None:
    """Refuse an encrypted zip, and one that expands beyond the limits."""
    source = archive.source
    if encrypted_members(archive.zip):
        raise source.error(
            "encrypted-workbook",
            "the workbook is encrypted (a password-protected zip); save an unprotected copy",
        )
    uncompressed = sum(member.file_size for member in archive.members)
    if uncompressed > limits.max_uncompressed_bytes:
        raise source.error(
            "limit-exceeded",
            f"expands to {uncompressed:,} bytes, over the "
            f"{limits.max_uncompressed_bytes:,}-byte limit (raise it with --max-expanded-mb)",
        )
    ratio = uncompressed / source.size
    if uncompressed > limits.ratio_applies_above_bytes and ratio > limits.max_compression_ratio:
        raise source.error(
            "limit-exceeded",
            f"expands {ratio:,.0f} times, over the {limits.max_compression_ratio}-times "
            "compression limit: a decompression bomb? (raise it with --max-ratio)",
        )


def extent_problem(rows: int, columns: int, limits: Limits, *, cells: int = 0) -> str | None:
    """Why a sheet of this many rows and columns (and cells, where they were counted) is
    too large, or None when it is not."""
    checks = (
        (rows, limits.max_rows, "rows", "--max-rows"),
        (columns, limits.max_columns, "columns", "--max-columns"),
        (max(rows * columns, cells), limits.max_cells, "cells", "--max-cells"),
    )
    for value, limit, what, option in checks:
        if value > limit:
            return (
                f"the sheet reaches {value:,} {what}, over the {limit:,}-{what[:-1]} limit "
                f"(raise it with {option})"
            )
    return None


def check_extent(
    source: Source, sheet: str, rows: int, columns: int, limits: Limits, *, cells: int = 0
) -> None:
    """Refuse a sheet of more rows, columns or cells than the limits allow."""
    problem = extent_problem(rows, columns, limits, cells=cells)
    if problem is not None:
        raise source.error("limit-exceeded", problem, sheet=sheet)


# --- .xlsx / .xlsm: every cell position, in one streamed pass over each part ---------

# Every cell start tag, in three passes that each give one group: a list of small bytes
# is far cheaper to build than one of tuples, and a sheet repeats few distinct values. A
# cell written the common way, as Excel, LibreOffice and openpyxl write it
# (`<c r="B7" s="1" t="s">`), gives its column letters, row digits and the rest of its
# tag; a cell of any other shape gives empty letters, and sends its chunk tag by tag. No
# leading zero in the digits: row numbers are then ordered by their length and bytes,
# without int() for each cell.
_CELL_LETTERS = lazy(rb'<c(?:\s+r="([A-Z]{1,3})[1-9][0-9]{0,6}"|[\s/>])')
_CELL_DIGITS = lazy(rb'<c\s+r="[A-Z]{1,3}([1-9][0-9]{0,6})"')
_CELL_REST = lazy(rb'<c\s+r="[A-Z]{1,3}[1-9][0-9]{0,6}"([^>]*)')
# A second position in the rest of a cell tag (`<c r="F11" r="XFD1048576">`): malformed,
# yet a reader may take it.
_ANOTHER_POSITION = lazy(rb"r\s*=")
# Every start tag that makes a cell or a row, in any shape the XML allows: a namespace
# prefix, attributes in any order, either quote (a quoted value may hold ">"), and no
# position at all.
_PREFIXED_CELL = lazy(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
_ANY_TAG = lazy(rb"""<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_POSITION = lazy(rb"""\br\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")
_SCAN_CHUNK = 8 * MB
# Bytes that a formula (`<f>`, `<x:f `...) or an error cell (`t="e"`) must contain. Plain
# substring tests run at memory speed; the regex only confirms a chunk that has one.
_FORMULA_MARKERS = (b"<f", b":f", b'"e"', b"'e'")
_FORMULA_OR_ERROR = lazy(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]|\bt\s*=\s*[\"']e[\"']")
# A hidden row or column is written `hidden="1"` (or "true") on its <row> or <col>.
_HIDDEN = lazy(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")


def _number_order(text: bytes) -> tuple[int, bytes]:
    """Orders digits without leading zeros as their numbers, and column letters as theirs."""
    return len(text), text


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _has_formula(text: bytes) -> bool:
    return (
        any(marker in text for marker in _FORMULA_MARKERS)
        and _FORMULA_OR_ERROR().search(text) is not None
    )


class _Extent:
    def __init__(self) -> None:
        self.rows = self.columns = 0
        # Where a row or cell gives no position, the reader counts on from the last one.
        self.row = self.column = 0
        # The part holds a formula or an error cell: something python-calamine may show
        # as an empty cell.
        self.formulas = False
        self.hidden = False

    def plain(self, text: bytes) -> bool:
        """Take the extent of a chunk whose cells are all written the common way; False,
        taking nothing, when any is not."""
        letters = set(_CELL_LETTERS().findall(text))
        if not letters:
            return b"<row>" not in text
        if b"" in letters or b"<row>" in text:
            return False
        # A sheet repeats few distinct letters, row numbers and tag endings: look at those.
        digits = set(_CELL_DIGITS().findall(text))
        rests = set(_CELL_REST().findall(text))
        for rest in rests:
            # A quote left open means a quoted ">" ended the match early.
            if _ANOTHER_POSITION().search(rest) or rest.count(b'"') % 2 or rest.count(b"'") % 2:
                return False
        self.rows = max(self.rows, int(max(digits, key=_number_order)))
        self.columns = max(self.columns, _column_number(max(letters, key=_number_order)))
        self.row = self.rows
        return True

    def tags(self, text: bytes) -> None:
        """Follow rows and cells one by one, as a reader places them."""
        for match in _ANY_TAG().finditer(text):
            # Several positions in one tag: take the farthest, whichever a reader believes.
            positions = _POSITION().findall(match.group(2))
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

    def notes(self, text: bytes) -> None:
        # Formulas and error values live in cells: only a part with cells is searched.
        if self.rows and not self.formulas:
            self.formulas = _has_formula(text)
        if not self.hidden and b"hidden" in text:
            self.hidden = _HIDDEN().search(text) is not None


def _scan_part(archive: Archive, name: str) -> _Extent:
    extent = _Extent()
    with archive.zip.open(name) as stream:
        tail = b""
        while chunk := stream.read(_SCAN_CHUNK):
            # Cut at the last tag start, so no tag is split between two chunks.
            text = tail + chunk
            cut = text.rfind(b"<")
            text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            if not (b"<c" in text or b":c" in text or b"row" in text):
                continue  # no cell and no row: most parts that are not sheets
            # A prefixed cell (`<x:c `) needs ":c" right before its end: cheap to rule out.
            prefixed = b":c" in text and _PREFIXED_CELL().search(text) is not None
            if prefixed or not extent.plain(text):
                extent.tags(text)
            extent.notes(text)
        if tail:
            extent.tags(tail)
            extent.notes(tail)
    return extent


def scan_xlsx_parts(archive: Archive, limits: Limits) -> Preflight:
    """Refuse a part whose cells span more rows, columns or cells than the limits.

    Every member is scanned, not only those the workbook's relationships name: a reader
    may accept names with backslashes or in another case, so no name is trusted. Cells
    written the usual way are matched quickly; a chunk with any other shape of cell
    (another attribute order, quotes, namespace prefix, or no position) is followed tag
    by tag.
    """
    formula_parts, hidden_parts = set(), set()
    try:
        for member in archive.members:
            extent = _scan_part(archive, member.filename)
            if extent.formulas:
                formula_parts.add(member.filename)
            if extent.hidden:
                hidden_parts.add(member.filename)
            problem = extent_problem(extent.rows, extent.columns, limits)
            if problem is not None:
                raise archive.source.error(
                    "limit-exceeded", problem, sheet=archive.sheet_name_of(member.filename)
                )
    except ZIP_READ_ERRORS:
        raise archive.source.error(
            "corrupt-workbook",
            "the workbook is damaged (a sheet cannot be decompressed); ask for a fresh copy",
        ) from None
    return Preflight(formula_parts=frozenset(formula_parts), hidden_parts=frozenset(hidden_parts))


# --- .ods: one parse of content.xml, for limits and facts alike -------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_HIDDEN_VISIBILITY = frozenset({"collapse", "filter"})


def _repeat(element: Any, attribute: str) -> int:
    try:
        return max(1, int(element.get(_TABLE + attribute, "1")))
    except ValueError:
        return 1


class _OdsTable:
    """An ODS table's extent up to its last cell with a value, repeats counted, and its
    facts: `number-rows-repeated` and `number-columns-repeated` let a tiny file ask for
    millions of cells. Empty repeated rows and cells (LibreOffice pads every sheet) do
    not count."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.row = self.rows = self.columns = 0
        self.column_count = 0
        self.hidden_rows: set[int] = set()
        self.hidden_columns: set[int] = set()
        self.formulas: dict[str, str] = {}

    def add_column(self, column: Any) -> None:
        repeat = _repeat(column, "number-columns-repeated")
        if column.get(_TABLE + "visibility") in _HIDDEN_VISIBILITY:
            # Bounded: a hidden column repeated to the sheet's edge hides nothing real.
            last = min(self.column_count + repeat, self.limits.max_columns)
            self.hidden_columns.update(range(self.column_count, last))
        self.column_count += repeat

    def add_row(self, row: Any) -> None:
        from sqs_cli.problems import cell_name

        repeat = _repeat(row, "number-rows-repeated")
        column = last = 0
        for cell in row:
            span = _repeat(cell, "number-columns-repeated")
            formula = cell.get(_TABLE + "formula")
            if formula is not None and self.row < self.limits.max_rows:
                for offset in range(min(span, self.limits.max_columns)):
                    self.formulas[cell_name(self.row, column + offset)] = formula
            column += span
            if cell.get(_OFFICE + "value-type") or len(cell):
                last = column
        if last:
            self.rows = self.row + repeat
            self.columns = max(self.columns, last)
            if row.get(_TABLE + "visibility") in _HIDDEN_VISIBILITY:
                self.hidden_rows.update(range(self.row, self.row + repeat))
        self.row += repeat

    def facts(self) -> CellFacts:
        return CellFacts(
            hidden_rows=frozenset(self.hidden_rows),
            hidden_columns=frozenset(self.hidden_columns),
            formulas=self.formulas,
        )


def scan_ods_content(archive: Archive, limits: Limits) -> dict[str, CellFacts]:
    """Refuse an .ods whose content.xml is not well-formed XML, or whose tables span
    more rows, columns or cells than the limits; else each table's facts.

    python-calamine can loop for ever on some malformed ODS content (a table never
    closed), and expands repeated rows and cells, so the (size-checked) part is parsed
    once with expat first, which refuses entity-expansion attacks and never fetches
    external entities.
    """
    from xml.etree import ElementTree

    source = archive.source
    # expat raises LookupError for an encoding it does not know: `<?xml encoding="x"?>`.
    damaged: tuple[type[Exception], ...] = (ElementTree.ParseError, LookupError, *ZIP_READ_ERRORS)
    facts: dict[str, CellFacts] = {}
    try:
        with archive.open("content.xml") as stream:
            table = _OdsTable(limits)
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                if event == "start":
                    if element.tag == _TABLE + "table":
                        table = _OdsTable(limits)
                    continue
                if element.tag == _TABLE + "table-row":
                    table.add_row(element)
                elif element.tag == _TABLE + "table-column":
                    table.add_column(element)
                elif element.tag == _TABLE + "table":
                    name = element.get(_TABLE + "name", "")
                    check_extent(source, name, table.rows, table.columns, limits)
                    facts[name] = table.facts()
                # Keep a row's cells until the row ends; let everything else go.
                if element.tag != _TABLE + "table-cell":
                    element.clear()
    except KeyError:
        raise source.error(
            "not-a-workbook", "an .ods without content.xml, not a spreadsheet"
        ) from None
    except damaged as error:
        raise source.error(
            "corrupt-workbook", f"the workbook is damaged (content.xml: {first_line(error)})"
        ) from None
    return facts
