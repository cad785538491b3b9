"""The problem catalogue, positions as Excel users write them, and value quoting."""

from __future__ import annotations

import ast
import inspect
import re

import pytest

from sqs_cli import problems as problems_module
from sqs_cli.problems import (
    CATALOGUE,
    Problem,
    Severity,
    SqsError,
    cell_name,
    column_letter,
    escalate_unmarked,
    format_problem,
    problem,
)

KEBAB = re.compile(r"[a-z]+(?:-[a-z]+)*")


def catalogue_codes_in_source() -> list[str]:
    """Every code written as `ProblemType("code", ...)` in problems.py, duplicates kept.

    CATALOGUE is a dict, so a code written twice would silently keep only one entry.
    """
    tree = ast.parse(inspect.getsource(problems_module))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "ProblemType"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def test_catalogue_codes_are_unique() -> None:
    codes = catalogue_codes_in_source()
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    assert duplicates == []
    assert sorted(codes) == sorted(CATALOGUE)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_catalogue_entry(code: str) -> None:
    entry = CATALOGUE[code]
    assert entry.code == code
    assert KEBAB.fullmatch(code), code
    assert isinstance(entry.title, str)
    assert entry.title.strip() == entry.title
    assert entry.title
    assert isinstance(entry.severity, Severity)


@pytest.mark.parametrize(
    "code",
    [
        "file-not-found",
        "not-a-workbook",
        "corrupt-workbook",
        "encrypted-workbook",
        "no-case-id-header",
        "unknown-judgement",
        "unmarked",
        "duplicate-case-id",
        "duplicate-question-column",
        "unknown-question",
        "formula-without-value",
        "merged-cells",
        "invalid-framework",
    ],
)
def test_catalogue_has_the_codes_spec_problems_need(code: str) -> None:
    assert code in CATALOGUE


@pytest.mark.parametrize(
    ("code", "severity", "unreadable"),
    [
        ("unknown-judgement", Severity.ERROR, False),
        ("unmarked", Severity.WARNING, False),
        ("unknown-question", Severity.WARNING, False),
        ("duplicate-case-id", Severity.ERROR, False),
        ("corrupt-workbook", Severity.ERROR, True),
        ("encrypted-workbook", Severity.ERROR, True),
        ("invalid-framework", Severity.ERROR, True),
    ],
)
def test_known_severities(code: str, severity: Severity, unreadable: bool) -> None:
    made = problem(code, "message", file="w.xlsx")
    assert made.severity is severity
    assert made.unreadable is unreadable
    assert made.type is CATALOGUE[code]


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_problem_takes_severity_from_the_catalogue(code: str) -> None:
    made = problem(code, "the message", file="w.xlsx", sheet="Cases", cell="F7")
    assert made == Problem(
        code=code,
        message="the message",
        file="w.xlsx",
        sheet="Cases",
        cell="F7",
        severity=CATALOGUE[code].severity,
    )


def test_problem_with_an_unknown_code_is_refused() -> None:
    with pytest.raises(KeyError):
        problem("no-such-code", "m", file="w.xlsx")


def test_sqs_error_carries_its_problem() -> None:
    error = SqsError.of("invalid-framework", "rating.bands: missing", file="mine.toml")
    assert str(error) == "rating.bands: missing"
    assert error.problem == Problem(
        code="invalid-framework",
        message="rating.bands: missing",
        file="mine.toml",
        severity=Severity.ERROR,
    )


@pytest.mark.parametrize(
    ("sheet", "cell", "location"),
    [
        ("Cases", "F7", "Cases!F7"),
        ("cases", "A1", "cases!A1"),
        ("My sheet", "A1", "'My sheet'!A1"),
        ("Case_data", "B2", "Case_data!B2"),
        ("Cases 2016-17", "C3", "'Cases 2016-17'!C3"),
        ("Bob's cases", "D4", "'Bob''s cases'!D4"),
        ("Cases", None, "Cases"),
        ("My sheet", None, "'My sheet'"),
        (None, None, ""),
    ],
)
def test_location(sheet: str | None, cell: str | None, location: str) -> None:
    assert Problem("unmarked", "m", file="w.xlsx", sheet=sheet, cell=cell).location == location


def test_location_quotes_a_sheet_name_starting_with_a_digit() -> None:
    assert Problem("unmarked", "m", file="w.xlsx", sheet="2016", cell="A1").location == "'2016'!A1"


@pytest.mark.parametrize(
    ("index", "letters"),
    [
        (0, "A"),
        (1, "B"),
        (25, "Z"),
        (26, "AA"),
        (27, "AB"),
        (51, "AZ"),
        (52, "BA"),
        (701, "ZZ"),
        (702, "AAA"),
        (16383, "XFD"),
    ],
)
def test_column_letter(index: int, letters: str) -> None:
    assert column_letter(index) == letters


@pytest.mark.parametrize(
    ("row", "column", "name"),
    [(0, 0, "A1"), (6, 5, "F7"), (19, 26, "AA20"), (1048575, 16383, "XFD1048576")],
)
def test_cell_name(row: int, column: int, name: str) -> None:
    assert cell_name(row, column) == name


def test_escalate_unmarked() -> None:
    empty = problem("unmarked", "empty", file="w.xlsx", sheet="Cases", cell="C3")
    other_warning = problem("unknown-question", "9.9z", file="w.xlsx", sheet="Cases", cell="D1")
    error = problem("unknown-judgement", "Yse", file="w.xlsx", sheet="Cases", cell="E5")
    second_empty = problem("unmarked", "empty", file="w.xlsx", sheet="Cases", cell="C4")
    given = (empty, other_warning, error, second_empty)
    escalated = escalate_unmarked(given)
    assert escalated == (
        empty._replace(severity=Severity.ERROR),
        other_warning,
        error,
        second_empty._replace(severity=Severity.ERROR),
    )
    # The input is left as it was.
    assert given[0].severity is Severity.WARNING


def test_escalate_unmarked_of_nothing() -> None:
    assert escalate_unmarked(()) == ()


@pytest.mark.parametrize(
    ("sheet", "location"),
    [
        ("Cases\n::error::x", "'Cases\\n::error::x'!B2"),
        ("Cases\r\n::warning file=a::b", "'Cases\\r\\n::warning file=a::b'!B2"),
        ("Ca\x1b[2Jses", "'Ca\\x1b[2Jses'!B2"),
        ("Cases\u202e", "'Cases\\u202e'!B2"),
    ],
)
def test_a_problem_line_stays_one_line_whatever_the_sheet_is_called(
    sheet: str, location: str
) -> None:
    """A crafted sheet name must not start a line of its own: a CI log would read a line
    starting `::error::` as a command."""
    found = problem(
        "unknown-judgement", "'Yse' is not a judgement", file="a\nb.xlsx", sheet=sheet, cell="B2"
    )
    line = format_problem(found)
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert line == f"a\\nb.xlsx: {location}: error[unknown-judgement] 'Yse' is not a judgement"
