"""sqs_cli.reading.marks: case groups. A grouped question counts the cases of its group;
its cells are expected empty for other cases and never warned about there; a case in no
group is an error naming its cell."""

from __future__ import annotations

from collections import Counter

import pytest

from sqs_cli.framework import Framework, load_builtin
from sqs_cli.judgements import Judgement
from sqs_cli.marking import Marking
from sqs_cli.problems import Severity
from sqs_cli.reading.pipeline import read_marking
from tests.conftest import WorkbookFactory

YES, NO, EMPTY, INVALID = (
    Judgement.SUFFICIENT,
    Judgement.INSUFFICIENT,
    Judgement.UNMARKED,
    Judgement.INVALID,
)


@pytest.fixture(scope="module")
def youth() -> Framework:
    return load_builtin("hmip-youth-2021")


def counts(marking: Marking, question: str) -> Counter[Judgement]:
    return +Counter(marking.tallies[question])


def where(marking: Marking) -> list[tuple[str, str | None]]:
    """The problems of the cases sheet (the Ratings sheet's are not these tests' business)."""
    return [(p.code, p.cell) for p in marking.problems if p.sheet == "Cases"]


HEADER = ["Case ID", "Disposal", "Inspector", "2.1.1", "2.1.2", "3.1.1"]


def test_each_question_counts_the_cases_of_its_group_only(
    make_workbook: WorkbookFactory, youth: Framework
) -> None:
    rows = [
        HEADER,
        ["C1", "Court", "AB", "Yes", "No", None],  # 3.1.1 empty: expected, not warned
        ["C2", "Custody", "AB", "Yes", None, "N/A"],  # 2.1.2 empty: warned; 3.1.1 N/A: fine
        ["C3", "out of court", "CD", None, None, "Yes"],  # 2.1.x empty: expected
        ["C4", "Out-of-court", "CD", "N/A", None, "No"],
        ["C5", "OUT OF COURT", "CD", None, None, None],  # 3.1.1 empty: warned
    ]
    marking = read_marking(make_workbook({"Cases": rows}), youth)
    assert counts(marking, "2.1.1") == {YES: 2}
    assert counts(marking, "2.1.2") == {NO: 1, EMPTY: 1}
    assert counts(marking, "3.1.1") == {YES: 1, NO: 1, EMPTY: 1}
    assert marking.group_cases == (("court", 2), ("out-of-court", 3))
    assert marking.ungrouped_cases == 0
    assert where(marking) == [("unmarked", "E3"), ("unmarked", "F6")]


def test_a_mark_for_another_groups_question_is_an_error_and_not_scored(
    make_workbook: WorkbookFactory, youth: Framework
) -> None:
    rows = [
        HEADER,
        ["C1", "Court", "AB", "Yes", "Yes", "Yes"],
        ["C2", "Out-of-court", "AB", "No", "Maybe", "Yes"],
    ]
    marking = read_marking(make_workbook({"Cases": rows}), youth)
    assert counts(marking, "2.1.1") == {YES: 1, INVALID: 1}
    assert counts(marking, "2.1.2") == {YES: 1, INVALID: 1}
    assert counts(marking, "3.1.1") == {YES: 1, INVALID: 1}
    assert where(marking) == [
        ("mark-outside-group", "F2"),
        ("mark-outside-group", "D3"),
        ("unknown-judgement", "E3"),
    ]
    outside = marking.problems[0]
    assert outside.severity is Severity.ERROR
    assert outside.message == (
        "question 3.1.1 applies to out-of-court disposals only, and this case is in court "
        "disposals; the mark is not scored"
    )


def test_a_case_in_no_group_is_an_error_naming_its_cell(
    make_workbook: WorkbookFactory, youth: Framework
) -> None:
    rows = [
        HEADER,
        ["C1", None, "AB", "Yes", None, None],  # in no group: marks counted, empties not
        ["C2", "Curt", "AB", "No", "Yes", None],  # a near miss: quoted, with a hint
        ["C3", "Referred to the panel by the police", "AB", None, None, "Yes"],
        ["C4", "Court", "AB", "Yes", "Yes", None],
    ]
    marking = read_marking(make_workbook({"Cases": rows}), youth)
    assert counts(marking, "2.1.1") == {YES: 2, NO: 1}
    assert counts(marking, "2.1.2") == {YES: 2}
    assert counts(marking, "3.1.1") == {YES: 1}
    assert marking.group_cases == (("court", 1), ("out-of-court", 0))
    assert marking.ungrouped_cases == 3
    assert where(marking) == [("no-group", "B2"), ("no-group", "B3"), ("no-group", "B4")]
    empty, near, words = (p.message for p in marking.problems[:3])
    accepted = "(Court disposals: Court, Custody; Out-of-court disposals: Out-of-court)"
    assert empty == (
        f"the Disposal cell is empty, so the case is in no group {accepted}; its marks are "
        "counted where given and its empty cells are not reported"
    )
    assert near.startswith("'Curt' (did you mean 'Court'?) in Disposal is no group's value")
    # Free text may be about a child: described, not quoted.
    assert words.startswith("text of 35 characters in Disposal is no group's value")


def test_without_the_group_column_every_case_counts_for_every_question(
    make_workbook: WorkbookFactory, youth: Framework
) -> None:
    rows = [["Case ID", "2.1.1", "3.1.1"], ["C1", "Yes", None], ["C2", None, "No"]]
    marking = read_marking(make_workbook({"Cases": rows}), youth)
    assert counts(marking, "2.1.1") == {YES: 1, EMPTY: 1}
    assert counts(marking, "3.1.1") == {NO: 1, EMPTY: 1}
    assert where(marking)[0] == ("missing-group-column", None)
    assert marking.problems[0].message == (
        "no 'Disposal' column in the header (row 1): hmip-youth-2021 rates some criteria from "
        "one group of cases only, and without it every case is counted for every question"
    )
    assert marking.group_cases == (("court", 0), ("out-of-court", 0))


def test_a_sheet_of_ungrouped_questions_needs_no_group_column(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a"], ["C1", "Yes"]]
    marking = read_marking(make_workbook({"Cases": rows}), framework)
    assert marking.problems == ()
    assert (marking.group_cases, marking.ungrouped_cases) == ((), 0)


def test_long_layout_cases_take_their_group_from_their_first_row(
    make_workbook: WorkbookFactory, youth: Framework
) -> None:
    rows = [
        ["Case ID", "Disposal", "Question", "Judgement"],
        ["C1", "Court", "2.1.1", "Yes"],
        ["C1", None, "3.1.1", None],  # another group's question, empty: not counted
        ["C1", None, "3.1.2", "Yes"],  # a mark there: an error
        ["C2", "Out-of-court", "3.1.1", "No"],
        ["C2", None, "2.1.1", "N/A"],  # N/A for another group's question: fine
        ["C3", None, "2.1.1", "Yes"],  # in no group
        ["C3", None, "2.1.2", None],  # in no group, empty: not reported
    ]
    marking = read_marking(make_workbook({"Cases": rows}), youth)
    assert counts(marking, "2.1.1") == {YES: 2}
    assert counts(marking, "3.1.1") == {NO: 1}
    assert counts(marking, "3.1.2") == {INVALID: 1}
    assert marking.group_cases == (("court", 1), ("out-of-court", 1))
    assert marking.ungrouped_cases == 1
    assert where(marking) == [("mark-outside-group", "D4"), ("no-group", "B7")]


def test_groups_are_counted_across_cases_sheets(
    make_workbook: WorkbookFactory, youth: Framework
) -> None:
    path = make_workbook(
        {
            "Court": [["Case ID", "Disposal", "2.1.1"], ["C1", "Court", "Yes"]],
            "Out of court": [
                ["Case ID", "Disposal", "3.1.1"],
                ["C2", "out-of-court", "Yes"],
                ["C3", None, "No"],
            ],
        }
    )
    marking = read_marking(path, youth)
    assert marking.group_cases == (("court", 1), ("out-of-court", 1))
    assert marking.ungrouped_cases == 1
    assert [(p.code, p.sheet, p.cell) for p in marking.problems[:1]] == [
        ("no-group", "Out of court", "B3")
    ]
