"""`sqs sample`, the pure core: how many cases to mark, how many from each stratum, which.

The draw is reproducible everywhere without depending on Python's `random`, whose
algorithms may change between versions: each case's place in the draw is the SHA-256
digest of the seed and its case ID (`sqs-sample/1`, a newline, the seed, a newline, the
ID, in UTF-8), and a stratum's sample is its cases with the smallest digests. SHA-256 is
fixed by FIPS 180-4, so the same seed and list give the same sample on every machine and
Python version; and, as a digest looks like a uniform random number, every set of k cases
of a stratum is equally likely to be drawn. A case keeps its digest whatever the order of
the list or what else is on it: a list exported in another order gives the same sample.

The stratum sizes are proportional to the strata, by largest remainders (Hamilton's
method), with at least one case from each stratum when the sample has room for one from
each; everything is counted in exact fractions.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from sqs_cli.wording import counted

ALGORITHM = "sqs-sample/1"
# A stratum key for a case whose stratum cell is empty.
BLANK = "(blank)"

Stratum = tuple[str, ...]


class SamplingError(ValueError):
    """The sample asked for cannot be drawn from the list (a usage error)."""


class SizeRule(NamedTuple):
    """How many cases: `--size N`, or `--fraction F` with `--min M`."""

    size: int | None = None
    fraction: Fraction | None = None
    minimum: int = 0
    # The fraction as the user typed it, for the record ("0.2").
    fraction_text: str | None = None

    def size_for(self, population: int) -> int:
        """The sample size for a population; SamplingError when it cannot be drawn."""
        if self.size is not None:
            if self.size > population:
                raise SamplingError(
                    f"--size {self.size} is larger than the population: the list has "
                    f"{counted(population, 'case')} to sample from"
                )
            return self.size
        if self.fraction is None:
            raise SamplingError("give --size N, or --fraction F (with --min M)")
        # A fifth of 101 cases is 21 cases, not 20: never fewer than the fraction asks.
        share = math.ceil(self.fraction * population)
        return min(population, max(share, self.minimum))

    def describe(self, population: int, size: int) -> str:
        if self.size is not None:
            return f"{counted(size, 'case')} (--size {self.size}) of {population}"
        fraction = self.fraction_text or str(self.fraction)
        rule = f"--fraction {fraction} of {population}, rounded up"
        if self.minimum:
            rule += f", at least {self.minimum}"
        if size == population and self.minimum > math.ceil((self.fraction or 0) * population):
            rule += " (every case: the list has no more)"
        return f"{counted(size, 'case')} ({rule})"


class Case(NamedTuple):
    """A case of the list as the draw sees it: its ID, its stratum, its place in the list."""

    case_id: str
    stratum: Stratum = ()


class StratumDraw(NamedTuple):
    stratum: Stratum
    population: int
    # The stratum's exact proportional share of the sample, before rounding.
    quota: Fraction
    sample: int


class Draw(NamedTuple):
    """A drawn sample and everything that reproduces and explains it."""

    seed: int
    rule: str
    population: int
    strata: tuple[StratumDraw, ...]
    # The sampled case IDs, in the order of the list.
    chosen: tuple[str, ...]
    # How many cases of the list were left out by --exclude-ids before the draw.
    excluded: int = 0

    @property
    def size(self) -> int:
        return len(self.chosen)

    @property
    def strata_without_cases(self) -> list[Stratum]:
        return [draw.stratum for draw in self.strata if draw.sample == 0]


def digest(seed: int, case_id: str) -> bytes:
    """A case's place in the draw for a seed: the smaller, the earlier it is drawn."""
    return hashlib.sha256(f"{ALGORITHM}\n{seed}\n{case_id}".encode()).digest()


def allocate(populations: Mapping[Stratum, int], size: int) -> dict[Stratum, StratumDraw]:
    """Each stratum's share of size, proportional to its population, by largest
    remainders; at least one case each when size allows one from every stratum.

    A stratum whose share is under one case gets one, and the rest of the sample is
    shared again among the others, until every other share is at least one. Equal
    remainders go to the larger stratum, then to the stratum first in sorted order.
    """
    strata = sorted(populations)
    total = sum(populations.values())
    if not 0 <= size <= total:
        raise SamplingError(f"a sample of {size} cannot be drawn from {total}")
    at_least_one = 0 < len(strata) <= size
    fixed: set[Stratum] = set()
    while True:
        free = [stratum for stratum in strata if stratum not in fixed]
        remaining = size - len(fixed)
        free_total = sum(populations[stratum] for stratum in free)
        quotas = {
            stratum: Fraction(remaining * populations[stratum], free_total) for stratum in free
        }
        below_one = {stratum for stratum in free if quotas[stratum] < 1}
        if not (at_least_one and below_one):
            break
        fixed |= below_one
    shares = {stratum: math.floor(quota) for stratum, quota in quotas.items()}
    by_remainder = sorted(
        free,
        key=lambda stratum: (
            -(quotas[stratum] - shares[stratum]),
            -populations[stratum],
            stratum,
        ),
    )
    for stratum in by_remainder[: remaining - sum(shares.values())]:
        shares[stratum] += 1
    shares.update(dict.fromkeys(fixed, 1))
    proportional = {
        stratum: Fraction(size * populations[stratum], total) if total else Fraction(0)
        for stratum in strata
    }
    allocation = {
        stratum: StratumDraw(stratum, populations[stratum], proportional[stratum], shares[stratum])
        for stratum in strata
    }
    # Guaranteed by the arithmetic above (tests/test_sampling.py checks it widely).
    assert sum(shares.values()) == size
    assert all(shares[stratum] <= populations[stratum] for stratum in strata)
    return allocation


def draw(
    cases: Sequence[Case], rule: SizeRule, seed: int, *, excluded_ids: frozenset[str] = frozenset()
) -> Draw:
    """The sample of a case list (unique IDs) for a seed: cases in excluded_ids are left out
    first; SamplingError when the rule asks for more cases than are left."""
    population = [case for case in cases if case.case_id not in excluded_ids]
    if not population:
        raise SamplingError("no case is left to sample from")
    size = rule.size_for(len(population))
    by_stratum: dict[Stratum, list[Case]] = {}
    for case in population:
        by_stratum.setdefault(case.stratum, []).append(case)
    allocation = allocate({stratum: len(group) for stratum, group in by_stratum.items()}, size)
    chosen: set[str] = set()
    for stratum, group in by_stratum.items():
        ranked = sorted(group, key=lambda case: digest(seed, case.case_id))
        chosen.update(case.case_id for case in ranked[: allocation[stratum].sample])
    return Draw(
        seed=seed,
        rule=rule.describe(len(population), size),
        population=len(population),
        strata=tuple(allocation.values()),
        chosen=tuple(case.case_id for case in population if case.case_id in chosen),
        excluded=len(cases) - len(population),
    )
