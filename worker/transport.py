"""One HTTP attempt, within limits: the narrow seam between the worker and aiohttp.

`Transport.request` sends a GET and follows redirects itself, one hop at a time (at most
`fetch.max_redirects`), so every hop is checked: its scheme, and through a proxy a literal
IP target (`safety.py`; without a proxy the connector refuses refused addresses before
connect()). One deadline (`fetch.total_timeout`) covers every hop and the whole body, so a
server that dribbles bytes is cut off. The body is streamed and counted after decompression
(no gzip bomb), and only the expected content types are read.

aiohttp errors are translated here: `Retryable` for what another attempt may cure (a
timeout, a connection error, 429, 5xx), `FetchError` for what it will not. Keep-alive
connections are reused: one session for direct requests, one per proxy.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import time
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import aiohttp

from worker.config import FetchSettings
from worker.errors import FetchError
from worker.safety import AddressPolicy, RefusedAddress, SafeResolver, build_connector

_CHUNK = 64 * 1024
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,*/*;q=0.5"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/xml", "application/xml"})
FEED_TYPES = PAGE_TYPES | {"text/plain"}
SITEMAP_TYPES = FEED_TYPES | {
    "application/gzip",
    "application/x-gzip",
    "application/x-gunzip",
    "application/octet-stream",
}


@dataclass(frozen=True, slots=True)
class Answer:
    url: str  # after redirects
    status: int
    body: bytes
    charset: str | None
    content_type: str
    etag: str | None
    last_modified: str | None


class Retryable(Exception):
    """This attempt failed in a way another attempt may cure; `after`: the server's
    `Retry-After`, in seconds."""

    def __init__(self, reason: str, after: float | None) -> None:
        self.reason = reason
        self.after = after


class Refused(FetchError):
    """The address of the host (or of a redirect) is not allowed (see `safety.py`)."""


class Transport:
    def __init__(self, settings: FetchSettings, addresses: AddressPolicy) -> None:
        self._settings = settings
        self._addresses = addresses
        self._sessions: dict[str | None, aiohttp.ClientSession] = {}
        self._resolvers: list[SafeResolver] = []

    async def close(self) -> None:
        sessions, self._sessions = self._sessions, {}
        for session in sessions.values():
            await session.close()
        resolvers, self._resolvers = self._resolvers, []
        for resolver in resolvers:
            await resolver.close()

    def _session(self, proxy: str | None) -> aiohttp.ClientSession:
        # Created lazily: a ClientSession must be made inside the running event loop.
        # Through a proxy every connection goes to the proxy, the operator's choice; the
        # address policy then applies to literal IP targets only (see `_check_literal`).
        session = self._sessions.get(proxy)
        if session is None:
            s = self._settings
            policy = None if proxy is not None else self._addresses
            connector, resolver = build_connector(policy, limit=s.concurrency)
            if resolver is not None:
                self._resolvers.append(resolver)
            session = self._sessions[proxy] = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(
                    total=s.total_timeout, connect=s.connect_timeout, sock_read=s.read_timeout
                ),
                headers={
                    "User-Agent": s.user_agent,
                    "Accept": _ACCEPT,
                    "Accept-Language": "id,en;q=0.8",
                },
            )
        return session

    async def request(
        self,
        url: str,
        proxy: str | None,
        types: Collection[str] | None,
        limit: int,
        headers: dict[str, str] | None,
        *,
        any_status: bool = False,
    ) -> Answer:
        """One attempt: every redirect hop and the body, within `total_timeout`."""
        session = self._session(proxy)
        target = url
        try:
            async with asyncio.timeout(self._settings.total_timeout):
                for _ in range(self._settings.max_redirects + 1):
                    if proxy is not None:
                        self._check_literal(url, target)
                    async with session.get(
                        target, allow_redirects=False, proxy=proxy, headers=headers
                    ) as response:
                        location = response.headers.get("Location")
                        if response.status in _REDIRECTS and location:
                            target = _next_hop(url, target, location)
                            continue
                        return await self._answer(url, response, types, limit, any_status)
                raise FetchError(url, "too many redirects", retryable=False)
        except TimeoutError:
            raise Retryable("timed out", None) from None
        except aiohttp.ClientConnectorError as exc:
            if isinstance(exc.os_error, RefusedAddress):
                raise Refused(url, str(exc.os_error), retryable=False) from exc
            raise Retryable(f"connection error: {type(exc).__name__}: {exc}", None) from None
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
            raise Retryable(f"connection error: {type(exc).__name__}: {exc}", None) from None
        except (aiohttp.InvalidURL, ValueError) as exc:
            raise FetchError(url, f"invalid URL or redirect: {exc}", retryable=False) from exc
        except aiohttp.ClientResponseError as exc:
            raise FetchError(url, f"bad response: {exc.message}", retryable=False) from exc

    def _check_literal(self, url: str, target: str) -> None:
        """Through a proxy, the proxy resolves names; a literal address is checked here."""
        host = urlsplit(target).hostname or ""
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return
        why = self._addresses.refusal(host)
        if why is not None:
            raise Refused(url, f"refused address: {host} ({why})", retryable=False)

    async def _answer(
        self,
        url: str,
        response: aiohttp.ClientResponse,
        types: Collection[str] | None,
        limit: int,
        any_status: bool,
    ) -> Answer:
        status = response.status
        if not any_status:
            if status == 429 or status >= 500:
                raise Retryable(f"HTTP {status}", self._retry_after(response))
            if status >= 300 and status != 304:
                raise FetchError(url, f"HTTP {status}", retryable=False)
        headers = response.headers
        body = b""
        if status < 300:
            if types is not None:
                _check_type(url, headers.get("Content-Type"), types)
            body = await _read_limited(url, response, limit, truncate=any_status)
        return Answer(
            url=str(response.url),
            status=status,
            body=body,
            charset=response.charset,
            content_type=response.content_type,
            etag=headers.get("ETag"),
            last_modified=headers.get("Last-Modified"),
        )

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


def _next_hop(url: str, current: str, location: str) -> str:
    target = urljoin(current, location.strip()).split("#", 1)[0]
    if urlsplit(target).scheme not in ("http", "https"):
        raise FetchError(url, f"invalid URL or redirect: redirect to {target}", retryable=False)
    return target


def _check_type(url: str, header: str | None, types: Collection[str]) -> None:
    if not header:
        return  # no Content-Type: the body is judged by what it holds
    mime = header.split(";", 1)[0].strip().lower()
    if mime not in types and not mime.endswith("+xml"):
        raise FetchError(url, f"content type {mime}", retryable=False)


async def _read_limited(
    url: str, response: aiohttp.ClientResponse, limit: int, *, truncate: bool
) -> bytes:
    """The body, decompressed, at most `limit` bytes: past it, an error (or, with
    `truncate`, the first `limit` bytes). Streamed, so a bomb never sits in memory."""
    encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
    what = "decompressed body" if encoded else "body"
    length = response.content_length
    if not truncate and not encoded and length is not None and length > limit:
        raise FetchError(url, f"body larger than {limit} bytes", retryable=False)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(_CHUNK):
        size += len(chunk)
        if size > limit:
            if truncate:
                chunks.append(chunk[: len(chunk) - (size - limit)])
                break
            raise FetchError(url, f"{what} larger than {limit} bytes", retryable=False)
        chunks.append(chunk)
    return b"".join(chunks)
