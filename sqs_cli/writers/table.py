"""`--format table` (the default): figures, ratings and findings for people, via Rich.

Readable at any width from 60 columns: question IDs, counts, percentages and ratings are
never cut. Titles give way first (down to a few characters, with an ellipsis), then the
bar, then the 95% interval. A batch's one row per workbook is laid out here, in time
linear in the number of workbooks (Rich's table measures every cell twice, which a
regional batch of 10,000 workbooks would feel).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import PurePath
from typing import NamedTuple, TextIO

from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from sqs_cli.bands import band_colour
from sqs_cli.figures import (
    entered_note,
    groups_text,
    interval_range,
    out_of,
    overall_text,
    percent,
    question_figure,
    question_notes,
    sheets_read,
)
from sqs_cli.framework import RatingPolicy
from sqs_cli.inspection import fieldwork, label_and_path
from sqs_cli.results import CriterionResult, QuestionResult, Report, WorkbookResult
from sqs_cli.safe_text import Marks, escaped_for, is_unicode, marks_for, one_line
from sqs_cli.wording import counted
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.console import (
    console_for,
    console_marks,
    cut_short,
    escaped_text,
    head_box,
)

_BAR_WIDTH = 10
# Two spaces between columns (Rich's padding, collapsed), none at the edges.
_GAP = 2
# A title is cut short before anything else goes, but not below this; below it the bar
# goes, then the interval, and only then is the title cut further.
_MIN_TITLE = 16
_SMALLEST_TITLE = 4
# A note (not a rating) wraps rather than widen its column past this.
_NOTE_WIDTH = 24


def _band_colour(policy: RatingPolicy, criterion: CriterionResult) -> str:
    colour = None if criterion.band is None else band_colour(policy.bands, criterion.band)
    return "dim" if colour is None else colour.name


def _bar(question: QuestionResult, marks: Marks) -> str:
    if question.proportion is None:
        return ""
    filled = round(question.proportion * _BAR_WIDTH)
    return marks.bar * filled + marks.bar_empty * (_BAR_WIDTH - filled)


UNCERTAIN_MARK = "*"
UNCERTAIN_NOTE = (
    f"{UNCERTAIN_MARK} uncertain: the 95% interval reaches another band, so another sample "
    "of cases could well have rated it otherwise"
)


# Beside a rating an entered rating replaced: the figures gave another (listed below).
MOVED_MARK = " (moved)"


def _rating_text(policy: RatingPolicy, criterion: CriterionResult) -> Text:
    if criterion.band is None:
        return Text("Not rated", style="dim")
    text = Text(criterion.band.name, style=f"bold {_band_colour(policy, criterion)}")
    if criterion.uncertain:
        text.append(UNCERTAIN_MARK)
    if criterion.moved:
        text.append(MOVED_MARK)
    return text


def _workbook_heading(workbook: WorkbookResult, marks: Marks) -> Text:
    """`Coventry · 20 cases · fieldwork 28 to 30 June 2016`, then the path on its own line."""
    named = workbook.label != PurePath(workbook.path).name
    heading = Text(one_line(workbook.label if named else workbook.path), style="bold")
    details = [counted(workbook.cases or 0, "case")]
    sheets = sheets_read(workbook.sheets)
    if sheets is not None:
        details[0] += f" {sheets}"
    work = fieldwork(workbook.inspection)
    if work is not None:
        details.append(f"fieldwork {one_line(work.text)}")
    dot = f" {marks.dot} "
    heading.append(dot + dot.join(details))
    groups = groups_text(workbook.groups, workbook.ungrouped_cases)
    if groups is not None:
        # On a line of its own: the heading stays short enough for one line.
        heading.append(f"\n{groups[:1].upper()}{groups[1:]}", style="")
    if named:
        heading.append("\n" + one_line(workbook.path), style="dim")
    return heading


class _Row(NamedTuple):
    """One line of the figures table, before the columns that do not fit are dropped."""

    id: Text
    title: Text
    figure: Text
    percent: Text
    bar: Text
    interval: Text
    rating: Text


def _theme_rows(
    report: Report, workbook: WorkbookResult, marks: Marks
) -> list[tuple[Text, list[_Row]]]:
    """Each theme's heading, with its criteria and questions."""
    policy = report.framework.rating
    criteria = {criterion.id: criterion for criterion in workbook.criteria}
    questions: dict[str, list[QuestionResult]] = {}
    for question in workbook.questions:
        questions.setdefault(question.criterion, []).append(question)
    blank = Text("")
    themes = []
    for theme in report.framework.themes:
        rows: list[_Row] = []
        for criterion_id in (criterion.id for criterion in theme.criteria):
            criterion = criteria[criterion_id]
            own = questions.get(criterion_id, [])
            if criterion.rated_by == "judgement":
                # No figures: the rating the inspectors entered (listed below the table).
                rows.append(
                    _Row(
                        Text(criterion.id, style="bold"),
                        Text(criterion.title, style="bold"),
                        Text("entered" if criterion.band else "", style="dim"),
                        blank,
                        blank,
                        blank,
                        _rating_text(policy, criterion),
                    )
                )
                continue
            if not any(question.marked for question in own):
                # One line, not a row per question, for what this workbook does not mark.
                rows.append(
                    _Row(
                        Text(criterion.id, style="dim"),
                        Text(criterion.title, style="dim"),
                        blank,
                        blank,
                        blank,
                        blank,
                        Text("not marked", style="dim"),
                    )
                )
                continue
            rated = criterion.proportion is not None
            rows.append(
                _Row(
                    Text(criterion.id, style="bold"),
                    Text(criterion.title, style="bold"),
                    Text(out_of(criterion.sufficient, criterion.relevant) if rated else ""),
                    Text(percent(criterion.proportion) if rated else ""),
                    blank,
                    Text(interval_range(criterion.interval), style="dim"),
                    _rating_text(policy, criterion),
                )
            )
            for question in own:
                dim = "" if question.ratable else "dim"
                rows.append(
                    _Row(
                        Text(f"  {question.id}", style=dim),
                        Text(question.text, style=dim),
                        Text(question_figure(question), style=dim),
                        Text(percent(question.proportion) if question.relevant else "", style=dim),
                        Text(_bar(question, marks), style=dim),
                        Text(interval_range(question.interval), style="dim"),
                        Text("; ".join(question_notes(question)), style="dim"),
                    )
                )
        heading = Text(f"{theme.id} {theme.title}", style="bold underline")
        themes.append((heading, rows))
    return themes


_HEADERS = _Row(
    Text("ID"),
    Text("Question"),
    Text("Sufficient"),
    Text("%"),
    Text(""),
    Text("95% interval"),
    Text("Rating / note"),
)
_ORDER = ("id", "title", "figure", "percent", "bar", "interval", "rating")


def _widest(rows: Sequence[_Row], field: str) -> int:
    return max((cell_len(getattr(row, field).plain) for row in rows), default=0)


def _columns(
    rows: Sequence[_Row], width: int, criteria: Sequence[CriterionResult]
) -> dict[str, int]:
    """The width of each column shown; the bar, then the interval, give way to the title."""
    ratings = max(
        [
            len("not marked"),
            *(
                len(c.band.name) + c.uncertain * len(UNCERTAIN_MARK) + c.moved * len(MOVED_MARK)
                for c in criteria
                if c.band
            ),
        ]
    )
    notes = min(_widest(rows, "rating"), _NOTE_WIDTH)
    widths = {
        "id": max(_widest(rows, "id"), len("ID")),
        "figure": max(_widest(rows, "figure"), len("Sufficient")),
        "percent": max(_widest(rows, "percent"), len("%")),
        "bar": _BAR_WIDTH,
        "interval": max(_widest(rows, "interval"), len("95% interval")),
        "rating": max(ratings, notes, len("Rating")),
    }

    def room() -> int:
        """What is left for the title, between the others and their gaps."""
        return width - sum(widths.values()) - _GAP * len(widths)

    # The interval's header wraps to "95%" over "interval" before anything goes.
    if room() < _MIN_TITLE:
        widths["interval"] = max(_widest(rows, "interval"), len("interval"))
    for optional in ("bar", "interval"):
        if room() >= _MIN_TITLE:
            break
        del widths[optional]
    title = min(room(), max(_widest(rows, "title"), len("Question")))
    if title >= _SMALLEST_TITLE:
        widths["title"] = title
    return widths


def _table(widths: dict[str, int], rows: Sequence[_Row], marks: Marks, *, header: bool) -> Table:
    """One block of rows: every block has the same columns, so that they line up."""
    shown = [field for field in _ORDER if field in widths]
    table = Table(
        box=head_box(marks),
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,
        show_header=header,
    )

    def cell(row: _Row, field: str) -> Text:
        text: Text = getattr(row, field)
        return cut_short(text, widths[field], marks) if field == "title" else text

    for field in shown:
        table.add_column(
            cell(_HEADERS, field),
            width=widths[field],
            justify="right" if field == "percent" else "left",
            # Titles are cut short; notes (and the interval's header) wrap at spaces;
            # nothing else ever needs to.
            overflow="ellipsis" if field == "title" else "fold",
            no_wrap=field not in ("rating", "interval"),
        )
    for row in rows:
        table.add_row(*(cell(row, field) for field in shown))
    return table


def _print_figures(console: Console, report: Report, workbook: WorkbookResult) -> None:
    """The figures, theme by theme: each theme's heading on a line of its own, in full."""
    marks = console_marks(console)
    themes = [
        (heading, [_Row(*(escaped_text(cell, console.encoding) for cell in row)) for row in rows])
        for heading, rows in _theme_rows(report, workbook, marks)
    ]
    every_row = [row for _, rows in themes for row in rows]
    widths = _columns(every_row, console.width, workbook.criteria)
    console.print(_table(widths, [], marks, header=True))
    for position, (heading, rows) in enumerate(themes):
        if position:
            console.print()
        console.print(heading, soft_wrap=True)
        console.print(_table(widths, rows, marks, header=False))


def _findings(
    title: str, criteria: list[CriterionResult], report: Report, console: Console
) -> Group:
    """The findings, one bullet each, wrapped under their own text at the console's width."""
    policy = report.framework.rating
    if not criteria:
        return Group(Text(title, style="bold"), Text("  None", style="dim"))
    bullets = Table.grid(expand=True)
    bullets.add_column(width=4, no_wrap=True)
    bullets.add_column(ratio=1)
    for criterion in criteria:
        line = Text(f"{criterion.id} {criterion.title}: ")
        line.append(_rating_text(policy, criterion))
        driver = f", question {criterion.driven_by}" if criterion.driven_by else ""
        if criterion.rated_by == "judgement":
            line.append(" (entered on the Ratings sheet)")
        elif criterion.proportion is None:
            line.append(" (entered; the figures give no rating)")
        else:
            moved = f"{criterion.figures_rating} by the figures: " if criterion.moved else ""
            line.append(
                f" ({moved}{out_of(criterion.sufficient, criterion.relevant)} sufficient, "
                f"{percent(criterion.proportion)}{driver}; 95% interval "
                f"{interval_range(criterion.interval)})"
            )
        bullet = f"  {console_marks(console).bullet} "
        bullets.add_row(bullet, escaped_text(line, console.encoding))
    return Group(Text(title, style="bold"), bullets)


def _unreadable(workbook: WorkbookResult) -> Text:
    text = Text()
    text.append(one_line(workbook.path), style="bold")
    text.append("  could not be read as a marking workbook", style="red")
    return text


def _print_uncertainty_note(console: Console, workbook: WorkbookResult) -> None:
    if any(criterion.uncertain for criterion in workbook.criteria):
        console.print(Text(UNCERTAIN_NOTE, style="dim"))


def _print_entered(console: Console, report: Report, workbook: WorkbookResult) -> None:
    """The ratings the inspectors entered, each beside the figures' rating, with its
    reason: what a rating not worked out from the figures rests on."""
    entered = [criterion for criterion in workbook.criteria if criterion.entered is not None]
    if not entered:
        return
    policy = report.framework.rating
    bullets = Table.grid(expand=True)
    bullets.add_column(width=4, no_wrap=True)
    bullets.add_column(ratio=1)
    for criterion in entered:
        line = Text(f"{criterion.id} {criterion.title}: ")
        rating = criterion.band.name if criterion.band else "Not rated"
        line.append(rating, style=f"bold {_band_colour(policy, criterion)}")
        line.append(f", {entered_note(criterion)}")
        bullets.add_row("  • ", line)
    console.print()
    console.print(Group(Text("Ratings entered on the Ratings sheet", style="bold"), bullets))


def _print_overall(console: Console, workbook: WorkbookResult) -> None:
    if workbook.overall is not None:
        console.print()
        console.print(Text(overall_text(workbook.overall), style="bold"))


def _print_findings(console: Console, report: Report, workbook: WorkbookResult) -> None:
    console.print(_findings("Key strengths", workbook.strengths, report, console))
    console.print()
    areas = workbook.areas_for_improvement
    console.print(_findings("Areas requiring improvement", areas, report, console))


def _print_one(console: Console, report: Report, workbook: WorkbookResult) -> None:
    if workbook.status == "unreadable":
        console.print(_unreadable(workbook), soft_wrap=True)
        return
    console.print(_workbook_heading(workbook, console_marks(console)), soft_wrap=True)
    _print_figures(console, report, workbook)
    _print_uncertainty_note(console, workbook)
    _print_entered(console, report, workbook)
    _print_overall(console, workbook)
    console.print()
    _print_findings(console, report, workbook)
    if workbook.problems:
        errors = counted(len(workbook.errors), "error")
        warnings = counted(len(workbook.warnings), "warning")
        console.print()
        console.print(Text(f"{errors} and {warnings}, listed on stderr", style="yellow"))


# --- A batch: one row per workbook --------------------------------------------------------


def _initials(name: str) -> str:
    return "".join(word[0].upper() for word in name.split())


class _Cell(NamedTuple):
    text: str
    style: str = ""


def _workbook_name(workbook: WorkbookResult, marks: Marks) -> str:
    """The area (or service) and the path: two audits of one area stay apart."""
    return one_line(label_and_path(workbook.inspection, workbook.path, dot=marks.dot))


def _problems_cell(workbook: WorkbookResult) -> _Cell:
    if workbook.status == "unreadable":
        codes = ", ".join(problem.code for problem in workbook.problems)
        return _Cell(f"unreadable ({codes})", "red")
    errors, warnings = len(workbook.errors), len(workbook.warnings)
    if not (errors or warnings):
        return _Cell("none", "dim")
    counts = [counted(errors, "error")] if errors else []
    counts += [counted(warnings, "warning")] if warnings else []
    return _Cell(", ".join(counts), "yellow" if errors else "")


def _overall_cell(workbook: WorkbookResult) -> str:
    """`Good (26 out of 36)`, or `not rated` (the workbook's own output says why)."""
    overall = workbook.overall
    if overall is None:
        return ""
    if overall.band is None:
        return "not rated"
    return overall_text(overall).removeprefix("Overall: ")


def _summary_cells(report: Report, encoding: str) -> list[list[_Cell]]:
    """Each workbook's cells, escaped as the output shows them before they are measured."""
    marks = marks_for(encoding)
    unicode = is_unicode(encoding)
    bands = report.framework.rating.bands
    rows = []
    for workbook in report.workbooks:
        readable = workbook.status != "unreadable"
        ratings = [criterion.band for criterion in workbook.criteria]
        name = _workbook_name(workbook, marks)
        overall = []
        if report.framework.overall is not None:
            overall = [_Cell(_overall_cell(workbook))]
        rows.append(
            [
                _Cell(name if unicode else escaped_for(name, encoding), "bold" if readable else ""),
                _Cell(str(workbook.cases) if readable else ""),
                *(_Cell(str(ratings.count(band)) if readable else "") for band in bands),
                *overall,
                _Cell(", ".join(criterion.id for criterion in workbook.strengths)),
                _Cell(", ".join(criterion.id for criterion in workbook.areas_for_improvement)),
                _problems_cell(workbook),
            ]
        )
    return rows


def _summary_lines(report: Report, width: int, encoding: str) -> list[Text]:
    """One row per workbook (more where a cell wraps), laid out in one pass over the rows."""
    bands = report.framework.rating.bands
    headers = [
        "Workbook",
        "Cases",
        *(_initials(band.name) for band in bands),
        *(["Overall"] if report.framework.overall is not None else []),
        "Strengths",
        "Areas requiring improvement",
        "Problems",
    ]
    rows = _summary_cells(report, encoding)
    numbers = range(1, 2 + len(bands))
    lists = (len(headers) - 3, len(headers) - 2)
    # Headers of numbers are short; the others wrap at spaces where they must.
    minimums = [max(len(word) for word in header.split()) for header in headers]
    minimums[0] = 16
    widths = [len(header) for header in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], cell_len(cell.text))
    # Too wide for the terminal: the columns of text give way evenly and wrap, each down
    # to its longest word; the lists of IDs and the problems first, the workbook's name
    # (to 40 columns) only with them, and below that last.
    flexible = [0, *lists, len(widths) - 1]
    if report.framework.overall is not None:
        flexible.append(2 + len(bands))
    excess = sum(widths) + _GAP * (len(widths) - 1) - width
    for name_minimum in (min(widths[0], 40), minimums[0]):
        minimums[0] = name_minimum
        while excess > 0:
            index = max(flexible, key=lambda i: widths[i] - minimums[i])
            if widths[index] <= minimums[index]:
                break
            widths[index] -= 1
            excess -= 1
    lines: list[Text] = []
    header_cells = [
        textwrap.wrap(header, widths[index]) or [""] for index, header in enumerate(headers)
    ]
    lines += _layout(
        [[_Cell(part, "bold") for part in cell] for cell in header_cells], widths, numbers
    )
    lines.append(Text(marks_for(encoding).rule * (sum(widths) + _GAP * (len(widths) - 1))))
    for row in rows:
        wrapped = [
            [
                _Cell(part, cell.style)
                for part in textwrap.wrap(cell.text, widths[index], break_on_hyphens=False) or [""]
            ]
            for index, cell in enumerate(row)
        ]
        lines += _layout(wrapped, widths, numbers)
    return lines


def _layout(cells: list[list[_Cell]], widths: list[int], numbers: range) -> list[Text]:
    """The lines of one row: each cell's lines side by side, numbers to the right."""
    height = max(len(cell) for cell in cells)
    lines = []
    for line_number in range(height):
        line = Text()
        for index, cell in enumerate(cells):
            part = cell[line_number] if line_number < len(cell) else _Cell("")
            pad = " " * (widths[index] - cell_len(part.text))
            if index:
                line.append(" " * _GAP)
            if index in numbers:
                line.append(pad)
                line.append(part.text, style=part.style)
            else:
                line.append(part.text, style=part.style)
                line.append(pad)
        line.rstrip()
        lines.append(line)
    return lines


def _print_batch(console: Console, report: Report, stream: TextIO, plain: bool) -> None:
    summary = report.summary
    console.print(
        Text(
            f"{counted(summary.workbooks, 'workbook')}: {summary.ok} ok, {summary.errors} with "
            f"errors, {summary.unreadable} unreadable",
            style="bold",
        ),
        soft_wrap=True,
    )
    lines = _summary_lines(report, console.width, console.encoding)
    if plain:
        # Without colour the lines are plain text: written as such, they cost next to nothing.
        stream.write("".join(line.plain + "\n" for line in lines))
    else:
        for line in lines:
            console.print(line, soft_wrap=True)
    legend = ", ".join(f"{_initials(b.name)} {b.name}" for b in report.framework.rating.bands)
    console.print(Text(f"Criteria per band: {legend}", style="dim"), soft_wrap=True)
    console.print()
    pooled = report.pooled
    readable = summary.workbooks - summary.unreadable
    console.print(
        Text(
            f"All workbooks pooled: {counted(readable, 'workbook')}, "
            f"{counted(pooled.cases or 0, 'case')}",
            style="bold",
        ),
        Text(" (sum of N over sum of M for each question)", style="dim"),
        soft_wrap=True,
    )
    _print_figures(console, report, pooled)
    _print_uncertainty_note(console, pooled)
    _print_overall(console, pooled)
    console.print()
    _print_findings(console, report, pooled)


def write_table(report: Report, stream: TextIO, options: OutputOptions) -> None:
    console = console_for(stream, options)
    if len(report.workbooks) == 1:
        _print_one(console, report, report.workbooks[0])
    else:
        plain = not console.is_terminal and not options.color
        _print_batch(console, report, stream, plain=plain)
