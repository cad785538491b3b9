"""Figures as people write them: "18 out of 20", "63.6%"."""

from __future__ import annotations

from fractions import Fraction


def percent(proportion: Fraction | None) -> str:
    """One decimal place, dropped when it is zero: 90%, 63.6%; a dash when M is 0."""
    if proportion is None:
        return "-"
    value = round(float(proportion) * 100, 1)
    return f"{value:.0f}%" if value.is_integer() else f"{value:.1f}%"


def out_of(sufficient: int, relevant: int) -> str:
    return f"{sufficient} out of {relevant}"
