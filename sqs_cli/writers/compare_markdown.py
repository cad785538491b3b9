"""`sqs compare --format markdown`: the comparison as Markdown tables, for wikis and CI."""

from __future__ import annotations

from typing import TextIO

from sqs_cli.comparison import Audit, Change, Comparison, Figure
from sqs_cli.safe_text import Marks, marks_for
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.compare_text import (
    SIGNIFICANT_MEANING,
    change_text,
    driver_note,
    figure_note,
    figure_text,
    interval_text,
    overall_change_text,
    points_text,
    problems_note,
)
from sqs_cli.writers.markdown import bold, cell, table


def _rating(change: Change, marks: Marks) -> str:
    rating = change.rating
    if rating is None:
        return ""
    arrow, label = rating.arrow(marks), rating.label(marks)
    return f"{arrow} {label}" if arrow else label


def _figure(figure: Figure, *, criterion: bool) -> str:
    """`3 out of 4 (75%), too few cases to rate`."""
    note = figure_note(figure, criterion=criterion)
    text = figure_text(figure, criterion=criterion)
    return f"{text}, {note}" if note else text


def _row(change: Change, marks: Marks, *, criterion: bool) -> list[object]:
    return [
        bold(change.id) if criterion else change.id,
        bold(change.text) if criterion else change.text,
        _figure(change.before, criterion=criterion),
        _figure(change.after, criterion=criterion),
        change_text(change),
        interval_text(change.interval),
        "yes" if change.significant else "",
        _rating(change, marks),
    ]


def _audit_row(side: str, audit: Audit) -> list[object]:
    return [side, audit.label, audit.source, "" if audit.cases is None else audit.cases]


def write_compare_markdown(comparison: Comparison, stream: TextIO, options: OutputOptions) -> None:
    lines = [f"## SQS comparison: {cell(comparison.framework_title)}", ""]
    lines += table(
        ["", "Audit", "Source", "Cases"],
        [_audit_row("Before", comparison.before), _audit_row("After", comparison.after)],
    )
    marks = marks_for(stream.encoding)
    rows: list[list[object]] = []
    for criterion in comparison.criteria:
        rows.append(_row(criterion, marks, criterion=True))
        if not comparison.marked_in_either(criterion.id):
            continue  # one row, not a row per question, for what neither audit marks
        questions = comparison.questions_of(criterion.id)
        rows.extend(_row(question, marks, criterion=False) for question in questions)
    lines += ["", "### Figures", ""]
    lines += table(
        [
            "ID",
            "Criterion / question",
            "Before",
            "After",
            "Change",
            "95% interval",
            "Significant",
            "Rating",
        ],
        rows,
    )
    if comparison.overall is not None:
        lines += ["", f"**{cell(overall_change_text(comparison.overall))}**"]
    significant = comparison.significant
    listed = ", ".join(f"{change.id} {points_text(change.points)}" for change in significant)
    lines += [
        "",
        f"**Significant:** {cell(SIGNIFICANT_MEANING)}.",
        "",
        f"**Significant changes:** {cell(listed or 'none')}",
        "",
    ]
    for criterion in comparison.criteria:
        if note := driver_note(criterion):
            lines += [f"**Note:** {cell(note)}.", ""]
    for audit in (comparison.before, comparison.after):
        if note := problems_note(audit):
            lines += [f"**Note:** {cell(note)}.", ""]
    stream.write("\n".join(lines))
