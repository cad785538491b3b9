"""A first draft of the inspection report, in the shape of the published SQS reports.

Pure: a scored workbook and its framework in, a Draft of plain sentences out. The Markdown
and HTML writers lay it out. The wording is plain and neutral, and says nothing the
figures do not: an inspector edits it, adds the evidence and the judgement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqs_cli.figures import interval_range, listed, out_of, overall_text, percent
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
class RatingRow:
    """A line of the ratings table that heads a report in the shape of HMIP's."""

    theme: str
    id: str
    title: str
    rating: str
    # How the rating was reached: `entered`, `from the cases`, `moved from Good`.
    how: str


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
    # For a framework with an overall rating or ratings entered by judgement (HMIP's), a
    # ratings table heads the report: the overall rating, then every criterion's.
    overall: str | None = None
    ratings: tuple[RatingRow, ...] = ()

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
        pronoun, possessive = ("it", "its") if len(left_out) == 1 else ("them", "their")
        notes.append(
            f"{counted(len(left_out), 'row')} {plural('was', len(left_out))} left out of the "
            f"figures ({'; '.join(kinds)}); sqs validate lists {pronoun} with {possessive} "
            "cells."
        )
    return notes


def rating_line(criterion: CriterionResult) -> str:
    if criterion.band is None:
        return f"Not rated: {criterion.not_rated_reason}."
    entered = criterion.entered
    reason = f": {entered.reason}" if entered is not None and entered.reason else ""
    if criterion.rated_by == "judgement":
        return f"Rated {criterion.band.name} by the inspectors' judgement{reason}."
    if criterion.moved:
        if criterion.proportion is None:
            return (
                f"Rated {criterion.band.name} by the inspectors, where the figures give no "
                f"rating{reason}."
            )
        return (
            f"Rated {criterion.band.name} by the inspectors, moved from "
            f"{criterion.figures_rating}, the rating of the figures "
            f"({out_of(criterion.sufficient, criterion.relevant)} sufficient, "
            f"{percent(criterion.proportion)}, question {criterion.driven_by}){reason}."
        )
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
    if criterion.proportion is None:
        return Finding(criterion.id, criterion.title, f"{criterion.rating}, entered")
    figure = f"{out_of(criterion.sufficient, criterion.relevant)}, {percent(criterion.proportion)}"
    if criterion.moved:
        figure += f"; {criterion.rating}, moved from {criterion.figures_rating}"
    return Finding(criterion.id, criterion.title, figure)


def _titles(criteria: list[CriterionResult], every: Sequence[CriterionResult] = ()) -> str:
    """`assessment and planning`; `assessment (2.1) and assessment (3.1)` where criteria of
    the workbook share a title (HMIP's court and out-of-court standards do)."""
    names = [criterion.title.casefold() for criterion in every or criteria]
    titles = [
        criterion.title[:1].lower()
        + criterion.title[1:]
        + (f" ({criterion.id})" if names.count(criterion.title.casefold()) > 1 else "")
        for criterion in criteria
    ]
    if len(titles) == 1:
        return titles[0]
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def summary_sentences(workbook: WorkbookResult, framework: Framework, name: str) -> list[str]:
    sentences = reoffending_sentences(workbook.inspection, name)
    if workbook.overall is not None:
        sentences.append(f"{overall_text(workbook.overall)}.")
    # The figures' own ratings: those entered are in the ratings table, with their reasons.
    rated = [c for c in workbook.criteria if c.proportion is not None and c.band]
    counts = [
        (sum((criterion.figures_band or criterion.band) == band for criterion in rated), band.name)
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
    # Said of the figures: a rating entered or moved by the inspectors is in the ratings
    # table, with its reason.
    strengths = [c for c in workbook.strengths if c in rated and not c.moved]
    areas = [c for c in workbook.areas_for_improvement if c in rated and not c.moved]
    if strengths:
        sentences.append(f"The figures were strongest for {_titles(strengths, workbook.criteria)}.")
    if areas:
        sentences.append(f"Improvement was required in {_titles(areas, workbook.criteria)}.")
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
    context = [
        f"We examined {counted(cases, 'case')} of {framework.report.subjects} and were "
        f"{supervised_by}.",
    ]
    if workbook.groups:
        parts = [
            f"{group.cases} {plural('was', group.cases)} {group.title[:1].lower()}{group.title[1:]}"
            for group in workbook.groups
        ]
        if workbook.ungrouped_cases:
            parts.append(
                f"{workbook.ungrouped_cases} {plural('was', workbook.ungrouped_cases)} in no group"
            )
        context.append(f"Of these, {listed(parts)}.")
    group_cases = {group.id: group.cases for group in workbook.groups}
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
            # A grouped criterion's questions are about its group's cases.
            whole = group_cases.get(criterion.group, cases) if criterion.group else cases
            sentences = [
                sentence
                for question_result in question_results.get(criterion.id, [])
                for sentence in question_sentences(
                    question_result,
                    questions.get(question_result.id),
                    cases=whole,
                    tell_failures=tell_failures,
                )
            ]
            if criterion.rated_by == "judgement":
                sentences = ["Rated by the inspectors' judgement, not from the cases."]
            elif not sentences:
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
        title=f"{framework.report.title}{where}",
        area=area,
        dates=tuple(dates_sentences(inspection)),
        context=tuple(context),
        figures_notes=tuple(figures_notes(workbook, framework)),
        summary=tuple(summary_sentences(workbook, framework, area or service or "the service")),
        themes=tuple(themes),
        strengths=tuple(_finding(c) for c in workbook.strengths),
        areas_for_improvement=tuple(_finding(c) for c in workbook.areas_for_improvement),
        notes=tuple(notes),
        workbook=workbook,
        bands=framework.rating.bands,
        overall=overall_text(workbook.overall) if workbook.overall is not None else None,
        ratings=ratings_table(workbook, framework),
    )


def ratings_table(workbook: WorkbookResult, framework: Framework) -> tuple[RatingRow, ...]:
    """Every criterion's rating and how it was reached, for a framework whose reports open
    with a ratings table (one with an overall rating or ratings entered by judgement)."""
    if framework.overall is None and not framework.judged:
        return ()
    themes = {theme.id: theme.title for theme in framework.themes}
    rows = []
    for criterion in workbook.criteria:
        if criterion.band is None:
            how = "not rated"
        elif criterion.rated_by == "judgement":
            how = "entered"
        elif criterion.moved:
            how = f"moved from {criterion.figures_rating or 'no rating'}"
        else:
            how = "from the cases"
        rows.append(
            RatingRow(
                theme=f"{criterion.theme} {themes.get(criterion.theme, '')}".strip(),
                id=criterion.id,
                title=criterion.title,
                rating=criterion.rating or "Not rated",
                how=how,
            )
        )
    return tuple(rows)
