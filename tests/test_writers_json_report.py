"""sqs_cli.writers.json_report: the report's shape, validated against the shipped schema."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import ValidationError

from sqs_cli import __version__
from sqs_cli.api import score_workbook, score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.results import Report, Run
from sqs_cli.scoring import build_report
from sqs_cli.writers import OutputOptions, writer_for
from sqs_cli.writers.json_report import report_document
from tests.conftest import COVENTRY, WorkbookFactory, report_validator, valid_report


def render(report: Report) -> str:
    stream = io.StringIO()
    writer_for("json")(report, stream, OutputOptions())
    return stream.getvalue()


def test_one_workbook(framework: Framework) -> None:
    document = valid_report(render(score_workbooks([COVENTRY], framework)))
    assert list(document) == [
        "schema",
        "tool",
        "created",
        "inputs",
        "shard",
        "framework",
        "workbooks",
        "summary",
        "pooled",
    ]
    [workbook] = document["workbooks"]
    criteria = {criterion["id"]: criterion for criterion in workbook["criteria"]}
    assert criteria["3.1"] == {
        "id": "3.1",
        "title": "Assessment of vulnerability",
        "theme": "3",
        "proportion": 12 / 19,
        "interval": pytest.approx([0.4104, 0.8085], abs=5e-5),
        "rating": "Requires improvement",
        "uncertain": True,
        "finding": "improvement",
        "driven_by": "3.1a",
        "sufficient": 12,
        "relevant": 19,
        "not_rated_reason": None,
        "rated_by": "cases",
        "group": None,
        "figures_rating": "Requires improvement",
        "moved": False,
        "entered": None,
    }
    assert workbook["groups"] == []
    assert workbook["ungrouped_cases"] == 0
    assert workbook["overall"] is None
    assert workbook["inspection"] == {
        "Area": "Coventry",
        "Service": "Coventry Youth Offending Service",
        "Fieldwork start": "2016-06-28",
        "Fieldwork end": "2016-06-30",
        "Published": "2016-07-20",
        "Reoffending rate": 0.36,
        "Comparator reoffending rate": 0.378,
        "Comparator": "England and Wales",
        "Lead inspector": "(not named in the published report)",
    }


def test_proportion_is_null_where_nothing_is_relevant(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "N/A"], ["C2", "n.a."]]})
    document = valid_report(render(build_report(framework, [score_workbook(path, framework)])))
    [workbook] = document["workbooks"]
    question = next(q for q in workbook["questions"] if q["id"] == "1.1a")
    assert (question["relevant"], question["not_applicable"], question["proportion"]) == (
        0,
        2,
        None,
    )
    criterion = next(c for c in workbook["criteria"] if c["id"] == "1.1")
    assert (criterion["rating"], criterion["proportion"], criterion["sufficient"]) == (
        None,
        None,
        None,
    )
    assert criterion["not_rated_reason"] == "no question has 5 or more relevant cases"


def test_unreadable_workbook_has_problems_and_no_figures(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_text("hello")
    document = valid_report(render(score_workbooks([path], framework)))
    [workbook] = document["workbooks"]
    assert workbook["status"] == "unreadable"
    assert (workbook["cases"], workbook["questions"], workbook["criteria"]) == (None, [], [])
    assert workbook["problems"] == [
        {
            "severity": "error",
            "code": "not-a-workbook",
            "file": str(path),
            "sheet": None,
            "cell": None,
            "message": "a text file named .xlsx, not a spreadsheet",
        }
    ]
    assert document["summary"] == {"workbooks": 1, "ok": 0, "errors": 0, "unreadable": 1}


def test_one_line_per_record_indented_down_to_the_records(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    faulty = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yse"], ["C2", "Yes"]]})
    text = render(score_workbooks([COVENTRY, faulty], framework))
    document = valid_report(text)
    lines = text.splitlines()
    assert lines[:8] == [
        "{",
        '  "schema": "sqs.report/1",',
        f'  "tool": {{"name": "sqs", "version": "{__version__}"}},',
        '  "created": null,',
        '  "inputs": [],',
        '  "shard": null,',
        '  "framework": {"id": "sqs-2016", "title": "Short Quality Screening (2016)"},',
        '  "workbooks": [',
    ]
    assert text.endswith("\n  }\n}\n")
    records = [
        *((8, question) for question in document["workbooks"][1]["questions"]),
        *((8, problem) for problem in document["workbooks"][1]["problems"]),
        *((6, criterion) for criterion in document["pooled"]["criteria"]),
    ]
    for indent, record in records:
        line = " " * indent + json.dumps(record, ensure_ascii=False)
        assert line in lines or f"{line}," in lines
    summary = '  "summary": {"workbooks": 2, "ok": 1, "errors": 1, "unreadable": 0},'
    assert summary in lines
    assert '      "strengths": [],' in lines


def test_non_ascii_text_is_kept_readable(tmp_path: Path, framework: Framework) -> None:
    report = score_workbooks([COVENTRY], framework)
    assert "·" not in render(report)
    assert "\\u00b7" not in render(report)
    assert json.loads(render(report))["framework"]["title"] == "Short Quality Screening (2016)"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("schema",), "sqs.report/2"),
        (("workbooks", 0, "status"), "fine"),
        (("workbooks", 0, "questions", 0, "proportion"), 1.5),
        (("workbooks", 0, "questions", 0, "sufficient"), -1),
        (("workbooks", 0, "cases"), None),
    ],
)
def test_the_schema_rejects_what_the_contract_forbids(
    framework: Framework, path: tuple[str | int, ...], value: object
) -> None:
    document = report_document(score_workbooks([COVENTRY], framework))
    target = document
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    with pytest.raises(ValidationError):
        report_validator().validate(document)


def test_the_run_is_recorded_apart_from_the_figures(framework: Framework) -> None:
    report = score_workbooks([COVENTRY], framework)
    run = Run(inputs=("audits/", "extra.xlsx"), shard=(2, 3), created="2026-12-07T10:15:00Z")
    document = valid_report(render(replace(report, run=run)))
    assert document["tool"] == {"name": "sqs", "version": __version__}
    assert document["created"] == "2026-12-07T10:15:00Z"
    assert document["inputs"] == ["audits/", "extra.xlsx"]
    assert document["shard"] == {"index": 2, "count": 3}
    # The library's own report (no command line) says so with nulls.
    library = valid_report(render(report))
    assert (library["created"], library["inputs"], library["shard"]) == (None, [], None)
    # Only the run's fields differ.
    for key in ("created", "inputs", "shard"):
        del document[key], library[key]
    assert document == library


def test_a_report_written_before_the_run_fields_is_still_valid(framework: Framework) -> None:
    """sqs.report/1 grows by addition only: older reports stay valid."""
    document = report_document(score_workbooks([COVENTRY], framework))
    for key in ("tool", "created", "inputs", "shard"):
        del document[key]
    report_validator().validate(document)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("shard", {"index": 0, "count": 3}),
        ("shard", {"index": 1}),
        ("shard", "1/3"),
        ("created", "7 December 2026"),
        ("inputs", "audits/"),
        ("tool", {"name": "other", "version": "1"}),
    ],
)
def test_the_schema_rejects_bad_run_fields(framework: Framework, key: str, value: object) -> None:
    document = report_document(score_workbooks([COVENTRY], framework))
    document[key] = value
    with pytest.raises(ValidationError):
        report_validator().validate(document)
