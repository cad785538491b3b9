"""The floor of issue 7: bare python-calamine reading and the simplest correct counting.

Usage: python benchmarks/raw_calamine.py PATH... [--jobs N] [--framework FILE.toml]
       [--per-workbook]

For each workbook: `CalamineWorkbook.from_path(p).get_sheet_by_name("Cases").to_python()`
(for a CSV file, its rows as the csv module reads them into lists),
the header row (the first of 20 with a `Case ID` cell), the columns headed by a question
ID of the framework, and per question the count of each value over the rows that have a
case ID; the distinct values are then named as `sqs score` names them. Nothing else: no
Inspection sheet, no checks, no positions of problems. `--jobs N` reads the workbooks in
a multiprocessing pool of N processes. Prints JSON in the shape of baseline_pandas.py.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from baseline_common import (
    COUNT_NAMES,
    HEADER_SEARCH_ROWS,
    JUDGEMENTS,
    SQS_2016,
    TOKEN_TRIM,
    Counts,
    question_ids,
    workbooks,
)
from python_calamine import CalamineWorkbook


def folded(value: Any) -> str:
    return " ".join(value.split()).casefold() if isinstance(value, str) else ""


def name_of(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "unmarked"
    return JUDGEMENTS.get(folded(value), "invalid")


def first_token(value: Any) -> str:
    tokens = str(value).split()
    return tokens[0].rstrip(TOKEN_TRIM).casefold() if tokens else ""


def read_rows(path: Path) -> list[list[Any]]:
    """The Cases sheet's rows; a CSV file's rows, read with the csv module as they are."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return list(csv.reader(stream))
    return CalamineWorkbook.from_path(path).get_sheet_by_name("Cases").to_python()


def count_workbook(path: Path, ids: dict[str, str]) -> tuple[int, Counts]:
    """(cases, counts per question) of one workbook."""
    rows = read_rows(path)
    header_index = next(
        index
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS])
        if any(folded(value) == "case id" for value in row)
    )
    header = rows[header_index]
    id_column = next(index for index, value in enumerate(header) if folded(value) == "case id")
    body = [row for row in rows[header_index + 1 :] if str(row[id_column]).strip()]
    counts: Counts = {}
    for column, heading in enumerate(header):
        question = ids.get(first_token(heading))
        if question is None or question in counts:
            continue
        by_name = dict.fromkeys(COUNT_NAMES, 0)
        for value, count in Counter(row[column] for row in body).items():
            by_name[name_of(value)] += count
        counts[question] = by_name
    return len(body), counts


def add(total: Counts, counts: Counts) -> None:
    for question, by_name in counts.items():
        into = total.setdefault(question, dict.fromkeys(COUNT_NAMES, 0))
        for name, count in by_name.items():
            into[name] += count


_IDS: dict[str, str] = {}


def _count_in_worker(path: Path) -> tuple[int, Counts]:
    return count_workbook(path, _IDS)


def _start_worker(ids: dict[str, str]) -> None:
    _IDS.update(ids)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--framework", type=Path, default=SQS_2016)
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--per-workbook", action="store_true")
    args = parser.parse_args(argv)
    ids = {question.casefold(): question for question in question_ids(args.framework)}
    paths = list(workbooks(args.paths))
    if args.jobs > 1 and len(paths) > 1:
        chunk = max(1, min(16, len(paths) // (args.jobs * 4)))
        with Pool(args.jobs, initializer=_start_worker, initargs=(ids,)) as pool:
            results = pool.map(_count_in_worker, paths, chunksize=chunk)
    else:
        results = [count_workbook(path, ids) for path in paths]
    total: Counts = {}
    for _, counts in results:
        add(total, counts)
    order = {question: index for index, question in enumerate(ids.values())}
    document: dict[str, Any] = {
        "workbooks": len(paths),
        "cases": sum(cases for cases, _ in results),
        "questions": dict(sorted(total.items(), key=lambda item: order[item[0]])),
    }
    if args.per_workbook:
        document["per_workbook"] = [
            {"path": str(path), "cases": cases, "questions": counts}
            for path, (cases, counts) in zip(paths, results, strict=True)
        ]
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
