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
# A case's ID and a checksum of its marks: the same in two workbooks, the same case twice.
CaseKey = tuple[str, int]


class SheetSummary(NamedTuple):
    """A cases sheet that was read: its name, how many cases it gave, its layout."""

    name: str
    cases: int
    layout: Layout


class EnteredRating(NamedTuple):
    """A rating the inspectors entered on the Ratings sheet for one criterion."""

    criterion: str
    # The band's name, as the framework writes it.
    rating: str
    reason: str | None
    sheet: str
    # The rating's cell (`B3`).
    cell: str
    # False for a rating that may not replace the figures' rating (the framework does
    # not allow it, or it gives no reason): shown, with a warning, and not used.
    usable: bool = True


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
    # The Ratings sheet's ratings, valid ones only (the others are in problems).
    entered: tuple[EnteredRating, ...] = ()
    # Cases per case group of the framework, by group ID, in the framework's order; and
    # the cases in no group (each one a problem naming its cell).
    group_cases: tuple[tuple[str, int], ...] = ()
    ungrouped_cases: int = 0
    # Each case's fingerprint (ReadOptions.case_keys): its ID, and a checksum of its marks.
    case_keys: tuple[CaseKey, ...] = ()

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
