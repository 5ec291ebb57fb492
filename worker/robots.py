"""robots.txt per site, read with protego and kept for `fetch.robots_ttl`.

What a site's answer means follows RFC 9309: a 2xx body holds the rules; a 4xx means there
are none (everything allowed); a 429, a 5xx or no answer at all means the site cannot say,
so nothing may be fetched yet: `RobotsUnavailable` is raised and nothing is cached, and the
caller backs the host off and tries again later (no URL is condemned by an outage).

The cache is per process and per site (`scheme://host:port`); one load at a time per site,
however many fetch tasks ask at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

MAX_ROBOTS_BYTES = 512 * 1024  # what Google reads of a robots.txt
MAX_CRAWL_DELAY = 60.0  # a longer Crawl-delay is taken as this


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What loading a robots.txt gave: a status (None: no answer) and the body."""

    status: int | None
    body: bytes = b""
    reason: str = ""


class RobotsUnavailable(Exception):
    """The site's robots.txt could not be read (429, 5xx, timeout): fetch nothing yet."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """One site's rules; `parser` is None when the site has no robots.txt (all allowed)."""

    parser: Protego | None
    expires: float

    def allowed(self, url: str, user_agent: str) -> bool:
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float:
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(user_agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0

    @property
    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser is not None else []


def site_of(url: str) -> str:
    """`scheme://host[:port]`: the unit robots.txt applies to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


Loader = Callable[[str], Awaitable[RobotsAnswer]]


class RobotsCache:
    """robots.txt rules per site, loaded on first use and kept `ttl` seconds."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules(self, url: str, load: Loader) -> RobotsRules:
        """The rules for `url`'s site; `load(robots_url)` fetches robots.txt when needed."""
        site = site_of(url)
        cached = self._rules.get(site)
        if cached is not None and cached.expires > self._clock():
            return cached  # the hot path: one dict lookup
        lock = self._locks.setdefault(site, asyncio.Lock())
        async with lock:
            cached = self._rules.get(site)
            if cached is not None and cached.expires > self._clock():
                return cached
            answer = await load(site + "/robots.txt")
            rules = self._interpret(answer)
            self._rules[site] = rules
            return rules

    def _interpret(self, answer: RobotsAnswer) -> RobotsRules:
        expires = self._clock() + self._ttl
        status = answer.status
        if status is None or status == 429 or status >= 500:
            # no answer: the reason is the host's (timeout, connection refused)
            raise RobotsUnavailable(answer.reason or f"robots.txt answered HTTP {status}")
        if status >= 400:
            return RobotsRules(None, expires)
        text = answer.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        return RobotsRules(Protego.parse(text), expires)
