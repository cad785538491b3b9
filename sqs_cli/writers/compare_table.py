"""`sqs compare` as a table (the default): each criterion, then its questions, before and after."""

from __future__ import annotations

from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sqs_cli.comparison import Audit, Change, Comparison
from sqs_cli.safe_text import Marks, one_line
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.compare_text import (
    SIGNIFICANT_MEANING,
    audit_text,
    change_text,
    driver_note,
    figure_note,
    figure_text,
    overall_change_text,
    points_text,
    problems_note,
)
from sqs_cli.writers.console import (
    console_for,
    console_marks,
    cut_short,
    escaped_text,
    head_box,
)

SIGNIFICANT_MARK = "*"
_DIRECTION_STYLES = {"up": "green", "down": "red", "same": ""}


def _change_text(change: Change) -> Text:
    if change.points is None:
        return Text(change_text(change), style="yellow" if change.driver_changed else "dim")
    style = ""
    if change.significant:
        style = "bold green" if change.points > 0 else "bold red"
    return Text(points_text(change.points), style=style)


_RATING_WORDS = {"up": "higher rating", "down": "lower rating", "same": "same rating"}


def _figure_text(change: Change, *, before: bool, criterion: bool) -> Text:
    """`18 out of 20 (90%)`, and on a second line a criterion's rating or a question's
    `too few cases to rate`."""
    figure = change.before if before else change.after
    text = Text(figure_text(figure, criterion=criterion))
    if criterion and figure.rating:
        text.append("\n" + figure.rating)
    if note := figure_note(figure, criterion=criterion):
        text.append("\n" + note, style="dim")
    return text


def _change_cell(change: Change, marks: Marks) -> Text:
    """`+40 pts`, and for a criterion the rating's direction on a second line: `↑ higher
    rating`, beside the two ratings."""
    text = _change_text(change)
    rating = change.rating
    if rating is not None and rating.direction is not None:
        text.append(
            f"\n{rating.arrow(marks)} {_RATING_WORDS[rating.direction]}",
            style=_DIRECTION_STYLES[rating.direction],
        )
    return text


def _row(change: Change, marks: Marks, *, criterion: bool) -> list[Text]:
    label = f"{change.id} {change.text}" if criterion else f"  {change.id} {change.text}"
    return [
        Text(label, style="bold" if criterion else ""),
        _figure_text(change, before=True, criterion=criterion),
        _figure_text(change, before=False, criterion=criterion),
        _change_cell(change, marks),
        Text(SIGNIFICANT_MARK if change.significant else "", style="bold"),
    ]


_HEADERS = ("Criterion / question", "Before", "After", "Change", "")
# Between two columns: a space of padding each side of the (blank) divider; no outer edge.
_PADDING = 3 * (len(_HEADERS) - 1)
_MIN_QUESTION_WIDTH = 12
_MARK_WIDTH = len(SIGNIFICANT_MARK)


def _rows(comparison: Comparison, marks: Marks) -> list[list[Text] | None]:
    """Each theme's heading, criteria and questions; None between themes."""
    rows: list[list[Text] | None] = []
    for theme in comparison.themes:
        rows.append([Text(f"{theme.id} {theme.title}", style="bold underline")])
        for criterion_id in theme.criteria:
            criterion = comparison.criterion(criterion_id)
            if not comparison.marked_in_either(criterion_id):
                # One line, not a row per question, for what neither audit marks.
                rows.append(
                    [
                        Text(f"{criterion.id} {criterion.text}", style="dim"),
                        Text("not marked", style="dim"),
                        Text("not marked", style="dim"),
                    ]
                )
                continue
            rows.append(_row(criterion, marks, criterion=True))
            questions = comparison.questions_of(criterion_id)
            rows.extend(_row(question, marks, criterion=False) for question in questions)
        rows.append(None)
    return rows


def _widest(texts: list[Text]) -> int:
    return max(cell_len(line) for text in texts for line in text.plain.split("\n"))


def _figures_table(comparison: Comparison, console: Console) -> Table:
    """The question column takes what the figures leave, and is cut short with an ellipsis;
    only on a terminal too narrow for the figures do they wrap, at spaces."""
    marks, width = console_marks(console), console.width
    # Escaped as the output shows them before they are measured, so that columns line up.
    rows = [
        None if row is None else [escaped_text(cell, console.encoding) for cell in row]
        for row in _rows(comparison, marks)
    ]
    figures = [
        _widest(
            [Text(_HEADERS[column]), *(row[column] for row in rows if row and len(row) > column)]
        )
        for column in (1, 2, 3)
    ]
    question_width = max(_MIN_QUESTION_WIDTH, width - sum(figures) - _MARK_WIDTH - _PADDING)
    table = Table(box=head_box(marks), pad_edge=False, show_edge=False)
    header = cut_short(Text(_HEADERS[0]), question_width, marks)
    table.add_column(header, overflow="ellipsis", no_wrap=True, width=question_width)
    table.add_column(_HEADERS[1], overflow="fold")
    table.add_column(_HEADERS[2], overflow="fold")
    table.add_column(_HEADERS[3], justify="right", overflow="fold")
    table.add_column(_HEADERS[4], no_wrap=True, width=_MARK_WIDTH)
    for row in rows:
        if row is None:
            table.add_section()
        else:
            table.add_row(cut_short(row[0], question_width, marks), *row[1:])
    return table


def _audit_line(side: str, audit: Audit) -> Text:
    line = Text(f"{side}: ", style="bold")
    line.append(one_line(audit_text(audit)))
    return line


def _significant_summary(comparison: Comparison) -> Text:
    changes = comparison.significant
    if not changes:
        return Text("No change is significant.")
    listed = ", ".join(f"{change.id} {points_text(change.points)}" for change in changes)
    return Text(f"Significant changes: {listed}.")


def write_compare_table(comparison: Comparison, stream: TextIO, options: OutputOptions) -> None:
    console = console_for(stream, options)
    console.print(Text(f"Comparing two audits: {comparison.framework_title}", style="bold"))
    console.print(_audit_line("Before", comparison.before), soft_wrap=True)
    console.print(_audit_line("After", comparison.after), soft_wrap=True)
    console.print(_figures_table(comparison, console))
    console.print(
        Text(
            "Change: after minus before, in percentage points (pts). "
            f"{SIGNIFICANT_MARK} significant: {SIGNIFICANT_MEANING}.",
            style="dim",
        )
    )
    if comparison.overall is not None:
        console.print()
        console.print(Text(overall_change_text(comparison.overall), style="bold"), soft_wrap=True)
    console.print()
    console.print(_significant_summary(comparison), soft_wrap=True)
    for criterion in comparison.criteria:
        if note := driver_note(criterion):
            console.print(Text(f"Note: {note}.", style="yellow"), soft_wrap=True)
    for audit in (comparison.before, comparison.after):
        if note := problems_note(audit):
            console.print(Text(f"Note: {one_line(note)}.", style="yellow"), soft_wrap=True)
