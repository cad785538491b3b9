"""sqs_cli.draft: the report's draft, in the reference report's shape and words."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqs_cli.api import score_workbook
from sqs_cli.draft import Draft, dates_sentences, draft_report, reoffending_sentences
from sqs_cli.framework import Framework, load_builtin
from sqs_cli.judgements import Judgement
from sqs_cli.marking import Marking
from sqs_cli.problems import problem
from sqs_cli.results import COUNT_FIELDS, QuestionResult, WorkbookResult
from sqs_cli.scoring import score_marking
from sqs_cli.writers.draft import render_draft
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE, WorkbookFactory


@pytest.fixture(scope="module")
def coventry() -> Draft:
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
        "in half of the ten relevant cases",
        "In two of the four cases that fell short, the work had not been done at all.",
        "In two of the five cases that fell short, the work had not been done at all.",
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


@pytest.mark.parametrize(
    ("repeats", "said"), [(1, "lists it with its cells"), (2, "lists them with their cells")]
)
def test_rows_left_out_are_said_in_a_sentence_that_agrees(
    make_workbook: WorkbookFactory, framework: Framework, repeats: int, said: str
) -> None:
    rows: list[list[object]] = [["Case ID", "1.1a"], *([f"C{n}", "Yes"] for n in range(6))]
    rows += [["C1", "No"]] * repeats
    workbook = score_workbook(make_workbook({"Cases": rows}), framework)
    [note] = [n for n in draft_report(workbook, framework).figures_notes if "left out" in n]
    rows_word = "1 row was" if repeats == 1 else f"{repeats} rows were"
    assert note.startswith(f"{rows_word} left out of the figures")
    assert note.endswith(f"sqs validate {said}.")


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


def test_without_an_inspection_sheet_the_draft_says_the_service(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"], ["C2", "No"]]})
    draft = draft_report(score_workbook(path, framework), framework)
    assert draft.title == "Report of Short Quality Screening (SQS) of youth offending work"
    assert draft.area is None
    assert draft.commentary_title == "Commentary on the inspection"
    assert draft.dates == ()
    assert draft.context == (
        "We examined 2 cases of children and young people who had recently offended and "
        "were supervised by the service.",
    )
    assert "marking.xlsx" not in repr(draft.title) + repr(draft.context) + repr(draft.summary)


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
    ("start", "end", "sentence"),
    [
        ("2016-06-28", "2016-06-30", "The inspection was conducted from 28 to 30 June 2016."),
        ("28/06/2016", "30/06/2016", "The inspection was conducted from 28 to 30 June 2016."),
        ("28/06/2016", "01-07-2016", "The inspection was conducted from 28 June to 1 July 2016."),
        (
            "2016-12-30T09:00:00",
            "2 January 2017",
            "The inspection was conducted from 30 December 2016 to 2 January 2017.",
        ),
        ("28-30 June 2016", None, "The inspection was conducted from 28 to 30 June 2016."),
        ("2016-06-28", None, "The inspection was conducted on 28 June 2016."),
        (42549, 42549, "The inspection was conducted on 28 June 2016."),
        ("June 2016", None, "The inspection was conducted in June 2016."),
        ("late June", "2016-06-30", "Fieldwork: late June to 30 June 2016."),
        ("2016-06-30", "2016-06-28", "Fieldwork: 30 June 2016 to 28 June 2016."),
    ],
)
def test_fieldwork_dates(start: object, end: object, sentence: str) -> None:
    inspection = {"Fieldwork start": start, "Fieldwork end": end}
    assert dates_sentences(inspection) == [sentence]  # type: ignore[arg-type]


def test_publication_date() -> None:
    assert dates_sentences({"Published": "20/07/2016"}) == ["Publication date: 20 July 2016."]
    assert dates_sentences({"Published": "summer"}) == ["Publication date: summer."]
    assert dates_sentences({}) == []


def test_typed_dates_in_the_inspection_sheet_are_drafted(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    """Issue 13: `Fieldwork start` = 28/06/2016 as text stopped `sqs report`."""
    path = make_workbook(
        {
            "Cases": [["Case ID", "1.1a"], ["C1", "Yes"]],
            "Inspection": [
                ["Area", "Northbridge"],
                ["Fieldwork start", "28/06/2016"],
                ["Fieldwork end", "30 June 2016"],
                ["Published", "sometime in July"],
            ],
        }
    )
    result = score_workbook(path, framework)
    draft = draft_report(result, framework)
    assert draft.dates == (
        "The inspection was conducted from 28 to 30 June 2016.",
        "Publication date: sometime in July.",
    )
    [warning] = [p for p in result.problems if p.code == "invalid-inspection-value"]
    assert (warning.sheet, warning.severity.value) == ("Inspection", "warning")
    assert warning.message == (
        "Published 'sometime in July' is not a date sqs reads (write it as 28/06/2016, "
        "28 June 2016 or 28-30 June 2016); it is kept as typed"
    )


# --- Every count the draft states is true of the figures (issue 13, section 2) ------------

FRAMEWORK = load_builtin()
STATEMENTS = {q.id: q.statement or "" for q in FRAMEWORK.questions}
WORDS = {
    word: value
    for value, word in enumerate(
        ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    )
}
NUMBER = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten)"


def value_of(text: str) -> int:
    return int(text) if text.isdigit() else WORDS[text.lower()]


@st.composite
def markings(draw: st.DrawFn) -> Marking:
    """1 to 150 cases, any subset of the questions, each question's cases split at random
    into sufficient, insufficient, not done, N/A, unmarked and invalid; rows left out."""
    cases = draw(st.integers(1, 150))
    chosen = draw(st.lists(st.sampled_from(list(STATEMENTS)), unique=True, max_size=30))
    tallies = {}
    for question_id in chosen:
        cuts = sorted(draw(st.lists(st.integers(0, cases), min_size=5, max_size=5)))
        bounds = [0, *cuts, cases]
        parts = [high - low for low, high in itertools.pairwise(bounds)]
        tallies[question_id] = {
            Judgement(name): count for name, count in zip(COUNT_FIELDS, parts, strict=True)
        }
    rows_left_out = draw(st.integers(0, 3))
    problems = tuple(
        problem(
            "duplicate-case-id",
            f"case ID 'C1' is also in A2; this row is not scored (row {row})",
            file="audit.xlsx",
            sheet="Cases",
            cell=f"A{row + 3}",
        )
        for row in range(rows_left_out)
    )
    return Marking(
        file="audit.xlsx",
        sheet="Cases",
        layout="wide",
        case_ids=tuple(f"C{n}" for n in range(cases)),
        tallies=tallies,
        inspection={},
        descriptive_columns={},
        problems=problems,
    )


def _markdown_items(text: str) -> dict[str, str]:
    """Each criterion's commentary, as plain text."""
    items = {}
    for match in re.finditer(r"^- \*\*(\d+\.\d+)\. .*?\.\*\* (.*)$", text, flags=re.MULTILINE):
        items[match[1]] = re.sub(r"\\(.)", r"\1", match[2])
    return items


def _html_items(text: str) -> dict[str, str]:
    return {
        match[1]: html.unescape(match[2])
        for match in re.finditer(
            r'<li data-criterion="([^"]+)"><p><strong>.*?</strong> (.*?)</p>', text
        )
    }


def _figure(rest: str) -> tuple[int, int, bool]:
    """N, M and whether "relevant" was said, from the words after a statement."""
    forms: list[tuple[str, Callable[[re.Match[str]], tuple[int, int]]]] = [
        (rf"in {NUMBER} out of {NUMBER} ", lambda m: (value_of(m[1]), value_of(m[2]))),
        (rf"in all but one of the {NUMBER} ", lambda m: (value_of(m[1]) - 1, value_of(m[1]))),
        (rf"in half of the {NUMBER} ", lambda m: (value_of(m[1]) // 2, value_of(m[1]))),
        (rf"in all {NUMBER} ", lambda m: (value_of(m[1]), value_of(m[1]))),
        (rf"in none of the {NUMBER} ", lambda m: (0, value_of(m[1]))),
        (r"in both ", lambda m: (2, 2)),
        (r"in neither of the two ", lambda m: (0, 2)),
        (r"in the one ", lambda m: (1, 1)),
        (r"in no case: the one ", lambda m: (0, 1)),
    ]
    for pattern, counts in forms:
        if match := re.match(pattern, rest):
            if "half of" in pattern:
                assert value_of(match[1]) % 2 == 0
            after = rest[match.end() :]
            return (*counts(match), after.startswith("relevant"))
    raise AssertionError(f"no figure in {rest!r}")


def check_question(segment: str, result: QuestionResult, cases: int) -> None:
    """Every count in one question's sentences, against its scored figures."""
    failed = result.relevant - result.sufficient
    if result.relevant == 0:
        assert segment.startswith(f"No case was judged relevant to question {result.id}.")
    else:
        statement = STATEMENTS[result.id]
        assert segment.startswith(statement[:1].upper() + statement[1:] + " ")
        sufficient, relevant, said_relevant = _figure(segment[len(statement) + 1 :])
        assert (sufficient, relevant) == (result.sufficient, result.relevant), segment
        # Cases are "relevant" unless every case in the sample was.
        assert said_relevant == (result.relevant != cases), segment
        if match := re.search(
            rf"; (?:{NUMBER} out of {NUMBER}|all {NUMBER}) (was|were) judged", segment
        ):
            told = value_of(match[1]) if match[1] else value_of(match[3])
            assert told == failed, segment
            assert (match[4] == "was") == (told == 1), segment
    not_done = re.search(
        rf"In (?:the one case|both cases|all {NUMBER} cases|{NUMBER} of the {NUMBER} cases) "
        "that fell short, the work had not been done at all\\.",
        segment,
    )
    if result.not_done and result.relevant:
        assert not_done is not None, segment
        if not_done[0].startswith("In the one case"):
            shown_done, shown_failed = 1, 1
        elif not_done[0].startswith("In both"):
            shown_done, shown_failed = 2, 2
        elif not_done[1]:
            shown_done = shown_failed = value_of(not_done[1])
        else:
            shown_done, shown_failed = value_of(not_done[2]), value_of(not_done[3])
        assert (shown_done, shown_failed) == (result.not_done, failed), segment
    else:
        assert not_done is None, segment
    unmarked = re.search(rf"{NUMBER} cases? (?:was|were) not marked", segment, re.IGNORECASE)
    invalid = re.search(rf"{NUMBER} marks? could not be read", segment, re.IGNORECASE)
    assert (value_of(unmarked[1]) if unmarked else 0) == result.unmarked, segment
    assert (value_of(invalid[1]) if invalid else 0) == result.invalid, segment
    too_few = f"(Too few cases to rate: {result.id} is reported" in segment
    assert too_few == bool(result.relevant and not result.ratable), segment
    assert "not relevant" not in segment


def check_draft(text: str, items: dict[str, str], workbook: WorkbookResult) -> None:
    cases = workbook.cases or 0
    assert f"We examined {cases} {'case' if cases == 1 else 'cases'} of children" in text
    # Number and noun agree everywhere.
    assert not re.search(r"\b(?:1|one) (?:relevant )?cases\b", text)
    assert not re.search(
        r"\b(?:0|[2-9]|\d\d+|two|three|four|five|six|seven|eight|nine|ten) (?:relevant )?case\b",
        text,
    )
    marked = [q for q in workbook.questions if q.marked]
    by_criterion = {c.id: [q for q in marked if q.criterion == c.id] for c in workbook.criteria}
    for criterion_id, questions in by_criterion.items():
        body = items[criterion_id]
        if not questions:
            assert body == "Not marked in this audit."
            continue
        # Each question's sentences run from its own opening to the next question's.
        starts = []
        for question in questions:
            opening = (
                f"No case was judged relevant to question {question.id}."
                if question.relevant == 0
                else STATEMENTS[question.id][:1].upper() + STATEMENTS[question.id][1:] + " "
            )
            starts.append(body.index(opening, starts[-1] if starts else 0))
        for question, start, end in zip(questions, starts, [*starts[1:], len(body)], strict=True):
            check_question(body[start:end], question, cases)
    # The summary's rating counts.
    rated = [c for c in workbook.criteria if c.band]
    if not rated:
        assert "No criterion could be rated from the figures." in text
    elif len(rated) == 1:
        assert f"The one criterion rated from the figures was rated {rated[0].rating}." in text
    else:
        match = re.search(r"Of the (\d+) criteria rated from the figures, (.*?)\.", text)
        assert match is not None
        assert int(match[1]) == len(rated)
        stated = {
            name: int(count)
            for count, name in re.findall(
                r"(\d+) (?:(?:was|were) rated )?(Outstanding|Good|Requires improvement|Inadequate)",
                match[2],
            )
        }
        assert stated == {
            band.name: sum(c.band == band for c in rated)
            for band in FRAMEWORK.rating.bands
            if any(c.band == band for c in rated)
        }
    # The notes on the figures: how many, which questions.
    for kind, field in (("were left empty|was left empty", "unmarked"), ("held", "invalid")):
        questions = [q for q in marked if getattr(q, field)]
        match = re.search(rf"(\d+) mark cells? (?:{kind}).*?, in questions? ([\d., a-z]+?);", text)
        if not questions:
            assert match is None
            continue
        assert match is not None, field
        assert int(match[1]) == sum(getattr(q, field) for q in questions)
        assert re.findall(r"\d+\.\d+[a-z]", match[2]) == [q.id for q in questions]
    too_few = [q.id for q in marked if q.relevant and not q.ratable]
    match = re.search(r"Questions? ([\d., a-z]+?) had fewer than 5 relevant cases", text)
    assert (re.findall(r"\d+\.\d+[a-z]", match[1]) if match else []) == too_few
    left_out = re.search(r"(\d+) rows? (?:was|were) left out of the figures", text)
    assert (int(left_out[1]) if left_out else 0) == len(workbook.problems)


@settings(max_examples=150, deadline=None)
@given(markings())
def test_every_count_the_draft_states_is_true(marking: Marking) -> None:
    workbook = score_marking(marking, FRAMEWORK)
    draft = draft_report(workbook, FRAMEWORK)
    markdown = render_draft("markdown", draft)
    check_draft(markdown, _markdown_items(markdown), workbook)
    page = render_draft("html", draft)
    check_draft(html.unescape(re.sub(r"<[^>]+>", " ", page)), _html_items(page), workbook)


# --- A report in the shape of HMIP's: the ratings table, then each standard's figures -----


def test_youth_draft_opens_with_the_ratings_table(youth_audit: Path) -> None:
    from tests.conftest import YOUTH_OVERALL

    youth = load_builtin("hmip-youth-2021")
    draft = draft_report(score_workbook(youth_audit, youth), youth)
    assert draft.title == "Inspection of youth justice services in Westmere"
    assert draft.context == (
        "We examined 11 cases of children who had offended and were supervised in Westmere.",
        "Of these, 6 were court disposals and 5 were out-of-court disposals.",
    )
    assert draft.overall == YOUTH_OVERALL
    assert [(row.id, row.rating, row.how) for row in draft.ratings] == [
        ("1.1", "Good", "entered"),
        ("1.2", "Good", "entered"),
        ("1.3", "Outstanding", "entered"),
        ("1.4", "Good", "entered"),
        ("2.1", "Outstanding", "from the cases"),
        ("2.2", "Good", "from the cases"),
        ("2.3", "Outstanding", "from the cases"),
        ("2.4", "Requires improvement", "from the cases"),
        ("3.1", "Outstanding", "from the cases"),
        ("3.2", "Requires improvement", "from the cases"),
        ("3.3", "Requires improvement", "moved from Inadequate"),
        ("3.4", "Requires improvement", "entered"),
        ("4.1", "Good", "entered"),
    ]
    assert draft.summary[0] == f"{YOUTH_OVERALL}."
    # The figures' own ratings: 3.3 counts as the Inadequate its figures give.
    assert draft.summary[1] == (
        "Of the 7 criteria rated from the figures, 3 were rated Outstanding, 1 Good, "
        "2 Requires improvement and 1 Inadequate."
    )
    criteria = {c.id: c for theme in draft.themes for c in theme.criteria}
    assert criteria["1.3"].sentences == ("Rated by the inspectors' judgement, not from the cases.",)
    assert criteria["1.3"].rating == (
        "Rated Outstanding by the inspectors' judgement: Health and education on site."
    )
    assert criteria["3.3"].rating == (
        "Rated Requires improvement by the inspectors, moved from Inadequate, the rating of "
        "the figures (2 out of 5 sufficient, 40%, question 3.3.3): Work improved after panel."
    )
    assert draft.summary[2:] == (
        "The figures were strongest for assessment (2.1), implementation and delivery (2.3) "
        "and assessment (3.1).",
        "Improvement was required in reviewing and planning (3.2).",
    )
    # Per strand, in N out of M of its group's cases: here every out-of-court case.
    assert criteria["3.3"].sentences == (
        "The work delivered did enough to help the child stop offending in all but one of the "
        "five cases; one out of five was judged to be insufficient.",
        "The work delivered did enough to keep the child safe in all but one of the five "
        "cases; one out of five was judged to be insufficient.",
        "The work delivered did enough to keep other people safe in two out of five cases; "
        "three out of five were judged to be insufficient.",
    )


def test_youth_draft_markdown_has_the_ratings_table(youth_audit: Path) -> None:
    youth = load_builtin("hmip-youth-2021")
    text = render_draft("markdown", draft_report(score_workbook(youth_audit, youth), youth))
    lines = text.splitlines()
    start = lines.index("## Ratings")
    assert lines[start + 2 : start + 6] == [
        "| Standard | Title | Rating | How it was rated |",
        "|---|---|---|---|",
        "| **Overall** | **Overall rating** | **Good (24 out of 36)** |  |",
        "| 1.1 | Governance and leadership | Good | entered |",
    ]
    assert (
        "| 3.3 | Implementation and delivery | Requires improvement | moved from Inadequate |"
        in (lines)
    )
    assert lines.index("## Ratings") < lines.index("## Summary")


def test_youth_draft_html_has_the_ratings_table(youth_audit: Path) -> None:
    youth = load_builtin("hmip-youth-2021")
    text = render_draft("html", draft_report(score_workbook(youth_audit, youth), youth))
    assert '<section id="ratings">' in text
    assert (
        '<tr class="criterion overall"><td>Overall</td><td>Overall rating</td>'
        '<td class="rating">Good (24 out of 36)</td><td></td></tr>'
    ) in text
    assert (
        '<tr data-criterion="1.3"><td>1.3</td><td>Partnerships and services</td>'
        '<td class="rating band-green">Outstanding</td><td>entered</td></tr>'
    ) in text
    assert ">Outstanding, entered</text>" in text  # the chart's row for 1.3: no figure
    assert "moved from Inadequate</span>" in text


def test_the_sqs_2016_draft_has_no_ratings_table(coventry: Draft) -> None:
    draft = coventry
    assert (draft.overall, draft.ratings) == (None, ())
    assert (
        draft.title == "Report of Short Quality Screening (SQS) of youth offending work in Coventry"
    )
