"""The documents sqs writes, as people print them: file sizes and printed page counts.

Usage: python benchmarks/documents.py [--out DIR]

Writes the marking template, the results workbook (the sample alone, and the sample with
the fictional long-layout workbook), the HTML draft and (where sqs writes it) the Word
draft of sample_data/coventry-2016.xlsx, then prints each one as a person would:
workbooks and the Word draft through LibreOffice headless (PDF), the HTML draft through
headless Chromium (Playwright's page.pdf, A4, as the browser's "Save as PDF" does). For
each file: its size, its pages, and for the workbooks the pages of each sheet (each
sheet printed alone). Figures, not goals: issue 16's closing note quotes them before and
after its changes. Needs soffice (libreoffice-calc and -writer), chromium, playwright and
pypdf (`pip install -e ".[test]"`).
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data" / "coventry-2016.xlsx"
LONG_LAYOUT = REPO / "sample_data" / "fictional-long-layout.xlsx"


def sqs(*arguments: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "sqs_cli", *arguments, "--quiet", "--force"],
        check=False,
        capture_output=True,
        cwd=REPO,
    )


def soffice_pdf(source: Path, profile: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("documents.py: LibreOffice (soffice) is not installed")
    folder = source.parent / f"pdf-{source.stem}"
    folder.mkdir(exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return folder / f"{source.stem}.pdf"


def chromium_pdf(source: Path) -> Path:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("documents.py: chromium is not installed")
    target = source.with_suffix(".pdf")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(source.as_uri(), wait_until="load")
        page.pdf(path=target, format="A4", print_background=True)
        browser.close()
    return target


def pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def sheet_pages(workbook: Path, profile: Path) -> dict[str, int]:
    """Each sheet printed alone: a copy of the workbook with only that sheet."""
    counts = {}
    names = openpyxl.load_workbook(workbook).sheetnames
    for name in names:
        book = openpyxl.load_workbook(io.BytesIO(workbook.read_bytes()))
        for other in [sheet for sheet in book.sheetnames if sheet != name]:
            book.remove(book[other])
        alone = workbook.with_name(f"{workbook.stem}-{name}.xlsx")
        book.save(alone)
        counts[name] = pages(soffice_pdf(alone, profile))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="keep the files here")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="sqs-documents-"))
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "libreoffice-profile"
    files = {
        "template.xlsx": ("template", "-o"),
        "results-one.xlsx": ("score", str(SAMPLE), "-o"),
        "results-two.xlsx": ("score", str(SAMPLE), str(LONG_LAYOUT), "-o"),
        "draft.html": ("report", str(SAMPLE), "-o"),
        "draft.docx": ("report", str(SAMPLE), "-o"),
    }
    print("| file | bytes | printed pages | pages of each sheet printed alone |\n|---|---|---|---|")
    for name, arguments in files.items():
        target = out / name
        target.unlink(missing_ok=True)
        sqs(*arguments, str(target))
        if not target.exists():
            print(f"| {name} | not written | | |")
            continue
        size = target.stat().st_size
        if name.endswith(".html"):
            printed = pages(chromium_pdf(target))
        else:
            printed = pages(soffice_pdf(target, profile))
        by_sheet = ""
        if name.endswith(".xlsx"):
            by_sheet = ", ".join(f"{k} {v}" for k, v in sheet_pages(target, profile).items())
        print(f"| {name} | {size:,} | {printed} | {by_sheet} |", flush=True)
    print(f"\nFiles in {out}")


if __name__ == "__main__":
    main()
