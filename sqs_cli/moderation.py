"""`sqs agree`, the shell: each marker's workbook read case by case, in a worker process
under the memory cap as `sqs score` reads, then compared by the pure core (agreement.py)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from sqs_cli.agreement import Agreement, Marker, MarkerMarks, agree
from sqs_cli.framework import Framework
from sqs_cli.problems import Problem, Severity, SqsError, problem
from sqs_cli.reading.case_marks import CaseMarks, read_case_marks
from sqs_cli.settings import ReadOptions


def _read(path: Path, framework: Framework, options: ReadOptions) -> CaseMarks | Problem:
    """One workbook case by case; its problem when it cannot be read. Runs in a worker."""
    try:
        return read_case_marks(path, framework, display=str(path), options=options)
    except SqsError as error:
        return error.problem
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as error:
        # A Rust panic in python-calamine: the library met data it could not parse.
        if type(error).__name__ != "PanicException":
            raise
        return problem(
            "corrupt-workbook",
            "the workbook is damaged (the reading library could not parse it); ask for a "
            "fresh copy",
            file=str(path),
        )


def _crashed(path: Path, crash: Problem) -> Problem:
    return crash


class Moderation(NamedTuple):
    """What `sqs agree` found: the agreement (None when fewer than two workbooks could be
    read), and every workbook's problems."""

    agreement: Agreement | None
    problems: tuple[Problem, ...]
    unreadable: int


def moderate(
    paths: Sequence[Path],
    framework: Framework,
    *,
    binary: bool = False,
    options: ReadOptions | None = None,
    jobs: int = 1,
) -> Moderation:
    from sqs_cli.workers import map_isolated

    options = options or ReadOptions()
    read_one = functools.partial(_read, framework=framework, options=options)
    results = list(
        map_isolated(
            read_one,
            list(paths),
            on_crash=_crashed,
            jobs=jobs,
            max_memory_bytes=options.limits.max_memory_bytes,
        )
    )
    problems: list[Problem] = []
    readable: list[MarkerMarks] = []
    for path, result in zip(paths, results, strict=True):
        if isinstance(result, Problem):
            problems.append(result)
            continue
        marking = result.marking
        problems.extend(marking.problems)
        severities = [found.severity for found in marking.problems]
        marker = Marker(
            source=str(path),
            cases=len(marking.case_ids),
            errors=severities.count(Severity.ERROR),
            warnings=severities.count(Severity.WARNING),
        )
        readable.append(MarkerMarks(marker, result.judgements, frozenset(marking.tallies)))
    unreadable = len(paths) - len(readable)
    if len(readable) < 2:
        return Moderation(None, tuple(problems), unreadable)
    return Moderation(agree(readable, framework, binary=binary), tuple(problems), unreadable)
