"""sqs_cli.inspection: the Inspection sheet's values as every output uses them."""

from __future__ import annotations

import pytest

from sqs_cli.inspection import (
    fieldwork,
    inspection_problems,
    label,
    published,
    with_overrides,
)
from sqs_cli.marking import InspectionValue

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
    assert problems[1].message.startswith("Fieldwork end 'True' is not a date sqs reads")
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
