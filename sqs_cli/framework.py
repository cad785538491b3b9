"""Frameworks are data: themes hold criteria, criteria hold questions, plus a rating policy.

A framework may also declare criteria rated by judgement (their ratings are entered on a
workbook's Ratings sheet, not worked out from cases), case groups (a criterion applies to
the cases whose descriptive column, such as `Disposal`, holds given values) and an
overall rating (points per band, the criteria that count, bands on the total).

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
# How a criterion gets its rating: worked out from the cases' marks, or entered by the
# inspectors on the Ratings sheet.
RatedBy = Literal["cases", "judgement"]


class Band(NamedTuple):
    name: str
    minimum: Fraction
    finding: Finding | None = None


class RatingPolicy(NamedTuple):
    aggregation: Aggregation
    min_relevant: int
    bands: tuple[Band, ...]
    # A rating entered on the Ratings sheet for a criterion rated from cases is used in
    # place of the figures' rating (shown beside it, with its reason); without this, it
    # is shown and not used.
    overrides: bool = False

    def band_named(self, name: str) -> Band | None:
        """The band a rating names, whatever its case and spacing; None for no band."""
        wanted = " ".join(name.split()).casefold()
        return next((band for band in self.bands if band.name.casefold() == wanted), None)

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


def group_key(value: str) -> str:
    """A group value as compared: case, spaces and hyphens set aside (`Out-of-court`,
    `out of court` and `OUT OF COURT` are one value)."""
    return " ".join(value.replace("-", " ").replace("\u2013", " ").split()).casefold()


class Question(NamedTuple):
    id: str
    text: str
    criterion_id: str
    # What a Yes means, as a clause for a drafted report: "the plan was sufficient".
    statement: str | None = None
    # The strand the question is about, as a short label ("Keeping the child safe").
    strand: str | None = None


class Criterion(NamedTuple):
    id: str
    title: str
    theme_id: str
    # Empty for a criterion rated by judgement.
    questions: tuple[Question, ...]
    rated_by: RatedBy = "cases"
    # The case group whose cases its questions apply to; None: every case.
    group: str | None = None


class CaseGroup(NamedTuple):
    """The cases a criterion applies to: those whose descriptive `column` holds one of
    `values` (matched ignoring case, spaces and hyphens)."""

    id: str
    title: str
    column: str
    values: tuple[str, ...]


class OverallBand(NamedTuple):
    name: str
    # The least total of points that takes this band.
    minimum: int


class OverallPolicy(NamedTuple):
    """The overall rating: each counted criterion scores the points of its band, and the
    total takes the first band whose minimum it reaches."""

    counted: tuple[str, ...]
    # Points per criterion band, by the band's name, in the bands' order.
    points: tuple[tuple[str, int], ...]
    bands: tuple[OverallBand, ...]

    def points_for(self, band: Band) -> int:
        return dict(self.points)[band.name]

    @property
    def maximum(self) -> int:
        return max(points for _, points in self.points) * len(self.counted)

    def band_of(self, total: int) -> OverallBand:
        for band in self.bands:
            if total >= band.minimum:
                return band
        # Validation makes the last band's minimum 0.
        raise AssertionError(f"no overall band for {total}")  # pragma: no cover


class ReportWording(NamedTuple):
    """How `sqs report` names the report and the people whose cases were examined."""

    title: str = "Report of Short Quality Screening (SQS) of youth offending work"
    # Read as "We examined 20 cases of {subjects} and were supervised by ...".
    subjects: str = "children and young people who had recently offended"


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
    groups: tuple[CaseGroup, ...] = ()
    overall: OverallPolicy | None = None
    report: ReportWording = ReportWording()

    @property
    def criteria(self) -> Iterator[Criterion]:
        for theme in self.themes:
            yield from theme.criteria

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def group(self, group_id: str) -> CaseGroup | None:
        return next((group for group in self.groups if group.id == group_id), None)

    @property
    def judged(self) -> tuple[Criterion, ...]:
        """The criteria rated by judgement, whose ratings the Ratings sheet gives."""
        return tuple(c for c in self.criteria if c.rated_by == "judgement")

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
        top = self.table(
            data, "", {"id", "title", "rating", "themes", "groups", "overall", "report"}
        )
        groups = self.groups(top)
        seen = _SeenIds()
        themes = tuple(
            self.theme(entry, f"themes[{index}]", seen, groups)
            for index, entry in enumerate(self.array(top, "", "themes"))
        )
        rating = self.rating(top.get("rating", {}))
        criteria = [criterion for theme in themes for criterion in theme.criteria]
        return Framework(
            id=self.identifier(top, "", set()),
            title=self.text(top, "", "title"),
            rating=rating,
            themes=themes,
            source_text=source_text,
            groups=groups,
            overall=self.overall(top["overall"], rating, criteria) if "overall" in top else None,
            report=self.report(top["report"]) if "report" in top else ReportWording(),
        )

    def theme(self, data: object, key: str, seen: _SeenIds, groups: tuple[CaseGroup, ...]) -> Theme:
        entry = self.table(data, key, {"id", "title", "criteria"})
        theme_id = self.identifier(entry, key, seen.themes)
        criteria = tuple(
            self.criterion(item, f"{key}.criteria[{index}]", theme_id, seen, groups)
            for index, item in enumerate(self.array(entry, key, "criteria"))
        )
        return Theme(id=theme_id, title=self.text(entry, key, "title"), criteria=criteria)

    def criterion(
        self,
        data: object,
        key: str,
        theme_id: str,
        seen: _SeenIds,
        groups: tuple[CaseGroup, ...],
    ) -> Criterion:
        entry = self.table(data, key, {"id", "title", "questions", "rated_by", "group"})
        criterion_id = self.identifier(entry, key, seen.criteria)
        rated_by = entry.get("rated_by", "cases")
        if rated_by not in ("cases", "judgement"):
            raise self.fail(f"{key}.rated_by", f"{rated_by!r} is not 'cases' or 'judgement'")
        if rated_by == "judgement":
            # Its rating is entered on the Ratings sheet: no questions, no cases.
            for name in ("questions", "group"):
                if name in entry:
                    raise self.fail(
                        f"{key}.{name}", "a criterion rated by judgement has no questions or group"
                    )
            return Criterion(
                id=criterion_id,
                title=self.text(entry, key, "title"),
                theme_id=theme_id,
                questions=(),
                rated_by="judgement",
            )
        group = None
        if "group" in entry:
            group = self.text(entry, key, "group")
            if group not in {known.id for known in groups}:
                declared = ", ".join(repr(known.id) for known in groups) or "none"
                raise self.fail(
                    f"{key}.group", f"{group!r} is not a declared group (groups: {declared})"
                )
        questions = []
        for index, item in enumerate(self.array(entry, key, "questions")):
            question_key = f"{key}.questions[{index}]"
            question = self.table(item, question_key, {"id", "text", "statement", "strand"})
            questions.append(
                Question(
                    id=self.identifier(question, question_key, seen.questions),
                    text=self.text(question, question_key, "text"),
                    criterion_id=criterion_id,
                    statement=self.optional_text(question, question_key, "statement"),
                    strand=self.optional_text(question, question_key, "strand"),
                )
            )
        return Criterion(
            id=criterion_id,
            title=self.text(entry, key, "title"),
            theme_id=theme_id,
            questions=tuple(questions),
            group=group,
        )

    def optional_text(self, data: Mapping[str, Any], key: str, name: str) -> str | None:
        return self.text(data, key, name) if name in data else None

    def groups(self, top: Mapping[str, Any]) -> tuple[CaseGroup, ...]:
        if "groups" not in top:
            return ()
        groups = []
        seen: set[str] = set()
        for index, item in enumerate(self.array(top, "", "groups")):
            key = f"groups[{index}]"
            entry = self.table(item, key, {"id", "title", "column", "values"})
            values = []
            folded: set[str] = set()
            for position, value in enumerate(self.array(entry, key, "values")):
                value_key = f"{key}.values[{position}]"
                if not isinstance(value, str) or not value.strip():
                    raise self.fail(value_key, "must be non-empty text")
                if group_key(value) in folded:
                    raise self.fail(value_key, f"{value.strip()!r} is given twice")
                folded.add(group_key(value))
                values.append(value.strip())
            groups.append(
                CaseGroup(
                    id=self.identifier(entry, key, seen),
                    title=self.text(entry, key, "title"),
                    column=self.text(entry, key, "column"),
                    values=tuple(values),
                )
            )
        return tuple(groups)

    def overall(
        self, data: object, rating: RatingPolicy, criteria: list[Criterion]
    ) -> OverallPolicy:
        entry = self.table(data, "overall", {"counted", "points", "bands"})
        known = {criterion.id for criterion in criteria}
        counted: list[str] = []
        for index, value in enumerate(self.array(entry, "overall", "counted")):
            key = f"overall.counted[{index}]"
            if not isinstance(value, str) or value not in known:
                raise self.fail(key, f"{value!r} is not a criterion of this framework")
            if value in counted:
                raise self.fail(key, f"{value!r} is given twice")
            counted.append(value)
        points_entry = entry.get("points")
        if points_entry is None:
            raise self.fail("overall.points", "missing")
        points_table = self.table(
            points_entry, "overall.points", {band.name for band in rating.bands}
        )
        points = []
        for band in rating.bands:
            value = points_table.get(band.name)
            key = f"overall.points.{band.name}"
            if value is None:
                raise self.fail(key, "missing: every rating band scores points")
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise self.fail(key, "must be a whole number, 0 or more")
            points.append((band.name, value))
        bands = tuple(
            self.overall_band(item, f"overall.bands[{index}]")
            for index, item in enumerate(self.array(entry, "overall", "bands"))
        )
        for index in range(1, len(bands)):
            if bands[index].minimum >= bands[index - 1].minimum:
                raise self.fail(
                    f"overall.bands[{index}].min",
                    "bands must go from the highest min to the lowest",
                )
        if bands[-1].minimum != 0:
            raise self.fail(
                f"overall.bands[{len(bands) - 1}].min", "the last band must have min = 0"
            )
        policy = OverallPolicy(tuple(counted), tuple(points), bands)
        if bands[0].minimum > policy.maximum:
            raise self.fail(
                "overall.bands[0].min",
                f"{bands[0].minimum} is more than the most points the counted criteria "
                f"can score ({policy.maximum})",
            )
        return policy

    def overall_band(self, data: object, key: str) -> OverallBand:
        entry = self.table(data, key, {"name", "min"})
        minimum = entry.get("min")
        if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0:
            raise self.fail(f"{key}.min", "must be a whole number of points, 0 or more")
        return OverallBand(name=self.text(entry, key, "name"), minimum=minimum)

    def report(self, data: object) -> ReportWording:
        entry = self.table(data, "report", {"title", "subjects"})
        default = ReportWording()
        return ReportWording(
            title=self.optional_text(entry, "report", "title") or default.title,
            subjects=self.optional_text(entry, "report", "subjects") or default.subjects,
        )

    def rating(self, data: object) -> RatingPolicy:
        entry = self.table(data, "rating", {"aggregation", "min_relevant", "bands", "overrides"})
        aggregation = entry.get("aggregation", "lowest")
        if aggregation not in ("lowest", "pooled"):
            raise self.fail("rating.aggregation", f"{aggregation!r} is not 'lowest' or 'pooled'")
        min_relevant = entry.get("min_relevant", 5)
        if isinstance(min_relevant, bool) or not isinstance(min_relevant, int) or min_relevant < 1:
            raise self.fail("rating.min_relevant", "must be a whole number of at least 1")
        overrides = entry.get("overrides", False)
        if not isinstance(overrides, bool):
            raise self.fail("rating.overrides", "must be true or false")
        if "bands" not in entry:
            return RatingPolicy(aggregation, min_relevant, DEFAULT_BANDS, overrides)
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
        return RatingPolicy(
            aggregation=aggregation, min_relevant=min_relevant, bands=bands, overrides=overrides
        )

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
