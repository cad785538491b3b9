"""`--format table` (the default): figures, ratings and findings for people, via Rich."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from sqs_cli.figures import out_of, percent
from sqs_cli.framework import RatingPolicy
from sqs_cli.results import CriterionResult, QuestionResult, Report, WorkbookResult
from sqs_cli.writers import Style

# Bands are coloured from the best to the worst, whatever a framework calls them.
_BAND_COLOURS = ("green", "cyan", "yellow", "red")
_BAR_WIDTH = 10


def _band_colour(policy: RatingPolicy, criterion: CriterionResult) -> str:
    if criterion.band is None:
        return "dim"
    index = policy.bands.index(criterion.band)
    last = len(policy.bands) - 1
    if index == last:
        return _BAND_COLOURS[-1]
    return _BAND_COLOURS[min(index, len(_BAND_COLOURS) - 2)]


def _bar(question: QuestionResult) -> str:
    if question.proportion is None:
        return ""
    filled = round(question.proportion * _BAR_WIDTH)
    return "█" * filled + "░" * (_BAR_WIDTH - filled)


def _question_figure(question: QuestionResult) -> str:
    if not question.marked:
        return ""
    if question.relevant == 0:
        return "no relevant cases"
    return out_of(question.sufficient, question.relevant)


def _question_note(question: QuestionResult) -> str:
    if not question.marked:
        return "not marked"
    notes = []
    if question.not_done:
        notes.append(f"{question.not_done} not done")
    if question.relevant and not question.ratable:
        notes.append("too few cases to rate")
    if question.unmarked:
        notes.append(f"{question.unmarked} unmarked")
    if question.invalid:
        notes.append(f"{question.invalid} invalid")
    return "; ".join(notes)


def _rating_text(policy: RatingPolicy, criterion: CriterionResult) -> Text:
    if criterion.band is None:
        return Text("Not rated", style="dim")
    return Text(criterion.band.name, style=f"bold {_band_colour(policy, criterion)}")


def _workbook_heading(workbook: WorkbookResult) -> Text:
    """`Coventry · 20 cases · fieldwork ...`, then the path on a line of its own."""
    area = workbook.inspection.get("Area")
    heading = Text(str(area) if area else workbook.path, style="bold")
    details = [f"{workbook.cases} cases"]
    start = workbook.inspection.get("Fieldwork start")
    end = workbook.inspection.get("Fieldwork end")
    if start and end:
        details.append(f"fieldwork {start} to {end}")
    heading.append(" · " + " · ".join(details))
    if area:
        heading.append("\n" + workbook.path, style="dim")
    return heading


def _figures_table(report: Report, workbook: WorkbookResult) -> Table:
    policy = report.framework.rating
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True, show_edge=False)
    # Question wording is cut short on narrow terminals; figures never are.
    table.add_column("Question", overflow="ellipsis", no_wrap=True, ratio=1, min_width=12)
    table.add_column("Sufficient", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("Rating / note", no_wrap=True)
    criteria = {criterion.id: criterion for criterion in workbook.criteria}
    questions: dict[str, list[QuestionResult]] = {}
    for question in workbook.questions:
        questions.setdefault(question.criterion, []).append(question)
    for theme in report.framework.themes:
        table.add_row(Text(f"{theme.id} {theme.title}", style="bold underline"))
        for criterion_id in (criterion.id for criterion in theme.criteria):
            criterion = criteria[criterion_id]
            own = questions.get(criterion_id, [])
            if not any(question.marked for question in own):
                # One line, not a row per question, for what this workbook does not mark.
                table.add_row(
                    Text(f"{criterion.id} {criterion.title}", style="dim"),
                    "",
                    "",
                    "",
                    Text("not marked", style="dim"),
                )
                continue
            table.add_row(
                Text(f"{criterion.id} {criterion.title}", style="bold"),
                out_of(criterion.sufficient, criterion.relevant) if criterion.band else "",
                percent(criterion.proportion) if criterion.band else "",
                "",
                _rating_text(policy, criterion),
            )
            for question in own:
                dim = "" if question.ratable else "dim"
                table.add_row(
                    Text(f"  {question.id} {question.text}", style=dim),
                    Text(_question_figure(question), style=dim),
                    Text(percent(question.proportion) if question.relevant else "", style=dim),
                    Text(_bar(question), style=dim),
                    Text(_question_note(question), style="dim"),
                )
        table.add_section()
    return table


def _findings(title: str, criteria: list[CriterionResult], report: Report) -> Group:
    lines: list[Text] = [Text(title, style="bold")]
    if not criteria:
        lines.append(Text("  None", style="dim"))
    policy = report.framework.rating
    for criterion in criteria:
        line = Text(f"  • {criterion.id} {criterion.title}: ")
        line.append(_rating_text(policy, criterion))
        driver = f", question {criterion.driven_by}" if criterion.driven_by else ""
        line.append(
            f" ({out_of(criterion.sufficient, criterion.relevant)} sufficient, "
            f"{percent(criterion.proportion)}{driver})"
        )
        lines.append(line)
    return Group(*lines)


def _unreadable(workbook: WorkbookResult) -> Text:
    text = Text()
    text.append(workbook.path, style="bold")
    text.append("  could not be read as a marking workbook", style="red")
    return text


def write_table(report: Report, stream: TextIO, style: Style) -> None:
    console = Console(
        file=stream,
        width=style.width,
        force_terminal=style.color,
        # None lets Rich read NO_COLOR; passing False would override it.
        no_color=None if style.color is None else not style.color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    for number, workbook in enumerate(report.workbooks):
        if number:
            console.rule(style="dim")
        if workbook.status == "unreadable":
            console.print(_unreadable(workbook), soft_wrap=True)
            continue
        console.print(_workbook_heading(workbook), soft_wrap=True)
        console.print(_figures_table(report, workbook))
        console.print()
        console.print(_findings("Key strengths", workbook.strengths, report), soft_wrap=True)
        console.print()
        console.print(
            _findings("Areas requiring improvement", workbook.areas_for_improvement, report),
            soft_wrap=True,
        )
        if workbook.problems:
            errors, warnings = len(workbook.errors), len(workbook.warnings)
            console.print()
            console.print(
                Text(
                    f"{errors} error(s) and {warnings} warning(s), listed on stderr", style="yellow"
                )
            )
