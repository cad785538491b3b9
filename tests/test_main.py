"""`python -m sqs_cli`, the console script, and what a bug in sqs looks like to a user."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sqs_cli import __version__, cli
from tests.conftest import COVENTRY


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sqs_cli", "--version"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, f"sqs {__version__}\n")


def test_an_internal_error_is_one_line_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("case C-17 data in the message")

    monkeypatch.setattr("sqs_cli.api.score_workbooks", broken)
    monkeypatch.setattr(sys, "argv", ["sqs", "score", "sample_data/coventry-2016.xlsx"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.err == "sqs: internal error: RuntimeError (run with --debug for details)\n"
    assert "C-17" not in captured.err
    assert "Traceback" not in captured.err


def test_debug_shows_the_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("for the developer")

    monkeypatch.setattr("sqs_cli.api.score_workbooks", broken)
    monkeypatch.setattr(sys, "argv", ["sqs", "score", "--debug", "sample_data/coventry-2016.xlsx"])
    with pytest.raises(RuntimeError, match="for the developer"):
        cli.main()


def _imported(*args: str) -> set[str]:
    """The modules `python -m sqs_cli ARGS` imports, from `python -X importtime`."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sqs_cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize(
    ("args", "never"),
    [
        (("--version",), {"pandas", "openpyxl", "python_calamine", "rich.console", "pydantic"}),
        (("--help",), {"pandas", "openpyxl", "python_calamine", "pydantic"}),
        (
            ("score", "sample_data/coventry-2016.xlsx", "--format", "json"),
            {"pandas", "openpyxl", "rich.console", "pydantic", "concurrent.futures"},
        ),
    ],
)
def test_start_up_imports_only_what_the_command_needs(
    args: tuple[str, ...], never: set[str]
) -> None:
    imported = _imported(*args)
    assert "sqs_cli" in imported
    assert imported & never == set()


_C = str(COVENTRY)
# Each command, and a function it calls that a bug could break.
COMMANDS = [
    (["score", _C], "sqs_cli.api.score_workbooks"),
    (["validate", _C], "sqs_cli.api.score_workbooks"),
    (["report", _C], "sqs_cli.draft.draft_report"),
    (["compare", _C, _C], "sqs_cli.audits.compare_sources"),
    (["template", "-o", "-"], "sqs_cli.template.template_bytes"),
    (["framework", "list"], "sqs_cli.framework.load_builtin"),
    (["framework", "show"], "sqs_cli.framework.load_builtin"),
    (["framework", "export"], "sqs_cli.framework.builtin_text"),
]


@pytest.mark.parametrize(("arguments", "target"), COMMANDS, ids=lambda v: " ".join(v)[:30])
@pytest.mark.parametrize("where", ["before the command", "after it", "nowhere"])
def test_debug_works_on_every_command(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    target: str,
    where: str,
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("for the developer")

    monkeypatch.setattr(target, broken)
    argv = {
        "before the command": ["--debug", *arguments],
        "after it": [*arguments, "--debug"],
        "nowhere": arguments,
    }[where]
    monkeypatch.setattr(sys, "argv", ["sqs", *argv])
    if where == "nowhere":
        with pytest.raises(SystemExit) as exited:
            cli.main()
        assert exited.value.code == 2
        assert capsys.readouterr().err == (
            "sqs: internal error: RuntimeError (run with --debug for details)\n"
        )
    else:
        with pytest.raises(RuntimeError, match="for the developer"):
            cli.main()


def test_a_run_builds_only_the_command_it_names() -> None:
    # Typer makes every command's options on every run: a run needs its own only.
    assert [
        c.callback.__name__
        for c in cli._only_the_command_run(["sqs", "score", "x"]).registered_commands
    ] == ["score"]  # type: ignore[union-attr]
    assert [
        g.name
        for g in cli._only_the_command_run(
            ["sqs", "--debug", "framework", "list"]
        ).registered_groups
    ] == ["framework"]
    # No command named (help, version, a typo): all of them, for the list and the hints.
    for argv in (["sqs"], ["sqs", "--help"], ["sqs", "scor"]):
        assert cli._only_the_command_run(argv) is cli.app
    assert len(cli.app.registered_commands) > 1
