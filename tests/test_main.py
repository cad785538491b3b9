"""`python -m sqs_cli`, the console script, and what a bug in sqs looks like to a user."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sqs_cli import __version__, cli


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

    monkeypatch.setattr(cli, "score_workbooks", broken)
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

    monkeypatch.setattr(cli, "score_workbooks", broken)
    monkeypatch.setattr(sys, "argv", ["sqs", "score", "--debug", "sample_data/coventry-2016.xlsx"])
    with pytest.raises(RuntimeError, match="for the developer"):
        cli.main()
