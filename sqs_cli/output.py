"""Writing output files: atomically, and never onto a workbook being read."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from sqs_cli.problems import SqsError


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return first.resolve() == second.resolve()


def write_atomically(path: Path, content: str | bytes, *, inputs: Iterable[Path] = ()) -> None:
    """Write content to a temporary file beside path, then rename it over path.

    Readers of path see the old file or the new one, never half of one; an interrupted
    write leaves the temporary file removed and path untouched.
    """
    for source in inputs:
        if path.exists() and _same_file(path, source):
            raise SqsError.of(
                "output-not-writable",
                "refusing to write output onto an input workbook",
                file=str(path),
            )
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
        temporary.replace(path)
    except BaseException as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        if isinstance(error, OSError):
            raise SqsError.of(
                "output-not-writable", f"cannot write: {error.strerror or error}", file=str(path)
            ) from None
        raise
