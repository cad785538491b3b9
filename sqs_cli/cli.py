"""The `sqs` command line: parse options, call the library, pick a writer, map exit codes."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from sqs_cli import __version__
from sqs_cli.output import write_atomically
from sqs_cli.problems import Problem, Severity, SqsError, format_problem
from sqs_cli.settings import DEFAULT_FRAMEWORK, MB, FailOn, Limits, ReadOptions
from sqs_cli.writers import BINARY_FORMATS, OutputOptions, format_for_output, render, writer_for

if TYPE_CHECKING:
    from sqs_cli.api import ResultCallback
    from sqs_cli.framework import Framework
    from sqs_cli.results import Report

# Reading, scoring and the writers are imported inside the commands that use them, so
# that `sqs --version` and `sqs --help` load none of them (and never pandas or openpyxl).

EXIT_OK = 0
EXIT_FINDINGS = 1  # scored, but a workbook has errors or the --fail-on condition was met
EXIT_UNUSABLE = 2  # bad usage, or an input could not be read as a marking workbook

app = typer.Typer(
    name="sqs",
    help="Score Short Quality Screening (SQS) case-marking workbooks.",
    epilog="Example: sqs score sample_data/coventry-2016.xlsx",
    no_args_is_help=True,
    add_completion=False,
    # Locals in a traceback could hold case data: never show them.
    pretty_exceptions_show_locals=False,
)
framework_app = typer.Typer(
    help="The built-in frameworks: their questions and rating policy.",
    epilog="Example: sqs framework export > mine.toml",
    no_args_is_help=True,
)
app.add_typer(framework_app, name="framework")


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    junit = "junit"
    github = "github"
    xlsx = "xlsx"


class FailOnChoice(StrEnum):
    never = "never"
    improvement = "improvement"
    inadequate = "inadequate"


FrameworkOption = Annotated[
    str,
    typer.Option(
        "--framework",
        "-f",
        help="A framework TOML file, or the name of a built-in framework.",
        show_default=True,
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Treat empty mark cells as errors, not warnings.")
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print errors only: no warnings on stderr.")
]
_LIMITS = Limits()
MaxFileOption = Annotated[
    int, typer.Option("--max-file-mb", min=1, help="Largest workbook file to read, in MB.")
]
MaxExpandedOption = Annotated[
    int,
    typer.Option("--max-expanded-mb", min=1, help="Largest expanded size of a workbook, in MB."),
]
MaxRatioOption = Annotated[
    int, typer.Option("--max-ratio", min=1, help="Largest compression ratio of a big workbook.")
]
MaxRowsOption = Annotated[int, typer.Option("--max-rows", min=1, help="Most rows in a sheet.")]
MaxColumnsOption = Annotated[
    int, typer.Option("--max-columns", min=1, help="Most columns in a sheet.")
]
MaxCellsOption = Annotated[
    int, typer.Option("--max-cells", min=1, help="Most cells (rows x columns) in a sheet.")
]
MaxMemoryOption = Annotated[
    int, typer.Option("--max-memory-mb", min=1, help="Most memory to read one workbook, in MB.")
]


def _limits(
    file_mb: int,
    expanded_mb: int,
    ratio: int,
    rows: int,
    columns: int,
    cells: int,
    memory_mb: int,
) -> Limits:
    return _LIMITS._replace(
        max_file_bytes=file_mb * MB,
        max_uncompressed_bytes=expanded_mb * MB,
        max_compression_ratio=ratio,
        max_rows=rows,
        max_columns=columns,
        max_cells=cells,
        max_memory_bytes=memory_mb * MB,
    )


SheetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--sheet",
        metavar="NAME",
        help="Read only this cases sheet (repeat for several); default: every sheet with "
        "a case-ID header and question columns.",
        show_default=False,
    ),
]
SkipHiddenOption = Annotated[
    bool,
    typer.Option(
        "--skip-hidden", help="Leave hidden, filtered and grouped rows and hidden columns out."
    ),
]
ShowValuesOption = Annotated[
    bool,
    typer.Option(
        "--show-values",
        help="Quote cell text in messages even where it may be free text (names, comments).",
    ),
]


def _read_options(
    limits: Limits | None, sheets: list[str] | None, skip_hidden: bool, show_values: bool
) -> ReadOptions:
    return ReadOptions(
        limits=limits or _LIMITS,
        sheets=tuple(sheets or ()),
        skip_hidden=skip_hidden,
        show_values=show_values,
    )


DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show a traceback for unexpected failures.", hidden=True)
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sqs {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Score Short Quality Screening (SQS) case-marking workbooks."""


def _stderr(line: str) -> None:
    typer.echo(line, err=True)


def _fail(problem: Problem) -> NoReturn:
    _stderr(format_problem(problem))
    raise typer.Exit(EXIT_UNUSABLE)


def _load_framework(value: str) -> Framework:
    from sqs_cli.framework import builtin_names, load_builtin, load_framework

    path = Path(value)
    if value in builtin_names() and not path.exists():
        return load_builtin(value)
    return load_framework(path)


def _print_problems(report: Report, *, quiet: bool) -> None:
    lines = [
        format_problem(problem)
        for workbook in report.workbooks
        for problem in workbook.problems
        if not (quiet and problem.severity is Severity.WARNING)
    ]
    accepted = _accepted_values_line(report)
    if accepted:
        lines.append(accepted)
    # One write, not one per line: a regional workbook can have tens of thousands.
    if lines:
        _stderr("\n".join(lines))


def _accepted_values_line(report: Report) -> str | None:
    """The accepted judgements, said once for a run that met a value that is none."""
    from sqs_cli.judgements import ACCEPTED_VALUES

    if any(
        problem.code == "unknown-judgement"
        for workbook in report.workbooks
        for problem in workbook.problems
    ):
        return f"sqs: accepted judgements: {ACCEPTED_VALUES}"
    return None


def exit_code(report: Report, fail_on: FailOn = "never") -> int:
    """SPEC 5: 2 if anything was unreadable, else 1 for errors or --fail-on, else 0."""
    from sqs_cli.scoring import fails

    statuses = {workbook.status for workbook in report.workbooks}
    if "unreadable" in statuses:
        return EXIT_UNUSABLE
    policy = report.framework.rating
    if "errors" in statuses or any(fails(w, policy, fail_on) for w in report.workbooks):
        return EXIT_FINDINGS
    return EXIT_OK


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    from sqs_cli.inputs import parse_shard

    return parse_shard(value) if value else None


def _check_shard(value: str | None) -> str | None:
    """Typer callback: a bad --shard is a usage error that names the option."""
    from sqs_cli.inputs import parse_shard

    if value is not None:
        try:
            parse_shard(value)
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None
    return value


@contextlib.contextmanager
def _progress(total: int, *, quiet: bool) -> Iterator[ResultCallback | None]:
    """A progress bar on stderr for batches, only where a person is watching a terminal."""
    if quiet or total < 2:
        yield None
        return
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_interactive:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (TextColumn("Scoring"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("score", total=total)
        yield lambda _: progress.advance(task)


def _score(
    paths: list[str],
    framework: str,
    *,
    strict: bool,
    jobs: int = 1,
    shard: tuple[int, int] | None = None,
    quiet: bool = False,
    options: ReadOptions | None = None,
) -> tuple[Report, list[Path]]:
    from sqs_cli.api import score_workbooks
    from sqs_cli.inputs import expand_inputs, shard_of

    try:
        loaded = _load_framework(framework)
        inputs = expand_inputs(paths)
    except SqsError as error:
        _fail(error.problem)
    if shard is not None:
        inputs = shard_of(inputs, *shard)
    _notice_protection_off(quiet=quiet)
    with _progress(len(inputs), quiet=quiet) as advance:
        report = score_workbooks(
            inputs, loaded, strict=strict, jobs=jobs, options=options, on_result=advance
        )
    return report, inputs


def _notice_protection_off(*, quiet: bool) -> None:
    """Said once a run where the system cannot cap a reading worker's memory (Windows)."""
    from sqs_cli.workers import memory_cap_unavailable

    if not quiet and (reason := memory_cap_unavailable()):
        _stderr(
            f"sqs: notice: no memory cap on reading ({reason}); a workbook that needs too "
            "much memory can slow this computer down before it fails"
        )


def _print_failing(report: Report, fail_on: FailOn) -> None:
    """For a batch, close with the workbooks that failed, so a CI log ends with them."""
    from sqs_cli.scoring import failing_criteria

    if len(report.workbooks) < 2:
        return
    policy = report.framework.rating
    lines = []
    for workbook in report.workbooks:
        if workbook.status == "unreadable":
            codes = ", ".join(problem.code for problem in workbook.problems)
            lines.append(f"  {workbook.path}: unreadable ({codes})")
        elif workbook.status == "errors":
            lines.append(f"  {workbook.path}: {len(workbook.errors)} errors")
        elif failing := failing_criteria(workbook, policy, fail_on):
            ids = ", ".join(criterion.id for criterion in failing)
            lines.append(f"  {workbook.path}: --fail-on {fail_on}: {ids}")
    if lines:
        _stderr(f"sqs: {len(lines)} of {len(report.workbooks)} workbooks failed:")
        for line in lines:
            _stderr(line)


def _append_step_summary(report: Report) -> None:
    """Under GitHub Actions, the Markdown summary goes on the run's summary page."""
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary_path:
        return
    buffer = io.StringIO()
    writer_for("markdown")(report, buffer, OutputOptions())
    try:
        with Path(summary_path).open("a", encoding="utf-8") as stream:
            stream.write(buffer.getvalue() + "\n")
    except OSError as error:
        _stderr(f"sqs: cannot append to GITHUB_STEP_SUMMARY ({error.strerror or error})")


@app.command(
    epilog="Example: sqs score sample_data/coventry-2016.xlsx --format json -o report.json"
)
def score(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH", help="Marking workbooks, folders of them, or glob patterns."
        ),
    ],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            help="Output format (default: from the suffix of -o: .json .csv .md .xml; else table).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    strict: StrictOption = False,
    fail_on: Annotated[
        FailOnChoice,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a criterion is an area requiring improvement, or Inadequate.",
        ),
    ] = FailOnChoice.never,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes for a batch (default: the number of CPUs).",
            show_default=False,
        ),
    ] = None,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            metavar="K/N",
            callback=_check_shard,
            help="Score only the K-th of N shares of the sorted inputs (CI matrices).",
        ),
    ] = None,
    quiet: QuietOption = False,
    sheet: SheetOption = None,
    skip_hidden: SkipHiddenOption = False,
    show_values: ShowValuesOption = False,
    max_file_mb: MaxFileOption = _LIMITS.max_file_bytes // MB,
    max_expanded_mb: MaxExpandedOption = _LIMITS.max_uncompressed_bytes // MB,
    max_ratio: MaxRatioOption = _LIMITS.max_compression_ratio,
    max_rows: MaxRowsOption = _LIMITS.max_rows,
    max_columns: MaxColumnsOption = _LIMITS.max_columns,
    max_cells: MaxCellsOption = _LIMITS.max_cells,
    max_memory_mb: MaxMemoryOption = _LIMITS.max_memory_bytes // MB,
    debug: DebugOption = False,
) -> None:
    """Score workbooks: N out of M sufficient per question, criterion ratings, findings."""
    format_name = output_format.value if output_format else format_for_output(output)
    if format_name in BINARY_FORMATS and output is None:
        raise typer.BadParameter(
            f"{format_name} is a workbook: give a file with -o", param_hint="'--format'"
        )
    report, inputs = _score(
        paths,
        framework,
        strict=strict,
        jobs=jobs or available_cpus(),
        shard=_parse_shard(shard),
        quiet=quiet,
        options=_read_options(
            _limits(
                max_file_mb,
                max_expanded_mb,
                max_ratio,
                max_rows,
                max_columns,
                max_cells,
                max_memory_mb,
            ),
            sheet,
            skip_hidden,
            show_values,
        ),
    )
    _print_problems(report, quiet=quiet)
    if output is None:
        writer = writer_for(format_name)
        writer(report, sys.stdout, OutputOptions(color=None, fail_on=fail_on.value))
    else:
        options = OutputOptions(color=False, width=100, fail_on=fail_on.value)
        try:
            write_atomically(output, render(format_name, report, options), inputs=inputs)
        except SqsError as error:
            _fail(error.problem)
    if format_name == "github":
        _append_step_summary(report)
    _print_failing(report, fail_on.value)
    raise typer.Exit(exit_code(report, fail_on.value))


@app.command(epilog="Example: sqs validate sample_data/coventry-2016.xlsx")
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH", help="Marking workbooks, folders of them, or glob patterns."
        ),
    ],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    sheet: SheetOption = None,
    skip_hidden: SkipHiddenOption = False,
    show_values: ShowValuesOption = False,
    max_file_mb: MaxFileOption = _LIMITS.max_file_bytes // MB,
    max_expanded_mb: MaxExpandedOption = _LIMITS.max_uncompressed_bytes // MB,
    max_ratio: MaxRatioOption = _LIMITS.max_compression_ratio,
    max_rows: MaxRowsOption = _LIMITS.max_rows,
    max_columns: MaxColumnsOption = _LIMITS.max_columns,
    max_cells: MaxCellsOption = _LIMITS.max_cells,
    max_memory_mb: MaxMemoryOption = _LIMITS.max_memory_bytes // MB,
    debug: DebugOption = False,
) -> None:
    """Read and check workbooks only: list every problem with its sheet and cell."""
    limits = _limits(
        max_file_mb, max_expanded_mb, max_ratio, max_rows, max_columns, max_cells, max_memory_mb
    )
    options = _read_options(limits, sheet, skip_hidden, show_values)
    report, _ = _score(paths, framework, strict=strict, quiet=quiet, options=options)
    for workbook in report.workbooks:
        for problem in workbook.problems:
            if not (quiet and problem.severity is Severity.WARNING):
                typer.echo(format_problem(problem))
        if workbook.status == "unreadable":
            summary = "unreadable"
        else:
            marked = sum(question.marked for question in workbook.questions)
            summary = (
                f"{workbook.cases} cases, {marked} questions marked, "
                f"{len(workbook.errors)} errors, {len(workbook.warnings)} warnings"
            )
        typer.echo(f"{workbook.path}: {summary}")
    accepted = _accepted_values_line(report)
    if accepted:
        typer.echo(accepted)
    raise typer.Exit(exit_code(report))


@app.command(epilog="Example: sqs template -o marking.xlsx --cases 30")
def template(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The marking workbook to write (.xlsx).")
    ],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    cases: Annotated[
        int, typer.Option("--cases", min=1, max=10_000, help="Rows ready for cases.")
    ] = 20,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it exists.")
    ] = False,
) -> None:
    """Write a blank marking workbook: a drop-down on every mark, a guide, an Inspection sheet."""
    from sqs_cli.template import template_bytes

    try:
        loaded = _load_framework(framework)
        if output.exists() and not force:
            raise SqsError.of(
                "output-not-writable",
                "the file exists; use --force to overwrite it",
                file=str(output),
            )
        write_atomically(output, template_bytes(loaded, cases=cases))
    except SqsError as error:
        _fail(error.problem)
    typer.echo(f"Wrote {output}: {cases} case rows, {sum(1 for _ in loaded.questions)} questions")


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"


_REPORT_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


@app.command(epilog="Example: sqs report sample_data/coventry-2016.xlsx -o draft.html")
def report(
    workbook: Annotated[Path, typer.Argument(help="The marking workbook to draft from.")],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option("--format", help="markdown or html (default: from the suffix of -o)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    quiet: QuietOption = False,
    sheet: SheetOption = None,
    skip_hidden: SkipHiddenOption = False,
    show_values: ShowValuesOption = False,
) -> None:
    """Draft the inspection report from a workbook's figures, for an inspector to edit."""
    from sqs_cli.draft import draft_report
    from sqs_cli.writers.draft import render_draft

    suffix_format = _REPORT_SUFFIXES.get(output.suffix.lower()) if output else None
    format_name = output_format.value if output_format else suffix_format or "markdown"
    options = _read_options(None, sheet, skip_hidden, show_values)
    result, inputs = _score([str(workbook)], framework, strict=False, quiet=quiet, options=options)
    _print_problems(result, quiet=quiet)
    [scored] = result.workbooks
    if scored.status == "unreadable":
        raise typer.Exit(EXIT_UNUSABLE)
    text = render_draft(format_name, draft_report(scored, result.framework))
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            write_atomically(output, text, inputs=inputs)
        except SqsError as error:
            _fail(error.problem)
    raise typer.Exit(exit_code(result))


class CompareFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command(epilog="Example: sqs compare audit-2025.xlsx audit-2026.xlsx")
def compare(
    before: Annotated[Path, typer.Argument(help="The earlier audit: a workbook or JSON report.")],
    after: Annotated[Path, typer.Argument(help="The later audit: a workbook or JSON report.")],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    output_format: Annotated[
        CompareFormat | None,
        typer.Option(
            "--format", help="Output format (default: from the suffix of -o; else table)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
) -> None:
    """Compare two audits: each question and criterion before and after, and whether the
    change is larger than chance in the sample of cases would give."""
    from sqs_cli.comparison import compare_sources, render_comparison, write_comparison

    format_name = output_format.value if output_format else format_for_output(output)
    if format_name not in set(CompareFormat):
        format_name = "table"
    try:
        comparison = compare_sources(before, after, _load_framework(framework))
        if output is None:
            write_comparison(format_name, comparison, sys.stdout, OutputOptions(color=None))
        else:
            options = OutputOptions(color=False, width=100)
            content = render_comparison(format_name, comparison, options)
            write_atomically(output, content, inputs=[before, after])
    except SqsError as error:
        _fail(error.problem)


@framework_app.command("list", epilog="Example: sqs framework list")
def framework_list() -> None:
    """List the built-in frameworks."""
    from sqs_cli.framework import builtin_names, load_builtin

    for name in builtin_names():
        loaded = load_builtin(name)
        questions = sum(1 for _ in loaded.questions)
        criteria = sum(1 for _ in loaded.criteria)
        default = "  (default)" if name == DEFAULT_FRAMEWORK else ""
        typer.echo(
            f"{loaded.id}  {loaded.title}: {criteria} criteria, {questions} questions{default}"
        )


@framework_app.command("show", epilog="Example: sqs framework show sqs-2016")
def framework_show(
    name: Annotated[str, typer.Argument(help="Built-in name or framework TOML file.")] = (
        DEFAULT_FRAMEWORK
    ),
) -> None:
    """Show a framework's themes, criteria, questions and rating policy."""
    try:
        loaded = _load_framework(name)
    except SqsError as error:
        _fail(error.problem)
    policy = loaded.rating
    typer.echo(f"{loaded.id}: {loaded.title}")
    typer.echo(
        f"Rating: {policy.aggregation} of questions with at least "
        f"{policy.min_relevant} relevant cases"
    )
    for band in policy.bands:
        finding = f" ({band.finding})" if band.finding else ""
        typer.echo(f"  {band.name}: {float(band.minimum):.0%} or more{finding}")
    for theme in loaded.themes:
        typer.echo(f"\n{theme.id} {theme.title}")
        for criterion in theme.criteria:
            typer.echo(f"  {criterion.id} {criterion.title}")
            for question in criterion.questions:
                typer.echo(f"    {question.id}  {question.text}")


@framework_app.command("export", epilog="Example: sqs framework export > mine.toml")
def framework_export(
    name: Annotated[str, typer.Argument(help="Built-in framework to export.")] = (
        DEFAULT_FRAMEWORK
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print a built-in framework's TOML, to copy and edit as your own."""
    from sqs_cli.framework import builtin_text

    try:
        text = builtin_text(name)
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomically(output, text)
    except SqsError as error:
        _fail(error.problem)


def main() -> None:
    try:
        app()
    except Exception as error:
        # Bad input never reaches here (the library reports it as problems); this is a
        # bug in sqs. Its traceback could quote case data, so it is shown only on request.
        if "--debug" in sys.argv:
            raise
        _stderr(f"sqs: internal error: {type(error).__name__} (run with --debug for details)")
        sys.exit(EXIT_UNUSABLE)
