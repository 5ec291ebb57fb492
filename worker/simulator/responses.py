"""What the simulator records of each request, and how it answers with a cached page
(ETag / Last-Modified, 304 when the client's validators still hold)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import NamedTuple

from aiohttp import web


class RequestRecord(NamedTuple):
    time: float  # time.monotonic() when the request arrived
    method: str
    path_qs: str
    headers: dict[str, str]
    status: int  # 499 when the handler was cancelled (the client went away)
    target: str = ""  # the request target as sent: absolute (http://...) through a proxy

    @property
    def path(self) -> str:
        """The path without its query string."""
        return self.path_qs.split("?", 1)[0]

    @property
    def host(self) -> str:
        """The host the client asked for (its Host header), e.g. `127.0.0.1:8765`."""
        return self.headers.get("Host", "")

    @property
    def proxied(self) -> bool:
        """True when the request came as to a proxy (an absolute request target)."""
        return self.target.startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class CachedPage:
    body: bytes
    content_type: str
    etag: str
    last_modified: str | None


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


def respond(request: web.Request, page: CachedPage) -> web.Response:
    """The page, or 304 when the client's validators (ETag, date) say it has it already."""
    headers = {"ETag": page.etag}
    if page.last_modified:
        headers["Last-Modified"] = page.last_modified
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        if page.etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match == "*":
            return web.Response(status=304, headers=headers)
    elif page.last_modified and (since := request.headers.get("If-Modified-Since")):
        try:
            if parsedate_to_datetime(since) >= parsedate_to_datetime(page.last_modified):
                return web.Response(status=304, headers=headers)
        except (TypeError, ValueError):
            pass
    headers["Content-Type"] = page.content_type
    return web.Response(body=page.body, headers=headers)
