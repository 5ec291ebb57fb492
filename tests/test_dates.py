"""Dates as Indonesian outlets write them, to ISO 8601 with an offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from worker.extract.dates import now_iso, parse_datetime, parse_offset, split_updated, to_datetime

NOW = datetime(2027, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # visible text on article pages
        ("Senin, 14 Agustus 2023 | 10:05 WIB", "2023-08-14T10:05:00+07:00"),
        ("Sabtu, 10 Des 2022 13:19 WIB", "2022-12-10T13:19:00+07:00"),
        ("18/06/2025, 21:35 WIB", "2025-06-18T21:35:00+07:00"),
        ("Kompas.com - 18/06/2025, 21:35 WIB", "2025-06-18T21:35:00+07:00"),
        ("Jum'at, 24 Juli 2026 - 13:39 WIB", "2026-07-24T13:39:00+07:00"),
        ("Rabu 18 Jun 2025 22:02 WIB", "2025-06-18T22:02:00+07:00"),
        ("Diperbarui 18 Jun 2025, 14:05 WIB", "2025-06-18T14:05:00+07:00"),
        ("Jurnalis-Senin, 16 Juni 2025 |15:20 WIB", "2025-06-16T15:20:00+07:00"),
        ("Terbit 2 Sep 2025 17:00 WIB", "2025-09-02T17:00:00+07:00"),
        ("Minggu, 17 Agu 2025 15:40 WIB", "2025-08-17T15:40:00+07:00"),
        ("Kamis, 7 Agt 2025 09:00 WIB", "2025-08-07T09:00:00+07:00"),
        ("Kamis, 7 Agst 2025 09:00 WIB", "2025-08-07T09:00:00+07:00"),
        ("Selasa, 3 Okt 2023 08:15 WITA", "2023-10-03T08:15:00+08:00"),
        ("Kamis, 5 Januari 2023 19.30 WIT", "2023-01-05T19:30:00+09:00"),
        ("Senin, 14/8/2023 10.05 WIB", "2023-08-14T10:05:00+07:00"),
        ("14 Nopember 2023, 07:45:12 WIB", "2023-11-14T07:45:12+07:00"),
        ("Sabtu, 9 Mei 2020 - 06:00 wib", "2020-05-09T06:00:00+07:00"),
        ("18 Jun 2025 14:05 GMT+7", "2025-06-18T14:05:00+07:00"),
        ("18 Jun 2025 14:05 UTC+08:00", "2025-06-18T14:05:00+08:00"),
        ("14 Nop 2023", "2023-11-14T00:00:00+07:00"),
        # meta tags, JSON-LD, feeds
        ("2023-08-14T10:05:00+07:00", "2023-08-14T10:05:00+07:00"),
        ("2023-08-14T03:05:00Z", "2023-08-14T03:05:00+00:00"),
        ("2023-08-14T10:05:00.123+0700", "2023-08-14T10:05:00+07:00"),
        ("2023-08-14T10:05-07:00", "2023-08-14T10:05:00-07:00"),
        ("2023-08-14 10:05:00", "2023-08-14T10:05:00+07:00"),
        ("2023-08-14", "2023-08-14T00:00:00+07:00"),
        ("2022-12-10T20-55-32Z", "2022-12-10T20:55:32+00:00"),
        ("2022/12/10 13:19:56", "2022-12-10T13:19:56+07:00"),
        ("Mon, 14 Aug 2023 10:05:00 +0700", "2023-08-14T10:05:00+07:00"),
        ("Mon, 14 Aug 2023 03:05:00 GMT", "2023-08-14T03:05:00+00:00"),
        ("August 14, 2023 10:05 PM", "2023-08-14T22:05:00+07:00"),
        ("06/18/2025 09:00", "2025-06-18T09:00:00+07:00"),
        ("1692000000", "2023-08-14T08:00:00+00:00"),
        ("  Senin,\n 14 Agustus 2023\t| 10:05 WIB  ", "2023-08-14T10:05:00+07:00"),
    ],
)
def test_formats(text: str, expected: str) -> None:
    assert parse_datetime(text, now=NOW) == expected


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("14 Agustus 2023 10:05", "+08:00", "2023-08-14T10:05:00+08:00"),
        ("2022/12/10 13:19:56", "+09:00", "2022-12-10T13:19:56+09:00"),
        ("2023-08-14T10:05:00", "+00:00", "2023-08-14T10:05:00+00:00"),
        # an explicit zone wins over the outlet's offset
        ("Senin, 14 Agustus 2023 | 10:05 WIB", "+09:00", "2023-08-14T10:05:00+07:00"),
        ("2023-08-14T10:05:00+07:00", "-05:00", "2023-08-14T10:05:00+07:00"),
    ],
)
def test_naive_times_take_the_outlet_offset(text: str, offset: str, expected: str) -> None:
    assert parse_datetime(text, offset, now=NOW) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "kemarin",
        "3 jam yang lalu",
        "Senin",
        "10:05 WIB",
        "31 Februari 2023",
        "2023-13-01",
        "2023-02-30T10:00:00+07:00",
        "99/99/2023",
        "14 Foo 2023 10:05",
        "2023-08-14T25:00:00+07:00",
        "0001-01-01T00:00:00Z",
        "\x00\x01\x02",
        "x" * 1000,
    ],
)
def test_not_a_date(text: str | None) -> None:
    assert parse_datetime(text, now=NOW) is None


def test_future_is_not_believed() -> None:
    now = datetime(2023, 8, 14, 3, 30, tzinfo=UTC)  # 10:30 WIB
    assert parse_datetime("Senin, 14 Agustus 2023 | 10:05 WIB", now=now) == (
        "2023-08-14T10:05:00+07:00"
    )
    assert parse_datetime("Senin, 14 Agustus 2023 | 10:31 WIB", now=now) is None
    assert parse_datetime("2023-08-14T10:30:00+07:00", now=now) == "2023-08-14T10:30:00+07:00"
    assert parse_datetime("2023-08-14T10:30:01+07:00", now=now) is None
    assert parse_datetime("2099-01-01T00:00:00Z") is None  # default now: the current time


def test_to_datetime_is_aware() -> None:
    value = to_datetime("Sabtu, 10 Des 2022 13:19 WIB", now=NOW)
    assert value == datetime(2022, 12, 10, 13, 19, tzinfo=timezone(timedelta(hours=7)))


@pytest.mark.parametrize(
    ("text", "hours"),
    [("+07:00", 7), ("+0800", 8), ("+09", 9), ("-05:00", -5), ("Z", 0), ("WIB", 7), ("wita", 8)],
)
def test_parse_offset(text: str, hours: int) -> None:
    assert parse_offset(text) == timezone(timedelta(hours=hours))


@pytest.mark.parametrize("text", ["", "7", "+7", "+25:00", "CET", "+07:00:00"])
def test_parse_offset_rejects(text: str) -> None:
    assert parse_offset(text) is None


def test_now_iso() -> None:
    value = now_iso()
    assert value.endswith("+00:00")
    assert datetime.fromisoformat(value).microsecond == 0


@pytest.mark.parametrize(
    ("text", "published", "updated"),
    [
        (
            "Kompas.com - 18/06/2025, 21:35 WIB Diperbarui 19/06/2025, 08:12 WIB",
            "Kompas.com - 18/06/2025, 21:35 WIB",
            "19/06/2025, 08:12 WIB",
        ),
        ("Diperbarui 18 Jun 2025, 14:05 WIB", "", "18 Jun 2025, 14:05 WIB"),
        ("Senin, 14 Agustus 2023 | 10:05 WIB", "Senin, 14 Agustus 2023 | 10:05 WIB", ""),
        ("14/08/2023, Update: 15/08/2023 10:00", "14/08/2023", "15/08/2023 10:00"),
        ("Rabu, 18 Jun 2025 | diperbaharui pada 19 Jun 2025", "Rabu, 18 Jun 2025", "19 Jun 2025"),
    ],
)
def test_split_updated(text: str, published: str, updated: str) -> None:
    assert split_updated(text) == (published, updated)
