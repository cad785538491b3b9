"""What an .xlsx/.xlsm sheet's values alone do not show, read from its XML.

python-calamine gives the value Excel last calculated for a formula cell, and an empty
string when there is none (a file written by a script and never opened in Excel). An
empty mark cell and an uncalculated formula look the same through it, but only the first
is "unmarked": the second hides a mark nobody can see. The same goes for a cell showing
an Excel error such as #N/A. A total row's COUNTIF formulas, and hidden or filtered rows,
are invisible through it too. So a sheet the preflight scan found formulas, error values
or hidden rows in is parsed once more, here, for those facts.

The stdlib parser is safe here: expat 2.4.1+ refuses entity-expansion attacks and
ElementTree never fetches external entities.
"""

from __future__ import annotations

from xml.etree import ElementTree

from sqs_cli.problems import cell_name
from sqs_cli.reading.archive import ZIP_READ_ERRORS, Archive
from sqs_cli.reading.grid import CellFacts, HiddenValue
from sqs_cli.settings import Limits

_TRUE = frozenset({"1", "true"})
# LookupError: expat meeting an encoding it does not know (`<?xml encoding="x"?>`).
_UNPARSABLE: tuple[type[Exception], ...] = (LookupError, ElementTree.ParseError, *ZIP_READ_ERRORS)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


def _split_reference(reference: str) -> tuple[int, int] | None:
    letters = reference.rstrip("0123456789")
    digits = reference[len(letters) :]
    if not letters.isalpha() or not digits:
        return None
    return int(digits) - 1, _column_index(letters)


def sheet_facts(archive: Archive, part: str, limits: Limits) -> CellFacts:
    """The facts of one sheet part; none when the part cannot be parsed.

    The sheet already parsed through python-calamine: a part it read is no reason to call
    the workbook unreadable here. Its empty cells then stay "unmarked".
    """
    hidden_rows: set[int] = set()
    hidden_columns: set[int] = set()
    formulas: dict[str, str] = {}
    hidden_values: dict[str, HiddenValue] = {}
    shared: dict[str, str] = {}
    row = -1
    try:
        with archive.zip.open(part) as stream:
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                tag = _local(element.tag)
                if event == "start":
                    if tag == "row":
                        number = element.get("r")
                        row = int(number) - 1 if number and number.isdigit() else row + 1
                        if element.get("hidden", "").lower() in _TRUE:
                            hidden_rows.add(row)
                    continue
                if tag == "col" and element.get("hidden", "").lower() in _TRUE:
                    first, last = element.get("min", "0"), element.get("max", "0")
                    if first.isdigit() and last.isdigit():
                        end = min(int(last), limits.max_columns)
                        hidden_columns.update(range(int(first) - 1, end))
                elif tag == "c":
                    _cell(element, formulas, hidden_values, shared)
                    element.clear()
                elif tag == "row":
                    element.clear()
    except _UNPARSABLE:
        return CellFacts()
    return CellFacts(
        hidden_rows=frozenset(hidden_rows),
        hidden_columns=frozenset(hidden_columns),
        formulas=formulas,
        hidden_values=hidden_values,
    )


def _cell(
    element: ElementTree.Element,
    formulas: dict[str, str],
    hidden_values: dict[str, HiddenValue],
    shared: dict[str, str],
) -> None:
    position = _split_reference(element.get("r", ""))
    if position is None:
        return
    name = cell_name(*position)
    children = {_local(child.tag): child for child in element}
    value = children.get("v")
    text = (value.text or "").strip() if value is not None else ""
    formula = children.get("f")
    if formula is not None:
        # A shared formula's text is written once, on its first cell; the others name it.
        formula_text = formula.text or ""
        group = formula.get("si")
        if group is not None:
            formula_text = (
                shared.setdefault(group, formula_text) if formula_text else shared.get(group, "")
            )
        formulas[name] = formula_text
    if element.get("t") == "e":
        hidden_values[name] = text or "#error"
    elif formula is not None and not text:
        hidden_values[name] = None
