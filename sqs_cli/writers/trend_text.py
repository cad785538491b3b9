"""`sqs trend`'s figures and words, shared by its writers: one rule for each."""

from __future__ import annotations

import math
from fractions import Fraction

from sqs_cli.figures import percent
from sqs_cli.safe_text import UNICODE_MARKS, Marks, one_line
from sqs_cli.trend import Point, Series, Step, Trend, TrendAudit
from sqs_cli.wording import counted

SIGNIFICANT_MEANING = (
    "the 95% interval for the change excludes zero: larger than chance in the sampling of "
    "cases would usually give"
)


def spark(proportion: Fraction | None, marks: Marks = UNICODE_MARKS) -> str:
    """One character for a proportion on a fixed scale (0 to 100%, so that a line at 90%
    looks high), or the gap mark: an audit with no figure, never drawn as a low one."""
    if proportion is None:
        return marks.dot
    levels = marks.sparks
    return levels[min(len(levels) - 1, math.floor(proportion * len(levels)))]


def sparkline(series: Series, marks: Marks = UNICODE_MARKS) -> str:
    return "".join(spark(point.proportion, marks) for point in series.points)


def sparkline_legend(marks: Marks = UNICODE_MARKS) -> str:
    """`▁ 0% to █ 100%; · no figure`: what a sparkline's characters mean."""
    return f"{marks.sparks[0]} 0% to {marks.sparks[-1]} 100%; {marks.dot} no figure"


def point_text(point: Point) -> str:
    """`90% (18/20)`, or a dash for a gap."""
    if point.gap or point.figure is None:
        return "-"
    return f"{percent(point.proportion)} ({point.figure.sufficient}/{point.figure.relevant})"


def points_text(points: Fraction) -> str:
    """`+40 pts`, `-5.5 pts`, `0 pts`."""
    text = percent(abs(points) / 100).removesuffix("%")
    sign = "+" if points > 0 else "-" if points < 0 else ""
    return f"{sign}{text} pts"


def step_text(index: int, step: Step, marks: Marks = UNICODE_MARKS) -> str:
    """`2→3 ↑+40 pts`: a significant step, named by the audits it joins."""
    assert step.points is not None
    arrow = marks.up if step.points > 0 else marks.down
    return f"{index + 1}{marks.arrow}{index + 2} {arrow}{points_text(step.points)}"


def significant_text(series: Series, marks: Marks = UNICODE_MARKS) -> str:
    return ", ".join(
        step_text(index, series.steps[index], marks) for index in series.significant_steps
    )


def ends(series: Series) -> tuple[Point, Point]:
    """The first audit's figure and the latest's (either may be a gap)."""
    return series.points[0], series.points[-1]


def audit_text(index: int, audit: TrendAudit, marks: Marks = UNICODE_MARKS) -> str:
    """`2. Coventry · 5 to 7 June 2017 · 22 cases · audits/2017.xlsx`; and why it is a gap."""
    parts = [one_line(audit.label)]
    if audit.fieldwork:
        parts.append(one_line(audit.fieldwork))
    if audit.cases is not None:
        parts.append(counted(audit.cases, "case"))
    if audit.source != audit.label:
        parts.append(one_line(audit.source))
    text = f"{index + 1}. " + f" {marks.dot} ".join(parts)
    if audit.figures is None:
        text += f": no figures, {one_line(audit.gap_reason or 'unreadable')}"
    elif audit.errors:
        text += f" ({counted(audit.errors, 'error')}: the cells at fault are left out)"
    return text


def order_text(trend: Trend) -> str:
    if trend.order == "fieldwork":
        return "in order of fieldwork"
    undated = ", ".join(
        str(index + 1) for index, audit in enumerate(trend.audits) if audit.fieldwork_start is None
    )
    return f"in the order given (no fieldwork date for audit {undated})"
