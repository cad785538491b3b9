"""docs/quality-assurance.md says what the commands do: its trend example is real output."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sqs_cli.cli import app
from tests.conftest import REPO

DOC = (REPO / "docs" / "quality-assurance.md").read_text("utf-8")
TREND = (
    "sqs trend sample_data/coventry-2016.xlsx sample_data/fictional-long-layout.xlsx "
    "sample_data/fictional-northbridge-followup.xlsx"
)


def test_the_trend_example_is_what_sqs_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    shown = DOC.split(f"$ {TREND}\n")[1].split("...\n")[0]
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb"})
    result = runner.invoke(app, TREND.split()[1:])
    assert result.exit_code == 0
    # The rule under the header is left out of the page; every other line is as printed.
    printed = [line.rstrip() for line in result.stdout.splitlines() if not line.startswith("─")]
    assert printed[: len(shown.splitlines())] == shown.splitlines()


def test_the_page_names_every_format_each_command_writes() -> None:
    from sqs_cli.writers import format_names

    for command in ("sample", "agree", "trend"):
        row = next(line for line in DOC.splitlines() if line.startswith(f"| `sqs {command}` |"))
        for name in format_names(command):
            assert name in row, (command, name)
