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
    assert documented == {
        "score",
        "validate",
        "template",
        "report",
        "merge",
        "config",
        "compare",
        "sample",
        "agree",
        "trend",
        "framework",
    }
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


def test_readme_shows_real_problem_lines(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The README's problem lines are what sqs prints for a workbook with those faults: a
    typo at F7 and the case ID of row 5 again at A12."""
    from tests.conftest import write_workbook

    shown = README.split("sheet name is written `\\n`, `\\x1b`")[1]
    shown = shown.split("```text\n")[1].split("```")[0]
    rows: list[list[object]] = [["Case ID", "Case type", "Inspector", "Comments", "1.1a", "1.1b"]]
    rows += [[f"C-{100 + n}", "YRO", "AB", None, "Yes", "No"] for n in range(1, 12)]
    rows[6][5] = "Yse"
    rows[11][0] = "C-104"
    monkeypatch.chdir(tmp_path)
    write_workbook(tmp_path / "audit.xlsx", {"Cases": rows})
    result = cli("score", "audit.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == shown.splitlines()


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


def _code_blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced code block."""
    return re.findall(r"```(\w*)\n(.*?)```", text, flags=re.DOTALL)


def _sqs_invocations(text: str) -> list[list[str]]:
    """Every `sqs ...` command in the code blocks, as arguments (CI variables filled in)."""
    import shlex

    found = []
    for _, body in _code_blocks(text):
        for line in body.splitlines():
            for part in line.split("|"):
                command = part.strip().removeprefix("- ").removeprefix("run: ")
                command = command.removeprefix("$ ")
                if command.startswith("sh '"):  # a Jenkinsfile's step
                    command = command.removeprefix("sh '").removesuffix("'")
                if not command.startswith("sqs "):
                    continue
                command = command.split(" #")[0]
                for variable, value in (
                    ("${{ matrix.shard }}", "1"),
                    ("${CI_NODE_INDEX}", "1"),
                    ("${CI_NODE_TOTAL}", "3"),
                ):
                    command = command.replace(variable, value)
                found.append(shlex.split(command)[1:])
    return found


def _options_of(command: list[str]) -> tuple[set[str], list[str]]:
    """The options a command takes, and the options the documented line uses."""
    import typer

    from sqs_cli.cli import app

    group = typer.main.get_command(app)
    click_command = group.commands[command[0]]  # type: ignore[attr-defined]
    if command[0] == "framework":
        click_command = click_command.commands[command[1]]
    known = {
        name for param in click_command.params for name in (*param.opts, *param.secondary_opts)
    }
    used = [arg.split("=")[0] for arg in command[1:] if arg.startswith("-") and arg != "-"]
    return known, used


@pytest.mark.parametrize("document", ["docs/ci.md", "README.md"])
def test_every_documented_command_uses_real_options(document: str) -> None:
    from sqs_cli.cli import app

    text = (REPO / document).read_text("utf-8")
    invocations = _sqs_invocations(text)
    assert len(invocations) >= (20 if document == "docs/ci.md" else 8), invocations
    commands = {info.name or info.callback.__name__ for info in app.registered_commands}  # type: ignore[union-attr]
    for invocation in invocations:
        if invocation[0].startswith("-"):
            continue
        assert invocation[0] in commands | {"framework"}, invocation
        known, used = _options_of(invocation)
        assert set(used) <= known, (invocation, sorted(set(used) - known))


def test_the_documented_ci_options_are_the_real_ones() -> None:
    """The options docs/ci.md names in its prose exist on the command it names them for."""
    score, _ = _options_of(["score"])
    merge, _ = _options_of(["merge"])
    validate, _ = _options_of(["validate"])
    for option in (
        "--exclude",
        "--exit-zero",
        "--pooled",
        "--fail-on",
        "--shard",
        "--jobs",
        "--progress",
        "--no-progress",
        "--config",
        "--isolated",
        "--show-settings",
        "--min-relevant",
    ):
        assert option in CI_DOC
        assert option in score
    for option in ("--fail-on", "--pooled", "--exit-zero", "--format", "-o", "--show-settings"):
        assert option in merge
    for option in ("--format", "-o", "--jobs", "--shard", "--exclude", "--exit-zero"):
        assert option in validate


def _yaml_blocks(text: str) -> list[object]:
    import yaml

    return [yaml.safe_load(body) for language, body in _code_blocks(text) if language == "yaml"]


def test_the_yaml_examples_parse_and_use_the_real_action_and_hook() -> None:
    import yaml

    blocks = _yaml_blocks(CI_DOC)
    assert len(blocks) == 5
    workflow, action_steps, gitlab, gitlab_single, pre_commit = blocks
    assert isinstance(workflow, dict) and set(workflow["jobs"]) == {"score", "merge"}
    assert workflow["jobs"]["merge"]["needs"] == "score"
    action = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
    assert isinstance(action_steps, list)
    [uses] = [step for step in action_steps if str(step.get("uses", "")).startswith("OWNER/sqs")]
    assert set(uses["with"]) <= set(action["inputs"])
    assert isinstance(gitlab, dict)
    assert gitlab["sqs"]["artifacts"]["reports"] == {
        "junit": "sqs.xml",
        "codequality": "gl-code-quality-report.json",
    }
    assert gitlab["sqs-shard"]["parallel"] == 3
    assert isinstance(gitlab_single, dict)
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert isinstance(pre_commit, dict)
    [repo] = pre_commit["repos"]
    assert {hook["id"] for hook in repo["hooks"]} <= {hook["id"] for hook in hooks}
    # The README's CI section shows the same shard-and-merge workflow.
    readme_workflows = [b for b in _yaml_blocks(README) if isinstance(b, dict) and "jobs" in b]
    assert readme_workflows and set(readme_workflows[0]["jobs"]) == {"score", "merge"}


@pytest.mark.parametrize("document", ["docs/ci.md", "README.md"])
def test_the_shard_and_merge_examples_run_in_order(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: str
) -> None:
    """Each documented shard and merge command run as written (with shard 1 of 3 in each
    matrix job, so all three shards are scored): the merge gives the whole run."""
    text = (REPO / document).read_text("utf-8")
    monkeypatch.chdir(tmp_path)
    # The SQS samples: the youth one is another framework's, and a run of one framework.
    (tmp_path / "audits").mkdir()
    for sample in (REPO / "sample_data").glob("*.xlsx"):
        if "youth" not in sample.name:
            (tmp_path / "audits" / sample.name).symlink_to(sample)
    invocations = [i for i in _sqs_invocations(text) if "--shard" in i or i[0] == "merge"]
    shards = [i for i in invocations if i[0] == "score" and "json" in i]
    merges = [i for i in invocations if i[0] == "merge"]
    assert shards and merges
    for shard in shards:
        for index in ("1", "2", "3"):
            arguments = [
                a.replace("1/3", f"{index}/3").replace("sqs-1", f"sqs-{index}") for a in shard
            ]
            result = cli(*arguments)
            assert result.exit_code == 0, (arguments, result.output)
    whole = cli("score", "audits/", "--format", "json", "--fail-on", "inadequate")
    for merge in merges:
        arguments = list(merge)
        if "sqs-*.json" in arguments:
            position = arguments.index("sqs-*.json")
            arguments[position : position + 1] = ["sqs-1.json", "sqs-2.json", "sqs-3.json"]
        result = cli(*arguments)
        assert result.exit_code in (0, 1), (arguments, result.output)
        if "--fail-on" in arguments and "--exit-zero" not in arguments:
            assert result.exit_code == whole.exit_code


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
