"""What an inspector's mark means (the README's "Judgements"), and the "did you mean" hint
for a near miss."""

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

# Every spelling by its folded form, in the order above: the first is the one a hint gives.
_ALL_SPELLINGS: dict[str, str] = {
    spelling.casefold(): spelling for spellings in _SPELLINGS.values() for spelling in spellings
}
# The spellings a looser "did you mean" (two edits or more) may suggest: one- and
# two-letter spellings and digits are close to far too much to make useful hints.
_HINTS: dict[str, str] = {
    folded: spelling for folded, spelling in _ALL_SPELLINGS.items() if len(spelling) > 2
}
# No near miss is longer than this: the longest spelling is 14 characters. A longer value
# gets no hint, so that a cell holding a whole document costs nothing to explain.
HINT_MAX_LENGTH = 40
# Longer text (spaces trimmed) is no judgement, whatever else it holds: it is not
# normalised, and not kept in the cache of spellings.
_JUDGE_MAX_LENGTH = 1_000

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


def judge(value: object) -> Judgement:
    """The judgement a cell holds; INVALID when it is none of the accepted values."""
    # Text is by far the commonest mark: test for it first.
    if type(value) is str:
        if len(value) > _JUDGE_MAX_LENGTH:
            # No accepted value is this long, padding aside: a pasted note, or a hostile
            # 50 MB cell, is neither normalised nor kept in the cache below.
            stripped = value.strip()
            if not stripped:
                return Judgement.UNMARKED
            if len(stripped) > _JUDGE_MAX_LENGTH:
                return Judgement.INVALID
            value = stripped
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


def within_one_edit(first: str, second: str) -> bool:
    """Whether one insertion, deletion, substitution or swap of neighbours turns first into
    second (the Damerau-Levenshtein distance is at most 1): `Noo`, `Yse`, `Yess`, `Yea`."""
    if first == second:
        return True
    if abs(len(first) - len(second)) > 1:
        return False
    index = next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )
    if len(first) > len(second):
        return first[index + 1 :] == second[index:]
    if len(first) < len(second):
        return first[index:] == second[index + 1 :]
    if first[index + 1 :] == second[index + 1 :]:
        return True
    return (
        first[index : index + 2] == second[index : index + 2][::-1]
        and first[index + 2 :] == second[index + 2 :]
    )


def suggest(value: object) -> str | None:
    """The accepted spelling a near miss was probably meant to be, e.g. 'Yse' -> 'Yes'.

    Every value one edit from a spelling gets a hint, doubled letters included (`Noo`),
    unless it is one edit from spellings of different judgements (`x` is as close to `Y`
    as to `N`). Further off, a close match among the longer spellings. Only short values
    are looked at (HINT_MAX_LENGTH).
    """
    if not isinstance(value, str) or len(value) > HINT_MAX_LENGTH:
        return None
    folded = normalise_text(value)
    if not folded:
        return None
    near = [spelling for key, spelling in _ALL_SPELLINGS.items() if within_one_edit(folded, key)]
    if near:
        meanings = {_BY_SPELLING[spelling.casefold()] for spelling in near}
        return near[0] if len(meanings) == 1 else None
    import difflib  # only a near miss needs it: kept off the start-up path

    matches = difflib.get_close_matches(folded, _HINTS, n=1, cutoff=0.6)
    return _HINTS[matches[0]] if matches else None
