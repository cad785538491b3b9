"""`sqs sample`, the shell: the case list read, the columns checked, the cases marked last
time left out, the sample drawn (sampling.py), and the record every writer consumes."""

from __future__ import annotations

import hashlib
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqs_cli.framework import Framework
from sqs_cli.marking import CellValue
from sqs_cli.problems import Problem, Severity, SqsError
from sqs_cli.reading.case_list import CaseList, read_case_ids, read_case_list
from sqs_cli.sampling import BLANK, Case, Draw, SamplingError, SizeRule, Stratum, draw
from sqs_cli.settings import Limits


@dataclass(frozen=True)
class SampledCase:
    case_id: str
    stratum: Stratum
    # The carried columns' values, in SampleRecord.columns order.
    values: tuple[CellValue | None, ...]


@dataclass(frozen=True)
class SampleRecord:
    """Everything `sqs sample` writes: the draw, and what reproduces and explains it."""

    framework: Framework
    case_list: str
    sheet: str
    id_header: str
    # The SHA-256 of the case list file, to tell later that the same list was used.
    fingerprint: str
    strata_columns: tuple[str, ...]
    # The descriptive columns carried into the marking workbook (the strata's, and
    # --column's), in the order of the list.
    columns: tuple[str, ...]
    draw: Draw
    cases: tuple[SampledCase, ...]
    # The command that draws this sample again.
    command: str
    seed_chosen: bool = False
    exclude_file: str | None = None
    # IDs of --exclude-ids that are not on the list.
    exclusions_not_listed: int = 0
    problems: tuple[Problem, ...] = ()


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _check_columns(case_list: CaseList, wanted: Sequence[str], option: str) -> list[str]:
    """The list's own names of the columns asked for (case and spaces ignored)."""
    by_key = {name.strip().casefold(): name for name in case_list.columns}
    found = []
    for name in wanted:
        column = by_key.get(name.strip().casefold())
        if column is None:
            listed = ", ".join(repr(column) for column in case_list.columns) or "none"
            raise SqsError.of(
                "no-such-column",
                f"{option} {name!r}: the list has no such column (its columns: {listed})",
                file=case_list.file,
                sheet=case_list.sheet,
            )
        found.append(column)
    return found


def _stratum_text(value: CellValue | None) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return BLANK
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def reproducing_command(
    case_list: str,
    rule: SizeRule,
    seed: int,
    strata: Sequence[str],
    columns: Sequence[str],
    *,
    exclude_file: str | None,
    sheet: str | None,
    id_header: str | None,
    framework: str,
    output: str | None,
) -> str:
    words = ["sqs", "sample", case_list]
    if sheet:
        words += ["--sheet", sheet]
    if id_header:
        words += ["--id-column", id_header]
    if rule.size is not None:
        words += ["--size", str(rule.size)]
    else:
        words += ["--fraction", rule.fraction_text or str(rule.fraction)]
        if rule.minimum:
            words += ["--min", str(rule.minimum)]
    for name in strata:
        words += ["--strata", name]
    for name in columns:
        words += ["--column", name]
    if exclude_file:
        words += ["--exclude-ids", exclude_file]
    words += ["--seed", str(seed)]
    if framework:
        words += ["--framework", framework]
    if output:
        words += ["-o", output]
    return shlex.join(words)


def sample_cases(
    path: Path,
    framework: Framework,
    rule: SizeRule,
    seed: int,
    *,
    strata: Sequence[str] = (),
    columns: Sequence[str] = (),
    exclude: Path | None = None,
    sheet: str | None = None,
    id_header: str | None = None,
    limits: Limits | None = None,
    seed_chosen: bool = False,
    framework_option: str = "",
    output: str | None = None,
) -> SampleRecord:
    """Read the list and draw the sample. SqsError when the list cannot be read, has
    errors (rows without IDs, repeated IDs), lacks a column asked for, or cannot give the
    sample asked; the problem names the file, sheet and cell or column."""
    case_list = read_case_list(path, limits=limits, sheet=sheet, id_header=id_header)
    errors = [found for found in case_list.problems if found.severity is Severity.ERROR]
    if errors:
        raise _ListErrors(case_list.problems)
    strata_columns = _check_columns(case_list, strata, "--strata")
    carried = _check_columns(case_list, columns, "--column")
    carried_columns = tuple(
        name for name in case_list.columns if name in strata_columns or name in carried
    )
    for name in carried_columns:
        if cells := case_list.hidden_cells.get(name):
            raise SqsError.of(
                "formula-without-value",
                f"the {name!r} column's cell holds a formula with no calculated value, or an "
                "Excel error; open the list in Excel or LibreOffice, save it, and run sqs again",
                file=case_list.file,
                sheet=case_list.sheet,
                cell=cells[0],
            )
    excluded: frozenset[str] = frozenset()
    if exclude is not None:
        excluded = read_case_ids(exclude, limits=limits)
    by_id = {case.case_id: case for case in case_list.cases}
    cases = [
        Case(
            listed.case_id,
            tuple(_stratum_text(case_list.value(listed, name)) for name in strata_columns),
        )
        for listed in case_list.cases
    ]
    try:
        drawn = draw(cases, rule, seed, excluded_ids=excluded)
    except SamplingError as error:
        raise SqsError.of(
            "cannot-sample", str(error), file=case_list.file, sheet=case_list.sheet
        ) from None
    stratum_of = {case.case_id: case.stratum for case in cases}
    sampled = tuple(
        SampledCase(
            case_id,
            stratum_of[case_id],
            tuple(case_list.value(by_id[case_id], name) for name in carried_columns),
        )
        for case_id in drawn.chosen
    )
    return SampleRecord(
        framework=framework,
        case_list=case_list.file,
        sheet=case_list.sheet,
        id_header=case_list.id_header,
        fingerprint=_fingerprint(path),
        strata_columns=tuple(strata_columns),
        columns=carried_columns,
        draw=drawn,
        cases=sampled,
        command=reproducing_command(
            case_list.file,
            rule,
            seed,
            strata_columns,
            carried,
            exclude_file=str(exclude) if exclude is not None else None,
            sheet=sheet,
            id_header=id_header,
            framework=framework_option,
            output=output,
        ),
        seed_chosen=seed_chosen,
        exclude_file=str(exclude) if exclude is not None else None,
        exclusions_not_listed=len(excluded - set(by_id)),
        problems=case_list.problems,
    )


class _ListErrors(SqsError):
    """The list has errors: every problem of it, the first as the one that stopped it."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        first = next(found for found in problems if found.severity is Severity.ERROR)
        super().__init__(first)
        self.problems = problems


def list_problems(error: SqsError) -> tuple[Problem, ...]:
    """Every problem behind an SqsError of sample_cases (a list may have many)."""
    return error.problems if isinstance(error, _ListErrors) else (error.problem,)
