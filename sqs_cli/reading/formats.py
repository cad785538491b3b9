"""The workbook formats sqs reads, with their containers and how people name them."""

from __future__ import annotations

import enum


class Container(enum.Enum):
    ZIP = "zip"  # .xlsx, .xlsm, .xlsb, .ods
    OLE = "ole"  # .xls, and encrypted Office files of any suffix
    TEXT = "text"  # .csv


class Format(enum.Enum):
    """A workbook format sqs reads, with its container and how people name it."""

    XLSX = ("xlsx", Container.ZIP, "an Excel workbook (.xlsx)")
    XLSM = ("xlsm", Container.ZIP, "an Excel macro-enabled workbook (.xlsm)")
    XLSB = ("xlsb", Container.ZIP, "an Excel binary workbook (.xlsb)")
    ODS = ("ods", Container.ZIP, "an OpenDocument spreadsheet (.ods)")
    XLS = ("xls", Container.OLE, "an Excel 97-2003 workbook (.xls)")
    CSV = ("csv", Container.TEXT, "CSV text (.csv)")

    def __init__(self, suffix: str, container: Container, label: str) -> None:
        self.suffix = "." + suffix
        self.container = container
        self.label = label


FORMAT_BY_SUFFIX: dict[str, Format] = {format_.suffix: format_ for format_ in Format}
WORKBOOK_SUFFIXES = frozenset(FORMAT_BY_SUFFIX)
