"""Text from files and workbooks made safe for the place it is written to.

File names, sheet names and cell values come from whoever made the file. Written raw into
a one-line message, a newline in a sheet name would start a second line, and a CI log
reads a line starting `::error::` as a command; an escape sequence would repaint the
terminal; a right-to-left override would show a line in another order than it reads. In
XML (JUnit, the results workbook) some characters cannot be written at all. Each rule is
written once, here, and every writer uses it.
"""

from __future__ import annotations

import re

# Control characters (C0, DEL, C1), the line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates.
_NOT_ON_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
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


def xml_safe(text: str) -> str:
    """Text with each character XML cannot hold written as \\xNN, so that one odd file name
    or cell never makes a whole JUnit report or results workbook unreadable."""
    return _NOT_IN_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
