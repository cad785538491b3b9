"""Figures in words, as inspection reports write them.

The reference report turns 18 sufficient of 20 into "in 18 out of 20 cases", 11 of 12
into "in all but one relevant case", 5 of 10 into "in half of the cases", and 3 of 4
into "in three out of four relevant cases": small numbers in words, larger ones in
figures, and the failures told instead ("7 out of 19 ... were judged to be
insufficient") where they are the news. Pure functions, tested on a table of cases.
"""

from __future__ import annotations

from typing import Literal

Side = Literal["sufficient", "insufficient"]

_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# Reports spell numbers out when the whole is small ("three out of four", "four out of
# ten") and use figures above that ("9 out of 12", "16 out of 19").
WORDS_UP_TO = 10
HALF_FROM = 6
ALL_BUT_ONE_FROM = 5


def number(value: int, whole: int) -> str:
    """A count as the report would write it, given the whole it is out of: in words when
    the whole is ten or less, so that one sentence never mixes "three" and "12"."""
    if whole <= WORDS_UP_TO and 0 < value <= WORDS_UP_TO:
        return _WORDS[value]
    return str(value)


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


_PLURALS = {"criterion": "criteria", "is": "are", "was": "were", "has": "have"}


def plural(noun: str, count: int) -> str:
    """The noun (or verb) that agrees with count: `case` for 1, `cases` for 0 and 2."""
    if count == 1:
        return noun
    if " " in noun:  # `case row`: the last word takes the plural
        head, last = noun.rsplit(" ", 1)
        return f"{head} {plural(last, count)}"
    return _PLURALS.get(noun, f"{noun}s")


def counted(count: int, noun: str) -> str:
    """`1 warning`, `2 warnings`, `0 errors`: a count and its noun, always in agreement."""
    return f"{count} {plural(noun, count)}"


def cases_phrase(
    count: int,
    relevant: int,
    *,
    all_cases_relevant: bool = False,
) -> str:
    """`in 18 out of 20 cases`: where the statement held, as a prepositional phrase.

    all_cases_relevant says every case in the sample was relevant, so "relevant" is
    left out ("in 18 out of 20 cases" rather than "... relevant cases"). Every number
    in the phrase is in words, or every one in figures, by the size of the whole.
    """
    if not 0 <= count <= relevant or relevant == 0:
        raise ValueError(f"{count} out of {relevant} is not a figure to put in words")
    kind = "" if all_cases_relevant else "relevant "
    whole = number(relevant, relevant)
    if relevant == 1:
        return f"in the one {kind}case" if count else "in no case"
    if relevant == 2 and count in (0, 2):
        return f"in both {kind}cases" if count else f"in neither of the two {kind}cases"
    if count == relevant:
        return f"in all {whole} {kind}cases"
    if count == 0:
        return f"in none of the {whole} {kind}cases"
    # With a handful of cases the plain figure reads better: "three out of four", not
    # "all but one of the four"; "two out of four", not "half of the four".
    if relevant >= HALF_FROM and count * 2 == relevant:
        return f"in half of the {whole} {kind}cases"
    if relevant >= ALL_BUT_ONE_FROM and count == relevant - 1:
        return f"in all but one of the {whole} {kind}cases"
    return f"in {number(count, relevant)} out of {whole} {kind}cases"


def count_phrase(count: int, relevant: int) -> str:
    """`7 out of 19` or `four out of ten`: a count as the subject of a sentence."""
    if relevant == count and relevant > 2:
        return f"all {number(relevant, relevant)}"
    if count == 0:
        return "none"
    return f"{number(count, relevant)} out of {number(relevant, relevant)}"


def figure_sentence(
    statement: str,
    sufficient: int,
    relevant: int,
    *,
    side: Side = "sufficient",
    all_cases_relevant: bool = False,
) -> str:
    """One sentence for a question's figure, telling the side that is the news.

    "The plan was sufficient in 9 out of 12 relevant cases." or, telling the failures,
    "The plan was sufficient in 9 out of 12 relevant cases; 3 out of 12 were judged to be
    insufficient." Where no case was sufficient the phrase says so, and the failures
    need no telling twice; where the one relevant case failed, the sentence says which.
    """
    sentence = sentence_start(statement)
    sentence += " " + cases_phrase(sufficient, relevant, all_cases_relevant=all_cases_relevant)
    failed = relevant - sufficient
    if relevant == 1 and failed:
        kind = "" if all_cases_relevant else "relevant "
        sentence += f": the one {kind}case was judged to be insufficient"
    elif side == "insufficient" and failed and sufficient:
        verb = plural("was", failed)
        sentence += f"; {count_phrase(failed, relevant)} {verb} judged to be insufficient"
    return sentence + "."


def not_done_sentence(not_done: int, failed: int) -> str:
    """Which of the cases that fell short had not been done at all: the not-done count is
    a part of the failures, never of the cases that were sufficient."""
    if not 0 < not_done <= failed:
        raise ValueError(f"{not_done} not done of {failed} failures is not a figure")
    if failed == 1:
        where = "In the one case that fell short"
    elif not_done == failed == 2:
        where = "In both cases that fell short"
    elif not_done == failed:
        where = f"In all {number(failed, failed)} cases that fell short"
    else:
        where = (
            f"In {number(not_done, failed)} of the {number(failed, failed)} cases that fell short"
        )
    return f"{where}, the work had not been done at all."


def gaps_sentence(unmarked: int, invalid: int) -> str | None:
    """A question's cells that are in neither N nor M for want of a mark sqs can read: said
    so, never left for a reader to take as cases that were not relevant."""
    parts = []
    if unmarked:
        parts.append(
            f"{number(unmarked, unmarked)} {plural('case', unmarked)} "
            f"{plural('was', unmarked)} not marked"
        )
    if invalid:
        parts.append(f"{number(invalid, invalid)} {plural('mark', invalid)} could not be read")
    if not parts:
        return None
    pronoun = "it is" if unmarked + invalid == 1 else "they are"
    return sentence_start(
        f"for this question, {' and '.join(parts)}; {pronoun} left out of these figures."
    )
