"""`sqs validate`: every problem listed with its cell, on stdout; the same exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import (
    COVENTRY,
    WorkbookFactory,
    valid_gitlab,
    valid_junit,
    valid_report,
    valid_sarif,
)

Cli = Callable[..., Result]


def test_clean_workbook(cli: Cli, coventry_copy: Path) -> None:
    result = cli("validate", coventry_copy)
    assert result.exit_code == 0
    assert result.stdout == (
        f"{coventry_copy}: 20 cases, 30 questions marked, 0 errors, 0 warnings\n"
    )


def test_lists_every_problem_with_its_cell(cli: Cli, make_workbook: WorkbookFactory) -> None:
    rows = [
        ["Case ID", "1.1a", "1.1b", "7.7a"],
        ["C1", "Yse", None, "Yes"],
        ["C1", "No", "No", "No"],
        [None, "Yes", "N/A", None],
    ]
    path = make_workbook({"Cases": rows})
    result = cli("validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}: Cases!D1: warning[unknown-question] column D is headed '7.7a', but sqs-2016 "
        "has no question 7.7a; the column is not scored",
        f"{path}: Cases!B2: error[unknown-judgement] 'Yse' is not a judgement; did you mean 'Yes'?",
        f"{path}: Cases!C2: warning[unmarked] mark cell is empty",
        f"{path}: Cases!A3: error[duplicate-case-id] this case ID is also in A2; "
        "this row is not scored",
        f"{path}: Cases!A4: error[missing-case-id] row 4 has marks but no case ID; "
        "the row is not scored",
        f"{path}: 1 case, 2 questions marked, 3 errors, 2 warnings",
        "sqs: accepted judgements: Yes, No, Not done, N/A (also Y, N, Sufficient, Insufficient, "
        "1, 0, NA...)",
    ]


def test_quiet_leaves_out_warnings(cli: Cli, make_workbook: WorkbookFactory) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a", "1.1b"], ["C1", "Yes", None]]})
    result = cli("validate", path, "--quiet")
    assert result.exit_code == 0
    assert result.stdout == f"{path}: 1 case, 2 questions marked, 0 errors, 1 warning\n"


def test_unreadable_workbook(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf.xlsx"
    path.write_bytes(b"%PDF-1.4\n")
    result = cli("validate", path)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}: error[not-a-workbook] a PDF document named .xlsx, not a spreadsheet",
        f"{path}: unreadable",
    ]


def test_help_has_an_example(cli: Cli) -> None:
    assert "Example: sqs validate" in cli("validate", "--help").stdout


@pytest.mark.parametrize(
    ("output_format", "check"),
    [
        ("json", lambda text: valid_report(text)["workbooks"][0]["problems"][0]["cell"] == "C2"),
        ("junit", lambda text: len(valid_junit(text).findall("testsuite")) == 1),
        ("sarif", lambda text: valid_sarif(text)["runs"][0]["results"][0]["ruleId"] == "unmarked"),
        ("gitlab", lambda text: valid_gitlab(text)[0]["check_name"] == "unmarked"),
        ("github", lambda text: text.startswith("::warning file=")),
        ("markdown", lambda text: text.startswith("## SQS results")),
        ("csv", lambda text: text.startswith("path,")),
        ("table", lambda text: text.endswith("1 case, 2 questions marked, 0 errors, 1 warning\n")),
    ],
)
def test_every_format(
    cli: Cli, make_workbook: WorkbookFactory, output_format: str, check: Callable[[str], bool]
) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a", "1.1b"], ["C1", "Yes", None]]})
    result = cli("validate", path, "--format", output_format)
    assert result.exit_code == 0, result.output
    assert check(result.stdout)


def test_output_jobs_and_shards(cli: Cli, tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.xlsx").write_bytes(COVENTRY.read_bytes())
    target = tmp_path / "out" / "validate.json"
    target.parent.mkdir()
    result = cli("validate", tmp_path, "--jobs", "2", "--shard", "2/2", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {target}\n"
    document = valid_report(target.read_text("utf-8"))
    assert [w["path"] for w in document["workbooks"]] == [str(tmp_path / "b.xlsx")]
    assert document["shard"] == {"index": 2, "count": 2}
    xlsx = tmp_path / "out" / "validate.xlsx"
    assert cli("validate", tmp_path, "-o", xlsx).exit_code == 0
    assert xlsx.read_bytes().startswith(b"PK")
