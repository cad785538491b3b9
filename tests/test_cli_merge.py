"""`sqs merge`: the JSON reports of a run's shards pooled into what one unsharded run
gives, byte for byte, in every format; reports that are not one run's shards refused."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from sqs_cli.writers import format_names
from tests.conftest import COVENTRY, valid_junit, valid_report, write_workbook

Cli = Callable[..., Result]

QUESTIONS = ["1.1a", "1.1b", "2.1a", "3.1a", "3.2a", "5.1a"]
MARKS = ["Yes", "Yes", "Yes", "No", "Not done", "N/A", None]


@pytest.fixture(scope="module")
def audits(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight workbooks: six readable (one with a bad cell, some with empty marks), one
    unreadable, and the Coventry sample, in two folders."""
    root = tmp_path_factory.mktemp("audits")
    rng = random.Random(15)
    for number in range(5):
        folder = root / f"region-{number % 2}"
        folder.mkdir(exist_ok=True)
        rows: list[list[object]] = [["Case ID", *QUESTIONS]]
        rows += [
            [f"C{n}", *(rng.choice(MARKS) for _ in QUESTIONS)] for n in range(rng.randint(8, 30))
        ]
        if number == 3:
            rows[2][1] = "Yse"
        write_workbook(
            folder / f"audit-{number}.xlsx",
            {"Cases": rows, "Inspection": [["Area", f"Area {number}"]]},
        )
    (root / "region-1" / "broken.xlsx").write_text("not a workbook")
    (root / "region-0" / "coventry.xlsx").write_bytes(COVENTRY.read_bytes())
    write_workbook(root / "region-1" / "small.xlsx", {"Cases": [["Case ID", "1.1a"], ["A", "Yes"]]})
    return root


@pytest.fixture
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765100000")


def shard_reports(cli: Cli, audits: Path, tmp_path: Path, count: int = 3) -> list[Path]:
    reports = []
    for index in range(1, count + 1):
        target = tmp_path / f"sqs-{index}.json"
        result = cli(
            "score", audits, "--shard", f"{index}/{count}", "--format", "json", "-o", target
        )
        assert result.exit_code in (0, 1, 2), result.output
        reports.append(target)
    return reports


def test_merged_shards_equal_one_run_byte_for_byte_but_the_time(
    cli: Cli, audits: Path, tmp_path: Path
) -> None:
    whole = cli("score", audits, "--format", "json")
    reports = shard_reports(cli, audits, tmp_path)
    assert [len(json.loads(p.read_text("utf-8"))["workbooks"]) for p in reports] == [3, 3, 2]
    merged = cli("merge", *reports, "--format", "json")
    assert merged.exit_code == whole.exit_code == 2  # broken.xlsx is unreadable
    document = valid_report(merged.stdout)
    assert document["shard"] is None
    assert document["inputs"] == [str(audits)]

    def without_time(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith('  "created": ')]

    assert without_time(merged.stdout) == without_time(whole.stdout)
    assert document["summary"] == {"workbooks": 8, "ok": 6, "errors": 1, "unreadable": 1}


@pytest.mark.parametrize("output_format", [f for f in format_names("merge") if f != "xlsx"])
@pytest.mark.usefixtures("fixed_time")
def test_every_format_of_the_merge_is_the_unsharded_runs(
    cli: Cli, audits: Path, tmp_path: Path, output_format: str
) -> None:
    reports = shard_reports(cli, audits, tmp_path)
    for fail_on in ("never", "improvement"):
        whole = cli("score", audits, "--format", output_format, "--fail-on", fail_on)
        merged = cli("merge", *reports, "--format", output_format, "--fail-on", fail_on)
        assert merged.stdout == whole.stdout
        assert merged.stderr == whole.stderr
        assert merged.exit_code == whole.exit_code


@pytest.mark.usefixtures("fixed_time")
def test_the_merged_workbook_is_the_same_bytes(cli: Cli, audits: Path, tmp_path: Path) -> None:
    reports = shard_reports(cli, audits, tmp_path)
    assert cli("score", audits, "-o", tmp_path / "whole.xlsx").exit_code == 2
    assert cli("merge", *reports, "-o", tmp_path / "merged.xlsx").exit_code == 2
    assert (tmp_path / "merged.xlsx").read_bytes() == (tmp_path / "whole.xlsx").read_bytes()


@pytest.mark.usefixtures("fixed_time")
def test_the_order_the_shards_are_given_in_does_not_matter(
    cli: Cli, audits: Path, tmp_path: Path
) -> None:
    first, second, third = shard_reports(cli, audits, tmp_path)
    forward = cli("merge", first, second, third, "--format", "json")
    backward = cli("merge", third, first, second, "--format", "json")
    assert forward.stdout == backward.stdout


def test_two_shards_of_a_run_in_two(cli: Cli, audits: Path, tmp_path: Path) -> None:
    reports = shard_reports(cli, audits, tmp_path, count=2)
    merged = valid_report(cli("merge", *reports, "--format", "json").stdout)
    assert [w["path"] for w in merged["workbooks"]] == sorted(
        (w["path"] for w in merged["workbooks"]), key=Path
    )
    assert merged["pooled"]["workbooks"] == 7


def test_fail_on_and_pooled_judge_the_merged_figures(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "coventry.json"
    assert cli("score", COVENTRY, "-o", target).exit_code == 0
    assert cli("merge", target).exit_code == 0
    assert cli("merge", target, "--fail-on", "inadequate").exit_code == 1
    pooled = cli("merge", target, "--fail-on", "inadequate", "--pooled")
    assert pooled.exit_code == 1
    assert "sqs: the pooled figures fail --fail-on inadequate --pooled: 5.1" in pooled.stderr
    assert cli("merge", target, "--fail-on", "inadequate", "--exit-zero").exit_code == 0


def test_whole_runs_of_different_workbooks_pool_in_path_order(
    cli: Cli, audits: Path, tmp_path: Path, fixed_time: None
) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    cli("score", audits / "region-1", "-o", first)
    cli("score", audits / "region-0", "-o", second)
    merged = valid_report(cli("merge", first, second, "--format", "json").stdout)
    whole = valid_report(
        cli("score", audits / "region-1", audits / "region-0", "--format", "json").stdout
    )
    assert merged == whole
    assert merged["inputs"] == [str(audits / "region-1"), str(audits / "region-0")]


def usage_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_missing_shard_is_a_usage_error_naming_the_files(
    cli: Cli, audits: Path, tmp_path: Path
) -> None:
    first, _, third = shard_reports(cli, audits, tmp_path)
    line = usage_error(cli("merge", first, third))
    assert line == (
        f"{first}: error[not-mergeable] shard 2/3 is missing (given: {first} is shard 1/3, "
        f"{third} is shard 3/3): the pooled figures would leave out its workbooks"
    )


def test_a_repeated_shard_is_a_usage_error(cli: Cli, audits: Path, tmp_path: Path) -> None:
    first, second, third = shard_reports(cli, audits, tmp_path)
    again = tmp_path / "again.json"
    again.write_bytes(first.read_bytes())
    line = usage_error(cli("merge", first, second, third, again))
    assert line == (
        f"{again}: error[not-mergeable] is shard 1/3, as {first} is: give each shard once"
    )
    twice = usage_error(cli("merge", first, second, third, first))
    assert twice == f"{first}: error[not-mergeable] is given twice: give each shard once"


def test_shards_of_runs_in_different_counts(cli: Cli, audits: Path, tmp_path: Path) -> None:
    (tmp_path / "three").mkdir()
    (tmp_path / "two").mkdir()
    three = shard_reports(cli, audits, tmp_path / "three")
    two = shard_reports(cli, audits, tmp_path / "two", count=2)
    line = usage_error(cli("merge", three[0], two[1]))
    assert line == (
        f"{two[1]}: error[not-mergeable] is shard 2/2, but {three[0]} is shard 1/3: "
        "merge the shards of one run"
    )


def edited(source: Path, target: Path, change: Callable[[dict[str, object]], None]) -> Path:
    document = json.loads(source.read_text("utf-8"))
    change(document)
    target.write_text(json.dumps(document), "utf-8")
    return target


def test_mixed_frameworks_are_a_usage_error(cli: Cli, audits: Path, tmp_path: Path) -> None:
    first, second, third = shard_reports(cli, audits, tmp_path)
    other = edited(
        second, tmp_path / "other.json", lambda d: d.update(framework={"id": "mine", "title": "x"})
    )
    line = usage_error(cli("merge", first, other, third))
    assert line == (
        f"{other}: error[not-mergeable] scored with framework 'mine', not 'sqs-2016' as "
        f"{first} was: merge reports of one framework (--framework names it)"
    )


def test_another_schema_version_is_a_usage_error(cli: Cli, audits: Path, tmp_path: Path) -> None:
    first, second, third = shard_reports(cli, audits, tmp_path)
    newer = edited(third, tmp_path / "newer.json", lambda d: d.update(schema="sqs.report/2"))
    line = usage_error(cli("merge", first, second, newer))
    assert line.startswith(
        f"{newer}: error[invalid-report] schema 'sqs.report/2', not 'sqs.report/1': merge reads"
    )


def test_shards_of_other_inputs_are_a_usage_error(cli: Cli, audits: Path, tmp_path: Path) -> None:
    first, second, third = shard_reports(cli, audits, tmp_path)
    moved = edited(second, tmp_path / "moved.json", lambda d: d.update(inputs=["elsewhere/"]))
    line = usage_error(cli("merge", first, moved, third))
    assert line == (
        f"{moved}: error[not-mergeable] scored the inputs ['elsewhere/'], but {first} scored "
        f"[{str(audits)!r}]: its shards are of another run"
    )


def test_a_shard_that_lost_a_workbook_is_a_usage_error(
    cli: Cli, audits: Path, tmp_path: Path
) -> None:
    first, second, third = shard_reports(cli, audits, tmp_path)
    short = edited(first, tmp_path / "short.json", lambda d: d["workbooks"].pop())  # type: ignore[attr-defined]
    line = usage_error(cli("merge", short, second, third))
    assert line == (
        f"{short}: error[not-mergeable] shard 1/3 has 2 workbooks where a run of 7 in 3 "
        "shards gives it 3: the shards are not of one run"
    )


def test_a_workbook_in_two_whole_runs_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    cli("score", COVENTRY, "-o", first)
    cli("score", COVENTRY, "-o", second)
    line = usage_error(cli("merge", first, second))
    assert line == (
        f"{second}: error[not-mergeable] workbook {COVENTRY} is also in {first}: "
        "a workbook is pooled once"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "{",
            "not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes)",
        ),
        ("[]", "not a JSON report of `sqs score --format json` (not an object)"),
    ],
)
def test_a_file_that_is_not_a_report(cli: Cli, tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert usage_error(cli("merge", bad)) == f"{bad}: error[invalid-report] {message}"


def test_a_damaged_workbook_entry_names_its_key(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "coventry.json"
    cli("score", COVENTRY, "-o", target)
    damaged = edited(
        target,
        tmp_path / "damaged.json",
        lambda d: d["workbooks"][0]["questions"][2].update(sufficient=-1),  # type: ignore[index]
    )
    assert usage_error(cli("merge", damaged)) == (
        f"{damaged}: error[invalid-report] workbooks[0].questions[2].sufficient: "
        "must be a whole number, 0 or more"
    )


def test_merge_writes_junit_valid_for_jenkins(cli: Cli, audits: Path, tmp_path: Path) -> None:
    reports = shard_reports(cli, audits, tmp_path)
    target = tmp_path / "sqs.xml"
    assert cli("merge", *reports, "-o", target).exit_code == 2
    root = valid_junit(target.read_text("utf-8"))
    assert len(root.findall("testsuite")) == 8


def test_help_has_an_example(cli: Cli) -> None:
    assert "Example: sqs merge sqs-1.json sqs-2.json sqs-3.json" in cli("merge", "--help").stdout


def test_youth_audits_merge_with_their_entered_ratings_and_overall_ratings(
    cli: Cli, tmp_path: Path
) -> None:
    """hmip-youth-2021's shards: entered, moved and judged ratings, case groups and each
    workbook's overall rating come back as one run gives them, in every format."""
    from tests.conftest import YOUTH_FAILS, write_youth_workbook

    folder = tmp_path / "youth"
    folder.mkdir()
    write_youth_workbook(folder / "a.xlsx")
    write_youth_workbook(folder / "b.xlsx", {**YOUTH_FAILS, "2.1.1": 4, "3.3.3": 0})
    reports = []
    for index in (1, 2):
        target = tmp_path / f"youth-{index}.json"
        assert cli("score", folder, "--shard", f"{index}/2", "-o", target).exit_code == 0
        reports.append(target)
    for output_format in format_names("score"):
        whole = cli("score", folder, "--format", output_format, "-o", "-")
        merged = cli("merge", *reports, "--format", output_format, "-o", "-")
        assert merged.exit_code == whole.exit_code == 0, merged.output
        if output_format == "json":
            document = valid_report(merged.stdout)
            assert [w["overall"]["text"] for w in document["workbooks"]] == [
                "Overall: Good (24 out of 36)",
                # 2.1 falls from Outstanding to Inadequate (2 out of 6): 3 points fewer.
                "Overall: Good (21 out of 36)",
            ]
            assert [len(w["groups"]) for w in document["workbooks"]] == [2, 2]
            whole_document = json.loads(whole.stdout)
            whole_document.pop("created"), document.pop("created")
            assert document == whole_document
        elif output_format != "xlsx":
            assert merged.stdout == whole.stdout, output_format
