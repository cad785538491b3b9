"""One module per output format, each writing the same Report to a text stream."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sqs_cli.results import Report
from sqs_cli.scoring import FailOn


@dataclass(frozen=True)
class OutputOptions:
    """How output looks and what counts as failing.

    color None means "as the terminal and the environment say": colour on a terminal,
    none in a pipe or file, and none when NO_COLOR is set. fail_on marks the ratings that
    the CI formats (junit, github) report as failures.
    """

    color: bool | None = False
    width: int | None = None
    fail_on: FailOn = "never"


Writer = Callable[[Report, TextIO, OutputOptions], None]

# Format name -> (module, function). Imported on demand: each writer pulls in only what
# its format needs, and `sqs --version` pulls in none of them.
_WRITERS: dict[str, tuple[str, str]] = {
    "table": ("sqs_cli.writers.table", "write_table"),
    "json": ("sqs_cli.writers.json_report", "write_json"),
    "csv": ("sqs_cli.writers.csv_report", "write_csv"),
    "markdown": ("sqs_cli.writers.markdown", "write_markdown"),
    "junit": ("sqs_cli.writers.junit", "write_junit"),
    "github": ("sqs_cli.writers.github", "write_github"),
}
FORMATS = tuple(_WRITERS)

_FORMAT_BY_SUFFIX = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xml": "junit",
    ".txt": "table",
}


def writer_for(format_name: str) -> Writer:
    module_name, function_name = _WRITERS[format_name]
    writer: Writer = getattr(importlib.import_module(module_name), function_name)
    return writer


def format_for_output(path: Path | None) -> str:
    """The format an output file's suffix implies (report.json -> json), else table."""
    if path is None:
        return "table"
    return _FORMAT_BY_SUFFIX.get(path.suffix.lower(), "table")
