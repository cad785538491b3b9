"""`sqs sample` on the terminal (the default without -o): the draw, its strata, the cases."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from sqs_cli.case_sample import SampleRecord
from sqs_cli.safe_text import one_line
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.console import console_for
from sqs_cli.writers.sample_text import record_lines, stratum_label


def write_sample_table(record: SampleRecord, stream: TextIO, options: OutputOptions) -> None:
    console = console_for(stream, options)
    console.print(Text(f"Sample of {record.draw.size} cases", style="bold"))
    for key, value in record_lines(record):
        line = Text(f"{key}: ", style="bold")
        line.append(one_line(value))
        console.print(line, soft_wrap=True)
    header = " / ".join(record.strata_columns) if record.strata_columns else "Stratum"
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(one_line(header), overflow="fold")
    table.add_column("Population", justify="right")
    table.add_column("Share", justify="right")
    table.add_column("Sample", justify="right")
    for stratum in record.draw.strata:
        table.add_row(
            one_line(stratum_label(record, stratum.stratum)),
            str(stratum.population),
            f"{float(stratum.quota):.2f}",
            str(stratum.sample),
        )
    table.add_section()
    table.add_row("Total", str(record.draw.population), "", str(record.draw.size))
    console.print(table)
    cases = ", ".join(one_line(case.case_id) for case in record.cases)
    console.print(Text("Cases: ", style="bold").append(cases), soft_wrap=True)
    console.print(
        Text("Write the marking workbook with -o marking.xlsx.", style="dim"), soft_wrap=True
    )
