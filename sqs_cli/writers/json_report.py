"""`--format json`: the report of schema sqs.report/1, as `sqs_cli/schema/report.schema.json`
describes it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any, TextIO

from sqs_cli import __version__
from sqs_cli.figures import overall_text
from sqs_cli.marking import EnteredRating
from sqs_cli.problems import Problem
from sqs_cli.results import (
    CriterionResult,
    GroupResult,
    OverallResult,
    QuestionResult,
    Report,
    Run,
    WorkbookResult,
)
from sqs_cli.safe_text import is_unicode
from sqs_cli.schemas import REPORT_SCHEMA
from sqs_cli.statistics import Interval
from sqs_cli.writers import OutputOptions


def _number(proportion: Fraction | None) -> float | None:
    return None if proportion is None else float(proportion)


def _interval(interval: Interval | None) -> list[float] | None:
    return None if interval is None else [interval.low, interval.high]


def _question(question: QuestionResult) -> dict[str, Any]:
    return {
        "id": question.id,
        "criterion": question.criterion,
        "marked": question.marked,
        "sufficient": question.sufficient,
        "insufficient": question.insufficient,
        "not_done": question.not_done,
        "not_applicable": question.not_applicable,
        "unmarked": question.unmarked,
        "invalid": question.invalid,
        "relevant": question.relevant,
        "proportion": _number(question.proportion),
        "interval": _interval(question.interval),
        "ratable": question.ratable,
    }


def _entered(entered: EnteredRating | None) -> dict[str, Any] | None:
    if entered is None:
        return None
    return {
        "rating": entered.rating,
        "reason": entered.reason,
        "sheet": entered.sheet,
        "cell": entered.cell,
        # Whether it is the criterion's rating (false: shown beside the figures', unused).
        "used": entered.usable,
    }


def _criterion(criterion: CriterionResult) -> dict[str, Any]:
    figures = criterion.proportion is not None
    return {
        "id": criterion.id,
        "title": criterion.title,
        "theme": criterion.theme,
        "proportion": _number(criterion.proportion),
        "interval": _interval(criterion.interval),
        "rating": criterion.rating,
        "uncertain": criterion.uncertain,
        "finding": criterion.band.finding if criterion.band else None,
        "driven_by": criterion.driven_by,
        "sufficient": criterion.sufficient if figures else None,
        "relevant": criterion.relevant if figures else None,
        "not_rated_reason": criterion.not_rated_reason,
        "rated_by": criterion.rated_by,
        "group": criterion.group,
        "figures_rating": criterion.figures_rating,
        "moved": criterion.moved,
        "entered": _entered(criterion.entered),
    }


def _group(group: GroupResult) -> dict[str, Any]:
    return {
        "id": group.id,
        "title": group.title,
        "column": group.column,
        "cases": group.cases,
        "criteria": list(group.criteria),
    }


def overall_fields(overall: OverallResult) -> dict[str, Any]:
    """An overall rating as the report's and the comparison's JSON give it."""
    return {
        "rating": overall.rating,
        "points": overall.total,
        "maximum": overall.maximum,
        "missing": list(overall.missing),
        "text": overall_text(overall),
    }


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "severity": problem.severity.value,
        "code": problem.code,
        "file": problem.file,
        "sheet": problem.sheet,
        "cell": problem.cell,
        "message": problem.message,
    }


def _workbook(workbook: WorkbookResult) -> dict[str, Any]:
    return {
        "path": workbook.path,
        "status": workbook.status,
        "sheet": workbook.sheet,
        "layout": workbook.layout,
        # Every cases sheet read, with its count: pooled, they make `cases`.
        "sheets": [
            {"name": sheet.name, "cases": sheet.cases, "layout": sheet.layout}
            for sheet in workbook.sheets
        ],
        "cases": workbook.cases,
        "inspection": dict(workbook.inspection),
        "questions": [_question(question) for question in workbook.questions],
        "criteria": [_criterion(criterion) for criterion in workbook.criteria],
        "strengths": [criterion.id for criterion in workbook.strengths],
        "areas_for_improvement": [criterion.id for criterion in workbook.areas_for_improvement],
        "problems": [_problem(problem) for problem in workbook.problems],
        "groups": [_group(group) for group in workbook.groups],
        "ungrouped_cases": workbook.ungrouped_cases if workbook.status != "unreadable" else None,
        "overall": None if workbook.overall is None else overall_fields(workbook.overall),
    }


def _pooled(report: Report) -> dict[str, Any]:
    pooled = report.pooled
    return {
        "workbooks": report.summary.workbooks - report.summary.unreadable,
        "cases": pooled.cases,
        "questions": [_question(question) for question in pooled.questions],
        "criteria": [_criterion(criterion) for criterion in pooled.criteria],
        "strengths": [criterion.id for criterion in pooled.strengths],
        "areas_for_improvement": [criterion.id for criterion in pooled.areas_for_improvement],
        "groups": [_group(group) for group in pooled.groups],
        "ungrouped_cases": pooled.ungrouped_cases,
        "overall": None if pooled.overall is None else overall_fields(pooled.overall),
    }


TOOL_NAME = "sqs"
# The fields that record the run itself, not its figures: two runs over the same
# workbooks (or the merged shards of one run) differ in these alone.
RUN_FIELDS = ("tool", "created")


def _run(run: Run) -> dict[str, Any]:
    shard = None if run.shard is None else {"index": run.shard[0], "count": run.shard[1]}
    return {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "created": run.created,
        "inputs": list(run.inputs),
        "shard": shard,
    }


def report_document(report: Report) -> dict[str, Any]:
    summary = report.summary
    return {
        "schema": REPORT_SCHEMA,
        **_run(report.run),
        "framework": {"id": report.framework.id, "title": report.framework.title},
        "workbooks": [_workbook(workbook) for workbook in report.workbooks],
        "summary": {
            "workbooks": summary.workbooks,
            "ok": summary.ok,
            "errors": summary.errors,
            "unreadable": summary.unreadable,
        },
        "pooled": _pooled(report),
    }


# The C encoders: json.dump(indent=...) never uses them, and is several times slower.
# Where the output is not Unicode (a Windows code page), every character beyond ASCII is
# written as JSON's \u escape: valid JSON, and the same document, whatever the encoding.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_ENCODE_ASCII = json.JSONEncoder(ensure_ascii=True).encode


def write_json(report: Report, stream: TextIO, options: OutputOptions) -> None:
    encode = _ENCODE if is_unicode(stream.encoding) else _ENCODE_ASCII
    stream.write("".join(_layout(report_document(report), "", encode)))
    stream.write("\n")


def _layout(value: Any, indent: str, encode: Callable[[Any], str]) -> Iterator[str]:
    """Indented down to the records, each record (a question, a criterion, a problem) on a
    line of its own: readable, a change to one question is a one-line diff, and every
    record is encoded by the C encoder."""
    inner = indent + "  "
    if isinstance(value, dict) and any(_holds_records(item) for item in value.values()):
        yield "{"
        for position, (key, item) in enumerate(value.items()):
            yield f"{',' if position else ''}\n{inner}{encode(key)}: "
            yield from _layout(item, inner, encode)
        yield f"\n{indent}}}"
    elif _holds_records(value):
        # The items of one list are alike: the first says whether they are records or
        # hold records themselves (the workbooks).
        first = value[0]
        nested = any(_holds_records(item) for item in first.values())
        separator = f",\n{inner}"
        yield f"[\n{inner}"
        if nested:
            for position, item in enumerate(value):
                if position:
                    yield separator
                yield from _layout(item, inner, encode)
        else:
            yield separator.join(map(encode, value))
        yield f"\n{indent}]"
    else:
        yield encode(value)


def _holds_records(value: Any) -> bool:
    return type(value) is list and bool(value) and type(value[0]) is dict
