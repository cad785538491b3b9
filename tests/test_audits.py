"""sqs_cli.audits: each side of a comparison, from a workbook or a JSON report of `sqs
score --format json`, and --area / --service over the Inspection values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sqs_cli.audits import figures_from_report, load_figures
from sqs_cli.comparison import Audit
from sqs_cli.framework import Framework
from sqs_cli.problems import SqsError
from tests.conftest import COVENTRY

# --- A JSON report as one side ------------------------------------------------------------


def report(**changes: Any) -> dict[str, Any]:
    """A minimal sqs.report/1 document with one workbook marking 5.1a 6 of 10."""
    workbook = {
        "path": "audits/north.xlsx",
        "status": "ok",
        "cases": 10,
        "inspection": {"Area": "North"},
        "questions": [
            {
                "id": "5.1a",
                "criterion": "5.1",
                "marked": True,
                "sufficient": 6,
                "insufficient": 3,
                "not_done": 1,
                "not_applicable": 0,
                "unmarked": 0,
                "invalid": 0,
            }
        ],
        "problems": [{"severity": "warning"}, {"severity": "error"}, {"severity": "error"}],
    }
    document: dict[str, Any] = {
        "schema": "sqs.report/1",
        "framework": {"id": "sqs-2016", "title": "Short Quality Screening (2016)"},
        "workbooks": [workbook],
    }
    document.update(changes)
    return document


def test_a_report_is_read_and_its_criteria_rated_afresh(framework: Framework) -> None:
    figures = figures_from_report(report(), "north.json", framework)
    assert figures.audit == Audit("North", "north.json", 10, errors=2, warnings=1)
    by_id = {q.id: q for q in figures.questions}
    assert (by_id["5.1a"].sufficient, by_id["5.1a"].relevant, by_id["5.1a"].marked) == (6, 10, True)
    assert by_id["5.1a"].ratable is True
    assert by_id["5.1b"].marked is False
    criteria = {c.id: c for c in figures.criteria}
    assert (criteria["5.1"].rating, criteria["5.1"].driven_by) == ("Requires improvement", "5.1a")
    assert criteria["1.1"].not_rated_reason == "not marked in this workbook"


def test_a_batch_report_gives_its_pooled_figures(framework: Framework) -> None:
    pooled = {
        "workbooks": 2,
        "cases": 30,
        "questions": [
            {"id": "1.1a", "sufficient": 20, "insufficient": 5, "not_done": 0}
            | {"not_applicable": 5, "unmarked": 0, "invalid": 0}
        ],
    }
    unreadable = {"path": "x.xlsx", "status": "unreadable", "problems": [{"severity": "error"}]}
    document = report(workbooks=[report()["workbooks"][0]] * 3 + [unreadable], pooled=pooled)
    figures = figures_from_report(document, "all.json", framework)
    assert figures.audit == Audit(
        "2 workbooks pooled", "all.json", 30, workbooks=2, errors=6, warnings=3
    )
    criteria = {c.id: c for c in figures.criteria}
    assert (criteria["1.1"].sufficient, criteria["1.1"].relevant) == (20, 25)
    assert criteria["5.1"].not_rated_reason == "not marked in any workbook"


@pytest.mark.parametrize(
    ("document", "code", "message"),
    [
        ([], "invalid-report", "the document: must be an object"),
        (
            report(schema="sqs.compare/1"),
            "invalid-report",
            "schema 'sqs.compare/1', not 'sqs.report/1': compare reads the JSON reports of "
            "`sqs score --format json`",
        ),
        (
            {"workbooks": []},
            "invalid-report",
            "no 'schema', not 'sqs.report/1': compare reads the JSON reports of "
            "`sqs score --format json`",
        ),
        (
            report(framework={"id": "hmip-2021", "title": "Other"}),
            "not-comparable",
            "the report was scored with framework 'hmip-2021', not 'sqs-2016': audits are "
            "compared only within one framework (--framework chooses it)",
        ),
        (report(workbooks=[]), "not-comparable", "the report has no workbooks"),
        (
            report(workbooks=[{"path": "x/gone.xlsx", "status": "unreadable"}]),
            "not-comparable",
            "the report's workbook gone.xlsx could not be read: it has no figures",
        ),
        (
            report(workbooks=[{}, {}], pooled={"workbooks": 0}),
            "not-comparable",
            "no workbook in the report could be read: it has no figures",
        ),
        (
            report(workbooks=[{"status": "ok", "questions": [{"id": "9.9z"}]}]),
            "not-comparable",
            "workbooks[0].questions[0].id: '9.9z' is not a question of framework 'sqs-2016'",
        ),
        (
            report(workbooks=[{"status": "ok", "questions": [{"id": "1.1a", "sufficient": -1}]}]),
            "invalid-report",
            "workbooks[0].questions[0].sufficient: must be a whole number, 0 or more",
        ),
        (
            report(workbooks=[{"status": "ok", "questions": [{"id": "1.1a", "sufficient": 1.5}]}]),
            "invalid-report",
            "workbooks[0].questions[0].sufficient: must be a whole number, 0 or more",
        ),
        (
            report(workbooks=[{"status": "ok", "questions": {}}]),
            "invalid-report",
            "workbooks[0].questions: must be an array",
        ),
        (
            report(workbooks=[{"status": "ok", "cases": True, "questions": []}]),
            "invalid-report",
            "workbooks[0].cases: must be a whole number, 0 or more",
        ),
        (
            report(workbooks=[{"status": "ok", "questions": [{"id": "1.1a", "marked": "yes"}]}]),
            "invalid-report",
            "workbooks[0].questions[0].marked: must be true or false",
        ),
    ],
)
def test_a_report_that_cannot_be_compared_is_refused(
    framework: Framework, document: object, code: str, message: str
) -> None:
    with pytest.raises(SqsError) as raised:
        figures_from_report(document, "r.json", framework)
    assert raised.value.problem.code == code
    assert raised.value.problem.message == message
    assert raised.value.problem.file == "r.json"
    assert raised.value.problem.unreadable is True


def test_area_and_service_name_a_workbook_audit(framework: Framework) -> None:
    assert load_figures(COVENTRY, framework).audit.label == "Coventry"
    assert load_figures(COVENTRY, framework, area="Coventry North").audit.label == (
        "Coventry North"
    )
    # The service names an audit only where no area does.
    assert load_figures(COVENTRY, framework, service="YOS").audit.label == "Coventry"


def test_area_and_service_name_a_report_audit(framework: Framework, tmp_path: Path) -> None:
    path = tmp_path / "north.json"
    document = report()
    document["workbooks"][0]["inspection"] = {}
    path.write_text(json.dumps(document), "utf-8")
    assert load_figures(path, framework).audit.label == "north.xlsx"
    assert load_figures(path, framework, service="North YOS").audit.label == "North YOS"
    assert load_figures(path, framework, area="North", service="YOS").audit.label == "North"
