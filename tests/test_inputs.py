"""sqs_cli.inputs: files, folders and globs become a sorted list of workbooks."""

from __future__ import annotations

import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from sqs_cli import inputs
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


def test_a_recursive_glob_as_windows_leaves_it_to_sqs(tmp_path: Path) -> None:
    """`sqs score "audits/**/*.xlsx"`: the Windows shell expands no pattern, so sqs does,
    every folder down, matching suffixes whatever their case, as Windows matches names."""
    touch(
        tmp_path,
        "audits/b.xlsx",
        "audits/2025/A.XLSX",
        "audits/2025/deep/c.Xlsx",
        "audits/2025/~$A.XLSX",
        "audits/2025/notes.txt",
        "audits/.git/d.xlsx",
    )
    found = expand_inputs([str(tmp_path / "audits" / "**" / "*.xlsx")])
    assert [path.relative_to(tmp_path).as_posix() for path in found] == [
        "audits/2025/A.XLSX",
        "audits/2025/deep/c.Xlsx",
        "audits/b.xlsx",
    ]
    assert expand_inputs([str(tmp_path / "audits" / "*.XLSX")]) == [tmp_path / "audits/b.xlsx"]


@pytest.mark.parametrize(
    ("field", "hidden"),
    [
        ("st_file_attributes", stat.FILE_ATTRIBUTE_HIDDEN),  # Windows: attrib +h
        ("st_flags", stat.UF_HIDDEN),  # macOS: chflags hidden
    ],
)
def test_files_and_folders_with_the_hidden_attribute_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, hidden: int
) -> None:
    """Explorer and Finder hide a file by an attribute, not by a dot: a copy that Excel or
    a sync tool hid is no workbook to score."""
    touch(tmp_path, "a.xlsx", "hidden-copy.xlsx", "Hidden folder/b.xlsx", "shown/c.xlsx")
    real_lstat = Path.lstat

    def lstat(path: Path) -> SimpleNamespace:
        status = real_lstat(path)
        flagged = path.name in {"hidden-copy.xlsx", "Hidden folder"}
        return SimpleNamespace(st_mode=status.st_mode, **{field: hidden if flagged else 0})

    monkeypatch.setattr(inputs, "_HIDDEN_ATTRIBUTES", True)  # as on Windows or macOS
    monkeypatch.setattr(Path, "lstat", lstat)
    assert [path.name for path in expand_inputs([str(tmp_path)])] == ["a.xlsx", "c.xlsx"]
    found = expand_inputs([str(tmp_path / "*.xlsx")])
    assert [path.name for path in found] == ["a.xlsx"]


def test_a_windows_pattern_keeps_its_folders_as_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    """`audits\\**\\*.xlsx` as PowerShell passes it: only the name's letters match either
    case; the folders and `**` go to glob as typed (Windows matches them blind anyway)."""
    monkeypatch.setattr(inputs.os, "sep", "\\")
    assert inputs._case_blind("C:\\Audits\\**\\*.xlsx") == "C:\\Audits\\**\\*.[xX][lL][sS][xX]"
    assert inputs._case_blind("Audits/2025/a[bc]*.CSV") == "Audits/2025/[aA][bc]*.[cC][sS][vV]"
