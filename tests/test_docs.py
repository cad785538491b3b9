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


def test_the_documented_framework_example_loads() -> None:
    [example] = re.findall(r"```toml\n(.*?)```", FRAMEWORKS_DOC, flags=re.DOTALL)
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
    (tmp_path / "sample_data").symlink_to(REPO / "sample_data")
    for arguments in commands:
        result = cli(*arguments)
        assert result.exit_code in (0, 1), (arguments, result.output)


# Shell that works only in a POSIX shell: sourcing, bin/, python3, `&&` chains of set-up.
POSIX_ONLY = re.compile(r"(?:^|&& )\. |/bin/|\bpython3\b|\bexport \w+=")


def test_every_posix_only_set_up_has_a_windows_line_beside_it() -> None:
    """The two opening commands stay as CI's reviewers run them; PowerShell's follow."""
    blocks = re.findall(r"```(\w+)\n(.*?)\n```", README, flags=re.DOTALL)
    posix = [(number, body) for number, (kind, body) in enumerate(blocks) if kind == "sh"]
    assert [body for _, body in posix[:2]] == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && "
        "sqs score sample_data/coventry-2016.xlsx",
        'python3 -m venv .venv && . .venv/bin/activate && pip install ".[test]" && '
        "python -m pytest",
    ]
    windows = [body for kind, body in blocks if kind == "powershell"]
    assert windows == [
        "py -m venv .venv; .venv\\Scripts\\Activate.ps1; pip install .; "
        "sqs score sample_data\\coventry-2016.xlsx",
        'py -m venv .venv; .venv\\Scripts\\Activate.ps1; pip install ".[test]"; python -m pytest',
    ]
    for number, body in posix:
        if not POSIX_ONLY.search(body):
            continue
        # The next block is PowerShell's, or the prose after it gives PowerShell's line.
        following = README.split(f"```sh\n{body}\n```", 1)[1].split("```", 1)[0]
        said = "On Windows, in PowerShell" in following and "Activate.ps1" in following
        assert said or blocks[number + 1][0] == "powershell", body
    assert "pipx install ." in README


def test_help_examples_run_in_any_shell(cli: Cli) -> None:
    """An example in --help works as typed in PowerShell and cmd too: no redirection (which
    PowerShell 5 writes as UTF-16), no POSIX-only shell."""
    commands = [
        ["score"],
        ["validate"],
        ["template"],
        ["report"],
        ["compare"],
        ["framework"],
        ["framework", "list"],
        ["framework", "show"],
        ["framework", "export"],
    ]
    examples = []
    for command in commands:
        text = cli(*command, "--help").stdout
        examples += [line.strip() for line in text.splitlines() if "Example: " in line]
    assert len(examples) == len(commands)
    for example in examples:
        assert not re.search(r"[<>|]|\$\(|`", example), example
        assert not POSIX_ONLY.search(example), example


def test_the_classifiers_list_what_ci_proves() -> None:
    """requires-python is >=3.11: CI runs the suite on 3.11, and on every newer Python the
    machine has the short proof (install, score the sample, the command-line tests)."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    versions = {
        classifier.rsplit(" :: ", 1)[1]
        for classifier in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", classifier)
    }
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    [newer] = re.findall(r'^EXPECTED_NEWER_PYTHONS="([\d. ]+)"$', ci, flags=re.MULTILINE)
    assert versions == {"3.11", *newer.split()}
    assert "tests/test_cli_*.py" in ci
    assert "python3 -m venv .venv" in ci  # 3.11: the README's own commands, then the suite
