"""The report draft's writers: Markdown to edit, HTML to read and print."""

from __future__ import annotations

import io

from sqs_cli.draft import Draft
from sqs_cli.writers import OutputOptions


def render_draft(format_name: str, draft: Draft) -> str:
    stream = io.StringIO()
    if format_name == "html":
        from sqs_cli.writers.draft_html import write_draft_html

        write_draft_html(draft, stream, OutputOptions())
    else:
        from sqs_cli.writers.draft_markdown import write_draft_markdown

        write_draft_markdown(draft, stream, OutputOptions())
    return stream.getvalue()
