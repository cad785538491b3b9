"""sqs_cli.output: atomic writes that never land on an input."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqs_cli.output import write_atomically
from sqs_cli.problems import SqsError


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    write_atomically(target, "new\n")
    assert target.read_text() == "new\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.json"]


def test_refuses_to_write_onto_an_input(tmp_path: Path) -> None:
    source = tmp_path / "marking.xlsx"
    source.write_bytes(b"workbook bytes")
    with pytest.raises(SqsError) as caught:
        write_atomically(tmp_path / "." / "marking.xlsx", "report", inputs=[source])
    assert caught.value.problem.code == "output-not-writable"
    assert source.read_bytes() == b"workbook bytes"


def test_missing_folder_is_a_clear_problem(tmp_path: Path) -> None:
    with pytest.raises(SqsError) as caught:
        write_atomically(tmp_path / "no" / "such" / "report.json", "report")
    assert caught.value.problem.code == "output-not-writable"
    assert caught.value.problem.message.startswith("cannot write: ")


def test_an_interrupted_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous report")

    def interrupted(_: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("sqs_cli.output.os.fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "half a report")
    assert target.read_text() == "previous report"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.json"]
