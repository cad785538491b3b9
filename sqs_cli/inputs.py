"""Turn the PATH arguments of `sqs score` into the workbook files to read."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqs_cli.problems import SqsError
from sqs_cli.reading.formats import WORKBOOK_SUFFIXES

_GLOB_CHARACTERS = frozenset("*?[")
# Where files carry a hidden attribute of their own besides the leading dot: Windows (which
# Explorer honours) and macOS (chflags hidden, which Finder honours). Linux has none.
_HIDDEN_ATTRIBUTES = hasattr(os.stat_result, "st_file_attributes") or hasattr(
    os.stat_result, "st_flags"
)


def _has_hidden_attribute(path: Path) -> bool:
    try:
        status = path.lstat()
    except OSError:
        return False
    attributes = getattr(status, "st_file_attributes", 0)
    flags = getattr(status, "st_flags", 0)
    return bool(attributes & stat.FILE_ATTRIBUTE_HIDDEN or flags & stat.UF_HIDDEN)


def _is_skipped(path: Path) -> bool:
    """Office lock files (~$book.xlsx) and hidden files (a leading dot, or the hidden
    attribute of Windows and macOS) are never workbooks to score."""
    if path.name.startswith(("~$", ".")):
        return True
    return _HIDDEN_ATTRIBUTES and _has_hidden_attribute(path)


def _is_workbook(path: Path) -> bool:
    """Named as a workbook, whatever the case of its suffix (`AUDIT.XLSX`)."""
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def _workbooks_in(folder: Path) -> list[Path]:
    found = []
    # os.walk does not follow symbolic links to folders, so a link loop cannot trap it.
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not _is_skipped(Path(root, name))]
        for name in files:
            path = Path(root, name)
            if _is_workbook(path) and not _is_skipped(path):
                found.append(path)
    return found


def _case_blind(pattern: str) -> str:
    """The pattern with each letter of its last part matching either case, as Windows
    matches names: `*.xlsx` finds `AUDIT.XLSX` on every system. Letters in [...] stay."""
    cut = max(pattern.rfind(separator) for separator in {"/", os.sep}) + 1
    blind, inside = [pattern[:cut]], False
    for character in pattern[cut:]:
        inside = character == "[" or (inside and character != "]")
        lower, upper = character.lower(), character.upper()
        if inside or lower == upper or len(upper) > 1:  # not a letter with two cases
            blind.append(character)
        else:
            blind.append(f"[{lower}{upper}]")
    return "".join(blind)


def _glob(pattern: str) -> list[Path]:
    import glob  # patterns are the rare case: kept off the start-up

    return [
        Path(match)
        # Path.glob takes no absolute patterns; the user's pattern may be one.
        for match in glob.glob(_case_blind(pattern), recursive=True)  # noqa: PTH207
        if Path(match).is_file() and not _is_skipped(Path(match))
    ]


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
            # The shell of Windows leaves `*.xlsx` and `audits\**\*.xlsx` to the program.
            found = _glob(argument)
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
