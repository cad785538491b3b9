"""sqs_cli.writers.draft_markdown: the draft laid out in Markdown, workbook text inert."""

from __future__ import annotations

import re

from sqs_cli.api import score_workbook
from sqs_cli.draft import draft_report
from sqs_cli.framework import Framework
from sqs_cli.writers.draft import render_draft
from tests.conftest import COVENTRY, WorkbookFactory


def test_headings_in_the_reference_reports_order(framework: Framework) -> None:
    text = render_draft("markdown", draft_report(score_workbook(COVENTRY, framework), framework))
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Report of Short Quality Screening (SQS) of youth offending work in Coventry",
        "## Context",
        "## Notes on the figures",
        "## Summary",
        "## Commentary on the inspection in Coventry",
        "### 1. Reducing reoffending",
        "### 2. Protecting the public",
        "### 3. Protecting the child or young person",
        "### 4. Making sure the sentence is served",
        "### 5. Operational management",
        "## Key strengths",
        "## Areas requiring improvement",
    ]
    assert (
        "- **1.1. Assessment of offending factors.** The factors linked to offending were " in text
    )
    assert "- Compliance and enforcement (4.3: 5 out of 6, 83.3%)." in text
    assert text.endswith(
        "before it is published.*\n\n*Ratings marked uncertain rest on a sample "
        "small enough that another sample of cases could well have rated them "
        "otherwise.*\n"
    )


def test_workbook_text_cannot_inject_markdown_or_html(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    hostile = "<script>alert(1)</script> [click](https://evil.example) **bold**"
    path = make_workbook(
        {
            "Cases": [["Case ID", "1.1a"], ["C1", "Yes"]],
            "Inspection": [["Area", hostile], ["Service", "![x](https://evil.example/x.png)"]],
        }
    )
    text = render_draft("markdown", draft_report(score_workbook(path, framework), framework))
    assert "<script>" not in text
    # A link or image needs an unescaped "](": every one from the workbook is escaped.
    assert re.search(r"(?<!\\)\]\(", text) is None
    assert "![x]" not in text
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\[click\\](https&#58;//evil.example) "
        "\\*\\*bold\\*\\*" in text
    )
