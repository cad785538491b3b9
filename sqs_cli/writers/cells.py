"""Text that a spreadsheet will open safely."""

from __future__ import annotations

# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP's list:
# tab and carriage return can start one too).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Neutralise formula injection: a leading apostrophe makes the cell plain text."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
