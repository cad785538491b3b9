"""sqs_cli.inputs: files, folders and globs become a sorted list of workbooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqs_cli.inputs import expand_inputs, is_excluded, paths_from_stream
from sqs_cli.problems import SqsError


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")


def test_folder_is_searched_recursively_skipping_lock_and_hidden_files(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "b.xlsx",
        "a/a.ods",
        "a/deep/c.XLSM",
        "~$b.xlsx",
        ".hidden.xlsx",
        ".git/d.xlsx",
        "notes.txt",
        "report.pdf",
    )
    found = expand_inputs([str(tmp_path)])
    assert [path.relative_to(tmp_path).as_posix() for path in found] == [
        "a/a.ods",
        "a/deep/c.XLSM",
        "b.xlsx",
    ]


def test_globs_are_expanded_and_files_kept_as_given(tmp_path: Path) -> None:
    touch(tmp_path, "one.xlsx", "two.xlsx", "~$one.xlsx")
    missing = tmp_path / "missing.xlsx"
    found = expand_inputs([str(tmp_path / "*.xlsx"), str(missing), str(tmp_path / "one.xlsx")])
    assert found == [missing, tmp_path / "one.xlsx", tmp_path / "two.xlsx"]


def test_folder_without_workbooks(tmp_path: Path) -> None:
    touch(tmp_path, "notes.txt")
    with pytest.raises(SqsError) as caught:
        expand_inputs([str(tmp_path)])
    assert caught.value.problem.message == "the folder holds no workbooks to score"


def test_glob_matching_nothing(tmp_path: Path) -> None:
    with pytest.raises(SqsError) as caught:
        expand_inputs([str(tmp_path / "*.xlsx")])
    assert caught.value.problem.message == "the pattern matches no files"


def test_a_symlink_loop_and_a_dangling_link_do_not_trap_the_search(tmp_path: Path) -> None:
    touch(tmp_path, "audits/a.xlsx")
    (tmp_path / "audits" / "loop").symlink_to(tmp_path / "audits", target_is_directory=True)
    (tmp_path / "audits" / "gone.xlsx").symlink_to(tmp_path / "nowhere.xlsx")
    found = expand_inputs([str(tmp_path / "audits")])
    assert [path.name for path in found] == ["a.xlsx", "gone.xlsx"]


@pytest.mark.parametrize(
    ("data", "paths"),
    [
        (b"a.xlsx\nsub/b.xlsx\n", ["a.xlsx", "sub/b.xlsx"]),
        (b"a.xlsx\r\n\r\nb.xlsx", ["a.xlsx", "b.xlsx"]),
        (b"line\nbreak.xlsx\0other.xlsx\0", ["line\nbreak.xlsx", "other.xlsx"]),
        (b"caf\xc3\xa9.xlsx\n", ["caf\u00e9.xlsx"]),
        (b"\n\n", []),
    ],
)
def test_paths_from_a_stream(data: bytes, paths: list[str]) -> None:
    assert paths_from_stream(data) == paths


@pytest.mark.parametrize(
    ("path", "patterns", "excluded"),
    [
        ("audits/archive/2015.xlsx", ["archive"], True),
        ("audits/~$lock.xlsx", ["~*"], True),
        ("audits/2016-draft.xlsx", ["*-draft.xlsx"], True),
        ("audits/2016.xlsx", ["*-draft.xlsx", "archive"], False),
        ("audits/2015/a.xlsx", ["audits/2015/*"], True),
        ("audits/2015/a.xlsx", ["audits/2015"], True),
        ("audits/2015/a.xlsx", ["./audits/2015/"], True),
        ("other/2015/a.xlsx", ["audits/*"], False),
        ("audits/a.xlsx", [], False),
    ],
)
def test_exclude_patterns(tmp_path: Path, path: str, patterns: list[str], excluded: bool) -> None:
    assert is_excluded(tmp_path / path, patterns, tmp_path) is excluded
    # Relative to the folder given: a configuration file's patterns are its folder's.
    assert is_excluded(Path("elsewhere") / path, patterns, tmp_path) is (
        excluded and not any("/" in p for p in patterns)
    )
