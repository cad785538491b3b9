"""The result model every output writer consumes: plain, immutable data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, NamedTuple

from sqs_cli.framework import Band, Framework, OverallBand, RatedBy
from sqs_cli.inspection import label as inspection_label
from sqs_cli.marking import CaseKey, EnteredRating, InspectionValue, Layout, SheetSummary
from sqs_cli.problems import Problem, Severity
from sqs_cli.statistics import Interval, proportion, wilson_interval

Status = Literal["ok", "errors", "unreadable"]

# The six counts of a question, named as in the JSON report and as the Judgement values.
COUNT_FIELDS = ("sufficient", "insufficient", "not_done", "not_applicable", "unmarked", "invalid")


class QuestionResult(NamedTuple):
    id: str
    criterion: str
    text: str
    sufficient: int = 0
    insufficient: int = 0
    not_done: int = 0
    not_applicable: int = 0
    unmarked: int = 0
    invalid: int = 0
    # False when the workbook has no column (or, long layout, no row) for the question.
    marked: bool = True
    ratable: bool = False

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNT_FIELDS}

    @property
    def relevant(self) -> int:
        """M: the cases the question applies to. N/A, unmarked and invalid are left out."""
        return self.sufficient + self.insufficient + self.not_done

    @property
    def proportion(self) -> Fraction | None:
        return proportion(self.sufficient, self.relevant)

    @property
    def interval(self) -> Interval | None:
        """The 95% Wilson interval around the proportion; None where M is 0."""
        return wilson_interval(self.sufficient, self.relevant)


class CriterionResult(NamedTuple):
    id: str
    title: str
    theme: str
    proportion: Fraction | None
    band: Band | None
    # The question whose figure set the rating ("lowest" policy); None when pooled.
    driven_by: str | None
    # N and M behind the proportion: the driving question's, or the pooled sums.
    sufficient: int = 0
    relevant: int = 0
    # Why there is no rating, in words, when band is None.
    not_rated_reason: str | None = None
    # The 95% interval around the proportion reaches into another band (of the figures'
    # rating: False where an entered rating replaced it).
    uncertain: bool = False
    # "judgement": the rating is the one entered on the Ratings sheet; there are no figures.
    rated_by: RatedBy = "cases"
    # The case group the criterion's questions apply to; None: every case.
    group: str | None = None
    # The rating entered on the Ratings sheet for it, used or not.
    entered: EnteredRating | None = None
    # Rated from the cases: the band its figures give, whatever rating is used.
    figures_band: Band | None = None

    @property
    def rating(self) -> str | None:
        return self.band.name if self.band else None

    @property
    def figures_rating(self) -> str | None:
        return self.figures_band.name if self.figures_band else None

    @property
    def moved(self) -> bool:
        """Rated from the cases, and an entered rating replaced the figures' one."""
        return (
            self.rated_by == "cases"
            and self.entered is not None
            and self.entered.usable
            and self.band != self.figures_band
        )

    @property
    def interval(self) -> Interval | None:
        return wilson_interval(self.sufficient, self.relevant) if self.band else None


class OverallResult(NamedTuple):
    """The overall rating: each counted criterion's points added, the total banded."""

    band: OverallBand | None
    total: int | None
    maximum: int
    # The counted criteria without a rating: while any is, there is no overall rating
    # (never a total over a partial set).
    missing: tuple[str, ...] = ()

    @property
    def rating(self) -> str | None:
        return self.band.name if self.band else None


class GroupResult(NamedTuple):
    """A case group of the framework, and how many of the workbook's cases are in it."""

    id: str
    title: str
    column: str
    cases: int
    # The criteria whose questions apply to its cases.
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class WorkbookResult:
    path: str
    status: Status
    problems: tuple[Problem, ...]
    sheet: str | None = None
    layout: Layout | None = None
    cases: int | None = None
    # Every cases sheet read: pooled, their cases are `cases`.
    sheets: tuple[SheetSummary, ...] = ()
    inspection: Mapping[str, InspectionValue] = field(default_factory=dict)
    questions: tuple[QuestionResult, ...] = ()
    criteria: tuple[CriterionResult, ...] = ()
    # The framework's case groups with their cases, and the cases in no group.
    groups: tuple[GroupResult, ...] = ()
    ungrouped_cases: int = 0
    # None where the framework has no overall rating.
    overall: OverallResult | None = None
    # Each case's ID and a checksum of its marks (ReadOptions.case_keys), kept in memory
    # only to find the same case in two workbooks of one run: never written to any
    # output, and not part of the figures.
    case_keys: tuple[CaseKey, ...] = field(default=(), repr=False, compare=False)

    @property
    def label(self) -> str:
        """What people call the workbook: its area, else its service, else the file's name."""
        return inspection_label(self.inspection, self.path)

    @property
    def strengths(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.band and c.band.finding == "strength"]

    @property
    def areas_for_improvement(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.band and c.band.finding == "improvement"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


class Run(NamedTuple):
    """What a run of sqs was asked to do, kept apart from the figures: the JSON report
    records it so that the shards of one run can be checked and pooled (`sqs merge`)."""

    # The PATH arguments as given (or read from standard input), before expansion.
    inputs: tuple[str, ...] = ()
    # (K, N) for `--shard K/N`; None for a whole run.
    shard: tuple[int, int] | None = None
    # When the report was made, ISO 8601 in UTC; None when the library made it.
    created: str | None = None


class Summary(NamedTuple):
    workbooks: int
    ok: int
    errors: int
    unreadable: int


@dataclass(frozen=True)
class Report:
    framework: Framework
    workbooks: tuple[WorkbookResult, ...]
    # Every readable workbook's marks added together, rated by the same policy.
    pooled: WorkbookResult
    # What the run was asked to do (the command line sets it); never part of the figures.
    run: Run = field(default_factory=Run)

    @property
    def summary(self) -> Summary:
        statuses = [workbook.status for workbook in self.workbooks]
        return Summary(
            workbooks=len(statuses),
            ok=statuses.count("ok"),
            errors=statuses.count("errors"),
            unreadable=statuses.count("unreadable"),
        )
