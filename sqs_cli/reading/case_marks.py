"""A marking workbook's judgements case by case, for `sqs agree`.

Scoring needs only counts, and the pipeline keeps only counts (marks.py). Moderation
compares two markers' judgement of each case, so this reads the workbook through the same
pipeline with a SheetMarker that also notes which row each case is on, and takes each
case's judgement from its cell by the same rules: a cell under merged marks, or an empty
cell hiding a formula or an Excel error, is invalid. The judgements are then counted
again and must give the pipeline's counts exactly, so that `agree` and `score` can never
disagree about a workbook; if they did, that would be a bug in sqs, said as such.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from sqs_cli.framework import Framework
from sqs_cli.judgements import Judgement, judge
from sqs_cli.marking import CellValue, Marking
from sqs_cli.problems import SqsError, problem
from sqs_cli.reading.layout import question_index
from sqs_cli.reading.marks import SheetMarker, SheetMarks
from sqs_cli.reading.pipeline import read_marking
from sqs_cli.settings import ReadOptions

# Case ID -> question ID -> the judgement of its cell.
CaseJudgements = dict[str, dict[str, Judgement]]


class CaseMarks(NamedTuple):
    """A workbook's marking (as `score` reads it) and each case's judgements."""

    marking: Marking
    judgements: CaseJudgements


def _blank(value: CellValue | None) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _CaseMarker(SheetMarker):
    """A SheetMarker that also keeps each case's judgement of each question."""

    def __init__(self, *, judgements: CaseJudgements, **arguments: Any) -> None:
        super().__init__(**arguments)
        self.judgements = judgements
        self.rows_read: list[Any] = []
        self.covered: set[tuple[int, int]] = set()

    def case_rows(self) -> Iterator[Any]:
        for row in super().case_rows():
            self.rows_read.append(row)
            yield row

    def merged_mark_cells(self, mark_columns: set[int]) -> set[tuple[int, int]]:
        covered = super().merged_mark_cells(mark_columns)
        self.covered |= covered
        return covered

    def read(self) -> SheetMarks:
        marks = super().read()
        own = self.long_judgements() if self.layout.layout == "long" else self.wide_judgements()
        self.check(own, marks)
        self.judgements.update(own)
        return marks

    def judgement_at(self, row: int, column: int) -> Judgement:
        if (row, column) in self.covered:
            return Judgement.INVALID
        judgement = judge(self.grid.rows[row][column])
        hidden = self.grid.facts.hidden_values
        if judgement is Judgement.UNMARKED and self.grid.cell(row, column) in hidden:
            return Judgement.INVALID
        return judgement

    def accepted_rows(self) -> list[Any]:
        """The rows of the cases this sheet counted (a repeated ID's row is not one)."""
        accepted = set(self.case_ids)
        return [row for row in self.rows_read if row.case_id in accepted]

    def wide_judgements(self) -> CaseJudgements:
        columns = {
            column: question.id
            for column, question in self.layout.questions.items()
            if question.id in self.tallies
        }
        own: CaseJudgements = {}
        for row in self.accepted_rows():
            if row.case_id in own:
                continue
            own[row.case_id] = {
                question: self.judgement_at(row.number, column)
                for column, question in columns.items()
            }
        return own

    def long_judgements(self) -> CaseJudgements:
        question_column = self.layout.question_column
        judgement_column = self.layout.judgement_column
        assert question_column is not None and judgement_column is not None
        index = question_index(self.framework)
        own: CaseJudgements = {}
        for row in self.accepted_rows():
            raw = self.grid.rows[row.number][question_column]
            if _blank(raw):
                continue
            _, question = index.find(raw)
            if question is None:
                continue
            marks = own.setdefault(row.case_id, {})
            # The first row of a case and question counts, as in marks.py.
            marks.setdefault(question.id, self.judgement_at(row.number, judgement_column))
        return own

    def check(self, own: CaseJudgements, marks: SheetMarks) -> None:
        counted: dict[str, Counter[Judgement]] = {}
        for questions in own.values():
            for question, judgement in questions.items():
                counted.setdefault(question, Counter())[judgement] += 1
        for question, tally in marks.tallies.items():
            if +counted.get(question, Counter()) != +tally:
                raise SqsError(
                    problem(
                        "read-failed",
                        f"sqs read question {question} case by case differently from its "
                        "counts (a bug in sqs); please report it with `sqs agree --debug`",
                        file=self.file,
                        sheet=self.grid.name,
                    )
                )


def read_case_marks(
    path: Path,
    framework: Framework,
    *,
    display: str | None = None,
    options: ReadOptions | None = None,
) -> CaseMarks:
    """The workbook's marking and each case's judgements; SqsError as read_marking."""
    judgements: CaseJudgements = {}
    marking = read_marking(
        path,
        framework,
        display=display,
        options=options,
        marker=functools.partial(_CaseMarker, judgements=judgements),
    )
    return CaseMarks(marking, judgements)
