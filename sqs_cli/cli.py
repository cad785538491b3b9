"""The `sqs` command line: parse options, call the library, pick a writer, map exit codes."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn, TextIO, overload

import typer

from sqs_cli import __version__
from sqs_cli.output import check_output_target, is_stdout, write_atomically
from sqs_cli.problems import Problem, Severity, SqsError, format_problem
from sqs_cli.safe_text import STREAM_ERRORS, one_line
from sqs_cli.settings import DEFAULT_FRAMEWORK, MB, FailOn, Limits, ReadOptions
from sqs_cli.wording import counted
from sqs_cli.writers import (
    FormatError,
    OutputFormat,
    OutputOptions,
    format_help,
    format_names,
    render,
    render_file,
    resolve_format,
    write_to,
)

if TYPE_CHECKING:
    from sqs_cli.api import ResultCallback
    from sqs_cli.config import ConfigFile, Setting
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
    epilog="Example: sqs framework export -o mine.toml",
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
        "--quiet",
        "-q",
        help="Errors only: no warnings or notices (on stderr, and in every output format), "
        "no progress bar, no 'Wrote FILE'.",
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


ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Take settings from this file (an sqs.toml, or a pyproject.toml with a tool.sqs "
        "table) instead of the nearest one.",
        show_default=False,
    ),
]
IsolatedOption = Annotated[
    bool,
    typer.Option("--isolated", help="Ignore configuration files: defaults and options only."),
]
ShowSettingsOption = Annotated[
    bool,
    typer.Option(
        "--show-settings", help="Print the settings in force, and where each came from; exit."
    ),
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="GLOB",
        help="Leave out workbooks whose path matches this pattern (repeat for several; "
        "replaces the configuration's `exclude`).",
        show_default=False,
    ),
]
ExitZeroOption = Annotated[
    bool,
    typer.Option(
        "--exit-zero", help="Exit 0 whatever the workbooks hold (bad usage still exits 2)."
    ),
]
PooledOption = Annotated[
    bool,
    typer.Option(
        "--pooled",
        help="--fail-on judges the figures pooled across all workbooks, not each workbook's.",
    ),
]
ProgressOption = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress",
        help="A progress bar on stderr for a batch (default: only on an interactive "
        "terminal, never when CI=true; --progress shows it under CI too).",
        show_default=False,
    ),
]
MinRelevantOption = Annotated[
    int | None,
    typer.Option(
        "--min-relevant",
        min=1,
        help="Relevant cases a question needs to be rated (default: the framework's).",
        show_default=False,
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for a batch (default: the number of CPUs).",
        show_default=False,
    ),
]
FailOnOption = Annotated[
    FailOnChoice,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a criterion is an area requiring improvement, or Inadequate.",
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


def _stdout(line: str) -> None:
    _say(line, sys.stdout)


def _stderr(line: str) -> None:
    _say(line, sys.stderr)


def _say(line: str, stream: TextIO) -> None:
    """A line to stdout or stderr in its own encoding. (typer.echo would write UTF-8 to an
    ASCII stream, taking it for a misconfigured locale; main() makes either stream escape
    what its encoding lacks.)"""
    stream.write(line + "\n")
    stream.flush()


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
    pooled: bool = False,
    detail: str = "",
) -> None:
    """Print the output, or write it to -o atomically and say so on stderr (-q: silently)."""
    judged = OutputOptions(fail_on=fail_on, pooled=pooled, quiet=quiet)
    if output is None or is_stdout(output):
        if chosen.binary or chosen.stdout_encoding:
            data = render(chosen.name, subject, judged, command=command)
            sys.stdout.flush()
            sys.stdout.buffer.write(
                data if isinstance(data, bytes) else data.encode(chosen.stdout_encoding or "utf-8")
            )
            sys.stdout.buffer.flush()
        else:
            options = judged._replace(color=None)
            write_to(chosen.name, subject, sys.stdout, options, command=command)
        return
    options = judged._replace(color=False, width=100)
    try:
        content = render_file(chosen.name, subject, options, command=command)
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


def exit_code(report: Report, fail_on: FailOn = "never", *, pooled: bool = False) -> int:
    """The README's exit codes: 2 if anything was unreadable, else 1 for errors or --fail-on
    (judged on the pooled figures under --pooled), else 0."""
    from sqs_cli.scoring import fails

    statuses = {workbook.status for workbook in report.workbooks}
    if "unreadable" in statuses:
        return EXIT_UNUSABLE
    policy = report.framework.rating
    judged = [report.pooled] if pooled else report.workbooks
    if "errors" in statuses or any(fails(w, policy, fail_on) for w in judged):
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


ShardOption = Annotated[
    str | None,
    typer.Option(
        "--shard",
        metavar="K/N",
        callback=_check_shard,
        help="Score only the K-th of N shares of the sorted inputs (CI matrices).",
    ),
]


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed by the caller
        return False


def progress_wanted(
    asked: bool | None, *, terminal: bool, environ: Mapping[str, str] | None = None
) -> bool:
    """A progress bar only where a person watches stderr: an interactive terminal, whatever
    FORCE_COLOR says, and never under CI=true unless --progress asks for it."""
    environ = os.environ if environ is None else environ
    if asked is False or not terminal or environ.get("TERM") == "dumb":
        return False
    return asked is True or environ.get("CI", "").strip().lower() not in {"true", "1", "yes"}


@contextlib.contextmanager
def _progress(
    total: int, *, quiet: bool, asked: bool | None = None
) -> Iterator[ResultCallback | None]:
    """A progress bar on stderr for batches, only where a person is watching a terminal."""
    if quiet or total < 2 or not progress_wanted(asked, terminal=_stderr_is_terminal()):
        yield None
        return
    from rich.console import Console

    # Whether to show it is decided above, whatever Rich would make of FORCE_COLOR.
    console = Console(stderr=True, force_terminal=True, force_interactive=True)
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


STDIN_PATHS = "-"


def _arguments(paths: Sequence[str]) -> list[str]:
    """The PATH arguments, with `-` replaced by the paths piped in (one a line, or
    NUL-separated), as `git ls-files '*.xlsx' | sqs score -` gives them."""
    if STDIN_PATHS not in paths:
        return list(paths)
    from sqs_cli.inputs import paths_from_stream

    piped = paths_from_stream(sys.stdin.buffer.read())
    if not piped:
        _usage_error("no paths on standard input (- reads them one a line)", "'PATH...'")
    arguments: list[str] = []
    for path in paths:
        if path != STDIN_PATHS:
            arguments.append(path)
        elif piped:
            arguments += piped
            piped = []
    return arguments


def _inputs(arguments: list[str], exclude: Setting, *, quiet: bool) -> list[Path]:
    """The workbooks the arguments name, less those --exclude (or `exclude`) leaves out."""
    from sqs_cli.inputs import is_excluded

    found = _expand(arguments)
    patterns = exclude.value or []
    if not patterns:
        return found
    base = exclude.base or Path.cwd()
    kept = [path for path in found if not is_excluded(path, patterns, base)]
    if not kept and not quiet:
        _stderr(f"sqs: every one of {counted(len(found), 'input')} is excluded: nothing to read")
    return kept


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
    progress: bool | None = None,
) -> Report:
    from sqs_cli.api import score_workbooks

    _notice_protection_off(quiet=quiet)
    with _progress(len(inputs), quiet=quiet, asked=progress) as advance:
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
    progress: bool | None = None,
    configured: Configured | None = None,
) -> Report:
    """_score with the framework given; without one, with the built-in the workbooks'
    headers use (sqs_cli/detection.py): the default first, and another only where the
    workbooks call for it, each with configured's min-relevant. Workbooks that fit two
    equally are a usage error."""

    def prepared(framework: Framework) -> Framework:
        return framework if configured is None else _with_min_relevant(framework, configured)

    loaded = given or prepared(_framework(DEFAULT_FRAMEWORK))
    arguments: dict[str, Any] = {
        "strict": strict,
        "jobs": jobs,
        "quiet": quiet,
        "options": options,
        "area": area,
        "service": service,
        "progress": progress,
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
    return _score(inputs, prepared(chosen), **arguments)


def _notice_protection_off(*, quiet: bool) -> None:
    """Said once a run where the system cannot cap a reading worker's memory (Windows)."""
    from sqs_cli.workers import memory_cap_unavailable

    if not quiet and (reason := memory_cap_unavailable()):
        _stderr(
            f"sqs: notice: no memory cap on reading ({reason}); a workbook that needs too "
            "much memory can slow this computer down before it fails"
        )


def _print_failing(report: Report, fail_on: FailOn, *, pooled: bool = False) -> None:
    """For a batch, close with the workbooks that failed, so a CI log ends with them."""
    from sqs_cli.scoring import failing_criteria

    policy = report.framework.rating
    if pooled and (failing := failing_criteria(report.pooled, policy, fail_on)):
        ids = ", ".join(criterion.id for criterion in failing)
        _stderr(f"sqs: the pooled figures fail --fail-on {fail_on} --pooled: {ids}")
        fail_on = "never"
    if len(report.workbooks) < 2:
        return
    lines = []
    for workbook in report.workbooks:
        path = one_line(workbook.path)
        if workbook.status == "unreadable":
            codes = ", ".join(problem.code for problem in workbook.problems)
            lines.append(f"  {path}: unreadable ({codes})")
        elif workbook.status == "errors":
            lines.append(f"  {path}: {counted(len(workbook.errors), 'error')}")
        elif not pooled and (failing := failing_criteria(workbook, policy, fail_on)):
            ids = ", ".join(criterion.id for criterion in failing)
            lines.append(f"  {path}: --fail-on {fail_on}: {ids}")
    if lines:
        _stderr(f"sqs: {len(lines)} of {counted(len(report.workbooks), 'workbook')} failed:")
        for line in lines:
            _stderr(line)


def _append_step_summary(report: Report, options: OutputOptions) -> None:
    """Under GitHub Actions, the Markdown summary and every problem go on the run's page."""
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary_path:
        return
    from sqs_cli.writers.github import step_summary

    try:
        with Path(summary_path).open("a", encoding="utf-8") as stream:
            stream.write(step_summary(report, options))
    except OSError as error:
        _stderr(f"sqs: cannot append to GITHUB_STEP_SUMMARY ({error.strerror or error})")


# Each setting a configuration file may hold, with the parameter of the option that sets it.
_SETTING_OPTIONS = {
    "framework": "framework",
    "format": "output_format",
    "fail-on": "fail_on",
    "strict": "strict",
    "exclude": "exclude",
    "jobs": "jobs",
    "min-relevant": "min_relevant",
}


_FRAMEWORK_SETTINGS = ("framework", "min-relevant")


class Configured(NamedTuple):
    """The settings in force for a command: options given, else the file's, else defaults."""

    file: ConfigFile | None
    settings: dict[str, Setting]

    def value(self, key: str) -> Any:
        return self.settings[key].value


def _given(ctx: typer.Context, name: str) -> bool:
    """Whether an option was given on the command line, not left at its default."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in {"DEFAULT", "DEFAULT_MAP"}


def _configure(ctx: typer.Context, command: str, config: Path | None, isolated: bool) -> Configured:
    """The command's settings: its options, the configuration file (`--config`, else the
    nearest sqs.toml or [tool.sqs], unless --isolated) and the defaults, in that order."""
    from sqs_cli.config import resolve, settings_file
    from sqs_cli.writers import DEFAULT_FORMATS

    defaults: dict[str, Any] = {
        "framework": DEFAULT_FRAMEWORK,
        "format": DEFAULT_FORMATS.get(command, "table"),
        "fail-on": "never",
        "strict": False,
        "exclude": [],
        "jobs": available_cpus(),
        "min-relevant": None,
    }
    given: dict[str, Any] = {}
    for key, name in _SETTING_OPTIONS.items():
        if name not in ctx.params:
            # The framework and its policy apply to every command that rates, so that
            # report and compare rate as score does; the rest only where it has the option.
            if key not in _FRAMEWORK_SETTINGS:
                defaults.pop(key)
        elif _given(ctx, name):
            value = ctx.params[name]
            given[key] = value.value if isinstance(value, StrEnum) else value
    if command in ("validate", "config"):
        # `format` and `fail-on` in a file are score's and merge's: a commit hook's
        # `sqs validate` still lists problems for a person to read.
        defaults.pop("format", None)
        defaults.pop("fail-on", None)
    try:
        found = settings_file(Path.cwd(), config, isolated=isolated)
    except SqsError as error:
        _fail(error.problem)
    return Configured(found, resolve(found, given, defaults))


@overload
def _configured_framework(configured: Configured) -> Framework: ...
@overload
def _configured_framework(configured: Configured, *, detect: bool) -> Framework | None: ...
def _configured_framework(configured: Configured, *, detect: bool = False) -> Framework | None:
    """The framework setting loaded, a file in the configuration read from its folder, with
    the min-relevant setting applied. With detect, None where neither the command line nor
    a configuration file names one: the workbooks' headers choose (_score_detecting)."""
    from sqs_cli.config import COMMAND_LINE, DEFAULT
    from sqs_cli.framework import builtin_names

    setting = configured.settings["framework"]
    if detect and setting.source == DEFAULT:
        return None
    value = setting.value
    if setting.source not in (COMMAND_LINE, DEFAULT) and value not in builtin_names():
        value = str((setting.base or Path.cwd()) / value)
    return _with_min_relevant(_framework(value), configured)


def _with_min_relevant(loaded: Framework, configured: Configured) -> Framework:
    minimum = configured.settings.get("min-relevant")
    if minimum is None or minimum.value is None:
        return loaded
    return loaded._replace(rating=loaded.rating._replace(min_relevant=minimum.value))


def _show_settings(configured: Configured, loaded: Framework | None = None) -> NoReturn:
    from sqs_cli.config import describe

    notes = {"jobs": "the number of CPUs"}
    settings = dict(configured.settings)
    if loaded is None and "framework" in settings:
        notes["framework"] = "unless the workbooks' headers use another built-in's questions"
    if loaded is not None and "min-relevant" in settings:
        if settings["min-relevant"].value is None:
            settings["min-relevant"] = settings["min-relevant"]._replace(
                value=loaded.rating.min_relevant
            )
        notes["min-relevant"] = f"framework {loaded.id}'s"
    typer.echo("\n".join(describe(settings, configured.file, notes)))
    raise typer.Exit(EXIT_OK)


def _chosen_format(command: str, configured: Configured, output: Path | None) -> OutputFormat:
    """--format, else the suffix of -o, else the configuration's `format`, else the
    command's default."""
    from sqs_cli.config import DEFAULT

    setting = configured.settings.get("format")
    requested = None
    if setting is not None and setting.source != DEFAULT:
        has_suffix = output is not None and not is_stdout(output) and bool(output.suffix)
        from sqs_cli.config import COMMAND_LINE

        if setting.source == COMMAND_LINE or not has_suffix:
            requested = setting.value
    return _choose_format(command, requested, output)


def _created() -> str:
    """When this run made its report, in UTC: SOURCE_DATE_EPOCH when it is set (the
    reproducible-builds convention), else now."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.datetime.now(datetime.UTC)
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


_FORMATS_THAT_COUNT_WARNINGS = ("table", "markdown")


def _without_warnings(report: Report) -> Report:
    """-q: warnings left out of every format, as they are left off stderr."""
    from dataclasses import replace

    return replace(
        report,
        workbooks=tuple(
            replace(w, problems=tuple(p for p in w.problems if p.severity is not Severity.WARNING))
            for w in report.workbooks
        ),
    )


class _GivenInputs(NamedTuple):
    # The PATH arguments as given (or read from standard input), before expansion.
    arguments: tuple[str, ...]
    # The files to read: expanded, excluded, and this shard's share.
    inputs: list[Path]
    shard: tuple[int, int] | None


def _given_inputs(
    paths: list[str],
    configured: Configured,
    *,
    shard: str | None,
    output: Path | None,
    force: bool,
    quiet: bool,
) -> _GivenInputs:
    """score's and validate's PATH arguments as the files to read, with the output checked
    never to be one of them."""
    from sqs_cli.inputs import shard_of

    arguments = _arguments(paths)
    inputs = _inputs(arguments, configured.settings["exclude"], quiet=quiet)
    _check_target(output, inputs=inputs, force=force)
    parsed_shard = _parse_shard(shard)
    if parsed_shard is not None:
        inputs = shard_of(inputs, *parsed_shard)
    return _GivenInputs(tuple(arguments), inputs, parsed_shard)


def _finish(
    command: str,
    report: Report,
    chosen: OutputFormat,
    output: Path | None,
    *,
    inputs: Sequence[Path] = (),
    force: bool,
    quiet: bool,
    fail_on: FailOn,
    pooled: bool,
    exit_zero: bool,
    problems_on_stderr: bool = True,
) -> NoReturn:
    """What score, validate and merge do with their report: problems on stderr, the output,
    the step summary, the failing workbooks, and the exit code."""
    if problems_on_stderr:
        _print_problems(report, quiet=quiet)
    # -q leaves warnings out of every list of problems; the table and Markdown, which only
    # count them (their problems are listed on stderr), still count them truly.
    listed = report
    if quiet and chosen.name not in _FORMATS_THAT_COUNT_WARNINGS:
        listed = _without_warnings(report)
    _write_output(
        command,
        chosen,
        listed,
        output,
        inputs=inputs,
        force=force,
        quiet=quiet,
        fail_on=fail_on,
        pooled=pooled,
    )
    if chosen.name == "github":
        _append_step_summary(report, OutputOptions(fail_on=fail_on, pooled=pooled, quiet=quiet))
    _print_failing(report, fail_on, pooled=pooled)
    raise typer.Exit(EXIT_OK if exit_zero else exit_code(report, fail_on, pooled=pooled))


@app.command(
    epilog="Example: sqs score sample_data/coventry-2016.xlsx --format json -o report.json"
)
def score(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Marking workbooks, folders of them, or glob patterns; - reads paths from "
            "standard input, one a line.",
        ),
    ],
    framework: DetectedFrameworkOption = None,
    output_format: Annotated[str | None, _format_option("score")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    strict: StrictOption = False,
    fail_on: FailOnOption = FailOnChoice.never,
    jobs: JobsOption = None,
    shard: ShardOption = None,
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
    pooled: PooledOption = False,
    exit_zero: ExitZeroOption = False,
    exclude: ExcludeOption = None,
    min_relevant: MinRelevantOption = None,
    progress: ProgressOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    show_settings: ShowSettingsOption = False,
) -> None:
    """Score workbooks: N out of M sufficient per question, criterion ratings, findings."""
    from sqs_cli.results import Run

    configured = _configure(ctx, "score", config, isolated)
    loaded = _configured_framework(configured, detect=True)
    if show_settings:
        _show_settings(configured, loaded)
    given = _given_inputs(paths, configured, shard=shard, output=output, force=force, quiet=quiet)
    inputs = given.inputs
    chosen = _chosen_format("score", configured, output)
    report = _score_detecting(
        inputs,
        loaded,
        strict=configured.value("strict"),
        jobs=configured.value("jobs"),
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
        progress=progress,
        configured=configured,
    )
    run = Run(inputs=given.arguments, shard=given.shard, created=_created())
    _finish(
        "score",
        replace(report, run=run),
        chosen,
        output,
        inputs=inputs,
        force=force,
        quiet=quiet,
        fail_on=configured.value("fail-on"),
        pooled=pooled,
        exit_zero=exit_zero,
    )


@app.command(epilog="Example: sqs validate sample_data/coventry-2016.xlsx")
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Marking workbooks, folders of them, or glob patterns; - reads paths from "
            "standard input, one a line.",
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
    output_format: Annotated[str | None, _format_option("validate")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    jobs: JobsOption = None,
    shard: ShardOption = None,
    exit_zero: ExitZeroOption = False,
    exclude: ExcludeOption = None,
    progress: ProgressOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    show_settings: ShowSettingsOption = False,
) -> None:
    """Read and check workbooks only: list every problem with its sheet and cell."""
    from sqs_cli.results import Run

    configured = _configure(ctx, "validate", config, isolated)
    loaded = _configured_framework(configured, detect=True)
    if show_settings:
        _show_settings(configured, loaded)
    limits = _limits(
        max_file_mb, max_expanded_mb, max_ratio, max_rows, max_columns, max_cells, max_memory_mb
    )
    options = _read_options(limits, sheet, skip_hidden, show_values)
    given = _given_inputs(paths, configured, shard=shard, output=output, force=force, quiet=quiet)
    inputs = given.inputs
    chosen = _choose_format("validate", output_format, output)
    report = _score_detecting(
        inputs,
        loaded,
        strict=configured.value("strict"),
        jobs=configured.value("jobs"),
        quiet=quiet,
        options=options,
        progress=progress,
        configured=configured,
    )
    run = Run(inputs=given.arguments, shard=given.shard, created=_created())
    _finish(
        "validate",
        replace(report, run=run),
        chosen,
        output,
        inputs=inputs,
        force=force,
        quiet=quiet,
        fail_on="never",
        pooled=False,
        exit_zero=exit_zero,
        # Its own listing has every problem on stdout; the other formats keep score's ways.
        problems_on_stderr=chosen.name != "table",
    )


@app.command(epilog="Example: sqs merge sqs-1.json sqs-2.json sqs-3.json --format github")
def merge(
    ctx: typer.Context,
    reports: Annotated[
        list[Path],
        typer.Argument(
            metavar="REPORT.json",
            help="The JSON reports of a run's shards (sqs score --shard K/N --format json), "
            "or of whole runs of different workbooks.",
        ),
    ],
    framework: Annotated[
        str,
        typer.Option(
            "--framework",
            "-f",
            help="A framework TOML file, or the name of a built-in framework (default: the "
            "built-in framework the reports name).",
            show_default=False,
        ),
    ] = DEFAULT_FRAMEWORK,
    output_format: Annotated[str | None, _format_option("merge")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    fail_on: FailOnOption = FailOnChoice.never,
    pooled: PooledOption = False,
    exit_zero: ExitZeroOption = False,
    quiet: QuietOption = False,
    min_relevant: MinRelevantOption = None,
    max_file_mb: MaxFileOption = _LIMITS.max_file_bytes // MB,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    show_settings: ShowSettingsOption = False,
    debug: DebugOption = False,
) -> None:
    """Pool the JSON reports of shards into one result: the figures, summary and exit code
    one unsharded run would give, in any format."""
    from sqs_cli.config import DEFAULT
    from sqs_cli.merging import load_report, merge_reports, report_framework_id

    configured = _configure(ctx, "merge", config, isolated)
    try:
        documents = [load_report(path, max_file_mb * MB) for path in reports]
        if configured.settings["framework"].source == DEFAULT:
            named = report_framework_id(documents[0])
            configured.settings["framework"] = configured.settings["framework"]._replace(
                value=named, source=f"{documents[0].source} (the reports' framework)"
            )
    except SqsError as error:
        _fail(error.problem)
    from sqs_cli.framework import builtin_names

    setting = configured.settings["framework"]
    if setting.source.endswith("(the reports' framework)") and setting.value not in builtin_names():
        _usage_error(
            f"the reports were scored with framework {setting.value!r}, which is not built "
            "in: give its file with --framework",
            "'--framework'",
        )
    loaded = _configured_framework(configured)
    if show_settings:
        _show_settings(configured, loaded)
    _check_target(output, inputs=reports, force=force)
    chosen = _chosen_format("merge", configured, output)
    try:
        report = merge_reports(documents, loaded, created=_created())
    except SqsError as error:
        _fail(error.problem)
    _finish(
        "merge",
        report,
        chosen,
        output,
        inputs=reports,
        force=force,
        quiet=quiet,
        fail_on=configured.value("fail-on"),
        pooled=pooled,
        exit_zero=exit_zero,
    )


@app.command("config", epilog="Example: sqs config --config ci/sqs.toml")
def config_command(
    ctx: typer.Context,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    debug: DebugOption = False,
) -> None:
    """Print the settings in force here (sqs.toml, or the tool.sqs table of the nearest
    pyproject.toml) and where each came from, as TOML."""
    from sqs_cli.config import KEYS, resolve, settings_file
    from sqs_cli.writers import DEFAULT_FORMATS

    try:
        found = settings_file(Path.cwd(), config, isolated=isolated)
    except SqsError as error:
        _fail(error.problem)
    defaults: dict[str, Any] = {
        "framework": DEFAULT_FRAMEWORK,
        "format": DEFAULT_FORMATS["score"],
        "fail-on": "never",
        "strict": False,
        "exclude": [],
        "jobs": available_cpus(),
        "min-relevant": None,
    }
    configured = Configured(found, resolve(found, {}, {key: defaults[key] for key in KEYS}))
    _show_settings(configured, _configured_framework(configured))


@app.command(epilog="Example: sqs template -o marking.xlsx --cases 30")
def template(
    ctx: typer.Context,
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
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Write a blank marking workbook: a drop-down on every mark, a guide, an Inspection sheet."""
    from sqs_cli.template import Template

    chosen = _choose_format("template", None, output, required_file=True)
    loaded = _configured_framework(_configure(ctx, "template", config, isolated))
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
    ctx: typer.Context,
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
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Draft the inspection report from a workbook's figures, for an inspector to edit."""
    from sqs_cli.draft import draft_report

    configured = _configure(ctx, "report", config, isolated)
    loaded = _configured_framework(configured, detect=True)
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
        inputs,
        loaded,
        strict=False,
        quiet=quiet,
        options=options,
        area=area,
        service=service,
        configured=configured,
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
    ctx: typer.Context,
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
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Compare two audits: each question and criterion before and after, and whether the
    change is larger than chance in the sample of cases would give."""
    from sqs_cli.audits import compare_sources

    configured = _configure(ctx, "compare", config, isolated)
    loaded = _configured_framework(configured, detect=True)
    _check_target(output, inputs=[before, after], force=force)
    chosen = _choose_format("compare", output_format, output)
    if loaded is None:
        from sqs_cli.detection import DetectionError, detect_sources

        try:
            detected = detect_sources([before, after], _read_options(None, None, False, False))
        except DetectionError as error:
            _usage_error(str(error), "'--framework'")
        loaded = _with_min_relevant(detected.framework or _framework(DEFAULT_FRAMEWORK), configured)
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
        _stdout(
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
    _stdout(f"{loaded.id}: {loaded.title}")
    _stdout(
        f"Rating: {policy.aggregation} of questions with at least "
        f"{counted(policy.min_relevant, 'relevant case')}"
    )
    for band, reach in band_ranges(policy.bands):
        finding = f" ({band.finding})" if band.finding else ""
        _stdout(f"  {band.name}: {reach}{finding}")
    if policy.overrides:
        _stdout(
            "A rating entered on the Ratings sheet, with a reason, replaces the figures' rating"
        )
    for group in loaded.groups:
        values = ", ".join(group.values[:-1]) + " or " if len(group.values) > 1 else ""
        _stdout(
            f"Group {group.id}: {group.title}, the cases whose {group.column} is "
            f"{values}{group.values[-1]}"
        )
    if loaded.overall is not None:
        overall = loaded.overall
        _stdout(
            f"Overall: the points of {', '.join(overall.counted)} ({points_in_words(overall)}), "
            f"out of {overall.maximum}"
        )
        for overall_band, reach in overall_ranges(overall):
            _stdout(f"  {overall_band.name}: {reach}")
    for theme in loaded.themes:
        _stdout(f"\n{theme.id} {theme.title}")
        for criterion in theme.criteria:
            note = ""
            if criterion.rated_by == "judgement":
                note = "  (rated by judgement: Ratings sheet)"
            elif criterion.group is not None:
                applies = loaded.group(criterion.group)
                note = f"  ({applies.title.lower() if applies else criterion.group} only)"
            _stdout(f"  {criterion.id} {criterion.title}{note}")
            for question in criterion.questions:
                _stdout(f"    {question.id}  {question.text}")


@framework_app.command("export", epilog="Example: sqs framework export -o mine.toml")
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


def _escape_what_the_output_cannot_show() -> None:
    """Where stdout or stderr would stop sqs on a character its encoding lacks (a `✓` in a
    Windows code page, `ô` under the C locale), escape it instead (`\\u2713`): text from a
    file is shown, never dropped or replaced; a file name's undecodable bytes are written
    back as they were (STREAM_ERRORS). A stream that escapes or replaces already (Python's
    stderr) keeps its way."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            stream.reconfigure(errors=STREAM_ERRORS)


def _only_the_command_run(argv: list[str]) -> typer.Typer:
    """The app with only the command this run names.

    Typer turns the signature of every command into Click options on every run, about
    10 ms for sqs's commands, of a start that the command itself may spend 5 ms in. A run
    that names no command (`--help`, `--version`, a mistyped name) keeps them all, for
    the list and the "did you mean".
    """
    from typer.main import get_command_name

    name = next((argument for argument in argv[1:] if not argument.startswith("-")), None)
    commands = [
        command
        for command in app.registered_commands
        if name == (command.name or get_command_name(getattr(command.callback, "__name__", "")))
    ]
    groups = [group for group in app.registered_groups if group.name == name]
    if not (commands or groups):
        return app
    import copy

    only = copy.copy(app)
    only.registered_commands = commands
    only.registered_groups = groups
    return only


def _expand_in_order(arguments: Sequence[str]) -> list[Path]:
    """Each argument's files (a folder or pattern's sorted), in the order given: the order
    names the markers of `agree` and orders the undated audits of `trend`."""
    from sqs_cli.inputs import expand_inputs

    paths: dict[Path, None] = {}
    try:
        for argument in arguments:
            paths.update(dict.fromkeys(expand_inputs([argument])))
    except SqsError as error:
        _fail(error.problem)
    return list(paths)


def _print_found(problems: Sequence[Problem], *, quiet: bool) -> None:
    lines = [
        format_problem(found)
        for found in problems
        if not (quiet and found.severity is Severity.WARNING)
    ]
    if lines:
        _stderr("\n".join(lines))


def _fraction(value: str | None) -> str | None:
    """Typer callback: --fraction is a share of the list, above 0 and at most 1."""
    if value is None:
        return None
    from fractions import Fraction

    try:
        share = Fraction(value.strip())
    except (ValueError, ZeroDivisionError):
        raise typer.BadParameter(f"{value!r} is not a number such as 0.2 or 1/5") from None
    if not 0 < share <= 1:
        raise typer.BadParameter(f"{value!r} must be above 0 and at most 1 (0.2 is a fifth)")
    return value


@app.command(
    epilog="Examples: sqs sample cases.xlsx --fraction 0.2 --min 20 --strata Disposal "
    "-o marking.xlsx  |  sqs sample cases.csv --size 30 --seed 2026 (prints the draw)  |  "
    "sqs sample cases.csv --size 30 --exclude-ids last-marking.xlsx -o marking.xlsx"
)
def sample(
    case_list: Annotated[
        Path,
        typer.Argument(
            metavar="CASELIST",
            help="The case list (xlsx, xls, xlsb, ods or csv): a case-ID column and "
            "descriptive columns, one row per case.",
        ),
    ],
    size: Annotated[int | None, typer.Option("--size", min=1, help="Draw this many cases.")] = None,
    fraction: Annotated[
        str | None,
        typer.Option(
            "--fraction",
            callback=_fraction,
            help="Draw this share of the cases, rounded up (0.2: a fifth).",
        ),
    ] = None,
    minimum: Annotated[
        int,
        typer.Option(
            "--min", min=0, help="With --fraction: at least this many cases (all, if fewer)."
        ),
    ] = 0,
    strata: Annotated[
        list[str] | None,
        typer.Option(
            "--strata",
            metavar="COLUMN",
            help="Stratify by this column (repeat for several): each stratum's share is "
            "proportional, by largest remainders, with at least one case each where the "
            "size allows.",
            show_default=False,
        ),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            metavar="COLUMN",
            help="Also carry this column of the list into the marking workbook (repeat "
            "for several); the strata columns are carried too.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help="The draw's seed: the same seed and list give the same sample everywhere. "
            "Without it, sqs chooses one and prints it.",
            show_default=False,
        ),
    ] = None,
    exclude_ids: Annotated[
        Path | None,
        typer.Option(
            "--exclude-ids",
            metavar="FILE",
            help="Leave out the cases in this file (a list, or last time's marking "
            "workbook): every case ID of its sheets with a case-ID column.",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="NAME",
            help="The list's sheet (default: the first with a case-ID column).",
        ),
    ] = None,
    id_column: Annotated[
        str | None,
        typer.Option(
            "--id-column",
            metavar="HEADER",
            help="The case-ID column's header, when it is not 'Case ID' (or Case, Case ref...).",
        ),
    ] = None,
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    output_format: Annotated[str | None, _format_option("sample")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Draw a reproducible, stratified sample of cases into a marking workbook."""
    import secrets
    from fractions import Fraction

    from sqs_cli.case_sample import list_problems, sample_cases
    from sqs_cli.sampling import SizeRule

    if (size is None) == (fraction is None):
        _usage_error("give --size N, or --fraction F (with --min M)", "'--size' / '--fraction'")
    if minimum and fraction is None:
        _usage_error("--min goes with --fraction", "'--min'")
    rule = (
        SizeRule(size=size)
        if size is not None
        else SizeRule(
            fraction=Fraction((fraction or "").strip()),
            minimum=minimum,
            fraction_text=(fraction or "").strip(),
        )
    )
    inputs = [case_list, *([exclude_ids] if exclude_ids is not None else [])]
    _check_target(output, inputs=inputs, force=force)
    chosen = _choose_format("sample", output_format, output)
    loaded = _framework(framework)
    seed_chosen = seed is None
    drawn_seed = secrets.randbelow(1_000_000) if seed is None else seed
    try:
        record = sample_cases(
            case_list,
            loaded,
            rule,
            drawn_seed,
            strata=strata or (),
            columns=column or (),
            exclude=exclude_ids,
            sheet=sheet,
            id_header=id_column,
            seed_chosen=seed_chosen,
            framework_option="" if framework == DEFAULT_FRAMEWORK else framework,
            output=None if output is None or is_stdout(output) else str(output),
        )
    except SqsError as error:
        _print_found(list_problems(error), quiet=quiet)
        raise typer.Exit(EXIT_UNUSABLE) from None
    _print_found(record.problems, quiet=quiet)
    if seed_chosen and not quiet:
        _stderr(f"sqs: seed {drawn_seed} chosen: --seed {drawn_seed} draws this sample again")
    detail = f": {counted(record.draw.size, 'case')} of {record.draw.population}"
    _write_output(
        "sample", chosen, record, output, inputs=inputs, force=force, quiet=quiet, detail=detail
    )


@app.command(
    epilog="Examples: sqs agree first-marker.xlsx second-marker.xlsx  |  "
    "sqs agree a.xlsx b.xlsx c.xlsx --binary --format markdown -o moderation.md"
)
def agree(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="FIRST SECOND [MORE]...",
            help="Two or more markers' workbooks of the same cases (or folders, patterns).",
        ),
    ],
    binary: Annotated[
        bool,
        typer.Option(
            "--binary",
            help="Compare sufficient against not sufficient, not the four judgements.",
        ),
    ] = False,
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    output_format: Annotated[str | None, _format_option("agree")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    sheet: SheetOption = None,
    skip_hidden: SkipHiddenOption = False,
    show_values: ShowValuesOption = False,
    debug: DebugOption = False,
) -> None:
    """Moderation: how far markers of the same cases agree, per question and overall, and
    the cells where they differ."""
    from sqs_cli.moderation import moderate

    loaded = _framework(framework)
    inputs = _expand_in_order(paths)
    if len(inputs) < 2:
        _usage_error("give two or more markers' workbooks of the same cases", "'FIRST SECOND'")
    _check_target(output, inputs=inputs, force=force)
    chosen = _choose_format("agree", output_format, output)
    _notice_protection_off(quiet=quiet)
    found = moderate(
        inputs,
        loaded,
        binary=binary,
        options=_read_options(None, sheet, skip_hidden, show_values),
        jobs=min(available_cpus(), len(inputs)),
    )
    _print_found(found.problems, quiet=quiet)
    if found.agreement is None:
        _stderr("sqs: fewer than two of the workbooks could be read: there is no agreement to give")
        raise typer.Exit(EXIT_UNUSABLE)
    _write_output("agree", chosen, found.agreement, output, inputs=inputs, force=force, quiet=quiet)
    if found.unreadable:
        raise typer.Exit(EXIT_UNUSABLE)
    errors = any(marker.errors for marker in found.agreement.markers)
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


@app.command(
    epilog="Examples: sqs trend audits/2025-*.xlsx audits/2026-*.xlsx  |  "
    "sqs trend audits/ -o trend.html  |  sqs trend q1.json q2.json q3.json --format csv"
)
def trend(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="AUDIT...",
            help="Audits of one service: workbooks, JSON reports of `sqs score`, folders or "
            "patterns; ordered by fieldwork date where every audit has one.",
        ),
    ],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    output_format: Annotated[str | None, _format_option("trend")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    area: AreaOption = None,
    service: ServiceOption = None,
    sheet: SheetOption = None,
    skip_hidden: SkipHiddenOption = False,
    debug: DebugOption = False,
) -> None:
    """Follow the figures across many audits: each criterion's and question's proportion
    per audit, its interval, and the steps larger than chance would give."""
    from sqs_cli.trend_sources import read_trend

    loaded = _framework(framework)
    inputs = _expand_in_order(paths)
    _check_target(output, inputs=inputs, force=force)
    chosen = _choose_format("trend", output_format, output)
    _notice_protection_off(quiet=quiet)
    reading = read_trend(
        inputs,
        loaded,
        options=_read_options(None, sheet, skip_hidden, False),
        jobs=available_cpus(),
        area=area,
        service=service,
    )
    _print_found(reading.problems, quiet=quiet)
    _write_output("trend", chosen, reading.trend, output, inputs=inputs, force=force, quiet=quiet)
    if reading.unreadable:
        raise typer.Exit(EXIT_UNUSABLE)
    audits = reading.trend.audits
    gaps_or_errors = any(audit.errors or audit.figures is None for audit in audits)
    raise typer.Exit(EXIT_FINDINGS if gaps_or_errors else EXIT_OK)


def main() -> None:
    _escape_what_the_output_cannot_show()
    try:
        _only_the_command_run(sys.argv)()
    except Exception as error:
        # Bad input never reaches here (the library reports it as problems); this is a
        # bug in sqs. Its traceback could quote case data, so it is shown only on request:
        # `--debug`, accepted before the command and after it.
        if "--debug" in sys.argv:
            raise
        _stderr(f"sqs: internal error: {type(error).__name__} (run with --debug for details)")
        sys.exit(EXIT_UNUSABLE)
