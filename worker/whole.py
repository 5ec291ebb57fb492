"""The whole of a split article: the pages to extract, fetched as the outlet file says.

Outlets split long articles over pages. An outlet's `whole_article` names one of two ways
to read all of it, and this module does the fetching (it is part of the fetch stage; the
extract stage then reads each page with one plain synchronous call):

- `query: {page: all}`: the outlet shows the whole article at a URL variant; fetch that
  instead (`?page=all`, `?single=1`, `?showpage=all`). If the variant is refused for good
  (404), the plain URL is fetched.
- `next_selector: a.next` (and `max_pages`): follow the "next page" link from page to page
  and return every page in reading order. Only links that stay on the article (same host,
  same path or a path below it) are followed, each URL once, so a "next" link that leads
  to another article or back to an earlier page ends the walk.

Articles whose pages all come in one response (blocks joined in order) need nothing here:
the outlet's `body` selector matches every block.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from worker.config import OutletConfig, WholeArticle
from worker.errors import FetchError
from worker.fetch import Fetcher, FetchPolicy

__all__ = ["ArticlePages", "fetch_article", "next_page_url", "with_query", "without_query"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArticlePages:
    """An article's pages, fetched: HTML in reading order (usually one page)."""

    url: str
    """The article's URL: where the first fetch ended, without the whole-article query."""
    pages: tuple[str, ...]
    fetched_at: str
    complete: bool = True
    """False when a following page could not be fetched, or `max_pages` cut the article."""


async def fetch_article(
    fetcher: Fetcher,
    url: str,
    outlet: OutletConfig | None,
    policy: FetchPolicy | None = None,
) -> ArticlePages:
    """The pages of the article at `url`, by the outlet's `whole_article` rule (if any).

    Raises FetchError when the (first) page cannot be fetched; a following page that
    cannot be fetched ends the article there (`complete` False).
    """
    rule = outlet.whole_article if outlet is not None else None
    if rule is None:
        page = await fetcher.fetch(url, policy)
        return ArticlePages(page.url, (page.text,), page.fetched_at)
    if rule.query is not None:
        return await _variant(fetcher, url, rule.query, policy)
    return await _follow(fetcher, url, rule, policy)


async def _variant(
    fetcher: Fetcher, url: str, query: dict[str, str], policy: FetchPolicy | None
) -> ArticlePages:
    try:
        page = await fetcher.fetch(with_query(url, query), policy)
    except FetchError as exc:
        if exc.retryable:
            raise
        log.info("whole-article variant refused url=%s reason=%s: plain page", url, exc.reason)
        page = await fetcher.fetch(url, policy)
    return ArticlePages(without_query(page.url, query), (page.text,), page.fetched_at)


async def _follow(
    fetcher: Fetcher, url: str, rule: WholeArticle, policy: FetchPolicy | None
) -> ArticlePages:
    assert rule.next_selector is not None
    first = await fetcher.fetch(url, policy)
    pages = [first.text]
    seen = {_key(url), _key(first.url)}
    current = first
    while True:
        following = next_page_url(current.text, rule.next_selector, current.url)
        if following is None or _key(following) in seen or not _same_article(following, first.url):
            return ArticlePages(first.url, tuple(pages), first.fetched_at)
        if len(pages) >= rule.max_pages:
            log.info("split article cut at max_pages=%d url=%s", rule.max_pages, url)
            return ArticlePages(first.url, tuple(pages), first.fetched_at, complete=False)
        seen.add(_key(following))
        try:
            current = await fetcher.fetch(following, policy)
        except FetchError as exc:
            log.warning("page of a split article lost url=%s reason=%s", following, exc.reason)
            return ArticlePages(first.url, tuple(pages), first.fetched_at, complete=False)
        pages.append(current.text)


def next_page_url(html: str, selector: str, base: str) -> str | None:
    """The absolute URL of the page's "next page" link (`selector`), or None.

    A plain function of the page's text (a small parse of its own), so no node outlives it.
    """
    try:
        node = LexborHTMLParser(html).css_first(selector)
    except (SelectolaxError, UnicodeError, ValueError):
        return None
    href = node.attributes.get("href") if node is not None else None
    if not href or href.strip().startswith(("#", "javascript:", "mailto:")):
        return None
    try:
        absolute = urljoin(base, href.strip())
    except ValueError:
        return None
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https"):
        return None
    return urlunsplit(parts._replace(fragment=""))


def with_query(url: str, query: dict[str, str]) -> str:
    """`url` with the parameters of `query` set (replacing any of the same name)."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in query]
    return urlunsplit(parts._replace(query=urlencode([*kept, *query.items()]), fragment=""))


def without_query(url: str, query: dict[str, str]) -> str:
    """`url` without the parameters that `with_query` added (the article's own URL)."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if query.get(k) != v]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


def _key(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment="", netloc=parts.netloc.lower()))


def _same_article(candidate: str, first: str, /) -> bool:
    """True if `candidate` is a page of the article at `first`: the same host, and the same
    path (another query: `?page=2`) or a path below it (`/slug/2`)."""
    a, b = urlsplit(candidate), urlsplit(first)
    if a.netloc.lower() != b.netloc.lower():
        return False
    base = b.path.rstrip("/")
    return a.path.rstrip("/") == base or a.path.startswith(base + "/")
