"""Reading a marking workbook, in one pipeline: pipeline.py shows its stages.

`read_marking` is imported on first use, so that a module needing only a light stage
(source.py's suffixes, say) does not load python-calamine.
"""

from __future__ import annotations

from typing import Any

__all__ = ["read_marking"]


def __getattr__(name: str) -> Any:
    if name == "read_marking":
        from sqs_cli.reading.pipeline import read_marking

        return read_marking
    raise AttributeError(name)
