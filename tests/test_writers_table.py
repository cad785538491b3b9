"""sqs_cli.writers.table: the human report, stable at a fixed width with no colour."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sqs_cli.api import score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.results import Report
from sqs_cli.writers import OutputOptions, writer_for
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE, WorkbookFactory


def render(report: Report, style: OutputOptions | None = None) -> str:
    stream = io.StringIO()
    writer_for("table")(report, stream, style or OutputOptions(color=False, width=100))
    return stream.getvalue()


def line_starting(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.lstrip().startswith(start))


def test_questions_grouped_by_theme_and_criterion(framework: Framework) -> None:
    text = render(score_workbooks([COVENTRY], framework))
    lines = text.splitlines()
    assert lines[0] == "Coventry · 20 cases · fieldwork 2016-06-28 to 2016-06-30"
    assert lines[1] == str(COVENTRY)
    order = [line.split()[0] for line in lines if line.strip() and line[:3].strip()[:1].isdigit()]
    assert order[:7] == ["1", "1.1", "1.1a", "1.1b", "1.2", "1.2a", "1.2b"]
    assert line_starting(text, "2.2c").rstrip().endswith("   2 not done")
    assert "8 out of 12    66.7%   ███████░░░" in line_starting(text, "2.2c")
    assert "Inadequate" in line_starting(text, "5.1 Management oversight")


def test_findings_with_titles_and_figures(framework: Framework) -> None:
    text = render(score_workbooks([COVENTRY], framework))
    strengths = text.split("Key strengths\n")[1].split("\n\n")[0].splitlines()
    assert strengths == [
        "  • 1.1 Assessment of offending factors: Outstanding* (18 out of 20 sufficient, 90%, "
        "question 1.1a; 95% interval 70 to 97%)",
        "  • 4.1 Engagement and diversity in assessment: Outstanding* (17 out of 20 sufficient, "
        "85%, question 4.1b; 95% interval 64 to 95%)",
        "  • 4.3 Compliance and enforcement: Outstanding* (5 out of 6 sufficient, 83.3%, "
        "question 4.3b; 95% interval 44 to 97%)",
    ]
    areas = text.split("Areas requiring improvement\n")[1].splitlines()
    assert areas[3] == (
        "  • 5.1 Management oversight: Inadequate* (8 out of 20 sufficient, 40%, question 5.1a; "
        "95% interval 22 to 61%)"
    )


def test_uncertain_ratings_are_marked_and_explained(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    text = render(score_workbooks([COVENTRY], framework))
    assert "* uncertain: the 95% interval reaches another band" in text
    # 0 out of 60: the interval, 0 to 6%, stays inside Inadequate.
    secure = make_workbook({"Cases": [["Case ID", "5.1a"], *([f"C{n}", "No"] for n in range(60))]})
    text = render(score_workbooks([secure], framework))
    row = line_starting(text, "5.1 Management")
    assert "0 to 6%" in row
    assert row.rstrip().endswith("Inadequate")
    assert "uncertain:" not in text


def test_unmarked_criteria_take_one_line(framework: Framework) -> None:
    text = render(score_workbooks([LONG_LAYOUT_SAMPLE], framework))
    assert line_starting(text, "1.2 Reports").rstrip().endswith("   not marked")
    assert "1.2a" not in text


def test_unmarked_question_in_a_marked_criterion(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a"], *([f"C{n}", "Yes"] for n in range(5))]
    text = render(score_workbooks([make_workbook({"Cases": rows})], framework))
    assert "5 out of 5   100%   ██████████" in line_starting(text, "1.1a")
    assert line_starting(text, "1.1b").rstrip().endswith("   not marked")
    assert "Outstanding" in line_starting(text, "1.1 Assessment")


def test_no_findings_say_none(make_workbook: WorkbookFactory, framework: Framework) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]})
    text = render(score_workbooks([path], framework))
    assert "Key strengths\n  None\n" in text
    assert "too few cases to rate" in line_starting(text, "1.1a")


def test_unreadable_workbook_and_problem_count(tmp_path: Path, framework: Framework) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    text = render(score_workbooks([broken], framework))
    assert text.strip() == f"{broken}  could not be read as a marking workbook"


def test_colour_only_when_asked(framework: Framework) -> None:
    report = score_workbooks([COVENTRY], framework)
    assert "\x1b[" not in render(report)
    assert "\x1b[" in render(report, OutputOptions(color=True, width=100))


@pytest.mark.parametrize(
    ("environment", "coloured"),
    [({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False), ({}, False)],
)
def test_automatic_colour_follows_the_terminal_and_no_color(
    framework: Framework,
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
    coloured: bool,
) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    text = render(score_workbooks([COVENTRY], framework), OutputOptions(color=None, width=100))
    # Outstanding is bold green; NO_COLOR drops the green and may keep the bold.
    assert ("\x1b[1;32m" in text) is coloured
