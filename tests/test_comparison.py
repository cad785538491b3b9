"""The pure comparison core: two audits with known changes, Newcombe's interval, which
criteria compare as ratings, and questions with too few cases."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from sqs_cli.api import score_workbook
from sqs_cli.comparison import (
    Audit,
    Comparison,
    Figure,
    RatingChange,
    WorkbookFigures,
    compare,
    figures_from_result,
    rating_change,
)
from sqs_cli.framework import Framework
from sqs_cli.problems import SqsError
from sqs_cli.results import QuestionResult
from sqs_cli.safe_text import ASCII_MARKS
from sqs_cli.statistics import Interval, difference_interval
from tests.conftest import WorkbookFactory, wide_rows

CASES = 40
BANDS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]


def column(yes: int, no: int) -> list[str]:
    """One question's marks over the 40 cases: Yes, then No, then N/A for the rest."""
    return ["Yes"] * yes + ["No"] * no + ["N/A"] * (CASES - yes - no)


# Two audits of 40 cases with known changes (sqs-2016: "lowest" policy, min_relevant 5).
BEFORE_MARKS = {
    "1.1a": column(5, 5),  # 5 of 10 -> 9 of 10: +40 pts, yet not significant
    "1.2a": column(3, 1),  # 3 of 4 -> no relevant cases after
    "2.1a": column(6, 4),  # unchanged, 6 of 10
    "2.2b": column(8, 2),  # marked only before
    "4.3a": column(9, 1),  # 9 of 10 -> 7 of 10: Outstanding -> Good
    "5.1a": column(4, 36),  # 4 of 40 -> 36 of 40: significant
}
AFTER_MARKS = {
    "1.1a": column(9, 1),
    "1.2a": column(0, 0),
    "2.1a": column(6, 4),
    "3.1a": column(7, 3),  # marked only after
    "4.3a": column(7, 3),
    "5.1a": column(36, 4),
}


def audit_workbook(
    make_workbook: WorkbookFactory, name: str, marks: dict[str, list[str]], area: str | None = None
) -> Path:
    questions = list(marks)
    rows = {
        f"C{case + 1:02}": [marks[question][case] for question in questions]
        for case in range(CASES)
    }
    sheets: dict[str, list[list[Any]]] = {"Cases": wide_rows(questions, rows)}
    if area is not None:
        sheets["Inspection"] = [["Area", area]]
    return make_workbook(sheets, name=name)


@pytest.fixture
def known_changes(make_workbook: WorkbookFactory, framework: Framework) -> Comparison:
    before = audit_workbook(make_workbook, "before.xlsx", BEFORE_MARKS)
    after = audit_workbook(make_workbook, "after.xlsx", AFTER_MARKS)
    return compare(
        figures_from_result(score_workbook(before, framework)),
        figures_from_result(score_workbook(after, framework)),
        framework,
    )


def question(comparison: Comparison, question_id: str) -> Any:
    return next(change for change in comparison.questions if change.id == question_id)


def close(interval: Interval | None, low: float, high: float) -> bool:
    assert interval is not None
    return math.isclose(interval.low, low, abs_tol=5e-5) and math.isclose(
        interval.high, high, abs_tol=5e-5
    )


# --- Newcombe's interval ------------------------------------------------------------------


def test_newcombe_interval_matches_the_published_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873-890, table II example (a), method 10:
    # 56/70 - 48/80 = 0.2000, 95% interval 0.0524 to 0.3339.
    interval = difference_interval((48, 80), (56, 70))
    assert close(interval, 0.0524, 0.3339)


def test_compare_gives_the_published_example_as_points(framework: Framework) -> None:
    before = WorkbookFigures(
        Audit("A", "a.xlsx", 80),
        (QuestionResult("5.1a", "5.1", "text", sufficient=48, insufficient=32),),
        (),
    )
    after = WorkbookFigures(
        Audit("B", "b.xlsx", 70),
        (QuestionResult("5.1a", "5.1", "text", sufficient=56, insufficient=14),),
        (),
    )
    change = question(compare(before, after, framework), "5.1a")
    assert change.points == Fraction(20)
    assert close(change.interval, 0.0524, 0.3339)
    assert change.significant is True
    assert change.before == Figure(48, 80, marked=True)
    assert change.after == Figure(56, 70, marked=True)


def one_question(sufficient: int, relevant: int) -> WorkbookFigures:
    counts = QuestionResult(
        "5.1a", "5.1", "text", sufficient=sufficient, insufficient=relevant - sufficient
    )
    return WorkbookFigures(Audit("A", "a.xlsx", relevant), (counts,), ())


@pytest.mark.parametrize(
    ("before", "after", "points", "low", "high", "significant"),
    [
        ((48, 80), (56, 70), 20, 0.0524, 0.3339, True),
        ((56, 70), (48, 80), -20, -0.3339, -0.0524, True),  # a fall is significant too
        ((36, 40), (4, 40), -80, -0.8854, -0.6154, True),
        ((9, 10), (5, 10), -40, -0.6759, 0.0024, False),
    ],
)
def test_significance_both_ways(
    framework: Framework,
    before: tuple[int, int],
    after: tuple[int, int],
    points: int,
    low: float,
    high: float,
    significant: bool,
) -> None:
    change = question(compare(one_question(*before), one_question(*after), framework), "5.1a")
    assert change.points == points
    assert close(change.interval, low, high)
    assert change.significant is significant


def test_the_interval_of_no_change_is_symmetric_about_zero() -> None:
    interval = difference_interval((6, 10), (6, 10))
    assert interval is not None
    assert interval.low == -interval.high
    assert close(interval, -0.3692, 0.3692)


def test_no_interval_without_relevant_cases() -> None:
    assert difference_interval((0, 0), (3, 4)) is None
    assert difference_interval((3, 4), (0, 0)) is None


# --- Two audits with known changes --------------------------------------------------------


def test_a_big_rise_in_a_small_sample_is_not_significant(known_changes: Comparison) -> None:
    change = question(known_changes, "1.1a")
    assert (change.before, change.after) == (
        Figure(5, 10, True, ratable=True),
        Figure(9, 10, True, ratable=True),
    )
    assert change.points == Fraction(40)
    # The interval reaches just below zero: -0.24 to +67.6 points.
    assert close(change.interval, -0.0024, 0.6759)
    assert change.significant is False
    assert change.reason is None
    assert change.rating is None  # questions have no rating


def test_a_big_rise_in_a_larger_sample_is_significant(known_changes: Comparison) -> None:
    change = question(known_changes, "5.1a")
    assert (change.before, change.after) == (
        Figure(4, 40, True, ratable=True),
        Figure(36, 40, True, ratable=True),
    )
    assert change.points == Fraction(80)
    assert close(change.interval, 0.6154, 0.8854)
    assert change.significant is True


def test_an_unchanged_question(known_changes: Comparison) -> None:
    change = question(known_changes, "2.1a")
    assert (change.before, change.after) == (
        Figure(6, 10, True, ratable=True),
        Figure(6, 10, True, ratable=True),
    )
    assert change.points == Fraction(0)
    assert close(change.interval, -0.3692, 0.3692)
    assert change.significant is False


def test_a_fall(known_changes: Comparison) -> None:
    change = question(known_changes, "4.3a")
    assert change.points == Fraction(-20)
    assert change.significant is False
    assert known_changes.criterion("4.3").rating == RatingChange("Outstanding", "Good", "down")


@pytest.mark.parametrize(
    ("question_id", "before", "after", "reason"),
    [
        ("2.2b", Figure(8, 10, True, ratable=True), Figure(0, 0, False), "not marked after"),
        ("3.1a", Figure(0, 0, False), Figure(7, 10, True, ratable=True), "not marked before"),
        ("1.2a", Figure(3, 4, True), Figure(0, 0, True), "no relevant cases after"),
        ("1.2b", Figure(0, 0, False), Figure(0, 0, False), "not marked in either audit"),
    ],
)
def test_a_question_without_a_figure_on_one_side_is_not_comparable(
    known_changes: Comparison, question_id: str, before: Figure, after: Figure, reason: str
) -> None:
    change = question(known_changes, question_id)
    assert (change.before, change.after) == (before, after)
    assert change.points is None
    assert change.interval is None
    assert change.significant is False
    assert change.comparable is False
    assert change.reason == reason


@pytest.mark.parametrize(
    ("criterion_id", "before", "after", "points", "rating", "label", "arrow", "reason"),
    [
        (
            "1.1",
            Figure(5, 10, True, "Requires improvement", "1.1a", ratable=True),
            Figure(9, 10, True, "Outstanding", "1.1a", ratable=True),
            Fraction(40),
            RatingChange("Requires improvement", "Outstanding", "up"),
            "Requires improvement → Outstanding",
            "↑",
            None,
        ),
        (
            "1.2",
            Figure(0, 0, True),
            Figure(0, 0, True),
            None,
            RatingChange(None, None, None),
            "Not rated",
            "",
            "not rated in either audit",
        ),
        (
            "2.1",
            Figure(6, 10, True, "Requires improvement", "2.1a", ratable=True),
            Figure(6, 10, True, "Requires improvement", "2.1a", ratable=True),
            Fraction(0),
            RatingChange("Requires improvement", "Requires improvement", "same"),
            "Requires improvement",
            "→",
            None,
        ),
        (
            "2.2",
            Figure(8, 10, True, "Outstanding", "2.2b", ratable=True),
            Figure(0, 0, False),
            None,
            RatingChange("Outstanding", None, None),
            "Outstanding → Not rated",
            "",
            "not marked after",
        ),
        (
            "3.1",
            Figure(0, 0, False),
            Figure(7, 10, True, "Good", "3.1a", ratable=True),
            None,
            RatingChange(None, "Good", None),
            "Not rated → Good",
            "",
            "not marked before",
        ),
        (
            "4.3",
            Figure(9, 10, True, "Outstanding", "4.3a", ratable=True),
            Figure(7, 10, True, "Good", "4.3a", ratable=True),
            Fraction(-20),
            RatingChange("Outstanding", "Good", "down"),
            "Outstanding → Good",
            "↓",
            None,
        ),
        (
            "5.1",
            Figure(4, 40, True, "Inadequate", "5.1a", ratable=True),
            Figure(36, 40, True, "Outstanding", "5.1a", ratable=True),
            Fraction(80),
            RatingChange("Inadequate", "Outstanding", "up"),
            "Inadequate → Outstanding",
            "↑",
            None,
        ),
    ],
)
def test_criteria_before_and_after(
    known_changes: Comparison,
    criterion_id: str,
    before: Figure,
    after: Figure,
    points: Fraction | None,
    rating: RatingChange,
    label: str,
    arrow: str,
    reason: str | None,
) -> None:
    change = known_changes.criterion(criterion_id)
    assert (change.before, change.after) == (before, after)
    assert change.points == points
    assert change.rating == rating
    assert change.rating is not None
    assert change.rating.label() == label
    assert change.rating.arrow() == arrow
    assert change.reason == reason


def test_the_significant_changes_in_framework_order(known_changes: Comparison) -> None:
    assert [change.id for change in known_changes.significant] == ["5.1", "5.1a"]


def test_every_question_and_criterion_in_framework_order(
    known_changes: Comparison, framework: Framework
) -> None:
    assert [c.id for c in known_changes.questions] == [q.id for q in framework.questions]
    assert [c.id for c in known_changes.criteria] == [c.id for c in framework.criteria]
    assert [t.id for t in known_changes.themes] == ["1", "2", "3", "4", "5"]
    assert known_changes.themes[0].criteria == ("1.1", "1.2", "1.3")
    assert (known_changes.framework_id, known_changes.framework_title) == (
        "sqs-2016",
        "Short Quality Screening (2016)",
    )


def test_the_audits_are_described(known_changes: Comparison, tmp_path: Path) -> None:
    assert known_changes.before == Audit(
        label="before.xlsx", source=str(tmp_path / "before.xlsx"), cases=40
    )
    assert known_changes.after.label == "after.xlsx"


def test_an_unreadable_workbook_raises_its_problem(tmp_path: Path, framework: Framework) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    with pytest.raises(SqsError) as raised:
        figures_from_result(score_workbook(broken, framework))
    assert raised.value.problem.code == "not-a-workbook"
    assert raised.value.problem.file == str(broken)


# --- Small pure pieces --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [
        ("Good", "Outstanding", "up"),
        ("Inadequate", "Requires improvement", "up"),
        ("Outstanding", "Inadequate", "down"),
        ("Good", "Good", "same"),
        (None, "Good", None),
        ("Good", None, None),
        (None, None, None),
        ("Excellent", "Good", None),  # a band the framework does not have
    ],
)
def test_rating_change_direction_follows_band_order(
    before: str | None, after: str | None, direction: str | None
) -> None:
    assert rating_change(before, after, BANDS).direction == direction


# --- What compares as a rating, and questions with too few cases ---------------------------


def test_a_criterion_rated_from_another_question_is_compared_question_by_question(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    # 2.2 is rated from 2.2b (6 of 10) before and from 2.2c (7 of 10) after.
    before = audit_workbook(
        make_workbook, "before.xlsx", {"2.2b": column(6, 4), "2.2c": column(9, 1)}
    )
    after = audit_workbook(
        make_workbook, "after.xlsx", {"2.2b": column(9, 1), "2.2c": column(7, 3)}
    )
    comparison = compare(
        figures_from_result(score_workbook(before, framework)),
        figures_from_result(score_workbook(after, framework)),
        framework,
    )
    criterion = comparison.criterion("2.2")
    assert (criterion.before.driven_by, criterion.after.driven_by) == ("2.2b", "2.2c")
    assert criterion.driver_changed is True
    assert (criterion.points, criterion.interval, criterion.significant) == (None, None, False)
    assert (
        criterion.reason == "rated from question 2.2b before and 2.2c after: compare its questions"
    )
    assert criterion.rating == RatingChange("Requires improvement", "Good", None)
    assert question(comparison, "2.2b").points == Fraction(30)
    assert question(comparison, "2.2c").points == Fraction(-20)
    assert "2.2" not in [change.id for change in comparison.significant]


def test_questions_with_too_few_cases_are_marked(known_changes: Comparison) -> None:
    # 1.2a: 3 out of 4 before (too few to rate), no relevant cases after.
    change = question(known_changes, "1.2a")
    assert (change.before.ratable, change.before.too_few) == (False, True)
    assert (change.after.ratable, change.after.too_few) == (False, False)
    assert question(known_changes, "1.1a").before.too_few is False


def test_a_rating_change_in_ascii_marks(known_changes: Comparison) -> None:
    """Where the output is not Unicode (a Windows code page), the arrows are ASCII."""
    up, same = known_changes.criterion("1.1").rating, known_changes.criterion("2.1").rating
    assert up is not None and same is not None
    assert (up.arrow(ASCII_MARKS), up.label(ASCII_MARKS)) == (
        "^",
        "Requires improvement -> Outstanding",
    )
    assert (same.arrow(ASCII_MARKS), same.label(ASCII_MARKS)) == ("->", "Requires improvement")
    down = known_changes.criterion("4.3").rating
    assert down is not None and down.arrow(ASCII_MARKS) == "v"


def test_ratings_entered_by_judgement_and_the_overall_are_compared(youth_audit: Path) -> None:
    from sqs_cli.comparison import figures_from_result
    from sqs_cli.framework import load_builtin

    youth = load_builtin("hmip-youth-2021")
    side = figures_from_result(score_workbook(youth_audit, youth))
    comparison = compare(side, side, youth)
    staff = comparison.criterion("1.3")
    assert (staff.before.entered, staff.before.rating, staff.points, staff.reason) == (
        True,
        "Outstanding",
        None,
        "rated by judgement: no figures",
    )
    assert staff.rating is not None
    assert staff.rating.direction == "same"
    assert comparison.marked_in_either("1.3")
    moved = comparison.criterion("3.3")
    assert (moved.before.moved_from, moved.before.rating, moved.points) == (
        "Inadequate",
        "Requires improvement",
        Fraction(0),
    )
    assert comparison.overall is not None
    assert (comparison.overall.before.total, comparison.overall.direction) == (24, "same")


def test_a_framework_without_an_overall_rule_compares_none(known_changes: Comparison) -> None:
    assert known_changes.overall is None
