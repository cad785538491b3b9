"""Facts about a zip workbook (.xlsx, .xlsm, .xlsb, .ods) that decide whether
python-calamine may open it: a shared-string count it would reserve memory for, members
encrypted by the zip tool, an .ods protected with a password.

All take an open zipfile.ZipFile and read members as streams, in chunks, stopping as
soon as the answer is known; member sizes are bounded by the caller's zip checks.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import NamedTuple

from sqs_cli.patterns import lazy
from sqs_cli.reading.scan_facts import StringCounts

_CHUNK = 64 * 1024
# The smallest element a string can take in a table, `<si/>`: a part of n bytes holds at
# most n // 5 strings.
_SMALLEST_STRING = len(b"<si/>")

# A start tag of <sst> with any namespace prefix; its attributes in either quote (a quoted
# value may hold ">").
_SST_TAG = lazy(rb"""<(?:[A-Za-z_][\w.-]*:)?sst(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")
# python-calamine reads the unprefixed attributes only, as digits (leading zeros allowed).
_SST_START = lazy(rb"<(?:[A-Za-z_][\w.-]*:)?sst(?=[\s/>])")
_COUNT = lazy(rb"""(?<![\w.:-])(count|uniqueCount)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# What may come before the first element of an XML part: a byte-order mark, white space,
# processing instructions (the XML declaration). Anything else (a comment, a doctype,
# another element) and every <sst> tag in the part is taken, the largest count winning.
_PROLOG = lazy(rb"(?:\xef\xbb\xbf)?(?:\s|<\?(?:[^?]|\?(?!>))*\?>)*")
_ENCRYPTION_DATA = lazy(rb"<(?:[A-Za-z_][\w.-]*:)?encryption-data[\s/>]")


class SharedStringsClaim(NamedTuple):
    """What a shared-string part's <sst> element declares.

    python-calamine reserves room for `counts.unique` strings (24 bytes each) before it
    reads one: `uniqueCount="4294967295"` in a 5 KB file aborts the process.
    part_bytes is the part's size as the zip directory declares it.
    """

    part: str
    counts: StringCounts
    part_bytes: int

    @property
    def capacity(self) -> int:
        """The most strings a part of this size can hold."""
        return self.part_bytes // _SMALLEST_STRING

    @property
    def impossible(self) -> bool:
        """The part claims more distinct strings than it can hold: the count is false."""
        # `count` is how many cells use the table: a real workbook's is often far larger
        # than the table (every "Yes" cell counts). Only `uniqueCount` is reserved for.
        return (self.counts.unique or 0) > self.capacity


def shared_strings_claims(archive: zipfile.ZipFile) -> tuple[SharedStringsClaim, ...]:
    """The claim of every .xlsx shared-string part (`xl/sharedStrings.xml`, or wherever
    the workbook's relationships put it: python-calamine looks the name up without regard
    to case or slash direction, so every member named so in any folder is read).

    Only the part's first bytes are read when its <sst> element is the first thing in it,
    as every producer writes it. Encrypted members are passed over. Raises what reading a
    damaged zip member raises (files.ZIP_READ_ERRORS).
    """
    claims = []
    for member in archive.infolist():
        name = member.filename.replace("\\", "/").lower()
        # An encrypted member cannot be read (see encrypted_members): neither can
        # python-calamine read it.
        encrypted = member.flag_bits & 0x1
        if name.rsplit("/", 1)[-1] == "sharedstrings.xml" and not encrypted:
            counts = _sst_counts(_chunks(archive, member))
            if counts is not None:
                claims.append(SharedStringsClaim(member.filename, counts, member.file_size))
    return tuple(claims)


def encrypted_members(archive: zipfile.ZipFile) -> tuple[str, ...]:
    """The members encrypted by the zip tool itself (general-purpose flag bit 0), as a
    "password-zipped" workbook has them: python-calamine cannot read them."""
    return tuple(member.filename for member in archive.infolist() if member.flag_bits & 0x1)


def ods_encrypted(archive: zipfile.ZipFile) -> bool:
    """Whether an .ods is protected with a password: its META-INF/manifest.xml declares
    encryption-data for its parts (as LibreOffice writes it)."""
    for member in archive.infolist():
        if member.filename.replace("\\", "/").lower() == "meta-inf/manifest.xml":
            tail = b""
            for chunk in _chunks(archive, member):
                text = tail + chunk
                if _ENCRYPTION_DATA().search(text):
                    return True
                tail = text[-64:]
    return False


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _sst_counts(chunks: Iterator[bytes]) -> StringCounts | None:
    """The counts of the <sst> tag python-calamine would read, or the largest of all when
    the part does not start with it; None without any."""
    text = b""
    from_start = True  # text holds the part from its first byte
    found: list[StringCounts] = []
    for chunk in chunks:
        text += chunk
        searched = 0
        for tag in _SST_TAG().finditer(text):
            counts = _counts(tag.group(1))
            if from_start and not found and _PROLOG().fullmatch(text, 0, tag.start()):
                return counts
            found.append(counts)
            searched = tag.end()
        # Keep a tag cut by the chunk's end, or a few bytes that may begin one.
        unfinished = [start.start() for start in _SST_START().finditer(text, searched)]
        keep = unfinished[0] if unfinished else max(searched, len(text) - 64)
        from_start = from_start and keep == 0
        text = text[keep:]
    if not found:
        return None
    return StringCounts(
        total=max((c.total for c in found if c.total is not None), default=None),
        unique=max((c.unique for c in found if c.unique is not None), default=None),
    )


def _counts(attributes: bytes) -> StringCounts:
    values: dict[bytes, int] = {}
    for name, double, single in _COUNT().findall(attributes):
        value = double or single
        if value.isdigit():
            values[name] = max(values.get(name, 0), int(value))
    return StringCounts(total=values.get(b"count"), unique=values.get(b"uniqueCount"))
