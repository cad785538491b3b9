"""Profile `sqs score` in one process, on a benchmark batch, the big workbook or its CSV.

Usage: python benchmarks/profile_sqs.py {batch,batch-300,big,csv,sample}
       [--tool pyinstrument|cprofile] [--top 30] [--out benchmarks/.data]

Runs `sqs score INPUT --format json --jobs 1` through sqs's own entry point under the
profiler (output to /dev/null), then prints:

- pyinstrument (sampling, default): the call tree, and the functions by self time and
  by total time;
- cprofile (deterministic, slows Python-heavy code more than calls into Rust): the top
  functions by cumulative and by own time.

`--jobs 1` keeps all the work in this process, where the profiler sees it.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import DEFAULT_OUT, generate  # noqa: E402

REPO = HERE.parent


def score_arguments(target: str, out: Path) -> list[str]:
    data = generate(out)
    inputs = {
        "batch": [str(data.batch)],
        "batch-300": [str(data.smaller_batch)],
        "big": [str(data.big), "--framework", str(data.big_framework)],
        "csv": [str(data.big_csv), "--framework", str(data.big_framework)],
        "sample": [str(REPO / "sample_data" / "coventry-2016.xlsx")],
    }[target]
    return ["score", *inputs, "--format", "json", "--jobs", "1"]


def run_sqs(arguments: list[str]) -> None:
    from sqs_cli.cli import main

    sys.argv = ["sqs", *arguments]
    with (
        Path(os.devnull).open("w") as sink,
        contextlib.redirect_stdout(sink),
        contextlib.redirect_stderr(io.StringIO()),
        contextlib.suppress(SystemExit),
    ):
        main()


def with_pyinstrument(arguments: list[str], top: int) -> None:
    from pyinstrument import Profiler
    from pyinstrument.renderers import ConsoleRenderer

    profiler = Profiler(interval=0.001)
    profiler.start()
    run_sqs(arguments)
    session = profiler.stop()
    print(ConsoleRenderer(unicode=False, color=False, short_mode=False).render(session))
    for mode in ("self", "total"):
        renderer = ConsoleRenderer(
            flat=True, flat_time=mode, show_all=True, unicode=False, color=False
        )
        lines = renderer.render(session).splitlines()
        # Skip the banner: the listing starts after the "Profile at" line.
        start = next(i for i, line in enumerate(lines) if line.startswith("Profile at")) + 2
        print(f"--- functions by {mode} time, seconds (top {top}) ---")
        listing = [line for line in lines[start:] if "profile_sqs.py" not in line]
        print("\n".join(listing[:top]))


def with_cprofile(arguments: list[str], top: int) -> None:
    profile = cProfile.Profile()
    profile.enable()
    run_sqs(arguments)
    profile.disable()
    for key in ("cumulative", "tottime"):
        print(f"--- by {key} (top {top}) ---")
        stats = pstats.Stats(profile, stream=sys.stdout).strip_dirs().sort_stats(key)
        stats.print_stats(top)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=("batch", "batch-300", "big", "csv", "sample"))
    parser.add_argument("--tool", choices=("pyinstrument", "cprofile"), default="pyinstrument")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="generated data")
    args = parser.parse_args(argv)
    arguments = score_arguments(args.target, args.out)
    if args.tool == "pyinstrument":
        with_pyinstrument(arguments, args.top)
    else:
        with_cprofile(arguments, args.top)


if __name__ == "__main__":
    main()
