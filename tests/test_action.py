"""action.yml: the composite GitHub Action's steps, run as GitHub's runner runs them (bash
with -eo pipefail, the GITHUB_* files, inputs through the environment), on real workbooks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sqs_cli.writers.markdown import cell
from tests.conftest import COVENTRY, REPO, valid_sarif, wide_rows, write_workbook

ACTION = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
BASH = shutil.which("bash")


def _read_pairs(path: Path) -> dict[str, str]:
    pairs = {}
    for line in path.read_text("utf-8").splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            pairs[key] = value
    return pairs


class Runner:
    """Just enough of GitHub's runner for a composite action of `run` steps."""

    def __init__(self, workspace: Path, inputs: dict[str, str]) -> None:
        self.workspace = workspace
        self.temp = workspace / "runner-temp"
        self.temp.mkdir()
        self.inputs = {
            name: inputs.get(name, str(spec.get("default", "")))
            for name, spec in ACTION["inputs"].items()
        }
        self.outputs: dict[str, dict[str, str]] = {}
        self.env: dict[str, str] = {}
        self.summary = workspace / "step-summary.md"
        self.summary.write_text("")
        self.logs: list[tuple[str, subprocess.CompletedProcess[str]]] = []

    def expression(self, text: str) -> str:
        match = re.fullmatch(r"inputs\.([\w-]+) != ''", text)
        if match:
            return "true" if self.inputs[match[1]] != "" else ""
        if text.startswith("inputs."):
            return self.inputs[text.removeprefix("inputs.")]
        match = re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+)", text)
        if match:
            return self.outputs.get(match[1], {}).get(match[2], "")
        raise AssertionError(f"the test runner does not know ${{{{ {text} }}}}")

    def substitute(self, text: str) -> str:
        return _EXPRESSION.sub(lambda match: self.expression(match[1]), text)

    def run(self, *, skip: tuple[str, ...]) -> int:
        """Every step in order; the exit status of the first that fails, else 0."""
        for step in ACTION["runs"]["steps"]:
            if step["name"] in skip:
                continue
            condition = step.get("if")
            if condition and not self.expression(condition):
                continue
            assert step["shell"] == "bash"
            # Inputs only ever reach a script through its environment.
            assert "${{" not in step["run"], step["name"]
            files = {name: self.temp / f"{name}-{len(self.logs)}" for name in ("output", "env")}
            for path in files.values():
                path.write_text("")
            environ = {
                **os.environ,
                **self.env,
                **{key: self.substitute(str(value)) for key, value in step.get("env", {}).items()},
                "GITHUB_ACTION_PATH": str(REPO),
                "GITHUB_OUTPUT": str(files["output"]),
                "GITHUB_ENV": str(files["env"]),
                "GITHUB_PATH": str(self.temp / "path"),
                "GITHUB_STEP_SUMMARY": str(self.summary),
                "RUNNER_TEMP": str(self.temp),
                "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            }
            environ.pop("CI", None)
            assert BASH is not None
            completed = subprocess.run(
                [BASH, "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=self.workspace,
                env=environ,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            self.logs.append((step["name"], completed))
            if "id" in step:
                self.outputs[step["id"]] = _read_pairs(files["output"])
            self.env.update(_read_pairs(files["env"]))
            if completed.returncode:
                return completed.returncode
        return 0

    def stdout_of(self, name: str) -> str:
        return next(completed.stdout for step, completed in self.logs if step == name)


INSTALL = "Install sqs"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository checkout: the Coventry sample, a workbook with a bad cell, and a file
    that is no workbook, in a folder whose name has a space."""
    audits = tmp_path / "audits" / "north east"
    audits.mkdir(parents=True)
    (audits / "coventry.xlsx").write_bytes(COVENTRY.read_bytes())
    marks: dict[str, list[str | None]] = {"C1": ["Yse"], **{f"C{n}": ["Yes"] for n in range(2, 7)}}
    write_workbook(audits / "faulty.xlsx", {"Cases": wide_rows(["1.1a"], marks)})
    (tmp_path / "audits" / "broken.xlsx").write_text("not a workbook")
    return tmp_path


pytestmark = pytest.mark.skipif(BASH is None, reason="the action's steps are bash")


def test_the_action_declares_its_inputs_and_a_composite_run() -> None:
    assert set(ACTION["inputs"]) >= {"paths", "framework", "fail-on", "format"}
    assert ACTION["runs"]["using"] == "composite"
    [install] = [step for step in ACTION["runs"]["steps"] if step["name"] == INSTALL]
    # What the test leaves out: installing the action's own checkout of sqs, which the
    # test's environment already has.
    assert '-m pip install --quiet "$GITHUB_ACTION_PATH"' in install["run"]


def test_annotations_summary_file_and_exit_code(workspace: Path) -> None:
    runner = Runner(
        workspace,
        {"paths": "audits", "fail-on": "improvement", "format": "sarif", "output": "sqs.sarif"},
    )
    # An unreadable workbook: exit 2, as sqs score's.
    assert runner.run(skip=(INSTALL,)) == 2, runner.logs
    annotations = runner.stdout_of("Annotate and summarise").splitlines()
    broken = "audits/broken.xlsx"
    assert (
        annotations[0]
        == f"::error file={broken},title=not-a-workbook::a text file named .xlsx, not a spreadsheet"
    )
    assert annotations[1].startswith(
        "::error file=audits/north east/faulty.xlsx,title=Cases!B2 unknown-judgement::"
    )
    assert any(
        line.startswith("::notice file=audits/north east/coventry.xlsx") for line in annotations
    )
    assert annotations[-1] == "sqs: 3 workbooks: 1 ok, 1 with errors, 1 unreadable"
    summary = runner.summary.read_text("utf-8")
    assert summary.startswith("## SQS results")
    assert f"| {cell(broken)} |  | error | not-a-workbook |" in summary
    results = valid_sarif((workspace / "sqs.sarif").read_text("utf-8"))["runs"][0]["results"]  # type: ignore[index]
    assert [r["ruleId"] for r in results][:2] == ["not-a-workbook", "unknown-judgement"]
    assert runner.outputs["write"] == {"file": "sqs.sarif"}


@pytest.mark.parametrize(("fail_on", "status"), [("", 0), ("improvement", 1), ("inadequate", 1)])
def test_the_exit_code_follows_fail_on(workspace: Path, fail_on: str, status: int) -> None:
    paths = "audits/north east/coventry.xlsx\n"
    runner = Runner(workspace, {"paths": paths, "fail-on": fail_on})
    assert runner.run(skip=(INSTALL,)) == status, runner.logs
    assert not (workspace / "sqs-results.json").exists()
    assert "Write the file asked for" not in [name for name, _ in runner.logs]


def test_paths_separated_by_spaces_and_patterns_sqs_expands(workspace: Path) -> None:
    runner = Runner(
        workspace, {"paths": "audits/**/coventry.xlsx audits/broken.xlsx", "format": "json"}
    )
    assert runner.run(skip=(INSTALL,)) == 2
    import json

    document = json.loads((workspace / "sqs-results.json").read_text("utf-8"))
    assert [w["path"] for w in document["workbooks"]] == [
        "audits/broken.xlsx",
        "audits/north east/coventry.xlsx",
    ]


def test_bad_usage_fails_the_step_with_its_message(workspace: Path) -> None:
    runner = Runner(workspace, {"paths": "audits", "framework": "no-such-framework.toml"})
    assert runner.run(skip=(INSTALL,)) == 2
    name, completed = runner.logs[-1]
    assert name == "Score the workbooks"
    assert "no-such-framework.toml: error[" in completed.stderr


def test_inputs_are_never_run_as_shell_code(workspace: Path) -> None:
    marker = workspace / "pwned"
    runner = Runner(workspace, {"paths": f"audits $(touch {marker})", "fail-on": "never"})
    runner.run(skip=(INSTALL,))
    assert not marker.exists()


def test_every_input_and_step_is_described() -> None:
    spec: dict[str, Any] = ACTION
    assert all(value.get("description") for value in spec["inputs"].values())
    assert all(step.get("name") for step in spec["runs"]["steps"])
