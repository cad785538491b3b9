"""`sqs trend` on the terminal: a compact row per criterion and question, with a sparkline
of its proportion in each audit (a dot where an audit has no figure), its first and
latest figures, and the steps larger than chance would give."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from sqs_cli.trend import Series, Trend
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.console import console_for
from sqs_cli.writers.trend_text import (
    GAP,
    SIGNIFICANT_MEANING,
    audit_text,
    edge_points,
    order_text,
    point_text,
    significant_text,
    sparkline,
)

_MIN_TITLE_WIDTH = 12


def _row(series: Series, *, criterion: bool) -> list[Text]:
    first, latest = edge_points(series)
    label = series.id if criterion else f"  {series.id}"
    latest_text = point_text(latest) if latest else "-"
    if criterion and latest is not None and latest.rating:
        latest_text += f" {latest.rating}"
    return [
        Text(label, style="bold" if criterion else ""),
        Text(series.text, style="bold" if criterion else ""),
        Text(sparkline(series)),
        Text(point_text(first) if first else "-"),
        Text(latest_text),
        Text(significant_text(series)),
    ]


def _table(trend: Trend, width: int) -> Table:
    rows: list[list[Text] | None] = []
    for theme in trend.themes:
        rows.append([Text(f"{theme.id} {theme.title}", style="bold underline")])
        for criterion_id in theme.criteria:
            criterion = trend.criterion(criterion_id)
            questions = trend.questions_of(criterion_id)
            if not any(question.marked for question in questions):
                rows.append(
                    [
                        Text(criterion_id, style="dim"),
                        Text(criterion.text, style="dim"),
                        Text("not marked in any audit", style="dim"),
                    ]
                )
                continue
            rows.append(_row(criterion, criterion=True))
            rows.extend(_row(question, criterion=False) for question in questions)
        rows.append(None)
    headers = ("ID", "Criterion / question", "Trend", "First", "Latest", "Significant steps")
    fixed = [
        max(len(headers[column]), *(row[column].cell_len for row in rows if row and len(row) > 5))
        for column in (0, 2, 3, 4, 5)
    ]
    title_width = max(_MIN_TITLE_WIDTH, width - sum(fixed) - 3 * 5)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(headers[0], no_wrap=True)
    table.add_column(headers[1], overflow="ellipsis", no_wrap=True, width=title_width)
    table.add_column(headers[2], no_wrap=True)
    table.add_column(headers[3], no_wrap=True, justify="right")
    table.add_column(headers[4], overflow="fold", justify="right")
    table.add_column(headers[5], overflow="fold")
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
            f"Trend across {len(trend.audits)} audits: {trend.framework_title} "
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
