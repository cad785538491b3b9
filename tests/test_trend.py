"""sqs_cli.trend: the order of audits, every step judged as compare judges two, and gaps
that are never zeros."""

from __future__ import annotations

import datetime
from fractions import Fraction

from sqs_cli.api import score_workbook
from sqs_cli.comparison import compare, figures_from_result
from sqs_cli.framework import Framework
from sqs_cli.trend import TrendAudit, trend
from tests.conftest import WorkbookFactory, wide_rows


def audit(
    make_workbook: WorkbookFactory,
    framework: Framework,
    name: str,
    marks: dict[str, list[str]],
    questions: list[str],
    start: datetime.date | None,
) -> TrendAudit:
    path = make_workbook({"Cases": wide_rows(questions, marks)}, name=name)
    figures = figures_from_result(score_workbook(path, framework))
    return TrendAudit(name, str(path), start, str(start), len(marks), figures)


def cases(yes: int, no: int, columns: int = 1) -> dict[str, list[str]]:
    return {f"C{n}": ["Yes" if n < yes else "No"] * columns for n in range(yes + no)}


def test_audits_are_ordered_by_fieldwork(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    later = audit(
        make_workbook, framework, "b.xlsx", cases(18, 2), ["1.1a"], datetime.date(2026, 6, 1)
    )
    earlier = audit(
        make_workbook, framework, "a.xlsx", cases(2, 18), ["1.1a"], datetime.date(2025, 6, 1)
    )
    result = trend([later, earlier], framework)
    assert result.order == "fieldwork"
    assert [a.label for a in result.audits] == ["a.xlsx", "b.xlsx"]
    series = next(q for q in result.questions if q.id == "1.1a")
    assert [p.proportion for p in series.points] == [Fraction(1, 10), Fraction(9, 10)]
    [step] = series.steps
    expected = compare(earlier.figures, later.figures, framework).questions[0]  # type: ignore[arg-type]
    assert (step.points, step.interval, step.significant) == (
        Fraction(80),
        expected.interval,
        True,
    )
    assert series.significant_steps == [0]


def test_without_every_date_the_order_given_is_kept(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    first = audit(
        make_workbook, framework, "b.xlsx", cases(5, 5), ["1.1a"], datetime.date(2026, 6, 1)
    )
    second = audit(make_workbook, framework, "a.xlsx", cases(6, 4), ["1.1a"], None)
    result = trend([first, second], framework)
    assert result.order == "given"
    assert [a.label for a in result.audits] == ["b.xlsx", "a.xlsx"]
    assert result.undated == [second]


def test_a_question_an_audit_did_not_mark_is_a_gap_not_a_zero(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    day = datetime.date
    audits = [
        audit(
            make_workbook, framework, "1.xlsx", cases(8, 2, 2), ["1.1a", "1.1b"], day(2024, 1, 1)
        ),
        audit(make_workbook, framework, "2.xlsx", cases(7, 3), ["1.1a"], day(2025, 1, 1)),
        audit(
            make_workbook, framework, "3.xlsx", cases(9, 1, 2), ["1.1a", "1.1b"], day(2026, 1, 1)
        ),
    ]
    result = trend(audits, framework)
    series = next(q for q in result.questions if q.id == "1.1b")
    assert [p.gap for p in series.points] == [False, True, False]
    assert series.points[1].proportion is None and series.points[1].interval is None
    assert [(s.points, s.significant, s.reason) for s in series.steps] == [
        (None, False, "not marked after"),
        (None, False, "not marked before"),
    ]
    # A criterion no audit marks at all has gaps only.
    criterion = result.criterion("5.1")
    assert all(point.gap for point in criterion.points) and not criterion.marked


def test_an_audit_without_figures_is_a_column_of_gaps_that_says_why(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    day = datetime.date
    readable = audit(make_workbook, framework, "1.xlsx", cases(8, 2), ["1.1a"], day(2024, 1, 1))
    other = TrendAudit(
        "other.json", "other.json", day(2025, 1, 1), None, None, None,
        gap_reason="scored with framework 'hmip-youth-2021'",
    )  # fmt: skip
    result = trend([readable, other], framework)
    series = next(q for q in result.questions if q.id == "1.1a")
    assert [p.gap for p in series.points] == [False, True]
    assert series.steps[0].reason == "scored with framework 'hmip-youth-2021'"


def test_a_criterion_rated_from_another_question_is_not_compared(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    day = datetime.date
    first = {f"C{n}": ["Yes" if n < 5 else "No", "Yes"] for n in range(10)}
    second = {f"C{n}": ["Yes", "Yes" if n < 5 else "No"] for n in range(10)}
    audits = [
        audit(make_workbook, framework, "1.xlsx", first, ["1.1a", "1.1b"], day(2024, 1, 1)),
        audit(make_workbook, framework, "2.xlsx", second, ["1.1a", "1.1b"], day(2025, 1, 1)),
    ]
    [step] = trend(audits, framework).criterion("1.1").steps
    assert step.points is None and not step.significant
    assert step.reason == "rated from question 1.1a before and 1.1b after: compare its questions"
