"""`--format junit`: JUnit XML for GitLab, Jenkins and other CI test reports.

One <testsuite> per workbook; a "workbook" test case for reading it (an <error> when it
cannot be read, a <failure> when it has errors) and one test case per criterion, failed
when the --fail-on policy fails its rating. Under --pooled the workbooks' ratings fail
nothing, and one more suite holds the pooled figures' criteria, failed by the policy.

Valid against the JUnit schema of Jenkins' xunit plugin (tests/data/junit-10.xsd), which
GitLab and Jenkins' JUnit plugin read too: counts on every <testsuite>, only the
attributes that schema allows on <testsuites>, and a `classname` without dots (readers
split it at the last dot into a package and a class, and `.xlsx` is no class). `time` is
0: sqs does not time workbooks, so that the same input gives the same bytes.
"""

from __future__ import annotations

from typing import TextIO
from xml.etree import ElementTree

from sqs_cli.figures import out_of, overall_text, percent
from sqs_cli.problems import format_problem
from sqs_cli.results import CriterionResult, Report, WorkbookResult
from sqs_cli.safe_text import markup_for, one_line, xml_safe
from sqs_cli.scoring import failing_criteria
from sqs_cli.wording import counted
from sqs_cli.writers import OutputOptions


def _element(
    parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str
) -> ElementTree.Element:
    # Attributes are one line (names, messages); element text keeps its lines.
    element = ElementTree.SubElement(
        parent, tag, {name: xml_safe(one_line(value)) for name, value in attributes.items()}
    )
    if text is not None:
        element.text = xml_safe(text)
    return element


def _problem_lines(workbook: WorkbookResult) -> str:
    return "\n".join(format_problem(problem, with_file=False) for problem in workbook.problems)


def rating_message(criterion: CriterionResult) -> str:
    """`7 out of 11 sufficient (63.6%): Requires improvement`; `entered on the Ratings
    sheet: Requires improvement`; `7 out of 11 sufficient (63.6%): Good, moved from
    Requires improvement`."""
    if criterion.proportion is None:
        return f"entered on the Ratings sheet: {criterion.rating}"
    figure = out_of(criterion.sufficient, criterion.relevant)
    moved = f", moved from {criterion.figures_rating}" if criterion.moved else ""
    return f"{figure} sufficient ({percent(criterion.proportion)}): {criterion.rating}{moved}"


POOLED_SUITE = "(all workbooks pooled)"
_NO_TIME = "0"


def classname(path: str) -> str:
    """The workbook's path as a JUnit class name: dots would split it into package and
    class (`audits/coventry` and `xlsx`), so they are written `_`."""
    return path.replace(".", "_")


def _suite(report: Report, workbook: WorkbookResult, options: OutputOptions) -> ElementTree.Element:
    suite = ElementTree.Element("testsuite", name=xml_safe(one_line(workbook.path)))
    tests, failures, errors, skipped = 0, 0, 0, 0
    policy = report.framework.rating
    pooled = workbook is report.pooled
    if not pooled:
        tests += 1
        read = _element(
            suite, "testcase", classname=classname(workbook.path), name="workbook", time=_NO_TIME
        )
        if workbook.status == "unreadable":
            message = "; ".join(problem.message for problem in workbook.problems)
            _element(read, "error", _problem_lines(workbook), message=message, type="unreadable")
            errors += 1
        elif workbook.errors:
            _element(
                read,
                "failure",
                _problem_lines(workbook),
                message=f"{counted(len(workbook.errors), 'error')} in the workbook",
                type="errors",
            )
            failures += 1
    fail_on = options.fail_on if options.pooled == pooled else "never"
    failing = {c.id for c in failing_criteria(workbook, policy, fail_on)}
    for criterion in workbook.criteria:
        case = _element(
            suite,
            "testcase",
            classname=classname(workbook.path),
            name=f"{criterion.id} {criterion.title}",
            time=_NO_TIME,
        )
        tests += 1
        if criterion.band is None:
            _element(case, "skipped", message=f"not rated: {criterion.not_rated_reason}")
            skipped += 1
        elif criterion.id in failing:
            _element(
                case, "failure", message=rating_message(criterion), type=criterion.rating or ""
            )
            failures += 1
    if workbook.overall is not None:
        # The overall rating fails nothing: its line is there for the reader.
        overall = _element(suite, "testcase", classname=workbook.path, name="Overall rating")
        tests += 1
        text = overall_text(workbook.overall)
        if workbook.overall.band is None:
            _element(overall, "skipped", message=text)
            skipped += 1
        else:
            _element(overall, "system-out", text)
    if workbook.problems:
        _element(suite, "system-out", _problem_lines(workbook))
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    suite.set("time", _NO_TIME)
    if not pooled:
        suite.set("file", xml_safe(one_line(workbook.path)))
    return suite


def write_junit(report: Report, stream: TextIO, options: OutputOptions) -> None:
    root = ElementTree.Element("testsuites", name="sqs")
    # <testsuites> takes no `skipped` in the xunit plugin's schema: each suite has its own.
    totals = {"tests": 0, "failures": 0, "errors": 0}
    suites = [_suite(report, workbook, options) for workbook in report.workbooks]
    if options.pooled:
        pooled = _suite(report, report.pooled, options)
        pooled.set("name", POOLED_SUITE)
        suites.append(pooled)
    for suite in suites:
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", _NO_TIME)
    ElementTree.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(markup_for(ElementTree.tostring(root, encoding="unicode"), stream.encoding))
    stream.write("\n")
