"""`sqs trend`: audits in fieldwork order, every format, and gaps that are never zeros."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import Result

from tests.conftest import REPO, WorkbookFactory, wide_rows
from tests.json_schemas import valid

Cli = Callable[..., Result]


def marks(yes: int, no: int, columns: int) -> dict[str, list[str]]:
    return {f"C{n}": ["Yes" if n < yes else "No"] * columns for n in range(yes + no)}


@pytest.fixture
def audits(make_workbook: WorkbookFactory) -> list[Path]:
    """Three audits of one service, given out of date order; the second does not mark 1.1b."""

    def audit(name: str, start: str, yes: int, questions: list[str]) -> Path:
        return make_workbook(
            {
                "Cases": wide_rows(questions, marks(yes, 20 - yes, len(questions))),
                "Inspection": [["Area", "Northbridge"], ["Fieldwork start", start]],
            },
            name=name,
        )

    return [
        audit("c.xlsx", "15/09/2026", 18, ["1.1a", "1.1b"]),
        audit("a.xlsx", "10/03/2025", 4, ["1.1a", "1.1b"]),
        audit("b.xlsx", "12/09/2025", 6, ["1.1a"]),
    ]


def test_json(cli: Cli, audits: list[Path]) -> None:
    result = cli("trend", *audits, "--format", "json")
    assert result.exit_code == 0, result.output
    document = valid("trend", result.stdout)
    assert document["order"] == "fieldwork"
    assert [a["source"] for a in document["audits"]] == [
        str(p) for p in (audits[1], audits[2], audits[0])
    ]
    assert [a["fieldwork_start"] for a in document["audits"]] == [
        "2025-03-10",
        "2025-09-12",
        "2026-09-15",
    ]
    questions = {q["id"]: q for q in document["questions"]}
    assert [p["proportion"] for p in questions["1.1a"]["points"]] == [0.2, 0.3, 0.9]
    gap = questions["1.1b"]["points"][1]
    assert gap == {
        "audit": 2, "marked": False, "sufficient": None, "relevant": 0, "proportion": None,
        "interval": None,
    }  # fmt: skip
    steps = questions["1.1a"]["steps"]
    assert [(s["points"], s["significant"]) for s in steps] == [
        (pytest.approx(10.0), False),
        (pytest.approx(60.0), True),
    ]
    assert [s["reason"] for s in questions["1.1b"]["steps"]] == [
        "not marked after",
        "not marked before",
    ]


def test_the_table_draws_gaps_as_gaps(cli: Cli, audits: list[Path]) -> None:
    result = cli("trend", *audits)
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert (
        lines[0] == "Trend across 3 audits: Short Quality Screening (2016) (in order of fieldwork)"
    )
    assert lines[1] == f"1. Northbridge · 10 March 2025 · 20 cases · {audits[1]}"
    row = next(line for line in lines if line.startswith("  1.1a"))
    assert re.search(r"▂▃█\s+20%\s+90% \(18/20\)\s+2→3 ↑\+60 pts$", row), row
    row = next(line for line in lines if line.startswith("  1.1b"))
    assert re.search(r"▂·█\s+20%\s+90% \(18/20\)$", row), row


def test_csv_xlsx_and_html(cli: Cli, audits: list[Path], tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("trend", *audits, "--format", "csv").stdout)))
    gap = next(r for r in rows if r["id"] == "1.1b" and r["audit"] == "2")
    assert (gap["proportion"], gap["sufficient"], gap["note"]) == ("", "", "not marked")
    output = tmp_path / "trend.xlsx"
    assert cli("trend", *audits, "-o", output).exit_code == 0
    sheet = openpyxl.load_workbook(output)["Trend"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "1.1b")
    assert row[2:5] == (0.2, None, 0.9)
    page = tmp_path / "trend.html"
    assert cli("trend", *audits, "-o", page).exit_code == 0
    text = page.read_text("utf-8")
    assert text.count('<svg class="chart"') == 1  # only criterion 1.1 is marked
    # Self-contained: no script, and no address of anything to fetch.
    assert "<script" not in text and "://" not in text


def test_reports_unreadable_audits_and_other_frameworks_are_gaps_that_say_why(
    cli: Cli, audits: list[Path], tmp_path: Path
) -> None:
    report = tmp_path / "a.json"
    assert cli("score", audits[1], "-o", report).exit_code == 0
    mine = tmp_path / "mine.toml"
    mine.write_text(
        (REPO / "docs" / "frameworks.md").read_text("utf-8").split("```toml\n")[1].split("```")[0],
        "utf-8",
    )
    other = tmp_path / "other.json"
    assert cli("score", audits[2], "--framework", mine, "-o", other).exit_code in (0, 1)
    result = cli("trend", report, other, audits[0], "--format", "json")
    assert result.exit_code == 1
    assert (
        f"{other}: error[not-comparable] the report was scored with framework 'my-audit-2026'"
        in result.stderr
    )
    document = valid("trend", result.stdout)
    assert document["order"] == "given"
    assert document["audits"][0]["fieldwork_start"] == "2025-03-10"
    assert document["audits"][1]["no_figures_reason"].startswith(
        "the report was scored with framework 'my-audit-2026'"
    )
    question = next(q for q in document["questions"] if q["id"] == "1.1a")
    assert [p["proportion"] for p in question["points"]] == [0.2, None, 0.9]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"")
    unreadable = cli("trend", audits[0], broken)
    assert unreadable.exit_code == 2
    assert (
        f"2. broken.xlsx · {broken}: no figures, could not be read (empty-file)"
        in unreadable.stdout
    )


def test_help_has_examples(cli: Cli) -> None:
    text = " ".join(cli("trend", "--help").stdout.replace("│", " ").split())
    assert "Examples: sqs trend audits/2025-*.xlsx audits/2026-*.xlsx" in text
