"""`sqs trend`, the pure core: many audits of one service, in order, for every criterion
and question: the proportion in each audit, its interval, and whether each step from one
audit to the next is larger than chance would give.

Each step is judged exactly as `sqs compare` judges two audits (comparison.py: Newcombe's
interval for the difference, a criterion rated from different questions not compared as
one figure). An audit with no figures for an item (not marked, no relevant cases, another
framework, unreadable) is a gap: never a zero, and no step is drawn across it.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from sqs_cli.comparison import (
    Change,
    Comparison,
    Figure,
    ThemeHeading,
    WorkbookFigures,
    compare,
)
from sqs_cli.framework import Band, Framework
from sqs_cli.statistics import Interval

Order = Literal["fieldwork", "given"]


@dataclass(frozen=True)
class TrendAudit:
    """One audit of the trend, as read: its figures, or why it has none."""

    label: str
    source: str
    # The first day of fieldwork, from the Inspection sheet, when it could be read.
    fieldwork_start: datetime.date | None
    # `28 to 30 June 2016`, as every output prints fieldwork.
    fieldwork: str | None
    cases: int | None
    figures: WorkbookFigures | None
    # Why the audit has no figures ("scored with framework hmip-youth-2021").
    gap_reason: str | None = None
    errors: int = 0
    warnings: int = 0


@dataclass(frozen=True)
class Point:
    """An item's figure in one audit; None proportion where it is a gap."""

    figure: Figure | None

    @property
    def proportion(self) -> Fraction | None:
        if self.figure is None or not self.figure.relevant:
            return None
        return self.figure.proportion

    @property
    def interval(self) -> Interval | None:
        return None if self.proportion is None or self.figure is None else self.figure.interval

    @property
    def gap(self) -> bool:
        return self.proportion is None

    @property
    def rating(self) -> str | None:
        return None if self.figure is None else self.figure.rating


@dataclass(frozen=True)
class Step:
    """From one audit to the next: the change, or why there is none to give."""

    points: Fraction | None
    interval: Interval | None
    significant: bool
    reason: str | None = None


@dataclass(frozen=True)
class Series:
    id: str
    kind: Literal["criterion", "question"]
    criterion: str
    text: str
    points: tuple[Point, ...]
    # steps[i] goes from audit i to audit i + 1.
    steps: tuple[Step, ...]

    @property
    def marked(self) -> bool:
        return any(point.figure is not None and point.figure.marked for point in self.points)

    @property
    def significant_steps(self) -> list[int]:
        return [index for index, step in enumerate(self.steps) if step.significant]


@dataclass(frozen=True)
class Trend:
    framework_id: str
    framework_title: str
    audits: tuple[TrendAudit, ...]
    order: Order
    themes: tuple[ThemeHeading, ...]
    criteria: tuple[Series, ...]
    questions: tuple[Series, ...]
    # The framework's rating bands, best first: the charts draw their thresholds.
    bands: tuple[Band, ...] = ()

    def questions_of(self, criterion_id: str) -> list[Series]:
        return [series for series in self.questions if series.criterion == criterion_id]

    def criterion(self, criterion_id: str) -> Series:
        return next(series for series in self.criteria if series.id == criterion_id)

    @property
    def undated(self) -> list[TrendAudit]:
        return [audit for audit in self.audits if audit.fieldwork_start is None]


def ordered(audits: Sequence[TrendAudit]) -> tuple[tuple[TrendAudit, ...], Order]:
    """By the first day of fieldwork when every audit has one (audits of one date keep
    the order given); else in the order given, which the outputs then say."""
    if audits and all(audit.fieldwork_start is not None for audit in audits):
        by_date = sorted(audits, key=lambda audit: audit.fieldwork_start or datetime.date.min)
        return tuple(by_date), "fieldwork"
    return tuple(audits), "given"


def _gap_step(reason: str) -> Step:
    return Step(None, None, False, reason)


def _step(change: Change) -> Step:
    if change.points is None:
        return _gap_step(change.reason or "not comparable")
    return Step(change.points, change.interval, change.significant)


def trend(audits: Sequence[TrendAudit], framework: Framework) -> Trend:
    """Every criterion and question of the framework across the audits, in order."""
    in_order, order = ordered(audits)
    count = len(in_order)
    # Each audit's own figures (compared with itself), and each step between neighbours.
    own = [
        compare(audit.figures, audit.figures, framework) if audit.figures else None
        for audit in in_order
    ]
    steps = [
        compare(first.figures, second.figures, framework)
        if first.figures and second.figures
        else None
        for first, second in itertools.pairwise(in_order)
    ]

    def series(
        kind: Literal["criterion", "question"], index: int, item_id: str, criterion: str, text: str
    ) -> Series:
        def change(comparison: Comparison) -> Change:
            found = comparison.criteria if kind == "criterion" else comparison.questions
            return found[index]

        points = tuple(Point(change(c).before if c else None) for c in own)
        between = []
        for position, comparison in enumerate(steps):
            if comparison is None:
                first, second = in_order[position], in_order[position + 1]
                missing = first if first.figures is None else second
                between.append(_gap_step(missing.gap_reason or "no figures"))
            else:
                between.append(_step(change(comparison)))
        return Series(item_id, kind, criterion, text, points, tuple(between))

    criteria = tuple(
        series("criterion", index, criterion.id, criterion.id, criterion.title)
        for index, criterion in enumerate(framework.criteria)
    )
    questions = tuple(
        series("question", index, question.id, question.criterion_id, question.text)
        for index, question in enumerate(framework.questions)
    )
    assert all(len(s.points) == count for s in (*criteria, *questions))
    return Trend(
        framework_id=framework.id,
        framework_title=framework.title,
        audits=in_order,
        order=order,
        themes=tuple(
            ThemeHeading(theme.id, theme.title, tuple(c.id for c in theme.criteria))
            for theme in framework.themes
        ),
        criteria=criteria,
        questions=questions,
        bands=framework.rating.bands,
    )
