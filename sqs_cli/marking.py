"""Plain data read from a marking workbook: the scoring core's input."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from sqs_cli.judgements import Judgement
from sqs_cli.problems import Problem

CellValue = (
    str
    | int
    | float
    | bool
    | datetime.date
    | datetime.datetime
    | datetime.time
    | datetime.timedelta
)
InspectionValue = str | int | float | bool | None

# "mixed": cases sheets of both layouts, pooled.
Layout = Literal["wide", "long", "mixed"]

# How many cases got each judgement, for one question.
Tally = Mapping[Judgement, int]


class SheetSummary(NamedTuple):
    """A cases sheet that was read: its name, how many cases it gave, its layout."""

    name: str
    cases: int
    layout: Layout


class Marking(NamedTuple):
    """One workbook's marks, in the framework's question IDs, with what was wrong in it.

    Marks are kept as counts per question, not one object per cell: a regional dataset
    has millions of mark cells, and scoring needs only the counts. Where a cell matters
    (an unknown judgement, an empty mark) its position is in `problems`.
    """

    file: str
    # The first cases sheet; `sheets` lists every one that was read.
    sheet: str
    layout: Layout
    case_ids: tuple[str, ...]
    # Every question the workbook has a column (or, long layout, rows) for, in the
    # framework's IDs, even when no case was scored.
    tallies: Mapping[str, Tally]
    # No defaults for the mappings: a shared dict could be changed by one caller for all,
    # and an immutable proxy cannot be pickled to or from a worker process.
    inspection: Mapping[str, InspectionValue]
    # Descriptive columns (names, comments), each a value per case in case_ids order:
    # carried, never printed unasked.
    descriptive_columns: Mapping[str, Sequence[CellValue | None]]
    problems: tuple[Problem, ...] = ()
    sheets: tuple[SheetSummary, ...] = ()

    @property
    def questions(self) -> frozenset[str]:
        """The framework question IDs the workbook marks."""
        return frozenset(self.tallies)

    def case_attributes(self, case_id: str) -> dict[str, CellValue]:
        """One case's descriptive values, blanks left out."""
        position = self.case_ids.index(case_id)
        attributes: dict[str, CellValue] = {}
        for name, values in self.descriptive_columns.items():
            value = values[position]
            if value is not None and not (isinstance(value, str) and not value.strip()):
                attributes[name] = value
        return attributes
