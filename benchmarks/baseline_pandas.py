"""The plain script issue 7 compares sqs with: pandas.read_excel(engine="openpyxl") and counting.

Usage: python benchmarks/baseline_pandas.py PATH... [--framework FILE.toml] [--per-workbook]

PATH is a workbook or a folder of them (searched recursively for .xlsx). For each
workbook it reads the `Cases` sheet with pandas and openpyxl, finds the header row (the
first of 20 with a `Case ID` cell), takes the columns headed by a question ID of the
framework, and counts Yes, No, Not done and N/A per question over the rows that have a
case ID, as `sqs score` counts them: a blank cell is "unmarked", anything else
"invalid". It prints the totals as JSON (and each workbook's with --per-workbook), in
the names of sqs's JSON report.

This is what a careful analyst would write with pandas, not a straw man: the counting is
vectorised; the cost is in the reading.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd
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


def first_token(value: Any) -> str:
    tokens = str(value).split()
    return tokens[0].rstrip(TOKEN_TRIM).casefold() if tokens else ""


def count_workbook(path: Path, ids: dict[str, str]) -> tuple[int, Counts]:
    """(cases, counts per question) of one workbook."""
    # keep_default_na=False: by default pandas reads the text "N/A" (a judgement!) as NaN.
    frame = pd.read_excel(
        path, sheet_name="Cases", header=None, engine="openpyxl", keep_default_na=False
    )
    folded = frame.head(HEADER_SEARCH_ROWS).map(
        lambda value: " ".join(value.split()).casefold() if isinstance(value, str) else ""
    )
    header_index = int(folded.index[(folded == "case id").any(axis=1)][0])
    id_column = int(folded.columns[folded.loc[header_index] == "case id"][0])
    body = frame.loc[header_index + 1 :]
    case_ids = body[id_column].astype("string").str.strip()
    body = body[case_ids.notna() & (case_ids != "")]
    counts: Counts = {}
    for column, heading in frame.loc[header_index].items():
        question = ids.get(first_token(heading)) if pd.notna(heading) else None
        if question is None or question in counts:
            continue
        text = body[column].astype("string").str.split().str.join(" ").str.casefold()
        names = text.map(JUDGEMENTS).fillna("invalid").astype(object)
        names[text.isna() | (text == "")] = "unmarked"
        found = names.value_counts()
        counts[question] = {name: int(found.get(name, 0)) for name in COUNT_NAMES}
    return len(body), counts


def add(total: Counts, counts: Counts) -> None:
    for question, by_name in counts.items():
        into = total.setdefault(question, dict.fromkeys(COUNT_NAMES, 0))
        for name, count in by_name.items():
            into[name] += count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--framework", type=Path, default=SQS_2016)
    parser.add_argument("--per-workbook", action="store_true")
    args = parser.parse_args(argv)
    ids = {question.casefold(): question for question in question_ids(args.framework)}
    total: Counts = {}
    cases = count = 0
    per_workbook: list[dict[str, Any]] = []
    for path in workbooks(args.paths):
        workbook_cases, counts = count_workbook(path, ids)
        count += 1
        cases += workbook_cases
        add(total, counts)
        if args.per_workbook:
            per_workbook.append({"path": str(path), "cases": workbook_cases, "questions": counts})
    order = {question: index for index, question in enumerate(ids.values())}
    document: dict[str, Any] = {
        "workbooks": count,
        "cases": cases,
        "questions": dict(sorted(total.items(), key=lambda item: order[item[0]])),
    }
    if args.per_workbook:
        document["per_workbook"] = per_workbook
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
