"""Figures as people write them: "18 out of 20", "63.6%"."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sqs_cli.figures import out_of, percent, question_figure, question_notes
from sqs_cli.results import QuestionResult


@pytest.mark.parametrize(
    ("proportion", "text"),
    [
        (Fraction(9, 10), "90%"),
        (Fraction(18, 20), "90%"),
        (Fraction(7, 11), "63.6%"),
        (Fraction(2, 3), "66.7%"),
        (Fraction(1, 3), "33.3%"),
        (Fraction(13, 20), "65%"),
        (Fraction(1, 2), "50%"),
        (Fraction(7, 19), "36.8%"),
        (Fraction(1, 8), "12.5%"),
        (Fraction(3, 16), "18.8%"),
        (Fraction(1), "100%"),
        (Fraction(0), "0%"),
        (Fraction(59, 60), "98.3%"),
        (Fraction(1, 60), "1.7%"),
        (None, "-"),
    ],
    ids=str,
)
def test_percent(proportion: Fraction | None, text: str) -> None:
    assert percent(proportion) == text


@pytest.mark.parametrize(
    ("proportion", "text"),
    [(Fraction(1, 16), "6.3%"), (Fraction(5, 16), "31.3%"), (Fraction(1, 80), "1.3%")],
    ids=str,
)
def test_percent_rounds_half_up_like_excel(proportion: Fraction, text: str) -> None:
    assert percent(proportion) == text


@pytest.mark.parametrize(
    ("sufficient", "relevant", "text"),
    [(18, 20, "18 out of 20"), (7, 19, "7 out of 19"), (0, 0, "0 out of 0"), (1, 1, "1 out of 1")],
)
def test_out_of(sufficient: int, relevant: int, text: str) -> None:
    assert out_of(sufficient, relevant) == text


@pytest.mark.parametrize(
    ("question", "figure", "notes"),
    [
        (
            QuestionResult("1.1a", "1.1", "?", sufficient=9, insufficient=1, ratable=True),
            "9 out of 10",
            [],
        ),
        (QuestionResult("1.1a", "1.1", "?", marked=False), "", ["not marked"]),
        (QuestionResult("1.1a", "1.1", "?", not_applicable=4), "", ["no relevant cases"]),
        (
            QuestionResult("1.1a", "1.1", "?", sufficient=2, not_done=1, unmarked=2, invalid=1),
            "2 out of 3",
            ["1 not done", "too few cases to rate", "2 unmarked", "1 invalid"],
        ),
    ],
)
def test_question_figure_and_notes(question: QuestionResult, figure: str, notes: list[str]) -> None:
    """One rule for the table, Markdown, the results workbook and the HTML draft."""
    assert question_figure(question) == figure
    assert question_notes(question) == notes
    assert question_notes(QuestionResult("x", "y", "z", marked=False), not_marked="gone") == [
        "gone"
    ]


def test_sheets_read_are_named_only_when_there_are_several() -> None:
    from sqs_cli.figures import sheets_read
    from sqs_cli.marking import SheetSummary

    assert sheets_read([SheetSummary("Cases", 20, "wide")]) is None
    assert sheets_read([]) is None
    two = [SheetSummary("Custody", 6, "wide"), SheetSummary("Bad\nname", 14, "long")]
    assert sheets_read(two) == "from 2 sheets: Custody (6), Bad\\nname (14)"
