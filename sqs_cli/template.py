"""A blank marking workbook for a framework, made so that wrong entries are hard to make.

Written with openpyxl (imported here only, so that scoring never pays for it): a Cases
sheet with a drop-down list on every mark cell, a Guide in plain words and an Inspection
sheet with the keys sqs reads. For a framework with case groups the Cases sheet has the
group column (`Disposal`) with its own drop-down; for one with criteria rated by
judgement or ratings the inspectors may move, a Ratings sheet lists the criteria, with a
drop-down of the bands.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable, Sequence
from typing import BinaryIO, NamedTuple

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sqs_cli.bands import MARK_COLOURS, band_ranges, overall_ranges, points_in_words
from sqs_cli.framework import Framework
from sqs_cli.reading.inspection import INSPECTION_KEYS
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.openpyxl_sheets import print_one_page_wide
from sqs_cli.writers.package import with_fixed_times

MARKS = ("Yes", "No", "Not done", "N/A")
DESCRIPTIVE_COLUMNS = ("Case type", "Inspector", "Comments")
DEFAULT_CASES = 20
_DESCRIPTIVE_WIDTHS = {"Case type": 24, "Inspector": 12, "Comments": 40}

# Excel limits an input message to 255 characters and its title to 32.
_PROMPT_LIMIT, _PROMPT_TITLE_LIMIT = 255, 32
_BOLD = Font(bold=True)
_THIN = Side(style="thin", color="BFBFBF")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_MARK_FILLS = {
    mark: PatternFill("solid", fgColor=tint, bgColor=tint)
    for mark, colour in MARK_COLOURS.items()
    for tint in [colour.fill.removeprefix("#")]
}


# A line of 11 pt Calibri, as Excel's default row height: a wrapped cell needs one each.
_LINE_POINTS = 15
_MARK_WIDTH = 14
_GROUP_WIDTH = 16
# The Inspection sheet's dates: a real date, or blank (the reader accepts text too, but a
# date cell is what Excel and LibreOffice offer a calendar for, and nothing is misread).
DATE_KEYS = ("Fieldwork start", "Fieldwork end", "Published")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(text: str, width: float) -> int:
    """The lines a wrapped cell takes in a column this wide, counted generously (a column's
    width counts digits, wider than the average letter) so that no text is cut."""
    return len(textwrap.wrap(text, max(1, int(width) - 2), break_long_words=True)) or 1


def _height(cells: Iterable[tuple[str, float]]) -> float:
    """A row tall enough for each (text, column width) wrapped in it."""
    return max((_lines(text, width) for text, width in cells), default=1) * _LINE_POINTS


def _print_setup(sheet: Worksheet, *, landscape: bool, pages_tall: int = 0) -> None:
    """A4, one page wide (and at most pages_tall pages tall, 0: as many as it needs), the
    header row on every page, and the print area set to the sheet's used range."""
    print_one_page_wide(sheet, landscape=landscape, pages_tall=pages_tall)
    sheet.print_options.gridLines = False
    sheet.print_area = sheet.dimensions


def group_columns(framework: Framework) -> list[tuple[str, list[str]]]:
    """Each group column of the framework (`Disposal`) with the values its groups take,
    in the framework's order."""
    columns: dict[str, list[str]] = {}
    for group in framework.groups:
        columns.setdefault(group.column, []).extend(group.values)
    return list(columns.items())


def _group_validations(sheet: Worksheet, framework: Framework, last_row: int) -> None:
    for offset, (column, values) in enumerate(group_columns(framework), start=2):
        letter = get_column_letter(offset)
        groups = "; ".join(
            f"{', '.join(group.values)}: {group.title.lower()}"
            for group in framework.groups
            if group.column == column
        )
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(values) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle=f"Not a {column.lower()}",
            error=f"Choose {', '.join(values)} from the list.",
            showInputMessage=True,
            promptTitle=_short(column, _PROMPT_TITLE_LIMIT),
            prompt=_short(f"Which questions apply: {groups}.", _PROMPT_LIMIT),
        )
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)


def _cases_sheet(
    sheet: Worksheet,
    framework: Framework,
    cases: int,
    descriptive: Sequence[str] = DESCRIPTIVE_COLUMNS,
) -> None:
    questions = list(framework.questions)
    grouping = [column for column, _ in group_columns(framework)]
    # A group column carried from a case list (`sqs sample --strata Disposal`) is written
    # once, where its drop-down is.
    descriptive = [name for name in descriptive if name not in grouping]
    headers = [
        "Case ID",
        *grouping,
        *descriptive,
        *(f"{q.id} {q.text}" for q in questions),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [
        14,
        *(_GROUP_WIDTH for _ in grouping),
        *(_DESCRIPTIVE_WIDTHS.get(name, 18) for name in descriptive),
        *(_MARK_WIDTH for _ in questions),
    ]
    for offset, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(offset)].width = width
    # Tall enough for the longest question wrapped in its column: never cut.
    sheet.row_dimensions[1].height = _height(zip(headers, widths, strict=True))
    first_mark_column = 2 + len(grouping) + len(descriptive)
    last_row = cases + 1
    _group_validations(sheet, framework, last_row)
    marks_list = '"' + ",".join(MARKS) + '"'
    for index, question in enumerate(questions):
        letter = get_column_letter(first_mark_column + index)
        # One validation per column, so that each input message shows its own question.
        validation = DataValidation(
            type="list",
            formula1=marks_list,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="Not a mark",
            error="Choose Yes, No, Not done or N/A from the list.",
            showInputMessage=True,
            promptTitle=_short(question.id, _PROMPT_TITLE_LIMIT),
            prompt=_short(question.text, _PROMPT_LIMIT),
        )
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)
    last_letter = get_column_letter(first_mark_column + len(questions) - 1)
    mark_range = f"{get_column_letter(first_mark_column)}2:{last_letter}{last_row}"
    for mark, fill in _MARK_FILLS.items():
        rule = CellIsRule(operator="equal", formula=[f'"{mark}"'], fill=fill)  # type: ignore[no-untyped-call]
        sheet.conditional_formatting.add(mark_range, rule)
    for row in sheet.iter_rows(
        min_row=1, max_row=last_row, max_col=first_mark_column + len(questions) - 1
    ):
        for cell in row:
            cell.border = _GRID
    # The header row and the case IDs stay in view while marking across 30 questions.
    sheet.freeze_panes = "B2"
    # Printed, it fits the page's width and repeats the header on every page.
    _print_setup(sheet, landscape=True)
    sheet.print_title_rows = "1:1"


def _guide_sheet(sheet: Worksheet, framework: Framework) -> None:
    policy = framework.rating

    def heading(*cells: str) -> None:
        sheet.append(list(cells))
        for cell in sheet[sheet.max_row]:
            cell.font = _BOLD

    heading(f"How to mark: {framework.title}")
    sheet.append([])
    sheet.append(["One row per case on the Cases sheet, with its case reference (no names)."])
    sheet.append(["Mark every question from the drop-down list; use N/A where it does not apply."])
    sheet.append([])
    heading("Mark", "Means", "Counts")
    sheet.append(["Yes", "The work was sufficient", "in N and in M"])
    sheet.append(["No", "The work was insufficient", "in M"])
    sheet.append(["Not done", "The work was due but not done", "in M, as a failure"])
    sheet.append(["N/A", "The question does not apply to this case", "in neither"])
    sheet.append([])
    heading("How the figures and ratings are worked out")
    sheet.append(["For each question: N out of M sufficient, M being the cases it applies to."])
    sheet.append(
        [
            f"A criterion takes the {policy.aggregation} figure of its questions with at "
            f"least {policy.min_relevant} relevant cases; questions with fewer are reported "
            "but not used to rate."
        ]
    )
    findings = {"strength": " (a key strength)", "improvement": " (an area requiring improvement)"}
    for band, reach in band_ranges(policy.bands):
        sheet.append([band.name, f"{reach}{findings.get(band.finding or '', '')}"])
    _guide_model(sheet, framework)
    sheet.append([])
    heading("Theme", "Criterion", "Question", "Asks")
    for theme in framework.themes:
        for criterion in theme.criteria:
            if criterion.rated_by == "judgement":
                sheet.append(
                    [
                        f"{theme.id} {theme.title}",
                        f"{criterion.id} {criterion.title}",
                        None,
                        "Rated by the inspectors' judgement: enter it on the Ratings sheet",
                    ]
                )
            for question in criterion.questions:
                sheet.append(
                    [
                        f"{theme.id} {theme.title}",
                        f"{criterion.id} {criterion.title}",
                        question.id,
                        question.text,
                    ]
                )
    # Narrow enough to print on one page's width at a readable size, the long texts
    # wrapping in rows made tall enough for them; on at most two pages.
    widths = (24, 28, 11, 44)
    for letter, width in zip("ABCD", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    for number, row in enumerate(sheet.iter_rows(max_col=len(widths)), start=1):
        texts = [(str(cell.value), widths[index]) for index, cell in enumerate(row) if cell.value]
        if len(texts) == 1 and len(texts[0][0]) > widths[0]:
            # A sentence on its own spans the four columns, wrapped within the page.
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=4)
            texts = [(texts[0][0], sum(widths))]
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[number].height = _height(texts)
    _print_setup(sheet, landscape=False, pages_tall=2)


def _guide_model(sheet: Worksheet, framework: Framework) -> None:
    """The Guide's words for case groups, ratings entered by judgement, overrides and the
    overall rating, where the framework has them."""
    for column, _ in group_columns(framework):
        sheet.append([])
        sheet.append([f"The {column} column says which questions apply to a case:"])
        for group in framework.groups:
            if group.column != column:
                continue
            criteria = [c.id for c in framework.criteria if c.group == group.id]
            sheet.append(
                [
                    ", ".join(group.values),
                    f"{group.title}: the questions of {', '.join(criteria)}; leave the "
                    "others empty for these cases",
                ]
            )
    if framework.judged:
        judged = ", ".join(criterion.id for criterion in framework.judged)
        sheet.append([])
        sheet.append(
            [
                f"Rated by the inspectors' judgement ({judged}): enter each rating, and a "
                "reason, on the Ratings sheet. The reasons are printed in every output: "
                "never name a child."
            ]
        )
    if framework.rating.overrides:
        sheet.append(
            [
                "A rating entered with a reason on the Ratings sheet for a criterion rated "
                "from the cases replaces the figures' rating, and is shown beside it."
            ]
        )
    overall = framework.overall
    if overall is not None:
        sheet.append([])
        sheet.append(
            [
                f"Overall rating: the points of {', '.join(overall.counted)} "
                f"({points_in_words(overall)}), out of {overall.maximum}"
            ]
        )
        for band, reach in overall_ranges(overall):
            sheet.append([band.name, reach])


def _ratings_sheet(sheet: Worksheet, framework: Framework) -> None:
    """A row per criterion a rating may be entered for: those rated by judgement, then
    (where the framework lets an entered rating replace the figures') the others."""
    sheet.append(["Standard", "Rating", "Reason"])
    for cell in sheet[1]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    rows = list(framework.judged)
    if framework.rating.overrides:
        rows += [c for c in framework.criteria if c.rated_by == "cases"]
    for criterion in rows:
        sheet.append([f"{criterion.id} {criterion.title}", None, None])
    bands = [band.name for band in framework.rating.bands]
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(bands) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Not a rating",
        error=f"Choose {', '.join(bands)} from the list.",
        showInputMessage=True,
        promptTitle="Rating",
        prompt=_short(
            "Required for a standard rated by judgement. For a standard rated from the cases, "
            "leave it empty to keep the figures' rating, or enter a rating and a reason.",
            _PROMPT_LIMIT,
        ),
    )
    validation.add(f"B2:B{len(rows) + 1}")
    sheet.add_data_validation(validation)
    for letter, width in zip("ABC", (48, 24, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    print_one_page_wide(sheet, landscape=True)


def _inspection_sheet(sheet: Worksheet) -> None:
    for key in INSPECTION_KEYS:
        sheet.append([key, None])
    for cell in sheet["A"]:
        cell.font = _BOLD
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 40
    dates = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(1990,1,1)",
        formula2="DATE(2100,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Not a date",
        error="Type a date, such as 28/06/2016, or leave the cell blank.",
        showInputMessage=True,
        promptTitle="A date",
        prompt="A date such as 28/06/2016, or blank.",
    )
    for row, key in enumerate(INSPECTION_KEYS, start=1):
        if key in DATE_KEYS:
            sheet.cell(row=row, column=2).number_format = "dd/mm/yyyy"
            dates.add(f"B{row}")
    sheet.add_data_validation(dates)
    _print_setup(sheet, landscape=False)


class Template(NamedTuple):
    """What `sqs template` writes: a blank workbook for a framework, with rows for cases."""

    framework: Framework
    cases: int = DEFAULT_CASES


def write_template(template: Template, stream: BinaryIO, options: OutputOptions) -> None:
    """The output registry's writer for `sqs template`."""
    stream.write(template_bytes(template.framework, cases=template.cases))


def template_workbook(
    framework: Framework,
    *,
    cases: int = DEFAULT_CASES,
    descriptive: Sequence[str] = DESCRIPTIVE_COLUMNS,
) -> Workbook:
    """The blank marking workbook, to save or (`sqs sample`) to fill with cases first."""
    workbook = Workbook()
    cases_sheet = workbook.active
    assert isinstance(cases_sheet, Worksheet)
    cases_sheet.title = "Cases"
    _cases_sheet(cases_sheet, framework, cases, descriptive)
    if framework.judged or framework.rating.overrides:
        _ratings_sheet(workbook.create_sheet("Ratings"), framework)
    _guide_sheet(workbook.create_sheet("Guide"), framework)
    _inspection_sheet(workbook.create_sheet("Inspection"))
    return workbook


def template_bytes(framework: Framework, *, cases: int = DEFAULT_CASES) -> bytes:
    """The blank marking workbook as .xlsx bytes."""
    workbook = template_workbook(framework, cases=cases)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return with_fixed_times(buffer.getvalue())
