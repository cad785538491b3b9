"""What the two baseline scripts share: the framework's question IDs, the judgements a
plain script knows, and the workbooks to read. Imported by file name, as the scripts are
run as `python benchmarks/NAME.py`."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

SQS_2016 = Path(__file__).resolve().parent.parent / "sqs_cli" / "frameworks" / "sqs-2016.toml"
COUNT_NAMES = ("sufficient", "insufficient", "not_done", "not_applicable", "unmarked", "invalid")
JUDGEMENTS = {
    "yes": "sufficient",
    "no": "insufficient",
    "not done": "not_done",
    "n/a": "not_applicable",
}
HEADER_SEARCH_ROWS = 20
TOKEN_TRIM = ":.)-\u2013"

Counts = dict[str, dict[str, int]]


def question_ids(framework: Path) -> list[str]:
    data = tomllib.loads(framework.read_text("utf-8"))
    return [
        question["id"]
        for theme in data["themes"]
        for criterion in theme["criteria"]
        for question in criterion["questions"]
    ]


def workbooks(arguments: list[str]) -> Iterator[Path]:
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.xlsx") if not p.name.startswith(("~$", ".")))
        else:
            yield path
