"""`--format markdown`: the summary as Markdown tables, for wikis and CI step summaries."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import TextIO

from sqs_cli.figures import (
    entered_note,
    out_of,
    overall_text,
    percent,
    question_figure,
    question_notes,
)
from sqs_cli.inspection import label_and_path
from sqs_cli.results import Report, WorkbookResult
from sqs_cli.safe_text import UNICODE_MARKS, Marks, marks_for
from sqs_cli.wording import counted
from sqs_cli.writers import OutputOptions

# Markdown punctuation that can start a link, an image, emphasis, code or a table column.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~!])")
# What GitHub's Markdown (cmark-gfm) turns into a link with no markup at all: a URL
# (`https://`, `ftp://`), `www.`, and an e-mail address (`mailto:`, `xmpp:` too). The
# colon and the dot are written as character references, which show the same but do not
# start a link; an e-mail address is split by an empty comment after its `@` (references
# alone are read as the character again before addresses are looked for).
_AUTOLINK_STARTS = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<=www)(\.)")


class Markup(str):
    """Markdown that sqs wrote itself (bold IDs); every other cell is escaped."""


def cell(text: object) -> str:
    """Text from a workbook or framework made inert in a table cell: no HTML, no links or
    images, no emphasis, no column breaks, one line."""
    if isinstance(text, Markup):
        return str(text)
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(str(text), quote=False))
    escaped = _AUTOLINK_STARTS.sub(lambda match: f"&#{ord(match.group())};", escaped)
    escaped = escaped.replace("@", "@<!-- -->")
    return " ".join(escaped.split())


def bold(text: object) -> Markup:
    return Markup(f"**{cell(text)}**")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(cell(name) for name in header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(cell(value) for value in row) + " |" for row in rows)
    return lines


def problems_summary(workbook: WorkbookResult) -> str:
    if workbook.status == "unreadable":
        return "unreadable: " + "; ".join(problem.code for problem in workbook.problems)
    return f"{counted(len(workbook.errors), 'error')}, {counted(len(workbook.warnings), 'warning')}"


def summary_rows(report: Report, marks: Marks = UNICODE_MARKS) -> list[list[object]]:
    bands = report.framework.rating.bands
    rows: list[list[object]] = []
    for workbook in report.workbooks:
        ratings = [criterion.band for criterion in workbook.criteria]
        overall = []
        if report.framework.overall is not None:
            shown = workbook.overall
            overall = [overall_text(shown).removeprefix("Overall: ") if shown else ""]
        rows.append(
            [
                label_and_path(workbook.inspection, workbook.path, dot=marks.dot),
                workbook.cases if workbook.cases is not None else "",
                *(ratings.count(band) if workbook.criteria else "" for band in bands),
                *overall,
                ", ".join(criterion.id for criterion in workbook.strengths),
                ", ".join(criterion.id for criterion in workbook.areas_for_improvement),
                problems_summary(workbook),
            ]
        )
    return rows


def summary_header(report: Report) -> list[str]:
    bands = [band.name for band in report.framework.rating.bands]
    overall = ["Overall"] if report.framework.overall is not None else []
    return [
        "Workbook",
        "Cases",
        *bands,
        *overall,
        "Strengths",
        "Areas requiring improvement",
        "Problems",
    ]


def figures_rows(report: Report, workbook: WorkbookResult) -> list[list[object]]:
    criteria = {criterion.id: criterion for criterion in workbook.criteria}
    rows: list[list[object]] = []
    for framework_criterion in report.framework.criteria:
        criterion = criteria[framework_criterion.id]
        figures = criterion.proportion is not None
        rating = criterion.rating or f"Not rated ({criterion.not_rated_reason})"
        if criterion.moved:
            rating += f" (moved from {criterion.figures_rating or 'not rated'})"
        rows.append(
            [
                bold(criterion.id),
                bold(criterion.title),
                out_of(criterion.sufficient, criterion.relevant)
                if figures
                else ("entered" if criterion.rated_by == "judgement" and criterion.band else ""),
                percent(criterion.proportion) if figures else "",
                rating,
            ]
        )
        for question in workbook.questions:
            if question.criterion != criterion.id:
                continue
            rows.append(
                [
                    question.id,
                    question.text,
                    question_figure(question),
                    percent(question.proportion) if question.relevant else "",
                    "; ".join(question_notes(question)),
                ]
            )
    return rows


def write_markdown(report: Report, stream: TextIO, options: OutputOptions) -> None:
    pooled = report.pooled
    readable = sum(workbook.status != "unreadable" for workbook in report.workbooks)
    lines = [f"## SQS results: {cell(report.framework.title)}", ""]
    marks = marks_for(stream.encoding)
    lines += table(summary_header(report), summary_rows(report, marks))
    pooled_cases = counted(pooled.cases or 0, "case")
    lines += ["", f"### Figures: {counted(readable, 'workbook')} pooled, {pooled_cases}", ""]
    lines += table(
        ["ID", "Criterion / question", "Sufficient", "%", "Rating"], figures_rows(report, pooled)
    )
    entered = [c for c in pooled.criteria if c.entered is not None]
    if entered:
        lines += ["", "**Ratings entered on the Ratings sheet:**", ""]
        for criterion in entered:
            shown = f"{criterion.id} {criterion.title}: {criterion.rating or 'Not rated'}"
            lines.append(f"- {cell(f'{shown}, {entered_note(criterion)}')}")
    if pooled.overall is not None:
        lines += ["", f"**{cell(overall_text(pooled.overall))}**"]
    strengths = ", ".join(f"{c.id} {c.title}" for c in pooled.strengths) or "none"
    areas = ", ".join(f"{c.id} {c.title}" for c in pooled.areas_for_improvement) or "none"
    lines += ["", f"**Key strengths:** {cell(strengths)}", ""]
    lines += [f"**Areas requiring improvement:** {cell(areas)}", ""]
    stream.write("\n".join(lines))
