"""Turn the PATH arguments of `sqs score` into the workbook files to read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqs_cli.problems import SqsError
from sqs_cli.reading.formats import WORKBOOK_SUFFIXES

_GLOB_CHARACTERS = frozenset("*?[")


def _is_skipped(path: Path) -> bool:
    """Office lock files (~$book.xlsx) and hidden files are never workbooks to score."""
    return path.name.startswith(("~$", "."))


def _workbooks_in(folder: Path) -> list[Path]:
    found = []
    # os.walk does not follow symbolic links to folders, so a link loop cannot trap it.
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            path = Path(root, name)
            if not _is_skipped(path) and path.suffix.lower() in WORKBOOK_SUFFIXES:
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
                    "no-workbooks", "the folder holds no workbooks to score", file=argument
                )
        elif not path.exists() and _GLOB_CHARACTERS & set(argument):
            import glob  # patterns are the rare case: kept off the start-up

            found = [
                Path(match)
                # Path.glob takes no absolute patterns; the user's pattern may be one.
                for match in glob.glob(argument, recursive=True)  # noqa: PTH207
                if Path(match).is_file() and not _is_skipped(Path(match))
            ]
            if not found:
                raise SqsError.of("no-workbooks", "the pattern matches no files", file=argument)
        else:
            found = [path]
        paths.update(dict.fromkeys(found))
    return sorted(paths)


def parse_shard(text: str) -> tuple[int, int]:
    """`2/3` -> (2, 3); ValueError with the reason for anything else."""
    index, slash, count = text.partition("/")
    if not slash or not index.strip().isdigit() or not count.strip().isdigit():
        raise ValueError(f"{text!r} is not K/N, e.g. 1/3")
    k, n = int(index), int(count)
    if not 1 <= k <= n:
        raise ValueError(f"{text!r}: K must be from 1 to N")
    return k, n


def shard_of(paths: Sequence[Path], index: int, count: int) -> list[Path]:
    """The index-th (1-based) of count interleaved shares of the sorted paths.

    Interleaving spreads big folders of similar workbooks evenly; together the shares
    cover every path exactly once.
    """
    return list(paths[index - 1 :: count])


def paths_from_stream(data: bytes) -> list[str]:
    """The paths piped to `sqs score -`: one a line (`git ls-files`), or NUL-separated
    (`git ls-files -z`, `find -print0`), which keeps a name with a line break whole."""
    separator = b"\0" if b"\0" in data else b"\n"
    return [
        os.fsdecode(line.rstrip(b"\r")) if separator == b"\n" else os.fsdecode(line)
        for line in data.split(separator)
        if line.strip()
    ]


def is_excluded(path: Path, patterns: Iterable[str], base: Path) -> bool:
    """Whether a glob of --exclude (or the configuration's `exclude`) matches the path.

    A pattern without a slash matches any one part of the path (`archive`, `~*.xlsx`,
    `*-draft.xlsx`); one with a slash matches the whole path relative to base (the working
    folder, or the configuration file's folder), where `*` crosses folders, as in fnmatch.
    """
    import fnmatch

    try:
        relative = path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    parts = Path(relative).parts
    for pattern in patterns:
        cleaned = pattern.replace("\\", "/").removeprefix("./").rstrip("/")
        if "/" in cleaned:
            if fnmatch.fnmatch(relative, cleaned) or fnmatch.fnmatch(relative, cleaned + "/*"):
                return True
        elif any(fnmatch.fnmatch(part, cleaned) for part in parts):
            return True
    return False
