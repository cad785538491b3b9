"""sqs_cli.writers.draft_docx: the Word draft read back with python-docx.

Its sentences are the Markdown draft's, its headings Word's own styles, its tables the
figures; the LibreOffice tests (tests/test_libreoffice.py) print it to PDF.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from typer.testing import Result

from sqs_cli.api import score_workbook
from sqs_cli.draft import Draft, draft_report
from sqs_cli.framework import Framework
from sqs_cli.writers import OutputOptions, render
from sqs_cli.writers.draft_docx import FOOTER, TABLE_HEADINGS
from sqs_cli.writers.draft_html import UNCERTAIN_NOTE
from tests.conftest import COVENTRY

Cli = Callable[..., Result]
GREEN, CYAN, YELLOW, RED = "C6EFCE", "DDEBF7", "FFEB9C", "FFC7CE"


def docx_bytes(draft: Draft) -> bytes:
    data = render("docx", draft, OutputOptions(), command="report")
    assert isinstance(data, bytes)
    return data


@pytest.fixture(scope="module")
def coventry_draft(framework: Framework) -> Draft:
    return draft_report(score_workbook(COVENTRY, framework), framework)


@pytest.fixture(scope="module")
def document(coventry_draft: Draft) -> Document:
    return docx.Document(io.BytesIO(docx_bytes(coventry_draft)))


def headings(document: Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def body_text(document: Document) -> str:
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def draft_sentences(draft: Draft) -> list[str]:
    """Every sentence the Markdown draft writes, without its Markdown."""
    sentences = [*draft.dates, *draft.context, *draft.figures_notes, *draft.summary]
    for theme in draft.themes:
        for criterion in theme.criteria:
            sentences += [*criterion.sentences, criterion.rating]
    for finding in (*draft.strengths, *draft.areas_for_improvement):
        sentences.append(f"{finding.title} ({finding.id}: {finding.figure}).")
    return [*sentences, *draft.notes]


def test_headings_are_words_own_styles(document: Document, coventry_draft: Draft) -> None:
    assert headings(document, "Title") == [coventry_draft.title]
    assert headings(document, "Heading 1") == [
        "Context",
        "Notes on the figures",
        "Summary",
        "Figures",
        "Commentary on the inspection in Coventry",
        "Key strengths",
        "Areas requiring improvement",
    ]
    themes = [f"{theme.id}. {theme.title}" for theme in coventry_draft.themes]
    assert headings(document, "Heading 2") == themes
    # Each figures table has its theme as a caption (Heading 3, in the navigation pane).
    assert headings(document, "Heading 3") == themes


def test_every_sentence_of_the_markdown_draft(document: Document, coventry_draft: Draft) -> None:
    text = body_text(document)
    sentences = draft_sentences(coventry_draft)
    assert len(sentences) > 60
    missing = [sentence for sentence in sentences if sentence not in text]
    assert missing == []
    assert "in 18 out of 20 cases" in text
    assert "7 out of 19 were judged to be insufficient" in text
    assert UNCERTAIN_NOTE in text


def test_commentary_paragraphs_join_each_criterion_title_and_sentences(
    document: Document, coventry_draft: Draft
) -> None:
    [criterion] = [c for theme in coventry_draft.themes for c in theme.criteria if c.id == "3.1"]
    expected = f"3.1. {criterion.title}. " + " ".join(criterion.sentences)
    [paragraph] = [p for p in document.paragraphs if p.text.startswith("3.1. ")]
    assert paragraph.text == expected
    assert paragraph.runs[0].bold is True


def table_rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def shading(table: Table, row: int, column: int) -> str | None:
    properties = table.rows[row].cells[column]._tc.tcPr
    found = None if properties is None else properties.find(qn("w:shd"))
    return None if found is None else found.get(qn("w:fill"))


def test_a_figures_table_per_theme(document: Document, coventry_draft: Draft) -> None:
    assert len(document.tables) == len(coventry_draft.themes) == 5
    first = table_rows(document.tables[0])
    assert first[0] == list(TABLE_HEADINGS)
    assert first[1] == [
        "1.1",
        "Assessment of offending factors",
        "18 out of 20",
        "90%",
        "70 to 97%",
        "Outstanding (uncertain: could be Good)",
    ]
    assert first[2] == [
        "1.1a",
        "Were the factors linked to offending assessed well enough?",
        "18 out of 20",
        "90%",
        "70 to 97%",
        "sets the rating",
    ]
    [row_12b] = [row for row in first if row[0] == "1.2b"]
    assert row_12b[2:] == ["1 out of 3", "33.3%", "6 to 79%", "too few cases to rate"]
    # Every question and criterion of the framework has its row, once.
    ids = [row[0] for table in document.tables for row in table_rows(table)[1:]]
    assert len(ids) == 13 + 30 == len(set(ids))


def test_ratings_in_their_band_colours(document: Document) -> None:
    colours = {}
    for table in document.tables:
        for index, row in enumerate(table_rows(table)):
            if index and "." in row[0] and not row[0][-1].isalpha():
                colours[row[0]] = (row[5].split(" (")[0], shading(table, index, 5))
    assert colours["1.1"] == ("Outstanding", GREEN)
    assert colours["1.2"] == ("Good", CYAN)
    assert colours["3.1"] == ("Requires improvement", YELLOW)
    assert colours["5.1"] == ("Inadequate", RED)
    assert shading(document.tables[0], 2, 5) is None  # a question's note: no colour


def test_header_row_repeats_and_rows_do_not_split(document: Document) -> None:
    for table in document.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for row in table.rows[1:]:
            properties = row._tr.trPr
            assert properties is not None and properties.find(qn("w:cantSplit")) is not None


def test_footer_says_it_is_a_draft_to_check(document: Document) -> None:
    [section] = document.sections
    assert section.footer.paragraphs[0].text == FOOTER
    # A4 portrait.
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_document_properties(document: Document, coventry_draft: Draft) -> None:
    properties = document.core_properties
    assert properties.title == coventry_draft.title
    assert properties.subject == "Coventry"
    assert properties.keywords == "Fieldwork 28 to 30 June 2016"
    assert properties.content_status == "Draft"
    assert properties.author == "sqs"


def test_the_same_draft_gives_the_same_bytes(
    coventry_draft: Draft, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = docx_bytes(coventry_draft)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3600)
    assert docx_bytes(coventry_draft) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {entry.date_time for entry in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core


def test_text_xml_cannot_hold_is_escaped(coventry_draft: Draft) -> None:
    import dataclasses

    odd = dataclasses.replace(coventry_draft, title="Report\x01 on\x1f Coventry")
    document = docx.Document(io.BytesIO(docx_bytes(odd)))
    assert headings(document, "Title") == ["Report\\x01 on\\x1f Coventry"]


def test_cli_writes_a_word_draft(cli: Cli, coventry_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "draft.docx"
    result = cli("report", coventry_copy, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    document = docx.Document(str(target))
    assert headings(document, "Title") == [
        "Report of Short Quality Screening (SQS) of youth offending work in Coventry"
    ]


def test_cli_docx_needs_an_output_file(cli: Cli, coventry_copy: Path) -> None:
    result = cli("report", coventry_copy, "--format", "docx")
    assert result.exit_code == 2
    assert "PK" not in result.stdout


def test_a_youth_draft_opens_with_the_ratings_table_as_the_other_drafts(
    youth_audit: Path,
) -> None:
    """hmip-youth-2021: the overall rating and every standard's, with how each was rated;
    the figures tables give a standard rated by judgement no figures, and say what was
    entered or moved."""
    from sqs_cli.framework import load_builtin
    from tests.conftest import YOUTH_OVERALL

    youth = load_builtin("hmip-youth-2021")
    draft = draft_report(score_workbook(youth_audit, youth), youth)
    word = docx.Document(io.BytesIO(docx_bytes(draft)))
    assert headings(word, "Heading 1")[:2] == ["Context", "Ratings"]
    ratings = word.tables[0]
    rows = [[cell.text for cell in row.cells] for row in ratings.rows]
    assert rows[0] == ["Standard", "Title", "Rating", "How it was rated"]
    assert rows[1] == ["Overall", "Overall rating", YOUTH_OVERALL.removeprefix("Overall: "), ""]
    assert rows[2:] == [[r.id, r.title, r.rating, r.how] for r in draft.ratings]
    assert len(rows) == 2 + len(draft.ratings) == 2 + 13
    figures = {
        row.cells[0].text: [cell.text for cell in row.cells]
        for table in word.tables[1:]
        for row in table.rows
    }
    assert figures["1.3"][2:] == ["", "", "", "Outstanding (entered)"]
    assert figures["3.3"][2:] == [
        "2 out of 5",
        "40%",
        "12 to 77%",
        "Requires improvement (moved from Inadequate)",
    ]
