"""`sqs compare`, the shell: each side of a comparison, read from a marking workbook
(scored as `sqs score` scores it) or from a JSON report of `sqs score --format json`.

The comparison itself is pure (`comparison.py`); the writers sit above both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path, PurePath
from typing import Any

from sqs_cli.comparison import Audit, Comparison, WorkbookFigures, compare, figures_from_result
from sqs_cli.framework import Framework
from sqs_cli.inspection import label as inspection_label
from sqs_cli.inspection import with_overrides
from sqs_cli.judgements import Judgement
from sqs_cli.marking import EnteredRating
from sqs_cli.problems import Severity, SqsError
from sqs_cli.report_fields import ReportFields, load_report_json
from sqs_cli.results import COUNT_FIELDS, QuestionResult
from sqs_cli.schemas import REPORT_SCHEMA
from sqs_cli.scoring import count_question, overall_of, rate_criteria
from sqs_cli.settings import Limits
from sqs_cli.wording import counted


class _ReportReader(ReportFields):
    """An sqs.report/1 document to figures, naming the key of the first thing wrong."""

    def __init__(
        self, source: str, framework: Framework, overrides: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(source, framework)
        # --area and --service, over the report's own Inspection values.
        self.overrides = overrides or {}

    def figures(self, document: object) -> WorkbookFigures:
        data = self.mapping(document, "the document")
        schema = data.get("schema")
        if schema != REPORT_SCHEMA:
            found = "no 'schema'" if schema is None else f"schema {schema!r}"
            raise SqsError.of(
                "invalid-report",
                f"{found}, not {REPORT_SCHEMA!r}: compare reads the JSON reports "
                "of `sqs score --format json`",
                file=self.source,
            )
        framework_id = self.mapping(data.get("framework"), "framework").get("id")
        if framework_id != self.framework.id:
            raise SqsError.of(
                "not-comparable",
                f"the report was scored with framework {framework_id!r}, not "
                f"{self.framework.id!r}: audits are compared only within one framework "
                "(--framework chooses it)",
                file=self.source,
            )
        workbooks = self.items(data.get("workbooks"), "workbooks")
        if len(workbooks) == 1:
            return self.workbook(self.mapping(workbooks[0], "workbooks[0]"))
        if not workbooks:
            raise SqsError.of("not-comparable", "the report has no workbooks", file=self.source)
        return self.pooled(
            data, [self.mapping(w, f"workbooks[{i}]") for i, w in enumerate(workbooks)]
        )

    def workbook(self, workbook: Mapping[str, Any]) -> WorkbookFigures:
        path = workbook.get("path")
        name = PurePath(path).name if isinstance(path, str) and path else "workbook"
        if workbook.get("status") == "unreadable":
            raise SqsError.of(
                "not-comparable",
                f"the report's workbook {name} could not be read: it has no figures",
                file=self.source,
            )
        inspection = workbook.get("inspection")
        values = {
            key: value
            for key, value in (inspection.items() if isinstance(inspection, dict) else ())
            if isinstance(value, str | int | float | bool)
        } | dict(self.overrides)
        errors, warnings = self.problem_counts([workbook])
        audit = Audit(
            label=inspection_label(values, name),
            source=self.source,
            cases=self.cases(workbook, "workbooks[0]"),
            errors=errors,
            warnings=warnings,
        )
        return self.rated(audit, workbook, "workbooks[0]", not_marked="not marked in this workbook")

    def pooled(
        self, data: Mapping[str, Any], workbooks: list[Mapping[str, Any]]
    ) -> WorkbookFigures:
        pooled = self.mapping(data.get("pooled"), "pooled")
        readable = self.count(pooled, "pooled", "workbooks")
        if readable == 0:
            raise SqsError.of(
                "not-comparable",
                "no workbook in the report could be read: it has no figures",
                file=self.source,
            )
        # The unreadable workbooks' problems are not in the pooled figures' counts.
        errors, warnings = self.problem_counts(
            workbook for workbook in workbooks if workbook.get("status") != "unreadable"
        )
        audit = Audit(
            label=inspection_label(self.overrides, f"{counted(readable, 'workbook')} pooled"),
            source=self.source,
            cases=self.cases(pooled, "pooled"),
            workbooks=readable,
            errors=errors,
            warnings=warnings,
        )
        return self.rated(audit, pooled, "pooled", not_marked="not marked in any workbook")

    def cases(self, data: Mapping[str, Any], key: str) -> int | None:
        return None if data.get("cases") is None else self.count(data, key, "cases")

    def problem_counts(self, workbooks: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
        severities = [
            problem.get("severity") if isinstance(problem, dict) else None
            for workbook in workbooks
            if isinstance(workbook.get("problems"), list)
            for problem in workbook["problems"]
        ]
        return severities.count(Severity.ERROR.value), severities.count(Severity.WARNING.value)

    def rated(
        self, audit: Audit, data: Mapping[str, Any], key: str, *, not_marked: str
    ) -> WorkbookFigures:
        """The questions from the report's counts, and the criteria rated afresh from them
        by the framework's policy, exactly as `sqs score` rates a workbook."""
        known = {question.id: question for question in self.framework.questions}
        policy = self.framework.rating
        found: dict[str, QuestionResult] = {}
        for index, value in enumerate(self.items(data.get("questions"), f"{key}.questions")):
            at = f"{key}.questions[{index}]"
            entry = self.mapping(value, at)
            question_id = entry.get("id")
            if question_id not in known:
                raise SqsError.of(
                    "not-comparable",
                    f"{at}.id: {question_id!r} is not a question of framework "
                    f"{self.framework.id!r}",
                    file=self.source,
                )
            if question_id in found:
                raise self.invalid(f"{at}.id", f"{question_id!r} is given twice")
            marked = entry.get("marked", True)
            if not isinstance(marked, bool):
                raise self.invalid(f"{at}.marked", "must be true or false")
            question = known[question_id]
            counts = {Judgement(name): self.count(entry, at, name) for name in COUNT_FIELDS}
            # Counted as scoring counts a workbook's marks, so ratable means the same.
            found[question.id] = count_question(
                question.id,
                question.criterion_id,
                question.text,
                counts,
                marked=marked,
                min_relevant=policy.min_relevant,
            )
        questions = tuple(
            found.get(q.id) or QuestionResult(q.id, q.criterion_id, q.text, marked=False)
            for q in self.framework.questions
        )
        criteria = rate_criteria(
            self.framework, questions, self.entered(data, key), not_marked=not_marked
        )
        return WorkbookFigures(
            audit=audit,
            questions=questions,
            criteria=criteria,
            overall=overall_of(self.framework, criteria),
        )

    def entered(self, data: Mapping[str, Any], key: str) -> list[EnteredRating]:
        """The ratings the report says were entered on the Ratings sheet, used as scoring
        used them (a report's pooled figures have none: ratings are not pooled)."""
        entered = []
        for index, value in enumerate(self.items(data.get("criteria", []), f"{key}.criteria")):
            at = f"{key}.criteria[{index}]"
            criterion = self.mapping(value, at)
            criterion_id = str(criterion.get("id"))
            rating = self.entered_rating(criterion.get("entered"), f"{at}.entered", criterion_id)
            if rating is not None:
                entered.append(rating)
        return entered


def figures_from_report(
    document: object,
    source: str,
    framework: Framework,
    overrides: Mapping[str, str] | None = None,
) -> WorkbookFigures:
    """A JSON report's figures: its one workbook's, or the pooled figures of a batch."""
    return _ReportReader(source, framework, overrides).figures(document)


def read_report(
    path: Path,
    framework: Framework,
    limits: Limits | None = None,
    *,
    overrides: Mapping[str, str] | None = None,
) -> WorkbookFigures:
    document = load_report_json(path, (limits or Limits()).max_file_bytes)
    return figures_from_report(document, str(path), framework, overrides)


def load_figures(
    path: Path,
    framework: Framework,
    *,
    area: str | None = None,
    service: str | None = None,
) -> WorkbookFigures:
    """A `.json` path is read as a JSON report; anything else is scored as a workbook.

    area and service (`--area`, `--service`) fill or override the Inspection sheet's, and
    so name the audit.
    """
    if path.suffix.lower() == ".json":
        overrides = with_overrides({}, area=area, service=service)
        return read_report(path, framework, overrides={k: str(v) for k, v in overrides.items()})
    from sqs_cli.api import score_workbooks

    # In a worker, as `sqs score` reads: a crash in the reading library costs this file only.
    [result] = score_workbooks([path], framework).workbooks
    if area is not None or service is not None:
        overridden = with_overrides(result.inspection, area=area, service=service)
        result = replace(result, inspection=overridden)
    return figures_from_result(result)


def compare_sources(
    before: Path,
    after: Path,
    framework: Framework,
    *,
    area: str | None = None,
    service: str | None = None,
) -> tuple[Comparison, tuple[WorkbookFigures, WorkbookFigures]]:
    """Read both audits (workbooks or JSON reports) and compare them; the two sides are
    returned too, for their problems."""
    sides = (
        load_figures(before, framework, area=area, service=service),
        load_figures(after, framework, area=area, service=service),
    )
    return compare(*sides, framework), sides
