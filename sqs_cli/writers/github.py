"""`--format github`: GitHub Actions workflow commands that annotate the workbooks.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step, so the
annotations go by weight: unreadable workbooks first, then errors in cells, then
warnings, then the ratings that fail --fail-on (notices: the exit code fails the build,
and a rating must never hide a broken file). Within the limits, and when anything is left
out, one last notice counts it and points to the job summary, which lists every problem
(written by the CLI when GITHUB_STEP_SUMMARY is set: `step_summary`).
"""

from __future__ import annotations

from collections import Counter
from typing import Literal, NamedTuple, TextIO

from sqs_cli.figures import overall_text
from sqs_cli.problems import Problem, Severity
from sqs_cli.results import CriterionResult, OverallResult, Report
from sqs_cli.scoring import failing_criteria
from sqs_cli.wording import counted, plural
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.junit import rating_message

Level = Literal["error", "warning", "notice"]
PER_STEP_LIMIT = 10
LEVELS: tuple[Level, ...] = ("error", "warning", "notice")


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


class Annotation(NamedTuple):
    # 0 unreadable, 1 an error in a cell, 2 a warning, 3 a failing rating, 4 the overall
    # rating: lower goes first.
    weight: int
    level: Level
    line: str


def problem_weight(problem: Problem) -> int:
    if problem.unreadable:
        return 0
    return 1 if problem.severity is Severity.ERROR else 2


def failing_ratings(
    report: Report, options: OutputOptions
) -> list[tuple[str | None, CriterionResult]]:
    """The ratings --fail-on fails, each with its workbook's path (None: the pooled
    figures, under --pooled)."""
    policy = report.framework.rating
    if options.pooled:
        return [(None, c) for c in failing_criteria(report.pooled, policy, options.fail_on)]
    return [
        (workbook.path, criterion)
        for workbook in report.workbooks
        for criterion in failing_criteria(workbook, policy, options.fail_on)
    ]


def overall_ratings(
    report: Report, options: OutputOptions
) -> list[tuple[str | None, OverallResult]]:
    """Each workbook's overall rating, where its framework has one (the pooled figures'
    under --pooled, with None for the path)."""
    if options.pooled:
        overall = report.pooled.overall
        return [] if overall is None else [(None, overall)]
    return [(w.path, w.overall) for w in report.workbooks if w.overall is not None]


def workbook_annotations(report: Report, options: OutputOptions) -> list[Annotation]:
    """Every annotation, heaviest first; in workbook order within a weight."""
    found: list[Annotation] = []
    for workbook in report.workbooks:
        for problem in workbook.problems:
            if options.quiet and problem.severity is not Severity.ERROR:
                continue
            level: Level = "error" if problem.severity is Severity.ERROR else "warning"
            title = f"{problem.location} {problem.code}" if problem.location else problem.code
            line = command(level, problem.message, file=workbook.path, title=title)
            found.append(Annotation(problem_weight(problem), level, line))
    if not options.quiet:
        for path, criterion in failing_ratings(report, options):
            where = "pooled: " if path is None else ""
            title = f"{where}{criterion.id} {criterion.title} (--fail-on {options.fail_on})"
            line = command("notice", rating_message(criterion), file=path, title=title)
            found.append(Annotation(3, "notice", line))
        for path, overall in overall_ratings(report, options):
            title = "pooled: overall rating" if path is None else "overall rating"
            line = command("notice", overall_text(overall), file=path, title=title)
            found.append(Annotation(4, "notice", line))
    return sorted(found, key=lambda annotation: annotation.weight)


def _left_out_line(left_out: Counter[Level], *, quiet: bool) -> str:
    total = sum(left_out.values())
    kinds = ", ".join(counted(left_out[level], level) for level in LEVELS if left_out[level])
    message = (
        f"{total} more {plural('annotation', total)} {plural('was', total)} left out "
        f"({kinds}): GitHub shows {PER_STEP_LIMIT} errors, {PER_STEP_LIMIT} warnings and "
        f"{PER_STEP_LIMIT} notices per step; the job summary lists every problem"
    )
    # Under -q no notice is written, but what was left out is still said.
    return f"sqs: {message}" if quiet else command("notice", message, title="sqs")


def write_github(report: Report, stream: TextIO, options: OutputOptions) -> None:
    annotations = workbook_annotations(report, options)
    wanted = Counter(annotation.level for annotation in annotations)
    limits = dict.fromkeys(LEVELS, PER_STEP_LIMIT)
    overflowing = any(wanted[level] > PER_STEP_LIMIT for level in LEVELS)
    if overflowing and not options.quiet:
        limits["notice"] -= 1  # the closing notice is one of the ten
    shown: Counter[Level] = Counter()
    left_out: Counter[Level] = Counter()
    for annotation in annotations:
        if shown[annotation.level] >= limits[annotation.level]:
            left_out[annotation.level] += 1
            continue
        shown[annotation.level] += 1
        stream.write(annotation.line + "\n")
    if left_out:
        stream.write(_left_out_line(left_out, quiet=options.quiet) + "\n")
    summary = report.summary
    stream.write(
        f"sqs: {counted(summary.workbooks, 'workbook')}: {summary.ok} ok, "
        f"{summary.errors} with errors, "
        f"{summary.unreadable} unreadable\n"
    )


# GitHub takes up to 1 MiB of summary per step: a list this long stays well inside it.
SUMMARY_PROBLEMS = 1000


def step_summary(report: Report, options: OutputOptions) -> str:
    """The job summary: the Markdown report, then every problem (up to SUMMARY_PROBLEMS),
    so that what the annotations left out can be read on the run's page."""
    import io

    from sqs_cli.writers.markdown import table, write_markdown

    buffer = io.StringIO()
    write_markdown(report, buffer, options)
    problems = [
        (workbook.path, problem)
        for workbook in report.workbooks
        for problem in workbook.problems
        if not (options.quiet and problem.severity is not Severity.ERROR)
    ]
    problems.sort(key=lambda item: problem_weight(item[1]))
    lines = [buffer.getvalue().rstrip("\n"), ""]
    if problems:
        lines += [f"### Problems: {len(problems)}", ""]
        rows = [
            (path, problem.location, problem.severity.value, problem.code, problem.message)
            for path, problem in problems[:SUMMARY_PROBLEMS]
        ]
        lines += table(["Workbook", "Cell", "Severity", "Code", "Message"], rows)
        if len(problems) > SUMMARY_PROBLEMS:
            more = len(problems) - SUMMARY_PROBLEMS
            lines += ["", f"{counted(more, 'more problem')}: `--format json` has every one."]
        lines.append("")
    return "\n".join(lines) + "\n"
