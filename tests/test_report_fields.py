"""Reading a JSON report's fields back: each wrong field is an invalid-report error
naming the report and the field's key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sqs_cli.framework import Framework, load_builtin
from sqs_cli.problems import SqsError
from sqs_cli.report_fields import ReportFields, load_report_json


@pytest.fixture
def fields(framework: Framework) -> ReportFields:
    return ReportFields("run.json", framework)


def message(call: Any) -> str:
    with pytest.raises(SqsError) as raised:
        call()
    problem = raised.value.problem
    assert (problem.code, problem.file) == ("invalid-report", "run.json")
    return problem.message


def test_counts_text_flags_and_choices(fields: ReportFields) -> None:
    data = {"cases": 12, "bad": -1, "true": True, "name": "Coventry", "layout": "wide"}
    assert fields.count(data, "w", "cases") == 12
    assert fields.optional_count(data, "w", "missing") is None
    assert message(lambda: fields.count(data, "w", "bad")) == (
        "w.bad: must be a whole number, 0 or more"
    )
    # A JSON true is not the number 1.
    assert message(lambda: fields.count(data, "w", "true")).endswith("0 or more")
    assert fields.text(data, "w", "name") == "Coventry"
    assert message(lambda: fields.text(data, "w", "cases")) == "w.cases: must be text"
    assert fields.flag(data, "w", "true", False) is True
    assert fields.flag(data, "w", "absent", False) is False
    assert fields.choice(data, "w", "layout", ("wide", "long")) == "wide"
    assert fields.choice(data, "w", "absent", ("cases", "judgement"), "cases") == "cases"
    assert message(lambda: fields.choice(data, "w", "name", ("wide", "long"))) == (
        "w.name: must be one of wide, long"
    )
    assert message(lambda: fields.mapping([], "workbooks[0]")) == (
        "workbooks[0]: must be an object"
    )
    assert message(lambda: fields.items({}, "workbooks")) == "workbooks: must be an array"


def test_a_rating_is_a_band_of_the_framework(fields: ReportFields) -> None:
    band = fields.band({"rating": "Requires improvement"}, "c", "rating")
    assert band is not None and band.name == "Requires improvement"
    assert fields.band({"rating": None}, "c", "rating") is None
    assert message(lambda: fields.band({"rating": "Excellent"}, "c", "rating")) == (
        "c.rating: 'Excellent' is not a band of framework 'sqs-2016' (Outstanding, Good, "
        "Requires improvement, Inadequate)"
    )


def test_an_entered_rating_as_the_report_recorded_it() -> None:
    fields = ReportFields("run.json", load_builtin("hmip-youth-2021"))
    recorded = {"rating": "Good", "reason": "Stable team", "cell": "B3", "used": False}
    entered = fields.entered_rating(recorded, "c.entered", "1.2")
    assert entered is not None
    assert (entered.criterion, entered.rating, entered.reason, entered.cell) == (
        "1.2",
        "Good",
        "Stable team",
        "B3",
    )
    assert entered.usable is False
    assert fields.entered_rating(None, "c.entered", "1.2") is None
    assert message(lambda: fields.entered_rating({"rating": None}, "c.entered", "1.2")) == (
        "c.entered.rating: must be a rating"
    )


@pytest.mark.parametrize(
    ("content", "max_bytes", "code", "words"),
    [
        (None, 1000, "file-not-found", "no such file"),
        ("folder", 1000, "file-unreadable", "is a folder, not a JSON report"),
        (b"\xff\xfe{}", 1000, "invalid-report", "not UTF-8 text"),
        (b'{"workbooks": [', 1000, "invalid-report", "not valid JSON (line 1, column 16"),
        (b"{}" + b" " * 20, 10, "limit-exceeded", "the report is larger than 10 bytes"),
    ],
)
def test_a_report_file_that_cannot_be_read_names_the_file(
    tmp_path: Path, content: bytes | str | None, max_bytes: int, code: str, words: str
) -> None:
    path = tmp_path / "run.json"
    if content == "folder":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(SqsError) as raised:
        load_report_json(path, max_bytes)
    problem = raised.value.problem
    assert (problem.code, problem.file) == (code, str(path))
    assert problem.message.startswith(words)


def test_a_report_file_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text('{"schema": "sqs.report/1", "workbooks": []}', encoding="utf-8")
    assert load_report_json(path, 1000) == {"schema": "sqs.report/1", "workbooks": []}
