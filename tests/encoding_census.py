"""Every command and format of sqs under output encodings as Windows sets them.

Windows gives a redirected or piped stdout the ANSI code page (cp1252 in the UK), a console
of old the OEM code page (cp850), and a minimal system may have ASCII. This runs every
command and format of sqs, in a subprocess under `PYTHONIOENCODING` set to each, on
workbooks with Welsh names (`Ynys Môn - archwiliad.xlsx`, with an en dash) and marks such
as `✓`, and counts the runs that crash (an internal error or a traceback) and the runs
whose exit code or JSON differs from the same run under UTF-8.

    python tests/encoding_census.py                   # cp1252, cp850, ascii; a table of runs
    python tests/encoding_census.py --encodings ascii --show-failures
    python tests/encoding_census.py --source /tmp/before     # another copy's sqs_cli (git archive)

`tests/test_cli_encodings.py` runs the same matrix in-process (fast enough for the suite).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.conftest import write_workbook  # noqa: E402

ENCODINGS = ("cp1252", "cp850", "ascii")
# Names as Welsh services have them: a circumflex and an en dash, in a folder name too.
FOLDER = "archwiliadau Môn"
YNYS_MON = f"{FOLDER}/Ynys Môn \u2013 archwiliad.xlsx"
WRECSAM = f"{FOLDER}/Wrecsam \u2013 2025.xlsx"
# A second marker's marking of Ynys Môn's cases, outside the folder: for `sqs agree`.
SECOND_MARKER = "Ynys Môn \u2013 ail farciwr.xlsx"
QUESTIONS = ("1.1a", "1.1b", "1.2a", "2.1a", "3.1a", "4.3a", "5.1a")


def make_inputs(root: Path) -> None:
    """Two marking workbooks with non-ASCII names in a non-ASCII folder under root: Ynys
    Môn, clean; Wrecsam, with marks that are no judgement (`✓`, an en dash); and a
    second marker's Ynys Môn beside the folder, differing in two cells."""
    (root / FOLDER).mkdir()
    patterns = ["Yes", "Yes", "No", "Yes", "N/A", "Not done", "Yes", "Yes", "No", "Yes"]
    cases = [
        [f"YM-{n:02}", *(patterns[(n + column) % len(patterns)] for column in range(7))]
        for n in range(12)
    ]
    inspection = [
        ["Area", "Ynys Môn"],
        ["Service", "Gwasanaeth Cyfiawnder Ieuenctid Môn"],
        ["Fieldwork start", "3 March 2025"],
        ["Fieldwork end", "5 March 2025"],
    ]
    write_workbook(
        root / YNYS_MON, {"Cases": [["Case ID", *QUESTIONS], *cases], "Inspection": inspection}
    )
    second = [list(row) for row in cases]
    second[1][1], second[4][2] = "No", "Yes"
    write_workbook(
        root / SECOND_MARKER,
        {"Cases": [["Case ID", *QUESTIONS], *second], "Inspection": inspection},
    )
    marked = [[f"WR-{n:02}", *row[1:]] for n, row in enumerate(reversed(cases))]
    marked[2][1] = "✓"
    marked[5][3] = "\u2013"
    write_workbook(
        root / WRECSAM,
        {"Cases": [["Case ID", *QUESTIONS], *marked], "Inspection": [["Area", "Wrecsam"]]},
    )


class Run(NamedTuple):
    name: str
    arguments: tuple[str, ...]
    # The terminal's width; None: a pipe's 80 columns (Rich draws bars from 100).
    columns: int | None = None

    @property
    def stdout_kind(self) -> str:
        """How its stdout is compared with UTF-8's: "json" (the same document), "markup"
        (XML or HTML: the same text once character references are read), "bytes" (the
        same bytes: a workbook, and GitHub's workflow commands, always UTF-8) or "text"."""
        if "--help" in self.arguments:
            return "text"
        if {"json", "sarif", "gitlab"} & set(self.arguments):
            return "json"
        if {"junit", "html"} & set(self.arguments):
            return "markup"
        if {"xlsx", "docx", "github"} & set(self.arguments) or self.arguments[0] == "template":
            return "bytes"
        return "text"


def _runs() -> tuple[Run, ...]:
    runs: list[Run] = []
    for subject, target in (("one", YNYS_MON), ("batch", FOLDER)):
        for output_format in (
            "table",
            "json",
            "csv",
            "markdown",
            "junit",
            "github",
            "sarif",
            "gitlab",
        ):
            runs.append(
                Run(
                    f"score {subject} {output_format}", ("score", target, "--format", output_format)
                )
            )
        runs.append(Run(f"score {subject} xlsx", ("score", target, "--format", "xlsx", "-o", "-")))
        runs.append(Run(f"score {subject} table, 120 columns", ("score", target), columns=120))
    runs += [
        Run("score with bad marks", ("score", WRECSAM)),
        Run("score -o csv file", ("score", YNYS_MON, "-o", "canlyniadau Môn.csv", "--force")),
        Run("score a missing file", ("score", "Môn \u2013 ar goll.xlsx")),
        Run("validate", ("validate", FOLDER)),
        Run("validate json", ("validate", FOLDER, "--format", "json")),
        Run("report markdown", ("report", YNYS_MON)),
        Run("report html", ("report", YNYS_MON, "--format", "html")),
        Run("report docx", ("report", YNYS_MON, "--format", "docx", "-o", "-")),
        *(
            Run(
                f"sample {output_format}",
                (
                    "sample",
                    YNYS_MON,
                    "--size",
                    "3",
                    "--seed",
                    "1",
                    "--format",
                    output_format,
                    *(("-o", "-") if output_format == "xlsx" else ()),
                ),
            )
            for output_format in ("table", "json", "csv", "xlsx")
        ),
        *(
            Run(
                f"agree {output_format}",
                ("agree", YNYS_MON, SECOND_MARKER, "--format", output_format),
            )
            for output_format in ("table", "json", "csv", "markdown")
        ),
        *(
            Run(
                f"trend {output_format}",
                (
                    "trend",
                    YNYS_MON,
                    WRECSAM,
                    "--format",
                    output_format,
                    *(("-o", "-") if output_format == "xlsx" else ()),
                ),
            )
            for output_format in ("table", "json", "csv", "xlsx", "html")
        ),
        *(
            Run(
                f"compare {output_format}",
                ("compare", YNYS_MON, WRECSAM, "--format", output_format),
            )
            for output_format in ("table", "json", "markdown")
        ),
        Run("template", ("template", "-o", "-")),
        Run("framework list", ("framework", "list")),
        Run("framework show", ("framework", "show")),
        Run("framework export", ("framework", "export")),
        Run("version", ("--version",)),
        Run("help", ("--help",)),
        *(
            Run(f"{command} --help", (*command.split(), "--help"))
            for command in (
                "score",
                "validate",
                "template",
                "report",
                "compare",
                "merge",
                "config",
                "sample",
                "agree",
                "trend",
                "framework export",
            )
        ),
    ]
    return tuple(runs)


RUNS = _runs()


class Outcome(NamedTuple):
    run: Run
    encoding: str
    exit_code: int
    stdout: bytes
    stderr: bytes

    @property
    def crashed(self) -> bool:
        return self.exit_code not in (0, 1, 2) or any(
            mark in self.stderr for mark in (b"internal error", b"Traceback")
        )

    def document(self) -> object:
        return json.loads(self.stdout.decode(self.encoding))


def run_sqs(run: Run, encoding: str, cwd: Path, *, source: Path = REPO) -> Outcome:
    """`python -m sqs_cli ARGS` with PYTHONIOENCODING=encoding, into a pipe; the sqs_cli in
    source (this repository's by default)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONUTF8", "COLUMNS", "GITHUB_STEP_SUMMARY")
    }
    # A report records when it was made: a fixed time, so that only the encoding differs.
    environment |= {
        "PYTHONIOENCODING": encoding,
        "NO_COLOR": "1",
        "PYTHONPATH": str(source),
        "SOURCE_DATE_EPOCH": "1765100000",
    }
    if run.columns is not None:
        environment["COLUMNS"] = str(run.columns)
    done = subprocess.run(
        [sys.executable, "-m", "sqs_cli", *run.arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        check=False,
        timeout=300,
    )
    return Outcome(run, encoding, done.returncode, done.stdout, done.stderr)


def differs(outcome: Outcome, under_utf8: Outcome) -> str | None:
    """Why a run that did not crash is not the UTF-8 run's result, or None."""
    if outcome.exit_code != under_utf8.exit_code:
        return f"exit code {outcome.exit_code}, {under_utf8.exit_code} under UTF-8"
    if outcome.run.stdout_kind == "json":
        try:
            if outcome.document() != under_utf8.document():
                return "the JSON differs from UTF-8's"
        except ValueError as error:
            return f"not valid JSON: {error}"
    return None


def census(encodings: Sequence[str], *, source: Path = REPO, show_failures: bool = False) -> int:
    with tempfile.TemporaryDirectory(prefix="sqs-encodings-") as folder:
        root = Path(folder)
        make_inputs(root)
        jobs = [(run, encoding) for encoding in ("utf-8", *encodings) for run in RUNS]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            outcomes = list(pool.map(lambda job: run_sqs(*job, cwd=root, source=source), jobs))
    by_run = {(o.run, o.encoding): o for o in outcomes}
    total_crashes = 0
    print(f"{len(RUNS)} runs (every command and format) under each encoding\n")
    print(f"{'encoding':<10}{'crashed':>9}{'differs':>9}")
    for encoding in ("utf-8", *encodings):
        crashed = [o for o in outcomes if o.encoding == encoding and o.crashed]
        different = [
            (o, why)
            for o in outcomes
            if o.encoding == encoding
            and not o.crashed
            and (why := differs(o, by_run[(o.run, "utf-8")]))
        ]
        if encoding != "utf-8":
            total_crashes += len(crashed)
        print(f"{encoding:<10}{len(crashed):>9}{len(different):>9}")
        if show_failures:
            for outcome in crashed:
                last = outcome.stderr.decode("ascii", "backslashreplace").strip().splitlines()
                print(f"    crashed: {outcome.run.name}: {last[-1] if last else ''}")
            for outcome, why in different:
                print(f"    differs: {outcome.run.name}: {why}")
    print(
        f"\nTotal: {total_crashes} of {len(RUNS) * len(encodings)} runs crash under "
        f"{', '.join(encodings)}"
    )
    return 1 if total_crashes else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--encodings", nargs="+", default=list(ENCODINGS))
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument(
        "--source", type=Path, default=REPO, help="the folder holding the sqs_cli to run"
    )
    arguments = parser.parse_args()
    print(f"sqs_cli from {arguments.source.resolve()}")
    sys.exit(
        census(arguments.encodings, source=arguments.source, show_failures=arguments.show_failures)
    )


if __name__ == "__main__":
    main()
