"""`--format junit`: JUnit XML for GitLab, Jenkins and other CI test reports.

One <testsuite> per workbook; a "workbook" test case for reading it (an <error> when it
cannot be read, a <failure> when it has errors) and one test case per criterion, failed
when the --fail-on policy fails its rating.
"""

from __future__ import annotations

from typing import TextIO
from xml.etree import ElementTree

from sqs_cli.figures import out_of, percent
from sqs_cli.results import CriterionResult, Report, WorkbookResult
from sqs_cli.scoring import failing_criteria
from sqs_cli.writers import OutputOptions


def _problem_lines(workbook: WorkbookResult) -> str:
    lines = []
    for problem in workbook.problems:
        where = f"{problem.location}: " if problem.location else ""
        lines.append(f"{where}{problem.severity.value}[{problem.code}] {problem.message}")
    return "\n".join(lines)


def rating_message(criterion: CriterionResult) -> str:
    """`7 out of 11 sufficient (63.6%): Requires improvement`."""
    figure = out_of(criterion.sufficient, criterion.relevant)
    return f"{figure} sufficient ({percent(criterion.proportion)}): {criterion.rating}"


def _suite(report: Report, workbook: WorkbookResult, options: OutputOptions) -> ElementTree.Element:
    suite = ElementTree.Element("testsuite", name=workbook.path)
    read = ElementTree.SubElement(suite, "testcase", classname=workbook.path, name="workbook")
    tests, failures, errors, skipped = 1, 0, 0, 0
    if workbook.status == "unreadable":
        message = "; ".join(problem.message for problem in workbook.problems)
        ElementTree.SubElement(
            read, "error", message=message, type="unreadable"
        ).text = _problem_lines(workbook)
        errors += 1
    elif workbook.errors:
        failure = ElementTree.SubElement(
            read,
            "failure",
            message=f"{len(workbook.errors)} errors in the workbook",
            type="errors",
        )
        failure.text = _problem_lines(workbook)
        failures += 1
    failing = {c.id for c in failing_criteria(workbook, report.framework.rating, options.fail_on)}
    for criterion in workbook.criteria:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=workbook.path,
            name=f"{criterion.id} {criterion.title}",
        )
        tests += 1
        if criterion.band is None:
            ElementTree.SubElement(
                case, "skipped", message=f"not rated: {criterion.not_rated_reason}"
            )
            skipped += 1
        elif criterion.id in failing:
            ElementTree.SubElement(
                case, "failure", message=rating_message(criterion), type=criterion.rating or ""
            )
            failures += 1
    if workbook.problems:
        ElementTree.SubElement(suite, "system-out").text = _problem_lines(workbook)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    return suite


def write_junit(report: Report, stream: TextIO, options: OutputOptions) -> None:
    root = ElementTree.Element("testsuites", name="sqs")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for workbook in report.workbooks:
        suite = _suite(report, workbook, options)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    ElementTree.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ElementTree.tostring(root, encoding="unicode"))
    stream.write("\n")
