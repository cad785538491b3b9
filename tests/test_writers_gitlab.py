"""sqs_cli.writers.gitlab: GitLab's Code Quality report, with the fields GitLab reads."""

from __future__ import annotations

import io
from pathlib import Path

from sqs_cli.api import score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.results import Report
from sqs_cli.writers import OutputOptions, writer_for
from tests.conftest import COVENTRY, WorkbookFactory, valid_gitlab, wide_rows


def render(report: Report, **options: object) -> list[dict[str, object]]:
    stream = io.StringIO()
    writer_for("gitlab")(report, stream, OutputOptions(**options))  # type: ignore[arg-type]
    return valid_gitlab(stream.getvalue())


def test_problems_by_weight_with_severities_and_lines(
    make_workbook: WorkbookFactory, framework: Framework, tmp_path: Path
) -> None:
    marks = {"C1": ["Yse", None], **{f"C{n}": ["Yes", "Yes"] for n in range(2, 8)}}
    path = make_workbook({"Cases": wide_rows(["1.1a", "1.1b"], marks)})
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    issues = render(score_workbooks([path, broken, COVENTRY], framework), fail_on="inadequate")
    assert [
        (i["check_name"], i["severity"], i["location"])
        for i in issues  # type: ignore[index]
    ] == [
        ("not-a-workbook", "blocker", {"path": str(broken), "lines": {"begin": 1}}),
        ("unknown-judgement", "major", {"path": str(path), "lines": {"begin": 2}}),
        ("unmarked", "minor", {"path": str(path), "lines": {"begin": 2}}),
        ("rating-fails", "info", {"path": str(COVENTRY), "lines": {"begin": 1}}),
    ]
    assert str(issues[1]["description"]).startswith("Cases!B2: 'Yse' is not a judgement")
    assert issues[3]["description"] == (
        "5.1 Management oversight: 8 out of 20 sufficient (40%): Inadequate"
    )
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    again = render(score_workbooks([path, broken, COVENTRY], framework), fail_on="inadequate")
    assert [issue["fingerprint"] for issue in again] == fingerprints


def test_a_clean_run_is_an_empty_list(framework: Framework) -> None:
    assert render(score_workbooks([COVENTRY], framework)) == []


def test_quiet_keeps_errors_only(make_workbook: WorkbookFactory, framework: Framework) -> None:
    marks = {"C1": ["Yse", None], **{f"C{n}": ["Yes", "Yes"] for n in range(2, 8)}}
    path = make_workbook({"Cases": wide_rows(["1.1a", "1.1b"], marks)})
    issues = render(score_workbooks([path, COVENTRY], framework), quiet=True, fail_on="inadequate")
    assert [issue["check_name"] for issue in issues] == ["unknown-judgement"]


def test_the_overall_rating_is_info(youth_audit: Path) -> None:
    from sqs_cli.framework import load_builtin
    from tests.conftest import YOUTH_OVERALL

    report = score_workbooks([youth_audit], load_builtin("hmip-youth-2021"))
    [issue] = render(report)
    assert (issue["check_name"], issue["severity"], issue["description"]) == (
        "overall-rating",
        "info",
        YOUTH_OVERALL,
    )
    assert issue["location"] == {"path": str(youth_audit), "lines": {"begin": 1}}
    assert render(report, quiet=True) == []
