"""The optional Ratings sheet: ratings the inspectors entered, with their reasons.

Three columns: the criterion (its ID, optionally followed by its title: `1.1` or
`1.1 Governance and leadership`), the rating (a band of the framework) and a reason. A
criterion rated by judgement takes its rating from here; a rating entered for a
criterion rated from the cases moves the figures' rating where the framework allows it
and a reason is given, and is otherwise shown beside it, unused, with a warning. Rows
whose first cell is no criterion ID (a heading, a note) are passed over.

The sheet describes the service inspected, not a child: like the Inspection sheet, its
reasons are shown in the outputs (on one line).
"""

from __future__ import annotations

import difflib
import re

from sqs_cli.framework import Criterion, Framework
from sqs_cli.judgements import normalise_text
from sqs_cli.marking import CellValue, EnteredRating
from sqs_cli.patterns import lazy
from sqs_cli.problems import Problem, problem
from sqs_cli.reading.grid import Grid
from sqs_cli.safe_text import describe_cell

RATINGS_SHEET = "ratings"
# What a first cell that means to name a criterion looks like: `1.1`, `2.3`, `12.4.1`.
_ID_SHAPE = lazy(r"^\d+(?:\.\d+)+[a-z]?$", re.IGNORECASE)


def is_ratings_sheet(name: str) -> bool:
    return normalise_text(name) == RATINGS_SHEET


def _text(value: CellValue | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


def _listed(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


class _RatingsReader:
    def __init__(self, grid: Grid, framework: Framework, file: str, show_values: bool) -> None:
        self.grid = grid
        self.framework = framework
        self.file = file
        self.show_values = show_values
        self.criteria = {criterion.id.casefold(): criterion for criterion in framework.criteria}
        self.problems: list[Problem] = []
        self.entered: list[EnteredRating] = []
        # Each criterion's row, by its first cell, for a rating given twice.
        self.rows: dict[str, str] = {}

    def report(self, code: str, message: str, row: int, column: int | None) -> None:
        cell = None if column is None else self.grid.cell(row, column)
        self.problems.append(
            problem(code, message, file=self.file, sheet=self.grid.name, cell=cell)
        )

    def cell(self, row: list[CellValue], column: int) -> CellValue | None:
        return row[column] if column < len(row) else None

    def read(self) -> None:
        for index, row in enumerate(self.grid.rows):
            first = _text(self.cell(row, 0))
            if first is None:
                continue
            token = first.split()[0].rstrip(":.)-\u2013")
            criterion = self.criteria.get(token.casefold())
            if criterion is None:
                if _ID_SHAPE().match(token):
                    self.report(
                        "unknown-standard",
                        f"{token!r} is not a criterion of {self.framework.id}; the row is not read",
                        index,
                        0,
                    )
                continue
            self.row(index, row, criterion)
        self.missing_rows()

    def row(self, index: int, row: list[CellValue], criterion: Criterion) -> None:
        here = self.grid.cell(index, 0)
        if criterion.id in self.rows:
            self.report(
                "duplicate-rating",
                f"{criterion.id} is also rated in {self.rows[criterion.id]}; this row is not read",
                index,
                0,
            )
            return
        self.rows[criterion.id] = here
        raw = self.cell(row, 1)
        rating = _text(raw)
        judged = criterion.rated_by == "judgement"
        if rating is None:
            if judged:
                self.report(
                    "missing-rating",
                    f"no rating is entered for {criterion.id} {criterion.title}, which is "
                    "rated by judgement: it is not rated",
                    index,
                    1,
                )
            # A criterion rated from the cases keeps its figures' rating.
            return
        band = self.framework.rating.band_named(rating)
        if band is None:
            self.unknown_rating(index, raw, criterion)
            return
        reason = _text(self.cell(row, 2))
        usable = True
        if not judged:
            usable = self.override_usable(index, criterion, band.name, reason)
        self.entered.append(
            EnteredRating(
                criterion=criterion.id,
                rating=band.name,
                reason=reason,
                sheet=self.grid.name,
                cell=self.grid.cell(index, 1),
                usable=usable,
            )
        )

    def unknown_rating(self, index: int, raw: CellValue | None, criterion: Criterion) -> None:
        names = [band.name for band in self.framework.rating.bands]
        text = str(raw).strip()
        close = difflib.get_close_matches(
            text.casefold(), [name.casefold() for name in names], n=1, cutoff=0.75
        )
        hint = ""
        shown = describe_cell(raw, show_values=self.show_values)
        if close:
            match = names[[name.casefold() for name in names].index(close[0])]
            hint = f"; did you mean {match!r}?"
            # A near miss of a band's name is no one's words: it is quoted.
            shown = describe_cell(raw, show_values=True)
        outcome = "it is not rated" if criterion.rated_by == "judgement" else "it is not used"
        self.report(
            "unknown-rating",
            f"{shown} is not a rating of {self.framework.id} ({', '.join(names)}); {outcome}{hint}",
            index,
            1,
        )

    def override_usable(
        self, index: int, criterion: Criterion, rating: str, reason: str | None
    ) -> bool:
        """A rating entered for a criterion rated from the cases replaces the figures'
        rating only where the framework allows it, and only with a reason."""
        if not self.framework.rating.overrides:
            self.report(
                "override-not-used",
                f"{criterion.id} is rated from the cases, and {self.framework.id} does not let "
                f"an entered rating replace the figures' rating: {rating} is shown beside it, "
                "not used",
                index,
                1,
            )
            return False
        if reason is None:
            self.report(
                "override-not-used",
                f"the rating entered for {criterion.id} ({rating}) gives no reason: a rating "
                "that moves the figures' rating needs one; it is shown beside it, not used",
                index,
                2,
            )
            return False
        return True

    def missing_rows(self) -> None:
        missing = [c for c in self.framework.judged if c.id not in self.rows]
        for criterion in missing:
            self.problems.append(
                problem(
                    "missing-rating",
                    f"no row for {criterion.id} {criterion.title}, which is rated by "
                    "judgement: it is not rated",
                    file=self.file,
                    sheet=self.grid.name,
                )
            )


def read_ratings(
    grid: Grid | None, framework: Framework, file: str, *, show_values: bool = False
) -> tuple[tuple[EnteredRating, ...], tuple[Problem, ...]]:
    """The entered ratings, and a problem for each that is missing or cannot be read.

    Without a Ratings sheet, a framework with criteria rated by judgement gets one
    warning naming them: they are not rated.
    """
    if grid is None:
        judged = [criterion.id for criterion in framework.judged]
        if not judged:
            return (), ()
        warning = problem(
            "missing-rating",
            f"the workbook has no Ratings sheet: {_listed(judged)} "
            f"{'is' if len(judged) == 1 else 'are'} rated by judgement and not rated",
            file=file,
        )
        return (), (warning,)
    reader = _RatingsReader(grid, framework, file, show_values)
    reader.read()
    return tuple(reader.entered), tuple(reader.problems)
