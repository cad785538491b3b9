from __future__ import annotations

import pytest

from sqs_cli.reading.scan_facts import SheetExtent
from sqs_cli.settings import Limits

LIMITS = Limits(max_rows=100, max_columns=10, max_cells=500)


@pytest.mark.parametrize(
    ("extent", "exceeds"),
    [
        (SheetExtent(), False),
        (SheetExtent(rows=100, columns=5, cells=500), False),  # at every limit: allowed
        (SheetExtent(rows=50, columns=10, cells=500), False),
        (SheetExtent(rows=101, columns=1, cells=1), True),
        (SheetExtent(rows=1, columns=11, cells=1), True),
        (SheetExtent(rows=51, columns=10, cells=1), True),  # 510 cells of grid
        (SheetExtent(rows=1, columns=1, cells=501), True),  # one cell written 501 times
    ],
)
def test_an_extent_exceeds_the_limits_only_past_one_of_them(
    extent: SheetExtent, exceeds: bool
) -> None:
    assert extent.exceeds(LIMITS) is exceeds
