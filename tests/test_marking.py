"""sqs_cli.marking: the plain data the reader hands to the scoring core."""

from __future__ import annotations

import pickle
from collections import Counter

import pytest

from sqs_cli.judgements import Judgement
from sqs_cli.marking import Marking


def marking() -> Marking:
    return Marking(
        file="audit.xlsx",
        sheet="Cases",
        layout="wide",
        case_ids=("C1", "C2", "C3"),
        tallies={"1.1a": Counter({Judgement.SUFFICIENT: 3}), "2.1a": Counter()},
        inspection={"Area": "Northbridge"},
        descriptive_columns={
            "Inspector": ("AB", "  ", "CD"),
            "Comments": (None, "a note", ""),
            "Age": (15, 0, 16.0),
        },
    )


def test_questions_are_every_question_with_a_tally_even_an_empty_one() -> None:
    assert marking().questions == frozenset({"1.1a", "2.1a"})


def test_case_attributes_leave_out_blanks_and_keep_zero() -> None:
    assert marking().case_attributes("C1") == {"Inspector": "AB", "Age": 15}
    assert marking().case_attributes("C2") == {"Comments": "a note", "Age": 0}
    assert marking().case_attributes("C3") == {"Inspector": "CD", "Age": 16.0}


def test_case_attributes_of_an_unknown_case() -> None:
    with pytest.raises(ValueError):
        marking().case_attributes("C9")


def test_a_marking_survives_pickling_to_a_worker_process() -> None:
    original = marking()
    assert pickle.loads(pickle.dumps(original)) == original
