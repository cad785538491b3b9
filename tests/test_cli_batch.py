"""`sqs score` over folders for CI: every workbook, the worst exit code, shards, jobs."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner, Result

from sqs_cli import workers
from sqs_cli.cli import app
from sqs_cli.writers.markdown import cell
from tests.conftest import COVENTRY, REPO, valid_report, write_workbook

Cli = Callable[..., Result]

QUESTIONS = ["1.1a", "1.1b", "2.1a", "3.1a", "3.2a", "4.3a", "5.1a"]
MARKS = ["Yes", "Yes", "Yes", "No", "Not done", "N/A"]
GOOD, WITH_ERRORS, UNREADABLE = 46, 2, 3


def _marking_rows(rng: random.Random, cases: int) -> list[list[object]]:
    rows: list[list[object]] = [["Case ID", *QUESTIONS]]
    rows += [[f"C{n:03}", *(rng.choice(MARKS) for _ in QUESTIONS)] for n in range(cases)]
    return rows


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """51 workbooks in nested folders (46 good, 2 with cell errors, 3 unreadable), plus
    files that must be skipped: Office lock files, hidden files and hidden folders."""
    root = tmp_path_factory.mktemp("audits")
    rng = random.Random(2016)
    for number in range(GOOD):
        area = root / f"region-{number % 4}"
        area.mkdir(exist_ok=True)
        sheets = {
            "Cases": _marking_rows(rng, rng.randint(20, 60)),
            "Inspection": [["Area", f"Area {number:02}"]],
        }
        write_workbook(area / f"audit-{number:02}.xlsx", sheets)
    bad_cells = _marking_rows(rng, 20)
    bad_cells[3][2] = "Yse"
    write_workbook(root / "errors-1.xlsx", {"Cases": bad_cells})
    duplicate = _marking_rows(rng, 20)
    duplicate[5][0] = duplicate[4][0]
    write_workbook(root / "errors-2.xlsx", {"Cases": duplicate})
    (root / "broken-text.xlsx").write_text("this is not a workbook")
    (root / "broken-truncated.xlsx").write_bytes(COVENTRY.read_bytes()[:2000])
    (root / "broken-empty.ods").write_bytes(b"")
    # Never scored:
    (root / "~$audit-00.xlsx").write_bytes(b"lock")
    (root / ".hidden.xlsx").write_text("hidden")
    (root / ".git").mkdir()
    (root / ".git" / "audit.xlsx").write_text("hidden folder")
    (root / "notes.txt").write_text("not a workbook suffix")
    return root


def test_every_workbook_is_reported_and_the_worst_exit_code_returned(
    cli: Cli, folder: Path
) -> None:
    result = cli("score", folder, "--format", "json", "--jobs", "2")
    assert result.exit_code == 2
    document = valid_report(result.stdout)
    statuses = [workbook["status"] for workbook in document["workbooks"]]
    assert len(statuses) == GOOD + WITH_ERRORS + UNREADABLE
    assert document["summary"] == {
        "workbooks": 51,
        "ok": GOOD,
        "errors": WITH_ERRORS,
        "unreadable": UNREADABLE,
    }
    paths = [workbook["path"] for workbook in document["workbooks"]]
    assert paths == sorted(paths, key=Path)
    assert not any(Path(path).name.startswith(("~$", ".")) for path in paths)
    assert not any("/.git/" in path for path in paths)
    tail = result.stderr.splitlines()[-6:]
    assert tail[0] == "sqs: 5 of 51 workbooks failed:"
    assert tail[1:] == [
        f"  {folder / 'broken-empty.ods'}: unreadable (empty-file)",
        f"  {folder / 'broken-text.xlsx'}: unreadable (not-a-workbook)",
        f"  {folder / 'broken-truncated.xlsx'}: unreadable (corrupt-workbook)",
        f"  {folder / 'errors-1.xlsx'}: 1 error",
        f"  {folder / 'errors-2.xlsx'}: 1 error",
    ]
    assert document["pooled"]["workbooks"] == GOOD + WITH_ERRORS
    assert document["pooled"]["cases"] == sum(
        workbook["cases"] for workbook in document["workbooks"] if workbook["cases"] is not None
    )


def test_pooled_figures_are_sums_over_the_workbooks(cli: Cli, folder: Path) -> None:
    document = valid_report(cli("score", folder, "--format", "json", "--jobs", "1").stdout)
    readable = [w for w in document["workbooks"] if w["status"] != "unreadable"]
    for pooled in document["pooled"]["questions"]:
        for count in ("sufficient", "insufficient", "not_done", "relevant"):
            assert pooled[count] == sum(
                next(q for q in w["questions"] if q["id"] == pooled["id"])[count] for w in readable
            )


def test_jobs_1_and_jobs_2_give_byte_identical_json(
    cli: Cli, folder: Path, forced_start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The report records when it was made: a fixed time, so that only --jobs differs.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765100000")
    one = cli("score", folder, "--format", "json", "--jobs", "1")
    two = cli("score", folder, "--format", "json", "--jobs", "2")
    three = cli("score", folder, "--format", "json", "--jobs", "3")
    assert one.exit_code == two.exit_code == three.exit_code == 2
    assert one.stdout == two.stdout == three.stdout
    assert valid_report(one.stdout)["summary"]["ok"] == GOOD


@pytest.fixture(scope="module")
def forked_jobs_1(folder: Path) -> tuple[str, str]:
    """The batch's JSON and table with `--jobs 1` where workers are forked (Linux)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("fork is not available here")
    # The report records when it was made: a fixed time, so that only --jobs differs.
    runner = CliRunner(
        env={"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "SOURCE_DATE_EPOCH": "1765100000"}
    )
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("fork", force=True)
    try:
        outputs = [
            runner.invoke(app, ["score", str(folder), "--jobs", "1", *options]).stdout
            for options in (["--format", "json"], [])
        ]
    finally:
        multiprocessing.set_start_method(previous, force=True)
    return outputs[0], outputs[1]


def test_every_start_method_gives_the_result_of_jobs_1(
    cli: Cli,
    folder: Path,
    forced_start: str,
    forked_jobs_1: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not only each start method agreeing with itself: spawn (Windows, macOS) and
    forkserver (Python 3.14 on Linux) give, byte for byte, the JSON and the table that
    `--jobs 1` gives with forked workers."""
    json_report, table = forked_jobs_1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765100000")
    assert valid_report(json_report)["summary"]["workbooks"] == 51
    assert cli("score", folder, "--format", "json", "--jobs", "2").stdout == json_report
    assert cli("score", folder, "--jobs", "3").stdout == table


def test_only_errors_exit_1(cli: Cli, folder: Path) -> None:
    result = cli("score", folder / "region-0", folder / "errors-1.xlsx", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "sqs: 1 of 13 workbooks failed:",
        f"  {folder / 'errors-1.xlsx'}: 1 error",
    ]


def test_shards_partition_the_inputs(cli: Cli, folder: Path) -> None:
    everything = [
        w["path"]
        for w in valid_report(cli("score", folder, "--format", "json").stdout)["workbooks"]
    ]
    shards = [
        [
            w["path"]
            for w in valid_report(
                cli("score", folder, "--format", "json", "--shard", f"{k}/3").stdout
            )["workbooks"]
        ]
        for k in (1, 2, 3)
    ]
    assert [len(shard) for shard in shards] == [17, 17, 17]
    assert sorted(path for shard in shards for path in shard) == sorted(everything)
    assert not set(shards[0]) & set(shards[1]) | set(shards[1]) & set(shards[2])


@pytest.mark.parametrize("shard", ["0/3", "4/3", "3", "a/b", "1/0"])
def test_bad_shard_is_a_usage_error(cli: Cli, folder: Path, shard: str) -> None:
    result = cli("score", folder, "--shard", shard)
    assert result.exit_code == 2
    assert "Invalid value for '--shard'" in result.stderr


def test_no_progress_bar_when_not_a_terminal(cli: Cli, folder: Path) -> None:
    result = cli("score", folder / "region-3", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".json", lambda text: valid_report(text)["summary"]["workbooks"] == 12),
        (".csv", lambda text: len(list(csv.DictReader(io.StringIO(text)))) == 12 * 30),
        (".xml", lambda text: len(ElementTree.fromstring(text).findall("testsuite")) == 12),
        (".md", lambda text: text.startswith("## SQS results")),
        (".txt", lambda text: text.startswith("12 workbooks: 12 ok")),
    ],
)
def test_format_follows_the_output_suffix(
    cli: Cli, folder: Path, tmp_path: Path, suffix: str, check: Callable[[str], bool]
) -> None:
    target = tmp_path / f"results{suffix}"
    result = cli("score", folder / "region-1", "-o", target)
    assert result.exit_code == 0, result.output
    assert check(target.read_text("utf-8"))


def test_a_suffix_that_contradicts_the_format_is_a_usage_error(
    cli: Cli, folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "results.xml"
    result = cli("score", folder / "region-1", "--format", "json", "-o", target)
    assert result.exit_code == 2
    assert "results.xml is a junit file name, but --format is json" in " ".join(
        result.stderr.replace("│", " ").split()
    )
    assert not target.exists()
    # Without a suffix, --format says what the file is.
    plain = tmp_path / "results"
    assert cli("score", folder / "region-1", "--format", "json", "-o", plain).exit_code == 0
    assert valid_report(plain.read_text("utf-8"))["summary"]["workbooks"] == 12


def test_github_format_appends_a_step_summary(
    cli: Cli, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = cli("score", folder / "errors-1.xlsx", folder / "region-0", "--format", "github")
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert errors == [
        f"::error file={folder / 'errors-1.xlsx'},title=Cases!C4 unknown-judgement::"
        "'Yse' is not a judgement; did you mean 'Yes'?"
    ]
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n## SQS results")
    assert f"| {cell(str(folder / 'errors-1.xlsx'))} |" in text


def test_batch_table_shows_one_row_per_workbook_then_pooled(cli: Cli, folder: Path) -> None:
    result = cli("score", folder / "region-0", folder / "broken-text.xlsx")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == "13 workbooks: 12 ok, 0 with errors, 1 unreadable"
    # Each workbook is named by its area and its path (or the path alone), wrapped to the
    # column: a row per workbook starts with its name.
    rows = [line for line in lines if line.startswith(("Area ", str(folder)[:12]))]
    assert len(rows) == 13
    assert rows[0].startswith(str(folder)[:12])
    assert rows[0].rstrip().endswith("unreadable")
    assert any(line.startswith("All workbooks pooled: 12 workbooks, ") for line in lines)


def test_progress_bar_on_an_interactive_terminal_but_not_with_quiet(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CliRunner has no real terminal: stand one in for stderr (a real one: the next tests).
    monkeypatch.setattr("sqs_cli.cli._stderr_is_terminal", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    runner = CliRunner(env={"TTY_INTERACTIVE": "1", "TERM": "xterm", "CI": None})

    def cli(*args: str | Path) -> Result:
        return runner.invoke(app, [str(arg) for arg in args])

    shown = cli("score", folder / "region-3", "--format", "json")
    assert "Scoring" in shown.stderr
    assert "11/11" in shown.stderr
    valid_report(shown.stdout)  # the bar never touches stdout
    assert "Scoring" not in cli("score", folder / "region-3", "--format", "json", "-q").stderr
    one = cli("score", folder / "region-3" / "audit-03.xlsx", "--format", "json")
    assert "Scoring" not in one.stderr


def test_a_folder_with_no_workbooks_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing to score")
    (tmp_path / "~$lock.xlsx").write_bytes(b"lock")
    result = cli("score", tmp_path)
    assert result.exit_code == 2
    assert (
        result.stderr == f"{tmp_path}: error[no-workbooks] the folder holds no workbooks to score\n"
    )
    assert result.stdout == ""


# -- a reader that dies (issue 12) ---------------------------------------------------------


def _claiming_four_billion_strings(path: Path) -> Path:
    """A 5 KB workbook whose shared-string table claims 4,294,967,295 entries: python-calamine
    reserves room for them all (103 GB) before reading one, and aborts the process."""
    write_workbook(path, {"Cases": _marking_rows(random.Random(12), 20)})
    table = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" count="1" uniqueCount="4294967295"><si><t>x</t></si></sst>'
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", table)
    return path


MEMORY_CAP_MESSAGE = (
    "reading stopped: it needed more than the {cap} MB memory cap; the file may be damaged or "
    "too large: open it in Excel or LibreOffice and save it again, or raise --max-memory-mb"
)


# The preflight finds the false count before python-calamine reserves room for it; the
# aborts themselves are tested with a real workbook under a cap too small for it (below).
FOUR_BILLION_STRINGS = (
    "the workbook is damaged: its shared-string table claims 4,294,967,295 strings"
)


def test_a_workbook_that_aborted_the_reader_is_refused_and_the_batch_goes_on(
    cli: Cli, folder: Path, tmp_path: Path
) -> None:
    """Before issue 12 this run ended with exit 134 and no output at all."""
    hostile = _claiming_four_billion_strings(tmp_path / "region-0-hostile.xlsx")
    result = cli("score", folder / "region-0", hostile, "--format", "json", "--jobs", "2")
    assert result.exit_code == 2
    document = valid_report(result.stdout)
    statuses = {workbook["path"]: workbook["status"] for workbook in document["workbooks"]}
    assert statuses.pop(str(hostile)) == "unreadable"
    assert len(statuses) == 12
    assert set(statuses.values()) == {"ok"}
    assert [workbook["path"] for workbook in document["workbooks"]][-1] == str(hostile)
    [refusal] = document["workbooks"][-1]["problems"]
    assert refusal["code"] == "corrupt-workbook"
    assert refusal["message"].startswith(FOUR_BILLION_STRINGS)
    assert f"{hostile}: unreadable (corrupt-workbook)" in result.stderr


def test_one_hostile_workbook_gets_one_line_and_no_library_text(tmp_path: Path) -> None:
    """In a real process: nothing of the library's reaches the terminal."""
    hostile = _claiming_four_billion_strings(tmp_path / "hostile.xlsx")
    run = subprocess.run(
        [sys.executable, "-m", "sqs_cli", "score", str(hostile), "--format", "json"],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "RUST_BACKTRACE": "1", "PYTHONFAULTHANDLER": "1"},
    )
    assert run.returncode == 2
    [line] = run.stderr.splitlines()
    assert line.startswith(f"{hostile}: error[corrupt-workbook] {FOUR_BILLION_STRINGS}")
    assert valid_report(run.stdout)["summary"]["unreadable"] == 1


def test_compare_refuses_it_too(cli: Cli, tmp_path: Path) -> None:
    hostile = _claiming_four_billion_strings(tmp_path / "hostile.xlsx")
    result = cli("compare", hostile, COVENTRY)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{hostile}: error[corrupt-workbook] {FOUR_BILLION_STRINGS}")


@pytest.fixture(scope="module")
def large_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 cases: reading it takes about 50 MB more than a marking sample's few."""
    rows = _marking_rows(random.Random(20_000), 20_000)
    return write_workbook(tmp_path_factory.mktemp("large") / "regional.xlsx", {"Cases": rows})


def _sqs(start_method: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """sqs in a process of its own, as small as a user's: a worker forked from this test
    process could reuse the memory it has freed, which the cap does not count."""
    driver = (
        "import multiprocessing, sys\n"
        "multiprocessing.set_start_method(sys.argv[1])\n"
        "from sqs_cli.cli import main\n"
        "sys.argv[1:2] = []\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", driver, start_method, *map(str, args)],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(
    workers.memory_cap_unavailable() is not None, reason="no memory cap on this system"
)
@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_workbook_too_big_for_the_memory_cap_is_unreadable(
    folder: Path, large_workbook: Path, method: str, jobs: str
) -> None:
    inputs = [folder / "region-1" / "audit-01.xlsx", large_workbook, folder / "errors-1.xlsx"]
    options = ["--format", "json", "--max-memory-mb", "16", "--jobs", jobs]
    result = _sqs(method, "score", *inputs, *options)
    assert result.returncode == 2, result.stderr
    document = valid_report(result.stdout)
    statuses = {workbook["path"]: workbook["status"] for workbook in document["workbooks"]}
    assert list(statuses) == [str(path) for path in sorted(inputs)]  # the usual order
    assert [statuses[str(path)] for path in inputs] == ["ok", "unreadable", "errors"]
    [crash] = next(w["problems"] for w in document["workbooks"] if w["status"] == "unreadable")
    assert (crash["code"], crash["message"]) == ("read-crashed", MEMORY_CAP_MESSAGE.format(cap=16))
    assert f"{large_workbook}: unreadable (read-crashed)" in result.stderr


@pytest.mark.skipif(
    workers.memory_cap_unavailable() is not None, reason="no memory cap on this system"
)
def test_the_memory_cap_can_be_raised(large_workbook: Path) -> None:
    roomy = _sqs("fork", "score", large_workbook, "--format", "json", "--max-memory-mb", "512")
    assert roomy.returncode == 0
    assert valid_report(roomy.stdout)["workbooks"][0]["cases"] == 20_000
    checked = _sqs("fork", "validate", large_workbook, "--max-memory-mb", "16")
    assert checked.returncode == 2
    assert checked.stdout.splitlines()[-1] == f"{large_workbook}: unreadable"


def test_score_and_validate_offer_the_memory_cap(cli: Cli) -> None:
    for command in ("score", "validate"):
        assert "--max-memory-mb" in cli(command, "--help").stdout


# -- where the memory cap is off (Windows) -------------------------------------------------------


NOTICE = (
    "sqs: notice: no memory cap on reading (Python's resource module is missing, as on "
    "Windows); a workbook that needs too much memory can slow this computer down before it fails"
)


@pytest.mark.parametrize("command", ["score", "validate"])
def test_without_the_resource_module_scoring_works_and_says_what_is_off(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setitem(sys.modules, "resource", None)  # as on Windows: `import resource` fails
    with_cap = cli(command, folder / "region-2")
    assert with_cap.exit_code == 0
    assert with_cap.stderr.splitlines().count(NOTICE) == 1
    assert with_cap.stderr.splitlines()[0] == NOTICE
    quiet = cli(command, folder / "region-2", "-q")
    assert NOTICE not in quiet.stderr
    assert quiet.stdout == with_cap.stdout


def test_no_notice_where_the_cap_is_on(cli: Cli, folder: Path) -> None:
    if workers.memory_cap_unavailable() is not None:
        pytest.skip("no memory cap on this system")
    assert "notice" not in cli("score", folder / "region-2", "--format", "json").stderr


@pytest.mark.parametrize(
    ("asked", "terminal", "environ", "shown"),
    [
        (None, True, {}, True),
        (None, True, {"CI": "true"}, False),
        (None, True, {"CI": "TRUE"}, False),
        (None, True, {"CI": "1"}, False),
        (None, True, {"CI": "false"}, True),
        (True, True, {"CI": "true"}, True),
        (False, True, {}, False),
        (None, False, {"FORCE_COLOR": "1"}, False),
        (True, False, {"FORCE_COLOR": "1", "TTY_INTERACTIVE": "1"}, False),
        (None, True, {"TERM": "dumb"}, False),
    ],
)
def test_when_the_progress_bar_is_shown(
    asked: bool | None, terminal: bool, environ: dict[str, str], shown: bool
) -> None:
    from sqs_cli.cli import progress_wanted

    assert progress_wanted(asked, terminal=terminal, environ=environ) is shown


def _stderr_through_a_terminal(folder: Path, *options: str, env: dict[str, str]) -> str:
    """Run sqs with its stderr on a real pseudo-terminal; what the terminal received."""
    import os
    import pty

    controller, terminal = pty.openpty()
    environ = {key: value for key, value in os.environ.items() if key not in ("CI", "NO_COLOR")}
    environ.update(env, TERM="xterm", COLUMNS="100")
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "sqs_cli", "score", str(folder), "--format", "json", *options],
            stdout=subprocess.PIPE,
            stderr=terminal,
            env=environ,
            timeout=120,
            check=False,
        )
        os.close(terminal)
        received = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(controller)
    valid_report(completed.stdout.decode("utf-8"))
    return received.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_real_terminal_shows_the_bar_unless_ci_or_no_progress(folder: Path) -> None:
    region = folder / "region-2"
    assert "Scoring" in _stderr_through_a_terminal(region, env={})
    assert "Scoring" not in _stderr_through_a_terminal(region, env={"CI": "true"})
    assert "Scoring" in _stderr_through_a_terminal(region, "--progress", env={"CI": "true"})
    assert "Scoring" not in _stderr_through_a_terminal(region, "--no-progress", env={})


def test_force_color_on_a_pipe_shows_no_bar(folder: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "sqs_cli", "score", str(folder / "region-2"), "--format", "json"],
        capture_output=True,
        env={**os.environ, "FORCE_COLOR": "1", "TTY_INTERACTIVE": "1"},
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stderr == b""


def test_a_copied_workbook_is_a_warning_not_twice_the_cases_silently(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "audits"
    folder.mkdir()
    (folder / "audit.xlsx").write_bytes(COVENTRY.read_bytes())
    (folder / "audit - Copy.xlsx").write_bytes(COVENTRY.read_bytes())
    result = cli("score", folder, "--format", "json", "--jobs", "1")
    assert result.exit_code == 0
    document = valid_report(result.stdout)
    assert document["pooled"]["cases"] == 40
    [warned] = [w for w in document["workbooks"] if w["problems"]]
    [warning] = warned["problems"]
    assert warning["code"] == "case-in-other-workbook"
    assert warning["message"] == (
        f"all 20 of its cases are also in {folder / 'audit - Copy.xlsx'} (20), row for row: "
        "pooled, they count twice; if it is a copy, leave it out of the run"
    )
    assert "case-in-other-workbook" in result.stderr
    # One workbook alone keeps no fingerprints and says nothing of the kind.
    alone = cli("score", folder / "audit.xlsx", "--format", "json")
    assert valid_report(alone.stdout)["workbooks"][0]["problems"] == []
