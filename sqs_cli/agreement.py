"""`sqs agree`, the pure core: how far two or more markers of the same cases agree.

Each marker's workbook gives a judgement per case and question (reading/case_marks.py).
A question is compared on the cases every marker judged validly (one of the four
judgements; an empty or invalid cell leaves the case out of that question, counted); the
judgements are compared on the four categories, or with `binary` on sufficient against
everything else (insufficient, not done, not applicable). For each question, and overall
(every case and question as one pool): percent agreement with its Wilson interval, Cohen's
kappa for two markers or Fleiss' kappa for more, and Gwet's AC1, each with its 95%
interval and Landis and Koch's reading. The cells where markers differ are listed, and
cases and questions that not every workbook has are reported, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement
from sqs_cli.kappa import (
    Coefficient,
    cohen_kappa,
    contingency,
    fleiss_kappa,
    gwet_ac1,
    rating_counts,
)
from sqs_cli.statistics import Interval, proportion, wilson_interval

FOUR_CATEGORIES = (
    Judgement.SUFFICIENT,
    Judgement.INSUFFICIENT,
    Judgement.NOT_DONE,
    Judgement.NOT_APPLICABLE,
)
BINARY_CATEGORIES = ("sufficient", "not sufficient")
KappaKind = Literal["cohen", "fleiss"]

# Case ID -> question ID -> judgement, as one marker's workbook gives them.
CaseJudgements = Mapping[str, Mapping[str, Judgement]]


@dataclass(frozen=True)
class Marker:
    """One marker's workbook: as given on the command line, and what was wrong in it."""

    source: str
    cases: int
    errors: int = 0
    warnings: int = 0


@dataclass(frozen=True)
class MarkerMarks:
    marker: Marker
    judgements: CaseJudgements
    # The questions the workbook has a column (or rows) for.
    questions: frozenset[str]


@dataclass(frozen=True)
class Figures:
    """Agreement over a set of cases (one question's, or the pool of all)."""

    # Cases every marker judged validly: the cases compared.
    compared: int
    # Of those, the cases on which every marker gave the same judgement.
    agreeing: int
    kappa_kind: KappaKind
    kappa: Coefficient
    ac1: Coefficient
    # Cases in every workbook left out because some marker's cell was empty or invalid.
    left_out: int = 0

    @property
    def percent(self) -> Fraction | None:
        return proportion(self.agreeing, self.compared)

    @property
    def interval(self) -> Interval | None:
        return wilson_interval(self.agreeing, self.compared)

    @property
    def differing(self) -> int:
        return self.compared - self.agreeing


@dataclass(frozen=True)
class QuestionAgreement:
    id: str
    criterion: str
    text: str
    # For each marker, whether its workbook marks the question.
    marked_by: tuple[bool, ...]
    figures: Figures | None

    @property
    def marked_by_all(self) -> bool:
        return all(self.marked_by)


@dataclass(frozen=True)
class Difference:
    """A cell where the markers differ: no free text, only the judgements."""

    case_id: str
    question: str
    judgements: tuple[Judgement | None, ...]


@dataclass(frozen=True)
class CaseCoverage:
    """A case that not every workbook has: which have it."""

    case_id: str
    present: tuple[bool, ...]


@dataclass(frozen=True)
class Agreement:
    framework_id: str
    framework_title: str
    binary: bool
    markers: tuple[Marker, ...]
    questions: tuple[QuestionAgreement, ...]
    overall: Figures
    differences: tuple[Difference, ...]
    # Cases in every workbook, and cases only some workbooks have.
    common_cases: int
    partial_cases: tuple[CaseCoverage, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        return BINARY_CATEGORIES if self.binary else tuple(c.value for c in FOUR_CATEGORIES)

    @property
    def agenda(self) -> list[tuple[QuestionAgreement, Figures]]:
        """The questions with differences, most first (then lowest agreement, then
        framework order): what the moderation meeting should discuss."""
        with_differences = [
            (-figures.differing, figures.percent or Fraction(0), position, question, figures)
            for position, question in enumerate(self.questions)
            if (figures := question.figures) is not None and figures.differing
        ]
        with_differences.sort(key=lambda item: item[:3])
        return [(item[3], item[4]) for item in with_differences]

    @property
    def questions_not_marked_by_all(self) -> list[QuestionAgreement]:
        return [q for q in self.questions if any(q.marked_by) and not q.marked_by_all]


def category(judgement: Judgement, *, binary: bool) -> str:
    if binary:
        return BINARY_CATEGORIES[0 if judgement is Judgement.SUFFICIENT else 1]
    return judgement.value


def figures(
    ratings: Sequence[Sequence[str]], categories: Sequence[str], markers: int, left_out: int = 0
) -> Figures:
    """Agreement over cases, each given as every marker's category, in marker order."""
    agreeing = sum(1 for case in ratings if len(set(case)) == 1)
    counts = rating_counts(ratings, categories)
    if markers == 2:
        pairs = [(case[0], case[1]) for case in ratings]
        kind: KappaKind = "cohen"
        kappa = cohen_kappa(contingency(pairs, categories))
    else:
        kind = "fleiss"
        kappa = fleiss_kappa(counts)
    return Figures(len(ratings), agreeing, kind, kappa, gwet_ac1(counts), left_out)


def agree(
    workbooks: Sequence[MarkerMarks], framework: Framework, *, binary: bool = False
) -> Agreement:
    """The agreement of two or more markers' workbooks of the same cases."""
    if len(workbooks) < 2:
        raise ValueError("agreement needs two or more markers")
    categories: Sequence[str] = (
        BINARY_CATEGORIES if binary else tuple(c.value for c in FOUR_CATEGORIES)
    )
    case_sets = [set(workbook.judgements) for workbook in workbooks]
    common = set.intersection(*case_sets)
    every_case = set.union(*case_sets)
    # Common cases in the order of the first workbook that has them.
    ordered = [case for workbook in workbooks for case in workbook.judgements]
    order = {case: position for position, case in reversed(list(enumerate(ordered)))}
    common_cases = sorted(common, key=order.__getitem__)
    questions: list[QuestionAgreement] = []
    differences: list[Difference] = []
    pooled: list[list[str]] = []
    pooled_left_out = 0
    for question in framework.questions:
        marked_by = tuple(question.id in workbook.questions for workbook in workbooks)
        if not all(marked_by):
            questions.append(
                QuestionAgreement(
                    question.id, question.criterion_id, question.text, marked_by, None
                )
            )
            continue
        ratings: list[list[str]] = []
        left_out = 0
        for case in common_cases:
            given = tuple(workbook.judgements[case].get(question.id) for workbook in workbooks)
            if not all(judgement in FOUR_CATEGORIES for judgement in given):
                left_out += 1
                if len(set(given)) > 1:
                    differences.append(Difference(case, question.id, given))
                continue
            compared = [category(j, binary=binary) for j in given if j is not None]
            ratings.append(compared)
            if len(set(compared)) > 1:
                differences.append(Difference(case, question.id, given))
        pooled.extend(ratings)
        pooled_left_out += left_out
        questions.append(
            QuestionAgreement(
                question.id,
                question.criterion_id,
                question.text,
                marked_by,
                figures(ratings, categories, len(workbooks), left_out),
            )
        )
    partial = [
        CaseCoverage(case, tuple(case in cases for cases in case_sets))
        for case in sorted(every_case - common, key=order.__getitem__)
    ]
    return Agreement(
        framework_id=framework.id,
        framework_title=framework.title,
        binary=binary,
        markers=tuple(workbook.marker for workbook in workbooks),
        questions=tuple(questions),
        overall=figures(pooled, categories, len(workbooks), pooled_left_out),
        differences=tuple(differences),
        common_cases=len(common_cases),
        partial_cases=tuple(partial),
    )
