"""The scoring core: pure functions from a Marking and a Framework to results.

The rules are the README's "Ratings" section and docs/frameworks.md.

No I/O here. Proportions are exact fractions, so that 13 out of 20 is exactly the 65%
threshold and never a float a hair below it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction

from sqs_cli.framework import Criterion, Framework, RatingPolicy
from sqs_cli.judgements import Judgement
from sqs_cli.marking import CaseKey, EnteredRating, Marking
from sqs_cli.problems import Problem, Severity, escalate_unmarked, problem
from sqs_cli.results import (
    COUNT_FIELDS,
    CriterionResult,
    GroupResult,
    OverallResult,
    QuestionResult,
    Report,
    Status,
    WorkbookResult,
)
from sqs_cli.settings import FailOn
from sqs_cli.statistics import wilson_interval


def count_question(
    question_id: str,
    criterion_id: str,
    text: str,
    counts: Mapping[Judgement, int],
    *,
    marked: bool,
    min_relevant: int,
) -> QuestionResult:
    """A question's six counts, from how many cases got each judgement."""
    sufficient = counts.get(Judgement.SUFFICIENT, 0)
    insufficient = counts.get(Judgement.INSUFFICIENT, 0)
    not_done = counts.get(Judgement.NOT_DONE, 0)
    return QuestionResult(
        id=question_id,
        criterion=criterion_id,
        text=text,
        sufficient=sufficient,
        insufficient=insufficient,
        not_done=not_done,
        not_applicable=counts.get(Judgement.NOT_APPLICABLE, 0),
        unmarked=counts.get(Judgement.UNMARKED, 0),
        invalid=counts.get(Judgement.INVALID, 0),
        marked=marked,
        ratable=marked and sufficient + insufficient + not_done >= min_relevant,
    )


def rate_criterion(
    criterion: Criterion,
    questions: Iterable[QuestionResult],
    policy: RatingPolicy,
    *,
    not_marked: str = "not marked in this workbook",
) -> CriterionResult:
    """The criterion's proportion and band, from its ratable questions, by the policy."""
    own = [question for question in questions if question.criterion == criterion.id]
    return _rate(criterion, own, policy, policy.float_minimums, not_marked=not_marked)


def _rate(
    criterion: Criterion,
    own: Sequence[QuestionResult],
    policy: RatingPolicy,
    minimums: tuple[float, ...],
    *,
    not_marked: str = "not marked in this workbook",
) -> CriterionResult:
    """rate_criterion, given the criterion's own questions and the band minimums as
    floats: a batch rates thirteen criteria in every one of thousands of workbooks."""
    ratable = [question for question in own if question.ratable]
    if not ratable:
        if not any(question.marked for question in own):
            reason = not_marked
        else:
            reason = f"no question has {policy.min_relevant} or more relevant cases"
        return CriterionResult(
            id=criterion.id,
            title=criterion.title,
            theme=criterion.theme_id,
            proportion=None,
            band=None,
            driven_by=None,
            not_rated_reason=reason,
            group=criterion.group,
        )
    if policy.aggregation == "pooled":
        sufficient = sum(question.sufficient for question in ratable)
        relevant = sum(question.relevant for question in ratable)
        driven_by = None
    else:
        # The first of equal proportions is kept: ties go to framework order. N/M is
        # compared with N'/M' exactly, as N x M' against N' x M.
        lowest = ratable[0]
        for question in ratable[1:]:
            if question.sufficient * lowest.relevant < lowest.sufficient * question.relevant:
                lowest = question
        sufficient, relevant, driven_by = lowest.sufficient, lowest.relevant, lowest.id
    proportion = Fraction(sufficient, relevant)
    band = policy.band_of(sufficient, relevant)
    return CriterionResult(
        id=criterion.id,
        title=criterion.title,
        theme=criterion.theme_id,
        proportion=proportion,
        band=band,
        driven_by=driven_by,
        sufficient=sufficient,
        relevant=relevant,
        uncertain=_bands_reached(sufficient, relevant, minimums) > 1,
        group=criterion.group,
        figures_band=band,
    )


NOT_ENTERED = "no rating it can use on the Ratings sheet"


def rate_entered(
    criterion: Criterion,
    rated: CriterionResult | None,
    entered: EnteredRating | None,
    policy: RatingPolicy,
    *,
    not_entered: str = NOT_ENTERED,
) -> CriterionResult:
    """A criterion's rating with what the Ratings sheet says.

    A criterion rated by judgement takes the entered rating (rated is not used). One rated
    from the cases keeps its figures' rating (figures_band) and, where the entered rating
    may replace it (the framework allows it, and a reason is given: entered.usable),
    takes the entered one as its rating; the entered rating is kept either way, to be
    shown beside the figures'.
    """
    if criterion.rated_by == "judgement":
        band = policy.band_named(entered.rating) if entered is not None else None
        return CriterionResult(
            id=criterion.id,
            title=criterion.title,
            theme=criterion.theme_id,
            proportion=None,
            band=band,
            driven_by=None,
            not_rated_reason=None if band is not None else not_entered,
            rated_by="judgement",
            entered=entered,
        )
    assert rated is not None
    rated = rated._replace(entered=entered)
    if entered is None or not entered.usable:
        return rated
    band = policy.band_named(entered.rating)
    if band is None or band == rated.figures_band:
        return rated
    # The inspectors' rating, not the figures': the figures' uncertainty is not its own.
    return rated._replace(band=band, uncertain=False, not_rated_reason=None)


def overall_of(framework: Framework, criteria: Iterable[CriterionResult]) -> OverallResult | None:
    """The overall rating by the framework's rule; not rated, naming them, while any
    counted criterion has no rating."""
    policy = framework.overall
    if policy is None:
        return None
    bands = {criterion.id: criterion.band for criterion in criteria}
    missing = tuple(criterion for criterion in policy.counted if bands.get(criterion) is None)
    if missing:
        return OverallResult(band=None, total=None, maximum=policy.maximum, missing=missing)
    total = 0
    for criterion in policy.counted:
        band = bands[criterion]
        assert band is not None
        total += policy.points_for(band)
    return OverallResult(band=policy.band_of(total), total=total, maximum=policy.maximum)


def group_results(
    framework: Framework, group_cases: Iterable[tuple[str, int]]
) -> tuple[GroupResult, ...]:
    """Each case group of the framework with its cases and criteria."""
    cases = dict(group_cases)
    return tuple(
        GroupResult(
            id=group.id,
            title=group.title,
            column=group.column,
            cases=cases.get(group.id, 0),
            criteria=tuple(c.id for c in framework.criteria if c.group == group.id),
        )
        for group in framework.groups
    )


def rate_criteria(
    framework: Framework,
    questions: Sequence[QuestionResult],
    entered: Iterable[EnteredRating] = (),
    *,
    not_marked: str = "not marked in this workbook",
    not_entered: str = NOT_ENTERED,
) -> tuple[CriterionResult, ...]:
    """Every criterion rated: from its questions' figures by the policy, or by the
    ratings entered on the Ratings sheet."""
    policy = framework.rating
    by_criterion: dict[str, list[QuestionResult]] = {}
    for question in questions:
        by_criterion.setdefault(question.criterion, []).append(question)
    entered_for = {rating.criterion: rating for rating in entered}
    minimums = policy.float_minimums
    criteria = []
    for criterion in framework.criteria:
        rated = None
        if criterion.rated_by == "cases":
            rated = _rate(
                criterion,
                by_criterion.get(criterion.id, []),
                policy,
                minimums,
                not_marked=not_marked,
            )
            if not entered_for:
                criteria.append(rated)
                continue
        criteria.append(
            rate_entered(
                criterion, rated, entered_for.get(criterion.id), policy, not_entered=not_entered
            )
        )
    return tuple(criteria)


def bands_within_interval(sufficient: int, relevant: int, policy: RatingPolicy) -> int:
    """How many bands the 95% interval around N out of M reaches: 1 means the rating is
    secure; more means a different sample of cases could well have rated it otherwise."""
    return _bands_reached(sufficient, relevant, policy.float_minimums)


def _bands_reached(sufficient: int, relevant: int, minimums: tuple[float, ...]) -> int:
    interval = wilson_interval(sufficient, relevant)
    if interval is None:
        return 0
    # The interval's bounds are floats, computed to a few ulps: exact fractions would
    # add cost and no truth, so they meet the band minimums as floats.
    low = next(index for index, minimum in enumerate(minimums) if interval.low >= minimum)
    high = next(index for index, minimum in enumerate(minimums) if interval.high >= minimum)
    return low - high + 1


def status_of(problems: Iterable[Problem]) -> Status:
    problems = list(problems)
    if any(problem.unreadable for problem in problems):
        return "unreadable"
    if any(problem.severity is Severity.ERROR for problem in problems):
        return "errors"
    return "ok"


def score_marking(
    marking: Marking, framework: Framework, *, strict: bool = False
) -> WorkbookResult:
    """Every question's counts, every criterion's rating, and the workbook's status."""
    policy = framework.rating
    no_marks: dict[Judgement, int] = {}
    questions = tuple(
        count_question(
            question.id,
            question.criterion_id,
            question.text,
            marking.tallies.get(question.id, no_marks),
            marked=question.id in marking.tallies,
            min_relevant=policy.min_relevant,
        )
        for question in framework.questions
    )
    criteria = rate_criteria(framework, questions, marking.entered)
    problems = escalate_unmarked(marking.problems) if strict else marking.problems
    return WorkbookResult(
        path=marking.file,
        status=status_of(problems),
        problems=problems,
        sheet=marking.sheet,
        layout=marking.layout,
        cases=len(marking.case_ids),
        sheets=marking.sheets,
        inspection=marking.inspection,
        questions=questions,
        criteria=criteria,
        groups=group_results(framework, marking.group_cases),
        ungrouped_cases=marking.ungrouped_cases,
        overall=overall_of(framework, criteria),
        case_keys=marking.case_keys,
    )


POOLED_PATH = "(all workbooks)"

# Each count field of a QuestionResult with the judgement it counts.
_COUNTED = tuple((name, Judgement(name)) for name in COUNT_FIELDS)


def pool_workbooks(workbooks: Iterable[WorkbookResult], framework: Framework) -> WorkbookResult:
    """All readable workbooks as one: per question, sum N over sum M (the regional view).

    Rated by the same policy as a single workbook, so min_relevant applies to the sums.
    """
    readable = [workbook for workbook in workbooks if workbook.status != "unreadable"]
    counts: dict[str, Counter[Judgement]] = {q.id: Counter() for q in framework.questions}
    marked: set[str] = set()
    for workbook in readable:
        for question in workbook.questions:
            total = counts[question.id]
            for name, judgement in _COUNTED:
                total[judgement] += getattr(question, name)
            if question.marked:
                marked.add(question.id)
    policy = framework.rating
    questions = tuple(
        count_question(
            question.id,
            question.criterion_id,
            question.text,
            counts[question.id],
            marked=question.id in marked,
            min_relevant=policy.min_relevant,
        )
        for question in framework.questions
    )
    # Ratings entered in several workbooks cannot be added up; one workbook pooled is
    # that workbook, its entered ratings with it.
    [only] = readable if len(readable) == 1 else [None]
    criteria = rate_criteria(
        framework,
        questions,
        () if only is None else (c.entered for c in only.criteria if c.entered is not None),
        not_marked="not marked in any workbook",
        not_entered="rated by judgement in each workbook, and not pooled",
    )
    group_cases: Counter[str] = Counter()
    for workbook in readable:
        group_cases.update({group.id: group.cases for group in workbook.groups})
    return WorkbookResult(
        path=POOLED_PATH,
        status="ok",
        problems=(),
        cases=sum(workbook.cases or 0 for workbook in readable),
        questions=questions,
        criteria=criteria,
        groups=group_results(framework, group_cases.items()),
        ungrouped_cases=sum(workbook.ungrouped_cases for workbook in readable),
        overall=overall_of(framework, criteria),
    )


def build_report(framework: Framework, workbooks: Iterable[WorkbookResult]) -> Report:
    workbooks = note_cases_in_other_workbooks(tuple(workbooks))
    return Report(
        framework=framework, workbooks=workbooks, pooled=pool_workbooks(workbooks, framework)
    )


def note_cases_in_other_workbooks(
    workbooks: tuple[WorkbookResult, ...],
) -> tuple[WorkbookResult, ...]:
    """Each workbook all of whose cases (two or more) are in earlier workbooks of the run,
    row for row (the same ID, marks and other cells), with a warning: a copy of a file left
    in the folder, whose cases the pooled figures would count twice. A few shared cases
    say nothing: two areas' case 1, marked alike, can be two children. No message names
    a case."""
    first_seen: dict[CaseKey, str] = {}
    noted: list[WorkbookResult] = []
    for workbook in workbooks:
        shared: Counter[str] = Counter()
        for key in workbook.case_keys:
            earlier = first_seen.setdefault(key, workbook.path)
            if earlier != workbook.path:
                shared[earlier] += 1
        cases = len(workbook.case_keys)
        if cases >= 2 and sum(shared.values()) == cases:
            where = " and ".join(f"{path} ({count})" for path, count in shared.items())
            warning = problem(
                "case-in-other-workbook",
                f"all {cases} of its cases are also in {where}, row for row: pooled, they "
                "count twice; if it is a copy, leave it out of the run",
                file=workbook.path,
            )
            workbook = replace(workbook, problems=(*workbook.problems, warning))  # noqa: PLW2901
        noted.append(workbook)
    return tuple(noted)


def unreadable_result(path: str, problem: Problem) -> WorkbookResult:
    return WorkbookResult(path=path, status="unreadable", problems=(problem,))


def failing_criteria(
    workbook: WorkbookResult, policy: RatingPolicy, fail_on: FailOn
) -> list[CriterionResult]:
    """The criteria whose rating the --fail-on policy fails."""
    if fail_on == "improvement":
        return workbook.areas_for_improvement
    if fail_on == "inadequate":
        lowest = policy.bands[-1]
        return [criterion for criterion in workbook.criteria if criterion.band == lowest]
    return []


def fails(workbook: WorkbookResult, policy: RatingPolicy, fail_on: FailOn) -> bool:
    """Whether the --fail-on condition is met by this workbook's ratings."""
    return bool(failing_criteria(workbook, policy, fail_on))
