""".pre-commit-hooks.yaml: the sqs-validate hook, run by pre-commit itself (`pre-commit
try-repo`) where it is installed and the checkout is a git repository, and its entry
command run directly in any case."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import COVENTRY, REPO, wide_rows, write_workbook

[HOOK] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
SUFFIXES = ("xlsx", "xlsm", "xls", "xlsb", "ods", "csv")


def test_the_hook_runs_sqs_validate_on_every_workbook_format() -> None:
    assert HOOK["id"] == "sqs-validate"
    assert HOOK["entry"] == "sqs validate"
    assert HOOK["language"] == "python"
    files = re.compile(HOOK["files"])
    for suffix in SUFFIXES:
        assert files.search(f"audits/2026/coventry.{suffix}")
        assert files.search(f"AUDITS/COVENTRY.{suffix.upper()}")
    for name in ("notes.txt", "report.xlsx.md", "xlsx", "data.json"):
        assert not files.search(name)


@pytest.fixture
def staged(tmp_path: Path) -> tuple[Path, list[str]]:
    """A repository with a good workbook, one with a bad cell, and one that is not one."""
    (tmp_path / "good.xlsx").write_bytes(COVENTRY.read_bytes())
    marks: dict[str, list[str | None]] = {"C1": ["Yse"], **{f"C{n}": ["Yes"] for n in range(2, 7)}}
    write_workbook(tmp_path / "faulty.xlsx", {"Cases": wide_rows(["1.1a"], marks)})
    (tmp_path / "notes.txt").write_text("not a workbook, and not matched by the hook")
    return tmp_path, ["good.xlsx", "faulty.xlsx", "notes.txt"]


def _sqs() -> list[str]:
    return [sys.executable, "-m", "sqs_cli"]


def test_the_entry_command_run_directly(staged: tuple[Path, list[str]]) -> None:
    folder, names = staged
    files = re.compile(HOOK["files"])
    matched = [name for name in names if files.search(name)]
    assert matched == ["good.xlsx", "faulty.xlsx"]
    command = [*_sqs(), *HOOK["entry"].split()[1:], *matched]
    completed = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 1
    # Sorted, as every run of sqs sorts its inputs.
    assert completed.stdout.splitlines() == [
        "faulty.xlsx: Cases!B2: error[unknown-judgement] 'Yse' is not a judgement; did you mean "
        "'Yes'?",
        "faulty.xlsx: 6 cases, 1 question marked, 1 error, 0 warnings",
        "good.xlsx: 20 cases, 30 questions marked, 0 errors, 0 warnings",
        "sqs: accepted judgements: Yes, No, Not done, N/A (also Y, N, Sufficient, Insufficient, "
        "1, 0, NA...)",
    ]
    # A commit of good workbooks passes.
    clean = subprocess.run(
        [*command[:-2], "good.xlsx"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr


def _pre_commit() -> str | None:
    found = shutil.which("pre-commit") or shutil.which(
        "pre-commit", path=str(Path(sys.executable).parent)
    )
    return found


@pytest.mark.skipif(
    _pre_commit() is None or shutil.which("git") is None or not (REPO / ".git").exists(),
    reason="pre-commit (the test extras), git and a git checkout of sqs are needed",
)
def test_pre_commit_try_repo(
    staged: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """pre-commit installs sqs from this checkout into its own environment (from the
    package index, as for a user) and runs the hook on the staged files."""
    folder, names = staged
    environ = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }

    def git(*arguments: str) -> None:
        subprocess.run(["git", *arguments], cwd=folder, env=environ, check=True, timeout=60)

    git("init", "-q")
    git("add", *names)
    pre_commit = _pre_commit()
    assert pre_commit is not None

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(REPO), "sqs-validate", "--files", *files],
            cwd=folder,
            env=environ,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    failing = try_repo(*names)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "sqs validate" in failing.stdout and "Failed" in failing.stdout
    assert "faulty.xlsx: Cases!B2: error[unknown-judgement]" in failing.stdout
    assert "notes.txt" not in failing.stdout
    passing = try_repo("good.xlsx", "notes.txt")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
