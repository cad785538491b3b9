"""How far markers agree beyond chance: Cohen's and Fleiss' kappa, Gwet's AC1.

Pure functions over counts. Every point estimate is an exact fraction (a kappa of 0.6 is
3/5, not a hair under, so that its reading band is never decided by rounding); only the
standard error, which needs a square root, is a float. docs/quality-assurance.md gives
the formulas and their sources:

- Cohen's kappa (two markers): J. Cohen (1960), "A coefficient of agreement for nominal
  scales", Educational and Psychological Measurement 20, 37-46; its large-sample standard
  error from J. L. Fleiss, J. Cohen and B. S. Everitt (1969), "Large sample standard
  errors of kappa and weighted kappa", Psychological Bulletin 72, 323-327 (the formula
  SAS and statsmodels use).
- Fleiss' kappa (two or more markers, every case marked by all): J. L. Fleiss (1971),
  "Measuring nominal scale agreement among many raters", Psychological Bulletin 76,
  378-382.
- Gwet's AC1: K. L. Gwet (2008), "Computing inter-rater reliability and its variance in
  the presence of high agreement", British Journal of Mathematical and Statistical
  Psychology 61, 29-48. Kappa is known to fall, even below zero, when nearly every case is
  "Yes" though the markers nearly always agree (the "kappa paradox"); AC1 does not.
- The standard errors of Fleiss' kappa and AC1 are Gwet's linearised ones (Gwet 2008;
  K. L. Gwet (2014), Handbook of Inter-Rater Reliability, 4th edition, chapter 5), with
  the cases taken as a sample from many (no finite-population correction).

Intervals are the estimate plus or minus 1.96 standard errors (normal approximation, as
everywhere in sqs), cut to [-1, 1]. Gwet's own software uses Student's t with n - 1
degrees of freedom, a little wider for small samples (2.09 instead of 1.96 at 20 cases).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from fractions import Fraction
from typing import NamedTuple, TypeVar

from sqs_cli.statistics import Z_95, Interval

Category = TypeVar("Category", bound=Hashable)

# The bands of J. R. Landis and G. G. Koch (1977), "The measurement of observer agreement
# for categorical data", Biometrics 33, 159-174: each band's upper bound, inclusive.
AGREEMENT_BANDS: tuple[tuple[Fraction, str], ...] = (
    (Fraction(0), "poor"),
    (Fraction(1, 5), "slight"),
    (Fraction(2, 5), "fair"),
    (Fraction(3, 5), "moderate"),
    (Fraction(4, 5), "substantial"),
    (Fraction(1), "almost perfect"),
)
BAND_RANGES = (
    "poor: below 0",
    "slight: 0 to 0.20",
    "fair: 0.21 to 0.40",
    "moderate: 0.41 to 0.60",
    "substantial: 0.61 to 0.80",
    "almost perfect: 0.81 to 1",
)


class Coefficient(NamedTuple):
    """A chance-corrected agreement coefficient, with how sure it is."""

    # None where it is not defined (kappa when every mark of every marker is the same).
    value: Fraction | None
    # The large-sample standard error; None where it cannot be estimated (one case).
    standard_error: float | None = None
    # value +/- 1.96 standard errors, cut to [-1, 1]; None without a standard error, or
    # when the standard error is 0 (every case agreed: the formula then claims certainty
    # that a sample cannot give).
    interval: Interval | None = None
    # Observed agreement and the agreement chance would give, as the coefficient counts them.
    observed: Fraction | None = None
    chance: Fraction | None = None

    @property
    def band(self) -> str | None:
        return agreement_band(self.value)


def agreement_band(value: Fraction | None) -> str | None:
    """Landis and Koch's reading of a coefficient: `moderate` for 0.41 to 0.60."""
    if value is None:
        return None
    if value < 0:
        return "poor"
    return next(name for bound, name in AGREEMENT_BANDS[1:] if value <= bound)


def _interval(value: Fraction, variance: Fraction | None) -> tuple[float | None, Interval | None]:
    if variance is None:
        return None, None
    error = math.sqrt(max(variance, Fraction(0)))
    if error == 0:
        return 0.0, None
    centre = float(value)
    return error, Interval(max(-1.0, centre - Z_95 * error), min(1.0, centre + Z_95 * error))


def contingency(
    pairs: Sequence[tuple[Category, Category]], categories: Sequence[Category]
) -> list[list[int]]:
    """The two markers' table: rows the first marker's category, columns the second's."""
    index = {category: position for position, category in enumerate(categories)}
    table = [[0] * len(categories) for _ in categories]
    for first, second in pairs:
        table[index[first]][index[second]] += 1
    return table


def rating_counts(
    ratings: Sequence[Sequence[Category]], categories: Sequence[Category]
) -> list[list[int]]:
    """For each case, how many markers gave each category (Fleiss' n_ij)."""
    index = {category: position for position, category in enumerate(categories)}
    counts = []
    for case in ratings:
        row = [0] * len(categories)
        for rating in case:
            row[index[rating]] += 1
        counts.append(row)
    return counts


def cohen_kappa(table: Sequence[Sequence[int]]) -> Coefficient:
    """Cohen's kappa from the two markers' contingency table, with the Fleiss, Cohen and
    Everitt (1969) standard error."""
    n = sum(map(sum, table))
    if n == 0:
        return Coefficient(None)
    size = len(table)
    p = [[Fraction(table[i][j], n) for j in range(size)] for i in range(size)]
    zero = Fraction(0)
    rows = [sum(p[i], zero) for i in range(size)]
    columns = [sum((p[i][j] for i in range(size)), zero) for j in range(size)]
    observed = sum((p[i][i] for i in range(size)), zero)
    chance = sum((rows[i] * columns[i] for i in range(size)), zero)
    if chance == 1:
        return Coefficient(None, observed=observed, chance=chance)
    kappa = (observed - chance) / (1 - chance)
    on_diagonal = sum(
        (p[i][i] * (1 - (rows[i] + columns[i]) * (1 - kappa)) ** 2 for i in range(size)), zero
    )
    off_diagonal = (1 - kappa) ** 2 * sum(
        (p[i][j] * (columns[i] + rows[j]) ** 2 for i in range(size) for j in range(size) if i != j),
        zero,
    )
    correction = (kappa - chance * (1 - kappa)) ** 2
    variance = (on_diagonal + off_diagonal - correction) / ((1 - chance) ** 2 * n)
    error, interval = _interval(kappa, variance)
    return Coefficient(kappa, error, interval, observed, chance)


class _Multirater(NamedTuple):
    cases: int
    raters: int
    # Each case's agreement: the share of pairs of markers who agree on it.
    case_agreement: list[Fraction]
    # Each category's share of all marks.
    shares: list[Fraction]
    counts: Sequence[Sequence[int]]

    @property
    def observed(self) -> Fraction:
        return sum(self.case_agreement, Fraction(0)) / self.cases


def _multirater(counts: Sequence[Sequence[int]]) -> _Multirater | None:
    if not counts:
        return None
    raters = sum(counts[0])
    if raters < 2 or any(sum(row) != raters for row in counts):
        raise ValueError("every case must be marked by the same number of markers, at least 2")
    cases = len(counts)
    pairs = raters * (raters - 1)
    case_agreement = [Fraction(sum(c * (c - 1) for c in row), pairs) for row in counts]
    shares = [
        Fraction(sum(row[k] for row in counts), cases * raters) for k in range(len(counts[0]))
    ]
    return _Multirater(cases, raters, case_agreement, shares, counts)


def _linearised_variance(
    table: _Multirater, value: Fraction, chance: Fraction, case_chance: list[Fraction]
) -> Fraction | None:
    """Gwet's variance of a coefficient (observed - chance) / (1 - chance): each case's
    share of the coefficient, corrected for its share of the chance agreement."""
    n = table.cases
    if n < 2:
        return None
    total = Fraction(0)
    for agreement, own_chance in zip(table.case_agreement, case_chance, strict=True):
        own = (agreement - chance) / (1 - chance)
        corrected = own - 2 * (1 - value) * (own_chance - chance) / (1 - chance)
        total += (corrected - value) ** 2
    return total / (n * (n - 1))


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> Coefficient:
    """Fleiss' kappa from how many markers gave each category to each case (every case
    marked by the same markers), with Gwet's standard error."""
    table = _multirater(counts)
    if table is None:
        return Coefficient(None)
    observed = table.observed
    chance = sum((share * share for share in table.shares), Fraction(0))
    if chance == 1:
        return Coefficient(None, observed=observed, chance=chance)
    kappa = (observed - chance) / (1 - chance)
    case_chance = [
        sum(
            (Fraction(c, table.raters) * share for c, share in zip(row, table.shares, strict=True)),
            Fraction(0),
        )
        for row in counts
    ]
    error, interval = _interval(kappa, _linearised_variance(table, kappa, chance, case_chance))
    return Coefficient(kappa, error, interval, observed, chance)


def gwet_ac1(counts: Sequence[Sequence[int]]) -> Coefficient:
    """Gwet's AC1 from how many markers gave each category to each case; the number of
    categories is the length of a row (the scale, not only the categories used)."""
    table = _multirater(counts)
    if table is None:
        return Coefficient(None)
    categories = len(counts[0])
    if categories < 2:
        raise ValueError("AC1 needs a scale of at least two categories")
    observed = table.observed
    chance = sum((share * (1 - share) for share in table.shares), Fraction(0)) / (categories - 1)
    ac1 = (observed - chance) / (1 - chance)
    case_chance = [
        sum(
            (
                Fraction(c, table.raters) * (1 - share)
                for c, share in zip(row, table.shares, strict=True)
            ),
            Fraction(0),
        )
        / (categories - 1)
        for row in counts
    ]
    error, interval = _interval(ac1, _linearised_variance(table, ac1, chance, case_chance))
    return Coefficient(ac1, error, interval, observed, chance)
