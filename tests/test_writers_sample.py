"""sqs sample's writers: cell text stays data in every spreadsheet format."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from sqs_cli.case_sample import sample_cases
from sqs_cli.framework import Framework
from sqs_cli.problems import SqsError
from sqs_cli.sampling import SizeRule
from sqs_cli.writers import OutputOptions, render
from tests.conftest import WorkbookFactory

FORMULA = '=HYPERLINK("http://127.0.0.1:9/","x")'


def test_text_like_a_formula_stays_text(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "cases.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([["Case ID", "Disposal"], ["C1", FORMULA], ["C2", "+SUM(1)"]])
    record = sample_cases(path, framework, SizeRule(size=2), 1, strata=["Disposal"])
    text = render("csv", record, OutputOptions(), command="sample")
    assert isinstance(text, str)
    assert list(csv.reader(io.StringIO(text)))[1:] == [["C1", "'" + FORMULA], ["C2", "'+SUM(1)"]]
    data = render("xlsx", record, OutputOptions(), command="sample")
    assert isinstance(data, bytes)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cell = book["Cases"]["B2"]
    assert (cell.value, cell.data_type) == (FORMULA, "s")
    strata = [row[0] for row in book["Sample"].iter_rows(values_only=True)]
    assert FORMULA in strata


def test_a_stratum_from_a_formula_never_calculated_is_refused(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    """openpyxl writes a formula without its value, which reads as an empty cell: a
    stratum of '(blank)' would be silently wrong."""
    path = make_workbook({"Cases": [["Case ID", "Disposal"], ["C1", "YRO"], ["C2", "=A1"]]})
    with pytest.raises(SqsError) as caught:
        sample_cases(path, framework, SizeRule(size=1), 1, strata=["Disposal"])
    found = caught.value.problem
    assert (found.code, found.sheet, found.cell) == ("formula-without-value", "Cases", "B3")
    # A column that is neither a stratum nor carried does not matter to the draw.
    assert sample_cases(path, framework, SizeRule(size=1), 1).draw.size == 1


def test_the_workbook_is_the_same_bytes_for_the_same_draw(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook({"Cases": [["Case ID"], *([f"C{n}"] for n in range(30))]})
    first, second = (
        render(
            "xlsx",
            sample_cases(path, framework, SizeRule(size=5), 9),
            OutputOptions(),
            command="sample",
        )
        for _ in range(2)
    )
    assert first == second
