"""sqs_cli.writers.compare_text: a comparison's figures in words, as every compare writer
shows them."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sqs_cli.writers.compare_text import points_text


@pytest.mark.parametrize(
    ("points", "text"),
    [
        (Fraction(40), "+40 pts"),
        (Fraction(-20), "-20 pts"),
        (Fraction(0), "0 pts"),
        (Fraction(25, 2), "+12.5 pts"),
        (Fraction(-25, 4), "-6.3 pts"),  # half up on the magnitude, both ways
        (Fraction(25, 4), "+6.3 pts"),
        (Fraction(100, 3), "+33.3 pts"),
        (Fraction(1, 100), "0 pts"),  # rounds to zero: no sign
        (None, "not comparable"),
    ],
)
def test_points_text(points: Fraction | None, text: str) -> None:
    assert points_text(points) == text
