"""The bundled samples: Coventry reproduces every figure of the published report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import python_calamine

from sqs_cli.api import score_workbook
from sqs_cli.framework import Framework
from sqs_cli.results import QuestionResult, WorkbookResult
from tests.conftest import COVENTRY, FOLLOWUP_SAMPLE, LONG_LAYOUT_SAMPLE, SAMPLE_DATA


@pytest.fixture(scope="module")
def coventry() -> WorkbookResult:
    from sqs_cli.framework import load_builtin

    return score_workbook(COVENTRY, load_builtin())


def figures(result: WorkbookResult, question_id: str) -> QuestionResult:
    return next(question for question in result.questions if question.id == question_id)


# The report's definite figures: (question, sufficient, relevant, the report's words).
DEFINITE = [
    ("1.1a", 18, 20, "in 18 out of 20 cases"),
    ("1.2a", 9, 12, "We looked at 12 pre-sentence reports (PSRs) and judged 9"),
    ("1.2d", 3, 4, "in three out of four relevant cases"),
    ("1.3c", 8, 11, "In 8 out of 11 relevant cases"),
    ("2.2b", 16, 19, "in 16 out of 19 cases"),
    ("2.3a", 6, 10, "had not been effectively managed well in four out of ten cases"),
    ("3.1a", 12, 19, "7 out of 19 vulnerability screenings were judged to be insufficient"),
    ("3.1b", 7, 11, "4 out of 11 were judged insufficient"),
    ("3.2a", 11, 16, "5 out of 16 plans were considered to be of insufficient quality"),
]


@pytest.mark.parametrize(("question_id", "sufficient", "relevant", "words"), DEFINITE)
def test_definite_figures_of_the_report(
    coventry: WorkbookResult, question_id: str, sufficient: int, relevant: int, words: str
) -> None:
    question = figures(coventry, question_id)
    assert (question.sufficient, question.relevant) == (sufficient, relevant), words


def test_the_reference_report_says_what_the_figures_say() -> None:
    reference = Path(__file__).resolve().parents[2] / "shared/reference/coventry-sqs-2016.txt"
    if not reference.exists():
        pytest.skip(f"the shared reference report is not beside this checkout ({reference})")
    text = " ".join(reference.read_text("utf-8").split())
    for *_, words in DEFINITE:
        assert words in text


@pytest.mark.parametrize("question_id", ["1.1b"])
def test_all_relevant_cases(coventry: WorkbookResult, question_id: str) -> None:
    question = figures(coventry, question_id)
    assert question.sufficient == question.relevant > 0


@pytest.mark.parametrize("question_id", ["1.2c", "2.2a", "4.3a", "4.3b"])
def test_all_but_one(coventry: WorkbookResult, question_id: str) -> None:
    question = figures(coventry, question_id)
    assert question.sufficient == question.relevant - 1


def test_half_and_the_plans_never_reviewed(coventry: WorkbookResult) -> None:
    reviews = figures(coventry, "3.2b")
    assert reviews.sufficient * 2 == reviews.relevant
    assert reviews.not_done == 2  # "two plans had not been reviewed at all"
    assert figures(coventry, "2.2c").not_done == 2  # "although two had not been reviewed"


def test_two_deficient_psrs_not_put_right(coventry: WorkbookResult) -> None:
    quality_assurance = figures(coventry, "1.2b")
    assert quality_assurance.insufficient == 2
    assert quality_assurance.relevant == figures(coventry, "1.2a").insufficient


def test_findings_match_the_reports_lists(coventry: WorkbookResult) -> None:
    assert coventry.status == "ok"
    assert coventry.cases == 20
    assert [c.id for c in coventry.strengths] == ["1.1", "4.1", "4.3"]
    areas = [c.id for c in coventry.areas_for_improvement]
    # The report's areas are 3.1, 3.2 and 5.1; 2.3 follows from its own 4-of-10 figure.
    assert areas == ["2.3", "3.1", "3.2", "5.1"]
    ratings = {c.id: c.rating for c in coventry.criteria}
    assert ratings["5.1"] == "Inadequate"
    assert ratings["3.2"] == "Requires improvement"  # 5 of 10: exactly 50%
    assert ratings["4.2"] == "Good"  # 13 of 20: exactly 65%


def test_long_layout_sample(framework: Framework) -> None:
    result = score_workbook(LONG_LAYOUT_SAMPLE, framework)
    assert (result.status, result.layout, result.cases) == ("ok", "long", 12)
    assert sum(question.marked for question in result.questions) == 8
    assert (figures(result, "1.1b").sufficient, figures(result, "1.1b").relevant) == (5, 7)
    assert figures(result, "1.1b").not_done == 1
    assert result.inspection["Comparator reoffending rate"] == 0.33


def _cells(path: Path) -> dict[str, list[list[object]]]:
    with python_calamine.CalamineWorkbook.from_path(path) as workbook:
        return {
            name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in workbook.sheet_names
        }


def test_the_build_script_rebuilds_the_committed_samples(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SAMPLE_DATA / "build_samples.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for sample in (COVENTRY, LONG_LAYOUT_SAMPLE, FOLLOWUP_SAMPLE, YOUTH_SAMPLE):
        assert _cells(tmp_path / sample.name) == _cells(sample)


FOLLOWUP_FIGURES = {
    "1.1a": (27, 30),
    "1.1b": (14, 18),
    "2.1a": (24, 30),
    "2.2b": (22, 28),
    "3.1a": (27, 30),
    "3.2a": (15, 25),
    "4.3a": (9, 12),
    "5.1a": (12, 30),
}


def test_follow_up_sample(framework: Framework) -> None:
    result = score_workbook(FOLLOWUP_SAMPLE, framework)
    assert (result.status, result.layout, result.cases) == ("ok", "wide", 30)
    marked = {q.id: (q.sufficient, q.relevant) for q in result.questions if q.marked}
    assert marked == FOLLOWUP_FIGURES
    assert figures(result, "5.1a").not_done == 2
    assert result.inspection["Reoffending rate"] == pytest.approx(0.302)


# --- Westmere (fictional): hmip-youth-2021 -------------------------------------------------

YOUTH_SAMPLE = SAMPLE_DATA / "fictional-youth-2021.xlsx"


def test_youth_sample_figures_ratings_and_overall() -> None:
    from sqs_cli.figures import overall_text
    from sqs_cli.framework import load_builtin

    result = score_workbook(YOUTH_SAMPLE, load_builtin("hmip-youth-2021"))
    assert (result.status, result.cases, result.problems) == ("ok", 36, ())
    assert [(group.id, group.cases) for group in result.groups] == [
        ("court", 24),
        ("out-of-court", 12),
    ]
    criteria = {c.id: c for c in result.criteria}
    figures_of = {
        c.id: (c.sufficient, c.relevant, c.figures_rating)
        for c in result.criteria
        if c.rated_by == "cases"
    }
    assert figures_of == {
        "2.1": (20, 24, "Outstanding"),
        "2.2": (18, 24, "Good"),
        "2.3": (19, 23, "Outstanding"),
        "2.4": (12, 20, "Requires improvement"),
        "3.1": (10, 12, "Outstanding"),
        "3.2": (8, 12, "Good"),
        "3.3": (6, 11, "Requires improvement"),
    }
    assert (criteria["3.3"].rating, criteria["3.3"].moved) == ("Good", True)
    assert {c.id: c.rating for c in result.criteria if c.rated_by == "judgement"} == {
        "1.1": "Good",
        "1.2": "Outstanding",
        "1.3": "Good",
        "1.4": "Requires improvement",
        "3.4": "Good",
        "4.1": "Requires improvement",
    }
    assert result.overall is not None
    assert overall_text(result.overall) == "Overall: Good (26 out of 36)"
    # Each case marks its own group's questions only: 24 court cases, 12 out-of-court.
    assert figures(result, "2.4.2").not_done == 1
    assert figures(result, "3.3.3").not_applicable == 1
