"""Text from files, made safe and private to put in a message.

File names, sheet names and cell values come from whoever made the workbook. A newline
in one would split a problem line, and a second line starting `::error::` is a command
to GitHub Actions; other control characters can rewrite a terminal. Each is shown as an
escape instead (`\\n`, `\\x1b`), so the text stays visible and can never act.
"""

from __future__ import annotations

import functools
import unicodedata

# Characters that end a line or act on a terminal, besides the C0 and C1 controls: the
# Unicode line and paragraph separators, and the bidirectional overrides that can make a
# line read differently from what it holds.
_ALSO_UNSAFE = frozenset(
    "\u2028\u2029\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _escape(character: str) -> str:
    escaped = character.encode("unicode_escape").decode("ascii")
    return escaped if escaped != character else f"\\u{ord(character):04x}"


@functools.lru_cache(maxsize=4096)
def one_line(text: str) -> str:
    """The text with every character that could break or act on a line escaped."""
    if text.isprintable():
        return text
    return "".join(
        _escape(character)
        if unicodedata.category(character) in ("Cc", "Zl", "Zp") or character in _ALSO_UNSAFE
        else character
        for character in text
    )


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
