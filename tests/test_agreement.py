"""sqs_cli.agreement: what is compared, what is left out and said, and the agenda."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sqs_cli.agreement import Marker, MarkerMarks, agree
from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement

Y, N, D, A, E = (
    Judgement.SUFFICIENT,
    Judgement.INSUFFICIENT,
    Judgement.NOT_DONE,
    Judgement.NOT_APPLICABLE,
    Judgement.UNMARKED,
)


def marks(name: str, cases: dict[str, dict[str, Judgement]]) -> MarkerMarks:
    questions = frozenset(question for marks in cases.values() for question in marks)
    return MarkerMarks(Marker(name, len(cases)), cases, questions)


FIRST = marks(
    "first.xlsx",
    {
        "C1": {"1.1a": Y, "1.1b": Y},
        "C2": {"1.1a": Y, "1.1b": N},
        "C3": {"1.1a": N, "1.1b": D},
        "C4": {"1.1a": Y, "1.1b": A},
        "C5": {"1.1a": Y, "1.1b": E},
    },
)
SECOND = marks(
    "second.xlsx",
    {
        "C1": {"1.1a": Y, "1.1b": Y},
        "C2": {"1.1a": N, "1.1b": N},
        "C3": {"1.1a": N, "1.1b": N},
        "C4": {"1.1a": Y, "1.1b": A},
        "C5": {"1.1a": Y, "1.1b": Y},
        "C9": {"1.1a": Y, "1.1b": Y},
    },
)


def test_two_markers(framework: Framework) -> None:
    result = agree([FIRST, SECOND], framework)
    by_id = {question.id: question for question in result.questions}
    first = by_id["1.1a"].figures
    assert first is not None
    assert (first.compared, first.agreeing, first.percent) == (5, 4, Fraction(4, 5))
    assert first.kappa_kind == "cohen"
    # Table [[3, 1], [0, 1]] (Yes, No): observed 20/25, chance (4/5)(3/5) + (1/5)(2/5) =
    # 14/25, kappa (20 - 14) / (25 - 14) = 6/11.
    assert first.kappa.value == Fraction(6, 11)
    second = by_id["1.1b"].figures
    assert second is not None
    # C5 is empty in the first workbook: left out of 1.1b, and listed as a difference.
    assert (second.compared, second.agreeing, second.left_out) == (4, 3, 1)
    assert [(d.case_id, d.question, d.judgements) for d in result.differences] == [
        ("C2", "1.1a", (Y, N)),
        ("C3", "1.1b", (D, N)),
        ("C5", "1.1b", (E, Y)),
    ]
    assert result.common_cases == 5
    assert [(c.case_id, c.present) for c in result.partial_cases] == [("C9", (False, True))]
    assert result.overall.compared == 9 and result.overall.agreeing == 7
    # A question that neither marks is not a question marked by some.
    assert by_id["1.2a"].figures is None and not any(by_id["1.2a"].marked_by)
    assert result.questions_not_marked_by_all == []


def test_binary_compares_sufficient_against_everything_else(framework: Framework) -> None:
    result = agree([FIRST, SECOND], framework, binary=True)
    second = next(q for q in result.questions if q.id == "1.1b").figures
    assert second is not None
    # Not done against No is the same under --binary: no longer a difference.
    assert (second.compared, second.agreeing) == (4, 4)
    assert result.categories == ("sufficient", "not sufficient")
    assert [(d.case_id, d.question) for d in result.differences] == [
        ("C2", "1.1a"),
        ("C5", "1.1b"),
    ]


def test_three_markers_use_fleiss(framework: Framework) -> None:
    third = marks("third.xlsx", {case: dict(m) for case, m in SECOND.judgements.items()})
    result = agree([FIRST, SECOND, third], framework)
    assert result.overall.kappa_kind == "fleiss"
    question = next(q for q in result.questions if q.id == "1.1a").figures
    assert question is not None and (question.compared, question.agreeing) == (5, 4)


def test_a_question_one_workbook_does_not_mark_is_reported(framework: Framework) -> None:
    fewer = marks(
        "second.xlsx", {case: {"1.1a": m["1.1a"]} for case, m in SECOND.judgements.items()}
    )
    result = agree([FIRST, fewer], framework)
    [missing] = result.questions_not_marked_by_all
    assert (missing.id, missing.marked_by, missing.figures) == ("1.1b", (True, False), None)


def test_the_agenda_puts_the_most_differences_first(framework: Framework) -> None:
    first = marks("a", {f"C{n}": {"1.1a": Y, "1.1b": Y, "1.2a": Y} for n in range(6)})
    second = marks(
        "b",
        {
            f"C{n}": {"1.1a": N if n < 1 else Y, "1.1b": N if n < 3 else Y, "1.2a": Y}
            for n in range(6)
        },
    )
    result = agree([first, second], framework)
    assert [(question.id, figures.differing) for question, figures in result.agenda] == [
        ("1.1b", 3),
        ("1.1a", 1),
    ]


def test_one_marker_is_not_an_agreement(framework: Framework) -> None:
    with pytest.raises(ValueError, match="two or more"):
        agree([FIRST], framework)
