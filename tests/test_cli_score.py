"""`sqs score`: the main job, its options, exit codes and every bad input it must explain."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from sqs_cli import output
from tests.conftest import (
    COVENTRY,
    LONG_LAYOUT_SAMPLE,
    WorkbookFactory,
    rewrite_members,
    valid_report,
    wide_rows,
    with_cached_values,
)

Cli = Callable[..., Result]


def question(document: dict[str, Any], question_id: str) -> dict[str, Any]:
    [workbook] = document["workbooks"]
    return next(q for q in workbook["questions"] if q["id"] == question_id)


def criterion(document: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    [workbook] = document["workbooks"]
    return next(c for c in workbook["criteria"] if c["id"] == criterion_id)


def test_table_output_for_the_coventry_sample(cli: Cli, coventry_copy: Path) -> None:
    result = cli("score", coventry_copy)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Coventry")
    assert "20 cases" in lines[0]
    row_11a = next(line for line in lines if line.lstrip().startswith("1.1a "))
    assert "18 out of 20" in row_11a
    assert "90%" in row_11a
    row_31 = next(line for line in lines if line.startswith("3.1 "))
    assert "12 out of 19" in row_31
    assert "Requires improvement*" in row_31
    assert "41 to 81%" in row_31
    row_12b = next(line for line in lines if line.lstrip().startswith("1.2b "))
    assert "too few cases to rate" in row_12b
    assert "Key strengths" in result.stdout
    strengths = result.stdout.split("Key strengths")[1].split("Areas requiring improvement")
    assert "1.1 Assessment of offending factors: Outstanding*" in strengths[0]
    assert "5.1 Management oversight: Inadequate* (8 out of 20 sufficient, 40%" in strengths[1]
    assert result.stderr == ""


def test_json_output_matches_the_schema_and_the_report(cli: Cli, coventry_copy: Path) -> None:
    result = cli("score", coventry_copy, "--format", "json")
    assert result.exit_code == 0
    document = valid_report(result.stdout)
    assert document["schema"] == "sqs.report/1"
    assert document["framework"]["id"] == "sqs-2016"
    assert document["summary"] == {"workbooks": 1, "ok": 1, "errors": 0, "unreadable": 0}
    [workbook] = document["workbooks"]
    assert (workbook["path"], workbook["status"], workbook["cases"]) == (
        str(coventry_copy),
        "ok",
        20,
    )
    assert workbook["inspection"]["Area"] == "Coventry"
    assert workbook["inspection"]["Reoffending rate"] == 0.36
    assert question(document, "1.1a") == {
        "id": "1.1a",
        "criterion": "1.1",
        "marked": True,
        "sufficient": 18,
        "insufficient": 2,
        "not_done": 0,
        "not_applicable": 0,
        "unmarked": 0,
        "invalid": 0,
        "relevant": 20,
        "proportion": 0.9,
        "interval": pytest.approx([0.6990, 0.9721], abs=5e-5),
        "ratable": True,
    }
    assert criterion(document, "3.2")["rating"] == "Requires improvement"
    assert criterion(document, "3.2")["driven_by"] == "3.2b"
    assert workbook["strengths"] == ["1.1", "4.1", "4.3"]
    assert workbook["areas_for_improvement"] == ["2.3", "3.1", "3.2", "5.1"]
    assert workbook["problems"] == []


def test_long_layout_sample_scores(cli: Cli) -> None:
    result = cli("score", LONG_LAYOUT_SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    document = valid_report(result.stdout)
    assert document["workbooks"][0]["cases"] == 12
    assert question(document, "4.3a")["sufficient"] == 4
    assert question(document, "4.3a")["relevant"] == 5
    assert criterion(document, "4.3")["rating"] == "Outstanding"
    assert question(document, "1.2a")["marked"] is False
    assert criterion(document, "1.2")["not_rated_reason"] == "not marked in this workbook"


def test_output_file_is_written_and_stdout_stays_empty(
    cli: Cli, coventry_copy: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.json"
    result = cli("score", coventry_copy, "--format", "json", "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert valid_report(target.read_text("utf-8"))["workbooks"][0]["cases"] == 20
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_onto_an_input_is_refused_and_the_input_untouched(
    cli: Cli, coventry_copy: Path
) -> None:
    before = hashlib.sha256(coventry_copy.read_bytes()).hexdigest()
    result = cli("score", coventry_copy, "--format", "json", "-o", coventry_copy)
    assert result.exit_code == 2
    assert "error[output-not-writable] refusing to write output onto an input" in result.stderr
    assert hashlib.sha256(coventry_copy.read_bytes()).hexdigest() == before


def test_table_to_a_file_has_no_colour_codes(cli: Cli, coventry_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    assert cli("score", coventry_copy, "-o", target).exit_code == 0
    text = target.read_text("utf-8")
    assert "18 out of 20" in text
    assert "\x1b[" not in text


def _with_one_unmarked(make_workbook: WorkbookFactory) -> Path:
    return make_workbook({"Cases": wide_rows(["1.1a", "1.1b"], {"C1": ["Yes", None]})})


def test_unmarked_is_a_warning_and_an_error_under_strict(
    cli: Cli, make_workbook: WorkbookFactory
) -> None:
    path = _with_one_unmarked(make_workbook)
    relaxed = cli("score", path, "--format", "json")
    assert relaxed.exit_code == 0
    assert f"{path}: Cases!C2: warning[unmarked] mark cell is empty" in relaxed.stderr
    assert valid_report(relaxed.stdout)["workbooks"][0]["status"] == "ok"
    strict = cli("score", path, "--format", "json", "--strict")
    assert strict.exit_code == 1
    assert f"{path}: Cases!C2: error[unmarked] mark cell is empty" in strict.stderr
    assert valid_report(strict.stdout)["workbooks"][0]["status"] == "errors"


def test_quiet_hides_warnings_but_not_errors(cli: Cli, make_workbook: WorkbookFactory) -> None:
    path = _with_one_unmarked(make_workbook)
    assert cli("score", path, "--quiet").stderr == ""
    assert "error[unmarked]" in cli("score", path, "--quiet", "--strict").stderr


@pytest.mark.parametrize(
    ("fail_on", "exit_code"), [("never", 0), ("improvement", 1), ("inadequate", 1)]
)
def test_fail_on_with_the_coventry_sample(
    cli: Cli, coventry_copy: Path, fail_on: str, exit_code: int
) -> None:
    assert cli("score", coventry_copy, "--fail-on", fail_on).exit_code == exit_code


@pytest.mark.parametrize(
    ("marks", "fail_on", "exit_code"),
    [
        (["Yes"] * 5, "improvement", 0),
        (["Yes"] * 3 + ["No"] * 2, "improvement", 1),  # 60%: Requires improvement
        (["Yes"] * 3 + ["No"] * 2, "inadequate", 0),
        (["Yes"] * 2 + ["No"] * 3, "inadequate", 1),  # 40%: Inadequate
    ],
)
def test_fail_on_thresholds(
    cli: Cli, make_workbook: WorkbookFactory, marks: list[str], fail_on: str, exit_code: int
) -> None:
    rows = wide_rows(["5.1a"], {f"C{n}": [mark] for n, mark in enumerate(marks)})
    assert cli("score", make_workbook({"Cases": rows}), "--fail-on", fail_on).exit_code == exit_code


def test_custom_framework_file(cli: Cli, make_workbook: WorkbookFactory, tmp_path: Path) -> None:
    framework = tmp_path / "mine.toml"
    framework.write_text(
        'id = "mine"\ntitle = "Mine"\n[rating]\nmin_relevant = 1\n'
        '[[rating.bands]]\nname = "Fine"\nmin = 0.5\nfinding = "strength"\n'
        '[[rating.bands]]\nname = "Poor"\nmin = 0\nfinding = "improvement"\n'
        '[[themes]]\nid = "A"\ntitle = "Theme"\n[[themes.criteria]]\nid = "A1"\n'
        'title = "Criterion"\nquestions = [{ id = "Q1", text = "Question one?" }]\n',
        encoding="utf-8",
    )
    path = make_workbook({"Cases": [["Case", "Q1 question one"], ["C1", "Yes"], ["C2", "No"]]})
    result = cli("score", path, "--framework", framework, "--format", "json")
    assert result.exit_code == 0, result.output
    document = valid_report(result.stdout)
    assert document["framework"] == {"id": "mine", "title": "Mine"}
    assert criterion(document, "A1")["rating"] == "Fine"
    assert document["workbooks"][0]["strengths"] == ["A1"]


def test_broken_framework_file_names_the_key(cli: Cli, coventry_copy: Path, tmp_path: Path) -> None:
    framework = tmp_path / "broken.toml"
    framework.write_text('id = "x"\ntitle = "X"\nthemes = [{ id = "1", titel = "Typo" }]\n')
    result = cli("score", coventry_copy, "--framework", framework)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{framework}: error[invalid-framework] themes[0].titel:")
    assert "Traceback" not in result.output


def test_descriptive_columns_are_never_printed(cli: Cli, make_workbook: WorkbookFactory) -> None:
    secret = "Jamie Example lives at 1 Fictional Road"
    rows = [["Case ID", "Name", "1.1a", "1.1b"], ["C1", secret, "Yes", "Yse"], ["C1", secret, "No"]]
    path = make_workbook({"Cases": rows})
    for output_format in ("table", "json"):
        result = cli("score", path, "--format", output_format)
        assert result.exit_code == 1
        assert "Jamie" not in result.stdout
        assert "Jamie" not in result.stderr
    assert "Jamie" not in cli("validate", path).output


def _text_named_xlsx(tmp_path: Path, _: WorkbookFactory) -> Path:
    path = tmp_path / "notes.xlsx"
    path.write_text("Case ID,1.1a\nC1,Yes\n")
    return path


def _truncated(tmp_path: Path, _: WorkbookFactory) -> Path:
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(COVENTRY.read_bytes()[:4000])
    return path


def _missing(tmp_path: Path, _: WorkbookFactory) -> Path:
    return tmp_path / "missing.xlsx"


def _no_header(_: Path, make: WorkbookFactory) -> Path:
    return make({"Sheet1": [["Name", "1.1a"], ["x", "Yes"]]})


def _no_sheets(tmp_path: Path, make: WorkbookFactory) -> Path:
    path = make({"Cases": [["Case ID", "1.1a"]]})
    return rewrite_members(
        path, lambda _, text: text.replace('state="visible"', 'state="hidden"'), "nosheets"
    )


def _unknown_judgement(_: Path, make: WorkbookFactory) -> Path:
    return make({"Cases": [["Case ID", "1.1a", "1.1b"], ["C1", "Yes", "Sufficent"]]})


def _duplicate_case(_: Path, make: WorkbookFactory) -> Path:
    return make({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"], ["C2", "No"], ["C1", "No"]]})


def _duplicate_column(_: Path, make: WorkbookFactory) -> Path:
    return make({"Cases": [["Case ID", "1.1a", "1.1b", "1.1A copy"], ["C1", "Yes", "No", "No"]]})


def _marks_without_id(_: Path, make: WorkbookFactory) -> Path:
    return make({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"], [None, "No"]]})


def _formula_without_value(_: Path, make: WorkbookFactory) -> Path:
    return make({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"], ["C2", '=IF(1,"Yes","No")']]})


@pytest.mark.parametrize(
    ("build", "code", "location", "exit_code"),
    [
        (_text_named_xlsx, "not-a-workbook", "", 2),
        (_truncated, "corrupt-workbook", "", 2),
        (_missing, "file-not-found", "", 2),
        (_no_header, "no-case-id-header", "Sheet1", 2),
        (_no_sheets, "no-sheets", "", 2),
        (_unknown_judgement, "unknown-judgement", "Cases!C2", 1),
        (_duplicate_case, "duplicate-case-id", "Cases!A4", 1),
        (_duplicate_column, "duplicate-question-column", "Cases!D1", 1),
        (_marks_without_id, "missing-case-id", "Cases!A3", 1),
        (_formula_without_value, "formula-without-value", "Cases!B3", 1),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
def test_bad_input_gets_one_clear_line_and_its_exit_code(
    cli: Cli,
    tmp_path: Path,
    make_workbook: WorkbookFactory,
    build: Callable[[Path, WorkbookFactory], Path],
    code: str,
    location: str,
    exit_code: int,
) -> None:
    path = build(tmp_path, make_workbook)
    result = cli("score", path, "--format", "json")
    assert result.exit_code == exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    where = f"{path}: {location}: " if location else f"{path}: "
    [line] = [line for line in result.stderr.splitlines() if f"[{code}]" in line]
    assert line.startswith(f"{where}error[{code}] ")
    document = valid_report(result.stdout)
    [workbook] = document["workbooks"]
    assert workbook["status"] == ("unreadable" if exit_code == 2 else "errors")
    assert code in [problem["code"] for problem in workbook["problems"]]


def test_one_bad_workbook_does_not_stop_the_others(
    cli: Cli, coventry_copy: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    result = cli("score", coventry_copy, broken, "--format", "json")
    assert result.exit_code == 2
    document = valid_report(result.stdout)
    assert [w["status"] for w in document["workbooks"]] == ["unreadable", "ok"]
    assert document["summary"] == {"workbooks": 2, "ok": 1, "errors": 0, "unreadable": 1}


def test_cached_formula_values_score(cli: Cli, make_workbook: WorkbookFactory) -> None:
    path = with_cached_values(
        make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", '=IF(1,"Yes","No")']]}), {"B2": "Yes"}
    )
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 0
    assert question(valid_report(result.stdout), "1.1a")["sufficient"] == 1


def test_usage_errors_exit_2(cli: Cli, coventry_copy: Path) -> None:
    assert cli("score").exit_code == 2
    assert cli("score", coventry_copy, "--format", "yaml").exit_code == 2
    assert cli("score", coventry_copy, "--fail-on", "sometimes").exit_code == 2
    result = cli("score", coventry_copy, "--framework", "no-such-framework.toml")
    assert result.exit_code == 2
    assert "error[invalid-framework] framework file not found" in result.stderr


def test_help_has_an_example(cli: Cli) -> None:
    result = cli("score", "--help")
    assert result.exit_code == 0
    assert "Example: sqs score sample_data/coventry-2016.xlsx" in result.stdout


def test_wide_and_long_layouts_give_identical_reports(
    cli: Cli, make_workbook: WorkbookFactory
) -> None:
    from tests.conftest import long_rows

    questions = ["1.1a", "1.1b", "3.2a", "3.2b"]
    marks = {
        f"C{n}": [["Yes", "No", "Not done", "N/A", None][(n + offset) % 5] for offset in range(4)]
        for n in range(12)
    }
    wide = cli(
        "score", make_workbook({"Cases": wide_rows(questions, marks)}, "w.xlsx"), "--format", "json"
    )
    long = cli(
        "score", make_workbook({"Cases": long_rows(questions, marks)}, "l.xlsx"), "--format", "json"
    )
    assert wide.exit_code == long.exit_code == 0

    def figures(result: Result) -> tuple[object, object, object]:
        [workbook] = valid_report(result.stdout)["workbooks"]
        return workbook["cases"], workbook["questions"], workbook["criteria"]

    assert figures(wide) == figures(long)
    assert question(valid_report(wide.stdout), "1.1a")["unmarked"] == 2


def test_limits_can_be_raised_and_are_named(cli: Cli, coventry_copy: Path) -> None:
    refused = cli("score", coventry_copy, "--max-cells", "100", "--format", "json")
    assert refused.exit_code == 2
    assert (
        ": Cases: error[limit-exceeded] the sheet reaches 782 cells, over the 100-cell "
        "limit (raise it with --max-cells)" in refused.stderr
    )
    assert cli("score", coventry_copy, "--max-cells", "782").exit_code == 0
    assert cli("validate", coventry_copy, "--max-rows", "22").exit_code == 2
    assert cli("validate", coventry_copy, "--max-rows", "23").exit_code == 0


# --- Output files: where, how and what they say (issue 13 section 5, issue 12 section 2) --


def test_writing_a_file_says_so_on_stderr_unless_quiet(
    cli: Cli, coventry_copy: Path, tmp_path: Path
) -> None:
    target = tmp_path / "results.xlsx"
    result = cli("score", coventry_copy, "-o", target)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Wrote {target}\n")
    quiet = cli("score", coventry_copy, "-o", target, "-q")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("results.json", b"{\n"),
        ("results.csv", b"\xef\xbb\xbfpath,area,status"),  # UTF-8 with a BOM, for Excel
        ("results.md", b"## SQS results"),
        ("results.xml", b'<?xml version="1.0"'),
        ("results.xlsx", b"PK"),
        ("results.txt", b"Coventry"),
    ],
)
def test_the_suffix_picks_the_format(
    cli: Cli, coventry_copy: Path, tmp_path: Path, name: str, starts: bytes
) -> None:
    target = tmp_path / name
    assert cli("score", coventry_copy, "-o", target).exit_code == 0
    assert target.read_bytes().startswith(starts)


@pytest.mark.parametrize("name", ["out.pdf", "out.html", "out.docx", "out.ods", "out.toml"])
def test_a_suffix_score_cannot_write_is_a_usage_error(
    cli: Cli, coventry_copy: Path, tmp_path: Path, name: str
) -> None:
    result = cli("score", coventry_copy, "-o", tmp_path / name)
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert f"sqs score cannot write a {Path(name).suffix} file; it writes table (.txt)" in message
    assert not (tmp_path / name).exists()


def test_dash_writes_to_stdout(cli: Cli, coventry_copy: Path) -> None:
    result = cli("score", coventry_copy, "--format", "json", "-o", "-")
    assert result.exit_code == 0
    assert valid_report(result.stdout)["workbooks"][0]["cases"] == 20
    assert result.stderr == ""
    workbook = cli("score", coventry_copy, "--format", "xlsx", "-o", "-")
    assert workbook.exit_code == 0
    assert workbook.stdout_bytes.startswith(b"PK\x03\x04")


def test_a_workbook_format_needs_a_file(cli: Cli, coventry_copy: Path) -> None:
    result = cli("score", coventry_copy, "--format", "xlsx")
    assert result.exit_code == 2
    assert "xlsx is a workbook: give a file with -o" in " ".join(
        result.stderr.replace("│", " ").split()
    )


def test_a_folder_is_refused(cli: Cli, coventry_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    result = cli("score", coventry_copy, "-o", folder)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{folder}: error[output-not-writable] is a folder: sqs writes only to a regular "
        "file or a new path (-o FILE)\n"
    )
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused(cli: Cli, coventry_copy: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "results.json"
    os.mkfifo(fifo)
    result = cli("score", coventry_copy, "-o", fifo)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{fifo}: error[output-not-writable] is a named pipe (FIFO): ")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_a_read_only_file_needs_force(cli: Cli, coventry_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "results.json"
    target.write_text("kept")
    target.chmod(0o444)
    refused = cli("score", coventry_copy, "-o", target)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"{target}: error[output-not-writable] the file is read-only; use --force to replace it\n"
    )
    assert target.read_text() == "kept"
    assert cli("score", coventry_copy, "-o", target, "--force").exit_code == 0
    assert valid_report(target.read_text())["workbooks"][0]["cases"] == 20


def test_the_output_is_checked_before_any_workbook_is_read(
    cli: Cli, coventry_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: object, **__: object) -> None:
        raise AssertionError("workbooks were scored")

    monkeypatch.setattr("sqs_cli.api.score_workbooks", never)
    assert cli("score", coventry_copy, "-o", tmp_path).exit_code == 2
    assert cli("score", coventry_copy, "-o", tmp_path / "out.pdf").exit_code == 2


# --- One-line messages whatever a file or sheet is called ---------------------------------


def test_a_crafted_sheet_name_cannot_start_a_line(cli: Cli, make_workbook: WorkbookFactory) -> None:
    """A sheet named with a line break and `::error::` must not give GitHub Actions a
    command in the log: every problem line stays one line."""
    path = make_workbook({"Cases": wide_rows(["1.1a"], {"C1": ["Yse"], "C2": [None]})})
    crafted = rewrite_members(
        path,
        lambda member, text: (
            text.replace('name="Cases"', 'name="Cases&#10;::error file=x::pwned"')
            if member == "xl/workbook.xml"
            else text
        ),
        "crafted",
    )
    result = cli("score", crafted)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 3  # two problems and the accepted values
    assert not any(line.startswith("::") for line in lines)
    assert lines[0] == (
        f"{crafted}: 'Cases\\n::error file=x::pwned'!B2: error[unknown-judgement] 'Yse' is "
        "not a judgement; did you mean 'Yes'?"
    )
    github = cli("score", crafted, "--format", "github")
    assert not any(line.startswith("::error file=x") for line in github.stdout.splitlines())
    assert not any(line.startswith("::") for line in github.stderr.splitlines())


# --- --area and --service -----------------------------------------------------------------


def test_area_and_service_fill_or_override_the_inspection_sheet(
    cli: Cli, coventry_copy: Path, make_workbook: WorkbookFactory
) -> None:
    document = valid_report(
        cli("score", coventry_copy, "--format", "json", "--area", "Coventry North").stdout
    )
    inspection = document["workbooks"][0]["inspection"]
    assert (inspection["Area"], inspection["Service"]) == (
        "Coventry North",
        "Coventry Youth Offending Service",
    )
    bare = make_workbook({"Cases": wide_rows(["1.1a"], {"C1": ["Yes"]})})
    result = cli("score", bare, "--service", "Northbridge YOS")
    assert result.stdout.splitlines()[:2] == ["Northbridge YOS · 1 case", str(bare)]


def test_paths_read_from_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`git ls-files '*.xlsx' | sqs score -`: one path a line, or NUL-separated."""
    from typer.testing import CliRunner

    from sqs_cli.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.xlsx").write_bytes(COVENTRY.read_bytes())
    (tmp_path / "b c.xlsx").write_bytes(COVENTRY.read_bytes())
    runner = CliRunner()
    for piped in ("a.xlsx\nb c.xlsx\n", "a.xlsx\0b c.xlsx\0"):
        result = runner.invoke(app, ["score", "-", "--format", "json"], input=piped)
        assert result.exit_code == 0, result.output
        document = valid_report(result.stdout)
        assert [w["path"] for w in document["workbooks"]] == ["a.xlsx", "b c.xlsx"]
        assert document["inputs"] == ["a.xlsx", "b c.xlsx"]
    empty = runner.invoke(app, ["score", "-"], input="\n")
    assert empty.exit_code == 2
    assert "no paths on standard input" in empty.stderr


def test_exclude_leaves_workbooks_out(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.xlsx").write_text("not a workbook")
    (tmp_path / "now.xlsx").write_bytes(COVENTRY.read_bytes())
    assert cli("score", tmp_path, "--format", "json").exit_code == 2
    kept = cli("score", tmp_path, "--format", "json", "--exclude", "archive")
    assert kept.exit_code == 0
    assert [w["path"] for w in valid_report(kept.stdout)["workbooks"]] == [
        str(tmp_path / "now.xlsx")
    ]
    nothing = cli("score", tmp_path, "--exclude", "*.xlsx", "--format", "json")
    assert nothing.exit_code == 0
    assert nothing.stderr == "sqs: every one of 2 inputs is excluded: nothing to read\n"
    assert valid_report(nothing.stdout)["summary"]["workbooks"] == 0


def test_exit_zero_reports_and_never_fails(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    assert cli("score", broken, COVENTRY, "--fail-on", "improvement").exit_code == 2
    result = cli("score", broken, COVENTRY, "--fail-on", "improvement", "--exit-zero")
    assert result.exit_code == 0
    assert "not-a-workbook" in result.stderr
    # Bad usage is still bad usage.
    assert cli("score", COVENTRY, "--exit-zero", "--format", "pdf").exit_code == 2


def test_fail_on_the_pooled_figures(cli: Cli, tmp_path: Path) -> None:
    """Coventry alone has 5.1 Inadequate; pooled with a workbook of sufficient oversight,
    5.1 rises out of Inadequate, and only --pooled sees it so."""
    good = tmp_path / "good.xlsx"
    rows: list[list[object]] = [["Case ID", "5.1a", "5.1b"]]
    rows += [[f"G{n}", "Yes", "Yes"] for n in range(20)]
    from tests.conftest import write_workbook

    write_workbook(good, {"Cases": rows})
    assert cli("score", COVENTRY, good, "--fail-on", "inadequate").exit_code == 1
    pooled = cli("score", COVENTRY, good, "--fail-on", "inadequate", "--pooled")
    assert pooled.exit_code == 0, pooled.stderr
    pooled_improvement = cli("score", COVENTRY, good, "--fail-on", "improvement", "--pooled")
    assert pooled_improvement.exit_code == 1
    assert pooled_improvement.stderr.splitlines()[-1] == (
        "sqs: the pooled figures fail --fail-on improvement --pooled: 2.3, 3.1, 3.2"
    )


@pytest.mark.parametrize("output_format", ["json", "csv", "junit", "github", "sarif", "gitlab"])
def test_quiet_leaves_warnings_out_of_every_format(
    cli: Cli, make_workbook: WorkbookFactory, output_format: str
) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a", "1.1b"], ["C1", "Yes", None]]})
    loud = cli("score", path, "--format", output_format)
    quiet = cli("score", path, "--format", output_format, "-q")
    assert loud.exit_code == quiet.exit_code == 0
    assert "mark cell is empty" in loud.stdout + loud.stderr or output_format == "csv"
    assert "mark cell is empty" not in quiet.stdout + quiet.stderr
    assert "unmarked" not in quiet.stderr


def test_a_csv_file_has_a_byte_order_mark_and_csv_on_stdout_has_none(
    cli: Cli, make_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    """-o FILE.csv is for Excel, which reads accents right only after a BOM; stdout is for
    pipelines, where a BOM would end up in the first field."""
    rows = [["Case ID", "1.1a"], *([f"C{n}", "Yes"] for n in range(5))]
    path = make_workbook(
        {"Cases": rows, "Inspection": [["Area", "Ynys M\u00f4n"]]}, name="m\u00f4n.xlsx"
    )
    target = tmp_path / "results.csv"
    assert cli("score", path, "-o", target).exit_code == 0
    written = target.read_bytes()
    assert written.startswith(b"\xef\xbb\xbfpath,area,status,")
    assert f"\n{path},Ynys M\u00f4n,ok,1.1a,".encode() in written
    printed = cli("score", path, "--format", "csv")
    assert printed.stdout.startswith("path,area,status,")
    assert printed.stdout.encode("utf-8") == written.removeprefix(b"\xef\xbb\xbf")
    piped = cli("score", path, "--format", "csv", "-o", "-")
    assert piped.stdout == printed.stdout


def test_results_open_in_excel_on_windows_are_a_clear_error(
    cli: Cli, coventry_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel locks the workbook it shows; Windows then refuses to replace it. One line,
    exit 2, the old results intact and no temporary file left beside them."""
    target = tmp_path / "results.xlsx"
    target.write_bytes(b"the results Excel shows")

    def locked(self: Path, other: Path) -> Path:
        raise PermissionError(13, "Access is denied", str(self), None, str(other))

    monkeypatch.setattr(output, "_REFUSES_OPEN_FILES", True)  # as on Windows
    monkeypatch.setattr(Path, "replace", locked)
    result = cli("score", coventry_copy, "-o", target)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{target}: error[output-not-writable] is open in another program; close it and "
        "run sqs again\n"
    )
    assert target.read_bytes() == b"the results Excel shows"
    assert sorted(path.name for path in tmp_path.iterdir()) == [coventry_copy.name, target.name]


# --- HMIP's frameworks: detection, entered and moved ratings, the overall rating ------------


def test_a_youth_audit_is_scored_by_its_own_framework_without_being_told(
    cli: Cli, youth_audit: Path
) -> None:
    from tests.conftest import YOUTH_OVERALL

    result = cli("score", youth_audit)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[:2] == [
        "Westmere · 11 cases · fieldwork 2 March 2026",
        "6 court disposals, 5 out-of-court disposals",
    ]
    figures = {
        line.split()[0]: re.split(r"\s{2,}", line) for line in lines if re.match(r"^\d\.\d\s", line)
    }
    # Beside the ID and the (maybe shortened) title: the figure and the rating.
    assert figures["1.1"][2:] == ["entered", "Good"]
    assert figures["2.4"][2:] == ["3 out of 6", "50%", "19 to 81%", "Requires improvement*"]
    assert figures["3.3"][2:] == ["2 out of 5", "40%", "12 to 77%", "Requires improvement (moved)"]
    assert YOUTH_OVERALL in lines
    assert (
        "• 3.3 Implementation and delivery: Requires improvement, moved from Inadequate (the "
        "figures' rating): Work improved after panel" in " ".join(result.stdout.split())
    )


def test_json_of_a_youth_audit(cli: Cli, youth_audit: Path) -> None:
    document = valid_report(cli("score", youth_audit, "--format", "json").stdout)
    assert document["framework"]["id"] == "hmip-youth-2021"
    [workbook] = document["workbooks"]
    assert workbook["overall"] == {
        "rating": "Good",
        "points": 24,
        "maximum": 36,
        "missing": [],
        "text": "Overall: Good (24 out of 36)",
    }
    assert workbook["groups"] == [
        {
            "id": "court",
            "title": "Court disposals",
            "column": "Disposal",
            "cases": 6,
            "criteria": ["2.1", "2.2", "2.3", "2.4"],
        },
        {
            "id": "out-of-court",
            "title": "Out-of-court disposals",
            "column": "Disposal",
            "cases": 5,
            "criteria": ["3.1", "3.2", "3.3"],
        },
    ]
    assert workbook["ungrouped_cases"] == 0
    moved = criterion(document, "3.3")
    assert (moved["rating"], moved["figures_rating"], moved["moved"]) == (
        "Requires improvement",
        "Inadequate",
        True,
    )
    assert (moved["sufficient"], moved["relevant"], moved["driven_by"]) == (2, 5, "3.3.3")
    assert moved["entered"] == {
        "rating": "Requires improvement",
        "reason": "Work improved after panel",
        "sheet": "Ratings",
        "cell": "B8",
        "used": True,
    }
    judged = criterion(document, "1.3")
    assert (judged["rated_by"], judged["rating"], judged["sufficient"]) == (
        "judgement",
        "Outstanding",
        None,
    )
    assert question(document, "3.1.1")["relevant"] == 5
    assert document["pooled"]["overall"]["text"] == "Overall: Good (24 out of 36)"


def test_the_default_is_unchanged_for_an_sqs_2016_workbook(cli: Cli, coventry_copy: Path) -> None:
    document = valid_report(cli("score", coventry_copy, "--format", "json").stdout)
    assert document["framework"]["id"] == "sqs-2016"
    [workbook] = document["workbooks"]
    assert (workbook["overall"], workbook["groups"]) == (None, [])


def test_headers_that_fit_two_frameworks_equally_are_a_usage_error(
    cli: Cli, make_workbook: WorkbookFactory
) -> None:
    # Bare IDs 2.1.1 to 2.4.3 are questions of both HMIP frameworks.
    ids = [f"2.{s}.{n}" for s in (1, 2, 3, 4) for n in (1, 2, 3)]
    path = make_workbook({"Cases": wide_rows(ids, {"C1": ["Yes"] * 12})})
    result = cli("score", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = " ".join(result.stderr.replace("│", " ").split())
    assert (
        f"{path}: its headers fit hmip-probation-2021 and hmip-youth-2021 equally (each names "
        "12 questions): choose with --framework hmip-probation-2021 or --framework "
        "hmip-youth-2021" in message
    )
    chosen = cli("score", path, "--framework", "hmip-probation-2021", "--format", "json")
    assert valid_report(chosen.stdout)["framework"]["id"] == "hmip-probation-2021"


def test_workbooks_of_different_frameworks_are_scored_with_the_default(
    cli: Cli, youth_audit: Path, coventry_copy: Path
) -> None:
    # One run is one framework: the other's workbook is unreadable, and says which it is.
    result = cli("score", youth_audit, coventry_copy, "--format", "json")
    assert result.exit_code == 2
    document = valid_report(result.stdout)
    assert document["framework"]["id"] == "sqs-2016"
    coventry, youth = document["workbooks"]
    assert (coventry["status"], youth["status"]) == ("ok", "unreadable")
    assert [p["code"] for p in youth["problems"]] == ["no-questions", "other-framework"]
    assert (
        f"{youth_audit}: warning[other-framework] its headers are the questions of "
        "hmip-youth-2021, not of sqs-2016, the framework of this run: score it apart with "
        "--framework hmip-youth-2021"
    ) in result.stderr.splitlines()


def test_the_template_s_wording_tells_probation_from_youth(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "probation.xlsx"
    assert cli("template", "--framework", "hmip-probation-2021", "-o", path).exit_code == 0
    document = valid_report(cli("score", path, "--format", "json").stdout)
    assert document["framework"]["id"] == "hmip-probation-2021"


def test_the_qa_lead_s_run_template_marked_and_scored(cli: Cli, tmp_path: Path) -> None:
    """The issue's closing run: `sqs template --framework hmip-youth-2021 -o audit.xlsx`,
    marked (here with openpyxl), then `sqs score audit.xlsx`."""
    import openpyxl

    from tests.conftest import YOUTH_FAILS, YOUTH_RATINGS

    path = tmp_path / "audit.xlsx"
    assert cli("template", "--framework", "hmip-youth-2021", "-o", path).exit_code == 0
    book = openpyxl.load_workbook(path)
    cases = book["Cases"]
    header = [cell.value for cell in cases[1]]
    column = {str(value).split()[0]: index + 1 for index, value in enumerate(header)}
    for row, values in enumerate(youth_rows_for_template(), start=2):
        case_id, disposal, *marks = values
        cases.cell(row, 1, case_id)
        cases.cell(row, header.index("Disposal") + 1, disposal)
        for question, mark in zip(YOUTH_FAILS, marks, strict=True):
            cases.cell(row, column[question], mark)
    ratings = {str(row[0]).split()[0]: row[1:] for row in YOUTH_RATINGS[1:]}
    for cells in book["Ratings"].iter_rows(min_row=2):
        given = ratings.get(str(cells[0].value).split()[0])
        if given:
            cells[1].value, cells[2].value = given
    book.save(path)
    result = cli("score", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "Overall: Good (24 out of 36)" in result.stdout.splitlines()


def youth_rows_for_template() -> list[list[Any]]:
    """The youth fixture's cases as (ID, Disposal, marks in YOUTH_FAILS order)."""
    from tests.conftest import youth_rows

    rows = youth_rows()[1:]
    return [[row[0], row[1], *row[3:]] for row in rows]
