"""What the worker remembers of each feed, sitemap and listing page between ticks.

For each such URL, the hash `{nw}:http:<hash>` keeps the validators of the last answer
(`etag`, `last_modified`), sent back as `If-None-Match` / `If-Modified-Since` so an
unchanged page costs a 304 and nothing more, and a digest of the last body (`body`), so a
server that ignores validators but sends the same bytes is not parsed again. A sitemap
index also keeps its children (`memo`), which a 304 would otherwise hide.

Entries are written only after the URLs found on the page were queued (see
`Service.discover_outlet`): a crash in between re-reads the page instead of losing them.
They expire with the seen-URL keys (`frontier.seen_ttl`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import redis.asyncio as aioredis

from worker.keys import Keys


@dataclass(frozen=True, slots=True)
class CacheEntry:
    etag: str | None = None
    last_modified: str | None = None
    body: str | None = None  # digest of the last body
    memo: str | None = None  # what discovery keeps of the page (an index's children)

    def request_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def body_digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


class HttpCache:
    def __init__(self, redis: aioredis.Redis, keys: Keys, ttl: float) -> None:
        self._redis = redis
        self._keys = keys
        self._ttl = max(1, int(ttl))

    async def get(self, url: str) -> CacheEntry:
        # redis-py types hash commands as sync-or-async; this client is async
        reply = self._redis.hgetall(self._keys.http_cache(url))
        data = await cast(Awaitable[dict[Any, Any]], reply)
        if not data:
            return CacheEntry()
        fields = {_text(k): _text(v) for k, v in data.items()}
        return CacheEntry(
            etag=fields.get("etag") or None,
            last_modified=fields.get("last_modified") or None,
            body=fields.get("body") or None,
            memo=fields.get("memo"),
        )

    async def save(self, entries: Mapping[str, CacheEntry]) -> None:
        """Remember the answers of these URLs (one round trip for all of them)."""
        if not entries:
            return
        async with self._redis.pipeline(transaction=False) as pipe:
            for url, entry in entries.items():
                key = self._keys.http_cache(url)
                pipe.delete(key)
                mapping = {
                    name: value
                    for name, value in (
                        ("etag", entry.etag),
                        ("last_modified", entry.last_modified),
                        ("body", entry.body),
                        ("memo", entry.memo),
                    )
                    if value is not None
                }
                if mapping:
                    pipe.hset(key, mapping=mapping)
                    pipe.expire(key, self._ttl)
            await pipe.execute()


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
