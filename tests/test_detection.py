"""sqs_cli.detection: without --framework, the built-in whose question IDs the workbooks'
headers use; two that fit equally, or workbooks that fit different ones, a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqs_cli.api import score_workbooks
from sqs_cli.detection import (
    Detected,
    DetectionError,
    choose,
    detect,
    detect_sources,
    mark_others,
    needs_detection,
)
from sqs_cli.framework import Framework, builtin_names, load_builtin
from sqs_cli.reading.layout import HeaderFit, header_fit
from sqs_cli.reading.pipeline import read_headers
from sqs_cli.settings import ReadOptions
from tests.conftest import COVENTRY, WorkbookFactory, long_rows, wide_rows


@pytest.fixture(scope="module")
def builtins() -> list[Framework]:
    return [load_builtin(name) for name in builtin_names()]


def test_the_best_fit_is_chosen(builtins: list[Framework]) -> None:
    fits = [
        (
            "a.xlsx",
            {
                "sqs-2016": HeaderFit(0, 0),
                "hmip-youth-2021": HeaderFit(21, 0),
                "hmip-probation-2021": HeaderFit(12, 0),
            },
        ),
        ("notes.xlsx", {name: HeaderFit(0, 0) for name in builtin_names()}),
    ]
    chosen = choose(fits, builtins).framework
    assert chosen is not None
    assert chosen.id == "hmip-youth-2021"


def test_the_wording_breaks_a_tie_of_question_ids(builtins: list[Framework]) -> None:
    fits = [
        ("a.xlsx", {"hmip-youth-2021": HeaderFit(12, 0), "hmip-probation-2021": HeaderFit(12, 12)})
    ]
    chosen = choose(fits, builtins).framework
    assert chosen is not None
    assert chosen.id == "hmip-probation-2021"


def test_no_question_of_any_framework_chooses_nothing(builtins: list[Framework]) -> None:
    assert choose([("a.xlsx", {"sqs-2016": HeaderFit(0, 0)})], builtins) == Detected(None, {})
    assert choose([], builtins) == Detected(None, {})


def test_an_equal_fit_is_an_error_naming_the_workbook_and_the_frameworks(
    builtins: list[Framework],
) -> None:
    fits = [
        ("a.xlsx", {"hmip-youth-2021": HeaderFit(3, 0), "hmip-probation-2021": HeaderFit(3, 0)})
    ]
    with pytest.raises(DetectionError) as caught:
        choose(fits, builtins)
    assert str(caught.value) == (
        "a.xlsx: its headers fit hmip-probation-2021 and hmip-youth-2021 equally (each names 3 "
        "questions): choose with --framework hmip-probation-2021 or --framework hmip-youth-2021"
    )


def test_workbooks_of_different_frameworks_are_scored_with_the_default(
    builtins: list[Framework],
) -> None:
    youth = {"hmip-youth-2021": HeaderFit(21, 21)}
    sqs = {"sqs-2016": HeaderFit(30, 0)}
    fits = [("y0.xlsx", youth), ("s.xlsx", sqs), ("y1.xlsx", youth)]
    assert choose(fits, builtins) == Detected(
        None, {"y0.xlsx": "hmip-youth-2021", "y1.xlsx": "hmip-youth-2021"}
    )


def test_mark_others_warns_on_each_workbook_of_another_framework(
    youth_audit: Path, framework: Framework
) -> None:
    report = score_workbooks([COVENTRY, youth_audit], framework)
    marked = mark_others(report, {str(youth_audit): "hmip-youth-2021"})
    coventry, youth = marked.workbooks
    assert coventry == report.workbooks[0]
    assert [(p.code, p.severity.value) for p in youth.problems] == [
        ("no-questions", "error"),
        ("other-framework", "warning"),
    ]
    assert youth.problems[-1].message == (
        "its headers are the questions of hmip-youth-2021, not of sqs-2016, the framework of "
        "this run: score it apart with --framework hmip-youth-2021"
    )
    assert mark_others(report, {}) is report


def test_header_fit_counts_named_questions_and_their_wording(builtins: list[Framework]) -> None:
    youth = load_builtin("hmip-youth-2021")
    probation = load_builtin("hmip-probation-2021")
    headers = [
        "Case ID",
        "Disposal",
        "2.1.1 Did the assessment look closely enough at what would help the child stop offending?",
        "Q 2.1.2",
        "2.1.2 again",
        "3.1.1",
    ]
    assert header_fit(headers, youth) == HeaderFit(3, 1)
    assert header_fit(headers, probation) == HeaderFit(2, 0)
    assert header_fit(headers, load_builtin()) == HeaderFit(0, 0)


def test_read_headers_reads_every_cases_sheet_and_the_long_layout(
    make_workbook: WorkbookFactory,
) -> None:
    path = make_workbook(
        {
            "Guide": [["How to mark"]],
            "Court": [["Title"], ["Case ID", "Disposal", "2.1.1"], ["C1", "Court", "Yes"]],
            "Long": long_rows(["3.1.1", "3.1.2"], {"C2": ["Yes", "No"]}),
            "Ratings": [["1.1", "Good"]],
        }
    )
    assert read_headers(path) == (
        "Case ID",
        "Disposal",
        "2.1.1",
        "Case ID",
        "Question",
        "Judgement",
        "3.1.1",
        "3.1.2",
    )
    assert read_headers(path, ReadOptions(sheets=("Long",))) == (
        "Case ID",
        "Question",
        "Judgement",
        "3.1.1",
        "3.1.2",
    )


def test_a_file_that_cannot_be_read_has_no_headers(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    assert read_headers(path) == ()


def test_detection_is_needed_only_where_the_default_does_not_fit(
    make_workbook: WorkbookFactory, framework: Framework, youth_audit: Path
) -> None:
    sqs = score_workbooks([COVENTRY], framework)
    assert not needs_detection(sqs)
    youth = score_workbooks([youth_audit], framework)
    assert [p.code for p in youth.workbooks[0].problems] == ["no-questions"]
    assert needs_detection(youth)
    typo = make_workbook({"Cases": wide_rows(["1.1a", "7.7a"], {"C1": ["Yes", "No"]})})
    assert needs_detection(score_workbooks([typo], framework))
    chosen = detect([typo], ReadOptions()).framework
    assert chosen is not None
    assert chosen.id == "sqs-2016"


def test_compare_sides_a_report_names_its_framework(
    tmp_path: Path, youth_audit: Path, framework: Framework
) -> None:
    report = tmp_path / "before.json"
    report.write_text('{"schema": "sqs.report/1", "framework": {"id": "hmip-youth-2021"}}')
    chosen = detect_sources([report, youth_audit], ReadOptions()).framework
    assert chosen is not None
    assert chosen.id == "hmip-youth-2021"
    mine = tmp_path / "mine.json"
    mine.write_text('{"framework": {"id": "my-own-2026"}}')
    assert detect_sources([mine], ReadOptions()) == Detected(None, {})
    assert detect_sources([report, COVENTRY], ReadOptions()) == Detected(
        None, {str(report): "hmip-youth-2021"}
    )
