"""Workbooks that are the same bytes for the same input: fixed document and zip times.

openpyxl stamps each file it saves with the time of saving, in the document properties and
in every zip entry, so two runs on the same workbook would give two different files:
results could not be diffed, cached or checked by hash. Both are set here to one fixed
time, SOURCE_DATE_EPOCH when it is set (the reproducible-builds convention), else the
first moment a zip file can record, 1 January 1980.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import zipfile

_CORE = "docProps/core.xml"
_CORE_TIMES = re.compile(r"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")
ZIP_EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)


def fixed_time() -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        return max(moment, ZIP_EPOCH)
    return ZIP_EPOCH


def with_fixed_times(data: bytes) -> bytes:
    """The same package with every zip entry and the document's times set to fixed_time."""
    moment = fixed_time()
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w") as target,
    ):
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == _CORE:
                text = _CORE_TIMES.sub(rf"\g<1>{stamp}\g<2>", content.decode("utf-8"))
                content = text.encode("utf-8")
            fixed = zipfile.ZipInfo(entry.filename, date_time=moment.timetuple()[:6])
            fixed.compress_type = entry.compress_type
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, content)
    return output.getvalue()
