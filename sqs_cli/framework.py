"""Frameworks are data: themes hold criteria, criteria hold questions, plus a rating policy.

The built-in frameworks are TOML files shipped in `sqs_cli/frameworks/`; users pass
their own with `--framework FILE.toml`. Every file is validated on load, and every
error names the key at fault (`themes[2].criteria[0].questions[1].id`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, NamedTuple

from sqs_cli.problems import SqsError
from sqs_cli.settings import DEFAULT_FRAMEWORK

Aggregation = Literal["lowest", "pooled"]
Finding = Literal["strength", "improvement"]


class Band(NamedTuple):
    name: str
    minimum: Fraction
    finding: Finding | None = None


class RatingPolicy(NamedTuple):
    aggregation: Aggregation
    min_relevant: int
    bands: tuple[Band, ...]

    @property
    def float_minimums(self) -> tuple[float, ...]:
        """The bands' minimums as floats, best band first, for comparing float bounds."""
        return tuple(float(band.minimum) for band in self.bands)

    def band_of(self, sufficient: int, relevant: int) -> Band:
        """band_for(sufficient / relevant), in integers: N/M >= a/b is N x b >= a x M."""
        for band in self.bands:
            minimum = band.minimum
            if sufficient * minimum.denominator >= minimum.numerator * relevant:
                return band
        raise AssertionError(f"no band for {sufficient}/{relevant}")  # pragma: no cover

    def band_for(self, proportion: Fraction) -> Band:
        for band in self.bands:
            if proportion >= band.minimum:
                return band
        # Validation makes the last band's minimum 0, so every proportion has a band.
        raise AssertionError(f"no band for {proportion}")  # pragma: no cover


# The README's bands ("Ratings"), for a framework file that leaves them out.
DEFAULT_BANDS = (
    Band("Outstanding", Fraction(80, 100), "strength"),
    Band("Good", Fraction(65, 100)),
    Band("Requires improvement", Fraction(50, 100), "improvement"),
    Band("Inadequate", Fraction(0), "improvement"),
)


class Question(NamedTuple):
    id: str
    text: str
    criterion_id: str
    # What a Yes means, as a clause for a drafted report: "the plan was sufficient".
    statement: str | None = None


class Criterion(NamedTuple):
    id: str
    title: str
    theme_id: str
    questions: tuple[Question, ...]


class Theme(NamedTuple):
    id: str
    title: str
    criteria: tuple[Criterion, ...]


class Framework(NamedTuple):
    id: str
    title: str
    rating: RatingPolicy
    themes: tuple[Theme, ...]
    source_text: str

    @property
    def criteria(self) -> Iterator[Criterion]:
        for theme in self.themes:
            yield from theme.criteria

    @property
    def questions(self) -> Iterator[Question]:
        for criterion in self.criteria:
            yield from criterion.questions

    def question_index(self) -> dict[str, Question]:
        """Questions by case-folded ID, for matching workbook headers."""
        return {question.id.casefold(): question for question in self.questions}


def _frameworks_folder() -> Path:
    # The package is installed as files (pip never installs it zipped), so its own path
    # serves; importlib.resources would import tempfile and random on every start, 4 ms.
    return Path(__file__).with_name("frameworks")


def builtin_names() -> list[str]:
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in _frameworks_folder().iterdir()
        if entry.name.endswith(".toml")
    )


def builtin_text(name: str) -> str:
    if name not in builtin_names():
        raise SqsError.of(
            "invalid-framework",
            f"no built-in framework {name!r}; built-in: {', '.join(builtin_names())}",
            file=name,
        )
    return _frameworks_folder().joinpath(f"{name}.toml").read_text("utf-8")


def load_builtin(name: str = DEFAULT_FRAMEWORK) -> Framework:
    return parse_framework(builtin_text(name), source=f"<built-in {name}>")


def load_framework(path: Path) -> Framework:
    """A framework from a TOML file, validated; SqsError naming the key if it is not valid."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SqsError.of("invalid-framework", "framework file not found", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SqsError.of(
            "invalid-framework", f"cannot read framework file: {error}", file=str(path)
        ) from None
    return parse_framework(text, source=str(path))


def parse_framework(text: str, *, source: str) -> Framework:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SqsError.of("invalid-framework", f"not valid TOML: {error}", file=source) from None
    return _FrameworkReader(source).framework(data, text)


class _SeenIds:
    def __init__(self) -> None:
        self.themes: set[str] = set()
        self.criteria: set[str] = set()
        self.questions: set[str] = set()


class _FrameworkReader:
    """Turns parsed TOML into a Framework, naming the key of the first thing wrong."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, message: str) -> SqsError:
        return SqsError.of("invalid-framework", f"{key}: {message}", file=self.source)

    def table(self, data: object, key: str, allowed: set[str]) -> Mapping[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(key, "must be a table")
        for name in data:
            if name not in allowed:
                expected = ", ".join(sorted(allowed))
                raise self.fail(
                    f"{key}.{name}" if key else name, f"unknown key (expected {expected})"
                )
        return data

    def text(self, data: Mapping[str, Any], key: str, name: str) -> str:
        value = data.get(name)
        path = f"{key}.{name}" if key else name
        if value is None:
            raise self.fail(path, "missing")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "must be non-empty text")
        return value.strip()

    def identifier(self, data: Mapping[str, Any], key: str, seen: set[str]) -> str:
        value = self.text(data, key, "id")
        path = f"{key}.id" if key else "id"
        if any(character.isspace() for character in value):
            raise self.fail(path, f"{value!r} must not contain spaces")
        if value.casefold() in seen:
            raise self.fail(path, f"{value!r} is used twice")
        seen.add(value.casefold())
        return value

    def array(self, data: Mapping[str, Any], key: str, name: str) -> list[Any]:
        value = data.get(name)
        path = f"{key}.{name}" if key else name
        if value is None:
            raise self.fail(path, "missing")
        if not isinstance(value, list) or not value:
            raise self.fail(path, "must be a non-empty array")
        return value

    def framework(self, data: dict[str, Any], source_text: str) -> Framework:
        top = self.table(data, "", {"id", "title", "rating", "themes"})
        seen = _SeenIds()
        themes = tuple(
            self.theme(entry, f"themes[{index}]", seen)
            for index, entry in enumerate(self.array(top, "", "themes"))
        )
        return Framework(
            id=self.identifier(top, "", set()),
            title=self.text(top, "", "title"),
            rating=self.rating(top.get("rating", {})),
            themes=themes,
            source_text=source_text,
        )

    def theme(self, data: object, key: str, seen: _SeenIds) -> Theme:
        entry = self.table(data, key, {"id", "title", "criteria"})
        theme_id = self.identifier(entry, key, seen.themes)
        criteria = tuple(
            self.criterion(item, f"{key}.criteria[{index}]", theme_id, seen)
            for index, item in enumerate(self.array(entry, key, "criteria"))
        )
        return Theme(id=theme_id, title=self.text(entry, key, "title"), criteria=criteria)

    def criterion(self, data: object, key: str, theme_id: str, seen: _SeenIds) -> Criterion:
        entry = self.table(data, key, {"id", "title", "questions"})
        criterion_id = self.identifier(entry, key, seen.criteria)
        questions = []
        for index, item in enumerate(self.array(entry, key, "questions")):
            question_key = f"{key}.questions[{index}]"
            question = self.table(item, question_key, {"id", "text", "statement"})
            questions.append(
                Question(
                    id=self.identifier(question, question_key, seen.questions),
                    text=self.text(question, question_key, "text"),
                    criterion_id=criterion_id,
                    statement=(
                        self.text(question, question_key, "statement")
                        if "statement" in question
                        else None
                    ),
                )
            )
        return Criterion(
            id=criterion_id,
            title=self.text(entry, key, "title"),
            theme_id=theme_id,
            questions=tuple(questions),
        )

    def rating(self, data: object) -> RatingPolicy:
        entry = self.table(data, "rating", {"aggregation", "min_relevant", "bands"})
        aggregation = entry.get("aggregation", "lowest")
        if aggregation not in ("lowest", "pooled"):
            raise self.fail("rating.aggregation", f"{aggregation!r} is not 'lowest' or 'pooled'")
        min_relevant = entry.get("min_relevant", 5)
        if isinstance(min_relevant, bool) or not isinstance(min_relevant, int) or min_relevant < 1:
            raise self.fail("rating.min_relevant", "must be a whole number of at least 1")
        if "bands" not in entry:
            return RatingPolicy(aggregation, min_relevant, DEFAULT_BANDS)
        bands = tuple(
            self.band(item, f"rating.bands[{index}]")
            for index, item in enumerate(self.array(entry, "rating", "bands"))
        )
        for index in range(1, len(bands)):
            if bands[index].minimum >= bands[index - 1].minimum:
                raise self.fail(
                    f"rating.bands[{index}].min", "bands must go from the highest min to the lowest"
                )
        if bands[-1].minimum != 0:
            raise self.fail(
                f"rating.bands[{len(bands) - 1}].min", "the last band must have min = 0"
            )
        return RatingPolicy(aggregation=aggregation, min_relevant=min_relevant, bands=bands)

    def band(self, data: object, key: str) -> Band:
        entry = self.table(data, key, {"name", "min", "finding"})
        minimum = entry.get("min")
        if isinstance(minimum, bool) or not isinstance(minimum, int | float):
            raise self.fail(f"{key}.min", "must be a number from 0 to 1")
        if not 0 <= minimum <= 1:
            raise self.fail(f"{key}.min", f"{minimum} is not from 0 to 1")
        finding = entry.get("finding")
        if finding not in (None, "strength", "improvement"):
            raise self.fail(f"{key}.finding", f"{finding!r} is not 'strength' or 'improvement'")
        # The decimal the user wrote, exactly: 0.65 must mean 65%, not 0.6500000000000000222.
        return Band(
            name=self.text(entry, key, "name"),
            minimum=Fraction(str(minimum)),
            finding=finding,
        )
