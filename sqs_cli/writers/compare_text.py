"""A comparison's figures in words, as every compare writer shows them."""

from __future__ import annotations

from fractions import Fraction
from pathlib import PurePath

from sqs_cli.comparison import Audit, Change, Figure, OverallChange
from sqs_cli.figures import out_of, overall_text, percent
from sqs_cli.statistics import Interval
from sqs_cli.wording import counted

TOO_FEW = "too few cases to rate"

SIGNIFICANT_MEANING = (
    "the 95% interval for the change (Newcombe's method) excludes zero: "
    "a change larger than chance in the sampling of cases would usually give"
)


def points_text(points: Fraction | None) -> str:
    """`+12.5 pts`, `-20 pts`, `0 pts`: one decimal, rounded half up on the magnitude."""
    if points is None:
        return "not comparable"
    magnitude = percent(abs(points) / 100).removesuffix("%")
    if magnitude == "0":
        return "0 pts"
    return f"{'+' if points > 0 else '-'}{magnitude} pts"


DRIVER_CHANGED = "question changed"


def change_text(change: Change) -> str:
    """The change column: points; `question changed` where a criterion is rated from a
    different question in each audit (driver_note says which); `not comparable`; nothing
    where neither audit marks it."""
    if not (change.before.marked or change.after.marked):
        return ""
    if change.before.entered or change.after.entered:
        return ""  # rated by judgement: its ratings are compared, beside it
    if change.driver_changed:
        return DRIVER_CHANGED
    return points_text(change.points)


def interval_text(interval: Interval | None) -> str:
    """Newcombe's interval in points: `-0.2 to +67.6 pts`."""
    if interval is None:
        return ""
    low, high = (points_text(Fraction(value) * 100) for value in interval)
    return f"{low.removesuffix(' pts')} to {high}"


def figure_text(figure: Figure, *, criterion: bool = False) -> str:
    """`5 out of 10 (50%)`, `not marked`, `no relevant cases` or, for a criterion, `not rated`."""
    if figure.entered:
        return "entered"
    if not figure.marked:
        return "not marked"
    if not figure.relevant:
        if criterion and figure.rating:
            return "entered, no figures"
        return "not rated" if criterion else "no relevant cases"
    return f"{out_of(figure.sufficient, figure.relevant)} ({percent(figure.proportion)})"


def figure_note(figure: Figure, *, criterion: bool = False) -> str:
    """What a reader must know beside a figure: a question with too few cases to rate; a
    criterion whose rating an entered rating replaced."""
    if criterion and figure.moved_from:
        return f"moved from {figure.moved_from}"
    return TOO_FEW if not criterion and figure.too_few else ""


def overall_change_text(change: OverallChange) -> str:
    """`Overall: Good (26 out of 36) → Outstanding (31 out of 36)`; one when unchanged."""
    before = overall_text(change.before)
    after = overall_text(change.after).removeprefix("Overall: ")
    if before.removeprefix("Overall: ") == after:
        return before
    return f"{before} → {after}"


def audit_text(audit: Audit) -> str:
    """`Coventry: coventry-2016.xlsx, 20 cases`; the label once when it is the file's name."""
    details = [audit.source]
    if audit.cases is not None:
        details.append(counted(audit.cases, "case"))
    if audit.label == PurePath(audit.source).name:
        return ", ".join(details)
    return f"{audit.label}: {', '.join(details)}"


def problems_note(audit: Audit) -> str | None:
    """Set when the figures leave out cells at fault: the reader should check the workbook."""
    if not audit.errors:
        return None
    return (
        f"{audit.source} has {counted(audit.errors, 'error')}: its figures leave out the "
        "cells at fault (sqs validate lists them)"
    )


def driver_note(change: Change) -> str | None:
    """For a criterion rated from a different question in each audit."""
    if not change.driver_changed:
        return None
    return (
        f"{change.id} was rated from question {change.before.driven_by} before and "
        f"{change.after.driven_by} after: its ratings are not compared as one figure; "
        "compare its questions"
    )
