"""`sqs agree` on the terminal: the overall figures, a row per question, and the agenda
for the moderation meeting (the questions that differ most, and every differing cell)."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from sqs_cli.agreement import Agreement
from sqs_cli.figures import percent
from sqs_cli.safe_text import one_line
from sqs_cli.wording import counted
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.agree_text import (
    KAPPA_NAMES,
    agreement_text,
    coefficient_text,
    compared_on,
    judgement_text,
    marker_name,
    partial_case_text,
    question_note,
)
from sqs_cli.writers.console import console_for


def _questions_table(agreement: Agreement) -> Table:
    kind = agreement.overall.kappa_kind
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Question", no_wrap=True)
    table.add_column("Cases", justify="right")
    table.add_column("Agree", justify="right")
    table.add_column("Kappa" if kind == "cohen" else "Fleiss", overflow="fold")
    table.add_column("AC1", overflow="fold")
    for question in agreement.questions:
        figures = question.figures
        if figures is None:
            if any(question.marked_by):
                note = question_note(question, agreement)
                table.add_row(question.id, "", "", Text(note, style="dim"), "")
            continue
        agree = percent(figures.percent) if figures.compared else "-"
        kappa = coefficient_text(figures.kappa) if figures.compared else ""
        note = question_note(question, agreement)
        if note:
            kappa = f"{kappa}\n{note}" if kappa else note
        table.add_row(
            question.id,
            str(figures.compared),
            agree,
            kappa,
            coefficient_text(figures.ac1) if figures.compared else "",
        )
    return table


def write_agree_table(agreement: Agreement, stream: TextIO, options: OutputOptions) -> None:
    console = console_for(stream, options)
    markers = len(agreement.markers)
    console.print(
        Text(f"Agreement of {markers} markers: {agreement.framework_title}", style="bold")
    )
    for index, marker in enumerate(agreement.markers):
        console.print(
            f"  {index + 1}. {marker_name(agreement, index)}: {counted(marker.cases, 'case')}",
            soft_wrap=True,
            markup=False,
        )
    console.print(
        f"Compared on {compared_on(agreement)}; {counted(agreement.common_cases, 'case')} in "
        "every workbook.",
        soft_wrap=True,
        markup=False,
    )
    overall = agreement.overall
    kappa = KAPPA_NAMES[overall.kappa_kind]
    console.print(Text("Overall (every case and question):", style="bold"))
    console.print(f"  agree on {agreement_text(overall)}", soft_wrap=True, markup=False)
    console.print(f"  {kappa} {coefficient_text(overall.kappa)}", soft_wrap=True, markup=False)
    console.print(f"  Gwet's AC1 {coefficient_text(overall.ac1)}", soft_wrap=True, markup=False)
    console.print(_questions_table(agreement))
    console.print(
        Text(
            "Agree: cases on which every marker gave the same judgement. Kappa and AC1 with "
            "their 95% intervals; bands of Landis and Koch (1977).",
            style="dim",
        ),
        soft_wrap=True,
    )
    agenda = agreement.agenda
    console.print()
    if not agenda:
        console.print("The markers agree on every case compared.")
    else:
        listed = ", ".join(
            f"{question.id} ({figures.differing} of {figures.compared} differ)"
            for question, figures in agenda
        )
        console.print(
            Text("To discuss, most differences first: ", style="bold").append(listed),
            soft_wrap=True,
        )
    if agreement.differences:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, title_justify="left")
        table.add_column("Case", overflow="fold")
        table.add_column("Question", no_wrap=True)
        for index in range(markers):
            table.add_column(marker_name(agreement, index), overflow="fold")
        for difference in agreement.differences:
            table.add_row(
                one_line(difference.case_id),
                difference.question,
                *(judgement_text(judgement) for judgement in difference.judgements),
            )
        console.print(
            Text(f"Where the markers differ ({len(agreement.differences)}):", style="bold")
        )
        console.print(table)
    for case in agreement.partial_cases:
        console.print(
            Text(
                f"Note: case {one_line(case.case_id)} is not compared: "
                f"{partial_case_text(agreement, case.present)}.",
                style="yellow",
            ),
            soft_wrap=True,
        )
    for question in agreement.questions_not_marked_by_all:
        console.print(
            Text(
                f"Note: question {question.id} is not compared: "
                f"{question_note(question, agreement)}.",
                style="yellow",
            ),
            soft_wrap=True,
        )
