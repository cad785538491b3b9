"""An .ods whose content.xml is indented, read as the same spreadsheet without the indent.

SheetJS (and any program that pretty-prints its XML) writes content.xml with line breaks
and spaces between the table's elements: `<table:table-row>` then a newline and spaces,
then `<table:table-cell>`. That whitespace means nothing in OpenDocument (a cell's text is
in its `<text:p>` paragraphs), and LibreOffice and Excel open the file, but python-calamine
0.9 stops at it ("Expecting 'table-cell', found 'Text'"), which would call a sound file
damaged. This copy leaves out only whitespace that touches a table or office element, so
the text of every paragraph (`<text:span>a</text:span> <text:span>b</text:span>`) is kept
as it is.
"""

from __future__ import annotations

import io
import re
import zipfile

from sqs_cli.reading.archive import Archive

_CONTENT = "content.xml"
# Whitespace after the start or end tag of a table or office element (the tag is kept by
# the replacement), and whitespace between a tag and one of those.
_AFTER_LAYOUT_TAG = re.compile(rb"(</?(?:table|office):[^<>]*>)[ \t\r\n]+(?=<)")
_BEFORE_LAYOUT_TAG = re.compile(rb">[ \t\r\n]+(?=</?(?:table|office):)")


def without_layout_whitespace(archive: Archive) -> bytes | None:
    """The .ods again, in memory, with its content.xml's layout whitespace left out; None
    when it has none (so it is not why python-calamine failed)."""
    member = archive.find(_CONTENT)
    if member is None:
        return None
    content = archive.zip.read(member)
    tidy = _BEFORE_LAYOUT_TAG.sub(b">", _AFTER_LAYOUT_TAG.sub(rb"\1", content))
    if tidy == content:
        return None
    repacked = io.BytesIO()
    with zipfile.ZipFile(repacked, "w") as copy:
        for info in archive.zip.infolist():
            data = tidy if info is member else archive.zip.read(info)
            copy.writestr(info, data, compress_type=info.compress_type)
    return repacked.getvalue()
