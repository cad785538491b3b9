"""`--format csv`: tidy data, one row per workbook and question, safe to open in Excel.

A criterion rated by judgement has no questions: it has one row of its own, with an empty
question. Each row carries its criterion's rating (and where it came from) and its
workbook's overall rating, so that any row can be filtered and pivoted alone.
"""

from __future__ import annotations

import csv
from typing import TextIO

from sqs_cli.figures import overall_text
from sqs_cli.results import COUNT_FIELDS, CriterionResult, Report
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
    # Added with the HMIP frameworks: how the criterion was rated, the figures' rating,
    # the rating entered on the Ratings sheet with its reason, the overall rating.
    "rated_by",
    "figures_rating",
    "entered_rating",
    "entered_reason",
    "overall",
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
        base["overall"] = overall_text(workbook.overall) if workbook.overall else ""
        questions: dict[str, list[dict[str, Cell]]] = {}
        for question in workbook.questions:
            proportion = question.proportion
            questions.setdefault(question.criterion, []).append(
                {
                    "question": question.id,
                    "criterion": question.criterion,
                    "marked": question.marked,
                    **question.counts(),
                    "relevant": question.relevant,
                    "proportion": None if proportion is None else float(proportion),
                }
            )
        for criterion in workbook.criteria:
            rating = _rating(criterion)
            for row in questions.get(criterion.id, [{"criterion": criterion.id}]):
                writer.writerow(_row(base | row | rating))


def _rating(criterion: CriterionResult) -> dict[str, Cell]:
    entered = criterion.entered
    return {
        "criterion_rating": criterion.rating or "",
        "rated_by": criterion.rated_by,
        "figures_rating": criterion.figures_rating or "",
        "entered_rating": entered.rating if entered else "",
        "entered_reason": (entered.reason or "") if entered else "",
    }
