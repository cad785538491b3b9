"""Dates as people type them in an Inspection sheet, and as the outputs print them.

Read day first, as in the UK: `28/06/2016`, `28-06-2016`, `28.06.16`, `28 June 2016`,
`28th June 2016`, `Tuesday 28 June 2016`, `June 2016`, `28-30 June 2016`, `30 June to 2
July 2016`, ISO dates and date-times (`2016-06-28T09:00:00`), and Excel date serials
(`42549`). Anything else is not guessed at: the caller keeps it as typed and says so.

Printed one way everywhere: `28 June 2016`, `June 2016`, `28 to 30 June 2016`, `30 June to
2 July 2016`, `30 December 2016 to 2 January 2017`. Month names are English whatever the
locale, so the output never depends on the machine it ran on.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Literal, NamedTuple

from sqs_cli.patterns import lazy

Precision = Literal["day", "month"]

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {name.casefold(): number for number, name in enumerate(MONTHS, 1)} | {
    name[:3].casefold(): number for number, name in enumerate(MONTHS, 1)
}
_MONTH_NUMBERS["sept"] = 9
_MONTH = r"(?P<{}>[A-Za-z]{{3,9}})\.?"
_DAY = r"(?P<{}>\d{{1,2}})"
_YEAR = r"(?P<{}>\d{{4}})"

# Excel counts days from 30 December 1899 (its 1900 leap-year bug makes that the zero for
# every date after February 1900). Serials outside these years are numbers, not dates.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_FIRST_YEAR, _LAST_YEAR = 1900, 2199
_SERIALS = range(
    (datetime.date(1990, 1, 1) - _EXCEL_EPOCH).days,
    (datetime.date(2100, 1, 1) - _EXCEL_EPOCH).days,
)

_NUMERIC = lazy(r"(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>\d{4}|\d{2})", re.ASCII)
# Digits and letters are ASCII's only: `¹` or a letter with an accent is no date part.
_DAY_MONTH_YEAR = lazy(
    f"{_DAY.format('day')},? {_MONTH.format('month')},? {_YEAR.format('year')}", re.ASCII
)
_MONTH_DAY_YEAR = lazy(
    f"{_MONTH.format('month')} {_DAY.format('day')},? {_YEAR.format('year')}", re.ASCII
)
_MONTH_YEAR = lazy(f"{_MONTH.format('month')},? {_YEAR.format('year')}", re.ASCII)
# The left side of a range may leave out what the right side gives: `28` or `28 June`.
_DAY_ONLY = lazy(_DAY.format("day"), re.ASCII)
_DAY_MONTH = lazy(f"{_DAY.format('day')} {_MONTH.format('month')}", re.ASCII)
_MONTH_ONLY = lazy(_MONTH.format("month"), re.ASCII)

_ORDINAL = lazy(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE | re.ASCII)
_WEEKDAY = lazy(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?\s+",
    re.IGNORECASE,
)
_OF = lazy(r"(?<=\d) of (?=[A-Za-z])", re.IGNORECASE | re.ASCII)
# Between the two ends of a range, most explicit first: `28 June to 2 July`, `28 - 30 June`,
# `28\u201330 June` (an en dash), then `28-30 June` (a bare hyphen is also in `28-06-2016`).
_RANGE_SEPARATORS = (
    lazy(r"\s+(?:to|until|till)\s+", re.IGNORECASE),
    lazy(r"\s+[-\u2013\u2014]\s+"),
    lazy(r"\s*[\u2013\u2014]\s*"),
    lazy(r"-"),
)


class DateSpan(NamedTuple):
    """A day, a month, or a range of days: what a date cell can mean."""

    first: datetime.date
    last: datetime.date
    precision: Precision = "day"


def _month(text: str) -> int | None:
    return _MONTH_NUMBERS.get(text.casefold())


def _day(year: int, month: int | None, day: int) -> datetime.date | None:
    if month is None or not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:  # 31 June, 29 February 2017
        return None


def _month_span(year: int, month: int | None) -> DateSpan | None:
    first = _day(year, month, 1)
    if first is None:
        return None
    following = datetime.date(year + first.month // 12, first.month % 12 + 1, 1)
    return DateSpan(first, following - datetime.timedelta(days=1), "month")


def _clean(text: str) -> str:
    text = " ".join(text.split())
    text = _WEEKDAY().sub("", text)
    text = _ORDINAL().sub("", text)
    return _OF().sub(" ", text)


def _one(text: str) -> DateSpan | None:
    """One date or one month written out in full."""
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return DateSpan(day, day)
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return DateSpan(moment.date(), moment.date())
    if match := _NUMERIC().fullmatch(text):
        year = int(match["year"])
        if len(match["year"]) == 2:
            year += 2000 if year < 70 else 1900  # as strptime's %y reads two digits
        found = _day(year, int(match["month"]), int(match["day"]))
        return DateSpan(found, found) if found else None
    for pattern in (_DAY_MONTH_YEAR(), _MONTH_DAY_YEAR()):
        if match := pattern.fullmatch(text):
            found = _day(int(match["year"]), _month(match["month"]), int(match["day"]))
            return DateSpan(found, found) if found else None
    if match := _MONTH_YEAR().fullmatch(text):
        return _month_span(int(match["year"]), _month(match["month"]))
    return None


def _start_of_range(text: str, end: DateSpan) -> DateSpan | None:
    """The left side of a range, which may take its month and year from the right."""
    if (whole := _one(text)) is not None:
        return whole
    year, month = end.first.year, end.first.month
    if match := _DAY_ONLY().fullmatch(text):
        found = _day(year, month, int(match["day"]))
    elif match := _DAY_MONTH().fullmatch(text):
        found = _day(year, _month(match["month"]), int(match["day"]))
    elif (match := _MONTH_ONLY().fullmatch(text)) and end.precision == "month":
        return _month_span(year, _month(match["month"]))
    else:
        return None
    return DateSpan(found, found) if found else None


def _range(text: str) -> DateSpan | None:
    for lazy_separator in _RANGE_SEPARATORS:
        separator = lazy_separator()
        parts = separator.split(text)
        if len(parts) != 2:
            continue
        end = _one(parts[1].strip())
        if end is None:
            continue
        start = _start_of_range(parts[0].strip(), end)
        if start is None or start.first > end.last:
            return None
        precision: Precision = "month" if start.precision == end.precision == "month" else "day"
        return DateSpan(start.first, end.last, precision)
    return None


def parse_date(value: object) -> DateSpan | None:
    """The day, month or range a typed value means; None where it is not a date sqs reads.

    A number is read as an Excel date serial only between 1990 and 2099: a date cell that
    lost its format shows one; any other number is no date.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime.datetime):
        return DateSpan(value.date(), value.date())
    if isinstance(value, datetime.date):
        return DateSpan(value, value)
    if isinstance(value, int | float):
        if not math.isfinite(value) or int(value) not in _SERIALS:
            return None
        day = _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        return DateSpan(day, day)
    if not isinstance(value, str):
        return None
    text = _clean(value)
    if not text or len(text) > 60:  # the longest form above is under 40 characters
        return None
    if text.isascii() and text.isdigit() and len(text) <= 5:  # a serial kept as text
        return parse_date(int(text))
    return _one(text) or _range(text)


def _day_text(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_span(span: DateSpan) -> str:
    """`28 June 2016`, `June 2016`, `28 to 30 June 2016`, `30 June to 2 July 2016`."""
    first, last = span.first, span.last
    if span.precision == "month":
        start = MONTHS[first.month - 1]
        end = f"{MONTHS[last.month - 1]} {last.year}"
        if (first.year, first.month) == (last.year, last.month):
            return end
        return f"{start if first.year == last.year else f'{start} {first.year}'} to {end}"
    if first == last:
        return _day_text(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {_day_text(last)}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]} to {_day_text(last)}"
    return f"{_day_text(first)} to {_day_text(last)}"


def join_spans(start: DateSpan, end: DateSpan) -> DateSpan | None:
    """From the first day of start to the last of end; None if end comes first."""
    if end.last < start.first:
        return None
    precision: Precision = "month" if start.precision == end.precision == "month" else "day"
    if precision == "day" and "month" in (start.precision, end.precision):
        return None  # `June 2016` to `30 June 2016` has no one honest form
    return DateSpan(start.first, end.last, precision)
