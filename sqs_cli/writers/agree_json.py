"""`sqs agree --format json`: the agreement as a document of schema sqs.agree/1."""

from __future__ import annotations

from typing import Any, TextIO

from sqs_cli.agreement import Agreement, Figures
from sqs_cli.kappa import Coefficient
from sqs_cli.safe_text import write_json_document
from sqs_cli.schemas import AGREE_SCHEMA
from sqs_cli.statistics import Interval
from sqs_cli.writers import OutputOptions


def _interval(interval: Interval | None) -> list[float] | None:
    return None if interval is None else [interval.low, interval.high]


def _coefficient(coefficient: Coefficient) -> dict[str, Any]:
    return {
        "value": None if coefficient.value is None else float(coefficient.value),
        "standard_error": coefficient.standard_error,
        "interval": _interval(coefficient.interval),
        "band": coefficient.band,
        "observed": None if coefficient.observed is None else float(coefficient.observed),
        "chance": None if coefficient.chance is None else float(coefficient.chance),
    }


def _figures(figures: Figures | None) -> dict[str, Any] | None:
    if figures is None:
        return None
    return {
        "cases": figures.compared,
        "agreeing": figures.agreeing,
        "percent_agreement": None if figures.percent is None else float(figures.percent),
        "interval": _interval(figures.interval),
        "left_out": figures.left_out,
        "kappa_kind": figures.kappa_kind,
        "kappa": _coefficient(figures.kappa),
        "ac1": _coefficient(figures.ac1),
    }


def agreement_document(agreement: Agreement) -> dict[str, Any]:
    return {
        "schema": AGREE_SCHEMA,
        "framework": {"id": agreement.framework_id, "title": agreement.framework_title},
        "categories": list(agreement.categories),
        "binary": agreement.binary,
        "markers": [
            {
                "source": marker.source,
                "cases": marker.cases,
                "errors": marker.errors,
                "warnings": marker.warnings,
            }
            for marker in agreement.markers
        ],
        "common_cases": agreement.common_cases,
        "overall": _figures(agreement.overall),
        "questions": [
            {
                "id": question.id,
                "criterion": question.criterion,
                "marked_by": list(question.marked_by),
                "figures": _figures(question.figures),
            }
            for question in agreement.questions
        ],
        "agenda": [question.id for question, _ in agreement.agenda],
        "differences": [
            {
                "case_id": difference.case_id,
                "question": difference.question,
                "judgements": [
                    None if judgement is None else judgement.value
                    for judgement in difference.judgements
                ],
            }
            for difference in agreement.differences
        ],
        "cases_not_in_every_workbook": [
            {"case_id": case.case_id, "present": list(case.present)}
            for case in agreement.partial_cases
        ],
    }


def write_agree_json(agreement: Agreement, stream: TextIO, options: OutputOptions) -> None:
    write_json_document(agreement_document(agreement), stream)
