"""The table format over a large batch renders in time linear in the workbooks, like JSON.

Usage: python benchmarks/table_batch.py [--sizes 1000,2500,5000,10000] [--repeat 3]

Reading is left out, so that only the writers are measured: the Coventry sample is scored
once, and reports of N workbooks are built from copies of its result, each with its own
path and area (one in ten unreadable, as a real batch has some). For each N the table
writer (`--format table` to a file or pipe, no colour, 80 columns) and the JSON writer
(`--format json`) render the same report, interleaved, best of --repeat runs.

Printed: each writer's time per workbook, and table over JSON. Linear time shows as a
flat ratio and a flat cost per workbook as N grows tenfold; a writer that walked its rows
again for every row would double its cost per workbook each time N doubles.
Exit status: 1 when the table's cost per workbook at the largest N is more than 1.5 times
its cost at the smallest (not linear), else 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys
import time
from pathlib import Path

from sqs_cli.api import score_workbook
from sqs_cli.framework import load_builtin
from sqs_cli.problems import problem
from sqs_cli.results import Report, WorkbookResult
from sqs_cli.scoring import build_report, unreadable_result
from sqs_cli.writers import OutputOptions, write_to

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "coventry-2016.xlsx"


def batch(one: WorkbookResult, size: int) -> Report:
    framework = load_builtin()
    workbooks = []
    for index in range(size):
        path = f"audits/region-{index % 9}/audit-{index:05}.xlsx"
        if index % 10 == 9:
            failure = problem("corrupt-workbook", "the workbook is damaged", file=path)
            workbooks.append(unreadable_result(path, failure))
        else:
            inspection = dict(one.inspection, Area=f"Area {index % 97}")
            workbooks.append(dataclasses.replace(one, path=path, inspection=inspection))
    return build_report(framework, workbooks)


def render_seconds(format_name: str, report: Report) -> float:
    stream = io.StringIO()
    start = time.perf_counter()
    write_to(format_name, report, stream, OutputOptions(color=False, width=80))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2500,5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args(argv)
    sizes = [int(size) for size in arguments.sizes.split(",")]
    one = score_workbook(SAMPLE, load_builtin())
    # The first render of each pays for the writers' imports.
    small = batch(one, 10)
    render_seconds("table", small)
    render_seconds("json", small)
    print(f"{'workbooks':>10} {'table µs/wb':>12} {'json µs/wb':>11} {'table/json':>11}")
    per_workbook = []
    for size in sizes:
        report = batch(one, size)
        best = {"table": float("inf"), "json": float("inf")}
        for _ in range(arguments.repeat):
            for name in ("table", "json"):
                best[name] = min(best[name], render_seconds(name, report))
        table, json = best["table"] / size * 1e6, best["json"] / size * 1e6
        per_workbook.append(table)
        print(f"{size:>10} {table:>12.1f} {json:>11.1f} {table / json:>11.2f}")
    growth = per_workbook[-1] / per_workbook[0]
    print(f"table's cost per workbook, largest over smallest batch: {growth:.2f}")
    return 0 if growth <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
