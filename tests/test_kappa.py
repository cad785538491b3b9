"""Agreement coefficients: against worked examples from their sources, and against
well-kept implementations (scikit-learn, statsmodels, irrCAC: the test extras) on many
generated markings."""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from sqs_cli.kappa import (
    agreement_band,
    cohen_kappa,
    contingency,
    fleiss_kappa,
    gwet_ac1,
    rating_counts,
)

FOUR = ("sufficient", "insufficient", "not_done", "not_applicable")


# --- Worked examples ------------------------------------------------------------------


def test_cohen_sas_example() -> None:
    """SAS PROC FREQ's agreement example (a 3 x 3 table), as printed in SAS's output and
    kept in statsmodels' tests (statsmodels/stats/tests/test_inter_rater.py, table10):
    kappa 0.4842, ASE 0.1380, 95% limits 0.2137 and 0.7547."""
    result = cohen_kappa([[0, 4, 1], [0, 8, 0], [0, 1, 5]])
    assert result.value is not None and result.interval is not None
    assert round(float(result.value), 4) == 0.4842
    assert result.standard_error is not None and round(result.standard_error, 4) == 0.1380
    assert (round(result.interval.low, 4), round(result.interval.high, 4)) == (0.2137, 0.7547)
    assert result.band == "moderate"


def test_fleiss_1971_example() -> None:
    """Fleiss (1971), Psychological Bulletin 76, 378-382: 30 patients, 6 psychiatrists,
    5 diagnoses; kappa = .430. The ratings are as the R package irr ships them
    (`diagnoses`) and statsmodels' tests keep them."""
    diagnoses = [
        [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
    ]  # fmt: skip
    result = fleiss_kappa(rating_counts(diagnoses, [1, 2, 3, 4, 5]))
    assert result.value is not None
    assert round(float(result.value), 3) == 0.430
    assert result.band == "moderate"


def test_fleiss_wikipedia_example() -> None:
    """The worked example of Wikipedia's article "Fleiss' kappa" (10 subjects, 14 raters,
    5 categories): P = 0.378, Pe = 0.213, kappa = 0.210."""
    table = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]  # fmt: skip
    result = fleiss_kappa(table)
    assert result.observed is not None and result.chance is not None and result.value
    assert round(float(result.observed), 3) == 0.378
    assert round(float(result.chance), 3) == 0.213
    assert round(float(result.value), 3) == 0.210


def test_the_kappa_paradox_worked_by_hand() -> None:
    """20 cases, two markers: both say Yes to 18, each says No to one case the other
    passed. Agreement 18/20; each marker's Yes share 19/20.

    Cohen: chance = (19/20)^2 + (1/20)^2 = 181/200, kappa = (180/200 - 181/200) / (19/200)
    = -1/19 ("poor"), though the markers agree on 90% of cases. AC1 (Gwet 2008, eq. for two
    categories): chance = 2 (19/20)(1/20) = 19/200, AC1 = (180 - 19) / (200 - 19) = 161/181.
    """
    pairs = [("Yes", "Yes")] * 18 + [("Yes", "No"), ("No", "Yes")]
    cohen = cohen_kappa(contingency(pairs, ["Yes", "No"]))
    assert cohen.value == Fraction(-1, 19)
    assert cohen.band == "poor"
    ac1 = gwet_ac1(rating_counts([list(pair) for pair in pairs], ["Yes", "No"]))
    assert ac1.value == Fraction(161, 181)
    assert ac1.chance == Fraction(19, 200)
    assert ac1.band == "almost perfect"


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (Fraction(-1, 100), "poor"),
        (Fraction(0), "slight"),
        (Fraction(1, 5), "slight"),
        (Fraction(201, 1000), "fair"),
        (Fraction(3, 5), "moderate"),
        (Fraction(4, 5), "substantial"),
        (Fraction(81, 100), "almost perfect"),
        (Fraction(1), "almost perfect"),
        (None, None),
    ],
)
def test_landis_and_koch_bands_at_their_edges(value: Fraction | None, band: str | None) -> None:
    assert agreement_band(value) == band


def test_kappa_is_not_defined_when_every_mark_is_the_same() -> None:
    pairs = [("Yes", "Yes")] * 12
    cohen = cohen_kappa(contingency(pairs, ["Yes", "No"]))
    assert cohen.value is None and cohen.observed == 1
    counts = rating_counts([list(pair) for pair in pairs], ["Yes", "No"])
    assert fleiss_kappa(counts).value is None
    # AC1 is defined, and an interval cannot be given when every case agreed.
    ac1 = gwet_ac1(counts)
    assert ac1.value == 1 and ac1.standard_error == 0 and ac1.interval is None


def test_one_case_has_no_standard_error() -> None:
    counts = rating_counts([["Yes", "No", "No"]], ["Yes", "No"])
    ac1 = gwet_ac1(counts)
    assert ac1.value is not None and ac1.standard_error is None and ac1.interval is None


def test_cases_marked_by_different_numbers_of_markers_are_refused() -> None:
    with pytest.raises(ValueError, match="same number of markers"):
        fleiss_kappa([[2, 0], [1, 0]])


# --- Against the implementations -------------------------------------------------------
# The test extras; where one is missing, only these tests are skipped, saying so.


@pytest.fixture(scope="module")
def sklearn_metrics() -> Any:
    return pytest.importorskip("sklearn.metrics")


@pytest.fixture(scope="module")
def inter_rater() -> Any:
    return pytest.importorskip("statsmodels.stats.inter_rater")


@pytest.fixture(scope="module")
def irrcac() -> Callable[[list[list[str]], tuple[str, ...]], Any]:
    raw = pytest.importorskip("irrCAC.raw")
    pandas = pytest.importorskip("pandas")

    def agreement(ratings: list[list[str]], categories: tuple[str, ...]) -> Any:
        columns = [f"marker{i}" for i in range(len(ratings[0]))]
        return raw.CAC(
            pandas.DataFrame(ratings, columns=columns), categories=list(categories), digits=12
        )

    return agreement


def _markings(seed: int, markers: int, cases: int, weights: list[int]) -> list[list[str]]:
    """Markings as moderation produces them: mostly agreeing, mostly sufficient."""
    generator = random.Random(seed)
    ratings = []
    for _ in range(cases):
        truth = generator.choices(FOUR, weights=weights)[0]
        ratings.append(
            [truth if generator.random() < 0.8 else generator.choice(FOUR) for _ in range(markers)]
        )
    return ratings


@pytest.mark.parametrize("seed", range(25))
def test_cohen_matches_scikit_learn_and_statsmodels(
    seed: int, sklearn_metrics: Any, inter_rater: Any
) -> None:
    ratings = _markings(seed, 2, 10 + seed * 3, [70, 15, 5, 10])
    first, second = [r[0] for r in ratings], [r[1] for r in ratings]
    result = cohen_kappa(contingency(list(zip(first, second, strict=True)), FOUR))
    expected = sklearn_metrics.cohen_kappa_score(first, second, labels=list(FOUR))
    assert result.value is not None
    assert float(result.value) == pytest.approx(expected, abs=1e-12)
    table = contingency(list(zip(first, second, strict=True)), FOUR)
    statsmodels_result = inter_rater.cohens_kappa(table)
    assert float(result.value) == pytest.approx(statsmodels_result.kappa, abs=1e-12)
    assert result.standard_error == pytest.approx(statsmodels_result.std_kappa, abs=1e-12)
    if result.interval is not None:
        assert result.interval.low == pytest.approx(max(-1, statsmodels_result.kappa_low))
        assert result.interval.high == pytest.approx(min(1, statsmodels_result.kappa_upp))


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("markers", [2, 3, 5])
def test_fleiss_and_ac1_match_statsmodels_and_irrcac(
    seed: int, markers: int, inter_rater: Any, irrcac: Callable[..., Any]
) -> None:
    ratings = _markings(seed, markers, 8 + seed * 2, [80, 10, 4, 6])
    counts = rating_counts(ratings, FOUR)
    fleiss = fleiss_kappa(counts)
    ac1 = gwet_ac1(counts)
    assert fleiss.value is not None and ac1.value is not None
    assert float(fleiss.value) == pytest.approx(inter_rater.fleiss_kappa(counts), abs=1e-12)
    expected_fleiss = irrcac(ratings, FOUR).fleiss()["est"]
    expected_ac1 = irrcac(ratings, FOUR).gwet()["est"]
    assert float(fleiss.value) == pytest.approx(expected_fleiss["coefficient_value"], abs=1e-9)
    assert fleiss.standard_error == pytest.approx(expected_fleiss["se"], abs=1e-9)
    assert float(ac1.value) == pytest.approx(expected_ac1["coefficient_value"], abs=1e-9)
    assert ac1.standard_error == pytest.approx(expected_ac1["se"], abs=1e-9)
    assert float(ac1.chance or 0) == pytest.approx(expected_ac1["pe"], abs=1e-9)


def test_binary_ac1_matches_irrcac_on_two_categories(irrcac: Callable[..., Any]) -> None:
    ratings = [
        ["Yes" if value != "insufficient" else "No" for value in case]
        for case in _markings(7, 2, 30, [85, 10, 3, 2])
    ]
    ac1 = gwet_ac1(rating_counts(ratings, ["Yes", "No"]))
    expected = irrcac(ratings, ("Yes", "No")).gwet()["est"]
    assert ac1.value is not None
    assert float(ac1.value) == pytest.approx(expected["coefficient_value"], abs=1e-9)
    assert ac1.standard_error == pytest.approx(expected["se"], abs=1e-9)
