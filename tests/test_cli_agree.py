"""`sqs agree`: two or more markers' workbooks, every format, and what is not compared."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import WorkbookFactory, wide_rows
from tests.json_schemas import valid

Cli = Callable[..., Result]
QUESTIONS = ["1.1a", "1.1b", "2.1a"]
FIRST = {
    "C1": ["Yes", "Yes", "Yes"],
    "C2": ["Yes", "No", "Yes"],
    "C3": ["No", "Not done", "Yes"],
    "C4": ["Yes", "N/A", "No"],
    "C5": ["Yes", "Yes", "Yes"],
    "C6": ["No", "No", "Yes"],
}
SECOND = {
    "C1": ["Yes", "Yes", "Yes"],
    "C2": ["No", "No", "Yes"],
    "C3": ["No", "No", "Yes"],
    "C4": ["Yes", "N/A", "No"],
    "C5": ["Yes", "Yes", "N/A"],
    "C6": ["No", "No", "Yes"],
    "C7": ["Yes", "Yes", "Yes"],
}


@pytest.fixture
def markers(make_workbook: WorkbookFactory) -> tuple[Path, Path]:
    comments = {case: [*marks, "Child Name said no"] for case, marks in FIRST.items()}
    first = make_workbook(
        {"Cases": wide_rows([*QUESTIONS, "Comments"], comments)}, name="first.xlsx"
    )
    second = make_workbook({"Cases": wide_rows(QUESTIONS, SECOND)}, name="second.xlsx")
    return first, second


def test_the_figures_match_scikit_learn(cli: Cli, markers: tuple[Path, Path]) -> None:
    sklearn_metrics = pytest.importorskip("sklearn.metrics")  # a test extra
    result = cli("agree", *markers, "--format", "json")
    assert result.exit_code == 0, result.output
    document = valid("agree", result.stdout)
    questions = {question["id"]: question for question in document["questions"]}
    for index, question in enumerate(QUESTIONS):
        first = [marks[index] for case, marks in FIRST.items()]
        second = [SECOND[case][index] for case in FIRST]
        figures = questions[question]["figures"]
        assert figures["cases"] == 6
        assert figures["agreeing"] == sum(a == b for a, b in zip(first, second, strict=True))
        expected = sklearn_metrics.cohen_kappa_score(first, second)
        assert figures["kappa"]["value"] == pytest.approx(expected, abs=1e-12)
        assert figures["kappa_kind"] == "cohen"
    assert document["agenda"] == ["1.1a", "1.1b", "2.1a"]
    assert document["differences"] == [
        {"case_id": "C2", "question": "1.1a", "judgements": ["sufficient", "insufficient"]},
        {"case_id": "C3", "question": "1.1b", "judgements": ["not_done", "insufficient"]},
        {"case_id": "C5", "question": "2.1a", "judgements": ["sufficient", "not_applicable"]},
    ]
    assert document["cases_not_in_every_workbook"] == [{"case_id": "C7", "present": [False, True]}]
    assert document["overall"]["cases"] == 18 and document["overall"]["agreeing"] == 15


def _overall_kappa() -> str:
    """The pooled kappa and its interval as statsmodels gives them, to two places."""
    sklearn_metrics = pytest.importorskip("sklearn.metrics")  # test extras
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    first = [mark for case in FIRST for mark in FIRST[case]]
    second = [mark for case in FIRST for mark in SECOND[case]]
    labels = ["Yes", "No", "Not done", "N/A"]
    table = [
        [sum(a == r and b == c for a, b in zip(first, second, strict=True)) for c in labels]
        for r in labels
    ]
    result = inter_rater.cohens_kappa(table)
    assert result.kappa == pytest.approx(sklearn_metrics.cohen_kappa_score(first, second))
    return f"{result.kappa:.2f} ({result.kappa_low:.2f} to {result.kappa_upp:.2f})"


def test_the_table(cli: Cli, markers: tuple[Path, Path]) -> None:
    result = cli("agree", *markers)
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[:7] == [
        "Agreement of 2 markers: Short Quality Screening (2016)",
        "  1. first.xlsx: 6 cases",
        "  2. second.xlsx: 7 cases",
        "Compared on the four judgements: Yes, No, Not done, N/A; 6 cases in every workbook.",
        "Overall (every case and question):",
        "  agree on 15 of 18 (83.3%, 95% interval 61 to 94%)",
        f"  Cohen's kappa {_overall_kappa()}, substantial",
    ]
    assert (
        "To discuss, most differences first: 1.1a (1 of 6 differ), 1.1b (1 of 6 differ), "
        "2.1a (1 of 6 differ)" in " ".join(lines)
    )
    assert "Note: case C7 is not compared: only in second.xlsx." in lines
    assert "Child Name" not in result.output


def test_binary(cli: Cli, markers: tuple[Path, Path]) -> None:
    document = valid("agree", cli("agree", *markers, "--binary", "--format", "json").stdout)
    assert document["categories"] == ["sufficient", "not sufficient"]
    # Not done against No is no difference when only sufficiency is compared.
    assert [d["case_id"] for d in document["differences"]] == ["C2", "C5"]


def test_csv_and_markdown(cli: Cli, markers: tuple[Path, Path], tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(cli("agree", *markers, "--format", "csv").stdout)))
    assert rows == [
        ["Case ID", "Question", "first.xlsx", "second.xlsx"],
        ["C2", "1.1a", "Yes", "No"],
        ["C3", "1.1b", "Not done", "No"],
        ["C5", "2.1a", "Yes", "N/A"],
    ]
    output = tmp_path / "moderation.md"
    assert cli("agree", *markers, "-o", output).exit_code == 0
    text = output.read_text("utf-8")
    assert "## To discuss" in text
    assert "| C3 | 1.1b | Not done | No |" in text
    assert "- Case C7 is not compared: only in second.xlsx." in text


def test_three_markers_and_a_question_one_does_not_mark(
    cli: Cli, markers: tuple[Path, Path], make_workbook: WorkbookFactory
) -> None:
    third = make_workbook(
        {"Cases": wide_rows(QUESTIONS[:2], {c: m[:2] for c, m in FIRST.items()})}, name="third.xlsx"
    )
    document = valid("agree", cli("agree", *markers, third, "--format", "json").stdout)
    assert document["overall"]["kappa_kind"] == "fleiss"
    missing = next(q for q in document["questions"] if q["id"] == "2.1a")
    assert missing == {
        "id": "2.1a",
        "criterion": "2.1",
        "marked_by": [True, True, False],
        "figures": None,
    }
    table = cli("agree", *markers, third)
    assert "Note: question 2.1a is not compared: not marked in third.xlsx." in table.stdout


def test_exit_codes(
    cli: Cli, markers: tuple[Path, Path], make_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    one = cli("agree", markers[0])
    assert one.exit_code == 2
    with_errors = make_workbook(
        {"Cases": wide_rows(QUESTIONS, {**FIRST, "C2": ["Yse", "No", "Yes"]})}, name="errors.xlsx"
    )
    result = cli("agree", with_errors, markers[1])
    assert result.exit_code == 1
    assert (
        f"{with_errors}: Cases!B3: error[unknown-judgement] 'Yse' is not a judgement; "
        "did you mean 'Yes'?" in result.stderr
    )
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    unreadable = cli("agree", broken, *markers)
    assert unreadable.exit_code == 2
    assert unreadable.stdout.startswith("Agreement of 2 markers")
    alone = cli("agree", broken, markers[0])
    assert alone.exit_code == 2
    assert alone.stderr.endswith(
        "sqs: fewer than two of the workbooks could be read: there is no agreement to give\n"
    )


def test_help_has_examples(cli: Cli) -> None:
    text = " ".join(cli("agree", "--help").stdout.replace("│", " ").split())
    assert "Examples: sqs agree first-marker.xlsx second-marker.xlsx" in text
