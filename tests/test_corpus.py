"""Issue 6, points 1 and 3: the bad-input corpus, each case run by `sqs score` in a subprocess.

Every case of tests/corpus.py is scored by `python -m sqs_cli score CASE --format json` in
a process of its own, under a 2 GB address-space cap (so a runaway case fails instead of
exhausting the machine), with its wall time and peak memory measured by wait4. Each must
give its exit code and problem code, one stderr line naming the file, valid JSON, no
traceback, within 5 s and 500 MB, and never the secret an external entity points at.
The whole run must leave every corpus file as it was and write nothing beside it or in
HOME. The cases are parametrized from the table in docs/security.md, which a test holds
to the corpus, so the documented outcomes are the tested ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, valid_report
from tests.corpus import (
    Case,
    _bomb_member,
    _write_raw_zip,
    build_corpus,
    crc32_combine,
    is_regular_file,
)

pytestmark = pytest.mark.skipif(
    not hasattr(os, "wait4"), reason="peak memory is measured with wait4 (Linux and macOS)"
)

TIME_LIMIT_SECONDS = 5.0
MEMORY_LIMIT_MB = 500.0
HANG_TIMEOUT_SECONDS = 10.0  # a case still running after this is killed: a hang
ADDRESS_SPACE_BYTES = 2 * 1024**3
LONGEST_STDERR_LINE = 500

SECURITY_DOC = REPO / "docs" / "security.md"


# --- the table in docs/security.md ------------------------------------------------------


@dataclass(frozen=True)
class DocumentedCase:
    name: str
    outcome: str  # the "code" column: `code`, or "scores" with the cell codes
    exit_code: str
    message: str


def documented_cases() -> list[DocumentedCase]:
    """The rows of the corpus table: | `name` | input | outcome | exit | `message` |."""
    rows = []
    for line in SECURITY_DOC.read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if len(cells) == 5 and re.fullmatch(r"`[\w-]+`", cells[0]):
            rows.append(DocumentedCase(cells[0].strip("`"), cells[2], cells[3], cells[4]))
    return rows


CASE_NAMES = [row.name for row in documented_cases()]


def documented_outcome(case: Case) -> tuple[str, str]:
    """The outcome and exit columns the table must hold for a case."""
    if case.code:
        outcome = f"`{case.code}`"
    elif case.cell_codes:
        outcome = "scores; " + ", ".join(f"`{code}`" for code in case.cell_codes)
    else:
        outcome = "scores"
    if case.bug:
        outcome += " (BUG)"
    return outcome, str(case.exit_code)


# --- running sqs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    exit_code: int  # negative: killed by that signal
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    hung: bool


# A small launcher between pytest and sqs. ru_maxrss carries the resident size of the
# process a child was forked from (Linux keeps the high-water mark across exec), so a
# child forked from pytest would report pytest's memory as its own. The launcher, a
# bare `python -S`, forks sqs from its own few megabytes, caps sqs's address space, and
# reports the exit status, wall time and peak resident memory that wait4 gives (worker
# processes included) as JSON in the file it is given.
_LAUNCHER = """
import json, os, resource, sys, time
report, limit, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
start = time.monotonic()
pid = os.fork()
if pid == 0:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.execv(command[0], command)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.monotonic() - start
with open(report, "w") as stream:
    exit_code = os.waitstatus_to_exitcode(status)
    json.dump({"exit_code": exit_code, "maxrss": usage.ru_maxrss, "seconds": seconds}, stream)
"""


def run_python(arguments: Sequence[str], *, cwd: Path, home: Path) -> Run:
    """`python ARGUMENTS` in a subprocess: exit code, output, wall time, peak memory.

    A process (and its workers) still running after HANG_TIMEOUT_SECONDS is killed.
    """
    environment = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment.pop("GITHUB_STEP_SUMMARY", None)
    with (
        tempfile.TemporaryDirectory() as scratch,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        report = Path(scratch, "usage.json")
        launcher = [sys.executable, "-S", "-c", _LAUNCHER, str(report), str(ADDRESS_SPACE_BYTES)]
        process = subprocess.Popen(
            [*launcher, sys.executable, *arguments],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=environment,
            start_new_session=True,  # its own process group, to kill a hang whole
        )
        try:
            process.wait(timeout=HANG_TIMEOUT_SECONDS)
            hung = False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            hung = True
        usage = json.loads(report.read_text()) if report.exists() else {}
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Run(
        exit_code=int(usage.get("exit_code", -signal.SIGKILL)),
        stdout=stdout.decode("utf-8", errors="replace"),
        stderr=stderr.decode("utf-8", errors="replace"),
        seconds=float(usage.get("seconds", HANG_TIMEOUT_SECONDS)),
        peak_mb=int(usage.get("maxrss", 0)) / scale,
        hung=hung,
    )


def sha256_of_files(folder: Path) -> dict[str, str]:
    """Every entry under folder: a file's sha256, or what else it is (not followed)."""
    found = {}
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(root, name)
            key = str(path.relative_to(folder))
            if is_regular_file(path):
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = f"mode {path.lstat().st_mode:o}"
    return found


@dataclass(frozen=True)
class Corpus:
    folder: Path
    cases: dict[str, Case]


@dataclass(frozen=True)
class CorpusRun:
    cases: dict[str, Case]
    runs: dict[str, Run]
    before: dict[str, str]
    after: dict[str, str]
    home: Path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Every case of tests/corpus.py, built once for this module."""
    folder = tmp_path_factory.mktemp("bad-input") / "corpus"
    return Corpus(folder, {case.name: case for case in build_corpus(folder)})


@pytest.fixture(scope="module")
def corpus_run(corpus: Corpus) -> CorpusRun:
    """Score every case once, in order, in a subprocess each; checksums around the run."""
    home = corpus.folder.parent / "home"
    home.mkdir()
    before = sha256_of_files(corpus.folder)
    runs = {
        name: run_python(
            ["-m", "sqs_cli", "score", str(case.path), "--format", "json"],
            cwd=corpus.folder,
            home=home,
        )
        for name, case in corpus.cases.items()
        if case.skip is None
    }
    after = sha256_of_files(corpus.folder)
    return CorpusRun(corpus.cases, runs, before, after, home)


def _figures(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(w["cases"], w["questions"], w["criteria"]) for w in document["workbooks"]]


def _is_unprintable(character: str) -> bool:
    return character != "\n" and unicodedata.category(character) in {"Cc", "Cf"}


# --- one test per case ------------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_NAMES)
def test_corpus_case(name: str, corpus_run: CorpusRun, request: pytest.FixtureRequest) -> None:
    case = corpus_run.cases[name]
    if case.skip:
        pytest.skip(case.skip)
    if case.bug:
        request.applymarker(pytest.mark.xfail(strict=True, reason=f"BUG: {case.bug}"))
    run = corpus_run.runs[name]
    output = run.stdout + run.stderr
    assert not run.hung, f"hung: killed after {HANG_TIMEOUT_SECONDS:.0f} s"
    for crash in ("Traceback", "stack backtrace", "panicked at", "internal error"):
        assert crash not in output, f"{crash!r} in the output:\n{run.stderr[-2000:]}"
    if case.secret:
        assert case.secret not in output, "the external entity's target leaked"
    assert run.exit_code == case.exit_code, run.stderr[-2000:]

    document = valid_report(run.stdout)
    assert len(document["workbooks"]) == case.workbooks
    problems = [problem for workbook in document["workbooks"] for problem in workbook["problems"]]
    assert {problem["code"] for problem in problems} == set(case.expected_codes)

    # stderr: one line per problem, each naming the file; nothing a terminal would act on.
    lines = run.stderr.splitlines()
    assert not any(_is_unprintable(character) for character in run.stderr), run.stderr
    assert all(len(line) <= LONGEST_STDERR_LINE for line in lines)
    if not case.expected_codes:
        assert run.stderr == ""
    for code in case.expected_codes:
        assert any(
            line.startswith(f"{case.named_file}: ") and f"[{code}] " in line for line in lines
        ), f"no stderr line names {case.named_file} with [{code}]:\n{run.stderr}"
    if case.code:
        [line] = [line for line in lines if f"error[{case.code}] " in line]
        assert line.startswith(f"{case.named_file}: ")
        [problem] = [problem for problem in problems if problem["code"] == case.code]
        assert problem["file"] == str(case.named_file)
    if case.message_fragment:
        first = case.expected_codes[0]
        assert any(
            case.message_fragment in problem["message"]
            for problem in problems
            if problem["code"] == first
        ), f"no {first} message holds {case.message_fragment!r}:\n{run.stderr}"
        assert any(case.message_fragment in line for line in lines)

    if case.cases is not None:
        [workbook] = document["workbooks"]
        assert workbook["status"] != "unreadable"
        assert workbook["cases"] == case.cases
    if case.same_as is not None:
        baseline = valid_report(corpus_run.runs[case.same_as].stdout)
        assert _figures(document) == _figures(baseline)

    assert run.seconds < TIME_LIMIT_SECONDS, f"took {run.seconds:.1f} s"
    assert run.peak_mb < MEMORY_LIMIT_MB, f"peak memory {run.peak_mb:.0f} MB"


# --- the whole run ----------------------------------------------------------------------


def test_the_docs_table_lists_every_case_with_its_outcome(corpus: Corpus) -> None:
    documented = {row.name: row for row in documented_cases()}
    assert list(documented) == list(corpus.cases), "docs/security.md's table is stale"
    for name, case in corpus.cases.items():
        row = documented[name]
        assert (row.outcome, row.exit_code) == documented_outcome(case), name
        if case.message_fragment:
            assert f"`{case.message_fragment}`" in row.message, name


def test_inputs_are_never_modified_and_nothing_is_written_beside_them(
    corpus_run: CorpusRun,
) -> None:
    assert len(corpus_run.runs) >= 30
    assert corpus_run.after == corpus_run.before


def test_no_cache_or_file_is_written_in_home(corpus_run: CorpusRun) -> None:
    assert list(corpus_run.home.iterdir()) == []


def test_the_secret_file_is_really_there(corpus: Corpus) -> None:
    """The external-entity cases only prove something if the entity's target exists."""
    secrets = {case.secret for case in corpus.cases.values() if case.secret}
    assert len(secrets) == 1
    [secret] = secrets
    assert (corpus.folder / "secret.txt").read_text("utf-8").strip() == secret
    assert f'SYSTEM "{(corpus.folder / "secret.txt").as_uri()}"' in zipfile.ZipFile(
        corpus.cases["external-entity"].path
    ).read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_the_bomb_is_a_real_bomb(corpus: Corpus) -> None:
    """A few MB on disk, gigabytes in its directory, and its stream really inflates so."""
    bomb = corpus.cases["decompression-bomb"].path
    assert bomb.stat().st_size < 8 * 1024 * 1024
    with zipfile.ZipFile(bomb) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
        assert sheet.file_size >= 3 * 1024**3
        with archive.open(sheet) as stream:
            head = stream.read(64 * 1024 * 1024)
    assert head.startswith(b"<worksheet")
    assert head.endswith(b" " * 1024)


def test_the_bomb_builder_writes_valid_zips(tmp_path: Path) -> None:
    """The same builder at a small size: sizes and CRC-32 verified by zipfile."""
    for left, right in ((b"abc", b"defgh"), (b"", b"x"), (b"x" * 1000, b"\x00" * 77)):
        assert crc32_combine(zlib.crc32(left), zlib.crc32(right), len(right)) == zlib.crc32(
            left + right
        )
    member = _bomb_member("xl/worksheets/sheet1.xml", b"<head>", b"</tail>", b" " * 1024, 37)
    path = tmp_path / "small-bomb.xlsx"
    _write_raw_zip(path, [member])
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        content = archive.read("xl/worksheets/sheet1.xml")
    assert content == b"<head>" + b" " * 1024 * 37 + b"</tail>"


# --- outputs: atomic, never onto an input -------------------------------------------------


@pytest.mark.parametrize("spelling", ["same path", "dot path", "symlink", "xlsx format", "folder"])
def test_output_onto_an_input_is_refused_and_the_input_untouched(
    corpus: Corpus, tmp_path: Path, spelling: str
) -> None:
    """Extends test_cli_score's in-process test: other spellings, a folder, a subprocess."""
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    workbook = Path(shutil.copy(corpus.cases["marked"].path, work / "marking.xlsx"))
    inputs, target, output_format = [workbook], workbook, "json"
    if spelling == "dot path":
        target = work / "." / "marking.xlsx"
    elif spelling == "symlink":
        target = work / "link.xlsx"
        target.symlink_to(workbook)
    elif spelling == "xlsx format":
        output_format = "xlsx"
    elif spelling == "folder":
        inputs = [work]
    before = sha256_of_files(work)
    arguments = ["-m", "sqs_cli", "score", *map(str, inputs), "-o", str(target)]
    run = run_python([*arguments, "--format", output_format], cwd=work, home=home)
    assert run.exit_code == 2, run.stderr
    refusal = "error[output-not-writable] refusing to write output onto an input workbook"
    assert refusal in run.stderr
    assert "Traceback" not in run.stderr
    assert sha256_of_files(work) == before


def _interrupted_write(tmp_path: Path, source: Path, how: signal.Signals) -> tuple[Run, Path]:
    """Score to report.json, whose previous content is kept, with `how` sent mid-write."""
    workbook = Path(shutil.copy(source, tmp_path / "marking.xlsx"))
    report = tmp_path / "report.json"
    report.write_text("the previous report\n")
    home = tmp_path / "home"
    home.mkdir()
    # The signal arrives after the new report is written to its temporary file and
    # before that file is renamed over the old one: the worst moment.
    code = (
        "import os, signal, sys\n"
        f"os.fsync = lambda descriptor: os.kill(os.getpid(), signal.{how.name})\n"
        "from sqs_cli.cli import main\n"
        "sys.argv[0] = 'sqs'\n"
        "main()\n"
    )
    arguments = ["-c", code, "score", str(workbook), "-o", str(report), "--format", "json"]
    return run_python(arguments, cwd=tmp_path, home=home), report


def test_an_interrupted_write_leaves_the_previous_output_and_no_partial_file(
    corpus: Corpus, tmp_path: Path
) -> None:
    """Ctrl-C in a real process; tests/test_output.py has the unit test with KeyboardInterrupt."""
    run, report = _interrupted_write(tmp_path, corpus.cases["marked"].path, signal.SIGINT)
    assert run.exit_code == 128 + signal.SIGINT  # the shell's convention for Ctrl-C
    assert "Traceback" not in run.stderr
    assert report.read_text() == "the previous report\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "home",
        "marking.xlsx",
        "report.json",
    ]


def test_a_killed_write_never_leaves_a_partial_output(corpus: Corpus, tmp_path: Path) -> None:
    """SIGKILL cannot be cleaned up after: the old report stays whole; only a hidden
    temporary file (`.report.json.*.tmp`) may be left beside it."""
    run, report = _interrupted_write(tmp_path, corpus.cases["marked"].path, signal.SIGKILL)
    assert run.exit_code == -signal.SIGKILL
    assert report.read_text() == "the previous report\n"
    leftovers = {path.name for path in tmp_path.iterdir()} - {
        "home",
        "marking.xlsx",
        "report.json",
    }
    assert all(re.fullmatch(r"\.report\.json\..+\.tmp", name) for name in leftovers), leftovers


def test_the_measurements_can_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Peak memory, the address-space cap and the hang timeout see what they must."""
    home = tmp_path / "home"
    home.mkdir()
    hog = run_python(
        ["-c", "import time; block = bytearray(600 * 1024 * 1024); time.sleep(0.2)"],
        cwd=tmp_path,
        home=home,
    )
    assert hog.exit_code == 0
    assert hog.peak_mb > MEMORY_LIMIT_MB
    assert hog.seconds >= 0.2
    runaway = run_python(["-c", "block = bytearray(3 * 1024**3)"], cwd=tmp_path, home=home)
    assert runaway.exit_code == 1
    assert "MemoryError" in runaway.stderr
    monkeypatch.setattr(sys.modules[__name__], "HANG_TIMEOUT_SECONDS", 0.5)
    hang = run_python(["-c", "import time; time.sleep(30)"], cwd=tmp_path, home=home)
    assert hang.hung
    assert hang.exit_code == -signal.SIGKILL
