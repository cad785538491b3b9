"""The library's entry points: paths and a framework in, a Report out."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from sqs_cli.framework import Framework
from sqs_cli.problems import Problem, SqsError, problem
from sqs_cli.reading.pipeline import read_marking
from sqs_cli.results import Report, WorkbookResult
from sqs_cli.scoring import build_report, score_marking, unreadable_result
from sqs_cli.settings import Limits, ReadOptions

ResultCallback = Callable[[WorkbookResult], None]
# Run in this process after a workbook's reader died: a problem that says why (a sheet's
# extent, say), or None to keep the generic `read-crashed` one. It reads a file that just
# crashed a reader, so it must be pure Python and bounded in time and memory.
Diagnose = Callable[[Path], Problem | None]


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Reading a sheet makes millions of objects and no reference cycles: the cyclic
    collector would only walk the growing heap again and again (about 2 s of 10 for a
    sheet of 100,000 cases). Plain reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def score_workbook(
    path: Path,
    framework: Framework,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    options: ReadOptions | None = None,
) -> WorkbookResult:
    """One workbook scored, in this process; an unreadable one gives a result with its
    problem. Only MemoryError is raised. A native crash in the reading library would end
    this process: score_workbooks reads each workbook in a worker, safe from that."""
    display = str(path)
    try:
        with _cyclic_gc_paused():
            marking = read_marking(path, framework, display=display, limits=limits, options=options)
    except SqsError as error:
        return unreadable_result(display, error.problem)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        # Out of memory is about this process, not the file: a worker reads the workbook
        # again alone, under the memory cap, and reports it then (sqs_cli.workers).
        raise
    except BaseException as error:  # one workbook must never stop a batch
        if _is_library_panic(error) and _PYTHON_CALL_FAILED in str(error):
            # PyO3 met a null object from Python's C API: an allocation failed (seen at the
            # memory cap), which the caller must hear as such, not as a damaged file.
            raise MemoryError from error
        if _is_library_panic(error):
            return unreadable_result(
                display,
                problem(
                    "corrupt-workbook",
                    "the workbook is damaged (the reading library could not parse it); "
                    "ask for a fresh copy",
                    file=display,
                ),
            )
        # Only a bug in sqs gets here. The message names the exception's type, not its
        # text, which may quote cell data.
        return unreadable_result(
            display,
            problem(
                "read-failed",
                f"sqs failed reading this workbook ({type(error).__name__}); "
                "please report it with `sqs score --debug`",
                file=display,
            ),
        )
    return score_marking(marking, framework, strict=strict)


# What PyO3 panics with when a Python C-API call returned no object.
_PYTHON_CALL_FAILED = "pointer is null"


def _is_library_panic(error: BaseException) -> bool:
    """A Rust panic inside python-calamine, which PyO3 raises as a BaseException: the
    library met data it could not handle, that is, a damaged file (not a bug in sqs)."""
    kind = type(error)
    return kind.__name__ == "PanicException" and kind.__module__ == "pyo3_runtime"


def _crashed(path: Path, crash: Problem) -> WorkbookResult:
    return unreadable_result(str(path), crash)


def score_workbooks(
    paths: Sequence[Path],
    framework: Framework,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    options: ReadOptions | None = None,
    jobs: int = 1,
    on_result: ResultCallback | None = None,
    diagnose: Diagnose | None = None,
) -> Report:
    """Every workbook scored, in the order given: one bad workbook never stops the others.

    Each workbook is read in a worker process under a memory cap (limits.max_memory_bytes;
    sqs_cli.workers), up to jobs of them at once, so that a crash or a runaway allocation
    in a reading library makes that workbook unreadable (`read-crashed`, or what
    diagnose(path) says) and costs nothing else. The Report is the same whatever jobs is.
    on_result is called with each result, in the order given, as soon as it is known.
    """
    from sqs_cli.workers import map_isolated

    options = options or ReadOptions()
    if limits is not None:
        options = options._replace(limits=limits)
    if len(paths) > 1:
        # Only a run of several workbooks can hold a case twice.
        options = options._replace(case_keys=True)
    score_one = functools.partial(
        score_workbook, framework=framework, strict=strict, options=options
    )
    results = []
    for result in map_isolated(
        score_one,
        paths,
        on_crash=_crashed,
        jobs=jobs,
        max_memory_bytes=options.limits.max_memory_bytes,
        diagnose=diagnose,
    ):
        results.append(result)
        if on_result is not None:
            on_result(result)
    return build_report(framework, results)
