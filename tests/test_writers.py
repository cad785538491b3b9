"""sqs_cli.writers: the one registry of output formats, for every command, -o and --help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sqs_cli.comparison import Comparison
from sqs_cli.writers import (
    _BY_NAME,
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

COMMANDS = (
    "score",
    "merge",
    "validate",
    "compare",
    "report",
    "template",
    "framework export",
    "sample",
    "agree",
    "trend",
)


def test_every_command_has_a_default_it_writes() -> None:
    assert set(DEFAULT_FORMATS) == set(COMMANDS)
    for command, name in DEFAULT_FORMATS.items():
        assert name in format_names(command)


def test_what_each_command_writes() -> None:
    everything = ("table", "json", "csv", "markdown", "junit", "github", "sarif", "gitlab", "xlsx")
    assert format_names("score") == everything
    # merge writes what score writes, from the shards' reports; validate every format too.
    assert format_names("merge") == everything
    assert format_names("validate") == everything
    assert format_names("compare") == ("table", "json", "markdown")
    assert format_names("report") == ("markdown", "html", "docx")
    assert format_names("template") == ("xlsx",)
    assert format_names("framework export") == ("toml",)
    assert format_names("sample") == ("table", "json", "csv", "xlsx")
    assert format_names("agree") == ("table", "json", "csv", "markdown")
    assert format_names("trend") == ("table", "json", "csv", "html", "xlsx")


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
        ("report", None, "draft.docx", "docx"),
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
            "csv (.csv), markdown (.md, .markdown), junit (.xml), github, sarif (.sarif), "
            "gitlab, xlsx (.xlsx)",
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
            "x.pdf",
            "sqs report cannot write a .pdf file; it writes markdown (.md, .markdown), "
            "html (.html, .htm), docx (.docx)",
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
            "html (.html, .htm), docx (.docx)",
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
        "Output format: table, json, csv, markdown, junit, github, sarif, gitlab, xlsx (default: "
        "from the suffix of -o: .txt .json .csv .md .xml .sarif .xlsx; else table)."
    )
    assert what_it_writes("report") == (
        "markdown (.md, .markdown), html (.html, .htm), docx (.docx)"
    )


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


@pytest.mark.parametrize(
    ("requested", "output", "chosen"),
    [
        ("gitlab", "gl-code-quality-report.json", "gitlab"),
        ("sarif", "results.sarif.json", "sarif"),
        (None, "results.sarif", "sarif"),
        (None, "gl-code-quality-report.json", "json"),
    ],
)
def test_gitlab_and_sarif_may_be_written_to_a_json_name_when_asked_for(
    requested: str | None, output: str, chosen: str
) -> None:
    assert resolve_format("score", requested, Path(output)).name == chosen


def test_validate_and_merge_write_the_report_writers_of_score() -> None:
    for output_format in FORMATS:
        writers = output_format.writers
        if "score" not in writers:
            continue
        assert writers["merge"] == writers["score"]
        if output_format.name != "table":
            assert writers["validate"] == writers["score"]
    assert _BY_NAME["table"].writers["validate"] == "sqs_cli.writers.validation:write_validation"


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
