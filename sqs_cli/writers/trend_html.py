"""`sqs trend -o trend.html`: one self-contained page (no scripts, nothing fetched: a
Content-Security-Policy forbids it) with an SVG line chart per criterion and a table of
its questions' figures in each audit.

Each chart plots the criterion's proportion in each audit with its 95% interval as a
whisker, over the framework's band thresholds. A gap (an audit with no figure) breaks the
line: it is never drawn as zero, and no line crosses it. A step larger than chance would
give is drawn thicker and marked.
"""

from __future__ import annotations

import html
from typing import TextIO

from sqs_cli.bands import band_colour
from sqs_cli.figures import interval_range, percent
from sqs_cli.safe_text import markup_for
from sqs_cli.trend import Series, Trend
from sqs_cli.wording import counted
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.trend_text import (
    SIGNIFICANT_MEANING,
    audit_text,
    order_text,
    point_text,
    significant_text,
)

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
CHART_WIDTH, CHART_HEIGHT = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 180, 16, 40
# Points keep clear of the axes.
_INSET = 24

_STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1b1b1b;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 54rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6em; line-height: 1.25; margin: 0 0 0.75rem; }
h2 { font-size: 1.2em; margin: 1.75em 0 0.5em; border-bottom: 2px solid #d0d0d0; }
ol.audits { padding-left: 1.5rem; }
figure { margin: 1rem 0 1rem; }
figcaption { font-size: 0.9em; color: #333; margin-top: 0.4rem; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  fill: #1b1b1b; font-size: 11px; }
svg.chart .threshold { stroke-width: 1; stroke-dasharray: 4 3; }
svg.chart .axis { stroke: #555; stroke-width: 1; }
svg.chart .line { stroke: #1f4e79; stroke-width: 2; fill: none; }
svg.chart .line.significant { stroke-width: 4; }
svg.chart .line.not-compared { stroke-dasharray: 6 4; }
svg.chart .whisker { stroke: #1f4e79; stroke-width: 1.5; }
svg.chart .point { fill: #1f4e79; }
svg.chart .gap { fill: #888; font-style: italic; }
div.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left;
  vertical-align: top; }
td.number { text-align: right; white-space: nowrap; }
tr.criterion td { font-weight: 600; }
p.note { font-size: 0.9em; color: #333; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { font-size: 10.5pt; color: #000; }
  main { max-width: none; padding: 0; }
  div.table-scroll { overflow: visible; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, figure, tr { break-inside: avoid; page-break-inside: avoid; }
}
""".strip()


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _x(index: int, count: int) -> float:
    span = CHART_WIDTH - _LEFT - _RIGHT - 2 * _INSET
    return _LEFT + _INSET + (span / 2 if count == 1 else span * index / (count - 1))


def _y(value: float) -> float:
    return _TOP + (CHART_HEIGHT - _TOP - _BOTTOM) * (1 - value)


def _chart(trend: Trend, series: Series) -> str:
    count = len(series.points)
    parts = [
        f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
        f'aria-label="{_e(series.id)} {_e(series.text)}: proportion sufficient in each audit">'
    ]
    bottom = _y(0)
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{bottom}" x2="{CHART_WIDTH - _RIGHT}" y2="{bottom}"/>'
    )
    parts.append(f'<line class="axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{bottom}"/>')
    for value in (0, 0.5, 1):
        parts.append(
            f'<text class="axis-label" x="{_LEFT - 6}" y="{_y(value) + 4:.1f}" '
            f'text-anchor="end">{round(value * 100)}%</text>'
        )
    bands = list(trend.bands)
    for band in bands:
        if band.minimum <= 0:
            continue
        colour = band_colour(bands, band)
        stroke = colour.bar if colour else "#555"
        y = _y(float(band.minimum))
        parts.append(
            f'<line class="threshold" x1="{_LEFT}" y1="{y:.1f}" x2="{CHART_WIDTH - _RIGHT}" '
            f'y2="{y:.1f}" stroke="{stroke}"/>'
        )
        parts.append(
            f'<text class="band-label" x="{CHART_WIDTH - _RIGHT + 6}" y="{y + 4:.1f}">'
            f"{_e(band.name)} {percent(band.minimum)}</text>"
        )
    for index in range(count):
        parts.append(
            f'<text class="audit-label" x="{_x(index, count):.1f}" y="{bottom + 16}" '
            f'text-anchor="middle">{index + 1}</text>'
        )
    for index, step in enumerate(series.steps):
        first, second = series.points[index], series.points[index + 1]
        if first.proportion is None or second.proportion is None:
            continue
        # A step not compared (the criterion rated from another question) is dashed.
        kind = " significant" if step.significant else " not-compared" if step.reason else ""
        parts.append(
            f'<line class="line{kind}" data-step="{index + 1}-{index + 2}" '
            f'x1="{_x(index, count):.1f}" y1="{_y(float(first.proportion)):.1f}" '
            f'x2="{_x(index + 1, count):.1f}" y2="{_y(float(second.proportion)):.1f}"/>'
        )
    for index, point in enumerate(series.points):
        x = _x(index, count)
        if point.proportion is None:
            parts.append(
                f'<text class="gap" data-audit="{index + 1}" x="{x:.1f}" y="{bottom - 6}" '
                'text-anchor="middle">no figure</text>'
            )
            continue
        if point.interval is not None:
            parts.append(
                f'<line class="whisker" x1="{x:.1f}" y1="{_y(point.interval.low):.1f}" '
                f'x2="{x:.1f}" y2="{_y(point.interval.high):.1f}"/>'
            )
        y = _y(float(point.proportion))
        parts.append(
            f'<circle class="point" data-audit="{index + 1}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
            f"<title>{_e(point_text(point))}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _row(trend: Trend, series: Series) -> str:
    criterion = series.kind == "criterion"
    cells = [f"<td>{_e(series.id)}</td>", f"<td>{_e(series.text)}</td>"]
    for point in series.points:
        text = _e(point_text(point))
        if not point.gap and point.interval is not None:
            text += f"<br><small>{_e(interval_range(point.interval))}</small>"
            if criterion and point.rating:
                text += f"<br>{_e(point.rating)}"
        cells.append(f'<td class="number">{text if not point.gap else "no figure"}</td>')
    cells.append(f"<td>{_e(significant_text(series))}</td>")
    return f'<tr class="{series.kind}">' + "".join(cells) + "</tr>"


def _section(trend: Trend, series: Series) -> str:
    questions = trend.questions_of(series.id)
    header = "".join(f'<th class="number">{index + 1}</th>' for index in range(len(trend.audits)))
    rows = [_row(trend, series), *(_row(trend, question) for question in questions)]
    return (
        f'<section class="criterion" id="criterion-{_e(series.id)}">'
        f"<h2>{_e(series.id)} {_e(series.text)}</h2>"
        f"<figure>{_chart(trend, series)}<figcaption>The criterion's figure in each audit "
        "(the question that set its rating), with its 95% interval; dashed lines are the "
        "band thresholds. A thicker line is a step larger than chance would give; a dashed one "
        "joins figures from different questions, which are not compared.</figcaption>"
        "</figure>"
        '<div class="table-scroll"><table class="figures"><thead><tr><th>ID</th>'
        f"<th>Criterion / question</th>{header}<th>Significant steps</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def trend_html(trend: Trend) -> str:
    title = f"Trend across {counted(len(trend.audits), 'audit')}: {trend.framework_title}"
    audits = "".join(
        f"<li>{_e(audit_text(index, audit).split('. ', 1)[1])}</li>"
        for index, audit in enumerate(trend.audits)
    )
    sections = "".join(
        _section(trend, criterion)
        for criterion in trend.criteria
        if any(question.marked for question in trend.questions_of(criterion.id))
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_e(CONTENT_SECURITY_POLICY)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{_e(title)}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body><main>",
            f"<h1>{_e(title)}</h1>",
            f"<p>Audits, {_e(order_text(trend))}:</p>",
            f'<ol class="audits">{audits}</ol>',
            f'<p class="note">A step is significant when {_e(SIGNIFICANT_MEANING)}. '
            "An audit with no figure for a question (not marked, no relevant cases, or no "
            "figures at all) is a gap, never a zero.</p>",
            sections,
            "</main></body>",
            "</html>",
        ]
    )


def write_trend_html(trend: Trend, stream: TextIO, options: OutputOptions) -> None:
    # Its <meta charset> says UTF-8: where the output is not Unicode, ASCII and references.
    stream.write(markup_for(trend_html(trend) + "\n", stream.encoding))
