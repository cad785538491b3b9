"""sqs: score Short Quality Screening (SQS) case-marking workbooks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sqs-cli")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"
