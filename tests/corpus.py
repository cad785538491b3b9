"""The bad-input corpus of issue 6: every hostile or broken input `sqs` must answer clearly.

`build_corpus(folder)` writes each case into `folder` at test time (nothing opaque is
committed) and returns one `Case` per input, with the outcome `sqs score` must give:
the problem code that makes it unreadable (or None for a workbook that scores, with the
cell-level codes it must report), the exit code, and a fragment of the message.
docs/security.md lists the same cases in a table; tests/test_corpus.py runs each one in a
subprocess and checks the table against this list.
"""

from __future__ import annotations

import datetime
import os
import re
import secrets
import shutil
import stat
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import rewrite_members, with_cached_values, write_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# Questions of the built-in sqs-2016 framework; the marks below rate every criterion.
QUESTIONS = ("1.1a", "1.1b", "1.2a", "1.2c")
_MARK_CYCLE = ("Yes", "Yes", "No", "Yes", "N/A", "Not done", "Yes")
MARKED_CASES = 12


@dataclass(frozen=True)
class Case:
    """One corpus input and what `sqs score INPUT --format json` must answer."""

    name: str
    path: Path
    # The problem that makes the input unreadable (exit 2); None when the workbook is read.
    code: str | None
    exit_code: int
    # Part of the message of `code` (or of the first of `cell_codes`); "" means none.
    message_fragment: str
    # For a workbook that is read: the cell-level codes it must report, and no others.
    cell_codes: tuple[str, ...] = ()
    what: str = ""
    # Cases scored, when the workbook is read.
    cases: int | None = None
    # Another case whose figures this one must reproduce exactly.
    same_as: str | None = None
    # The file the problem names, when it is not `path` (a file found in a folder).
    problem_file: Path | None = None
    # Workbooks in the report (a folder can hold several).
    workbooks: int = 1
    # A string no output may contain (the external-entity target's content).
    secret: str | None = None
    # Why the case cannot run here (the test is skipped, saying so).
    skip: str | None = None
    # A bug in sqs this case shows: its test is xfail(strict=True) with this reason.
    bug: str | None = None

    @property
    def expected_codes(self) -> tuple[str, ...]:
        return (self.code,) if self.code else self.cell_codes

    @property
    def named_file(self) -> Path:
        return self.problem_file or self.path


# --- workbooks -------------------------------------------------------------------------


def marked_rows(cases: int = MARKED_CASES, prefix: str = "C") -> list[list[Any]]:
    """A clean wide marking table: a descriptive column and every mark filled in."""
    rows: list[list[Any]] = [["Case ID", "Young person", *QUESTIONS]]
    for number in range(1, cases + 1):
        marks = [_MARK_CYCLE[(number * 3 + column) % len(_MARK_CYCLE)] for column in range(4)]
        rows.append([f"{prefix}{number:03}", f"Person {number}", *marks])
    return rows


def _workbook(folder: Path, name: str, rows: list[list[Any]], **options: Any) -> Path:
    return write_workbook(folder / name, {"Cases": rows}, **options)


def _patched(source: Path, target: Path, member: str, change: Callable[[str], str]) -> Path:
    """A copy of source as target, with change applied to one XML member."""
    patched = rewrite_members(
        source, lambda name, text: change(text) if name == member else text, "patched"
    )
    return patched.replace(target)


def _add_rows(xml_rows: str) -> Callable[[str], str]:
    return lambda text: text.replace("</sheetData>", f"{xml_rows}</sheetData>")


def _add_cell(row: int, cell: str) -> Callable[[str], str]:
    """Append a cell to a row of the sheet XML, adding the row when it has none."""

    def change(text: str) -> str:
        existing = re.compile(rf'(<row r="{row}"[^>]*>.*?)</row>', flags=re.DOTALL)
        if existing.search(text):
            return existing.sub(lambda match: f"{match[1]}{cell}</row>", text, count=1)
        return text.replace("</sheetData>", f'<row r="{row}">{cell}</row></sheetData>')

    return change


def _inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def _formula(reference: str, formula: str) -> str:
    """A formula cell with no cached value: python-calamine reads it as empty."""
    return f'<c r="{reference}"><f>{formula}</f></c>'


def _with_doctype(doctype: str, cells: dict[str, str]) -> Callable[[str], str]:
    """Declare a DOCTYPE in the sheet XML and replace text cells by the given raw XML."""

    def change(text: str) -> str:
        for reference, cell in cells.items():
            found = re.search(rf'<c r="{reference}" t="inlineStr"><is><t>[^<]*</t></is></c>', text)
            if found is None:
                raise ValueError(f"no text cell {reference} to replace")
            text = text[: found.start()] + cell + text[found.end() :]
        return doctype + text

    return change


def _sheet_names(renames: dict[str, str]) -> Callable[[str], str]:
    def change(text: str) -> str:
        for old, new in renames.items():
            text = text.replace(f'name="{old}"', f'name="{new}"')
        return text

    return change


# --- zip surgery -----------------------------------------------------------------------


def _flip(data: bytes, start: int, count: int) -> bytes:
    flipped = bytes(byte ^ 0xFF for byte in data[start : start + count])
    return data[:start] + flipped + data[start + count :]


def _central_directory_offset(data: bytes) -> int:
    end = data.rfind(b"PK\x05\x06")
    (offset,) = struct.unpack_from("<I", data, end + 16)
    return int(offset)


def _member_data_span(path: Path, member: str) -> tuple[int, int]:
    """Where a member's compressed bytes lie in the file: (start, length)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = path.read_bytes()
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + name_length + extra_length, info.compress_size


# CRC-32 of concatenated data from the CRCs of its parts (zlib's crc32_combine, which
# Python does not expose): lets the bomb's CRC be right without hashing gigabytes.
_CRC_POLYNOMIAL = 0xEDB88320


def _multiply_mod_p(a: int, b: int) -> int:
    product, bit = 0, 1 << 31
    while bit:
        if a & bit:
            product ^= b
        b = (b >> 1) ^ _CRC_POLYNOMIAL if b & 1 else b >> 1
        bit >>= 1
    return product


def _x_power_8n(length: int) -> int:
    """x^(8 * length) modulo the CRC polynomial, in zlib's reflected representation."""
    power, base, exponent = 1 << 31, 1 << 30, 8 * length
    while exponent:
        if exponent & 1:
            power = _multiply_mod_p(base, power)
        base = _multiply_mod_p(base, base)
        exponent >>= 1
    return power


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """CRC-32 of A + B from crc32(A), crc32(B) and len(B)."""
    return _multiply_mod_p(_x_power_8n(length2), crc1) ^ crc2


@dataclass(frozen=True)
class _RawMember:
    name: str
    segments: tuple[tuple[bytes, int], ...]  # (deflate bytes, how many times they repeat)
    crc: int
    size: int

    @property
    def compressed_size(self) -> int:
        return sum(len(data) * times for data, times in self.segments)

    def chunks(self) -> Iterator[bytes]:
        for data, times in self.segments:
            for _ in range(times):
                yield data


def _deflated(name: str, data: bytes) -> _RawMember:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush()
    return _RawMember(name, ((body, 1),), zlib.crc32(data), len(data))


def _bomb_member(name: str, head: bytes, tail: bytes, chunk: bytes, times: int) -> _RawMember:
    """head + chunk * times + tail, deflated once per distinct part.

    A full flush resets the compressor's dictionary and byte-aligns the output, so the
    deflate bytes of a chunk after one are the same every time: the stream repeats them.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head_bytes = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    chunk_bytes = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    if again != chunk_bytes:  # pragma: no cover - a zlib that flushes differently
        raise RuntimeError("zlib does not repeat a fully flushed chunk; cannot build the bomb")
    tail_bytes = compressor.compress(tail) + compressor.flush()
    chunk_crc, chunks_crc, span = zlib.crc32(chunk), 0, 0
    # CRC of chunk * times by binary doubling: chunk * 2^k from chunk * 2^(k-1) twice.
    doubled, doubled_length, remaining = chunk_crc, len(chunk), times
    while remaining:
        if remaining & 1:
            chunks_crc = crc32_combine(chunks_crc, doubled, doubled_length) if span else doubled
            span += doubled_length
        doubled = crc32_combine(doubled, doubled, doubled_length)
        doubled_length *= 2
        remaining >>= 1
    crc = crc32_combine(zlib.crc32(head), chunks_crc, span)
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    segments = ((head_bytes, 1), (chunk_bytes, times), (tail_bytes, 1))
    return _RawMember(name, segments, crc, len(head) + span + len(tail))


def _write_raw_zip(path: Path, members: list[_RawMember]) -> None:
    """A zip of deflated members, written in streaming chunks (sizes under 4 GiB)."""
    directory = []
    with path.open("wb") as stream:
        for member in members:
            name = member.name.encode("utf-8")
            offset = stream.tell()
            fields = (20, 0, 8, 0, 0x21, member.crc, member.compressed_size, member.size)
            stream.write(struct.pack("<4sHHHHHIII", b"PK\x03\x04", *fields))
            stream.write(struct.pack("<HH", len(name), 0) + name)
            for chunk in member.chunks():
                stream.write(chunk)
            entry = struct.pack("<4sH", b"PK\x01\x02", 20) + struct.pack("<HHHHHIII", *fields)
            entry += struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset) + name
            directory.append(entry)
        start = stream.tell()
        for entry in directory:
            stream.write(entry)
        size = stream.tell() - start
        count = len(directory)
        stream.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))


BOMB_CHUNK = 1 << 20
BOMB_CHUNKS = 3 * 1024  # 3 GiB of spaces in a sheet, about 3 MB on disk


def write_bomb(path: Path, base: Path) -> Path:
    """The base workbook with its sheet swapped for gigabytes of spaces: a zip bomb."""
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(base) as archive:
        members = [
            _deflated(name, archive.read(name)) for name in archive.namelist() if name != sheet
        ]
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    tail = b"</sheetData></worksheet>"
    members.append(_bomb_member(sheet, head, tail, b" " * BOMB_CHUNK, BOMB_CHUNKS))
    _write_raw_zip(path, members)
    return path


# --- other files -----------------------------------------------------------------------


def _png() -> bytes:
    """A real 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


_PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def write_encrypted(path: Path, plain: Path, password: str = "inspector") -> str:
    """A password-protected copy of plain; returns how it was made.

    With msoffcrypto-tool installed this is a real Agile-encrypted workbook, as Excel
    writes one; otherwise a minimal OLE container whose directory names the
    `EncryptionInfo` stream, which is all sqs looks at.
    """
    try:
        from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]
    except ImportError:
        header = _OLE_MAGIC + b"\x00" * 504
        path.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 1024)
        return "a minimal OLE container naming an EncryptionInfo stream"
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt(password, target)
    return "encrypted with a password by msoffcrypto-tool (Agile encryption, as Excel does)"


def convert_to_xls(source: Path, folder: Path) -> Path:
    """LibreOffice, headless, saves source as an Excel 97-2003 .xls in folder."""
    assert SOFFICE is not None
    profile = folder / "libreoffice-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xls:MS Excel 97",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    shutil.rmtree(profile, ignore_errors=True)
    converted = folder / f"{source.stem}.xls"
    if not converted.is_file():
        raise RuntimeError(f"LibreOffice wrote no {converted.name}")
    return converted


# --- the corpus ------------------------------------------------------------------------

SHEET = "xl/worksheets/sheet1.xml"
WORKBOOK = "xl/workbook.xml"
ROOT_SKIP = (
    "running as root: chmod 000 does not stop root reading a file; the dangling-link "
    "and FIFO cases stand for files that cannot be read"
)
# The message of the unreadable problems sqs gives for damaged zips.
_DAMAGED_ZIP = "the workbook is damaged (truncated or corrupt zip); ask for a fresh copy"


def build_corpus(folder: Path) -> list[Case]:
    """Write every corpus input into folder; the cases, in the order of docs/security.md."""
    corpus = _Corpus(folder)
    corpus.not_spreadsheets()
    corpus.damaged_zips()
    corpus.other_formats()
    corpus.missing_parts()
    corpus.xml_attacks()
    corpus.size_attacks()
    corpus.cell_contents()
    corpus.files_and_folders()
    return corpus.cases


class _Corpus:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.scratch = folder / ".scratch"  # intermediate files, never scored
        self.scratch.mkdir()
        self.cases: list[Case] = []
        self.marked = _workbook(folder, "marked.xlsx", marked_rows())
        self.add(
            "marked",
            self.marked,
            what="a clean marking workbook, the one the others are built from",
            cases=MARKED_CASES,
        )

    def add(
        self,
        name: str,
        path: Path,
        code: str | None = None,
        message_fragment: str = "",
        *,
        exit_code: int | None = None,
        **details: Any,
    ) -> None:
        """A case; an unreadable one (a code) exits 2, a clean one 0, one with cell errors 1."""
        if exit_code is None:
            exit_code = 2 if code else (1 if details.get("cell_codes") else 0)
        self.cases.append(Case(name, path, code, exit_code, message_fragment, **details))

    def file(self, name: str, content: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(content)
        return path

    def patched(self, name: str, member: str, change: Callable[[str], str]) -> Path:
        return _patched(self.marked, self.folder / name, member, change)

    def not_spreadsheets(self) -> None:
        for name, content, kind in (
            ("text", b"Case ID,1.1a\nC001,Yes\n", "a text file"),
            ("pdf", _PDF, "a PDF document"),
            ("png", _png(), "a PNG image"),
        ):
            self.add(
                f"{name}-named-xlsx",
                self.file(f"{name}.xlsx", content),
                "not-a-workbook",
                f"{kind} named .xlsx, not a spreadsheet",
                what=f"{kind} named .xlsx",
            )
        self.add(
            "empty-file",
            self.file("empty.xlsx", b""),
            "empty-file",
            "the file is empty (0 bytes)",
            what="a 0-byte .xlsx",
        )

    def damaged_zips(self) -> None:
        data = self.marked.read_bytes()
        self.add(
            "truncated-zip",
            self.file("truncated.xlsx", data[: len(data) // 2]),
            "corrupt-workbook",
            _DAMAGED_ZIP,
            what="the first half of a workbook",
        )
        self.add(
            "corrupt-central-directory",
            self.file("corrupt-directory.xlsx", _flip(data, _central_directory_offset(data), 4)),
            "corrupt-workbook",
            _DAMAGED_ZIP,
            what="bytes flipped in the zip's central directory",
        )
        start, length = _member_data_span(self.marked, SHEET)
        self.add(
            "corrupt-member-data",
            self.file("corrupt-member.xlsx", _flip(data, start + length // 2, 8)),
            "corrupt-workbook",
            "the workbook is damaged",
            what="bytes flipped in the sheet's compressed data (the directory is intact)",
        )
        no_parts = self.folder / "no-workbook-parts.xlsx"
        with zipfile.ZipFile(no_parts, "w") as archive:
            archive.writestr("word/document.xml", "<document/>")
            archive.writestr("readme.txt", "not a workbook")
        self.add(
            "zip-without-workbook-parts",
            no_parts,
            "not-a-workbook",
            "a Word document, not a spreadsheet",
            what="a zip holding word/document.xml and no xl/workbook.xml",
        )

    def other_formats(self) -> None:
        made_by = write_encrypted(self.folder / "encrypted.xlsx", self.marked)
        self.add(
            "encrypted-workbook",
            self.folder / "encrypted.xlsx",
            "encrypted-workbook",
            "the workbook is encrypted (password-protected); save an unprotected copy",
            what=f"a password-protected workbook ({made_by})",
        )
        legacy = self.folder / "legacy.xls"
        skip = None
        if SOFFICE is None:
            skip = "LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc"
        else:
            copy = Path(shutil.copy(self.marked, self.scratch / "legacy.xlsx"))
            try:
                convert_to_xls(copy, self.scratch).replace(legacy)
            except (subprocess.SubprocessError, RuntimeError) as error:
                skip = f"LibreOffice could not convert the workbook to .xls: {error}"
        self.add(
            "legacy-xls",
            legacy,
            what="the clean workbook saved as Excel 97-2003 .xls by LibreOffice",
            cases=MARKED_CASES,
            same_as="marked",
            skip=skip,
        )

    def missing_parts(self) -> None:
        self.add(
            "no-sheets",
            self.patched(
                "no-sheets.xlsx",
                WORKBOOK,
                lambda text: re.sub(r"<sheets>.*</sheets>", "<sheets/>", text),
            ),
            "no-sheets",
            "the workbook has no visible worksheets",
            what="workbook.xml lists no sheets",
        )
        self.add(
            "no-case-id-header",
            _workbook(self.folder, "no-case-id.xlsx", [["Ref", *QUESTIONS], ["C001", "Yes"]]),
            "no-case-id-header",
            "no 'Case ID' header in the first 20 rows of 'Cases'",
            what="a sheet headed 'Ref' where 'Case ID' belongs",
        )
        self.add(
            "only-hidden-sheets",
            self.patched(
                "only-hidden.xlsx",
                WORKBOOK,
                lambda text: text.replace('state="visible"', 'state="hidden"'),
            ),
            "no-sheets",
            "the workbook has no visible worksheets",
            what="the only sheet is hidden",
        )

    def xml_attacks(self) -> None:
        # The entities are used in a judgement cell, whose value sqs quotes in a message,
        # and one mark is left empty, so that formulas.py parses the sheet too.
        rows = marked_rows()
        rows[2][2] = None
        base = _workbook(self.scratch, "entity-base.xlsx", rows)
        laughs = "".join(
            f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
        )
        billion_laughs = f'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">{laughs}]>'
        self.add(
            "billion-laughs",
            _patched(
                base,
                self.folder / "billion-laughs.xlsx",
                SHEET,
                _with_doctype(billion_laughs, {"C2": _inline("C2", "&lol9;")}),
            ),
            "corrupt-workbook",
            "sheet 'Cases' cannot be read",
            what="sheet XML declaring nested entities (a billion 'lol's) used in a mark cell",
        )
        secret = f"SQS-SECRET-{secrets.token_hex(8)}"
        secret_file = self.folder / "secret.txt"
        secret_file.write_text(secret + "\n", encoding="utf-8")
        external = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>'
        self.add(
            "external-entity",
            _patched(
                base,
                self.folder / "external-entity.xlsx",
                SHEET,
                _with_doctype(
                    external, {"A2": _inline("A2", "&xxe;"), "C2": _inline("C2", "&xxe;")}
                ),
            ),
            "corrupt-workbook",
            "sheet 'Cases' cannot be read",
            what="sheet XML whose external entity names a local file, used in a case ID "
            "and a mark cell",
            secret=secret,
        )
        self.add(
            "external-entity-in-workbook-xml",
            _patched(
                base,
                self.folder / "external-entity-workbook.xlsx",
                WORKBOOK,
                lambda text: external + text.replace('name="Cases"', 'name="&xxe;"'),
            ),
            "corrupt-workbook",
            "the workbook is damaged",
            what="workbook.xml naming its sheet with an external entity (a local file)",
            secret=secret,
        )
        # In a formula with no cached value python-calamine never reads the entity, and
        # formulas.py parses the sheet with ElementTree: expat must refuse both.
        self.add(
            "billion-laughs-in-formula",
            _patched(
                base,
                self.folder / "billion-laughs-formula.xlsx",
                SHEET,
                _with_doctype(billion_laughs, {"C2": _formula("C2", "&lol9;")}),
            ),
            exit_code=0,
            message_fragment="mark cell is empty",
            cell_codes=("unmarked",),
            what="the billion laughs in a formula without a cached value, which only the "
            "formula check (ElementTree) parses",
            cases=MARKED_CASES,
        )
        self.add(
            "external-entity-in-formula",
            _patched(
                base,
                self.folder / "external-entity-formula.xlsx",
                SHEET,
                _with_doctype(external, {"C2": _formula("C2", "&xxe;")}),
            ),
            exit_code=0,
            message_fragment="mark cell is empty",
            cell_codes=("unmarked",),
            what="the external entity in a formula without a cached value, which only "
            "the formula check (ElementTree) parses",
            cases=MARKED_CASES,
            secret=secret,
        )

    def far_cell(self, name: str, row: int, cell: str, what: str, **expected: Any) -> None:
        outcome: dict[str, Any] = {
            "code": "limit-exceeded",
            "message_fragment": "(raise it with --max-",
        }
        outcome.update(expected)
        path = self.patched(f"{name}.xlsx", SHEET, _add_cell(row, cell))
        self.add(name, path, what=what, **outcome)

    def size_attacks(self) -> None:
        self.add(
            "decompression-bomb",
            write_bomb(self.folder / "bomb.xlsx", self.marked),
            "limit-exceeded",
            "over the 536,870,912-byte limit (raise it with --max-expanded-mb)",
            what=f"a workbook whose sheet is {BOMB_CHUNKS // 1024} GiB of spaces, in 3 MB",
        )
        self.far_cell(
            "far-cell-XFD1048576",
            1_048_576,
            _inline("XFD1048576", "x"),
            "one value cell at XFD1048576, Excel's last cell: 17 billion cells from A1",
            message_fragment="reaches 1,048,576 rows, over the 250,000-row limit "
            "(raise it with --max-rows)",
        )
        self.far_cell(
            "far-cell-XFD2",
            2,
            _inline("XFD2", "x"),
            "one value cell at XFD2, Excel's last column: 13 rows by 16,384 columns, "
            "far wider than any marking sheet",
            message_fragment="reaches 16,384 columns, over the 2,000-column limit "
            "(raise it with --max-columns)",
        )
        self.far_cell(
            "far-cell-XFE2",
            2,
            _inline("XFE2", "x"),
            "one value cell at XFE2, a column past Excel's last",
            message_fragment="reaches 16,385 columns, over the 2,000-column limit "
            "(raise it with --max-columns)",
        )
        self.far_cell(
            "far-cell-A1048576",
            1_048_576,
            _inline("A1048576", "x"),
            "one value cell at A1048576, Excel's last row: a million rows by 6 columns",
        )
        # Positions written in other shapes than `<c r="A1"`: followed tag by tag, so
        # python-calamine is never asked for the whole grid.
        self.far_cell(
            "extent-check-bypass-attribute-order",
            1_048_576,
            '<c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c>',
            "XFD1048576 written <c t=... r=...>, attributes in another order",
        )
        self.far_cell(
            "extent-check-bypass-single-quotes",
            1_048_576,
            "<c r='XFD1048576' t=\"inlineStr\"><is><t>x</t></is></c>",
            "XFD1048576 written r='XFD1048576', in single quotes",
        )
        self.far_cell(
            "extent-check-bypass-eight-digit-row",
            99_999_999,
            _inline("A99999999", "x"),
            "one value cell at A99999999, a row past Excel's last",
        )
        self.far_cell(
            "extent-check-bypass-four-letter-column",
            2,
            _inline("ZZZZ2", "x"),
            "one value cell at ZZZZ2, column 475,254, past Excel's last",
            message_fragment="(raise it with --max-columns)",
        )
        self.far_cell(
            "extent-check-bypass-cells-without-references",
            1_048_576,
            '<c t="inlineStr"><is><t>x</t></is></c>',
            'a cell with no r attribute in <row r="1048576">: the row gives its position',
        )
        million = "".join(
            f'<row r="{row}" s="0" customFormat="1" ht="20" customHeight="1"/>'
            for row in range(MARKED_CASES + 2, MARKED_CASES + 2 + 1_000_000)
        )
        self.add(
            "million-formatted-empty-rows",
            self.patched("million-rows.xlsx", SHEET, _add_rows(million)),
            what="a million empty rows with a format and a height, after the marks",
            cases=MARKED_CASES,
            same_as="marked",
        )

    def cell_contents(self) -> None:
        control = marked_rows()
        control[1][2] = "Yes\x1b[2J\x1b[31m"  # ANSI escapes: clear the screen, turn red
        control[2][2] = "\u202eseY"  # a right-to-left override: 'Yes' shown backwards
        control[3][2] = "Yes\x85\x9b31m"  # C1 controls: 0x9B is CSI to some terminals
        control[4][2] = "Ye\ts"
        control[5][2] = " Yes\n"  # spaces and line breaks round a mark are trimmed
        self.add(
            "control-characters",
            _patched(
                _workbook(self.scratch, "control.xlsx", _placeholders(control)),
                self.folder / "control-characters.xlsx",
                SHEET,
                _restore_placeholders(control),
            ),
            # A mark this long may be free text: described, not quoted (docs/privacy.md);
            # a near miss is quoted with its controls escaped.
            message_fragment=r"'Ye\ts' is not a judgement; did you mean 'Yes'?",
            cell_codes=("unknown-judgement",),
            what="marks holding ANSI escapes, C1 controls, a bidi override, a tab",
            cases=MARKED_CASES,
        )
        rows = marked_rows()
        rows[0].append("9.9z " + "q" * 100_000)  # shaped like a question, so quoted
        for row in rows[1:]:
            row.append(None)
        rows[1][2] = "Y" + "e" * 99_998 + "s"
        rows[1][1] = "d" * 100_000  # a descriptive cell: never printed
        rows[3][0] = rows[2][0] = "C" * 100_000  # a 100,000-character case ID, twice
        self.add(
            "100000-character-strings",
            _workbook(self.folder, "long-strings.xlsx", rows),
            # Excel keeps 32,767 characters of a cell.
            message_fragment="text of 32,767 characters is not a judgement",
            cell_codes=("unknown-judgement", "duplicate-case-id", "unknown-question"),
            what="a mark, a case ID (twice), a header and a descriptive cell of 100,000 characters",
            cases=MARKED_CASES - 1,
        )
        rows = marked_rows()
        rows[1][2] = "Y\u0435s"  # Cyrillic small ie
        rows[2][2] = "\uff39\uff45\uff53"  # full-width Latin
        rows[3][2] = "Yes\u200b"  # zero-width space
        rows[4][2] = "N\u200bo"
        self.add(
            "lookalike-judgements",
            _workbook(self.folder, "lookalike-judgements.xlsx", rows),
            message_fragment="'Y\u0435s' is not a judgement; did you mean 'Yes'?",
            cell_codes=("unknown-judgement",),
            what="'Yes' with a Cyrillic e, in full-width letters, and marks with zero-width spaces",
            cases=MARKED_CASES,
        )
        rows = marked_rows()
        rows[2][0] = "\u0421001"  # Cyrillic capital Es
        rows[3][0] = "C001\u200b"  # zero-width space
        rows[4][0] = "\uff23001"  # full-width C
        self.add(
            "lookalike-case-ids",
            _workbook(self.folder, "lookalike-ids.xlsx", rows),
            what="case IDs that look like C001 (a Cyrillic C, a zero-width space, a "
            "full-width C) beside C001: different text, so different cases",
            cases=MARKED_CASES,
        )
        rows = marked_rows()
        rows[1][2] = datetime.datetime(2024, 3, 1, 9, 30)
        rows[2][2] = datetime.date(2024, 3, 1)
        rows[3][2] = 2.5
        rows[4][2] = 42
        rows[5][2] = 1  # 1 and 0 are accepted: Yes and No
        rows[6][2] = 0
        rows[7][2] = True
        self.add(
            "dates-and-numbers-as-marks",
            _workbook(self.folder, "dates-and-numbers.xlsx", rows),
            message_fragment="a datetime is not a judgement",
            cell_codes=("unknown-judgement",),
            what="a date-time, a date, 2.5 and 42 where judgements belong "
            "(1, 0 and TRUE are accepted)",
            cases=MARKED_CASES,
        )
        self.add(
            "merged-cells",
            _workbook(
                self.folder, "merged.xlsx", marked_rows(), merged={"Cases": ["C2:D2", "E3:E5"]}
            ),
            message_fragment="cells C2:D2 are merged across marks; unmerge them and mark each cell",
            cell_codes=("merged-cells",),
            what="marks merged across a row (C2:D2) and down a column (E3:E5)",
            cases=MARKED_CASES,
        )
        rows = marked_rows()
        rows[1][2] = '=IF(1,"Yes","No")'
        rows[2][3] = '=IF(1,"No","Yes")'
        uncached = _workbook(self.folder, "formulas-uncached.xlsx", rows)
        cached = with_cached_values(uncached, {"C2": "Yes", "D3": "No"})
        cached = cached.replace(self.folder / "formulas-cached.xlsx")
        self.add(
            "formulas-with-cached-values",
            cached,
            what="marks that are formulas, with the values Excel saved for them",
            cases=MARKED_CASES,
        )
        self.add(
            "formulas-without-cached-values",
            uncached,
            message_fragment="formula has no calculated value; open the workbook in "
            "Excel or LibreOffice",
            cell_codes=("formula-without-value",),
            what="the same formulas as a script writes them, never calculated",
            cases=MARKED_CASES,
        )
        placeholders = rewrite_members(
            cached,
            lambda member, text: (
                text.replace("<calcPr", '<calcPr fullCalcOnLoad="1"')
                if member == "xl/workbook.xml"
                else text.replace("<v>Yes</v>", "<v>0</v>").replace("<v>No</v>", "<v>0</v>")
            ),
            "placeholders",
        )
        self.add(
            "formulas-with-placeholder-results",
            placeholders.replace(self.folder / "formulas-placeholders.xlsx"),
            message_fragment="saved to be recalculated when opened",
            cell_codes=("formula-without-value",),
            what="the same formulas as XlsxWriter, ExcelJS or PhpSpreadsheet write them: a "
            "stored 0 for each result, and fullCalcOnLoad",
            cases=MARKED_CASES,
        )
        two_sheets = write_workbook(
            self.scratch / "two-sheets.xlsx",
            {"Cases": marked_rows(), "Other": marked_rows(cases=3, prefix="X")},
        )
        self.add(
            "sheet-names-differing-in-case",
            _patched(
                two_sheets,
                self.folder / "cases-and-CASES.xlsx",
                WORKBOOK,
                _sheet_names({"Other": "CASES"}),
            ),
            what="sheets named 'Cases' and 'CASES', which Excel forbids: both are read",
            cases=MARKED_CASES + 3,
        )

    def files_and_folders(self) -> None:
        audits = self.folder / "folder"
        audits.mkdir()
        shutil.copy(self.marked, audits / "good.xlsx")
        (audits / "~$good.xlsx").write_bytes(b"\x0bInspector  " + b"\x00" * 150)
        (audits / "loop").symlink_to(audits, target_is_directory=True)
        (audits / "gone.xlsx").symlink_to(self.folder / "no-such-workbook.xlsx")
        self.add(
            "folder-with-loop-lock-and-dangling-link",
            audits,
            "file-not-found",
            "no such file",
            what="a folder holding a good workbook, a ~$ lock file, a symlink loop to "
            "itself and a link to a missing file (the file that cannot be read)",
            problem_file=audits / "gone.xlsx",
            workbooks=2,
        )
        fifo = self.folder / "fifo.xlsx"
        os.mkfifo(fifo)
        self.add(
            "fifo-named-xlsx",
            fifo,
            "file-unreadable",
            what="a named pipe (FIFO) called .xlsx, with no writer",
        )
        locked = self.file("unreadable.xlsx", self.marked.read_bytes())
        locked.chmod(0)
        self.add(
            "permission-denied",
            locked,
            "file-unreadable",
            "cannot open: Permission denied",
            what="a workbook with mode 000",
            skip=ROOT_SKIP if os.geteuid() == 0 else None,
        )


# openpyxl refuses control characters in cell text (XML 1.0 cannot hold most of them);
# Excel stores them as _xHHHH_ escapes, so the corpus does the same, after writing.
_PLACEHOLDER = "CONTROL-PLACEHOLDER-{}-{}"


def _placeholders(rows: list[list[Any]]) -> list[list[Any]]:
    return [
        [
            _PLACEHOLDER.format(r, c) if isinstance(value, str) and _needs_escape(value) else value
            for c, value in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]


def _needs_escape(text: str) -> bool:
    return any(ord(char) < 0x20 and char not in "\t\n\r" for char in text)


def _restore_placeholders(rows: list[list[Any]]) -> Callable[[str], str]:
    def change(text: str) -> str:
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and _needs_escape(value):
                    escaped = "".join(
                        f"_x{ord(char):04X}_" if ord(char) < 0x20 else char for char in value
                    )
                    text = text.replace(_PLACEHOLDER.format(r, c), escaped)
        return text

    return change


def is_regular_file(path: Path) -> bool:
    """A real file (not a link, FIFO or folder) that sha256 can read."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and os.access(path, os.R_OK)
