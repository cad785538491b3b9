"""`sqs compare --format json`: the comparison as a document of schema sqs.compare/1."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, TextIO

from sqs_cli.comparison import Audit, Change, Comparison, Figure, OverallChange
from sqs_cli.safe_text import write_json_document
from sqs_cli.schemas import COMPARE_SCHEMA
from sqs_cli.statistics import Interval
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.json_report import overall_fields


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _interval(interval: Interval | None, scale: int = 1) -> list[float] | None:
    return None if interval is None else [interval.low * scale, interval.high * scale]


def _audit(audit: Audit) -> dict[str, Any]:
    return {
        "label": audit.label,
        "source": audit.source,
        "cases": audit.cases,
        "workbooks": audit.workbooks,
        "errors": audit.errors,
        "warnings": audit.warnings,
    }


def _figure(figure: Figure, *, criterion: bool) -> dict[str, Any]:
    document: dict[str, Any] = {
        "marked": figure.marked,
        "sufficient": figure.sufficient,
        "relevant": figure.relevant,
        "proportion": _number(figure.proportion),
        "interval": _interval(figure.interval),
        "ratable": figure.ratable,
    }
    if criterion:
        document["rating"] = figure.rating
        document["driven_by"] = figure.driven_by
        document["moved_from"] = figure.moved_from
        document["entered"] = figure.entered
    return document


def _overall(change: OverallChange | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {
        "before": overall_fields(change.before),
        "after": overall_fields(change.after),
        "direction": change.direction,
    }


def _change(change: Change) -> dict[str, Any] | None:
    if change.points is None:
        return None
    return {
        "points": float(change.points),
        "interval": _interval(change.interval, 100),
        "significant": change.significant,
    }


def _question(change: Change) -> dict[str, Any]:
    return {
        "id": change.id,
        "criterion": change.criterion,
        "text": change.text,
        "before": _figure(change.before, criterion=False),
        "after": _figure(change.after, criterion=False),
        "change": _change(change),
        "not_comparable_reason": change.reason,
    }


def _criterion(change: Change, theme: str) -> dict[str, Any]:
    rating = change.rating
    return {
        "id": change.id,
        "theme": theme,
        "title": change.text,
        "before": _figure(change.before, criterion=True),
        "after": _figure(change.after, criterion=True),
        "change": _change(change),
        "not_comparable_reason": change.reason,
        "rating": {
            "before": rating.before if rating else None,
            "after": rating.after if rating else None,
            "direction": rating.direction if rating else None,
        },
    }


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    themes = {criterion: theme.id for theme in comparison.themes for criterion in theme.criteria}
    return {
        "schema": COMPARE_SCHEMA,
        "framework": {"id": comparison.framework_id, "title": comparison.framework_title},
        "before": _audit(comparison.before),
        "after": _audit(comparison.after),
        "criteria": [_criterion(change, themes[change.id]) for change in comparison.criteria],
        "questions": [_question(change) for change in comparison.questions],
        "significant": [change.id for change in comparison.significant],
        "overall": _overall(comparison.overall),
    }


def write_compare_json(comparison: Comparison, stream: TextIO, options: OutputOptions) -> None:
    write_json_document(comparison_document(comparison), stream)
