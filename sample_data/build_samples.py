"""Rebuild the sample SQS marking workbooks.

Usage: python sample_data/build_samples.py [OUTPUT_FOLDER]

Writes four workbooks into OUTPUT_FOLDER (default: the folder this script is in):

- coventry-2016.xlsx: a reconstruction of the published Coventry SQS report (July 2016),
  wide layout (one column per question). Only the published figures are real; case IDs,
  case types, inspectors' initials, comments and which case got which mark are invented.
- fictional-long-layout.xlsx: a made-up audit of a made-up area ("Northbridge") in the
  long layout (one row per mark), using a mix of the accepted spellings of judgements.
- fictional-northbridge-followup.xlsx: Northbridge six months on, for `sqs compare`.
- fictional-youth-2021.xlsx: a made-up audit of a made-up area ("Westmere") against
  HMIP's youth justice standards (`hmip-youth-2021`): court and out-of-court cases told
  apart by a Disposal column, and a Ratings sheet with the inspectors' ratings of the
  standards rated by judgement, and one rating moved from the figures', with its reason.

The output is deterministic: the data below is fixed, and document properties and zip
entry timestamps are pinned, so two runs produce byte-identical files.
"""

import argparse
import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

FIXED_CREATED = dt.datetime(2026, 1, 5, 9, 0, 0)
FIXED_MODIFIED = dt.datetime(2026, 1, 5, 9, 0, 0)
ZIP_TIMESTAMP = (2026, 1, 5, 9, 0, 0)
CREATOR = "sqs sample_data/build_samples.py"

YES = "Yes"
NO = "No"
NOT_DONE = "Not done"
NOT_APPLICABLE = "N/A"

# Question IDs of the sqs-2016 framework with short header texts (SPEC section 4, shortened).
QUESTIONS: dict[str, str] = {
    "1.1a": "Assessment of offending factors",
    "1.1b": "Review of offending assessment",
    "1.2a": "PSR quality",
    "1.2b": "QA of deficient PSR",
    "1.2c": "Court had enough information",
    "1.2d": "Referral order panel report",
    "1.3a": "Community planning",
    "1.3b": "Custodial planning",
    "1.3c": "Review of plans",
    "2.1a": "Risk of harm assessment",
    "2.1b": "Review of risk of harm assessment",
    "2.2a": "Custodial risk of harm planning",
    "2.2b": "Community risk of harm planning",
    "2.2c": "Review of risk of harm plans",
    "2.3a": "Management of risk to victims",
    "3.1a": "Safeguarding and vulnerability screening",
    "3.1b": "Review of vulnerability screening",
    "3.2a": "Safeguarding plan",
    "3.2b": "Review of safeguarding plan",
    "3.3a": "Health and well-being",
    "3.3b": "Involvement in other agencies' safeguarding",
    "4.1a": "Engagement in assessment",
    "4.1b": "Diversity factors understood",
    "4.1c": "Diversity reflected in PSR",
    "4.2a": "Diversity in planning",
    "4.2b": "Engagement in planning",
    "4.3a": "Response to non-compliance",
    "4.3b": "Response to new arrests or convictions",
    "5.1a": "Oversight of safeguarding work",
    "5.1b": "Oversight of risk of harm work",
}


@dataclass(frozen=True)
class Marking:
    """Which cases a question is relevant to, and which of those failed.

    Cases are numbered from 1. Relevant cases not listed as failing are marked sufficient;
    cases that are not relevant are marked not applicable.
    """

    relevant: frozenset[int]
    no: frozenset[int] = frozenset()
    not_done: frozenset[int] = frozenset()

    def judgement(self, case: int) -> str:
        if case not in self.relevant:
            return NOT_APPLICABLE
        if case in self.no:
            return NO
        if case in self.not_done:
            return NOT_DONE
        return YES


def mark(relevant: Iterable[int], no: Iterable[int] = (), not_done: Iterable[int] = ()) -> Marking:
    return Marking(frozenset(relevant), frozenset(no), frozenset(not_done))


def check_markings(
    markings: dict[str, Marking], cases: Iterable[int], questions: Iterable[str] = QUESTIONS
) -> None:
    """Fail loudly if the hand-written tables below are inconsistent."""
    known = frozenset(cases)
    framework = frozenset(questions)
    for qid, m in markings.items():
        if qid not in framework:
            raise ValueError(f"{qid}: not a question of the framework")
        if not m.relevant <= known:
            raise ValueError(f"{qid}: relevant cases {sorted(m.relevant - known)} do not exist")
        if not (m.no | m.not_done) <= m.relevant:
            raise ValueError(f"{qid}: a failing case is not among the relevant cases")
        if m.no & m.not_done:
            raise ValueError(f"{qid}: a case is both No and Not done")


# --- Coventry 2016 (reconstructed) -------------------------------------------------------

DTO = "Detention and training order"
YRO = "Youth rehabilitation order"
REFERRAL = "Referral order"

# case number -> (case type, inspector's initials, comment)
COVENTRY_CASES: dict[int, tuple[str, str, str]] = {
    1: (YRO, "AB", "Case manager present for the review"),
    2: (REFERRAL, "CD", ""),
    3: (DTO, "EF", "Custodial phase and licence both in the period"),
    4: (REFERRAL, "AB", "Order extended by the panel"),
    5: (YRO, "CD", ""),
    6: (YRO, "EF", "Case manager changed during the order"),
    7: (REFERRAL, "AB", ""),
    8: (DTO, "CD", "Seen with the secure establishment's caseworker"),
    9: (REFERRAL, "EF", "Records partly on the old database"),
    10: (YRO, "AB", ""),
    11: (REFERRAL, "CD", "Short order, nearly complete"),
    12: (DTO, "EF", ""),
    13: (REFERRAL, "AB", "Case manager on leave; reviewed with a colleague"),
    14: (YRO, "CD", ""),
    15: (REFERRAL, "EF", ""),
    16: (DTO, "AB", "Transferred in from another area"),
    17: (YRO, "CD", "Plan printed from the new database"),
    18: (REFERRAL, "EF", ""),
    19: (DTO, "AB", "Release date during fieldwork"),
    20: (YRO, "CD", ""),
}

ALL = frozenset(COVENTRY_CASES)
CUSTODY = frozenset(n for n, (kind, _, _) in COVENTRY_CASES.items() if kind == DTO)
# Pre-sentence reports were written for every court order case (YROs and DTOs): 12 cases.
PSR = frozenset(n for n, (kind, _, _) in COVENTRY_CASES.items() if kind in {DTO, YRO})
# Cases long enough for a review to have been due: 12 cases.
REVIEW_DUE = frozenset({1, 3, 4, 5, 8, 9, 10, 12, 14, 16, 17, 19})

COVENTRY: dict[str, Marking] = {
    "1.1a": mark(ALL, no={13, 19}),
    "1.1b": mark(REVIEW_DUE - {4, 9, 17}),
    "1.2a": mark(PSR, no={6, 14, 19}),
    "1.2b": mark({6, 14, 19}, no={6, 19}),
    "1.2c": mark(PSR, no={19}),
    "1.2d": mark({2, 7, 11, 15}, no={11}),
    "1.3a": mark(ALL, no={2, 6, 9, 13, 17, 20}),
    "1.3b": mark(CUSTODY, no={12}),
    "1.3c": mark(REVIEW_DUE - {19}, no={4, 10, 17}),
    "2.1a": mark(ALL, no={5, 7, 8, 18, 20}),
    "2.1b": mark(REVIEW_DUE, no={5, 12, 16}),
    "2.2a": mark(CUSTODY, no={16}),
    "2.2b": mark(ALL - {15}, no={1, 7, 12}),
    "2.2c": mark(REVIEW_DUE, no={1, 9}, not_done={4, 17}),
    "2.3a": mark({1, 2, 3, 6, 8, 10, 11, 14, 16, 18}, no={2, 10, 16, 18}),
    "3.1a": mark(ALL - {11}, no={1, 4, 6, 9, 13, 17, 20}),
    "3.1b": mark(REVIEW_DUE - {19}, no={4, 9, 12, 17}),
    "3.2a": mark(ALL - {2, 11, 15, 18}, no={1, 6, 9, 13, 20}),
    "3.2b": mark({1, 3, 4, 8, 9, 10, 12, 14, 16, 17}, no={1, 9, 14}, not_done={4, 17}),
    "3.3a": mark(ALL, no={5, 8, 11, 15, 19}),
    "3.3b": mark({6, 9, 13, 18}, no={9, 13}),
    "4.1a": mark(ALL, no={3, 20}),
    "4.1b": mark(ALL, no={6, 11, 18}),
    "4.1c": mark({1, 3, 5, 6, 8, 10, 14, 17}, no={6}),
    "4.2a": mark(ALL, no={2, 5, 9, 12, 14, 17, 20}),
    "4.2b": mark(ALL, no={3, 7, 10, 12, 14, 16, 18}),
    "4.3a": mark({3, 5, 7, 9, 12, 14, 17, 20}, no={20}),
    "4.3b": mark({1, 4, 8, 13, 16, 19}, no={4}),
    "5.1a": mark(ALL, no=ALL - {2, 5, 8, 10, 11, 12, 15, 20}),
    "5.1b": mark(ALL, no=ALL - {2, 4, 8, 9, 11, 12, 14, 15, 16}),
}

COVENTRY_INSPECTION: list[tuple[str, Any]] = [
    ("Area", "Coventry"),
    ("Service", "Coventry Youth Offending Service"),
    ("Fieldwork start", dt.date(2016, 6, 28)),
    ("Fieldwork end", dt.date(2016, 6, 30)),
    ("Published", dt.date(2016, 7, 20)),
    ("Reoffending rate", "36.0%"),
    ("Comparator reoffending rate", 0.378),
    ("Comparator", "England and Wales"),
    ("Lead inspector", "(not named in the published report)"),
]

# --- Northbridge (fictional), long layout ------------------------------------------------

NB_CASES = range(1, 13)
NB_ALL = frozenset(NB_CASES)

NORTHBRIDGE: dict[str, Marking] = {
    "1.1a": mark(NB_ALL, no={4, 9}),
    "1.1b": mark({1, 2, 3, 5, 7, 8, 11}, no={3}, not_done={8}),
    "2.1a": mark(NB_ALL, no={2, 6, 10}),
    "2.2b": mark(NB_ALL - {12}, no={4, 7, 11}),
    "3.1a": mark(NB_ALL, no={1, 5, 9, 12}, not_done={6}),
    "3.2a": mark(NB_ALL - {3, 8, 10}, no={2, 5, 9, 11}),
    "4.3a": mark({2, 4, 6, 7, 11}, no={7}),
    "5.1a": mark(NB_ALL, no={1, 3, 6, 9, 12}, not_done={10}),
}

# --- Northbridge follow-up (fictional), wide layout --------------------------------------
# The same area six months on, with more cases: for `sqs compare`.

NF_CASES = range(1, 31)
NF_ALL = frozenset(NF_CASES)

NORTHBRIDGE_FOLLOWUP: dict[str, Marking] = {
    "1.1a": mark(NF_ALL, no={4, 17, 25}),
    "1.1b": mark(range(1, 19), no={3, 11, 16}, not_done={15}),
    "2.1a": mark(NF_ALL, no={2, 6, 10, 19, 22, 28}),
    "2.2b": mark(NF_ALL - {12, 24}, no={4, 7, 11, 20, 27, 30}),
    "3.1a": mark(NF_ALL, no={1, 9, 21}),
    "3.2a": mark(NF_ALL - {3, 8, 13, 18, 23}, no={2, 5, 9, 11, 14, 16, 20, 26, 29}, not_done={30}),
    "4.3a": mark({2, 4, 6, 7, 11, 14, 17, 19, 22, 25, 27, 29}, no={7, 19, 27}),
    "5.1a": mark(
        NF_ALL,
        no={1, 3, 5, 6, 9, 12, 14, 16, 18, 20, 22, 24, 26, 27, 29, 30},
        not_done={10, 28},
    ),
}

NORTHBRIDGE_FOLLOWUP_INSPECTION: list[tuple[str, Any]] = [
    ("Area", "Northbridge (fictional)"),
    ("Service", "Northbridge Youth Justice Service (fictional)"),
    ("Fieldwork start", dt.date(2026, 9, 15)),
    ("Fieldwork end", dt.date(2026, 9, 17)),
    ("Reoffending rate", "30.2%"),
    ("Comparator reoffending rate", 0.33),
    ("Comparator", "England and Wales"),
]

# Accepted spellings (SPEC section 3), used in turn so the file exercises all of them.
SPELLINGS: dict[str, tuple[str, ...]] = {
    YES: ("Yes", "Y", "Sufficient"),
    NO: ("No", "N", "Insufficient"),
    NOT_DONE: ("Not done",),
    NOT_APPLICABLE: ("N/A", "NA", "Not applicable"),
}

NORTHBRIDGE_INSPECTION: list[tuple[str, Any]] = [
    ("Area", "Northbridge (fictional)"),
    ("Service", "Northbridge Youth Justice Service (fictional)"),
    ("Fieldwork start", dt.date(2026, 3, 10)),
    ("Fieldwork end", dt.date(2026, 3, 12)),
    ("Reoffending rate", 0.31),
    ("Comparator reoffending rate", "33%"),
    ("Comparator", "England and Wales"),
]


# --- Westmere (fictional), hmip-youth-2021 ----------------------------------------------
# 24 court cases (1-24; the first three in custody) and 12 out-of-court (25-36). Each
# case standard takes its lowest key question: 2.1 20/24 Outstanding, 2.2 18/24 Good,
# 2.3 19/23 Outstanding, 2.4 12/20 Requires improvement; 3.1 10/12 Outstanding, 3.2 8/12
# Good, 3.3 6/11 Requires improvement by the figures, moved to Good on the Ratings sheet.
# With the entered ratings the overall is Good, 26 points out of 36.

YOUTH_QUESTIONS: dict[str, str] = {
    f"{standard}.{number}": f"{title}: {strand}"
    for standard, title in (
        ("2.1", "Assessment"),
        ("2.2", "Planning"),
        ("2.3", "Delivery"),
        ("2.4", "Reviewing"),
        ("3.1", "Assessment"),
        ("3.2", "Planning"),
        ("3.3", "Delivery"),
    )
    for number, strand in ((1, "desistance"), (2, "child's safety"), (3, "others' safety"))
}

WM_COURT = frozenset(range(1, 25))
WM_CUSTODY = frozenset({1, 2, 3})
WM_OUT_OF_COURT = frozenset(range(25, 37))
WM_REVIEW_DUE = frozenset(range(1, 21))

WESTMERE: dict[str, Marking] = {
    "2.1.1": mark(WM_COURT, no={4, 9}),
    "2.1.2": mark(WM_COURT, no={5, 11, 17}),
    "2.1.3": mark(WM_COURT, no={6, 12, 18, 20}),
    "2.2.1": mark(WM_COURT, no={4, 8, 13, 19}),
    "2.2.2": mark(WM_COURT, no={2, 7, 10, 15, 21, 23}),
    "2.2.3": mark(WM_COURT, no={3, 9, 14, 22, 24}),
    "2.3.1": mark(WM_COURT, no={5, 16}),
    "2.3.2": mark(WM_COURT, no={1, 8, 14, 20}),
    "2.3.3": mark(WM_COURT - {24}, no={6, 11, 19, 22}),
    "2.4.1": mark(WM_REVIEW_DUE, no={2, 5, 9, 13, 17, 18}),
    "2.4.2": mark(WM_REVIEW_DUE, no={3, 6, 10, 12, 15, 19, 20}, not_done={8}),
    "2.4.3": mark(WM_REVIEW_DUE, no={4, 7, 11, 16, 20}),
    "3.1.1": mark(WM_OUT_OF_COURT, no={27}),
    "3.1.2": mark(WM_OUT_OF_COURT, no={26, 31}),
    "3.1.3": mark(WM_OUT_OF_COURT, no={29}),
    "3.2.1": mark(WM_OUT_OF_COURT, no={25, 33}),
    "3.2.2": mark(WM_OUT_OF_COURT, no={28, 30, 34, 36}),
    "3.2.3": mark(WM_OUT_OF_COURT, no={26, 32}),
    "3.3.1": mark(WM_OUT_OF_COURT, no={27, 35}),
    "3.3.2": mark(WM_OUT_OF_COURT, no={25, 29, 33, 36}),
    "3.3.3": mark(WM_OUT_OF_COURT - {36}, no={26, 28, 30, 31, 34}),
}

WESTMERE_RATINGS: list[tuple[str, str, str]] = [
    ("1.1 Governance and leadership", "Good", "The board knows the service's priorities"),
    ("1.2 Staff", "Outstanding", "A stable, skilled team with good supervision"),
    ("1.3 Partnerships and services", "Good", "Health and education workers in the team"),
    ("1.4 Information and facilities", "Requires improvement", "Data not used to plan"),
    ("3.4 Out-of-court disposal policy and provision", "Good", "A joint decision panel"),
    ("4.1 Resettlement policy and provision", "Requires improvement", "Policy out of date"),
    (
        "3.3 Implementation and delivery",
        "Good",
        "Three of the five insufficient cases had moved in from another area mid-order",
    ),
]

WESTMERE_INSPECTION: list[tuple[str, Any]] = [
    ("Area", "Westmere (fictional)"),
    ("Service", "Westmere Youth Justice Service (fictional)"),
    ("Fieldwork start", dt.date(2026, 5, 11)),
    ("Fieldwork end", dt.date(2026, 5, 15)),
]


def westmere_case(case: int) -> tuple[str, str, str]:
    """A case's Disposal, case type and inspector's initials (all invented)."""
    if case in WM_CUSTODY:
        return "Custody", "Detention and training order", "AB"
    if case in WM_COURT:
        kind = ("Referral order", "Youth rehabilitation order")[case % 2]
        return "Court", kind, ("AB", "CD")[case % 2]
    kind = ("Youth caution", "Youth conditional caution", "Community resolution")[case % 3]
    return "Out-of-court", kind, "EF"


# --- Writing -----------------------------------------------------------------------------


def new_workbook(title: str) -> Workbook:
    wb = Workbook()
    wb.properties.title = title
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    wb.properties.created = FIXED_CREATED
    wb.properties.modified = FIXED_MODIFIED
    return wb


def write_inspection(wb: Workbook, rows: list[tuple[str, Any]]) -> None:
    ws = wb.create_sheet("Inspection")
    for key, value in rows:
        ws.append([key, value])
        if isinstance(value, dt.date):
            ws.cell(row=ws.max_row, column=2).number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 40


def save_deterministically(wb: Workbook, path: Path) -> None:
    """Save like openpyxl would, but keep our fixed dates and pin zip entry timestamps.

    openpyxl's own ``Workbook.save`` stamps the current time into ``modified`` and into
    every zip entry, so its output differs from run to run.
    """
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))


def build_coventry(path: Path) -> None:
    check_markings(COVENTRY, COVENTRY_CASES)
    wb = new_workbook("Coventry YOS SQS marking (reconstructed)")
    ws: Worksheet = wb.active
    ws.title = "Cases"
    ws["A1"] = (
        "Coventry YOS - Short Quality Screening marking (reconstructed from the published report)"
    )
    ws["A1"].font = Font(bold=True, size=13)
    header = ["Case ID", "Case type", "Inspector", "Comments"]
    header += [f"{qid} {text}" for qid, text in QUESTIONS.items()]
    for column, heading in enumerate(header, start=1):
        ws.cell(row=3, column=column, value=heading).font = Font(bold=True)
    for case, (case_type, inspector, comment) in COVENTRY_CASES.items():
        row = [f"COV-{case:02d}", case_type, inspector, comment or None]
        row += [COVENTRY[qid].judgement(case) for qid in QUESTIONS]
        ws.append(row)
    ws.freeze_panes = "E4"
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["D"].width = 48
    write_inspection(wb, COVENTRY_INSPECTION)
    save_deterministically(wb, path)


def northbridge_rows() -> Iterator[tuple[str, str, str]]:
    turns = {judgement: itertools.cycle(spellings) for judgement, spellings in SPELLINGS.items()}
    for case in NB_CASES:
        for qid, marking in NORTHBRIDGE.items():
            yield f"NB-{case:03d}", qid, next(turns[marking.judgement(case)])


def build_northbridge(path: Path) -> None:
    check_markings(NORTHBRIDGE, NB_CASES)
    wb = new_workbook("Northbridge SQS marking (fictional)")
    ws: Worksheet = wb.active
    ws.title = "Cases"
    ws.append(["Case ID", "Question", "Judgement"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in northbridge_rows():
        ws.append(list(row))
    ws.freeze_panes = "A2"
    ws.column_dimensions["C"].width = 16
    write_inspection(wb, NORTHBRIDGE_INSPECTION)
    save_deterministically(wb, path)


def build_northbridge_followup(path: Path) -> None:
    check_markings(NORTHBRIDGE_FOLLOWUP, NF_CASES)
    wb = new_workbook("Northbridge SQS follow-up marking (fictional)")
    ws: Worksheet = wb.active
    ws.title = "Cases"
    ws.append(
        ["Case ID", "Inspector", *(f"{qid} {QUESTIONS[qid]}" for qid in NORTHBRIDGE_FOLLOWUP)]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for case in NF_CASES:
        marks = [marking.judgement(case) for marking in NORTHBRIDGE_FOLLOWUP.values()]
        ws.append([f"NF-{case:03d}", "GH" if case % 2 else "JK", *marks])
    ws.freeze_panes = "B2"
    write_inspection(wb, NORTHBRIDGE_FOLLOWUP_INSPECTION)
    save_deterministically(wb, path)


def build_westmere(path: Path) -> None:
    check_markings(WESTMERE, WM_COURT | WM_OUT_OF_COURT, YOUTH_QUESTIONS)
    wb = new_workbook("Westmere youth justice case audit (fictional)")
    ws: Worksheet = wb.active
    ws.title = "Cases"
    ws.append(
        [
            "Case ID",
            "Disposal",
            "Case type",
            "Inspector",
            *(f"{qid} {text}" for qid, text in YOUTH_QUESTIONS.items()),
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for case in sorted(WM_COURT | WM_OUT_OF_COURT):
        disposal, kind, inspector = westmere_case(case)
        court = case in WM_COURT
        marks = [
            # A question of the other group's standards is left empty, as sqs expects.
            marking.judgement(case) if qid.startswith("2.") == court else None
            for qid, marking in WESTMERE.items()
        ]
        ws.append([f"WM-{case:03d}", disposal, kind, inspector, *marks])
    ws.freeze_panes = "E2"
    ws.column_dimensions["C"].width = 28
    ratings = wb.create_sheet("Ratings")
    ratings.append(["Standard", "Rating", "Reason"])
    for cell in ratings[1]:
        cell.font = Font(bold=True)
    for row in WESTMERE_RATINGS:
        ratings.append(list(row))
    ratings.column_dimensions["A"].width = 48
    ratings.column_dimensions["B"].width = 22
    ratings.column_dimensions["C"].width = 80
    write_inspection(wb, WESTMERE_INSPECTION)
    save_deterministically(wb, path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Rebuild the sample SQS marking workbooks.")
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="where to write the workbooks (default: the folder this script is in)",
    )
    folder: Path = parser.parse_args(argv).folder
    folder.mkdir(parents=True, exist_ok=True)
    for name, build in (
        ("coventry-2016.xlsx", build_coventry),
        ("fictional-long-layout.xlsx", build_northbridge),
        ("fictional-northbridge-followup.xlsx", build_northbridge_followup),
        ("fictional-youth-2021.xlsx", build_westmere),
    ):
        build(folder / name)
        print(folder / name)


if __name__ == "__main__":
    main()
