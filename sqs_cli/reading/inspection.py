"""The optional Inspection sheet: the area, dates and rates that head the report.

Two columns, key and value. Known keys are matched whatever their case; unknown keys
are kept as written. Values may be dates, numbers or text; a rate may be written 36.0%,
36 or 0.36.
"""

from __future__ import annotations

import datetime

from sqs_cli.inspection import inspection_problems
from sqs_cli.judgements import normalise_text
from sqs_cli.marking import CellValue, InspectionValue
from sqs_cli.problems import Problem, problem
from sqs_cli.reading.grid import Grid, is_blank
from sqs_cli.safe_text import describe_cell

INSPECTION_SHEET = "inspection"

INSPECTION_KEYS = (
    "Area",
    "Service",
    "Fieldwork start",
    "Fieldwork end",
    "Published",
    "Reoffending rate",
    "Comparator reoffending rate",
    "Comparator",
    "Lead inspector",
)
RATE_KEYS = frozenset({"Reoffending rate", "Comparator reoffending rate"})
_INSPECTION_KEY_BY_FOLDED = {key.casefold(): key for key in INSPECTION_KEYS}


def is_inspection_sheet(name: str) -> bool:
    return normalise_text(name) == INSPECTION_SHEET


def read_inspection(
    grid: Grid, file: str
) -> tuple[dict[str, InspectionValue], tuple[Problem, ...]]:
    """The sheet's keys and values, and a warning for each value that cannot be read.

    The sheet describes the inspection, not a child, and its values head every output: a
    value that cannot be read is quoted in its warning (escaped and cut), as typed.
    """
    values: dict[str, InspectionValue] = {}
    cells: dict[str, str] = {}
    problems: list[Problem] = []
    for index, row in enumerate(grid.rows):
        if not row or is_blank(row[0]):
            continue
        raw_key = str(row[0]).strip()
        if index == 0 and normalise_text(raw_key) in {"key", "field", "item", "setting"}:
            continue
        key = _INSPECTION_KEY_BY_FOLDED.get(normalise_text(raw_key), raw_key)
        raw_value = row[1] if len(row) > 1 else None
        cells[key] = grid.cell(index, 1)
        if key in RATE_KEYS:
            rate = parse_rate(raw_value)
            if rate is None and not is_blank(raw_value):
                problems.append(
                    problem(
                        "invalid-inspection-value",
                        f"{key} {describe_cell(raw_value, show_values=True)} is not a "
                        "rate (write 36.0%, 36 or 0.36); it is kept as text",
                        file=file,
                        sheet=grid.name,
                        cell=grid.cell(index, 1),
                    )
                )
                values[key] = str(raw_value)
                continue
            values[key] = rate
            continue
        values[key] = inspection_value(raw_value)
    dates = inspection_problems(values, file, cells, sheet=grid.name)
    return values, (*problems, *dates)


def inspection_value(value: CellValue | None) -> InspectionValue:
    """Dates as ISO text (JSON has no dates), whole numbers as ints, text trimmed."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def parse_rate(value: CellValue | None) -> float | None:
    """A rate as a fraction: 36.0%, 36 and 0.36 all mean 0.36."""
    if isinstance(value, bool) or is_blank(value):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        try:
            number = float(text.removesuffix("%").strip())
        except ValueError:
            return None
        if percent:
            return round(number / 100, 10)
    else:
        return None
    if number < 0 or number > 100:
        return None
    # Rates above 1 are percentages: 36 means 36%.
    return round(number / 100, 10) if number > 1 else number
