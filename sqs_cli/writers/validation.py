"""`sqs validate`'s own listing (its `table` format): every problem with its sheet and
cell, then one line per workbook: its cases, the questions marked, its errors and warnings.
Every other format of `validate` is the report `sqs score` writes."""

from __future__ import annotations

from typing import TextIO

from sqs_cli.figures import sheets_read
from sqs_cli.judgements import ACCEPTED_VALUES
from sqs_cli.problems import Severity, format_problem
from sqs_cli.results import Report, WorkbookResult
from sqs_cli.safe_text import one_line
from sqs_cli.wording import counted
from sqs_cli.writers import OutputOptions


def _summary(workbook: WorkbookResult) -> str:
    if workbook.status == "unreadable":
        return "unreadable"
    marked = sum(question.marked for question in workbook.questions)
    sheets = sheets_read(workbook.sheets)
    return ", ".join(
        (
            counted(workbook.cases or 0, "case") + (f" {sheets}" if sheets else ""),
            f"{counted(marked, 'question')} marked",
            counted(len(workbook.errors), "error"),
            counted(len(workbook.warnings), "warning"),
        )
    )


def write_validation(report: Report, stream: TextIO, options: OutputOptions) -> None:
    lines = []
    for workbook in report.workbooks:
        lines += [
            format_problem(problem)
            for problem in workbook.problems
            if not (options.quiet and problem.severity is Severity.WARNING)
        ]
        lines.append(f"{one_line(workbook.path)}: {_summary(workbook)}")
    if any(
        problem.code == "unknown-judgement"
        for workbook in report.workbooks
        for problem in workbook.problems
    ):
        lines.append(f"sqs: accepted judgements: {ACCEPTED_VALUES}")
    if lines:
        stream.write("\n".join(lines) + "\n")
