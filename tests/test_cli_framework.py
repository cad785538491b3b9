"""`sqs framework list|show|export` and `sqs --version`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from sqs_cli import __version__
from sqs_cli.framework import builtin_text, load_builtin, load_framework

Cli = Callable[..., Result]


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"sqs {__version__}\n"


def test_list(cli: Cli) -> None:
    result = cli("framework", "list")
    assert result.exit_code == 0
    assert result.stdout == (
        "sqs-2016  Short Quality Screening (2016): 13 criteria, 30 questions  (default)\n"
        "hmip-probation-2021  HM Inspectorate of Probation: probation case standards (2021): "
        "4 criteria, 12 questions\n"
        "hmip-youth-2021  HM Inspectorate of Probation: youth justice standards (2021): "
        "13 criteria (6 rated by judgement), 21 questions, an overall rating out of 36\n"
    )


def test_show_lists_policy_criteria_and_questions(cli: Cli) -> None:
    result = cli("framework", "show")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        "sqs-2016: Short Quality Screening (2016)",
        "Rating: lowest of questions with at least 5 relevant cases",
        "  Outstanding: 80% or more (strength)",
        "  Good: 65% to under 80%",
        "  Requires improvement: 50% to under 65% (improvement)",
        "  Inadequate: under 50% (improvement)",
    ]
    assert "  5.1 Management oversight" in lines
    questions = [line.split()[0] for line in lines if line.startswith("    ")]
    assert len(questions) == 30
    assert questions[0] == "1.1a"
    assert questions[-1] == "5.1b"


def test_show_a_framework_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(builtin_text("sqs-2016").replace('id = "sqs-2016"', 'id = "mine"'))
    result = cli("framework", "show", path)
    assert result.exit_code == 0
    assert result.stdout.startswith("mine: Short Quality Screening (2016)\n")


def test_show_unknown(cli: Cli) -> None:
    result = cli("framework", "show", "nope")
    assert result.exit_code == 2
    assert "error[invalid-framework] framework file not found" in result.stderr


def test_export_prints_the_builtin_toml_which_loads_back(cli: Cli, tmp_path: Path) -> None:
    result = cli("framework", "export")
    assert result.exit_code == 0
    assert result.stdout == builtin_text("sqs-2016")
    exported = tmp_path / "mine.toml"
    assert cli("framework", "export", "-o", exported).exit_code == 0
    reloaded = load_framework(exported)
    builtin = load_builtin()
    assert (reloaded.themes, reloaded.rating) == (builtin.themes, builtin.rating)


def test_export_unknown_builtin(cli: Cli) -> None:
    result = cli("framework", "export", "sqs-1999")
    assert result.exit_code == 2
    assert (
        "no built-in framework 'sqs-1999'; built-in: hmip-probation-2021, hmip-youth-2021, "
        "sqs-2016" in " ".join(result.stderr.split())
    )


def test_help_everywhere_has_an_example(cli: Cli) -> None:
    for command in (["list"], ["show"], ["export"]):
        result = cli("framework", *command, "--help")
        assert result.exit_code == 0
        assert "Example: sqs framework" in result.stdout
    assert "Example: sqs score" in cli("--help").stdout


def test_export_writes_toml_only_and_says_so(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    result = cli("framework", "export", "-o", target)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Wrote {target}\n")
    assert target.read_text("utf-8") == builtin_text("sqs-2016")
    assert cli("framework", "export", "-o", target, "-q").stderr == ""
    wrong = cli("framework", "export", "-o", tmp_path / "mine.txt")
    assert wrong.exit_code == 2
    assert "sqs framework export cannot write a .txt file; it writes toml (.toml)" in " ".join(
        wrong.stderr.replace("│", " ").split()
    )


def test_show_the_youth_framework_with_its_model(cli: Cli) -> None:
    result = cli("framework", "show", "hmip-youth-2021")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[6:14] == [
        "A rating entered on the Ratings sheet, with a reason, replaces the figures' rating",
        "Group court: Court disposals, the cases whose Disposal is Court or Custody",
        "Group out-of-court: Out-of-court disposals, the cases whose Disposal is Out-of-court",
        "Overall: the points of 1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, 3.4 "
        "(Outstanding 3 points, Good 2, Requires improvement 1, Inadequate 0), out of 36",
        "  Outstanding: 31 to 36",
        "  Good: 19 to 30",
        "  Requires improvement: 7 to 18",
        "  Inadequate: 0 to 6",
    ]
    assert "  1.1 Governance and leadership  (rated by judgement: Ratings sheet)" in lines
    assert "  2.1 Assessment  (court disposals only)" in lines
    assert "  4.1 Resettlement policy and provision  (rated by judgement: Ratings sheet)" in lines
    questions = [line.split()[0] for line in lines if line.startswith("    ")]
    assert len(questions) == 21


def test_show_the_probation_framework(cli: Cli) -> None:
    result = cli("framework", "show", "hmip-probation-2021")
    assert result.exit_code == 0
    assert not any(line.startswith("Overall") for line in result.stdout.splitlines())
    assert "    2.1.1  Was the person on probation involved well enough in the assessment?" in (
        result.stdout.splitlines()
    )
