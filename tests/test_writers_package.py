"""sqs_cli.writers.package: the same workbook is the same bytes, whenever it is written."""

from __future__ import annotations

import datetime
import io
import time
import zipfile

import openpyxl
import pytest

from sqs_cli.writers.package import fixed_time, with_fixed_times


def saved_now() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Case ID", "1.1a"])  # type: ignore[union-attr]
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_every_time_in_the_package_is_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = with_fixed_times(saved_now())
    # As if the second were saved an hour later.
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3600)
    second = with_fixed_times(saved_now())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {entry.date_time for entry in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert 'W3CDTF">1980-01-01T00:00:00Z</dcterms:created>' in core
    assert 'W3CDTF">1980-01-01T00:00:00Z</dcterms:modified>' in core
    # The workbook still opens, with its content.
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.properties.created == datetime.datetime(1980, 1, 1)
    assert [cell.value for cell in next(book.active.iter_rows())] == ["Case ID", "1.1a"]  # type: ignore[union-attr]


def test_source_date_epoch_sets_the_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1467072000")  # 28 June 2016
    assert fixed_time() == datetime.datetime(2016, 6, 28, tzinfo=datetime.UTC)
    with zipfile.ZipFile(io.BytesIO(with_fixed_times(saved_now()))) as package:
        assert {entry.date_time for entry in package.infolist()} == {(2016, 6, 28, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # before zip files could record a time
    assert fixed_time() == datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert fixed_time() == datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)
