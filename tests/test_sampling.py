"""The sample's size, its allocation to strata, and the draw: exact and reproducible."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqs_cli.sampling import (
    Case,
    SamplingError,
    SizeRule,
    allocate,
    digest,
    draw,
)
from tests.conftest import REPO

FIFTH = SizeRule(fraction=Fraction(1, 5), minimum=20, fraction_text="0.2")


@pytest.mark.parametrize(
    ("population", "size"), [(118, 24), (101, 21), (100, 20), (50, 20), (12, 12), (1, 1)]
)
def test_a_fifth_at_least_twenty(population: int, size: int) -> None:
    assert FIFTH.size_for(population) == size


def test_a_size_larger_than_the_population_is_refused() -> None:
    with pytest.raises(SamplingError) as caught:
        SizeRule(size=30).size_for(25)
    assert str(caught.value) == (
        "--size 30 is larger than the population: the list has 25 cases to sample from"
    )


def test_the_rule_in_words() -> None:
    assert FIFTH.describe(118, 24) == "24 cases (--fraction 0.2 of 118, rounded up, at least 20)"
    assert FIFTH.describe(12, 12) == (
        "12 cases (--fraction 0.2 of 12, rounded up, at least 20 (every case: the list has "
        "no more))"
    )
    assert SizeRule(size=5).describe(40, 5) == "5 cases (--size 5) of 40"


def _shares(populations: dict[tuple[str, ...], int], size: int) -> dict[str, int]:
    return {key[0]: value.sample for key, value in allocate(populations, size).items()}


def test_largest_remainders_worked_example() -> None:
    """50, 30 and 20 cases, a sample of 7: quotas 3.5, 2.1 and 1.4; the floors 3, 2 and 1
    leave one case, which goes to the largest remainder (0.5)."""
    allocation = allocate({("A",): 50, ("B",): 30, ("C",): 20}, 7)
    assert [a.quota for a in allocation.values()] == [
        Fraction(7, 2),
        Fraction(21, 10),
        Fraction(7, 5),
    ]
    assert _shares({("A",): 50, ("B",): 30, ("C",): 20}, 7) == {"A": 4, "B": 2, "C": 1}


def test_exact_quotas_are_kept() -> None:
    assert _shares({("A",): 60, ("B",): 30, ("C",): 10}, 20) == {"A": 12, "B": 6, "C": 2}


def test_every_stratum_gets_a_case_when_the_sample_has_room() -> None:
    """95, 3 and 2 cases, a sample of 10: quotas 9.5, 0.3 and 0.2; the two small strata
    get one case each and the large one the other 8."""
    assert _shares({("A",): 95, ("B",): 3, ("C",): 2}, 10) == {"A": 8, "B": 1, "C": 1}


def test_a_sample_smaller_than_the_strata_leaves_some_out() -> None:
    assert _shares({("A",): 95, ("B",): 3, ("C",): 2}, 2) == {"A": 2, "B": 0, "C": 0}


def test_equal_remainders_go_to_the_larger_stratum_then_by_name() -> None:
    # Quotas 0.4, 1.4 and 0.2 (fewer cases than strata): A and B have equal remainders,
    # the larger stratum has the case.
    assert _shares({("A",): 2, ("B",): 7, ("C",): 1}, 2) == {"A": 0, "B": 2, "C": 0}
    # Quotas 0.5, 0.5 and 1: equal remainders and strata, the first by name.
    assert _shares({("A",): 10, ("B",): 10, ("C",): 20}, 2) == {"A": 1, "B": 0, "C": 1}
    assert _shares({("A",): 10, ("B",): 10}, 1) == {"A": 1, "B": 0}


@settings(max_examples=400, deadline=None)
@given(
    populations=st.lists(st.integers(min_value=1, max_value=300), min_size=1, max_size=12),
    data=st.data(),
)
def test_allocation_properties(populations: list[int], data: st.DataObject) -> None:
    strata = {(f"S{index:02d}",): population for index, population in enumerate(populations)}
    size = data.draw(st.integers(min_value=0, max_value=sum(populations)))
    allocation = allocate(strata, size)
    shares = [allocation[key].sample for key in strata]
    assert sum(shares) == size
    assert all(0 <= share <= strata[key] for share, key in zip(shares, strata, strict=True))
    if len(strata) <= size:
        assert min(shares) >= 1
    else:
        # Hamilton's quota rule: each share is its quota rounded down or up.
        for key in strata:
            quota = allocation[key].quota
            assert quota - 1 < allocation[key].sample < quota + 1


# --- The draw ----------------------------------------------------------------------------

CASES = [
    Case(f"C{number:03d}", ("Referral order" if number % 3 else "YRO",)) for number in range(1, 61)
]
# Drawn once with seed 2026 and recorded: the same seed and list must give these cases on
# every machine and Python version (CI runs 3.11 to 3.13).
SEED_2026_SAMPLE = (
    "C007", "C008", "C011", "C021", "C030", "C031", "C039", "C040", "C048", "C049",
    "C053", "C056",
)  # fmt: skip


def test_the_recorded_draw_is_drawn_again() -> None:
    result = draw(CASES, SizeRule(size=12), 2026)
    assert result.chosen == SEED_2026_SAMPLE
    assert [(s.stratum, s.population, s.sample) for s in result.strata] == [
        (("Referral order",), 40, 8),
        (("YRO",), 20, 4),
    ]


def test_the_draw_is_the_smallest_sha256_digests_of_each_stratum() -> None:
    """The documented algorithm, computed here with hashlib alone."""
    result = draw(CASES, SizeRule(size=12), 2026)
    for stratum, share in (("Referral order", 8), ("YRO", 4)):
        ids = [case.case_id for case in CASES if case.stratum == (stratum,)]
        ranked = sorted(
            ids, key=lambda i: hashlib.sha256(f"sqs-sample/1\n2026\n{i}".encode()).hexdigest()
        )
        assert {i for i in result.chosen if i in ids} == set(ranked[:share])
    assert digest(2026, "C002") == hashlib.sha256(b"sqs-sample/1\n2026\nC002").digest()


def test_the_order_of_the_list_does_not_change_the_sample() -> None:
    shuffled = list(CASES)
    random.Random(1).shuffle(shuffled)
    assert set(draw(shuffled, SizeRule(size=12), 2026).chosen) == set(SEED_2026_SAMPLE)


def test_another_seed_gives_another_sample() -> None:
    assert draw(CASES, SizeRule(size=12), 2027).chosen != SEED_2026_SAMPLE


def test_excluded_cases_are_never_drawn() -> None:
    excluded = frozenset(SEED_2026_SAMPLE[:6])
    result = draw(CASES, SizeRule(size=12), 2026, excluded_ids=excluded)
    assert result.excluded == 6 and result.population == 54
    assert not excluded & set(result.chosen)
    assert len(result.chosen) == 12


def test_the_draw_is_the_same_in_a_fresh_interpreter_whatever_its_hash_seed() -> None:
    """String hashing is randomised per process: nothing in the draw may depend on it."""
    script = (
        "from sqs_cli.sampling import Case, SizeRule, draw\n"
        "cases = [Case(f'C{n:03d}', ('Referral order' if n % 3 else 'YRO',)) "
        "for n in range(1, 61)]\n"
        "print(','.join(draw(cases, SizeRule(size=12), 2026).chosen))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        ).stdout.strip()
        for hash_seed in ("0", "1", "12345")
    }
    assert outputs == {",".join(SEED_2026_SAMPLE)}


def test_nothing_left_to_sample() -> None:
    with pytest.raises(SamplingError, match="no case is left"):
        draw(CASES[:2], SizeRule(size=1), 1, excluded_ids=frozenset({"C001", "C002"}))
