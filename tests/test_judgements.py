"""sqs_cli.judgements: what an inspector's mark means, and the "did you mean" hint for near
misses."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from sqs_cli import judgements
from sqs_cli.judgements import HINT_MAX_LENGTH, Judgement, judge, suggest, within_one_edit

# Every spelling the README's "Judgements" accepts, as it writes them.
ACCEPTED: list[tuple[str, Judgement]] = [
    ("Yes", Judgement.SUFFICIENT),
    ("Y", Judgement.SUFFICIENT),
    ("Sufficient", Judgement.SUFFICIENT),
    ("1", Judgement.SUFFICIENT),
    ("TRUE", Judgement.SUFFICIENT),
    ("No", Judgement.INSUFFICIENT),
    ("N", Judgement.INSUFFICIENT),
    ("Insufficient", Judgement.INSUFFICIENT),
    ("0", Judgement.INSUFFICIENT),
    ("FALSE", Judgement.INSUFFICIENT),
    ("Not done", Judgement.NOT_DONE),
    ("Not reviewed", Judgement.NOT_DONE),
    ("Missing", Judgement.NOT_DONE),
    ("N/A", Judgement.NOT_APPLICABLE),
    ("NA", Judgement.NOT_APPLICABLE),
    ("Not applicable", Judgement.NOT_APPLICABLE),
    ("n.a.", Judgement.NOT_APPLICABLE),
]

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"

# How the same spelling turns up in real cells: any case, padded with spaces of any kind.
VARIANTS: dict[str, Callable[[str], str]] = {
    "as-written": lambda text: text,
    "lower": str.lower,
    "upper": str.upper,
    "swapcase": str.swapcase,
    "title": str.title,
    "spaces": lambda text: f"  {text} ",
    "tab-newline": lambda text: f"\t{text}\n",
    "nbsp": lambda text: f"{NBSP}{text}{NBSP}",
    "narrow-nbsp": lambda text: f"{NARROW_NBSP}{text}{NARROW_NBSP}",
    "mixed": lambda text: f" {NBSP}{NARROW_NBSP}{text.lower()}{NARROW_NBSP} {NBSP}",
}


@pytest.mark.parametrize(("spelling", "expected"), ACCEPTED)
@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_every_accepted_spelling_in_any_case_and_padding(
    spelling: str, expected: Judgement, variant: Callable[[str], str]
) -> None:
    assert judge(variant(spelling)) is expected


@pytest.mark.parametrize(
    "text", ["Not  done", f"Not{NBSP}done", f"not{NARROW_NBSP}DONE", "Not \t reviewed"]
)
def test_runs_of_spaces_inside_a_spelling_count_as_one(text: str) -> None:
    assert judge(text) is Judgement.NOT_DONE


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, Judgement.SUFFICIENT),
        (False, Judgement.INSUFFICIENT),
        (1, Judgement.SUFFICIENT),
        (0, Judgement.INSUFFICIENT),
        (1.0, Judgement.SUFFICIENT),
        (0.0, Judgement.INSUFFICIENT),
        (-0.0, Judgement.INSUFFICIENT),
    ],
    ids=["True", "False", "1", "0", "1.0", "0.0", "-0.0"],
)
def test_booleans_and_the_numbers_one_and_zero(value: object, expected: Judgement) -> None:
    assert judge(value) is expected


@pytest.mark.parametrize(
    "value",
    [2, -1, 0.5, 0.999, 1.0000001, 100, float("nan"), float("inf")],
    ids=["2", "-1", "0.5", "0.999", "1.0000001", "100", "nan", "inf"],
)
def test_other_numbers_are_invalid(value: float) -> None:
    assert judge(value) is Judgement.INVALID


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2016, 1, 1),
        datetime.datetime(1900, 1, 1, 0, 0),
        datetime.datetime(2016, 5, 17, 9, 30),
        datetime.time(0, 0),
        datetime.timedelta(days=1),
        datetime.timedelta(0),
    ],
    ids=["date", "datetime-1900", "datetime", "time-midnight", "timedelta-1-day", "timedelta-0"],
)
def test_dates_and_times_are_invalid(value: object) -> None:
    # Excel's serial day 1 is a date, not a "1": it must never count as Yes.
    assert judge(value) is Judgement.INVALID


@pytest.mark.parametrize(
    "value",
    [None, "", " ", "  ", "\t", "\n", NBSP, NARROW_NBSP, f" {NBSP}{NARROW_NBSP} "],
    ids=["None", "empty", "space", "two-spaces", "tab", "newline", "nbsp", "narrow-nbsp", "mix"],
)
def test_empty_cells_are_unmarked(value: object) -> None:
    assert judge(value) is Judgement.UNMARKED


@pytest.mark.parametrize(
    "value",
    ["banana", "Yse", "Yes please", "Y/N", "2", "1.5", "-", "?", "Not", "N/A N/A", "Yes."],
)
def test_anything_else_is_invalid(value: str) -> None:
    assert judge(value) is Judgement.INVALID


@pytest.mark.parametrize(
    ("judgement", "relevant"),
    [
        (Judgement.SUFFICIENT, True),
        (Judgement.INSUFFICIENT, True),
        (Judgement.NOT_DONE, True),
        (Judgement.NOT_APPLICABLE, False),
        (Judgement.UNMARKED, False),
        (Judgement.INVALID, False),
    ],
)
def test_relevant_is_what_counts_towards_m(judgement: Judgement, relevant: bool) -> None:
    assert judgement.relevant is relevant


def test_relevant_table_covers_every_judgement() -> None:
    relevant = {judgement for judgement in Judgement if judgement.relevant}
    assert relevant == {Judgement.SUFFICIENT, Judgement.INSUFFICIENT, Judgement.NOT_DONE}
    assert len(Judgement) == 6


@pytest.mark.parametrize(
    ("near_miss", "meant"),
    [
        ("Yse", "Yes"),
        ("Sufficent", "Sufficient"),
        ("Not dne", "Not done"),
        ("Insuficient", "Insufficient"),
        ("  yse ", "Yes"),
        ("SUFFICENT", "Sufficient"),
        (f"{NBSP}Not dne{NBSP}", "Not done"),
        ("Missng", "Missing"),
        ("Not reveiwed", "Not reviewed"),
        ("Not aplicable", "Not applicable"),
    ],
)
def test_near_misses_get_a_did_you_mean_hint(near_miss: str, meant: str) -> None:
    assert judge(near_miss) is Judgement.INVALID
    assert suggest(near_miss) == meant


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        # Doubled letters, one letter more or less, one changed, two swapped.
        ("Noo", "No"),
        ("NNo", "No"),
        ("Yess", "Yes"),
        ("Yees", "Yes"),
        ("Ye", "Yes"),
        ("Yes.", "Yes"),
        ("Flase", "FALSE"),
        ("TRUEE", "TRUE"),
        ("NAA", "N/A"),
        ("N.A", "N/A"),
        ("n.a", "N/A"),
        ("Nott done", "Not done"),
        ("Misssing", "Missing"),
        ("11", "1"),
        ("Y\u0435s", "Yes"),  # a Cyrillic e: one letter changed
    ],
)
def test_every_one_edit_typo_gets_a_hint(typo: str, meant: str) -> None:
    assert judge(typo) is Judgement.INVALID
    assert suggest(typo) == meant


@pytest.mark.parametrize("ambiguous", ["x", "2", "10", "-", "?", "N/", "Ya"])
def test_no_hint_when_one_edit_reaches_different_judgements(ambiguous: str) -> None:
    # `x` is one letter from Y and from N; `10` one from 1 and from 0.
    assert suggest(ambiguous) is None


@pytest.mark.parametrize(
    ("first", "second", "within"),
    [
        ("noo", "no", True),
        ("yse", "yes", True),
        ("yes", "yes", True),
        ("ye", "yes", True),
        ("yas", "yes", True),
        ("sey", "yes", False),
        ("nope", "no", False),
        ("", "y", True),
        ("", "no", False),
    ],
)
def test_within_one_edit(first: str, second: str, within: bool) -> None:
    assert within_one_edit(first, second) is within
    assert within_one_edit(second, first) is within


@pytest.mark.parametrize("far_off", ["banana", "", "   ", "completely different", "42", "nope"])
def test_no_hint_for_far_off_text(far_off: str) -> None:
    assert suggest(far_off) is None


def test_long_values_get_no_hint_and_cost_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12: one 50 MB mark cell cost 12 s and 2.1 GB, the hint running over all of it."""
    import difflib

    def never(*_: object, **__: object) -> None:
        raise AssertionError("a long value was looked at")

    monkeypatch.setattr(judgements, "normalise_text", never)
    monkeypatch.setattr(difflib, "get_close_matches", never)
    assert suggest("Yse" + "s" * HINT_MAX_LENGTH) is None
    assert suggest("Y" * 10_000_000) is None


def test_a_value_just_long_enough_still_gets_its_hint() -> None:
    padded = "Yse".center(HINT_MAX_LENGTH)
    assert len(padded) == HINT_MAX_LENGTH
    assert suggest(padded) == "Yes"


def test_a_very_long_value_is_judged_invalid_without_normalising(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(_: str) -> Judgement:
        raise AssertionError("a long value was normalised")

    monkeypatch.setattr(judgements, "_judge_text", never)
    assert judge("Yes" * 1_000_000) is Judgement.INVALID
    # Spaces around a spelling are still trimmed, however many.
    monkeypatch.undo()
    assert judge(" " * 5_000 + "Yes" + "\n" * 5_000) is Judgement.SUFFICIENT


@pytest.mark.parametrize(
    "value",
    [None, 2, 0.5, True, datetime.date(2016, 1, 1), b"Yse", ["Yse"]],
    ids=["None", "2", "0.5", "True", "date", "bytes", "list"],
)
def test_no_hint_for_values_that_are_not_text(value: object) -> None:
    assert suggest(value) is None


@pytest.mark.parametrize(
    ("value", "judgement"),
    [
        ("\uff39\uff45\uff53", Judgement.SUFFICIENT),  # full-width "Yes"
        ("Y\u200bes", Judgement.SUFFICIENT),  # a zero-width space pasted in
        ("\ufeffNo", Judgement.INSUFFICIENT),  # a byte order mark at the start
        ("Y\u0435s", Judgement.INVALID),  # a Cyrillic "e": looks alike, is not
    ],
)
def test_compatibility_forms_fold_but_look_alikes_do_not(value: str, judgement: Judgement) -> None:
    assert judge(value) is judgement


def test_a_huge_cell_is_judged_without_being_normalised_or_cached() -> None:
    from sqs_cli.judgements import _judge_text

    before = _judge_text.cache_info().currsize
    assert judge("x" * 50_000_000) is Judgement.INVALID
    assert judge(" \u00a0" * 1000) is Judgement.UNMARKED
    assert judge(" " * 60 + "Yes") is Judgement.SUFFICIENT
    assert _judge_text.cache_info().currsize <= before + 1
