"""The library's entry points: paths and a framework in, a Report out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqs_cli.files import Limits
from sqs_cli.framework import Framework
from sqs_cli.problems import SqsError
from sqs_cli.reader import read_marking
from sqs_cli.results import Report, WorkbookResult
from sqs_cli.scoring import score_marking, unreadable_result


def score_workbook(
    path: Path, framework: Framework, *, strict: bool = False, limits: Limits | None = None
) -> WorkbookResult:
    """One workbook scored; an unreadable one gives a result with its problem, never raises."""
    display = str(path)
    try:
        marking = read_marking(path, framework, display=display, limits=limits)
    except SqsError as error:
        return unreadable_result(display, error.problem)
    return score_marking(marking, framework, strict=strict)


def score_workbooks(
    paths: Sequence[Path],
    framework: Framework,
    *,
    strict: bool = False,
    limits: Limits | None = None,
) -> Report:
    """Every workbook scored in the order given: one bad workbook never stops the others."""
    results = tuple(score_workbook(path, framework, strict=strict, limits=limits) for path in paths)
    return Report(framework=framework, workbooks=results)
