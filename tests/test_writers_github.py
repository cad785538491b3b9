"""sqs_cli.writers.github: workflow commands, escaped as GitHub requires, capped per step."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from sqs_cli.api import score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.results import Report
from sqs_cli.scoring import FailOn
from sqs_cli.writers import OutputOptions, writer_for
from sqs_cli.writers.github import Level, command, escape_data, escape_property
from sqs_cli.writers.markdown import cell
from tests.conftest import COVENTRY, WorkbookFactory, wide_rows, write_workbook

# GitHub's own decoding of workflow-command values, in its order: %25 last.
_UNESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
_COMMAND = re.compile(r"::(?P<level>[a-z]+)(?: (?P<properties>[^:]*))?::(?P<message>.*)")


def unescape(text: str) -> str:
    for escaped, plain in _UNESCAPES:
        text = text.replace(escaped, plain)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """`::error file=...,title=...::message` -> level, un-escaped properties, message."""
    match = _COMMAND.fullmatch(line)
    assert match is not None, line
    properties: dict[str, str] = {}
    for pair in filter(None, (match["properties"] or "").split(",")):
        key, value = pair.split("=", 1)
        properties[key] = unescape(value)
    return match["level"], properties, unescape(match["message"])


def render(report: Report, fail_on: FailOn = "never") -> list[str]:
    stream = io.StringIO()
    writer_for("github")(report, stream, OutputOptions(fail_on=fail_on))
    text = stream.getvalue()
    assert text.endswith("\n")
    return text.splitlines()


def commands(lines: list[str], level: Level) -> list[str]:
    return [line for line in lines if line.startswith(f"::{level} ") or line == f"::{level}::"]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("100%", "100%25"),
        ("a\rb", "a%0Db"),
        ("a\nb", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab"),
        ("%0A", "%250A"),
        ("a: b, c", "a: b, c"),
        ("plain text", "plain text"),
    ],
)
def test_escape_data(text: str, escaped: str) -> None:
    assert escape_data(text) == escaped


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("100%", "100%25"),
        ("a\rb", "a%0Db"),
        ("a\nb", "a%0Ab"),
        ("a:b", "a%3Ab"),
        ("a,b", "a%2Cb"),
        ("%3A", "%253A"),
        ("a%,:\r\n", "a%25%2C%3A%0D%0A"),
        ("Cases!B2 unknown-judgement", "Cases!B2 unknown-judgement"),
    ],
)
def test_escape_property(text: str, escaped: str) -> None:
    assert escape_property(text) == escaped
    assert unescape(escaped) == text


@pytest.mark.parametrize(
    ("level", "message", "file", "title", "line"),
    [
        (
            "error",
            "'Yse' is not a judgement",
            "a,b:c.xlsx",
            "Cases!B2 unknown-judgement",
            "::error file=a%2Cb%3Ac.xlsx,title=Cases!B2 unknown-judgement::"
            "'Yse' is not a judgement",
        ),
        (
            "warning",
            "50%\nnext: line, two",
            None,
            None,
            "::warning::50%25%0Anext: line, two",
        ),
        ("notice", "x", None, "sqs", "::notice title=sqs::x"),
        ("error", "m", "f.xlsx", None, "::error file=f.xlsx::m"),
        (
            "error",
            "12 out of 19 sufficient (63.2%): Requires improvement",
            "/data/w.xlsx",
            "3.1 Assessment of vulnerability",
            "::error file=/data/w.xlsx,title=3.1 Assessment of vulnerability::"
            "12 out of 19 sufficient (63.2%25): Requires improvement",
        ),
    ],
)
def test_command_lines(
    level: Level, message: str, file: str | None, title: str | None, line: str
) -> None:
    assert command(level, message, file=file, title=title) == line
    properties = {key: value for key, value in (("file", file), ("title", title)) if value}
    assert parse_command(line) == (level, properties, message)


@pytest.mark.parametrize(
    "name",
    ["a,b:c.xlsx", "50%.xlsx", "line\nbreak.xlsx", "all,:%\r\n%0A.xlsx", "title=x,file=y.xlsx"],
)
def test_hostile_paths_survive_escaping(tmp_path: Path, framework: Framework, name: str) -> None:
    path = tmp_path / name
    marks: dict[str, list[str | None]] = {"C1": ["Yse"], **{f"C{n}": ["Yes"] for n in range(2, 7)}}
    write_workbook(path, {"Cases": wide_rows(["1.1a"], marks)})
    broken = tmp_path / f"broken {name}"
    broken.write_text("hello")
    lines = render(score_workbooks([path, broken], framework))
    # One line per annotation plus the summary: no raw line break escaped the escaping.
    assert len(lines) == 3
    # The unreadable workbook first, whatever the order of the inputs.
    assert parse_command(lines[0]) == (
        "error",
        {"file": str(broken), "title": "not-a-workbook"},
        "a text file named .xlsx, not a spreadsheet",
    )
    level, properties, message = parse_command(lines[1])
    assert (level, properties) == (
        "error",
        {"file": str(path), "title": "Cases!B2 unknown-judgement"},
    )
    assert message.startswith("'Yse' is not a judgement")


def cap_workbook(make_workbook: WorkbookFactory, unknown: int, empty: int) -> Path:
    """Cases!B2.. hold `unknown` unknown judgements, then `empty` empty mark cells."""
    marks: list[list[str | None]] = [["Yse"] for _ in range(unknown)]
    marks += [[None] for _ in range(empty)]
    return make_workbook(
        {"Cases": wide_rows(["1.1a"], {f"C{n}": row for n, row in enumerate(marks, 1)})}
    )


@pytest.mark.parametrize(
    ("unknown", "empty", "left_out"),
    [(25, 15, 20), (10, 10, 0), (11, 0, 1), (0, 12, 2), (3, 4, 0)],
)
def test_per_step_cap_with_a_notice_of_what_was_left_out(
    make_workbook: WorkbookFactory, framework: Framework, unknown: int, empty: int, left_out: int
) -> None:
    path = cap_workbook(make_workbook, unknown, empty)
    report = score_workbooks([path], framework)
    workbook = report.workbooks[0]
    assert (len(workbook.errors), len(workbook.warnings)) == (unknown, empty)
    lines = render(report)
    errors, warnings = commands(lines, "error"), commands(lines, "warning")
    assert len(errors) == min(unknown, 10)
    assert len(warnings) == min(empty, 10)
    # The first ones in the workbook are shown, in order.
    assert [parse_command(line)[1]["title"] for line in errors] == [
        f"Cases!B{row} unknown-judgement" for row in range(2, 2 + min(unknown, 10))
    ]
    assert [parse_command(line)[1]["title"] for line in warnings] == [
        f"Cases!B{row} unmarked" for row in range(2 + unknown, 2 + unknown + min(empty, 10))
    ]
    notices = commands(lines, "notice")
    if left_out:
        assert len(notices) == 1
        _, properties, message = parse_command(notices[0])
        assert properties == {"title": "sqs"}
        noun = "annotation was" if left_out == 1 else "annotations were"
        kinds = ", ".join(
            f"{count} {kind}{'s' if count > 1 else ''}"
            for count, kind in ((unknown - 10, "error"), (empty - 10, "warning"))
            if count > 0
        )
        assert message == (
            f"{left_out} more {noun} left out ({kinds}): GitHub shows 10 errors, 10 warnings "
            "and 10 notices per step; the job summary lists every problem"
        )
    else:
        assert notices == []
    assert len(lines) == len(errors) + len(warnings) + len(notices) + 1
    status = "1 with errors" if unknown else "0 with errors"
    ok = "0 ok" if unknown else "1 ok"
    assert lines[-1] == f"sqs: 1 workbook: {ok}, {status}, 0 unreadable"


@pytest.mark.parametrize(
    ("fail_on", "failing"),
    [
        (
            "improvement",
            [
                ("2.3 Protecting victims", "6 out of 10 sufficient (60%): Requires improvement"),
                (
                    "3.1 Assessment of vulnerability",
                    "12 out of 19 sufficient (63.2%): Requires improvement",
                ),
                (
                    "3.2 Planning for safeguarding",
                    "5 out of 10 sufficient (50%): Requires improvement",
                ),
                ("5.1 Management oversight", "8 out of 20 sufficient (40%): Inadequate"),
            ],
        ),
        ("inadequate", [("5.1 Management oversight", "8 out of 20 sufficient (40%): Inadequate")]),
        ("never", []),
    ],
)
def test_failing_ratings_are_notices(
    framework: Framework, fail_on: FailOn, failing: list[tuple[str, str]]
) -> None:
    lines = render(score_workbooks([COVENTRY], framework), fail_on)
    assert [parse_command(line) for line in lines[:-1]] == [
        ("notice", {"file": str(COVENTRY), "title": f"{title} (--fail-on {fail_on})"}, message)
        for title, message in failing
    ]
    assert lines[-1] == "sqs: 1 workbook: 1 ok, 0 with errors, 0 unreadable"


def test_failing_criterion_line_exactly(framework: Framework) -> None:
    lines = render(score_workbooks([COVENTRY], framework), "improvement")
    assert lines[1] == (
        f"::notice file={escape_property(str(COVENTRY))},title=3.1 Assessment of vulnerability "
        "(--fail-on improvement)::12 out of 19 sufficient (63.2%25): Requires improvement"
    )


def test_last_line_summarises_the_counts(
    tmp_path: Path, make_workbook: WorkbookFactory, framework: Framework
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    paths = [COVENTRY, cap_workbook(make_workbook, 1, 0), broken]
    lines = render(score_workbooks(paths, framework))
    assert lines[-1] == "sqs: 3 workbooks: 1 ok, 1 with errors, 1 unreadable"
    assert [parse_command(line)[0] for line in lines[:-1]] == ["error", "error"]


def test_unreadable_then_errors_then_warnings_then_ratings_within_the_limits(
    tmp_path: Path, make_workbook: WorkbookFactory, framework: Framework
) -> None:
    """A batch where ratings alone would fill the ten errors: the unreadable workbooks and
    the bad cells come first, each level stays within ten, and the last notice counts the
    rest."""
    paths = [COVENTRY.parent / COVENTRY.name] * 0
    for number in range(12):
        copy = tmp_path / f"a-{number:02}.xlsx"
        copy.write_bytes(COVENTRY.read_bytes())
        paths.append(copy)
    broken = tmp_path / "z-broken.xlsx"
    broken.write_text("hello")
    faulty = cap_workbook(make_workbook, 3, 12)
    report = score_workbooks([*paths, faulty, broken], framework)
    lines = render(report, "improvement")
    parsed = [parse_command(line) for line in lines[:-2]]
    levels = [level for level, _, _ in parsed]
    assert levels == ["error"] * 4 + ["warning"] * 10 + ["notice"] * 9
    assert parsed[0][1] == {"file": str(broken), "title": "not-a-workbook"}
    assert [properties["title"] for _, properties, _ in parsed[1:4]] == [
        f"Cases!B{row} unknown-judgement" for row in (2, 3, 4)
    ]
    assert all(
        title.endswith("(--fail-on improvement)")
        for _, p, _ in parsed[14:]
        for title in [p["title"]]
    )
    level, properties, message = parse_command(lines[-2])
    # 12 workbooks x 4 failing ratings = 48 notices, 9 shown; 12 warnings, and one for
    # each of the 11 copies of the sample after the first (case-in-other-workbook): 23
    # warnings, 10 shown.
    assert (level, properties) == ("notice", {"title": "sqs"})
    assert message == (
        "52 more annotations were left out (13 warnings, 39 notices): GitHub shows 10 errors, "
        "10 warnings and 10 notices per step; the job summary lists every problem"
    )
    assert lines[-1] == "sqs: 14 workbooks: 12 ok, 1 with errors, 1 unreadable"


def test_quiet_writes_errors_only_and_says_what_was_left_out_without_a_notice(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    report = score_workbooks([cap_workbook(make_workbook, 12, 5), COVENTRY], framework)
    stream = io.StringIO()
    writer_for("github")(report, stream, OutputOptions(fail_on="improvement", quiet=True))
    lines = stream.getvalue().splitlines()
    assert [parse_command(line)[0] for line in lines[:10]] == ["error"] * 10
    assert lines[10] == (
        "sqs: 2 more annotations were left out (2 errors): GitHub shows 10 errors, 10 warnings "
        "and 10 notices per step; the job summary lists every problem"
    )
    assert not commands(lines, "notice") and not commands(lines, "warning")
    assert len(lines) == 12


def test_pooled_failures_are_notices_without_a_file(framework: Framework) -> None:
    stream = io.StringIO()
    report = score_workbooks([COVENTRY, COVENTRY], framework)
    writer_for("github")(report, stream, OutputOptions(fail_on="inadequate", pooled=True))
    lines = stream.getvalue().splitlines()
    # Pooled, 1.2b has 2 out of 6 relevant cases: enough to rate, and it is the lowest.
    assert [parse_command(line) for line in lines[:-1]] == [
        (
            "notice",
            {"title": "pooled: 1.2 Reports to court and panels (--fail-on inadequate)"},
            "2 out of 6 sufficient (33.3%): Inadequate",
        ),
        (
            "notice",
            {"title": "pooled: 5.1 Management oversight (--fail-on inadequate)"},
            "16 out of 40 sufficient (40%): Inadequate",
        ),
    ]


def test_the_step_summary_lists_every_problem_heaviest_first(
    tmp_path: Path, make_workbook: WorkbookFactory, framework: Framework
) -> None:
    from sqs_cli.writers.github import step_summary

    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    report = score_workbooks([cap_workbook(make_workbook, 12, 2), broken], framework)
    text = step_summary(report, OutputOptions())
    assert text.startswith("## SQS results")
    section = text.split("### Problems: 15\n\n")[1].strip().splitlines()
    assert section[0] == "| Workbook | Cell | Severity | Code | Message |"
    assert section[2].startswith(f"| {cell(str(broken))} |  | error | not-a-workbook |")
    assert section[3].startswith(f"| {cell(str(report.workbooks[0].path))} | Cases\\!B2 | error |")
    assert section[-1].startswith(
        f"| {cell(str(report.workbooks[0].path))} | Cases\\!B15 | warning |"
    )
    assert len(section) == 2 + 15


def test_youth_annotations_end_with_the_overall_rating(youth_audit: Path) -> None:
    from sqs_cli.framework import load_builtin

    lines = render(score_workbooks([youth_audit], load_builtin("hmip-youth-2021")))
    assert parse_command(lines[0]) == (
        "notice",
        {"file": str(youth_audit), "title": "overall rating"},
        "Overall: Good (24 out of 36)",
    )
