"""`sqs compare BEFORE AFTER`: the three formats, JSON reports as either side, bad inputs."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import Result

from sqs_cli.writers.markdown import cell
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE, WorkbookFactory
from tests.test_comparison import AFTER_MARKS, BEFORE_MARKS, audit_workbook

Cli = Callable[..., Result]


@functools.cache
def compare_validator() -> Draft202012Validator:
    schema = json.loads(
        resources.files("sqs_cli").joinpath("schema/compare.schema.json").read_text("utf-8")
    )
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def valid_comparison(text: str) -> dict[str, Any]:
    """Parse compare's JSON and fail the test unless it matches the shipped schema."""
    document: dict[str, Any] = json.loads(text)
    compare_validator().validate(document)
    return document


def entry(document: dict[str, Any], kind: str, item_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(item for item in document[kind] if item["id"] == item_id)
    return found


def cells(line: str) -> list[str]:
    """A table row's cells: columns are two or more spaces apart."""
    return re.split(r"\s{2,}", line.strip())


def row(output: str, starts: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.lstrip().startswith(starts))
    return cells(line)


@pytest.fixture
def audits(make_workbook: WorkbookFactory) -> tuple[Path, Path]:
    """Two audits of 40 cases with known changes (tests/test_comparison.py)."""
    before = audit_workbook(make_workbook, "before.xlsx", BEFORE_MARKS)
    after = audit_workbook(make_workbook, "after.xlsx", AFTER_MARKS, area="North")
    return before, after


def score_json(cli: Cli, output: Path, *paths: Path) -> Path:
    result = cli("score", *paths, "--format", "json", "-o", output)
    assert result.exit_code == 0, result.output
    return output


# --- The three formats --------------------------------------------------------------------


def test_table(cli: Cli, audits: tuple[Path, Path]) -> None:
    before, after = audits
    result = cli("compare", before, after)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Comparing two audits: Short Quality Screening (2016)",
        f"Before: {before}, 40 cases",
        f"After: North: {after}, 40 cases",
    ]
    # A criterion: its figures, then its ratings and the direction on the line below.
    index = next(i for i, line in enumerate(lines) if line.startswith("5.1 Management"))
    assert cells(lines[index]) == [
        "5.1 Management oversight",
        "4 out of 40 (10%)",
        "36 out of 40 (90%)",
        "+80 pts",
        "*",
    ]
    assert cells(lines[index + 1]) == ["Inadequate", "Outstanding", "↑ higher rating"]
    assert row(result.stdout, "5.1a ")[1:] == [
        "4 out of 40 (10%)",
        "36 out of 40 (90%)",
        "+80 pts",
        "*",
    ]
    assert row(result.stdout, "1.1a ")[1:] == ["5 out of 10 (50%)", "9 out of 10 (90%)", "+40 pts"]
    assert row(result.stdout, "2.1a ")[1:] == ["6 out of 10 (60%)", "6 out of 10 (60%)", "0 pts"]
    assert row(result.stdout, "4.3a ")[1:] == ["9 out of 10 (90%)", "7 out of 10 (70%)", "-20 pts"]
    index = next(i for i, line in enumerate(lines) if line.startswith("4.3 Compliance"))
    assert cells(lines[index + 1]) == ["Outstanding", "Good", "↓ lower rating"]
    index = next(i for i, line in enumerate(lines) if line.startswith("2.1 Assessment"))
    assert cells(lines[index + 1]) == [
        "Requires improvement",
        "Requires improvement",
        "→ same rating",
    ]
    assert row(result.stdout, "2.2b ")[1:] == ["8 out of 10 (80%)", "not marked", "not comparable"]
    assert row(result.stdout, "3.1a ")[1:] == ["not marked", "7 out of 10 (70%)", "not comparable"]
    assert row(result.stdout, "1.2a ")[1:] == [
        "3 out of 4 (75%)",
        "no relevant cases",
        "not comparable",
    ]
    assert row(result.stdout, "1.2 Reports")[1:] == ["not rated", "not rated", "not comparable"]
    # A criterion neither audit marks is one line, without its questions.
    assert row(result.stdout, "1.3 Planning")[1:] == ["not marked", "not marked"]
    assert not any(line.lstrip().startswith("1.3a ") for line in lines)
    assert (
        "Change: after minus before, in percentage points (pts). * significant: the 95% "
        "interval for the change (Newcombe's method) excludes zero: a change larger than "
        "chance in the sampling of cases would usually give."
    ) in " ".join(result.stdout.split())
    assert lines[-1] == "Significant changes: 5.1 +80 pts, 5.1a +80 pts."


def test_json_matches_the_schema(cli: Cli, audits: tuple[Path, Path]) -> None:
    before, after = audits
    result = cli("compare", before, after, "--format", "json")
    assert result.exit_code == 0, result.output
    document = valid_comparison(result.stdout)
    assert document["schema"] == "sqs.compare/1"
    assert document["framework"] == {"id": "sqs-2016", "title": "Short Quality Screening (2016)"}
    assert document["before"] == {
        "label": "before.xlsx",
        "source": str(before),
        "cases": 40,
        "workbooks": 1,
        "errors": 0,
        "warnings": 0,
    }
    assert document["after"]["label"] == "North"
    assert document["significant"] == ["5.1", "5.1a"]
    question = entry(document, "questions", "5.1a")
    assert question["before"] == {
        "marked": True,
        "sufficient": 4,
        "relevant": 40,
        "proportion": 0.1,
        "interval": pytest.approx([0.0396, 0.2305], abs=5e-5),
        "ratable": True,
    }
    assert question["change"] == {
        "points": 80.0,
        "interval": pytest.approx([61.54, 88.54], abs=5e-3),
        "significant": True,
    }
    assert question["not_comparable_reason"] is None
    assert entry(document, "questions", "1.1a")["change"] == {
        "points": 40.0,
        "interval": pytest.approx([-0.24, 67.59], abs=5e-3),
        "significant": False,
    }
    assert entry(document, "questions", "3.1a")["change"] is None
    assert entry(document, "questions", "3.1a")["not_comparable_reason"] == "not marked before"
    criterion = entry(document, "criteria", "4.3")
    assert (criterion["theme"], criterion["title"]) == ("4", "Compliance and enforcement")
    assert criterion["before"]["rating"] == "Outstanding"
    assert criterion["before"]["driven_by"] == "4.3a"
    assert criterion["change"]["points"] == -20.0
    assert criterion["rating"] == {"before": "Outstanding", "after": "Good", "direction": "down"}
    assert entry(document, "criteria", "3.1")["rating"] == {
        "before": None,
        "after": "Good",
        "direction": None,
    }


def test_markdown(cli: Cli, audits: tuple[Path, Path]) -> None:
    before, after = audits
    result = cli("compare", before, after, "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "## SQS comparison: Short Quality Screening (2016)"
    assert f"| Before | before.xlsx | {cell(str(before))} | 40 |" in lines
    assert (
        "| **5.1** | **Management oversight** | 4 out of 40 (10%) | 36 out of 40 (90%) "
        "| +80 pts | +61.5 to +88.5 pts | yes | ↑ Inadequate → Outstanding |"
    ) in lines
    assert (
        "| 1.1a | Were the factors linked to offending assessed well enough? "
        "| 5 out of 10 (50%) | 9 out of 10 (90%) | +40 pts | -0.2 to +67.6 pts |  |  |"
    ) in lines
    assert (
        "| **2.2** | **Planning to manage risk of harm** | 8 out of 10 (80%) | not marked "
        "| not comparable |  |  | Outstanding → Not rated |"
    ) in lines
    assert "**Significant changes:** 5.1 +80 pts, 5.1a +80 pts" in lines


def test_markdown_escapes_text_from_the_workbook(cli: Cli, make_workbook: WorkbookFactory) -> None:
    hostile = "<img src=x onerror=alert(1)> | [link](http://x) *bold*"
    before = audit_workbook(make_workbook, "before.xlsx", BEFORE_MARKS, area=hostile)
    after = audit_workbook(make_workbook, "after.xlsx", AFTER_MARKS)
    result = cli("compare", before, after, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert (
        r"| Before | &lt;img src=x onerror=alert(1)&gt; \| \[link\](http&#58;//x) \*bold\* "
        f"| {cell(str(before))} | 40 |"
    ) in result.stdout.splitlines()
    assert "<img" not in result.stdout


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("out.json", lambda text: valid_comparison(text)["significant"] == ["5.1", "5.1a"]),
        ("out.md", lambda text: text.startswith("## SQS comparison: ")),
        ("out.txt", lambda text: text.startswith("Comparing two audits: ")),
    ],
)
def test_output_file_format_from_its_suffix(
    cli: Cli, audits: tuple[Path, Path], tmp_path: Path, name: str, check: Any
) -> None:
    output = tmp_path / name
    result = cli("compare", *audits, "-o", output)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert check(output.read_text("utf-8"))


def test_compare_refuses_to_write_over_an_input(cli: Cli, audits: tuple[Path, Path]) -> None:
    before, after = audits
    content = after.read_bytes()
    result = cli("compare", before, after, "-o", after, "--format", "json")
    assert result.exit_code == 2
    assert after.read_bytes() == content
    assert "error[output-not-writable]" in result.stderr


def test_a_workbook_with_errors_is_compared_with_a_note(
    cli: Cli, make_workbook: WorkbookFactory, audits: tuple[Path, Path]
) -> None:
    marks = dict(AFTER_MARKS, **{"5.1a": ["Maybe", *AFTER_MARKS["5.1a"][1:]]})
    after = audit_workbook(make_workbook, "faulty.xlsx", marks)
    result = cli("compare", audits[0], after)
    # As `sqs score`: a workbook with errors exits 1, its problems on stderr.
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        f"{after}: Cases!G2: error[unknown-judgement] text of 5 characters is not a judgement"
    )
    assert row(result.stdout, "5.1a ")[1:] == [
        "4 out of 40 (10%)",
        "35 out of 39 (89.7%)",
        "+79.7 pts",
        "*",
    ]
    assert result.stdout.splitlines()[-1] == (
        f"Note: {after} has 1 error: its figures leave out the cells at fault "
        "(sqs validate lists them)."
    )
    document = valid_comparison(cli("compare", audits[0], after, "--format", "json").stdout)
    assert (document["after"]["errors"], document["after"]["warnings"]) == (1, 0)


# --- JSON reports as either side ----------------------------------------------------------


def test_a_workbook_against_its_own_report_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    report = score_json(cli, tmp_path / "coventry.json", COVENTRY)
    result = cli("compare", COVENTRY, report, "--format", "json")
    assert result.exit_code == 0, result.output
    document = valid_comparison(result.stdout)
    assert document["before"]["label"] == document["after"]["label"] == "Coventry"
    assert document["after"]["source"] == str(report)
    assert document["significant"] == []
    assert len(document["questions"]) == 30
    for item in [*document["questions"], *document["criteria"]]:
        assert item["before"] == item["after"], item["id"]
        assert item["change"]["points"] == 0, item["id"]
        assert item["change"]["significant"] is False
    for criterion in document["criteria"]:
        assert criterion["rating"]["direction"] == "same", criterion["id"]


def test_two_reports_compare_as_their_workbooks_do(cli: Cli, tmp_path: Path) -> None:
    first = score_json(cli, tmp_path / "coventry.json", COVENTRY)
    second = score_json(cli, tmp_path / "northbridge.json", LONG_LAYOUT_SAMPLE)
    from_reports = valid_comparison(cli("compare", first, second, "--format", "json").stdout)
    from_workbooks = valid_comparison(
        cli("compare", COVENTRY, LONG_LAYOUT_SAMPLE, "--format", "json").stdout
    )
    assert from_reports["criteria"] == from_workbooks["criteria"]
    assert from_reports["questions"] == from_workbooks["questions"]
    assert from_reports["after"] == {
        "label": "Northbridge (fictional)",
        "source": str(second),
        "cases": 12,
        "workbooks": 1,
        "errors": 0,
        "warnings": 0,
    }


def test_a_batch_report_is_compared_by_its_pooled_figures(cli: Cli, tmp_path: Path) -> None:
    batch = score_json(cli, tmp_path / "batch.json", COVENTRY, LONG_LAYOUT_SAMPLE)
    result = cli("compare", batch, COVENTRY, "--format", "json")
    assert result.exit_code == 0, result.output
    document = valid_comparison(result.stdout)
    assert document["before"]["label"] == "2 workbooks pooled"
    assert (document["before"]["cases"], document["before"]["workbooks"]) == (32, 2)
    # 1.1a: 18 of 20 in Coventry plus 10 of 12 in Northbridge.
    question = entry(document, "questions", "1.1a")
    assert (question["before"]["sufficient"], question["before"]["relevant"]) == (28, 32)
    assert (question["after"]["sufficient"], question["after"]["relevant"]) == (18, 20)
    assert question["change"]["points"] == pytest.approx(90 - 87.5)


# --- Inputs that cannot be compared: exit 2, one line on stderr ---------------------------


def write_json(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_json_file_of_another_schema_is_refused(
    cli: Cli, tmp_path: Path, audits: tuple[Path, Path]
) -> None:
    other = cli("compare", *audits, "-o", tmp_path / "comparison.json")
    assert other.exit_code == 0
    result = cli("compare", tmp_path / "comparison.json", audits[1])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{tmp_path / 'comparison.json'}: error[invalid-report] schema 'sqs.compare/1', not "
        "'sqs.report/1': compare reads the JSON reports of `sqs score --format json`\n"
    )


def test_a_report_of_another_framework_is_refused(cli: Cli, tmp_path: Path) -> None:
    report = json.loads(score_json(cli, tmp_path / "c.json", COVENTRY).read_text("utf-8"))
    report["framework"]["id"] = "my-framework"
    other = write_json(tmp_path / "other.json", report)
    result = cli("compare", COVENTRY, other)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{other}: error[not-comparable] the report was scored with framework 'my-framework', "
        "not 'sqs-2016': audits are compared only within one framework (--framework chooses it)\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "error[invalid-report] not valid JSON (line 1, column 2: Expecting property name"),
        ("[1, 2]", "error[invalid-report] the document: must be an object"),
        (b"\xff\xfe{}", "error[invalid-report] not UTF-8 text"),
    ],
)
def test_a_json_file_that_is_no_report_is_refused(
    cli: Cli, tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = cli("compare", path, COVENTRY)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{path}: {message}")


def test_an_unreadable_workbook_is_refused(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a spreadsheet", encoding="utf-8")
    result = cli("compare", COVENTRY, broken)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{broken}: error[not-a-workbook] ")


@pytest.mark.parametrize("name", ["missing.xlsx", "missing.json"])
def test_a_missing_file_is_refused(cli: Cli, tmp_path: Path, name: str) -> None:
    result = cli("compare", tmp_path / name, COVENTRY)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{tmp_path / name}: error[file-not-found] ")


# --- The two bundled samples --------------------------------------------------------------


def test_the_two_samples(cli: Cli) -> None:
    result = cli("compare", COVENTRY, LONG_LAYOUT_SAMPLE)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1:3] == [
        f"Before: Coventry: {COVENTRY}, 20 cases",
        f"After: Northbridge (fictional): {LONG_LAYOUT_SAMPLE}, 12 cases",
    ]
    # Marked in both.
    assert row(result.stdout, "1.1a ")[1:] == [
        "18 out of 20 (90%)",
        "10 out of 12 (83.3%)",
        "-6.7 pts",
    ]
    index = next(i for i, line in enumerate(lines) if line.startswith("5.1 Management"))
    assert cells(lines[index])[1:] == ["8 out of 20 (40%)", "6 out of 12 (50%)", "+10 pts"]
    assert cells(lines[index + 1]) == [
        "Inadequate",
        "Requires improvement",
        "↑ higher rating",
    ]
    # Marked only in Coventry.
    assert row(result.stdout, "1.2a ")[1:] == ["9 out of 12 (75%)", "not marked", "not comparable"]
    assert row(result.stdout, "5.1b ")[1:] == ["9 out of 20 (45%)", "not marked", "not comparable"]
    # 4.3 is rated from 4.3b in Coventry and from 4.3a in Northbridge: two ratings of
    # different questions are not compared as one figure; the questions are.
    assert row(result.stdout, "4.3 Compliance")[1:] == [
        "5 out of 6 (83.3%)",
        "4 out of 5 (80%)",
        "question changed",
    ]
    assert row(result.stdout, "4.3a ")[1:] == [
        "7 out of 8 (87.5%)",
        "4 out of 5 (80%)",
        "-7.5 pts",
    ]
    notes = lines[lines.index("No change is significant.") + 1 :]
    assert notes == [
        f"Note: {criterion} was rated from question {first} before and {second} after: its "
        "ratings are not compared as one figure; compare its questions."
        for criterion, first, second in [
            ("1.1", "1.1a", "1.1b"),
            ("2.2", "2.2c", "2.2b"),
            ("3.2", "3.2b", "3.2a"),
            ("4.3", "4.3b", "4.3a"),
        ]
    ]

    document = valid_comparison(
        cli("compare", COVENTRY, LONG_LAYOUT_SAMPLE, "--format", "json").stdout
    )
    comparable = [q["id"] for q in document["questions"] if q["change"] is not None]
    assert comparable == ["1.1a", "1.1b", "2.1a", "2.2b", "3.1a", "3.2a", "4.3a", "5.1a"]
    assert entry(document, "questions", "1.2a")["not_comparable_reason"] == "not marked after"
    criterion = entry(document, "criteria", "4.3")
    assert criterion["change"] is None
    assert criterion["not_comparable_reason"] == (
        "rated from question 4.3b before and 4.3a after: compare its questions"
    )
    assert criterion["rating"] == {
        "before": "Outstanding",
        "after": "Outstanding",
        "direction": None,
    }
    assert [c["id"] for c in document["criteria"] if c["change"] is not None] == [
        "2.1",
        "3.1",
        "5.1",
    ]


def test_the_two_northbridge_audits(cli: Cli) -> None:
    from tests.conftest import FOLLOWUP_SAMPLE

    result = cli("compare", LONG_LAYOUT_SAMPLE, FOLLOWUP_SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    document = valid_comparison(result.stdout)
    assert document["significant"] == ["3.1", "3.1a"]
    criteria = {c["id"]: c for c in document["criteria"]}
    assert (criteria["3.1"]["before"]["rating"], criteria["3.1"]["after"]["rating"]) == (
        "Requires improvement",
        "Outstanding",
    )
    assert criteria["5.1"]["change"]["points"] == pytest.approx(-10.0)


def test_quiet_leaves_out_warnings_but_not_errors(
    cli: Cli, make_workbook: WorkbookFactory, audits: tuple[Path, Path]
) -> None:
    marks = dict(AFTER_MARKS, **{"5.1a": ["Maybe", None, *AFTER_MARKS["5.1a"][2:]]})
    after = audit_workbook(make_workbook, "faulty.xlsx", marks)
    loud = cli("compare", audits[0], after)
    assert [line.split(": ")[2].split("]")[0] for line in loud.stderr.splitlines()] == [
        "error[unknown-judgement",
        "warning[unmarked",
    ]
    quiet = cli("compare", audits[0], after, "-q")
    assert quiet.exit_code == 1
    assert [line.split(": ")[1] for line in quiet.stderr.splitlines()] == ["Cases!G2"]


def test_a_json_report_with_errors_exits_1(
    cli: Cli, make_workbook: WorkbookFactory, tmp_path: Path, audits: tuple[Path, Path]
) -> None:
    marks = dict(AFTER_MARKS, **{"5.1a": ["Maybe", *AFTER_MARKS["5.1a"][1:]]})
    faulty = audit_workbook(make_workbook, "faulty.xlsx", marks)
    report = tmp_path / "faulty.json"
    assert cli("score", faulty, "-o", report).exit_code == 1
    result = cli("compare", audits[0], report)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].startswith(f"Note: {report} has 1 error: ")


def test_area_names_both_audits(cli: Cli, audits: tuple[Path, Path]) -> None:
    result = cli("compare", *audits, "--area", "Northbridge")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:3] == [
        f"Before: Northbridge: {audits[0]}, 40 cases",
        f"After: Northbridge: {audits[1]}, 40 cases",
    ]


def test_writes_a_file_and_says_so(cli: Cli, audits: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "change.md"
    result = cli("compare", *audits, "-o", target)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Wrote {target}\n")
    quiet = cli("compare", *audits, "-o", target, "-q")
    assert (quiet.exit_code, quiet.stderr) == (0, "")


@pytest.mark.parametrize("name", ["x.csv", "x.xlsx", "x.html"])
def test_a_suffix_compare_cannot_write_is_a_usage_error(
    cli: Cli, audits: tuple[Path, Path], tmp_path: Path, name: str
) -> None:
    result = cli("compare", *audits, "-o", tmp_path / name)
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert "it writes table (.txt), json (.json), markdown (.md, .markdown)" in message
    assert not (tmp_path / name).exists()


# --- hmip-youth-2021: entered ratings and the overall rating, before and after ------------


@pytest.fixture
def youth_audits(tmp_path: Path) -> tuple[Path, Path]:
    """The youth fixture, and the same audit a year on: 2.4.1 now fails in one case only
    (2.4: 3/6 Requires improvement -> 5/6 Outstanding, +2 points), 1.1 entered
    Outstanding (+1): 24 -> 27, Good both times."""
    from tests.conftest import YOUTH_FAILS, write_youth_workbook

    before = write_youth_workbook(tmp_path / "before.xlsx")
    after = write_youth_workbook(tmp_path / "after.xlsx", {**YOUTH_FAILS, "2.4.1": 1})
    import openpyxl

    book = openpyxl.load_workbook(after)
    book["Ratings"]["B2"] = "Outstanding"
    book.save(after)
    return before, after


def test_youth_compare_without_being_told_the_framework(
    cli: Cli, youth_audits: tuple[Path, Path]
) -> None:
    result = cli("compare", *youth_audits)
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "Overall: Good (24 out of 36) → Good (27 out of 36)" in lines
    assert row(result.stdout, "1.1 Gov")[1:3] == ["entered", "entered"]
    document = valid_comparison(cli("compare", *youth_audits, "--format", "json").stdout)
    assert document["framework"]["id"] == "hmip-youth-2021"
    assert document["overall"] == {
        "before": {
            "rating": "Good",
            "points": 24,
            "maximum": 36,
            "missing": [],
            "text": "Overall: Good (24 out of 36)",
        },
        "after": {
            "rating": "Good",
            "points": 27,
            "maximum": 36,
            "missing": [],
            "text": "Overall: Good (27 out of 36)",
        },
        "direction": "same",
    }
    governance = entry(document, "criteria", "1.1")
    assert (governance["change"], governance["not_comparable_reason"]) == (
        None,
        "rated by judgement: no figures",
    )
    assert governance["rating"] == {"before": "Good", "after": "Outstanding", "direction": "up"}
    assert governance["after"]["entered"] is True
    moved = entry(document, "criteria", "3.3")
    assert (moved["before"]["rating"], moved["before"]["moved_from"]) == (
        "Requires improvement",
        "Inadequate",
    )
    reviewing = entry(document, "criteria", "2.4")
    assert reviewing["rating"] == {
        "before": "Requires improvement",
        "after": "Outstanding",
        "direction": "up",
    }
    markdown = cli("compare", *youth_audits, "--format", "markdown").stdout
    assert "**Overall: Good (24 out of 36) → Good (27 out of 36)**" in markdown.splitlines()


def test_youth_compare_reads_back_a_json_report(
    cli: Cli, youth_audits: tuple[Path, Path], tmp_path: Path
) -> None:
    before, after = youth_audits
    report = tmp_path / "before.json"
    assert cli("score", before, "-o", report, "-q").exit_code == 0
    from_json = valid_comparison(cli("compare", report, after, "--format", "json").stdout)
    from_workbook = valid_comparison(cli("compare", before, after, "--format", "json").stdout)
    # The entered ratings travel in the report: the comparison is the same.
    assert from_json["overall"] == from_workbook["overall"]
    assert from_json["criteria"] == from_workbook["criteria"]
