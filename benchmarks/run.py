"""Run every target of issues 12 and 7 side by side and print medians, ratios and PASS/FAIL.

Usage: python benchmarks/run.py [--quick] [--only one,batch,big,render,writers] [--out DIR]
       [--json FILE]

Run it with the Python of the environment sqs is installed in (it runs the `sqs` beside
that interpreter). Inputs are generated on first use (benchmarks/generate.py, in a process
of its own) and cached in --out. Every measurement is a new process, timed from spawn to
exit, with its CPU time (user + system, worker processes included) and peak resident
memory (ru_maxrss) taken from wait4(); repetitions of the commands compared with each
other are interleaved, so a change in the machine's load hits them alike. The tables give
medians. The ratio is the contract: no absolute time passes or fails.

Children run with PYTHONUNBUFFERED and PYTHONDONTWRITEBYTECODE removed from their
environment and PYTHONPYCACHEPREFIX pointing into --out: an unbuffered stdout makes a
large JSON report thousands of small writes, and without byte-code caching every start
recompiles sqs_cli (pip-installed packages ship compiled). A warm-up pass (each script
and each writer once on the sample, and a read of every input file) fills that cache and
the page cache first; the one-workbook commands also run once each before timing.

Issue 12 (section 4, "Closer to the floor"; section 2), against
benchmarks/raw_calamine.py (open, read the Cases sheet to lists, count, print JSON) in
the same run:
  one      one workbook end to end: `sqs score sample_data/coventry-2016.xlsx --format
           json` <= 1.3 x `python -c "import typer, rich.console, rich.table"` (issue 7's
           target 1, unchanged).
  batch    over 300 and 1,000 workbooks (--quick: 300 only): per-workbook cost of
           `sqs score FOLDER --format json --jobs 1` <= 1.5 x the script's (one process);
           --jobs 2 >= 1.6 x faster than --jobs 1; and that gain >= 0.9 x the script's own
           gain from 1 to 2 processes (`raw_calamine.py --jobs 2`).
  big      100,000 cases by 40 questions: sqs <= 1.5 x the script's time and <= 1.25 x its
           peak memory (issue 7's target 3, unchanged). The same cases as a ~100 MB CSV
           (section 2, "read CSV in bounded memory"): sqs's peak memory <= 1.25 x the
           script's, which reads the rows into lists with the csv module (the grid sqs must
           hold too); against the file's size and sqs's own peak on the .xlsx, for
           information.
  render   section 2, "render in linear time": the table and JSON writers over the results
           of 1,000 and 10,000 small workbooks, rendered in memory through the library
           (sqs_cli.writers.render) in a new process that loads the Reports scored once
           beforehand (sqs_cli.api.score_workbooks): the table's time per workbook at
           10,000 over its time per workbook at 1,000 <= 1.5 (linear: 1; quadratic: 10);
           table over JSON at 10,000 for information (the issue saw 20 s against 2.7 s),
           and (full run) `sqs score` over the 10,000 with --format table against
           --format json, end to end, for information.

Issue 7, kept:
  one      `sqs score` >= 4 x faster than the pandas + openpyxl script; `sqs --version`
           and `sqs --help` import neither pandas nor openpyxl.
  batch    (full run, 1,000 workbooks) sqs --jobs 2 >= 35 x faster than the pandas
           script. Its other batch targets are issue 12's above.
  writers  xlsx, junit and csv add <= 20% to the batch (1,000 workbooks; --quick 300).
           Measured in a new process that scores the batch once (--jobs 2, through
           sqs_cli's library API) and then renders each format, its first render paying
           for the writer's imports: the writer's time over the scoring time is what it
           adds (json and table for information). The end-to-end `sqs score --format F
           -o` runs are shown against `--format json -o` for information (full run only).
  Dropped: the pandas script on the big workbook (information only, about a minute).

Peak memory (ru_maxrss) of a child is never below this script's own resident size when
it spawned the child (Linux keeps the high-water mark across fork and exec), about 30 MB:
it is a real figure for the big workbook and the CSV only.

--quick: 300 workbooks only, fewer repetitions, no pandas batch, no end-to-end writer
runs; its figures are for a quick look after a change, the full run's are the ones for
docs/performance.md. Exit status: 0 when every goal passes, 1 when one fails, 2 when a
command fails or the counts of sqs and the baselines differ (no ratio is shown then).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import pickle
import platform
import resource
import shlex
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

from baseline_common import workbooks  # noqa: E402
from generate import BATCH_SIZE, DEFAULT_OUT, SMALL_COUNT, SMALLER_BATCH_SIZE, Data  # noqa: E402

SAMPLE = REPO / "sample_data" / "coventry-2016.xlsx"
PANDAS_SCRIPT = HERE / "baseline_pandas.py"
RAW_SCRIPT = HERE / "raw_calamine.py"
GENERATE_SCRIPT = HERE / "generate.py"
COUNT_NAMES = ("sufficient", "insufficient", "not_done", "not_applicable", "unmarked", "invalid")
HEAVY_MODULES = ("pandas", "openpyxl", "numpy", "pyarrow")
# The reference first: the others are compared with it. table and json: information.
WRITER_FORMATS = {"json": ".json", "xlsx": ".xlsx", "junit": ".xml", "csv": ".csv"}
WRITER_GOAL = 0.2
INFO_WRITERS = ("json", "table")
# The render target: the results of this many small workbooks, the smaller first.
RENDER_SIZES = (1_000, SMALL_COUNT)
RENDER_FORMATS = ("json", "table")
RENDER_WIDTH = 100
SECTIONS = ("one", "batch", "big", "render", "writers")
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
    batch_sizes: tuple[int, ...]
    one_reps: int
    batch_reps: int
    big_reps: int
    render_reps: int
    end_to_end_render_reps: int  # information only; 0: not run
    writer_reps: int
    writer_batch: int
    end_to_end_writer_reps: int  # information only; 0: not run
    pandas_batch: bool  # issue 7's >= 35 x, over 1,000 workbooks (about 90 s)


FULL = Plan(
    quick=False,
    batch_sizes=(SMALLER_BATCH_SIZE, BATCH_SIZE),
    one_reps=15,
    batch_reps=3,
    big_reps=3,
    render_reps=3,
    end_to_end_render_reps=1,
    writer_reps=3,
    writer_batch=BATCH_SIZE,
    end_to_end_writer_reps=1,
    pandas_batch=True,
)
QUICK = Plan(
    quick=True,
    batch_sizes=(SMALLER_BATCH_SIZE,),
    one_reps=5,
    batch_reps=2,
    big_reps=1,
    render_reps=1,
    end_to_end_render_reps=0,
    writer_reps=1,
    writer_batch=SMALLER_BATCH_SIZE,
    end_to_end_writer_reps=0,
    pandas_batch=False,
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
    issue: str  # "12 §4", "12 §2" or "7": whose goal, or whose figures it explains
    input: str  # what was measured: "sample", "300 wb", "big.csv"...
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
    issue: str,
    input_name: str,
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
            text += f" ({item.wall / per * 1000:.2f} ms/wb)"
        return text

    return Outcome(
        issue=issue,
        input=input_name,
        what=what,
        measured=show(subject),
        reference=show(reference),
        ratio=ratio,
        goal=goal,
        passed=None if test is None else test(ratio),
        cpu_ratio=cpu_ratio,
    )


def generate_inputs(out: Path) -> Data:
    """The inputs, generated (or found cached) in a process of its own: generating the big
    files here would raise this script's resident size, the floor of every peak memory."""
    result = subprocess.run(
        [sys.executable, str(GENERATE_SCRIPT), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"run.py: generate.py exited with {result.returncode}")
    return Data(out)


def prewarm(runner: Runner, sqs: str, data: Data, plan: Plan, sections: set[str]) -> None:
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
    for format_name, suffix in [*WRITER_FORMATS.items(), ("table", ".txt")]:
        output = str(runner.scratch / f"warm{suffix}")
        commands.append([sqs, "score", sample, "--format", format_name, "-o", output])
    for argv in commands:
        runner.check(" ".join(argv), runner.run_once(argv, runner.scratch / "warm.out"))
    files: list[Path] = []
    if "batch" in sections or "writers" in sections:
        files += sorted(data.batch.glob("*.xlsx"))
        files += sorted(data.smaller_batch.glob("*.xlsx"))
    if "big" in sections:
        files += [data.big, data.big_csv]
    if "render" in sections:
        files += sorted(data.small.glob("*.xlsx"))
    for path in files:
        with path.open("rb") as stream:
            while stream.read(1 << 20):
                pass


def measure_one(runner: Runner, sqs: str, plan: Plan) -> list[Outcome]:
    log("one workbook, end to end")
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
            "12 §4",
            "sample",
            "sqs score sample --format json / import typer+rich",
            measured["sqs-one"],
            measured["import-typer-rich"],
            "<= 1.3",
            lambda r: r <= 1.3,
        ),
        ratio_outcome(
            "7",
            "sample",
            "pandas+openpyxl script / sqs score (times faster)",
            measured["sqs-one"],
            measured["pandas-one"],
            ">= 4",
            lambda r: r >= 4,
            faster=True,
        ),
        ratio_outcome(
            "7",
            "sample",
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
                issue="7",
                input="",
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
            issue="7",
            input="sample",
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


def gain_outcome(
    input_name: str, sqs_one: Measured, sqs_two: Measured, raw_one: Measured, raw_two: Measured
) -> Outcome:
    """sqs's gain from --jobs 1 to --jobs 2 over the raw script's from 1 to 2 processes."""
    sqs_gain = sqs_one.wall / sqs_two.wall
    raw_gain = raw_one.wall / raw_two.wall
    ratio = sqs_gain / raw_gain
    return Outcome(
        issue="12 §4",
        input=input_name,
        what="gain --jobs 1 -> 2: sqs's / raw calamine's",
        measured=f"sqs {sqs_one.wall:.3f} / {sqs_two.wall:.3f} s = {sqs_gain:.2f}",
        reference=f"raw {raw_one.wall:.3f} / {raw_two.wall:.3f} s = {raw_gain:.2f}",
        ratio=ratio,
        goal=">= 0.9",
        passed=ratio >= 0.9,
    )


def measure_batch(runner: Runner, sqs: str, plan: Plan, data: Data, count: int) -> list[Outcome]:
    log(f"a batch of {count} workbooks")
    python = sys.executable
    folder = str(data.batch_of(count))
    name = f"{count} wb"
    sqs_one, sqs_two = f"sqs-{count}-j1", f"sqs-{count}-j2"
    raw_one, raw_two = f"raw-{count}-1", f"raw-{count}-2"
    measured = runner.measure(
        {
            sqs_one: [sqs, "score", folder, "--format", "json", "--jobs", "1"],
            sqs_two: [sqs, "score", folder, "--format", "json", "--jobs", "2"],
            raw_one: [python, str(RAW_SCRIPT), folder],
            raw_two: [python, str(RAW_SCRIPT), folder, "--jobs", "2"],
        },
        plan.batch_reps,
        warm_up=False,
    )
    compared = [sqs_one, sqs_two, raw_one, raw_two]
    pandas_name = f"pandas-{count}"
    with_pandas = plan.pandas_batch and count == BATCH_SIZE
    if with_pandas:
        log(f"the pandas + openpyxl script over {count} workbooks, once (about 90 s)")
        measured |= runner.measure(
            {pandas_name: [python, str(PANDAS_SCRIPT), folder]}, 1, warm_up=False
        )
        compared.append(pandas_name)
    log("  " + agree(measured, compared))
    outcomes = [
        ratio_outcome(
            "12 §4",
            name,
            "per workbook: sqs --jobs 1 / raw calamine, 1 process",
            measured[sqs_one],
            measured[raw_one],
            "<= 1.5",
            lambda r: r <= 1.5,
            per=count,
        ),
        ratio_outcome(
            "12 §4",
            name,
            "sqs --jobs 1 / --jobs 2 (times faster)",
            measured[sqs_two],
            measured[sqs_one],
            ">= 1.6",
            lambda r: r >= 1.6,
            faster=True,
        ),
        gain_outcome(
            name, measured[sqs_one], measured[sqs_two], measured[raw_one], measured[raw_two]
        ),
        ratio_outcome(
            "12 §4",
            name,
            "per workbook: sqs --jobs 2 / raw calamine, pool of 2",
            measured[sqs_two],
            measured[raw_two],
            "",
            None,
            per=count,
        ),
    ]
    if with_pandas:
        pandas = measured[pandas_name]
        outcomes += [
            ratio_outcome(
                "7",
                name,
                "pandas script / sqs --jobs 2 (times faster)",
                measured[sqs_two],
                pandas,
                ">= 35",
                lambda r: r >= 35,
                faster=True,
                per=count,
            ),
            ratio_outcome(
                "7",
                name,
                "pandas script / sqs --jobs 1 (times faster)",
                measured[sqs_one],
                pandas,
                "",
                None,
                faster=True,
                per=count,
            ),
            ratio_outcome(
                "7",
                name,
                "pandas script / raw calamine, 1 process (times faster)",
                measured[raw_one],
                pandas,
                "",
                None,
                faster=True,
                per=count,
            ),
        ]
    return outcomes


def measure_big(runner: Runner, sqs: str, plan: Plan, data: Data) -> list[Outcome]:
    log("100,000 cases by 40 questions, as .xlsx and as .csv")
    python = sys.executable
    framework = str(data.big_framework)
    big, big_csv = str(data.big), str(data.big_csv)
    measured = runner.measure(
        {
            "sqs-big": [sqs, "score", big, "--format", "json", "--framework", framework],
            "raw-big": [python, str(RAW_SCRIPT), big, "--framework", framework],
            "sqs-csv": [sqs, "score", big_csv, "--format", "json", "--framework", framework],
            "raw-csv": [python, str(RAW_SCRIPT), big_csv, "--framework", framework],
        },
        plan.big_reps,
        warm_up=False,
    )
    log("  " + agree(measured, ["sqs-big", "raw-big", "sqs-csv", "raw-csv"]))
    sqs_big, raw_big, sqs_csv = measured["sqs-big"], measured["raw-big"], measured["sqs-csv"]
    raw_csv = measured["raw-csv"]
    csv_mb = data.big_csv.stat().st_size / 1024 / 1024
    return [
        ratio_outcome(
            "12 §4",
            "big.xlsx",
            "time: sqs / raw calamine",
            sqs_big,
            raw_big,
            "<= 1.5",
            lambda r: r <= 1.5,
        ),
        Outcome(
            issue="12 §4",
            input="big.xlsx",
            what="peak memory: sqs / raw calamine",
            measured=f"sqs-big {sqs_big.rss_mb:.0f} MB",
            reference=f"raw-big {raw_big.rss_mb:.0f} MB",
            ratio=sqs_big.rss_mb / raw_big.rss_mb,
            goal="<= 1.25",
            passed=sqs_big.rss_mb / raw_big.rss_mb <= 1.25,
        ),
        # "Read CSV in bounded memory": the floor is the csv module's own read of the
        # rows into lists, which sqs must hold too (the grid).
        Outcome(
            issue="12 §2",
            input="big.csv",
            what="peak memory: sqs on the CSV / the csv module's read",
            measured=f"sqs-csv {sqs_csv.rss_mb:.0f} MB",
            reference=f"raw-csv {raw_csv.rss_mb:.0f} MB",
            ratio=sqs_csv.rss_mb / raw_csv.rss_mb,
            goal="<= 1.25",
            passed=sqs_csv.rss_mb / raw_csv.rss_mb <= 1.25,
        ),
        Outcome(
            issue="12 §2",
            input="big.csv",
            what="peak memory: sqs on the CSV / the file's size",
            measured=f"sqs-csv {sqs_csv.rss_mb:.0f} MB",
            reference=f"big.csv {csv_mb:.0f} MB",
            ratio=sqs_csv.rss_mb / csv_mb,
            goal="",
            passed=None,
        ),
        ratio_outcome(
            "12 §2",
            "big.csv",
            "time: sqs on the CSV / the csv module's read",
            sqs_csv,
            raw_csv,
            "",
            None,
        ),
        Outcome(
            issue="12 §2",
            input="big.csv",
            what="peak memory: sqs on the CSV / on the same cases as .xlsx",
            measured=f"sqs-csv {sqs_csv.rss_mb:.0f} MB",
            reference=f"sqs-big {sqs_big.rss_mb:.0f} MB",
            ratio=sqs_csv.rss_mb / sqs_big.rss_mb,
            goal="",
            passed=None,
        ),
        ratio_outcome(
            "12 §2",
            "big.csv",
            "time: sqs on the CSV / on the same cases as .xlsx",
            sqs_csv,
            sqs_big,
            "",
            None,
        ),
    ]


def measure_render(runner: Runner, sqs: str, plan: Plan, data: Data) -> list[Outcome]:
    """Issue 12 section 2: the table writer in linear time, over 10,000 workbooks' results."""
    sizes = " and ".join(f"{size:,}" for size in RENDER_SIZES)
    log(f"render: scoring {sizes} small workbooks once (--jobs 2, not timed)")
    python = sys.executable
    reports = runner.scratch / "reports"
    reports.mkdir(exist_ok=True)
    scoring = subprocess.run(
        [python, str(Path(__file__)), "--score-small", str(data.small), str(reports)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=runner.env,
        cwd=REPO,
        check=False,
    )
    if scoring.returncode != 0:
        last = scoring.stderr.strip().splitlines()[-1:] or ["no message"]
        raise BenchmarkError(f"run.py --score-small exited with {scoring.returncode}: {last[0]}")
    log("  the raw calamine script over the same workbooks, once")
    measured = runner.measure(
        {"raw-small": [python, str(RAW_SCRIPT), str(data.small), "--jobs", "2"]}, 1, warm_up=False
    )
    largest = RENDER_SIZES[-1]
    measured[f"sqs-small-{largest}"] = Measured(
        f"sqs-small-{largest}", [], stdout=reports / f"report-{largest}.json"
    )
    log("  " + agree(measured, [f"sqs-small-{largest}", "raw-small"]))
    costs = runner.scratch / "render-costs.jsonl"
    costs.unlink(missing_ok=True)
    script = [python, str(Path(__file__)), "--render-costs", str(reports), str(costs)]
    runner.measure({"render-costs": script}, plan.render_reps, warm_up=False)
    outcomes = render_outcomes(costs)
    if not plan.end_to_end_render_reps:
        return outcomes
    log(f"render: end to end, `sqs score` over {largest:,} small workbooks")
    folder = str(data.small)
    measured = runner.measure(
        {
            f"sqs-small-{name}": [sqs, "score", folder, "--format", name, "--jobs", "2"]
            for name in RENDER_FORMATS
        },
        plan.end_to_end_render_reps,
        warm_up=False,
    )
    measured["raw-small"] = runner.measured["raw-small"]
    log("  " + agree(measured, ["sqs-small-json", "raw-small"]))
    return [
        *outcomes,
        ratio_outcome(
            "12 §2",
            f"{largest:,} wb",
            "end to end, --jobs 2: --format table / --format json",
            measured["sqs-small-table"],
            measured["sqs-small-json"],
            "",
            None,
            per=largest,
        ),
    ]


def render_outcomes(costs: Path) -> list[Outcome]:
    runs = [json.loads(line) for line in costs.read_text("utf-8").splitlines() if line]

    def median(format_name: str, size: int, clock: str) -> float:
        return float(statistics.median(run[format_name][str(size)][clock] for run in runs))

    smaller, larger = RENDER_SIZES[0], RENDER_SIZES[-1]
    scale = larger / smaller
    outcomes = []
    for format_name in ("table", "json"):
        small_wall, large_wall = (
            median(format_name, smaller, "wall"),
            median(format_name, larger, "wall"),
        )
        small_cpu, large_cpu = (
            median(format_name, smaller, "cpu"),
            median(format_name, larger, "cpu"),
        )
        outcomes.append(
            Outcome(
                issue="12 §2",
                input=f"{larger:,} results",
                what=f"{format_name} render: time per workbook at {larger:,} / at {smaller:,}",
                measured=f"{large_wall:.3f} s ({large_wall / larger * 1000:.3f} ms/wb)",
                reference=f"{small_wall:.3f} s ({small_wall / smaller * 1000:.3f} ms/wb)",
                ratio=large_wall / small_wall / scale,
                goal="<= 1.5" if format_name == "table" else "",
                passed=large_wall / small_wall / scale <= 1.5 if format_name == "table" else None,
                cpu_ratio=large_cpu / small_cpu / scale,
            )
        )
    table, json_render = median("table", larger, "wall"), median("json", larger, "wall")
    outcomes.append(
        Outcome(
            issue="12 §2",
            input=f"{larger:,} results",
            what=f"render at {larger:,}: table / json (the issue: 20 s / 2.7 s)",
            measured=f"table {table:.3f} s",
            reference=f"json {json_render:.3f} s",
            ratio=table / json_render,
            goal="",
            passed=None,
            cpu_ratio=median("table", larger, "cpu") / median("json", larger, "cpu"),
        )
    )
    return outcomes


def score_small(folder: str, reports: Path) -> int:
    """--score-small FOLDER DIR: score the first 1,000 and all 10,000 small workbooks through
    the library (--jobs 2), pickle each Report into DIR for --render-costs, and write the
    largest one's JSON for the count check. Runs in a process of its own, not timed."""
    from sqs_cli.api import score_workbooks
    from sqs_cli.framework import load_builtin
    from sqs_cli.writers import OutputOptions, render

    paths = list(workbooks([folder]))
    if len(paths) != RENDER_SIZES[-1]:
        print(f"{folder} holds {len(paths)} workbooks, not {RENDER_SIZES[-1]}", file=sys.stderr)
        return 1
    framework = load_builtin()
    for size in RENDER_SIZES:
        report = score_workbooks(paths[:size], framework, jobs=2)
        with (reports / f"report-{size}.pickle").open("wb") as stream:
            pickle.dump(report, stream, protocol=pickle.HIGHEST_PROTOCOL)
    text = render("json", report, OutputOptions(color=False, width=RENDER_WIDTH))
    assert isinstance(text, str)
    (reports / f"report-{RENDER_SIZES[-1]}.json").write_text(text, "utf-8")
    return 0


def render_costs(reports: Path, costs: Path) -> None:
    """--render-costs DIR FILE: load the pickled Reports, render each in the table and JSON
    formats in memory (each writer's imports paid first, on the smaller Report), and
    append the seconds to FILE as one JSON line. Runs in a process of its own."""
    from sqs_cli.writers import OutputOptions, render

    loaded = {}
    for size in RENDER_SIZES:
        with (reports / f"report-{size}.pickle").open("rb") as stream:
            loaded[size] = pickle.load(stream)  # written by this run
    options = OutputOptions(color=False, width=RENDER_WIDTH)
    # Two warm-up renders: imports and first-use caches are not what the target measures.
    for format_name in RENDER_FORMATS:
        render(format_name, loaded[RENDER_SIZES[0]], options)
    seconds: dict[str, dict[str, dict[str, float]]] = {name: {} for name in RENDER_FORMATS}
    for size in RENDER_SIZES:
        for format_name in RENDER_FORMATS:
            wall, cpu = time.perf_counter(), time.process_time()
            render(format_name, loaded[size], options)
            seconds[format_name][str(size)] = {
                "wall": time.perf_counter() - wall,
                "cpu": time.process_time() - cpu,
            }
    with costs.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(seconds) + "\n")


def measure_writers(runner: Runner, sqs: str, plan: Plan, data: Data) -> list[Outcome]:
    count = plan.writer_batch
    batch = data.batch_of(count)
    log(f"writers on a batch of {count} workbooks")
    costs = runner.scratch / "writer-costs.jsonl"
    costs.unlink(missing_ok=True)
    script = [sys.executable, str(Path(__file__)), "--writer-costs", str(batch), str(costs)]
    runner.measure({"writer-costs": script}, plan.writer_reps, warm_up=False)
    outcomes = writer_cost_outcomes(costs, count)
    if not plan.end_to_end_writer_reps:
        return outcomes
    outputs = runner.scratch / "writers"
    outputs.mkdir(exist_ok=True)

    def command(format_name: str, suffix: str) -> list[str]:
        output = str(outputs / f"report{suffix}")
        return [sqs, "score", str(batch), "--jobs", "2", "--format", format_name, "-o", output]

    measured = runner.measure(
        {f"write-{name}": command(name, suffix) for name, suffix in WRITER_FORMATS.items()},
        plan.end_to_end_writer_reps,
        warm_up=False,
    )
    reference = measured["write-json"]
    return outcomes + [
        ratio_outcome(
            "7",
            f"{count} wb",
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
    for name in [*WRITER_FORMATS, "table"]:
        render = statistics.median(run["render"][name] for run in runs)
        informative = name in INFO_WRITERS
        outcomes.append(
            Outcome(
                issue="7",
                input=f"{count} wb",
                what=f"{name} writer: render / scoring, in one process",
                measured=f"render {render:.3f} s",
                reference=f"scoring, --jobs 2: {scoring:.3f} s",
                ratio=render / scoring,
                goal="" if informative else f"<= {WRITER_GOAL}",
                passed=None if informative else render / scoring <= WRITER_GOAL,
            )
        )
    return outcomes


def writer_costs(folder: str, costs: Path) -> None:
    """--writer-costs FOLDER FILE: score a folder once (--jobs 2), render every format, and
    append the seconds to FILE as one JSON line. Runs in a process of its own."""
    from sqs_cli.api import score_workbooks
    from sqs_cli.framework import load_builtin
    from sqs_cli.writers import OutputOptions, render

    started = time.perf_counter()
    report = score_workbooks(list(workbooks([folder])), load_builtin(), jobs=2)
    scored = time.perf_counter() - started
    seconds: dict[str, float] = {}
    for name in [*WRITER_FORMATS, "table"]:
        started = time.perf_counter()
        render(name, report, OutputOptions(color=False, width=RENDER_WIDTH))
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
            outcome.issue,
            outcome.input,
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
    headings = (
        "issue",
        "input",
        "target",
        "measured",
        "against",
        "ratio",
        "CPU ratio",
        "goal",
        "result",
    )
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
    """Each command as one could type it in the repository: `sqs` and `python` from the
    environment sqs is installed in, TMP for this run's temporary folder."""

    def short(argument: str) -> str:
        path = Path(argument)
        if path.name in {"sqs", "python", "python3"} or argument == sys.executable:
            return "python" if argument == sys.executable else path.name
        if path.is_relative_to(scratch):
            return "TMP/" + str(path.relative_to(scratch))
        if path.is_absolute() and path.is_relative_to(REPO):
            return str(path.relative_to(REPO))
        return argument

    return "\n".join(
        f"- {item.name}: `{shlex.join(short(a) for a in item.argv)}`" for item in measured.values()
    )


# Commands that run in one process: alone on a CPU, they use about a CPU-second a second.
ONE_PROCESS = (
    "sqs-one",
    "raw-one",
    "import-typer-rich",
    "sqs-big",
    "raw-big",
    "sqs-csv",
    "raw-csv",
)


def _median_share(measured: dict[str, Measured], wanted: Callable[[str], bool]) -> float | None:
    shares = [
        sample.cpu / sample.wall
        for item in measured.values()
        if wanted(item.name)
        for sample in item.samples
        if sample.wall > 0
    ]
    return statistics.median(shares) if shares else None


def busy_note(measured: dict[str, Measured]) -> str:
    """A warning when other work shared the machine: one-process commands got much less
    than a CPU, or the raw script's pool of 2 much less than two (on a quiet machine it
    uses 1.6 to 1.9). Wall-time ratios, the --jobs 2 ones above all, are then less to be
    trusted than the CPU ratios."""
    notes = []
    one = _median_share(measured, lambda name: name in ONE_PROCESS or name.endswith(("-j1", "-1")))
    if one is not None and one < 0.85:
        notes.append(f"the one-process commands had {one:.0%} of a CPU")
    pool = _median_share(measured, lambda name: name.startswith("raw-") and name.endswith("-2"))
    if pool is not None and pool < 1.4:
        notes.append(f"the raw script's pool of 2 had {pool:.2f} CPUs")
    if not notes:
        return ""
    return (
        f"note: {' and '.join(notes)} (median CPU time over wall time): other work was "
        "sharing the machine, and the wall-time ratios (the --jobs 2 ones above all) are "
        "not the figures to publish.\n"
    )


def verdict(outcomes: Sequence[Outcome]) -> str:
    goals = [outcome for outcome in outcomes if outcome.passed is not None]
    passed = sum(1 for outcome in goals if outcome.passed)
    return f"{passed} of {len(goals)} goals pass"


def run_helper(args: argparse.Namespace) -> int | None:
    """The child processes this script starts of itself; None when not one of them."""
    if args.compare_counts:
        return compare_counts(args.compare_counts)
    if args.writer_costs:
        writer_costs(args.writer_costs[0], Path(args.writer_costs[1]))
        return 0
    if args.score_small:
        return score_small(args.score_small[0], Path(args.score_small[1]))
    if args.render_costs:
        render_costs(Path(args.render_costs[0]), Path(args.render_costs[1]))
        return 0
    return None


def print_results(
    about: dict[str, Any],
    plan: Plan,
    outcomes: Sequence[Outcome],
    measured: dict[str, Measured],
    scratch: Path,
) -> None:
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
    note = busy_note(measured)
    if note:
        print(note)
    issue_12 = [outcome for outcome in outcomes if outcome.issue.startswith("12")]
    others = [outcome for outcome in outcomes if not outcome.issue.startswith("12")]
    if issue_12:
        print(f"Issue 12 goals, against the raw python-calamine script: {verdict(issue_12)}\n")
        print(outcomes_table(issue_12))
        print()
    if others:
        print(f"Issue 7 targets kept, and information: {verdict(others)}\n")
        print(outcomes_table(others))
        print()
    print(measurements_table(measured))
    print()
    print(commands_list(measured, scratch))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="300 workbooks only, fewer repetitions, no pandas"
    )
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"some of {','.join(SECTIONS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="generated data")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    parser.add_argument("--writer-costs", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--score-small", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--render-costs", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--compare-counts", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    helper = run_helper(args)
    if helper is not None:
        return helper
    plan = QUICK if args.quick else FULL
    sections = {part.strip() for part in args.only.split(",") if part.strip()}
    unknown = sections - set(SECTIONS)
    if unknown:
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}; choose from {SECTIONS}")
    sqs = sqs_executable()
    about = machine()
    log(
        f"{about['cpu_model']}, {about['cpus']} CPUs, Python {about['python']}, "
        f"load average {about['load_average_at_start']}"
    )
    if (about["cpus_usable"] or about["cpus"] or 1) < 2:
        log("run.py: fewer than 2 CPUs usable: the --jobs 2 goals cannot be met here")
    data = generate_inputs(args.out)
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="sqs-bench-") as scratch:
        runner = Runner(env=child_environment(data.root / "pycache"), scratch=Path(scratch))
        try:
            prewarm(runner, sqs, data, plan, sections)
            if "one" in sections:
                outcomes += measure_one(runner, sqs, plan)
            if "batch" in sections:
                for count in plan.batch_sizes:
                    outcomes += measure_batch(runner, sqs, plan, data, count)
            if "big" in sections:
                outcomes += measure_big(runner, sqs, plan, data)
            if "render" in sections:
                outcomes += measure_render(runner, sqs, plan, data)
            if "writers" in sections:
                outcomes += measure_writers(runner, sqs, plan, data)
        except BenchmarkError as error:
            log(f"run.py: {error}")
            return 2
    about["load_average_at_end"] = load_average()
    about["seconds"] = round(time.perf_counter() - started)
    about["floor_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_results(about, plan, outcomes, runner.measured, Path(scratch))
    if args.json:
        document = {
            "machine": about,
            "plan": asdict(plan),
            "outcomes": [asdict(outcome) for outcome in outcomes],
            "measured": {
                name: {"argv": item.argv, "samples": [asdict(s) for s in item.samples]}
                for name, item in runner.measured.items()
            },
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", "utf-8")
    return 0 if all(outcome.passed is not False for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
