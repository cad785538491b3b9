"""`sqs trend` on the terminal: a compact row per criterion and question, with a sparkline
of its proportion in each audit (a dot where an audit has no figure), its first and
latest figures, and the steps larger than chance would give."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.table import Column, Table
from rich.text import Text

from sqs_cli.figures import percent
from sqs_cli.trend import Series, Trend
from sqs_cli.wording import counted
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.console import console_for
from sqs_cli.writers.trend_text import (
    GAP,
    SIGNIFICANT_MEANING,
    audit_text,
    ends,
    order_text,
    point_text,
    significant_text,
    sparkline,
)

_MIN_TITLE_WIDTH = 12


def _row(series: Series, *, criterion: bool) -> list[Text]:
    first, latest = ends(series)
    style = "bold" if criterion else ""
    rating = latest.rating if criterion and latest.rating else ""
    return [
        Text(series.id if criterion else f"  {series.id}", style=style),
        Text(series.text, style=style),
        Text(sparkline(series)),
        Text(percent(first.proportion)),
        Text(point_text(latest)),
        Text(rating),
        Text(significant_text(series)),
    ]


_HEADERS = ("ID", "Criterion / question", "Trend", "First", "Latest", "Rating", "Steps")
# The columns never cut, sized by their content; the title takes what they leave.
_SIZED = (0, 2, 3, 4)


def _table(trend: Trend, width: int) -> Table:
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
            rows.append(_row(criterion, criterion=True))
            rows.extend(_row(question, criterion=False) for question in questions)
        rows.append(None)
    full = [row for row in rows if row is not None and len(row) == len(_HEADERS)]
    sized = [
        max(len(_HEADERS[column]), *(row[column].cell_len for row in full)) for column in _SIZED
    ]
    # A rating may wrap at its spaces ("Requires / improvement"), the steps anywhere.
    rating = max([len(_HEADERS[5]), *(len(word) for row in full for word in row[5].plain.split())])
    steps = min(24, max([len(_HEADERS[6]), *(row[6].cell_len for row in full)]))
    # Between two columns: a space of padding each side of the (blank) divider.
    title_width = max(_MIN_TITLE_WIDTH, width - sum(sized) - rating - steps - 3 * 6)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for column, size in zip(_SIZED, sized, strict=True):
        table.add_column(_HEADERS[column], no_wrap=True, min_width=size)
    table.columns.insert(
        1, Column(_HEADERS[1], overflow="ellipsis", no_wrap=True, width=title_width)
    )
    table.columns[3].justify = table.columns[4].justify = "right"
    table.add_column(_HEADERS[5], overflow="fold", min_width=rating)
    table.add_column(_HEADERS[6], overflow="fold", min_width=min(steps, 10))
    for row in rows:
        if row is None:
            table.add_section()
        else:
            table.add_row(*row)
    return table


def write_trend_table(trend: Trend, stream: TextIO, options: OutputOptions) -> None:
    console = console_for(stream, options)
    console.print(
        Text(
            f"Trend across {counted(len(trend.audits), 'audit')}: {trend.framework_title} "
            f"({order_text(trend)})",
            style="bold",
        ),
        soft_wrap=True,
    )
    for index, audit in enumerate(trend.audits):
        console.print(Text(audit_text(index, audit)), soft_wrap=True)
    console.print(_table(trend, console.width))
    console.print(
        Text(
            f"Trend: each audit's proportion sufficient, ▁ 0% to █ 100%; {GAP} no figure "
            "(not marked, no relevant cases, or no figures for that audit), never a zero. "
            f"Significant steps: {SIGNIFICANT_MEANING}.",
            style="dim",
        ),
        soft_wrap=True,
    )
