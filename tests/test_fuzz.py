"""tests/fuzz.py: a short fuzz run finds nothing, the harness catches what it should, and
the mutators make the same input from the same seed."""

from __future__ import annotations

import io
import os
import random
import re
import time
import zipfile
from pathlib import Path
from typing import NoReturn

import pytest

from sqs_cli.framework import Framework
from sqs_cli.problems import SqsError
from tests import fuzz
from tests.conftest import COVENTRY

FUZZ_SECONDS = float(os.environ.get("SQS_FUZZ_SECONDS", "10"))

SHEET = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet><dimension ref="A1:B2"/><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>Case ID</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>1.1a</t></is></c></row>'
    b'<row r="2"><c r="A2"><v>17</v></c><c r="B2" t="inlineStr"><is><t>Yes</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def ignore(_: str) -> None:
    pass


def test_a_short_fuzz_run_finds_nothing(tmp_path: Path) -> None:
    # Isolated: should a mutant still abort the reading process, this test fails with the
    # finding instead of taking the whole test run down with it.
    report = fuzz.run_fuzz(
        seconds=FUZZ_SECONDS, seed=20260105, out=tmp_path / "findings", isolate=True, log=ignore
    )
    assert report.tried > 20
    assert report.outcomes["ok"] > 0
    if report.findings:
        pytest.fail(
            "\n\n".join([report.summary(), *(item.describe() for item in report.examples())])
        )


def test_every_seed_reads_and_the_built_ones_carry_what_they_are_for(
    tmp_path: Path, framework: Framework
) -> None:
    seeds = fuzz.build_seeds(tmp_path / "seeds", framework)
    assert {seed.suffix for seed in seeds} == {".xlsx", ".ods", ".csv"}
    problems = {}
    for seed in seeds:
        path = tmp_path / f"input{seed.suffix}"
        path.write_bytes(seed.data)
        outcome = fuzz.read_one(path, framework, fuzz.DEFAULT_MAX_MEMORY_MB)
        assert outcome.kind == "ok", (seed.name, outcome)
        problems[seed.name] = outcome.problems
    assert "formula-without-value" in problems["built-formula.xlsx"]
    assert "merged-cells" in problems["built-merged.xlsx"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_mutate_gives_the_same_input_for_the_same_seed(suffix: str) -> None:
    data = COVENTRY.read_bytes() if suffix == ".xlsx" else b"Case ID,1.1a\nC1,Yes\nC2,No\n"
    first = [fuzz.mutate(data, suffix, random.Random(f"7:{index}")) for index in range(40)]
    again = [fuzz.mutate(data, suffix, random.Random(f"7:{index}")) for index in range(40)]
    assert first == again
    changed = [mutant for mutant, _ in first if mutant != data]
    assert len(changed) >= 35
    assert len(set(changed)) >= 30
    assert all(steps for _, steps in first)


def test_a_zip_mutation_changes_one_member_and_zips_the_rest_again() -> None:
    original = zipfile.ZipFile(COVENTRY)
    step_shape = re.compile(r"zip: (\S+): [^;]+$")  # one member changed, members kept
    for index in range(200):
        mutant, step = fuzz.mutate_zip(COVENTRY.read_bytes(), random.Random(index))
        match = step_shape.fullmatch(step)
        if match:
            break
    else:
        pytest.fail("no seed in 200 gave a plain member mutation")
    assert (mutant, step) == fuzz.mutate_zip(COVENTRY.read_bytes(), random.Random(index))
    with zipfile.ZipFile(io.BytesIO(mutant)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == original.namelist()
        changed = [name for name in archive.namelist() if archive.read(name) != original.read(name)]
    assert changed == [match.group(1)]


def test_splice_fragment_puts_a_doctype_before_the_root_and_other_fragments_between_tags() -> None:
    kinds = set()
    for index in range(60):
        mutant, step = fuzz.splice_fragment(SHEET, random.Random(index))
        fragment = next(item for item in fuzz.FRAGMENTS if item in mutant and item not in SHEET)
        if step.startswith("doctype"):
            kinds.add("doctype")
            assert mutant.startswith(b'<?xml version="1.0" encoding="UTF-8"?>' + fragment)
        else:
            kinds.add("splice")
            assert len(mutant) == len(SHEET) + len(fragment)
    assert kinds == {"doctype", "splice"}


def test_far_reference_replaces_one_cell_reference() -> None:
    mutant, step = fuzz.far_reference(SHEET, random.Random(3))
    assert mutant == fuzz.far_reference(SHEET, random.Random(3))[0]
    references = re.compile(rb'\b(?:r|ref)="([^"]*)"')
    before = references.findall(SHEET)
    after = references.findall(mutant)
    assert len(after) == len(before)
    differ = [new for old, new in zip(before, after, strict=True) if old != new]
    assert len(differ) <= 1  # a reference may be replaced by itself
    assert all(new.removeprefix(b"A1:") in fuzz.CELL_REFERENCES for new in differ)
    assert "reference" in step


def test_byte_mutators_are_repeatable_and_truncation_keeps_a_prefix() -> None:
    data = COVENTRY.read_bytes()
    for mutator in fuzz.BYTE_MUTATORS:
        assert mutator(data, random.Random(5)) == mutator(data, random.Random(5))
        assert mutator(b"", random.Random(5))[0] is not None
    cut, _ = fuzz.truncate_bytes(data, random.Random(5))
    assert len(cut) < len(data)
    assert data.startswith(cut)


def test_csv_mutations_are_repeatable() -> None:
    data = b"Case ID;1.1a;1.1b\nC1;Yes;No\nC2;N/A;Yes\n"
    for index in range(30):
        mutant, step = fuzz.mutate_csv(data, random.Random(index))
        assert (mutant, step) == fuzz.mutate_csv(data, random.Random(index))
        assert step.startswith("csv: ")


def test_an_unexpected_exception_is_a_saved_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path, *_: object, **__: object) -> NoReturn:
        raise KeyError("boom")

    monkeypatch.setattr(fuzz, "read_marking", broken)
    out = tmp_path / "findings"
    report = fuzz.run_fuzz(seconds=60, seed=1, out=out, max_inputs=5, log=ignore)
    assert len(report.findings) == report.tried == 9 + 5  # the seeds, then 5 mutants
    assert report.outcomes == {"KeyError": 14}
    [(kind, label, where)] = report.distinct
    assert (kind, label) == ("exception", "KeyError")
    assert "in broken" in where
    # The first few inputs of a kind are saved, each with a note; every finding is indexed.
    assert len(list(out.glob("finding-*.xlsx"))) == fuzz.SAVED_PER_KIND
    assert len(list(out.glob("finding-*.txt"))) == fuzz.SAVED_PER_KIND
    assert "KeyError: 'boom'" in next(out.glob("*.txt")).read_text()
    index = (out / "findings.tsv").read_text().splitlines()
    assert len(index) == 14
    assert index[-1].split("\t")[1:3] == ["exception", "KeyError"]
    assert "findings: 14 (1 distinct)" in report.summary()


def test_sqs_error_is_an_expected_outcome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuses(path: Path, *_: object, **__: object) -> NoReturn:
        raise SqsError.of("corrupt-workbook", "damaged", file=str(path))

    monkeypatch.setattr(fuzz, "read_marking", refuses)
    report = fuzz.run_fuzz(seconds=60, seed=1, out=tmp_path / "out", max_inputs=3, log=ignore)
    assert report.outcomes == {"corrupt-workbook": 12}
    assert not report.findings
    assert not any((tmp_path / "out").iterdir())


def test_isolation_turns_an_abort_and_a_hang_into_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def aborts_or_hangs(path: Path, *_: object, **__: object) -> NoReturn:
        if path.suffix == ".csv":
            time.sleep(30)
        os.abort()

    monkeypatch.setattr(fuzz, "read_marking", aborts_or_hangs)
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    runner = fuzz.IsolatedRunner(
        timeout=2.0, max_memory_mb=500, address_space_mb=0, log_dir=log_dir
    )
    try:
        for name in ("a.xlsx", "b.csv", "c.xlsx"):
            (tmp_path / name).write_bytes(b"x")
        crashed = runner.run(tmp_path / "a.xlsx")
        hung = runner.run(tmp_path / "b.csv")
        crashed_again = runner.run(tmp_path / "c.xlsx")
    finally:
        runner.close()
    assert (crashed.kind, crashed_again.kind, hung.kind) == ("crash", "crash", "hang")
    assert "SIGABRT" in crashed.message
    assert runner.started == 3  # a new reading process after each


def test_main_prints_the_summary_and_exits_0_without_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = fuzz.main(["--seconds", "0", "--seed", "3", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert status == 0
    assert "sqs fuzz: seed 3, 9 inputs" in printed
    assert "findings: 0 (0 distinct)" in printed


def test_the_canary_file_content_in_a_message_is_a_leak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, framework: Framework
) -> None:
    def leaks(path: Path, *_: object, **__: object) -> NoReturn:
        raise SqsError.of("corrupt-workbook", f"bad text {fuzz.CANARY_TOKEN}", file=str(path))

    monkeypatch.setattr(fuzz, "read_marking", leaks)
    outcome = fuzz.read_one(tmp_path / "any.xlsx", framework, fuzz.DEFAULT_MAX_MEMORY_MB)
    assert (outcome.kind, outcome.is_finding) == ("leak", True)
    assert any(str(fuzz.CANARY).encode() in fragment for fragment in fuzz.FRAGMENTS)
