"""`sqs sample --format json`: the draw as a document of schema sqs.sample/1."""

from __future__ import annotations

from typing import Any, TextIO

from sqs_cli.case_sample import SampleRecord
from sqs_cli.safe_text import write_json_document
from sqs_cli.sampling import ALGORITHM
from sqs_cli.schemas import SAMPLE_SCHEMA
from sqs_cli.writers import OutputOptions


def sample_document(record: SampleRecord) -> dict[str, Any]:
    drawn = record.draw
    return {
        "schema": SAMPLE_SCHEMA,
        "framework": {"id": record.framework.id, "title": record.framework.title},
        "case_list": {
            "path": record.case_list,
            "sheet": record.sheet,
            "id_column": record.id_header,
            "sha256": record.fingerprint,
        },
        "algorithm": ALGORITHM,
        "seed": drawn.seed,
        "seed_chosen": record.seed_chosen,
        "rule": drawn.rule,
        "population": drawn.population,
        "excluded": drawn.excluded,
        "exclude_file": record.exclude_file,
        "exclusions_not_listed": record.exclusions_not_listed,
        "strata_columns": list(record.strata_columns),
        "strata": [
            {
                "stratum": list(stratum.stratum),
                "population": stratum.population,
                "share": float(stratum.quota),
                "sample": stratum.sample,
            }
            for stratum in drawn.strata
        ],
        "size": drawn.size,
        "cases": [
            {"case_id": case.case_id, "stratum": list(case.stratum)} for case in record.cases
        ],
        "command": record.command,
    }


def write_sample_json(record: SampleRecord, stream: TextIO, options: OutputOptions) -> None:
    write_json_document(sample_document(record), stream)
