"""sqs trend's writers: the sparkline's scale and gap, steps in words, inert CSV cells."""

from __future__ import annotations

import csv
import datetime
import io
from fractions import Fraction

import pytest

from sqs_cli.api import score_workbook
from sqs_cli.comparison import figures_from_result
from sqs_cli.framework import Framework
from sqs_cli.safe_text import ASCII_MARKS
from sqs_cli.trend import TrendAudit, trend
from sqs_cli.writers import OutputOptions, render
from sqs_cli.writers.trend_text import points_text, spark
from tests.conftest import WorkbookFactory, wide_rows


@pytest.mark.parametrize(
    ("proportion", "mark"),
    [
        (Fraction(0), "▁"),
        (Fraction(1, 8) - Fraction(1, 1000), "▁"),
        (Fraction(1, 8), "▂"),
        (Fraction(1, 2), "▅"),
        (Fraction(9, 10), "█"),
        (Fraction(1), "█"),
        (None, "·"),
    ],
)
def test_the_sparkline_scale(proportion: Fraction | None, mark: str) -> None:
    assert spark(proportion) == mark


@pytest.mark.parametrize(
    ("proportion", "mark"),
    [(Fraction(0), "_"), (Fraction(1, 8), "."), (Fraction(1, 2), "+"), (Fraction(1), "#")],
)
def test_the_sparkline_scale_in_ascii(proportion: Fraction, mark: str) -> None:
    """Where the output is not Unicode (a Windows code page): ASCII levels, and the gap
    is the ASCII dot mark, never a level."""
    assert spark(proportion, ASCII_MARKS) == mark
    assert spark(None, ASCII_MARKS) == "-"


def test_points_in_words() -> None:
    assert [points_text(Fraction(p)) for p in (40, -11, 0)] == ["+40 pts", "-11 pts", "0 pts"]
    assert points_text(Fraction(200, 3)) == "+66.7 pts"


def test_csv_cells_from_workbooks_are_inert(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook(
        {
            "Cases": wide_rows(["1.1a"], {"C1": ["Yes"], "C2": ["No"]}),
            "Inspection": [["Area", "=cmd|' /C calc'!A0"]],
        }
    )
    figures = figures_from_result(score_workbook(path, framework))
    audit = TrendAudit("=cmd|' /C calc'!A0", str(path), datetime.date(2026, 1, 1), None, 2, figures)
    text = render("csv", trend([audit], framework), OutputOptions(), command="trend")
    assert isinstance(text, str)
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == "1.1a")
    assert row["label"] == "'=cmd|' /C calc'!A0"
    assert (row["sufficient"], row["relevant"], row["proportion"]) == ("1", "2", "0.5")
