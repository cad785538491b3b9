"""sqs_cli.writers.sarif: SARIF 2.1.0, valid against OASIS's schema, one result a problem."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sqs_cli import __version__
from sqs_cli.api import score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.results import Report
from sqs_cli.settings import FailOn
from sqs_cli.writers import OutputOptions, writer_for
from sqs_cli.writers.sarif import artifact_uri, region
from tests.conftest import COVENTRY, WorkbookFactory, valid_sarif, wide_rows


def render(report: Report, **options: object) -> dict[str, object]:
    stream = io.StringIO()
    writer_for("sarif")(report, stream, OutputOptions(**options))  # type: ignore[arg-type]
    return valid_sarif(stream.getvalue())


def faulty(make_workbook: WorkbookFactory) -> Path:
    """Cases!B2 'Yse' (an error), Cases!C3 empty (a warning)."""
    marks = {
        "C1": ["Yse", "Yes"],
        "C2": ["Yes", None],
        **{f"C{n}": ["Yes", "No"] for n in range(3, 8)},
    }
    return make_workbook({"Cases": wide_rows(["1.1a", "1.1b"], marks)}, name="faulty.xlsx")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("F7", {"startLine": 7, "startColumn": 6}),
        ("AA10", {"startLine": 10, "startColumn": 27}),
        ("XFD1048576", {"startLine": 1048576, "startColumn": 16384}),
        (None, {"startLine": 1}),
        ("row 12", {"startLine": 1}),
    ],
)
def test_a_cell_is_a_region(cell: str | None, expected: dict[str, int]) -> None:
    assert region(cell) == expected


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("audits/coventry 2016.xlsx", "audits/coventry%202016.xlsx"),
        ("audits/50%.xlsx", "audits/50%25.xlsx"),
        ("/data/a.xlsx", "file:///data/a.xlsx"),
    ],
)
def test_paths_are_uris(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_each_problem_is_a_result_at_its_cell(
    make_workbook: WorkbookFactory, framework: Framework, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    path = faulty(make_workbook)
    document = render(score_workbooks([path, broken], framework))
    [run] = document["runs"]  # type: ignore[index]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("sqs", __version__)
    results = run["results"]
    # Heaviest first: the unreadable file, then the error, then the warning.
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("not-a-workbook", "error"),
        ("unknown-judgement", "error"),
        ("unmarked", "warning"),
    ]
    unknown = results[1]
    assert unknown["message"]["text"].startswith("Cases!B2: 'Yse' is not a judgement")
    location = unknown["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": artifact_uri(str(path))},
        "region": {"startLine": 2, "startColumn": 2},
    }
    assert results[2]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 3,
    }
    rules = driver["rules"]
    assert [rules[r["ruleIndex"]]["id"] for r in results] == [r["ruleId"] for r in results]
    assert all(len(r["partialFingerprints"]["sqsProblem/v1"]) == 64 for r in results)


def test_fingerprints_are_the_same_from_run_to_run(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = faulty(make_workbook)
    first = render(score_workbooks([path], framework))
    second = render(score_workbooks([path], framework))
    assert first == second


@pytest.mark.parametrize(
    ("fail_on", "notes"), [("never", 0), ("improvement", 4), ("inadequate", 1)]
)
def test_failing_ratings_are_notes(framework: Framework, fail_on: FailOn, notes: int) -> None:
    document = render(score_workbooks([COVENTRY], framework), fail_on=fail_on)
    results = document["runs"][0]["results"]  # type: ignore[index]
    assert [r["level"] for r in results] == ["note"] * notes
    if notes:
        assert results[-1]["message"]["text"] == (
            "5.1 Management oversight: 8 out of 20 sufficient (40%): Inadequate"
        )


def test_pooled_ratings_have_no_file(framework: Framework) -> None:
    document = render(score_workbooks([COVENTRY], framework), fail_on="inadequate", pooled=True)
    [result] = document["runs"][0]["results"]  # type: ignore[index]
    assert "locations" not in result
    assert result["ruleId"] == "rating-fails"


def test_quiet_leaves_out_warnings_and_notes(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    report = score_workbooks([faulty(make_workbook), COVENTRY], framework)
    results = render(report, quiet=True, fail_on="improvement")["runs"][0]["results"]  # type: ignore[index]
    assert [r["ruleId"] for r in results] == ["unknown-judgement"]


def test_a_clean_run_has_no_results(framework: Framework) -> None:
    document = render(score_workbooks([COVENTRY], framework))
    assert document["runs"][0]["results"] == []  # type: ignore[index]
    assert document["version"] == "2.1.0"


def test_the_overall_rating_is_an_informational_result(youth_audit: Path) -> None:
    """HMIP's frameworks: each workbook's overall rating, as SARIF says a result that is not
    a problem (kind informational, level none); none under -q, none for sqs-2016."""
    from sqs_cli.framework import load_builtin
    from tests.conftest import YOUTH_OVERALL

    report = score_workbooks([youth_audit], load_builtin("hmip-youth-2021"))
    [run] = render(report)["runs"]  # type: ignore[index]
    [result] = run["results"]
    assert (result["ruleId"], result["kind"], result["level"]) == (
        "overall-rating",
        "informational",
        "none",
    )
    assert result["message"]["text"] == YOUTH_OVERALL
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == artifact_uri(str(youth_audit))
    assert render(report, quiet=True)["runs"][0]["results"] == []  # type: ignore[index]
