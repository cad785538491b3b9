"""The report draft as one self-contained HTML file, to read on screen and to print.

Everything is inline: the CSS, and the chart as SVG. There is no script, font, image or
stylesheet to fetch, and a Content-Security-Policy forbids fetching anything should some
markup slip in, so the file opens offline and shows the same everywhere. Every piece of
text from a workbook or a framework (area, service, dates, comparator, titles, question
wording, sentences built from them) is escaped. The output depends on the draft alone:
no timestamps, no randomness.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple, TextIO

from sqs_cli.bands import PALETTE, BandColour, band_colours
from sqs_cli.draft import FIGURES_NOTES_TITLE, CriterionDraft, Draft, Finding, ThemeDraft
from sqs_cli.figures import interval_range, out_of, percent, question_figure, question_notes
from sqs_cli.framework import Band
from sqs_cli.results import CriterionResult, QuestionResult
from sqs_cli.safe_text import markup_for
from sqs_cli.writers import OutputOptions

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

UNCERTAIN_NOTE = (
    "Uncertain: the 95% interval around the figure reaches another band, so another "
    "sample of cases could well have rated it otherwise."
)

# The chart's geometry, in SVG user units.
CHART_WIDTH = 760
PLOT_LEFT = 300.0
PLOT_WIDTH = 390.0
ROW_HEIGHT = 26
BAR_HEIGHT = 14
LABEL_ROW_HEIGHT = 14
_LABEL_CHARACTERS = 42  # a criterion label, to end before the plot (12px text)
_CHARACTER_WIDTH = 7.6  # a generous average width for the bold 11px band names

_STYLE = """
:root { color-scheme: light; }
body {
  margin: 0; background: #fff; color: #1b1b1b;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}
main { max-width: 54rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.7em; line-height: 1.25; margin: 0 0 0.75rem; }
h2 { font-size: 1.3em; margin: 1.75em 0 0.5em; border-bottom: 2px solid #d0d0d0; }
h3 { font-size: 1.1em; margin: 1.4em 0 0.4em; }
p { margin: 0 0 0.75rem; }
.dates p { margin: 0 0 0.25rem; color: #333; }
ul.commentary { padding-left: 1.25rem; }
ul.commentary li { margin-bottom: 0.75rem; }
ul.commentary p { margin: 0 0 0.25rem; }
p.rating-line { font-style: italic; color: #333; }
figure { margin: 1rem 0 1.5rem; }
figcaption { font-size: 0.9em; color: #333; margin-top: 0.4rem; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  fill: #1b1b1b; }
svg.chart .band-label { font-size: 11px; font-weight: 600; }
svg.chart .axis-label, svg.chart .value { font-size: 11px; }
svg.chart .criterion-label { font-size: 12px; }
svg.chart .not-rated { font-size: 11px; font-style: italic; fill: #666; }
svg.chart .threshold { stroke: #555; stroke-width: 1; stroke-dasharray: 4 3; }
svg.chart .axis { stroke: #555; stroke-width: 1; }
svg.chart .whisker { stroke: #1b1b1b; stroke-width: 1.5; }
table.figures { width: 100%; table-layout: fixed; border-collapse: collapse;
  margin: 0.5rem 0 1.25rem;
  font-size: 0.88em; font-variant-numeric: tabular-nums; }
table.figures col.id { width: 7%; }
table.figures col.figure { width: 13%; }
table.figures col.number { width: 7.5%; }
table.figures col.interval { width: 13%; }
table.figures col.rating { width: 24%; }
table.figures caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
table.figures th, table.figures td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.4rem;
  text-align: left; vertical-align: top; }
table.figures th { border-bottom: 2px solid #999; }
table.figures td.number, table.figures th.number { text-align: right; white-space: nowrap; }
table.figures td.figure, table.figures td.interval { white-space: nowrap; }
table.figures tr.criterion td { font-weight: 600; border-top: 1px solid #bbb; }
table.figures tr.question td:nth-child(2) { padding-left: 1.2rem; }
table.figures tr.unratable td { color: #666; }
table.figures td.note { color: #555; font-weight: 400; }
td.rating { border-left: 4px solid transparent; }
span.uncertain { display: block; font-size: 0.9em; font-weight: 400; font-style: italic; }
p.uncertain-note { font-size: 0.9em; color: #333; }
footer.notes { margin-top: 2.5rem; border-top: 1px solid #ccc; padding-top: 0.75rem;
  font-size: 0.9em; color: #333; }
.not-rated.rating { color: #555; font-weight: 400; }
div.table-scroll { overflow-x: auto; }
@media (max-width: 44em) {
  main { padding: 1rem 0.75rem 2rem; }
  table.figures { table-layout: auto; font-size: 0.8em; }
  table.figures td.figure, table.figures td.interval, table.figures td.number {
    white-space: normal; }
}
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { background: #fff; color: #000; font-size: 10pt; line-height: 1.35; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 1.6em; }
  h2 { margin: 1.2em 0 0.4em; }
  h3 { margin: 1em 0 0.3em; }
  ul.commentary li { margin-bottom: 0.4rem; }
  div.table-scroll { overflow: visible; }
  /* A theme's table may run onto the next page between its rows (its header repeated
     there), never inside a row: no page is left half empty to keep a table whole. */
  table.figures { break-inside: auto; page-break-inside: auto; font-size: 8.5pt;
    margin: 0.25rem 0 0.75rem; }
  table.figures thead { display: table-header-group; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  figure, tr, li { break-inside: avoid; page-break-inside: avoid; }
}
""".strip()
# A rating cell: the band's light tint, edged in the colour of its bar.
_BAND_STYLE = "\n".join(
    f".band-{colour.name}.rating {{ background: {colour.fill}; border-left-color: {colour.bar}; }}"
    for colour in PALETTE
)


def _e(text: object) -> str:
    """Text made inert in HTML content and in attribute values."""
    return html.escape(str(text), quote=True)


def _number(value: float) -> str:
    """An SVG coordinate: one decimal place, no trailing zeros, so output is stable."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


class Scale(NamedTuple):
    """The bands the chart and tables show, from the highest, and each one's colour."""

    bands: tuple[Band, ...]
    colours: Mapping[Band, BandColour]


def draft_scale(draft: Draft, bands: Sequence[Band] | None = None) -> Scale:
    """The framework's bands (the draft's own, unless others are given), coloured by
    position from the best to the worst as in every output (sqs_cli/bands.py)."""
    chosen = tuple(bands) if bands is not None else draft.bands
    return Scale(chosen, band_colours(chosen))


def _x(proportion: float | Fraction) -> float:
    return PLOT_LEFT + float(proportion) * PLOT_WIDTH


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _criteria(draft: Draft) -> list[CriterionDraft]:
    return [criterion for theme in draft.themes for criterion in theme.criteria]


def _chart_summary(bands: Sequence[Band]) -> str:
    thresholds = ", ".join(f"{band.name} from {percent(band.minimum)}" for band in bands)
    text = (
        "For each criterion, the proportion of relevant cases judged sufficient, as a bar "
        "coloured by its rating, with its 95% interval as a line across the bar's end"
    )
    if thresholds:
        text += f"; dashed lines mark where each band starts: {thresholds}"
    return text + ". The tables below give every figure."


def _criterion_description(result: CriterionResult) -> str:
    label = f"{result.id} {result.title}: "
    if result.band is not None and result.proportion is None:
        return label + f"{result.band.name}, entered by the inspectors"
    if result.band is None or result.proportion is None:
        return label + f"not rated ({result.not_rated_reason or 'no figures'})"
    text = (
        label + f"{result.band.name}, {percent(result.proportion)} "
        f"({out_of(result.sufficient, result.relevant)} sufficient), "
        f"95% interval {interval_range(result.interval)}"
    )
    return text + (", uncertain" if result.uncertain else "")


def _label_rows(labels: Sequence[tuple[float, str]]) -> list[int]:
    """A row for each (x, text) label, the lowest row free at x, so no two labels overlap."""
    row_ends: list[float] = []
    rows = [0] * len(labels)
    for index in sorted(range(len(labels)), key=lambda index: labels[index][0]):
        x, text = labels[index]
        row = next((row for row, end in enumerate(row_ends) if end <= x), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = x + len(text) * _CHARACTER_WIDTH + 6
        rows[index] = row
    return rows


def _band_label(band: Band) -> tuple[float, str, str]:
    """Where a band's name goes, how it reads and its text-anchor: just right of its
    threshold; or, where it would run past the chart, ending at the chart's right edge
    (shortened if it must be, to fit over the plot)."""
    right = CHART_WIDTH - 2
    text = _shorten(band.name, int((right - PLOT_LEFT) / _CHARACTER_WIDTH))
    x = _x(band.minimum) + 3
    if x + len(text) * _CHARACTER_WIDTH <= right:
        return x, text, "start"
    return right, text, "end"


def chart_svg(draft: Draft, scale: Scale) -> list[str]:
    """Each criterion's proportion as a bar, its interval as a whisker, and the bands'
    thresholds as dashed lines labelled with the band's name."""
    criteria = _criteria(draft)
    bands = scale.bands
    label_positions = [_band_label(band) for band in bands]
    label_rows = _label_rows(
        [
            (x if anchor == "start" else x - len(text) * _CHARACTER_WIDTH, text)
            for x, text, anchor in label_positions
        ]
    )
    top = (max(label_rows, default=0) + 1) * LABEL_ROW_HEIGHT + 8
    plot_height = max(1, len(criteria)) * ROW_HEIGHT
    bottom = top + plot_height
    height = bottom + 24
    summary = _chart_summary(bands)
    lines = [
        f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} '
        f'{height}" width="{CHART_WIDTH}" height="{height}" role="img" '
        'aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Each criterion\'s proportion sufficient against the band '
        "thresholds</title>",
        f'<desc id="chart-desc">{_e(summary)}</desc>',
    ]
    # Band names over the plot, each at the start of its band.
    for band, (x, text, anchor), row in zip(bands, label_positions, label_rows, strict=True):
        y = (row + 1) * LABEL_ROW_HEIGHT
        lines.append(
            f'<text class="band-label" data-band="{_e(band.name)}" x="{_number(x)}" y="{y}" '
            f'text-anchor="{anchor}">{_e(text)}</text>'
        )
    # The axis at 0%, and a dashed line where each band above the lowest starts.
    lines.append(
        f'<line class="axis" x1="{_number(PLOT_LEFT)}" y1="{top - 4}" '
        f'x2="{_number(PLOT_LEFT)}" y2="{bottom}"/>'
    )
    lines.append(
        f'<line class="axis" x1="{_number(PLOT_LEFT)}" y1="{bottom}" '
        f'x2="{_number(PLOT_LEFT + PLOT_WIDTH)}" y2="{bottom}"/>'
    )
    ticks: list[Fraction] = [Fraction(0), Fraction(1)]
    for band in bands:
        if band.minimum <= 0:
            continue
        at = _number(_x(band.minimum))
        lines.append(
            f'<line class="threshold" data-band="{_e(band.name)}" '
            f'data-minimum="{_e(percent(band.minimum))}" x1="{at}" y1="{top - 4}" x2="{at}" '
            f'y2="{bottom}"/>'
        )
        ticks.append(band.minimum)
    last_tick = -100.0
    for tick in sorted(set(ticks)):
        tick_x = _x(tick)
        if tick_x - last_tick < 30:
            continue
        last_tick = tick_x
        lines.append(
            f'<text class="axis-label" x="{_number(tick_x)}" y="{bottom + 16}" '
            f'text-anchor="middle">{_e(percent(tick))}</text>'
        )
    for index, criterion in enumerate(criteria):
        lines += _chart_row(criterion.result, scale, top + index * ROW_HEIGHT)
    lines.append("</svg>")
    return lines


def _chart_row(result: CriterionResult, scale: Scale, y: float) -> list[str]:
    middle = y + ROW_HEIGHT / 2
    label = _shorten(f"{result.id} {result.title}", _LABEL_CHARACTERS)
    lines = [
        f'<g class="criterion" data-criterion="{_e(result.id)}">',
        f"<title>{_e(_criterion_description(result))}</title>",
        f'<text class="criterion-label" x="4" y="{_number(middle + 4)}">{_e(label)}</text>',
    ]
    # The bar is the figure: it takes the colour of the figures' band, even where the
    # inspectors moved the rating (the tables say so).
    shown_band = result.figures_band or result.band
    colour = scale.colours.get(shown_band) if shown_band else None
    if result.band is None or result.proportion is None:
        # No figures: not rated, or rated by the inspectors (the ratings table says so).
        shown = "not rated" if result.band is None else f"{result.band.name}, entered"
        lines.append(
            f'<text class="not-rated" x="{_number(PLOT_LEFT + 6)}" y="{_number(middle + 4)}">'
            f"{_e(shown)}</text>"
        )
    else:
        fill = colour.bar if colour else "#777"
        width = float(result.proportion) * PLOT_WIDTH
        lines.append(
            f'<rect class="bar" data-band="{_e(result.band.name)}" x="{_number(PLOT_LEFT)}" '
            f'y="{_number(middle - BAR_HEIGHT / 2)}" width="{_number(width)}" '
            f'height="{BAR_HEIGHT}" fill="{fill}"/>'
        )
        end = _x(result.proportion)
        interval = result.interval
        if interval is not None:
            low, high = _number(_x(interval.low)), _number(_x(interval.high))
            cap_top, cap_bottom = _number(middle - 5), _number(middle + 5)
            lines += [
                f'<line class="whisker" x1="{low}" y1="{_number(middle)}" x2="{high}" '
                f'y2="{_number(middle)}"/>',
                f'<line class="whisker" x1="{low}" y1="{cap_top}" x2="{low}" y2="{cap_bottom}"/>',
                f'<line class="whisker" x1="{high}" y1="{cap_top}" x2="{high}" y2="{cap_bottom}"/>',
            ]
            end = max(end, _x(interval.high))
        lines.append(
            f'<text class="value" x="{_number(end + 6)}" y="{_number(middle + 4)}">'
            f"{_e(percent(result.proportion))}</text>"
        )
    lines.append("</g>")
    return lines


def _band_for(bands: Sequence[Band], proportion: Fraction) -> int | None:
    return next((i for i, band in enumerate(bands) if proportion >= band.minimum), None)


def other_bands(result: CriterionResult, bands: Sequence[Band]) -> list[str]:
    """The names of the other bands a criterion's 95% interval reaches, best first."""
    interval = result.interval
    if interval is None or result.band is None:
        return []
    best = _band_for(bands, Fraction(interval.high))
    worst = _band_for(bands, Fraction(interval.low))
    if best is None:
        return []
    reached = bands[best : len(bands) if worst is None else worst + 1]
    return [band.name for band in reached if band != result.band]


def _uncertain_text(result: CriterionResult, bands: Sequence[Band]) -> str:
    names = other_bands(result, bands)
    if not names:
        return "uncertain: the interval reaches another band"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"uncertain: could be {listed}"


def _rating_cell(result: CriterionResult, scale: Scale) -> str:
    if result.band is None:
        reason = f": {result.not_rated_reason}" if result.not_rated_reason else ""
        return f'<td class="rating not-rated">Not rated{_e(reason)}</td>'
    colour = scale.colours.get(result.band)
    css = f"rating band-{colour.name}" if colour else "rating"
    badge = ""
    if result.uncertain:
        badge = (
            f' <span class="uncertain" title="{_e(UNCERTAIN_NOTE)}">'
            f"{_e(_uncertain_text(result, scale.bands))}</span>"
        )
    if result.moved:
        badge += (
            f' <span class="uncertain">moved from {_e(result.figures_rating or "no rating")}</span>'
        )
    elif result.rated_by == "judgement":
        badge += ' <span class="uncertain">entered</span>'
    return f'<td class="{css}">{_e(result.band.name)}{badge}</td>'


def _question_note(question: QuestionResult, driven_by: str | None) -> str:
    notes = question_notes(question)
    if question.marked and question.id == driven_by:
        notes.insert(0, "sets the rating")
    return "; ".join(notes)


def _question_row(question: QuestionResult, driven_by: str | None) -> str:
    figure = question_figure(question)
    shown = percent(question.proportion) if question.relevant else ""
    css = "question" if question.ratable else "question unratable"
    cells = [
        f"<td>{_e(question.id)}</td>",
        f"<td>{_e(question.text)}</td>",
        f'<td class="figure">{_e(figure)}</td>',
        f'<td class="number">{_e(shown)}</td>',
        f'<td class="interval">{_e(interval_range(question.interval))}</td>',
        f'<td class="note">{_e(_question_note(question, driven_by))}</td>',
    ]
    return f'<tr class="{css}" data-question="{_e(question.id)}">{"".join(cells)}</tr>'


def _figures_table(
    theme: ThemeDraft, questions: dict[str, list[QuestionResult]], scale: Scale
) -> list[str]:
    lines = [
        '<div class="table-scroll">',
        f'<table class="figures" data-theme="{_e(theme.id)}">',
        f"<caption>{_e(theme.id)}. {_e(theme.title)}</caption>",
        '<colgroup><col class="id"><col class="text"><col class="figure"><col class="number">'
        '<col class="interval"><col class="rating"></colgroup>',
        "<thead><tr><th>ID</th><th>Criterion / question</th><th>Sufficient</th>"
        '<th class="number">%</th><th>95% interval</th><th>Rating / note</th></tr></thead>',
        "<tbody>",
    ]
    for criterion in theme.criteria:
        result = criterion.result
        rated = result.proportion is not None
        lines.append(
            f'<tr class="criterion" data-criterion="{_e(result.id)}">'
            f"<td>{_e(result.id)}</td><td>{_e(result.title)}</td>"
            f'<td class="figure">'
            f"{_e(out_of(result.sufficient, result.relevant)) if rated else ''}</td>"
            f'<td class="number">{_e(percent(result.proportion)) if rated else ""}</td>'
            f'<td class="interval">{_e(interval_range(result.interval))}</td>'
            f"{_rating_cell(result, scale)}</tr>"
        )
        lines += [
            _question_row(question, result.driven_by)
            for question in questions.get(criterion.id, [])
        ]
    lines += ["</tbody>", "</table>", "</div>"]
    return lines


def _ratings(draft: Draft, scale: Scale) -> list[str]:
    """The ratings table that opens a report in the shape of HMIP's: the overall rating,
    then each criterion's, each in its band's colour."""
    if not draft.ratings:
        return []
    colours = {band.name: colour for band, colour in scale.colours.items()}
    lines = [
        '<section id="ratings">',
        "<h2>Ratings</h2>",
        '<div class="table-scroll">',
        '<table class="figures ratings">',
        "<thead><tr><th>Standard</th><th>Title</th><th>Rating</th><th>How it was rated</th>"
        "</tr></thead>",
        "<tbody>",
    ]
    if draft.overall is not None:
        lines.append(
            '<tr class="criterion overall"><td>Overall</td><td>Overall rating</td>'
            f'<td class="rating">{_e(draft.overall.removeprefix("Overall: "))}</td><td></td></tr>'
        )
    for row in draft.ratings:
        colour = colours.get(row.rating)
        css = f"rating band-{colour.name}" if colour else "rating not-rated"
        lines.append(
            f'<tr data-criterion="{_e(row.id)}"><td>{_e(row.id)}</td><td>{_e(row.title)}</td>'
            f'<td class="{css}">{_e(row.rating)}</td><td>{_e(row.how)}</td></tr>'
        )
    return [*lines, "</tbody>", "</table>", "</div>", "</section>"]


def _paragraphs(texts: Iterable[str], css: str | None = None) -> list[str]:
    attribute = f' class="{css}"' if css else ""
    return [f"<p{attribute}>{_e(text)}</p>" for text in texts]


def _findings(section_id: str, title: str, findings: tuple[Finding, ...]) -> list[str]:
    lines = [f'<section id="{section_id}">', f"<h2>{_e(title)}</h2>"]
    if not findings:
        return [*lines, "<p>None from the figures.</p>", "</section>"]
    lines.append("<ul>")
    lines += [
        f"<li>{_e(finding.title)} ({_e(finding.id)}: {_e(finding.figure)}).</li>"
        for finding in findings
    ]
    return [*lines, "</ul>", "</section>"]


def _commentary(draft: Draft) -> list[str]:
    lines = [
        '<section id="commentary">',
        f"<h2>{_e(draft.commentary_title)}</h2>",
    ]
    for theme in draft.themes:
        lines += [
            f"<h3>{_e(theme.id)}. {_e(theme.title)}</h3>",
            '<ul class="commentary">',
        ]
        for criterion in theme.criteria:
            body = " ".join(_e(sentence) for sentence in criterion.sentences)
            lines.append(
                f'<li data-criterion="{_e(criterion.id)}"><p><strong>{_e(criterion.id)}. '
                f"{_e(criterion.title)}.</strong> {body}</p>"
                f'<p class="rating-line">{_e(criterion.rating)}</p></li>'
            )
        lines.append("</ul>")
    return [*lines, "</section>"]


def _figures(draft: Draft, scale: Scale) -> list[str]:
    questions: dict[str, list[QuestionResult]] = {}
    for question in draft.workbook.questions:
        questions.setdefault(question.criterion, []).append(question)
    lines = [
        '<section id="figures">',
        "<h2>Figures</h2>",
        '<figure class="chart">',
        *chart_svg(draft, scale),
        "<figcaption>"
        + _e(_chart_summary(scale.bands))
        + " Criteria not rated are shown as \u201cnot rated\u201d.</figcaption>",
        "</figure>",
    ]
    if any(criterion.result.uncertain for criterion in _criteria(draft)):
        lines.append(f'<p class="uncertain-note" id="uncertain">{_e(UNCERTAIN_NOTE)}</p>')
    for theme in draft.themes:
        lines += _figures_table(theme, questions, scale)
    return [*lines, "</section>"]


def draft_html(draft: Draft, bands: Sequence[Band] | None = None) -> str:
    """The whole HTML document. bands: the framework's rating bands, from the highest;
    by default the bands some criterion of the draft was rated in."""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CONTENT_SECURITY_POLICY)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(draft.title)}</title>",
        f"<style>\n{_STYLE}\n{_BAND_STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{_e(draft.title)}</h1>",
    ]
    if draft.dates:
        lines += ['<div class="dates">', *_paragraphs(draft.dates), "</div>"]
    lines += ["</header>"]
    lines += ['<section id="context">', "<h2>Context</h2>", *_paragraphs(draft.context)]
    lines += ["</section>"]
    if draft.figures_notes:
        lines += ['<section id="figures-notes">', f"<h2>{_e(FIGURES_NOTES_TITLE)}</h2>", "<ul>"]
        lines += [f"<li>{_e(note)}</li>" for note in draft.figures_notes]
        lines += ["</ul>", "</section>"]
    lines += _ratings(draft, draft_scale(draft, bands))
    lines += ['<section id="summary">', "<h2>Summary</h2>"]
    lines += [*_paragraphs(draft.summary), "</section>"]
    lines += _figures(draft, draft_scale(draft, bands))
    lines += _commentary(draft)
    lines += _findings("strengths", "Key strengths", draft.strengths)
    lines += _findings("improvement", "Areas requiring improvement", draft.areas_for_improvement)
    lines += ['<footer class="notes">']
    lines += [f"<p><em>{_e(note)}</em></p>" for note in draft.notes]
    lines += ["</footer>", "</main>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"


def write_draft_html(
    draft: Draft,
    stream: TextIO,
    options: OutputOptions,
    *,
    bands: Sequence[Band] | None = None,
) -> None:
    # Its <meta charset> says UTF-8: where the output is not Unicode, ASCII and references.
    stream.write(markup_for(draft_html(draft, bands), stream.encoding))
