"""Settings the command line shows before anything is read: kept free of heavy imports,
so that `sqs --version` and `sqs --help` start fast."""

from __future__ import annotations

from typing import Literal, NamedTuple

DEFAULT_FRAMEWORK = "sqs-2016"

# What makes `sqs score` exit 1 besides errors: any area requiring improvement, or any
# criterion in the lowest band.
FailOn = Literal["never", "improvement", "inadequate"]
FAIL_ON_CHOICES: tuple[FailOn, ...] = ("never", "improvement", "inadequate")

MB = 1024 * 1024


class Limits(NamedTuple):
    """Sizes no real marking workbook reaches; anything bigger is refused, not parsed.

    Each limit has a command-line option to raise it (`--max-...`); the messages name it.
    """

    max_file_bytes: int = 200 * MB
    max_uncompressed_bytes: int = 512 * MB
    max_compression_ratio: int = 1000
    # Small parts of real workbooks (a sheet of formatted empty rows) compress extremely
    # well; the ratio only matters once the expanded size could hurt.
    ratio_applies_above_bytes: int = 16 * MB
    # A sheet is read as a dense grid up to its last cell: one value at XFD1048576 asks
    # for 17 billion cells. A regional dataset of 100,000 cases by 40 questions (and a few
    # descriptive columns) stays inside these; a marking sample has 15 to 60 cases.
    max_rows: int = 250_000
    max_columns: int = 2_000
    max_cells: int = 5_000_000
    # Memory a reading worker may take above what it has at start (where the system can
    # cap it: docs/security.md). A marking sample needs a few MB; reading a regional
    # dataset of 100,000 cases by 40 questions peaks at about 600 MB.
    max_memory_bytes: int = 4096 * MB


class ReadOptions(NamedTuple):
    """How workbooks are read, as the command line sets it."""

    limits: Limits = Limits()
    # The sheets to read as cases sheets (`--sheet`); empty: every sheet that is one.
    sheets: tuple[str, ...] = ()
    # Leave hidden, filtered and grouped rows and hidden columns out (`--skip-hidden`).
    skip_hidden: bool = False
    # Quote cell text in messages even where it may be free text (`--show-values`).
    show_values: bool = False
    # Keep a fingerprint of each case (its ID and marks), in memory only, to find the same
    # case in two workbooks of a run: set for a run of several workbooks.
    case_keys: bool = False
