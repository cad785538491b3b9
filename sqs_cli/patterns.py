"""Regular expressions compiled on first use, not at import.

`sqs score` on one workbook starts in about 100 ms, and compiling the reading and date
patterns at import took 8 ms of it, for patterns most runs never use (a formula scan, a
typed date). `lazy(...)` gives a function returning the compiled pattern, compiled once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import AnyStr


def lazy(pattern: AnyStr, flags: int = 0) -> Callable[[], re.Pattern[AnyStr]]:
    """A function returning re.compile(pattern, flags), compiled on its first call."""
    return functools.cache(lambda: re.compile(pattern, flags))
