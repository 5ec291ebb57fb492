"""Discovery: an outlet's feeds and listing pages in, its candidate article URLs out.

Parsing is plain functions on text (easy to test on stored pages); `discover()` only adds
the fetching. A broken feed or listing is logged and counted; the other entry points of the
outlet still count.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from worker.config import Listing, OutletConfig
from worker.errors import FetchError
from worker.fetch import Fetcher
from worker.urls import canonicalize, host_allowed

log = logging.getLogger(__name__)

_LINK_TEXT = re.compile(r"<link>\s*(?:<!\[CDATA\[)?\s*([^<\]\s]+)", re.IGNORECASE)
_LINK_HREF = re.compile(r"<link\b[^>]*\bhref=[\"']([^\"']+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    url: str
    canonical_url: str


@dataclass(slots=True)
class DiscoveryResult:
    candidates: list[Candidate] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pages_fetched: int = 0


def parse_feed(text: str) -> list[str]:
    """Article links of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order."""
    try:
        root = ET.fromstring(text.lstrip("\ufeff \r\n\t").encode("utf-8"))
    except ET.ParseError:
        return _LINK_TEXT.findall(text) + _LINK_HREF.findall(text)
    links: list[str] = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag not in ("item", "entry"):
            continue
        links.extend(_entry_link(element))
    return links


def _entry_link(entry: ET.Element) -> list[str]:
    alternates: list[str] = []
    for child in entry:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag != "link":
            continue
        href = child.get("href")
        if href is None and child.text and child.text.strip():
            return [child.text.strip()]
        if href and child.get("rel", "alternate") == "alternate":
            alternates.append(href)
    return alternates[:1]


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


class UrlFilter:
    """Keeps the URLs of an outlet's own hosts that look like its articles, once each."""

    def __init__(self, outlet: OutletConfig) -> None:
        self._domains = tuple(outlet.domains)
        self._pattern = re.compile(outlet.article_url)
        self._seen: set[str] = set()

    def accept(self, links: list[str], base_url: str) -> list[Candidate]:
        kept: list[Candidate] = []
        for link in links:
            canonical = canonicalize(link, base_url)
            if canonical is None or canonical in self._seen:
                continue
            if not host_allowed(canonical, self._domains) or not self._pattern.search(canonical):
                continue
            self._seen.add(canonical)
            kept.append(Candidate(url=urljoin(base_url, link.strip()), canonical_url=canonical))
        return kept


async def discover(outlet: OutletConfig, fetcher: Fetcher) -> DiscoveryResult:
    """Fetch every feed and listing page of `outlet` and collect its article URLs."""
    result = DiscoveryResult()
    url_filter = UrlFilter(outlet)
    for feed_url in outlet.feeds:
        try:
            page = await fetcher.fetch(feed_url)
        except FetchError as exc:
            _fail(result, outlet, feed_url, exc)
            continue
        result.pages_fetched += 1
        found = parse_feed(page.text)
        if not found:
            result.errors.append(f"{feed_url}: no entries in the feed")
        result.candidates.extend(url_filter.accept(found, page.url))
    for listing in outlet.listings:
        await _walk_listing(outlet, listing, fetcher, url_filter, result)
    return result


async def _walk_listing(
    outlet: OutletConfig,
    listing: Listing,
    fetcher: Fetcher,
    url_filter: UrlFilter,
    result: DiscoveryResult,
) -> None:
    url: str | None = listing.url
    visited: set[str] = set()
    for _ in range(listing.max_pages):
        if url is None or url in visited:
            return
        visited.add(url)
        try:
            page = await fetcher.fetch(url)
        except FetchError as exc:
            _fail(result, outlet, url, exc)
            return
        result.pages_fetched += 1
        found, next_href = parse_listing(page.text, listing)
        result.candidates.extend(url_filter.accept(found, page.url))
        url = canonicalize(next_href, page.url) if next_href else None


def _fail(result: DiscoveryResult, outlet: OutletConfig, url: str, exc: FetchError) -> None:
    log.warning("discovery failed outlet=%s url=%s reason=%s", outlet.id, url, exc.reason)
    result.errors.append(f"{url}: {exc.reason}")
