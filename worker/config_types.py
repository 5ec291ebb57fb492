"""The value types of the configuration files, each with the check that makes a wrong
value a clear message (a duration, a regex, a CSS selector selectolax accepts, ...)."""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field
from selectolax.lexbor import LexborHTMLParser, SelectolaxError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}
_SELECTOR_PROBE = LexborHTMLParser("<p></p>")


def parse_duration(value: object) -> object:
    """'90s', '5m', '1.5h', '30d', '250ms' or a plain number of seconds."""
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match is None:
            raise ValueError(f"{value!r} is not a duration such as 30s, 5m, 2h or 7d")
        return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    return value


def check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"bad regular expression {value!r}: {exc}") from exc
    return value


def check_selector(value: str) -> str:
    try:
        _SELECTOR_PROBE.css(value)
    except SelectolaxError as exc:
        raise ValueError(f"CSS selector {value!r} is rejected by selectolax") from exc
    return value


def check_cron(value: str) -> str:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(value)
    except ValueError as exc:
        raise ValueError(f"bad cron expression {value!r}: {exc}") from exc
    return value


def check_http_url(value: str) -> str:
    if not re.match(r"^https?://[^/\s]+", value):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def check_network(value: str) -> str:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not an IP address or network such as 10.0.0.0/8") from exc
    return value


def check_strftime(value: str) -> str:
    if "%" not in value:
        raise ValueError(f"{value!r} is not a strftime format such as %Y-%m-%d")
    try:
        datetime(2024, 1, 31).strftime(value)
    except ValueError as exc:
        raise ValueError(f"bad strftime format {value!r}: {exc}") from exc
    return value


Duration = Annotated[float, BeforeValidator(parse_duration), Field(ge=0)]
Regex = Annotated[str, AfterValidator(check_regex)]
Selector = Annotated[str, AfterValidator(check_selector)]
HttpUrl = Annotated[str, AfterValidator(check_http_url)]
Network = Annotated[str, AfterValidator(check_network)]
