"""The Rich console every text writer prints through, set up from OutputOptions."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console

from sqs_cli.writers import OutputOptions


def console_for(stream: TextIO, options: OutputOptions) -> Console:
    return Console(
        file=stream,
        width=options.width,
        force_terminal=options.color,
        # None lets Rich read NO_COLOR; passing False would override it.
        no_color=None if options.color is None else not options.color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
