"""The report draft as Markdown: headings and paragraphs an inspector can edit."""

from __future__ import annotations

from typing import TextIO

from sqs_cli.draft import FIGURES_NOTES_TITLE, Draft, Finding
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.markdown import bold, cell, table


def _text(text: str) -> str:
    """Workbook and framework text made inert: no HTML, links or emphasis from a cell."""
    return cell(text)


def _findings(title: str, findings: tuple[Finding, ...]) -> list[str]:
    lines = [f"## {title}", ""]
    if not findings:
        return [*lines, "None from the figures.", ""]
    lines += [f"- {_text(f.title)} ({_text(f.id)}: {_text(f.figure)})." for f in findings]
    return [*lines, ""]


def draft_lines(draft: Draft) -> list[str]:
    lines = [f"# {_text(draft.title)}", ""]
    lines += [_text(line) for line in draft.dates] + ([""] if draft.dates else [])
    lines += ["## Context", "", *(_text(text) for text in draft.context), ""]
    if draft.figures_notes:
        lines += [f"## {FIGURES_NOTES_TITLE}", ""]
        lines += [f"- {_text(note)}" for note in draft.figures_notes] + [""]
    if draft.ratings:
        lines += ["## Ratings", ""]
        rows: list[list[object]] = []
        if draft.overall is not None:
            overall = draft.overall.removeprefix("Overall: ")
            rows.append([bold("Overall"), bold("Overall rating"), bold(overall), ""])
        rows += [[row.id, row.title, row.rating, row.how] for row in draft.ratings]
        lines += [*table(["Standard", "Title", "Rating", "How it was rated"], rows), ""]
    lines += ["## Summary", ""]
    for sentence in draft.summary:
        lines += [_text(sentence), ""]
    lines += [f"## {_text(draft.commentary_title)}", ""]
    for theme in draft.themes:
        lines += [f"### {_text(theme.id)}. {_text(theme.title)}", ""]
        for criterion in theme.criteria:
            body = " ".join(_text(sentence) for sentence in criterion.sentences)
            lines += [
                f"- **{_text(criterion.id)}. {_text(criterion.title)}.** {body}",
                f"  *{_text(criterion.rating)}*",
            ]
        lines.append("")
    lines += _findings("Key strengths", draft.strengths)
    lines += _findings("Areas requiring improvement", draft.areas_for_improvement)
    lines += ["---", ""]
    for note in draft.notes:
        lines += [f"*{_text(note)}*", ""]
    return lines


def write_draft_markdown(draft: Draft, stream: TextIO, options: OutputOptions) -> None:
    stream.write("\n".join(draft_lines(draft)).rstrip("\n") + "\n")
