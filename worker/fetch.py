"""Polite, bounded, safe HTTP fetching: what the worker asks of the web goes through here.

For each URL, in this order:

1. robots.txt of its site (`robots.py`), unless the outlet ignores it: a disallowed URL is
   a final error; a Crawl-delay longer than the outlet's delay replaces it.
2. the host's gate (`politeness.py`): spacing, requests in flight, backoff, pause.
3. a global slot (`fetch.concurrency`), taken only once the host lets the request go, so
   waiting for one host never holds a slot another host could use.
4. one attempt (`transport.py`): redirects followed one hop at a time, refused addresses
   refused before connect() (`safety.py`), one deadline for every hop and the whole body,
   the body counted after decompression, only HTML or XML read.
5. on 429, 5xx, a timeout or a connection error, the host is slowed down (`Retry-After`
   honoured) and the request tried again, up to `fetch.retries` times.

What fails comes out as a `FetchError` whose `retryable` flag tells the frontier whether
another try may help (a timeout may; a 404 or a 20 MB page will not).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from types import TracebackType
from urllib.parse import urlsplit

from worker.charset import decode_body
from worker.config import FetchSettings, OutletConfig
from worker.errors import FetchError
from worker.http_cache import CacheEntry
from worker.models import Document, FetchedPage
from worker.politeness import HostGate, HostPaused
from worker.robots import MAX_ROBOTS_BYTES, RobotsAnswer, RobotsCache, RobotsRules
from worker.robots import RobotsUnavailable as _RobotsUnavailable
from worker.safety import AddressPolicy
from worker.transport import (
    FEED_TYPES,
    PAGE_TYPES,
    SITEMAP_TYPES,
    Answer,
    Refused,
    Retryable,
    Transport,
)

__all__ = ["FetchPolicy", "Fetcher", "decode_body", "host_key", "utc_now"]

log = logging.getLogger(__name__)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def host_key(url: str) -> str:
    """The unit of politeness: `host[:port]`, lower case."""
    return urlsplit(url).netloc.rsplit("@", 1)[-1].lower()


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How one outlet's URLs are fetched: per-host limits, robots.txt, proxy."""

    delay: float
    concurrency: int
    ignore_robots: bool = False
    proxy: str | None = None


class Fetcher:
    """Fetches pages within the configured limits; one instance per process."""

    def __init__(self, settings: FetchSettings) -> None:
        self._settings = settings
        self._addresses = AddressPolicy.from_settings(settings)
        self.gate = HostGate(
            backoff_base=settings.backoff_base,
            backoff_max=settings.backoff_max,
            pause_after=settings.pause_after,
            pause_for=settings.pause_for,
        )
        self._robots = RobotsCache(settings.robots_ttl)
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._transport = Transport(settings, self._addresses)
        self.default_policy = FetchPolicy(settings.delay, settings.per_host)
        self.retries_done = 0

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def max_sitemap_bytes(self) -> int:
        return self._settings.max_sitemap_bytes

    def policy_for(self, outlet: OutletConfig) -> FetchPolicy:
        politeness = outlet.politeness
        return FetchPolicy(
            delay=self._settings.delay if politeness.delay is None else politeness.delay,
            concurrency=politeness.concurrency or self._settings.per_host,
            ignore_robots=outlet.ignore_robots,
            proxy=outlet.proxy,
        )

    async def close(self) -> None:
        await self._transport.close()

    # ---------------------------------------------------------------- public

    async def fetch(self, url: str, policy: FetchPolicy | None = None) -> FetchedPage:
        """An article page (HTML or XML), decoded to text."""
        answer = await self._get(
            url, policy or self.default_policy, PAGE_TYPES, self._settings.max_body_bytes, None
        )
        return FetchedPage(
            requested_url=url,
            url=answer.url,
            status=answer.status,
            text=decode_body(answer.body, answer.charset),
            content_type=answer.content_type,
            fetched_at=utc_now(),
        )

    async def fetch_document(
        self,
        url: str,
        policy: FetchPolicy | None = None,
        cached: CacheEntry | None = None,
        *,
        sitemap: bool = False,
    ) -> Document:
        """A feed, listing page or sitemap as raw bytes, asked conditionally when `cached`
        holds validators (a 304 gives a `Document` with `not_modified`)."""
        s = self._settings
        answer = await self._get(
            url,
            policy or self.default_policy,
            SITEMAP_TYPES if sitemap else FEED_TYPES,
            s.max_sitemap_bytes if sitemap else s.max_body_bytes,
            cached.request_headers() if cached is not None else None,
        )
        return Document(
            requested_url=url,
            url=answer.url,
            status=answer.status,
            body=answer.body,
            charset=answer.charset,
            content_type=answer.content_type,
            etag=answer.etag,
            last_modified=answer.last_modified,
        )

    async def robots_sitemaps(self, site_url: str, policy: FetchPolicy | None = None) -> list[str]:
        """The `Sitemap:` lines of the robots.txt of `site_url`'s site."""
        try:
            rules = await self._robots_rules(site_url, policy or self.default_policy)
        except Retryable as retry:
            raise FetchError(site_url, retry.reason, retryable=True) from None
        return rules.sitemaps

    # ------------------------------------------------------------- the steps

    async def _get(
        self,
        url: str,
        policy: FetchPolicy,
        types: Collection[str],
        limit: int,
        headers: dict[str, str] | None,
    ) -> Answer:
        host = host_key(url)
        agent = self._settings.user_agent
        attempts = self._settings.retries + 1
        for attempt in range(attempts):
            try:
                delay = policy.delay
                if not policy.ignore_robots:
                    rules = await self._robots_rules(url, policy)
                    if not rules.allowed(url, agent):
                        raise FetchError(url, "disallowed by robots.txt", retryable=False)
                    delay = max(delay, rules.crawl_delay(agent))
                async with self.gate.slot(host, delay, policy.concurrency), self._slots:
                    answer = await self._transport.request(url, policy.proxy, types, limit, headers)
                self.gate.success(host)
                return answer
            except HostPaused as paused:
                raise FetchError(url, str(paused), retryable=True) from None
            except Retryable as retry:
                self.gate.failure(host, retry.after)
                if attempt + 1 >= attempts:
                    raise FetchError(url, retry.reason, retryable=True) from None
                log.info("retry url=%s reason=%r attempt=%d", url, retry.reason, attempt + 2)
                self.retries_done += 1
        raise AssertionError("unreachable")

    async def _robots_rules(self, url: str, policy: FetchPolicy) -> RobotsRules:
        try:
            return await self._robots.rules(url, partial(self._load_robots, policy=policy))
        except _RobotsUnavailable as exc:
            raise Retryable(exc.reason, None) from None

    async def _load_robots(self, robots_url: str, policy: FetchPolicy) -> RobotsAnswer:
        host = host_key(robots_url)
        try:
            async with self.gate.slot(host, policy.delay, policy.concurrency), self._slots:
                answer = await self._transport.request(
                    robots_url, policy.proxy, None, MAX_ROBOTS_BYTES, None, any_status=True
                )
        except HostPaused as paused:
            return RobotsAnswer(None, reason=str(paused))
        except Retryable as retry:
            return RobotsAnswer(None, reason=retry.reason)
        except Refused:
            raise
        except FetchError as exc:  # too many redirects, a bad redirect: as if there were none
            log.info("robots.txt unusable url=%s reason=%s", robots_url, exc.reason)
            return RobotsAnswer(404, reason=exc.reason)
        return RobotsAnswer(answer.status, answer.body)
