"""`sqs sample`: the draw into a marking workbook, every format, and bad input named."""

from __future__ import annotations

import csv
import io
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import Result

from tests.conftest import WorkbookFactory
from tests.json_schemas import valid

Cli = Callable[..., Result]
DISPOSALS = ["Referral order"] * 5 + ["YRO"] * 3 + ["Custody"]


@pytest.fixture
def case_list(make_workbook: WorkbookFactory) -> Path:
    """118 cases as a case-management system exports them, with a child's name."""
    rows: list[list[object]] = [["Case ID", "Disposal", "Case manager", "Child name"]]
    rows += [
        [f"YJ-{1000 + n}", DISPOSALS[n % 9], f"Manager {n % 3}", f"Child Name {n}"]
        for n in range(118)
    ]
    return make_workbook({"Open cases": rows}, name="cases.xlsx")


def sampled_ids(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path)["Cases"]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]


def test_a_fifth_at_least_twenty_stratified_into_a_marking_workbook(
    cli: Cli, case_list: Path, tmp_path: Path
) -> None:
    output = tmp_path / "marking.xlsx"
    arguments = ["--fraction", "0.2", "--min", "20", "--strata", "Disposal", "--seed", "7"]
    result = cli("sample", case_list, *arguments, "-o", output)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {output}: 24 cases of 118\n"
    record = valid("sample", cli("sample", case_list, *arguments, "--format", "json").stdout)
    assert sampled_ids(output) == [case["case_id"] for case in record["cases"]]
    assert [(s["stratum"], s["population"], s["sample"]) for s in record["strata"]] == [
        (["Custody"], 13, 3),
        (["Referral order"], 66, 13),
        (["YRO"], 39, 8),
    ]
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["Cases", "Sample", "Guide", "Inspection"]
    cases = book["Cases"]
    assert [cell.value for cell in cases[1]][:5] == [
        "Case ID", "Disposal", "Case type", "Inspector", "Comments",
    ]  # fmt: skip
    assert cases.cell(row=2, column=2).value == record["cases"][0]["stratum"][0]
    sample = {row[0]: row[1] for row in book["Sample"].iter_rows(values_only=True) if row[0]}
    assert sample["Seed"] == "7"
    assert sample["Rule"] == "24 cases (--fraction 0.2 of 118, rounded up, at least 20)"
    assert sample["Population"] == "118 cases"
    assert sample["Total"] == 118
    assert sample["Command"] == (
        f"sqs sample {case_list} --fraction 0.2 --min 20 --strata Disposal --seed 7 -o {output}"
    )
    assert {book[name].page_setup.paperSize for name in book.sheetnames} == {9}  # A4
    # The marking workbook reads back as one, its cases waiting to be marked.
    validated = cli("validate", output)
    assert f"{output}: 24 cases, 30 questions marked, 0 errors, 720 warnings" in validated.stdout


def test_the_recorded_command_draws_the_same_bytes_again(
    cli: Cli, case_list: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first.xlsx"
    assert cli("sample", case_list, "--size", "12", "-o", first).exit_code == 0
    sheet = openpyxl.load_workbook(first)["Sample"]
    command = next(row[1] for row in sheet.iter_rows(values_only=True) if row[0] == "Command")
    again = tmp_path / "again.xlsx"
    words = shlex.split(command.replace(str(first), str(again)))
    assert words[:2] == ["sqs", "sample"]
    assert cli(*words[1:]).exit_code == 0

    # The same cases, row for row (the Sample sheet says how each was drawn and named).
    def cases(path: Path) -> list[tuple[object, ...]]:
        return list(openpyxl.load_workbook(path)["Cases"].iter_rows(values_only=True))

    assert cases(again) == cases(first)
    assert len(sampled_ids(again)) == 12


def test_a_seed_is_chosen_and_said_when_none_is_given(cli: Cli, case_list: Path) -> None:
    result = cli("sample", case_list, "--size", "10", "--format", "json")
    assert result.exit_code == 0
    seed = int(
        re.fullmatch(r"sqs: seed (\d+) chosen: --seed \1 draws this sample again\n", result.stderr)[
            1
        ]
    )  # type: ignore[index]
    record = valid("sample", result.stdout)
    assert record["seed"] == seed and record["seed_chosen"] is True
    again = valid(
        "sample",
        cli("sample", case_list, "--size", "10", "--seed", seed, "--format", "json").stdout,
    )
    assert again["cases"] == record["cases"] and again["seed_chosen"] is False


def test_cases_marked_last_time_are_left_out(cli: Cli, case_list: Path, tmp_path: Path) -> None:
    last = tmp_path / "last.xlsx"
    assert cli("sample", case_list, "--size", "30", "--seed", "1", "-o", last).exit_code == 0
    result = cli(
        "sample",
        case_list,
        "--size",
        "30",
        "--seed",
        "1",
        "--exclude-ids",
        last,
        "--format",
        "json",
    )
    record = valid("sample", result.stdout)
    assert record["excluded"] == 30 and record["population"] == 88
    assert not set(sampled_ids(last)) & {case["case_id"] for case in record["cases"]}


def test_every_format(cli: Cli, case_list: Path) -> None:
    arguments = ("sample", case_list, "--size", "5", "--strata", "Disposal", "--seed", "3")
    table = cli(*arguments)
    assert table.exit_code == 0
    assert table.stdout.startswith("Sample of 5 cases\n")
    rows = list(csv.reader(io.StringIO(cli(*arguments, "--format", "csv").stdout)))
    record = valid("sample", cli(*arguments, "--format", "json").stdout)
    assert rows[0] == ["Case ID", "Disposal"]
    assert rows[1:] == [[c["case_id"], *c["stratum"]] for c in record["cases"]]
    for case in record["cases"]:
        assert case["case_id"] in table.stdout
    wrong = cli(*arguments, "-o", "marking.ods")
    assert wrong.exit_code == 2
    assert (
        "sqs sample cannot write a .ods file; it writes table (.txt), json (.json), "
        "csv (.csv), xlsx (.xlsx)" in " ".join(wrong.output.replace("│", " ").split())
    )


def test_no_free_text_unless_asked(cli: Cli, case_list: Path, tmp_path: Path) -> None:
    output = tmp_path / "marking.xlsx"
    for fmt in ("table", "json", "csv"):
        assert (
            "Child Name"
            not in cli("sample", case_list, "--size", "9", "--seed", "2", "--format", fmt).stdout
        )
    assert cli("sample", case_list, "--size", "9", "--seed", "2", "-o", output).exit_code == 0
    values = [
        str(value)
        for sheet in openpyxl.load_workbook(output)
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    assert not any("Child Name" in value for value in values)
    asked = tmp_path / "asked.xlsx"
    assert (
        cli(
            "sample", case_list, "--size", "9", "--seed", "2", "--column", "child name", "-o", asked
        ).exit_code
        == 0
    )
    header = [cell.value for cell in openpyxl.load_workbook(asked)["Cases"][1]]
    assert header[:2] == ["Case ID", "Child name"]


def test_bad_input_is_named(cli: Cli, case_list: Path, make_workbook: WorkbookFactory) -> None:
    missing = cli("sample", case_list, "--size", "5", "--strata", "Team")
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"{case_list}: 'Open cases': error[no-such-column] --strata 'Team': the list has no "
        "such column (its columns: 'Disposal', 'Case manager', 'Child name')\n"
    )
    large = cli("sample", case_list, "--size", "500")
    assert large.exit_code == 2
    assert large.stderr == (
        f"{case_list}: 'Open cases': error[cannot-sample] --size 500 is larger than the "
        "population: the list has 118 cases to sample from\n"
    )
    repeated = make_workbook(
        {"Cases": [["Case ID", "Disposal"], ["A1", "YRO"], ["A2", "YRO"], ["A1", "Custody"]]},
        name="repeated.xlsx",
    )
    duplicate = cli("sample", repeated, "--size", "1")
    assert duplicate.exit_code == 2
    assert duplicate.stderr == (
        f"{repeated}: Cases!A4: error[duplicate-case-id] this case ID is also in A2; a case "
        "may be listed once\n"
    )
    no_ids = make_workbook({"Cases": [["Name", "Disposal"], ["x", "YRO"]]}, name="no-ids.xlsx")
    result = cli("sample", no_ids, "--size", "1")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{no_ids}: Cases: error[no-case-id-header] no case-ID column")
    both = cli("sample", case_list, "--size", "5", "--fraction", "0.2")
    assert both.exit_code == 2
    assert "give --size N, or --fraction F (with --min M)" in " ".join(
        both.output.replace("│", " ").split()
    )
    fraction = cli("sample", case_list, "--fraction", "1.5")
    assert fraction.exit_code == 2
    assert "must be above 0 and at most 1" in " ".join(fraction.output.replace("│", " ").split())


def test_help_has_examples(cli: Cli) -> None:
    text = " ".join(cli("sample", "--help").stdout.replace("│", " ").split())
    assert (
        "Examples: sqs sample cases.xlsx --fraction 0.2 --min 20 --strata Disposal -o marking.xlsx"
        in text
    )


def test_a_case_list_saved_by_libreoffice_as_ods(cli: Cli, tmp_path: Path) -> None:
    """tests/data/two-cases.ods (LibreOffice's own file): its two case IDs are the
    population, whatever else its sheet holds."""
    from tests.conftest import REPO

    result = cli("sample", REPO / "tests/data/two-cases.ods", "--size", "2", "--seed", "1")
    assert result.exit_code == 0, result.output
    assert "Population: 2 cases" in result.stdout
    assert "Cases: C1, C2" in result.stdout
