"""sqs_cli.wording: figures in words, by the reference report's rules."""

from __future__ import annotations

import pytest

from sqs_cli.wording import cases_phrase, count_phrase, figure_sentence, number, plural


@pytest.mark.parametrize(
    ("count", "relevant", "all_relevant", "words"),
    [
        # Every figure the reference report puts in words.
        (18, 20, True, "in 18 out of 20 cases"),
        (3, 4, False, "in three out of four relevant cases"),
        (8, 11, False, "in 8 out of 11 relevant cases"),
        (16, 19, True, "in 16 out of 19 cases"),
        (11, 12, False, "in all but one of the 12 relevant cases"),
        (4, 5, False, "in all but one of the 5 relevant cases"),
        (5, 10, False, "in half of the 10 relevant cases"),
        (9, 9, False, "in all 9 relevant cases"),
        (20, 20, True, "in all 20 cases"),
        # None, one, two, and the small numbers where a rule would read oddly.
        (0, 7, False, "in none of the 7 relevant cases"),
        (1, 1, False, "in 1 out of 1 relevant case"),
        (0, 1, True, "in 0 out of 1 case"),
        (2, 2, False, "in both relevant cases"),
        (1, 2, False, "in one out of two relevant cases"),
        (2, 3, False, "in two out of three relevant cases"),
        (2, 4, False, "in two out of four relevant cases"),
        (3, 6, False, "in half of the 6 relevant cases"),
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
    [(7, 19, "7 out of 19"), (4, 10, "four out of ten"), (0, 5, "none"), (6, 6, "all 6")],
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
        "The plan was sufficient in all but one of the 10 relevant cases; one out of ten was "
        "judged to be insufficient."
    )
    # Nothing failed: nothing more to tell.
    assert figure_sentence("the plan was sufficient", 4, 4, side="insufficient") == (
        "The plan was sufficient in all 4 relevant cases."
    )
