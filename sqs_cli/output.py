"""Writing output files: atomically, only where a file belongs, never onto a workbook read.

`-o PATH` names a new file or a regular file to replace. Anything else at that path (a
folder, a device such as /dev/full, a named pipe, a socket) is refused before anything is
written: replacing it by renaming a file over it would destroy it, and as root (as in CI
containers) nothing else would stop that. A read-only file is refused unless the user says
--force.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from sqs_cli.problems import SqsError

# `-o -` writes to standard output, as most command-line tools take it.
STDOUT = "-"

# Permission bits that no one has on a read-only file.
_ANY_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
# Windows refuses to replace a file another program holds open, as Excel holds the
# workbook it shows (POSIX replaces it; that program keeps the old content).
_REFUSES_OPEN_FILES = sys.platform == "win32"
_OPEN_ELSEWHERE = "is open in another program; close it and run sqs again"


def is_stdout(path: Path | None) -> bool:
    return path is not None and str(path) == STDOUT


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return first.resolve() == second.resolve()


def _kind(mode: int) -> str | None:
    """What is at a path that is not a regular file, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse(path: Path, message: str) -> SqsError:
    return SqsError.of("output-not-writable", message, file=str(path))


def check_output_target(
    path: Path, *, inputs: Iterable[Path] = (), force: bool = False
) -> os.stat_result | None:
    """Refuse, with the problem's reason, a path sqs must not write to; else the status of
    the regular file to be replaced (None for a new path).

    Read-only is judged by the permission bits, not by os.access: as root, access() says
    every file is writable, and replacing a file its owner marked read-only should still
    take --force.
    """
    try:
        status = path.stat()  # follows a symbolic link to what it names
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _refuse(path, f"cannot write: {error.strerror or error}") from None
    kind = _kind(status.st_mode)
    if kind is not None:
        raise _refuse(path, f"is {kind}: sqs writes only to a regular file or a new path (-o FILE)")
    for source in inputs:
        if _same_file(path, source):
            raise _refuse(path, "refusing to write output onto an input workbook")
    if not force and not status.st_mode & _ANY_WRITE:
        raise _refuse(path, "the file is read-only; use --force to replace it")
    return status


def _new_file_mode() -> int:
    """What the user's umask gives a new file, as for any other tool's output."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(
    path: Path, content: str | bytes, *, inputs: Iterable[Path] = (), force: bool = False
) -> None:
    """Write content to a temporary file beside path, then rename it over path.

    Readers of path see the old file or the new one, never half of one; an interrupted
    write leaves the temporary file removed and path untouched. A new file gets the
    permissions the umask gives; a replaced file keeps its own.
    """
    existing = check_output_target(path, inputs=inputs, force=force)
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else _new_file_mode()
    import tempfile  # only a command that writes a file pays for it

    temporary: Path | None = None
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with tempfile.NamedTemporaryFile(
            "wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as stream:
            temporary = Path(stream.name)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # NamedTemporaryFile makes its file private (0600) whatever the umask says.
        temporary.chmod(mode)
        try:
            temporary.replace(path)
        except PermissionError:
            # A read-only file (replaced under --force) is refused the same way.
            writable = existing is not None and existing.st_mode & _ANY_WRITE
            if not (_REFUSES_OPEN_FILES and writable):
                raise
            raise _refuse(path, _OPEN_ELSEWHERE) from None
    except BaseException as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        if isinstance(error, OSError):
            raise _refuse(path, f"cannot write: {error.strerror or error}") from None
        raise
