"""`sqs trend`, the shell: each audit read from a marking workbook (scored as `sqs score`
scores it, in worker processes) or from a JSON report of `sqs score --format json`, with
its fieldwork dates; then put in order by the pure core (trend.py).

An audit that cannot be read, or a report scored with another framework, stays in the
trend as a column of gaps that says why: never as zeros, and never silently left out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from sqs_cli.audits import read_report
from sqs_cli.comparison import figures_from_result
from sqs_cli.framework import Framework
from sqs_cli.inspection import fieldwork, with_overrides
from sqs_cli.inspection import label as inspection_label
from sqs_cli.marking import InspectionValue
from sqs_cli.problems import Problem, Severity, SqsError
from sqs_cli.settings import ReadOptions
from sqs_cli.trend import Trend, TrendAudit, trend


class TrendReading(NamedTuple):
    trend: Trend
    # Every audit's problems, for the command line to print.
    problems: tuple[Problem, ...]
    unreadable: int


def _dated(inspection: Mapping[str, InspectionValue], path: str, **fields: Any) -> TrendAudit:
    when = fieldwork(inspection)
    return TrendAudit(
        label=inspection_label(inspection, path),
        source=path,
        fieldwork_start=when.span.first if when and when.span else None,
        fieldwork=when.text if when else None,
        **fields,
    )


def _counts(problems: Sequence[Problem]) -> dict[str, int]:
    severities = [problem.severity for problem in problems]
    return {
        "errors": severities.count(Severity.ERROR),
        "warnings": severities.count(Severity.WARNING),
    }


def _report_inspection(path: Path) -> Mapping[str, InspectionValue]:
    """The Inspection values of a one-workbook JSON report (read_report has checked it)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    workbooks = document.get("workbooks") if isinstance(document, dict) else None
    if not isinstance(workbooks, list) or len(workbooks) != 1:
        return {}
    inspection = workbooks[0].get("inspection") if isinstance(workbooks[0], dict) else None
    if not isinstance(inspection, dict):
        return {}
    return {
        key: value
        for key, value in inspection.items()
        if isinstance(value, str | int | float | bool) or value is None
    }


def _from_report(
    path: Path, framework: Framework, overrides: Mapping[str, str]
) -> tuple[TrendAudit, tuple[Problem, ...]]:
    source = str(path)
    try:
        figures = read_report(path, framework, overrides=overrides)
    except SqsError as error:
        audit = _dated(
            overrides,
            source,
            cases=None,
            figures=None,
            gap_reason=_gap_reason(error.problem),
        )
        return audit, (error.problem,)
    inspection = {**_report_inspection(path), **overrides}
    audit = _dated(
        inspection,
        source,
        cases=figures.audit.cases,
        figures=figures,
        errors=figures.audit.errors,
        warnings=figures.audit.warnings,
    )
    if not inspection.get("Area") and not inspection.get("Service"):
        audit = replace(audit, label=figures.audit.label or PurePath(source).name)
    return audit, ()


def _gap_reason(found: Problem) -> str:
    if found.code == "not-comparable":
        return found.message
    return f"could not be read ({found.code})"


def read_trend(
    paths: Sequence[Path],
    framework: Framework,
    *,
    options: ReadOptions | None = None,
    jobs: int = 1,
    area: str | None = None,
    service: str | None = None,
) -> TrendReading:
    """Every audit read (JSON reports by their `.json` suffix, the rest as workbooks) and
    the trend across them."""
    from sqs_cli.api import score_workbooks

    overrides = {
        key: str(value) for key, value in with_overrides({}, area=area, service=service).items()
    }
    workbooks = [path for path in paths if path.suffix.lower() != ".json"]
    scored = iter(score_workbooks(workbooks, framework, options=options, jobs=jobs).workbooks)
    audits: list[TrendAudit] = []
    problems: list[Problem] = []
    unreadable = 0
    for path in paths:
        if path.suffix.lower() == ".json":
            audit, found = _from_report(path, framework, overrides)
            problems.extend(found)
            # A report on another framework is readable: it is shown as gaps, with why.
            unreadable += any(problem.code != "not-comparable" for problem in found)
            audits.append(audit)
            continue
        result = next(scored)
        problems.extend(result.problems)
        inspection = {**result.inspection, **overrides}
        if result.status == "unreadable":
            unreadable += 1
            audits.append(
                _dated(
                    inspection,
                    result.path,
                    cases=None,
                    figures=None,
                    gap_reason=_gap_reason(result.problems[0]),
                    **_counts(result.problems),
                )
            )
            continue
        figures = figures_from_result(replace(result, inspection=inspection))
        audits.append(
            _dated(
                inspection,
                result.path,
                cases=result.cases,
                figures=figures,
                **_counts(result.problems),
            )
        )
    return TrendReading(trend(audits, framework), tuple(problems), unreadable)
