"""The Rich console every text writer prints through, set up from OutputOptions, and the
marks its tables draw with in the console's encoding."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from sqs_cli.safe_text import UNICODE_MARKS, Marks, escaped_for, is_unicode, marks_for
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


def console_marks(console: Console) -> Marks:
    """The marks the console's output can show (ASCII unless it is Unicode, as Rich's
    boxes)."""
    return marks_for(console.encoding)


def head_box(marks: Marks) -> box.Box:
    """A rule under the header and no other lines. Rich would draw a full ASCII grid for
    SIMPLE_HEAD where the output is not Unicode; this keeps the table's look, in ASCII."""
    if marks is UNICODE_MARKS:
        return box.SIMPLE_HEAD
    rule = marks.rule * 2
    return box.Box(f"    \n    \n {rule} \n    \n    \n    \n    \n    \n", ascii=True)


def cut_short(text: Text, width: int, marks: Marks) -> Text:
    """Text cut to width cells with the output's ellipsis. Rich cuts with `…` whatever the
    output: where that is not Unicode, the cut is made here first, with `...`."""
    if marks is UNICODE_MARKS or cell_len(text.plain) <= width:
        return text
    kept = max(width - cell_len(marks.ellipsis), 0)
    shortened = text.copy()
    shortened.truncate(kept)
    shortened.append(marks.ellipsis[: width - kept])
    return shortened


def escaped_text(text: Text, encoding: str) -> Text:
    """Text with each character the output's encoding lacks escaped, before Rich measures
    it: escaped only as it is written, a Welsh name (`Ynys M\\xf4n`) would push the columns
    after it out of line. Styles stay on the characters they were on."""
    plain = text.plain
    if is_unicode(encoding) or escaped_for(plain, encoding) == plain:
        return text
    cuts = sorted({span.start for span in text.spans} | {span.end for span in text.spans})
    escaped = Text(style=text.style, justify=text.justify, overflow=text.overflow, end=text.end)
    escaped.no_wrap = text.no_wrap
    # Cut at every span's edges, each piece has one set of styles over the whole of it.
    for piece in text.divide(cuts):
        part = Text(escaped_for(piece.plain, encoding))
        for span in piece.spans:
            part.stylize(span.style)
        escaped.append_text(part)
    return escaped
