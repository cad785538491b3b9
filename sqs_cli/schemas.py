"""The IDs of the JSON documents sqs writes and reads, each with its JSON Schema file.

`sqs_cli/schema/report.schema.json` describes `sqs score --format json` (which `sqs
compare` also reads back); `sqs_cli/schema/compare.schema.json` describes `sqs compare
--format json`. A field may be added to a schema; renaming or removing one takes a new ID.
"""

from __future__ import annotations

REPORT_SCHEMA = "sqs.report/1"
COMPARE_SCHEMA = "sqs.compare/1"
