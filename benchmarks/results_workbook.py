"""What the results workbook costs next to `--format json`, measured side by side (issue 16).

Usage: python benchmarks/results_workbook.py [--reps N] [--batch-reps N] [--src DIR]
       [--out DIR] [--floor]

Goals (issue 16, section 2): `sqs score WORKBOOK -o results.xlsx` takes at most 1.3 times
`sqs score WORKBOOK -o results.json` for one workbook (sample_data/coventry-2016.xlsx), and
at most 1.5 times over 300 workbooks (the first 300 of benchmarks/generate.py's batch,
written to --out on first use). Each command is a new process timed from spawn to exit,
the two formats interleaved (json, xlsx, json, xlsx...) after a warm-up run of each, so
that a change in the machine's load hits both alike; the ratio of the medians is the
contract, never an absolute time; the same ratio in CPU time (user + system, worker
processes included) is shown beside it, as it moves less when other work shares the
machine. Also shown, for the choice of library: the time to
import openpyxl and XlsxWriter in a new process, against an empty `python -c pass`.

--floor measures instead, in this process (scoring with --jobs 2 as `sqs score` does on
two CPUs, then writing), how near the goal any XlsxWriter workbook of the batch can come:
JSON; the two tables that grow with a batch (Summary and Criteria) written value by value
with no format, width or other sheet (the least XlsxWriter can do with that content); the
same fed to XlsxWriter as each workbook's result arrives, while the workers still read
(overlap); and the real results workbook. Each ratio is over scoring plus JSON.

--src DIR runs `python -m sqs_cli` from another source tree (PYTHONPATH=DIR), to measure
an older sqs (such as main before issue 16) with the same Python and packages.
Exit status: 0 when both goals pass, 1 when one fails, 2 when a command fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SAMPLE = REPO / "sample_data" / "coventry-2016.xlsx"
BATCH = 300
GOALS = {"one": 1.3, "batch": 1.5}

sys.path.insert(0, str(HERE))
from generate import DEFAULT_SEED, sqs_2016_questions, write_batch_workbook  # noqa: E402


def batch_folder(out: Path) -> Path:
    """The first 300 workbooks of the benchmark batch, generated once and kept."""
    folder = out / f"results-batch-{BATCH}"
    if len(list(folder.glob("*.xlsx"))) == BATCH:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    questions = sqs_2016_questions()
    for index in range(BATCH):
        write_batch_workbook(folder, index, DEFAULT_SEED, questions)
    return folder


def environment(src: Path | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "SOURCE_DATE_EPOCH"}
    }
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time from spawn to exit, and CPU time (user + system, workers included)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    message = process.stderr.read().decode(errors="replace").strip()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"results_workbook.py: {' '.join(argv)} failed: {message}")
    return elapsed, usage.ru_utime + usage.ru_stime


def interleaved(
    commands: dict[str, list[str]], reps: int, env: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """The median wall and CPU time of each command, run reps times in turn after one
    warm-up run each."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for argv in commands.values():
        run(argv, env)
    for _ in range(reps):
        for name, argv in commands.items():
            times[name].append(run(argv, env))
    return {
        name: (
            statistics.median(wall for wall, _ in values),
            statistics.median(cpu for _, cpu in values),
        )
        for name, values in times.items()
    }


def floor(out: Path, reps: int) -> int:
    """The in-process comparison of --floor (see the module's docstring)."""
    import io

    import xlsxwriter

    from sqs_cli.api import score_workbooks
    from sqs_cli.framework import load_builtin
    from sqs_cli.results import Report, WorkbookResult
    from sqs_cli.safe_text import xml_safe
    from sqs_cli.writers import OutputOptions, render
    from sqs_cli.writers import xlsx as results_xlsx

    framework = load_builtin("sqs-2016")
    paths = sorted(batch_folder(out).glob("*.xlsx"))
    options = OutputOptions()

    class BareTables:
        """Summary and Criteria rows, values only, as each workbook's result comes."""

        def __init__(self) -> None:
            self.book = xlsxwriter.Workbook(
                io.BytesIO(), {"in_memory": True, "strings_to_formulas": False}
            )
            self.sheets = [self.book.add_worksheet("Summary"), self.book.add_worksheet("Criteria")]
            self.next_rows = [1, 1]

        def add(self, workbook: WorkbookResult) -> None:
            one = Report(framework, (workbook,), workbook)
            tables = (results_xlsx._batch_rows(one), results_xlsx._criteria_rows(one))
            for index, rows in enumerate(tables):
                sheet, number = self.sheets[index], self.next_rows[index]
                for row in rows:
                    for column, value in enumerate(row.values):
                        if isinstance(value, str):
                            sheet.write_string(number, column, xml_safe(value))
                        elif value is not None:
                            sheet.write_number(number, column, value)
                    number += 1
                self.next_rows[index] = number

    def as_json() -> None:
        render("json", score_workbooks(paths, framework, jobs=2), options)

    def bare_after() -> None:
        tables = BareTables()
        for workbook in score_workbooks(paths, framework, jobs=2).workbooks:
            tables.add(workbook)
        tables.book.close()

    def bare_overlapped() -> None:
        tables = BareTables()
        score_workbooks(paths, framework, jobs=2, on_result=tables.add)
        tables.book.close()

    def results_workbook() -> None:
        report = score_workbooks(paths, framework, jobs=2)
        render("xlsx", report, options)

    steps = {
        "scoring + JSON": as_json,
        "scoring + the two batch tables, values only": bare_after,
        "the same, written while the workers read": bare_overlapped,
        "scoring + the results workbook": results_workbook,
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    for step in steps.values():
        step()
    for _ in range(reps):
        for name, step in steps.items():
            started = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - started)
    baseline = statistics.median(times["scoring + JSON"])
    print(f"| {BATCH} workbooks, in one process | median | over scoring + JSON |")
    print("|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.3f} s | {median / baseline:.2f} |")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15, help="runs of each one-workbook command")
    parser.add_argument("--batch-reps", type=int, default=5, help="runs of each batch command")
    parser.add_argument("--src", type=Path, help="run sqs from this source tree")
    parser.add_argument("--out", type=Path, default=HERE / ".data", help="generated inputs")
    parser.add_argument("--floor", action="store_true", help="the in-process floor instead")
    args = parser.parse_args()
    if args.floor:
        return floor(args.out, args.batch_reps)
    env = environment(args.src)
    scratch = args.out / "results-workbook-outputs"
    scratch.mkdir(parents=True, exist_ok=True)
    sqs = [sys.executable, "-m", "sqs_cli"]
    imports = interleaved(
        {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import openpyxl": [sys.executable, "-c", "import openpyxl"],
            "import xlsxwriter": [sys.executable, "-c", "import xlsxwriter"],
        },
        args.reps,
        env,
    )
    inputs = {"one": [str(SAMPLE)], "batch": [str(batch_folder(args.out))]}
    print("| input | -o results.json | -o results.xlsx | ratio | CPU ratio | goal | result |")
    print("|---|---|---|---|---|---|---|")
    passed = True
    for name, paths in inputs.items():
        commands = {
            suffix: [*sqs, "score", *paths, "-q", "--force", "-o", str(scratch / f"{name}{suffix}")]
            for suffix in (".json", ".xlsx")
        }
        medians = interleaved(commands, args.reps if name == "one" else args.batch_reps, env)
        (json_wall, json_cpu), (xlsx_wall, xlsx_cpu) = medians[".json"], medians[".xlsx"]
        ratio = xlsx_wall / json_wall
        goal = GOALS[name]
        passed = passed and ratio <= goal
        label = SAMPLE.name if name == "one" else f"{BATCH} workbooks"
        print(
            f"| {label} | {json_wall:.3f} s | {xlsx_wall:.3f} s | {ratio:.2f} "
            f"| {xlsx_cpu / json_cpu:.2f} | <= {goal} | {'PASS' if ratio <= goal else 'FAIL'} |",
            flush=True,
        )
    print()
    print("| import, in a new process | median | over `python -c pass` |")
    print("|---|---|---|")
    baseline = imports["python -c pass"][0]
    for name, (seconds, _) in imports.items():
        print(f"| `{name}` | {seconds:.3f} s | {seconds - baseline:+.3f} s |")
    try:
        import numpy  # noqa: F401

        print("\nnumpy is installed: openpyxl imports it.")
    except ImportError:
        print("\nnumpy is not installed here: openpyxl's import would cost more with it.")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
