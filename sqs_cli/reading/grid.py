"""A sheet's cells as plain data, whatever file format they came from.

Everything after this point in the reading pipeline (finding the layout, judging the
marks) works on a Grid and never asks which format the workbook was.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Protocol

from sqs_cli.marking import CellValue
from sqs_cli.problems import cell_name

# A merged range as python-calamine gives it: ((top, left), (bottom, right)), zero-based.
MergedRange = tuple[tuple[int, int], tuple[int, int]]

# What an apparently empty cell really holds: None for a formula never calculated, or the
# text of an Excel error value ("#N/A"). Keyed by A1 reference.
HiddenValue = str | None


def is_blank(value: CellValue | None) -> bool:
    """An empty cell, or one of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


class CellFacts(NamedTuple):
    """What a cell's value alone does not show, from the sheet's own markup.

    Positions are zero-based and absolute (row 0 is Excel's row 1). Formats whose markup
    sqs does not read (.xlsb, CSV, and an .xls sheet too large to walk) have no facts:
    every field is empty.
    """

    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()
    # A1 reference -> the formula's text, for cells holding a formula.
    formulas: Mapping[str, str] = {}
    # A1 reference -> what hides behind a cell that python-calamine shows as empty.
    hidden_values: Mapping[str, HiddenValue] = {}
    # False where the format's markup was not read, so hidden rows cannot be known.
    known: bool = True
    # True where the workbook asks to be recalculated when opened: a formula's stored
    # result is a placeholder, not its value (XlsxWriter stores 0).
    formulas_stale: bool = False


NO_FACTS = CellFacts(known=False)


class Grid(NamedTuple):
    """A sheet's used range: rows[i][j] is the cell at (top + i, left + j), zero-based."""

    name: str
    rows: list[list[CellValue]]
    top: int = 0
    left: int = 0
    merged: tuple[MergedRange, ...] = ()
    facts: CellFacts = NO_FACTS

    def cell(self, row: int, column: int) -> str:
        """The A1 name of the grid's cell (row, column)."""
        return cell_name(self.top + row, self.left + column)

    def row_number(self, row: int) -> int:
        """The row number Excel shows for the grid's row."""
        return self.top + row + 1


class SheetInfo(NamedTuple):
    name: str
    visible: bool
    # A worksheet, not a chart, dialog or macro sheet.
    worksheet: bool = True


class Book(Protocol):
    """An open workbook of any format: its sheets, and any sheet's cells."""

    def sheets(self) -> list[SheetInfo]: ...

    def grid(self, name: str) -> Grid: ...
