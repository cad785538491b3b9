"""The one catalogue of problems sqs can report.

Every problem has a stable code (used in JSON, docs and by CI users to filter), a
severity, a position (file, sheet, cell) and a one-line message. The library creates
and returns these; only the CLI turns them into text and exit codes.
"""

from __future__ import annotations

import enum
import functools
import re
from typing import NamedTuple

from sqs_cli.safe_text import one_line


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class ProblemType(NamedTuple):
    code: str
    title: str
    severity: Severity
    # An unreadable problem means the file could not be read as a marking workbook at
    # all: no figures are produced for it, and it maps to exit code 2.
    unreadable: bool = False


def _catalogue(*types: ProblemType) -> dict[str, ProblemType]:
    return {problem_type.code: problem_type for problem_type in types}


_E, _W = Severity.ERROR, Severity.WARNING

CATALOGUE: dict[str, ProblemType] = _catalogue(
    # The file itself.
    ProblemType("file-not-found", "Path does not exist", _E, unreadable=True),
    ProblemType("no-workbooks", "A folder or pattern finds no workbooks", _E, unreadable=True),
    ProblemType("file-unreadable", "File cannot be opened", _E, unreadable=True),
    ProblemType("empty-file", "File is empty", _E, unreadable=True),
    ProblemType("unsupported-format", "Not a workbook format sqs reads", _E, unreadable=True),
    ProblemType("not-a-workbook", "File is not a spreadsheet", _E, unreadable=True),
    ProblemType("corrupt-workbook", "Workbook is damaged", _E, unreadable=True),
    ProblemType("encrypted-workbook", "Workbook is password-protected", _E, unreadable=True),
    ProblemType("limit-exceeded", "Workbook exceeds a safety limit", _E, unreadable=True),
    ProblemType("no-sheets", "Workbook has no visible sheets", _E, unreadable=True),
    ProblemType("no-case-id-header", "No case-ID header found", _E, unreadable=True),
    ProblemType("no-questions", "No question of the framework is marked", _E, unreadable=True),
    ProblemType("no-such-sheet", "A sheet named with --sheet is not there", _E, unreadable=True),
    ProblemType("read-failed", "sqs failed while reading (a bug in sqs)", _E, unreadable=True),
    # The process reading the file died (a crash in a reading library) or hit the memory cap.
    ProblemType("read-crashed", "Reading stopped: crash or memory cap", _E, unreadable=True),
    # Cells and columns in a readable workbook.
    ProblemType("unknown-judgement", "Value is not an accepted judgement", _E),
    ProblemType("unmarked", "Mark cell is empty", _W),
    ProblemType("missing-case-id", "Marks without a case ID", _E),
    ProblemType("missing-question", "Mark without a question (long layout)", _E),
    ProblemType("duplicate-case-id", "Case ID used twice", _E),
    ProblemType("duplicate-question-column", "Question has two columns", _E),
    ProblemType("conflicting-marks", "Question marked twice with different judgements", _E),
    ProblemType("unknown-question", "Header looks like a question not in the framework", _W),
    ProblemType("formula-without-value", "Formula has no cached value", _E),
    ProblemType("merged-cells", "Merged cells across marks", _E),
    ProblemType("invalid-inspection-value", "Inspection value cannot be read", _W),
    ProblemType("wrong-suffix", "File's suffix does not match its content", _W),
    ProblemType("summary-row", "Summary row (a total or percentage) left out", _W),
    ProblemType("hidden-cells", "Hidden rows or columns", _W),
    ProblemType("hidden-sheet", "A hidden sheet holds cases that are not scored", _W),
    # A run of several workbooks: every case of one is in others, row for row (a copy).
    ProblemType("case-in-other-workbook", "Every case is also in another workbook", _W),
    # Without --framework: a workbook of a run whose headers are another built-in's.
    ProblemType("other-framework", "Headers fit another built-in framework", _W),
    # Case groups (a criterion applies to the cases of one group, by a descriptive column).
    ProblemType("missing-group-column", "No column says which group a case is in", _E),
    ProblemType("no-group", "Case is in no case group", _E),
    ProblemType("mark-outside-group", "Mark for a question that does not apply to the case", _E),
    # The Ratings sheet: ratings entered by the inspectors.
    ProblemType("missing-rating", "A criterion rated by judgement has no rating", _W),
    ProblemType("unknown-rating", "Entered rating is not a band of the framework", _E),
    ProblemType("unknown-standard", "Rating for a criterion the framework does not have", _W),
    ProblemType("duplicate-rating", "Criterion rated twice on the Ratings sheet", _E),
    ProblemType("override-not-used", "Entered rating cannot replace the figures' rating", _W),
    # Not about one workbook: bad usage, exit code 2.
    ProblemType("invalid-framework", "Framework file is not valid", _E, unreadable=True),
    ProblemType(
        "ambiguous-framework", "Workbooks fit built-in frameworks equally", _E, unreadable=True
    ),
    ProblemType("output-not-writable", "Output cannot be written", _E, unreadable=True),
    # `sqs compare`: a JSON report given as BEFORE or AFTER.
    ProblemType("invalid-report", "File is not a JSON report of sqs score", _E, unreadable=True),
    ProblemType("not-comparable", "Audits cannot be compared", _E, unreadable=True),
    # `sqs merge`: reports that are not the shards of one run, or whole runs, together.
    ProblemType("not-mergeable", "Reports cannot be merged", _E, unreadable=True),
    # `[tool.sqs]` in pyproject.toml, or sqs.toml: an unknown key or a bad value.
    ProblemType("invalid-config", "Configuration file is not valid", _E, unreadable=True),
    # `sqs sample`: the case list and the sample asked of it.
    ProblemType(
        "no-such-column", "A column named by an option is not in the list", _E, unreadable=True
    ),
    ProblemType("cannot-sample", "The sample asked for cannot be drawn", _E, unreadable=True),
)


# Excel writes a sheet name bare only when it cannot be mistaken for anything else.
_PLAIN_SHEET_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*")


class Problem(NamedTuple):
    code: str
    message: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def type(self) -> ProblemType:
        return CATALOGUE[self.code]

    @property
    def unreadable(self) -> bool:
        return self.type.unreadable

    @property
    def location(self) -> str:
        """`Cases!F7`, `Cases` or empty: the position as Excel users write it."""
        if self.sheet is None:
            return ""
        sheet = self.sheet
        if not _PLAIN_SHEET_NAME.fullmatch(sheet) or _CELL_LIKE.fullmatch(sheet):
            sheet = "'" + sheet.replace("'", "''") + "'"
        return f"{sheet}!{self.cell}" if self.cell else sheet


def format_problem(problem: Problem, *, with_file: bool = True) -> str:
    """One line: `file: Sheet!F7: error[code] message` (the linters' shape).

    One line whatever the file and sheet are called: control characters in a name are
    escaped, so that no name can start a line of its own (which a CI log could read as a
    command).
    """
    parts = [problem.file] if with_file else []
    if problem.location:
        parts.append(problem.location)
    parts.append(f"{problem.severity.value}[{problem.code}] {problem.message}")
    return one_line(": ".join(parts))


def problem(
    code: str,
    message: str,
    *,
    file: str,
    sheet: str | None = None,
    cell: str | None = None,
) -> Problem:
    """A problem whose severity comes from the catalogue."""
    return Problem(
        code=code,
        message=message,
        file=file,
        sheet=sheet,
        cell=cell,
        severity=CATALOGUE[code].severity,
    )


def escalate_unmarked(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """Under --strict an empty mark cell is an error, not a warning."""
    return tuple(
        item._replace(severity=Severity.ERROR) if item.code == "unmarked" else item
        for item in problems
    )


class SqsError(Exception):
    """Raised by the library when it cannot go on; carries the problem that stopped it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem

    @classmethod
    def of(cls, code: str, message: str, *, file: str, **position: str | None) -> SqsError:
        return cls(problem(code, message, file=file, **position))


@functools.lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """Zero-based column index to Excel letters: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """Zero-based row and column to A1 notation, as Excel shows it."""
    return f"{column_letter(column)}{row + 1}"
