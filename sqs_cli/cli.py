"""The `sqs` command line: parse options, call the library, pick a writer, map exit codes."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from sqs_cli import __version__
from sqs_cli.output import check_output_target, is_stdout, write_atomically
from sqs_cli.problems import Problem, Severity, SqsError, format_problem
from sqs_cli.safe_text import one_line
from sqs_cli.settings import DEFAULT_FRAMEWORK, MB, FailOn, Limits, ReadOptions
from sqs_cli.wording import counted
from sqs_cli.writers import (
    FormatError,
    OutputFormat,
    OutputOptions,
    format_help,
    format_names,
    render,
    resolve_format,
    write_to,
)

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
# Commands that read workbooks choose the built-in framework the workbooks' headers use
# when --framework is not given (sqs_cli/detection.py); sqs-2016 stays the default.
DetectedFrameworkOption = Annotated[
    str | None,
    typer.Option(
        "--framework",
        "-f",
        help="A framework TOML file, or the name of a built-in framework. Default: the "
        f"built-in whose question IDs the workbooks' headers use ({DEFAULT_FRAMEWORK} when "
        "they use none).",
        show_default=False,
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Treat empty mark cells as errors, not warnings.")
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="Print errors only: no warnings, and no 'Wrote FILE', on stderr."
    ),
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
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of stdout; its suffix picks the format. "
        "- is stdout.",
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the output file even if it is read-only.")
]
AreaOption = Annotated[
    str | None,
    typer.Option("--area", help="The area inspected: fills or overrides the Inspection sheet's."),
]
ServiceOption = Annotated[
    str | None,
    typer.Option(
        "--service", help="The service inspected: fills or overrides the Inspection sheet's."
    ),
]


def _format_option(command: str) -> Any:
    """--format for a command: the formats the output registry says it writes."""
    names = format_names(command)

    def check(value: str | None) -> str | None:
        if value is not None and value not in names:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(names)}")
        return value

    return typer.Option(
        "--format",
        metavar="[" + "|".join(names) + "]",
        help=format_help(command),
        show_default=False,
        callback=check,
    )


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
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show a traceback for unexpected failures (also after any command).",
        ),
    ] = False,
) -> None:
    """Score Short Quality Screening (SQS) case-marking workbooks."""


def _stderr(line: str) -> None:
    typer.echo(line, err=True)


def _usage_error(message: str, option: str = "'-o' / '--output'") -> NoReturn:
    raise typer.BadParameter(message, param_hint=option)


def _choose_format(
    command: str, requested: str | None, output: Path | None, *, required_file: bool = False
) -> OutputFormat:
    """The format from --format and the suffix of -o; a usage error if they disagree or the
    command cannot write it. A workbook is never printed to a terminal unasked."""
    try:
        chosen = resolve_format(command, requested, output, stdout=is_stdout(output))
    except FormatError as error:
        _usage_error(str(error), "'--format'" if output is None else "'-o' / '--output'")
    if chosen.binary and output is None and not required_file:
        _usage_error(
            f"{chosen.name} is a workbook: give a file with -o (or -o - for stdout)", "'--format'"
        )
    return chosen


def _check_target(output: Path | None, *, inputs: Sequence[Path] = (), force: bool = False) -> None:
    """Refuse a bad -o before any work is done (it is checked again as it is written)."""
    if output is None or is_stdout(output):
        return
    try:
        check_output_target(output, inputs=inputs, force=force)
    except SqsError as error:
        _fail(error.problem)


def _write_output(
    command: str,
    chosen: OutputFormat,
    subject: Any,
    output: Path | None,
    *,
    inputs: Sequence[Path] = (),
    force: bool = False,
    quiet: bool = False,
    fail_on: FailOn = "never",
    detail: str = "",
) -> None:
    """Print the output, or write it to -o atomically and say so on stderr (-q: silently)."""
    if output is None or is_stdout(output):
        if chosen.binary:
            data = render(chosen.name, subject, OutputOptions(fail_on=fail_on), command=command)
            sys.stdout.flush()
            sys.stdout.buffer.write(data if isinstance(data, bytes) else data.encode())
            sys.stdout.buffer.flush()
        else:
            options = OutputOptions(color=None, fail_on=fail_on)
            write_to(chosen.name, subject, sys.stdout, options, command=command)
        return
    options = OutputOptions(color=False, width=100, fail_on=fail_on)
    try:
        content = render(chosen.name, subject, options, command=command)
        write_atomically(output, content, inputs=inputs, force=force)
    except SqsError as error:
        _fail(error.problem)
    if not quiet:
        _stderr(f"Wrote {one_line(str(output))}{detail}")


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
    """The README's exit codes: 2 if anything was unreadable, else 1 for errors or --fail-on,
    else 0."""
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


def _expand(paths: list[str]) -> list[Path]:
    from sqs_cli.inputs import expand_inputs

    try:
        return expand_inputs(paths)
    except SqsError as error:
        _fail(error.problem)


def _framework(value: str) -> Framework:
    try:
        return _load_framework(value)
    except SqsError as error:
        _fail(error.problem)


def _score(
    inputs: list[Path],
    loaded: Framework,
    *,
    strict: bool,
    jobs: int = 1,
    quiet: bool = False,
    options: ReadOptions | None = None,
    area: str | None = None,
    service: str | None = None,
) -> Report:
    from sqs_cli.api import score_workbooks

    _notice_protection_off(quiet=quiet)
    with _progress(len(inputs), quiet=quiet) as advance:
        report = score_workbooks(
            inputs, loaded, strict=strict, jobs=jobs, options=options, on_result=advance
        )
    if area is None and service is None:
        return report
    from dataclasses import replace

    from sqs_cli.inspection import with_overrides

    return replace(
        report,
        workbooks=tuple(
            replace(w, inspection=with_overrides(w.inspection, area=area, service=service))
            if w.status != "unreadable"
            else w
            for w in report.workbooks
        ),
    )


def _score_detecting(
    inputs: list[Path],
    given: Framework | None,
    *,
    strict: bool,
    jobs: int = 1,
    quiet: bool = False,
    options: ReadOptions | None = None,
    area: str | None = None,
    service: str | None = None,
) -> Report:
    """_score with the framework given; without one, with the built-in the workbooks'
    headers use (sqs_cli/detection.py): the default first, and another only where the
    workbooks call for it. Workbooks that fit two equally are a usage error."""
    loaded = given or _framework(DEFAULT_FRAMEWORK)
    arguments: dict[str, Any] = {
        "strict": strict,
        "jobs": jobs,
        "quiet": quiet,
        "options": options,
        "area": area,
        "service": service,
    }
    report = _score(inputs, loaded, **arguments)
    if given is not None:
        return report
    from sqs_cli.detection import DetectionError, detect, mark_others, needs_detection

    if not needs_detection(report):
        return report
    try:
        detected = detect(inputs, options or ReadOptions(), jobs=jobs)
    except DetectionError as error:
        _usage_error(str(error), "'--framework'")
    chosen = detected.framework
    if chosen is None or chosen.id == loaded.id:
        return mark_others(report, detected.others)
    return _score(inputs, chosen, **arguments)


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
        path = one_line(workbook.path)
        if workbook.status == "unreadable":
            codes = ", ".join(problem.code for problem in workbook.problems)
            lines.append(f"  {path}: unreadable ({codes})")
        elif workbook.status == "errors":
            lines.append(f"  {path}: {counted(len(workbook.errors), 'error')}")
        elif failing := failing_criteria(workbook, policy, fail_on):
            ids = ", ".join(criterion.id for criterion in failing)
            lines.append(f"  {path}: --fail-on {fail_on}: {ids}")
    if lines:
        _stderr(f"sqs: {len(lines)} of {counted(len(report.workbooks), 'workbook')} failed:")
        for line in lines:
            _stderr(line)


def _append_step_summary(report: Report) -> None:
    """Under GitHub Actions, the Markdown summary goes on the run's summary page."""
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary_path:
        return
    buffer = io.StringIO()
    write_to("markdown", report, buffer, OutputOptions())
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
    framework: DetectedFrameworkOption = None,
    output_format: Annotated[str | None, _format_option("score")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
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
    area: AreaOption = None,
    service: ServiceOption = None,
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
    from sqs_cli.inputs import shard_of

    loaded = _framework(framework) if framework is not None else None
    inputs = _expand(paths)
    _check_target(output, inputs=inputs, force=force)
    chosen = _choose_format("score", output_format, output)
    parsed_shard = _parse_shard(shard)
    if parsed_shard is not None:
        inputs = shard_of(inputs, *parsed_shard)
    report = _score_detecting(
        inputs,
        loaded,
        strict=strict,
        jobs=jobs or available_cpus(),
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
        area=area,
        service=service,
    )
    _print_problems(report, quiet=quiet)
    _write_output(
        "score",
        chosen,
        report,
        output,
        inputs=inputs,
        force=force,
        quiet=quiet,
        fail_on=fail_on.value,
    )
    if chosen.name == "github":
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
    framework: DetectedFrameworkOption = None,
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
    loaded = _framework(framework) if framework is not None else None
    report = _score_detecting(_expand(paths), loaded, strict=strict, quiet=quiet, options=options)
    for workbook in report.workbooks:
        for problem in workbook.problems:
            if not (quiet and problem.severity is Severity.WARNING):
                typer.echo(format_problem(problem))
        if workbook.status == "unreadable":
            summary = "unreadable"
        else:
            from sqs_cli.figures import sheets_read

            marked = sum(question.marked for question in workbook.questions)
            sheets = sheets_read(workbook.sheets)
            summary = ", ".join(
                (
                    counted(workbook.cases or 0, "case") + (f" {sheets}" if sheets else ""),
                    f"{counted(marked, 'question')} marked",
                    counted(len(workbook.errors), "error"),
                    counted(len(workbook.warnings), "warning"),
                )
            )
        typer.echo(f"{one_line(workbook.path)}: {summary}")
    accepted = _accepted_values_line(report)
    if accepted:
        typer.echo(accepted)
    raise typer.Exit(exit_code(report))


@app.command(epilog="Example: sqs template -o marking.xlsx --cases 30")
def template(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The marking workbook to write (.xlsx; - is stdout)."),
    ],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    cases: Annotated[
        int, typer.Option("--cases", min=1, max=10_000, help="Rows ready for cases.")
    ] = 20,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it exists (even read-only).")
    ] = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Write a blank marking workbook: a drop-down on every mark, a guide, an Inspection sheet."""
    from sqs_cli.template import Template

    chosen = _choose_format("template", None, output, required_file=True)
    loaded = _framework(framework)
    if not is_stdout(output) and output.exists() and not force:
        _fail(
            Problem(
                "output-not-writable",
                "the file exists; use --force to overwrite it",
                file=str(output),
            )
        )
    _check_target(output, force=force)
    questions = sum(1 for _ in loaded.questions)
    _write_output(
        "template",
        chosen,
        Template(loaded, cases),
        output,
        force=force,
        quiet=quiet,
        detail=f": {counted(cases, 'case row')}, {counted(questions, 'question')}",
    )


@app.command(epilog="Example: sqs report sample_data/coventry-2016.xlsx -o draft.html")
def report(
    workbook: Annotated[Path, typer.Argument(help="The marking workbook to draft from.")],
    framework: DetectedFrameworkOption = None,
    output_format: Annotated[str | None, _format_option("report")] = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    sheet: SheetOption = None,
    skip_hidden: SkipHiddenOption = False,
    show_values: ShowValuesOption = False,
    force: ForceOption = False,
    area: AreaOption = None,
    service: ServiceOption = None,
    debug: DebugOption = False,
) -> None:
    """Draft the inspection report from a workbook's figures, for an inspector to edit."""
    from sqs_cli.draft import draft_report

    loaded = _framework(framework) if framework is not None else None
    inputs = _expand([str(workbook)])
    if len(inputs) > 1:
        _usage_error(
            f"{one_line(str(workbook))} holds {len(inputs)} workbooks, and a report is drafted "
            f"from one: give one of them (such as {one_line(str(inputs[0]))})",
            "'WORKBOOK'",
        )
    _check_target(output, inputs=inputs, force=force)
    chosen = _choose_format("report", output_format, output)
    options = _read_options(None, sheet, skip_hidden, show_values)
    result = _score_detecting(
        inputs, loaded, strict=False, quiet=quiet, options=options, area=area, service=service
    )
    _print_problems(result, quiet=quiet)
    [scored] = result.workbooks
    if scored.status == "unreadable":
        raise typer.Exit(EXIT_UNUSABLE)
    draft = draft_report(scored, result.framework)
    _write_output("report", chosen, draft, output, inputs=inputs, force=force, quiet=quiet)
    raise typer.Exit(exit_code(result))


@app.command(epilog="Example: sqs compare audit-2025.xlsx audit-2026.xlsx")
def compare(
    before: Annotated[Path, typer.Argument(help="The earlier audit: a workbook or JSON report.")],
    after: Annotated[Path, typer.Argument(help="The later audit: a workbook or JSON report.")],
    framework: DetectedFrameworkOption = None,
    output_format: Annotated[str | None, _format_option("compare")] = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    force: ForceOption = False,
    area: AreaOption = None,
    service: ServiceOption = None,
    debug: DebugOption = False,
) -> None:
    """Compare two audits: each question and criterion before and after, and whether the
    change is larger than chance in the sample of cases would give."""
    from sqs_cli.audits import compare_sources

    _check_target(output, inputs=[before, after], force=force)
    chosen = _choose_format("compare", output_format, output)
    if framework is not None:
        loaded = _framework(framework)
    else:
        from sqs_cli.detection import DetectionError, detect_sources

        try:
            detected = detect_sources([before, after], _read_options(None, None, False, False))
        except DetectionError as error:
            _usage_error(str(error), "'--framework'")
        loaded = detected.framework or _framework(DEFAULT_FRAMEWORK)
    try:
        comparison, sides = compare_sources(before, after, loaded, area=area, service=service)
    except SqsError as error:
        _fail(error.problem)
    lines = [
        format_problem(problem)
        for side in sides
        for problem in side.problems
        if not (quiet and problem.severity is Severity.WARNING)
    ]
    if lines:
        _stderr("\n".join(lines))
    _write_output(
        "compare", chosen, comparison, output, inputs=[before, after], force=force, quiet=quiet
    )
    # As `score`: figures from an audit with errors leave out the cells at fault.
    errors = comparison.before.errors or comparison.after.errors
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


@framework_app.command("list", epilog="Example: sqs framework list")
def framework_list(debug: DebugOption = False) -> None:
    """List the built-in frameworks."""
    from sqs_cli.framework import builtin_names, load_builtin

    names = sorted(builtin_names(), key=lambda name: name != DEFAULT_FRAMEWORK)
    for name in names:
        loaded = load_builtin(name)
        questions = sum(1 for _ in loaded.questions)
        criteria = counted(sum(1 for _ in loaded.criteria), "criterion")
        if loaded.judged:
            criteria += f" ({len(loaded.judged)} rated by judgement)"
        overall = f", an overall rating out of {loaded.overall.maximum}" if loaded.overall else ""
        default = "  (default)" if name == DEFAULT_FRAMEWORK else ""
        typer.echo(
            f"{loaded.id}  {loaded.title}: {criteria}, "
            f"{counted(questions, 'question')}{overall}{default}"
        )


@framework_app.command("show", epilog="Example: sqs framework show hmip-youth-2021")
def framework_show(
    name: Annotated[str, typer.Argument(help="Built-in name or framework TOML file.")] = (
        DEFAULT_FRAMEWORK
    ),
    debug: DebugOption = False,
) -> None:
    """Show a framework's themes, criteria, questions and rating policy."""
    from sqs_cli.bands import band_ranges, overall_ranges, points_in_words

    loaded = _framework(name)
    policy = loaded.rating
    typer.echo(f"{loaded.id}: {loaded.title}")
    typer.echo(
        f"Rating: {policy.aggregation} of questions with at least "
        f"{counted(policy.min_relevant, 'relevant case')}"
    )
    for band, reach in band_ranges(policy.bands):
        finding = f" ({band.finding})" if band.finding else ""
        typer.echo(f"  {band.name}: {reach}{finding}")
    if policy.overrides:
        typer.echo(
            "A rating entered on the Ratings sheet, with a reason, replaces the figures' rating"
        )
    for group in loaded.groups:
        values = ", ".join(group.values[:-1]) + " or " if len(group.values) > 1 else ""
        typer.echo(
            f"Group {group.id}: {group.title}, the cases whose {group.column} is "
            f"{values}{group.values[-1]}"
        )
    if loaded.overall is not None:
        overall = loaded.overall
        typer.echo(
            f"Overall: the points of {', '.join(overall.counted)} ({points_in_words(overall)}), "
            f"out of {overall.maximum}"
        )
        for overall_band, reach in overall_ranges(overall):
            typer.echo(f"  {overall_band.name}: {reach}")
    for theme in loaded.themes:
        typer.echo(f"\n{theme.id} {theme.title}")
        for criterion in theme.criteria:
            note = ""
            if criterion.rated_by == "judgement":
                note = "  (rated by judgement: Ratings sheet)"
            elif criterion.group is not None:
                applies = loaded.group(criterion.group)
                note = f"  ({applies.title.lower() if applies else criterion.group} only)"
            typer.echo(f"  {criterion.id} {criterion.title}{note}")
            for question in criterion.questions:
                typer.echo(f"    {question.id}  {question.text}")


@framework_app.command("export", epilog="Example: sqs framework export > mine.toml")
def framework_export(
    name: Annotated[str, typer.Argument(help="Built-in framework to export.")] = (
        DEFAULT_FRAMEWORK
    ),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (.toml) instead of stdout."),
    ] = None,
    quiet: QuietOption = False,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Print a built-in framework's TOML, to copy and edit as your own."""
    from sqs_cli.framework import builtin_text

    _check_target(output, force=force)
    chosen = _choose_format("framework export", None, output)
    try:
        text = builtin_text(name)
    except SqsError as error:
        _fail(error.problem)
    _write_output("framework export", chosen, text, output, force=force, quiet=quiet)


def main() -> None:
    try:
        app()
    except Exception as error:
        # Bad input never reaches here (the library reports it as problems); this is a
        # bug in sqs. Its traceback could quote case data, so it is shown only on request:
        # `--debug`, accepted before the command and after it.
        if "--debug" in sys.argv:
            raise
        _stderr(f"sqs: internal error: {type(error).__name__} (run with --debug for details)")
        sys.exit(EXIT_UNUSABLE)
