"""Stages 4 and 5 of reading: the workbook's sheets, and each sheet's cells as a Grid.

python-calamine reads every format but CSV (csv_grid.py reads that). It is given the
file by path when the suffix names the format, and as a stream otherwise, so that it
detects the format from the content as this pipeline did.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import python_calamine

from sqs_cli.reading.formats import Format
from sqs_cli.reading.grid import NO_FACTS, Book, CellFacts, Grid, SheetInfo
from sqs_cli.reading.preflight import Preflight, check_extent
from sqs_cli.reading.source import Source, library_detail
from sqs_cli.settings import Limits

_WHAT_TO_DO = "open it in Excel or LibreOffice and save it again, or ask for a fresh copy"


class CalamineBook:
    def __init__(
        self,
        source: Source,
        workbook: python_calamine.CalamineWorkbook,
        preflight: Preflight,
        limits: Limits,
    ) -> None:
        self.source = source
        self.workbook = workbook
        self.preflight = preflight
        self.limits = limits

    def sheets(self) -> list[SheetInfo]:
        visible = python_calamine.SheetVisibleEnum.Visible
        worksheet = python_calamine.SheetTypeEnum.WorkSheet
        return [
            SheetInfo(sheet.name, sheet.visible == visible, sheet.typ == worksheet)
            for sheet in self.workbook.sheets_metadata
        ]

    def grid(self, name: str) -> Grid:
        try:
            sheet = self.workbook.get_sheet_by_name(name)
            start = sheet.start or (0, 0)
            # The grid is allocated; its Python copy is not yet: refuse a huge one now.
            check_extent(self.source, name, sheet.height, sheet.width, self.limits)
            rows = sheet.to_python(skip_empty_area=True)
            merged = tuple(sheet.merged_cell_ranges or ())
        except (python_calamine.CalamineError, ValueError) as error:
            detail = library_detail(error)
            if "limit exceeded" in detail.lower():
                # python-calamine's own guard (.ods repeated cells): report it as ours.
                raise self.source.error(
                    "limit-exceeded", f"sheet {name!r} is too large to read ({detail})", sheet=name
                ) from None
            raise self.source.error(
                "corrupt-workbook",
                f"sheet {name!r} cannot be read: it is damaged ({detail}); {_WHAT_TO_DO}",
                sheet=name,
            ) from None
        return Grid(
            name=name, rows=rows, top=start[0], left=start[1], merged=merged, facts=self.facts(name)
        )

    def facts(self, name: str) -> CellFacts:
        if self.source.format is Format.ODS:
            return self.preflight.ods_facts.get(name, CellFacts())
        if self.source.format is Format.XLS:
            from sqs_cli.reading.xls_facts import xls_sheet_facts

            position = self.preflight.xls_sheets.get(name)
            if position is None:
                return NO_FACTS
            return xls_sheet_facts(self.source.path, position, self.preflight.xls_biff)
        archive = self.source.archive
        if archive is None or self.source.format not in (Format.XLSX, Format.XLSM):
            return NO_FACTS
        flagged = self.preflight.formula_parts | self.preflight.hidden_parts
        if not flagged:
            # Every part was scanned and none holds a formula or a hidden row.
            return CellFacts()
        part = archive.sheet_parts().get(name)
        if part is None:
            return NO_FACTS
        if part not in flagged:
            return CellFacts()
        from sqs_cli.reading.xml_facts import sheet_facts

        facts = sheet_facts(archive, part, self.limits)
        if facts.formulas and archive.recalculates_on_load():
            return facts._replace(formulas_stale=True)
        return facts


def _open_calamine(source: Source) -> python_calamine.CalamineWorkbook:
    try:
        if source.format is not None and source.suffix == source.format.suffix:
            return python_calamine.CalamineWorkbook.from_path(source.path)
        # Named otherwise: python-calamine picks its reader by the suffix of a path, but
        # by the content of a stream.
        with source.path.open("rb") as stream:
            return python_calamine.CalamineWorkbook.from_filelike(stream)
    except python_calamine.PasswordError:
        raise source.error(
            "encrypted-workbook",
            "the workbook is encrypted (password-protected); save an unprotected copy",
        ) from None
    except (python_calamine.CalamineError, ValueError) as error:
        if (repaired := _ods_without_layout_whitespace(source)) is not None:
            return repaired
        raise source.error(
            "corrupt-workbook",
            f"the workbook is damaged ({library_detail(error)}); {_WHAT_TO_DO}",
        ) from None
    except OSError as error:
        raise source.error("file-unreadable", f"cannot open: {error.strerror or error}") from None


def _ods_without_layout_whitespace(source: Source) -> python_calamine.CalamineWorkbook | None:
    """An .ods python-calamine could not open, opened again without the indentation of
    its content.xml (ods_layout.py); None when that is not why, or does not help."""
    if source.format is not Format.ODS or source.archive is None:
        return None
    from sqs_cli.reading.ods_layout import without_layout_whitespace

    repaired = without_layout_whitespace(source.archive)
    if repaired is None:
        return None
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(repaired))
    except (python_calamine.CalamineError, ValueError):
        return None


@contextmanager
def open_book(source: Source, preflight: Preflight, limits: Limits) -> Iterator[Book]:
    """The workbook open for reading its sheets; closed after use."""
    if source.format is Format.CSV:
        from sqs_cli.reading.csv_grid import CsvBook

        yield CsvBook(source, limits)
        return
    workbook = _open_calamine(source)
    with workbook:
        yield CalamineBook(source, workbook, preflight, limits)
