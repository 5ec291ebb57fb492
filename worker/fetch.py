"""Polite, bounded HTTP fetching: one aiohttp session, limits, retries with backoff.

Every aiohttp error is translated here into a `FetchError` whose `retryable` flag tells the
frontier whether another try may help (a timeout may; a 404 or a 20 MB page will not).
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import re
import time
from datetime import UTC, datetime
from types import TracebackType

import aiohttp

from worker.config import FetchSettings
from worker.errors import FetchError
from worker.models import FetchedPage

log = logging.getLogger(__name__)

_CHUNK = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,*/*;q=0.5"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Fetcher:
    """Fetches pages within the configured limits; one instance per process."""

    def __init__(self, settings: FetchSettings) -> None:
        self._settings = settings
        self._session: aiohttp.ClientSession | None = None
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

    def _open_session(self) -> aiohttp.ClientSession:
        # Created lazily: a ClientSession must be made inside the running event loop.
        if self._session is None:
            s = self._settings
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=s.concurrency, limit_per_host=s.per_host, ttl_dns_cache=300
                ),
                timeout=aiohttp.ClientTimeout(
                    total=s.total_timeout, connect=s.connect_timeout, sock_read=s.read_timeout
                ),
                headers={
                    "User-Agent": s.user_agent,
                    "Accept": _ACCEPT,
                    "Accept-Language": "id,en;q=0.8",
                },
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(self, url: str) -> FetchedPage:
        """GET `url`, retrying connection errors, timeouts, 429 and 5xx with backoff."""
        attempts = self._settings.retries + 1
        for attempt in range(attempts):
            try:
                return await self._fetch_once(url)
            except _Retry as retry:
                if attempt + 1 >= attempts:
                    raise FetchError(url, retry.reason, retryable=True) from None
                delay = retry.after if retry.after is not None else self._backoff(attempt)
                log.info("retry url=%s reason=%r in=%.1fs", url, retry.reason, delay)
                self.retries_done += 1
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        base: float = self._settings.backoff_base * 2.0**attempt
        return min(self._settings.backoff_max, base * (0.5 + random.random()))

    async def _fetch_once(self, url: str) -> FetchedPage:
        session = self._open_session()
        try:
            async with session.get(url, max_redirects=self._settings.max_redirects) as response:
                status = response.status
                if status == 429 or status >= 500:
                    raise _Retry(f"HTTP {status}", self._retry_after(response))
                if status >= 400:
                    raise FetchError(url, f"HTTP {status}", retryable=False)
                body = await self._read_limited(url, response)
                return FetchedPage(
                    requested_url=url,
                    url=str(response.url),
                    status=status,
                    text=decode_body(body, response.charset),
                    content_type=response.content_type,
                    fetched_at=utc_now(),
                )
        except aiohttp.TooManyRedirects as exc:
            raise FetchError(url, "too many redirects", retryable=False) from exc
        except (aiohttp.InvalidURL, aiohttp.NonHttpUrlRedirectClientError) as exc:
            raise FetchError(url, f"invalid URL or redirect: {exc}", retryable=False) from exc
        except TimeoutError:
            raise _Retry("timed out", None) from None
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
            raise _Retry(f"connection error: {type(exc).__name__}: {exc}", None) from None
        except aiohttp.ClientResponseError as exc:
            raise FetchError(url, f"bad response: {exc.message}", retryable=False) from exc

    async def _read_limited(self, url: str, response: aiohttp.ClientResponse) -> bytes:
        limit = self._settings.max_body_bytes
        if response.content_length is not None and response.content_length > limit:
            raise FetchError(url, f"body larger than {limit} bytes", retryable=False)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.content.iter_chunked(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"body larger than {limit} bytes", retryable=False)
            chunks.append(chunk)
        return b"".join(chunks)

    def _retry_after(self, response: aiohttp.ClientResponse) -> float | None:
        value = response.headers.get("Retry-After")
        if not value:
            return None
        if value.strip().isdigit():
            seconds = float(value)
        else:
            try:
                seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError):
                return None
        return max(0.0, min(seconds, self._settings.backoff_max))


class _Retry(Exception):
    def __init__(self, reason: str, after: float | None) -> None:
        self.reason = reason
        self.after = after


def decode_body(body: bytes, declared: str | None) -> str:
    """Decode with the declared charset, then the page's <meta charset>, then UTF-8, then
    windows-1252; a wrong declaration (common) falls through to the next candidate."""
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    if body.startswith(b"\xef\xbb\xbf"):
        candidates.insert(0, "utf-8-sig")
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    candidates.append("utf-8")
    for charset in candidates:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("windows-1252", errors="replace")
