"""Free text never leaks: a child's name typed into a mark cell, a question cell, beside
an empty case-ID cell, or into the header of an unknown column appears in no output of
any command, in any format, on stdout, stderr or in a file; `--show-values` quotes it."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sqs_cli.cli import app
from tests.conftest import COVENTRY, write_workbook

FIRST, LAST = "Firstname", "Surname"
SENTENCE = f"{FIRST} {LAST} told me"
NAMES = (FIRST, LAST, "Bloggs")


def _marking(path: Path) -> Path:
    header = ["Case ID", "Comments", "9.9z Jo Bloggs notes", "1.1a", "1.1b", "2.1a"]
    rows = [
        header,
        ["C1", SENTENCE, "x", SENTENCE, "Yes", "No"],  # the sentence in a mark cell
        ["C2", "fine", "", "Yes", LAST, "No"],  # a surname alone in a mark cell
        [None, f"{FIRST} {LAST}", "", "Yes", "No", "Yes"],  # marks, no ID, a name beside
        ["C3", "", "", "Yes", "No", "Yes"],
        ["C4", "", "", "Yes", "Yes", "Yes"],
        ["C5", "", "", "Yes", "Yes", "Yes"],
    ]
    return write_workbook(path, {"Cases": rows})


def _long_marking(path: Path) -> Path:
    rows = [
        ["Case ID", "Notes", "Question", "Judgement"],
        ["L1", SENTENCE, "1.1a", "Yes"],
        ["L1", "", f"{FIRST} {LAST}", "No"],  # a name where the question belongs
        ["L2", "", "1.1a", SENTENCE],
    ]
    return write_workbook(path, {"Cases": rows})


Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"})

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(app, [str(arg) for arg in args])

    return invoke


def _texts_of(path: Path) -> Iterator[str]:
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                yield archive.read(member).decode("utf-8", "replace")
    else:
        yield data.decode("utf-8", "replace")


def _outputs(run: Run, tmp_path: Path, extra: tuple[str, ...] = ()) -> dict[str, str]:
    wide = _marking(tmp_path / "wide.xlsx")
    long = _long_marking(tmp_path / "long.xlsx")
    outputs: dict[str, str] = {}

    def keep(name: str, result: Result) -> None:
        assert result.exception is None or isinstance(result.exception, SystemExit), name
        outputs[f"{name} stdout"] = result.stdout
        outputs[f"{name} stderr"] = result.stderr

    for fmt in ("table", "json", "csv", "markdown", "junit", "github"):
        keep(f"score {fmt}", run("score", wide, long, "--format", fmt, *extra))
    results = tmp_path / "results.xlsx"
    keep("score xlsx", run("score", wide, long, "-o", results, *extra))
    keep("validate", run("validate", wide, long, *extra))
    for suffix in ("md", "html"):
        draft = tmp_path / f"draft.{suffix}"
        keep(f"report {suffix}", run("report", wide, "-o", draft, *extra))
        outputs[f"report {suffix} file"] = draft.read_text("utf-8")
    for fmt in ("table", "json", "markdown"):
        keep(f"compare {fmt}", run("compare", wide, COVENTRY, "--format", fmt))
    for path in (results, tmp_path / "step-summary.md"):
        outputs[path.name] = "\n".join(_texts_of(path))
    return outputs


def test_no_output_of_any_command_holds_a_name(run: Run, tmp_path: Path) -> None:
    outputs = _outputs(run, tmp_path)
    leaks = [(where, name) for where, text in outputs.items() for name in NAMES if name in text]
    assert leaks == []
    # The cells are still named, and their content described by its shape.
    assert (
        "Cases!D2: error[unknown-judgement] text of 25 characters" in outputs["score json stderr"]
    )
    assert "Cases!A4: error[missing-case-id]" in outputs["score json stderr"]
    assert "column C is headed '9.9z'" in outputs["score json stderr"]


def test_show_values_quotes_the_cells_on_the_user_s_own_machine(run: Run, tmp_path: Path) -> None:
    result = run("score", _marking(tmp_path / "wide.xlsx"), "--show-values", "--format", "json")
    assert f"'{SENTENCE}' is not a judgement" in result.stderr
    assert f"'{LAST}' is not a judgement" in result.stderr


def test_no_output_of_a_youth_audit_holds_a_name(run: Run, tmp_path: Path) -> None:
    """A name typed where a Disposal, a rating or a standard belongs reaches no output: the
    Ratings sheet's reasons are printed (they describe the service), its other cells not."""
    from tests.conftest import YOUTH_RATINGS, youth_rows

    rows = youth_rows()
    rows[1][1] = SENTENCE  # a name in the Disposal column: a case in no group
    rows[2][3] = LAST  # a surname in a mark cell
    ratings = [list(row) for row in YOUTH_RATINGS]
    ratings[1][1] = f"{FIRST} {LAST}"  # a name where 1.1's rating belongs
    ratings.append([f"{FIRST} said 9.9", "Good", None])  # a name where a standard belongs
    path = write_workbook(tmp_path / "youth.xlsx", {"Cases": rows, "Ratings": ratings})
    outputs: dict[str, str] = {}
    for fmt in ("table", "json", "csv", "markdown", "junit", "github"):
        result = run("score", path, "--format", fmt)
        outputs[f"score {fmt}"] = result.stdout + result.stderr
    results = tmp_path / "results.xlsx"
    run("score", path, "-o", results)
    outputs["xlsx"] = "\n".join(_texts_of(results))
    outputs["validate"] = run("validate", path).stdout
    for suffix in ("md", "html"):
        draft = tmp_path / f"draft.{suffix}"
        run("report", path, "-o", draft)
        outputs[f"report {suffix}"] = draft.read_text("utf-8")
    leaks = [(where, name) for where, text in outputs.items() for name in NAMES if name in text]
    assert leaks == []
    stderr = outputs["score json"]
    assert "Cases!B2: error[no-group] text of 25 characters in Disposal" in stderr
    assert "Ratings!B2: error[unknown-rating] text of 17 characters is not a rating" in stderr
