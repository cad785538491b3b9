"""sqs_cli.bands: one colour and one range in words for each band, in every output."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sqs_cli.bands import PALETTE, band_colour, band_colours, band_ranges
from sqs_cli.framework import DEFAULT_BANDS, Band

GREEN, CYAN, YELLOW, RED = PALETTE


def bands(count: int) -> tuple[Band, ...]:
    return tuple(Band(f"B{n}", Fraction(count - 1 - n, count)) for n in range(count))


@pytest.mark.parametrize(
    ("count", "colours"),
    [
        (2, [GREEN, RED]),
        (3, [GREEN, CYAN, RED]),
        (4, [GREEN, CYAN, YELLOW, RED]),
        (6, [GREEN, CYAN, YELLOW, YELLOW, YELLOW, RED]),
    ],
)
def test_colours_by_position_best_green_worst_red(count: int, colours: list[object]) -> None:
    chosen = bands(count)
    assert [band_colour(chosen, band) for band in chosen] == colours
    assert list(band_colours(chosen).values()) == colours


def test_a_band_the_framework_does_not_have_has_no_colour() -> None:
    assert band_colour(DEFAULT_BANDS, Band("Excellent", Fraction(9, 10))) is None


def test_the_palette_has_a_name_a_bar_and_a_fill_for_print() -> None:
    assert [colour.name for colour in PALETTE] == ["green", "cyan", "yellow", "red"]
    # Excel's own "Good", "Neutral" and "Bad" fills: black text stays readable on paper.
    assert [colour.fill for colour in PALETTE] == ["#C6EFCE", "#DDEBF7", "#FFEB9C", "#FFC7CE"]


def test_ranges_in_words() -> None:
    assert [(band.name, reach) for band, reach in band_ranges(DEFAULT_BANDS)] == [
        ("Outstanding", "80% or more"),
        ("Good", "65% to under 80%"),
        ("Requires improvement", "50% to under 65%"),
        ("Inadequate", "under 50%"),
    ]
    odd = (Band("High", Fraction(3, 4)), Band("Low", Fraction(0)))
    assert [reach for _, reach in band_ranges(odd)] == ["75% or more", "under 75%"]
