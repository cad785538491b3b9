"""`sqs agree --format markdown`: the moderation meeting's agenda, for a wiki or an email:
the figures, the questions that differ most, and every differing cell."""

from __future__ import annotations

from typing import TextIO

from sqs_cli.agreement import Agreement
from sqs_cli.figures import percent
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
from sqs_cli.writers.markdown import cell, table


def write_agree_markdown(agreement: Agreement, stream: TextIO, options: OutputOptions) -> None:
    markers = len(agreement.markers)
    names = [marker_name(agreement, index) for index in range(markers)]
    overall = agreement.overall
    lines = [
        f"# Agreement of {markers} markers: {cell(agreement.framework_title)}",
        "",
        *(
            f"{index + 1}. {cell(name)}: {counted(agreement.markers[index].cases, 'case')}"
            for index, name in enumerate(names)
        ),
        "",
        f"Compared on {cell(compared_on(agreement))}; "
        f"{counted(agreement.common_cases, 'case')} in every workbook.",
        "",
        f"- Agree on {agreement_text(overall)} of every case and question",
        f"- {KAPPA_NAMES[overall.kappa_kind]}: {coefficient_text(overall.kappa)}",
        f"- Gwet's AC1: {coefficient_text(overall.ac1)}",
        "",
        "## To discuss",
        "",
    ]
    agenda = agreement.agenda
    if agenda:
        lines += table(
            ["Question", "Differ", "Agree", "Asks"],
            [
                [
                    question.id,
                    f"{figures.differing} of {figures.compared}",
                    percent(figures.percent),
                    question.text,
                ]
                for question, figures in agenda
            ],
        )
    else:
        lines.append("The markers agree on every case compared.")
    if agreement.differences:
        lines += ["", "## Where the markers differ", ""]
        lines += table(
            ["Case", "Question", *names],
            [
                [d.case_id, d.question, *(judgement_text(j) for j in d.judgements)]
                for d in agreement.differences
            ],
        )
    lines += ["", "## Every question", ""]
    lines += table(
        ["Question", "Cases", "Agree", KAPPA_NAMES[overall.kappa_kind], "AC1", "Note"],
        [
            [
                question.id,
                question.figures.compared if question.figures else "",
                percent(question.figures.percent) if question.figures else "",
                coefficient_text(question.figures.kappa) if question.figures else "",
                coefficient_text(question.figures.ac1) if question.figures else "",
                question_note(question, agreement),
            ]
            for question in agreement.questions
            if any(question.marked_by)
        ],
    )
    notes = [
        f"- Case {cell(case.case_id)} is not compared: "
        f"{cell(partial_case_text(agreement, case.present))}."
        for case in agreement.partial_cases
    ]
    if notes:
        lines += ["", "## Cases not in every workbook", "", *notes]
    lines.append("")
    stream.write("\n".join(lines) + "\n")
