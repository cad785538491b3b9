"""sqs_cli.statistics: Wilson score intervals and Newcombe's interval for a difference."""

from __future__ import annotations

import pytest

from sqs_cli.statistics import Interval, difference_interval, wilson_interval


@pytest.mark.parametrize(
    ("sufficient", "relevant", "low", "high"),
    [
        # Known values (Wilson 1927; e.g. Newcombe 1998 table I, Agresti & Coull 1998).
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (5, 10, 0.2366, 0.7634),
        (18, 20, 0.6990, 0.9721),
        (0, 1, 0.0, 0.7935),
    ],
)
def test_wilson_interval_known_values(
    sufficient: int, relevant: int, low: float, high: float
) -> None:
    interval = wilson_interval(sufficient, relevant)
    assert interval is not None
    assert interval.low == pytest.approx(low, abs=5e-5)
    assert interval.high == pytest.approx(high, abs=5e-5)


def test_extremes_are_exact_and_the_interval_holds_the_proportion() -> None:
    assert wilson_interval(0, 7) == Interval(0.0, pytest.approx(0.3543, abs=5e-5))
    assert wilson_interval(7, 7) == Interval(pytest.approx(0.6457, abs=5e-5), 1.0)
    for relevant in range(1, 40):
        for sufficient in range(relevant + 1):
            interval = wilson_interval(sufficient, relevant)
            assert interval is not None
            assert 0.0 <= interval.low <= sufficient / relevant <= interval.high <= 1.0


def test_no_interval_without_relevant_cases() -> None:
    assert wilson_interval(0, 0) is None


@pytest.mark.parametrize(("sufficient", "relevant"), [(-1, 5), (6, 5)])
def test_impossible_counts(sufficient: int, relevant: int) -> None:
    with pytest.raises(ValueError, match="is not a proportion"):
        wilson_interval(sufficient, relevant)


@pytest.mark.parametrize(
    ("before", "after", "low", "high"),
    [
        # Newcombe 1998, table II, method 10: 56/70 vs 48/80 gives 0.0524 to 0.3339 for
        # p1 - p2; after - before is the same interval, negated.
        ((48, 80), (56, 70), 0.0524, 0.3339),
        ((56, 70), (48, 80), -0.3339, -0.0524),
        ((3, 10), (9, 10), 0.1705, 0.8090),  # example (b)
        ((2, 7), (6, 7), 0.0582, 0.8062),  # example (c)
        ((0, 29), (5, 56), -0.0381, 0.1926),  # example (d)
        ((0, 20), (10, 10), 0.6791, 1.0),  # example (g)
    ],
)
def test_newcombe_difference_interval(
    before: tuple[int, int], after: tuple[int, int], low: float, high: float
) -> None:
    interval = difference_interval(before, after)
    assert interval is not None
    assert interval.low == pytest.approx(low, abs=5e-4)
    assert interval.high == pytest.approx(high, abs=5e-4)


def test_no_difference_interval_without_relevant_cases() -> None:
    assert difference_interval((0, 0), (3, 4)) is None
