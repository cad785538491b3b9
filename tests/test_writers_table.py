"""sqs_cli.writers.table: the human report, stable at a fixed width with no colour, and
readable from 60 columns: IDs, counts, percentages and ratings never cut."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest

from sqs_cli.api import score_workbooks
from sqs_cli.framework import Framework
from sqs_cli.results import Report
from sqs_cli.writers import OutputOptions, writer_for
from tests.conftest import COVENTRY, LONG_LAYOUT_SAMPLE, WorkbookFactory


def render(report: Report, style: OutputOptions | None = None) -> str:
    stream = io.StringIO()
    writer_for("table")(report, stream, style or OutputOptions(color=False, width=100))
    return stream.getvalue()


def cells(line: str) -> list[str]:
    """A table row's cells: columns are two or more spaces apart."""
    return re.split(r"\s{2,}", line.strip())


def line_starting(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if cells(line)[0] == start)


def test_questions_grouped_by_theme_and_criterion(framework: Framework) -> None:
    text = render(score_workbooks([COVENTRY], framework))
    lines = text.splitlines()
    assert lines[0] == "Coventry · 20 cases · fieldwork 28 to 30 June 2016"
    assert lines[1] == str(COVENTRY)
    assert cells(lines[2]) == [
        "ID",
        "Question",
        "Sufficient",
        "%",
        "95% interval",
        "Rating / note",
    ]
    order = [cells(line)[0] for line in lines[4:] if line.strip()]
    assert order[:7] == ["1 Reducing reoffending", "1.1", "1.1a", "1.1b", "1.2", "1.2a", "1.2b"]
    assert cells(line_starting(text, "2.2c"))[2:] == [
        "8 out of 12",
        "66.7%",
        "███████░░░",
        "39 to 86%",
        "2 not done",
    ]
    assert cells(line_starting(text, "5.1"))[-1] == "Inadequate*"


def test_findings_with_titles_and_figures(framework: Framework) -> None:
    text = render(score_workbooks([COVENTRY], framework), OutputOptions(width=200))
    strengths = text.split("Key strengths\n")[1].split("\n\n")[0].splitlines()
    assert [line.rstrip() for line in strengths] == [
        "  • 1.1 Assessment of offending factors: Outstanding* (18 out of 20 sufficient, 90%, "
        "question 1.1a; 95% interval 70 to 97%)",
        "  • 4.1 Engagement and diversity in assessment: Outstanding* (17 out of 20 sufficient, "
        "85%, question 4.1b; 95% interval 64 to 95%)",
        "  • 4.3 Compliance and enforcement: Outstanding* (5 out of 6 sufficient, 83.3%, "
        "question 4.3b; 95% interval 44 to 97%)",
    ]
    areas = text.split("Areas requiring improvement\n")[1].splitlines()
    assert areas[3].rstrip() == (
        "  • 5.1 Management oversight: Inadequate* (8 out of 20 sufficient, 40%, question 5.1a; "
        "95% interval 22 to 61%)"
    )
    # At 80 columns a finding wraps under its own text.
    narrow = render(score_workbooks([COVENTRY], framework), OutputOptions(width=80))
    areas = narrow.split("Areas requiring improvement\n")[1].splitlines()
    assert [line.rstrip() for line in areas[-2:]] == [
        "  • 5.1 Management oversight: Inadequate* (8 out of 20 sufficient, 40%, question",
        "    5.1a; 95% interval 22 to 61%)",
    ]


def test_uncertain_ratings_are_marked_and_explained(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    text = render(score_workbooks([COVENTRY], framework))
    assert "* uncertain: the 95% interval reaches another band" in text
    # 0 out of 60: the interval, 0 to 6%, stays inside Inadequate.
    secure = make_workbook({"Cases": [["Case ID", "5.1a"], *([f"C{n}", "No"] for n in range(60))]})
    text = render(score_workbooks([secure], framework))
    row = cells(line_starting(text, "5.1"))
    assert row[-2:] == ["0 to 6%", "Inadequate"]
    assert "uncertain:" not in text


def test_unmarked_criteria_take_one_line(framework: Framework) -> None:
    text = render(score_workbooks([LONG_LAYOUT_SAMPLE], framework))
    row = cells(line_starting(text, "1.2"))
    assert (row[0], row[2:]) == ("1.2", ["not marked"])
    assert row[1].startswith("Reports to court")
    assert "1.2a" not in text


def test_unmarked_question_in_a_marked_criterion(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a"], *([f"C{n}", "Yes"] for n in range(5))]
    text = render(score_workbooks([make_workbook({"Cases": rows})], framework))
    assert cells(line_starting(text, "1.1a"))[2:5] == ["5 out of 5", "100%", "██████████"]
    assert cells(line_starting(text, "1.1b"))[-1] == "not marked"
    assert cells(line_starting(text, "1.1"))[-1] == "Outstanding*"


def test_a_question_with_no_relevant_case_says_so_in_its_note(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    rows = [["Case ID", "1.1a", "1.1b"], *([f"C{n}", "Yes", "N/A"] for n in range(5))]
    text = render(score_workbooks([make_workbook({"Cases": rows})], framework))
    assert cells(line_starting(text, "1.1b"))[2:] == ["no relevant cases"]


def test_no_findings_say_none(make_workbook: WorkbookFactory, framework: Framework) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]})
    text = render(score_workbooks([path], framework))
    assert "Key strengths\n  None\n" in text
    assert "too few cases to rate" in line_starting(text, "1.1a")
    # Without an area, the path names the workbook, once.
    assert text.splitlines()[0] == f"{path} · 1 case"


def test_unreadable_workbook_and_problem_count(tmp_path: Path, framework: Framework) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    text = render(score_workbooks([broken], framework))
    assert text.strip() == f"{broken}  could not be read as a marking workbook"


def test_problem_counts_agree_with_their_nouns(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    path = make_workbook({"Cases": [["Case ID", "1.1a", "1.1b"], ["C1", "Yse", None]]})
    text = render(score_workbooks([path], framework))
    assert text.rstrip().endswith("1 error and 1 warning, listed on stderr")


# --- Readable at any width ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "bar", "interval"),
    [(60, False, False), (80, False, True), (100, True, True), (160, True, True)],
)
def test_ids_counts_percentages_and_ratings_are_never_cut(
    framework: Framework, width: int, bar: bool, interval: bool
) -> None:
    report = score_workbooks([COVENTRY], framework)
    [workbook] = report.workbooks
    text = render(report, OutputOptions(color=False, width=width))
    lines = text.splitlines()
    table = lines[: next(i for i, line in enumerate(lines) if line.startswith("* uncertain"))]
    assert max(len(line.rstrip()) for line in table) <= width
    by_id = {cells(line)[0]: cells(line) for line in table if line.strip()}
    for question in workbook.questions:
        row = by_id[question.id]
        assert row[2:4] == [
            f"{question.sufficient} out of {question.relevant}",
            f"{round(float(question.proportion or 0) * 100, 1):g}%",
        ]
    for criterion in workbook.criteria:
        row = by_id[criterion.id]
        assert row[-1] == f"{criterion.rating}{'*' if criterion.uncertain else ''}"
        assert row[2] == f"{criterion.sufficient} out of {criterion.relevant}"
    # Titles give way first, then the bar, then the interval.
    assert ("█" in text) is bar
    assert ("70 to 97%" in by_id["1.1"]) is interval
    title = by_id["1.1"][1]
    assert title == "Assessment of offending factors" or title.endswith("…")
    if width >= 160:
        assert title == "Assessment of offending factors"


def test_the_default_width_of_a_pipe_is_80_columns(framework: Framework) -> None:
    text = render(score_workbooks([COVENTRY], framework), OutputOptions(color=False))
    assert max(len(line) for line in text.splitlines()[:50]) <= 80
    assert cells(line_starting(text, "3.1"))[-1] == "Requires improvement*"


# --- A batch ------------------------------------------------------------------------------


def test_batch_rows_name_the_area_and_the_file(
    framework: Framework, make_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    """Two audits of one area are told apart by their files."""

    def rows(year: str) -> list[list[object]]:
        return [["Case ID", "1.1a"], *([f"{year}-{n}", "Yes"] for n in range(5))]

    first = make_workbook(
        {"Cases": rows("25"), "Inspection": [["Area", "North"]]}, name="2025.xlsx"
    )
    second = make_workbook(
        {"Cases": rows("26"), "Inspection": [["Area", "North"]]}, name="2026.xlsx"
    )
    plain = make_workbook({"Cases": rows("P")}, name="plain.xlsx")
    text = render(score_workbooks([first, second, plain], framework), OutputOptions(width=200))
    lines = text.splitlines()
    assert lines[0] == "3 workbooks: 3 ok, 0 with errors, 0 unreadable"
    assert cells(lines[1]) == [
        "Workbook",
        "Cases",
        "O",
        "G",
        "RI",
        "I",
        "Strengths",
        "Areas requiring improvement",
        "Problems",
    ]
    assert cells(lines[3]) == [f"North · {first}", "5", "1", "0", "0", "0", "1.1", "none"]
    assert cells(lines[4]) == [f"North · {second}", "5", "1", "0", "0", "0", "1.1", "none"]
    assert cells(lines[5])[0] == str(plain)


def test_a_batch_at_80_columns_wraps_text_and_keeps_every_number(
    framework: Framework, make_workbook: WorkbookFactory
) -> None:
    rows = [["Case ID", "1.1a", "2.1a", "3.1a"], *([f"C{n}", "Yes", "No", "Yes"] for n in range(6))]
    area = "A very long name of a youth justice service area"
    paths = [
        make_workbook({"Cases": rows, "Inspection": [["Area", area]]}, name=f"audit-{n}.xlsx")
        for n in range(2)
    ]
    text = render(score_workbooks(paths, framework), OutputOptions(width=80))
    lines = text.splitlines()
    summary = lines[
        : lines.index(
            "Criteria per band: O Outstanding, G Good, RI Requires improvement, I Inadequate"
        )
    ]
    assert max(len(line) for line in summary) <= 80
    numbers = [cells(line)[1:6] for line in summary if re.search(r"\s6\s+2\s+0\s+0\s+1\s", line)]
    assert numbers == [["6", "2", "0", "0", "1"]] * 2
    assert "".join(summary).replace(" ", "").count("audit-0.xlsx") == 1


def test_a_batch_without_colour_is_plain_text(framework: Framework) -> None:
    report = score_workbooks([COVENTRY, LONG_LAYOUT_SAMPLE], framework)
    text = render(report, OutputOptions(color=False, width=100))
    assert "\x1b[" not in text
    coloured = render(report, OutputOptions(color=True, width=100))
    assert "\x1b[" in coloured
    # The same words with or without colour.
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == text


def test_a_control_character_in_a_path_stays_on_its_line(
    framework: Framework, tmp_path: Path
) -> None:
    report = score_workbooks([COVENTRY], framework)
    [workbook] = report.workbooks
    moved = dataclasses.replace(workbook, path="audits/a\n::error::b.xlsx")
    text = render(dataclasses.replace(report, workbooks=(moved,)))
    assert text.splitlines()[1] == "audits/a\\n::error::b.xlsx"
    assert not any(line.startswith("::") for line in text.splitlines())


def test_colour_only_when_asked(framework: Framework) -> None:
    report = score_workbooks([COVENTRY], framework)
    assert "\x1b[" not in render(report)
    assert "\x1b[" in render(report, OutputOptions(color=True, width=100))


@pytest.mark.parametrize(
    ("environment", "coloured"),
    [({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False), ({}, False)],
)
def test_automatic_colour_follows_the_terminal_and_no_color(
    framework: Framework,
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
    coloured: bool,
) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    text = render(score_workbooks([COVENTRY], framework), OutputOptions(color=None, width=100))
    # Outstanding is bold green; NO_COLOR drops the green and may keep the bold.
    assert ("\x1b[1;32m" in text) is coloured


# --- Where the output is not Unicode (a Windows code page) --------------------------------


def render_in(report: Report, encoding: str, width: int = 120) -> str:
    """The table as written to a stream in encoding (a Windows pipe: cp1252), read back."""
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding=encoding, errors="strict")
    writer_for("table")(report, stream, OutputOptions(color=False, width=width))
    stream.flush()
    return buffer.getvalue().decode(encoding)


@pytest.mark.parametrize("encoding", ["cp1252", "cp850", "ascii"])
def test_the_table_is_drawn_in_ascii_where_the_output_is_not_unicode(
    framework: Framework, encoding: str
) -> None:
    report = score_workbooks([COVENTRY], framework)
    text = render_in(report, encoding)
    unicode = render(report, OutputOptions(color=False, width=120))
    assert text.isascii()
    lines = text.splitlines()
    assert lines[0] == "Coventry - 20 cases - fieldwork 28 to 30 June 2016"
    # The header's rule, as Rich's SIMPLE_HEAD draws it, in ASCII: no grid of | and +.
    [rule] = [line for line in lines if set(line) == {"-"}]
    assert [line.replace("\u2500", "-") for line in unicode.splitlines() if "\u2500" in line] == [
        rule
    ]
    assert len(rule) == 120
    assert "|" not in text and "+" not in text
    assert cells(line_starting(text, "1.1a"))[2:5] == ["18 out of 20", "90%", "#########."]
    assert cells(line_starting(text, "1.2b"))[4] == "###......."
    assert "  * 1.1 Assessment of offending factors: Outstanding* (18 out of 20" in text
    # Every line as wide as under UTF-8: the layout is the same, only the marks differ.
    assert [len(line) for line in lines] == [len(line) for line in unicode.splitlines()]


def test_a_title_cut_short_ends_in_three_dots_in_ascii(framework: Framework) -> None:
    report = score_workbooks([COVENTRY], framework)
    text = render_in(report, "ascii", width=80)
    assert cells(line_starting(text, "1.1"))[:2] == ["1.1", "Assessment of..."]
    assert cells(line_starting(render(report, OutputOptions(width=80)), "1.1"))[1] == (
        "Assessment of o\u2026"
    )
    assert max(len(line) for line in text.splitlines()) <= 80


def test_a_name_the_encoding_lacks_is_escaped_and_the_columns_stay_in_line(
    framework: Framework, make_workbook: WorkbookFactory
) -> None:
    rows = [["Case ID", "1.1a"], *([f"C{n}", "Yes"] for n in range(5))]
    welsh = make_workbook(
        {"Cases": rows, "Inspection": [["Area", "Ynys M\u00f4n \u2013 \u0174"]]}, name="a.xlsx"
    )
    plain = make_workbook({"Cases": rows, "Inspection": [["Area", "North"]]}, name="b.xlsx")
    text = render_in(score_workbooks([welsh, plain], framework), "cp1252", width=200)
    lines = text.splitlines()
    # cp1252 has ô and the en dash, not Ŵ: escaped as Python writes it, never dropped.
    assert lines[3].startswith(f"Ynys M\u00f4n \u2013 \\u0174 - {welsh}  ")
    assert lines[4].startswith(f"North - {plain}  ")
    assert lines[2] == "-" * len(lines[2])
    # The cases column (5) ends at the same place in the header and in both rows.
    ends = [line.index("Cases") + len("Cases") for line in lines[1:2]]
    ends += [re.search(r"\s5\s", line).end() - 1 for line in lines[3:5]]  # type: ignore[union-attr]
    assert ends == [ends[0]] * 3
