"""sqs_cli.api: paths in, a Report out; an unreadable workbook becomes a result."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from sqs_cli import api
from sqs_cli.api import score_workbook, score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.settings import Limits
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE


def test_unreadable_workbook_is_a_result_not_an_exception(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    result = score_workbook(path, framework)
    assert result.status == "unreadable"
    assert [problem.code for problem in result.problems] == ["empty-file"]
    assert (result.cases, result.questions, result.criteria) == (None, (), ())


def test_workbooks_are_scored_in_the_order_given(tmp_path: Path, framework: Framework) -> None:
    missing = tmp_path / "missing.xlsx"
    report = score_workbooks([LONG_LAYOUT_SAMPLE, missing, COVENTRY], framework)
    assert [workbook.path for workbook in report.workbooks] == [
        str(LONG_LAYOUT_SAMPLE),
        str(missing),
        str(COVENTRY),
    ]
    assert [workbook.status for workbook in report.workbooks] == ["ok", "unreadable", "ok"]
    summary = report.summary
    assert (summary.workbooks, summary.ok, summary.errors, summary.unreadable) == (3, 2, 0, 1)


def test_limits_are_passed_to_the_reader(framework: Framework) -> None:
    result = score_workbook(COVENTRY, framework, limits=Limits(max_file_bytes=100))
    assert [problem.code for problem in result.problems] == ["limit-exceeded"]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cyclic_collector_is_paused_while_reading_and_then_restored(
    framework: Framework, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, enabled: bool
) -> None:
    seen: list[bool] = []
    real_read = api.read_marking

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real_read(*args, **kwargs)

    monkeypatch.setattr(api, "read_marking", spy)
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    try:
        gc.enable() if enabled else gc.disable()
        good = score_workbook(COVENTRY, framework)
        assert gc.isenabled() is enabled
        bad = score_workbook(broken, framework)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == [False, False]
    assert (good.status, bad.status) == ("ok", "unreadable")
