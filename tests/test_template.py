"""sqs_cli.template and `sqs template`: a marking workbook that makes wrong entries hard."""

from __future__ import annotations

import io
import textwrap
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import Result

from sqs_cli.api import score_workbook
from sqs_cli.framework import Framework
from sqs_cli.reading.inspection import INSPECTION_KEYS
from sqs_cli.template import template_bytes

Cli = Callable[..., Result]


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def cases_sheet(workbook: openpyxl.Workbook) -> Worksheet:
    sheet = workbook["Cases"]
    assert isinstance(sheet, Worksheet)
    return sheet


def test_sheets_and_headers(framework: Framework) -> None:
    workbook = load(template_bytes(framework))
    assert workbook.sheetnames == ["Cases", "Guide", "Inspection"]
    header = [cell.value for cell in cases_sheet(workbook)[1]]
    assert header[:4] == ["Case ID", "Case type", "Inspector", "Comments"]
    assert header[4] == "1.1a Were the factors linked to offending assessed well enough?"
    assert [str(value).split()[0] for value in header[4:]] == [q.id for q in framework.questions]


def test_every_mark_cell_has_a_drop_down_that_rejects_other_values(
    framework: Framework,
) -> None:
    sheet = cases_sheet(load(template_bytes(framework, cases=7)))
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 30
    first = validations[0]
    assert (first.type, first.formula1) == ("list", '"Yes,No,Not done,N/A"')
    assert (first.showErrorMessage, first.errorStyle, first.allow_blank) == (True, "stop", True)
    assert first.showInputMessage is True
    assert (first.promptTitle, first.prompt) == (
        "1.1a",
        "Were the factors linked to offending assessed well enough?",
    )
    assert str(first.sqref) == "E2:E8"
    assert str(validations[-1].sqref) == "AH2:AH8"
    assert validations[-1].prompt == "Was management oversight of risk of harm work effective?"


def test_frozen_panes_widths_and_shading(framework: Framework) -> None:
    sheet = cases_sheet(load(template_bytes(framework)))
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["A"].width == 14
    assert sheet.column_dimensions["D"].width == 40
    [rules] = [
        (str(area.sqref), [rule.formula for rule in area.rules])
        for area in sheet.conditional_formatting
    ]
    assert rules == ("E2:AH21", [['"Yes"'], ['"No"'], ['"Not done"']])


def test_guide_and_inspection_sheets(framework: Framework) -> None:
    workbook = load(template_bytes(framework))
    guide = [[cell for cell in row if cell is not None] for row in workbook["Guide"].values]
    bands = [row for row in guide if row and row[0] in {b.name for b in framework.rating.bands}]
    assert bands == [
        ["Outstanding", "80% or more (a key strength)"],
        ["Good", "65% to under 80%"],
        ["Requires improvement", "50% to under 65% (an area requiring improvement)"],
        ["Inadequate", "under 50% (an area requiring improvement)"],
    ]
    assert ["N/A", "The question does not apply to this case", "in neither"] in guide
    questions = [row for row in guide if len(row) == 4 and row[2] != "Question"]
    assert len(questions) == 30
    assert questions[0][:3] == [
        "1 Reducing reoffending",
        "1.1 Assessment of offending factors",
        "1.1a",
    ]
    inspection = [row[0].value for row in workbook["Inspection"].iter_rows()]
    assert inspection == list(INSPECTION_KEYS)


# Every accepted way of marking, as a person would type or pick it.
FILL = ["Yes", "No", "Not done", "N/A", None, "Y", "n", "sufficient", "Missing", "NA"]


def test_filled_template_scores_exactly_as_filled(framework: Framework, tmp_path: Path) -> None:
    workbook = load(template_bytes(framework))
    sheet = cases_sheet(workbook)
    for row in range(2, 22):
        sheet.cell(row=row, column=1, value=f"CASE-{row - 1:02}")
        for column in range(5, 35):
            sheet.cell(row=row, column=column, value=FILL[(row + column) % len(FILL)])
    inspection = workbook["Inspection"]
    inspection["B1"] = "Testshire (fictional)"
    inspection["B6"] = "34.5%"
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    result = score_workbook(path, framework)
    assert (result.status, result.cases, result.inspection["Area"]) == (
        "ok",
        20,
        "Testshire (fictional)",
    )
    assert result.inspection["Reoffending rate"] == 0.345
    first = result.questions[0]
    # Column 5 over rows 2..21: FILL[(row + 5) % 10] takes each value exactly twice.
    assert (
        first.sufficient,
        first.insufficient,
        first.not_done,
        first.not_applicable,
        first.unmarked,
    ) == (6, 4, 4, 4, 2)
    assert (first.relevant, first.proportion) == (14, Fraction(6, 14))
    assert len([p for p in result.problems if p.code == "unmarked"]) == 2 * 30


def test_cli_writes_and_refuses_to_overwrite(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "marking.xlsx"
    result = cli("template", "-o", target, "--cases", "5")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", f"Wrote {target}: 5 case rows, 30 questions\n")
    written = target.read_bytes()
    assert str(cases_sheet(load(written)).data_validations.dataValidation[0].sqref) == "E2:E6"
    again = cli("template", "-o", target)
    assert again.exit_code == 2
    assert "error[output-not-writable] the file exists; use --force to overwrite it" in again.stderr
    assert target.read_bytes() == written
    assert cli("template", "-o", target, "--force").exit_code == 0
    assert (
        str(cases_sheet(load(target.read_bytes())).data_validations.dataValidation[0].sqref)
        == "E2:E21"
    )


def test_cli_template_for_a_custom_framework(cli: Cli, tmp_path: Path) -> None:
    framework = tmp_path / "mine.toml"
    framework.write_text(
        'id = "mine"\ntitle = "Mine"\n[[themes]]\nid = "A"\ntitle = "Theme"\n'
        '[[themes.criteria]]\nid = "A1"\ntitle = "Criterion"\n'
        'questions = [{ id = "Q1", text = "Question one?" }, { id = "Q2", text = "Two?" }]\n'
    )
    target = tmp_path / "mine.xlsx"
    assert cli("template", "-o", target, "--framework", framework).exit_code == 0
    header = [cell.value for cell in cases_sheet(openpyxl.load_workbook(target))[1]]
    assert header[4:] == ["Q1 Question one?", "Q2 Two?"]


@pytest.mark.parametrize("cases", ["0", "10001", "many"])
def test_cli_rejects_bad_case_counts(cli: Cli, tmp_path: Path, cases: str) -> None:
    assert cli("template", "-o", tmp_path / "m.xlsx", "--cases", cases).exit_code == 2


def test_cli_writes_only_an_xlsx(cli: Cli, tmp_path: Path) -> None:
    result = cli("template", "-o", tmp_path / "t.ods")
    assert result.exit_code == 2
    assert "sqs template cannot write a .ods file; it writes xlsx (.xlsx)" in " ".join(
        result.stderr.replace("│", " ").split()
    )
    assert list(tmp_path.iterdir()) == []


def test_cli_quiet_and_standard_output(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "marking.xlsx"
    quiet = cli("template", "-o", target, "-q")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    piped = cli("template", "-o", "-")
    assert piped.exit_code == 0
    assert piped.stdout_bytes == target.read_bytes()


def test_the_same_template_gives_the_same_bytes(
    framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = template_bytes(framework, cases=5)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3600)
    assert template_bytes(framework, cases=5) == first


def test_printing_a4_one_page_wide_with_print_areas(framework: Framework) -> None:
    workbook = load(template_bytes(framework, cases=12))
    expected = {"Cases": "'Cases'!$A$1:$AH$13", "Guide": None, "Inspection": None}
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.fitToWidth) == (9, 1), sheet.title
        assert sheet.sheet_properties.pageSetUpPr is not None
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_area is not None
        if expected[sheet.title] is not None:
            assert sheet.print_area == expected[sheet.title]
    assert workbook["Guide"].page_setup.fitToHeight == 2
    assert workbook["Cases"].print_title_rows == "$1:$1"


def test_headers_wrap_in_a_row_tall_enough_for_the_longest(framework: Framework) -> None:
    sheet = cases_sheet(load(template_bytes(framework)))
    assert all(cell.alignment.wrap_text for cell in sheet[1])
    longest = max((str(cell.value) for cell in sheet[1]), key=len)
    # 14 characters a column, less two for the cell's margins: one line of 15 points each.
    lines = len(textwrap.wrap(longest, 12, break_long_words=True))
    assert lines >= 7
    assert sheet.row_dimensions[1].height == lines * 15


def test_inspection_dates_must_be_dates_or_blank(framework: Framework) -> None:
    sheet = load(template_bytes(framework))["Inspection"]
    [validation] = sheet.data_validations.dataValidation
    assert (validation.type, validation.operator, validation.allow_blank) == (
        "date",
        "between",
        True,
    )
    assert (validation.formula1, validation.formula2) == ("DATE(1990,1,1)", "DATE(2100,12,31)")
    assert (validation.showErrorMessage, validation.errorStyle) == (True, "stop")
    rows = {key: row for row, key in enumerate(INSPECTION_KEYS, start=1)}
    dated = [f"B{rows[key]}" for key in ("Fieldwork start", "Fieldwork end", "Published")]
    assert str(validation.sqref).split() == dated
    assert {sheet[cell].number_format for cell in dated} == {"dd/mm/yyyy"}


# --- hmip-youth-2021: the Disposal column and the Ratings sheet ------------------------------


def test_youth_template_has_the_disposal_drop_down_and_a_ratings_sheet() -> None:
    from sqs_cli.framework import load_builtin

    youth = load_builtin("hmip-youth-2021")
    workbook = load(template_bytes(youth, cases=5))
    assert workbook.sheetnames == ["Cases", "Ratings", "Guide", "Inspection"]
    sheet = cases_sheet(workbook)
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["Case ID", "Disposal", "Case type", "Inspector", "Comments"]
    assert [str(value).split()[0] for value in header[5:]] == [q.id for q in youth.questions]
    validations = sheet.data_validations.dataValidation
    # The Disposal column's list, then one per question.
    assert len(validations) == 1 + 21
    disposal = validations[0]
    assert (disposal.formula1, str(disposal.sqref)) == ('"Court,Custody,Out-of-court"', "B2:B6")
    assert disposal.prompt == (
        "Which questions apply: Court, Custody: court disposals; Out-of-court: out-of-court "
        "disposals."
    )
    assert str(validations[1].sqref) == "F2:F6"
    ratings = workbook["Ratings"]
    rows = [[cell.value for cell in row] for row in ratings.iter_rows()]
    assert rows[0] == ["Standard", "Rating", "Reason"]
    assert [row[0] for row in rows[1:]] == [
        "1.1 Governance and leadership",
        "1.2 Staff",
        "1.3 Partnerships and services",
        "1.4 Information and facilities",
        "3.4 Out-of-court disposal policy and provision",
        "4.1 Resettlement policy and provision",
        # Criteria rated from the cases: a rating entered here (with a reason) moves theirs.
        "2.1 Assessment",
        "2.2 Planning",
        "2.3 Implementation and delivery",
        "2.4 Reviewing",
        "3.1 Assessment",
        "3.2 Planning",
        "3.3 Implementation and delivery",
    ]
    [rating] = ratings.data_validations.dataValidation
    assert (rating.formula1, str(rating.sqref)) == (
        '"Outstanding,Good,Requires improvement,Inadequate"',
        "B2:B14",
    )
    guide = [row[0] for row in workbook["Guide"].iter_rows(values_only=True) if row[0]]
    assert "The Disposal column says which questions apply to a case:" in guide
    assert (
        "Overall rating: the points of 1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, "
        "3.4 (Outstanding 3 points, Good 2, Requires improvement 1, Inadequate 0), out of 36"
    ) in guide


def test_the_sqs_2016_template_is_unchanged_by_the_model(framework: Framework) -> None:
    # No group column and no Ratings sheet for a framework without them.
    workbook = load(template_bytes(framework))
    assert workbook.sheetnames == ["Cases", "Guide", "Inspection"]


def test_a_blank_youth_template_scores_with_every_judged_rating_missing(tmp_path: Path) -> None:
    from sqs_cli.framework import load_builtin

    youth = load_builtin("hmip-youth-2021")
    path = tmp_path / "blank.xlsx"
    path.write_bytes(template_bytes(youth))
    result = score_workbook(path, youth)
    assert (result.status, result.cases) == ("ok", 0)
    assert [(p.code, p.cell) for p in result.problems] == [
        ("missing-rating", f"B{row}") for row in range(2, 8)
    ]
    assert result.overall is not None
    assert result.overall.missing == tuple(youth.overall.counted if youth.overall else ())
