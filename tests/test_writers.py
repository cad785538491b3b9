"""sqs_cli.writers: the one registry of output formats, for every command, -o and --help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sqs_cli.comparison import Comparison
from sqs_cli.writers import (
    DEFAULT_FORMATS,
    FORMATS,
    FormatError,
    OutputOptions,
    format_help,
    format_names,
    render,
    render_file,
    resolve_format,
    what_it_writes,
)
from tests.test_comparison import known_changes  # noqa: F401  (a fixture)

COMMANDS = ("score", "compare", "report", "template", "framework export")


def test_every_command_has_a_default_it_writes() -> None:
    assert set(DEFAULT_FORMATS) == set(COMMANDS)
    for command, name in DEFAULT_FORMATS.items():
        assert name in format_names(command)


def test_what_each_command_writes() -> None:
    assert format_names("score") == ("table", "json", "csv", "markdown", "junit", "github", "xlsx")
    assert format_names("compare") == ("table", "json", "markdown")
    assert format_names("report") == ("markdown", "html")
    assert format_names("template") == ("xlsx",)
    assert format_names("framework export") == ("toml",)


def test_no_suffix_names_two_formats() -> None:
    suffixes = [suffix for output_format in FORMATS for suffix in output_format.suffixes]
    assert len(suffixes) == len(set(suffixes))


def test_every_writer_can_be_imported() -> None:
    import importlib

    for output_format in FORMATS:
        for writer in output_format.writers.values():
            module, function = writer.split(":")
            assert callable(getattr(importlib.import_module(module), function))


@pytest.mark.parametrize(
    ("command", "requested", "output", "chosen"),
    [
        ("score", None, None, "table"),
        ("score", "json", None, "json"),
        ("score", None, "results.json", "json"),
        ("score", None, "results.CSV", "csv"),
        ("score", None, "sqs-1.xml", "junit"),
        ("score", None, "results.xlsx", "xlsx"),
        ("score", None, "results.md", "markdown"),
        ("score", None, "notes.txt", "table"),
        ("score", "github", "annotations", "github"),
        ("score", "json", "results.json", "json"),
        ("score", None, "results", "table"),
        ("compare", None, "change.md", "markdown"),
        ("compare", None, "change.json", "json"),
        ("report", None, None, "markdown"),
        ("report", None, "draft.htm", "html"),
        ("report", "html", "draft.html", "html"),
        ("template", None, "marking.xlsx", "xlsx"),
        ("framework export", None, "mine.toml", "toml"),
    ],
)
def test_the_format_from_the_option_and_the_suffix(
    command: str, requested: str | None, output: str | None, chosen: str
) -> None:
    path = None if output is None else Path(output)
    assert resolve_format(command, requested, path).name == chosen


@pytest.mark.parametrize(
    ("command", "requested", "output", "message"),
    [
        (
            "score",
            None,
            "out.pdf",
            "sqs score cannot write a .pdf file; it writes table (.txt), json (.json), "
            "csv (.csv), markdown (.md, .markdown), junit (.xml), github, xlsx (.xlsx)",
        ),
        (
            "template",
            None,
            "t.ods",
            "sqs template cannot write a .ods file; it writes xlsx (.xlsx)",
        ),
        (
            "report",
            None,
            "x.docx",
            "sqs report cannot write a .docx file; it writes markdown (.md, .markdown), "
            "html (.html, .htm)",
        ),
        (
            "compare",
            None,
            "x.csv",
            "sqs compare cannot write a .csv file; it writes table (.txt), json (.json), "
            "markdown (.md, .markdown)",
        ),
        (
            "score",
            "csv",
            "results.json",
            "results.json is a json file name, but --format is csv: give the file a .csv "
            "name, or leave --format out",
        ),
        (
            "score",
            "github",
            "results.txt",
            "results.txt is a table file name, but --format is github: give the file no "
            "suffix, or leave --format out",
        ),
        (
            "report",
            "html",
            "draft.txt",
            "sqs report cannot write a .txt file; it writes markdown (.md, .markdown), "
            "html (.html, .htm)",
        ),
        (
            "compare",
            "csv",
            None,
            "sqs compare cannot write csv; it writes table (.txt), json (.json), "
            "markdown (.md, .markdown)",
        ),
        ("framework export", None, "mine.txt", "sqs framework export cannot write a .txt file;"),
    ],
)
def test_a_suffix_or_format_the_command_cannot_write_is_refused(
    command: str, requested: str | None, output: str | None, message: str
) -> None:
    path = None if output is None else Path(output)
    with pytest.raises(FormatError) as raised:
        resolve_format(command, requested, path)
    assert str(raised.value).startswith(message)


def test_standard_output_leaves_the_choice_to_the_option() -> None:
    assert resolve_format("score", "json", Path("-"), stdout=True).name == "json"
    assert resolve_format("score", None, Path("-"), stdout=True).name == "table"


def test_help_lists_the_formats_and_suffixes() -> None:
    assert format_help("score") == (
        "Output format: table, json, csv, markdown, junit, github, xlsx (default: from the "
        "suffix of -o: .txt .json .csv .md .xml .xlsx; else table)."
    )
    assert what_it_writes("report") == "markdown (.md, .markdown), html (.html, .htm)"


def test_render_each_compare_format(known_changes: Comparison) -> None:  # noqa: F811
    plain = OutputOptions(color=False, width=100)

    def text(name: str, options: OutputOptions = plain) -> str:
        rendered = render(name, known_changes, options, command="compare")
        assert isinstance(rendered, str)
        return rendered

    assert text("table").startswith("Comparing two audits: ")
    assert "\x1b[" not in text("table")
    assert text("json").startswith('{\n  "schema": "sqs.compare/1"')
    assert text("markdown").startswith("## SQS comparison: ")
    coloured = text("table", OutputOptions(color=True, width=100))
    # A significant rise is bold green.
    assert re.search(r"\x1b\[1;32m *\+80 pts\x1b\[0m", coloured)
    assert not re.search(r"\x1b\[1;32m *\+40 pts", coloured)


def test_render_refuses_a_format_the_command_does_not_write(
    known_changes: Comparison,  # noqa: F811
) -> None:
    with pytest.raises(KeyError):
        render("csv", known_changes, OutputOptions(), command="compare")


def test_a_file_is_utf8_and_a_csv_file_starts_with_a_byte_order_mark(
    known_changes: Comparison,  # noqa: F811
) -> None:
    """Files sqs writes do not depend on the locale. Excel reads a CSV file as UTF-8 only
    when it starts with a BOM (as its own "CSV UTF-8" does), and in the ANSI code page
    otherwise, showing `Ynys Môn` mangled."""
    from sqs_cli.api import score_workbooks
    from sqs_cli.framework import load_builtin
    from tests.conftest import COVENTRY

    report = score_workbooks([COVENTRY], load_builtin())
    options = OutputOptions()
    csv_bytes = render_file("csv", report, options)
    assert csv_bytes == b"\xef\xbb\xbf" + str(render("csv", report, options)).encode("utf-8")
    for name in ("json", "markdown", "junit", "table"):
        assert render_file(name, report, options) == str(render(name, report, options)).encode()
    comparison = render_file("markdown", known_changes, options, command="compare")
    assert "\u2192".encode() in comparison  # `Good → Outstanding`, in UTF-8
    assert [f.name for f in FORMATS if f.byte_order_mark] == ["csv"]
