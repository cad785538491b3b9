"""sqs_cli.inspection: the Inspection sheet's values as every output uses them."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError
from typer.testing import Result

from sqs_cli.inspection import (
    fieldwork,
    inspection_problems,
    label,
    published,
    with_overrides,
)
from sqs_cli.marking import InspectionValue
from sqs_cli.reading.inspection import INSPECTION_KEYS
from tests.conftest import wide_rows, write_workbook

Values = dict[str, InspectionValue]


@pytest.mark.parametrize(
    ("values", "name"),
    [
        ({"Area": "Coventry", "Service": "Coventry YOS"}, "Coventry"),
        ({"Service": "Coventry YOS"}, "Coventry YOS"),
        ({"Area": "", "Service": "  "}, "audit.xlsx"),
        ({}, "audit.xlsx"),
        ({"Area": 2016.0}, "2016"),
    ],
)
def test_what_a_workbook_is_called(values: Values, name: str) -> None:
    assert label(values, "audits/audit.xlsx") == name


def test_fieldwork_and_publication() -> None:
    work = fieldwork({"Fieldwork start": "28/06/2016", "Fieldwork end": "2016-06-30T17:00:00"})
    assert work is not None
    assert work.text == "28 to 30 June 2016"
    assert fieldwork({}) is None
    kept = fieldwork({"Fieldwork start": "the last week of June"})
    assert kept is not None
    assert (kept.text, kept.span) == ("the last week of June", None)
    date = published({"Published": 42571})
    assert date is not None
    assert date.text == "20 July 2016"


def test_a_date_sqs_cannot_read_is_a_warning_naming_the_key() -> None:
    values: Values = {
        "Fieldwork start": "28th Juen 2016",
        "Fieldwork end": True,
        "Published": "20/07/2016",
        "Area": "not a date, and no date expected",
    }
    problems = inspection_problems(values, "audit.xlsx")
    assert [(p.code, p.severity.value, p.sheet, p.cell) for p in problems] == [
        ("invalid-inspection-value", "warning", "Inspection", None),
        ("invalid-inspection-value", "warning", "Inspection", None),
    ]
    assert problems[0].message == (
        "Fieldwork start '28th Juen 2016' is not a date sqs reads (write it as 28/06/2016, "
        "28 June 2016 or 28-30 June 2016); it is kept as typed"
    )
    assert problems[1].message.startswith("Fieldwork end TRUE is not a date sqs reads")
    # Where the reader knows the cells, the warning names them.
    cells = {"Fieldwork start": "B3", "Fieldwork end": "B4"}
    assert [p.cell for p in inspection_problems(values, "audit.xlsx", cells)] == ["B3", "B4"]


def test_fieldwork_that_ends_before_it_starts_is_a_warning() -> None:
    values: Values = {"Fieldwork start": "30/06/2016", "Fieldwork end": "28/06/2016"}
    [problem] = inspection_problems(values, "audit.xlsx")
    assert problem.message == (
        "Fieldwork end (28 June 2016) is before Fieldwork start (30 June 2016); check the dates"
    )


def test_nothing_to_say_about_good_or_missing_dates() -> None:
    assert inspection_problems({}, "a.xlsx") == ()
    values: Values = {"Fieldwork start": "28-30 June 2016", "Published": None, "Area": "X"}
    assert inspection_problems(values, "a.xlsx") == ()


def test_area_and_service_fill_or_override() -> None:
    values: Values = {"Area": "Coventry", "Published": "2016-07-20"}
    assert with_overrides(values, area="Warwickshire") == {
        "Area": "Warwickshire",
        "Published": "2016-07-20",
    }
    assert with_overrides(values, service="Coventry YOS") == {
        "Area": "Coventry",
        "Published": "2016-07-20",
        "Service": "Coventry YOS",
    }
    assert with_overrides(values) == values


# --- Whatever is typed in an Inspection sheet, every command copes (issue 13, section 1) --

ODD_TEXT = st.text(
    # Letters, digits, punctuation, spaces, line breaks, right-to-left and other scripts;
    # no control characters an .xlsx cannot hold.
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
    max_size=300,
)
INSPECTION_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 12, 31)),
    st.datetimes(
        min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2100, 12, 31)
    ),
    st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "=1+1", "=NOW()", "::error::x"]),
    st.sampled_from(
        [
            "28/06/2016",
            "28-30 June 2016",
            "30 June to 2 July 2016",
            "June 2016",
            "2016-06-28T09:00:00",
            "42549",
            "36.0%",
            "0.36",
            "31/02/2016",
            "late June",
        ]
    ),
    ODD_TEXT,
    st.text(min_size=1000, max_size=5000),
)
KEYS = (*INSPECTION_KEYS, "Inspector's notes")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.fixed_dictionaries(dict.fromkeys(KEYS, INSPECTION_VALUES)))
def test_any_inspection_values_in_every_command(
    values: dict[str, object], cli: Callable[..., Result]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audit.xlsx"
        marks = {f"C{n}": ["Yes" if n % 3 else "No", "N/A", "Not done"] for n in range(8)}
        sheets = {
            "Cases": wide_rows(["1.1a", "1.1b", "2.2c"], marks),
            "Inspection": [[key, value] for key, value in values.items()],
        }
        try:
            write_workbook(path, sheets)
        except IllegalCharacterError:
            return  # text an .xlsx cannot hold: no workbook to read
        runs = [
            ("score", path),
            ("score", path, "--format", "json"),
            ("score", path, "--format", "markdown"),
            ("score", path, "-o", Path(folder) / "results.xlsx"),
            ("report", path),
            ("report", path, "-o", Path(folder) / "draft.html"),
            ("compare", path, path),
            ("compare", path, path, "--format", "json"),
        ]
        for arguments in runs:
            result = cli(*arguments)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                arguments,
                result.exception,
            )
            assert result.exit_code == 0, (arguments, result.output)
            assert "Traceback" not in result.output
