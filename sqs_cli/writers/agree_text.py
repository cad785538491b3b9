"""`sqs agree`'s figures and words, shared by its writers: one rule for each."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import PurePath

from sqs_cli.agreement import Agreement, Figures, QuestionAgreement
from sqs_cli.figures import interval_range, percent
from sqs_cli.judgements import Judgement
from sqs_cli.kappa import Coefficient
from sqs_cli.safe_text import one_line
from sqs_cli.wording import counted

JUDGEMENT_WORDS = {
    Judgement.SUFFICIENT: "Yes",
    Judgement.INSUFFICIENT: "No",
    Judgement.NOT_DONE: "Not done",
    Judgement.NOT_APPLICABLE: "N/A",
    Judgement.UNMARKED: "(empty)",
    Judgement.INVALID: "(invalid)",
}
KAPPA_NAMES = {"cohen": "Cohen's kappa", "fleiss": "Fleiss' kappa"}


def judgement_text(judgement: Judgement | None) -> str:
    return "(no row)" if judgement is None else JUDGEMENT_WORDS[judgement]


def decimal(value: Fraction | float) -> str:
    """Two decimal places, rounded half up on the exact value: 0.605 is 0.61."""
    hundredths = math.floor(Fraction(value) * 100 + Fraction(1, 2))
    sign = "-" if hundredths < 0 else ""
    whole, rest = divmod(abs(hundredths), 100)
    return f"{sign}{whole}.{rest:02d}"


def coefficient_text(coefficient: Coefficient) -> str:
    """`0.48 (0.21 to 0.75), moderate`; why there is none where it is not defined."""
    if coefficient.value is None:
        return "not defined: one judgement throughout" if coefficient.observed else "-"
    text = decimal(coefficient.value)
    if coefficient.standard_error == 0:
        # A standard error of 0 claims a certainty no sample gives: it comes of every case
        # agreeing, or of marks too uniform to estimate it (one marker's judgement the same
        # throughout, with the others differing).
        agreed = coefficient.observed == 1
        text += " (all agree)" if agreed else " (no interval: too little variety in the marks)"
    elif coefficient.interval is not None:
        text += f" ({decimal(coefficient.interval.low)} to {decimal(coefficient.interval.high)})"
    return f"{text}, {coefficient.band}"


def agreement_text(figures: Figures) -> str:
    """`18 of 20 (90%, 95% interval 70 to 97%)`."""
    if not figures.compared:
        return "no case to compare"
    return (
        f"{figures.agreeing} of {figures.compared} ({percent(figures.percent)}, "
        f"95% interval {interval_range(figures.interval)})"
    )


def marker_name(agreement: Agreement, index: int) -> str:
    """A marker's workbook by its file name, or its path where two share a name."""
    names = [PurePath(marker.source).name for marker in agreement.markers]
    source = agreement.markers[index].source
    return one_line(names[index] if names.count(names[index]) == 1 else source)


def compared_on(agreement: Agreement) -> str:
    if agreement.binary:
        return "sufficient, or not (--binary)"
    return "the four judgements: Yes, No, Not done, N/A"


def question_note(question: QuestionAgreement, agreement: Agreement) -> str:
    """Why a question has no figures, or what was left out of them."""
    if question.figures is None:
        missing = [
            marker_name(agreement, index)
            for index, marked in enumerate(question.marked_by)
            if not marked
        ]
        return f"not marked in {', '.join(missing)}"
    if question.figures.left_out:
        return f"{counted(question.figures.left_out, 'case')} left out (empty or invalid)"
    return ""


def partial_case_text(agreement: Agreement, present: tuple[bool, ...]) -> str:
    names = [marker_name(agreement, index) for index, found in enumerate(present) if found]
    return "only in " + ", ".join(names)
