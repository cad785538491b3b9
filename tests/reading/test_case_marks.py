"""sqs_cli.reading.case_marks: each case's judgement, by the pipeline's own rules, and
counted again to the pipeline's counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement
from sqs_cli.problems import SqsError
from sqs_cli.reading import case_marks
from sqs_cli.reading.case_marks import read_case_marks
from sqs_cli.reading.pipeline import read_marking
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE, WorkbookFactory, long_rows, wide_rows

Y, N, D, A = (
    Judgement.SUFFICIENT,
    Judgement.INSUFFICIENT,
    Judgement.NOT_DONE,
    Judgement.NOT_APPLICABLE,
)
MARKS = {"C1": ["Yes", "No"], "C2": ["Not done", "N/A"], "C3": ["Y", None]}


def test_wide_layout(make_workbook: WorkbookFactory, framework: Framework) -> None:
    path = make_workbook({"Cases": wide_rows(["1.1a", "1.1b"], MARKS)})
    found = read_case_marks(path, framework)
    assert found.judgements == {
        "C1": {"1.1a": Y, "1.1b": N},
        "C2": {"1.1a": D, "1.1b": A},
        "C3": {"1.1a": Y, "1.1b": Judgement.UNMARKED},
    }
    assert found.marking == read_marking(path, framework)


def test_long_layout_keeps_the_first_of_two_rows(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [*long_rows(["1.1a", "1.1b"], MARKS), ["C1", "1.1a", "No"]]
    path = make_workbook({"Cases": rows})
    found = read_case_marks(path, framework)
    assert found.judgements["C1"] == {"1.1a": Y, "1.1b": N}
    assert "conflicting-marks" in [problem.code for problem in found.marking.problems]


def test_a_repeated_case_keeps_its_first_row(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook(
        {
            "Custody": wide_rows(["1.1a"], {"C1": ["Yes"], "C2": ["No"]}),
            "Community": wide_rows(["1.1a"], {"C1": ["No"], "C3": ["N/A"]}),
        }
    )
    found = read_case_marks(path, framework)
    assert found.judgements == {"C1": {"1.1a": Y}, "C2": {"1.1a": N}, "C3": {"1.1a": A}}


def test_merged_marks_are_invalid_as_the_pipeline_counts_them(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook(
        {"Cases": wide_rows(["1.1a"], {"C1": ["Yes"], "C2": [None], "C3": ["No"]})},
        merged={"Cases": ["B2:B3"]},
    )
    found = read_case_marks(path, framework)
    assert found.judgements == {
        "C1": {"1.1a": Judgement.INVALID},
        "C2": {"1.1a": Judgement.INVALID},
        "C3": {"1.1a": N},
    }


@pytest.mark.parametrize("sample", [COVENTRY, LONG_LAYOUT_SAMPLE])
def test_the_samples_count_as_scoring_counts_them(sample: Path, framework: Framework) -> None:
    found = read_case_marks(sample, framework)
    for question, tally in found.marking.tallies.items():
        counted = Counter(
            marks[question] for marks in found.judgements.values() if question in marks
        )
        assert counted == +Counter(tally)


def test_a_difference_from_the_counts_is_said_to_be_a_bug(
    make_workbook: WorkbookFactory, framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check that keeps `agree` and `score` in step can fail: a judgement read one way
    case by case and another way in the counts stops the reading."""
    path = make_workbook({"Cases": wide_rows(["1.1a"], {"C1": ["Yes"]})})
    monkeypatch.setattr(case_marks, "judge", lambda value: Judgement.INSUFFICIENT)
    with pytest.raises(SqsError) as caught:
        read_case_marks(path, framework)
    assert caught.value.problem.code == "read-failed"
    assert caught.value.problem.message.startswith(
        "sqs read question 1.1a case by case differently from its counts (a bug in sqs)"
    )
