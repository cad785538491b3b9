"""Find formula cells that have no cached result in an .xlsx/.xlsm sheet.

python-calamine gives the value Excel last calculated for a formula cell, and an empty
string when there is none (a file written by a script and never opened in Excel). An
empty mark cell and an uncalculated formula look the same through it, but only the
first is "unmarked": the second hides a mark nobody can see. So, only when a sheet has
empty mark cells, this scans that sheet's XML for `<c>` elements holding `<f>` and no
`<v>`. The stdlib parser is safe here: expat 2.4.1+ refuses entity-expansion attacks and
ElementTree never fetches external entities.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_RELATIONSHIP_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"


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
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
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


def _formula_cells_without_value(stream: IO[bytes]) -> Iterator[str]:
    for _, element in ElementTree.iterparse(stream, events=("end",)):
        if _local(element.tag) != "c":
            continue
        children = {_local(child.tag): child for child in element}
        if "f" in children:
            value = children.get("v")
            if value is None or not (value.text or "").strip():
                yield element.get("r", "")
        element.clear()


def uncached_formula_cells(path: Path, sheet_name: str) -> set[str]:
    """A1 references of the formula cells in the sheet that have no cached value."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet_name)
            if part is None:
                return set()
            with archive.open(part) as stream:
                return {cell for cell in _formula_cells_without_value(stream) if cell}
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        # The sheet already parsed through python-calamine; a part it did not need is no
        # reason to call the workbook unreadable. The empty cells stay "unmarked".
        return set()
