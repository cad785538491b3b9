"""Stage 1 of reading: what a path holds, told from its bytes, before any parser sees it.

Inspectors rename files, email truncates them, and folders collect PDFs, lock files and
Git LFS pointers. The first bytes (and, for a zip, its directory: see archive.py) tell
which format a file really is; its suffix only says what it was meant to be. A workbook
whose suffix disagrees with its content is read by its content, with a warning.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import NamedTuple

from sqs_cli.patterns import lazy
from sqs_cli.problems import Problem, SqsError, problem
from sqs_cli.reading.archive import Archive, open_archive
from sqs_cli.reading.formats import FORMAT_BY_SUFFIX, WORKBOOK_SUFFIXES, Format
from sqs_cli.safe_text import one_line
from sqs_cli.settings import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
_LFS_POINTER = b"version https://git-lfs.github.com/spec/"
_HEAD_BYTES = 512

_KNOWN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip file"),
    (OLE_MAGIC, "an Excel 97-2003 or other Office file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"<", "an HTML or XML file"),
)

# Byte-order marks of the text encodings a spreadsheet program writes CSV in.
TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


class Source:
    """One workbook file as the reading pipeline knows it: where it is, what a person
    calls it, which format its content is, and the zip directory where it has one.

    Every problem about the file is made here, so each names the file the same way.
    """

    def __init__(self, path: Path, display: str, size: int, head: bytes) -> None:
        self.path = path
        # The name problems give for the file: as given, since JSON and the other
        # structured outputs escape it their own way, and one-line output its own.
        self.display = display
        self.size = size
        self.head = head
        self.format: Format | None = None
        self.archive: Archive | None = None
        # Warnings about the file itself (a suffix that disagrees with the content).
        self.notes: list[Problem] = []

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    def problem(
        self, code: str, message: str, *, sheet: str | None = None, cell: str | None = None
    ) -> Problem:
        return problem(code, message, file=self.display, sheet=sheet, cell=cell)

    def error(
        self, code: str, message: str, *, sheet: str | None = None, cell: str | None = None
    ) -> SqsError:
        """The exception that stops reading this file, carrying its problem."""
        return SqsError(self.problem(code, message, sheet=sheet, cell=cell))

    def named_as(self, format_: Format) -> None:
        """Take the format the content shows; a disagreeing suffix earns a warning."""
        self.format = format_
        claimed = FORMAT_BY_SUFFIX.get(self.suffix)
        same_family = {claimed, format_} <= {Format.XLSX, Format.XLSM}
        if claimed is not format_ and not same_family:
            self.notes.append(
                self.problem(
                    "wrong-suffix",
                    f"the file is {format_.label} named {self.suffix or 'with no suffix'}; "
                    f"it is read as "
                    f"{format_.suffix} (rename it to end in {format_.suffix})",
                )
            )


class _Head(NamedTuple):
    size: int
    head: bytes


def _stat_and_head(path: Path, display: str) -> _Head:
    def fail(code: str, message: str) -> SqsError:
        return SqsError(problem(code, message, file=display))

    try:
        status = path.stat()
        # A pipe or device named .xlsx would block or never end: read regular files only.
        if not stat.S_ISREG(status.st_mode):
            kind = "a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file"
            raise fail("file-unreadable", f"{kind}, not a workbook")
        with path.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise fail("file-not-found", "no such file or folder") from None
    except OSError as error:
        raise fail("file-unreadable", f"cannot open: {error.strerror or error}") from None
    return _Head(status.st_size, head)


def first_line(error: BaseException) -> str:
    """An exception's message, one line of it, for a one-line problem."""
    return one_line((str(error).splitlines() or [type(error).__name__])[0])


# How python-calamine's messages begin: a byte span (`at 0..0: `) or its reader's name
# (`Cfb error: `), which say nothing to a person.
_LIBRARY_PREFIX = lazy(r"^(?:(?:at \d+\.\.\d+|[A-Za-z]+ error|Error)\s*:\s*)+")


def library_detail(error: BaseException) -> str:
    """What a reading library said went wrong, without its internal wording."""
    return _LIBRARY_PREFIX().sub("", first_line(error)) or type(error).__name__


def describe_bytes(head: bytes) -> str:
    """What a file's first bytes show it to be, in words: 'a PDF document'."""
    for magic, description in _KNOWN_MAGIC:
        if head.startswith(magic):
            return description
    if head.startswith(TEXT_BOMS):
        return "a text file"
    if b"\x00" in head:
        return "a file of an unknown kind"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The first bytes may end in the middle of a character; only earlier ones count.
        # Text in a Windows code page (cp1252) is text too, as long as it has no controls.
        if error.start < len(head) - 3 and not _looks_like_code_page_text(head):
            return "a file of an unknown kind"
    return "a text file"


def _looks_like_code_page_text(head: bytes) -> bool:
    controls = set(range(32)) - {9, 10, 13}
    return not any(byte in controls for byte in head)


@contextmanager
def open_source(path: Path, display: str, limits: Limits) -> Iterator[Source]:
    """The file identified, its zip directory open where it has one; closed after use.

    Raises SqsError with the true reason when the file is no workbook sqs can read.
    """
    size, head = _stat_and_head(path, display)
    source = Source(path, display, size, head)
    if size == 0:
        raise source.error("empty-file", "the file is empty (0 bytes)")
    if size > limits.max_file_bytes:
        raise source.error(
            "limit-exceeded",
            f"file is {size:,} bytes, over the {limits.max_file_bytes:,}-byte limit "
            "(raise it with --max-file-mb)",
        )
    with ExitStack() as stack:
        try:
            if head.startswith(ZIP_MAGIC):
                source.archive = stack.enter_context(open_archive(source))
                format_ = source.archive.workbook_format()
            else:
                format_ = _format_of_other_content(source)
        except SqsError:
            if source.suffix in WORKBOOK_SUFFIXES:
                raise
            # A file of another kind, named as another kind: say what sqs reads.
            raise _unsupported(source) from None
        source.named_as(format_)
        yield source


def _unsupported(source: Source) -> SqsError:
    readable = ", ".join(sorted(WORKBOOK_SUFFIXES))
    return source.error(
        "unsupported-format", f"{source.suffix or 'no suffix'}: sqs reads {readable}"
    )


def _format_of_other_content(source: Source) -> Format:
    head = source.head
    if head.startswith(OLE_MAGIC):
        # An Excel 97-2003 workbook, or an encrypted workbook of any kind, or another
        # Office file: the preflight's look inside the container tells.
        return Format.XLS
    if head.startswith(_LFS_POINTER):
        raise source.error(
            "not-a-workbook",
            "a Git LFS pointer, not the workbook itself: fetch the file with `git lfs pull`",
        )
    kind = describe_bytes(head)
    if kind == "a text file" and source.suffix == Format.CSV.suffix:
        return Format.CSV
    if kind != "a text file":
        from sqs_cli.reading.xls_scan import legacy_excel_version

        legacy = legacy_excel_version(head)
        if legacy is not None:
            raise source.error(
                "not-a-workbook",
                f"an {legacy} workbook, older than any format sqs reads: open it in Excel "
                "or LibreOffice and save it as .xlsx",
            )
    named = source.suffix or "with no suffix"
    raise source.error("not-a-workbook", f"{kind} named {named}, not a spreadsheet")


_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def is_encrypted_ooxml(path: Path) -> bool:
    # Encrypted OOXML is an OLE container holding an EncryptionInfo stream; the stream
    # name sits in the directory sectors, in UTF-16. Files are capped by max_file_bytes.
    return _ENCRYPTION_STREAM in path.read_bytes()
