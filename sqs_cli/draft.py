"""A first draft of the inspection report, in the shape of the published SQS reports.

Pure: a scored workbook and its framework in, a Draft of plain sentences out. The Markdown
and HTML writers lay it out. The wording is plain and neutral, and says nothing the
figures do not: an inspector edits it, adds the evidence and the judgement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqs_cli.figures import interval_range, out_of, percent
from sqs_cli.framework import Band, Framework, Question
from sqs_cli.inspection import Inspection, fieldwork, published
from sqs_cli.inspection import area as inspection_area
from sqs_cli.inspection import service as inspection_service
from sqs_cli.marking import InspectionValue
from sqs_cli.problems import CATALOGUE
from sqs_cli.results import CriterionResult, QuestionResult, WorkbookResult
from sqs_cli.wording import (
    counted,
    figure_sentence,
    gaps_sentence,
    not_done_sentence,
    plural,
    sentence_start,
)


@dataclass(frozen=True)
class CriterionDraft:
    id: str
    title: str
    rating: str
    sentences: tuple[str, ...]
    result: CriterionResult


@dataclass(frozen=True)
class ThemeDraft:
    id: str
    title: str
    criteria: tuple[CriterionDraft, ...]


@dataclass(frozen=True)
class Finding:
    id: str
    title: str
    figure: str


@dataclass(frozen=True)
class Draft:
    title: str
    # The Inspection sheet's (or --area's) area; None where the workbook does not say.
    area: str | None
    dates: tuple[str, ...]
    context: tuple[str, ...]
    # What a reader must know about the figures: empty or unreadable marks, questions
    # with too few cases, rows left out. Empty when there is nothing to say.
    figures_notes: tuple[str, ...]
    summary: tuple[str, ...]
    themes: tuple[ThemeDraft, ...]
    strengths: tuple[Finding, ...]
    areas_for_improvement: tuple[Finding, ...]
    notes: tuple[str, ...]
    workbook: WorkbookResult
    # The framework's bands, best first: the chart draws every threshold, reached or not.
    bands: tuple[Band, ...]

    @property
    def commentary_title(self) -> str:
        where = f" in {self.area}" if self.area else ""
        return f"Commentary on the inspection{where}"


def dates_sentences(inspection: Inspection) -> list[str]:
    """When the fieldwork was and when the report was published, each printed one way;
    a date that could not be read is given as typed (and warned about)."""
    sentences = []
    work = fieldwork(inspection)
    if work is not None:
        if work.span is None:
            sentences.append(f"Fieldwork: {work.text}.")
        else:
            single = work.span.first == work.span.last
            month = work.span.precision == "month" and " to " not in work.text
            preposition = "in" if month else "on" if single else "from"
            sentences.append(f"The inspection was conducted {preposition} {work.text}.")
    date = published(inspection)
    if date is not None:
        sentences.append(f"Publication date: {date.text}.")
    return sentences


def rate_text(value: InspectionValue) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return f"{value * 100:.1f}%"


def reoffending_sentences(inspection: Mapping[str, InspectionValue], area: str) -> list[str]:
    """Both rates given: the rate, and whether it is better or worse than the comparator's
    (a lower reoffending rate is better)."""
    rate = inspection.get("Reoffending rate")
    comparator = inspection.get("Comparator reoffending rate")
    rate_shown, comparator_shown = rate_text(rate), rate_text(comparator)
    if rate_shown is None or comparator_shown is None:
        return []
    assert isinstance(rate, int | float) and isinstance(comparator, int | float)
    name = str(inspection.get("Comparator") or "comparator")
    # Compared as shown, to one decimal place: 36.0% and 36.04% read as the same.
    if rate_shown == comparator_shown:
        relation = "the same as"
    elif rate < comparator:
        relation = "better than"
    else:
        relation = "worse than"
    return [
        f"The published reoffending rate for {area} was {rate_shown}. This was {relation} "
        f"the {name} average of {comparator_shown}."
    ]


def _statement(question: Question | None, result: QuestionResult) -> str:
    if question is not None and question.statement:
        return question.statement
    return f"the answer to question {result.id} ({result.text.rstrip('?')}) was yes"


def question_sentences(
    result: QuestionResult,
    question: Question | None,
    *,
    cases: int,
    tell_failures: bool,
) -> list[str]:
    """A question's figure, then what is true of its failures, of its gaps and of its
    rating: each count attached to the cases it is a part of."""
    if not result.marked:
        return []
    gaps = gaps_sentence(result.unmarked, result.invalid)
    if result.relevant == 0:
        return [f"No case was judged relevant to question {result.id}.", *filter(None, [gaps])]
    sentences = [
        figure_sentence(
            _statement(question, result),
            result.sufficient,
            result.relevant,
            side="insufficient" if tell_failures else "sufficient",
            all_cases_relevant=result.relevant == cases,
        )
    ]
    if result.not_done:
        sentences.append(not_done_sentence(result.not_done, result.relevant - result.sufficient))
    if gaps:
        sentences.append(gaps)
    if not result.ratable:
        sentences.append(
            f"(Too few cases to rate: {result.id} is reported but not used for the rating.)"
        )
    return sentences


def _question_list(ids: list[str]) -> str:
    listed = ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]
    return f"{plural('question', len(ids))} {listed}"


FIGURES_NOTES_TITLE = "Notes on the figures"

# Problems whose row is left out of the figures, by the catalogue's codes.
ROWS_LEFT_OUT = frozenset(
    {"missing-case-id", "duplicate-case-id", "missing-question", "conflicting-marks", "summary-row"}
)


def figures_notes(workbook: WorkbookResult, framework: Framework) -> list[str]:
    """Where the figures have gaps, how many and where: so that no reader takes a gap in
    the data for a finding."""
    notes = []
    marked = [question for question in workbook.questions if question.marked]
    unmarked = [q for q in marked if q.unmarked]
    if unmarked:
        total = sum(q.unmarked for q in unmarked)
        notes.append(
            f"{counted(total, 'mark cell')} {plural('was', total)} left empty, in "
            f"{_question_list([q.id for q in unmarked])}; "
            f"{'it is' if total == 1 else 'they are'} left out of the figures."
        )
    invalid = [q for q in marked if q.invalid]
    if invalid:
        total = sum(q.invalid for q in invalid)
        notes.append(
            f"{counted(total, 'mark cell')} held {'a value' if total == 1 else 'values'} "
            f"sqs could not read, in {_question_list([q.id for q in invalid])}; "
            f"{'it is' if total == 1 else 'they are'} left out of the figures."
        )
    too_few = [q.id for q in marked if q.relevant and not q.ratable]
    if too_few:
        minimum = framework.rating.min_relevant
        notes.append(
            sentence_start(
                f"{_question_list(too_few)} had fewer than {minimum} relevant cases: "
                f"{'it is' if len(too_few) == 1 else 'they are'} reported but not used for "
                "the ratings."
            )
        )
    left_out = [problem for problem in workbook.problems if problem.code in ROWS_LEFT_OUT]
    if left_out:
        kinds = sorted({CATALOGUE[problem.code].title.lower() for problem in left_out})
        pronoun = "it" if len(left_out) == 1 else "them"
        notes.append(
            f"{counted(len(left_out), 'row')} {plural('was', len(left_out))} left out of the "
            f"figures ({'; '.join(kinds)}); sqs validate lists {pronoun} with their cells."
        )
    return notes


def rating_line(criterion: CriterionResult) -> str:
    if criterion.band is None:
        return f"Not rated: {criterion.not_rated_reason}."
    line = (
        f"Rated {criterion.band.name}: {out_of(criterion.sufficient, criterion.relevant)} "
        f"sufficient ({percent(criterion.proportion)})"
    )
    if criterion.driven_by:
        line += f", question {criterion.driven_by}"
    if criterion.uncertain:
        line += (
            f"; uncertain, as the 95% interval ({interval_range(criterion.interval)}) reaches "
            "another band"
        )
    return line + "."


def _finding(criterion: CriterionResult) -> Finding:
    figure = f"{out_of(criterion.sufficient, criterion.relevant)}, {percent(criterion.proportion)}"
    return Finding(criterion.id, criterion.title, figure)


def _titles(criteria: list[CriterionResult]) -> str:
    titles = [criterion.title[:1].lower() + criterion.title[1:] for criterion in criteria]
    if len(titles) == 1:
        return titles[0]
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def summary_sentences(workbook: WorkbookResult, framework: Framework, name: str) -> list[str]:
    sentences = reoffending_sentences(workbook.inspection, name)
    rated = [criterion for criterion in workbook.criteria if criterion.band]
    counts = [
        (sum(criterion.band == band for criterion in rated), band.name)
        for band in framework.rating.bands
    ]
    counts = [(count, name) for count, name in counts if count]
    if not rated:
        sentences.append("No criterion could be rated from the figures.")
    elif len(rated) == 1:
        sentences.append(f"The one criterion rated from the figures was rated {counts[0][1]}.")
    else:
        first_count, first_name = counts[0]
        parts = [f"{first_count} {plural('was', first_count)} rated {first_name}"]
        parts += [f"{count} {name}" for count, name in counts[1:]]
        listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
        sentences.append(f"Of the {len(rated)} criteria rated from the figures, {listed}.")
    if workbook.strengths:
        sentences.append(f"The figures were strongest for {_titles(workbook.strengths)}.")
    if workbook.areas_for_improvement:
        sentences.append(f"Improvement was required in {_titles(workbook.areas_for_improvement)}.")
    return sentences


def draft_report(workbook: WorkbookResult, framework: Framework) -> Draft:
    """The report's draft for one scored workbook."""
    inspection = workbook.inspection
    area, service = inspection_area(inspection), inspection_service(inspection)
    questions = {question.id: question for question in framework.questions}
    cases = workbook.cases or 0
    # Without an Inspection sheet (or --area and --service) the service has no name here:
    # "the service", never the file's name.
    if service:
        supervised_by = f"supervised by {service}"
    elif area:
        supervised_by = f"supervised in {area}"
    else:
        supervised_by = "supervised by the service"
    context = (
        f"We examined {counted(cases, 'case')} of children and young people who had "
        f"recently offended and were {supervised_by}.",
    )
    criteria_results = {criterion.id: criterion for criterion in workbook.criteria}
    question_results: dict[str, list[QuestionResult]] = {}
    for question_result in workbook.questions:
        question_results.setdefault(question_result.criterion, []).append(question_result)
    themes = []
    for theme in framework.themes:
        criteria = []
        for criterion in theme.criteria:
            rated = criteria_results[criterion.id]
            tell_failures = bool(rated.band and rated.band.finding == "improvement")
            sentences = [
                sentence
                for question_result in question_results.get(criterion.id, [])
                for sentence in question_sentences(
                    question_result,
                    questions.get(question_result.id),
                    cases=cases,
                    tell_failures=tell_failures,
                )
            ]
            if not sentences:
                sentences = ["Not marked in this audit."]
            criteria.append(
                CriterionDraft(
                    criterion.id, criterion.title, rating_line(rated), tuple(sentences), rated
                )
            )
        themes.append(ThemeDraft(theme.id, theme.title, tuple(criteria)))
    notes = [
        "This draft was written by sqs from the marking figures alone. Check every sentence "
        "against the evidence, and add what the figures cannot say, before it is published."
    ]
    if any(criterion.uncertain for criterion in workbook.criteria):
        notes.append(
            "Ratings marked uncertain rest on a sample small enough that another sample of "
            "cases could well have rated them otherwise."
        )
    where = f" in {area}" if area else ""
    return Draft(
        title=f"Report of Short Quality Screening (SQS) of youth offending work{where}",
        area=area,
        dates=tuple(dates_sentences(inspection)),
        context=context,
        figures_notes=tuple(figures_notes(workbook, framework)),
        summary=tuple(summary_sentences(workbook, framework, area or service or "the service")),
        themes=tuple(themes),
        strengths=tuple(_finding(c) for c in workbook.strengths),
        areas_for_improvement=tuple(_finding(c) for c in workbook.areas_for_improvement),
        notes=tuple(notes),
        workbook=workbook,
        bands=framework.rating.bands,
    )
