"""sqs_cli.api: paths in, a Report out; an unreadable workbook becomes a result."""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sqs_cli import api, workers
from sqs_cli.api import score_workbook, score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.problems import problem
from sqs_cli.reading.pipeline import read_marking
from sqs_cli.settings import MB, Limits
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


class PanicException(BaseException):
    """What PyO3 raises in Python for a Rust panic in python-calamine."""


PanicException.__module__ = "pyo3_runtime"


def _reader_raising(error: BaseException) -> Any:
    def read(*args: Any, **kwargs: Any) -> Any:
        raise error

    return read


def test_a_panic_in_the_reading_library_is_a_damaged_workbook(
    framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    panic = PanicException("called `Option::unwrap()` on a `None` value")
    monkeypatch.setattr(api, "read_marking", _reader_raising(panic))
    result = score_workbook(COVENTRY, framework)
    assert result.problems == (
        problem(
            "corrupt-workbook",
            "the workbook is damaged (the reading library could not parse it); "
            "ask for a fresh copy",
            file=str(COVENTRY),
        ),
    )


def test_a_python_exception_in_sqs_is_still_a_bug_to_report(
    framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "read_marking", _reader_raising(ZeroDivisionError("x")))
    result = score_workbook(COVENTRY, framework)
    assert result.problems == (
        problem(
            "read-failed",
            "sqs failed reading this workbook (ZeroDivisionError); please report it with "
            "`sqs score --debug`",
            file=str(COVENTRY),
        ),
    )


@pytest.mark.parametrize(
    "error", [MemoryError(), PanicException("PyObject pointer is null")], ids=["python", "pyo3"]
)
def test_out_of_memory_is_raised_not_called_damaged(
    framework: Framework, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    """It is about the process, not the file: the worker reads the file again alone."""
    monkeypatch.setattr(api, "read_marking", _reader_raising(error))
    with pytest.raises(MemoryError):
        score_workbook(COVENTRY, framework)


# -- reading in workers ------------------------------------------------------------------------


@pytest.fixture
def fork_start() -> Iterator[None]:
    """Workers forked from this process, so that they see the reader patched in it."""
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("fork", force=True)
    try:
        yield
    finally:
        multiprocessing.set_start_method(previous, force=True)


def _reader_that_aborts_on(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    """The reader, except that a native crash (an abort, as Rust's) ends it on one file."""

    def read(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == name:
            os.abort()
        return real(path, *args, **kwargs)

    return read


@pytest.mark.skipif(os.name != "posix", reason="a patched reader reaches only forked workers")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_reader_that_aborts_costs_only_its_workbook(
    framework: Framework,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fork_start: None,
    jobs: int,
) -> None:
    crashing = Path(shutil.copy(COVENTRY, tmp_path / "crashing.xlsx"))
    monkeypatch.setattr(api, "read_marking", _reader_that_aborts_on("crashing.xlsx", read_marking))
    paths = [LONG_LAYOUT_SAMPLE, crashing, COVENTRY, LONG_LAYOUT_SAMPLE]
    seen: list[str] = []
    report = score_workbooks(paths, framework, jobs=jobs, on_result=lambda r: seen.append(r.path))
    assert seen == [str(path) for path in paths]
    assert [workbook.path for workbook in report.workbooks] == seen
    good = [score_workbook(path, framework) for path in (LONG_LAYOUT_SAMPLE, COVENTRY)]
    assert [report.workbooks[0], report.workbooks[2], report.workbooks[3]] == [*good, good[0]]
    assert report.workbooks[1].status == "unreadable"
    [crash] = report.workbooks[1].problems
    assert (crash.code, crash.file) == ("read-crashed", str(crashing))
    assert crash.message.startswith("reading stopped: the reading library crashed (SIGABRT)")
    summary = report.summary
    assert (summary.workbooks, summary.ok, summary.unreadable) == (4, 3, 1)


@pytest.mark.skipif(os.name != "posix", reason="a patched reader reaches only forked workers")
def test_one_workbook_is_read_in_a_worker_too(
    framework: Framework, monkeypatch: pytest.MonkeyPatch, fork_start: None
) -> None:
    monkeypatch.setattr(api, "read_marking", _reader_that_aborts_on(COVENTRY.name, read_marking))
    [result] = score_workbooks([COVENTRY], framework).workbooks
    assert [problem.code for problem in result.problems] == ["read-crashed"]


@pytest.mark.skipif(os.name != "posix", reason="a patched reader reaches only forked workers")
def test_diagnose_says_why_a_reader_crashed(
    framework: Framework, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fork_start: None
) -> None:
    crashing = Path(shutil.copy(COVENTRY, tmp_path / "crashing.xlsx"))
    monkeypatch.setattr(api, "read_marking", _reader_that_aborts_on("crashing.xlsx", read_marking))
    why = problem("limit-exceeded", "the sheet reaches 1,048,576 rows", file=str(crashing))
    report = score_workbooks(
        [COVENTRY, crashing],
        framework,
        jobs=2,
        diagnose=lambda path: why if path == crashing else None,
    )
    assert [workbook.problems for workbook in report.workbooks][1] == (why,)
    assert report.workbooks[0].status == "ok"


@pytest.mark.skipif(
    workers.memory_cap_unavailable() is not None, reason="no memory cap on this system"
)
def test_the_memory_limit_caps_each_reading_worker(
    framework: Framework, monkeypatch: pytest.MonkeyPatch, fork_start: None
) -> None:
    def greedy(path: Path, *args: Any, **kwargs: Any) -> Any:
        bytearray(200 * MB)  # a runaway allocation
        return read_marking(path, *args, **kwargs)

    monkeypatch.setattr(api, "read_marking", greedy)
    capped, roomy = (
        score_workbooks([COVENTRY], framework, limits=Limits(max_memory_bytes=limit)).workbooks[0]
        for limit in (64 * MB, 1024 * MB)
    )
    assert [problem.code for problem in capped.problems] == ["read-crashed"]
    assert capped.problems[0].message.startswith(
        "reading stopped: it needed more than the 64 MB memory cap"
    )
    assert (roomy.status, roomy.cases) == ("ok", 20)
