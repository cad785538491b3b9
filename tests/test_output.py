"""sqs_cli.output: atomic writes that never land on an input."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sqs_cli import output
from sqs_cli.output import check_output_target, write_atomically
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


def test_a_new_file_gets_the_permissions_of_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "shared.json", "{}")
        os.umask(0o077)
        write_atomically(tmp_path / "private.json", "{}")
    finally:
        os.umask(previous)
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "shared.json").stat().st_mode) == 0o644
        assert stat.S_IMODE((tmp_path / "private.json").stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    target.chmod(0o640)
    write_atomically(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    with pytest.raises(SqsError) as caught:
        write_atomically(folder, "report")
    assert caught.value.problem.code == "output-not-writable"
    assert caught.value.problem.message == (
        "is a folder: sqs writes only to a regular file or a new path (-o FILE)"
    )
    assert folder.is_dir()
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_and_kept(tmp_path: Path) -> None:
    fifo = tmp_path / "results.json"
    os.mkfifo(fifo)
    with pytest.raises(SqsError) as caught:
        write_atomically(fifo, "report")
    assert caught.value.problem.message.startswith("is a named pipe (FIFO): ")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["results.json"]


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full", "/dev/zero"])
def test_a_device_is_refused_before_anything_is_written(device: str) -> None:
    # Only the check runs here: a test must never risk replacing a real device node.
    path = Path(device)
    if not path.exists() or not stat.S_ISCHR(path.stat().st_mode):
        pytest.skip(f"no {device} here")
    with pytest.raises(SqsError) as caught:
        check_output_target(path)
    assert caught.value.problem.message == (
        "is a device: sqs writes only to a regular file or a new path (-o FILE)"
    )


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and devices are POSIX here")
def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null here")
    link = tmp_path / "results.json"
    link.symlink_to("/dev/null")
    with pytest.raises(SqsError) as caught:
        check_output_target(link)
    assert caught.value.problem.message.startswith("is a device: ")


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_a_read_only_file_needs_force(tmp_path: Path) -> None:
    # Judged by the permission bits: tests run as root, for whom every file is writable.
    target = tmp_path / "results.json"
    target.write_text("kept")
    target.chmod(0o444)
    with pytest.raises(SqsError) as caught:
        write_atomically(target, "new")
    assert caught.value.problem.message == "the file is read-only; use --force to replace it"
    assert target.read_text() == "kept"
    write_atomically(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_a_new_path_and_a_regular_file_are_fine(tmp_path: Path) -> None:
    assert check_output_target(tmp_path / "new.json") is None
    existing = tmp_path / "old.json"
    existing.write_text("{}")
    status = check_output_target(existing)
    assert status is not None
    assert status.st_size == 2


def _refuse_to_replace(self: Path, target: Path) -> Path:
    """Path.replace as Windows answers it when another program holds the target open (as
    Excel holds the workbook it shows): access denied."""
    raise PermissionError(13, "Access is denied", str(self), None, str(target))


@pytest.mark.parametrize("platform", ["win32", "linux"])
def test_a_file_another_program_holds_open_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    target = tmp_path / "results.xlsx"
    target.write_bytes(b"the results Excel shows")
    monkeypatch.setattr(output, "_REFUSES_OPEN_FILES", platform == "win32")
    monkeypatch.setattr(Path, "replace", _refuse_to_replace)
    with pytest.raises(SqsError) as caught:
        write_atomically(target, b"new results")
    found = caught.value.problem
    assert (found.code, found.file) == ("output-not-writable", str(target))
    if platform == "win32":
        assert found.message == "is open in another program; close it and run sqs again"
    else:  # POSIX replaces an open file: refused, it is some other lack of permission
        assert found.message == "cannot write: Access is denied"
    assert target.read_bytes() == b"the results Excel shows"
    assert [path.name for path in tmp_path.iterdir()] == ["results.xlsx"]  # no temporary file


def test_a_new_file_that_cannot_be_moved_in_is_not_said_to_be_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing holds a file that did not exist: no advice to close it."""
    monkeypatch.setattr(output, "_REFUSES_OPEN_FILES", True)  # as on Windows
    monkeypatch.setattr(Path, "replace", _refuse_to_replace)
    with pytest.raises(SqsError) as caught:
        write_atomically(tmp_path / "results.xlsx", b"new results")
    assert caught.value.problem.message == "cannot write: Access is denied"
    assert list(tmp_path.iterdir()) == []
