"""Find cells that look empty but are not, in an .xlsx/.xlsm sheet.

python-calamine gives the value Excel last calculated for a formula cell, and an empty
string when there is none (a file written by a script and never opened in Excel). An
empty mark cell and an uncalculated formula look the same through it, but only the
first is "unmarked": the second hides a mark nobody can see. The same goes for a cell
showing an Excel error such as #N/A. So, only when a sheet has empty mark cells, this
scans that sheet's XML for `<c>` elements holding `<f>` and no `<v>`, or of type `e`.
The stdlib parser is safe here: expat 2.4.1+ refuses entity-expansion attacks and
ElementTree never fetches external entities.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from sqs_cli.files import ZIP_READ_ERRORS

_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_RELATIONSHIP_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"


# LookupError: expat meeting an encoding it does not know (`<?xml encoding="x"?>`).
_READ_ERRORS: tuple[type[Exception], ...] = (
    KeyError,
    LookupError,
    ElementTree.ParseError,
    *ZIP_READ_ERRORS,
)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relationship = None
    for element in workbook.iter():
        if _local(element.tag) == "sheet" and element.get("name") == sheet_name:
            relationship = element.get(_RELATIONSHIP_ID) or element.get(_STRICT_RELATIONSHIP_ID)
            break
    if relationship is None:
        return None
    relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for element in relationships:
        if element.get("Id") == relationship:
            target = element.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def sheet_names_by_part(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet XML part -> the tab name a person sees ("xl/worksheets/sheet1.xml" -> "Cases")."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except _READ_ERRORS:
        return {}
    targets = {}
    for element in relationships:
        target = element.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[element.get("Id")] = posixpath.normpath(part)
    names = {}
    for element in workbook.iter():
        if _local(element.tag) == "sheet":
            relationship = element.get(_RELATIONSHIP_ID) or element.get(_STRICT_RELATIONSHIP_ID)
            if relationship in targets and element.get("name"):
                names[targets[relationship]] = element.get("name", "")
    return names


# A cell that looks empty through python-calamine but is not: a formula never calculated
# (None), or an Excel error value such as "#N/A" (its text).
HiddenValue = str | None


def _hidden_values(stream: IO[bytes]) -> Iterator[tuple[str, HiddenValue]]:
    for _, element in ElementTree.iterparse(stream, events=("end",)):
        if _local(element.tag) != "c":
            continue
        children = {_local(child.tag): child for child in element}
        value = children.get("v")
        text = (value.text or "").strip() if value is not None else ""
        if element.get("t") == "e":
            yield element.get("r", ""), text or "#error"
        elif "f" in children and not text:
            yield element.get("r", ""), None
        element.clear()


def hidden_values(
    path: Path, sheet_name: str, candidates: Collection[str]
) -> dict[str, HiddenValue]:
    """A1 reference -> what hides behind an apparently empty cell of the sheet.

    candidates: the parts known to hold a formula or an error cell, as the scan in
    files.check_sheet_extents returns them; any other sheet is not parsed.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet_name)
            if part is None:
                return {}
            if part not in candidates:
                return {}
            with archive.open(part) as stream:
                return {cell: value for cell, value in _hidden_values(stream) if cell}
    except _READ_ERRORS:
        # The sheet already parsed through python-calamine; a part it did not need is no
        # reason to call the workbook unreadable. The empty cells stay "unmarked".
        return {}
