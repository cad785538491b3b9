from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
import python_calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqs_cli.reading import xlsb_scan
from sqs_cli.reading.scan_facts import ScanError, SheetExtent, StringCounts
from sqs_cli.reading.xlsb_scan import XlsbSheetScan, scan_xlsb_sheet, scan_xlsb_strings
from sqs_cli.settings import Limits
from tests.reading import xlsb_writer as xlsb
from tests.reading.calamine_probe import MB, calamine_reads

LIMITS = Limits()
# For comparing whole sheets with python-calamine: a scan that never stops early.
UNLIMITED = Limits(max_rows=2**40, max_columns=2**40, max_cells=2**80)
ROWS = [["Case ID", "Q1.1", "Q1.2", "Rating"]] + [
    [f"FIC-{n:03}", "Yes", "No", float(n % 4 + 1)] for n in range(1, 6)
]
BASE_CELLS = xlsb.grid_cells(ROWS)  # A1:D6, 24 cells


def scan(
    path: Path, part: str = "xl/worksheets/sheet1.bin", limits: Limits = LIMITS
) -> XlsbSheetScan:
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        return scan_xlsb_sheet(stream, limits)


def workbook(path: Path, part: bytes, strings: dict[str, int]) -> Path:
    return xlsb.write_xlsb(path, {"Cases": part}, strings)


def with_cells(path: Path, cells: list[tuple[int, int, xlsb.Value]], **options: object) -> Path:
    strings: dict[str, int] = {}
    return workbook(path, xlsb.sheet_part(cells, strings, **options), strings)  # type: ignore[arg-type]


def with_records(path: Path, extra: bytes) -> Path:
    """The base sheet with extra records just before BrtEndSheetData."""
    strings: dict[str, int] = {}
    part = xlsb.sheet_part(BASE_CELLS, strings)
    end = part.rindex(xlsb.record(xlsb.END_SHEET_DATA))
    return workbook(path, part[:end] + extra + part[end:], strings)


def test_a_clean_workbook_scans_to_python_calamine_s_grid(tmp_path: Path) -> None:
    path = xlsb.simple_xlsb(
        tmp_path / "cases.xlsb", {"Cases": ROWS, "Guide": [["Read me"], [None], [None, 42]]}
    )

    cases, guide = scan(path), scan(path, "xl/worksheets/sheet2.bin")

    assert cases == XlsbSheetScan(SheetExtent(6, 4, 24), 6, 4, complete=True)
    assert guide == XlsbSheetScan(SheetExtent(3, 2, 2), 3, 2, complete=True)
    with zipfile.ZipFile(path) as archive, archive.open("xl/sharedStrings.bin") as stream:
        assert scan_xlsb_strings(stream) == StringCounts(total=12, unique=12)
    sheet = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_name("Cases")
    assert sheet.end == (5, 3)


def test_a_far_cell_aborts_python_calamine_and_is_reported_where_it_is(tmp_path: Path) -> None:
    # XFD1048576: 17 billion cells of grid.
    path = with_cells(tmp_path / "far.xlsb", [*BASE_CELLS, (1048575, 16383, "far")])

    assert scan(path) == XlsbSheetScan(SheetExtent(1048576, 16384, 25), 1048576, 16384, False)
    outcome = calamine_reads(path, cap_bytes=512 * MB)
    assert outcome.aborted
    assert outcome.shapes is None


def test_a_mid_size_extent_is_reported_exactly(tmp_path: Path) -> None:
    # 100,000 rows by 1,000 columns: python-calamine takes 3.8 GB and 14 s for it today.
    path = with_cells(tmp_path / "mid.xlsb", [*BASE_CELLS, (99999, 999, "far")])

    assert scan(path).extent == SheetExtent(100000, 1000, 25)
    assert calamine_reads(path, cap_bytes=512 * MB).aborted


@pytest.mark.parametrize(
    ("column", "shape"),
    [
        (16383, [6, 16384]),  # XFD, Excel's last column
        (0x7FFFFFFF, None),  # past any limit: python-calamine aborts
        # 2**32 columns: python-calamine's arithmetic wraps and the sheet reads empty.
        (0xFFFFFFFF, [0, 0]),
    ],
)
def test_columns_are_not_bounded_by_excel_s(
    tmp_path: Path, column: int, shape: list[int] | None
) -> None:
    path = with_cells(tmp_path / "column.xlsb", [*BASE_CELLS, (5, column, "far")])

    assert scan(path).extent == SheetExtent(6, column + 1, 25)
    outcome = calamine_reads(path, cap_bytes=512 * MB)
    assert (outcome.shapes or {}).get("Cases") == shape
    assert outcome.aborted is (shape is None)


def test_a_row_header_past_row_0x100000_ends_the_sheet(tmp_path: Path) -> None:
    last = with_cells(tmp_path / "last-row.xlsb", [*BASE_CELLS, (0x100000, 3, "far")])
    past = with_cells(
        tmp_path / "past.xlsb", [*BASE_CELLS, (0x100001, 3, "lost"), (0x100001, 4, "lost")]
    )

    # Row 0x100000, one past Excel's last, is still read.
    assert scan(last).extent == SheetExtent(0x100001, 4, 25)
    assert scan(past) == XlsbSheetScan(SheetExtent(6, 4, 24), 0x100002, 5, complete=True)
    assert calamine_reads(past).shapes == {"Cases": [6, 4]}


def test_declared_dimension_and_blank_cells_allocate_nothing(tmp_path: Path) -> None:
    declared = with_cells(tmp_path / "declared.xlsb", BASE_CELLS, declared=(0, 1048575, 0, 16383))
    blank = with_cells(tmp_path / "blank.xlsb", [*BASE_CELLS, (1048575, 16383, None)])

    assert scan(declared) == XlsbSheetScan(SheetExtent(6, 4, 24), 1048576, 16384, True)
    assert scan(blank).extent == SheetExtent(6, 4, 24)
    assert calamine_reads(declared).shapes == calamine_reads(blank).shapes == {"Cases": [6, 4]}


def _unknown(first: int) -> bytes:
    """A record python-calamine ignores whose data starts with `first`."""
    return xlsb.record(0x0400, struct.pack("<IIII", first, 0, 0, 0))


@pytest.mark.parametrize(
    ("extra", "extent"),
    [
        # A cell record without data takes its column from the record before it.
        (_unknown(4000) + xlsb.record(xlsb.CELL_REAL), SheetExtent(6, 4001, 25)),
        # One data byte replaces only the lowest byte of it: 4000 is 0x0FA0, 0x0F05 is 3845.
        (_unknown(4000) + xlsb.record(xlsb.CELL_BOOL, b"\x05"), SheetExtent(6, 3846, 25)),
        # A row header without data takes its row so.
        (
            _unknown(3000)
            + xlsb.record(xlsb.ROW_HEADER)
            + xlsb.record(xlsb.CELL_REAL, struct.pack("<IId", 2, 0, 1.0)),
            SheetExtent(3001, 4, 25),
        ),
    ],
    ids=["cell without data", "cell of one byte", "row header without data"],
)
def test_records_shorter_than_a_column_read_what_the_buffer_holds(
    tmp_path: Path, extra: bytes, extent: SheetExtent
) -> None:
    path = with_records(tmp_path / "short.xlsb", extra)

    assert scan(path).extent == extent
    assert calamine_reads(path).shapes == {"Cases": [extent.rows, extent.columns]}


def test_cells_outside_the_sheet_data_are_not_read(tmp_path: Path) -> None:
    strings: dict[str, int] = {}
    part = xlsb.sheet_part(BASE_CELLS, strings)
    far = xlsb.row_header(900) + xlsb.cell(900, 1.0, strings)
    begin = xlsb.record(xlsb.BEGIN_SHEET_DATA)
    # Before BrtBeginSheetData, inside a block python-calamine skips (views) a
    # BrtBeginSheetData of its own, and after BrtEndSheetData.
    view = xlsb.record(0x0085) + far + begin + far + xlsb.record(0x0086)
    part = part.replace(begin, far + view + begin, 1) + far
    path = workbook(tmp_path / "outside.xlsb", part, strings)

    assert scan(path).extent == SheetExtent(6, 4, 24)
    assert calamine_reads(path).shapes == {"Cases": [6, 4]}


def test_many_records_of_one_cell_count_each(tmp_path: Path) -> None:
    strings: dict[str, int] = {}
    one = xlsb.cell(0, 1.0, strings)
    path = with_records(tmp_path / "repeated.xlsb", one * 5000)

    assert scan(path).extent == SheetExtent(6, 4, 5024)
    assert scan(path, limits=Limits(max_cells=5000)).complete is False


def test_the_scan_stops_soon_after_the_limits_are_passed() -> None:
    strings: dict[str, int] = {}
    cells = [(0, 0, 1.0), (0, 20000, 1.0)] + [(row, 1, 1.0) for row in range(1, 200_000)]
    part = xlsb.sheet_part(cells, strings)
    stream = io.BytesIO(part)

    result = scan_xlsb_sheet(stream, LIMITS)

    assert result.extent.columns == 20001
    assert not result.complete
    assert stream.tell() < len(part) // 2  # a chunk read, not the 4 MB part


@pytest.mark.parametrize(
    "cut",
    [
        xlsb.record(xlsb.CELL_REAL, bytes(16))[:-3],  # data cut short
        b"\x85",  # a two-byte type cut after its first byte
        b"\x05\x90",  # a size cut after its first byte
    ],
)
def test_a_record_cut_short_cannot_be_followed(cut: bytes) -> None:
    strings: dict[str, int] = {}
    part = xlsb.sheet_part(BASE_CELLS, strings)
    part = part[: part.rindex(xlsb.record(xlsb.END_SHEET_DATA))] + cut

    with pytest.raises(ScanError, match="runs past the end of its part"):
        scan_xlsb_sheet(io.BytesIO(part), LIMITS)


def test_declared_string_counts(tmp_path: Path) -> None:
    strings = {"Yes": 0, "No": 1}
    claims = struct.pack("<II", 0xFFFFFFFF, 0xFFFFFFFF)
    part = xlsb.shared_strings_part(strings)
    part = part[:3] + claims + part[11:]

    assert scan_xlsb_strings(io.BytesIO(part)) == StringCounts(0xFFFFFFFF, 0xFFFFFFFF)
    assert scan_xlsb_strings(io.BytesIO(xlsb.record(xlsb.BEGIN_BOOK))) is None
    # python-calamine reads as many strings as the count says, reserving nothing, and fails
    # at the end of the part.
    path = xlsb.write_xlsb(
        tmp_path / "sst.xlsb", {"Cases": xlsb.sheet_part(BASE_CELLS, {})}, strings, part
    )
    outcome = calamine_reads(path)
    assert outcome.returncode == 1
    assert outcome.last_error_line == "OSError: failed to fill whole buffer"


# Records as a sheet may hold them, small enough for python-calamine to read in a test.
_CELL = st.one_of(
    st.builds(
        lambda column, value: xlsb.record(xlsb.CELL_REAL, struct.pack("<IId", column, 0, value)),
        st.integers(0, 60),
        st.floats(allow_nan=False),
    ),
    st.builds(
        lambda column: xlsb.record(xlsb.CELL_RK, struct.pack("<III", column, 0, 2 << 2 | 2)),
        st.integers(0, 60),
    ),
    st.builds(
        lambda column: xlsb.record(xlsb.CELL_BOOL, struct.pack("<IIB", column, 0, 1)),
        st.integers(0, 60),
    ),
    st.builds(
        lambda column, index: xlsb.record(
            xlsb.CELL_SHARED_STRING, struct.pack("<III", column, 0, index)
        ),
        st.integers(0, 60),
        st.integers(0, 1),
    ),
    # An inline string long enough for a two-byte size.
    st.builds(
        lambda column: xlsb.record(
            xlsb.CELL_STRING, struct.pack("<II", column, 0) + xlsb.wide_string("x" * 100)
        ),
        st.integers(0, 60),
    ),
    st.builds(
        lambda column: xlsb.record(xlsb.CELL_BLANK, struct.pack("<II", column, 0)),
        st.integers(0, 60),
    ),
    # Short records: the column (or row) comes partly from earlier records. Every first four
    # bytes here are below 512, so no grid passes 512 by 512 cells.
    st.builds(lambda size: xlsb.record(xlsb.CELL_BOOL, bytes([1]) * size), st.integers(0, 2)),
    st.builds(_unknown, st.integers(0, 80)),
    st.builds(xlsb.row_header, st.integers(0, 300)),
    st.builds(lambda size: xlsb.record(xlsb.ROW_HEADER, bytes([1]) * size), st.integers(0, 2)),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=st.lists(_CELL, min_size=1, max_size=80))
def test_the_extent_is_python_calamine_s_grid(tmp_path: Path, records: list[bytes]) -> None:
    strings = {"Yes": 0, "No": 1}
    body = b"".join(records)
    part = b"".join(
        [
            xlsb.record(xlsb.BEGIN_SHEET),
            xlsb.dimension(0, 0, 0, 0),
            xlsb.record(xlsb.BEGIN_SHEET_DATA),
            body,
            xlsb.record(xlsb.END_SHEET_DATA),
            xlsb.record(xlsb.END_SHEET),
        ]
    )
    path = workbook(tmp_path / "random.xlsb", part, strings)

    extent = scan_xlsb_sheet(io.BytesIO(part), UNLIMITED).extent

    # In a child process, should the scan be wrong about a grid's size.
    outcome = calamine_reads(path)
    assert outcome.ends is not None, outcome.last_error_line
    end = outcome.ends["Cases"]
    assert (extent.rows, extent.columns) == ((end[0] + 1, end[1] + 1) if end else (0, 0))


class _Unseekable(io.BytesIO):
    """A stream that cannot seek: the scan reads it cell by cell only."""

    def seekable(self) -> bool:
        return False


def _sheet(body: bytes, declared: tuple[int, int]) -> bytes:
    return b"".join(
        [
            xlsb.record(xlsb.BEGIN_SHEET),
            xlsb.dimension(0, declared[0] - 1, 0, declared[1] - 1),
            xlsb.record(xlsb.BEGIN_SHEET_DATA),
            body,
            xlsb.record(xlsb.END_SHEET_DATA),
            xlsb.record(xlsb.END_SHEET),
        ]
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(_CELL, min_size=1, max_size=80),
    declared=st.tuples(st.integers(1, 400), st.integers(1, 600)),
    limits=st.builds(
        Limits,
        max_rows=st.integers(1, 600),
        max_columns=st.integers(1, 600),
        max_cells=st.integers(1, 3000),
    ),
)
def test_checked_in_bulk_the_verdict_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
    records: list[bytes],
    declared: tuple[int, int],
    limits: Limits,
) -> None:
    monkeypatch.setattr(xlsb_scan, "_EXACT_CELLS", 0)  # in bulk from the first cell
    part = _sheet(b"".join(records), declared)

    exact = scan_xlsb_sheet(_Unseekable(part), limits)
    in_bulk = scan_xlsb_sheet(io.BytesIO(part), limits)

    assert exact.extent.exact
    assert in_bulk.extent.exceeds(limits) is exact.extent.exceeds(limits)
    if in_bulk.extent.exceeds(limits):
        # Both stopped, each where it found it out: exact figures, up to there.
        assert in_bulk.extent.exact
    elif in_bulk.extent.exact:
        assert in_bulk == exact
    else:
        assert not in_bulk.extent.exceeds(limits)
        assert in_bulk.extent.rows >= exact.extent.rows
        assert in_bulk.extent.columns >= exact.extent.columns
        assert in_bulk.extent.cells >= exact.extent.cells


def test_a_large_sheet_is_checked_in_bulk_against_its_dimension() -> None:
    strings: dict[str, int] = {}
    cells = [(row, column, 1.0) for row in range(30_000) for column in range(5)]
    part = xlsb.sheet_part(cells, strings)  # BrtWsDim: A1:E30000

    result = scan_xlsb_sheet(io.BytesIO(part), LIMITS)

    # 150,000 cells of 18 bytes: 100,000 counted one by one, the others bounded by bytes.
    assert result.extent.exact is False
    assert (result.extent.rows, result.extent.columns) == (30000, 5)
    assert 150_000 <= result.extent.cells <= 100_000 + 50_000 * 18 // 11 + 30_000
    assert result.complete
    assert scan_xlsb_sheet(_Unseekable(part), LIMITS).extent == SheetExtent(30000, 5, 150_000)


def test_a_bound_past_the_limits_is_counted_again_cell_by_cell() -> None:
    strings: dict[str, int] = {}
    cells = [(row, column, 1.0) for row in range(30_000) for column in range(5)]
    part = xlsb.sheet_part(cells, strings)
    limits = Limits(max_cells=150_500)  # the bytes' bound says more

    result = scan_xlsb_sheet(io.BytesIO(part), limits)

    assert result.extent == SheetExtent(30000, 5, 150_000)
    assert result.complete


def test_in_bulk_a_cell_outside_the_dimension_is_still_found() -> None:
    strings: dict[str, int] = {}
    cells = [(row, column, 1.0) for row in range(30_000) for column in range(5)]
    cells.insert(140_000, (27_999, 16383, 1.0))
    part = xlsb.sheet_part(cells, strings, declared=(0, 29_999, 0, 4))

    result = scan_xlsb_sheet(io.BytesIO(part), LIMITS)

    # Found by the record-by-record scan of the run it ends: the figures are those of
    # that run's end.
    assert result.extent.exact
    assert result.extent.columns == 16384
    assert 28_000 <= result.extent.rows < 30_000
    assert not result.complete


# --- cells in the short form (no column): SheetJS and Aspose.Cells write them ---------------

SHORT_BLANK, SHORT_RK, SHORT_STRING, SHORT_SHARED_STRING = 0x000C, 0x000D, 0x0011, 0x0012
SHEETJS_XLSB = (
    Path(__file__).resolve().parent.parent / "data" / "reading" / "sheetjs-short-cells.xlsb"
)


def short_cell_part(kind: int, data: bytes) -> bytes:
    """A row of a full-form cell in column A, then one short-form cell after it."""
    strings: dict[str, int] = {}
    return b"".join(
        [
            xlsb.record(xlsb.BEGIN_SHEET),
            xlsb.dimension(0, 0, 0, 1),
            xlsb.record(xlsb.BEGIN_SHEET_DATA),
            xlsb.row_header(0),
            xlsb.cell(0, "Case ID", strings),
            xlsb.record(kind, struct.pack("<I", 0) + data),  # style, then the value
            xlsb.record(xlsb.END_SHEET_DATA),
            xlsb.record(xlsb.END_SHEET),
        ]
    )


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (SHORT_RK, struct.pack("<I", (1 << 2) | 2)),
        (SHORT_STRING, xlsb.wide_string("1.1a")),
        (SHORT_SHARED_STRING, struct.pack("<I", 0)),
    ],
)
def test_a_value_cell_in_the_short_form_is_found(kind: int, data: bytes) -> None:
    assert xlsb_scan.has_short_cells(io.BytesIO(short_cell_part(kind, data)))


def test_full_form_cells_and_short_blanks_are_not_short_value_cells() -> None:
    strings: dict[str, int] = {}
    assert not xlsb_scan.has_short_cells(io.BytesIO(xlsb.sheet_part(BASE_CELLS, strings)))
    assert not xlsb_scan.has_short_cells(io.BytesIO(short_cell_part(SHORT_BLANK, b"")))


def test_python_calamine_skips_short_cells_so_sqs_refuses_them_with_the_reason(
    tmp_path: Path,
) -> None:
    """SheetJS's .xlsb (tests/data/reading/sheetjs-short-cells.xlsb, made by
    make_sheetjs.js): python-calamine reads column A alone; sqs says why and what to do."""
    from sqs_cli.framework import load_builtin
    from sqs_cli.problems import SqsError
    from sqs_cli.reading.pipeline import read_marking

    path = SHEETJS_XLSB
    sheet = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_name("Cases")
    assert sheet.to_python() == [["Case ID"], ["FIC-001"], ["FIC-002"], ["FIC-003"], ["FIC-004"]]
    with pytest.raises(SqsError) as raised:
        read_marking(path, load_builtin("sqs-2016"))
    problem = raised.value.problem
    assert (problem.code, problem.sheet) == ("unsupported-format", "xl/worksheets/sheet1.bin")
    assert "short form" in problem.message
    assert problem.message.endswith("save it as .xlsx")
    built = workbook(tmp_path / "short.xlsb", short_cell_part(SHORT_RK, struct.pack("<I", 6)), {})
    with pytest.raises(SqsError) as again:
        read_marking(built, load_builtin("sqs-2016"))
    assert again.value.problem.code == "unsupported-format"
