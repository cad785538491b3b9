"""Text from files and workbooks made safe for the place it is written to, and private.

File names, sheet names and cell values come from whoever made the file. Written raw into
a one-line message, a newline in a sheet name would start a second line, and a CI log
reads a line starting `::error::` as a command; an escape sequence would repaint the
terminal; a right-to-left override would show a line in another order than it reads. In
XML (JUnit, the results workbook) some characters cannot be written at all. And a cell
may hold a child's name: what a message may quote of it is decided here too. Each rule is
written once, here, and every writer and the reader use it.

And the output may not be Unicode: Windows gives a redirected or piped stdout its ANSI
code page (cp1252), a console its OEM one (cp850). There sqs's own marks (rules, bars,
bullets, arrows) become ASCII, as Rich's box lines do; what came from a file is never
changed, only escaped where the encoding cannot hold it (`'\\u2713'`); and a format with
escapes of its own (JSON, XML, HTML) uses them, so that it stays valid and intact.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple, TextIO

# Control characters (C0, DEL, C1), the line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates.
_NOT_ON_ONE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Characters XML 1.0 cannot carry at all, even escaped (a file name on Linux may hold them).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    named = _NAMED_ESCAPES.get(character)
    if named is not None:
        return named
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """Text that stays on one line and shows as it reads: each control character written
    as Python writes it in a string (`\\n`, `\\x1b`, `\\u202e`), everything else kept.

    Backslashes are kept as they are, so that a Windows path reads as typed.
    """
    return _NOT_ON_ONE_LINE.sub(_escape, text)


# How text shows a character its output's encoding lacks: escaped as Python writes it in a
# string (`\u2713`, `\xf4`), so that a reader sees something was there, and what.
TEXT_ERRORS = "backslashreplace"
# For a stream or file sqs writes: a file name's undecodable bytes, which Python holds as
# surrogates (`\udcc3`) under a locale that is not UTF-8, written back as the bytes they
# were (surrogateescape); any other character the encoding lacks escaped (TEXT_ERRORS).
STREAM_ERRORS = "sqs-escape"


def _escape_for_stream(error: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    unencodable = error.object[error.start : error.end]
    if all("\udc80" <= character <= "\udcff" for character in unencodable):
        return bytes(ord(character) - 0xDC00 for character in unencodable), error.end
    return codecs.backslashreplace_errors(error)


codecs.register_error(STREAM_ERRORS, _escape_for_stream)


class Marks(NamedTuple):
    """The characters sqs draws with, never data: each writer takes them from here."""

    rule: str  # under a table's header
    bar: str  # a proportion's filled part
    bar_empty: str
    bullet: str
    dot: str  # between the parts of a heading: `Coventry · 20 cases`
    ellipsis: str  # where a title is cut short
    arrow: str  # `Good → Outstanding`
    up: str
    down: str
    sparks: str  # a sparkline's levels, lowest first; its gap (no figure) is `dot`


UNICODE_MARKS = Marks(
    "\u2500",
    "\u2588",
    "\u2591",
    "\u2022",
    "\u00b7",
    "\u2026",
    "\u2192",
    "\u2191",
    "\u2193",
    "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588",
)
ASCII_MARKS = Marks("-", "#", ".", "*", "-", "...", "->", "^", "v", "_.:=+*%#")


def is_unicode(encoding: str | None) -> bool:
    """Whether an output in this encoding can hold any character: UTF-8 or another UTF,
    as Rich decides for its boxes. None is text kept in memory, for a file sqs writes
    itself, which is always UTF-8."""
    if encoding is None:
        return True
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def escaped_for(text: str, encoding: str | None) -> str:
    """Text as an output in this encoding shows it: each character the encoding lacks
    escaped (TEXT_ERRORS), as the output stream itself would; done beforehand by a writer
    that measures text to lay out columns."""
    if is_unicode(encoding):
        return text
    assert encoding is not None  # for mypy: None is Unicode
    return text.encode(encoding, TEXT_ERRORS).decode(encoding)


def marks_for(encoding: str | None) -> Marks:
    """sqs's own marks as an output in this encoding shows them: ASCII unless it is UTF."""
    return UNICODE_MARKS if is_unicode(encoding) else ASCII_MARKS


def markup_for(text: str, encoding: str | None) -> str:
    """XML or HTML (declared UTF-8) that any output carries intact: where the output is not
    Unicode, every character beyond ASCII written as a character reference (`&#244;`)."""
    if is_unicode(encoding):
        return text
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def xml_safe(text: str) -> str:
    """Text with each character XML cannot hold written as \\xNN, so that one odd file name
    or cell never makes a whole JUnit report or results workbook unreadable."""
    return _NOT_IN_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


_EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
# Text this short is a symbol someone marked with (`x`, `✓`, `-`, `?`), never a sentence.
_SYMBOL_LENGTH = 3
_QUOTE_LIMIT = 40


def _quoted(text: str, limit: int = _QUOTE_LIMIT) -> str:
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return "'" + one_line(text) + "'"


def describe_cell(value: object, *, show_values: bool = False) -> str:
    """A cell's value as a message may show it, without leaking what a person wrote.

    Workbooks describe children: a mark cell may hold a name or a sentence. A value is
    quoted only when it is a number, a boolean, an Excel error value, a symbol of at most
    three characters, or a near miss of an accepted judgement (the "did you mean" needs
    it); any other text is described by its shape. show_values quotes everything, for a
    user on their own machine.
    """
    import datetime

    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        return _quoted(str(value))
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        # A date in a mark cell may be a birth date: its kind is enough to fix it.
        return _quoted(str(value)) if show_values else f"a {type(value).__name__}"
    text = str(value)
    stripped = text.strip()
    if show_values or len(stripped) <= _SYMBOL_LENGTH or stripped.upper() in _EXCEL_ERRORS:
        return _quoted(text)
    if len(stripped) <= _QUOTE_LIMIT and (_is_number(stripped) or _is_near_miss(text)):
        return _quoted(text)
    return f"text of {len(text):,} characters"


def _is_number(text: str) -> bool:
    try:
        float(text.rstrip("%"))
    except ValueError:
        return False
    return True


def _is_near_miss(text: str) -> bool:
    from sqs_cli.judgements import suggest

    return suggest(text) is not None


def write_json_document(document: object, stream: TextIO) -> None:
    """A JSON document on stream, indented, ending in a newline. Where the stream is not
    Unicode (a Windows code page), every character beyond ASCII is JSON's \\u escape: the
    stream's own backslash escape (\\xf4) would make the document invalid."""
    import json

    json.dump(document, stream, indent=2, ensure_ascii=not is_unicode(stream.encoding))
    stream.write("\n")
