"""How the rating bands look and read in every output: their colours and their ranges.

Bands are coloured by position, from the best to the worst, whatever a framework calls
them: the best green, the worst red, the second cyan, and any between them yellow. The
table (Rich colour names), the results workbook (cell fills) and the HTML draft (bar and
tint) take their colours from one palette here, so that a band is the same colour in all.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple

from sqs_cli.framework import Band, OverallBand, OverallPolicy


class BandColour(NamedTuple):
    # The colour's name: Rich's colour for the table, and the HTML class name.
    name: str
    # A strong colour for a chart's bar and a cell's edge.
    bar: str
    # A light tint behind black text: Excel's own "Good", "Neutral" and "Bad" shades where
    # there is one, so that text stays readable in print.
    fill: str


PALETTE = (
    BandColour("green", "#2e7d32", "#C6EFCE"),
    BandColour("cyan", "#00838f", "#DDEBF7"),
    BandColour("yellow", "#e0a800", "#FFEB9C"),
    BandColour("red", "#c62828", "#FFC7CE"),
)


# A mark's colour in the marking template, from the same palette: sufficient as the best
# band, insufficient as the worst, not done between them.
MARK_COLOURS = {"Yes": PALETTE[0], "No": PALETTE[-1], "Not done": PALETTE[2]}


def band_colour(bands: Sequence[Band], band: Band) -> BandColour | None:
    """The colour of a band by its position among the framework's bands; None for a band
    the framework does not have."""
    if band not in bands:
        return None
    index = bands.index(band)
    if index == len(bands) - 1:
        return PALETTE[-1]
    return PALETTE[min(index, len(PALETTE) - 2)]


def band_colours(bands: Sequence[Band]) -> dict[Band, BandColour]:
    """Every band's colour, by the same rule."""
    return {band: colour for band in bands if (colour := band_colour(bands, band))}


def _percent(value: Fraction) -> str:
    return f"{float(value) * 100:g}%"


def band_ranges(bands: Sequence[Band]) -> list[tuple[Band, str]]:
    """Each band with the proportions it takes, in words: `80% or more`, `65% to under
    80%`, `under 50%` (never `0% or more`, which reads as if it took everything)."""
    ranges = []
    for index, band in enumerate(bands):
        above = bands[index - 1].minimum if index else None
        if above is None:
            reach = f"{_percent(band.minimum)} or more"
        elif band.minimum <= 0:
            reach = f"under {_percent(above)}"
        else:
            reach = f"{_percent(band.minimum)} to under {_percent(above)}"
        ranges.append((band, reach))
    return ranges


def overall_ranges(policy: OverallPolicy) -> list[tuple[OverallBand, str]]:
    """Each overall band with the totals it takes, in words: `31 to 36`, `0 to 6`."""
    ranges = []
    for index, band in enumerate(policy.bands):
        top = policy.bands[index - 1].minimum - 1 if index else policy.maximum
        ranges.append((band, f"{band.minimum} to {top}"))
    return ranges


def points_in_words(policy: OverallPolicy) -> str:
    """`Outstanding 3 points, Good 2, Requires improvement 1, Inadequate 0`."""
    parts = [f"{name} {points}" for name, points in policy.points]
    parts[0] += " points"
    return ", ".join(parts)
