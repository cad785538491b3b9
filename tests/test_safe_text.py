"""sqs_cli.safe_text: text from files made safe for one-line messages and for XML, and
private (no free text quoted)."""

from __future__ import annotations

import datetime

import pytest

from sqs_cli.safe_text import (
    ASCII_MARKS,
    UNICODE_MARKS,
    describe_cell,
    escaped_for,
    is_unicode,
    marks_for,
    markup_for,
    one_line,
    xml_safe,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text", "plain text"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("tab\there", "tab\\there"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\x00\x7f\x85\x9f", "\\x00\\x7f\\x85\\x9f"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("abc\u202edcb", "abc\\u202edcb"),
        ("C:\\audits\\x.xlsx", "C:\\audits\\x.xlsx"),  # a Windows path reads as typed
        ("Café Ünïcode ✓ 市", "Café Ünïcode ✓ 市"),
    ],
)
def test_one_line(text: str, shown: str) -> None:
    assert one_line(text) == shown
    assert one_line(shown) == shown  # nothing left to escape


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("plain", "plain"),
        ("a\x01b", "a\\x01b"),
        ("keep\ttab\nand line", "keep\ttab\nand line"),
        ("\ud800", "\\xd800"),
        ("\ufffe", "\\xfffe"),
    ],
)
def test_xml_safe(text: str, safe: str) -> None:
    assert xml_safe(text) == safe


ELLIPSIS = "\u2026"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Cases", "Cases"),
        ("a\nb", "a\\nb"),
        ("tab\there", "tab\\there"),
        ("\r\n::error::x", "\\r\\n::error::x"),
        ("nul\x00", "nul\\x00"),
        ("esc\x1b[31m", "esc\\x1b[31m"),
        ("\x7f", "\\x7f"),
        ("\x85next", "\\x85next"),
        ("\u2028line", "\\u2028line"),
        ("\u202eevil", "\\u202eevil"),
        ("Ynys M\u00f4n \u2013 archwiliad", "Ynys M\u00f4n \u2013 archwiliad"),
        ("non\u00a0breaking", "non\u00a0breaking"),
    ],
    ids=repr,
)
def test_one_line_escapes_what_breaks_or_acts_on_a_line(text: str, shown: str) -> None:
    assert one_line(text) == shown
    assert "\n" not in one_line(text) and "\r" not in one_line(text)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        # Numbers, booleans and Excel error values are quoted.
        (2.5, "'2.5'"),
        (2, "'2'"),
        (3.0, "'3'"),
        (True, "TRUE"),
        ("#N/A", "'#N/A'"),
        ("#div/0!", "'#div/0!'"),
        ("75%", "'75%'"),
        # Symbols of at most three characters are quoted, escaped, never dropped.
        ("x", "'x'"),
        ("\u2713", "'\u2713'"),
        ("-", "'-'"),
        ("?", "'?'"),
        ("", "''"),
        ("a\nb", "'a\\nb'"),
        # So is a near miss of an accepted value, for its "did you mean".
        ("Yse", "'Yse'"),
        ("Sufficent", "'Sufficent'"),
        ("Not dne", "'Not dne'"),
        # A backslash shows as typed.
        ("N\\A", "'N\\A'"),
        # Any other text is described by its shape: it may be a child's name.
        ("Firstname Surname told me", "text of 25 characters"),
        ("Jo Bloggs", "text of 9 characters"),
        ("y" * 5000, "text of 5,000 characters"),
        # Dates may be birth dates.
        (datetime.date(2009, 3, 1), "a date"),
        (datetime.datetime(2009, 3, 1, 10, 0), "a datetime"),
    ],
    ids=repr,
)
def test_describe_cell_quotes_only_what_cannot_be_private(value: object, shown: str) -> None:
    assert describe_cell(value) == shown


def test_show_values_quotes_everything_on_one_line_and_cut() -> None:
    assert describe_cell("Jo Bloggs", show_values=True) == "'Jo Bloggs'"
    assert describe_cell(datetime.date(2009, 3, 1), show_values=True) == "'2009-03-01'"
    long = describe_cell("line\n" * 500, show_values=True)
    assert "\n" not in long
    assert long.endswith(ELLIPSIS + "'")
    assert len(long) < 100
    assert describe_cell("x" * 40, show_values=True) == "'" + "x" * 40 + "'"
    assert describe_cell("y" * 41, show_values=True) == "'" + "y" * 39 + ELLIPSIS + "'"


# --- Outputs that are not Unicode ----------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "unicode"),
    [
        (None, True),  # text in memory, for a file sqs writes: always UTF-8
        ("utf-8", True),
        ("UTF8", True),
        ("utf_16_le", True),
        ("cp1252", False),  # a Windows pipe or redirect
        ("cp850", False),  # a Windows console of old
        ("ascii", False),
        ("ANSI_X3.4-1968", False),  # ASCII, as a C locale names it
        ("no-such-encoding", False),
    ],
)
def test_is_unicode(encoding: str | None, unicode: bool) -> None:
    assert is_unicode(encoding) is unicode
    assert marks_for(encoding) == (UNICODE_MARKS if unicode else ASCII_MARKS)


def test_the_ascii_marks_are_ascii_and_as_wide_except_the_ellipsis() -> None:
    assert "".join(ASCII_MARKS).isascii()
    widths = {name: len(mark) for name, mark in ASCII_MARKS._asdict().items()}
    assert widths == {
        "rule": 1,
        "bar": 1,
        "bar_empty": 1,
        "bullet": 1,
        "dot": 1,
        "ellipsis": 3,
        "arrow": 2,
        "up": 1,
        "down": 1,
        "sparks": 8,
    }
    assert all(len(mark) == 1 for mark in UNICODE_MARKS[:-1])
    # A sparkline's levels: as many in ASCII, each its own, none the gap mark.
    for marks in (UNICODE_MARKS, ASCII_MARKS):
        assert len(set(marks.sparks)) == len(UNICODE_MARKS.sparks) == 8
        assert marks.dot not in marks.sparks


@pytest.mark.parametrize(
    ("encoding", "shown"),
    [
        ("utf-8", "Ynys M\u00f4n \u2013 '\u2713'"),
        ("cp1252", "Ynys M\u00f4n \u2013 '\\u2713'"),
        ("cp850", "Ynys M\u00f4n \\u2013 '\\u2713'"),
        ("ascii", "Ynys M\\xf4n \\u2013 '\\u2713'"),
    ],
)
def test_escaped_for_shows_what_the_encoding_lacks_as_an_escape(encoding: str, shown: str) -> None:
    """Text from a file is escaped where the output cannot hold it, never dropped or
    replaced by a look-alike (an en dash is not a hyphen: a user would search for the
    wrong thing)."""
    assert escaped_for("Ynys M\u00f4n \u2013 '\u2713'", encoding) == shown


@pytest.mark.parametrize(
    ("encoding", "markup"),
    [
        ("utf-8", '<a name="Ynys M\u00f4n">\u2713</a>'),
        ("cp1252", '<a name="Ynys M&#244;n">&#10003;</a>'),
        ("ascii", '<a name="Ynys M&#244;n">&#10003;</a>'),
    ],
)
def test_markup_for_writes_references_beyond_ascii(encoding: str, markup: str) -> None:
    """XML and HTML declare UTF-8: in a code page, even ô (which cp1252 has) is a
    reference, so that the bytes are ASCII and true to the declaration."""
    assert markup_for('<a name="Ynys M\u00f4n">\u2713</a>', encoding) == markup
