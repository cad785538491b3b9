"""`sqs trend` on the terminal: a compact row per criterion and question, with a sparkline
of its proportion in each audit (a dot where an audit has no figure), its first and
latest figures, and the steps larger than chance would give."""

from __future__ import annotations

from typing import TextIO

from rich.table import Table
from rich.text import Text

from sqs_cli.figures import percent
from sqs_cli.safe_text import Marks, marks_for
from sqs_cli.trend import Series, Trend
from sqs_cli.wording import counted
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.console import console_for, console_marks, cut_short, escaped_text, head_box
from sqs_cli.writers.trend_text import (
    SIGNIFICANT_MEANING,
    audit_text,
    ends,
    order_text,
    point_text,
    significant_text,
    sparkline,
    sparkline_legend,
)

_MIN_TITLE_WIDTH = 12


def _row(series: Series, marks: Marks, *, criterion: bool) -> list[Text]:
    first, latest = ends(series)
    style = "bold" if criterion else ""
    rating = latest.rating if criterion and latest.rating else ""
    return [
        Text(series.id if criterion else f"  {series.id}", style=style),
        Text(series.text, style=style),
        Text(sparkline(series, marks)),
        Text(percent(first.proportion)),
        Text(point_text(latest)),
        Text(rating),
        Text(significant_text(series, marks)),
    ]


_HEADERS = ("ID", "Criterion / question", "Trend", "First", "Latest", "Rating", "Steps")
# The columns never cut, sized by their content; the title takes what they leave.
_SIZED = (0, 2, 3, 4)


def _table(trend: Trend, width: int, encoding: str) -> Table:
    marks = marks_for(encoding)
    rows: list[list[Text] | None] = []
    for theme in trend.themes:
        heading = Text(theme.title, style="bold underline")
        rows.append([Text(theme.id, style="bold underline"), heading])
        for criterion_id in theme.criteria:
            criterion = trend.criterion(criterion_id)
            questions = trend.questions_of(criterion_id)
            if not any(question.marked for question in questions):
                rows.append(
                    [
                        Text(criterion_id, style="dim"),
                        Text(f"{criterion.text}: not marked in any audit", style="dim"),
                    ]
                )
                continue
            rows.append(_row(criterion, marks, criterion=True))
            rows.extend(_row(question, marks, criterion=False) for question in questions)
        rows.append(None)
    # A framework's or file's text, escaped where the output lacks a character before its
    # width is measured.
    rows = [None if row is None else [escaped_text(cell, encoding) for cell in row] for row in rows]
    full = [row for row in rows if row is not None and len(row) == len(_HEADERS)]
    sized = [
        max(len(_HEADERS[column]), *(row[column].cell_len for row in full)) for column in _SIZED
    ]
    # A rating may wrap at its spaces ("Requires / improvement"), the steps anywhere.
    rating = max([len(_HEADERS[5]), *(len(word) for row in full for word in row[5].plain.split())])
    steps = min(24, max([len(_HEADERS[6]), *(row[6].cell_len for row in full)]))
    # Between two columns: a space of padding each side of the (blank) divider.
    title_width = max(_MIN_TITLE_WIDTH, width - sum(sized) - rating - steps - 3 * 6)
    table = Table(box=head_box(marks), pad_edge=False, show_edge=False)
    # Added in order: Rich pads a column by its place, which it learns in add_column.
    id_width, trend_width, first_width, latest_width = sized
    table.add_column(_HEADERS[0], no_wrap=True, min_width=id_width)
    table.add_column(
        cut_short(Text(_HEADERS[1]), title_width, marks),
        overflow="ellipsis",
        no_wrap=True,
        width=title_width,
    )
    table.add_column(_HEADERS[2], no_wrap=True, min_width=trend_width)
    table.add_column(_HEADERS[3], no_wrap=True, min_width=first_width, justify="right")
    table.add_column(_HEADERS[4], no_wrap=True, min_width=latest_width, justify="right")
    # Fixed widths, that add up to the console's: Rich has nothing to shrink, so the title
    # is cut only here, with the output's own ellipsis.
    table.add_column(_HEADERS[5], overflow="fold", width=rating)
    table.add_column(_HEADERS[6], overflow="fold", width=steps)
    for row in rows:
        if row is None:
            table.add_section()
        else:
            table.add_row(row[0], cut_short(row[1], title_width, marks), *row[2:])
    return table


def write_trend_table(trend: Trend, stream: TextIO, options: OutputOptions) -> None:
    console = console_for(stream, options)
    marks = console_marks(console)
    console.print(
        Text(
            f"Trend across {counted(len(trend.audits), 'audit')}: {trend.framework_title} "
            f"({order_text(trend)})",
            style="bold",
        ),
        soft_wrap=True,
    )
    for index, audit in enumerate(trend.audits):
        console.print(
            escaped_text(Text(audit_text(index, audit, marks)), console.encoding), soft_wrap=True
        )
    console.print(_table(trend, console.width, console.encoding))
    console.print(
        Text(
            f"Trend: each audit's proportion sufficient, {sparkline_legend(marks)} "
            "(not marked, no relevant cases, or no figures for that audit), never a zero. "
            f"Significant steps: {SIGNIFICANT_MEANING}.",
            style="dim",
        ),
        soft_wrap=True,
    )
