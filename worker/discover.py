"""Discovery: an outlet's feeds, sitemaps and listing pages in, candidate article URLs out.

- Feeds: every item's link (`feeds.py`).
- Sitemaps, and the `Sitemap:` lines of the robots.txt of the sites in `robots_sitemaps`:
  an index is followed to its children modified within the look-back window (`lookback`),
  and only entries newer than the window are taken (undated ones too) (`sitemaps.py`).
- Listings: re-polled every tick, page after page until a page holds no URL the frontier
  has not seen yet (checked, not marked), the last page, or `max_pages`; a dated index
  (`{date}` in its URL) is walked for each day of the window.
- Every feed, sitemap and listing page is asked conditionally (ETag / Last-Modified): a
  304 or an unchanged body is not parsed again. The cache entries come back in the result,
  to be saved once the URLs are queued (`http_cache.py`).

Only article URLs of the outlet's own hosts are kept (`UrlFilter`). A broken entry point
is logged and counted; the outlet's other entry points still count.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Literal, NamedTuple, Protocol
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from worker.charset import decode_body
from worker.config import Listing, OutletConfig
from worker.errors import FetchError
from worker.feeds import parse_feed
from worker.fetch import Fetcher
from worker.http_cache import CacheEntry, body_digest
from worker.models import Document
from worker.sitemaps import SitemapEntry, SitemapError, gunzip, is_gzip, parse_sitemap
from worker.sitemaps import parse_w3c_date as _parse_date
from worker.urls import canonicalize, host_allowed

__all__ = [
    "Candidate",
    "Discovery",
    "DiscoveryResult",
    "UrlFilter",
    "discover",
    "parse_feed",
    "parse_listing",
]

log = logging.getLogger(__name__)

MAX_CHILD_SITEMAPS = 25  # the newest children of an index read per tick
_SITEMAP_DEPTH = 2  # an index of indexes, at most


class SeenIndex(Protocol):
    """The frontier's seen set, asked without marking (`Frontier.unseen`)."""

    async def unseen(self, canonical_urls: Sequence[str]) -> set[str]: ...


class DocumentCache(Protocol):
    """Validators of the last answers (`HttpCache.get`)."""

    async def get(self, url: str) -> CacheEntry: ...


@dataclass(frozen=True, slots=True)
class Candidate:
    url: str
    canonical_url: str


@dataclass(slots=True)
class DiscoveryResult:
    candidates: list[Candidate] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pages_fetched: int = 0
    unchanged: int = 0  # answered 304, or the same body as last time
    cache_updates: dict[str, CacheEntry] = field(default_factory=dict)


def parse_listing(html: str, listing: Listing) -> tuple[list[str], str | None]:
    """Links of a listing page that match its link selector, and its next page if any."""
    tree = LexborHTMLParser(html)
    links = [
        href for node in tree.css(listing.link_selector) if (href := node.attributes.get("href"))
    ]
    next_url = None
    if listing.next_selector:
        node = tree.css_first(listing.next_selector)
        next_url = node.attributes.get("href") if node is not None else None
    return links, next_url


def listing_url(listing: Listing, day: date | None, page: int) -> str:
    """The URL of page `page` of `listing` (for `day`, if it is a dated index)."""
    url = listing.url.replace("{page}", str(page))
    if day is not None and listing.date_format is not None:
        url = url.replace("{date}", day.strftime(listing.date_format))
    return url


def outlet_zone(outlet: OutletConfig) -> timezone:
    sign = -1 if outlet.timezone.startswith("-") else 1
    hours, minutes = (int(part) for part in outlet.timezone[1:].split(":"))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


class UrlFilter:
    """Keeps the URLs of an outlet's own hosts that look like its articles, once each."""

    def __init__(self, outlet: OutletConfig) -> None:
        self._domains = tuple(outlet.domains)
        self._pattern = re.compile(outlet.article_url)
        self._seen: set[str] = set()

    def articles(self, links: Sequence[str], base_url: str) -> list[Candidate]:
        """The outlet's article URLs among `links`, each once (found before or not)."""
        found: dict[str, Candidate] = {}
        for link in links:
            canonical = canonicalize(link, base_url)
            if canonical is None or canonical in found:
                continue
            if not host_allowed(canonical, self._domains) or not self._pattern.search(canonical):
                continue
            found[canonical] = Candidate(
                url=urljoin(base_url, link.strip()), canonical_url=canonical
            )
        return list(found.values())

    def keep_new(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """Those of `candidates` this filter has not kept before."""
        kept = [c for c in candidates if c.canonical_url not in self._seen]
        self._seen.update(c.canonical_url for c in kept)
        return kept

    def accept(self, links: Sequence[str], base_url: str) -> list[Candidate]:
        return self.keep_new(self.articles(links, base_url))


class Fetched(NamedTuple):
    """A document if it changed since last time (else None), and what the cache held."""

    outcome: Literal["new", "unchanged", "failed"]
    doc: Document | None
    cached: CacheEntry | None


class Discovery:
    """One discovery run over one outlet; `run()` is a tick, the walks serve `backfill`."""

    def __init__(
        self,
        outlet: OutletConfig,
        fetcher: Fetcher,
        *,
        seen: SeenIndex | None = None,
        cache: DocumentCache | None = None,
        now: datetime | None = None,
    ) -> None:
        self.outlet = outlet
        self.fetcher = fetcher
        self.policy = fetcher.policy_for(outlet)
        self.seen = seen
        self.cache = cache
        self.now = now or datetime.now(UTC)
        self.zone = outlet_zone(outlet)
        self.filter = UrlFilter(outlet)
        self.result = DiscoveryResult()

    async def run(self) -> DiscoveryResult:
        """Every entry point once, as a scheduler tick does."""
        found = self.result.candidates
        for feed_url in self.outlet.feeds:
            found.extend(await self.feed(feed_url))
        since = self.now - timedelta(seconds=self.outlet.lookback)
        for sitemap_url in await self.sitemap_urls():
            entries = await self.sitemap_entries(sitemap_url, since, None, MAX_CHILD_SITEMAPS)
            found.extend(self.filter.accept([e.loc for e in entries], sitemap_url))
        for listing in self.outlet.listings:
            for day in self.listing_days(listing):
                found.extend(await self.walk_listing(listing, day, listing.max_pages))
        return self.result

    # ----------------------------------------------------------------- feeds

    async def feed(self, url: str) -> list[Candidate]:
        doc = (await self.document(url)).doc
        if doc is None:
            return []
        links = parse_feed(decode_body(doc.body, doc.charset))
        if not links:
            self.result.errors.append(f"{url}: no entries in the feed")
        return self.filter.accept(links, doc.url)

    # -------------------------------------------------------------- sitemaps

    async def sitemap_urls(self) -> list[str]:
        """The outlet's sitemaps, and those named in the robots.txt it points to."""
        urls = list(self.outlet.sitemaps)
        for site in self.outlet.robots_sitemaps:
            try:
                named = await self.fetcher.robots_sitemaps(site, self.policy)
            except FetchError as exc:
                self._fail(site, exc)
                continue
            urls += [u for u in named if host_allowed(u, self.outlet.domains)]
        return list(dict.fromkeys(urls))

    async def sitemap_entries(
        self,
        url: str,
        since: datetime,
        until: datetime | None,
        max_children: int,
        depth: int = 0,
    ) -> list[SitemapEntry]:
        """The page entries of sitemap `url` dated within [since, until] (or undated),
        following an index to its children modified since `since`."""
        outcome, doc, cached = await self.document(url, sitemap=True)
        if doc is None:
            if outcome != "unchanged" or cached is None or cached.memo is None:
                return []  # failed, or an unchanged URL set: its entries were taken before
            children = _children_from_memo(cached.memo, self.zone)
        else:
            try:
                body = doc.body
                if is_gzip(body):
                    body = gunzip(body, self.fetcher.max_sitemap_bytes)
                sitemap = parse_sitemap(body, self.zone)
            except SitemapError as exc:
                self.result.errors.append(f"{url}: {exc}")
                return []
            if not sitemap.index:
                return [e for e in sitemap.entries if _within(e.modified, since, until)]
            children = list(sitemap.entries)
            update = self.result.cache_updates.get(url)
            if update is not None:  # remember the children: a 304 next time hides them
                memo = "\n".join(f"{c.loc}\t{_iso(c.modified)}" for c in children)
                self.result.cache_updates[url] = _with_memo(update, memo)
        if depth >= _SITEMAP_DEPTH:
            return []
        recent = [
            (urljoin(url, c.loc), c.modified or self.now)
            for c in children
            if c.modified is None or c.modified >= since
        ]
        recent.sort(key=lambda child: child[1], reverse=True)
        own = [child for child, _ in recent if host_allowed(child, self.outlet.domains)]
        entries: list[SitemapEntry] = []
        for child_url in own[:max_children]:
            entries += await self.sitemap_entries(child_url, since, until, max_children, depth + 1)
        return entries

    # -------------------------------------------------------------- listings

    def listing_days(self, listing: Listing) -> list[date | None]:
        """The days a dated index is walked for (newest first); [None] for a plain one."""
        if listing.date_format is None:
            return [None]
        today = self.now.astimezone(self.zone).date()
        days = max(1, math.ceil(self.outlet.lookback / 86400))
        return [today - timedelta(days=n) for n in range(days)]

    async def walk_listing(
        self, listing: Listing, day: date | None, max_pages: int, *, until_seen: bool = True
    ) -> list[Candidate]:
        """Pages of `listing` in order, until one holds no URL the frontier has not seen
        (with `until_seen` and a seen set), has no article, or is the last."""
        numbered = "{page}" in listing.url
        url: str | None = listing_url(listing, day, 1)
        visited: set[str] = set()
        kept: list[Candidate] = []
        for number in range(1, max_pages + 1):
            if url is None or url in visited:
                break
            visited.add(url)
            doc = (await self.document(url, optional=number > 1)).doc
            if doc is None:  # unchanged: nothing new on it, nor further down
                break
            links, next_href = parse_listing(decode_body(doc.body, doc.charset), listing)
            articles = self.filter.articles(links, doc.url)
            if not articles:
                break
            kept += self.filter.keep_new(articles)
            canonical = [c.canonical_url for c in articles]
            if until_seen and self.seen is not None and not await self.seen.unseen(canonical):
                break
            if numbered:
                url = listing_url(listing, day, number + 1)
            else:
                url = canonicalize(next_href, doc.url) if next_href else None
        return kept

    # ------------------------------------------------------------- fetching

    async def document(self, url: str, *, sitemap: bool = False, optional: bool = False) -> Fetched:
        """`url` if it changed since the last tick; failures are recorded, except a 404 on
        an `optional` page (past the end of a numbered listing)."""
        cached = await self.cache.get(url) if self.cache is not None else None
        try:
            doc = await self.fetcher.fetch_document(url, self.policy, cached, sitemap=sitemap)
        except FetchError as exc:
            if not (optional and exc.reason in ("HTTP 404", "HTTP 410")):
                self._fail(url, exc)
            return Fetched("failed", None, cached)
        self.result.pages_fetched += 1
        if doc.not_modified:
            self.result.unchanged += 1
            return Fetched("unchanged", None, cached)
        if cached is None:
            return Fetched("new", doc, None)
        digest = body_digest(doc.body)
        if cached.body == digest:
            self.result.unchanged += 1
            return Fetched("unchanged", None, cached)
        self.result.cache_updates[url] = CacheEntry(doc.etag, doc.last_modified, digest)
        return Fetched("new", doc, cached)

    def _fail(self, url: str, exc: FetchError) -> None:
        log.warning("discovery failed outlet=%s url=%s reason=%s", self.outlet.id, url, exc.reason)
        self.result.errors.append(f"{url}: {exc.reason}")


async def discover(
    outlet: OutletConfig,
    fetcher: Fetcher,
    *,
    seen: SeenIndex | None = None,
    cache: DocumentCache | None = None,
    now: datetime | None = None,
) -> DiscoveryResult:
    """Fetch every entry point of `outlet` once and collect its article URLs."""
    return await Discovery(outlet, fetcher, seen=seen, cache=cache, now=now).run()


def _within(when: datetime | None, since: datetime, until: datetime | None) -> bool:
    return when is None or (when >= since and (until is None or when <= until))


def _iso(when: datetime | None) -> str:
    return when.isoformat() if when is not None else ""


def _with_memo(entry: CacheEntry, memo: str) -> CacheEntry:
    return CacheEntry(entry.etag, entry.last_modified, entry.body, memo)


def _children_from_memo(memo: str, zone: timezone) -> list[SitemapEntry]:
    children = []
    for line in memo.splitlines():
        loc, _, when = line.partition("\t")
        if loc:
            children.append(SitemapEntry(loc, _parse_date(when, zone)))
    return children
