"""What an inspector's mark means: SPEC section 3."""

from __future__ import annotations

import datetime
import enum
import functools
import unicodedata


class Judgement(enum.StrEnum):
    SUFFICIENT = "sufficient"
    INSUFFICIENT = "insufficient"
    NOT_DONE = "not_done"
    NOT_APPLICABLE = "not_applicable"
    UNMARKED = "unmarked"
    INVALID = "invalid"

    @property
    def relevant(self) -> bool:
        """Counts towards M, the number of relevant cases."""
        return self in _RELEVANT


_RELEVANT = frozenset({Judgement.SUFFICIENT, Judgement.INSUFFICIENT, Judgement.NOT_DONE})

_SPELLINGS: dict[Judgement, tuple[str, ...]] = {
    Judgement.SUFFICIENT: ("Yes", "Y", "Sufficient", "1", "TRUE"),
    Judgement.INSUFFICIENT: ("No", "N", "Insufficient", "0", "FALSE"),
    Judgement.NOT_DONE: ("Not done", "Not reviewed", "Missing"),
    Judgement.NOT_APPLICABLE: ("N/A", "NA", "Not applicable", "n.a."),
}

_BY_SPELLING: dict[str, Judgement] = {
    spelling.casefold(): judgement
    for judgement, spellings in _SPELLINGS.items()
    for spelling in spellings
}

# The spellings a "did you mean" hint may suggest, keyed by their folded form. One- and
# two-letter spellings and digits are close to far too much to make useful hints.
_HINTS: dict[str, str] = {
    spelling.casefold(): spelling
    for spellings in _SPELLINGS.values()
    for spelling in spellings
    if len(spelling) > 2
}

ACCEPTED_VALUES = "Yes, No, Not done, N/A (also Y, N, Sufficient, Insufficient, 1, 0, NA...)"


# Invisible characters that arrive with text pasted from web pages and documents.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


# Headers repeat in every workbook of a batch: normalise each spelling once per process.
@functools.lru_cache(maxsize=4096)
def normalise_text(text: str) -> str:
    """Trim spaces (non-breaking ones too: str.split knows them), collapse runs, fold case.

    NFKC folds compatibility forms, so a full-width "Yes" typed with an East Asian input
    method reads as "Yes"; look-alike letters of other scripts (a Cyrillic "e") stay
    different, and so stay errors.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return " ".join(folded.split()).casefold()


# Longer than any accepted spelling with room for padding ("  Not applicable  ").
_LONGEST_MARK = 64


def judge(value: object) -> Judgement:
    """The judgement a cell holds; INVALID when it is none of the accepted values."""
    # Text is by far the commonest mark: test for it first.
    if type(value) is str:
        if len(value) > _LONGEST_MARK:
            # No accepted value is this long: a pasted note, or a hostile 50 MB cell, is
            # neither normalised nor kept in the cache below.
            return Judgement.UNMARKED if value.isspace() else Judgement.INVALID
        return _judge_text(value)
    if value is None:
        return Judgement.UNMARKED
    # bool is a subclass of int: test it first.
    if isinstance(value, bool):
        return Judgement.SUFFICIENT if value else Judgement.INSUFFICIENT
    if isinstance(value, int | float):
        if value == 1:
            return Judgement.SUFFICIENT
        if value == 0:
            return Judgement.INSUFFICIENT
        return Judgement.INVALID
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return Judgement.INVALID
    return _judge_text(str(value))


@functools.lru_cache(maxsize=4096)
def _judge_text(text: str) -> Judgement:
    # A workbook repeats a handful of spellings thousands of times: normalise each once.
    normalised = normalise_text(text)
    if not normalised:
        return Judgement.UNMARKED
    return _BY_SPELLING.get(normalised, Judgement.INVALID)


def suggest(value: object) -> str | None:
    """The accepted spelling a near miss was probably meant to be, e.g. 'Yse' -> 'Yes'."""
    # Only a value short enough to be a mark can be a near miss of one; difflib's cost
    # grows with the length (a 50 MB cell took 12 s).
    if not isinstance(value, str) or len(value) > _LONGEST_MARK:
        return None
    import difflib  # only a near miss needs it: kept off the start-up path

    matches = difflib.get_close_matches(normalise_text(value), _HINTS, n=1, cutoff=0.6)
    return _HINTS[matches[0]] if matches else None
