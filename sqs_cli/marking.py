"""Plain data read from a marking workbook: the scoring core's input."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
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

Layout = Literal["wide", "long"]


class Mark(NamedTuple):
    """One mark. A named tuple, not a dataclass: a regional dataset has millions of them,
    and a tuple is made several times faster and in half the memory."""

    case_id: str
    question_id: str
    judgement: Judgement
    cell: str


@dataclass(frozen=True)
class Marking:
    """One workbook's marks, in the framework's question IDs, with what was wrong in it."""

    file: str
    sheet: str
    layout: Layout
    case_ids: tuple[str, ...]
    # Framework question IDs the workbook has a column (or, long layout, rows) for.
    questions: frozenset[str]
    marks: tuple[Mark, ...]
    inspection: Mapping[str, InspectionValue] = field(default_factory=dict)
    # Descriptive columns per case (names, comments): carried, never printed unasked.
    attributes: Mapping[str, Mapping[str, CellValue]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
