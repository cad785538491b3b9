"""What the format scans (xls_scan, xlsb_scan, zip_facts) report: plain facts, no messages.

python-calamine reads a sheet into a dense grid from its first to its last cell, and
reserves memory for counts a file declares; the scans find those figures in the raw
records before python-calamine sees the file, so that the caller can refuse a file that
would make it allocate far more than any marking workbook needs.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sqs_cli.settings import Limits


class ScanError(ValueError):
    """The file's structure cannot be followed (a record runs past the end of its stream,
    a sheet starts outside the workbook stream...): python-calamine cannot read it either."""


class SheetExtent(NamedTuple):
    """The cells of one sheet that python-calamine keeps, as far as a scan read them.

    rows and columns reach from A1 to the farthest cell in each direction (0 when the
    sheet has none): python-calamine's grid spans from the first to the last cell, so this
    is never smaller than the grid it builds. cells counts the cell records it keeps one by
    one before it builds the grid (a record of several cells counts each).

    exact is False for a large sheet whose cells were checked in bulk to lie inside the
    dimension the sheet declares, that dimension being within the limits: rows and columns
    are then that dimension, and cells a bound from the size of the records. Never smaller
    than the truth either way, and always exact when the limits are passed.
    """

    rows: int = 0
    columns: int = 0
    cells: int = 0
    exact: bool = True

    def exceeds(self, limits: Limits) -> bool:
        """Over any of the limits; the scans stop reading a sheet once this is true."""
        return (
            self.rows > limits.max_rows
            or self.columns > limits.max_columns
            or self.rows * self.columns > limits.max_cells
            or self.cells > limits.max_cells
        )


def extent_with_bulk(
    rows: int,
    columns: int,
    cells: int,
    checked_cells: int,
    bounds: tuple[int, int] | None,
) -> SheetExtent:
    """A sheet's extent from the cells read one by one and, where runs of records were
    checked in bulk against the declared dimension `bounds`, that dimension and the bound
    on those runs' cells (SheetExtent.exact is then False)."""
    if not checked_cells or bounds is None:
        return SheetExtent(rows, columns, cells)
    return SheetExtent(
        max(rows, bounds[0]), max(columns, bounds[1]), cells + checked_cells, exact=False
    )


class StringCounts(NamedTuple):
    """The counts a shared-string table declares in its header, None where it gives none.

    total counts the string cells of the workbook; unique the strings in the table.
    """

    total: int | None
    unique: int | None


def below(limit: int, width: int) -> bytes:
    """A regular expression (bytes, no groups) matching `width` bytes whose little-endian
    number is less than limit: how the scans check many records' rows and columns at once."""
    if limit >= 256**width:
        return b"(?:" + b"." * width + b")"
    if limit <= 0:
        return b"(?!)"
    digits = limit.to_bytes(width, "little")
    branches = []
    # Smaller in the most significant byte that differs, equal in those above it.
    for index in range(width - 1, -1, -1):
        if digits[index]:
            smaller = b"[\\x00-" + re.escape(bytes([digits[index] - 1])) + b"]"
            equal = b"".join(re.escape(bytes([digit])) for digit in digits[index + 1 :])
            branches.append(b"." * index + smaller + equal)
    return b"(?:" + b"|".join(branches) + b")"
