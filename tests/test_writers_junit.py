"""sqs_cli.writers.junit: JUnit XML parsed back with ElementTree, counts checked."""

from __future__ import annotations

import io
from pathlib import Path
from xml.etree import ElementTree

import pytest

from sqs_cli.api import score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.results import Report
from sqs_cli.safe_text import one_line
from sqs_cli.scoring import FailOn
from sqs_cli.settings import ReadOptions
from sqs_cli.writers import OutputOptions, writer_for
from tests.conftest import (
    COVENTRY,
    LONG_LAYOUT_SAMPLE,
    WorkbookFactory,
    valid_junit,
    wide_rows,
    write_workbook,
)

Element = ElementTree.Element

COVENTRY_FAILURES = {
    "2.3": "6 out of 10 sufficient (60%): Requires improvement",
    "3.1": "12 out of 19 sufficient (63.2%): Requires improvement",
    "3.2": "5 out of 10 sufficient (50%): Requires improvement",
    "5.1": "8 out of 20 sufficient (40%): Inadequate",
}
LONG_LAYOUT_NOT_MARKED = ["1.2", "1.3", "2.3", "3.3", "4.1", "4.2"]


def render(report: Report, fail_on: FailOn = "never", *, pooled: bool = False) -> str:
    """The JUnit XML, failing the test unless it is valid for Jenkins' xunit plugin."""
    stream = io.StringIO()
    writer_for("junit")(report, stream, OutputOptions(fail_on=fail_on, pooled=pooled))
    valid_junit(stream.getvalue())
    return stream.getvalue()


def parse(report: Report, fail_on: FailOn = "never") -> Element:
    root = ElementTree.fromstring(render(report, fail_on))
    assert root.tag == "testsuites"
    return root


def suite_named(root: Element, path: Path | str) -> Element:
    [suite] = [suite for suite in root.findall("testsuite") if suite.get("name") == str(path)]
    return suite


def case_named(suite: Element, name: str) -> Element:
    [case] = [case for case in suite.findall("testcase") if case.get("name") == name]
    return case


def criterion_id(case: Element) -> str:
    return (case.get("name") or "").split(" ", 1)[0]


def counted(element: Element) -> dict[str, int]:
    """What a JUnit reader counts: test cases and their failure, error and skipped children."""
    cases = element.findall(".//testcase")
    return {
        "tests": len(cases),
        "failures": sum(len(case.findall("failure")) for case in cases),
        "errors": sum(len(case.findall("error")) for case in cases),
        "skipped": sum(len(case.findall("skipped")) for case in cases),
    }


def attributes(element: Element) -> dict[str, int]:
    return {key: int(element.get(key, "-1")) for key in ("tests", "failures", "errors", "skipped")}


def error_workbook(make_workbook: WorkbookFactory, name: str = "errors.xlsx") -> Path:
    """1.1a with an unknown judgement 'Yse' in Cases!B2 and an empty mark in Cases!B3."""
    marks: dict[str, list[str | None]] = {
        "C1": ["Yse"],
        "C2": [None],
        **{f"C{n}": ["Yes"] for n in range(3, 8)},
    }
    return make_workbook({"Cases": wide_rows(["1.1a"], marks)}, name=name)


def test_one_suite_per_workbook_and_one_case_per_criterion(framework: Framework) -> None:
    root = parse(score_workbooks([COVENTRY, LONG_LAYOUT_SAMPLE], framework))
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == [str(COVENTRY), str(LONG_LAYOUT_SAMPLE)]
    for suite in suites:
        cases = suite.findall("testcase")
        assert [case.get("name") for case in cases] == [
            "workbook",
            *(f"{criterion.id} {criterion.title}" for criterion in framework.criteria),
        ]
        # No dots: a reader would split `coventry-2016.xlsx` into a package and a class.
        assert {case.get("classname") for case in cases} == {
            (suite.get("name") or "").replace(".", "_")
        }
        assert suite.get("file") == suite.get("name")
        assert suite.get("time") == "0"
        assert {case.get("time") for case in cases} == {"0"}
    assert case_named(suites[0], "3.1 Assessment of vulnerability").get("classname") == str(
        COVENTRY
    ).replace(".", "_")
    assert "." not in (suites[0].find("testcase").get("classname") or "")  # type: ignore[union-attr]
    assert len(suites[0].findall("testcase")) == 14


@pytest.mark.parametrize(
    ("fail_on", "failing"),
    [
        ("improvement", COVENTRY_FAILURES),
        ("inadequate", {"5.1": "8 out of 20 sufficient (40%): Inadequate"}),
        ("never", {}),
    ],
)
def test_failures_follow_the_fail_on_policy(
    framework: Framework, fail_on: FailOn, failing: dict[str, str]
) -> None:
    suite = suite_named(parse(score_workbooks([COVENTRY], framework), fail_on), COVENTRY)
    found = {
        criterion_id(case): failure.get("message")
        for case in suite.findall("testcase")
        for failure in case.findall("failure")
    }
    assert found == failing
    assert attributes(suite) == {
        "tests": 14,
        "failures": len(failing),
        "errors": 0,
        "skipped": 0,
    }


def test_failure_type_is_the_rating(framework: Framework) -> None:
    suite = suite_named(parse(score_workbooks([COVENTRY], framework), "improvement"), COVENTRY)
    failure = case_named(suite, "3.1 Assessment of vulnerability").find("failure")
    assert failure is not None
    assert failure.attrib == {
        "message": "12 out of 19 sufficient (63.2%): Requires improvement",
        "type": "Requires improvement",
    }
    assert case_named(suite, "workbook").find("failure") is None
    assert suite.find("system-out") is None


@pytest.mark.parametrize("fail_on", ["never", "improvement"])
def test_criteria_not_rated_are_skipped(framework: Framework, fail_on: FailOn) -> None:
    suite = suite_named(
        parse(score_workbooks([LONG_LAYOUT_SAMPLE], framework), fail_on), LONG_LAYOUT_SAMPLE
    )
    skipped = {
        criterion_id(case): [element.get("message") for element in case]
        for case in suite.findall("testcase")
        if case.find("skipped") is not None
    }
    assert skipped == {
        key: ["not rated: not marked in this workbook"] for key in LONG_LAYOUT_NOT_MARKED
    }
    assert case_named(suite, "1.2 Reports to court and panels").find("failure") is None
    failures = 3 if fail_on == "improvement" else 0
    assert attributes(suite) == {"tests": 14, "failures": failures, "errors": 0, "skipped": 6}


def test_unreadable_workbook_is_an_error(tmp_path: Path, framework: Framework) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    suite = suite_named(parse(score_workbooks([broken], framework), "improvement"), broken)
    [case] = suite.findall("testcase")
    assert (case.get("classname"), case.get("name")) == (str(broken).replace(".", "_"), "workbook")
    [error] = case
    assert error.tag == "error"
    assert error.attrib == {
        "message": "a text file named .xlsx, not a spreadsheet",
        "type": "unreadable",
    }
    assert error.text == "error[not-a-workbook] a text file named .xlsx, not a spreadsheet"
    system_out = suite.find("system-out")
    assert system_out is not None
    assert system_out.text == error.text
    assert attributes(suite) == {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}


def test_cell_errors_fail_the_workbook_case(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = error_workbook(make_workbook)
    suite = suite_named(parse(score_workbooks([path], framework)), path)
    [failure] = case_named(suite, "workbook")
    assert (failure.tag, failure.get("type")) == ("failure", "errors")
    assert failure.get("message") == "1 error in the workbook"
    system_out = suite.find("system-out")
    assert system_out is not None
    assert system_out.text is not None
    lines = system_out.text.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Cases!B2: error[unknown-judgement] 'Yse' is not a judgement")
    assert lines[1] == "Cases!B3: warning[unmarked] mark cell is empty"
    assert failure.text == system_out.text
    # 1.1a has 5 sufficient of 5 relevant: rated, so only the other 12 are skipped.
    assert case_named(suite, "1.1 Assessment of offending factors").find("*") is None
    assert attributes(suite) == {"tests": 14, "failures": 1, "errors": 0, "skipped": 12}


def test_warnings_alone_do_not_fail(make_workbook: WorkbookFactory, framework: Framework) -> None:
    marks: dict[str, list[str | None]] = {"C1": [None], **{f"C{n}": ["Yes"] for n in range(2, 7)}}
    path = make_workbook({"Cases": wide_rows(["1.1a"], marks)})
    suite = suite_named(parse(score_workbooks([path], framework), "improvement"), path)
    assert case_named(suite, "workbook").find("*") is None
    system_out = suite.find("system-out")
    assert system_out is not None
    assert system_out.text == "Cases!B2: warning[unmarked] mark cell is empty"
    assert attributes(suite)["failures"] == 0


def test_counts_equal_the_counted_children(
    tmp_path: Path, make_workbook: WorkbookFactory, framework: Framework
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    paths = [COVENTRY, LONG_LAYOUT_SAMPLE, error_workbook(make_workbook), broken]
    root = parse(score_workbooks(paths, framework), "improvement")
    suites = root.findall("testsuite")
    assert len(suites) == 4
    for suite in suites:
        assert attributes(suite) == counted(suite)
    assert [attributes(suite) for suite in suites] == [
        {"tests": 14, "failures": 4, "errors": 0, "skipped": 0},
        {"tests": 14, "failures": 3, "errors": 0, "skipped": 6},
        {"tests": 14, "failures": 1, "errors": 0, "skipped": 12},
        {"tests": 1, "failures": 0, "errors": 1, "skipped": 0},
    ]
    # <testsuites> takes no `skipped` in the xunit plugin's schema (it would be invalid).
    assert root.get("skipped") is None
    assert {key: int(root.get(key, "-1")) for key in ("tests", "failures", "errors")} == {
        "tests": 43,
        "failures": 8,
        "errors": 1,
    }
    assert counted(root) == {"tests": 43, "failures": 8, "errors": 1, "skipped": 18}


def test_declares_utf8_and_parses_as_bytes(framework: Framework) -> None:
    text = render(score_workbooks([COVENTRY], framework))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ElementTree.fromstring(text.encode("utf-8"))
    assert root.get("name") == "sqs"


@pytest.mark.parametrize(
    "name",
    ['a<b&c"d>.xlsx', "it's & <that>.xlsx", "new\nline\tand\rreturn.xlsx"],
)
def test_hostile_text_round_trips(tmp_path: Path, framework: Framework, name: str) -> None:
    path = tmp_path / name
    marks: dict[str, list[str | None]] = {
        "C1": ['<&"Yse>'],
        **{f"C{n}": ["Yes"] for n in range(2, 7)},
    }
    write_workbook(path, {"Cases": wide_rows(["1.1a"], marks)})
    # --show-values: the hostile mark is quoted in its message, which must round-trip.
    report = score_workbooks([path], framework, options=ReadOptions(show_values=True))
    [problem] = report.workbooks[0].problems
    assert '<&"Yse>' in problem.message
    # Names are one line, as CI tools show them: a line break or tab is written \n, \t.
    shown = one_line(str(path))
    suite = suite_named(parse(report), shown)
    assert suite.get("name") == shown
    assert {case.get("classname") for case in suite.findall("testcase")} == {
        shown.replace(".", "_")
    }
    system_out = suite.find("system-out")
    assert system_out is not None
    assert system_out.text == f"Cases!B2: error[unknown-judgement] {problem.message}"


def test_control_characters_in_a_path_keep_the_xml_well_formed(
    tmp_path: Path, framework: Framework
) -> None:
    broken = tmp_path / "esc\x1b[31m.xlsx"
    broken.write_text("hello")
    root = parse(score_workbooks([COVENTRY, broken], framework))
    assert len(root.findall("testsuite")) == 2


def test_pooled_adds_a_suite_of_the_pooled_figures_and_workbooks_fail_nothing(
    framework: Framework,
) -> None:
    report = score_workbooks([COVENTRY, LONG_LAYOUT_SAMPLE], framework)
    root = ElementTree.fromstring(render(report, "inadequate", pooled=True))
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == [
        str(COVENTRY),
        str(LONG_LAYOUT_SAMPLE),
        "(all workbooks pooled)",
    ]
    assert [attributes(suite)["failures"] for suite in suites[:2]] == [0, 0]
    pooled = suites[2]
    assert attributes(pooled) == counted(pooled)
    assert pooled.get("file") is None
    failing = [
        case.get("name") for case in pooled.findall("testcase") if case.find("failure") is not None
    ]
    expected = [f"{c.id} {c.title}" for c in report.pooled.criteria if c.rating == "Inadequate"]
    assert failing == expected


def test_every_junit_output_of_the_cli_is_valid_for_jenkins(
    tmp_path: Path, make_workbook: WorkbookFactory
) -> None:
    from typer.testing import CliRunner

    from sqs_cli.cli import app

    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    paths = [str(p) for p in (COVENTRY, LONG_LAYOUT_SAMPLE, error_workbook(make_workbook), broken)]
    runner = CliRunner()
    runs = [
        ["score"],
        ["score", "--fail-on", "improvement"],
        ["score", "--fail-on", "inadequate", "--pooled"],
        ["score", "-q", "--fail-on", "improvement"],
        ["validate"],
        ["validate", "-q"],
    ]
    for run in runs:
        result = runner.invoke(app, [*run, *paths, "--format", "junit"])
        assert result.exit_code == 2, result.output
        assert len(valid_junit(result.stdout).findall("testsuite")) >= 4


def test_youth_suite_has_the_overall_rating_and_entered_ratings(youth_audit: Path) -> None:
    from sqs_cli.framework import load_builtin

    report = score_workbooks([youth_audit], load_builtin("hmip-youth-2021"))
    suite = parse(report, "improvement").find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    overall = cases["Overall rating"]
    assert overall.findtext("system-out") == "Overall: Good (24 out of 36)"
    failures = {
        name: case.find("failure").get("message")  # type: ignore[union-attr]
        for name, case in cases.items()
        if case.find("failure") is not None
    }
    assert failures == {
        "2.4 Reviewing": "3 out of 6 sufficient (50%): Requires improvement",
        "3.2 Planning": "3 out of 5 sufficient (60%): Requires improvement",
        "3.3 Implementation and delivery": (
            "2 out of 5 sufficient (40%): Requires improvement, moved from Inadequate"
        ),
        "3.4 Out-of-court disposal policy and provision": (
            "entered on the Ratings sheet: Requires improvement"
        ),
    }
    assert (suite.get("tests"), suite.get("failures")) == ("15", "4")
