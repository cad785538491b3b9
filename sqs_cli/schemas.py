"""The IDs of the JSON documents sqs writes and reads, each with its JSON Schema file.

`sqs_cli/schema/report.schema.json` describes `sqs score --format json` (which `sqs
compare` also reads back); `sqs_cli/schema/compare.schema.json` describes `sqs compare
--format json`; `sample.schema.json`, `agree.schema.json` and `trend.schema.json` describe
the JSON of `sqs sample`, `sqs agree` and `sqs trend`. A field may be added to a schema;
renaming or removing one takes a new ID.
"""

from __future__ import annotations

REPORT_SCHEMA = "sqs.report/1"
COMPARE_SCHEMA = "sqs.compare/1"
SAMPLE_SCHEMA = "sqs.sample/1"
AGREE_SCHEMA = "sqs.agree/1"
TREND_SCHEMA = "sqs.trend/1"
