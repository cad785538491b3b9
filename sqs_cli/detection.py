"""Which built-in framework a run's workbooks use, when `--framework` is not given.

A run scores with `sqs-2016`, the default, first. A workbook of another built-in framework
has headers sqs-2016 does not know (it is `no-questions`, or has `unknown-question`
warnings): only then are the workbooks' headers read again, each in a worker as scoring
reads it, to choose the built-in whose questions the headers name most (then, between
frameworks that share question IDs, whose wording they carry most, as `sqs template`
writes it). A workbook that fits two equally is a usage error that lists them: never a
guess. Workbooks of one run that fit different frameworks are scored with the default,
one run being one framework, and each that fits another gets a warning naming it (as one
bad workbook never stops the others). So a workbook of the default costs nothing more to
score than before.

`choose` is pure; `detect` and `detect_sources` read.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from sqs_cli.framework import Framework, builtin_names, load_builtin
from sqs_cli.problems import Problem, problem
from sqs_cli.reading.layout import HeaderFit, header_fit
from sqs_cli.results import Report
from sqs_cli.settings import DEFAULT_FRAMEWORK, ReadOptions
from sqs_cli.wording import counted

# What scoring with the default says of a workbook that may use another framework.
HINTS = frozenset({"no-questions", "unknown-question"})
# Workbooks named in a message before "and N more".
_NAMED = 3


class DetectionError(Exception):
    """Bad usage: a workbook does not say which framework to score it with."""


class Detected(NamedTuple):
    """The framework to score with (None: the default), and the workbooks that fit
    another built-in than it, by path, with that framework's ID."""

    framework: Framework | None
    others: Mapping[str, str]


def needs_detection(report: Report) -> bool:
    """Whether any workbook of a run scored with the default hints at another framework."""
    return any(
        problem.code in HINTS for workbook in report.workbooks for problem in workbook.problems
    )


def _listed(items: Sequence[str], conjunction: str = "and") -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _some(paths: Sequence[str]) -> str:
    named = ", ".join(paths[:_NAMED])
    return named + (f" and {len(paths) - _NAMED} more" if len(paths) > _NAMED else "")


def choose(
    fits: Sequence[tuple[str, Mapping[str, HeaderFit]]],
    frameworks: Sequence[Framework],
    default: str = DEFAULT_FRAMEWORK,
) -> Detected:
    """The framework every workbook's headers fit best, from each workbook's fit to each
    framework (by ID); None where no workbook names any framework's question, or where
    workbooks fit different frameworks (then the default, and those that fit another are
    in `others`).

    Raises DetectionError when a workbook fits two frameworks equally.
    """
    by_id = {framework.id: framework for framework in frameworks}
    chosen: dict[str, list[str]] = {}
    for path, fit in fits:
        named = {framework: score for framework, score in fit.items() if score.questions}
        if not named:
            continue
        best = max(named.values())
        tied = sorted(framework for framework, score in named.items() if score == best)
        if len(tied) > 1:
            choices = _listed([f"--framework {framework}" for framework in tied], "or")
            raise DetectionError(
                f"{path}: its headers fit {_listed(tied)} equally (each names "
                f"{counted(best.questions, 'question')}): choose with {choices}"
            )
        chosen.setdefault(tied[0], []).append(path)
    if len(chosen) == 1:
        return Detected(by_id[next(iter(chosen))], {})
    others = {
        path: framework
        for framework, paths in chosen.items()
        if framework != default
        for path in paths
    }
    return Detected(None, others)


def mark_others(report: Report, others: Mapping[str, str]) -> Report:
    """The report with a warning on each workbook whose headers fit another built-in than
    the run's framework, naming it: how to score it."""
    if not others:
        return report
    workbooks = []
    for scored in report.workbooks:
        other = others.get(scored.path)
        if other is not None:
            warning = problem(
                "other-framework",
                f"its headers are the questions of {other}, not of {report.framework.id}, "
                f"the framework of this run: score it apart with --framework {other}",
                file=scored.path,
            )
            scored = replace(scored, problems=(*scored.problems, warning))  # noqa: PLW2901
        workbooks.append(scored)
    return replace(report, workbooks=tuple(workbooks))


def _builtins() -> list[Framework]:
    return [load_builtin(name) for name in builtin_names()]


def _no_headers(path: Path, problem: Problem) -> tuple[str, ...]:
    # A workbook whose reading crashed fits nothing: scoring reports the crash.
    return ()


def _headers(paths: Sequence[Path], options: ReadOptions, jobs: int) -> list[tuple[str, ...]]:
    from sqs_cli.reading.pipeline import read_headers
    from sqs_cli.workers import map_isolated

    return list(
        map_isolated(
            functools.partial(read_headers, options=options),
            paths,
            on_crash=_no_headers,
            jobs=jobs,
            max_memory_bytes=options.limits.max_memory_bytes,
        )
    )


def detect(paths: Sequence[Path], options: ReadOptions, *, jobs: int = 1) -> Detected:
    """The built-in framework the workbooks' headers fit, as `choose` says."""
    frameworks = _builtins()
    fits = [
        (str(path), {framework.id: header_fit(headers, framework) for framework in frameworks})
        for path, headers in zip(paths, _headers(paths, options, jobs), strict=True)
    ]
    return choose(fits, frameworks)


def _report_framework(path: Path) -> str | None:
    """The framework a JSON report of `sqs score` names, if it can be read (reading it as
    a side of the comparison says what is wrong with it otherwise)."""
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    framework = document.get("framework") if isinstance(document, dict) else None
    identifier = framework.get("id") if isinstance(framework, dict) else None
    return identifier if isinstance(identifier, str) else None


def detect_sources(paths: Sequence[Path], options: ReadOptions) -> Detected:
    """As detect, for `sqs compare`'s two sides: a JSON report names its framework (one of
    another framework than the built-ins' fits none), a workbook fits by its headers."""
    frameworks = _builtins()
    known = {framework.id for framework in frameworks}
    workbooks = [path for path in paths if path.suffix.lower() != ".json"]
    headers = dict(zip(workbooks, _headers(workbooks, options, 1), strict=True))
    fits: list[tuple[str, Mapping[str, HeaderFit]]] = []
    for path in paths:
        if path in headers:
            fit = {framework.id: header_fit(headers[path], framework) for framework in frameworks}
        else:
            named = _report_framework(path)
            # A report names its framework outright: it fits that one and no other.
            fit = {named: HeaderFit(1, 1)} if named is not None and named in known else {}
        fits.append((str(path), fit))
    return choose(fits, frameworks)
