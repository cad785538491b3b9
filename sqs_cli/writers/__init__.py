"""One module per output format, each writing the same Report to a text stream."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from sqs_cli.results import Report


@dataclass(frozen=True)
class Style:
    """How human-facing output looks: colour and width (tests fix both).

    color None means "as the terminal and the environment say": colour on a terminal,
    none in a pipe or file, and none when NO_COLOR is set.
    """

    color: bool | None = False
    width: int | None = None


Writer = Callable[[Report, TextIO, Style], None]


def writer_for(format_name: str) -> Writer:
    # Imported on demand: each writer pulls in only what its format needs.
    if format_name == "json":
        from sqs_cli.writers.json_report import write_json

        return write_json
    if format_name == "table":
        from sqs_cli.writers.table import write_table

        return write_table
    raise ValueError(f"unknown format {format_name!r}")


FORMATS = ("table", "json")
