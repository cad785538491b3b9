from __future__ import annotations

import io
import struct
from pathlib import Path

import olefile  # type: ignore[import-untyped]
import pytest
import python_calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqs_cli.reading import xls_scan
from sqs_cli.reading.scan_facts import ScanError, SheetExtent, StringCounts
from sqs_cli.reading.xls_scan import _OleStream, legacy_excel_version, scan_xls
from sqs_cli.settings import Limits
from tests.reading import xls_files as xls
from tests.reading.calamine_probe import MB, calamine_reads

LIMITS = Limits()
# For comparing whole sheets with python-calamine: a scan that never stops early.
UNLIMITED = Limits(max_rows=2**40, max_columns=2**40, max_cells=2**80)


def test_libreoffice_workbook_every_sheet_as_python_calamine_reads_it() -> None:
    scan = scan_xls(xls.CASES_XLS, LIMITS)

    assert scan.biff == 8
    assert scan.encryption is None
    assert scan.strings == StringCounts(total=42, unique=19)
    assert scan.complete
    assert [(s.name, s.kind, s.visibility) for s in scan.sheets] == [
        ("Cases", "worksheet", "visible"),
        ("Guide", "worksheet", "visible"),
        ("Lists", "worksheet", "hidden"),
    ]
    # Cases: 7 rows by 7 columns of values, and formulas in I2, J2 (a string: FORMULA and
    # STRING records) and K2.
    assert [s.extent for s in scan.sheets] == [
        SheetExtent(rows=7, columns=11, cells=53),
        SheetExtent(rows=3, columns=2, cells=2),
        SheetExtent(rows=4, columns=1, cells=4),
    ]
    assert [(s.reserved_rows, s.reserved_columns) for s in scan.sheets] == [(7, 11), (3, 2), (4, 1)]
    workbook = python_calamine.CalamineWorkbook.from_path(xls.CASES_XLS)
    for sheet in scan.sheets:
        end = workbook.get_sheet_by_name(sheet.name).end
        assert end is not None
        assert (sheet.extent.rows, sheet.extent.columns) == (end[0] + 1, end[1] + 1)


def test_a_stream_in_regular_sectors_is_read_along_its_chain() -> None:
    # 61,023 bytes: past the mini stream's 4,096, in 512-byte sectors.
    with xls.CASES_LARGE_XLS.open("rb") as file:
        ole = olefile.OleFileIO(file)
        entry = next(kid for kid in ole.root.kids if kid.name == "Workbook")
        stream = _OleStream(ole, entry, ["Workbook"], xls.CASES_LARGE_XLS.stat().st_size)
        assert stream.small is None
        whole = ole.openstream("Workbook").read()
        stream.seek(1000)
        assert stream.read(10_000) == whole[1000:11_000]
        stream.seek(0)
        assert b"".join(iter(lambda: stream.read(777), b"")) == whole

    scan = scan_xls(xls.CASES_LARGE_XLS, LIMITS)
    assert scan.sheets[0].extent == SheetExtent(rows=401, columns=11, cells=2811)


def test_a_far_cell_is_reported_at_its_row_and_column(tmp_path: Path) -> None:
    # B1's LABELSST moved to row 65,536, column 256 (IV65536, the last cell of Excel 97).
    def far(stream: bytearray) -> None:
        struct.pack_into("<HH", stream, xls.nth(stream, xls.LABELSST, 1), 65535, 255)

    hostile = xls.patched(xls.CASES_XLS, tmp_path / "far.xls", far)

    scan = scan_xls(hostile, LIMITS)

    assert scan.sheets[0].extent == SheetExtent(rows=65536, columns=256, cells=53)
    assert not scan.complete
    assert len(scan.sheets) == 1  # the scan stops at the sheet over the limits
    # python-calamine today: 65,536 x 256 cells of grid, 1.2 GB; within 512 MB it dies.
    assert calamine_reads(xls.CASES_XLS).shapes == {
        "Cases": [7, 11],
        "Guide": [3, 2],
        "Lists": [4, 1],
    }
    assert calamine_reads(hostile, cap_bytes=512 * MB).aborted


def test_a_column_beyond_excel_s_256_is_taken_as_python_calamine_takes_it(
    tmp_path: Path,
) -> None:
    def far(stream: bytearray) -> None:
        struct.pack_into("<HH", stream, xls.nth(stream, xls.LABELSST, 1), 0, 65535)

    hostile = xls.patched(xls.CASES_XLS, tmp_path / "far-column.xls", far)

    assert scan_xls(hostile, LIMITS).sheets[0].extent.columns == 65536
    assert calamine_reads(hostile).shapes == {
        "Cases": [7, 65536],
        "Guide": [3, 2],
        "Lists": [4, 1],
    }


@pytest.mark.parametrize(
    ("declared", "reserved", "aborts"),
    [
        # rows [0, 65536), columns [0, 256): Excel 97's whole sheet, 671 MB reserved.
        ((0, 65536, 0, 256), (65536, 256), True),
        # A first row after the last: 32-bit arithmetic wraps to 4,294,967,291 rows.
        ((10, 5, 0, 11), (4294967291, 11), True),
        ((0, 0xFFFFFFFF, 0, 0xFFFF), (0xFFFFFFFF, 0xFFFF), True),
        # A first column over 255 is taken as 0.
        ((0, 7, 300, 11), (7, 11), False),
    ],
)
def test_dimensions_give_the_grid_python_calamine_reserves(
    tmp_path: Path,
    declared: tuple[int, int, int, int],
    reserved: tuple[int, int],
    aborts: bool,
) -> None:
    def claim(stream: bytearray) -> None:
        struct.pack_into("<IIHH", stream, xls.nth(stream, xls.DIMENSIONS), *declared)

    hostile = xls.patched(xls.CASES_XLS, tmp_path / "dimensions.xls", claim)

    cases = scan_xls(hostile, LIMITS).sheets[0]

    assert (cases.reserved_rows, cases.reserved_columns) == reserved
    assert cases.extent == SheetExtent(rows=7, columns=11, cells=53)  # the cells are as they were
    assert calamine_reads(hostile, cap_bytes=512 * MB).aborted is aborts


def test_declared_string_counts_are_reported_and_not_trusted(tmp_path: Path) -> None:
    def claim(stream: bytearray) -> None:
        struct.pack_into("<II", stream, xls.nth(stream, xls.SST), 0xFFFFFFFF, 0xFFFFFFFF)

    hostile = xls.patched(xls.CASES_XLS, tmp_path / "sst.xls", claim)

    assert scan_xls(hostile, LIMITS).strings == StringCounts(0xFFFFFFFF, 0xFFFFFFFF)
    # python-calamine reads the strings there are: the counts cost nothing.
    assert calamine_reads(hostile).shapes == calamine_reads(xls.CASES_XLS).shapes


def test_password_protected_by_libreoffice_is_rc4() -> None:
    scan = scan_xls(xls.PASSWORD_XLS, LIMITS)

    assert scan.encryption == "rc4"
    assert scan.sheets == ()
    with pytest.raises(python_calamine.PasswordError):
        python_calamine.CalamineWorkbook.from_path(xls.PASSWORD_XLS)


def test_xor_obfuscated_is_encrypted_although_python_calamine_reads_on(tmp_path: Path) -> None:
    obfuscated = xls.xor_obfuscated(xls.CASES_XLS, tmp_path / "xor.xls")
    # A real obfuscation: msoffcrypto-tool takes it back to the plain stream (its FILEPASS
    # record zeroed).
    import msoffcrypto  # type: ignore[import-untyped]

    with obfuscated.open("rb") as file:
        office = msoffcrypto.OfficeFile(file)
        office.load_key(password=xls.PASSWORD)
        plain = io.BytesIO()
        office.decrypt(plain)
    with olefile.OleFileIO(plain) as ole:
        decrypted = ole.openstream("Workbook").read()
    original = xls.workbook_stream(xls.CASES_XLS)
    assert [kind for _, kind, _ in xls.records(decrypted)][:2] == [xls.BOF, 0x0000]
    assert decrypted[-3000:] == original[-3000:]

    scan = scan_xls(obfuscated, LIMITS)

    assert (scan.encryption, scan.sheets) == ("xor", ())
    # python-calamine refuses FILEPASS only when its first field is not 0 (RC4), so it reads
    # the obfuscated records as plain ones: here a garbled code page.
    outcome = calamine_reads(obfuscated)
    assert outcome.returncode == 1
    assert "CalamineError: Cfb error: Codepage" in outcome.last_error_line


@pytest.mark.parametrize(
    ("filepass", "biff", "encryption"),
    [
        (struct.pack("<HHH", 0, 0x1234, 0x5678), 8, "xor"),
        (struct.pack("<HHH", 1, 1, 1) + bytes(48), 8, "rc4"),
        (struct.pack("<HHHI", 1, 4, 2, 0x24) + bytes(40), 8, "cryptoapi"),
        (struct.pack("<HHH", 1, 9, 9), 8, "unknown"),
        (struct.pack("<HH", 0x1234, 0x5678), 5, "xor"),  # Excel 5.0/95 knew only XOR
    ],
)
def test_filepass_names_the_encryption(
    tmp_path: Path, filepass: bytes, biff: int, encryption: str
) -> None:
    version = {8: 0x0600, 5: 0x0500}[biff]
    head = xls.record(xls.BOF, struct.pack("<HHHHII", version, 5, 0, 0, 0, 6))
    stream = xls.stream_of([("Cases", xls.number(0, 0))], globals_records=b"")
    stream = head + xls.record(xls.FILEPASS, filepass) + stream[len(head) :]

    scan = scan_xls(
        xls.with_stream(xls.CASES_LARGE_XLS, tmp_path / "encrypted.xls", stream), LIMITS
    )

    assert (scan.biff, scan.encryption) == (biff, encryption)


def test_records_python_calamine_keeps_and_those_it_skips(tmp_path: Path) -> None:
    chart = xls.bof(0x20) + xls.number(60000, 200) + xls.record(xls.EOF)  # embedded: skipped
    body = b"".join(
        [
            xls.dimensions(0, 4, 0, 9),
            xls.label(0, 0, "Case ID"),
            xls.rk(1, 1),
            xls.mulrk(2, 2, 5),  # columns C to G
            xls.boolean(3, 1),
            xls.formula(3, 7),
            xls.string_formula(3, 8, "text"),
            xls.blank(9000, 200),  # formatting only
            xls.mulblank(9001, 0, 250),
            xls.record(xls.ROW, struct.pack("<HHHH", 9002, 0, 250, 0) + bytes(8)),
            chart,
        ]
    )
    stream = xls.stream_of([("Cases", body), ("Chart", xls.number(0, 0))], hidden=["Chart"])
    workbook = xls.with_stream(xls.CASES_LARGE_XLS, tmp_path / "records.xls", stream)

    scan = scan_xls(workbook, LIMITS)

    # Cells: LABEL, RK, five MULRK values, BOOLERR, two FORMULA and the STRING.
    assert scan.sheets[0].extent == SheetExtent(rows=4, columns=9, cells=11)
    assert (scan.sheets[0].reserved_rows, scan.sheets[0].reserved_columns) == (4, 9)
    assert scan.sheets[1].visibility == "hidden"
    assert scan.sheets[1].extent == SheetExtent(rows=1, columns=1, cells=1)
    assert calamine_reads(workbook).shapes == {"Cases": [4, 9], "Chart": [1, 1]}


def test_a_sheet_past_the_limits_stops_the_scan_early(tmp_path: Path) -> None:
    limits = Limits(max_rows=100, max_columns=10, max_cells=1000)
    many = b"".join(xls.rk(row, 0) for row in range(2000))
    stream = xls.stream_of([("First", xls.rk(0, 0)), ("Long", many), ("Never", xls.rk(0, 0))])
    workbook = xls.with_stream(xls.CASES_LARGE_XLS, tmp_path / "long.xls", stream)

    scan = scan_xls(workbook, limits)

    assert not scan.complete
    assert [sheet.name for sheet in scan.sheets] == ["First", "Long"]
    assert scan.sheets[1].extent.rows > 100
    assert scan_xls(workbook, LIMITS).sheets[1].extent == SheetExtent(2000, 1, 2000)


def test_cell_records_are_counted_one_by_one_however_few_their_positions(
    tmp_path: Path,
) -> None:
    # The same cell written 3,000 times: python-calamine keeps every one before its grid.
    stream = xls.stream_of([("Cases", xls.rk(0, 0) * 3000)])
    workbook = xls.with_stream(xls.CASES_LARGE_XLS, tmp_path / "repeated.xls", stream)

    assert scan_xls(workbook, LIMITS).sheets[0].extent == SheetExtent(1, 1, 3000)
    assert scan_xls(workbook, Limits(max_cells=2999)).complete is False


def test_sheet_names_in_unicode(tmp_path: Path) -> None:
    name = "Cas\u00e9s \u2013 \u0416"
    stream = xls.stream_of([(name, xls.rk(0, 0))])
    workbook = xls.with_stream(xls.CASES_LARGE_XLS, tmp_path / "names.xls", stream)

    assert scan_xls(workbook, LIMITS).sheets[0].name == name
    assert python_calamine.CalamineWorkbook.from_path(workbook).sheet_names == [name]


def _exactly(content: bytes, size: int, tail: bytes) -> bytes:
    """content, one record of zeros, then tail: size bytes in all."""
    return content + xls.record(0x0000, bytes(size - len(content) - len(tail) - 4)) + tail


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (b"\x42\x00\xff\x00", "a record runs past the end of the workbook stream"),
        (b"\x42\x00", "the workbook stream ends in the middle of a record header"),
    ],
)
def test_records_that_run_past_the_stream(tmp_path: Path, tail: bytes, message: str) -> None:
    size = len(xls.workbook_stream(xls.CASES_XLS))
    stream = _exactly(xls.stream_of([("Cases", b"")])[:-4], size, tail)  # no EOF: reads on
    workbook = xls.with_stream(xls.CASES_XLS, tmp_path / "cut.xls", stream)

    with pytest.raises(ScanError, match=message):
        scan_xls(workbook, LIMITS)


def test_a_sheet_that_starts_past_the_stream(tmp_path: Path) -> None:
    listed = struct.pack("<IBB", 10**6, 0, 0) + xls.sheet_name("Cases")
    stream = xls.bof(5) + xls.record(xls.BOUNDSHEET, listed) + xls.record(xls.EOF)
    workbook = xls.with_stream(xls.CASES_XLS, tmp_path / "far-sheet.xls", stream)

    with pytest.raises(ScanError, match="a sheet starts past the end of the workbook stream"):
        scan_xls(workbook, LIMITS)


def test_not_an_ole_file_or_without_a_workbook_stream(tmp_path: Path) -> None:
    text = tmp_path / "text.xls"
    text.write_bytes(b"Case ID,Q1\nC1,Yes\n")
    with pytest.raises(ScanError, match="not a readable OLE container"):
        scan_xls(text, LIMITS)

    truncated = tmp_path / "truncated.xls"
    truncated.write_bytes(xls.CASES_XLS.read_bytes()[:700])
    with pytest.raises(ScanError, match="not a readable OLE container"):
        scan_xls(truncated, LIMITS)

    # The stream renamed in the directory: python-calamine finds no workbook either.
    renamed = bytearray(xls.CASES_XLS.read_bytes())
    at = renamed.find("Workbook".encode("utf-16-le"))
    renamed[at : at + 16] = "Workbuck".encode("utf-16-le")
    other = tmp_path / "other.xls"
    other.write_bytes(bytes(renamed))
    with pytest.raises(ScanError, match="no Workbook stream"):
        scan_xls(other, LIMITS)
    with pytest.raises(python_calamine.CalamineError, match="Workbook"):
        python_calamine.CalamineWorkbook.from_path(other)


@pytest.mark.parametrize(
    ("version", "name"), [(2, "Excel 2.x"), (3, "Excel 3.0"), (4, "Excel 4.0")]
)
def test_legacy_excel_versions_are_named(tmp_path: Path, version: int, name: str) -> None:
    content = xls.legacy_biff(version)

    assert legacy_excel_version(content[:8]) == name
    # python-calamine looks for an OLE container and finds none.
    path = tmp_path / f"excel{version}.xls"
    path.write_bytes(content)
    with pytest.raises(python_calamine.CalamineError, match="Invalid OLE"):
        python_calamine.CalamineWorkbook.from_path(path)


@pytest.mark.parametrize(
    "head",
    [
        xls.CASES_XLS.read_bytes()[:8],  # OLE
        b"PK\x03\x04\x14\x00\x06\x00",  # zip
        b"Case ID,",
        b"\x09\x08\x10\x00\x00\x06\x05\x00",  # a bare BIFF8 BOF: no Excel 2-4 file
        b"\x09\x04\x06\x00\x00\x00\x99\x00",  # an Excel 4.0 BOF of no known document type
        b"\x09\x04",
    ],
)
def test_other_heads_are_no_legacy_excel(head: bytes) -> None:
    assert legacy_excel_version(head) is None


# Cell records at random positions and in random order, as python-calamine reads them.
_CELL_RECORDS = st.one_of(
    st.builds(xls.number, st.integers(0, 300), st.integers(0, 60)),
    st.builds(xls.rk, st.integers(0, 300), st.integers(0, 60)),
    st.builds(xls.boolean, st.integers(0, 300), st.integers(0, 60)),
    st.builds(xls.formula, st.integers(0, 300), st.integers(0, 60)),
    st.builds(xls.label, st.integers(0, 300), st.integers(0, 60), st.just("x")),
    st.builds(xls.mulrk, st.integers(0, 300), st.integers(0, 50), st.integers(1, 10)),
    st.builds(xls.blank, st.integers(0, 2000), st.integers(0, 200)),
    st.builds(xls.mulblank, st.integers(0, 2000), st.integers(0, 100), st.integers(100, 200)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.lists(_CELL_RECORDS, min_size=1, max_size=60))
def test_the_extent_is_python_calamine_s_grid(tmp_path: Path, cells: list[bytes]) -> None:
    stream = xls.stream_of([("Cases", b"".join(cells))])
    workbook = xls.with_stream(xls.CASES_LARGE_XLS, tmp_path / "random.xls", stream)

    extent = scan_xls(workbook, UNLIMITED).sheets[0].extent

    end = python_calamine.CalamineWorkbook.from_path(workbook).get_sheet_by_name("Cases").end
    if end is None:
        assert (extent.rows, extent.columns) == (0, 0)
    else:
        assert (extent.rows, extent.columns) == (end[0] + 1, end[1] + 1)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(_CELL_RECORDS, min_size=1, max_size=60),
    declared=st.tuples(st.integers(1, 400), st.integers(1, 120)),
    limits=st.builds(
        Limits,
        max_rows=st.integers(1, 400),
        max_columns=st.integers(1, 120),
        max_cells=st.integers(1, 3000),
    ),
)
def test_checked_in_bulk_the_verdict_is_the_same(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cells: list[bytes],
    declared: tuple[int, int],
    limits: Limits,
) -> None:
    body = xls.dimensions(0, declared[0], 0, declared[1]) + b"".join(cells)
    stream = xls.stream_of([("Cases", body)])
    workbook = xls.with_stream(xls.CASES_LARGE_XLS, tmp_path / "bulk.xls", stream)

    monkeypatch.setattr(xls_scan, "_EXACT_CELLS", 10**9)  # cell by cell throughout
    exact = scan_xls(workbook, limits).sheets[0].extent
    monkeypatch.setattr(xls_scan, "_EXACT_CELLS", 0)  # in bulk from the first cell
    in_bulk = scan_xls(workbook, limits).sheets[0].extent

    assert exact.exact
    assert in_bulk.exceeds(limits) is exact.exceeds(limits)
    if in_bulk.exceeds(limits):
        # Both stopped, each where it found it out: exact figures, up to there.
        assert in_bulk.exact
    elif in_bulk.exact:
        assert in_bulk == exact
    else:
        assert not in_bulk.exceeds(limits)
        assert in_bulk.rows >= exact.rows
        assert in_bulk.columns >= exact.columns
        assert in_bulk.cells >= exact.cells


def test_a_large_sheet_is_checked_in_bulk_against_its_dimensions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 300 rows of RK, MULRK and LABEL records: 6,901 cells, of which the first 921 one by
    # one, up to a record too long for a run (in the 61 KB stream of cases-large.xls,
    # "large" is smaller than in life).
    monkeypatch.setattr(xls_scan, "_EXACT_CELLS", 500)
    rows = [
        xls.rk(row, 0) + xls.mulrk(row, 1, 20) + xls.label(row, 21, "Yes") + xls.rk(row, 22)
        for row in range(300)
    ]
    rows.insert(40, xls.label(40, 0, "x" * 300))
    body = xls.dimensions(0, 300, 0, 24) + b"".join(rows)
    workbook = xls.with_stream(
        xls.CASES_LARGE_XLS, tmp_path / "bulk.xls", xls.stream_of([("Cases", body)])
    )

    extent = scan_xls(workbook, LIMITS).sheets[0].extent

    assert (extent.rows, extent.columns, extent.exact) == (300, 24, False)
    assert extent.cells >= 300 * 23 + 1
    # Where the bytes' bound passes the limits, the cells are counted again, one by one.
    exact = scan_xls(workbook, Limits(max_cells=300 * 23 + 1)).sheets[0].extent
    assert exact == SheetExtent(300, 23, 300 * 23 + 1)
    assert calamine_reads(workbook).shapes == {"Cases": [300, 23]}
