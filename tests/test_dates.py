"""sqs_cli.dates: dates as people type them (day first, as in the UK), printed one way."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sqs_cli.dates import DateSpan, format_span, join_spans, parse_date

D = datetime.date


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("28/06/2016", "28 June 2016"),
        ("28-06-2016", "28 June 2016"),
        ("28.06.16", "28 June 2016"),
        ("1/7/2016", "1 July 2016"),
        ("28 June 2016", "28 June 2016"),
        ("28 Jun 2016", "28 June 2016"),
        ("28th June 2016", "28 June 2016"),
        ("28th of June 2016", "28 June 2016"),
        ("Tuesday 28 June 2016", "28 June 2016"),
        ("Wed, 29th June 2016", "29 June 2016"),
        ("June 28, 2016", "28 June 2016"),
        ("  28   JUNE  2016 ", "28 June 2016"),
        ("June 2016", "June 2016"),
        ("Sept 2016", "September 2016"),
        ("28-30 June 2016", "28 to 30 June 2016"),
        ("28 - 30 June 2016", "28 to 30 June 2016"),
        ("28\u201330 June 2016", "28 to 30 June 2016"),
        ("28 to 30 June 2016", "28 to 30 June 2016"),
        ("30 June to 2 July 2016", "30 June to 2 July 2016"),
        ("30 June - 2 July 2016", "30 June to 2 July 2016"),
        ("30 Dec 2016 to 2 Jan 2017", "30 December 2016 to 2 January 2017"),
        ("28/06/2016 - 30/06/2016", "28 to 30 June 2016"),
        ("June to July 2016", "June to July 2016"),
        ("2016-06-28", "28 June 2016"),
        ("2016-06-28T09:00:00", "28 June 2016"),
        ("2016-06-28 09:00", "28 June 2016"),
        ("42549", "28 June 2016"),
        (42549, "28 June 2016"),
        (42549.375, "28 June 2016"),
        (datetime.datetime(2016, 6, 28, 9, 30), "28 June 2016"),
        (D(2016, 6, 28), "28 June 2016"),
    ],
)
def test_dates_as_people_type_them(typed: object, printed: str) -> None:
    span = parse_date(typed)
    assert span is not None, typed
    assert format_span(span) == printed


@pytest.mark.parametrize(
    "typed",
    [
        "sometime",
        "late June",
        "2016",
        "31/06/2016",  # no 31 June
        "29/02/2017",  # no leap day
        "30/06/2016 - 28/06/2016",  # ends before it starts
        "13/13/2016",
        "",
        "   ",
        "nan",
        1.5,
        7,
        True,
        False,
        None,
        float("nan"),
        float("inf"),
        "x" * 1000,
        "28/06/2016 - 30/06/2016 - 2/7/2016",
        "\u00b9",  # a superscript one: a digit to str.isdigit, no date
        "\u00b2\u2078/06/2016",
    ],
)
def test_anything_else_is_not_guessed(typed: object) -> None:
    assert parse_date(typed) is None


def test_a_month_is_a_month() -> None:
    assert parse_date("February 2016") == DateSpan(D(2016, 2, 1), D(2016, 2, 29), "month")
    assert parse_date("December 2016") == DateSpan(D(2016, 12, 1), D(2016, 12, 31), "month")


@pytest.mark.parametrize(
    ("span", "printed"),
    [
        (DateSpan(D(2016, 6, 28), D(2016, 6, 28)), "28 June 2016"),
        (DateSpan(D(2016, 6, 28), D(2016, 6, 30)), "28 to 30 June 2016"),
        (DateSpan(D(2016, 6, 30), D(2016, 7, 2)), "30 June to 2 July 2016"),
        (DateSpan(D(2016, 12, 30), D(2017, 1, 2)), "30 December 2016 to 2 January 2017"),
        (DateSpan(D(2016, 6, 1), D(2016, 6, 30), "month"), "June 2016"),
        (DateSpan(D(2016, 12, 1), D(2017, 1, 31), "month"), "December 2016 to January 2017"),
    ],
)
def test_every_date_and_range_printed_one_way(span: DateSpan, printed: str) -> None:
    assert format_span(span) == printed


def test_joining_a_start_and_an_end() -> None:
    start, end = parse_date("28/06/2016"), parse_date("2016-07-01")
    assert start is not None and end is not None
    joined = join_spans(start, end)
    assert joined is not None
    assert format_span(joined) == "28 June to 1 July 2016"
    assert join_spans(end, start) is None
    june = parse_date("June 2016")
    assert june is not None
    assert join_spans(june, end) is None  # a month to a day has no one honest form


@given(st.one_of(st.text(), st.from_regex(r"[0-9 /.\-a-zA-Z]{1,30}", fullmatch=True)))
def test_any_text_is_a_date_or_none(text: str) -> None:
    span = parse_date(text)
    if span is not None:
        assert span.first <= span.last
        assert format_span(span)
