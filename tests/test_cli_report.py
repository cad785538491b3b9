"""`sqs report`: a draft an inspector can start editing, as Markdown or HTML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from tests.conftest import COVENTRY

Cli = Callable[..., Result]


def test_markdown_to_stdout(cli: Cli) -> None:
    result = cli("report", COVENTRY)
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "# Report of Short Quality Screening (SQS) of youth offending work in Coventry\n"
    )
    assert "in three out of four relevant cases" in result.stdout


def test_format_from_the_output_suffix(cli: Cli, tmp_path: Path) -> None:
    markdown, html = tmp_path / "draft.md", tmp_path / "draft.html"
    assert cli("report", COVENTRY, "-o", markdown).exit_code == 0
    assert cli("report", COVENTRY, "-o", html).exit_code == 0
    assert markdown.read_text("utf-8").startswith("# Report of Short Quality Screening")
    assert html.read_text("utf-8").lstrip().lower().startswith("<!doctype html>")
    # Without a suffix, --format says what the file is.
    forced = tmp_path / "draft"
    assert cli("report", COVENTRY, "--format", "html", "-o", forced).exit_code == 0
    assert forced.read_text("utf-8").lstrip().lower().startswith("<!doctype html>")


def test_unreadable_workbook(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    result = cli("report", broken)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr
        == f"{broken}: error[not-a-workbook] a text file named .xlsx, not a spreadsheet\n"
    )


def test_workbook_with_errors_still_drafts_but_exits_1(
    cli: Cli, make_workbook: Callable[..., Path]
) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yse"], ["C2", "Yes"]]})
    result = cli("report", path)
    assert result.exit_code == 1
    assert "error[unknown-judgement]" in result.stderr
    assert "in the one relevant case" in result.stdout
    assert "one mark could not be read; it is left out of these figures." in result.stdout


def test_never_writes_onto_the_workbook(cli: Cli, coventry_copy: Path) -> None:
    before = coventry_copy.read_bytes()
    result = cli("report", coventry_copy, "--format", "markdown", "-o", coventry_copy)
    assert result.exit_code == 2
    assert coventry_copy.read_bytes() == before
