"""sqs_cli.reading.source (and the zip checks of preflight): what a file really is,
decided before any parser sees it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sqs_cli.problems import SqsError
from sqs_cli.reading.formats import Format
from sqs_cli.reading.preflight import preflight
from sqs_cli.reading.source import open_source
from sqs_cli.settings import Limits
from tests.conftest import COVENTRY, REPO

DATA = REPO / "tests" / "data"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def identify(path: Path, limits: Limits | None = None) -> Format | None:
    """The format the file is read as, after the checks made before any parser runs."""
    with open_source(path, str(path), limits or Limits()) as source:
        preflight(source, limits or Limits())
        return source.format


def rejection(path: Path, limits: Limits | None = None) -> tuple[str, str]:
    with pytest.raises(SqsError) as caught:
        identify(path, limits)
    problem = caught.value.problem
    assert problem.file == str(path)
    return problem.code, problem.message


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "described_as"),
    [
        (b"Case ID,1.1a\nC1,Yes\n", "a text file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\x00\x01\x02\xff\xfe\xfd", "a file of an unknown kind"),
    ],
)
def test_not_a_spreadsheet_says_what_it_is(
    tmp_path: Path, content: bytes, described_as: str
) -> None:
    code, message = rejection(write(tmp_path, "marking.xlsx", content))
    assert code == "not-a-workbook"
    assert message == f"{described_as} named .xlsx, not a spreadsheet"


def test_empty_file(tmp_path: Path) -> None:
    assert rejection(write(tmp_path, "marking.xlsx", b""))[0] == "empty-file"


def test_truncated_workbook(tmp_path: Path) -> None:
    truncated = write(tmp_path, "marking.xlsx", COVENTRY.read_bytes()[:3000])
    code, message = rejection(truncated)
    assert code == "corrupt-workbook"
    assert "truncated or corrupt" in message


def test_zip_without_workbook_parts(tmp_path: Path) -> None:
    path = tmp_path / "marking.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert rejection(path) == (
        "not-a-workbook",
        "a zip file without workbook parts, not a spreadsheet",
    )


def test_encrypted_workbook_is_called_encrypted(tmp_path: Path) -> None:
    # Encrypted OOXML: an OLE container with an EncryptionInfo stream in its directory.
    content = OLE_MAGIC + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
    code, message = rejection(write(tmp_path, "protected.xlsx", content))
    assert code == "encrypted-workbook"
    assert "encrypted" in message
    assert "corrupt" not in message


def test_unsupported_suffix(tmp_path: Path) -> None:
    code, message = rejection(write(tmp_path, "notes.docx", b"PK\x03\x04"))
    assert code == "unsupported-format"
    assert message.startswith(".docx: sqs reads ")
    code, message = rejection(write(tmp_path, "notes.txt", b"Case ID,1.1a\n"))
    assert code == "unsupported-format"
    assert message.startswith(".txt: sqs reads .csv, .ods, .xls, .xlsb, .xlsm, .xlsx")


def test_missing_path_and_folder(tmp_path: Path) -> None:
    assert rejection(tmp_path / "nowhere.xlsx") == ("file-not-found", "no such file or folder")
    assert rejection(tmp_path / "nowhere")[0] == "file-not-found"
    (tmp_path / "folder.xlsx").mkdir()
    assert rejection(tmp_path / "folder.xlsx")[0] == "file-unreadable"


def test_file_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.xlsx", COVENTRY.read_bytes())
    code, message = rejection(path, Limits(max_file_bytes=1000))
    assert code == "limit-exceeded"
    assert "1,000-byte limit" in message


def test_uncompressed_size_is_checked_from_the_zip_directory(tmp_path: Path) -> None:
    path = write(tmp_path, "big.xlsx", COVENTRY.read_bytes())
    code, message = rejection(path, Limits(max_uncompressed_bytes=10_000))
    assert code == "limit-exceeded"
    assert "10,000-byte limit" in message


def test_compression_ratio_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 5_000_000)
    limits = Limits(max_compression_ratio=100, ratio_applies_above_bytes=1_000_000)
    code, message = rejection(path, limits)
    assert code == "limit-exceeded"
    assert "decompression bomb" in message


def test_real_workbook_passes(tmp_path: Path) -> None:
    assert identify(COVENTRY) is Format.XLSX


def test_git_lfs_pointer_says_what_it_is(tmp_path: Path) -> None:
    pointer = (
        b"version https://git-lfs.github.com/spec/v1\n"
        b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
        b"size 12345\n"
    )
    code, message = rejection(write(tmp_path, "audit.xlsx", pointer))
    assert code == "not-a-workbook"
    assert message.startswith("a Git LFS pointer, not the workbook itself")
    assert "git lfs pull" in message
