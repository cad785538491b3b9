"""Turn the PATH arguments of `sqs score` into the workbook files to read."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

from sqs_cli.files import WORKBOOK_SUFFIXES
from sqs_cli.problems import SqsError

_GLOB_CHARACTERS = frozenset("*?[")


def _is_skipped(path: Path) -> bool:
    """Office lock files (~$book.xlsx) and hidden files are never workbooks to score."""
    return path.name.startswith(("~$", "."))


def _workbooks_in(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or _is_skipped(path):
            continue
        if path.suffix.lower() in WORKBOOK_SUFFIXES and path.is_file():
            found.append(path)
    return found


def expand_inputs(arguments: Iterable[str]) -> list[Path]:
    """Files as given, folders searched recursively, globs expanded; sorted, no repeats.

    A file named explicitly is kept even if it does not exist or is of the wrong kind,
    so that it gets its own clear problem; a folder or glob that finds nothing is an error.
    """
    paths: dict[Path, None] = {}
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = _workbooks_in(path)
            if not found:
                raise SqsError.of(
                    "file-not-found", "the folder holds no workbooks to score", file=argument
                )
        elif not path.exists() and _GLOB_CHARACTERS & set(argument):
            found = [
                Path(match)
                # Path.glob takes no absolute patterns; the user's pattern may be one.
                for match in glob.glob(argument, recursive=True)  # noqa: PTH207
                if Path(match).is_file() and not _is_skipped(Path(match))
            ]
            if not found:
                raise SqsError.of("file-not-found", "the pattern matches no files", file=argument)
        else:
            found = [path]
        paths.update(dict.fromkeys(found))
    return sorted(paths)
