"""sqs under every output encoding Windows gives it: cp1252 (a redirect or a pipe), cp850
(an old console), ASCII. Every command and format of `tests/encoding_census.py` runs
in-process through `main()`, with stdout and stderr as Python sets them for
`PYTHONIOENCODING` (stdout strict, stderr escaping), and is held to its run under UTF-8:
no crash, the same exit code, figures and IDs; text from a file escaped, never dropped.
A few runs go through a real subprocess too, to prove the entry point itself.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from sqs_cli.cli import main
from tests.encoding_census import (
    ENCODINGS,
    FOLDER,
    RUNS,
    WRECSAM,
    YNYS_MON,
    Outcome,
    Run,
    make_inputs,
    run_sqs,
)


@pytest.fixture(scope="module", autouse=True)
def fixed_report_time() -> Iterator[None]:
    """A report (and a workbook's properties) records when it was made: a fixed time for
    every run of this module, so that only the encoding differs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1765100000")
        yield


REPO = Path(__file__).resolve().parent.parent
# What the figures are made of, wherever they stand in a table, list or sentence.
FIGURES = re.compile(
    r"\d+ out of \d+|\d+(?:\.\d+)?%|[+-]?\d+(?:\.\d+)? pts|\b\d\.\d[a-z]?\b"
    r"|Outstanding|Good|Requires\s+improvement|Inadequate"
    # and every other number that stands alone: a population, a share, a seed.
    r"|(?<!\S)\d+(?:\.\d+)?(?!\S)"
)


# The runs whose output draws with sqs's marks (rules, bars, bullets, arrows) or Rich's
# boxes, which are ASCII where the output is not Unicode; every other run's output is the
# UTF-8 one with what the encoding lacks escaped.
DRAWN = {
    "score one table",
    "score batch table",
    "score one table, 120 columns",
    "score batch table, 120 columns",
    "score with bad marks",
    "compare table",
    "score one markdown",  # `Ynys Môn · path`
    "score batch markdown",
    "compare markdown",  # `Good → Outstanding`
    "sample table",
    "agree table",
    "trend table",
}
# --help is drawn in Rich's panels.
OPTIONS = re.compile(r"(?<![-\w])--[a-z][a-z-]*")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("encodings")
    make_inputs(root)
    return root


def run_main(run: Run, encoding: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    """`sqs ARGS` in this process, with standard streams as `PYTHONIOENCODING=encoding`
    gives them: stdout strict, stderr escaping what its encoding lacks."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")
    stderr = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="backslashreplace")
    with monkeypatch.context() as patch:
        patch.chdir(root)
        patch.setattr(sys, "argv", ["sqs", *run.arguments])
        patch.setattr(sys, "stdout", stdout)
        patch.setattr(sys, "stderr", stderr)
        patch.setenv("NO_COLOR", "1")
        patch.setenv("COLUMNS", str(run.columns or 100))
        patch.delenv("GITHUB_STEP_SUMMARY", raising=False)
        with pytest.raises(SystemExit) as stopped:
            main()
        stdout.flush()
        stderr.flush()
    code = stopped.value.code
    exit_code = code if isinstance(code, int) else (0 if code is None else 1)
    return Outcome(
        run,
        encoding,
        exit_code,
        stdout.buffer.getvalue(),  # type: ignore[attr-defined]
        stderr.buffer.getvalue(),  # type: ignore[attr-defined]
    )


@pytest.fixture(scope="module")
def under_utf8(inputs: Path) -> Iterator[dict[Run, Outcome]]:
    """Every run under UTF-8, once: what the other encodings are held to."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield {run: run_main(run, "utf-8", inputs, monkeypatch) for run in RUNS}


def escaped(text: str, encoding: str) -> str:
    """Text as an output in encoding shows it: what it lacks escaped, nothing dropped."""
    return text.encode(encoding, "backslashreplace").decode(encoding)


def figures(text: str) -> list[str]:
    return [" ".join(found.split()) for found in FIGURES.findall(text)]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("run", RUNS, ids=[run.name for run in RUNS])
def test_every_command_and_format_runs_alike(
    inputs: Path,
    under_utf8: dict[Run, Outcome],
    monkeypatch: pytest.MonkeyPatch,
    run: Run,
    encoding: str,
) -> None:
    outcome = run_main(run, encoding, inputs, monkeypatch)
    expected = under_utf8[run]
    stderr = outcome.stderr.decode(encoding)
    assert not outcome.crashed, stderr
    assert outcome.exit_code == expected.exit_code
    # Each line of stderr is UTF-8's, with what the encoding lacks escaped (`'\u2713'`).
    assert stderr == escaped(expected.stderr.decode("utf-8"), encoding)
    if run.stdout_kind == "bytes":
        assert outcome.stdout == expected.stdout
        return
    stdout, wanted = outcome.stdout.decode(encoding), expected.stdout.decode("utf-8")
    if encoding == "ascii":
        assert outcome.stdout.isascii()
    if run.stdout_kind == "json":
        assert json.loads(stdout) == json.loads(wanted)
    elif run.stdout_kind == "markup":
        # Character references stand for what the encoding lacks: the same document.
        assert html.unescape(stdout) == html.unescape(wanted)
    elif "--help" in run.arguments:
        assert OPTIONS.findall(stdout) == OPTIONS.findall(wanted) != []
    elif stdout != escaped(wanted, encoding):
        # Tables and lists drawn with sqs's marks or Rich's boxes: ASCII ones, and the
        # same figures and IDs.
        assert run.name in DRAWN
        assert figures(stdout) == figures(wanted) != []


def test_the_census_covers_every_command_and_format() -> None:
    """So that a new command or format cannot escape these tests."""
    from sqs_cli.writers import formats_for

    ran = {
        (run.arguments[0], run.arguments[run.arguments.index("--format") + 1])
        for run in RUNS
        if "--format" in run.arguments
    }
    defaults = {
        "score": "table",
        "compare": "table",
        "report": "markdown",
        "sample": "table",
        "agree": "table",
        "trend": "table",
    }
    for command, default in defaults.items():
        for output_format in formats_for(command):
            assert (command, output_format.name) in ran or output_format.name == default
    commands = {run.arguments[0] for run in RUNS}
    assert commands >= {
        "score",
        "validate",
        "template",
        "report",
        "compare",
        "framework",
        "sample",
        "agree",
        "trend",
    }


# --- The real command, in a subprocess: its own standard streams, as Python sets them ------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_mark_the_encoding_lacks_is_escaped_in_its_message(inputs: Path, encoding: str) -> None:
    """`sqs score audit.xlsx > results.txt` on Windows: the table on stdout, and on stderr
    the message quoting a `✓` mark, escaped; an en dash where the encoding has one."""
    outcome = run_sqs(Run("bad marks", ("score", WRECSAM)), encoding, inputs)
    assert not outcome.crashed
    assert outcome.exit_code == 1
    dash = escaped("\u2013", encoding)
    name = escaped(WRECSAM, encoding)
    assert outcome.stderr.decode(encoding).splitlines()[:2] == [
        f"{name}: Cases!B4: error[unknown-judgement] '\\u2713' is not a judgement",
        f"{name}: Cases!D7: error[unknown-judgement] '{dash}' is not a judgement",
    ]
    table = outcome.stdout.decode(encoding)
    assert table.splitlines()[0] == "Wrecsam - 12 cases"
    assert "1.1a  Were the factor...  7 out of 10" in table


def test_the_default_table_of_a_batch_in_ascii(inputs: Path) -> None:
    """A batch, at 160 columns, into an ASCII pipe: ASCII rules and bars, Welsh names
    escaped, and every figure of the UTF-8 run."""
    run = Run("batch", ("score", FOLDER), columns=160)
    outcome = run_sqs(run, "ascii", inputs)
    under_utf8 = run_sqs(run, "utf-8", inputs)
    assert (outcome.exit_code, under_utf8.exit_code) == (1, 1)
    assert outcome.stdout.isascii() and outcome.stderr.isascii()
    text = outcome.stdout.decode("ascii")
    lines = text.splitlines()
    assert lines[3].startswith("Wrecsam - archwiliadau M\\xf4n/Wrecsam \\u2013 2025.xlsx  ")
    assert lines[2] == "-" * len(lines[2])
    assert re.search(r"  1\.1a  .*  \d+ out of \d+  +[\d.]+%  [#.]{10}  ", text)
    assert figures(text) == figures(under_utf8.stdout.decode("utf-8"))


# --- Names as Welsh services have them --------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", *ENCODINGS])
def test_welsh_names_come_out_intact_in_every_machine_format(
    inputs: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, encoding: str
) -> None:
    """`Ynys Môn \u2013 archwiliad.xlsx` in a folder `archwiliadau Môn` is read, and its path
    and area are the same characters in JSON, JUnit, the GitHub annotations, the CSV file
    and the results workbook, whatever the encoding of stdout."""
    wrecsam = ("score", WRECSAM, YNYS_MON, "--format")

    def run(*arguments: str) -> Outcome:
        outcome = run_main(Run("names", arguments), encoding, inputs, monkeypatch)
        assert outcome.exit_code == 1, outcome.stderr
        return outcome

    document = json.loads(run(*wrecsam, "json").stdout.decode(encoding))
    assert [w["path"] for w in document["workbooks"]] == [WRECSAM, YNYS_MON]
    assert document["workbooks"][1]["inspection"]["Area"] == "Ynys M\u00f4n"
    junit = ElementTree.fromstring(run(*wrecsam, "junit").stdout)
    assert [suite.get("name") for suite in junit] == [WRECSAM, YNYS_MON]
    assert [suite.get("file") for suite in junit] == [WRECSAM, YNYS_MON]
    # A classname has no dots (CI dashboards read them as package separators): `_xlsx`.
    assert {case.get("classname") for case in junit.iter("testcase")} == {
        path.replace(".", "_") for path in (WRECSAM, YNYS_MON)
    }
    annotations = run(*wrecsam, "github").stdout.decode("utf-8").splitlines()
    assert annotations[0].startswith(
        f"::error file={WRECSAM},title=Cases!B4 unknown-judgement::'\u2713' is not a judgement"
    )
    csv_file, workbook = tmp_path / "canlyniadau M\u00f4n.csv", tmp_path / "canlyniadau.xlsx"
    for target in (csv_file, workbook):
        outcome = run("score", WRECSAM, YNYS_MON, "-o", str(target))
        wrote = escaped(f"Wrote {target}", encoding)
        assert wrote in outcome.stderr.decode(encoding).splitlines()
    rows = list(csv.reader(io.StringIO(csv_file.read_text("utf-8-sig"))))
    assert {(row[0], row[1]) for row in rows[1:]} == {
        (WRECSAM, "Wrecsam"),
        (YNYS_MON, "Ynys M\u00f4n"),
    }
    summary = openpyxl.load_workbook(workbook)["Summary"]
    paths = {cell for row in summary.iter_rows(values_only=True) for cell in row[:1]}
    assert {WRECSAM, YNYS_MON} <= paths


@pytest.mark.skipif(sys.platform == "win32", reason="the C locale is POSIX's")
@pytest.mark.parametrize(
    "arguments",
    [(), ("--format", "csv"), ("--format", "json"), ("-o", "canlyniadau.md")],
    ids=["table", "csv", "json", "-o md"],
)
def test_the_c_locale_without_utf_8_mode(
    inputs: Path, tmp_path: Path, arguments: tuple[str, ...]
) -> None:
    """LC_ALL=C with Python's UTF-8 mode off (a bare container, a cron job): stdout is
    ASCII with surrogateescape, and a non-ASCII file name arrives as surrogates. sqs runs,
    escapes what ASCII lacks, and writes the name's own bytes back, in a file too."""
    import os
    import shutil
    import subprocess

    workbook = tmp_path / "Ynys Môn \u2013 archwiliad.xlsx"
    shutil.copy(inputs / YNYS_MON, workbook)
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LC_", "PYTHONIO")) and key not in ("LANG", "PYTHONUTF8")
    }
    environment |= {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "sqs_cli", "score", workbook.name, *arguments],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"internal error" not in result.stderr
    name = "Ynys Môn \u2013 archwiliad.xlsx".encode()
    if arguments[:1] == ("-o",):
        assert name in (tmp_path / "canlyniadau.md").read_bytes()
    elif arguments == ("--format", "json"):
        assert json.loads(result.stdout)["workbooks"][0]["inspection"]["Area"] == "Ynys Môn"
    else:
        assert name in result.stdout
