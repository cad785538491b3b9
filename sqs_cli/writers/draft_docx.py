"""The report draft as a Word document, for an inspector to edit in Word or LibreOffice.

The same sections and sentences as the Markdown draft, under Word's own heading styles
(Title, Heading 1 and 2), so that the navigation pane and a table of contents work; each
theme's figures as a Word table with each rating in its band's colour (sqs_cli/bands.py),
as the HTML draft shows them; the uncertainty note; a footer on every page saying that
this is a draft to check; and the document's properties (title, subject: the area,
keywords: the fieldwork dates, status "Draft"). A4, with margins that keep the tables'
text at 9 pt.

No chart: the HTML draft draws one as SVG, which Word cannot take without a PNG beside
it, and drawing a PNG needs an imaging library this draft does not otherwise need. The
tables give every figure the chart shows.

Written with python-docx, imported here only. The same draft gives the same bytes: the
document's and the zip entries' times are fixed (sqs_cli/writers/package.py).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import BinaryIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from sqs_cli.bands import band_colours
from sqs_cli.draft import FIGURES_NOTES_TITLE, Draft, Finding, ThemeDraft
from sqs_cli.figures import interval_range, out_of, percent, question_figure, question_notes
from sqs_cli.inspection import fieldwork
from sqs_cli.results import CriterionResult, QuestionResult
from sqs_cli.safe_text import xml_safe
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.draft_html import UNCERTAIN_NOTE, other_bands
from sqs_cli.writers.package import fixed_time, with_fixed_times

FOOTER = "Draft written by sqs from the marking figures: check every sentence before use."
TABLE_HEADINGS = ("ID", "Criterion / question", "Sufficient", "%", "95% interval", "Rating / note")
# Column widths in centimetres, on A4 portrait between 2 cm margins (17 cm).
_COLUMN_WIDTHS = (1.2, 5.6, 2.5, 1.5, 2.4, 3.8)
_RATINGS_WIDTHS = (1.8, 7.0, 3.6, 4.6)
_TABLE_POINTS = 9
_HEADER_FILL = "D9E1F2"


def _text(text: str) -> str:
    """Workbook and framework text as Word can hold it: what XML cannot is escaped."""
    return xml_safe(text)


def _shade(cell: _Cell, fill: str) -> None:
    """A cell's background colour (python-docx has no API for it)."""
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.removeprefix("#"))
    properties.append(shading)


def _set_row_property(row_cells: Sequence[_Cell], tag: str) -> None:
    """Turn on a row's property that python-docx has no API for."""
    properties = row_cells[0]._tc.getparent().get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    properties.append(element)


def _repeat_as_header(row_cells: Sequence[_Cell]) -> None:
    """The table's first row repeats at the top of every page the table runs onto."""
    _set_row_property(row_cells, "w:tblHeader")


def _keep_row_together(row_cells: Sequence[_Cell]) -> None:
    """A row never breaks across two pages."""
    _set_row_property(row_cells, "w:cantSplit")


def _write(cell: _Cell, text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0]
    run = paragraph.add_run(_text(text))
    run.bold = bold or None
    run.italic = italic or None
    run.font.size = Pt(_TABLE_POINTS)
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _rating_text(result: CriterionResult, draft: Draft) -> str:
    """The rating as the HTML draft gives it: uncertain, moved or entered said beside it."""
    if result.band is None:
        reason = f": {result.not_rated_reason}" if result.not_rated_reason else ""
        return f"Not rated{reason}"
    notes = []
    if result.uncertain:
        names = other_bands(result, draft.bands)
        could_be = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        notes.append(f"uncertain: could be {could_be if names else 'another band'}")
    if result.moved:
        notes.append(f"moved from {result.figures_rating or 'no rating'}")
    elif result.rated_by == "judgement":
        notes.append("entered")
    return result.band.name + (f" ({'; '.join(notes)})" if notes else "")


def _question_note(question: QuestionResult, driven_by: str | None) -> str:
    notes = question_notes(question)
    if question.marked and question.id == driven_by:
        notes.insert(0, "sets the rating")
    return "; ".join(notes)


def _figures_table(document: WordDocument, theme: ThemeDraft, draft: Draft) -> Table:
    colours = band_colours(draft.bands)
    questions: dict[str, list[QuestionResult]] = {}
    for question in draft.workbook.questions:
        questions.setdefault(question.criterion, []).append(question)
    table: Table = document.add_table(rows=1, cols=len(TABLE_HEADINGS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0].cells
    for cell, heading in zip(header, TABLE_HEADINGS, strict=True):
        _write(cell, heading, bold=True)
        _shade(cell, _HEADER_FILL)
    _repeat_as_header(header)
    for criterion in theme.criteria:
        result = criterion.result
        # Figures only for a rating of the cases: one entered by judgement has none.
        rated = result.proportion is not None
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        _keep_row_together(cells)
        values = (
            result.id,
            result.title,
            out_of(result.sufficient, result.relevant) if rated else "",
            percent(result.proportion) if rated else "",
            interval_range(result.interval) if rated else "",
            _rating_text(result, draft),
        )
        for cell, value in zip(cells, values, strict=True):
            _write(cell, value, bold=True)
        colour = colours.get(result.band) if result.band else None
        if colour is not None:
            _shade(cells[-1], colour.fill)
        for question in questions.get(criterion.id, []):
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            _keep_row_together(cells)
            shown = percent(question.proportion) if question.relevant else ""
            values = (
                question.id,
                question.text,
                question_figure(question),
                shown,
                interval_range(question.interval),
                _question_note(question, result.driven_by),
            )
            for cell, value in zip(cells, values, strict=True):
                _write(cell, value)
    # Word reads each cell's width, LibreOffice the table grid's: both are set.
    table.autofit = False
    for column, width in zip(table.columns, _COLUMN_WIDTHS, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, _COLUMN_WIDTHS, strict=True):
            cell.width = Cm(width)
        for index in (2, 3):
            row.cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _ratings_table(document: WordDocument, draft: Draft) -> None:
    """The ratings table that opens a report in the shape of HMIP's, as the Markdown and
    HTML drafts have it: the overall rating, then each criterion's in its band's colour."""
    colours = {band.name: colour for band, colour in band_colours(draft.bands).items()}
    document.add_heading("Ratings", level=1)
    headings = ("Standard", "Title", "Rating", "How it was rated")
    table: Table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0].cells
    for cell, heading in zip(header, headings, strict=True):
        _write(cell, heading, bold=True)
        _shade(cell, _HEADER_FILL)
    _repeat_as_header(header)
    rows = [(row.id, row.title, row.rating, row.how, False) for row in draft.ratings]
    if draft.overall is not None:
        overall = draft.overall.removeprefix("Overall: ")
        rows.insert(0, ("Overall", "Overall rating", overall, "", True))
    for values in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        _keep_row_together(cells)
        *texts, bold = values
        for cell, text in zip(cells, texts, strict=True):
            _write(cell, str(text), bold=bool(bold))
        colour = colours.get(str(texts[2]))
        if colour is not None and not bold:
            _shade(cells[2], colour.fill)
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, _RATINGS_WIDTHS, strict=True):
            cell.width = Cm(width)


def _findings(document: WordDocument, title: str, findings: tuple[Finding, ...]) -> None:
    document.add_heading(title, level=1)
    if not findings:
        document.add_paragraph("None from the figures.")
        return
    for finding in findings:
        document.add_paragraph(
            f"{_text(finding.title)} ({_text(finding.id)}: {_text(finding.figure)}).",
            style="List Bullet",
        )


def _page(section: Section) -> None:
    """A4 portrait, 2 cm margins, and the footer on every page."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(FOOTER)
    run.italic = True
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _properties(document: WordDocument, draft: Draft) -> None:
    """Title, area (subject), fieldwork dates (keywords), status Draft, and fixed times."""
    properties = document.core_properties
    properties.title = _text(draft.title)
    properties.subject = _text(draft.area or "")
    work = fieldwork(draft.workbook.inspection)
    properties.keywords = _text(f"Fieldwork {work.text}" if work else "")
    properties.content_status = "Draft"
    properties.author = "sqs"
    properties.last_modified_by = "sqs"
    properties.comments = FOOTER
    properties.revision = 1
    moment = fixed_time().replace(tzinfo=None)
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment


def draft_docx(draft: Draft) -> bytes:
    """The whole Word document, as .docx bytes."""
    document = Document()
    _page(document.sections[0])
    _properties(document, draft)
    document.add_heading(_text(draft.title), level=0)
    for line in draft.dates:
        document.add_paragraph(_text(line))
    document.add_heading("Context", level=1)
    for text in draft.context:
        document.add_paragraph(_text(text))
    if draft.figures_notes:
        document.add_heading(FIGURES_NOTES_TITLE, level=1)
        for note in draft.figures_notes:
            document.add_paragraph(_text(note), style="List Bullet")
    if draft.ratings:
        _ratings_table(document, draft)
    document.add_heading("Summary", level=1)
    for sentence in draft.summary:
        document.add_paragraph(_text(sentence))

    document.add_heading("Figures", level=1)
    criteria = [criterion for theme in draft.themes for criterion in theme.criteria]
    if any(criterion.result.uncertain for criterion in criteria):
        document.add_paragraph().add_run(UNCERTAIN_NOTE).italic = True
    for theme in draft.themes:
        caption = document.add_paragraph(style="Heading 3")
        caption.add_run(f"{_text(theme.id)}. {_text(theme.title)}")
        caption.paragraph_format.keep_with_next = True
        _figures_table(document, theme, draft)

    document.add_heading(_text(draft.commentary_title), level=1)
    for theme in draft.themes:
        document.add_heading(f"{_text(theme.id)}. {_text(theme.title)}", level=2)
        for criterion in theme.criteria:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{_text(criterion.id)}. {_text(criterion.title)}.").bold = True
            body = " ".join(_text(sentence) for sentence in criterion.sentences)
            paragraph.add_run(f" {body}")
            rating = document.add_paragraph(style="List Continue")
            rating.add_run(_text(criterion.rating)).italic = True

    _findings(document, "Key strengths", draft.strengths)
    _findings(document, "Areas requiring improvement", draft.areas_for_improvement)
    for note in draft.notes:
        document.add_paragraph().add_run(_text(note)).italic = True

    saved = io.BytesIO()
    document.save(saved)
    # The same draft gives the same bytes, whenever it is written.
    return with_fixed_times(saved.getvalue())


def write_draft_docx(draft: Draft, stream: BinaryIO, options: OutputOptions) -> None:
    stream.write(draft_docx(draft))
