"""`--format gitlab`: GitLab's Code Quality report, shown in merge requests.

A JSON array of issues, each with a description, a check name (the problem's code), a
fingerprint unique in the report and stable between runs, a severity, and a location
(the workbook's path; a cell's row is the line, as GitLab knows only lines). Unreadable
workbooks are `blocker`, errors in cells `major`, warnings `minor`, and ratings that fail
--fail-on `info` (the exit code fails the build); a workbook's overall rating (HMIP's
frameworks) is `info` too, so that a merge request shows it change.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any, TextIO

from sqs_cli.figures import overall_text
from sqs_cli.problems import Problem, Severity
from sqs_cli.results import Report
from sqs_cli.safe_text import write_json_document
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.github import failing_ratings, overall_ratings, problem_weight
from sqs_cli.writers.junit import rating_message
from sqs_cli.writers.sarif import region

_SEVERITIES = ("blocker", "major", "minor")
RATING_CHECK = "rating-fails"
OVERALL_CHECK = "overall-rating"


def _severity(problem: Problem) -> str:
    return _SEVERITIES[problem_weight(problem)]


def _issue(description: str, check: str, severity: str, path: str, line: int) -> dict[str, Any]:
    return {
        "type": "issue",
        "description": description,
        "check_name": check,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": line}},
    }


def gitlab_issues(report: Report, options: OutputOptions) -> list[dict[str, Any]]:
    issues = []
    for workbook in report.workbooks:
        for problem in workbook.problems:
            if options.quiet and problem.severity is not Severity.ERROR:
                continue
            where = f"{problem.location}: " if problem.location else ""
            line = region(problem.cell)["startLine"]
            issue = _issue(
                where + problem.message, problem.code, _severity(problem), workbook.path, line
            )
            issues.append((problem_weight(problem), issue, problem.location))
    if not options.quiet:
        for path, criterion in failing_ratings(report, options):
            description = f"{criterion.id} {criterion.title}: {rating_message(criterion)}"
            # GitLab needs a path: the pooled figures are the inputs' as a whole.
            issue = _issue(description, RATING_CHECK, "info", path or ".", 1)
            issues.append((3, issue, criterion.id))
        for path, overall in overall_ratings(report, options):
            # Not a problem; listed as info so that the merge request shows a change of it.
            text = overall_text(overall)
            issue = _issue(text, OVERALL_CHECK, "info", path or ".", 1)
            issues.append((4, issue, text))
    issues.sort(key=lambda item: item[0])
    # A fingerprint is the same for the same finding in every run; the rare identical
    # pair (two problems of one code at one place) is told apart by its number.
    seen: Counter[str] = Counter()
    result = []
    for _, issue, place in issues:
        key = "\0".join((issue["location"]["path"], place, issue["check_name"]))
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8", "surrogatepass"))
        result.append({**issue, "fingerprint": digest.hexdigest()})
    return result


def write_gitlab(report: Report, stream: TextIO, options: OutputOptions) -> None:
    write_json_document(gitlab_issues(report, options), stream)
