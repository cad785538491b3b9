"""The scans' cost next to python-calamine's read of the same workbook, in one run.

    python -m tests.reading.scan_benchmark [ROWS] [COLUMNS] [FOLDER]

Builds a workbook of ROWS cases by COLUMNS columns (default 60,000 by 40: marks as shared
strings, every fifth column a number) as .xlsb (written in code, numbers as BrtCellRk as
Excel writes whole numbers) and as .xls (LibreOffice, if soffice is installed), then times,
median of five, python-calamine opening it and reading every sheet to Python lists as sqs
does (to_python) against the scan of every sheet. Not a test: run by hand.
"""

from __future__ import annotations

import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import python_calamine

from sqs_cli.reading.xls_scan import scan_xls
from sqs_cli.reading.xlsb_scan import scan_xlsb_sheet
from sqs_cli.settings import Limits
from tests.reading import xlsb_writer as xlsb

MARKS = ("Yes", "No", "Not done", "N/A")


def _median_seconds(action: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _value(row: int, column: int) -> str | int:
    return MARKS[(row * 7 + column) % 4] if column % 5 else row + column


def build_xlsb(path: Path, rows: int, columns: int) -> Path:
    strings: dict[str, int] = {}
    records = [xlsb.record(xlsb.BEGIN_SHEET), xlsb.dimension(0, rows, 0, columns - 1)]
    records.append(xlsb.record(xlsb.BEGIN_SHEET_DATA))
    header = [f"Q{column}" if column else "Case ID" for column in range(columns)]
    for row in range(rows + 1):
        records.append(xlsb.row_header(row))
        for column in range(columns):
            if row == 0:
                records.append(xlsb.cell(column, header[column], strings))
            elif column == 0:
                records.append(xlsb.cell(column, f"C-{row:06}", strings))
            elif isinstance(value := _value(row, column), int):
                rk = struct.pack("<III", column, 0, (value << 2) | 2)
                records.append(xlsb.record(xlsb.CELL_RK, rk))
            else:
                records.append(xlsb.cell(column, value, strings))
    records += [xlsb.record(xlsb.END_SHEET_DATA), xlsb.record(xlsb.END_SHEET)]
    return xlsb.write_xlsb(path, {"Cases": b"".join(records)}, strings)


def build_xls(folder: Path, rows: int, columns: int) -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Cases")
    sheet.append(["Case ID"] + [f"Q{column}" for column in range(1, columns)])
    for row in range(1, rows + 1):
        sheet.append([f"C-{row:06}"] + [_value(row, column) for column in range(1, columns)])
    source = folder / "big.xlsx"
    workbook.save(source)
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "xls:MS Excel 97", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return folder / "big.xls"


def read_with_calamine(path: Path) -> None:
    workbook = python_calamine.CalamineWorkbook.from_path(path)
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python(skip_empty_area=True)


def scan_xlsb(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                with archive.open(member) as stream:
                    scan_xlsb_sheet(stream, Limits())


def main(rows: int = 60_000, columns: int = 40, folder: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        where = folder or Path(scratch)
        files = [(build_xlsb(where / "big.xlsb", rows, columns), scan_xlsb)]
        if (xls := build_xls(where, rows, columns)) is not None:
            files.append((xls, lambda path: scan_xls(path, Limits())))
        print(f"{rows:,} rows by {columns} columns")
        for path, scan in files:
            read = _median_seconds(lambda path=path: read_with_calamine(path))
            scanned = _median_seconds(lambda path=path, scan=scan: scan(path))
            print(
                f"{path.suffix:6} {path.stat().st_size:>12,} bytes  python-calamine read "
                f"{read:6.3f} s  scan {scanned:6.3f} s  scan/read {scanned / read:.2f}"
            )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(
        int(arguments[0]) if arguments else 60_000,
        int(arguments[1]) if len(arguments) > 1 else 40,
        Path(arguments[2]) if len(arguments) > 2 else None,
    )
