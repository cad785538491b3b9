from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import python_calamine

from sqs_cli.reading.scan_facts import StringCounts
from sqs_cli.reading.zip_facts import (
    SharedStringsClaim,
    encrypted_members,
    ods_encrypted,
    shared_strings_claims,
)
from tests.reading.calamine_probe import MB, calamine_reads
from tests.reading.xls_files import DATA, PASSWORD_ODS, ZIP_PASSWORD_XLSX

CASES_XLSX = DATA / "cases.xlsx"
SHARED_STRINGS = "xl/sharedStrings.xml"
NAMESPACE = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def rewritten(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """A copy of a zip with some members' content replaced (or added)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for member in old.infolist():
            content = replace.pop(member.filename, None)
            new.writestr(member, old.read(member) if content is None else content)
        for name, content in replace.items():
            new.writestr(name, content, zipfile.ZIP_DEFLATED)
    return target


def with_sst_tag(tmp_path: Path, tag: bytes) -> Path:
    """cases.xlsx whose shared-string table starts with another <sst ...> tag."""
    with zipfile.ZipFile(CASES_XLSX) as archive:
        part = archive.read(SHARED_STRINGS)
    part = re.sub(rb"<sst [^>]*>", lambda _: tag, part, count=1)
    return rewritten(CASES_XLSX, tmp_path / "sst.xlsx", {SHARED_STRINGS: part})


def claims(path: Path) -> tuple[SharedStringsClaim, ...]:
    with zipfile.ZipFile(path) as archive:
        return shared_strings_claims(archive)


def test_libreoffice_s_table_declares_what_it_holds() -> None:
    assert claims(CASES_XLSX) == (
        SharedStringsClaim(SHARED_STRINGS, StringCounts(total=42, unique=19), 1021),
    )
    assert not claims(CASES_XLSX)[0].impossible


def test_a_false_unique_count_aborts_python_calamine_and_is_impossible(tmp_path: Path) -> None:
    path = with_sst_tag(tmp_path, b"<sst " + NAMESPACE + b' count="42" uniqueCount="4294967295">')

    (claim,) = claims(path)

    assert claim.counts == StringCounts(total=42, unique=4294967295)
    assert claim.capacity == claim.part_bytes // 5
    assert claim.impossible
    assert path.stat().st_size < 10_000
    # python-calamine reserves room for 4,294,967,295 strings (103 GB) and aborts.
    assert calamine_reads(CASES_XLSX).shapes is not None
    outcome = calamine_reads(path, cap_bytes=512 * MB)
    assert outcome.aborted


def test_the_largest_count_panics_python_calamine(tmp_path: Path) -> None:
    path = with_sst_tag(tmp_path, b"<sst " + NAMESPACE + b' uniqueCount="18446744073709551615">')

    assert claims(path)[0].counts.unique == 2**64 - 1
    # A Rust panic reaches Python as PanicException, which derives from BaseException.
    outcome = calamine_reads(path)
    assert outcome.returncode == 1
    assert outcome.last_error_line == "pyo3_runtime.PanicException: capacity overflow"


@pytest.mark.parametrize(
    ("tag", "counts"),
    [
        (b"<x:sst xmlns:x='urn:x' uniqueCount='4294967295'>", StringCounts(None, 4294967295)),
        (b'<sst count = "7"\n  uniqueCount="0004294967295">', StringCounts(7, 4294967295)),
        (b'<sst a="x>y" uniqueCount="99">', StringCounts(None, 99)),
        (b'<sst count="4294967295" uniqueCount="3"/>', StringCounts(4294967295, 3)),
        # Not digits, or a prefixed attribute: python-calamine reserves nothing for these.
        (b'<sst uniqueCount="+4294967295">', StringCounts(None, None)),
        (b'<sst uniqueCount=" 4294967295">', StringCounts(None, None)),
        (b'<sst x:uniqueCount="4294967295" xmlns:x="urn:x">', StringCounts(None, None)),
        (b"<sst>", StringCounts(None, None)),
    ],
)
def test_counts_in_any_spelling_of_the_tag(
    tmp_path: Path, tag: bytes, counts: StringCounts
) -> None:
    assert claims(with_sst_tag(tmp_path, tag))[0].counts == counts


def _part(prolog: bytes, *tags: bytes) -> bytes:
    return prolog + b"".join(tags) + b"<si><t>Yes</t></si></sst>"


@pytest.mark.parametrize(
    ("part", "unique"),
    [
        # The first element: its counts are python-calamine's, whatever follows.
        (_part(b"\xef\xbb\xbf<?xml version='1.0'?>\r\n<?pi x?>", b'<sst uniqueCount="9">'), 9),
        # A comment first: every <sst> tag is taken and the largest count wins, as a reader
        # would skip the comment's.
        (_part(b'<!-- <sst uniqueCount="1"> -->', b'<sst uniqueCount="4294967295">'), 4294967295),
        (_part(b"<root>", b'<sst uniqueCount="5">', b'<sst uniqueCount="6">'), 6),
        # The tag cut by the end of the first 64 KB read.
        (_part(b"<?pi " + b"x" * 65_530 + b"?>", b'<sst uniqueCount="4294967295">'), 4294967295),
    ],
)
def test_a_part_not_starting_with_its_table_is_read_whole(
    tmp_path: Path, part: bytes, unique: int
) -> None:
    path = rewritten(CASES_XLSX, tmp_path / "odd.xlsx", {SHARED_STRINGS: part})

    assert claims(path)[0].counts.unique == unique


def test_every_member_named_as_the_table_is_read(tmp_path: Path) -> None:
    # python-calamine finds parts whatever their case and slash direction.
    odd = b'<sst uniqueCount="4294967295">'
    path = rewritten(CASES_XLSX, tmp_path / "names.xlsx", {"XL\\SharedStrings.XML": odd})

    assert [claim.part for claim in claims(path)] == [SHARED_STRINGS, "XL\\SharedStrings.XML"]
    assert claims(path)[1].impossible


def test_a_password_zipped_workbook_has_encrypted_members() -> None:
    with zipfile.ZipFile(ZIP_PASSWORD_XLSX) as archive:
        files = [member.filename for member in archive.infolist() if not member.is_dir()]
        assert sorted(encrypted_members(archive)) == sorted(files)
        assert SHARED_STRINGS in files
        assert shared_strings_claims(archive) == ()  # not readable without the password
    with zipfile.ZipFile(CASES_XLSX) as archive:
        assert encrypted_members(archive) == ()
    with pytest.raises(python_calamine.ZipError, match="Password required"):
        python_calamine.CalamineWorkbook.from_path(ZIP_PASSWORD_XLSX)


def test_a_password_protected_ods_is_encrypted() -> None:
    with zipfile.ZipFile(PASSWORD_ODS) as archive:
        assert ods_encrypted(archive)
        assert encrypted_members(archive) == ()  # the zip itself is not
    with pytest.raises(python_calamine.PasswordError):
        python_calamine.CalamineWorkbook.from_path(PASSWORD_ODS)


_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<{p}manifest xmlns:{q}="urn:oasis:names:tc:'
    b'opendocument:xmlns:manifest:1.0">\n<{p}file-entry {p}full-path="content.xml">{body}'
    b"</{p}file-entry></{p}manifest>"
)


@pytest.mark.parametrize(
    ("prefix", "body", "encrypted"),
    [
        (b"manifest", b"", False),
        (b"manifest", b"<manifest:encryption-data/>", True),
        # Another prefix: python-calamine looks for "manifest:" only, and calls the file
        # damaged when it reads the encrypted parts.
        (b"m", b"<m:encryption-data m:checksum='x'></m:encryption-data>", True),
        # Past the first 64 KB read, cut by its end.
        (b"manifest", b" " * 65_400 + b"<manifest:encryption-data/>", True),
    ],
)
def test_an_ods_manifest_declaring_encryption_data(
    tmp_path: Path, prefix: bytes, body: bytes, encrypted: bool
) -> None:
    manifest = _MANIFEST.replace(b"{p}", prefix + b":").replace(b"{q}", prefix)
    manifest = manifest.replace(b"{body}", body.replace(b"manifest:", prefix + b":"))
    path = tmp_path / "manifest.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)

    with zipfile.ZipFile(path) as archive:
        assert ods_encrypted(archive) is encrypted


def test_a_use_count_far_above_the_table_is_real_not_impossible(tmp_path: Path) -> None:
    # Excel's `count` is how many cells use the table: 1,000 "Yes" cells, one string.
    part = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="100000" uniqueCount="1"><si><t>Yes</t></si></sst>'
    )
    path = rewritten(CASES_XLSX, tmp_path / "used.xlsx", {SHARED_STRINGS: part})

    [claim] = claims(path)
    assert claim.counts == StringCounts(total=100000, unique=1)
    assert claim.capacity < 100000
    assert not claim.impossible
