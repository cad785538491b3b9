"""sqs agree's writers: figures in words, and workbook text made inert."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sqs_cli.agreement import Marker, MarkerMarks, agree
from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement
from sqs_cli.kappa import Coefficient
from sqs_cli.statistics import Interval
from sqs_cli.writers import OutputOptions, render
from sqs_cli.writers.agree_text import coefficient_text, decimal


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(605, 1000), "0.61"),
        (Fraction(-1, 19), "-0.05"),
        (Fraction(1), "1.00"),
        (0.4842, "0.48"),
    ],
)
def test_two_places_rounded_half_up_on_the_exact_value(value: Fraction | float, text: str) -> None:
    assert decimal(value) == text


def test_coefficients_in_words() -> None:
    assert coefficient_text(Coefficient(Fraction(1, 2), 0.1, Interval(0.3, 0.7))) == (
        "0.50 (0.30 to 0.70), moderate"
    )
    every_case_agreed = Coefficient(Fraction(1), 0.0, None, observed=Fraction(1))
    assert coefficient_text(every_case_agreed) == "1.00 (all agree), almost perfect"
    assert coefficient_text(Coefficient(None, observed=Fraction(1))) == (
        "not defined: one judgement throughout"
    )


def test_a_standard_error_of_0_says_all_agree_only_where_all_agree() -> None:
    """One marker says Yes on all 11 cases, the other No on 2 of them: Cohen's kappa is 0
    and its standard error 0, yet the markers differ on 2 cases."""
    from sqs_cli.kappa import cohen_kappa, contingency

    first = ["Yes"] * 11
    second = ["Yes"] * 9 + ["No"] * 2
    kappa = cohen_kappa(contingency(list(zip(first, second, strict=True)), ("Yes", "No")))
    assert (kappa.value, kappa.standard_error, kappa.observed) == (0, 0, Fraction(9, 11))
    assert coefficient_text(kappa) == "0.00 (no interval: too little variety in the marks), slight"


def test_markdown_makes_case_ids_inert(framework: Framework) -> None:
    hostile = "C1 | <b>x</b> [y](http://127.0.0.1/)"
    first = MarkerMarks(
        Marker("a.xlsx", 1), {hostile: {"1.1a": Judgement.SUFFICIENT}}, frozenset({"1.1a"})
    )
    second = MarkerMarks(
        Marker("b.xlsx", 1), {hostile: {"1.1a": Judgement.INSUFFICIENT}}, frozenset({"1.1a"})
    )
    text = render("markdown", agree([first, second], framework), OutputOptions(), command="agree")
    assert isinstance(text, str)
    # Pipes, tags, link brackets and the URL's colon all written inert.
    assert (
        "| C1 \\| &lt;b&gt;x&lt;/b&gt; \\[y\\](http&#58;//127.0.0.1/) | 1.1a | Yes | No |" in text
    )
