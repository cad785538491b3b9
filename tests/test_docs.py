"""The README and docs say what the code does: examples run, errors read as documented."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sqs_cli.cli import app
from sqs_cli.framework import builtin_text, parse_framework
from sqs_cli.problems import SqsError
from tests.conftest import REPO

Cli = Callable[..., Result]

FRAMEWORKS_DOC = (REPO / "docs" / "frameworks.md").read_text("utf-8")
README = (REPO / "README.md").read_text("utf-8")


def test_the_documented_framework_examples_load() -> None:
    example, model = re.findall(r"```toml\n(.*?)```", FRAMEWORKS_DOC, flags=re.DOTALL)
    youth = parse_framework(model, source="docs")
    assert [(c.id, c.rated_by, c.group) for c in youth.criteria] == [
        ("1.1", "judgement", None),
        ("2.1", "cases", "court"),
    ]
    assert youth.overall is not None
    assert (youth.overall.maximum, youth.rating.overrides) == (6, True)
    framework = parse_framework(example, source="docs")
    assert framework.id == "my-audit-2026"
    assert [band.name for band in framework.rating.bands] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    assert [question.id for question in framework.questions] == ["1.1a", "1.1b"]


@pytest.mark.parametrize(
    ("change", "documented"),
    [
        (
            lambda text: text.replace('id = "1.2b"', 'id = "1.2a"'),
            "themes[0].criteria[1].questions[1].id: '1.2a' is used twice",
        ),
        (
            lambda text: text.replace("min = 0.0", "min = 0.1"),
            "rating.bands[3].min: the last band must have min = 0",
        ),
        (
            lambda text: text.replace('title = "Reducing reoffending"', 'titel = "x"'),
            "themes[0].titel: unknown key (expected criteria, id, title)",
        ),
    ],
)
def test_documented_error_messages(change: Callable[[str], str], documented: str) -> None:
    assert f"mine.toml: error[invalid-framework] {documented}\n" in FRAMEWORKS_DOC
    with pytest.raises(SqsError) as caught:
        parse_framework(change(builtin_text("sqs-2016")), source="mine.toml")
    assert caught.value.problem.message == documented


def test_readme_commands_exist(cli: Cli) -> None:
    documented = set(re.findall(r"^\| `sqs (\w+)", README, flags=re.MULTILINE))
    assert documented == {"score", "validate", "template", "report", "compare", "framework"}
    help_text = cli("--help").stdout
    for command in documented:
        assert command in help_text


def test_readme_options_exist(cli: Cli) -> None:
    help_text = cli("score", "--help").stdout
    for option in ("--format", "--output", "--framework", "--strict", "--fail-on", "--quiet"):
        assert option in README
        assert option in help_text


def test_readme_opens_with_the_two_commands() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, flags=re.DOTALL)
    assert commands[0].endswith("sqs score sample_data/coventry-2016.xlsx")
    assert commands[1].endswith('pip install ".[test]" && python -m pytest')


def test_readme_shows_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README shows the output at 80 columns: the width of a pipe and most terminals."""
    monkeypatch.chdir(REPO)
    shown = README.split("$ sqs score sample_data/coventry-2016.xlsx\n")[1].split("```")[0]
    head, tail = shown.split("  ...\n")
    assert max(len(line) for line in shown.splitlines()) <= 80
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb"})
    result = runner.invoke(app, ["score", "sample_data/coventry-2016.xlsx"])
    actual = "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"
    assert actual.startswith(head)
    assert actual.endswith(tail)


def test_readme_shows_real_output_of_the_youth_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each part of the README's youth output is the real output at 80 columns, in order."""
    monkeypatch.chdir(REPO)
    command = "$ sqs score sample_data/fictional-youth-2021.xlsx\n"
    shown = README.split(command)[1].split("```")[0]
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb"})
    result = runner.invoke(app, ["score", "sample_data/fictional-youth-2021.xlsx"])
    assert result.exit_code == 0
    actual = "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"
    parts = [part for part in shown.split("  ...\n") if part]
    assert len(parts) == 3
    assert actual.startswith(parts[0])
    position = 0
    for part in parts:
        position = actual.index(part, position) + len(part)
    assert "Overall: Good (26 out of 36)\n" in parts[-1]


CI_DOC = (REPO / "docs" / "ci.md").read_text("utf-8")


def test_readme_lists_every_output_format(cli: Cli) -> None:
    from sqs_cli.writers import format_names

    help_text = " ".join(cli("score", "--help").stdout.replace("│", " ").split())
    for name in format_names("score"):
        assert f"`{name}`" in README
        assert f"`{name}`" in CI_DOC
        assert name in help_text


def _documented_sqs_commands() -> list[list[str]]:
    commands = []
    for line in CI_DOC.splitlines():
        text = line.strip().removeprefix("- ").removeprefix("run: ")
        if not text.startswith("sqs score "):
            continue
        text = text.split("#")[0]
        text = text.replace("${{ matrix.shard }}", "1").replace("${CI_NODE_INDEX}", "1")
        text = text.replace("${CI_NODE_TOTAL}", "3").replace("audits/", "sample_data/")
        commands.append(text.split()[1:])
    return commands


def test_the_ci_examples_run(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    commands = _documented_sqs_commands()
    assert len(commands) >= 6
    monkeypatch.chdir(tmp_path)
    # The audits of one framework (a run scores one): the sqs-2016 samples.
    audits = tmp_path / "sample_data"
    audits.mkdir()
    for sample in ("coventry-2016", "fictional-long-layout", "fictional-northbridge-followup"):
        (audits / f"{sample}.xlsx").symlink_to(REPO / "sample_data" / f"{sample}.xlsx")
    for arguments in commands:
        result = cli(*arguments)
        assert result.exit_code in (0, 1), (arguments, result.output)
