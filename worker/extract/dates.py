"""Dates as outlets print them, to ISO 8601 with an offset (`2023-08-14T10:05:00+07:00`).

Indonesian pages write times in many ways: ISO in JSON-LD and meta tags (sometimes with
hyphens in the time, `2022-12-10T20-55-32Z`), `2022/12/10 13:19:56` in meta tags, and
visible text with day and month names and a zone name: `Senin, 14 Agustus 2023 | 10:05 WIB`,
`Sabtu, 10 Des 2022 13:19 WIB`, `Kompas.com - 18/06/2025, 21:35 WIB`. A time without a
zone takes the outlet's offset. A time later than "now" (the fetch time) is not believed:
it gives None, as does anything that is not a date. Never raises.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = [
    "DEFAULT_OFFSET",
    "now_iso",
    "parse_datetime",
    "parse_offset",
    "split_updated",
    "to_datetime",
]

DEFAULT_OFFSET = "+07:00"
"""WIB: the offset of naive times when the outlet is unknown."""

_ZONES = {"wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0, "z": 0}

_MONTHS = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "ags", "agst", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}

# 2023-08-14T10:05:00+07:00, 2022-12-10T20-55-32Z, 2022/12/10 13:19:56, 2023-08-14
_ISO = re.compile(
    r"^(?P<y>\d{4})[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:[T ]\s*(?P<h>\d{1,2})[:.-](?P<mi>\d{2})(?:[:.-](?P<s>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
# 14 Agustus 2023, 10 Des 2022, 2 Sep. 2025
_DAY_MONTH_YEAR = re.compile(r"\b(?P<d>\d{1,2})\s+(?P<mo>[a-z]{3,9})\.?,?\s+(?P<y>\d{4})\b")
# August 14, 2023 / Aug 14 2023
_MONTH_DAY_YEAR = re.compile(
    r"\b(?P<mo>[a-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b"
)
# 18/06/2025, 14-8-2023, 14.08.2023
_NUMERIC_DMY = re.compile(r"\b(?P<d>\d{1,2})(?P<sep>[/.-])(?P<mo>\d{1,2})(?P=sep)(?P<y>\d{4})\b")
# 2025/06/18, 2025-06-18 (inside text)
_NUMERIC_YMD = re.compile(r"\b(?P<y>\d{4})(?P<sep>[/.-])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})\b")
# 10:05, 13.19, 21:35:07, 9:05 pm, followed by an optional numeric offset (+07:00, +0700)
_TIME = re.compile(
    r"(?<![\d:.])(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?(?![\d])"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?)(?![a-z]))?"
    r"(?:\s*(?P<off>Z(?![a-z])|[+-]\d{2}:?\d{2}))?",
    re.IGNORECASE,
)
# WIB, WITA, WIT, UTC, GMT, optionally with an offset: GMT+7, UTC+07:00
_ZONE = re.compile(
    r"(?<![a-z])(?P<name>wita|wib|wit|utc|gmt)(?![a-z])"
    r"(?:\s*(?P<sign>[+-])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"^(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})?$")
# "Diperbarui 18 Jun 2025, 14:05 WIB", "Update: ...", "Pembaruan terakhir ..."
_UPDATED = re.compile(
    r"(?<![a-z])(?:diperbarui|diperbaharui|diupdate|updated?|pembaruan(?: terakhir)?)"
    r"(?![a-z])(?:\s*(?:pada|on))?\s*:?\s*",
    re.IGNORECASE,
)


def now_iso() -> str:
    """The current time in UTC, ISO 8601 with offset, seconds precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def parse_offset(text: str) -> timezone | None:
    """`+07:00`, `+0700`, `+07`, `Z`, or a zone name (WIB, WITA, WIT, UTC, GMT)."""
    text = text.strip()
    hours = _ZONES.get(text.lower())
    if hours is not None:
        return timezone(timedelta(hours=hours))
    match = _OFFSET.match(text)
    if match is None:
        return None
    minutes = int(match["h"]) * 60 + int(match["m"] or 0)
    if minutes >= 24 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if match["sign"] == "-" else minutes))


def split_updated(text: str) -> tuple[str, str]:
    """A visible time split at "Diperbarui" (updated): (published part, updated part).

    `Kompas.com - 18/06/2025, 21:35 WIB Diperbarui 19/06/2025` gives both parts;
    `Diperbarui 18 Jun 2025, 14:05 WIB` alone is an update time, not the publication's.
    """
    match = _UPDATED.search(text)
    if match is None:
        return text, ""
    return text[: match.start()].strip(" ,|-"), text[match.end() :].strip()


def parse_datetime(
    text: str | None, default_offset: str = DEFAULT_OFFSET, *, now: datetime | None = None
) -> str | None:
    """`text` as ISO 8601 with offset, seconds precision; None if not a date or in the future.

    `default_offset` is the offset of a time written without a zone (the outlet's);
    `now` (default: the current time) is the latest time believed.
    """
    value = to_datetime(text, default_offset, now=now)
    return None if value is None else value.isoformat(timespec="seconds")


def to_datetime(
    text: str | None, default_offset: str = DEFAULT_OFFSET, *, now: datetime | None = None
) -> datetime | None:
    """Like `parse_datetime`, as an aware `datetime`."""
    if not text:
        return None
    text = " ".join(text.split())
    if not text or len(text) > 200:
        return None
    default_tz = _offset(default_offset)
    try:
        value = _strict_iso(text, default_tz) or _parse(text, default_tz)
    except (ValueError, OverflowError):
        return None
    if value is None or not 1900 <= value.year <= 2200:
        return None
    if value > (now if now is not None else datetime.now(UTC)):
        return None
    return value.replace(microsecond=0)


@functools.lru_cache(maxsize=64)
def _offset(text: str) -> timezone:
    return parse_offset(text) or timezone(timedelta(hours=7))


def _strict_iso(text: str, default_tz: timezone) -> datetime | None:
    """The common case, `2023-08-14T10:05:00+07:00` in JSON-LD and meta tags, by the C
    parser; anything it refuses goes through the patterns below."""
    if len(text) < 19 or text[4] != "-" or text[10] not in "T ":
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=default_tz)


def _parse(text: str, default_tz: timezone) -> datetime | None:
    match = _ISO.match(text)
    if match is not None:
        tz = parse_offset(match["tz"]) if match["tz"] else default_tz
        if tz is None:
            return None
        return datetime(
            int(match["y"]),
            int(match["mo"]),
            int(match["d"]),
            int(match["h"] or 0),
            int(match["mi"] or 0),
            int(match["s"] or 0),
            tzinfo=tz,
        )
    if _EPOCH.match(text):
        seconds = int(text[:10])
        return datetime.fromtimestamp(seconds, UTC)
    return _parse_text(text, default_tz)


def _parse_text(text: str, default_tz: timezone) -> datetime | None:
    """Free text: find a date, then a time outside it, then a zone."""
    lowered = text.lower()
    date = _find_date(lowered)
    if date is None:
        return None
    year, month, day, start, end = date
    rest = lowered[:start] + " " * (end - start) + lowered[end:]
    hour = minute = second = 0
    tz: timezone | None = None
    time_match = _TIME.search(rest, end) or _TIME.search(rest)
    if time_match is not None:
        hour, minute = int(time_match["h"]), int(time_match["mi"])
        second = int(time_match["s"] or 0)
        ampm = (time_match["ampm"] or "").replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if time_match["off"]:
            tz = parse_offset(time_match["off"])
    if tz is None:
        zone = _ZONE.search(rest)
        if zone is not None:
            tz = _zone_offset(zone)
    return datetime(year, month, day, hour, minute, second, tzinfo=tz or default_tz)


def _find_date(text: str) -> tuple[int, int, int, int, int] | None:
    """(year, month, day, start, end) of the first date written in `text`."""
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for found in pattern.finditer(text):
            month = _MONTHS.get(found["mo"])
            if month is not None:
                return int(found["y"]), month, int(found["d"]), found.start(), found.end()
    match = _NUMERIC_YMD.search(text)
    if match is not None:
        return int(match["y"]), int(match["mo"]), int(match["d"]), match.start(), match.end()
    match = _NUMERIC_DMY.search(text)
    if match is not None:
        day, month = int(match["d"]), int(match["mo"])
        if month > 12 >= day:  # month first, as in 06/18/2025
            day, month = month, day
        return int(match["y"]), month, day, match.start(), match.end()
    return None


def _zone_offset(zone: re.Match[str]) -> timezone | None:
    hours = _ZONES[zone["name"].lower()]
    if zone["sign"] is None:
        return timezone(timedelta(hours=hours))
    minutes = int(zone["oh"]) * 60 + int(zone["om"] or 0)
    if minutes >= 24 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if zone["sign"] == "-" else minutes))
