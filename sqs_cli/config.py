"""Settings from the project's own files: `[tool.sqs]` in pyproject.toml, or sqs.toml.

Found as ruff finds its configuration: from the working directory up to the root, the
first folder with an `sqs.toml`, or with a `pyproject.toml` that has a `[tool.sqs]`
table, gives the settings (sqs.toml first in the same folder; files are not merged).
`--config FILE` names one instead and `--isolated` ignores them all. Options on the
command line win over the file; the file wins over sqs's defaults.

Every key is checked on load: an unknown key or a bad value is an error that names the
file and the key, as a framework file's are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from sqs_cli.problems import SqsError
from sqs_cli.settings import FAIL_ON_CHOICES

PYPROJECT = "pyproject.toml"
SQS_TOML = "sqs.toml"
# Looked for in this order in each folder, as ruff looks for ruff.toml before pyproject.
CONFIG_NAMES = (SQS_TOML, PYPROJECT)


class ConfigFile(NamedTuple):
    path: Path
    # The table the settings are in, as an error names it: "tool.sqs" or "" (sqs.toml).
    table: str
    # Checked values by key (`fail-on`, `exclude`...).
    values: Mapping[str, Any]

    def key(self, name: str) -> str:
        return f"{self.table}.{name}" if self.table else name


def _invalid(path: Path, message: str) -> SqsError:
    return SqsError.of("invalid-config", message, file=str(path))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _whole_number(minimum: int) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            return f"must be a whole number of at least {minimum}"
        return None

    return check


def _check_framework(value: object) -> str | None:
    return None if _text(value) else "must be a framework name or a TOML file's path"


def _check_fail_on(value: object) -> str | None:
    if value not in FAIL_ON_CHOICES:
        return f"{value!r} is not one of {', '.join(FAIL_ON_CHOICES)}"
    return None


def _check_strict(value: object) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _check_format(value: object) -> str | None:
    from sqs_cli.writers import format_names

    names = format_names("score")
    if value not in names:
        return f"{value!r} is not one of {', '.join(names)}"
    return None


def _check_exclude(value: object) -> str | None:
    if not isinstance(value, list) or not all(_text(item) for item in value):
        return 'must be a list of glob patterns, such as ["archive/*", "~*.xlsx"]'
    return None


# Each key, what it sets, and its check; the order `sqs config` shows them in.
KEYS: Mapping[str, Callable[[object], str | None]] = {
    "framework": _check_framework,
    "format": _check_format,
    "fail-on": _check_fail_on,
    "strict": _check_strict,
    "exclude": _check_exclude,
    "jobs": _whole_number(1),
    "min-relevant": _whole_number(1),
}


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _invalid(path, "no such file") from None
    except IsADirectoryError:
        raise _invalid(path, "is a folder, not a TOML file") from None
    except UnicodeDecodeError:
        raise _invalid(path, "not UTF-8 text") from None
    except OSError as error:
        raise _invalid(path, f"cannot read: {error.strerror or error}") from None


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    # Imported here: a run in a folder without sqs settings parses no TOML.
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _invalid(path, f"not valid TOML ({error})") from None


def _bare(line: str) -> str:
    return line.strip().replace(" ", "").replace("\t", "").replace('"', "").replace("'", "")


def may_hold_sqs_settings(text: str) -> bool:
    """Whether a pyproject.toml may have a [tool.sqs] table, in any of TOML's ways of
    writing one (`[tool.sqs]`, `[tool]` then `sqs = ...`, dotted or inline `tool.sqs`):
    a look at its lines, so that a project without one costs no parse on every run. It
    errs towards yes; the parse decides."""
    if "sqs" not in text:
        return False
    table = ""
    for line in text.splitlines():
        bare = _bare(line)
        if bare.startswith("["):
            table = bare
            if table.startswith(("[tool.sqs", "[[tool.sqs")):
                return True
            continue
        top_level = table == "" and bare.startswith(("tool.sqs", "tool=")) and "sqs" in bare
        in_tool = table == "[tool]" and bare.startswith(("sqs=", "sqs."))
        if top_level or in_tool:
            return True
    return False


def _sqs_table(path: Path, document: Mapping[str, Any]) -> tuple[str, Any] | None:
    """The settings table of a file: `[tool.sqs]` of a pyproject.toml (None if it has
    none), the whole of any other file."""
    if path.name != PYPROJECT:
        return "", document
    tool = document.get("tool")
    if not isinstance(tool, dict) or "sqs" not in tool:
        return None
    return "tool.sqs", tool["sqs"]


def check_values(path: Path, table: str, values: object) -> ConfigFile:
    """The file's settings, each key known and each value good, or an error naming both."""
    config = ConfigFile(path, table, {})
    if not isinstance(values, dict):
        raise _invalid(path, f"{table or 'the file'}: must be a table of settings")
    for name, value in values.items():
        check = KEYS.get(name)
        if check is None:
            expected = ", ".join(sorted(KEYS))
            raise _invalid(path, f"{config.key(name)}: unknown key (expected {expected})")
        if (reason := check(value)) is not None:
            raise _invalid(path, f"{config.key(name)}: {reason}")
    return config._replace(values=dict(values))


def load_config(path: Path) -> ConfigFile:
    """A named configuration file (`--config FILE`): a pyproject.toml must have [tool.sqs]."""
    document = _parse_toml(path, _read_text(path))
    found = _sqs_table(path, document)
    if found is None:
        raise _invalid(path, "has no [tool.sqs] table")
    return check_values(path, *found)


def find_config(start: Path) -> ConfigFile | None:
    """The nearest configuration from start up to the root, as ruff finds its own."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            text = _read_text(candidate)
            if name == PYPROJECT and not may_hold_sqs_settings(text):
                continue
            found = _sqs_table(candidate, _parse_toml(candidate, text))
            if found is not None:
                return check_values(candidate, *found)
    return None


def settings_file(start: Path, named: Path | None, *, isolated: bool) -> ConfigFile | None:
    """The configuration in force: --config's file, none under --isolated, else the nearest."""
    if named is not None:
        return load_config(named)
    if isolated:
        return None
    return find_config(start)


COMMAND_LINE = "command line"
DEFAULT = "default"


class Setting(NamedTuple):
    value: Any
    # Where the value came from: "command line", "default", or the configuration file.
    source: str
    # The folder a path or pattern in the value is relative to (a file's own folder).
    base: Path | None = None


def resolve(
    config: ConfigFile | None, given: Mapping[str, Any], defaults: Mapping[str, Any]
) -> dict[str, Setting]:
    """Each setting in force: from the command line (given), else the file, else the default.

    Paths and patterns in a file are relative to the file's folder, as in ruff's.
    """
    settings = {}
    for key, default in defaults.items():
        if key in given:
            settings[key] = Setting(given[key], COMMAND_LINE, Path.cwd())
        elif config is not None and key in config.values:
            where = str(config.path) + (f" [{config.table}]" if config.table else "")
            settings[key] = Setting(config.values[key], where, config.path.parent)
        else:
            settings[key] = Setting(default, DEFAULT, Path.cwd())
    return settings


def _toml_value(value: object) -> str:
    import json

    # TOML writes strings, booleans, whole numbers and arrays of strings as JSON does.
    return json.dumps(value, ensure_ascii=False)


def describe(
    settings: Mapping[str, Setting], config: ConfigFile | None, notes: Mapping[str, str]
) -> list[str]:
    """The settings in force as TOML lines, each saying where it came from: the output of
    `sqs config` and `--show-settings`, which can be pasted into an sqs.toml."""
    if config is None:
        lines = ["# sqs settings: no configuration file (sqs.toml or [tool.sqs] in pyproject.toml)"]
    else:
        table = f" [{config.table}]" if config.table else ""
        lines = [f"# sqs settings: configuration file {config.path}{table}"]
    for key, setting in settings.items():
        note = notes.get(key, "")
        where = setting.source + (f": {note}" if note and setting.source == DEFAULT else "")
        if setting.value is None:
            lines.append(f"# {key} is not set  # {where}")
        else:
            lines.append(f"{key} = {_toml_value(setting.value)}  # {where}")
    return lines
