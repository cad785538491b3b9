"""sqs_cli.reading.ratings: the Ratings sheet's entered ratings and overrides, with the
cell of every one that is missing or cannot be read."""

from __future__ import annotations

from typing import Any

import pytest

from sqs_cli.framework import Framework, load_builtin
from sqs_cli.marking import EnteredRating
from sqs_cli.problems import Problem, Severity
from sqs_cli.reading.grid import Grid
from sqs_cli.reading.pipeline import read_marking
from sqs_cli.reading.ratings import is_ratings_sheet, read_ratings
from tests.conftest import WorkbookFactory


@pytest.fixture(scope="module")
def youth() -> Framework:
    return load_builtin("hmip-youth-2021")


def ratings(
    rows: list[list[Any]], framework: Framework, **options: Any
) -> tuple[tuple[EnteredRating, ...], tuple[Problem, ...]]:
    return read_ratings(Grid("Ratings", rows), framework, "audit.xlsx", **options)


def where(problems: tuple[Problem, ...]) -> list[tuple[str, str | None, str | None]]:
    return [(problem.code, problem.sheet, problem.cell) for problem in problems]


ALL_JUDGED = [
    ["Standard", "Rating", "Reason"],
    ["1.1 Governance and leadership", "Good", "Board knows its children"],
    ["1.2", "outstanding", None],
    ["1.3", " Requires  improvement ", "Gaps in health provision"],
    ["1.4", "Inadequate", None],
    ["3.4", "Good", None],
    ["4.1", "Good", None],
]


def test_every_standard_rated_by_judgement_is_read_with_its_cell(youth: Framework) -> None:
    entered, problems = ratings(ALL_JUDGED, youth)
    assert problems == ()
    assert entered == (
        EnteredRating("1.1", "Good", "Board knows its children", "Ratings", "B2"),
        EnteredRating("1.2", "Outstanding", None, "Ratings", "B3"),
        EnteredRating("1.3", "Requires improvement", "Gaps in health provision", "Ratings", "B4"),
        EnteredRating("1.4", "Inadequate", None, "Ratings", "B5"),
        EnteredRating("3.4", "Good", None, "Ratings", "B6"),
        EnteredRating("4.1", "Good", None, "Ratings", "B7"),
    )


def test_a_missing_or_unknown_rating_is_a_problem_naming_its_cell(youth: Framework) -> None:
    rows = [list(row) for row in ALL_JUDGED]
    rows[2][1] = None  # 1.2: empty
    rows[3][1] = "Requires improvment"  # 1.3: a near miss
    rows[4][1] = "Satisfactory, on the whole"  # 1.4: words, not a band
    del rows[6]  # 4.1: no row at all
    entered, problems = ratings(rows, youth)
    assert [rating.criterion for rating in entered] == ["1.1", "3.4"]
    assert where(problems) == [
        ("missing-rating", "Ratings", "B3"),
        ("unknown-rating", "Ratings", "B4"),
        ("unknown-rating", "Ratings", "B5"),
        ("missing-rating", "Ratings", None),
    ]
    missing, near, words, no_row = problems
    assert missing.severity is Severity.WARNING
    assert missing.message == (
        "no rating is entered for 1.2 Staff, which is rated by judgement: it is not rated"
    )
    assert near.severity is Severity.ERROR
    assert near.message == (
        "'Requires improvment' is not a rating of hmip-youth-2021 (Outstanding, Good, Requires "
        "improvement, Inadequate); it is not rated; did you mean 'Requires improvement'?"
    )
    # Text that is no near miss may be someone's words: described, not quoted.
    assert words.message.startswith("text of 26 characters is not a rating of hmip-youth-2021")
    assert no_row.message == (
        "no row for 4.1 Resettlement policy and provision, which is rated by judgement: it is "
        "not rated"
    )


def test_show_values_quotes_an_unknown_rating(youth: Framework) -> None:
    rows = [["1.1", "Satisfactory, on the whole"]]
    _, problems = ratings(rows, youth, show_values=True)
    assert problems[0].message.startswith("'Satisfactory, on the whole' is not a rating")


def test_a_rating_given_twice_and_an_unknown_standard(youth: Framework) -> None:
    rows = [*ALL_JUDGED, ["1.1", "Outstanding", None], ["9.9", "Good", None], ["Notes", "x"]]
    entered, problems = ratings(rows, youth)
    assert [r.rating for r in entered if r.criterion == "1.1"] == ["Good"]
    assert where(problems) == [
        ("duplicate-rating", "Ratings", "A8"),
        ("unknown-standard", "Ratings", "A9"),
    ]
    assert problems[0].message == "1.1 is also rated in A2; this row is not read"
    assert problems[1].severity is Severity.WARNING


def test_an_override_with_a_reason_is_usable_and_without_one_is_not(youth: Framework) -> None:
    rows = [*ALL_JUDGED, ["2.1 Assessment", "Good", "Panel agreed"], ["2.2", "Good", None]]
    entered, problems = ratings(rows, youth)
    overrides = {r.criterion: r for r in entered if r.criterion in ("2.1", "2.2")}
    assert overrides["2.1"] == EnteredRating("2.1", "Good", "Panel agreed", "Ratings", "B8")
    assert overrides["2.2"].usable is False
    assert where(problems) == [("override-not-used", "Ratings", "C9")]
    assert problems[0].message == (
        "the rating entered for 2.2 (Good) gives no reason: a rating that moves the figures' "
        "rating needs one; it is shown beside it, not used"
    )


def test_a_blank_rating_for_a_case_standard_is_no_override(youth: Framework) -> None:
    entered, problems = ratings([*ALL_JUDGED, ["2.1", None, None]], youth)
    assert problems == ()
    assert "2.1" not in {r.criterion for r in entered}


def test_overrides_where_the_framework_does_not_allow_them(framework: Framework) -> None:
    entered, problems = ratings([["1.1", "Outstanding", "We think so"]], framework)
    assert entered == (
        EnteredRating("1.1", "Outstanding", "We think so", "Ratings", "B1", usable=False),
    )
    assert where(problems) == [("override-not-used", "Ratings", "B1")]
    assert problems[0].message == (
        "1.1 is rated from the cases, and sqs-2016 does not let an entered rating replace the "
        "figures' rating: Outstanding is shown beside it, not used"
    )


def test_without_a_ratings_sheet(youth: Framework, framework: Framework) -> None:
    assert read_ratings(None, framework, "audit.xlsx") == ((), ())
    entered, problems = read_ratings(None, youth, "audit.xlsx")
    assert entered == ()
    assert where(problems) == [("missing-rating", None, None)]
    assert problems[0].message == (
        "the workbook has no Ratings sheet: 1.1, 1.2, 1.3, 1.4, 3.4 and 4.1 are rated by "
        "judgement and not rated"
    )


def test_the_sheet_is_found_by_name_and_never_taken_for_cases(
    make_workbook: WorkbookFactory, youth: Framework
) -> None:
    assert is_ratings_sheet(" RATINGS ")
    assert not is_ratings_sheet("Ratings 2")
    path = make_workbook(
        {
            "ratings": ALL_JUDGED,
            "Cases": [["Case ID", "Disposal", "2.1.1"], ["C1", "Court", "Yes"]],
        }
    )
    marking = read_marking(path, youth)
    assert [sheet.name for sheet in marking.sheets] == ["Cases"]
    assert [rating.criterion for rating in marking.entered] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "3.4",
        "4.1",
    ]
    assert marking.problems == ()
