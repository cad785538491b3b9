"""Run every target of issue 7 side by side and print medians, ratios and PASS/FAIL.

Usage: python benchmarks/run.py [--quick] [--only 1,2,3,4] [--out DIR] [--json FILE]

Run it with the Python of the environment sqs is installed in (it runs the `sqs` beside
that interpreter). Inputs are generated on first use (benchmarks/generate.py) and cached
in --out. Every measurement is a new process, timed from spawn to exit, with its CPU time
(user + system, worker processes included) and peak resident memory (ru_maxrss) taken
from wait4(); repetitions of the commands compared with each other are interleaved, so
a change in the machine's load hits them alike. The table gives medians.

Children run with PYTHONUNBUFFERED and PYTHONDONTWRITEBYTECODE removed from their
environment and PYTHONPYCACHEPREFIX pointing into --out: an unbuffered stdout makes a
large JSON report thousands of small writes, and without byte-code caching every start
recompiles sqs_cli (pip-installed packages ship compiled). A warm-up pass (each script
and each writer once on the sample, and a read of every input file) fills that cache and
the page cache first; target 1 also runs each of its commands once before timing.

Targets (issue 7):
  1. one workbook, new process: sqs <= 1.3 x `import typer, rich.console, rich.table`,
     and >= 4 x faster than the pandas + openpyxl script; `sqs --version` and
     `sqs --help` import neither pandas nor openpyxl.
  2. 1,000 workbooks: sqs --jobs 2 >= 35 x faster than the pandas script; --jobs 2
     >= 1.6 x faster than --jobs 1; sqs --jobs 1 <= 1.5 x raw python-calamine.
  3. 100,000 cases x 40 questions: sqs <= 1.5 x the time and <= 1.25 x the peak memory
     of the raw python-calamine read (the pandas script once, for scale; not with --quick).
  4. writers: xlsx, junit and csv add <= 20% to the batch. Measured in a new process
     that scores the batch once (--jobs 2, through sqs_cli's library API) and then
     renders each format, its first render paying for the writer's imports: the writer's
     time over the scoring time is what it adds. The end-to-end `sqs score --format F -o`
     runs are shown against `--format json -o` for information. html is `sqs report`,
     which takes one workbook, not a batch.

Peak memory (ru_maxrss) of a child is never below this script's own resident size when
it spawned the child (Linux keeps the high-water mark across fork and exec), about 30 MB:
it is a real figure for the big workbook only.

--quick uses 200 workbooks and fewer repetitions; its figures are for a quick look
after a change, the full run's are the ones for docs/performance.md. Exit status: 0 when
every target passes, 1 when one fails, 2 when a command fails or the counts of sqs and
the baselines differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import DEFAULT_OUT, Data, generate  # noqa: E402

SAMPLE = REPO / "sample_data" / "coventry-2016.xlsx"
PANDAS_SCRIPT = HERE / "baseline_pandas.py"
RAW_SCRIPT = HERE / "raw_calamine.py"
COUNT_NAMES = ("sufficient", "insufficient", "not_done", "not_applicable", "unmarked", "invalid")
HEAVY_MODULES = ("pandas", "openpyxl", "numpy", "pyarrow")
# The reference first: the others are compared with it.
WRITER_FORMATS = {"json": ".json", "xlsx": ".xlsx", "junit": ".xml", "csv": ".csv"}
PACKAGES = (
    "sqs-cli",
    "python-calamine",
    "typer",
    "rich",
    "openpyxl",
    "pandas",
    "numpy",
    "pyarrow",
    "pyinstrument",
)


@dataclass(frozen=True)
class Plan:
    """How much to run: repetitions per kind of measurement, and which inputs."""

    quick: bool
    one_reps: int
    batch_reps: int
    big_reps: int
    writer_reps: int
    end_to_end_writer_reps: int  # information only
    pandas_big: bool


FULL = Plan(
    quick=False,
    one_reps=15,
    batch_reps=3,
    big_reps=3,
    writer_reps=3,
    end_to_end_writer_reps=1,
    pandas_big=True,
)
QUICK = Plan(
    quick=True,
    one_reps=5,
    batch_reps=2,
    big_reps=1,
    writer_reps=1,
    end_to_end_writer_reps=1,
    pandas_big=False,
)


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds, spawn to exit
    cpu: float  # user + system seconds, reaped descendants included
    rss_mb: float  # peak resident set of the process or its largest descendant
    returncode: int


@dataclass
class Measured:
    name: str
    argv: list[str]
    samples: list[Sample] = field(default_factory=list)
    stdout: Path | None = None

    @property
    def wall(self) -> float:
        return statistics.median(sample.wall for sample in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(sample.cpu for sample in self.samples)

    @property
    def rss_mb(self) -> float:
        return statistics.median(sample.rss_mb for sample in self.samples)


@dataclass(frozen=True)
class Outcome:
    target: str
    what: str
    measured: str
    reference: str
    ratio: float | None
    goal: str
    passed: bool | None  # None: information, no goal
    # The same ratio in CPU time (user + system): less swayed by other load on the machine.
    cpu_ratio: float | None = None

    @property
    def result(self) -> str:
        return {True: "PASS", False: "FAIL", None: "info"}[self.passed]


class BenchmarkError(Exception):
    """A command failed, or sqs and a baseline counted differently."""


@dataclass
class Runner:
    env: dict[str, str]
    scratch: Path
    measured: dict[str, Measured] = field(default_factory=dict)

    def run_once(self, argv: Sequence[str], stdout: Path) -> Sample:
        with stdout.open("wb") as out:
            started = time.perf_counter()
            process = subprocess.Popen(
                argv, stdout=out, stderr=subprocess.DEVNULL, env=self.env, cwd=REPO
            )
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        return Sample(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            rss_mb=usage.ru_maxrss / 1024,
            returncode=process.returncode,
        )

    def measure(
        self, commands: dict[str, list[str]], reps: int, *, warm_up: bool = True
    ) -> dict[str, Measured]:
        """Each command reps times, interleaved: A B C, A B C, ..."""
        results = {
            name: Measured(name, argv, stdout=self.scratch / f"{name}.out")
            for name, argv in commands.items()
        }
        if warm_up:
            for name, argv in commands.items():
                self.check(name, self.run_once(argv, self.scratch / f"{name}.out"))
        for round_number in range(reps):
            for name, argv in commands.items():
                sample = self.run_once(argv, self.scratch / f"{name}.out")
                self.check(name, sample)
                results[name].samples.append(sample)
                log(
                    f"  {name}: {sample.wall:.3f} s wall, {sample.cpu:.3f} s CPU, "
                    f"{sample.rss_mb:.0f} MB ({round_number + 1}/{reps})"
                )
        self.measured.update(results)
        return results

    @staticmethod
    def check(name: str, sample: Sample) -> None:
        if sample.returncode != 0:
            raise BenchmarkError(f"{name} exited with {sample.returncode}")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sqs_executable() -> str:
    beside = Path(sys.executable).with_name("sqs")
    found = str(beside) if beside.exists() else shutil.which("sqs")
    if found is None:
        raise SystemExit("run.py: no `sqs` beside this Python or on PATH; install sqs-cli first")
    return found


def child_environment(pycache: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "GITHUB_STEP_SUMMARY"}
    }
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


# --- The machine ----------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _editable(package: str) -> bool:
    try:
        text = importlib.metadata.distribution(package).read_text("direct_url.json") or "{}"
    except importlib.metadata.PackageNotFoundError:
        return False
    return bool(json.loads(text).get("dir_info", {}).get("editable"))


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def machine() -> dict[str, Any]:
    memory = _memory_gb()
    return {
        "date": dt.date.today().isoformat(),
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": _cpu_model(),
        "memory_gb": round(memory, 1) if memory else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": {package: _version(package) for package in PACKAGES},
        "sqs_editable_install": _editable("sqs-cli"),
        "load_average_at_start": load_average(),
        "commit": git_state(),
    }


def git_state() -> str:
    """The commit measured, and whether sqs_cli/ had changes not committed."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "sqs_cli", "pyproject.toml"],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" with uncommitted changes in sqs_cli/" if dirty else "")


# --- Checks ---------------------------------------------------------------------------------


def imported_modules(runner: Runner, argv: list[str]) -> tuple[set[str], float]:
    """Modules a command imports (python -X importtime), and their total import time in s."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *argv],
        capture_output=True,
        text=True,
        env=runner.env,
        cwd=REPO,
        check=False,
    )
    modules: set[str] = set()
    total_us = 0
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|", 2)
        if not cumulative.strip().isdigit():
            continue  # the column headings
        if not name.startswith("  "):  # a top-level import: its cumulative time counts once
            total_us += int(cumulative)
        modules.add(name.strip())
    return modules, total_us / 1e6


def heavy(modules: set[str]) -> list[str]:
    return sorted(
        package
        for package in HEAVY_MODULES
        if any(module == package or module.startswith(package + ".") for module in modules)
    )


def question_counts(document: dict[str, Any]) -> tuple[int, dict[str, dict[str, int]]]:
    """(cases, counts of marked questions) of an sqs JSON report's pooled figures or of a
    baseline's output."""
    if document.get("schema") == "sqs.report/1":
        pooled = document["pooled"]
        counts = {
            question["id"]: {name: question[name] for name in COUNT_NAMES}
            for question in pooled["questions"]
            if question["marked"]
        }
        return pooled["cases"], counts
    return document["cases"], document["questions"]


def agree(measured: dict[str, Measured], names: Sequence[str]) -> str:
    """Check the commands counted the same; raise BenchmarkError naming the first that did not.

    The outputs (tens of MB of JSON) are compared in a child process: parsed here, they
    would raise this script's resident size, the floor of every later peak-memory figure.
    """
    arguments = []
    for name in names:
        stdout = measured[name].stdout
        assert stdout is not None
        arguments += [name, str(stdout)]
    result = subprocess.run(
        [sys.executable, str(Path(__file__)), "--compare-counts", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BenchmarkError(result.stdout.strip() or result.stderr.strip())
    return result.stdout.strip()


def compare_counts(arguments: Sequence[str]) -> int:
    """--compare-counts NAME FILE [NAME FILE ...]: 0 and a summary if all counted alike."""
    pairs = list(zip(arguments[::2], arguments[1::2], strict=True))
    found = {
        name: question_counts(json.loads(Path(path).read_text("utf-8"))) for name, path in pairs
    }
    (first, _), *others = pairs
    for other, _ in others:
        if found[other] != found[first]:
            print(f"{other} does not count as {first} does")
            return 1
    cases, counts = found[first]
    marks = sum(sum(by_name.values()) for by_name in counts.values())
    names = ", ".join(name for name, _ in pairs)
    print(f"counts agree ({names}): {cases:,} cases, {marks:,} marks")
    return 0


# --- Targets --------------------------------------------------------------------------------


def ratio_outcome(
    target: str,
    what: str,
    subject: Measured,
    reference: Measured,
    goal: str,
    test: Callable[[float], bool] | None,
    *,
    faster: bool = False,
    per: int | None = None,
) -> Outcome:
    """subject / reference in wall time, or reference / subject when faster=True."""
    ratio = reference.wall / subject.wall if faster else subject.wall / reference.wall
    cpu_ratio = reference.cpu / subject.cpu if faster else subject.cpu / reference.cpu

    def show(item: Measured) -> str:
        text = f"{item.name} {item.wall:.3f} s"
        if per:
            text += f" ({item.wall / per * 1000:.1f} ms/wb)"
        return text

    return Outcome(
        target=target,
        what=what,
        measured=show(subject),
        reference=show(reference),
        ratio=ratio,
        goal=goal,
        passed=None if test is None else test(ratio),
        cpu_ratio=cpu_ratio,
    )


def prewarm(runner: Runner, sqs: str, data: Data, batch: Path) -> None:
    """Fill the byte-code cache (every writer's modules too) and the page cache, so that no
    first repetition pays for either."""
    log("warming up: byte-code cache, page cache")
    python = sys.executable
    sample = str(SAMPLE)
    commands = [
        [python, str(PANDAS_SCRIPT), sample],
        [python, str(RAW_SCRIPT), sample],
        [python, "-c", "import typer, rich.console, rich.table"],
        [sqs, "--help"],
    ]
    for format_name, suffix in WRITER_FORMATS.items():
        output = str(runner.scratch / f"warm{suffix}")
        commands.append([sqs, "score", sample, "--format", format_name, "-o", output])
    for argv in commands:
        runner.check(" ".join(argv), runner.run_once(argv, runner.scratch / "warm.out"))
    for path in [*sorted(batch.glob("*.xlsx")), data.big]:
        with path.open("rb") as stream:
            while stream.read(1 << 20):
                pass


def target_one(runner: Runner, sqs: str, plan: Plan) -> list[Outcome]:
    log("target 1: one workbook, end to end")
    python = sys.executable
    sample = str(SAMPLE.relative_to(REPO))
    measured = runner.measure(
        {
            "sqs-one": [sqs, "score", sample, "--format", "json"],
            "import-typer-rich": [python, "-c", "import typer, rich.console, rich.table"],
            "pandas-one": [python, str(PANDAS_SCRIPT), sample],
            "raw-one": [python, str(RAW_SCRIPT), sample],
            "python-startup": [python, "-c", "pass"],
        },
        plan.one_reps,
    )
    log("  " + agree(measured, ["sqs-one", "raw-one", "pandas-one"]))
    outcomes = [
        ratio_outcome(
            "1",
            "sqs score sample --format json / import typer+rich",
            measured["sqs-one"],
            measured["import-typer-rich"],
            "<= 1.3",
            lambda r: r <= 1.3,
        ),
        ratio_outcome(
            "1",
            "pandas+openpyxl script / sqs score (times faster)",
            measured["sqs-one"],
            measured["pandas-one"],
            ">= 4",
            lambda r: r >= 4,
            faster=True,
        ),
        ratio_outcome(
            "1",
            "sqs score / raw python-calamine script",
            measured["sqs-one"],
            measured["raw-one"],
            "",
            None,
        ),
    ]
    for flag in ("--version", "--help"):
        modules, _ = imported_modules(runner, [sqs, flag])
        loaded = heavy(modules)
        outcomes.append(
            Outcome(
                target="1",
                what=f"sqs {flag} imports neither pandas nor openpyxl",
                measured=", ".join(loaded) or "none of " + "/".join(HEAVY_MODULES),
                reference="python -X importtime",
                ratio=None,
                goal="no pandas, no openpyxl",
                passed=not ({"pandas", "openpyxl"} & set(loaded)),
            )
        )
    modules, seconds = imported_modules(runner, [sqs, "score", sample, "--format", "json"])
    outcomes.append(
        Outcome(
            target="1",
            what="sqs score --format json: modules imported",
            measured=f"{len(modules)} modules, {seconds * 1000:.0f} ms importing; heavy: "
            + (", ".join(heavy(modules)) or "none"),
            reference="python -X importtime",
            ratio=None,
            goal="",
            passed=None,
        )
    )
    return outcomes


def target_two(runner: Runner, sqs: str, plan: Plan, batch: Path, count: int) -> list[Outcome]:
    log(f"target 2: a batch of {count} workbooks")
    python = sys.executable
    folder = str(batch)
    measured = runner.measure(
        {
            "sqs-batch-j1": [sqs, "score", folder, "--format", "json", "--jobs", "1"],
            "sqs-batch-j2": [sqs, "score", folder, "--format", "json", "--jobs", "2"],
            "raw-batch-1": [python, str(RAW_SCRIPT), folder],
            "raw-batch-2": [python, str(RAW_SCRIPT), folder, "--jobs", "2"],
        },
        plan.batch_reps,
        warm_up=False,
    )
    log("target 2: the pandas + openpyxl script, once")
    measured |= runner.measure(
        {"pandas-batch": [python, str(PANDAS_SCRIPT), folder]}, 1, warm_up=False
    )
    log("  " + agree(measured, ["sqs-batch-j1", "sqs-batch-j2", "raw-batch-1", "pandas-batch"]))
    pandas = measured["pandas-batch"]
    return [
        ratio_outcome(
            "2",
            "pandas script / sqs --jobs 2 (times faster)",
            measured["sqs-batch-j2"],
            pandas,
            ">= 35",
            lambda r: r >= 35,
            faster=True,
            per=count,
        ),
        ratio_outcome(
            "2",
            "pandas script / sqs --jobs 1 (times faster)",
            measured["sqs-batch-j1"],
            pandas,
            "",
            None,
            faster=True,
            per=count,
        ),
        ratio_outcome(
            "2",
            "sqs --jobs 1 / --jobs 2 (times faster)",
            measured["sqs-batch-j2"],
            measured["sqs-batch-j1"],
            ">= 1.6",
            lambda r: r >= 1.6,
            faster=True,
        ),
        ratio_outcome(
            "2",
            "per workbook: sqs --jobs 1 / raw calamine, 1 process",
            measured["sqs-batch-j1"],
            measured["raw-batch-1"],
            "<= 1.5",
            lambda r: r <= 1.5,
            per=count,
        ),
        ratio_outcome(
            "2",
            "per workbook: sqs --jobs 2 / raw calamine, pool of 2",
            measured["sqs-batch-j2"],
            measured["raw-batch-2"],
            "",
            None,
            per=count,
        ),
        ratio_outcome(
            "2",
            "pandas script / raw calamine, 1 process (times faster)",
            measured["raw-batch-1"],
            pandas,
            "",
            None,
            faster=True,
            per=count,
        ),
        ratio_outcome(
            "2",
            "pandas script / raw calamine, pool of 2 (times faster)",
            measured["raw-batch-2"],
            pandas,
            "",
            None,
            faster=True,
            per=count,
        ),
    ]


def target_three(runner: Runner, sqs: str, plan: Plan, data: Data) -> list[Outcome]:
    log("target 3: 100,000 cases by 40 questions")
    python = sys.executable
    framework = str(data.big_framework)
    big = str(data.big)
    measured = runner.measure(
        {
            "sqs-big": [sqs, "score", big, "--format", "json", "--framework", framework],
            "raw-big": [python, str(RAW_SCRIPT), big, "--framework", framework],
        },
        plan.big_reps,
        warm_up=False,
    )
    names = ["sqs-big", "raw-big"]
    if plan.pandas_big:
        log("target 3: the pandas + openpyxl script, once (about 3 minutes)")
        measured |= runner.measure(
            {"pandas-big": [python, str(PANDAS_SCRIPT), big, "--framework", framework]},
            1,
            warm_up=False,
        )
        names.append("pandas-big")
    log("  " + agree(measured, names))
    sqs_big, raw_big = measured["sqs-big"], measured["raw-big"]
    outcomes = [
        ratio_outcome(
            "3", "time: sqs / raw calamine", sqs_big, raw_big, "<= 1.5", lambda r: r <= 1.5
        ),
        Outcome(
            target="3",
            what="peak memory: sqs / raw calamine",
            measured=f"sqs-big {sqs_big.rss_mb:.0f} MB",
            reference=f"raw-big {raw_big.rss_mb:.0f} MB",
            ratio=sqs_big.rss_mb / raw_big.rss_mb,
            goal="<= 1.25",
            passed=sqs_big.rss_mb / raw_big.rss_mb <= 1.25,
        ),
    ]
    if plan.pandas_big:
        pandas_big = measured["pandas-big"]
        outcomes.append(
            ratio_outcome(
                "3",
                "pandas script / sqs (times faster)",
                sqs_big,
                pandas_big,
                "",
                None,
                faster=True,
            )
        )
        outcomes.append(
            Outcome(
                target="3",
                what="peak memory: pandas script",
                measured=f"pandas-big {pandas_big.rss_mb:.0f} MB",
                reference=f"raw-big {raw_big.rss_mb:.0f} MB",
                ratio=pandas_big.rss_mb / raw_big.rss_mb,
                goal="",
                passed=None,
            )
        )
    return outcomes


def target_four(runner: Runner, sqs: str, plan: Plan, batch: Path, count: int) -> list[Outcome]:
    log(f"target 4: writers on a batch of {count} workbooks")
    outputs = runner.scratch / "writers"
    outputs.mkdir(exist_ok=True)

    def command(format_name: str, suffix: str) -> list[str]:
        output = str(outputs / f"report{suffix}")
        return [sqs, "score", str(batch), "--jobs", "2", "--format", format_name, "-o", output]

    costs = runner.scratch / "writer-costs.jsonl"
    costs.unlink(missing_ok=True)
    script = [sys.executable, str(Path(__file__)), "--writer-costs", str(batch), str(costs)]
    runner.measure({"writer-costs": script}, plan.writer_reps, warm_up=False)
    outcomes = writer_cost_outcomes(costs, count)
    measured = runner.measure(
        {f"write-{name}": command(name, suffix) for name, suffix in WRITER_FORMATS.items()},
        plan.end_to_end_writer_reps,
        warm_up=False,
    )
    reference = measured["write-json"]
    return outcomes + [
        ratio_outcome(
            "4",
            f"--format {name} -o / --format json -o",
            measured[f"write-{name}"],
            reference,
            "",
            None,
        )
        for name in WRITER_FORMATS
        if name != "json"
    ]


def writer_cost_outcomes(costs: Path, count: int) -> list[Outcome]:
    runs = [json.loads(line) for line in costs.read_text("utf-8").splitlines() if line]
    scoring = statistics.median(run["score"] for run in runs)
    outcomes = []
    for name in WRITER_FORMATS:
        render = statistics.median(run["render"][name] for run in runs)
        outcomes.append(
            Outcome(
                target="4",
                what=f"{name} writer: render / scoring, in one process",
                measured=f"render {render:.3f} s",
                reference=f"scoring {count} wb, --jobs 2: {scoring:.3f} s",
                ratio=render / scoring,
                goal="<= 0.2" if name != "json" else "",
                passed=render / scoring <= 0.2 if name != "json" else None,
            )
        )
    return outcomes


def writer_costs(folder: str, costs: Path) -> None:
    """--writer-costs FOLDER FILE: score a folder once (--jobs 2), render every format, and
    append the seconds to FILE as one JSON line. Runs in a process of its own."""
    from sqs_cli.api import score_workbooks
    from sqs_cli.framework import load_builtin
    from sqs_cli.inputs import expand_inputs
    from sqs_cli.writers import OutputOptions, render

    started = time.perf_counter()
    report = score_workbooks(expand_inputs([folder]), load_builtin(), jobs=2)
    scored = time.perf_counter() - started
    seconds: dict[str, float] = {}
    for name in WRITER_FORMATS:
        started = time.perf_counter()
        render(name, report, OutputOptions(color=False, width=100))
        seconds[name] = time.perf_counter() - started
    with costs.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps({"score": scored, "render": seconds}) + "\n")


# --- Output ---------------------------------------------------------------------------------


def markdown_table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headings, *rows, strict=False)
    ]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    separator = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(headings), separator, *(line(row) for row in rows)])


def outcomes_table(outcomes: Sequence[Outcome]) -> str:
    rows = [
        (
            outcome.target,
            outcome.what,
            outcome.measured,
            outcome.reference,
            f"{outcome.ratio:.2f}" if outcome.ratio is not None else "",
            f"{outcome.cpu_ratio:.2f}" if outcome.cpu_ratio is not None else "",
            outcome.goal,
            outcome.result,
        )
        for outcome in outcomes
    ]
    headings = ("#", "target", "measured", "against", "ratio", "CPU ratio", "goal", "result")
    return markdown_table(headings, rows)


def measurements_table(measured: dict[str, Measured]) -> str:
    rows = [
        (
            item.name,
            str(len(item.samples)),
            f"{item.wall:.3f}",
            f"{min(s.wall for s in item.samples):.3f}",
            f"{max(s.wall for s in item.samples):.3f}",
            f"{item.cpu:.3f}",
            f"{item.rss_mb:.0f}",
        )
        for item in measured.values()
    ]
    headings = ("command", "runs", "median s", "min s", "max s", "CPU s", "peak MB")
    return markdown_table(headings, rows)


def commands_list(measured: dict[str, Measured], scratch: Path) -> str:
    def short(argument: str) -> str:
        path = Path(argument)
        if path.is_relative_to(scratch):
            return "TMP/" + str(path.relative_to(scratch))
        if path.is_absolute() and path.is_relative_to(REPO):
            return str(path.relative_to(REPO))
        if path.name in {"sqs", "python", "python3"} or argument == sys.executable:
            return path.name
        return argument

    return "\n".join(
        f"- {item.name}: `{' '.join(short(a) for a in item.argv)}`" for item in measured.values()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 workbooks, fewer repetitions")
    parser.add_argument("--only", default="1,2,3,4", help="targets to run, e.g. 1,3")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="generated data")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    parser.add_argument("--writer-costs", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--compare-counts", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.compare_counts:
        return compare_counts(args.compare_counts)
    if args.writer_costs:
        writer_costs(args.writer_costs[0], Path(args.writer_costs[1]))
        return 0
    plan = QUICK if args.quick else FULL
    targets = {part.strip() for part in args.only.split(",")}
    sqs = sqs_executable()
    about = machine()
    log(
        f"{about['cpu_model']}, {about['cpus']} CPUs, Python {about['python']}, "
        f"load average {about['load_average_at_start']}"
    )
    data = generate(args.out)
    batch, count = (data.quick_batch, 200) if plan.quick else (data.batch, 1000)
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="sqs-bench-") as scratch:
        runner = Runner(env=child_environment(data.root / "pycache"), scratch=Path(scratch))
        try:
            prewarm(runner, sqs, data, batch)
            if "1" in targets:
                outcomes += target_one(runner, sqs, plan)
            if "2" in targets:
                outcomes += target_two(runner, sqs, plan, batch, count)
            if "3" in targets:
                outcomes += target_three(runner, sqs, plan, data)
            if "4" in targets:
                outcomes += target_four(runner, sqs, plan, batch, count)
        except BenchmarkError as error:
            log(f"run.py: {error}")
            return 2
        measured = runner.measured
    about["load_average_at_end"] = load_average()
    about["seconds"] = round(time.perf_counter() - started)
    about["floor_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    packages = ", ".join(f"{name} {version}" for name, version in about["packages"].items())
    editable = " (editable install)" if about["sqs_editable_install"] else ""
    print(
        f"\n{about['date']}: {about['cpu_model']}, {about['cpus']} CPUs, "
        f"{about['memory_gb']} GB, {about['os']}, Python {about['python']}\n"
        f"{packages}{editable}\n"
        f"sqs at commit {about['commit']}\n"
        f"{'quick' if plan.quick else 'full'} run in {about['seconds']} s; load average "
        f"{about['load_average_at_start']} at start, {about['load_average_at_end']} at end; "
        f"peak-memory floor (this script) {about['floor_mb']:.0f} MB\n"
    )
    print(outcomes_table(outcomes))
    print()
    print(measurements_table(measured))
    print()
    print(commands_list(measured, Path(scratch)))
    if args.json:
        document = {
            "machine": about,
            "plan": asdict(plan),
            "outcomes": [asdict(outcome) for outcome in outcomes],
            "measured": {
                name: {"argv": item.argv, "samples": [asdict(s) for s in item.samples]}
                for name, item in measured.items()
            },
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", "utf-8")
    return 0 if all(outcome.passed is not False for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
