"""sqs_cli.reading.csv_grid: CSV with every line ending a program writes reads alike.

Windows programs end lines with CRLF, Unix ones with LF, Excel for the old Mac OS (and some
exports from case-management systems today) with CR alone; a file edited in two of them
has a mix. Every one is the same sheet: the same cases, marks, problems and cells.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from sqs_cli.framework import Framework
from sqs_cli.marking import Marking
from sqs_cli.reading.pipeline import read_marking

ROWS = [
    ["Audit, March"],  # a title row above the header, quoted: it holds the delimiter
    [],
    ["Case ID", "Comments", "1.1a", "1.1b", "2.1a"],
    ["C1", "first line\nsecond line", "Yes", "No", "N/A"],  # a comment of two lines
    ["C2", "", "Yse", "Yes", ""],
    [],  # Excel keeps formatted empty rows
    ["C3", "a line\r\nin Windows style", "Not done", "", "Yes"],
    ["C4", "caf\u00e9", "No", "Yes", "Yes"],
]
ENDINGS = {"crlf": ["\r\n"], "lf": ["\n"], "cr": ["\r"], "mixed": ["\r\n", "\n", "\r"]}


def _line(row: list[str]) -> str:
    return ",".join(f'"{cell}"' if any(c in cell for c in ',"\r\n') else cell for cell in row)


def csv_text(endings: list[str], rows: list[list[str]] = ROWS) -> str:
    """The rows, each line ended by the next of endings in turn (a final ending too)."""
    return "".join(_line(row) + endings[number % len(endings)] for number, row in enumerate(rows))


def summary(marking: Marking) -> tuple[object, ...]:
    return (
        marking.case_ids,
        marking.tallies,
        marking.descriptive_columns,
        [(p.code, p.sheet, p.cell, p.message) for p in marking.problems],
    )


@pytest.fixture
def expected(tmp_path: Path, framework: Framework) -> tuple[object, ...]:
    path = tmp_path / "export.csv"
    path.write_bytes(csv_text(["\n"]).encode())
    marking = read_marking(path, framework)
    # The reading itself, so that "alike" is not "alike and wrong".
    assert marking.case_ids == ("C1", "C2", "C3", "C4")
    assert marking.descriptive_columns["Comments"] == (
        "first line\nsecond line",
        "",
        "a line\r\nin Windows style",
        "caf\u00e9",
    )
    assert [(p.code, p.cell) for p in marking.problems] == [
        ("unknown-judgement", "C5"),
        ("unmarked", "E5"),
        ("unmarked", "D7"),
    ]
    return summary(marking)


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("cp1252", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf16"],
)
def test_every_line_ending_reads_alike(
    tmp_path: Path,
    framework: Framework,
    expected: tuple[object, ...],
    ending: str,
    encoding: str,
    bom: bytes,
) -> None:
    (tmp_path / ending).mkdir()
    path = tmp_path / ending / "export.csv"
    path.write_bytes(bom + csv_text(ENDINGS[ending]).encode(encoding))
    assert summary(read_marking(path, framework)) == expected


@pytest.mark.parametrize("ending", ["crlf", "mixed"])
def test_a_line_ending_split_across_reads_is_one_ending(
    tmp_path: Path, framework: Framework, ending: str
) -> None:
    """Large exports are decoded as they stream: a CR at the end of one read and its LF at
    the start of the next still end one line, never make an empty row in between."""
    rows = [["Case ID", "Comments", "1.1a"]]
    # Comments of every length from 0 to 96 put the line endings at every offset of the
    # reader's buffers (8 KB and 1 MB) in turn.
    rows += [[f"C{n:05}", "x" * (n % 97), "Yes" if n % 3 else "No"] for n in range(30_000)]
    path = tmp_path / "large.csv"
    path.write_bytes(csv_text(ENDINGS[ending], rows).encode())
    marking = read_marking(path, framework)
    assert len(marking.case_ids) == 30_000
    assert marking.case_ids[-1] == "C29999"
    assert marking.problems == ()
    assert sum(marking.tallies["1.1a"].values()) == 30_000
