"""sqs_cli.workers: results in input order, whatever dies, under every start method."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sqs_cli import workers
from sqs_cli.problems import Problem, problem
from sqs_cli.settings import MB
from sqs_cli.workers import Crash, WorkerError, crash_problem, map_isolated, start_method

REPO = Path(__file__).resolve().parent.parent

# What a Rust panic prints straight to file descriptor 2 (python-calamine, issue 12).
PANIC_TEXT = (
    b"thread '<unnamed>' panicked at src/xlsb/mod.rs:1:1:\n"
    b"called `Option::unwrap()` on a `None` value\nplease report it\n"
)
CAP_ENFORCED = workers.memory_cap_unavailable() is None
needs_cap = pytest.mark.skipif(not CAP_ENFORCED, reason="no memory cap on this system")
posix_only = pytest.mark.skipif(os.name != "posix", reason="signals and process groups")

# -- functions the workers run: module-level, so that spawn can import them ---------------


def jittered_double(item: int) -> int:
    time.sleep((item * 7 % 5) / 1000)  # finish out of order
    return 2 * item


def abort_on_three(item: int) -> int:
    if item == 3:
        os.abort()
    return 2 * item


def panic_on_three(item: int) -> int:
    os.write(1, b"library noise on stdout\n")
    if item == 3:
        os.write(2, PANIC_TEXT)
        os.abort()
    return 2 * item


def allocate_megabytes(item: int) -> int:
    return len(bytearray(item * MB)) // MB


def fail_on_three(item: int) -> int:
    if item == 3:
        raise ValueError("a bug in the function")
    return 2 * item


def sleep_and_record(folder: str, item: int) -> int:
    (Path(folder) / str(os.getpid())).touch()
    time.sleep(120)
    return item


def address_space_limit(item: int) -> str:
    """The worker's own RLIMIT_AS and address space, as Linux reports them (no import)."""
    limits = Path("/proc/self/limits").read_text()
    [line] = [line for line in limits.splitlines() if line.startswith("Max address space")]
    soft = line.split()[3]
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    return f"{soft} {pages * os.sysconf('SC_PAGE_SIZE')}"


# -- helpers --------------------------------------------------------------------------------


def crashed(item: int, found: Problem) -> tuple[str, int, Problem]:
    return ("crashed", item, found)


def run(function: object, items: list[int], **options: object) -> list[object]:
    return list(map_isolated(function, items, on_crash=crashed, **options))  # type: ignore[arg-type]


@pytest.fixture
def unset_start() -> Iterator[None]:
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(None, force=True)
    try:
        yield
    finally:
        multiprocessing.set_start_method(previous, force=True)


def assert_abort(result: object, item: int) -> None:
    assert isinstance(result, tuple)
    kind, crashed_item, found = result
    assert (kind, crashed_item, found.code, found.file) == (
        "crashed",
        item,
        "read-crashed",
        str(item),
    )
    assert found.message == (
        "reading stopped: the reading library crashed (SIGABRT); the file is probably "
        "damaged: open it in Excel or LibreOffice and save it again, or ask for a fresh copy"
    )


# -- order and throughput -------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 3])
def test_results_come_back_in_input_order(forced_start: str, jobs: int) -> None:
    items = list(range(40))
    assert run(jittered_double, items, jobs=jobs) == [2 * item for item in items]


def test_no_items_start_no_worker(forced_start: str) -> None:
    assert run(abort_on_three, []) == []


# -- a worker that dies ---------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("jobs", [1, 2])
def test_an_abort_costs_only_its_item(forced_start: str, jobs: int) -> None:
    """Item 3 aborts its worker: the rest of its chunk, the chunks in flight beside it and
    the chunks after it all get their real results, in order."""
    results = run(abort_on_three, list(range(7)), jobs=jobs, chunksize=2)
    assert results[:3] == [0, 2, 4]
    assert_abort(results[3], 3)
    assert results[4:] == [8, 10, 12]


@posix_only
def test_a_lone_item_that_aborts_is_a_result(forced_start: str) -> None:
    """One workbook, as `sqs score workbook.xlsx` reads it (with fork: os.fork, no pool)."""
    [result] = run(abort_on_three, [3])
    assert_abort(result, 3)


@posix_only
def test_several_culprits_in_one_chunk(forced_start: str) -> None:
    results = run(abort_on_three, [3, 1, 3], jobs=1, chunksize=3)
    assert_abort(results[0], 3)
    assert results[1] == 2
    assert_abort(results[2], 3)


@posix_only
@pytest.mark.parametrize("items", [[3], [1, 3, 5]])
def test_library_text_never_reaches_the_terminal(
    forced_start: str, items: list[int], capfd: pytest.CaptureFixture[str]
) -> None:
    """A panic's text on fd 2 and a library's on fd 1 stay in the worker's private log."""
    results = run(panic_on_three, items, jobs=2)
    assert len(results) == len(items)
    assert capfd.readouterr() == ("", "")


def test_an_exception_in_the_function_is_raised_here(forced_start: str) -> None:
    """A bug is not a crash: it is raised (the CLI's internal error), with its traceback."""
    with pytest.raises(WorkerError, match="ValueError: a bug in the function"):
        run(fail_on_three, [1, 3, 5], jobs=2)
    with pytest.raises(WorkerError, match="ValueError: a bug in the function"):
        run(fail_on_three, [3])


# -- diagnose ----------------------------------------------------------------------------------


@posix_only
def test_diagnose_explains_a_crash(forced_start: str) -> None:
    asked: list[int] = []

    def diagnose(item: int) -> Problem | None:
        asked.append(item)
        return problem(
            "limit-exceeded", "sheet reaches 1,048,576 rows", file=f"w{item}.xlsb", sheet="Cases"
        )

    results = run(abort_on_three, [1, 3, 5], jobs=2, diagnose=diagnose)
    assert results[0::2] == [2, 10]
    assert results[1] == (
        "crashed",
        3,
        problem("limit-exceeded", "sheet reaches 1,048,576 rows", file="w3.xlsb", sheet="Cases"),
    )
    assert asked == [3]  # only after a crash, and in this process


@posix_only
@pytest.mark.parametrize("outcome", ["nothing found", "raises"])
def test_the_generic_problem_stays_when_diagnose_finds_nothing(outcome: str) -> None:
    def diagnose(item: int) -> Problem | None:
        if outcome == "raises":
            raise RuntimeError("the scan itself failed")
        return None

    for items in ([3], [1, 3]):
        results = run(abort_on_three, items, diagnose=diagnose, name=lambda item: f"w{item}.xlsx")
        _, _, found = results[-1]  # type: ignore[misc]
        assert (found.code, found.file) == ("read-crashed", "w3.xlsx")


# -- the memory cap ----------------------------------------------------------------------------


@needs_cap
@pytest.mark.parametrize("items", [[200], [1, 200, 2]])
def test_the_memory_cap_stops_a_runaway_allocation(forced_start: str, items: list[int]) -> None:
    results = run(allocate_megabytes, items, jobs=1, max_memory_bytes=64 * MB)
    expected = problem(
        "read-crashed",
        "reading stopped: it needed more than the 64 MB memory cap; the file may be damaged or "
        "too large: open it in Excel or LibreOffice and save it again, or raise --max-memory-mb",
        file="200",
    )
    assert results == [item if item != 200 else ("crashed", 200, expected) for item in items]


@needs_cap
@pytest.mark.parametrize("items", [[0], [0, 1]])
def test_the_cap_is_the_address_space_at_start_plus_the_allowance(
    forced_start: str, items: list[int]
) -> None:
    for result in run(address_space_limit, items, max_memory_bytes=256 * MB):
        limit, in_use = map(int, str(result).split())
        # What the worker mapped between setting the cap and reporting it is small.
        assert 256 * MB - 32 * MB < limit - in_use <= 256 * MB


@needs_cap
def test_a_tighter_limit_already_set_is_kept(unset_start: None) -> None:
    """A forked worker starts with this process's address space and limit."""
    import resource

    multiprocessing.set_start_method("fork", force=True)
    before = resource.getrlimit(resource.RLIMIT_AS)
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    tighter = pages * os.sysconf("SC_PAGE_SIZE") + 3 * 1024 * MB
    resource.setrlimit(resource.RLIMIT_AS, (tighter, before[1]))
    try:
        results = [
            run(address_space_limit, items, max_memory_bytes=4096 * MB) for items in ([0], [0, 1])
        ]
    finally:
        resource.setrlimit(resource.RLIMIT_AS, before)
    assert {int(str(result).split()[0]) for each in results for result in each} == {tighter}


def test_without_the_resource_module_reading_goes_on_uncapped(
    forced_start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no `resource`: the cap is off, said by memory_cap_unavailable."""
    monkeypatch.setitem(sys.modules, "resource", None)  # `import resource` now fails
    reason = workers.memory_cap_unavailable()
    assert reason == "Python's resource module is missing, as on Windows"
    assert run(jittered_double, [1, 2, 3], max_memory_bytes=64 * MB) == [2, 4, 6]
    if sys.platform.startswith("linux"):
        for result in run(address_space_limit, [0, 1], max_memory_bytes=64 * MB):
            assert str(result).split()[0] == "unlimited"


def test_macos_is_said_to_have_no_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("resource")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert workers.memory_cap_unavailable() == "macOS does not enforce an address-space limit"


# -- start methods ------------------------------------------------------------------------------


def test_a_start_method_the_program_set_is_kept(forced_start: str) -> None:
    assert start_method() == forced_start


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is chosen on Linux only")
def test_fork_only_while_this_process_has_one_thread(unset_start: None) -> None:
    if threading.active_count() != 1:
        pytest.skip("the test runner itself runs threads")
    assert start_method() == "fork"
    stop = threading.Event()
    progress_bar = threading.Thread(target=stop.wait)
    progress_bar.start()
    try:
        assert start_method() == "forkserver"
    finally:
        stop.set()
        progress_bar.join()


def test_elsewhere_forkserver_or_spawn(unset_start: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert start_method() == "forkserver"
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert start_method() == "spawn"


# -- Ctrl-C ------------------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@posix_only
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("count", [1, 4])
def test_ctrl_c_stops_every_worker_without_hanging(tmp_path: Path, count: int) -> None:
    """SIGINT to the whole process group, as a terminal sends it: the parent stops its
    workers (which ignore SIGINT) and ends; none is left running."""
    script = (
        "import functools, sys\n"
        "from sqs_cli.workers import map_isolated\n"
        "from tests.test_workers import crashed, sleep_and_record\n"
        "work = functools.partial(sleep_and_record, sys.argv[1])\n"
        f"list(map_isolated(work, list(range({count})), on_crash=crashed, jobs=2, chunksize=1))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < min(count, 2) and time.monotonic() < deadline:
            time.sleep(0.05)
        pids = [int(path.name) for path in tmp_path.iterdir()]
        assert len(pids) == min(count, 2)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == -signal.SIGINT, stderr
    assert b"KeyboardInterrupt" in stderr
    assert not [pid for pid in pids if _alive(pid)]


# -- the message ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("crash", "message"),
    [
        (
            Crash("memory", -6, 4096 * MB),
            "reading stopped: it needed more than the 4,096 MB memory cap; the file may be "
            "damaged or too large: open it in Excel or LibreOffice and save it again, or raise "
            "--max-memory-mb",
        ),
        (
            Crash("memory", 1, None),
            "reading stopped: it needed more memory than this computer could give; the file "
            "may be damaged or too large: open it in Excel or LibreOffice and save it again",
        ),
        (
            Crash("killed", -9, 4096 * MB),
            "reading stopped: the system stopped the reading process (SIGKILL, often for lack "
            "of memory); the file may be damaged or too large: open it in Excel or LibreOffice "
            "and save it again, or score it on its own",
        ),
        (
            Crash("crashed", -11, 4096 * MB),
            "reading stopped: the reading library crashed (SIGSEGV); the file is probably "
            "damaged: open it in Excel or LibreOffice and save it again, or ask for a fresh copy",
        ),
        (
            Crash("crashed", 0xC0000005, None),
            "reading stopped: the reading library crashed (exit status 0xc0000005); the file is "
            "probably damaged: open it in Excel or LibreOffice and save it again, or ask for a "
            "fresh copy",
        ),
        (
            Crash("crashed", 3, None),
            "reading stopped: the reading library crashed (exit status 3); the file is probably "
            "damaged: open it in Excel or LibreOffice and save it again, or ask for a fresh copy",
        ),
    ],
)
def test_the_crash_message_says_what_stopped_and_what_to_do(crash: Crash, message: str) -> None:
    found = crash_problem("audits/w.xlsx", crash)
    assert found == problem("read-crashed", message, file="audits/w.xlsx")
    assert found.unreadable
    assert "report" not in found.message  # a damaged file is never a bug in sqs


@posix_only
def test_a_worker_killed_from_outside_is_said_to_be_killed(forced_start: str) -> None:
    """SIGKILL is what Linux's out-of-memory killer sends."""
    [result] = run(kill_self, [int(signal.SIGKILL)])
    assert isinstance(result, tuple)
    assert result[2].message.startswith(
        "reading stopped: the system stopped the reading process (SIGKILL"
    )


def kill_self(item: int) -> int:
    os.kill(os.getpid(), item)
    return item


def test_a_worker_that_cannot_start_blames_no_item() -> None:
    """Spawn cannot import a function defined in `python -c`: that is no file's fault."""
    script = (
        "import multiprocessing\n"
        "from sqs_cli.workers import WorkerError, map_isolated\n"
        "def double(item):\n"
        "    return 2 * item\n"
        "multiprocessing.set_start_method('spawn')\n"
        "try:\n"
        "    list(map_isolated(double, [1, 2, 3], on_crash=lambda *crash: crash, jobs=2))\n"
        "except WorkerError as error:\n"
        "    print(str(error).splitlines()[0])\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.stdout == "a worker process could not start (exit status 1):\n"
