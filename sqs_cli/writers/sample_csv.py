"""`sqs sample --format csv`: the sampled cases, one a row, with their strata."""

from __future__ import annotations

import csv
from typing import TextIO

from sqs_cli.case_sample import SampleRecord
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.cells import spreadsheet_safe


def write_sample_csv(record: SampleRecord, stream: TextIO, options: OutputOptions) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([spreadsheet_safe(name) for name in ("Case ID", *record.strata_columns)])
    for case in record.cases:
        writer.writerow([spreadsheet_safe(text) for text in (case.case_id, *case.stratum)])
