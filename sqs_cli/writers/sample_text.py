"""`sqs sample`'s record in words, shared by its table and its workbook's Sample sheet."""

from __future__ import annotations

from sqs_cli.case_sample import SampleRecord
from sqs_cli.sampling import ALGORITHM
from sqs_cli.wording import counted


def stratum_label(record: SampleRecord, stratum: tuple[str, ...]) -> str:
    return " / ".join(stratum) if stratum else "all cases"


def record_lines(record: SampleRecord) -> list[tuple[str, str]]:
    """The draw in words, as the Sample sheet and the table give it."""
    drawn = record.draw
    seed = f"{drawn.seed} (chosen by sqs)" if record.seed_chosen else str(drawn.seed)
    population = counted(drawn.population, "case")
    if record.exclude_file is not None:
        population += (
            f" after leaving out {counted(drawn.excluded, 'case')} of {record.exclude_file}"
        )
        if record.exclusions_not_listed:
            population += f" ({record.exclusions_not_listed} of its IDs are not on the list)"
    strata = ", ".join(record.strata_columns) if record.strata_columns else "none"
    return [
        ("Case list", f"{record.case_list} (sheet {record.sheet!r}, IDs in {record.id_header!r})"),
        ("Case list SHA-256", record.fingerprint),
        ("Population", population),
        ("Strata", strata),
        ("Rule", drawn.rule),
        ("Seed", seed),
        (
            "Draw",
            f"{ALGORITHM}: in each stratum, the cases with the smallest SHA-256 of the seed "
            "and case ID; shares by largest remainders, one case per stratum where there is room",
        ),
        ("Command", record.command),
    ]
