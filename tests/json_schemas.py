"""The shipped JSON Schemas of sample, agree and trend, for tests to validate against."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker


@functools.cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads(
        resources.files("sqs_cli").joinpath("schema", f"{name}.schema.json").read_text("utf-8")
    )
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def valid(name: str, text: str) -> dict[str, Any]:
    """Parse a JSON document and fail the test unless it matches the shipped schema."""
    document: dict[str, Any] = json.loads(text)
    validator(name).validate(document)
    return document
