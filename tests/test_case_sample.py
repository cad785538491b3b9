"""sqs_cli.case_sample: strata from the list's cells, the command that repeats the draw."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from sqs_cli.case_sample import reproducing_command, sample_cases
from sqs_cli.framework import Framework
from sqs_cli.sampling import SizeRule
from tests.conftest import WorkbookFactory


def test_strata_are_the_combinations_and_a_blank_is_its_own(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "Disposal", "Team", "Notes"]]
    rows += [
        [f"C{n}", "YRO" if n % 2 else "Referral order", "North" if n < 6 else None, "x"]
        for n in range(10)
    ]
    path = make_workbook({"Cases": rows})
    record = sample_cases(path, framework, SizeRule(size=4), 5, strata=["disposal", "TEAM"])
    assert record.strata_columns == ("Disposal", "Team")
    assert record.columns == ("Disposal", "Team")
    assert [(s.stratum, s.population, s.sample) for s in record.draw.strata] == [
        (("Referral order", "(blank)"), 2, 1),
        (("Referral order", "North"), 3, 1),
        (("YRO", "(blank)"), 2, 1),
        (("YRO", "North"), 3, 1),
    ]
    assert all(len(case.values) == 2 for case in record.cases)


def test_exclusions_not_on_the_list_are_counted(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook({"Cases": [["Case ID"], ["A"], ["B"], ["C"]]}, name="list.xlsx")
    last = make_workbook({"Cases": [["Case ID"], ["A"], ["Z"]]}, name="last.xlsx")
    record = sample_cases(path, framework, SizeRule(size=2), 1, exclude=last)
    assert set(record.draw.chosen) == {"B", "C"}
    assert (record.draw.excluded, record.exclusions_not_listed) == (1, 1)


def test_the_command_quotes_what_a_shell_would_split() -> None:
    command = reproducing_command(
        "My cases.xlsx",
        SizeRule(fraction=Fraction(1, 5), minimum=20, fraction_text="0.2"),
        7,
        ["Case manager"],
        [],
        exclude_file=None,
        sheet="Open cases",
        id_header=None,
        framework="mine.toml",
        output=str(Path("out", "marking.xlsx")),
    )
    assert command == (
        "sqs sample 'My cases.xlsx' --sheet 'Open cases' --fraction 0.2 --min 20 "
        f"--strata 'Case manager' --seed 7 --framework mine.toml -o {Path('out', 'marking.xlsx')}"
    )
