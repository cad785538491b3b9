"""`sqs trend --format csv`: one row per criterion or question and audit (the long shape
that a spreadsheet's pivot table and chart take), gaps as empty cells, never zeros."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import TextIO

from sqs_cli.trend import Series, Trend
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.cells import spreadsheet_safe

HEADER = (
    "kind", "id", "criterion", "audit", "label", "fieldwork_start", "sufficient", "relevant",
    "proportion", "interval_low", "interval_high", "rating", "change_points",
    "change_significant", "note",
)  # fmt: skip


def figure_rows(
    trend: Trend, series: Series, safe: Callable[[str], str] = spreadsheet_safe
) -> list[list[object]]:
    """The series' rows; safe makes text from workbooks safe for where it is written."""
    rows: list[list[object]] = []
    for index, (point, audit) in enumerate(zip(series.points, trend.audits, strict=True)):
        step = series.steps[index - 1] if index else None
        figure = point.figure
        note = ""
        if figure is None:
            note = audit.gap_reason or "no figures"
        elif not figure.marked:
            note = "not marked"
        elif point.gap:
            note = "no relevant cases"
        elif step is not None and step.reason:
            note = f"change: {step.reason}"
        rows.append(
            [
                series.kind,
                series.id,
                series.criterion,
                index + 1,
                safe(audit.label),
                audit.fieldwork_start.isoformat() if audit.fieldwork_start else "",
                "" if point.gap or figure is None else figure.sufficient,
                "" if point.gap or figure is None else figure.relevant,
                "" if point.proportion is None else float(point.proportion),
                "" if point.interval is None else point.interval.low,
                "" if point.interval is None else point.interval.high,
                point.rating or "",
                "" if step is None or step.points is None else float(step.points),
                "" if step is None or step.points is None else str(step.significant).lower(),
                safe(note),
            ]
        )
    return rows


def write_trend_csv(trend: Trend, stream: TextIO, options: OutputOptions) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(HEADER)
    for series in (*trend.criteria, *trend.questions):
        writer.writerows(figure_rows(trend, series))
