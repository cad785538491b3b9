"""Stage 7 of reading: a cases sheet's cells judged, counted and checked.

Works on a Grid and its SheetLayout alone: nothing here knows the file format. Rows that
are not cases (empty rows, summary rows, hidden rows under --skip-hidden) are set aside
first; then each question column is counted, and only invalid and empty cells are
visited one by one, to say where they are.

Where the framework has case groups (a criterion applies to the cases whose `Disposal`
column reads Court, say), each case's group is read from its descriptive column, and a
question of a grouped criterion counts the cases of its group only: for other cases its
cells are expected empty and never warned about, and a mark there is an error. A case in
no group is an error naming its cell; its marks are counted where given.
"""

from __future__ import annotations

import pickle
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from sqs_cli.framework import CaseGroup, Framework, Question, group_key
from sqs_cli.judgements import Judgement, judge, suggest
from sqs_cli.marking import CaseKey, CellValue, Layout
from sqs_cli.patterns import lazy
from sqs_cli.problems import Problem, cell_name, column_letter, problem
from sqs_cli.reading.grid import Grid, is_blank
from sqs_cli.reading.headers import header_key
from sqs_cli.reading.layout import SheetLayout, descriptive_names, question_index
from sqs_cli.safe_text import describe_cell
from sqs_cli.settings import ReadOptions

# What a summary row's case-ID cell reads (folded; a trailing colon is set aside).
SUMMARY_LABELS = frozenset(
    {
        "total",
        "totals",
        "grand total",
        "subtotal",
        "sum",
        "count",
        "average",
        "mean",
        "%",
        "percent",
        "percentage",
    }
)
# A formula that counts, sums or averages other cells, as Excel and LibreOffice write
# them (`COUNTIF(B2:B13,"Yes")`, `of:=SUM([.B2:.B13])`).
_AGGREGATE = lazy(
    r"\b(?:COUNT|COUNTA|COUNTBLANK|COUNTIFS?|SUM|SUMIFS?|SUMPRODUCT|AVERAGE|AVERAGEA|"
    r"AVERAGEIFS?|SUBTOTAL|AGGREGATE|MEDIAN|MAX|MIN)\s*\(|[A-Z]{1,3}\$?\d+\s*:\s*\.?\$?[A-Z]{1,3}\$?\d+",
    re.IGNORECASE,
)
_LONGEST_LABEL = 40
# How many row numbers a notice lists before it says "and N more".
_LISTED_ROWS = 10


def case_id_text(value: CellValue | None) -> str | None:
    """A case ID as text, so that the number 123 and the text "123" are the same case."""
    import datetime

    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def case_key(case_id: str, cells: Sequence[object]) -> CaseKey:
    """A case's fingerprint: its ID and a checksum of its cells, in memory only."""
    # pickle: the same cells give the same bytes in every process, three times faster
    # than their repr.
    return case_id, zlib.crc32(pickle.dumps(cells, protocol=5))


def summary_label(value: CellValue | None) -> str | None:
    """The total label a case-ID cell holds ("Total:"), or None.

    Every case's ID passes here: the test is a strip and a fold, no Unicode normalising
    (a label in full-width letters stays a case, and its marks are errors, not silence).
    """
    if type(value) is not str or len(value) > _LONGEST_LABEL:
        return None
    label = value.strip().rstrip(":").rstrip().casefold()
    return label if label in SUMMARY_LABELS else None


class SheetMarks(NamedTuple):
    """One cases sheet's marks, as counts per question."""

    name: str
    layout: Layout
    case_ids: list[str]
    tallies: dict[str, Counter[Judgement]]
    # Descriptive column -> a value per case, in case_ids order.
    descriptive: dict[str, list[CellValue | None]]
    problems: list[Problem]
    # Cases per case group (by group ID), and the cases in no group.
    group_cases: Counter[str]
    ungrouped_cases: int
    # Each case's fingerprint, where ReadOptions.case_keys asks for them.
    case_keys: list[CaseKey]


class CaseRegistry:
    """Every case ID met so far in a workbook, with its cell: IDs are unique across all
    of its cases sheets."""

    def __init__(self) -> None:
        # Case ID -> its sheet, and its cell as column letters and row number: the name
        # of the cell is made only for a message (a regional sheet has 100,000 IDs).
        self._cells: dict[str, tuple[str, str, int]] = {}

    def first_cell(self, case_id: str, sheet: str) -> str | None:
        """Where the ID was met before (`A9`, or `'Cases - custody'!A9` on another
        sheet), or None for a new ID."""
        found = self._cells.get(case_id)
        if found is None:
            return None
        cell = f"{found[1]}{found[2]}"
        if found[0] == sheet:
            return cell
        return problem("duplicate-case-id", "", file="", sheet=found[0], cell=cell).location

    def add(self, case_id: str, sheet: str, letters: str, row_number: int) -> None:
        self._cells[case_id] = (sheet, letters, row_number)


class _Row(NamedTuple):
    number: int  # the grid's row index
    case_id: str


# A case's groups: the IDs of the groups it is in (empty: in none).
Membership = frozenset[str]


class _Groups:
    """Which of a sheet's cases each case group takes, by the groups' columns."""

    def __init__(
        self, groups: tuple[CaseGroup, ...], columns: dict[str, int], names: dict[str, str]
    ) -> None:
        self.groups = groups
        # A group's column name (folded) -> the grid's column, and its header as written.
        self.columns = columns
        self.names = names
        self.values = {group.id: {group_key(value) for value in group.values} for group in groups}

    def membership(self, row: Sequence[CellValue]) -> Membership:
        found = set()
        for group in self.groups:
            column = self.columns[header_key(group.column)]
            value = row[column] if column < len(row) else None
            if isinstance(value, str) and group_key(value) in self.values[group.id]:
                found.add(group.id)
        return frozenset(found)

    def first_column(self) -> int:
        return self.columns[header_key(self.groups[0].column)]

    def accepted(self) -> str:
        """`Court disposals: Court, Custody; Out-of-court disposals: Out-of-court`."""
        return "; ".join(f"{group.title}: {', '.join(group.values)}" for group in self.groups)


class SheetMarker:
    """Reads one cases sheet's rows into SheetMarks, collecting problems on the way."""

    def __init__(
        self,
        *,
        file: str,
        framework: Framework,
        grid: Grid,
        layout: SheetLayout,
        options: ReadOptions,
        registry: CaseRegistry,
    ) -> None:
        self.file = file
        self.framework = framework
        self.grid = grid
        self.layout = layout
        self.options = options
        self.registry = registry
        self.problems: list[Problem] = list(layout.problems)
        self.tallies: dict[str, Counter[Judgement]] = {}
        self.case_ids: list[str] = []
        self.descriptive: dict[str, list[CellValue | None]] = {}
        # Empty mark cells, by cell name, with their question: a formula or an Excel
        # error found under one later turns it from unmarked into invalid.
        self.unmarked_cells: dict[str, str] = {}
        # Problems found in the cells, kept with their (row, column) to be reported in
        # reading order: row by row, left to right, as a person would fix them.
        self.found: list[tuple[int, int, Problem]] = []
        self.hidden_rows_read: list[int] = []
        # Each grouped question's group; the cases of each group, and of none.
        self.question_group: dict[str, str] = {
            question.id: criterion.group
            for criterion in framework.criteria
            if criterion.group is not None
            for question in criterion.questions
        }
        self.group_cases: Counter[str] = Counter()
        self.ungrouped_cases = 0
        # Mark cells left out of the counts (another group's case): (row, column).
        self.uncounted: set[tuple[int, int]] = set()
        self.case_keys: list[CaseKey] = []

    def problem(self, code: str, message: str, cell: str | None) -> Problem:
        return problem(code, message, file=self.file, sheet=self.grid.name, cell=cell)

    def report_at(self, row: int, column: int, code: str, message: str) -> None:
        self.found.append((row, column, self.problem(code, message, self.grid.cell(row, column))))

    def quote(self, value: object) -> str:
        return describe_cell(value, show_values=self.options.show_values)

    def read(self) -> SheetMarks:
        if self.layout.layout == "long":
            self.read_long()
        else:
            self.read_wide()
        self.flag_hidden_values()
        self.found.sort(key=lambda item: (item[0], item[1]))
        self.problems.extend(item[2] for item in self.found)
        self.note_hidden()
        return SheetMarks(
            name=self.grid.name,
            layout=self.layout.layout,
            case_ids=self.case_ids,
            tallies=self.tallies,
            descriptive=self.descriptive,
            problems=self.problems,
            group_cases=self.group_cases,
            ungrouped_cases=self.ungrouped_cases,
            case_keys=self.case_keys,
        )

    # --- case groups ---------------------------------------------------------------------

    def case_groups(
        self, header: Sequence[CellValue], descriptive: Sequence[int], question_ids: Iterable[str]
    ) -> _Groups | None:
        """The framework's groups, where the sheet marks a grouped question: None when it
        marks none, or (with an error) when a group's column is not in the header."""
        if not any(question in self.question_group for question in question_ids):
            return None
        columns: dict[str, int] = {}
        names: dict[str, str] = {}
        for column in descriptive:
            key = header_key(header[column])
            if key and key not in columns:
                columns[key] = column
                names[key] = str(header[column]).strip()
        groups = self.framework.groups
        missing = sorted(
            {group.column for group in groups if header_key(group.column) not in columns}
        )
        if missing:
            listed = " and ".join(repr(name) for name in missing)
            self.problems.append(
                self.problem(
                    "missing-group-column",
                    f"no {listed} column in the header (row "
                    f"{self.grid.row_number(self.layout.header_row)}): {self.framework.id} "
                    "rates some criteria from one group of cases only, and without it every "
                    "case is counted for every question",
                    None,
                )
            )
            return None
        return _Groups(groups, columns, names)

    def note_membership(self, groups: _Groups, index: int, membership: Membership) -> None:
        """Count the case in its groups; a case in none is an error at its group cell."""
        if membership:
            self.group_cases.update(membership)
            return
        self.ungrouped_cases += 1
        column = groups.first_column()
        row = self.grid.rows[index]
        value = row[column] if column < len(row) else None
        name = groups.names[header_key(groups.groups[0].column)]
        if value is None or is_blank(value):
            what = f"the {name} cell is empty"
        else:
            what = f"{self.quote_group_value(value, groups)} in {name} is no group's value"
        self.report_at(
            index,
            column,
            "no-group",
            f"{what}, so the case is in no group ({groups.accepted()}); its marks are "
            "counted where given and its empty cells are not reported",
        )

    def quote_group_value(self, value: CellValue, groups: _Groups) -> str:
        """A group cell's value as a message may show it: a near miss of a group's value
        is no one's words, and is quoted with a hint."""
        import difflib

        if isinstance(value, str):
            known = [v for group in groups.groups for v in group.values]
            close = difflib.get_close_matches(
                group_key(value), [group_key(v) for v in known], n=1, cutoff=0.75
            )
            if close:
                hint = known[[group_key(v) for v in known].index(close[0])]
                return f"{describe_cell(value, show_values=True)} (did you mean {hint!r}?)"
        return self.quote(value)

    def outside_group(
        self, row: int, column: int, question: Question, case_groups: Membership
    ) -> None:
        group = self.framework.group(self.question_group[question.id])
        assert group is not None
        theirs = ", ".join(sorted(g.title for g in self.framework.groups if g.id in case_groups))
        self.report_at(
            row,
            column,
            "mark-outside-group",
            f"question {question.id} applies to {group.title.lower()} only, and this case is "
            f"in {theirs.lower()}; the mark is not scored",
        )

    # --- which rows are cases ----------------------------------------------------------

    def hidden_columns(self) -> frozenset[int]:
        """The grid's columns hidden in the sheet."""
        return frozenset(
            column - self.grid.left
            for column in self.grid.facts.hidden_columns
            if column >= self.grid.left
        )

    def formula_summary(self, index: int, row: Sequence[CellValue]) -> bool:
        """The row's marks are all formulas, and one counts, sums or averages other cells."""
        formulas = self.grid.facts.formulas
        aggregates = False
        for column in self.layout.mark_columns:
            if is_blank(row[column]):
                continue
            formula = formulas.get(self.grid.cell(index, column))
            if formula is None:
                return False  # a plain mark: a case, whatever else the row holds
            aggregates = aggregates or _AGGREGATE().search(formula) is not None
        return aggregates

    def case_rows(self) -> Iterator[_Row]:
        """The rows that are cases, with their IDs; problems for the rows that are not.

        A row with an ID costs a label test (and, in a sheet with formulas, a look at its
        marks' formulas); only a row without one is searched for marks.
        """
        rows = self.grid.rows
        id_column = self.layout.id_column
        mark_columns = self.layout.mark_columns
        hidden = self.grid.facts.hidden_rows
        with_formulas = bool(self.grid.facts.formulas)
        for index in range(self.layout.header_row + 1, len(rows)):
            row = rows[index]
            case_id = case_id_text(row[id_column])
            if case_id is None and all(is_blank(row[column]) for column in mark_columns):
                continue
            label = summary_label(row[id_column]) if case_id is not None else None
            if label is not None:
                self.summary_row(index, f"its case-ID cell reads {label!r}")
                continue
            if with_formulas and self.formula_summary(index, row):
                self.summary_row(index, "its marks are formulas over other rows")
                continue
            if hidden and self.grid.top + index in hidden:
                self.hidden_rows_read.append(self.grid.row_number(index))
                if self.options.skip_hidden:
                    continue
            if case_id is None:
                self.missing_case_id(index)
                continue
            yield _Row(index, case_id)

    def summary_row(self, index: int, reason: str) -> None:
        self.report_at(
            index,
            self.layout.id_column,
            "summary-row",
            f"row {self.grid.row_number(index)} is a summary row, not a case ({reason}); "
            "it is not scored",
        )

    def missing_case_id(self, index: int) -> None:
        id_column = self.layout.id_column
        if self.grid.facts.hidden_values.get(self.grid.cell(index, id_column), "") is None:
            self.report_at(
                index,
                id_column,
                "formula-without-value",
                "the case ID is a formula with no calculated value; open the "
                "workbook in Excel or LibreOffice, save it, and run sqs again",
            )
            return
        self.report_at(
            index,
            id_column,
            "missing-case-id",
            f"row {self.grid.row_number(index)} has marks but no case ID; the row is not scored",
        )

    def new_case(self, row: _Row) -> bool:
        """Register the row's case; False (with an error) when its ID was met before."""
        earlier = self.registry.first_cell(row.case_id, self.grid.name)
        if earlier is not None:
            self.report_at(
                row.number,
                self.layout.id_column,
                "duplicate-case-id",
                f"this case ID is also in {earlier}; this row is not scored",
            )
            return False
        letters = column_letter(self.grid.left + self.layout.id_column)
        self.registry.add(row.case_id, self.grid.name, letters, self.grid.row_number(row.number))
        self.case_ids.append(row.case_id)
        return True

    # --- the wide layout ---------------------------------------------------------------

    def read_wide(self) -> None:
        """Count each question column's values and judge each distinct value once.

        A regional sheet has millions of mark cells but only a handful of distinct values:
        per-cell Python work is what would make sqs slower than reading the file. Only the
        cells of invalid and empty values are visited one by one, to say where they are.
        """
        grid, layout = self.grid, self.layout
        header = grid.rows[layout.header_row] if layout.header is None else layout.header
        questions = dict(layout.questions)
        if self.options.skip_hidden:
            for column in self.hidden_columns() & set(questions):
                del questions[column]
        descriptive = [
            column
            for column in range(len(header))
            if column != layout.id_column and column not in layout.questions
        ]
        covered = self.merged_mark_cells(set(questions))
        scored: list[Sequence[CellValue]] = []
        scored_indices: list[int] = []
        for row in self.case_rows():
            if self.new_case(row):
                scored.append(grid.rows[row.number])
                scored_indices.append(row.number)
        # One tuple per column, built in C: the columns are what is counted.
        columns = list(zip(*scored, strict=True)) if scored else [()] * len(header)
        for name, column in zip(
            descriptive_names(grid, header, descriptive), descriptive, strict=True
        ):
            self.descriptive[name] = list(columns[column])
        groups = self.case_groups(header, descriptive, (q.id for q in questions.values()))
        memberships: list[Membership] = []
        if groups is not None:
            for index, row_values in zip(scored_indices, scored, strict=True):
                membership = groups.membership(row_values)
                self.note_membership(groups, index, membership)
                memberships.append(membership)
        for column, question in questions.items():
            group = self.question_group.get(question.id)
            if groups is None or group is None:
                self.tallies[question.id] = self.count_column(
                    columns[column], column, question, scored_indices, covered
                )
            else:
                self.tallies[question.id] = self.count_grouped(
                    columns[column], column, question, scored_indices, covered, memberships, group
                )
        if self.options.case_keys:
            # The whole row: its descriptive cells (inspector, dates, notes) as well as its
            # marks, so that two areas' case 1, both marked Yes throughout, differ.
            self.case_keys = [
                case_key(case_id, row) for case_id, row in zip(self.case_ids, scored, strict=True)
            ]
        if covered:
            self.invalidate_covered(covered, questions, scored_indices, columns)
        if self.grid.facts.formulas_stale:
            self.invalidate_stale_formulas(covered, questions, scored_indices, columns)

    def count_grouped(
        self,
        values: Sequence[CellValue],
        column: int,
        question: Question,
        scored_indices: Sequence[int],
        covered: set[tuple[int, int]],
        memberships: Sequence[Membership],
        group: str,
    ) -> Counter[Judgement]:
        """A grouped question's column: the cases of its group counted as any column is;
        a case in no group counted where it is marked; another group's case not counted,
        and a mark there an error."""
        counted_values: list[CellValue] = []
        counted_indices: list[int] = []
        tally: Counter[Judgement] = Counter()
        for position, value in enumerate(values):
            index = scored_indices[position]
            membership = memberships[position]
            if group in membership or (not membership and not is_blank(value)):
                counted_values.append(value)
                counted_indices.append(index)
                continue
            self.uncounted.add((index, column))
            if not membership or (index, column) in covered:
                continue
            judgement = judge(value)
            if judgement is Judgement.UNMARKED or judgement is Judgement.NOT_APPLICABLE:
                continue
            tally[Judgement.INVALID] += 1
            if judgement is Judgement.INVALID:
                cell = self.grid.cell(index, column)
                self.found.append((index, column, self.judgement_problem(value, judgement, cell)))
            else:
                self.outside_group(index, column, question, membership)
        tally.update(self.count_column(counted_values, column, question, counted_indices, covered))
        return tally

    def count_column(
        self,
        values: Sequence[CellValue],
        column: int,
        question: Question,
        scored_indices: Sequence[int],
        covered: set[tuple[int, int]],
    ) -> Counter[Judgement]:
        tally: Counter[Judgement] = Counter()
        letters = column_letter(self.grid.left + column)
        first_row = self.grid.top + 1
        for value, count in Counter(values).items():
            judgement = judge(value)
            tally[judgement] += count
            if judgement is not Judgement.INVALID and judgement is not Judgement.UNMARKED:
                continue
            # An empty cell's problem is the same but for its cell.
            empty = self.problem("unmarked", "mark cell is empty", None)
            code, message, file, sheet, _, severity = empty
            position = -1
            for _ in range(count):
                # Equal values (1 and 1.0) share a key: report each cell's own value.
                position = values.index(value, position + 1)
                index = scored_indices[position]
                if (index, column) in covered:
                    continue
                cell = f"{letters}{first_row + index}"
                if judgement is Judgement.UNMARKED:
                    self.unmarked_cells[cell] = question.id
                    found = Problem(code, message, file, sheet, cell, severity)
                else:
                    found = self.judgement_problem(values[position], judgement, cell)
                self.found.append((index, column, found))
        return tally

    def judgement_problem(self, value: CellValue, judgement: Judgement, cell: str) -> Problem:
        """The problem an invalid or empty mark cell is reported as."""
        if judgement is Judgement.UNMARKED:
            return self.problem("unmarked", "mark cell is empty", cell)
        hint = suggest(value)
        did_you_mean = f"; did you mean {hint!r}?" if hint else ""
        return self.problem(
            "unknown-judgement", f"{self.quote(value)} is not a judgement{did_you_mean}", cell
        )

    def invalidate_covered(
        self,
        covered: set[tuple[int, int]],
        questions: Mapping[int, Question],
        scored_indices: Sequence[int],
        columns: Sequence[Sequence[CellValue]],
    ) -> None:
        """A mark cell under a merged range is invalid, whatever value the range shows."""
        position_of = {index: position for position, index in enumerate(scored_indices)}
        for index, column in covered:
            position = position_of.get(index)
            if position is None or column not in questions or (index, column) in self.uncounted:
                continue
            tally = self.tallies[questions[column].id]
            tally[judge(columns[column][position])] -= 1
            tally[Judgement.INVALID] += 1

    def invalidate_stale_formulas(
        self,
        covered: set[tuple[int, int]],
        questions: Mapping[int, Question],
        scored_indices: Sequence[int],
        columns: Sequence[Sequence[CellValue]],
    ) -> None:
        """A mark cell holding a formula, in a workbook saved to be recalculated when it is
        opened, is invalid whatever it shows: the stored result is a placeholder (0 from
        XlsxWriter), and scoring it would count a No that nobody gave."""
        stale: set[str] = set()
        position_of = {index: position for position, index in enumerate(scored_indices)}
        # Only the formula cells are looked at: a sheet has far fewer than it has marks.
        for cell in self.grid.facts.formulas:
            index, column = _position(cell, self.grid)
            position = position_of.get(index)
            question = questions.get(column)
            if (
                position is None
                or question is None
                or (index, column) in covered
                or (index, column) in self.uncounted
            ):
                continue
            judgement = judge(columns[column][position])
            if judgement is Judgement.UNMARKED:
                continue  # no stored result: flag_hidden_values says so
            tally = self.tallies[question.id]
            tally[judgement] -= 1
            tally[Judgement.INVALID] += 1
            stale.add(cell)
            self.stale_formula(index, column)
        # A placeholder that is no judgement was reported as one: the formula is the cause.
        self.found = [
            item
            for item in self.found
            if not (item[2].code == "unknown-judgement" and item[2].cell in stale)
        ]

    def is_stale_formula(self, index: int, column: int) -> bool:
        facts = self.grid.facts
        return facts.formulas_stale and self.grid.cell(index, column) in facts.formulas

    def stale_formula(self, index: int, column: int) -> None:
        self.report_at(
            index,
            column,
            "formula-without-value",
            "the mark is a formula, and the workbook was saved to be recalculated when "
            "opened (as XlsxWriter saves one): its stored result is a placeholder, not its "
            "value; open the workbook in Excel and save it, or in LibreOffice use Data > "
            "Calculate > Recalculate Hard before saving, and run sqs again",
        )

    # --- the long layout ---------------------------------------------------------------

    def read_long(self) -> None:
        grid, layout = self.grid, self.layout
        assert layout.question_column is not None and layout.judgement_column is not None
        question_column, judgement_column = layout.question_column, layout.judgement_column
        index_of = question_index(self.framework)
        header = grid.rows[layout.header_row] if layout.header is None else layout.header
        descriptive = [
            column
            for column in range(len(header))
            if column not in (layout.id_column, question_column, judgement_column)
        ]
        names = descriptive_names(grid, header, descriptive)
        for name in names:
            self.descriptive[name] = []
        covered = self.merged_mark_cells({judgement_column})
        # Every question could be marked in a long sheet: grouped if the framework is.
        groups = self.case_groups(header, descriptive, self.question_group)
        # Each case's groups, from its first row.
        memberships: dict[str, Membership] = {}
        # The first counted mark of each (case, question), with its cell.
        marked: dict[tuple[str, str], tuple[Judgement, str]] = {}
        for row in self.case_rows():
            values = grid.rows[row.number]
            if row.case_id not in memberships:
                if not self.new_case(row):
                    continue
                membership = groups.membership(values) if groups is not None else frozenset()
                memberships[row.case_id] = membership
                if groups is not None:
                    self.note_membership(groups, row.number, membership)
                for name, column in zip(names, descriptive, strict=True):
                    self.descriptive[name].append(values[column])
            raw_question, raw_judgement = values[question_column], values[judgement_column]
            if is_blank(raw_question):
                self.report_at(
                    row.number,
                    question_column,
                    "missing-question",
                    "row has no question; it is not scored",
                )
                continue
            _, question = index_of.find(raw_question)
            if question is None:
                self.report_at(
                    row.number,
                    question_column,
                    "unknown-question",
                    f"{self.quote(raw_question)} is not a question of {self.framework.id}; "
                    "the row is not scored",
                )
                continue
            cell = grid.cell(row.number, judgement_column)
            judgement = self.long_judgement(
                row.number,
                raw_judgement,
                question,
                memberships[row.case_id] if groups is not None else None,
                (row.number, judgement_column) in covered,
            )
            if judgement is None:
                continue
            earlier = marked.get((row.case_id, question.id))
            if earlier is not None:
                if earlier[0] != judgement:
                    self.report_at(
                        row.number,
                        judgement_column,
                        "conflicting-marks",
                        f"question {question.id} of this case is marked differently in "
                        f"{earlier[1]}; this row is not scored",
                    )
                continue
            marked[(row.case_id, question.id)] = (judgement, cell)
            self.tallies.setdefault(question.id, Counter())[judgement] += 1
            if judgement is Judgement.UNMARKED:
                self.unmarked_cells[cell] = question.id
        if self.options.case_keys:
            by_case: dict[str, list[tuple[str, str]]] = {case: [] for case in self.case_ids}
            for (case, question_id), (judgement, _) in marked.items():
                by_case[case].append((question_id, judgement.name))
            self.case_keys = [case_key(case, sorted(by_case[case])) for case in self.case_ids]

    def long_judgement(
        self,
        index: int,
        raw: CellValue,
        question: Question,
        membership: Membership | None,
        covered: bool,
    ) -> Judgement | None:
        """What a long-layout mark counts as, with its problem; None where it is not
        counted: another group's case left empty or N/A, or a case in no group left
        empty. membership is None where the sheet's cases are not grouped."""
        column = self.layout.judgement_column
        assert column is not None
        if covered:
            return Judgement.INVALID
        judgement = judge(raw)
        if judgement is not Judgement.UNMARKED and self.is_stale_formula(index, column):
            self.stale_formula(index, column)
            return Judgement.INVALID
        group = self.question_group.get(question.id) if membership is not None else None
        if group is not None and membership is not None and group not in membership:
            if judgement is Judgement.UNMARKED:
                return None
            if membership and judgement is Judgement.NOT_APPLICABLE:
                return None
            if membership and judgement is not Judgement.INVALID:
                self.outside_group(index, column, question, membership)
                return Judgement.INVALID
        if judgement is Judgement.INVALID or judgement is Judgement.UNMARKED:
            cell = self.grid.cell(index, column)
            self.found.append((index, column, self.judgement_problem(raw, judgement, cell)))
        return judgement

    # --- what the cells' values do not show --------------------------------------------

    def merged_mark_cells(self, mark_columns: set[int]) -> set[tuple[int, int]]:
        """Mark cells hidden under a merged range, as (row, column) of the grid; each range
        is reported once."""
        grid = self.grid
        covered: set[tuple[int, int]] = set()
        first_data_row = grid.top + self.layout.header_row + 1
        mark_absolute = {grid.left + column for column in mark_columns}
        for (top, left), (bottom, right) in grid.merged:
            if bottom < first_data_row or not any(left <= c <= right for c in mark_absolute):
                continue
            span = f"{cell_name(top, left)}:{cell_name(bottom, right)}"
            self.problems.append(
                self.problem(
                    "merged-cells",
                    f"cells {span} are merged across marks; unmerge them and mark each cell",
                    span,
                )
            )
            # Only cells the sheet has can hide a mark: a range may claim the whole sheet.
            last_row = grid.top + len(grid.rows) - 1
            covered.update(
                (row - grid.top, column - grid.left)
                for row in range(max(top, first_data_row), min(bottom, last_row) + 1)
                for column in sorted(mark_absolute)
                if left <= column <= right
            )
        return covered

    def flag_hidden_values(self) -> None:
        """Empty-looking mark cells that hold an uncalculated formula or an Excel error."""
        hidden_values = self.grid.facts.hidden_values
        if not (hidden_values and self.unmarked_cells):
            return
        hidden = {
            cell: hidden_values[cell] for cell in self.unmarked_cells if cell in hidden_values
        }
        if not hidden:
            return
        for cell in hidden:
            tally = self.tallies[self.unmarked_cells[cell]]
            tally[Judgement.UNMARKED] -= 1
            tally[Judgement.INVALID] += 1
        self.found = [
            item
            for item in self.found
            if not (item[2].code == "unmarked" and item[2].cell in hidden)
        ]
        for cell, value in hidden.items():
            row, column = _position(cell, self.grid)
            if value is None:
                self.found.append(
                    (
                        row,
                        column,
                        self.problem(
                            "formula-without-value",
                            "formula has no calculated value; open the workbook in Excel or "
                            "LibreOffice, save it, and run sqs again",
                            cell,
                        ),
                    )
                )
            else:
                self.found.append(
                    (
                        row,
                        column,
                        self.problem(
                            "unknown-judgement",
                            f"{self.quote(value)} is an Excel error value, not a judgement",
                            cell,
                        ),
                    )
                )

    def note_hidden(self) -> None:
        """One notice per sheet: hidden rows and question columns, and what became of them."""
        facts = self.grid.facts
        if not facts.known:
            if self.options.skip_hidden:
                self.problems.append(
                    self.problem(
                        "hidden-cells",
                        "sqs cannot tell hidden rows in this file format; every row is "
                        "scored (save it as .xlsx for --skip-hidden)",
                        None,
                    )
                )
            return
        columns = sorted(self.hidden_columns() & set(self.layout.questions))
        rows = self.hidden_rows_read
        if not rows and not columns:
            return
        parts = []
        if rows:
            listed = ", ".join(str(number) for number in rows[:_LISTED_ROWS])
            more = f" and {len(rows) - _LISTED_ROWS} more" if len(rows) > _LISTED_ROWS else ""
            parts.append(f"{_count(len(rows), 'hidden row')} ({listed}{more})")
        if columns:
            letters = ", ".join(column_letter(self.grid.left + column) for column in columns)
            parts.append(f"{_count(len(columns), 'hidden question column')} ({letters})")
        verb = "is" if len(rows) + len(columns) == 1 else "are"
        if self.options.skip_hidden:
            outcome = f"{verb} left out (--skip-hidden)"
        else:
            outcome = f"{verb} scored like the others (--skip-hidden leaves them out)"
        self.problems.append(self.problem("hidden-cells", f"{' and '.join(parts)} {outcome}", None))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _position(cell: str, grid: Grid) -> tuple[int, int]:
    letters = cell.rstrip("0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(cell[len(letters) :]) - 1 - grid.top, column - 1 - grid.left
