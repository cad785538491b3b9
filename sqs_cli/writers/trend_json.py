"""`sqs trend --format json`: the trend as a document of schema sqs.trend/1."""

from __future__ import annotations

from typing import Any, TextIO

from sqs_cli.safe_text import write_json_document
from sqs_cli.schemas import TREND_SCHEMA
from sqs_cli.statistics import Interval
from sqs_cli.trend import Point, Series, Step, Trend
from sqs_cli.writers import OutputOptions


def _interval(interval: Interval | None, scale: int = 1) -> list[float] | None:
    return None if interval is None else [interval.low * scale, interval.high * scale]


def _point(index: int, point: Point, *, criterion: bool) -> dict[str, Any]:
    figure = point.figure
    document: dict[str, Any] = {
        "audit": index + 1,
        "marked": figure is not None and figure.marked,
        "sufficient": None if point.gap or figure is None else figure.sufficient,
        "relevant": None if figure is None else figure.relevant,
        "proportion": None if point.proportion is None else float(point.proportion),
        "interval": _interval(point.interval),
    }
    if criterion:
        document["rating"] = point.rating
        document["driven_by"] = None if figure is None else figure.driven_by
    return document


def _step(index: int, step: Step) -> dict[str, Any]:
    return {
        "from": index + 1,
        "to": index + 2,
        "points": None if step.points is None else float(step.points),
        "interval": _interval(step.interval, 100),
        "significant": step.significant,
        "reason": step.reason,
    }


def _series(series: Series, theme: str | None = None) -> dict[str, Any]:
    criterion = series.kind == "criterion"
    document: dict[str, Any] = {"id": series.id}
    if criterion:
        document |= {"theme": theme, "title": series.text}
    else:
        document |= {"criterion": series.criterion, "text": series.text}
    return document | {
        "points": [
            _point(index, point, criterion=criterion) for index, point in enumerate(series.points)
        ],
        "steps": [_step(index, step) for index, step in enumerate(series.steps)],
    }


def trend_document(trend: Trend) -> dict[str, Any]:
    themes = {criterion: theme.id for theme in trend.themes for criterion in theme.criteria}
    return {
        "schema": TREND_SCHEMA,
        "framework": {"id": trend.framework_id, "title": trend.framework_title},
        "order": trend.order,
        "audits": [
            {
                "audit": index + 1,
                "label": audit.label,
                "source": audit.source,
                "fieldwork": audit.fieldwork,
                "fieldwork_start": (
                    audit.fieldwork_start.isoformat() if audit.fieldwork_start else None
                ),
                "cases": audit.cases,
                "errors": audit.errors,
                "warnings": audit.warnings,
                "no_figures_reason": None if audit.figures is not None else audit.gap_reason,
            }
            for index, audit in enumerate(trend.audits)
        ],
        "criteria": [_series(series, themes[series.id]) for series in trend.criteria],
        "questions": [_series(series) for series in trend.questions],
    }


def write_trend_json(trend: Trend, stream: TextIO, options: OutputOptions) -> None:
    write_json_document(trend_document(trend), stream)
