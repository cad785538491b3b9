"""A first draft of the inspection report, in the shape of the published SQS reports.

Pure: a scored workbook and its framework in, a Draft of plain sentences out. The Markdown
and HTML writers lay it out. The wording is plain and neutral, and says nothing the
figures do not: an inspector edits it, adds the evidence and the judgement.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from sqs_cli.figures import interval_range, out_of, percent
from sqs_cli.framework import Band, Framework, Question
from sqs_cli.marking import InspectionValue
from sqs_cli.results import CriterionResult, QuestionResult, WorkbookResult
from sqs_cli.wording import WORDS_UP_TO, figure_sentence, number, plural


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
    area: str
    dates: tuple[str, ...]
    context: tuple[str, ...]
    summary: tuple[str, ...]
    themes: tuple[ThemeDraft, ...]
    strengths: tuple[Finding, ...]
    areas_for_improvement: tuple[Finding, ...]
    notes: tuple[str, ...]
    workbook: WorkbookResult
    # The framework's bands, best first: the chart draws every threshold, reached or not.
    bands: tuple[Band, ...]


def long_date(value: InspectionValue) -> str | None:
    """2016-06-28 -> 28 June 2016; text that is no ISO date is kept as written."""
    if value in (None, ""):
        return None
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


def fieldwork_dates(start: InspectionValue, end: InspectionValue) -> str | None:
    """`28 to 30 June 2016`, `28 June to 1 July 2016`, or one date."""
    first, last = long_date(start), long_date(end)
    if first is None or last is None or first == last:
        return first or last
    first_day, first_rest = first.split(" ", 1)
    last_rest = last.split(" ", 1)[1] if " " in last else ""
    if first_rest == last_rest:
        return f"{first_day} to {last}"
    if first.split()[-1] == last.split()[-1]:
        return f"{first.rsplit(' ', 1)[0]} to {last}"
    return f"{first} to {last}"


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
    if not result.marked:
        return []
    if result.relevant == 0:
        return [f"No case was relevant to question {result.id}."]
    sentence = figure_sentence(
        _statement(question, result),
        result.sufficient,
        result.relevant,
        side="insufficient" if tell_failures else "sufficient",
        all_cases_relevant=result.relevant == cases,
    )
    sentences = [sentence]
    if result.not_done:
        done = number(result.not_done, WORDS_UP_TO)
        sentences.append(
            f"In {done} of these {plural('case', result.not_done)} the work had not been "
            "done at all."
        )
    if not result.ratable:
        sentences.append(
            f"(Too few cases to rate: {result.id} is reported but not used for the rating.)"
        )
    return sentences


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


def summary_sentences(workbook: WorkbookResult, framework: Framework, area: str) -> list[str]:
    sentences = reoffending_sentences(workbook.inspection, area)
    rated = [criterion for criterion in workbook.criteria if criterion.band]
    counts = [
        (sum(criterion.band == band for criterion in rated), band.name)
        for band in framework.rating.bands
    ]
    counts = [(count, name) for count, name in counts if count]
    if counts:
        first_count, first_name = counts[0]
        parts = [f"{first_count} {'was' if first_count == 1 else 'were'} rated {first_name}"]
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
    area = workbook.label
    inspection = workbook.inspection
    questions = {question.id: question for question in framework.questions}
    cases = workbook.cases or 0
    dates = []
    fieldwork = fieldwork_dates(inspection.get("Fieldwork start"), inspection.get("Fieldwork end"))
    if fieldwork:
        dates.append(
            f"The inspection was conducted {'from' if ' to ' in fieldwork else 'on'} {fieldwork}."
        )
    published = long_date(inspection.get("Published"))
    if published:
        dates.append(f"Publication date: {published}.")
    service = inspection.get("Service")
    supervised_by = f"supervised by {service}" if service else f"supervised in {area}"
    context = (
        f"We examined {cases} {plural('case', cases)} of children and young people who had "
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
    return Draft(
        title=f"Report of Short Quality Screening (SQS) of youth offending work in {area}",
        area=area,
        dates=tuple(dates),
        context=context,
        summary=tuple(summary_sentences(workbook, framework, area)),
        themes=tuple(themes),
        strengths=tuple(_finding(c) for c in workbook.strengths),
        areas_for_improvement=tuple(_finding(c) for c in workbook.areas_for_improvement),
        notes=tuple(notes),
        workbook=workbook,
        bands=framework.rating.bands,
    )
