"""sqs_cli.safe_text: text from files made safe for one-line messages and for XML."""

from __future__ import annotations

import pytest

from sqs_cli.safe_text import one_line, xml_safe


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
