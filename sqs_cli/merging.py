"""`sqs merge`: the JSON reports of a run's shards pooled into the Report that one
unsharded run would have made.

Each report's workbooks are read back exactly as written (counts, ratings, problems), so
that every writer gives the same output from the merged reports as from one run; the
pooled figures are then added up afresh, as `sqs score` adds them. Anything that would
make the pooled figures untrue is a usage error naming the report: a shard missing or
given twice, shards of different runs or frameworks, another schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from sqs_cli import __version__ as _VERSION
from sqs_cli.framework import Framework
from sqs_cli.marking import InspectionValue, SheetSummary
from sqs_cli.problems import CATALOGUE, Problem, Severity, SqsError
from sqs_cli.report_fields import ReportFields, load_report_json
from sqs_cli.results import (
    COUNT_FIELDS,
    CriterionResult,
    QuestionResult,
    Report,
    Run,
    WorkbookResult,
)
from sqs_cli.schemas import REPORT_SCHEMA
from sqs_cli.scoring import build_report, group_results, overall_of

_STATUSES = ("ok", "errors", "unreadable")
_LAYOUTS = ("wide", "long", "mixed")


class ReportDocument(NamedTuple):
    """A JSON report as read from a file: where it came from, and its parsed content."""

    source: str
    content: object


def _fail(source: str, message: str, code: str = "invalid-report") -> SqsError:
    return SqsError.of(code, message, file=source)


class _Reader(ReportFields):
    """One report's document to results, naming the key of the first thing wrong."""

    def workbook(self, value: object, key: str) -> WorkbookResult:
        data = self.mapping(value, key)
        path = self.text(data, key, "path")
        layout = data.get("layout")
        if layout is not None:
            layout = self.choice(data, key, "layout", _LAYOUTS)
        status = self.choice(data, key, "status", _STATUSES)
        criteria = tuple(
            self.criterion(item, f"{key}.criteria[{index}]")
            for index, item in enumerate(self.items(data.get("criteria"), f"{key}.criteria"))
        )
        return WorkbookResult(
            path=path,
            status=status,
            problems=tuple(
                self.problem(item, f"{key}.problems[{index}]", path)
                for index, item in enumerate(self.items(data.get("problems"), f"{key}.problems"))
            ),
            sheet=self.optional_text(data, key, "sheet"),
            layout=layout,
            cases=self.optional_count(data, key, "cases"),
            sheets=tuple(
                self.sheet(item, f"{key}.sheets[{index}]")
                for index, item in enumerate(self.items(data.get("sheets", []), f"{key}.sheets"))
            ),
            inspection=self.inspection(data.get("inspection", {}), f"{key}.inspection"),
            questions=self.questions(data.get("questions"), f"{key}.questions"),
            criteria=criteria,
            groups=group_results(self.framework, self.group_cases(data, key)),
            ungrouped_cases=self.optional_count(data, key, "ungrouped_cases") or 0,
            # Worked out again from the ratings, as scoring does: never a total read back.
            overall=overall_of(self.framework, criteria) if status != "unreadable" else None,
        )

    def group_cases(self, data: Mapping[str, Any], key: str) -> list[tuple[str, int]]:
        known = {group.id for group in self.framework.groups}
        cases = []
        for index, value in enumerate(self.items(data.get("groups", []), f"{key}.groups")):
            at = f"{key}.groups[{index}]"
            group = self.mapping(value, at)
            group_id = self.text(group, at, "id")
            if group_id not in known:
                raise self.invalid(
                    f"{at}.id", f"{group_id!r} is not a case group of {self.framework.id!r}"
                )
            cases.append((group_id, self.count(group, at, "cases")))
        return cases

    def problem(self, value: object, key: str, path: str) -> Problem:
        data = self.mapping(value, key)
        code = self.text(data, key, "code")
        if code not in CATALOGUE:
            raise self.invalid(f"{key}.code", f"{code!r} is not a problem sqs {_VERSION} knows")
        severity = self.choice(data, key, "severity", tuple(s.value for s in Severity))
        return Problem(
            code=code,
            message=self.text(data, key, "message"),
            file=self.optional_text(data, key, "file") or path,
            sheet=self.optional_text(data, key, "sheet"),
            cell=self.optional_text(data, key, "cell"),
            severity=Severity(severity),
        )

    def sheet(self, value: object, key: str) -> SheetSummary:
        data = self.mapping(value, key)
        return SheetSummary(
            name=self.text(data, key, "name"),
            cases=self.count(data, key, "cases"),
            layout=self.choice(data, key, "layout", ("wide", "long")),
        )

    def inspection(self, value: object, key: str) -> dict[str, InspectionValue]:
        values: dict[str, InspectionValue] = {}
        for name, item in self.mapping(value, key).items():
            if item is not None and not isinstance(item, str | int | float | bool):
                raise self.invalid(f"{key}.{name}", "must be text, a number, true/false or null")
            values[name] = item
        return values

    def questions(self, value: object, key: str) -> tuple[QuestionResult, ...]:
        entries = self.items(value, key)
        expected = list(self.framework.questions)
        if len(entries) not in (0, len(expected)):
            raise self.invalid(
                key,
                f"has {len(entries)} questions; framework {self.framework.id!r} has "
                f"{len(expected)}",
            )
        questions = []
        for index, (entry, question) in enumerate(zip(entries, expected, strict=False)):
            at = f"{key}[{index}]"
            data = self.mapping(entry, at)
            if data.get("id") != question.id or data.get("criterion") != question.criterion_id:
                raise self.invalid(
                    f"{at}.id",
                    f"{data.get('id')!r} where framework {self.framework.id!r} has {question.id!r}",
                )
            counts = {name: self.count(data, at, name) for name in COUNT_FIELDS}
            questions.append(
                QuestionResult(
                    id=question.id,
                    criterion=question.criterion_id,
                    text=question.text,
                    **counts,
                    marked=self.flag(data, at, "marked", True),
                    ratable=self.flag(data, at, "ratable", False),
                )
            )
        return tuple(questions)

    def criterion(self, value: object, key: str) -> CriterionResult:
        data = self.mapping(value, key)
        criterion_id = self.text(data, key, "id")
        band = self.band(data, key, "rating")
        # A report of sqs before HMIP's frameworks has no rated_by: its criteria are rated
        # from the cases.
        rated_by = self.choice(data, key, "rated_by", ("cases", "judgement"), "cases")
        entered = self.entered_rating(data.get("entered"), f"{key}.entered", criterion_id)
        # Figures behind the rating: always for a rating of the cases' own, none for one
        # entered alone (by judgement, or where the figures gave none).
        figures = data.get("sufficient") is not None or (band is not None and entered is None)
        sufficient = relevant = 0
        if figures:
            sufficient = self.count(data, key, "sufficient")
            relevant = self.count(data, key, "relevant")
            if relevant == 0 or sufficient > relevant:
                raise self.invalid(
                    key, "a rated criterion needs sufficient <= relevant, relevant > 0"
                )
        return CriterionResult(
            id=criterion_id,
            title=self.text(data, key, "title"),
            theme=self.text(data, key, "theme"),
            proportion=Fraction(sufficient, relevant) if figures else None,
            band=band,
            driven_by=self.optional_text(data, key, "driven_by"),
            sufficient=sufficient,
            relevant=relevant,
            not_rated_reason=self.optional_text(data, key, "not_rated_reason"),
            uncertain=self.flag(data, key, "uncertain", False),
            rated_by=rated_by,
            group=self.optional_text(data, key, "group"),
            entered=entered,
            figures_band=self.band(data, key, "figures_rating"),
        )


class _Shard(NamedTuple):
    source: str
    framework: Mapping[str, Any]
    inputs: tuple[str, ...]
    shard: tuple[int, int] | None
    workbooks: list[Any]


def _header(document: ReportDocument) -> _Shard:
    """What a report says of its run, checked before any of its workbooks is read."""
    source = document.source
    if not isinstance(document.content, dict):
        raise _fail(source, "not a JSON report of `sqs score --format json` (not an object)")
    data: Mapping[str, Any] = document.content
    schema = data.get("schema")
    if schema != REPORT_SCHEMA:
        found = "no 'schema'" if schema is None else f"schema {schema!r}"
        raise _fail(
            source,
            f"{found}, not {REPORT_SCHEMA!r}: merge reads the JSON reports of "
            f"`sqs score --format json` written by sqs {_VERSION} or a version with that schema",
        )
    framework = data.get("framework")
    if not isinstance(framework, dict) or not isinstance(framework.get("id"), str):
        raise _fail(source, "framework.id: must be text")
    inputs = data.get("inputs", [])
    if not isinstance(inputs, list) or not all(isinstance(item, str) for item in inputs):
        raise _fail(source, "inputs: must be an array of text")
    workbooks = data.get("workbooks")
    if not isinstance(workbooks, list):
        raise _fail(source, "workbooks: must be an array")
    return _Shard(source, framework, tuple(inputs), _shard_of(source, data.get("shard")), workbooks)


def _shard_of(source: str, value: object) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, dict):
        index, count = value.get("index"), value.get("count")
        if type(index) is int and type(count) is int and 1 <= index <= count:
            return index, count
    raise _fail(source, 'shard: must be null or {"index": K, "count": N} with 1 <= K <= N')


def load_report(path: Path, max_bytes: int) -> ReportDocument:
    """A JSON report read from a file; SqsError naming the file when it cannot be."""
    return ReportDocument(str(path), load_report_json(path, max_bytes))


def report_framework_id(document: ReportDocument) -> str:
    """The framework a report was scored with, to load it when --framework is not given."""
    return str(_header(document).framework["id"])


def _not_mergeable(source: str, message: str) -> SqsError:
    return _fail(source, message, code="not-mergeable")


def _name(shard: _Shard) -> str:
    return shard.source if shard.shard is None else f"{shard.source} is {_k_of_n(shard.shard)}"


def _k_of_n(shard: tuple[int, int]) -> str:
    return f"shard {shard[0]}/{shard[1]}"


def _check_together(shards: Sequence[_Shard], framework: Framework) -> None:
    first = shards[0]
    for shard in shards:
        if shard.framework.get("id") != framework.id:
            raise _not_mergeable(
                shard.source,
                f"scored with framework {shard.framework.get('id')!r}, not {framework.id!r}"
                + (
                    f" as {first.source} was"
                    if shard is not first and first.framework.get("id") == framework.id
                    else ""
                )
                + ": merge reports of one framework (--framework names it)",
            )
    sharded = [shard for shard in shards if shard.shard is not None]
    if not sharded:
        return
    if len(sharded) < len(shards):
        whole = next(shard for shard in shards if shard.shard is None)
        raise _not_mergeable(
            whole.source,
            f"is a whole run, and {_name(sharded[0])}: merge the shards of one run, or whole runs",
        )
    assert first.shard is not None
    count = first.shard[1]
    seen: dict[int, _Shard] = {}
    for shard in shards:
        assert shard.shard is not None
        index, of = shard.shard
        if of != count:
            raise _not_mergeable(
                shard.source,
                f"is {_k_of_n(shard.shard)}, but {first.source} is "
                f"{_k_of_n(first.shard)}: merge the shards of one run",
            )
        if index in seen and seen[index].source == shard.source:
            raise _not_mergeable(shard.source, "is given twice: give each shard once")
        if index in seen:
            raise _not_mergeable(
                shard.source,
                f"is {_k_of_n(shard.shard)}, as {seen[index].source} is: give each shard once",
            )
        if shard.inputs != first.inputs:
            raise _not_mergeable(
                shard.source,
                f"scored the inputs {list(shard.inputs)}, but {first.source} scored "
                f"{list(first.inputs)}: its shards are of another run",
            )
        seen[index] = shard
    missing = [index for index in range(1, count + 1) if index not in seen]
    if missing:
        given = ", ".join(_name(shard) for shard in sorted(shards, key=lambda s: s.shard or ()))
        listed = ", ".join(f"{index}/{count}" for index in missing)
        raise _not_mergeable(
            first.source,
            f"shard {listed} {'is' if len(missing) == 1 else 'are'} missing "
            f"(given: {given}): the pooled figures would leave out its workbooks",
        )


def _in_run_order(
    shards: Sequence[_Shard], workbooks: Sequence[list[WorkbookResult]]
) -> list[WorkbookResult]:
    """The workbooks in the order one run would have scored them.

    Shards interleave the sorted inputs (sqs_cli.inputs.shard_of): the i-th input is in
    shard i mod N. Whole runs are pooled in path order, as `sqs score` sorts its inputs.
    """
    if shards[0].shard is None:
        pooled = [workbook for run in workbooks for workbook in run]
        seen: dict[str, str] = {}
        for shard, run in zip(shards, workbooks, strict=True):
            for workbook in run:
                if workbook.path in seen:
                    raise _not_mergeable(
                        shard.source,
                        f"workbook {workbook.path} is also in {seen[workbook.path]}: "
                        "a workbook is pooled once",
                    )
                seen[workbook.path] = shard.source
        return sorted(pooled, key=lambda workbook: PurePath(workbook.path))
    positions = [shard.shard for shard in shards if shard.shard is not None]
    count = positions[0][1]
    by_index = {index: run for (index, _), run in zip(positions, workbooks, strict=True)}
    total = sum(len(run) for run in workbooks)
    for shard, (index, _) in zip(shards, positions, strict=True):
        expected = len(range(index - 1, total, count))
        if len(by_index[index]) != expected:
            raise _not_mergeable(
                shard.source,
                f"{_k_of_n((index, count))} has {len(by_index[index])} workbooks where a run "
                f"of {total} in {count} shards gives it {expected}: the shards are not of "
                "one run",
            )
    return [by_index[position % count + 1][position // count] for position in range(total)]


def merge_reports(
    documents: Sequence[ReportDocument], framework: Framework, *, created: str | None = None
) -> Report:
    """The shards' reports (or whole runs' reports) as the one Report of all their
    workbooks, with the pooled figures added up again. Raises SqsError naming the report
    at fault."""
    if not documents:
        raise ValueError("no reports to merge")
    shards = [_header(document) for document in documents]
    _check_together(shards, framework)
    workbooks = [
        [
            _Reader(shard.source, framework).workbook(item, f"workbooks[{index}]")
            for index, item in enumerate(shard.workbooks)
        ]
        for shard in shards
    ]
    ordered = _in_run_order(shards, workbooks)
    if shards[0].shard is not None:
        inputs = shards[0].inputs
    else:
        inputs = tuple(dict.fromkeys(item for shard in shards for item in shard.inputs))
    report = build_report(framework, ordered)
    return Report(
        framework=report.framework,
        workbooks=report.workbooks,
        pooled=report.pooled,
        run=Run(inputs=inputs, shard=None, created=created),
    )
