"""`--format github`: GitHub Actions workflow commands that annotate the workbooks.

GitHub shows at most 10 error and 10 warning annotations per step; the rest are counted
in one notice so that nobody thinks the list is complete. The step summary (Markdown)
is written by the CLI when GITHUB_STEP_SUMMARY is set.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal, TextIO

from sqs_cli.figures import overall_text
from sqs_cli.results import Report
from sqs_cli.scoring import failing_criteria
from sqs_cli.wording import counted, plural
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.junit import rating_message

Level = Literal["error", "warning", "notice"]
PER_STEP_LIMIT = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(
    level: Level, message: str, *, file: str | None = None, title: str | None = None
) -> str:
    properties = []
    if file is not None:
        properties.append(f"file={escape_property(file)}")
    if title is not None:
        properties.append(f"title={escape_property(title)}")
    joined = " " + ",".join(properties) if properties else ""
    return f"::{level}{joined}::{escape_data(message)}"


def workbook_annotations(report: Report, options: OutputOptions) -> list[tuple[Level, str]]:
    found: list[tuple[Level, str]] = []
    for workbook in report.workbooks:
        for problem in workbook.problems:
            level: Level = "error" if problem.severity.value == "error" else "warning"
            title = f"{problem.location} {problem.code}" if problem.location else problem.code
            found.append((level, command(level, problem.message, file=workbook.path, title=title)))
        for criterion in failing_criteria(workbook, report.framework.rating, options.fail_on):
            title = f"{criterion.id} {criterion.title}"
            message = rating_message(criterion)
            found.append(("error", command("error", message, file=workbook.path, title=title)))
        if workbook.overall is not None:
            text = overall_text(workbook.overall)
            found.append(("notice", command("notice", text, file=workbook.path, title="sqs")))
    return found


def write_github(report: Report, stream: TextIO, options: OutputOptions) -> None:
    shown: Counter[Level] = Counter()
    left_out = 0
    for level, line in workbook_annotations(report, options):
        if shown[level] >= PER_STEP_LIMIT:
            left_out += 1
            continue
        shown[level] += 1
        stream.write(line + "\n")
    if left_out:
        stream.write(
            command(
                "notice",
                f"{left_out} more {plural('annotation', left_out)} {plural('was', left_out)} "
                f"left out (GitHub shows {PER_STEP_LIMIT} "
                "errors and warnings per step); run sqs score --format json for all of them",
                title="sqs",
            )
            + "\n"
        )
    summary = report.summary
    stream.write(
        f"sqs: {counted(summary.workbooks, 'workbook')}: {summary.ok} ok, "
        f"{summary.errors} with errors, "
        f"{summary.unreadable} unreadable\n"
    )
