"""`--format csv`: tidy data, one row per workbook and question, safe to open in Excel."""

from __future__ import annotations

import csv
from typing import TextIO

from sqs_cli.results import COUNT_FIELDS, Report
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.cells import spreadsheet_safe

COLUMNS = (
    "path",
    "area",
    "status",
    "question",
    "criterion",
    "marked",
    *COUNT_FIELDS,
    "relevant",
    "proportion",
    "criterion_rating",
)

Cell = str | int | float | bool | None


def _row(values: dict[str, Cell]) -> list[Cell]:
    return [
        spreadsheet_safe(value) if isinstance(value, str) else value
        for value in (values.get(column) for column in COLUMNS)
    ]


def write_csv(report: Report, stream: TextIO, options: OutputOptions) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for workbook in report.workbooks:
        area = workbook.inspection.get("Area")
        base: dict[str, Cell] = {
            "path": workbook.path,
            "area": str(area) if area is not None else "",
            "status": workbook.status,
        }
        if workbook.status == "unreadable":
            writer.writerow(_row(base))
            continue
        ratings = {criterion.id: criterion.rating or "" for criterion in workbook.criteria}
        for question in workbook.questions:
            proportion = question.proportion
            writer.writerow(
                _row(
                    base
                    | {
                        "question": question.id,
                        "criterion": question.criterion,
                        "marked": question.marked,
                        **question.counts(),
                        "relevant": question.relevant,
                        "proportion": None if proportion is None else float(proportion),
                        "criterion_rating": ratings[question.criterion],
                    }
                )
            )
