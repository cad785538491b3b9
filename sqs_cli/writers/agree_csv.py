"""`sqs agree --format csv`: every cell where the markers differ, one a row (no free
text: the case ID, the question and each marker's judgement), to sort and annotate."""

from __future__ import annotations

import csv
from typing import TextIO

from sqs_cli.agreement import Agreement
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.agree_text import judgement_text, marker_name
from sqs_cli.writers.cells import spreadsheet_safe


def write_agree_csv(agreement: Agreement, stream: TextIO, options: OutputOptions) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    markers = [marker_name(agreement, index) for index in range(len(agreement.markers))]
    writer.writerow([spreadsheet_safe(text) for text in ("Case ID", "Question", *markers)])
    for difference in agreement.differences:
        writer.writerow(
            [
                spreadsheet_safe(difference.case_id),
                difference.question,
                *(judgement_text(judgement) for judgement in difference.judgements),
            ]
        )
