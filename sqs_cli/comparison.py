"""`sqs compare`, the pure core: two audits side by side, and which changes chance would
rarely give.

`compare` takes the figures of two audits and a framework and returns a Comparison of
plain, immutable data that every compare writer consumes (`writers/compare_*.py`). Reading
each side, from a workbook or a JSON report, is the shell's job (`audits.py`). Nothing
here reads a file or imports a writer.

A change is called significant when Newcombe's 95% interval for after - before excludes
zero: with samples of 10 to 40 cases, a rise from 5 to 9 out of 10 is not (the interval
is -0.2 to 67.6 points), one from 4 to 36 out of 40 is (docs/uncertainty.md).

A criterion's figure is that of the question that set its rating. When the two audits
rate it from different questions, its two figures measure different things: the criterion
is then not compared as one figure, and its questions say what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from sqs_cli.framework import Framework
from sqs_cli.problems import Problem, SqsError
from sqs_cli.results import CriterionResult, OverallResult, QuestionResult, WorkbookResult
from sqs_cli.safe_text import UNICODE_MARKS, Marks
from sqs_cli.statistics import Interval, difference_interval, proportion, wilson_interval

Direction = Literal["up", "down", "same"]


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
    # A workbook's own problems, for the command line to show; a JSON report has only
    # the counts in its Audit.
    problems: tuple[Problem, ...] = ()
    # The overall rating, where the framework has one.
    overall: OverallResult | None = None


@dataclass(frozen=True)
class Figure:
    """N out of M on one side, for a question or a criterion (rating only for criteria)."""

    sufficient: int
    relevant: int
    marked: bool
    rating: str | None = None
    # The question whose figure set the criterion's rating ("lowest" policy).
    driven_by: str | None = None
    # A question with enough relevant cases to rate by the policy; a criterion rated.
    ratable: bool = False
    # A criterion whose rating an entered rating replaced: the figures' rating.
    moved_from: str | None = None
    # A criterion rated by judgement: the rating was entered, and there is no figure.
    entered: bool = False

    @property
    def proportion(self) -> Fraction | None:
        return proportion(self.sufficient, self.relevant)

    @property
    def interval(self) -> Interval | None:
        return wilson_interval(self.sufficient, self.relevant)

    @property
    def too_few(self) -> bool:
        """Marked, with relevant cases, but too few of them to rate by the policy."""
        return self.marked and self.relevant > 0 and not self.ratable


@dataclass(frozen=True)
class RatingChange:
    before: str | None
    after: str | None
    # By the order of the framework's bands; None when either side is not rated, or the
    # two ratings come from different questions.
    direction: Direction | None

    def arrow(self, marks: Marks = UNICODE_MARKS) -> str:
        """`↑`, `↓` or `→` (in the output's marks); none where the two are not compared."""
        if self.direction is None:
            return ""
        return {"up": marks.up, "down": marks.down, "same": marks.arrow}[self.direction]

    def label(self, marks: Marks = UNICODE_MARKS) -> str:
        """`Good → Outstanding`; one name when the rating did not change."""
        before, after = self.before or "Not rated", self.after or "Not rated"
        return before if before == after else f"{before} {marks.arrow} {after}"


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
    # after - before in percentage points; None when the two figures cannot be compared.
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

    @property
    def driver_changed(self) -> bool:
        """A criterion rated on both sides, from a different question on each."""
        return (
            self.before.rating is not None
            and self.after.rating is not None
            and self.before.driven_by != self.after.driven_by
        )


@dataclass(frozen=True)
class OverallChange:
    """The overall rating before and after (None: not rated), by the order of its bands."""

    before: OverallResult
    after: OverallResult
    direction: Direction | None


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
    # None where the framework has no overall rating.
    overall: OverallChange | None = None

    def criterion(self, criterion_id: str) -> Change:
        return next(change for change in self.criteria if change.id == criterion_id)

    def questions_of(self, criterion_id: str) -> list[Change]:
        return [change for change in self.questions if change.criterion == criterion_id]

    def marked_in_either(self, criterion_id: str) -> bool:
        """Whether either audit marks any question of the criterion (or, for one rated by
        judgement, has a rating for it)."""
        change = self.criterion(criterion_id)
        if change.before.entered or change.after.entered:
            return True
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
        rating = rating_change(first.rating, second.rating, bands)
        if criterion.rated_by == "judgement":
            # No figures: the two ratings the inspectors entered are what is compared.
            criteria.append(replace(change, rating=rating, reason="rated by judgement: no figures"))
        elif change.driver_changed:
            criteria.append(_driver_changed(change))
        else:
            criteria.append(replace(change, rating=rating))
    overall = None
    if before.overall is not None and after.overall is not None and framework.overall:
        names = [band.name for band in framework.overall.bands]
        overall_rating = rating_change(before.overall.rating, after.overall.rating, names)
        overall = OverallChange(before.overall, after.overall, overall_rating.direction)
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
        overall=overall,
    )


def _driver_changed(change: Change) -> Change:
    """A criterion rated from one question before and another after: both ratings are
    shown, but neither its figure nor its rating is compared; its questions are."""
    return replace(
        change,
        points=None,
        interval=None,
        significant=False,
        reason=(
            f"rated from question {change.before.driven_by} before and "
            f"{change.after.driven_by} after: compare its questions"
        ),
        rating=RatingChange(change.before.rating, change.after.rating, direction=None),
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
    return Figure(
        question.sufficient, question.relevant, marked=question.marked, ratable=question.ratable
    )


def _criterion_figure(criterion: CriterionResult | None, marked: bool) -> Figure:
    if criterion is None or criterion.band is None:
        return Figure(0, 0, marked=marked)
    if criterion.proportion is None:
        # Rated by the inspectors, with no figure: entered, or moved from no rating.
        return Figure(
            0,
            0,
            marked=marked or criterion.rated_by == "judgement",
            rating=criterion.band.name,
            ratable=True,
            moved_from=criterion.figures_rating if criterion.moved else None,
            entered=criterion.rated_by == "judgement",
        )
    return Figure(
        criterion.sufficient,
        criterion.relevant,
        marked=marked,
        rating=criterion.band.name,
        driven_by=criterion.driven_by,
        ratable=True,
        moved_from=criterion.figures_rating if criterion.moved else None,
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
        problems=result.problems,
        overall=result.overall,
    )
