"""Stage 3 of reading: a zip-based workbook's directory, opened once.

The zip directory tells the format (an .xlsx's `xl/workbook.xml`, an .xlsb's
`xl/workbook.bin`, an .ods's `content.xml`), and which part holds which sheet. Members
are found as a reader finds them: names with backslashes or in another case are the same
part, and a relationship's target may be relative or absolute.
"""

from __future__ import annotations

import lzma
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from sqs_cli.reading.formats import Format

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from sqs_cli.reading.source import Source

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

# What reading a part that is missing, damaged or in an encoding expat does not know
# (`<?xml encoding="x"?>`) raises, besides ElementTree's ParseError.
_UNREADABLE: tuple[type[Exception], ...] = (KeyError, LookupError, *ZIP_READ_ERRORS)

_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_RELATIONSHIP_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

# Office documents that are zips but not spreadsheets, by a part only they have.
_OTHER_DOCUMENTS = (
    ("word/document.xml", "a Word document"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
)


def _normal(name: str) -> str:
    return posixpath.normpath(name.replace("\\", "/")).lstrip("/").casefold()


class Archive:
    """An open zip-based workbook: its members, and its sheets' parts."""

    def __init__(self, source: Source, archive: zipfile.ZipFile) -> None:
        self.source = source
        self.zip = archive
        self.members = [member for member in archive.infolist() if not member.is_dir()]
        self._by_normal = {_normal(member.filename): member for member in self.members}
        self._sheet_parts: dict[str, str] | None = None
        self._workbook: Element | None = None

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The member a reader would take for this part name."""
        return self._by_normal.get(_normal(name))

    def open(self, name: str) -> IO[bytes]:
        member = self.find(name)
        if member is None:
            raise KeyError(name)
        return self.zip.open(member)

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()

    def workbook_format(self) -> Format:
        """The spreadsheet format the members show; SqsError when they show none."""
        if self.find("xl/workbook.xml") is not None:
            return Format.XLSM if self.source.suffix == ".xlsm" else Format.XLSX
        if self.find("xl/workbook.bin") is not None:
            return Format.XLSB
        if self.find("content.xml") is not None:
            if self._is_spreadsheet_mimetype():
                return Format.ODS
            raise self.source.error(
                "not-a-workbook", "an OpenDocument file that is not a spreadsheet"
            )
        kind = next(
            (kind for part, kind in _OTHER_DOCUMENTS if self.find(part) is not None),
            "a zip file without workbook parts",
        )
        raise self.source.error("not-a-workbook", f"{kind}, not a spreadsheet")

    def _is_spreadsheet_mimetype(self) -> bool:
        """An OpenDocument file names its kind in `mimetype`; a damaged or missing one is
        left for the later stages to report, so the file counts as a spreadsheet here."""
        mimetype = self.find("mimetype")
        if mimetype is None or mimetype.file_size > 200:
            return True
        try:
            return _ODS_MIMETYPE in self.read("mimetype")
        except ZIP_READ_ERRORS:
            return True

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> the member holding its XML, for an .xlsx/.xlsm (else empty).

        A damaged workbook.xml or relationships part gives no names: python-calamine then
        reports the damage in its own words when it reads the workbook.
        """
        if self._sheet_parts is None:
            self._sheet_parts = self._resolve_sheet_parts()
        return self._sheet_parts

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship ID -> (its type, the member it names), from a .rels part.

        A target is relative to the folder of the part the relationships belong to
        (`xl/` for `xl/_rels/workbook.xml.rels`), or absolute from the package root.
        Nothing where the part is missing or damaged.
        """
        base = posixpath.dirname(posixpath.dirname(part))
        root = self._xml(part)
        if root is None:
            return {}
        found: dict[str, tuple[str, str]] = {}
        for element in root:
            target = element.get("Target", "").replace("\\", "/")
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            member = self.find(posixpath.normpath(name))
            if member is not None:
                found[element.get("Id", "")] = (element.get("Type", ""), member.filename)
        return found

    def _xml(self, part: str) -> Element | None:
        """A small part (a workbook or relationships part) parsed; None where it is missing
        or damaged."""
        from xml.etree import ElementTree

        try:
            return ElementTree.fromstring(self.read(part))
        except ElementTree.ParseError:
            return None
        except _UNREADABLE:
            return None

    def _workbook_xml(self) -> Element | None:
        """xl/workbook.xml parsed, once: its sheets and its calculation properties."""
        if self._workbook is None:
            self._workbook = self._xml("xl/workbook.xml")
        return self._workbook

    def _resolve_sheet_parts(self) -> dict[str, str]:
        targets = self._relationships("xl/_rels/workbook.xml.rels")
        workbook = self._workbook_xml()
        if workbook is None:
            return {}
        parts: dict[str, str] = {}
        for element in workbook.iter():
            if element.tag.rpartition("}")[2] != "sheet":
                continue
            relationship = element.get(_RELATIONSHIP_ID) or element.get(_STRICT_RELATIONSHIP_ID)
            name = element.get("name")
            if name and relationship in targets:
                parts[name] = targets[relationship][1]
        return parts

    def recalculates_on_load(self) -> bool:
        """Whether an .xlsx/.xlsm asks to be recalculated when it is opened (`<calcPr
        fullCalcOnLoad="1">`), as XlsxWriter and openpyxl save a workbook: its formulas'
        stored results are then placeholders (XlsxWriter stores 0), not their values."""
        workbook = self._workbook_xml()
        if workbook is None:
            return False
        return any(
            element.tag.rpartition("}")[2] == "calcPr"
            and element.get("fullCalcOnLoad", "").strip().lower() in ("1", "true")
            for element in workbook
        )

    def worksheet_parts(self, relationships: str, folder: str) -> list[str]:
        """The members the workbook's relationships name as worksheets, or, where they
        name none (a damaged or missing part), every member in the worksheets folder."""
        parts = [
            member
            for kind, member in self._relationships(relationships).values()
            if kind.endswith("/worksheet")
        ]
        return parts or [
            member.filename
            for member in self.members
            if _normal(member.filename).startswith(folder)
        ]

    def sheet_name_of(self, member: str) -> str:
        """The tab name a person sees for a member, or the member's own file name."""
        for name, part in self.sheet_parts().items():
            if part == member:
                return name
        return member.rsplit("/", 1)[-1]


@contextmanager
def open_archive(source: Source) -> Iterator[Archive]:
    try:
        archive = zipfile.ZipFile(source.path)
    except ZIP_READ_ERRORS:
        raise source.error(
            "corrupt-workbook",
            "the workbook is damaged (truncated or corrupt zip); ask for a fresh copy",
        ) from None
    with archive:
        yield Archive(source, archive)
