"""`sqs framework export`: a built-in framework's TOML, as shipped, to copy and edit."""

from __future__ import annotations

from typing import TextIO

from sqs_cli.writers import OutputOptions


def write_framework_toml(text: str, stream: TextIO, options: OutputOptions) -> None:
    stream.write(text)
