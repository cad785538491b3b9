"""One module per output format, each writing the same Report to a text stream."""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, TextIO

from sqs_cli.settings import FailOn

if TYPE_CHECKING:
    from sqs_cli.results import Report


class OutputOptions(NamedTuple):
    """How output looks and what counts as failing.

    color None means "as the terminal and the environment say": colour on a terminal,
    none in a pipe or file, and none when NO_COLOR is set. fail_on marks the ratings that
    the CI formats (junit, github) report as failures.
    """

    color: bool | None = False
    width: int | None = None
    fail_on: FailOn = "never"


Writer = Callable[["Report", TextIO, OutputOptions], None]
BinaryWriter = Callable[["Report", BinaryIO, OutputOptions], None]

# Format name -> (module, function). Imported on demand: each writer pulls in only what
# its format needs, and `sqs --version` pulls in none of them.
_WRITERS: dict[str, tuple[str, str]] = {
    "table": ("sqs_cli.writers.table", "write_table"),
    "json": ("sqs_cli.writers.json_report", "write_json"),
    "csv": ("sqs_cli.writers.csv_report", "write_csv"),
    "markdown": ("sqs_cli.writers.markdown", "write_markdown"),
    "junit": ("sqs_cli.writers.junit", "write_junit"),
    "github": ("sqs_cli.writers.github", "write_github"),
    "xlsx": ("sqs_cli.writers.xlsx", "write_xlsx"),
}
# Formats whose output is bytes (a workbook), not text: never printed to a terminal.
BINARY_FORMATS = frozenset({"xlsx"})
FORMATS = tuple(_WRITERS)

_FORMAT_BY_SUFFIX = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xml": "junit",
    ".txt": "table",
    ".xlsx": "xlsx",
}


def _load(format_name: str) -> Callable[..., None]:
    module_name, function_name = _WRITERS[format_name]
    writer: Callable[..., None] = getattr(importlib.import_module(module_name), function_name)
    return writer


def writer_for(format_name: str) -> Writer:
    """The writer of a text format, to stream to stdout or a file."""
    if format_name in BINARY_FORMATS:
        raise ValueError(f"{format_name} is a binary format: use render()")
    return _load(format_name)


def render(format_name: str, report: Report, options: OutputOptions) -> str | bytes:
    """The whole output of any format: text, or bytes for a workbook."""
    if format_name in BINARY_FORMATS:
        binary = io.BytesIO()
        _load(format_name)(report, binary, options)
        return binary.getvalue()
    text = io.StringIO()
    _load(format_name)(report, text, options)
    return text.getvalue()


def format_for_output(path: Path | None) -> str:
    """The format an output file's suffix implies (report.json -> json), else table."""
    if path is None:
        return "table"
    return _FORMAT_BY_SUFFIX.get(path.suffix.lower(), "table")
