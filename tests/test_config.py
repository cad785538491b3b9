"""sqs_cli.config: settings found as ruff finds its own, each key checked, errors naming
the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqs_cli.config import (
    COMMAND_LINE,
    DEFAULT,
    describe,
    find_config,
    load_config,
    resolve,
    settings_file,
)
from sqs_cli.problems import SqsError

DEFAULTS = {"framework": "sqs-2016", "fail-on": "never", "strict": False, "exclude": []}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def message(error: pytest.ExceptionInfo[SqsError]) -> str:
    problem = error.value.problem
    assert problem.code == "invalid-config"
    return f"{Path(problem.file).name}: {problem.message}"


def test_the_nearest_pyproject_with_a_tool_sqs_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.sqs]\nfail-on = "inadequate"\n')
    # A nearer pyproject.toml without [tool.sqs] is passed over, as ruff passes over one
    # without [tool.ruff].
    write(tmp_path / "audits" / "pyproject.toml", '[project]\nname = "x"\n')
    found = find_config(tmp_path / "audits")
    assert found is not None
    assert (found.path, found.table, dict(found.values)) == (
        tmp_path / "pyproject.toml",
        "tool.sqs",
        {"fail-on": "inadequate"},
    )


def test_sqs_toml_comes_first_in_its_folder_and_files_are_not_merged(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.sqs]\nstrict = true\nfail-on = "inadequate"\n')
    write(tmp_path / "audits" / "sqs.toml", 'fail-on = "improvement"\n')
    write(tmp_path / "audits" / "pyproject.toml", "[tool.sqs]\nstrict = false\n")
    found = find_config(tmp_path / "audits" / "2026")
    assert found is not None
    assert (found.path.name, found.table, dict(found.values)) == (
        "sqs.toml",
        "",
        {"fail-on": "improvement"},
    )


def test_none_found(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_config(tmp_path) is None


def test_config_names_a_file_and_isolated_ignores_them(tmp_path: Path) -> None:
    write(tmp_path / "sqs.toml", "strict = true\n")
    named = write(tmp_path / "ci" / "sqs-ci.toml", 'fail-on = "inadequate"\n')
    named_file = settings_file(tmp_path, named, isolated=False)
    assert named_file is not None and named_file.path == named
    assert settings_file(tmp_path, None, isolated=True) is None
    found = settings_file(tmp_path, None, isolated=False)
    assert found is not None and found.path == tmp_path / "sqs.toml"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "pyproject.toml",
            '[tool.sqs]\nfail_on = "inadequate"\n',
            "pyproject.toml: tool.sqs.fail_on: unknown key (expected exclude, fail-on, format, "
            "framework, jobs, min-relevant, strict)",
        ),
        (
            "pyproject.toml",
            '[tool.sqs]\nfail-on = "sometimes"\n',
            "pyproject.toml: tool.sqs.fail-on: 'sometimes' is not one of never, improvement, "
            "inadequate",
        ),
        ("sqs.toml", 'strict = "yes"\n', "sqs.toml: strict: must be true or false"),
        ("sqs.toml", "jobs = 0\n", "sqs.toml: jobs: must be a whole number of at least 1"),
        ("sqs.toml", "jobs = true\n", "sqs.toml: jobs: must be a whole number of at least 1"),
        (
            "sqs.toml",
            'format = "pdf"\n',
            "sqs.toml: format: 'pdf' is not one of table, json, csv, markdown, junit, github, "
            "sarif, gitlab, xlsx",
        ),
        (
            "sqs.toml",
            'exclude = "archive"\n',
            'sqs.toml: exclude: must be a list of glob patterns, such as ["archive/*", "~*.xlsx"]',
        ),
        (
            "sqs.toml",
            "min-relevant = 0\n",
            "sqs.toml: min-relevant: must be a whole number of at least 1",
        ),
        (
            "sqs.toml",
            'framework = ""\n',
            "sqs.toml: framework: must be a framework name or a TOML file's path",
        ),
        (
            "sqs.toml",
            "strict = \n",
            "sqs.toml: not valid TOML (Invalid value (at line 1, column 10))",
        ),
        (
            "pyproject.toml",
            "[tool.sqs]\n[tool.sqs.x]\n",
            "pyproject.toml: tool.sqs.x: unknown "
            "key (expected exclude, fail-on, format, framework, jobs, min-relevant, strict)",
        ),
    ],
)
def test_an_unknown_key_or_a_bad_value_names_the_file_and_key(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(SqsError) as caught:
        find_config(tmp_path)
    assert message(caught) == expected
    assert caught.value.problem.file == str(path)


def test_a_named_pyproject_without_the_table_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[project]\n")
    with pytest.raises(SqsError) as caught:
        load_config(path)
    assert message(caught) == "pyproject.toml: has no [tool.sqs] table"
    with pytest.raises(SqsError) as missing:
        load_config(tmp_path / "nope.toml")
    assert message(missing) == "nope.toml: no such file"


def test_command_line_wins_over_the_file_which_wins_over_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "sqs.toml", 'fail-on = "inadequate"\nstrict = true\n'))
    settings = resolve(config, {"strict": False}, DEFAULTS)
    assert {key: (s.value, s.source) for key, s in settings.items()} == {
        "framework": ("sqs-2016", DEFAULT),
        "fail-on": ("inadequate", str(tmp_path / "sqs.toml")),
        "strict": (False, COMMAND_LINE),
        "exclude": ([], DEFAULT),
    }
    # A file's paths and patterns are relative to its own folder.
    assert settings["fail-on"].base == tmp_path


def test_described_as_toml_with_each_source(tmp_path: Path) -> None:
    import tomllib

    path = write(tmp_path / "pyproject.toml", '[tool.sqs]\nexclude = ["archive/*"]\n')
    config = load_config(path)
    settings = resolve(config, {"fail-on": "improvement"}, {**DEFAULTS, "jobs": None})
    lines = describe(settings, config, {"jobs": "the number of CPUs"})
    assert lines == [
        f"# sqs settings: configuration file {path} [tool.sqs]",
        'framework = "sqs-2016"  # default',
        'fail-on = "improvement"  # command line',
        "strict = false  # default",
        f'exclude = ["archive/*"]  # {path} [tool.sqs]',
        "# jobs is not set  # default: the number of CPUs",
    ]
    assert tomllib.loads("\n".join(lines)) == {
        "framework": "sqs-2016",
        "fail-on": "improvement",
        "strict": False,
        "exclude": ["archive/*"],
    }


@pytest.mark.parametrize(
    "text",
    [
        '[tool.sqs]\nfail-on = "improvement"\n',
        '[ tool . "sqs" ]\nstrict = true\n',
        "[tool.sqs.more]\nx = 1\n",
        "[tool]\nsqs = { strict = true }\n",
        "[tool]\nsqs.strict = true\n",
        "tool.sqs.strict = true\n",
        "tool = { sqs = { strict = true } }\n",
    ],
)
def test_every_way_of_writing_tool_sqs_is_looked_at(text: str) -> None:
    import tomllib

    from sqs_cli.config import may_hold_sqs_settings

    assert "sqs" in tomllib.loads(text)["tool"]
    assert may_hold_sqs_settings(text)


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "audits"\n',
        '[project.scripts]\nsqs = "sqs_cli.cli:main"\n',
        "[tool.ruff]\nline-length = 100\n# sqs is run in CI\n",
    ],
)
def test_a_pyproject_without_tool_sqs_is_not_parsed(text: str) -> None:
    from sqs_cli.config import may_hold_sqs_settings

    assert not may_hold_sqs_settings(text)
