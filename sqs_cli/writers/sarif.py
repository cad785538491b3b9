"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run of the tool `sqs`; a rule per problem code of the catalogue that occurs (and one
for a rating that fails --fail-on); a result per problem, located at its workbook. A
spreadsheet has no lines, so a cell's row is the region's line and its column the
region's column (`F7`: line 7, column 6), which is how code scanning places and tells
apart the alerts of one file; the message starts with the cell as Excel names it. Each
result has a fingerprint of its file, cell and code, so that an alert is the same alert
from one run to the next. Failing ratings are notes: the exit code fails the build. A
workbook's overall rating (HMIP's frameworks) is an informational result, not a problem.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from sqs_cli import __version__
from sqs_cli.figures import overall_text
from sqs_cli.problems import CATALOGUE, Problem, Severity
from sqs_cli.results import Report
from sqs_cli.safe_text import write_json_document
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.github import failing_ratings, overall_ratings, problem_weight
from sqs_cli.writers.junit import rating_message

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RATING_RULE = "rating-fails"
OVERALL_RULE = "overall-rating"
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")


def artifact_uri(path: str) -> str:
    """A workbook's path as a SARIF URI: relative paths with forward slashes (code
    scanning resolves them from the repository's root), absolute ones as file: URIs."""
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix())


def region(cell: str | None) -> dict[str, int]:
    """A cell (`F7`) as a region: its row is the line, its column the column."""
    match = _CELL.fullmatch(cell or "")
    if match is None:
        return {"startLine": 1}
    letters, row = match.groups()
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return {"startLine": int(row), "startColumn": column}


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _location(path: str, cell: str | None) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(path)},
            "region": region(cell),
        }
    }


def _problem_result(path: str, problem: Problem, rule_index: int) -> dict[str, Any]:
    where = f"{problem.location}: " if problem.location else ""
    level = "error" if problem.severity is Severity.ERROR else "warning"
    return {
        "ruleId": problem.code,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": where + problem.message},
        "locations": [_location(path, problem.cell)],
        "partialFingerprints": {
            "sqsProblem/v1": _fingerprint(path, problem.location, problem.code)
        },
    }


def _rule(code: str, title: str, level: str) -> dict[str, Any]:
    return {
        "id": code,
        "shortDescription": {"text": title},
        "defaultConfiguration": {"level": level},
    }


def sarif_document(report: Report, options: OutputOptions) -> dict[str, Any]:
    problems = sorted(
        (
            (workbook.path, problem)
            for workbook in report.workbooks
            for problem in workbook.problems
            if not (options.quiet and problem.severity is not Severity.ERROR)
        ),
        key=lambda item: problem_weight(item[1]),
    )
    codes = sorted({problem.code for _, problem in problems})
    rules = [
        _rule(
            code,
            CATALOGUE[code].title,
            "error" if CATALOGUE[code].severity is Severity.ERROR else "warning",
        )
        for code in codes
    ]
    index = {code: position for position, code in enumerate(codes)}
    results = [_problem_result(path, problem, index[problem.code]) for path, problem in problems]
    ratings = [] if options.quiet else failing_ratings(report, options)
    if ratings:
        rules.append(_rule(RATING_RULE, f"A rating fails --fail-on {options.fail_on}", "note"))
        for path, criterion in ratings:
            where = path if path is not None else "(all workbooks pooled)"
            result: dict[str, Any] = {
                "ruleId": RATING_RULE,
                "ruleIndex": len(rules) - 1,
                "level": "note",
                "message": {
                    "text": f"{criterion.id} {criterion.title}: {rating_message(criterion)}"
                },
                "partialFingerprints": {
                    "sqsRating/v1": _fingerprint(where, criterion.id, criterion.rating or "")
                },
            }
            if path is not None:
                result["locations"] = [_location(path, None)]
            results.append(result)
    overall = [] if options.quiet else overall_ratings(report, options)
    if overall:
        # Not a problem: SARIF's informational kind, with no level of severity.
        rules.append(_rule(OVERALL_RULE, "The overall rating", "none"))
        for path, rating in overall:
            text = overall_text(rating)
            where = path if path is not None else "(all workbooks pooled)"
            result = {
                "ruleId": OVERALL_RULE,
                "ruleIndex": len(rules) - 1,
                "kind": "informational",
                "level": "none",
                "message": {"text": text if path is not None else f"pooled: {text}"},
                "partialFingerprints": {"sqsOverall/v1": _fingerprint(where, text)},
            }
            if path is not None:
                result["locations"] = [_location(path, None)]
            results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sqs",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write_sarif(report: Report, stream: TextIO, options: OutputOptions) -> None:
    write_json_document(sarif_document(report, options), stream)
