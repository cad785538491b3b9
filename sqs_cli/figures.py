"""Figures as people write them ("18 out of 20", "63.6%"), and the notes beside them:
one rule for every output (the table, Markdown, the results workbook, the HTML draft)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from sqs_cli.safe_text import one_line
from sqs_cli.statistics import Interval

if TYPE_CHECKING:
    from sqs_cli.marking import SheetSummary
    from sqs_cli.results import CriterionResult, GroupResult, OverallResult, QuestionResult


def percent(proportion: Fraction | None) -> str:
    """One decimal place, dropped when it is zero: 90%, 63.6%; a dash when M is 0.

    Rounded half up on the exact fraction, as Excel and a reader checking by hand do:
    1 out of 16 is 6.25%, shown 6.3% (a float and round() would give 6.2%).
    """
    if proportion is None:
        return "-"
    whole, tenth = divmod(math.floor(proportion * 1000 + Fraction(1, 2)), 10)
    return f"{whole}%" if tenth == 0 else f"{whole}.{tenth}%"


def sheets_read(sheets: Sequence[SheetSummary]) -> str | None:
    """`from 2 sheets: Cases - custody (6), Cases - community (14)`: where the cases came
    from, when it is more than one sheet (one sheet is the workbook's cases, said no more)."""
    if len(sheets) < 2:
        return None
    listed = ", ".join(f"{one_line(sheet.name)} ({sheet.cases})" for sheet in sheets)
    return f"from {len(sheets)} sheets: {listed}"


def out_of(sufficient: int, relevant: int) -> str:
    return f"{sufficient} out of {relevant}"


def interval_range(interval: Interval | None) -> str:
    """`70 to 97%`: whole percentages are precise enough for a 95% interval."""
    if interval is None:
        return ""
    return f"{round(interval.low * 100)} to {round(interval.high * 100)}%"


def question_figure(question: QuestionResult) -> str:
    """`18 out of 20`; empty where there is no figure (question_notes says why)."""
    return out_of(question.sufficient, question.relevant) if question.relevant else ""


def question_notes(question: QuestionResult, *, not_marked: str = "not marked") -> list[str]:
    """What a reader should know beside a question's figure: why there is none, what is
    left out of it, and whether it is too small to rate."""
    if not question.marked:
        return [not_marked]
    notes = []
    if not question.relevant:
        notes.append("no relevant cases")
    if question.not_done:
        notes.append(f"{question.not_done} not done")
    if question.relevant and not question.ratable:
        notes.append("too few cases to rate")
    if question.unmarked:
        notes.append(f"{question.unmarked} unmarked")
    if question.invalid:
        notes.append(f"{question.invalid} invalid")
    return notes


def listed(items: Sequence[str]) -> str:
    """`1.1`, `1.1 and 3.4`, `1.1, 1.2 and 3.4`."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def overall_text(overall: OverallResult) -> str:
    """`Overall: Good (26 out of 36)`; `Overall: not rated (no rating for 1.1 and 3.4)`:
    never a total over a partial set."""
    if overall.band is not None and overall.total is not None:
        return f"Overall: {overall.band.name} ({overall.total} out of {overall.maximum})"
    return f"Overall: not rated (no rating for {listed(overall.missing)})"


def groups_text(groups: Sequence[GroupResult], ungrouped: int) -> str | None:
    """`12 court disposals, 8 out-of-court disposals`: the cases of each group (and of
    none), for a framework with case groups."""
    if not groups:
        return None
    parts = [f"{group.cases} {group.title[:1].lower()}{group.title[1:]}" for group in groups]
    if ungrouped:
        parts.append(f"{ungrouped} in no group")
    return ", ".join(parts)


def entered_note(criterion: CriterionResult) -> str | None:
    """What the Ratings sheet says of a criterion, said after its rating:
    `entered: <reason>`; `moved from Inadequate (the figures' rating): <reason>`;
    `Outstanding entered, not used: <reason>`."""
    entered = criterion.entered
    if entered is None:
        return None
    reason = f": {one_line(entered.reason)}" if entered.reason else ""
    if criterion.rated_by == "judgement":
        return f"entered{reason}"
    if criterion.moved:
        if criterion.figures_rating is None:
            return f"entered where the figures give no rating{reason}"
        return f"moved from {criterion.figures_rating} (the figures' rating){reason}"
    if not entered.usable:
        return f"{entered.rating} entered, not used{reason}"
    return f"entered, as the figures rate it{reason}"


def criterion_figure(criterion: CriterionResult) -> str | None:
    """`18 out of 20`: the figure behind a criterion's rating from the cases; None where
    there is none (rated by judgement, or too few cases)."""
    if criterion.proportion is None:
        return None
    return out_of(criterion.sufficient, criterion.relevant)
