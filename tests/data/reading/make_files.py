"""Rebuild the workbooks in this folder (see README.md): python tests/data/reading/make_files.py

Needs openpyxl, LibreOffice (soffice) and Info-ZIP's zip on the PATH. The content is made
up; LibreOffice writes the .xls and .ods files as it writes any user's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
PASSWORD = "secret"
MARKS = ["Yes", "No", "Not done", "N/A"]

# A Basic macro that saves a document with a password: soffice's --convert-to sets none.
_MACRO = (
    """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub SaveWithPassword(source As String, target As String, filter As String)
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = &quot;Hidden&quot;
  hidden(0).Value = True
  document = StarDesktop.loadComponentFromURL(ConvertToURL(source), &quot;_blank&quot;, 0, hidden())
  Dim options(1) As New com.sun.star.beans.PropertyValue
  options(0).Name = &quot;FilterName&quot;
  options(0).Value = filter
  options(1).Name = &quot;Password&quot;
  options(1).Value = &quot;"""
    + PASSWORD
    + """&quot;
  document.storeToURL(ConvertToURL(target), options())
  document.close(True)
End Sub
</script:module>
"""
)


def source_workbook(path: Path, cases: int) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Cases"
    sheet.append(["Case ID", "Case type", "Q1.1", "Q1.2", "Q2.1", "Rating", "Checked"])
    for number in range(1, cases + 1):
        marks = [MARKS[(number * 7 + column) % 4] for column in range(3)]
        sheet.append([f"FIC-{number:03}", "Referral order", *marks, number % 4 + 1, True])
    sheet["I2"] = "=F2*2"  # a numeric formula
    sheet["J2"] = '=A2&"-x"'  # a string formula: FORMULA then STRING records
    sheet["K2"] = "=1/0"  # an error value
    guide = workbook.create_sheet("Guide")
    guide["A1"] = "Mark each question Yes, No, Not done or N/A."
    guide["B3"] = 42
    lists = workbook.create_sheet("Lists")
    for row, mark in enumerate(MARKS, start=1):
        lists.cell(row=row, column=1, value=mark)
    lists.sheet_state = "hidden"
    workbook.save(path)
    return path


def summary_workbook(path: Path) -> Path:
    """Four cases (row 3 hidden), a row of COUNTIF formulas under the label "All cases",
    and a case whose 1.1a is an IF formula: for tests/reading/test_xls_facts.py."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Cases"
    sheet.append(["Case ID", "1.1a", "1.1b", "1.2a"])
    marks = [["Yes", "No", "Yes"], ["Yes", "Yes", "No"], ["No", "Yes", "N/A"], ["Yes", "No", "Yes"]]
    for number, row in enumerate(marks, start=1):
        sheet.append([f"FIC-{number:03}", *row])
    sheet.row_dimensions[3].hidden = True
    sheet.append(["All cases", *(f'=COUNTIF({c}2:{c}5,"Yes")' for c in "BCD")])
    sheet.append(["FIC-099", '=IF(1=1,"Yes","No")', "Yes", "No"])
    workbook.save(path)
    return path


def soffice(profile: Path, *arguments: str) -> None:
    command = [
        shutil.which("soffice") or "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        *arguments,
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=240)


def convert(profile: Path, source: Path, target: Path, filter_name: str) -> None:
    extension = target.suffix[1:]
    outdir = source.parent / "converted"
    soffice(
        profile, "--convert-to", f"{extension}:{filter_name}", "--outdir", str(outdir), str(source)
    )
    shutil.move(outdir / f"{source.stem}{target.suffix}", target)


def save_with_password(profile: Path, source: Path, target: Path, filter_name: str) -> None:
    macro = f'macro:///Standard.Module1.SaveWithPassword("{source}","{target}","{filter_name}")'
    soffice(profile, macro)


def main(folder: Path = HERE) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        profile = work / "profile"
        soffice(profile, "--terminate_after_init")  # creates the profile
        module = profile / "user" / "basic" / "Standard" / "Module1.xba"
        module.write_text(_MACRO, encoding="utf-8")

        small = source_workbook(work / "cases.xlsx", cases=6)
        large = source_workbook(work / "cases-large.xlsx", cases=400)
        convert(profile, small, folder / "cases.xls", "MS Excel 97")
        convert(profile, large, folder / "cases-large.xls", "MS Excel 97")
        summary = summary_workbook(work / "summary-hidden.xlsx")
        convert(profile, summary, folder / "summary-hidden.xls", "MS Excel 97")
        save_with_password(profile, small, folder / "cases-password.xls", "MS Excel 97")
        save_with_password(profile, small, folder / "cases-password.ods", "calc8")

        convert(profile, small, folder / "cases.xlsx", "Calc MS Excel 2007 XML")
        # The same in a password-protected zip, as `zip -e` makes one.
        unpacked = work / "unpacked"
        shutil.unpack_archive(folder / "cases.xlsx", unpacked, "zip")
        target = folder / "cases-zip-password.xlsx"
        target.unlink(missing_ok=True)
        subprocess.run(
            ["zip", "-q", "-X", "-r", "-P", PASSWORD, str(target), "."],
            cwd=unpacked,
            check=True,
            timeout=60,
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
