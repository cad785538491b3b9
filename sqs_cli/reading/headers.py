"""The headers a cases sheet is known by: its case-ID cell, and the long layout's
Question and Judgement columns, as people write them (`Case ID:`, `Case no.`)."""

from __future__ import annotations

import functools

from sqs_cli.judgements import normalise_text
from sqs_cli.marking import CellValue

HEADER_SEARCH_ROWS = 20
# A header is short: a longer cell (a note, or a hostile 50 MB one) is never normalised.
LONGEST_HEADER = 200

CASE_ID_HEADERS = frozenset(
    {"case id", "case", "case ref", "case reference", "case number", "case no"}
)
QUESTION_HEADERS = frozenset({"question", "question id"})
JUDGEMENT_HEADERS = frozenset({"judgement", "judgment", "mark"})


def header_key(value: CellValue | None) -> str:
    """A header cell as compared with the known headers: case, spaces and a trailing
    colon or full stop set aside."""
    if not isinstance(value, str) or len(value) > LONGEST_HEADER:
        return ""
    return normalise_text(value).rstrip(":.").rstrip()


def is_case_id_header(value: CellValue | None) -> bool:
    """A case-ID header cell. Every cell of a sheet's first 20 rows is asked, in every
    workbook of a batch: each text is judged once."""
    return type(value) is str and len(value) <= LONGEST_HEADER and _is_case_id_text(value)


@functools.lru_cache(maxsize=8192)
def _is_case_id_text(text: str) -> bool:
    return header_key(text) in CASE_ID_HEADERS
