"""The Inspection sheet's values as the outputs use them, and what in them is unreadable.

The reader keeps the values as typed (dates as ISO text where the cell was a date). Here
they are interpreted, once, for every output: what the workbook is called (the area, else
the service, else the file's name), the fieldwork dates and the publication date. A date
that cannot be read is kept as typed, with a warning that names the key; nothing is
guessed. `--area` and `--service` fill or override the sheet's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import NamedTuple

from sqs_cli.dates import DateSpan, format_span, join_spans, parse_date
from sqs_cli.marking import InspectionValue
from sqs_cli.problems import Problem, problem
from sqs_cli.safe_text import describe_cell

AREA, SERVICE = "Area", "Service"
FIELDWORK_START, FIELDWORK_END, PUBLISHED = "Fieldwork start", "Fieldwork end", "Published"
DATE_KEYS = (FIELDWORK_START, FIELDWORK_END, PUBLISHED)
# Where the warnings point when the reader does not say which cell holds a key.
INSPECTION_SHEET = "Inspection"

Inspection = Mapping[str, InspectionValue]


class DateText(NamedTuple):
    """A date as the outputs print it; span is None when it is kept as typed."""

    text: str
    span: DateSpan | None


def _blank(value: InspectionValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def typed(value: InspectionValue) -> str:
    """A value as the user typed it, for text: whole numbers without `.0`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text_value(inspection: Inspection, key: str) -> str | None:
    """A key's value as text, None when blank or absent."""
    value = inspection.get(key)
    return None if _blank(value) else typed(value)


def area(inspection: Inspection) -> str | None:
    return text_value(inspection, AREA)


def service(inspection: Inspection) -> str | None:
    return text_value(inspection, SERVICE)


def label(inspection: Inspection, path: str) -> str:
    """What people call a workbook: its area, else its service, else the file's name."""
    return area(inspection) or service(inspection) or PurePath(path).name


def label_and_path(inspection: Inspection, path: str, *, dot: str = "\u00b7") -> str:
    """`Coventry · audits/2016/coventry.xlsx`: two audits of one area stay apart; the path
    alone where the workbook has no other name. dot: the output's (`-` in ASCII)."""
    name = label(inspection, path)
    return path if name == PurePath(path).name else f"{name} {dot} {path}"


def date_text(value: InspectionValue) -> DateText | None:
    if _blank(value):
        return None
    span = parse_date(value)
    return DateText(format_span(span), span) if span else DateText(typed(value), None)


def fieldwork(inspection: Inspection) -> DateText | None:
    """`28 to 30 June 2016` from the start and end, or as typed where one is unreadable."""
    start = date_text(inspection.get(FIELDWORK_START))
    end = date_text(inspection.get(FIELDWORK_END))
    if start is None or end is None:
        return start or end
    if start.span is not None and end.span is not None:
        joined = join_spans(start.span, end.span)
        if joined is not None:
            return DateText(format_span(joined), joined)
    if start.text == end.text:
        return start
    return DateText(f"{start.text} to {end.text}", None)


def published(inspection: Inspection) -> DateText | None:
    return date_text(inspection.get(PUBLISHED))


def inspection_problems(
    inspection: Inspection,
    file: str,
    cells: Mapping[str, str] | None = None,
    *,
    sheet: str = INSPECTION_SHEET,
) -> tuple[Problem, ...]:
    """A warning for each date that cannot be read, and for fieldwork that ends before it
    starts. cells, where the reader gives them, name the cell of each key's value."""
    cells = cells or {}
    found: list[Problem] = []

    def warn(key: str, message: str) -> None:
        found.append(
            problem(
                "invalid-inspection-value",
                message,
                file=file,
                sheet=sheet,
                cell=cells.get(key),
            )
        )

    spans: dict[str, DateSpan] = {}
    for key in DATE_KEYS:
        value = inspection.get(key)
        if _blank(value):
            continue
        span = parse_date(value)
        if span is None:
            warn(
                key,
                # The Inspection sheet describes the inspection, not a child, and its values
                # head every output: quoted in full (escaped, cut), as typed.
                f"{key} {describe_cell(value, show_values=True)} is not a date sqs "
                "reads (write it as "
                "28/06/2016, 28 June 2016 or 28-30 June 2016); it is kept as typed",
            )
        else:
            spans[key] = span
    start, end = spans.get(FIELDWORK_START), spans.get(FIELDWORK_END)
    if start is not None and end is not None and end.last < start.first:
        warn(
            FIELDWORK_END,
            f"{FIELDWORK_END} ({format_span(end)}) is before {FIELDWORK_START} "
            f"({format_span(start)}); check the dates",
        )
    return tuple(found)


def with_overrides(
    inspection: Inspection, *, area: str | None = None, service: str | None = None
) -> dict[str, InspectionValue]:
    """The values with --area and --service put in, over what the sheet says."""
    values = dict(inspection)
    if area is not None:
        values[AREA] = area
    if service is not None:
        values[SERVICE] = service
    return values
