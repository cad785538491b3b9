"""Settings from pyproject.toml or sqs.toml on the command line: found from the working
folder, options win, `sqs config` and --show-settings say where each came from."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import COVENTRY, valid_report

Cli = Callable[..., Result]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding the Coventry sample, as the working folder."""
    (tmp_path / "audits").mkdir()
    (tmp_path / "audits" / "coventry.xlsx").write_bytes(COVENTRY.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def one_line_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    [line] = result.stderr.strip().splitlines()
    return line


def test_fail_on_from_pyproject_and_the_option_wins(cli: Cli, project: Path) -> None:
    assert cli("score", "audits", "--format", "json").exit_code == 0
    (project / "pyproject.toml").write_text('[tool.sqs]\nfail-on = "inadequate"\n')
    assert cli("score", "audits", "--format", "json").exit_code == 1
    assert cli("score", "audits", "--format", "json", "--fail-on", "never").exit_code == 0
    assert cli("score", "audits", "--format", "json", "--isolated").exit_code == 0


def test_found_from_a_subfolder_and_sqs_toml_first(
    cli: Cli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_text('[tool.sqs]\nformat = "json"\n')
    monkeypatch.chdir(project / "audits")
    valid_report(cli("score", "coventry.xlsx").stdout)
    (project / "audits" / "sqs.toml").write_text('format = "csv"\n')
    assert cli("score", "coventry.xlsx").stdout.startswith("path,area,status,question,")


def test_format_from_the_file_gives_way_to_the_suffix_of_o(cli: Cli, project: Path) -> None:
    (project / "sqs.toml").write_text('format = "github"\n')
    assert cli("score", "audits", "-o", "out.json").exit_code == 0
    valid_report((project / "out.json").read_text("utf-8"))
    assert cli("score", "audits").stdout.startswith("sqs: 1 workbook: 1 ok")


def test_config_names_a_file(cli: Cli, project: Path) -> None:
    (project / "ci").mkdir()
    (project / "ci" / "sqs.toml").write_text('fail-on = "improvement"\n')
    assert cli("score", "audits", "--config", "ci/sqs.toml", "--format", "json").exit_code == 1


def test_exclude_and_framework_paths_are_relative_to_the_file(
    cli: Cli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "audits" / "archive").mkdir()
    (project / "audits" / "archive" / "old.xlsx").write_text("not a workbook")
    (project / "sqs.toml").write_text('exclude = ["audits/archive"]\n')
    monkeypatch.chdir(project / "audits")
    document = valid_report(cli("score", ".", "--format", "json").stdout)
    assert [w["path"] for w in document["workbooks"]] == ["coventry.xlsx"]
    # --exclude replaces the file's patterns.
    result = cli("score", ".", "--format", "json", "--exclude", "coventry.xlsx")
    assert result.exit_code == 2
    assert [w["path"] for w in valid_report(result.stdout)["workbooks"]] == ["archive/old.xlsx"]


def test_a_framework_file_named_in_the_config_is_read_from_its_folder(
    cli: Cli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    framework = cli("framework", "export").stdout.replace('id = "sqs-2016"', 'id = "ours"', 1)
    (project / "frameworks").mkdir()
    (project / "frameworks" / "ours.toml").write_text(framework)
    (project / "pyproject.toml").write_text('[tool.sqs]\nframework = "frameworks/ours.toml"\n')
    monkeypatch.chdir(project / "audits")
    assert valid_report(cli("score", ".", "--format", "json").stdout)["framework"]["id"] == "ours"
    # report and compare rate with the configured framework too.
    assert cli("report", "coventry.xlsx", "-o", "draft.md").exit_code == 0


def test_min_relevant_changes_what_can_be_rated(cli: Cli, project: Path) -> None:
    def rating(*options: str) -> object:
        document = valid_report(cli("score", "audits", "--format", "json", *options).stdout)
        [criterion] = [c for c in document["workbooks"][0]["criteria"] if c["id"] == "1.2"]
        return criterion["rating"], criterion["driven_by"]

    assert rating() == ("Good", "1.2a")
    # 1.2b has 3 relevant cases (1 sufficient): ratable from a minimum of 3.
    (project / "sqs.toml").write_text("min-relevant = 3\n")
    assert rating() == ("Inadequate", "1.2b")
    assert rating("--min-relevant", "5") == ("Good", "1.2a")


def test_a_framework_in_the_config_is_given_and_detection_applies_only_without_one(
    cli: Cli, project: Path
) -> None:
    """Detection chooses only where no one has: a framework named in sqs.toml is used as
    --framework is; and the file's min-relevant applies to the framework detected."""
    from tests.conftest import write_youth_workbook

    youth = write_youth_workbook(project / "youth.xlsx")

    def document(*options: str) -> Any:
        result = cli("score", youth, "--format", "json", *options)
        return valid_report(result.stdout)

    assert document()["framework"]["id"] == "hmip-youth-2021"
    (project / "sqs.toml").write_text('framework = "sqs-2016"\n')
    named = cli("score", youth, "--format", "json")
    assert named.exit_code == 2
    assert valid_report(named.stdout)["framework"]["id"] == "sqs-2016"
    assert "error[no-questions]" in named.stderr
    # 6 court and 5 out-of-court cases: a minimum of 7 rates none of the case standards
    # by their figures; 3.3 keeps the rating entered for it on the Ratings sheet.
    (project / "sqs.toml").write_text("min-relevant = 7\n")
    [workbook] = document()["workbooks"]
    assert workbook["overall"]["text"] == (
        "Overall: not rated (no rating for 2.1, 2.2, 2.3, 2.4, 3.1 and 3.2)"
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "pyproject.toml",
            '[tool.sqs]\nfail-on = "sometimes"\n',
            "error[invalid-config] tool.sqs.fail-on: 'sometimes' is not one of never, "
            "improvement, inadequate",
        ),
        (
            "sqs.toml",
            "colour = true\n",
            "error[invalid-config] colour: unknown key (expected exclude, fail-on, format, "
            "framework, jobs, min-relevant, strict)",
        ),
    ],
)
def test_a_bad_file_is_one_line_naming_file_and_key(
    cli: Cli, project: Path, name: str, text: str, message: str
) -> None:
    (project / name).write_text(text)
    for command in (["score", "audits"], ["validate", "audits"], ["config"]):
        assert one_line_error(cli(*command)) == f"{project / name}: {message}"
    # --isolated reads no file, so a broken one does not stop the run.
    assert cli("score", "audits", "--isolated", "--format", "json").exit_code == 0


def test_sqs_config_prints_the_settings_and_their_sources(cli: Cli, project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.sqs]\nfail-on = "improvement"\nexclude = ["archive"]\n'
    )
    result = cli("config")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    where = f"{project / 'pyproject.toml'} [tool.sqs]"
    assert lines[0] == f"# sqs settings: configuration file {where}"
    assert lines[1:4] == [
        'framework = "sqs-2016"  # default',
        'format = "table"  # default',
        f'fail-on = "improvement"  # {where}',
    ]
    assert f'exclude = ["archive"]  # {where}' in lines
    assert "min-relevant = 5  # default: framework sqs-2016's" in lines
    settings = tomllib.loads(result.stdout)
    assert settings["fail-on"] == "improvement"
    assert isinstance(settings["jobs"], int)


def test_show_settings_includes_the_options_given(cli: Cli, project: Path) -> None:
    (project / "sqs.toml").write_text("strict = true\n")
    result = cli("score", "audits", "--show-settings", "--fail-on", "inadequate", "-j", "2")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert 'fail-on = "inadequate"  # command line' in lines
    assert f"strict = true  # {project / 'sqs.toml'}" in lines
    assert "jobs = 2  # command line" in lines
    # Nothing was scored.
    assert "Coventry" not in result.stdout


def test_no_file_says_so(cli: Cli, project: Path) -> None:
    result = cli("config", "--isolated")
    assert result.stdout.splitlines()[0] == (
        "# sqs settings: no configuration file (sqs.toml or [tool.sqs] in pyproject.toml)"
    )


def test_validate_ignores_the_files_format_and_fail_on(cli: Cli, project: Path) -> None:
    """A commit hook's `sqs validate` lists problems for a person, whatever CI's score does."""
    (project / "sqs.toml").write_text('format = "json"\nfail-on = "improvement"\n')
    result = cli("validate", "audits")
    assert result.exit_code == 0
    assert result.stdout.startswith("audits/coventry.xlsx: 20 cases")
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)
