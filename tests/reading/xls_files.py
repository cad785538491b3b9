""".xls test workbooks: LibreOffice's files from tests/data/reading, and copies of them
whose Workbook stream is patched or replaced record by record ([MS-XLS] 2.1.4: a record
is its two-byte type, two-byte size, then its data).

olefile rewrites a stream in place only at its size: a replaced stream is padded with
zeros after its last EOF record, where no reader looks.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import olefile  # type: ignore[import-untyped]

DATA = Path(__file__).resolve().parent.parent / "data" / "reading"
CASES_XLS = DATA / "cases.xls"  # a small stream: in the OLE mini stream
CASES_LARGE_XLS = DATA / "cases-large.xls"  # 400 cases: a stream in regular sectors
PASSWORD_XLS = DATA / "cases-password.xls"
PASSWORD_ODS = DATA / "cases-password.ods"
ZIP_PASSWORD_XLSX = DATA / "cases-zip-password.xlsx"
PASSWORD = "secret"

BOF = 0x0809
EOF = 0x000A
FILEPASS = 0x002F
BOUNDSHEET = 0x0085
SST = 0x00FC
DIMENSIONS = 0x0200
ROW = 0x0208
BLANK = 0x0201
MULBLANK = 0x00BE
NUMBER = 0x0203
LABEL = 0x0204
BOOLERR = 0x0205
RK = 0x027E
MULRK = 0x00BD
LABELSST = 0x00FD
FORMULA = 0x0006
STRING = 0x0207


def record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def records(stream: bytes) -> Iterator[tuple[int, int, bytes]]:
    """(position, type, data) of every record of a stream."""
    position = 0
    while position + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, position)
        yield position, kind, stream[position + 4 : position + 4 + size]
        position += 4 + size


def workbook_stream(path: Path) -> bytes:
    with olefile.OleFileIO(str(path)) as ole:
        return bytes(ole.openstream("Workbook").read())


def with_stream(source: Path, target: Path, stream: bytes) -> Path:
    """A copy of source whose Workbook stream is `stream`, zero-padded to its size."""
    size = len(workbook_stream(source))
    assert len(stream) <= size, f"{len(stream)} bytes do not fit a {size}-byte stream"
    shutil.copyfile(source, target)
    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        ole.write_stream("Workbook", stream + bytes(size - len(stream)))
    return target


def patched(source: Path, target: Path, patch: Callable[[bytearray], None]) -> Path:
    """A copy of source whose Workbook stream is changed in place by patch."""
    stream = bytearray(workbook_stream(source))
    patch(stream)
    return with_stream(source, target, bytes(stream))


def nth(stream: bytes | bytearray, kind: int, index: int = 0) -> int:
    """Where the data of the index-th record of this type starts."""
    return [pos for pos, found, _ in records(bytes(stream)) if found == kind][index] + 4


# --- cell records ([MS-XLS] 2.4) ------------------------------------------------------


def number(row: int, column: int, value: float = 1.0) -> bytes:
    return record(NUMBER, struct.pack("<HHHd", row, column, 0, value))


def rk(row: int, column: int, value: int = 1) -> bytes:
    return record(RK, struct.pack("<HHHI", row, column, 0, (value << 2) | 2))


def mulrk(row: int, first: int, count: int) -> bytes:
    values = b"".join(struct.pack("<HI", 0, (n << 2) | 2) for n in range(count))
    return record(
        MULRK, struct.pack("<HH", row, first) + values + struct.pack("<H", first + count - 1)
    )


def boolean(row: int, column: int, value: bool = True) -> bytes:
    return record(BOOLERR, struct.pack("<HHHBB", row, column, 0, value, 0))


def label(row: int, column: int, text: str) -> bytes:
    encoded = text.encode("latin-1")
    return record(LABEL, struct.pack("<HHHHB", row, column, 0, len(encoded), 0) + encoded)


def blank(row: int, column: int) -> bytes:
    return record(BLANK, struct.pack("<HHH", row, column, 0))


def mulblank(row: int, first: int, last: int) -> bytes:
    styles = bytes(2 * (last - first + 1))
    return record(MULBLANK, struct.pack("<HH", row, first) + styles + struct.pack("<H", last))


def formula(row: int, column: int, value: float = 2.0) -> bytes:
    # A cached number, no flags, then the expression: one integer token (ptgInt 1).
    expression = b"\x1e\x01\x00"
    data = struct.pack("<HHHdHI", row, column, 0, value, 0, 0)
    return record(FORMULA, data + struct.pack("<H", len(expression)) + expression)


def string_formula(row: int, column: int, text: str) -> bytes:
    """A FORMULA whose value is a string, and the STRING record that holds it."""
    expression = b"\x1e\x01\x00"
    cached = b"\x00" + bytes(5) + b"\xff\xff"  # string result, value in the next record
    data = struct.pack("<HHH", row, column, 0) + cached + struct.pack("<HI", 0, 0)
    encoded = text.encode("latin-1")
    value = struct.pack("<HB", len(encoded), 0) + encoded
    return record(FORMULA, data + struct.pack("<H", len(expression)) + expression) + record(
        STRING, value
    )


def dimensions(first_row: int, last_row: int, first_column: int, last_column: int) -> bytes:
    """BIFF8 DIMENSIONS: rows [first, last), columns [first, last)."""
    return record(
        DIMENSIONS, struct.pack("<IIHHH", first_row, last_row, first_column, last_column, 0)
    )


def bof(document: int) -> bytes:
    # BIFF8, the document type (5 globals, 0x10 worksheet, 0x20 chart), build and history.
    return record(BOF, struct.pack("<HHHHII", 0x0600, document, 0x0DBB, 0x07CC, 0, 6))


# --- whole streams ----------------------------------------------------------------------


def sheet_name(name: str) -> bytes:
    """A ShortXLUnicodeString: one byte a character where it can, else UTF-16."""
    try:
        return struct.pack("<BB", len(name), 0) + name.encode("latin-1")
    except UnicodeEncodeError:
        return struct.pack("<BB", len(name), 1) + name.encode("utf-16-le")


def stream_of(
    sheets: Sequence[tuple[str, bytes]],
    *,
    globals_records: bytes = b"",
    hidden: Sequence[str] = (),
    sheet_kind: int = 0,
) -> bytes:
    """A Workbook stream listing sheets (name, records between the sheet's BOF and EOF)."""
    boundsheet_size = [4 + 6 + len(sheet_name(name)) for name, _ in sheets]
    globals_size = len(bof(5)) + len(globals_records) + sum(boundsheet_size) + 4
    position = globals_size
    listed, bodies = [], []
    for name, body in sheets:
        state = 1 if name in hidden else 0
        data = struct.pack("<IBB", position, state, sheet_kind) + sheet_name(name)
        listed.append(record(BOUNDSHEET, data))
        sheet = bof(0x10) + body + record(EOF)
        bodies.append(sheet)
        position += len(sheet)
    return bof(5) + globals_records + b"".join(listed) + record(EOF) + b"".join(bodies)


def legacy_biff(version: int) -> bytes:
    """A bare Excel 2.x, 3.0 or 4.0 worksheet ([MS-XLS] predecessors, as LibreOffice and
    the OpenOffice.org documentation of the Excel file format describe them): a header
    cell and a number. LibreOffice 7.4 opens each of these."""
    text = b"Case ID"
    if version == 2:
        head = record(0x0009, struct.pack("<HH", 0x0002, 0x0010))
        dimension = record(0x0000, struct.pack("<HHHH", 0, 2, 0, 1))
        cells = record(0x0004, struct.pack("<HH3sB", 0, 0, bytes(3), len(text)) + text)
        cells += record(0x0003, struct.pack("<HH3sd", 1, 0, bytes(3), 42.0))
    else:
        head = record({3: 0x0209, 4: 0x0409}[version], struct.pack("<HHH", 0, 0x0010, 0))
        dimension = record(DIMENSIONS, struct.pack("<HHHHH", 0, 2, 0, 1, 0))
        cells = record(LABEL, struct.pack("<HHHH", 0, 0, 0, len(text)) + text)
        cells += record(NUMBER, struct.pack("<HHHd", 1, 0, 0, 42.0))
    return head + dimension + cells + record(EOF)


# --- XOR obfuscation ([MS-OFFCRYPTO] 2.3.7), as Excel writes it ----------------------------

# Records whose data stays plain ([MS-XLS] 2.2.10): BOF, FILEPASS, USREXCL, FILELOCK,
# INTERFACEHDR, RRDINFO, RRDHEAD; and the first four bytes of BOUNDSHEET.
_PLAIN = {BOF, FILEPASS, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138}


def _verifier(password: str) -> int:
    verifier = 0
    for byte in reversed([len(password), *password.encode("latin-1")]):
        verifier = (((verifier >> 14) & 1) | ((verifier << 1) & 0x7FFF)) ^ byte
    return verifier ^ 0xCE4B


def xor_obfuscated(source: Path, target: Path, password: str = PASSWORD) -> Path:
    """A copy of an .xls obfuscated with XOR method 1: a FILEPASS record after the BOF, and
    every record's data but those above XORed with the password's array, as msoffcrypto-tool
    undoes it."""
    from msoffcrypto.method.xor_obfuscation import DocumentXOR  # type: ignore[import-untyped]

    stream = bytearray(workbook_stream(source))
    # FILEPASS goes right after the BOF; WRITEACCESS (112 bytes of data, a few records on)
    # gives up its room, to keep every later record where BOUNDSHEET says it is.
    after_bof = nth(stream, BOF) + struct.unpack_from("<H", stream, 2)[0]
    write_access = nth(stream, 0x005C) - 4
    end = write_access + 4 + struct.unpack_from("<H", stream, write_access + 2)[0]
    key = DocumentXOR.create_xor_key_method1(password)
    filepass = record(FILEPASS, struct.pack("<HHH", 0, key, _verifier(password)))
    between = bytes(stream[after_bof:write_access])
    filler = record(0x005C, bytes(end - after_bof - len(filepass) - len(between) - 4))
    stream[after_bof:end] = filepass + between + filler
    array = DocumentXOR.create_xor_array_method1(password)
    for position, kind, data in list(records(bytes(stream))):
        if kind in _PLAIN:
            continue
        start = position + 4 + (4 if kind == BOUNDSHEET else 0)
        end = position + 4 + len(data)
        index = (end + (4 if kind == BOUNDSHEET else 0)) % 16
        for offset in range(start, end):
            rotated = ((stream[offset] << 5) | (stream[offset] >> 3)) & 0xFF
            stream[offset] = rotated ^ array[index]
            index = (index + 1) % 16
    return with_stream(source, target, bytes(stream))
