"""sqs_cli.wording: figures in words, by the reference report's rules."""

from __future__ import annotations

import pytest

from sqs_cli.wording import (
    cases_phrase,
    count_phrase,
    counted,
    figure_sentence,
    gaps_sentence,
    not_done_sentence,
    number,
    plural,
)


@pytest.mark.parametrize(
    ("count", "relevant", "all_relevant", "words"),
    [
        # Every figure the reference report puts in words.
        (18, 20, True, "in 18 out of 20 cases"),
        (3, 4, False, "in three out of four relevant cases"),
        (8, 11, False, "in 8 out of 11 relevant cases"),
        (16, 19, True, "in 16 out of 19 cases"),
        (11, 12, False, "in all but one of the 12 relevant cases"),
        # A whole of ten or less is in words, and so is every number beside it.
        (4, 5, False, "in all but one of the five relevant cases"),
        (5, 10, False, "in half of the ten relevant cases"),
        (9, 9, False, "in all nine relevant cases"),
        (20, 20, True, "in all 20 cases"),
        (12, 12, False, "in all 12 relevant cases"),
        # None, one, two, and the small numbers where a rule would read oddly.
        (0, 7, False, "in none of the seven relevant cases"),
        (0, 11, False, "in none of the 11 relevant cases"),
        (1, 1, False, "in the one relevant case"),
        (0, 1, True, "in no case"),
        (2, 2, False, "in both relevant cases"),
        (0, 2, False, "in neither of the two relevant cases"),
        (1, 2, False, "in one out of two relevant cases"),
        (2, 3, False, "in two out of three relevant cases"),
        (2, 4, False, "in two out of four relevant cases"),
        (3, 6, False, "in half of the six relevant cases"),
        (6, 10, False, "in six out of ten relevant cases"),
        (10, 11, False, "in all but one of the 11 relevant cases"),
        (7, 19, False, "in 7 out of 19 relevant cases"),
    ],
)
def test_cases_phrase(count: int, relevant: int, all_relevant: bool, words: str) -> None:
    assert cases_phrase(count, relevant, all_cases_relevant=all_relevant) == words


@pytest.mark.parametrize(("count", "relevant"), [(1, 0), (0, 0), (5, 4), (-1, 3)])
def test_cases_phrase_refuses_impossible_figures(count: int, relevant: int) -> None:
    with pytest.raises(ValueError, match="not a figure"):
        cases_phrase(count, relevant)


@pytest.mark.parametrize(
    ("count", "relevant", "words"),
    [(7, 19, "7 out of 19"), (4, 10, "four out of ten"), (0, 5, "none"), (6, 6, "all six")],
)
def test_count_phrase(count: int, relevant: int, words: str) -> None:
    assert count_phrase(count, relevant) == words


@pytest.mark.parametrize(
    ("value", "whole", "words"), [(3, 4, "three"), (10, 10, "ten"), (9, 12, "9"), (0, 5, "0")]
)
def test_number(value: int, whole: int, words: str) -> None:
    assert number(value, whole) == words


def test_plural() -> None:
    assert (plural("case", 1), plural("case", 0), plural("case", 2)) == ("case", "cases", "cases")
    assert (plural("criterion", 2), plural("was", 3), plural("case row", 2)) == (
        "criteria",
        "were",
        "case rows",
    )


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [(1, "warning", "1 warning"), (0, "error", "0 errors"), (2, "workbook", "2 workbooks")],
)
def test_counted(count: int, noun: str, text: str) -> None:
    assert counted(count, noun) == text


@pytest.mark.parametrize(
    ("not_done", "failed", "sentence"),
    [
        (1, 1, "In the one case that fell short, the work had not been done at all."),
        (1, 2, "In one of the two cases that fell short, the work had not been done at all."),
        (2, 2, "In both cases that fell short, the work had not been done at all."),
        (3, 3, "In all three cases that fell short, the work had not been done at all."),
        (2, 4, "In two of the four cases that fell short, the work had not been done at all."),
        (3, 13, "In 3 of the 13 cases that fell short, the work had not been done at all."),
    ],
)
def test_not_done_attaches_to_the_cases_that_fell_short(
    not_done: int, failed: int, sentence: str
) -> None:
    assert not_done_sentence(not_done, failed) == sentence


@pytest.mark.parametrize(("not_done", "failed"), [(0, 3), (4, 3), (1, 0)])
def test_not_done_refuses_impossible_figures(not_done: int, failed: int) -> None:
    with pytest.raises(ValueError, match="not a figure"):
        not_done_sentence(not_done, failed)


@pytest.mark.parametrize(
    ("unmarked", "invalid", "sentence"),
    [
        (0, 0, None),
        (1, 0, "For this question, one case was not marked; it is left out of these figures."),
        (
            2,
            1,
            "For this question, two cases were not marked and one mark could not be read; "
            "they are left out of these figures.",
        ),
        (
            0,
            12,
            "For this question, 12 marks could not be read; they are left out of these figures.",
        ),
    ],
)
def test_gaps_are_never_called_not_relevant(
    unmarked: int, invalid: int, sentence: str | None
) -> None:
    assert gaps_sentence(unmarked, invalid) == sentence


def test_figure_sentence_tells_the_side_that_is_the_news() -> None:
    statement = "the safeguarding and vulnerability screening was sufficient"
    assert figure_sentence(statement, 12, 19) == (
        "The safeguarding and vulnerability screening was sufficient in 12 out of 19 "
        "relevant cases."
    )
    assert figure_sentence(statement, 12, 19, side="insufficient") == (
        "The safeguarding and vulnerability screening was sufficient in 12 out of 19 "
        "relevant cases; 7 out of 19 were judged to be insufficient."
    )
    assert figure_sentence("the plan was sufficient", 9, 10, side="insufficient") == (
        "The plan was sufficient in all but one of the ten relevant cases; one out of ten was "
        "judged to be insufficient."
    )
    # Nothing failed: nothing more to tell.
    assert figure_sentence("the plan was sufficient", 4, 4, side="insufficient") == (
        "The plan was sufficient in all four relevant cases."
    )
    # Nothing sufficient: "none of" says it all.
    assert figure_sentence("the plan was sufficient", 0, 12, side="insufficient") == (
        "The plan was sufficient in none of the 12 relevant cases."
    )


def test_one_relevant_case_that_failed_is_said_so() -> None:
    assert figure_sentence("the plan was sufficient", 0, 1) == (
        "The plan was sufficient in no case: the one relevant case was judged to be insufficient."
    )
    assert figure_sentence("the plan was sufficient", 1, 1, side="insufficient") == (
        "The plan was sufficient in the one relevant case."
    )
