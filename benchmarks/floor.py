"""How far below issue 12's per-workbook goal the work it requires already lies.

Usage: python benchmarks/floor.py [--count N] [--reps N] [--out DIR]

Issue 12 asks for `sqs score` (--jobs 1) to cost at most 1.5 times a bare python-calamine
script per workbook (benchmarks/raw_calamine.py: open, read the Cases sheet, count). The
same issue also requires, for every workbook, checks made before python-calamine
allocates (section 2: extents, cell counts, declared counts, formulas for summary rows,
hidden rows), and sqs reads the Inspection sheet that every output names. This script
times, in one process, over the first N workbooks of benchmarks/generate.py's batch:

  raw       the raw script's read and count of one workbook (the goal's baseline)
  + sheet   the same, and the Inspection sheet read as well
  + checks  the same, and sqs's checks before allocating (reading.preflight)
  sqs       api.score_workbook in this process (no worker), and its JSON encoded

The ratio of "+ checks" to "raw" is the least any sqs that does what issues 12 and 14
require can reach with python-calamine: when it is over 1.5, so is sqs, whatever else is
made faster. Medians of --reps passes; a pass over N workbooks each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import DEFAULT_SEED, sqs_2016_questions, write_batch_workbook  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402
from raw_calamine import count_workbook  # noqa: E402

from sqs_cli.api import score_workbook  # noqa: E402
from sqs_cli.framework import load_builtin  # noqa: E402
from sqs_cli.reading.preflight import preflight  # noqa: E402
from sqs_cli.reading.source import open_source  # noqa: E402
from sqs_cli.scoring import build_report  # noqa: E402
from sqs_cli.settings import Limits  # noqa: E402
from sqs_cli.writers import OutputOptions, render  # noqa: E402


def batch(out: Path, count: int) -> list[Path]:
    folder = out / f"floor-batch-{count}"
    paths = sorted(folder.glob("*.xlsx"))
    if len(paths) == count:
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    questions = sqs_2016_questions()
    for index in range(count):
        write_batch_workbook(folder, index, DEFAULT_SEED, questions)
    return sorted(folder.glob("*.xlsx"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300, help="workbooks in a pass")
    parser.add_argument("--reps", type=int, default=5, help="passes of each step")
    parser.add_argument("--out", type=Path, default=HERE / ".data", help="generated inputs")
    args = parser.parse_args()
    paths = batch(args.out, args.count)
    framework = load_builtin("sqs-2016")
    ids = {question.id.casefold(): question.id for question in framework.questions}
    limits = Limits()

    def raw(path: Path) -> None:
        count_workbook(path, ids)

    def with_sheet(path: Path) -> None:
        count_workbook(path, ids)
        CalamineWorkbook.from_path(path).get_sheet_by_name("Inspection").to_python()

    def with_checks(path: Path) -> None:
        with open_source(path, str(path), limits) as source:
            preflight(source, limits)
        with_sheet(path)

    def sqs(path: Path) -> None:
        report = build_report(framework, [score_workbook(path, framework)])
        render("json", report, OutputOptions())

    steps: dict[str, Callable[[Path], None]] = {
        "raw": raw,
        "+ sheet": with_sheet,
        "+ checks": with_checks,
        "sqs": sqs,
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    for step in steps.values():
        for path in paths[:10]:
            step(path)
    for _ in range(args.reps):
        for name, step in steps.items():
            started = time.perf_counter()
            for path in paths:
                step(path)
            times[name].append((time.perf_counter() - started) / len(paths))
    floor = statistics.median(times["raw"])
    print("| step | per workbook | over raw |")
    print("|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median * 1000:.2f} ms | {median / floor:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
