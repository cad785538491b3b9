"""How sure a figure from a small sample can be: Wilson score intervals.

An inspection marks 15 to 60 cases, so "9 out of 12" could easily have been 7 or 11 with
a different sample. The Wilson score interval (Wilson 1927) behaves well for the small
samples and extreme proportions (0 of 10, 10 of 10) that the usual normal approximation
gets wrong; Newcombe (1998, method 10) combines two of them into an interval for the
difference between two proportions. docs/uncertainty.md gives the formulas and sources.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import NamedTuple

# The two-sided 95% point of the standard normal distribution.
Z_95 = 1.959963984540054


class Interval(NamedTuple):
    low: float
    high: float


def proportion(sufficient: int, relevant: int) -> Fraction | None:
    """N / M exactly, so that 13 out of 20 is 65% and not a hair under; None where M is 0."""
    return Fraction(sufficient, relevant) if relevant else None


def wilson_interval(sufficient: int, relevant: int, z: float = Z_95) -> Interval | None:
    """The 95% Wilson score interval for sufficient out of relevant; None when relevant is 0."""
    if relevant <= 0:
        return None
    if not 0 <= sufficient <= relevant:
        raise ValueError(f"{sufficient} out of {relevant} is not a proportion")
    n = relevant
    p = sufficient / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # At 0 and at n the exact bound is 0 or 1; rounding must not leave it a hair off.
    low = 0.0 if sufficient == 0 else max(0.0, centre - half)
    high = 1.0 if sufficient == n else min(1.0, centre + half)
    return Interval(low, high)


def difference_interval(
    before: tuple[int, int], after: tuple[int, int], z: float = Z_95
) -> Interval | None:
    """Newcombe's 95% interval for after - before, each given as (sufficient, relevant).

    If it excludes 0, the change is larger than chance in the sampling of cases would
    usually give.
    """
    first, second = wilson_interval(*before, z=z), wilson_interval(*after, z=z)
    if first is None or second is None:
        return None
    p1, p2 = before[0] / before[1], after[0] / after[1]
    difference = p2 - p1
    low = difference - math.sqrt((p2 - second.low) ** 2 + (first.high - p1) ** 2)
    high = difference + math.sqrt((second.high - p2) ** 2 + (p1 - first.low) ** 2)
    return Interval(max(-1.0, low), min(1.0, high))
