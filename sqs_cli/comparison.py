"""`sqs compare`: two audits side by side, and which changes chance would rarely give.

The core is pure: `compare` takes the figures of two audits and a framework and returns a
Comparison of plain, immutable data that every compare writer consumes. The shell around
it, `compare_sources`, reads each side from a marking workbook (scored as `sqs score`
scores it) or from a JSON report written by `sqs score --format json`.

A change is called significant when Newcombe's 95% interval for after - before excludes
zero: with samples of 10 to 40 cases, a rise from 5 to 9 out of 10 is not (the interval
is -0.2 to 67.6 points), one from 4 to 36 out of 40 is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path, PurePath
from typing import Any, Literal, TextIO

from sqs_cli.figures import out_of, percent
from sqs_cli.framework import Framework
from sqs_cli.problems import Severity, SqsError
from sqs_cli.results import COUNT_FIELDS, CriterionResult, QuestionResult, WorkbookResult
from sqs_cli.scoring import rate_criterion
from sqs_cli.settings import Limits
from sqs_cli.statistics import Interval, difference_interval, proportion, wilson_interval
from sqs_cli.writers import OutputOptions

REPORT_SCHEMA = "sqs.report/1"

Direction = Literal["up", "down", "same"]
ARROWS: Mapping[Direction, str] = {"up": "↑", "down": "↓", "same": "→"}


# --- The model ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Audit:
    """One side of a comparison: what it is called, where it came from, how big it is."""

    label: str
    source: str
    cases: int | None
    # 1 for a workbook; the number of readable workbooks pooled in a batch report.
    workbooks: int = 1
    # Problems found in the workbook(s): figures from a workbook with errors leave out the
    # cells at fault, so the writers say so.
    errors: int = 0
    warnings: int = 0


@dataclass(frozen=True)
class WorkbookFigures:
    """The figures of one audit that a comparison needs: a workbook's, or a pooled batch's."""

    audit: Audit
    questions: tuple[QuestionResult, ...]
    criteria: tuple[CriterionResult, ...]


@dataclass(frozen=True)
class Figure:
    """N out of M on one side, for a question or a criterion (rating only for criteria)."""

    sufficient: int
    relevant: int
    marked: bool
    rating: str | None = None
    # The question whose figure set the criterion's rating ("lowest" policy).
    driven_by: str | None = None

    @property
    def proportion(self) -> Fraction | None:
        return proportion(self.sufficient, self.relevant)

    @property
    def interval(self) -> Interval | None:
        return wilson_interval(self.sufficient, self.relevant)


@dataclass(frozen=True)
class RatingChange:
    before: str | None
    after: str | None
    # By the order of the framework's bands; None when either side is not rated.
    direction: Direction | None

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction] if self.direction else ""

    @property
    def label(self) -> str:
        """`Good → Outstanding`; one name when the rating did not change."""
        before, after = self.before or "Not rated", self.after or "Not rated"
        return before if before == after else f"{before} → {after}"


@dataclass(frozen=True)
class Change:
    """One question or criterion, before and after."""

    id: str
    # The question's wording, or the criterion's title.
    text: str
    # A question's criterion; a criterion's own ID.
    criterion: str
    before: Figure
    after: Figure
    # after - before in percentage points; None when either side has no figure (M is 0).
    points: Fraction | None
    # Newcombe's 95% interval for after - before, as proportions (-1 to 1).
    interval: Interval | None
    # The interval excludes zero: larger than chance in the sampling of cases would give.
    significant: bool
    # Why there is no change to give, when points is None: "not marked before".
    reason: str | None = None
    # Criteria only.
    rating: RatingChange | None = None

    @property
    def comparable(self) -> bool:
        return self.points is not None


@dataclass(frozen=True)
class ThemeHeading:
    id: str
    title: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    framework_id: str
    framework_title: str
    before: Audit
    after: Audit
    themes: tuple[ThemeHeading, ...]
    criteria: tuple[Change, ...]
    questions: tuple[Change, ...]

    def criterion(self, criterion_id: str) -> Change:
        return next(change for change in self.criteria if change.id == criterion_id)

    def questions_of(self, criterion_id: str) -> list[Change]:
        return [change for change in self.questions if change.criterion == criterion_id]

    def marked_in_either(self, criterion_id: str) -> bool:
        """Whether either audit marks any question of the criterion."""
        return any(q.before.marked or q.after.marked for q in self.questions_of(criterion_id))

    @property
    def significant(self) -> list[Change]:
        """The significant changes, each criterion followed by its questions."""
        return [
            change
            for criterion in self.criteria
            for change in (criterion, *self.questions_of(criterion.id))
            if change.significant
        ]


# --- The pure core ------------------------------------------------------------------------


def compare(before: WorkbookFigures, after: WorkbookFigures, framework: Framework) -> Comparison:
    """Every question and criterion of the framework, before and after, in framework order."""
    bands = [band.name for band in framework.rating.bands]
    questions_before = {question.id: question for question in before.questions}
    questions_after = {question.id: question for question in after.questions}
    criteria_before = {criterion.id: criterion for criterion in before.criteria}
    criteria_after = {criterion.id: criterion for criterion in after.criteria}
    questions = tuple(
        _change(
            question.id,
            question.text,
            question.criterion_id,
            _question_figure(questions_before.get(question.id)),
            _question_figure(questions_after.get(question.id)),
            missing="no relevant cases",
        )
        for question in framework.questions
    )
    criteria = []
    for criterion in framework.criteria:
        own = [question for question in questions if question.criterion == criterion.id]
        first = _criterion_figure(
            criteria_before.get(criterion.id), any(q.before.marked for q in own)
        )
        second = _criterion_figure(
            criteria_after.get(criterion.id), any(q.after.marked for q in own)
        )
        change = _change(
            criterion.id, criterion.title, criterion.id, first, second, missing="not rated"
        )
        criteria.append(replace(change, rating=rating_change(first.rating, second.rating, bands)))
    return Comparison(
        framework_id=framework.id,
        framework_title=framework.title,
        before=before.audit,
        after=after.audit,
        themes=tuple(
            ThemeHeading(theme.id, theme.title, tuple(c.id for c in theme.criteria))
            for theme in framework.themes
        ),
        criteria=tuple(criteria),
        questions=questions,
    )


def rating_change(before: str | None, after: str | None, bands: list[str]) -> RatingChange:
    """The direction by band order: bands run from the best to the worst."""
    direction: Direction | None = None
    if before is not None and after is not None and before in bands and after in bands:
        first, second = bands.index(before), bands.index(after)
        direction = "up" if second < first else "down" if second > first else "same"
    return RatingChange(before, after, direction)


def _question_figure(question: QuestionResult | None) -> Figure:
    if question is None:
        return Figure(0, 0, marked=False)
    return Figure(question.sufficient, question.relevant, marked=question.marked)


def _criterion_figure(criterion: CriterionResult | None, marked: bool) -> Figure:
    if criterion is None or criterion.band is None:
        return Figure(0, 0, marked=marked)
    return Figure(
        criterion.sufficient,
        criterion.relevant,
        marked=marked,
        rating=criterion.band.name,
        driven_by=criterion.driven_by,
    )


def _change(
    change_id: str, text: str, criterion: str, before: Figure, after: Figure, *, missing: str
) -> Change:
    interval = difference_interval(
        (before.sufficient, before.relevant), (after.sufficient, after.relevant)
    )
    if interval is None:
        return Change(
            change_id,
            text,
            criterion,
            before,
            after,
            points=None,
            interval=None,
            significant=False,
            reason=_reason(before, after, missing),
        )
    # An interval means both sides have relevant cases.
    points = 100 * (
        Fraction(after.sufficient, after.relevant) - Fraction(before.sufficient, before.relevant)
    )
    return Change(
        change_id,
        text,
        criterion,
        before,
        after,
        points=points,
        interval=interval,
        significant=interval.low > 0 or interval.high < 0,
    )


def _reason(before: Figure, after: Figure, missing: str) -> str:
    """`not marked before`, `no relevant cases in either audit`, `not marked before, not
    rated after`: why a figure has nothing to compare with."""

    def gap(figure: Figure) -> str | None:
        if not figure.marked:
            return "not marked"
        return None if figure.relevant else missing

    first, second = gap(before), gap(after)
    if first and second:
        return f"{first} in either audit" if first == second else f"{first} before, {second} after"
    return f"{first} before" if first else f"{second} after"


# --- Figures as the writers show them -----------------------------------------------------


def points_text(points: Fraction | None) -> str:
    """`+12.5 pts`, `-20 pts`, `0 pts`: one decimal, rounded half up on the magnitude."""
    if points is None:
        return "not comparable"
    magnitude = percent(abs(points) / 100).removesuffix("%")
    if magnitude == "0":
        return "0 pts"
    return f"{'+' if points > 0 else '-'}{magnitude} pts"


def change_text(change: Change) -> str:
    """The change column: points, `not comparable`, or nothing where neither audit marks it."""
    if not (change.before.marked or change.after.marked):
        return ""
    return points_text(change.points)


def interval_text(interval: Interval | None) -> str:
    """Newcombe's interval in points: `-0.2 to +67.6 pts`."""
    if interval is None:
        return ""
    low, high = (points_text(Fraction(value) * 100) for value in interval)
    return f"{low.removesuffix(' pts')} to {high}"


def figure_text(figure: Figure, *, criterion: bool = False) -> str:
    """`5 out of 10 (50%)`, `not marked`, `no relevant cases` or, for a criterion, `not rated`."""
    if not figure.marked:
        return "not marked"
    if not figure.relevant:
        return "not rated" if criterion else "no relevant cases"
    return f"{out_of(figure.sufficient, figure.relevant)} ({percent(figure.proportion)})"


def audit_text(audit: Audit) -> str:
    """`Coventry: coventry-2016.xlsx, 20 cases`; the label once when it is the file's name."""
    details = [audit.source]
    if audit.cases is not None:
        details.append(f"{audit.cases} case{'' if audit.cases == 1 else 's'}")
    if audit.label == PurePath(audit.source).name:
        return ", ".join(details)
    return f"{audit.label}: {', '.join(details)}"


def problems_note(audit: Audit) -> str | None:
    """Set when the figures leave out cells at fault: the reader should check the workbook."""
    if not audit.errors:
        return None
    errors = f"{audit.errors} error{'' if audit.errors == 1 else 's'}"
    return (
        f"{audit.source} has {errors}: its figures leave out the cells at fault "
        "(sqs validate lists them)"
    )


SIGNIFICANT_MEANING = (
    "the 95% interval for the change (Newcombe's method) excludes zero: "
    "a change larger than chance in the sampling of cases would usually give"
)


# --- The shell: reading each side ---------------------------------------------------------


def figures_from_result(result: WorkbookResult) -> WorkbookFigures:
    """A scored workbook's figures; SqsError with its problem when it was unreadable."""
    if result.status == "unreadable":
        raise SqsError(result.problems[0])
    return WorkbookFigures(
        audit=Audit(
            label=result.label,
            source=result.path,
            cases=result.cases,
            errors=len(result.errors),
            warnings=len(result.warnings),
        ),
        questions=result.questions,
        criteria=result.criteria,
    )


class _ReportReader:
    """An sqs.report/1 document to figures, naming the key of the first thing wrong."""

    def __init__(self, source: str, framework: Framework) -> None:
        self.source = source
        self.framework = framework

    def invalid(self, key: str, message: str) -> SqsError:
        return SqsError.of("invalid-report", f"{key}: {message}", file=self.source)

    def mapping(self, value: object, key: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.invalid(key, "must be an object")
        return value

    def items(self, value: object, key: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.invalid(key, "must be an array")
        return value

    def count(self, data: Mapping[str, Any], key: str, name: str) -> int:
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.invalid(f"{key}.{name}", "must be a whole number, 0 or more")
        return value

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
                f"{self.framework.id!r}: compare with --framework set to the same framework",
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
        area = inspection.get("Area") if isinstance(inspection, dict) else None
        errors, warnings = self.problem_counts([workbook])
        audit = Audit(
            label=str(area) if area not in (None, "") else name,
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
            label=f"{readable} workbooks pooled",
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
            counts = {name: self.count(entry, at, name) for name in COUNT_FIELDS}
            relevant = counts["sufficient"] + counts["insufficient"] + counts["not_done"]
            found[question.id] = QuestionResult(
                id=question.id,
                criterion=question.criterion_id,
                text=question.text,
                **counts,
                marked=marked,
                # As scoring.count_question decides it.
                ratable=marked and relevant >= policy.min_relevant,
            )
        questions = tuple(
            found.get(q.id) or QuestionResult(q.id, q.criterion_id, q.text, marked=False)
            for q in self.framework.questions
        )
        criteria = tuple(
            rate_criterion(criterion, questions, policy, not_marked=not_marked)
            for criterion in self.framework.criteria
        )
        return WorkbookFigures(audit=audit, questions=questions, criteria=criteria)


def figures_from_report(document: object, source: str, framework: Framework) -> WorkbookFigures:
    """A JSON report's figures: its one workbook's, or the pooled figures of a batch."""
    return _ReportReader(source, framework).figures(document)


def read_report(path: Path, framework: Framework, limits: Limits | None = None) -> WorkbookFigures:
    display = str(path)
    limit = (limits or Limits()).max_file_bytes
    try:
        if path.stat().st_size > limit:
            raise SqsError.of(
                "limit-exceeded", f"the report is larger than {limit} bytes", file=display
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SqsError.of("file-not-found", "no such file", file=display) from None
    except IsADirectoryError:
        raise SqsError.of(
            "file-unreadable", "is a folder, not a JSON report", file=display
        ) from None
    except UnicodeDecodeError:
        raise SqsError.of("invalid-report", "not UTF-8 text", file=display) from None
    except OSError as error:
        raise SqsError.of(
            "file-unreadable", f"cannot read: {error.strerror or error}", file=display
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SqsError.of(
            "invalid-report",
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            file=display,
        ) from None
    return figures_from_report(document, display, framework)


def load_figures(path: Path, framework: Framework) -> WorkbookFigures:
    """A `.json` path is read as a JSON report; anything else is scored as a workbook."""
    if path.suffix.lower() == ".json":
        return read_report(path, framework)
    from sqs_cli.api import score_workbooks

    # In a worker, as `sqs score` reads: a crash in the reading library costs this file only.
    [result] = score_workbooks([path], framework).workbooks
    return figures_from_result(result)


def compare_sources(before: Path, after: Path, framework: Framework) -> Comparison:
    """Read both audits (workbooks or JSON reports) and compare them."""
    return compare(load_figures(before, framework), load_figures(after, framework), framework)


# --- Writers ------------------------------------------------------------------------------

# Format name -> (module, function), imported on demand as the score writers are.
_WRITERS: dict[str, tuple[str, str]] = {
    "table": ("sqs_cli.writers.compare_table", "write_compare_table"),
    "json": ("sqs_cli.writers.compare_json", "write_compare_json"),
    "markdown": ("sqs_cli.writers.compare_markdown", "write_compare_markdown"),
}
FORMATS = tuple(_WRITERS)


def write_comparison(
    format_name: str, comparison: Comparison, stream: TextIO, options: OutputOptions
) -> None:
    import importlib

    if format_name not in _WRITERS:
        raise ValueError(f"compare writes {', '.join(FORMATS)}, not {format_name!r}")
    module_name, function_name = _WRITERS[format_name]
    writer = getattr(importlib.import_module(module_name), function_name)
    writer(comparison, stream, options)


def render_comparison(format_name: str, comparison: Comparison, options: OutputOptions) -> str:
    import io

    text = io.StringIO()
    write_comparison(format_name, comparison, text, options)
    return text.getvalue()
