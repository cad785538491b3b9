"""The one registry of output formats: each format's writers, suffixes and commands.

Every command that writes output (`score`, `compare`, `report`, `template`, `framework
export`, `sample`, `agree`, `trend`) picks its format here, from `--format` or from the
suffix of `-o FILE`, and its `--help` lists what it can write from here too. A format a
command does not serve, or a suffix that says another format, is a usage error that lists
what the command writes.

Writers are named as "module:function" and imported on demand: each pulls in only what
its format needs, and `sqs --version` pulls in none of them. A writer takes the command's
subject (a Report, a Comparison, a Draft...), a stream and the OutputOptions.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, TextIO

from sqs_cli.safe_text import STREAM_ERRORS
from sqs_cli.settings import FailOn

if TYPE_CHECKING:
    from sqs_cli.results import Report


class OutputOptions(NamedTuple):
    """How output looks and what counts as failing.

    color None means "as the terminal and the environment say": colour on a terminal,
    none in a pipe or file, and none when NO_COLOR is set. fail_on marks the ratings that
    the CI formats (junit, github, sarif, gitlab) report as failures; with pooled, it is
    the pooled figures' ratings that fail, not each workbook's. quiet (`-q`) leaves out
    warnings and notices in every format.
    """

    color: bool | None = False
    width: int | None = None
    fail_on: FailOn = "never"
    pooled: bool = False
    quiet: bool = False


class OutputFormat(NamedTuple):
    name: str
    # The suffixes of -o that choose it, the first being the one to suggest.
    suffixes: tuple[str, ...]
    # Each command it serves, with its writer for that command, "module:function".
    writers: Mapping[str, str]
    # Bytes (a workbook), not text: never printed to a terminal unasked.
    binary: bool = False
    # Suffixes it may be written to when --format names it, though they choose another
    # format: GitLab's Code Quality report is a .json file by custom.
    also_written_to: tuple[str, ...] = ()
    # A file of it starts with a byte order mark: Excel reads a CSV file as UTF-8 only
    # with one (as its own "CSV UTF-8" writes), and in the ANSI code page without.
    byte_order_mark: bool = False
    # The encoding of its output on stdout whatever the locale's, where its one reader
    # decodes that: the GitHub Actions runner reads a step's output as UTF-8.
    stdout_encoding: str | None = None


def _report_writer(writer: str, *, validate: str | None = None) -> dict[str, str]:
    """A format's writer for the commands whose subject is a Report: `score`, `merge` (the
    pooled shards of a run) and `validate` (the same report; only its table differs)."""
    return {"score": writer, "merge": writer, "validate": validate or writer}


FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat(
        "table",
        (".txt",),
        {
            **_report_writer(
                "sqs_cli.writers.table:write_table",
                validate="sqs_cli.writers.validation:write_validation",
            ),
            "compare": "sqs_cli.writers.compare_table:write_compare_table",
            "sample": "sqs_cli.writers.sample_table:write_sample_table",
            "agree": "sqs_cli.writers.agree_table:write_agree_table",
            "trend": "sqs_cli.writers.trend_table:write_trend_table",
        },
    ),
    OutputFormat(
        "json",
        (".json",),
        {
            **_report_writer("sqs_cli.writers.json_report:write_json"),
            "compare": "sqs_cli.writers.compare_json:write_compare_json",
            "sample": "sqs_cli.writers.sample_json:write_sample_json",
            "agree": "sqs_cli.writers.agree_json:write_agree_json",
            "trend": "sqs_cli.writers.trend_json:write_trend_json",
        },
    ),
    OutputFormat(
        "csv",
        (".csv",),
        {
            **_report_writer("sqs_cli.writers.csv_report:write_csv"),
            "sample": "sqs_cli.writers.sample_csv:write_sample_csv",
            "agree": "sqs_cli.writers.agree_csv:write_agree_csv",
            "trend": "sqs_cli.writers.trend_csv:write_trend_csv",
        },
        byte_order_mark=True,
    ),
    OutputFormat(
        "markdown",
        (".md", ".markdown"),
        {
            **_report_writer("sqs_cli.writers.markdown:write_markdown"),
            "compare": "sqs_cli.writers.compare_markdown:write_compare_markdown",
            "report": "sqs_cli.writers.draft_markdown:write_draft_markdown",
            "agree": "sqs_cli.writers.agree_markdown:write_agree_markdown",
        },
    ),
    OutputFormat("junit", (".xml",), _report_writer("sqs_cli.writers.junit:write_junit")),
    OutputFormat(
        "github",
        (),
        _report_writer("sqs_cli.writers.github:write_github"),
        stdout_encoding="utf-8",
    ),
    # SARIF 2.1.0, for GitHub code scanning (and any SARIF viewer).
    OutputFormat(
        "sarif",
        (".sarif",),
        _report_writer("sqs_cli.writers.sarif:write_sarif"),
        also_written_to=(".json",),
    ),
    # GitLab's Code Quality report (a subset of Code Climate's issues).
    OutputFormat(
        "gitlab",
        (),
        _report_writer("sqs_cli.writers.gitlab:write_gitlab"),
        also_written_to=(".json",),
    ),
    OutputFormat(
        "html",
        (".html", ".htm"),
        {
            "report": "sqs_cli.writers.draft_html:write_draft_html",
            "trend": "sqs_cli.writers.trend_html:write_trend_html",
        },
    ),
    OutputFormat(
        "docx", (".docx",), {"report": "sqs_cli.writers.draft_docx:write_draft_docx"}, binary=True
    ),
    OutputFormat(
        "xlsx",
        (".xlsx",),
        {
            **_report_writer("sqs_cli.writers.xlsx:write_xlsx"),
            "template": "sqs_cli.template:write_template",
            "sample": "sqs_cli.writers.sample_xlsx:write_sample_xlsx",
            "trend": "sqs_cli.writers.trend_xlsx:write_trend_xlsx",
        },
        binary=True,
    ),
    OutputFormat(
        "toml",
        (".toml",),
        {"framework export": "sqs_cli.writers.framework_toml:write_framework_toml"},
    ),
)

# What each command writes when neither --format nor a suffix says.
DEFAULT_FORMATS: Mapping[str, str] = {
    "score": "table",
    "merge": "table",
    "validate": "table",
    "compare": "table",
    "report": "markdown",
    "template": "xlsx",
    "framework export": "toml",
    "sample": "table",
    "agree": "table",
    "trend": "table",
}

_BY_NAME = {output_format.name: output_format for output_format in FORMATS}
# Formats whose output is bytes (a workbook), not text.
BINARY_FORMATS = frozenset(f.name for f in FORMATS if f.binary)


class FormatError(ValueError):
    """A usage error: the command cannot write what --format or -o asks for."""


def formats_for(command: str) -> tuple[OutputFormat, ...]:
    """The formats a command writes, in the registry's order."""
    return tuple(f for f in FORMATS if command in f.writers)


def format_names(command: str = "score") -> tuple[str, ...]:
    return tuple(f.name for f in formats_for(command))


def what_it_writes(command: str) -> str:
    """`table (.txt), json (.json), ..., github`: each format with the suffixes that pick it."""
    return ", ".join(
        f"{f.name} ({', '.join(f.suffixes)})" if f.suffixes else f.name
        for f in formats_for(command)
    )


def format_help(command: str) -> str:
    """The --format option's help: what the command writes and where the default comes from."""
    suffixes = " ".join(suffix for f in formats_for(command) for suffix in f.suffixes[:1])
    return (
        f"Output format: {', '.join(format_names(command))} (default: from the suffix of -o: "
        f"{suffixes}; else {DEFAULT_FORMATS[command]})."
    )


def resolve_format(
    command: str, requested: str | None, output: Path | None, *, stdout: bool = False
) -> OutputFormat:
    """The format to write: --format if given, else the one the suffix of -o names, else
    the command's default. A suffix must agree with --format and name a format the command
    writes; a name without a suffix (or standard output) leaves the choice to --format.
    """
    served = {f.name: f for f in formats_for(command)}
    chosen = served.get(requested or DEFAULT_FORMATS[command])
    if chosen is None:
        raise FormatError(
            f"sqs {command} cannot write {requested}; it writes {what_it_writes(command)}"
        )
    suffix = "" if output is None or stdout else output.suffix.lower()
    if not suffix or (requested is not None and suffix in chosen.also_written_to):
        return chosen
    by_suffix = next((f for f in served.values() if suffix in f.suffixes), None)
    if by_suffix is None:
        raise FormatError(
            f"sqs {command} cannot write a {suffix} file; it writes {what_it_writes(command)}"
        )
    if requested is not None and requested != by_suffix.name:
        name = output.name if output is not None else ""
        wanted = f"a {' or '.join(chosen.suffixes)} name" if chosen.suffixes else "no suffix"
        raise FormatError(
            f"{name} is a {by_suffix.name} file name, but --format is {requested}: "
            f"give the file {wanted}, or leave --format out"
        )
    return by_suffix


def _load(format_name: str, command: str) -> Callable[..., None]:
    module_name, function_name = _BY_NAME[format_name].writers[command].split(":")
    writer: Callable[..., None] = getattr(importlib.import_module(module_name), function_name)
    return writer


def write_to(
    format_name: str,
    subject: Any,
    stream: TextIO | BinaryIO,
    options: OutputOptions,
    *,
    command: str = "score",
) -> None:
    """Write a command's subject in a format to a stream (bytes for a binary format)."""
    _load(format_name, command)(subject, stream, options)


Writer = Callable[["Report", TextIO, OutputOptions], None]


def writer_for(format_name: str, *, command: str = "score") -> Writer:
    """The writer of a text format, to stream to stdout or a file."""
    if format_name in BINARY_FORMATS:
        raise ValueError(f"{format_name} is a binary format: use render()")
    return _load(format_name, command)


def render(
    format_name: str, subject: Any, options: OutputOptions, *, command: str = "score"
) -> str | bytes:
    """The whole output of any format: text, or bytes for a workbook."""
    if format_name in BINARY_FORMATS:
        binary = io.BytesIO()
        _load(format_name, command)(subject, binary, options)
        return binary.getvalue()
    text = io.StringIO()
    _load(format_name, command)(subject, text, options)
    return text.getvalue()


def render_file(
    format_name: str, subject: Any, options: OutputOptions, *, command: str = "score"
) -> bytes:
    """The bytes of a file sqs writes (-o FILE): the same whatever the locale, UTF-8 for
    text, after a byte order mark where the format has one."""
    content = render(format_name, subject, options, command=command)
    if isinstance(content, bytes):
        return content
    mark = "\ufeff" if _BY_NAME[format_name].byte_order_mark else ""
    # A file name taken in under a locale that is not UTF-8 may hold its undecodable bytes
    # as surrogates: they are written back as those bytes.
    return (mark + content).encode("utf-8", STREAM_ERRORS)
