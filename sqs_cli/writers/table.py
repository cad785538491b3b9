"""`--format table` (the default): figures, ratings and findings for people, via Rich."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from sqs_cli.bands import band_colour
from sqs_cli.figures import interval_range, out_of, percent, question_notes
from sqs_cli.framework import RatingPolicy
from sqs_cli.results import CriterionResult, QuestionResult, Report, WorkbookResult
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.console import console_for

_BAR_WIDTH = 10


def _band_colour(policy: RatingPolicy, criterion: CriterionResult) -> str:
    colour = None if criterion.band is None else band_colour(policy.bands, criterion.band)
    return "dim" if colour is None else colour.name


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
    return "; ".join(question_notes(question))


UNCERTAIN_MARK = "*"
UNCERTAIN_NOTE = (
    f"{UNCERTAIN_MARK} uncertain: the 95% interval reaches another band, so another sample "
    "of cases could well have rated it otherwise"
)


def _rating_text(policy: RatingPolicy, criterion: CriterionResult) -> Text:
    if criterion.band is None:
        return Text("Not rated", style="dim")
    text = Text(criterion.band.name, style=f"bold {_band_colour(policy, criterion)}")
    if criterion.uncertain:
        text.append(UNCERTAIN_MARK)
    return text


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
    table.add_column("95% interval", no_wrap=True, style="dim")
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
                    "",
                    Text("not marked", style="dim"),
                )
                continue
            table.add_row(
                Text(f"{criterion.id} {criterion.title}", style="bold"),
                out_of(criterion.sufficient, criterion.relevant) if criterion.band else "",
                percent(criterion.proportion) if criterion.band else "",
                "",
                interval_range(criterion.interval),
                _rating_text(policy, criterion),
            )
            for question in own:
                dim = "" if question.ratable else "dim"
                table.add_row(
                    Text(f"  {question.id} {question.text}", style=dim),
                    Text(_question_figure(question), style=dim),
                    Text(percent(question.proportion) if question.relevant else "", style=dim),
                    Text(_bar(question), style=dim),
                    interval_range(question.interval),
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
            f"{percent(criterion.proportion)}{driver}; 95% interval "
            f"{interval_range(criterion.interval)})"
        )
        lines.append(line)
    return Group(*lines)


def _problems_cell(workbook: WorkbookResult) -> Text:
    if workbook.status == "unreadable":
        codes = ", ".join(problem.code for problem in workbook.problems)
        return Text(f"unreadable ({codes})", style="red")
    errors, warnings = len(workbook.errors), len(workbook.warnings)
    if not (errors or warnings):
        return Text("none", style="dim")
    return Text(f"{errors} errors, {warnings} warnings", style="yellow" if errors else "")


def _summary_table(report: Report) -> Table:
    """One row per workbook: what a regional lead scans first."""
    bands = report.framework.rating.bands
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Workbook", overflow="fold", min_width=10)
    table.add_column("Cases", justify="right")
    for band in bands:
        # The band's initials keep the table narrow; the legend below spells them out.
        table.add_column(_initials(band.name), justify="right")
    table.add_column("Strengths", overflow="fold", min_width=13)
    table.add_column("Areas", overflow="fold", min_width=13)
    table.add_column("Problems", overflow="fold", min_width=12)
    for workbook in report.workbooks:
        ratings = [criterion.band for criterion in workbook.criteria]
        readable = workbook.status != "unreadable"
        table.add_row(
            workbook.label,
            str(workbook.cases) if readable else "",
            *(str(ratings.count(band)) if readable else "" for band in bands),
            ", ".join(criterion.id for criterion in workbook.strengths),
            ", ".join(criterion.id for criterion in workbook.areas_for_improvement),
            _problems_cell(workbook),
        )
    return table


def _initials(name: str) -> str:
    return "".join(word[0].upper() for word in name.split())


def _unreadable(workbook: WorkbookResult) -> Text:
    text = Text()
    text.append(workbook.path, style="bold")
    text.append("  could not be read as a marking workbook", style="red")
    return text


def _print_uncertainty_note(console: Console, workbook: WorkbookResult) -> None:
    if any(criterion.uncertain for criterion in workbook.criteria):
        console.print(Text(UNCERTAIN_NOTE, style="dim"), soft_wrap=True)


def _print_findings(console: Console, report: Report, workbook: WorkbookResult) -> None:
    console.print(_findings("Key strengths", workbook.strengths, report), soft_wrap=True)
    console.print()
    console.print(
        _findings("Areas requiring improvement", workbook.areas_for_improvement, report),
        soft_wrap=True,
    )


def _print_one(console: Console, report: Report, workbook: WorkbookResult) -> None:
    if workbook.status == "unreadable":
        console.print(_unreadable(workbook), soft_wrap=True)
        return
    console.print(_workbook_heading(workbook), soft_wrap=True)
    console.print(_figures_table(report, workbook))
    _print_uncertainty_note(console, workbook)
    console.print()
    _print_findings(console, report, workbook)
    if workbook.problems:
        errors, warnings = len(workbook.errors), len(workbook.warnings)
        console.print()
        console.print(
            Text(f"{errors} error(s) and {warnings} warning(s), listed on stderr", style="yellow")
        )


def _print_batch(console: Console, report: Report) -> None:
    summary = report.summary
    console.print(
        Text(
            f"{summary.workbooks} workbooks: {summary.ok} ok, {summary.errors} with errors, "
            f"{summary.unreadable} unreadable",
            style="bold",
        ),
        soft_wrap=True,
    )
    console.print(_summary_table(report))
    legend = ", ".join(f"{_initials(b.name)} {b.name}" for b in report.framework.rating.bands)
    console.print(Text(f"Criteria per band: {legend}", style="dim"), soft_wrap=True)
    console.print()
    pooled = report.pooled
    readable = summary.workbooks - summary.unreadable
    console.print(
        Text(f"All workbooks pooled: {readable} workbooks, {pooled.cases} cases", style="bold"),
        Text(" (sum of N over sum of M for each question)", style="dim"),
        soft_wrap=True,
    )
    console.print(_figures_table(report, pooled))
    _print_uncertainty_note(console, pooled)
    console.print()
    _print_findings(console, report, pooled)


def write_table(report: Report, stream: TextIO, options: OutputOptions) -> None:
    console = console_for(stream, options)
    if len(report.workbooks) == 1:
        _print_one(console, report, report.workbooks[0])
    else:
        _print_batch(console, report)
