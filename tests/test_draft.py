"""sqs_cli.draft: the report's draft, in the reference report's shape and words."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqs_cli.api import score_workbook
from sqs_cli.draft import Draft, draft_report, fieldwork_dates, long_date, reoffending_sentences
from sqs_cli.framework import Framework
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE, WorkbookFactory


@pytest.fixture(scope="module")
def coventry() -> Draft:
    from sqs_cli.framework import load_builtin

    framework = load_builtin()
    return draft_report(score_workbook(COVENTRY, framework), framework)


def all_sentences(draft: Draft) -> str:
    return " ".join(
        sentence
        for theme in draft.themes
        for criterion in theme.criteria
        for sentence in criterion.sentences
    )


def test_title_dates_and_context(coventry: Draft) -> None:
    assert coventry.title == (
        "Report of Short Quality Screening (SQS) of youth offending work in Coventry"
    )
    assert coventry.dates == (
        "The inspection was conducted from 28 to 30 June 2016.",
        "Publication date: 20 July 2016.",
    )
    assert coventry.context == (
        "We examined 20 cases of children and young people who had recently offended and "
        "were supervised by Coventry Youth Offending Service.",
    )


def test_summary_has_the_reoffending_sentence_and_the_ratings(coventry: Draft) -> None:
    assert coventry.summary == (
        "The published reoffending rate for Coventry was 36.0%. This was better than the "
        "England and Wales average of 37.8%.",
        "Of the 13 criteria rated from the figures, 3 were rated Outstanding, 6 Good, "
        "3 Requires improvement and 1 Inadequate.",
        "The figures were strongest for assessment of offending factors, engagement and "
        "diversity in assessment and compliance and enforcement.",
        "Improvement was required in protecting victims, assessment of vulnerability, "
        "planning for safeguarding and management oversight.",
    )


@pytest.mark.parametrize(
    "words",
    [
        "in 18 out of 20 cases",
        "in three out of four relevant cases",
        "in 8 out of 11 relevant cases",
        "in 16 out of 19 relevant cases",
        "7 out of 19 were judged to be insufficient",
        "4 out of 11 were judged to be insufficient",
        "5 out of 16 were judged to be insufficient",
        "four out of ten were judged to be insufficient",
        "in half of the 10 relevant cases",
        "In two of these cases the work had not been done at all.",
    ],
)
def test_the_reference_reports_figure_sentences(coventry: Draft, words: str) -> None:
    assert words in all_sentences(coventry)


def test_criteria_sentences_and_rating_lines(coventry: Draft) -> None:
    criterion = coventry.themes[2].criteria[0]
    assert (criterion.id, criterion.title) == ("3.1", "Assessment of vulnerability")
    assert criterion.sentences == (
        "The safeguarding and vulnerability screening was sufficient in 12 out of 19 relevant "
        "cases; 7 out of 19 were judged to be insufficient.",
        "The vulnerability screening was reviewed well enough in 7 out of 11 relevant cases; "
        "4 out of 11 were judged to be insufficient.",
    )
    assert criterion.rating == (
        "Rated Requires improvement: 12 out of 19 sufficient (63.2%), question 3.1a; "
        "uncertain, as the 95% interval (41 to 81%) reaches another band."
    )
    too_few = coventry.themes[0].criteria[1].sentences
    assert "(Too few cases to rate: 1.2b is reported but not used for the rating.)" in too_few


def test_strengths_and_areas(coventry: Draft) -> None:
    assert [(f.id, f.title, f.figure) for f in coventry.strengths] == [
        ("1.1", "Assessment of offending factors", "18 out of 20, 90%"),
        ("4.1", "Engagement and diversity in assessment", "17 out of 20, 85%"),
        ("4.3", "Compliance and enforcement", "5 out of 6, 83.3%"),
    ]
    assert [f.id for f in coventry.areas_for_improvement] == ["2.3", "3.1", "3.2", "5.1"]


def test_unmarked_criteria_say_so(framework: Framework) -> None:
    draft = draft_report(score_workbook(LONG_LAYOUT_SAMPLE, framework), framework)
    criterion = draft.themes[0].criteria[1]
    assert criterion.sentences == ("Not marked in this audit.",)
    assert criterion.rating == "Not rated: not marked in this workbook."


def test_a_framework_without_statements_names_the_question(
    make_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    from sqs_cli.framework import parse_framework

    framework = parse_framework(
        'id = "mine"\ntitle = "Mine"\n[[themes]]\nid = "A"\ntitle = "Theme"\n'
        '[[themes.criteria]]\nid = "A1"\ntitle = "Criterion"\n'
        'questions = [{ id = "Q1", text = "Was it done?" }]\n',
        source="mine.toml",
    )
    path = make_workbook({"Cases": [["Case ID", "Q1"], ["C1", "Yes"], ["C2", "No"]]})
    draft = draft_report(score_workbook(path, framework), framework)
    assert draft.themes[0].criteria[0].sentences[0] == (
        "The answer to question Q1 (Was it done) was yes in one out of two cases."
    )
    assert draft.title.endswith(" in marking.xlsx")
    assert draft.dates == ()
    assert draft.context == (
        "We examined 2 cases of children and young people who had recently offended and "
        "were supervised in marking.xlsx.",
    )


@pytest.mark.parametrize(
    ("rate", "comparator", "relation"),
    [(0.36, 0.378, "better than"), (0.40, 0.378, "worse than"), (0.3781, 0.378, "the same as")],
)
def test_reoffending_relation(rate: float, comparator: float, relation: str) -> None:
    inspection = {
        "Reoffending rate": rate,
        "Comparator reoffending rate": comparator,
        "Comparator": "England and Wales",
    }
    [sentence] = reoffending_sentences(inspection, "Area")
    assert f"This was {relation} the England and Wales average of 37.8%." in sentence


def test_no_reoffending_sentence_without_both_rates() -> None:
    assert reoffending_sentences({"Reoffending rate": 0.36}, "Area") == []
    assert (
        reoffending_sentences({"Reoffending rate": "n/a", "Comparator reoffending rate": 0.3}, "A")
        == []
    )


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2016-06-28", "2016-06-30", "28 to 30 June 2016"),
        ("2016-06-28", "2016-07-01", "28 June to 1 July 2016"),
        ("2016-12-30", "2017-01-02", "30 December 2016 to 2 January 2017"),
        ("2016-06-28", None, "28 June 2016"),
        ("2016-06-28", "2016-06-28", "28 June 2016"),
        ("late June", "2016-06-30", "late June to 30 June 2016"),
    ],
)
def test_fieldwork_dates(start: str | None, end: str | None, words: str) -> None:
    assert fieldwork_dates(start, end) == words


def test_long_date() -> None:
    assert long_date("2016-07-20") == "20 July 2016"
    assert long_date(None) is None
    assert long_date("summer") == "summer"
