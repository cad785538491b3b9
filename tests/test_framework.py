"""sqs_cli.framework: the built-in framework, band edges, and validation errors that name
the key (docs/frameworks.md)."""

from __future__ import annotations

import copy
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from sqs_cli.framework import (
    DEFAULT_FRAMEWORK,
    Band,
    Framework,
    builtin_names,
    builtin_text,
    load_builtin,
    load_framework,
    parse_framework,
)
from sqs_cli.problems import Severity, SqsError

# The question IDs of the built-in sqs-2016 (`sqs framework show`), in order: the contract.
SPEC_QUESTIONS = [
    "1.1a", "1.1b", "1.2a", "1.2b", "1.2c", "1.2d", "1.3a", "1.3b", "1.3c",
    "2.1a", "2.1b", "2.2a", "2.2b", "2.2c", "2.3a",
    "3.1a", "3.1b", "3.2a", "3.2b", "3.3a", "3.3b",
    "4.1a", "4.1b", "4.1c", "4.2a", "4.2b", "4.3a", "4.3b",
    "5.1a", "5.1b",
]  # fmt: skip
SPEC_CRITERIA = [
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "5.1",
]  # fmt: skip
SPEC_THEMES = {
    "1": "Reducing reoffending",
    "2": "Protecting the public",
    "3": "Protecting the child or young person",
    "4": "Making sure the sentence is served",
    "5": "Operational management",
}

KeyPath = tuple[str | int, ...]
DELETE = object()


# --- A minimal valid framework, as data, written out as TOML ----------------------------


def minimal() -> dict[str, Any]:
    """A small valid framework; tests change one part of a fresh copy."""
    return {
        "id": "mini",
        "title": "Mini framework",
        "rating": {
            "aggregation": "lowest",
            "min_relevant": 2,
            "bands": [
                {"name": "High", "min": 0.75, "finding": "strength"},
                {"name": "Middle", "min": 0.5},
                {"name": "Low", "min": 0, "finding": "improvement"},
            ],
        },
        "themes": [
            {
                "id": "1",
                "title": "Theme one",
                "criteria": [
                    {
                        "id": "1.1",
                        "title": "Criterion one",
                        "questions": [
                            {"id": "q1", "text": "First question?"},
                            {"id": "q2", "text": "Second question?"},
                        ],
                    },
                    {
                        "id": "1.2",
                        "title": "Criterion two",
                        "questions": [{"id": "q3", "text": "Third question?"}],
                    },
                ],
            },
        ],
    }


def toml_value(value: object) -> str:
    """A value as TOML: arrays and inline tables, strings as (JSON-compatible) basic strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {value!r} as TOML")


def to_toml(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(key)} = {toml_value(value)}\n" for key, value in data.items())


def changed(path: KeyPath, value: object) -> dict[str, Any]:
    """A copy of the minimal framework with one key set (or removed, with DELETE)."""
    data = copy.deepcopy(minimal())
    *parents, last = path
    node: Any = data
    for step in parents:
        node = node[step]
    if value is DELETE:
        del node[last]
    else:
        node[last] = value
    return data


def parse_error(data: dict[str, Any] | str, source: str = "test.toml") -> SqsError:
    text = data if isinstance(data, str) else to_toml(data)
    with pytest.raises(SqsError) as caught:
        parse_framework(text, source=source)
    return caught.value


def names_key(message: str, key: str) -> bool:
    """Whether the message names exactly this key (not a longer or shorter one)."""
    return re.search(rf"(?<![\w.\[\]]){re.escape(key)}(?![\w.\[])", message) is not None


# --- The helpers themselves ---------------------------------------------------------------


def test_minimal_framework_parses() -> None:
    framework = parse_framework(to_toml(minimal()), source="test.toml")
    assert framework.id == "mini"
    assert framework.title == "Mini framework"
    assert [theme.id for theme in framework.themes] == ["1"]
    assert [criterion.id for criterion in framework.criteria] == ["1.1", "1.2"]
    assert [(q.id, q.text, q.criterion_id) for q in framework.questions] == [
        ("q1", "First question?", "1.1"),
        ("q2", "Second question?", "1.1"),
        ("q3", "Third question?", "1.2"),
    ]
    assert framework.rating.aggregation == "lowest"
    assert framework.rating.min_relevant == 2
    assert framework.rating.bands == (
        Band("High", Fraction(3, 4), "strength"),
        Band("Middle", Fraction(1, 2), None),
        Band("Low", Fraction(0), "improvement"),
    )


@pytest.mark.parametrize(
    "key",
    [
        ("id",),
        ("title",),
        ("themes", 0, "id"),
        ("themes", 0, "criteria", 1, "title"),
        ("themes", 0, "criteria", 0, "questions", 1, "text"),
    ],
)
def test_text_values_are_trimmed(key: KeyPath) -> None:
    data = minimal()
    node: Any = data
    for step in key[:-1]:
        node = node[step]
    original = node[key[-1]]
    framework = parse_framework(to_toml(changed(key, f"  {original}\t")), source="t")
    reparsed = parse_framework(to_toml(data), source="t")
    assert framework.themes == reparsed.themes
    assert (framework.id, framework.title) == (reparsed.id, reparsed.title)


def test_rating_defaults_to_lowest_and_min_relevant_5() -> None:
    data = minimal()
    del data["rating"]["aggregation"]
    del data["rating"]["min_relevant"]
    rating = parse_framework(to_toml(data), source="t").rating
    assert rating.aggregation == "lowest"
    assert rating.min_relevant == 5


def test_without_a_rating_table_the_default_policy_applies() -> None:
    data = minimal()
    del data["rating"]
    rating = parse_framework(to_toml(data), source="t").rating
    assert rating == load_builtin().rating
    assert [(band.name, band.minimum, band.finding) for band in rating.bands] == [
        ("Outstanding", Fraction(4, 5), "strength"),
        ("Good", Fraction(13, 20), None),
        ("Requires improvement", Fraction(1, 2), "improvement"),
        ("Inadequate", Fraction(0), "improvement"),
    ]


def test_pooled_aggregation_is_accepted() -> None:
    data = changed(("rating", "aggregation"), "pooled")
    assert parse_framework(to_toml(data), source="t").rating.aggregation == "pooled"


def test_band_minimum_is_the_exact_decimal_written() -> None:
    # 0.65 as a float is 0.65000000000000002220...; the band must mean 13/20 exactly.
    data = changed(("rating", "bands", 1, "min"), 0.65)
    bands = parse_framework(to_toml(data), source="t").rating.bands
    assert bands[1].minimum == Fraction(13, 20)
    assert isinstance(bands[1].minimum, Fraction)


# --- The built-in framework ---------------------------------------------------------------


def test_builtin_names() -> None:
    assert DEFAULT_FRAMEWORK == "sqs-2016"
    assert "sqs-2016" in builtin_names()


def test_builtin_structure_matches_spec() -> None:
    framework = load_builtin()
    assert framework.id == "sqs-2016"
    assert len(framework.themes) == 5
    assert {theme.id: theme.title for theme in framework.themes} == SPEC_THEMES
    assert [criterion.id for criterion in framework.criteria] == SPEC_CRITERIA
    assert len(list(framework.criteria)) == 13
    assert [question.id for question in framework.questions] == SPEC_QUESTIONS
    assert len(list(framework.questions)) == 30


def test_builtin_questions_sit_under_their_criteria_and_themes() -> None:
    framework = load_builtin()
    for theme in framework.themes:
        for criterion in theme.criteria:
            assert criterion.theme_id == theme.id
            assert criterion.id.split(".")[0] == theme.id
            for question in criterion.questions:
                assert question.criterion_id == criterion.id
                assert question.id[:-1] == criterion.id
                assert question.text.strip()


def test_builtin_criterion_titles() -> None:
    titles = {criterion.id: criterion.title for criterion in load_builtin().criteria}
    assert titles["1.1"] == "Assessment of offending factors"
    assert titles["2.3"] == "Protecting victims"
    assert titles["4.3"] == "Compliance and enforcement"
    assert titles["5.1"] == "Management oversight"


def test_builtin_default_policy() -> None:
    policy = load_builtin().rating
    assert policy.aggregation == "lowest"
    assert policy.min_relevant == 5
    assert policy.bands == (
        Band("Outstanding", Fraction(4, 5), "strength"),
        Band("Good", Fraction(13, 20), None),
        Band("Requires improvement", Fraction(1, 2), "improvement"),
        Band("Inadequate", Fraction(0), "improvement"),
    )


def test_question_index_is_case_insensitive() -> None:
    framework = load_builtin()
    index = framework.question_index()
    assert len(index) == 30
    assert index["1.1a"].id == "1.1a"
    assert index["2.3A".casefold()].criterion_id == "2.3"


TINY = Fraction(1, 10**9)


@pytest.mark.parametrize(
    ("proportion", "band"),
    [
        (Fraction(1), "Outstanding"),
        (Fraction(4, 5), "Outstanding"),
        (Fraction(16, 20), "Outstanding"),
        (Fraction(4, 5) - TINY, "Good"),
        (Fraction(79, 100), "Good"),
        (Fraction(13, 20), "Good"),
        (Fraction(13, 20) - TINY, "Requires improvement"),
        (Fraction(64, 100), "Requires improvement"),
        (Fraction(1, 2), "Requires improvement"),
        (Fraction(10, 20), "Requires improvement"),
        (Fraction(1, 2) - TINY, "Inadequate"),
        (Fraction(9, 20), "Inadequate"),
        (Fraction(0), "Inadequate"),
    ],
    ids=str,
)
def test_band_for_at_and_just_below_each_edge(proportion: Fraction, band: str) -> None:
    assert load_builtin().rating.band_for(proportion).name == band


# --- Validation errors name the key --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        # Missing or wrong structure.
        (("themes",), DELETE, "themes"),
        (("themes",), [], "themes"),
        (("themes",), "all of them", "themes"),
        (("id",), DELETE, "id"),
        (("title",), DELETE, "title"),
        (("title",), "   ", "title"),
        (("themes", 0, "criteria"), DELETE, "themes[0].criteria"),
        (("themes", 0, "criteria", 1, "questions"), [], "themes[0].criteria[1].questions"),
        (
            ("themes", 0, "criteria", 0, "questions", 0, "text"),
            DELETE,
            "themes[0].criteria[0].questions[0].text",
        ),
        (("themes", 0, "criteria", 0, "questions", 1), "q2", "themes[0].criteria[0].questions[1]"),
        # Unknown keys, at the top and deep inside.
        (("colour",), "blue", "colour"),
        (
            ("themes", 0, "criteria", 0, "questions", 1, "txt"),
            "Typo?",
            "themes[0].criteria[0].questions[1].txt",
        ),
        (("themes", 0, "criteria", 1, "weight"), 2, "themes[0].criteria[1].weight"),
        (("rating", "threshold"), 0.5, "rating.threshold"),
        (("rating", "bands", 2, "colour"), "red", "rating.bands[2].colour"),
        # Question IDs.
        (
            ("themes", 0, "criteria", 0, "questions", 1, "id"),
            "q1",
            "themes[0].criteria[0].questions[1].id",
        ),
        (
            ("themes", 0, "criteria", 0, "questions", 1, "id"),
            "Q1",
            "themes[0].criteria[0].questions[1].id",
        ),
        (
            ("themes", 0, "criteria", 1, "questions", 0, "id"),
            "q2",
            "themes[0].criteria[1].questions[0].id",
        ),
        (
            ("themes", 0, "criteria", 0, "questions", 0, "id"),
            "q 1",
            "themes[0].criteria[0].questions[0].id",
        ),
        (
            ("themes", 0, "criteria", 0, "questions", 0, "id"),
            "",
            "themes[0].criteria[0].questions[0].id",
        ),
        (
            ("themes", 0, "criteria", 0, "questions", 0, "id"),
            11,
            "themes[0].criteria[0].questions[0].id",
        ),
        (("themes", 0, "criteria", 1, "id"), "1.1", "themes[0].criteria[1].id"),
        (("themes", 0, "id"), "theme 1", "themes[0].id"),
        # Rating policy.
        (("rating", "aggregation"), "mean", "rating.aggregation"),
        (("rating", "aggregation"), "Lowest", "rating.aggregation"),
        (("rating", "min_relevant"), 0, "rating.min_relevant"),
        (("rating", "min_relevant"), -1, "rating.min_relevant"),
        (("rating", "min_relevant"), 2.0, "rating.min_relevant"),
        (("rating", "min_relevant"), 2.5, "rating.min_relevant"),
        (("rating", "min_relevant"), "5", "rating.min_relevant"),
        (("rating", "min_relevant"), True, "rating.min_relevant"),
        (("rating", "bands"), [], "rating.bands"),
        (("rating", "bands", 1, "min"), 0.8, "rating.bands[1].min"),
        (("rating", "bands", 1, "min"), 0.75, "rating.bands[1].min"),
        (("rating", "bands", 2, "min"), 0.1, "rating.bands[2].min"),
        (("rating", "bands", 0, "min"), 1.5, "rating.bands[0].min"),
        (("rating", "bands", 2, "min"), -0.1, "rating.bands[2].min"),
        (("rating", "bands", 0, "min"), "80%", "rating.bands[0].min"),
        (("rating", "bands", 0, "min"), True, "rating.bands[0].min"),
        (("rating", "bands", 0, "min"), DELETE, "rating.bands[0].min"),
        (("rating", "bands", 0, "name"), DELETE, "rating.bands[0].name"),
        (("rating", "bands", 0, "finding"), "weakness", "rating.bands[0].finding"),
        (("rating", "bands", 2, "finding"), "Improvement", "rating.bands[2].finding"),
    ],
)
def test_invalid_framework_error_names_the_key(path: KeyPath, value: object, key: str) -> None:
    error = parse_error(changed(path, value), source="mine.toml")
    assert error.problem.code == "invalid-framework"
    assert error.problem.severity is Severity.ERROR
    assert error.problem.file == "mine.toml"
    assert names_key(error.problem.message, key), error.problem.message
    assert str(error) == error.problem.message


def test_names_key_needs_the_whole_key() -> None:
    # The check the tests above rely on: a longer or shorter key does not count.
    assert names_key("themes[0].id: 'a b' must not contain spaces", "themes[0].id")
    assert not names_key("themes[0].id: 'a b' must not contain spaces", "id")
    assert not names_key("themes[0].id: 'a b' must not contain spaces", "themes")
    assert not names_key(".id: must not contain spaces", "id")


def test_top_level_id_with_a_space_names_the_key_id() -> None:
    error = parse_error(changed(("id",), "my framework"))
    assert error.problem.code == "invalid-framework"
    assert names_key(error.problem.message, "id"), error.problem.message


def test_invalid_toml_says_so_and_where() -> None:
    error = parse_error('id = "mini"\ntitle = "Mini"\nthemes = [}\n', source="broken.toml")
    assert error.problem.code == "invalid-framework"
    assert error.problem.file == "broken.toml"
    assert "TOML" in error.problem.message
    assert "line 3" in error.problem.message


def test_duplicate_toml_key_is_invalid_toml() -> None:
    error = parse_error('id = "a"\nid = "b"\n')
    assert error.problem.code == "invalid-framework"
    assert "TOML" in error.problem.message


def test_load_framework_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(SqsError) as caught:
        load_framework(path)
    assert caught.value.problem.code == "invalid-framework"
    assert caught.value.problem.file == str(path)
    assert "not found" in caught.value.problem.message


def test_load_framework_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(to_toml(minimal()).replace("Mini framework", "Caf\xe9").encode("latin-1"))
    with pytest.raises(SqsError) as caught:
        load_framework(path)
    assert caught.value.problem.code == "invalid-framework"
    assert caught.value.problem.file == str(path)


def test_load_framework_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(to_toml(changed(("rating", "aggregation"), "mean")), encoding="utf-8")
    with pytest.raises(SqsError) as caught:
        load_framework(path)
    assert caught.value.problem.file == str(path)
    assert names_key(caught.value.problem.message, "rating.aggregation")


def test_unknown_builtin_name() -> None:
    with pytest.raises(SqsError) as caught:
        builtin_text("sqs-1999")
    assert caught.value.problem.code == "invalid-framework"
    assert "sqs-1999" in caught.value.problem.message


def test_builtin_round_trips_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(builtin_text("sqs-2016"), encoding="utf-8")
    loaded: Framework = load_framework(path)
    builtin = load_builtin("sqs-2016")
    assert loaded.id == builtin.id
    assert loaded.title == builtin.title
    assert loaded.themes == builtin.themes
    assert list(loaded.questions) == list(builtin.questions)
    assert loaded.rating == builtin.rating
    assert loaded.source_text == builtin.source_text


def test_band_of_integers_is_band_for_the_fraction() -> None:
    from fractions import Fraction

    policy = load_builtin().rating
    for relevant in range(1, 61):
        for sufficient in range(relevant + 1):
            assert policy.band_of(sufficient, relevant) == policy.band_for(
                Fraction(sufficient, relevant)
            ), (sufficient, relevant)
