"""sqs_cli.scoring: counting marks, rating criteria by the policy (the README's "Ratings"),
workbook status and --fail-on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction

import pytest

from sqs_cli.figures import overall_text
from sqs_cli.framework import Framework, load_builtin, parse_framework
from sqs_cli.judgements import Judgement
from sqs_cli.marking import EnteredRating, Marking
from sqs_cli.problems import Problem, Severity, problem
from sqs_cli.results import CriterionResult, OverallResult, QuestionResult, WorkbookResult
from sqs_cli.scoring import (
    FailOn,
    build_report,
    count_question,
    fails,
    note_cases_in_other_workbooks,
    rate_criterion,
    score_marking,
    status_of,
    unreadable_result,
)

YES, NO, NOT_DONE, NA, EMPTY, BAD = (
    Judgement.SUFFICIENT,
    Judgement.INSUFFICIENT,
    Judgement.NOT_DONE,
    Judgement.NOT_APPLICABLE,
    Judgement.UNMARKED,
    Judgement.INVALID,
)

MINI_TOML = """
id = "mini"
title = "Mini"

[rating]
aggregation = "{aggregation}"
min_relevant = {min_relevant}

[[rating.bands]]
name = "Outstanding"
min = 0.8
finding = "strength"

[[rating.bands]]
name = "Good"
min = 0.65

[[rating.bands]]
name = "Requires improvement"
min = 0.5
finding = "improvement"

[[rating.bands]]
name = "Inadequate"
min = 0
finding = "improvement"

[[themes]]
id = "A"
title = "Theme A"

[[themes.criteria]]
id = "A.1"
title = "Three questions"
questions = [
    {{ id = "a1", text = "First?" }},
    {{ id = "a2", text = "Second?" }},
    {{ id = "a3", text = "Third?" }},
]

[[themes.criteria]]
id = "A.2"
title = "One question"
questions = [{{ id = "b1", text = "Only?" }}]

[[themes]]
id = "B"
title = "Theme B"

[[themes.criteria]]
id = "B.1"
title = "Two questions"
questions = [{{ id = "c1", text = "One?" }}, {{ id = "c2", text = "Two?" }}]
"""


def mini(aggregation: str = "lowest", min_relevant: int = 5) -> Framework:
    """A small framework: A.1 (a1, a2, a3), A.2 (b1), B.1 (c1, c2)."""
    text = MINI_TOML.format(aggregation=aggregation, min_relevant=min_relevant)
    return parse_framework(text, source="mini.toml")


def column(
    sufficient: int = 0,
    insufficient: int = 0,
    not_done: int = 0,
    not_applicable: int = 0,
    unmarked: int = 0,
    invalid: int = 0,
) -> list[Judgement]:
    """One question's judgements, one per case."""
    return (
        [YES] * sufficient
        + [NO] * insufficient
        + [NOT_DONE] * not_done
        + [NA] * not_applicable
        + [EMPTY] * unmarked
        + [BAD] * invalid
    )


def marking(
    columns: Mapping[str, Sequence[Judgement]],
    *,
    problems: Sequence[Problem] = (),
) -> Marking:
    """A wide-layout marking: one column per question, each holding these judgements."""
    cases = max((len(judgements) for judgements in columns.values()), default=0)
    return Marking(
        file="marking.xlsx",
        sheet="Cases",
        layout="wide",
        case_ids=tuple(f"C{number:02d}" for number in range(1, cases + 1)),
        tallies={question_id: Counter(judgements) for question_id, judgements in columns.items()},
        inspection={},
        descriptive_columns={},
        problems=tuple(problems),
    )


def question_result(workbook: WorkbookResult, question_id: str) -> QuestionResult:
    [found] = [question for question in workbook.questions if question.id == question_id]
    return found


def criterion_result(workbook: WorkbookResult, criterion_id: str) -> CriterionResult:
    [found] = [criterion for criterion in workbook.criteria if criterion.id == criterion_id]
    return found


def unmarked_warning(cell: str = "C3") -> Problem:
    return problem("unmarked", "empty mark cell", file="marking.xlsx", sheet="Cases", cell=cell)


# --- Counting one question ---------------------------------------------------------------


def test_count_question_six_counts() -> None:
    judgements = [YES, NO, NA, YES, NOT_DONE, EMPTY, BAD, YES, NO, NA, NA]
    result = count_question("q1", "c1", "Text?", Counter(judgements), marked=True, min_relevant=5)
    assert result == QuestionResult(
        id="q1",
        criterion="c1",
        text="Text?",
        sufficient=3,
        insufficient=2,
        not_done=1,
        not_applicable=3,
        unmarked=1,
        invalid=1,
        marked=True,
        ratable=True,
    )
    assert result.relevant == 6
    assert result.proportion == Fraction(1, 2)


def test_not_done_counts_against_like_insufficient() -> None:
    result = count_question(
        "q",
        "c",
        "t",
        Counter(column(sufficient=8, insufficient=1, not_done=1)),
        marked=True,
        min_relevant=5,
    )
    assert result.relevant == 10
    assert result.proportion == Fraction(4, 5)


@pytest.mark.parametrize(
    "judgements",
    [column(not_applicable=7), column(unmarked=4), column(invalid=2), []],
    ids=["all-na", "all-unmarked", "all-invalid", "no-cases"],
)
def test_proportion_is_none_when_no_case_is_relevant(judgements: list[Judgement]) -> None:
    result = count_question("q", "c", "t", Counter(judgements), marked=True, min_relevant=1)
    assert result.relevant == 0
    assert result.proportion is None
    assert result.ratable is False


@pytest.mark.parametrize(
    ("judgements", "marked", "min_relevant", "ratable"),
    [
        (column(sufficient=4, not_applicable=6), True, 5, False),
        (column(sufficient=5, not_applicable=6), True, 5, True),
        (column(insufficient=2, not_done=3), True, 5, True),
        (column(sufficient=4, unmarked=3, invalid=3), True, 5, False),
        (column(sufficient=20), False, 5, False),
        (column(sufficient=1), True, 1, True),
    ],
    ids=["4<5", "5=5", "fails-count", "unmarked-invalid-not-relevant", "unmarked-question", "min1"],
)
def test_ratable_needs_min_relevant_relevant_cases(
    judgements: list[Judgement], marked: bool, min_relevant: int, ratable: bool
) -> None:
    result = count_question(
        "q", "c", "t", Counter(judgements), marked=marked, min_relevant=min_relevant
    )
    assert result.ratable is ratable


def test_all_not_applicable_question() -> None:
    workbook = score_marking(marking({"a1": column(not_applicable=12)}), mini())
    a1 = question_result(workbook, "a1")
    assert (a1.sufficient, a1.insufficient, a1.not_done, a1.not_applicable) == (0, 0, 0, 12)
    assert a1.relevant == 0
    assert a1.proportion is None
    assert a1.marked is True
    assert a1.ratable is False
    a_1 = criterion_result(workbook, "A.1")
    assert a_1.band is None
    assert a_1.rating is None
    assert a_1.not_rated_reason is not None
    assert a_1.not_rated_reason != "not marked in this workbook"


# --- Scoring a whole marking ---------------------------------------------------------------


def test_score_marking_counts_every_framework_question_in_order() -> None:
    builtin = load_builtin()
    judgements = {
        "1.1a": [YES, YES, NO, NOT_DONE, NA, EMPTY, BAD, YES],
        "2.3a": [NA, NA, YES, NO, YES, YES, YES, YES],
    }
    problems = [unmarked_warning("B7")]
    workbook = score_marking(marking(judgements, problems=problems), builtin)
    assert [question.id for question in workbook.questions] == [
        question.id for question in builtin.questions
    ]
    assert [criterion.id for criterion in workbook.criteria] == [
        criterion.id for criterion in builtin.criteria
    ]
    assert question_result(workbook, "1.1a") == QuestionResult(
        id="1.1a",
        criterion="1.1",
        text="Were the factors linked to offending assessed well enough?",
        sufficient=3,
        insufficient=1,
        not_done=1,
        not_applicable=1,
        unmarked=1,
        invalid=1,
        marked=True,
        ratable=True,
    )
    two_three_a = question_result(workbook, "2.3a")
    assert (two_three_a.sufficient, two_three_a.insufficient, two_three_a.relevant) == (5, 1, 6)
    assert two_three_a.not_applicable == 2
    assert workbook.path == "marking.xlsx"
    assert workbook.sheet == "Cases"
    assert workbook.layout == "wide"
    assert workbook.cases == 8
    assert workbook.problems == tuple(problems)
    assert workbook.status == "ok"


def test_questions_without_a_column_are_reported_as_not_marked() -> None:
    workbook = score_marking(marking({"a1": column(sufficient=6)}), mini())
    a2 = question_result(workbook, "a2")
    assert a2.marked is False
    assert a2.ratable is False
    assert (a2.sufficient, a2.relevant, a2.proportion) == (0, 0, None)
    assert question_result(workbook, "a1").marked is True
    # A.1 is rated on a1 alone; a2 and a3 (no column) do not pull it down.
    a_1 = criterion_result(workbook, "A.1")
    assert a_1.rating == "Outstanding"
    assert a_1.driven_by == "a1"
    assert a_1.proportion == Fraction(1)


def test_criterion_with_no_marked_question_is_not_marked_in_this_workbook() -> None:
    workbook = score_marking(marking({"a1": column(sufficient=6)}), mini())
    for criterion_id in ("A.2", "B.1"):
        criterion = criterion_result(workbook, criterion_id)
        assert criterion.band is None
        assert criterion.rating is None
        assert criterion.proportion is None
        assert criterion.driven_by is None
        assert criterion.not_rated_reason == "not marked in this workbook"
    assert criterion_result(workbook, "A.1").not_rated_reason is None


def test_marked_column_with_no_marks_is_marked() -> None:
    # A column exists for c1 but every cell in it is empty.
    workbook = score_marking(
        marking({"c1": column(unmarked=6)}, problems=[unmarked_warning()]), mini()
    )
    c1 = question_result(workbook, "c1")
    assert c1.marked is True
    assert c1.unmarked == 6
    b_1 = criterion_result(workbook, "B.1")
    assert b_1.band is None
    assert b_1.not_rated_reason != "not marked in this workbook"


# --- Rating a criterion: "lowest" ---------------------------------------------------------


def test_lowest_takes_the_lowest_ratable_question() -> None:
    columns = {
        "a1": column(sufficient=9, insufficient=1),
        "a2": column(sufficient=7, insufficient=2, not_done=1),
        "a3": column(sufficient=8, insufficient=2),
    }
    a_1 = criterion_result(score_marking(marking(columns), mini()), "A.1")
    assert a_1.driven_by == "a2"
    assert a_1.proportion == Fraction(7, 10)
    assert (a_1.sufficient, a_1.relevant) == (7, 10)
    assert a_1.rating == "Good"
    assert a_1.not_rated_reason is None
    assert (a_1.title, a_1.theme) == ("Three questions", "A")


@pytest.mark.parametrize(
    ("columns", "driven_by", "sufficient", "relevant"),
    [
        ({"a1": column(7, 3), "a2": column(14, 6)}, "a1", 7, 10),
        ({"a1": column(14, 6), "a2": column(7, 3)}, "a1", 14, 20),
        ({"a1": column(9, 1), "a2": column(14, 6), "a3": column(7, 3)}, "a2", 14, 20),
    ],
    ids=["7/10-then-14/20", "14/20-then-7/10", "tie-in-a2-a3"],
)
def test_lowest_ties_go_to_framework_order(
    columns: dict[str, list[Judgement]], driven_by: str, sufficient: int, relevant: int
) -> None:
    a_1 = criterion_result(score_marking(marking(columns), mini()), "A.1")
    assert a_1.driven_by == driven_by
    assert (a_1.sufficient, a_1.relevant) == (sufficient, relevant)
    assert a_1.proportion == Fraction(7, 10)


def test_ties_follow_framework_order_not_column_order() -> None:
    # The workbook has a2's column before a1's; the framework lists a1 first.
    columns = {"a2": column(7, 3), "a1": column(14, 6)}
    a_1 = criterion_result(score_marking(marking(columns), mini()), "A.1")
    assert a_1.driven_by == "a1"


def test_questions_below_min_relevant_are_reported_but_not_used() -> None:
    columns = {
        "a1": column(insufficient=4, not_applicable=6),
        "a2": column(sufficient=9, insufficient=1),
    }
    workbook = score_marking(marking(columns), mini())
    a1 = question_result(workbook, "a1")
    assert (a1.insufficient, a1.relevant, a1.proportion) == (4, 4, Fraction(0))
    assert a1.ratable is False
    a_1 = criterion_result(workbook, "A.1")
    assert a_1.driven_by == "a2"
    assert a_1.proportion == Fraction(9, 10)
    assert a_1.rating == "Outstanding"


def test_exactly_min_relevant_is_ratable() -> None:
    columns = {
        "a1": column(insufficient=5, not_applicable=5),
        "a2": column(sufficient=9, insufficient=1),
    }
    workbook = score_marking(marking(columns), mini())
    assert question_result(workbook, "a1").ratable is True
    a_1 = criterion_result(workbook, "A.1")
    assert a_1.driven_by == "a1"
    assert a_1.proportion == Fraction(0)
    assert (a_1.sufficient, a_1.relevant) == (0, 5)
    assert a_1.rating == "Inadequate"


def test_min_relevant_comes_from_the_framework() -> None:
    columns = {"a1": column(insufficient=2), "a2": column(sufficient=9, insufficient=1)}
    assert criterion_result(score_marking(marking(columns), mini()), "A.1").driven_by == "a2"
    low = mini(min_relevant=2)
    assert criterion_result(score_marking(marking(columns), low), "A.1").driven_by == "a1"


def test_no_ratable_question_means_not_rated() -> None:
    columns = {"a1": column(sufficient=2, insufficient=2), "a2": column(sufficient=1, not_done=2)}
    workbook = score_marking(marking(columns), mini())
    a_1 = criterion_result(workbook, "A.1")
    assert a_1.band is None
    assert a_1.rating is None
    assert a_1.proportion is None
    assert a_1.driven_by is None
    assert (a_1.sufficient, a_1.relevant) == (0, 0)
    assert a_1.not_rated_reason is not None
    assert "5" in a_1.not_rated_reason
    assert a_1.not_rated_reason != "not marked in this workbook"
    # The questions are still reported with their figures.
    a1, a2 = question_result(workbook, "a1"), question_result(workbook, "a2")
    assert (a1.sufficient, a1.relevant, a2.sufficient, a2.relevant) == (2, 4, 1, 3)


def test_rate_criterion_directly() -> None:
    framework = mini()
    criterion = next(c for c in framework.criteria if c.id == "B.1")
    questions = [
        count_question("c1", "B.1", "One?", Counter(column(6, 4)), marked=True, min_relevant=5),
        count_question("c2", "B.1", "Two?", Counter(column(3, 1)), marked=True, min_relevant=5),
        # Another criterion's question, lower still: not B.1's business.
        count_question("b1", "A.2", "Only?", Counter(column(0, 10)), marked=True, min_relevant=5),
    ]
    result = rate_criterion(criterion, questions, framework.rating)
    assert result == CriterionResult(
        id="B.1",
        title="Two questions",
        theme="B",
        proportion=Fraction(3, 5),
        band=framework.rating.bands[2],
        driven_by="c1",
        sufficient=6,
        relevant=10,
        not_rated_reason=None,
        uncertain=True,  # 6 of 10: the 95% interval 31% to 83% spans four bands
        figures_band=framework.rating.bands[2],
    )


@pytest.mark.parametrize(
    ("sufficient", "relevant", "bands", "uncertain"),
    [
        (95, 100, 1, False),  # 88.8% to 97.8%: Outstanding whatever the sample
        (0, 50, 1, False),  # 0% to 7.1%: Inadequate whatever the sample
        (18, 20, 2, True),  # 69.9% to 97.2%: Good or Outstanding
        (6, 10, 4, True),  # 31.3% to 83.2%
        (72, 100, 2, True),  # 62.5% to 79.9%: Requires improvement or Good
    ],
)
def test_a_rating_is_uncertain_when_its_interval_reaches_another_band(
    sufficient: int, relevant: int, bands: int, uncertain: bool
) -> None:
    from sqs_cli.scoring import bands_within_interval

    policy = load_builtin().rating
    assert bands_within_interval(sufficient, relevant, policy) == bands
    workbook = score_marking(
        marking({"5.1a": column(sufficient=sufficient, insufficient=relevant - sufficient)}),
        load_builtin(),
    )
    criterion = next(c for c in workbook.criteria if c.id == "5.1")
    assert criterion.uncertain is uncertain


# --- Rating a criterion: "pooled" ---------------------------------------------------------


def test_pooled_sums_n_and_m_over_ratable_questions() -> None:
    columns = {
        "a1": column(sufficient=9, insufficient=1),
        "a2": column(sufficient=3, insufficient=1, not_done=1),
        # Below min_relevant: reported, left out of the sums.
        "a3": column(sufficient=1, insufficient=3),
    }
    pooled = criterion_result(score_marking(marking(columns), mini("pooled")), "A.1")
    assert (pooled.sufficient, pooled.relevant) == (12, 15)
    assert pooled.proportion == Fraction(4, 5)
    assert pooled.rating == "Outstanding"
    assert pooled.driven_by is None
    lowest = criterion_result(score_marking(marking(columns), mini("lowest")), "A.1")
    assert lowest.proportion == Fraction(3, 5)
    assert lowest.rating == "Requires improvement"
    assert lowest.driven_by == "a2"


def test_pooled_with_no_ratable_question_is_not_rated() -> None:
    columns = {"a1": column(sufficient=4), "a2": column(insufficient=4)}
    pooled = criterion_result(score_marking(marking(columns), mini("pooled")), "A.1")
    assert pooled.band is None
    assert pooled.proportion is None
    assert pooled.not_rated_reason is not None


@pytest.mark.parametrize(
    ("first", "second", "rating"),
    [
        (column(8, 2), column(8, 2), "Outstanding"),
        (column(9, 1), column(6, 4), "Good"),
        (column(7, 3), column(6, 4), "Good"),
        (column(7, 3), column(5, 5), "Requires improvement"),
        (column(5, 5), column(5, 5), "Requires improvement"),
        (column(5, 5), column(4, 6), "Inadequate"),
    ],
    ids=["16/20", "15/20", "13/20", "12/20", "10/20", "9/20"],
)
def test_pooled_rating_edges(first: list[Judgement], second: list[Judgement], rating: str) -> None:
    workbook = score_marking(marking({"c1": first, "c2": second}), mini("pooled"))
    assert criterion_result(workbook, "B.1").rating == rating


# --- Rating edges on the built-in framework -----------------------------------------------


@pytest.mark.parametrize(
    ("sufficient", "rating"),
    [
        (20, "Outstanding"),
        (16, "Outstanding"),
        (15, "Good"),
        (13, "Good"),
        (12, "Requires improvement"),
        (10, "Requires improvement"),
        (9, "Inadequate"),
        (0, "Inadequate"),
    ],
    ids=lambda value: f"{value}/20" if isinstance(value, int) else None,
)
def test_rating_edges_out_of_20(sufficient: int, rating: str) -> None:
    # 2.3 has one question, 2.3a: its figure is the criterion's.
    judgements = column(sufficient=sufficient, insufficient=20 - sufficient, not_applicable=3)
    workbook = score_marking(marking({"2.3a": judgements}), load_builtin())
    two_three = criterion_result(workbook, "2.3")
    assert two_three.proportion == Fraction(sufficient, 20)
    assert (two_three.sufficient, two_three.relevant) == (sufficient, 20)
    assert two_three.rating == rating
    assert two_three.driven_by == "2.3a"


def test_not_done_pulls_a_criterion_below_an_edge() -> None:
    # 16 of 20 is Outstanding; one of the sufficient marks turned "not done" is Good.
    judgements = column(sufficient=15, insufficient=4, not_done=1)
    workbook = score_marking(marking({"2.3a": judgements}), load_builtin())
    assert criterion_result(workbook, "2.3").rating == "Good"
    assert question_result(workbook, "2.3a").not_done == 1


# --- Status, --strict and --fail-on ---------------------------------------------------------


def _problem(code: str) -> Problem:
    return problem(code, code, file="marking.xlsx", sheet="Cases", cell="B2")


@pytest.mark.parametrize(
    ("codes", "status"),
    [
        ([], "ok"),
        (["unmarked"], "ok"),
        (["unknown-question", "unmarked", "invalid-inspection-value"], "ok"),
        (["unknown-judgement"], "errors"),
        (["unmarked", "duplicate-case-id"], "errors"),
        (["corrupt-workbook"], "unreadable"),
        (["unknown-judgement", "no-case-id-header", "unmarked"], "unreadable"),
    ],
)
def test_status_of(codes: list[str], status: str) -> None:
    assert status_of(_problem(code) for code in codes) == status


def test_status_of_goes_by_severity_not_code() -> None:
    escalated = Problem("unmarked", "m", file="f", severity=Severity.ERROR)
    assert status_of([escalated]) == "errors"


@pytest.mark.parametrize(
    ("strict", "status", "severity"),
    [(False, "ok", Severity.WARNING), (True, "errors", Severity.ERROR)],
    ids=["lenient", "strict"],
)
def test_strict_turns_unmarked_warnings_into_errors(
    strict: bool, status: str, severity: Severity
) -> None:
    other = problem("unknown-question", "9.9z", file="marking.xlsx", sheet="Cases", cell="D1")
    empty = unmarked_warning("B3")
    columns = {"a1": [YES, EMPTY, YES, YES, YES, YES]}
    workbook = score_marking(marking(columns, problems=[empty, other]), mini(), strict=strict)
    assert workbook.status == status
    assert [p.code for p in workbook.problems] == ["unmarked", "unknown-question"]
    assert workbook.problems[0].severity is severity
    assert workbook.problems[0].cell == "B3"
    assert workbook.problems[1] == other
    assert len(workbook.errors) == (1 if strict else 0)
    assert len(workbook.warnings) == (1 if strict else 2)
    # The figures do not change with --strict.
    a1 = question_result(workbook, "a1")
    assert (a1.sufficient, a1.unmarked, a1.relevant) == (5, 1, 5)


def test_strict_keeps_errors_errors() -> None:
    bad = problem("unknown-judgement", "Yse", file="marking.xlsx", sheet="Cases", cell="B2")
    for strict in (False, True):
        workbook = score_marking(marking({"a1": [BAD]}, problems=[bad]), mini(), strict=strict)
        assert workbook.status == "errors"
        assert workbook.problems == (bad,)


def test_unreadable_result() -> None:
    broken = problem("corrupt-workbook", "damaged", file="broken.xlsx")
    result = unreadable_result("broken.xlsx", broken)
    assert result.status == "unreadable"
    assert result.problems == (broken,)
    assert result.criteria == ()
    assert result.strengths == []
    assert result.areas_for_improvement == []


def _scenario(name: str) -> WorkbookResult:
    """Workbooks on the built-in framework, one criterion per band that matters."""
    columns: dict[str, dict[str, list[Judgement]]] = {
        "outstanding-and-good": {"1.1a": column(9, 1), "1.2a": column(7, 3)},
        "requires-improvement": {"1.1a": column(9, 1), "1.3a": column(6, 4)},
        "inadequate": {"1.1a": column(9, 1), "2.1a": column(2, 8)},
        "not-rated": {"1.1a": column(1, 1)},
    }
    return score_marking(marking(columns[name]), load_builtin())


@pytest.mark.parametrize(
    ("scenario", "fail_on", "expected"),
    [
        ("outstanding-and-good", "never", False),
        ("outstanding-and-good", "improvement", False),
        ("outstanding-and-good", "inadequate", False),
        ("requires-improvement", "never", False),
        ("requires-improvement", "improvement", True),
        ("requires-improvement", "inadequate", False),
        ("inadequate", "never", False),
        ("inadequate", "improvement", True),
        ("inadequate", "inadequate", True),
        ("not-rated", "never", False),
        ("not-rated", "improvement", False),
        ("not-rated", "inadequate", False),
    ],
)
def test_fails(scenario: str, fail_on: FailOn, expected: bool) -> None:
    assert fails(_scenario(scenario), load_builtin().rating, fail_on) is expected


def test_fail_on_inadequate_means_the_lowest_band_of_the_framework() -> None:
    framework = parse_framework(
        MINI_TOML.format(aggregation="lowest", min_relevant=5)
        .replace('name = "Inadequate"', 'name = "Poor"')
        .replace('finding = "improvement"\n\n[[themes]]', "\n[[themes]]"),
        source="renamed.toml",
    )
    assert framework.rating.bands[-1].name == "Poor"
    assert framework.rating.bands[-1].finding is None
    workbook = score_marking(marking({"b1": column(1, 9)}), framework)
    assert criterion_result(workbook, "A.2").rating == "Poor"
    assert fails(workbook, framework.rating, "inadequate") is True
    # "Poor" has no finding here, so it is not an area for improvement.
    assert fails(workbook, framework.rating, "improvement") is False


def test_strengths_and_areas_for_improvement() -> None:
    columns = {
        "1.1a": column(9, 1),  # 1.1 Outstanding
        "1.2a": column(7, 3),  # 1.2 Good
        "1.3a": column(6, 4),  # 1.3 Requires improvement
        "2.1a": column(2, 8),  # 2.1 Inadequate
        "3.1a": column(16, 4),  # 3.1 Outstanding, exactly 80%
        "4.1a": column(2, 2),  # 4.1 too few cases to rate
    }
    workbook = score_marking(marking(columns), load_builtin())
    assert [c.id for c in workbook.strengths] == ["1.1", "3.1"]
    assert [c.id for c in workbook.areas_for_improvement] == ["1.3", "2.1"]
    assert [c.rating for c in workbook.areas_for_improvement] == [
        "Requires improvement",
        "Inadequate",
    ]
    rated = {c.id: c.rating for c in workbook.criteria if c.rating}
    assert rated == {
        "1.1": "Outstanding",
        "1.2": "Good",
        "1.3": "Requires improvement",
        "2.1": "Inadequate",
        "3.1": "Outstanding",
    }


def test_pooled_criteria_not_marked_anywhere_say_so() -> None:
    from sqs_cli.scoring import pool_workbooks

    builtin = load_builtin()
    workbook = score_marking(marking({"1.1a": [YES] * 5}), builtin)
    pooled = pool_workbooks([workbook, workbook], builtin)
    reasons = {c.id: c.not_rated_reason for c in pooled.criteria}
    assert reasons["5.1"] == "not marked in any workbook"
    assert pooled.cases == 2 * workbook.cases


# --- Ratings entered, recorded overrides and the overall rating (hmip-youth-2021) ----------


# Each case standard's questions as (sufficient, relevant); the lowest sets the rating.
YOUTH_FIGURES = {
    "2.1": ((9, 10), (8, 10), (10, 10)),  # 8 of 10: 80%, Outstanding (3)
    "2.2": ((7, 10), (9, 10), (8, 10)),  # 7 of 10: 70%, Good (2)
    "2.3": ((13, 20), (18, 20), (19, 20)),  # 13 of 20: exactly 65%, Good (2)
    "2.4": ((9, 10), (5, 10), (9, 10)),  # 5 of 10: exactly 50%, Requires improvement (1)
    "3.1": ((8, 10), (9, 10), (10, 10)),  # 8 of 10: Outstanding (3)
    "3.2": ((6, 8), (7, 8), (8, 8)),  # 6 of 8: 75%, Good (2)
    "3.3": ((7, 8), (6, 8), (7, 8)),  # 6 of 8: Good (2)
}
# 1.1 Good 2, 1.2 Outstanding 3, 1.3 Good 2, 1.4 Good 2, 3.4 Good 2; 4.1 is not counted.
YOUTH_ENTERED = {
    "1.1": "Good",
    "1.2": "Outstanding",
    "1.3": "Good",
    "1.4": "Good",
    "3.4": "Good",
    "4.1": "Inadequate",
}


def youth_marking(
    entered: Mapping[str, str] = YOUTH_ENTERED,
    overrides: Sequence[EnteredRating] = (),
) -> Marking:
    tallies = {}
    for criterion, questions in YOUTH_FIGURES.items():
        for number, (sufficient, relevant) in enumerate(questions, start=1):
            tallies[f"{criterion}.{number}"] = Counter({YES: sufficient, NO: relevant - sufficient})
    rows = {criterion: row for row, criterion in enumerate(entered, start=2)}
    return Marking(
        file="audit.xlsx",
        sheet="Cases",
        layout="wide",
        case_ids=tuple(f"C{n}" for n in range(30)),
        tallies=tallies,
        inspection={},
        descriptive_columns={},
        entered=(
            *(
                EnteredRating(criterion, rating, None, "Ratings", f"B{rows[criterion]}")
                for criterion, rating in entered.items()
            ),
            *overrides,
        ),
        group_cases=(("court", 20), ("out-of-court", 10)),
    )


@pytest.fixture(scope="module")
def youth() -> Framework:
    return load_builtin("hmip-youth-2021")


def test_the_overall_rating_adds_the_counted_standards_points(youth: Framework) -> None:
    result = score_marking(youth_marking(), youth)
    ratings = {criterion.id: criterion.rating for criterion in result.criteria}
    assert ratings == {
        "1.1": "Good",
        "1.2": "Outstanding",
        "1.3": "Good",
        "1.4": "Good",
        "2.1": "Outstanding",
        "2.2": "Good",
        "2.3": "Good",
        "2.4": "Requires improvement",
        "3.1": "Outstanding",
        "3.2": "Good",
        "3.3": "Good",
        "3.4": "Good",
        "4.1": "Inadequate",
    }
    assert result.overall == OverallResult(
        band=youth.overall.bands[1] if youth.overall else None, total=26, maximum=36
    )
    assert overall_text(result.overall) == "Overall: Good (26 out of 36)"
    assert [(g.id, g.cases, g.criteria) for g in result.groups] == [
        ("court", 20, ("2.1", "2.2", "2.3", "2.4")),
        ("out-of-court", 10, ("3.1", "3.2", "3.3")),
    ]
    judged = {c.id: c for c in result.criteria if c.rated_by == "judgement"}
    assert set(judged) == {"1.1", "1.2", "1.3", "1.4", "3.4", "4.1"}
    assert all(c.proportion is None and c.relevant == 0 for c in judged.values())
    # Findings come from every rating, entered or worked out.
    assert [c.id for c in result.strengths] == ["1.2", "2.1", "3.1"]
    assert [c.id for c in result.areas_for_improvement] == ["2.4", "4.1"]


def test_resettlement_is_rated_but_not_counted(youth: Framework) -> None:
    for rating in ("Inadequate", "Outstanding"):
        entered = {**YOUTH_ENTERED, "4.1": rating}
        result = score_marking(youth_marking(entered), youth)
        assert result.overall is not None
        assert (result.overall.total, result.overall.rating) == (26, "Good")


def test_a_counted_standard_without_a_rating_leaves_the_overall_not_rated(
    youth: Framework,
) -> None:
    entered = {key: value for key, value in YOUTH_ENTERED.items() if key not in ("1.3", "3.4")}
    result = score_marking(youth_marking(entered), youth)
    assert result.overall == OverallResult(
        band=None, total=None, maximum=36, missing=("1.3", "3.4")
    )
    assert overall_text(result.overall) == "Overall: not rated (no rating for 1.3 and 3.4)"
    not_rated = {c.id: c.not_rated_reason for c in result.criteria if c.band is None}
    assert not_rated == {
        "1.3": "no rating it can use on the Ratings sheet",
        "3.4": "no rating it can use on the Ratings sheet",
    }


def test_a_case_standard_too_small_to_rate_leaves_the_overall_not_rated(
    youth: Framework,
) -> None:
    marking = youth_marking()
    tallies = dict(marking.tallies)
    for number in (1, 2, 3):
        tallies[f"3.3.{number}"] = Counter({YES: 3, NO: 1})  # 4 relevant cases: below 5
    result = score_marking(marking._replace(tallies=tallies), youth)
    assert result.overall is not None
    assert result.overall.missing == ("3.3",)


def test_a_recorded_override_is_used_and_shown_beside_the_figures(youth: Framework) -> None:
    moved = EnteredRating("2.4", "Good", "Reviews improved after the audit", "Ratings", "B8")
    result = score_marking(youth_marking(overrides=[moved]), youth)
    reviewing = next(c for c in result.criteria if c.id == "2.4")
    assert reviewing.rating == "Good"
    assert reviewing.figures_rating == "Requires improvement"
    assert reviewing.moved is True
    assert reviewing.entered == moved
    # The figures stay the figures: 5 out of 10.
    assert (reviewing.sufficient, reviewing.relevant, reviewing.driven_by) == (5, 10, "2.4.2")
    assert reviewing.uncertain is False
    assert "2.4" not in [c.id for c in result.areas_for_improvement]
    assert result.overall is not None
    assert (result.overall.total, result.overall.rating) == (27, "Good")


def test_an_override_that_may_not_be_used_is_shown_and_not_used(youth: Framework) -> None:
    unusable = EnteredRating("2.4", "Outstanding", None, "Ratings", "B8", usable=False)
    result = score_marking(youth_marking(overrides=[unusable]), youth)
    reviewing = next(c for c in result.criteria if c.id == "2.4")
    assert (reviewing.rating, reviewing.moved, reviewing.entered) == (
        "Requires improvement",
        False,
        unusable,
    )
    assert result.overall is not None
    assert result.overall.total == 26


def test_an_override_equal_to_the_figures_moves_nothing(youth: Framework) -> None:
    same = EnteredRating("2.2", "Good", "Agreed", "Ratings", "B8")
    result = score_marking(youth_marking(overrides=[same]), youth)
    planning = next(c for c in result.criteria if c.id == "2.2")
    assert (planning.rating, planning.moved, planning.entered) == ("Good", False, same)


def test_pooled_workbooks_do_not_pool_entered_ratings(youth: Framework) -> None:
    first = score_marking(youth_marking(), youth)
    report = build_report(youth, [first, first])
    pooled = report.pooled
    judged = {c.id: c.not_rated_reason for c in pooled.criteria if c.rated_by == "judgement"}
    assert set(judged.values()) == {"rated by judgement in each workbook, and not pooled"}
    assert pooled.overall is not None
    assert pooled.overall.missing == ("1.1", "1.2", "1.3", "1.4", "3.4")
    assert [(g.id, g.cases) for g in pooled.groups] == [("court", 40), ("out-of-court", 20)]
    reviewing = next(c for c in pooled.criteria if c.id == "2.4")
    assert (reviewing.sufficient, reviewing.relevant) == (10, 20)


def test_a_framework_without_an_overall_rule_has_none() -> None:
    probation = load_builtin("hmip-probation-2021")
    marking = youth_marking(entered={})
    result = score_marking(marking._replace(group_cases=()), probation)
    assert result.overall is None
    assert result.groups == ()


def _with_cases(path: str, *cases: tuple[str, int]) -> WorkbookResult:
    return WorkbookResult(
        path=path, status="ok", problems=(), cases=len(cases), case_keys=tuple(cases)
    )


def test_a_workbook_whose_every_case_is_in_earlier_ones_is_a_warning_naming_them() -> None:
    # (case ID, checksum of its row): a copy of a workbook has them all.
    first = _with_cases("north.xlsx", ("C1", 11), ("C2", 12), ("C3", 13))
    copy = _with_cases("north - Copy.xlsx", ("C1", 11), ("C2", 12), ("C3", 13))
    spread = _with_cases("mixed.xlsx", ("C3", 13), ("C4", 14))
    later = _with_cases("later.xlsx", ("C4", 14), ("C1", 11))
    noted = note_cases_in_other_workbooks((first, copy, spread, later))
    assert noted[0] is first and noted[2] is spread
    assert [(p.code, p.file, p.message) for p in noted[1].problems] == [
        (
            "case-in-other-workbook",
            "north - Copy.xlsx",
            "all 3 of its cases are also in north.xlsx (3), row for row: pooled, they count "
            "twice; if it is a copy, leave it out of the run",
        )
    ]
    assert (
        noted[3]
        .problems[0]
        .message.startswith(
            "all 2 of its cases are also in mixed.xlsx (1) and north.xlsx (1), row for row"
        )
    )
    assert noted[3].problems[0].severity is Severity.WARNING
    assert not any("C1" in p.message for w in noted for p in w.problems)


def test_some_shared_cases_or_a_single_case_say_nothing() -> None:
    """Two areas' case 1, marked alike, can be two children: only a whole copy is told."""
    first = _with_cases("north.xlsx", ("C1", 11), ("C2", 12))
    some = _with_cases("south.xlsx", ("C1", 11), ("C9", 99))
    single = _with_cases("east.xlsx", ("C2", 12))
    workbooks = (first, some, single)
    assert note_cases_in_other_workbooks(workbooks) == workbooks


def test_the_same_id_with_other_marks_is_another_case_and_says_nothing() -> None:
    """Areas number their own cases: C1 of one area is not C1 of another."""
    workbooks = (
        _with_cases("north.xlsx", ("C1", 11), ("C2", 12)),
        _with_cases("south.xlsx", ("C1", 99), ("C2", 98)),
    )
    assert note_cases_in_other_workbooks(workbooks) == workbooks
    report = build_report(load_builtin(), workbooks)
    assert all(w.problems == () for w in report.workbooks)
