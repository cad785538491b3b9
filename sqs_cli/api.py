"""The library's entry points: paths and a framework in, a Report out."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from sqs_cli.framework import Framework
from sqs_cli.problems import SqsError, problem
from sqs_cli.reading.pipeline import read_marking
from sqs_cli.results import Report, WorkbookResult
from sqs_cli.scoring import build_report, score_marking, unreadable_result
from sqs_cli.settings import Limits, ReadOptions

ResultCallback = Callable[[WorkbookResult], None]


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
    """One workbook scored; an unreadable one gives a result with its problem, never raises."""
    display = str(path)
    try:
        with _cyclic_gc_paused():
            marking = read_marking(path, framework, display=display, limits=limits, options=options)
    except SqsError as error:
        return unreadable_result(display, error.problem)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # one workbook must never stop a batch
        # Only a bug in sqs or a parser gets here (PyO3 panics derive from BaseException).
        # The message names the exception's type, not its text, which may quote cell data.
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


def _score_all(
    paths: Sequence[Path],
    framework: Framework,
    *,
    strict: bool,
    limits: Limits | None,
    options: ReadOptions | None,
    jobs: int,
) -> Iterator[WorkbookResult]:
    score_one = functools.partial(
        score_workbook, framework=framework, strict=strict, limits=limits, options=options
    )
    if jobs <= 1 or len(paths) <= 1:
        yield from map(score_one, paths)
        return
    workers = min(jobs, len(paths))
    # Ordered map: results come back in input order, so output never depends on timing.
    chunk = max(1, min(16, len(paths) // (workers * 4)))
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(score_one, paths, chunksize=chunk)


def score_workbooks(
    paths: Sequence[Path],
    framework: Framework,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    options: ReadOptions | None = None,
    jobs: int = 1,
    on_result: ResultCallback | None = None,
) -> Report:
    """Every workbook scored, in the order given: one bad workbook never stops the others.

    With jobs > 1 the workbooks are read in that many worker processes; the Report is the
    same as with jobs = 1. on_result is called as each result arrives (for progress).
    """
    results = []
    results_in_order = _score_all(
        paths, framework, strict=strict, limits=limits, options=options, jobs=jobs
    )
    for result in results_in_order:
        results.append(result)
        if on_result is not None:
            on_result(result)
    return build_report(framework, results)
