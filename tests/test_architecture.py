"""docs/architecture.md stays true: every module is in its table, and imports only what
its row allows."""

from __future__ import annotations

import ast
import functools
import re

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "sqs_cli"
_ROW = re.compile(r"^\| `(?P<module>[\w.]+)` \| [^|]* \| (?P<allowed>[^|]*) \|$")


@functools.cache
def documented_rules() -> dict[str, set[str] | None]:
    """Module -> the sqs modules it may import (None: any)."""
    rules: dict[str, set[str] | None] = {}
    for line in (REPO / "docs" / "architecture.md").read_text("utf-8").splitlines():
        match = _ROW.match(line)
        if match is None:
            continue
        allowed = match["allowed"].strip()
        rules[match["module"]] = (
            None if allowed == "any" else set(re.findall(r"`([\w.]+)`", allowed))
        )
    return rules


@functools.cache
def sqs_modules() -> dict[str, set[str]]:
    """Module -> the sqs modules it imports."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "sqs_cli"
        imported = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("sqs_cli")
            ):
                imported.add(node.module.removeprefix("sqs_cli").lstrip(".") or "sqs_cli")
            elif isinstance(node, ast.Import):
                imported.update(
                    alias.name.removeprefix("sqs_cli.")
                    for alias in node.names
                    if alias.name.startswith("sqs_cli.")
                )
        imported.discard(name)
        modules[name] = imported
    return modules


def test_every_module_is_documented() -> None:
    documented = set(documented_rules())
    actual = set(sqs_modules()) - {"sqs_cli"}
    assert sorted(actual - documented) == [], "modules missing from docs/architecture.md"
    assert sorted(documented - actual) == [], "docs/architecture.md lists modules that are gone"


@pytest.mark.parametrize("module", sorted(set(sqs_modules()) - {"sqs_cli"}))
def test_module_imports_only_what_its_row_allows(module: str) -> None:
    allowed = documented_rules().get(module)
    if allowed is None:
        return
    imported = sqs_modules()[module] - {"sqs_cli"}
    assert sorted(imported - allowed) == [], (
        f"{module} imports what docs/architecture.md does not allow"
    )


def test_the_code_cites_the_projects_own_docs_not_the_spec() -> None:
    """The SPEC the project was started from is not in this repository: a reader cannot
    follow a citation of its sections. The code and tests cite the README and docs/."""
    cited = "SPEC" + " section"  # spelt apart, so that this file does not cite it
    citing = [
        str(path.relative_to(REPO))
        for folder in (PACKAGE, REPO / "tests")
        for path in sorted(folder.rglob("*.py"))
        if cited in path.read_text("utf-8")
    ]
    assert citing == []


def test_the_band_colours_and_the_schema_id_are_written_once() -> None:
    """One module for each shared presentation rule: a band's colour (the table, the
    results workbook, the HTML and Word drafts, the template's marks) is only in bands.py,
    and the report schema's ID is only in schemas.py."""
    from sqs_cli.bands import PALETTE
    from sqs_cli.schemas import REPORT_SCHEMA

    colours = {colour.removeprefix("#").upper() for c in PALETTE for colour in (c.bar, c.fill)}
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text("utf-8")
        if path.name != "bands.py":
            assert not {colour for colour in colours if colour in text.upper()}, path
        if path.name != "schemas.py":
            assert f'"{REPORT_SCHEMA}"' not in text, path
