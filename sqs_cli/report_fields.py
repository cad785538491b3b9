"""The fields of an sqs.report/1 document read back, each checked, for `sqs merge`
(merging) and for the audits of `sqs compare` and `sqs trend` (audits): a field that is
not what sqs writes is an invalid-report error naming the report and the field's key
(`workbooks[2].criteria[0].rating`), never a traceback or a figure made up."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqs_cli.framework import Band, Framework
from sqs_cli.marking import EnteredRating
from sqs_cli.problems import SqsError


def load_report_json(path: Path, max_bytes: int) -> object:
    """The parsed JSON of a report file; SqsError naming the file when it cannot be read."""
    source = str(path)
    folder = SqsError.of("file-unreadable", "is a folder, not a JSON report", file=source)
    try:
        if path.is_dir():
            raise folder
        if path.stat().st_size > max_bytes:
            raise SqsError.of(
                "limit-exceeded", f"the report is larger than {max_bytes} bytes", file=source
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SqsError.of("file-not-found", "no such file", file=source) from None
    except IsADirectoryError:
        # Windows says PermissionError for a folder; is_dir() above covers both.
        raise folder from None
    except UnicodeDecodeError:
        raise SqsError.of("invalid-report", "not UTF-8 text", file=source) from None
    except OSError as error:
        raise SqsError.of(
            "file-unreadable", f"cannot read: {error.strerror or error}", file=source
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SqsError.of(
            "invalid-report",
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            file=source,
        ) from None


class ReportFields:
    """Checked access to one report's fields, for the readers of reports to build on."""

    def __init__(self, source: str, framework: Framework) -> None:
        self.source = source
        self.framework = framework

    def invalid(self, key: str, message: str) -> SqsError:
        return SqsError.of("invalid-report", f"{key}: {message}", file=self.source)

    def mapping(self, value: object, key: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.invalid(key, "must be an object")
        return value

    def items(self, value: object, key: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.invalid(key, "must be an array")
        return value

    def count(self, data: Mapping[str, Any], key: str, name: str) -> int:
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.invalid(f"{key}.{name}", "must be a whole number, 0 or more")
        return value

    def optional_count(self, data: Mapping[str, Any], key: str, name: str) -> int | None:
        return None if data.get(name) is None else self.count(data, key, name)

    def text(self, data: Mapping[str, Any], key: str, name: str) -> str:
        value = data.get(name)
        if not isinstance(value, str):
            raise self.invalid(f"{key}.{name}", "must be text")
        return value

    def optional_text(self, data: Mapping[str, Any], key: str, name: str) -> str | None:
        return None if data.get(name) is None else self.text(data, key, name)

    def flag(self, data: Mapping[str, Any], key: str, name: str, default: bool) -> bool:
        value = data.get(name, default)
        if not isinstance(value, bool):
            raise self.invalid(f"{key}.{name}", "must be true or false")
        return value

    def choice(
        self,
        data: Mapping[str, Any],
        key: str,
        name: str,
        allowed: tuple[str, ...],
        default: str | None = None,
    ) -> Any:
        value = data.get(name, default)
        if value not in allowed:
            raise self.invalid(f"{key}.{name}", f"must be one of {', '.join(allowed)}")
        return value

    def band(self, data: Mapping[str, Any], key: str, name: str) -> Band | None:
        """The framework's band a rating field names; None where the field is null."""
        rating = data.get(name)
        if rating is None:
            return None
        band = self.framework.rating.band_named(rating) if isinstance(rating, str) else None
        if band is None:
            names = ", ".join(band.name for band in self.framework.rating.bands)
            raise self.invalid(
                f"{key}.{name}",
                f"{rating!r} is not a band of framework {self.framework.id!r} ({names})",
            )
        return band

    def entered_rating(self, value: object, key: str, criterion_id: str) -> EnteredRating | None:
        """A criterion's `entered` field: the rating entered on the Ratings sheet, as the
        report recorded it (None where none was)."""
        if value is None:
            return None
        data = self.mapping(value, key)
        band = self.band(data, key, "rating")
        if band is None:
            raise self.invalid(f"{key}.rating", "must be a rating")
        return EnteredRating(
            criterion=criterion_id,
            rating=band.name,
            reason=self.optional_text(data, key, "reason"),
            sheet=self.optional_text(data, key, "sheet") or "Ratings",
            cell=self.optional_text(data, key, "cell") or "",
            usable=self.flag(data, key, "used", True),
        )
