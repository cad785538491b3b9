"""`sqs report`: a draft an inspector can start editing, as Markdown or HTML."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
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


def test_a_folder_of_several_workbooks_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    """One draft is drafted from one workbook; a folder of several used to stop with
    `internal error: ValueError`."""
    for name in ("a.xlsx", "b.xlsx"):
        shutil.copy(COVENTRY, tmp_path / name)
    result = cli("report", tmp_path)
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert (
        f"{tmp_path} holds 2 workbooks, and a report is drafted from one: give one of them "
        f"(such as {tmp_path / 'a.xlsx'})"
    ) in message
    assert "internal error" not in result.output


def test_a_folder_of_one_workbook_is_drafted(cli: Cli, tmp_path: Path) -> None:
    shutil.copy(COVENTRY, tmp_path / "coventry.xlsx")
    result = cli("report", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.startswith("# Report of Short Quality Screening (SQS)")


@pytest.mark.parametrize("name", ["draft.pdf", "draft.txt", "draft.xlsx", "draft.doc"])
def test_a_suffix_report_cannot_write_is_a_usage_error(cli: Cli, tmp_path: Path, name: str) -> None:
    result = cli("report", COVENTRY, "-o", tmp_path / name)
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert "it writes markdown (.md, .markdown), html (.html, .htm), docx (.docx)" in message
    assert not (tmp_path / name).exists()


def test_writing_says_so_unless_quiet(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "draft.html"
    result = cli("report", COVENTRY, "-o", target)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Wrote {target}\n")
    assert cli("report", COVENTRY, "-o", target, "-q").stderr == ""


def test_dates_as_people_type_them(cli: Cli, make_workbook: Callable[..., Path]) -> None:
    """`Fieldwork start` = 28/06/2016 as text stopped `sqs report` with an internal error."""
    path = make_workbook(
        {
            "Cases": [["Case ID", "1.1a"], ["C1", "Yes"], ["C2", "No"]],
            "Inspection": [
                ["Area", "Northbridge"],
                ["Fieldwork start", "28/06/2016"],
                ["Fieldwork end", "30/06/2016"],
                ["Published", "the summer"],
            ],
        }
    )
    result = cli("report", path)
    assert result.exit_code == 0, result.output
    assert "The inspection was conducted from 28 to 30 June 2016." in result.stdout
    assert "Publication date: the summer." in result.stdout
    assert result.stderr == (
        f"{path}: Inspection!B4: warning[invalid-inspection-value] Published 'the summer' is "
        "not a date sqs reads (write it as 28/06/2016, 28 June 2016 or 28-30 June 2016); "
        "it is kept as typed\n"
    )


def test_without_an_inspection_sheet_the_draft_says_the_service(
    cli: Cli, make_workbook: Callable[..., Path]
) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]}, name="v27.xlsx")
    result = cli("report", path)
    assert "were supervised by the service." in result.stdout
    assert "v27.xlsx" not in result.stdout
    named = cli("report", path, "--area", "Northbridge", "--service", "Northbridge YOS")
    assert named.stdout.startswith(
        "# Report of Short Quality Screening (SQS) of youth offending work in Northbridge\n"
    )
    assert "were supervised by Northbridge YOS." in named.stdout


def test_report_of_a_youth_audit_in_the_shape_of_hmip_s(
    cli: Cli, youth_audit: Path, tmp_path: Path
) -> None:
    result = cli("report", youth_audit)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# Inspection of youth justice services in Westmere"
    assert "| **Overall** | **Overall rating** | **Good (24 out of 36)** |  |" in lines
    html = tmp_path / "draft.html"
    assert cli("report", youth_audit, "-o", html, "-q").exit_code == 0
    assert "Good (24 out of 36)" in html.read_text("utf-8")
