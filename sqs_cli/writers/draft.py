"""The report draft's writers: Markdown to edit, HTML to read and print."""

from __future__ import annotations

from sqs_cli.draft import Draft
from sqs_cli.writers import OutputOptions, render


def render_draft(format_name: str, draft: Draft) -> str:
    """The draft as Markdown or HTML text, by the output registry's writers for `report`."""
    text = render(format_name, draft, OutputOptions(), command="report")
    assert isinstance(text, str)
    return text
