"""Run a function over items in worker processes that may die, each under a memory cap.

Reading a workbook runs native code (python-calamine's Rust) that a damaged or hostile
file can make abort, or allocate without bound. Here the death of a worker costs only
the item that caused it:

- items go to the workers in chunks, and the results come back in input order whatever
  the timing;
- each worker runs under a memory cap (where the system enforces one), with its standard
  output and error out of the user's sight, and leaves Ctrl-C to the parent;
- when a worker dies (or runs out of memory), the items of its chunk are run again one at
  a time, each in a fresh process: the one that dies alone is the culprit and gets the
  `read-crashed` problem (or the one `diagnose` finds); every other item gets its real
  result.

`concurrent.futures.ProcessPoolExecutor` cannot do this: the death of one worker breaks
the whole pool and fails every pending chunk without saying which one the dead worker
held, and before Python 3.14 it has no way to stop its workers on Ctrl-C. So this module
keeps its own few processes, each on a pipe of its own, and waits on all of them at once
with `multiprocessing.connection.wait`, which works alike on Windows, macOS and Linux.

One item where fork is the start method (Linux: `sqs score workbook.xlsx`, the common
case) is read in a child made with os.fork and a pipe, not with multiprocessing, whose
import alone (socket, tempfile, pickle and its own modules: about 25 ms) costs more than
reading a marking workbook; the child costs about 3 ms (docs/performance.md).
"""

from __future__ import annotations

import contextlib
import heapq
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar

from sqs_cli.problems import Problem, problem
from sqs_cli.settings import MB

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

Item = TypeVar("Item")
Result = TypeVar("Result")

CrashCause = Literal["memory", "killed", "crashed"]

# Where Linux tells a process its address space (in pages): the cap is that much more.
_ADDRESS_SPACE = Path("/proc/self/statm")
# How much of the start and of the end of a dead worker's output is searched for why.
_LOG_SEARCHED_BYTES = 64 * 1024
# How long a worker that was asked to stop (or killed) may take to go.
_STOP_SECONDS = 2.0

_DONE, _OUT_OF_MEMORY, _FAILED = "done", "out of memory", "failed"
# A worker's first message: it has started and confined itself. One that dies before it
# says so never read anything, and no item is to blame.
_READY = "ready"


class Crash(NamedTuple):
    """How a worker stopped on an item it was reading alone, in a fresh process."""

    cause: CrashCause
    # The process's exit code; negative: the signal that ended it (POSIX).
    exit_code: int | None
    memory_cap_bytes: int | None


class WorkerError(RuntimeError):
    """The function raised in a worker: a bug, raised again in the parent. The message
    holds the worker's traceback, which may quote data: show it only under --debug."""


def crash_problem(file: str, crash: Crash) -> Problem:
    """The one-line problem for a file whose reading stopped: which, why, what to do."""
    resave = "open it in Excel or LibreOffice and save it again"
    if crash.cause == "memory" and crash.memory_cap_bytes is not None:
        cap = f"{crash.memory_cap_bytes // MB:,} MB"
        why = f"it needed more than the {cap} memory cap"
        todo = f"the file may be damaged or too large: {resave}, or raise --max-memory-mb"
    elif crash.cause == "memory":
        why = "it needed more memory than this computer could give"
        todo = f"the file may be damaged or too large: {resave}"
    elif crash.cause == "killed":
        why = "the system stopped the reading process (SIGKILL, often for lack of memory)"
        todo = f"the file may be damaged or too large: {resave}, or score it on its own"
    else:
        why = f"the reading library crashed ({_exit_description(crash.exit_code)})"
        todo = f"the file is probably damaged: {resave}, or ask for a fresh copy"
    return problem("read-crashed", f"reading stopped: {why}; {todo}", file=file)


def _exit_description(exit_code: int | None) -> str:
    if exit_code is None:
        return "no exit status"
    if exit_code < 0:
        import signal

        try:
            return signal.Signals(-exit_code).name
        except ValueError:
            return f"signal {-exit_code}"
    # Windows reports a crash as an NTSTATUS code, best read in hexadecimal.
    return f"exit status {exit_code:#x}" if exit_code > 0xFFFF else f"exit status {exit_code}"


def memory_cap_unavailable() -> str | None:
    """Why workers run without a memory cap on this system, or None where they have one.

    The cap is an address-space limit (RLIMIT_AS) above what a worker has at its start,
    which Linux tells in /proc. Windows has no `resource` module, and macOS accepts the
    limit but does not enforce it.
    """
    try:
        import resource
    except ImportError:
        return "Python's resource module is missing, as on Windows"
    if sys.platform == "darwin":
        return "macOS does not enforce an address-space limit"
    if not hasattr(resource, "RLIMIT_AS") or not _ADDRESS_SPACE.exists():
        return "this system does not report a process's address space"
    return None


def start_method() -> str:
    """How worker processes start: "fork", "forkserver" or "spawn".

    A start method the program has set (`multiprocessing.set_start_method`) is kept.
    Otherwise fork where it is safe: on Linux, in a process running one thread (a worker
    starts in milliseconds and shares the modules already imported; forking beside other
    threads can copy a lock one of them holds, and macOS's system libraries are not
    fork-safe). Else forkserver where there is one (macOS, and Linux while a progress
    bar's thread runs: a clean one-thread server forks the workers), else spawn (Windows).
    """
    # Not imported for the sake of asking: a program that never imported it set nothing.
    imported = sys.modules.get("multiprocessing")
    if imported is not None and (chosen := imported.get_start_method(allow_none=True)):
        return str(chosen)
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    import multiprocessing

    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def map_isolated(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    on_crash: Callable[[Item, Problem], Result],
    jobs: int = 1,
    max_memory_bytes: int | None = None,
    chunksize: int | None = None,
    diagnose: Callable[[Item], Problem | None] | None = None,
    name: Callable[[Item], str] = str,
) -> Iterator[Result]:
    """function(item) for every item, in up to `jobs` worker processes, in input order.

    function must be picklable (a module-level function or a partial of one). An item
    whose reading kills its worker even when run alone in a fresh process gets
    on_crash(item, problem): the problem is diagnose(item) when that (run in this process,
    after the crash) finds one, else `read-crashed` naming name(item). Each worker may
    take max_memory_bytes above what it has at start, where the system enforces a cap
    (see memory_cap_unavailable). An exception the function raises (a bug) is raised
    here as WorkerError. Closing the iterator, or Ctrl-C, stops every worker.
    """
    if not items:
        return iter(())
    cap = max_memory_bytes if memory_cap_unavailable() is None else None
    method = start_method()
    if len(items) == 1 and method == "fork" and sys.platform.startswith("linux"):
        return _read_alone(function, items[0], cap, on_crash, diagnose, name)
    workers = max(1, min(jobs, len(items)))
    if chunksize is None:
        # As concurrent.futures' map with a chunksize: fewer round trips, and still about
        # four chunks a worker so that the last ones finish together.
        chunksize = max(1, min(16, len(items) // (workers * 4)))
    pool = _Pool(function, items, method, jobs=workers, chunksize=chunksize, memory_cap=cap)
    return pool.results(on_crash, diagnose, name)


def _read_alone(
    function: Callable[[Item], Result],
    item: Item,
    memory_cap: int | None,
    on_crash: Callable[[Item, Problem], Result],
    diagnose: Callable[[Item], Problem | None] | None,
    name: Callable[[Item], str],
) -> Iterator[Result]:
    outcome = _forked(function, item, memory_cap)
    if isinstance(outcome, Crash):
        yield on_crash(item, _diagnosis(diagnose, item) or crash_problem(name(item), outcome))
    else:
        yield outcome


def _forked(function: Callable[[Any], Any], item: object, memory_cap: int | None) -> Any:
    """function(item) in a child made with os.fork (Linux): its result, or the Crash."""
    import pickle

    log = _Log.anonymous()
    readable, writable = os.pipe()
    _flush_standard_streams()  # or the child's copy of their buffers could be written twice
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child, which never returns
        exit_code = 1
        try:
            os.close(readable)
            _confine(memory_cap, log.descriptor)
            outcome = _outcome(function, item)
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writable, "wb") as stream:
                stream.write(data)
            exit_code = 0
        except BaseException as error:
            with contextlib.suppress(BaseException):
                os.write(2, type(error).__name__.encode())
        finally:
            os._exit(exit_code)
    try:
        os.close(writable)
        with os.fdopen(readable, "rb") as stream:
            data = stream.read()
        _, wait_status = os.waitpid(pid, 0)
    except BaseException:  # Ctrl-C: the child ignores it, so it is stopped here
        import signal

        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        log.close()
        raise
    exit_code = os.waitstatus_to_exitcode(wait_status)
    said = log.said()
    log.close()
    if exit_code != 0 or not data:
        return Crash(_cause(exit_code, said), exit_code, memory_cap)
    status, value = pickle.loads(data)
    if status == _OUT_OF_MEMORY:
        return Crash("memory", None, memory_cap)
    if status == _FAILED:
        raise WorkerError(value)
    return value


class _Log:
    """A worker's standard output and error: a private file, searched only for why the
    worker died and never shown (a panic message can quote cell data)."""

    def __init__(self, descriptor: int, path: str | None) -> None:
        self.descriptor = descriptor
        self.path = path

    @classmethod
    def temporary(cls) -> _Log:
        """A temporary file, which a worker started by multiprocessing opens by name."""
        import tempfile

        return cls(*tempfile.mkstemp(prefix="sqs-worker-", suffix=".log"))

    @classmethod
    def anonymous(cls) -> _Log:
        """A file in memory with no name (Linux), which a forked child inherits."""
        return cls(os.memfd_create("sqs-reader", os.MFD_CLOEXEC), None)

    def said(self) -> bytes:
        """Its first and last bytes: why a process died is said first (Rust's allocation
        error) or last (Python's), with a backtrace of any length in between."""
        try:
            size = os.fstat(self.descriptor).st_size
            os.lseek(self.descriptor, 0, os.SEEK_SET)
            head = os.read(self.descriptor, _LOG_SEARCHED_BYTES)
            os.lseek(self.descriptor, max(0, size - _LOG_SEARCHED_BYTES), os.SEEK_SET)
            return head + os.read(self.descriptor, _LOG_SEARCHED_BYTES)
        except OSError:
            return b""

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.descriptor)
        if self.path is not None:
            with contextlib.suppress(OSError):
                Path(self.path).unlink(missing_ok=True)


class _Worker:
    def __init__(self, process: BaseProcess, connection: Connection, log: _Log) -> None:
        self.process = process
        self.connection = connection
        self.log = log
        # Indices of the items it is reading; empty while idle.
        self.task: tuple[int, ...] = ()
        # True once it has read anything: a worker that dies on its first and only item
        # has named the culprit; one that dies later might have died of what came before.
        self.used = False
        self.alone = False
        self.ready = False


class _Pool:
    def __init__(
        self,
        function: Callable[[Any], Any],
        items: Sequence[Any],
        method: str,
        *,
        jobs: int,
        chunksize: int,
        memory_cap: int | None,
    ) -> None:
        import multiprocessing

        self.function = function
        self.items = items
        self.jobs = jobs
        self.memory_cap = memory_cap
        self.context: BaseContext = multiprocessing.get_context(method)
        indices = range(len(items))
        self.chunks = deque(
            tuple(indices[start : start + chunksize]) for start in indices[::chunksize]
        )
        # Items to read again alone, smallest index first: output waits for them.
        self.suspects: list[int] = []
        self.crashes: dict[int, Crash] = {}
        self.done: dict[int, Any] = {}
        self.workers: list[_Worker] = []

    def results(
        self,
        on_crash: Callable[[Any, Problem], Any],
        diagnose: Callable[[Any], Problem | None] | None,
        name: Callable[[Any], str],
    ) -> Iterator[Any]:
        try:
            for index, item in enumerate(self.items):
                while index not in self.done and index not in self.crashes:
                    self._dispatch()
                    self._collect()
                if index in self.crashes:
                    crash = self.crashes.pop(index)
                    found = _diagnosis(diagnose, item)
                    yield on_crash(item, found or crash_problem(name(item), crash))
                else:
                    yield self.done.pop(index)
        finally:
            self._stop()

    # -- giving out work -------------------------------------------------------------------

    def _dispatch(self) -> None:
        for worker in [worker for worker in self.workers if not worker.task]:
            if self.suspects and worker.used:
                self._retire(worker)  # a suspect is read by a fresh process
            elif self.suspects:
                self._assign(worker, (heapq.heappop(self.suspects),))
            elif self.chunks:
                self._assign(worker, self.chunks.popleft())
            else:
                self._retire(worker)
        while len(self.workers) < self.jobs and (self.suspects or self.chunks):
            worker = self._start()
            if self.suspects:
                self._assign(worker, (heapq.heappop(self.suspects),))
            else:
                self._assign(worker, self.chunks.popleft())

    def _start(self) -> _Worker:
        log = _Log.temporary()
        try:
            ours, theirs = self.context.Pipe()
            process = self.context.Process(  # type: ignore[attr-defined]
                target=_serve,
                args=(theirs, self.function, self.memory_cap, log.path),
                name="sqs-reader",
                daemon=True,
            )
            process.start()
        except BaseException:
            log.close()
            raise
        theirs.close()
        worker = _Worker(process, ours, log)
        self.workers.append(worker)
        return worker

    def _assign(self, worker: _Worker, task: tuple[int, ...]) -> None:
        worker.task = task
        worker.alone = len(task) == 1 and not worker.used
        try:
            worker.connection.send([self.items[index] for index in task])
        except OSError:  # it died before its task reached it
            self._lost(worker)

    # -- taking results in -----------------------------------------------------------------

    def _collect(self) -> None:
        from multiprocessing.connection import wait

        busy = [worker for worker in self.workers if worker.task]
        if not busy:
            return
        ready = wait(
            [worker.connection for worker in busy] + [worker.process.sentinel for worker in busy]
        )
        for worker in busy:
            if worker.connection in ready or worker.process.sentinel in ready:
                self._receive(worker)

    def _receive(self, worker: _Worker) -> None:
        try:
            message = worker.connection.recv()
        except (EOFError, OSError):  # it died: its results never came
            self._lost(worker)
            return
        if message == _READY:
            worker.ready = True
            return
        outcomes: list[tuple[str, Any]] = message
        task, worker.task, worker.used = worker.task, (), True
        for index, (status, value) in zip(task, outcomes, strict=True):
            if status == _DONE:
                self.done[index] = value
            elif status == _OUT_OF_MEMORY and worker.alone:
                self.crashes[index] = Crash("memory", None, self.memory_cap)
            elif status == _OUT_OF_MEMORY:
                heapq.heappush(self.suspects, index)
            else:
                raise WorkerError(value)

    def _lost(self, worker: _Worker) -> None:
        """A worker died: its item is the culprit if it was reading it alone and fresh;
        otherwise every item of its task is read again alone."""
        self.workers.remove(worker)
        worker.process.join(_STOP_SECONDS)
        if worker.process.is_alive():  # pragma: no cover - only a closed pipe, not an exit
            worker.process.kill()
            worker.process.join(_STOP_SECONDS)
        exit_code, said = worker.process.exitcode, worker.log.said()
        self._close(worker)
        if not worker.ready:
            # Not a file's fault: the process could not start (its traceback, kept for
            # --debug, quotes no workbook).
            raise WorkerError(
                f"a worker process could not start ({_exit_description(exit_code)}):\n"
                + said.decode("utf-8", "replace").strip()
            )
        if worker.alone:
            crash = Crash(_cause(exit_code, said), exit_code, self.memory_cap)
            self.crashes[worker.task[0]] = crash
        else:
            for index in worker.task:
                heapq.heappush(self.suspects, index)

    # -- stopping --------------------------------------------------------------------------

    def _retire(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        with contextlib.suppress(OSError):
            worker.connection.send(None)
        worker.process.join(_STOP_SECONDS)
        if worker.process.is_alive():  # pragma: no cover - a worker that ignores its stop
            worker.process.kill()
            worker.process.join(_STOP_SECONDS)
        self._close(worker)

    def _stop(self) -> None:
        """Every worker told to go; one still reading (Ctrl-C, an error here) is killed."""
        workers, self.workers = self.workers, []
        for worker in workers:
            if worker.task:
                worker.process.terminate()
            else:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
        for worker in workers:
            worker.process.join(_STOP_SECONDS)
            if worker.process.is_alive():  # pragma: no cover - SIGTERM was not enough
                worker.process.kill()
                worker.process.join(_STOP_SECONDS)
            self._close(worker)

    @staticmethod
    def _close(worker: _Worker) -> None:
        worker.connection.close()
        worker.log.close()
        with contextlib.suppress(ValueError):
            worker.process.close()


def _diagnosis(diagnose: Callable[[Any], Problem | None] | None, item: object) -> Problem | None:
    if diagnose is None:
        return None
    try:
        return diagnose(item)
    except Exception:
        # The hook only explains a crash already found: the generic problem is still true.
        return None


def _cause(exit_code: int | None, said: bytes) -> CrashCause:
    # Rust's allocation-error handler prints this line before it aborts.
    if b"memory allocation of" in said or b"MemoryError" in said:
        return "memory"
    import signal

    kill = getattr(signal, "SIGKILL", None)
    if kill is not None and exit_code == -kill:
        return "killed"
    return "crashed"


# -- in the worker -------------------------------------------------------------------------


def _serve(
    connection: Connection,
    function: Callable[[Any], Any],
    memory_cap: int | None,
    log_path: str,
) -> None:
    """A worker's life: confine itself, then read task after task until told to stop."""
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND)
    # On POSIX the log then has no name while the worker lives; the parent, which holds it
    # open, can still read it. (Windows refuses: the parent removes it when done.)
    with contextlib.suppress(OSError):
        Path(log_path).unlink()
    _confine(memory_cap, log)
    connection.send(_READY)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if task is None:
            return
        connection.send([_outcome(function, item) for item in task])


def _outcome(function: Callable[[Any], Any], item: object) -> tuple[str, Any]:
    try:
        return _DONE, function(item)
    except MemoryError:
        return _OUT_OF_MEMORY, None
    except Exception as error:
        import traceback

        return _FAILED, "".join(traceback.format_exception(error)).rstrip()


def _confine(memory_cap: int | None, log: int) -> None:
    import signal

    # Ctrl-C reaches every process of the terminal: the parent handles it for all.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Rust prints a backtrace on a panic or a failed allocation when this asks for one,
    # under a lock, and allocating as it goes: at the memory cap the second failure waits
    # for ever on the lock the first holds. Without it, the worker aborts at once.
    os.environ["RUST_BACKTRACE"] = "0"
    _divert_output(log)
    # A fault handler the parent enabled (it is imported then) may write to a copy of its
    # stderr, not to fd 2.
    faulthandler = sys.modules.get("faulthandler")
    if faulthandler is not None:
        faulthandler.disable()
    try:
        import resource
    except ImportError:
        return
    # An abort must not write a core file: it would hold the workbook's data.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if memory_cap is not None:
        _cap_address_space(memory_cap)


def _divert_output(log: int) -> None:
    """File descriptors 1 and 2 (where Rust prints a panic) go to the log, so that no
    library text reaches the user's terminal or pollutes stdout. On Windows the C
    runtime's dup2 also sets the process's standard handles, which Rust writes to."""
    _flush_standard_streams()
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()


def _cap_address_space(memory_cap: int) -> None:
    import resource

    pages = int(_ADDRESS_SPACE.read_bytes().split()[0])
    limit = pages * os.sysconf("SC_PAGE_SIZE") + memory_cap
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    for bound in (soft, hard):  # a tighter limit the user set stays
        if bound != resource.RLIM_INFINITY:
            limit = min(limit, bound)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
