"""Fuzz the workbook reader: mutate valid workbooks, read them, and allow only SqsError.

`read_marking` must answer any file with a Marking or with SqsError (a problem of the
catalogue). Anything else is a finding: another exception, a read slower than the timeout,
a read that takes more memory than the limit, or (with --isolate) a crash of the process
that reads, such as an abort in the Rust code under python-calamine.

Run from the repository root:

    python tests/fuzz.py --seconds 60 --seed 1                 # the short run
    python tests/fuzz.py --seconds 1800 --seed 2 --isolate     # the longer run
    python tests/fuzz.py --seed 2 --input 1822 --isolate       # input 1822 of seed 2 again
    python tests/fuzz.py --replay FILE [FILE ...] --isolate    # saved findings, again

Inputs are mutants of the sample workbooks and of a few workbooks built here (an .ods, a
CSV, an .xlsx with a formula and no cached value, an .xlsx with merged marks). Input
number N of seed S is always the same file, whatever the speed of the machine: its random
generator is seeded with "S:N". The first few findings of each kind are saved with a note
of how they were made, and every finding is listed in findings.tsv, under --out (by default
a new folder in the system's temp folder); the run then exits 1.

External entities in the mutants name a canary file holding a token: the token in a
result or an error message is a finding too (a leak of a local file's content).
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import io
import itertools
import multiprocessing
import os
import random
import re
import resource
import signal
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqs_cli.framework import Framework, load_builtin  # noqa: E402
from sqs_cli.problems import SqsError  # noqa: E402
from sqs_cli.reading.pipeline import read_marking  # noqa: E402
from tests.conftest import (  # noqa: E402
    COVENTRY,
    FOLLOWUP_SAMPLE,
    LONG_LAYOUT_SAMPLE,
    long_rows,
    wide_rows,
    write_ods,
    write_workbook,
)

DEFAULT_TIMEOUT = 5.0
# A read that raises the process's peak memory by more than this is a finding (the
# issue's bound for any input is 500 MB).
DEFAULT_MAX_MEMORY_MB = 500
# With --isolate the reading process also gets this much address space above what it
# has at start: an input that asks for more makes the allocation fail (an abort in Rust,
# MemoryError in Python) instead of taking the machine's memory.
DEFAULT_ADDRESS_SPACE_MB = 4096
SAVED_PER_KIND = 3
CANARY = Path(tempfile.gettempdir()) / "sqs-fuzz-canary.txt"
CANARY_TOKEN = "SQS-FUZZ-CANARY-3c9e1f"

Mutator = Callable[[bytes, random.Random], tuple[bytes, str]]


# -- Seeds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    name: str
    suffix: str
    data: bytes


def build_seeds(folder: Path, framework: Framework) -> list[Seed]:
    """The sample workbooks, and workbooks built here for the formats they do not cover."""
    folder.mkdir(parents=True, exist_ok=True)
    questions = [question.id for question in framework.questions][:6]
    marks: dict[str, list[str | None]] = {
        "C1": ["Yes", "No", "N/A", "Yes", "yes", "No"],
        "C2": ["No", "Yes", "Yes", None, "Y", "n/a"],
        "C3": ["Yes", "Yes", "No", "No", "Yes", "Yes"],
    }
    wide = wide_rows(questions, marks)
    inspection = [["Area", "Fuzzland"], ["Reoffending rate", "36.0%"], ["Published", "2016"]]
    built = [
        write_ods(folder / "built-wide.ods", {"Cases": wide, "Inspection": inspection}),
        write_ods(folder / "built-long.ods", {"Marks": long_rows(questions, marks)}),
        write_workbook(
            folder / "built-formula.xlsx",
            {"Cases": [*wide, ["C4", '=IF(1,"Yes","No")', "Yes", "No", "Yes", "No", "Yes"]]},
        ),
        write_workbook(
            folder / "built-merged.xlsx",
            {"Cases": wide, "Inspection": inspection},
            merged={"Cases": ["B2:B3", "D3:E4"]},
        ),
    ]
    csv_wide = "\r\n".join(
        ",".join("" if value is None else str(value) for value in row) for row in wide
    )
    csv_long = "\n".join(
        ";".join(str(value) for value in row) for row in long_rows(questions, marks)
    )
    seeds = [Seed(path.name, path.suffix, path.read_bytes()) for path in built]
    seeds += [
        Seed("built-wide.csv", ".csv", ("\ufeff" + csv_wide + "\r\n").encode("utf-8")),
        Seed("built-long.csv", ".csv", (csv_long + "\n").encode("utf-8")),
    ]
    samples = [COVENTRY, LONG_LAYOUT_SAMPLE, FOLLOWUP_SAMPLE]
    return [Seed(path.name, path.suffix, path.read_bytes()) for path in samples] + seeds


# -- Mutators --------------------------------------------------------------------------------

# Spliced into XML members: entity declarations and references, far and bad cell
# references, out-of-range shared strings and styles, odd cell types, huge merges and
# ODS repeat counts, encodings.
FRAGMENTS: tuple[bytes, ...] = (
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{CANARY}">]>'.encode(),
    f'<!DOCTYPE x [<!ENTITY % p SYSTEM "file://{CANARY}"> %p;]>'.encode(),
    b"&a;",
    b"&d;",
    b"&e;",
    b"&unknown;",
    b"&#0;",
    b"&#x110000;",
    b"&#xD800;",
    b"&#99999999999999999999;",
    b'<c r="A1" t="s"><v>999999</v></c>',
    b'<c r="B4" t="s"><v>-1</v></c>',
    b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    b'<row r="4294967296"><c r="A4294967296"><v>1</v></c></row>',
    b'r="XFD1048576"',
    b'<c r="B4"><f>1/0</f></c>',
    b'<c r="B4"><f t="shared" ref="B4:XFD1048576" si="0">A1</f></c>',
    b'<c r="B4" t="e"><v>#DIV/0!</v></c>',
    b'<c r="B4" t="d"><v>not a date</v></c>',
    b'<c r="B4" t="b"><v>2</v></c>',
    b'<c r="B4" t="n"><v>Yes</v></c>',
    b'<c r="B4" s="99999"><v>45000</v></c>',
    b'<c r="B4" s="1"><v>2958466</v></c>',
    b'<mergeCell ref="A1:XFD1048576"/>',
    b'<mergeCells count="1"><mergeCell ref="B4:B1048576"/></mergeCells>',
    b'<mergeCells count="1"><mergeCell ref="Z9:A1"/></mergeCells>',
    b'<dimension ref="A1:XFD1048576"/>',
    b'<dimension ref="XFD1048576"/>',
    b'<sheet name="Cases" sheetId="9" state="visible" r:id="rId9"/>',
    b'<sheet name="cases" sheetId="1" r:id="rId1"/>',
    b'<sheet name="" sheetId="3" r:id="rId2"/>',
    b'<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>',
    b'<xf numFmtId="164" fontId="9999"/>',
    b'Target="../../../../../../etc/passwd"',
    b'Target="/xl/worksheets/sheet1.xml"',
    b'Target="worksheets/missing.xml"',
    b' table:number-columns-repeated="16384"',
    b' table:number-rows-repeated="1048576"',
    b'<table:table-cell table:number-columns-repeated="1073741823"/>',
    b'<table:table-row table:number-rows-repeated="1048575"><table:table-cell/></table:table-row>',
    b'<table:table-cell table:number-columns-spanned="100000" table:number-rows-spanned="9"/>',
    b"<table:covered-table-cell/>",
    b'<table:table-cell office:value-type="float" office:value="1e999"><text:p>x</text:p>'
    b"</table:table-cell>",
    b'<table:table-cell office:value-type="date" office:date-value="99999-99-99"/>',
    b"<![CDATA[Yes]]>",
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b'<?xml version="1.0" encoding="ISO-8859-1"?>',
    b"\xef\xbb\xbf",
)

INVALID_UTF8: tuple[bytes, ...] = (
    b"\xff",
    b"\xfe\xff",
    b"\xc3",
    b"\xc3\x28",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\xc0\xaf",  # overlong
    b"\x00",
)

NUMBERS: tuple[bytes, ...] = (
    b"99999999999999999999999",
    b"1e308",
    b"1e309",
    b"-1",
    b"0",
    b"4294967296",
    b"18446744073709551616",
    b"NaN",
    b"inf",
    b"1048577",
    b"16385",
    b"-2147483649",
    b"2958466",
    b"1.5",
    b"",
)

CELL_REFERENCES: tuple[bytes, ...] = (
    b"XFD1048576",
    b"A1048576",
    b"XFD1",
    b"XFE1",
    b"A1048577",
    b"A0",
    b"0",
    b"",
    b"AAAAAAAA1",
    b"A99999999999999",
    b"$A$1",
    b"a1",
    b"R1C1",
    b"1A",
    b"A-1",
)

CELL_TYPES: tuple[bytes, ...] = (b"s", b"b", b"e", b"n", b"str", b"inlineStr", b"d", b"x", b"")
SHEET_STATES: tuple[bytes, ...] = (b"hidden", b"veryHidden", b"visible", b"", b"bogus")

# Cell text for CSV fields and XML text nodes: look-alikes, control characters, formulas.
VALUES: tuple[str, ...] = (
    "Yes",
    "No",
    "N/A",
    "",
    " ",
    "=1+1",
    "1.1a",
    "1.1a Assessment",
    "9.9z",
    "Case ID",
    "Question",
    "Judgement",
    "\uff39\uff45\uff53",  # fullwidth Yes
    "\u200bYes",
    "YES ",
    "Y\u00e9s",
    "1e308",
    "-0",
    "NaN",
    "\x00",
    "\x1b[31m",
    "\ufffe",
    "'",
    '"',
    "2016-01-05",
    "45000",
    "TRUE",
    "#N/A",
    "Yes\nNo",
    "\ufeffCase ID",
    "Case\u00a0ID",
    "\uff43\uff41\uff53\uff45 \uff49\uff44",  # fullwidth case id
    "\u0130",
    "\u00df",
    "x" * 100_000,
)

CSV_SPECIALS: tuple[bytes, ...] = (
    b",",
    b";",
    b'"',
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\t",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xa8",  # U+2028 LINE SEPARATOR
    b'""',
    b'"\n"',
)

_CLOSING_TAG = re.compile(rb"</[^>]{1,64}>")
_CELL_REFERENCE = re.compile(rb'\b(?:r|ref|sqref)="[^"]*"')
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_CELL_TYPE = re.compile(rb'\bt="[^"]*"')
_SHEET_STATE = re.compile(rb'\bstate="[^"]*"')
_ELEMENT = re.compile(
    rb"<(row|c|si|sheet|mergeCell|Relationship|is|f|v|table:table-row|table:table-cell|"
    rb"table:table|text:p)\b[^>]*?(?:/>|>.*?</\1>)",
    re.DOTALL,
)
_TEXT = re.compile(rb"(<(?:t|v|text:p)(?:\s[^>]*)?>)([^<]*)(</)")
_TAG_END = re.compile(rb">")
_FRAME = re.compile(r"^\s+(?:\d+:|at )|^stack backtrace:|^note: ")


def _position(data: bytes, rng: random.Random) -> int:
    return rng.randint(0, len(data))


def flip_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Flip a bit, or set a random byte, at 1 to 8 places."""
    if not data:
        return bytes([rng.randrange(256)]), "flip: empty, one byte"
    mutable = bytearray(data)
    places = sorted(rng.randrange(len(data)) for _ in range(rng.randint(1, 8)))
    for place in places:
        if rng.random() < 0.5:
            mutable[place] ^= 1 << rng.randrange(8)
        else:
            mutable[place] = rng.randrange(256)
    return bytes(mutable), f"flip at {places}"


def insert_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Insert random bytes, or a fragment, at one place."""
    place = _position(data, rng)
    if rng.random() < 0.5:
        chunk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    else:
        chunk = rng.choice(FRAGMENTS + INVALID_UTF8)
    return data[:place] + chunk + data[place:], f"insert {chunk[:40]!r} at {place}"


def delete_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Delete a run of 1 to 256 bytes."""
    if not data:
        return data, "delete: empty"
    start = rng.randrange(len(data))
    length = rng.randint(1, min(256, len(data) - start))
    return data[:start] + data[start + length :], f"delete {length} at {start}"


def truncate_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Cut the data short, as email and full disks do."""
    if not data:
        return data, "truncate: empty"
    keep = rng.randrange(len(data))
    return data[:keep], f"truncate to {keep} of {len(data)}"


def duplicate_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Copy a run of bytes somewhere else."""
    if not data:
        return data, "duplicate: empty"
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 512)]
    place = _position(data, rng)
    return data[:place] + chunk + data[place:], f"copy {len(chunk)} from {start} to {place}"


BYTE_MUTATORS: tuple[Mutator, ...] = (
    flip_bytes,
    insert_bytes,
    delete_bytes,
    truncate_bytes,
    duplicate_bytes,
)


def splice_fragment(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Splice a fragment in, mostly between tags; a DOCTYPE goes before the root."""
    fragment = rng.choice(FRAGMENTS)
    ends = [match.end() for match in _TAG_END.finditer(data)]
    if fragment.startswith(b"<!DOCTYPE") and rng.random() < 0.7:
        # After the XML declaration when there is one, else at the very start.
        place = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
        data = data[:place] + fragment + data[place:]
        refs = [match.end() for match in _TEXT.finditer(data)]
        if refs:
            # A reference to the declared entity, in a text node the reader looks at.
            if b"SYSTEM" in fragment:
                entity = b"&e;"
            elif b"ENTITY d" in fragment:
                entity = rng.choice((b"&a;", b"&d;"))
            else:
                entity = b"&a;"
            text_start = rng.choice(refs)
            data = data[:text_start] + entity + data[text_start:]
        return data, f"doctype {fragment[:60]!r}"
    place = rng.choice(ends) if ends and rng.random() < 0.8 else _position(data, rng)
    return data[:place] + fragment + data[place:], f"splice {fragment[:60]!r} at {place}"


def _replace_match(
    data: bytes, pattern: re.Pattern[bytes], replacement: bytes, rng: random.Random
) -> tuple[bytes, bytes] | None:
    matches = list(pattern.finditer(data))
    if not matches:
        return None
    match = rng.choice(matches)
    return data[: match.start()] + replacement + data[match.end() :], match.group(0)


def far_reference(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Point a cell reference (r=, ref=, sqref=) at a far or invalid cell."""
    matches = list(_CELL_REFERENCE.finditer(data))
    if not matches:
        return splice_fragment(data, rng)
    match = rng.choice(matches)
    target = rng.choice(CELL_REFERENCES)
    if rng.random() < 0.3:
        target = b"A1:" + target
    attribute = match.group(0).split(b"=")[0] + b'="' + target + b'"'
    mutated = data[: match.start()] + attribute + data[match.end() :]
    return mutated, f"reference {match.group(0)[:40]!r} -> {attribute!r}"


def huge_number(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Replace a number (a value, an index, a row number) with an extreme one."""
    number = rng.choice(NUMBERS)
    replaced = _replace_match(data, _NUMBER, number, rng)
    if replaced is None:
        return insert_bytes(data, rng)
    return replaced[0], f"number {replaced[1][:20]!r} -> {number!r}"


def cell_type(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Change a cell's type attribute (shared string, boolean, error, date...)."""
    value = b't="' + rng.choice(CELL_TYPES) + b'"'
    replaced = _replace_match(data, _CELL_TYPE, value, rng)
    if replaced is None:
        return splice_fragment(data, rng)
    return replaced[0], f"type {replaced[1]!r} -> {value!r}"


def sheet_state(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Hide or unhide a sheet, or give it a state no application writes."""
    value = b'state="' + rng.choice(SHEET_STATES) + b'"'
    replaced = _replace_match(data, _SHEET_STATE, value, rng)
    if replaced is None:
        return splice_fragment(data, rng)
    return replaced[0], f"state {replaced[1]!r} -> {value!r}"


def delete_closing_tag(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    replaced = _replace_match(data, _CLOSING_TAG, b"", rng)
    if replaced is None:
        return delete_bytes(data, rng)
    return replaced[0], f"delete closing tag {replaced[1]!r}"


def duplicate_element(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Repeat an element (a row, a cell, a sheet, a relationship) one or more times."""
    matches = list(_ELEMENT.finditer(data[:2_000_000]))
    if not matches:
        return duplicate_bytes(data, rng)
    match = rng.choice(matches)
    times = rng.choice((1, 1, 2, 50))
    element = match.group(0)
    return (
        data[: match.end()] + element * times + data[match.end() :],
        f"repeat <{match.group(1).decode()}> {times}x: {element[:40]!r}",
    )


def delete_element(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    matches = list(_ELEMENT.finditer(data[:2_000_000]))
    if not matches:
        return delete_bytes(data, rng)
    match = rng.choice(matches)
    return data[: match.start()] + data[match.end() :], f"delete {match.group(0)[:40]!r}"


def replace_text(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Replace the text of a cell or string with an odd value, escaped or (sometimes) raw."""
    matches = list(_TEXT.finditer(data))
    if not matches:
        return splice_fragment(data, rng)
    match = rng.choice(matches)
    value = rng.choice(VALUES)
    raw = rng.random() < 0.1
    text = (value if raw else escape(value)).encode("utf-8")
    if raw and rng.random() < 0.5:
        text = b"<&" + text
    return (
        data[: match.start(2)] + text + data[match.end(2) :],
        f"text {match.group(2)[:20]!r} -> {text[:30]!r}{' (raw)' if raw else ''}",
    )


_CELL_ELEMENT = re.compile(rb"<c\b([^>]*?)(/>|>(.*?)</c>)", re.DOTALL)
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_MAIN_NAMESPACE = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def respell_cell(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Write a cell element another way XML allows (attribute order, quotes, spacing, a
    namespace prefix), often with a far reference: scanners that match one spelling miss it."""
    matches = list(_CELL_ELEMENT.finditer(data[:2_000_000]))
    if not matches:
        return splice_fragment(data, rng)
    match = rng.choice(matches)
    attributes = _ATTRIBUTE.findall(match.group(1))
    if rng.random() < 0.5:
        target = rng.choice(CELL_REFERENCES[:6])
        attributes = [
            (b"r", target) if name == b"r" else (name, value) for name, value in attributes
        ]
    how = rng.choice(("order", "quotes", "spacing", "prefix"))
    if how == "order":
        if len(attributes) < 2:
            attributes.append((b"s", b"0"))
        attributes.reverse()
    quote = b"'" if how == "quotes" else b'"'
    space = rng.choice((b"\n", b"\t", b"  ", b"\r\n ")) if how == "spacing" else b" "
    name = b"x:c" if how == "prefix" else b"c"
    if how == "prefix":
        attributes.append((b"xmlns:x", _MAIN_NAMESPACE))
    start = (
        b"<"
        + name
        + b"".join(space + key + b"=" + quote + value + quote for key, value in attributes)
    )
    if match.group(2) == b"/>":
        element = start + space.strip(b" ") + b"/>"
    else:
        inner = match.group(3) or b""
        element = start + space.strip(b" ") + b">" + inner + b"</" + name + b">"
    mutated = data[: match.start()] + element + data[match.end() :]
    return mutated, f"respell ({how}) {match.group(0)[:30]!r} -> {element[:60]!r}"


def invalid_utf8(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    chunk = rng.choice(INVALID_UTF8)
    matches = [match.start(2) for match in _TEXT.finditer(data)]
    place = rng.choice(matches) if matches and rng.random() < 0.7 else _position(data, rng)
    return data[:place] + chunk + data[place:], f"invalid UTF-8 {chunk!r} at {place}"


XML_MUTATORS: tuple[tuple[Mutator, int], ...] = (
    (flip_bytes, 2),
    (splice_fragment, 5),
    (far_reference, 3),
    (respell_cell, 2),
    (huge_number, 3),
    (cell_type, 2),
    (sheet_state, 1),
    (delete_closing_tag, 2),
    (duplicate_element, 3),
    (delete_element, 2),
    (replace_text, 4),
    (invalid_utf8, 2),
    (truncate_bytes, 1),
)


def mutate_xml(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    mutators = [mutator for mutator, _ in XML_MUTATORS]
    weights = [weight for _, weight in XML_MUTATORS]
    mutator: Mutator = rng.choices(mutators, weights=weights)[0]
    return mutator(data, rng)


def _member_weight(name: str) -> int:
    important = ("worksheets/", "sharedStrings", "workbook.xml", "content.xml", "styles.xml")
    return 6 if any(part in name for part in important) else 1


_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


def mutate_zip(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Mutate a member's uncompressed bytes and/or the members, then zip them again.

    Falls back to a byte mutation when the data is no longer a zip.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info, archive.read(info)) for info in archive.infolist()]
    except Exception:  # zipfile, zlib, bz2 and lzma each have their own errors
        mutated, step = rng.choice(BYTE_MUTATORS)(data, rng)
        return mutated, f"(not a readable zip) {step}"
    if not members:
        return data, "zip: no members"
    steps: list[str] = []
    entries = [(info.filename, info.date_time, info.compress_type, body) for info, body in members]
    if rng.random() < 0.85:
        index = rng.choices(range(len(entries)), weights=[_member_weight(e[0]) for e in entries])[0]
        name, date_time, method, body = entries[index]
        body, step = mutate_xml(body, rng)
        entries[index] = (name, date_time, method, body)
        steps.append(f"{name}: {step}")
    action = rng.choices(
        ("keep", "drop", "reorder", "duplicate", "rename", "method"), weights=(12, 2, 2, 1, 1, 2)
    )[0]
    if action == "drop" and len(entries) > 1:
        dropped = entries.pop(rng.randrange(len(entries)))
        steps.append(f"drop {dropped[0]}")
    elif action == "reorder":
        rng.shuffle(entries)
        steps.append("reorder members")
    elif action == "duplicate":
        copy = rng.choice(entries)
        entries.insert(rng.randint(0, len(entries)), copy)
        steps.append(f"duplicate {copy[0]}")
    elif action == "rename":
        index = rng.randrange(len(entries))
        name, date_time, method, body = entries[index]
        new_name = rng.choice((name.upper(), name.replace("/", "\\"), "/" + name, name + "x"))
        entries[index] = (new_name, date_time, method, body)
        steps.append(f"rename {name} -> {new_name}")
    elif action == "method":
        entries = [(n, d, rng.choice(_METHODS), b) for n, d, _, b in entries]
        steps.append("compression methods shuffled")
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, date_time, method, body in entries:
                info = zipfile.ZipInfo(name, date_time=date_time)
                info.compress_type = method
                archive.writestr(info, body)
    return buffer.getvalue(), "zip: " + "; ".join(steps or ["rezip"])


def mutate_csv(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Text-level mutations of a CSV: fields, specials, quotes, lines, delimiters."""
    action = rng.choices(
        ("field", "special", "huge", "columns", "lines", "delimiter", "quote", "encoding"),
        weights=(6, 4, 1, 1, 3, 1, 2, 1),
    )[0]
    lines = data.split(b"\n")
    if action == "field":
        line = rng.randrange(len(lines))
        delimiter = b";" if lines[line].count(b";") > lines[line].count(b",") else b","
        fields = lines[line].split(delimiter)
        column = rng.randrange(len(fields))
        value = rng.choice(VALUES).encode("utf-8")
        if rng.random() < 0.5:
            value = b'"' + value.replace(b'"', b'""') + b'"'
        fields[column] = value
        lines[line] = delimiter.join(fields)
        return b"\n".join(lines), f"csv: line {line} field {column} -> {value[:30]!r}"
    if action == "special":
        chunk = rng.choice(CSV_SPECIALS)
        place = _position(data, rng)
        return data[:place] + chunk + data[place:], f"csv: insert {chunk!r} at {place}"
    if action == "huge":
        size = rng.choice((1_000, 100_000, 140_000, 1_000_000))
        quoted = rng.random() < 0.5
        chunk = (b'"' + b"x" * size + b'"') if quoted else b"x" * size
        place = _position(data, rng)
        return data[:place] + chunk + data[place:], f"csv: field of {size:,} x at {place}"
    if action == "columns":
        count = rng.choice((100, 20_000))
        line = rng.randrange(len(lines))
        lines[line] += b"," * count
        return b"\n".join(lines), f"csv: {count:,} more columns on line {line}"
    if action == "lines":
        how = rng.choice(("duplicate", "delete", "swap", "shuffle", "blank"))
        line = rng.randrange(len(lines))
        if how == "duplicate":
            lines.insert(line, lines[line])
        elif how == "delete" and len(lines) > 1:
            del lines[line]
        elif how == "swap":
            other = rng.randrange(len(lines))
            lines[line], lines[other] = lines[other], lines[line]
        elif how == "shuffle":
            rng.shuffle(lines)
        else:
            lines[line:line] = [b""] * rng.choice((1, 25, 100_000))
        return b"\n".join(lines), f"csv: {how} line {line}"
    if action == "delimiter":
        old, new = rng.choice(((b",", b";"), (b";", b","), (b",", b"\t"), (b"\n", b"\r")))
        return data.replace(old, new), f"csv: {old!r} -> {new!r} throughout"
    if action == "quote":
        starts = [0] + [m.end() for m in re.finditer(rb"[,;\n]", data)]
        place = rng.choice(starts)
        return data[:place] + b'"' + data[place:], f"csv: unbalanced quote at {place}"
    chunk = rng.choice(INVALID_UTF8)
    place = _position(data, rng)
    return data[:place] + chunk + data[place:], f"csv: invalid UTF-8 {chunk!r} at {place}"


def mutate(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three mutations, suited to the seed's format; the steps say what was done."""
    steps: list[str] = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        if rng.random() < 0.25:
            data, step = rng.choice(BYTE_MUTATORS)(data, rng)
        elif suffix == ".csv":
            data, step = mutate_csv(data, rng)
        else:
            data, step = mutate_zip(data, rng)
        steps.append(step)
    return data, steps


# -- Reading one input ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What reading one input did: ok, refused (SqsError) or a finding (exception, hang,
    crash, memory or leak)."""

    kind: str
    label: str  # "ok", the problem code, the exception's type, "hang", "crash", "memory"
    message: str = ""
    detail: str = ""  # the traceback, or the tail of a crashed process's stderr
    where: str = ""  # the innermost frame in sqs_cli (or anywhere) for an exception
    seconds: float = 0.0
    problems: tuple[str, ...] = ()  # the problem codes of a workbook read
    peak_rss_kb: int = 0
    rss_kb: int = 0
    rise_kb: int = 0  # how far this read raised the process's peak RSS above its RSS before

    @property
    def is_finding(self) -> bool:
        return self.kind not in {"ok", "refused"}


def _rss_kb() -> int:
    try:
        resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return resident_pages * (os.sysconf("SC_PAGE_SIZE") // 1024)


def _peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:300]


def _innermost_frame(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "sqs_cli" in frame.filename] or frames
    if not ours:
        return ""
    frame = ours[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"


def read_one(path: Path, framework: Framework, max_memory_mb: int) -> Outcome:
    """Read one input in this process and say what happened."""
    rss_before, peak_before = _rss_kb(), _peak_rss_kb()
    start = time.perf_counter()
    try:
        marking = read_marking(path, framework, display=path.name)
    except SqsError as error:
        code = error.problem.code
        outcome = Outcome(
            kind="exception" if code == "read-failed" else "refused",
            label=code,
            message=str(error),
        )
        if CANARY_TOKEN in repr(error.problem):
            outcome = _leak(outcome.label)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # pyo3's PanicException is a BaseException
        name = type(error).__qualname__
        module = type(error).__module__
        outcome = Outcome(
            kind="exception",
            label=name if module == "builtins" else f"{module}.{name}",
            message=_first_line(str(error)),
            detail=traceback.format_exc(),
            where=_innermost_frame(error),
        )
    else:
        codes = tuple(sorted({problem.code for problem in marking.problems}))
        outcome = Outcome(kind="ok", label="ok", problems=codes)
        if CANARY_TOKEN in repr(marking):
            outcome = _leak(outcome.label)
    seconds = time.perf_counter() - start
    peak = _peak_rss_kb()
    grew = peak - rss_before if peak > peak_before else 0
    if outcome.kind in {"ok", "refused"} and grew > max_memory_mb * 1024:
        outcome = Outcome(
            kind="memory",
            label="memory",
            message=f"peak RSS rose {grew // 1024} MB while reading (as {outcome.label})",
        )
    return Outcome(
        kind=outcome.kind,
        label=outcome.label,
        message=outcome.message,
        detail=outcome.detail,
        where=outcome.where,
        seconds=seconds,
        problems=outcome.problems,
        peak_rss_kb=peak,
        rss_kb=_rss_kb(),
        rise_kb=grew,
    )


def _leak(label: str) -> Outcome:
    return Outcome(
        kind="leak",
        label="leak",
        message=f"the canary file's content (an external entity) is in the result ({label})",
    )


def write_canary() -> None:
    """The file the mutants' external entities point at."""
    CANARY.write_text(CANARY_TOKEN + "\n", encoding="utf-8")


def _fault_stream() -> TextIO | None:
    """A stream with a file descriptor, which faulthandler needs (pytest's capture has none)."""
    for stream in (sys.stderr, sys.__stderr__):
        try:
            if stream is not None:
                stream.fileno()
                return stream
        except (OSError, ValueError):
            continue
    return None


class InProcessRunner:
    """Reads in this process. A read that never returns stops the run after hard_timeout."""

    def __init__(self, framework: Framework, timeout: float, max_memory_mb: int) -> None:
        self.framework = framework
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.hard_timeout = max(30.0, 6 * timeout)

    def run(self, path: Path) -> Outcome:
        stream = _fault_stream()
        if stream is not None:
            faulthandler.dump_traceback_later(self.hard_timeout, exit=True, file=stream)
        try:
            outcome = read_one(path, self.framework, self.max_memory_mb)
        finally:
            faulthandler.cancel_dump_traceback_later()
        if outcome.seconds > self.timeout:
            return _as_hang(outcome, self.timeout)
        return outcome

    def close(self) -> None:
        pass


def _as_hang(outcome: Outcome, timeout: float) -> Outcome:
    return Outcome(
        kind="hang",
        label="hang",
        message=f"took {outcome.seconds:.1f} s (over {timeout:g} s), then gave {outcome.label}",
        seconds=outcome.seconds,
        peak_rss_kb=outcome.peak_rss_kb,
        rss_kb=outcome.rss_kb,
    )


def _worker(
    connection: Connection, log_path: str, address_space_mb: int, max_memory_mb: int
) -> None:
    """The reading process of --isolate: paths in, outcomes (as dicts) out."""
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 2)  # Rust's abort message and Python's warnings go to the log
    os.close(log)
    # An abort is expected here: no core dumps in the working folder.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if address_space_mb:
        try:
            status = Path("/proc/self/status").read_text()
            vm_size = next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmSize:")
            )
            limit = (vm_size + address_space_mb * 1024) * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (OSError, ValueError, StopIteration):
            pass
    framework = load_builtin()
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        outcome = read_one(Path(request), framework, max_memory_mb)
        connection.send(outcome.__dict__)


class IsolatedRunner:
    """Reads in a child process, so a hang is killed and an abort is a finding, not the end.

    One child reads input after input; it is replaced when it dies or is killed.
    """

    def __init__(
        self, timeout: float, max_memory_mb: int, address_space_mb: int, log_dir: Path
    ) -> None:
        # fork starts a reader in milliseconds; spawn is the fallback where there is none.
        if "fork" in multiprocessing.get_all_start_methods():
            self.context: Any = multiprocessing.get_context("fork")
        else:
            self.context = multiprocessing.get_context("spawn")
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.address_space_mb = address_space_mb
        self.log_dir = log_dir
        self.started = 0
        self.process: Any = None
        self.connection: Connection | None = None
        self.log_path = log_dir / "worker.log"
        self.log_offset = 0

    def _start(self) -> None:
        self.started += 1
        self.log_path = self.log_dir / f"worker-{self.started}.log"
        parent, child = self.context.Pipe()
        self.process = self.context.Process(
            target=_worker,
            args=(child, str(self.log_path), self.address_space_mb, self.max_memory_mb),
            daemon=True,
        )
        self.process.start()
        child.close()
        self.connection = parent

    def _stop(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)
        if self.connection is not None:
            self.connection.close()
        self.process, self.connection = None, None

    def run(self, path: Path) -> Outcome:
        if self.process is None or not self.process.is_alive() or self.connection is None:
            self._stop()
            self._start()
        assert self.connection is not None
        start = time.perf_counter()
        try:
            self.log_offset = self.log_path.stat().st_size
        except OSError:
            self.log_offset = 0
        try:
            self.connection.send(str(path))
            # The child's first read also pays for its start.
            ready = self.connection.poll(self.timeout)
            if ready:
                reply: dict[str, Any] = self.connection.recv()
        except (EOFError, OSError):
            return self._crashed(time.perf_counter() - start)
        if not ready:
            self._stop()
            return Outcome(
                kind="hang",
                label="hang",
                message=f"no answer in {self.timeout:g} s; the reading process was killed",
                seconds=time.perf_counter() - start,
            )
        reply["problems"] = tuple(reply["problems"])
        outcome = Outcome(**reply)
        if outcome.seconds > self.timeout:
            return _as_hang(outcome, self.timeout)
        return outcome

    def _crashed(self, seconds: float) -> Outcome:
        assert self.process is not None
        self.process.join(5)
        code = self.process.exitcode
        if code is not None and code < 0:
            how = f"killed by {signal.Signals(-code).name}"
        else:
            how = f"exited with status {code}"
        try:
            with self.log_path.open("rb") as stream:
                stream.seek(self.log_offset)
                text = stream.read(200_000).decode("utf-8", errors="replace")
        except OSError:
            text = ""
        # What the process said as it died, without Rust's backtrace frames.
        said = [line for line in text.splitlines() if line.strip() and not _FRAME.match(line)]
        self._stop()
        return Outcome(
            kind="crash",
            label="crash",
            message=f"the reading process {how}: {(said or [''])[0][:200]}",
            detail=text[-20_000:],
            seconds=seconds,
        )

    def close(self) -> None:
        if self.connection is not None and self.process is not None and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.connection.send(None)
            self.process.join(5)
        self._stop()


# -- The run --------------------------------------------------------------------------------


@dataclass
class Finding:
    number: int
    outcome: Outcome
    seed: str
    index: int | None  # None for a seed read unmutated or a replayed file
    steps: list[str]
    saved: Path | None

    @property
    def key(self) -> tuple[str, str, str]:
        """Findings with the same key are (very likely) the same bug."""
        message = re.sub(r"\d+", "N", self.outcome.message)
        if self.outcome.kind == "exception":
            return (self.outcome.kind, self.outcome.label, self.outcome.where)
        if self.outcome.kind == "crash":
            return (self.outcome.kind, self.outcome.label, message)
        return (self.outcome.kind, self.outcome.label, Path(self.seed).suffix)

    def describe(self) -> str:
        made = f"seed {self.seed}" + (f", input {self.index}" if self.index is not None else "")
        lines = [
            f"FINDING {self.number}: [{self.outcome.kind}] {self.outcome.label}: "
            f"{self.outcome.message}",
            f"  input: {self.saved or '(not saved)'} ({made})",
        ]
        if self.outcome.where:
            lines.append(f"  at: {self.outcome.where}")
        lines.extend(f"  mutation: {step}" for step in self.steps)
        return "\n".join(lines)


@dataclass
class Report:
    seed: int
    isolate: bool
    tried: int = 0
    seconds: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    distinct: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    slowest: tuple[float, str] = (0.0, "")
    largest_rise: tuple[int, str] = (0, "")
    rss_start_kb: int = 0
    rss_end_kb: int = 0
    peak_rss_kb: int = 0
    out: Path | None = None

    def examples(self) -> list[Finding]:
        """The first finding of each distinct kind."""
        first: dict[tuple[str, str, str], Finding] = {}
        for finding in self.findings:
            first.setdefault(finding.key, finding)
        return list(first.values())

    def summary(self) -> str:
        def counts(counter: Counter[str]) -> str:
            return ", ".join(f"{key} {count}" for key, count in counter.most_common()) or "none"

        mode = "isolated" if self.isolate else "in-process"
        rate = self.tried / self.seconds if self.seconds else 0.0
        lines = [
            f"sqs fuzz: seed {self.seed}, {self.tried} inputs in {self.seconds:.1f} s "
            f"({mode}, {rate:.0f}/s)",
            f"outcomes: {counts(self.outcomes)}",
            f"problems in the workbooks read: {counts(self.problems)}",
            f"slowest input: {self.slowest[0]:.2f} s ({self.slowest[1]})",
            f"memory ({'reading process' if self.isolate else 'this process'}): RSS "
            f"{self.rss_start_kb // 1024} MB at start, {self.rss_end_kb // 1024} MB at end, "
            f"peak {self.peak_rss_kb // 1024} MB; largest rise in one read "
            f"{self.largest_rise[0] // 1024} MB ({self.largest_rise[1]})",
            f"findings: {len(self.findings)} ({len(self.distinct)} distinct)",
        ]
        for (kind, label, where), count in self.distinct.most_common():
            lines.append(f"  {count} x [{kind}] {label}" + (f" at {where}" if where else ""))
        if self.findings and self.out is not None:
            lines.append(f"inputs saved in {self.out}")
        return "\n".join(lines)


class _Fuzzer:
    def __init__(
        self,
        runner: InProcessRunner | IsolatedRunner,
        report: Report,
        out: Path,
        log: Callable[[str], None],
    ) -> None:
        self.runner = runner
        self.report = report
        self.out = out
        self.log = log
        self.saved: Counter[tuple[str, str, str]] = Counter()

    def try_input(self, path: Path, seed: str, index: int | None, steps: list[str]) -> Outcome:
        outcome = self.runner.run(path)
        report = self.report
        report.tried += 1
        report.outcomes[outcome.label] += 1
        report.problems.update(outcome.problems)
        if outcome.seconds > report.slowest[0]:
            report.slowest = (outcome.seconds, f"{seed} input {index}")
        if outcome.rise_kb > report.largest_rise[0]:
            report.largest_rise = (outcome.rise_kb, f"{seed} input {index}")
        if outcome.peak_rss_kb:
            report.peak_rss_kb = max(report.peak_rss_kb, outcome.peak_rss_kb)
            report.rss_start_kb = report.rss_start_kb or outcome.rss_kb
            report.rss_end_kb = outcome.rss_kb
        if outcome.is_finding:
            self.record(outcome, path, seed, index, steps)
        return outcome

    def record(
        self, outcome: Outcome, path: Path, seed: str, index: int | None, steps: list[str]
    ) -> None:
        finding = Finding(len(self.report.findings) + 1, outcome, seed, index, steps, None)
        self.report.distinct[finding.key] += 1
        self.out.mkdir(parents=True, exist_ok=True)
        if self.saved[finding.key] < SAVED_PER_KIND:
            self.saved[finding.key] += 1
            stem = f"finding-{finding.number:04d}-{re.sub(r'[^A-Za-z0-9]+', '-', outcome.label)}"
            finding.saved = self.out / f"{stem}{path.suffix}"
            finding.saved.write_bytes(path.read_bytes())
            note = finding.describe() + "\n\n" + outcome.detail
            (self.out / f"{stem}.txt").write_text(note, encoding="utf-8")
            # Only the first few of a kind are shown; the summary counts them all.
            self.log(finding.describe())
        self.report.findings.append(finding)
        # Every finding, saved or not, in one line: its input can be made again with
        # --seed and --input.
        fields = [
            str(finding.number),
            outcome.kind,
            outcome.label,
            outcome.where,
            finding.seed,
            "" if index is None else str(index),
            str(finding.saved or ""),
            outcome.message,
            " | ".join(steps),
        ]
        with (self.out / "findings.tsv").open("a", encoding="utf-8") as index_file:
            index_file.write("\t".join(re.sub(r"\s+", " ", item) for item in fields) + "\n")


def make_runner(
    isolate: bool,
    framework: Framework,
    timeout: float,
    max_memory_mb: int,
    address_space_mb: int,
    log_dir: Path,
) -> InProcessRunner | IsolatedRunner:
    if isolate:
        return IsolatedRunner(timeout, max_memory_mb, address_space_mb, log_dir)
    return InProcessRunner(framework, timeout, max_memory_mb)


def run_fuzz(
    *,
    seconds: float,
    seed: int,
    out: Path,
    isolate: bool = False,
    max_inputs: int | None = None,
    inputs: Sequence[int] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
    address_space_mb: int = DEFAULT_ADDRESS_SPACE_MB,
    log: Callable[[str], None] = print,
    progress_every: float = 30.0,
) -> Report:
    """Read the seeds, then mutants of them, until the time or the inputs run out.

    With `inputs`, read only those mutants of the seed, each also saved under `out` as
    `input-SEED-N.suffix` (to look at, or to reduce by hand).
    """
    framework = load_builtin()
    report = Report(seed=seed, isolate=isolate, out=out)
    out.mkdir(parents=True, exist_ok=True)
    write_canary()
    with tempfile.TemporaryDirectory(prefix="sqs-fuzz-work-") as work_name:
        work = Path(work_name)
        seeds = build_seeds(work / "seeds", framework)
        runner = make_runner(isolate, framework, timeout, max_memory_mb, address_space_mb, work)
        if isinstance(runner, InProcessRunner):
            log(
                f"in-process: a read that has not returned after {runner.hard_timeout:g} s "
                f"stops the run; its input stays in {work} (use --isolate to go on)"
            )
        fuzzer = _Fuzzer(runner, report, out, log)
        start = time.monotonic()
        deadline = start + seconds
        next_progress = start + progress_every
        try:
            for item in seeds if inputs is None else []:
                path = work / f"input{item.suffix}"
                path.write_bytes(item.data)
                outcome = fuzzer.try_input(path, item.name, None, ["(unmutated)"])
                if outcome.kind != "ok":
                    log(f"note: seed {item.name} reads as {outcome.label}: {outcome.message}")
            numbers = iter(inputs) if inputs is not None else itertools.count()
            for index in numbers:
                if inputs is None and (
                    time.monotonic() >= deadline or (max_inputs is not None and index >= max_inputs)
                ):
                    break
                item, data, steps = make_input(seeds, seed, index)
                path = work / f"input{item.suffix}"
                path.write_bytes(data)
                outcome = fuzzer.try_input(path, item.name, index, steps)
                if inputs is not None:
                    kept = out / f"input-{seed}-{index}{item.suffix}"
                    kept.write_bytes(data)
                    log(f"{kept}: {_outcome_line(outcome)}")
                    if not outcome.is_finding:  # a finding was shown with its mutations
                        log("\n".join(f"  mutation: {step}" for step in steps))
                if time.monotonic() >= next_progress:
                    next_progress += progress_every
                    log(
                        f"[{time.monotonic() - start:.0f} s] {report.tried} inputs, "
                        f"{len(report.findings)} findings"
                    )
        finally:
            runner.close()
            report.seconds = time.monotonic() - start
    return report


def make_input(seeds: Sequence[Seed], seed: int, index: int) -> tuple[Seed, bytes, list[str]]:
    """Input number `index` of a run with `seed`: the same on every machine."""
    rng = random.Random(f"{seed}:{index}")
    item = rng.choice(seeds)
    data, steps = mutate(item.data, item.suffix, rng)
    return item, data, steps


def _outcome_line(outcome: Outcome) -> str:
    line = f"{outcome.kind} {outcome.label} {outcome.message}".rstrip()
    return (
        line + (f" (at {outcome.where})" if outcome.where else "") + f" [{outcome.seconds:.2f} s]"
    )


def replay(
    paths: Sequence[Path],
    *,
    out: Path,
    isolate: bool,
    timeout: float = DEFAULT_TIMEOUT,
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
    address_space_mb: int = DEFAULT_ADDRESS_SPACE_MB,
    log: Callable[[str], None] = print,
) -> Report:
    """Read saved inputs again, each reported with its outcome."""
    framework = load_builtin()
    report = Report(seed=0, isolate=isolate, out=out)
    write_canary()
    with tempfile.TemporaryDirectory(prefix="sqs-fuzz-work-") as work_name:
        runner = make_runner(
            isolate, framework, timeout, max_memory_mb, address_space_mb, Path(work_name)
        )
        fuzzer = _Fuzzer(runner, report, out, log)
        start = time.monotonic()
        try:
            for path in paths:
                outcome = fuzzer.try_input(path, path.name, None, ["(replayed)"])
                log(f"{path}: {_outcome_line(outcome)}")
        finally:
            runner.close()
            report.seconds = time.monotonic() - start
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tests/fuzz.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz")
    parser.add_argument("--seed", type=int, default=1, help="input N is the same for a seed")
    parser.add_argument("--max-inputs", type=int, default=None, help="stop after this many")
    parser.add_argument(
        "--out", type=Path, default=None, help="where findings are saved (default: a temp folder)"
    )
    parser.add_argument(
        "--isolate", action="store_true", help="read in a child process: aborts become findings"
    )
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per input")
    parser.add_argument(
        "--max-memory-mb",
        type=int,
        default=DEFAULT_MAX_MEMORY_MB,
        help="a read raising peak memory by more is a finding",
    )
    parser.add_argument(
        "--address-space-mb",
        type=int,
        default=DEFAULT_ADDRESS_SPACE_MB,
        help="with --isolate: address space the reading process may add (0: no limit)",
    )
    parser.add_argument(
        "--input",
        type=int,
        nargs="+",
        default=None,
        metavar="N",
        help="read only input N (and more) of the seed, each saved under --out",
    )
    parser.add_argument(
        "--replay", type=Path, nargs="+", default=None, help="read these files instead of fuzzing"
    )
    args = parser.parse_args(argv)
    out: Path = args.out or Path(tempfile.mkdtemp(prefix="sqs-fuzz-")) / "fuzz-findings"
    if args.replay:
        report = replay(
            args.replay,
            out=out,
            isolate=args.isolate,
            timeout=args.timeout,
            max_memory_mb=args.max_memory_mb,
            address_space_mb=args.address_space_mb,
        )
    else:
        print(f"findings go to {out}")
        report = run_fuzz(
            seconds=args.seconds,
            seed=args.seed,
            out=out,
            isolate=args.isolate,
            max_inputs=args.max_inputs,
            inputs=args.input,
            timeout=args.timeout,
            max_memory_mb=args.max_memory_mb,
            address_space_mb=args.address_space_mb,
        )
    print(report.summary())
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main())
