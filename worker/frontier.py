"""The frontier: a Redis stream of URLs to fetch, read by a consumer group.

A URL enters once (seen-mark and XADD in one script), is read by one fetch task, and leaves
only by a script that records what happened to it in the same step: published
(`publish.py`), queued again with one more try, or moved to the dead-letter stream. An
entry whose reader died stays pending and is reclaimed, so no URL is lost.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import ResponseError
from redis.typing import StreamIdT

from worker.config import FrontierSettings
from worker.keys import FETCH_GROUP, Keys
from worker.models import FrontierEntry

_BATCH = 500
DEAD_MAXLEN = 100_000

# KEYS: frontier, seen-url keys...   ARGV: ttl, outlet, now, then url, canonical per key.
_ENQUEUE = """
local added = 0
for i = 2, #KEYS do
  if redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[1]) then
    local at = 4 + (i - 2) * 2
    redis.call('XADD', KEYS[1], '*', 'url', ARGV[at], 'canonical_url', ARGV[at + 1],
               'outlet', ARGV[2], 'tries', '0', 'discovered_at', ARGV[3])
    added = added + 1
  end
end
return added
"""

# KEYS: frontier, dead.  ARGV: group, entry id, url, canonical, outlet, tries, max tries,
# retryable (0/1), reason, now, dead maxlen.  Returns 1 if queued again, 0 if dead, -1 if
# another worker had already settled the entry (it was taken over from us meanwhile).
_RETRY_OR_DEAD = """
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return -1
end
redis.call('XDEL', KEYS[1], ARGV[2])
if ARGV[8] == '1' and tonumber(ARGV[6]) < tonumber(ARGV[7]) then
  redis.call('XADD', KEYS[1], '*', 'url', ARGV[3], 'canonical_url', ARGV[4], 'outlet', ARGV[5],
             'tries', ARGV[6], 'last_error', ARGV[9])
  return 1
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[11], '*', 'url', ARGV[3],
           'canonical_url', ARGV[4], 'outlet', ARGV[5], 'tries', ARGV[6], 'reason', ARGV[9],
           'at', ARGV[10])
return 0
"""

# KEYS: frontier.  ARGV: group, then per entry: id, url, canonical, outlet, tries.  Puts
# entries this consumer holds back at the end of the stream, untried; returns how many.
_DEFER = """
local moved = 0
for i = 2, #ARGV, 5 do
  if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
    redis.call('XDEL', KEYS[1], ARGV[i])
    redis.call('XADD', KEYS[1], '*', 'url', ARGV[i + 1], 'canonical_url', ARGV[i + 2],
               'outlet', ARGV[i + 3], 'tries', ARGV[i + 4])
    moved = moved + 1
  end
end
return moved
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Frontier:
    """The frontier stream as seen by one worker process (one consumer of the group)."""

    def __init__(
        self, redis: aioredis.Redis, keys: Keys, settings: FrontierSettings, consumer: str
    ) -> None:
        self._redis = redis
        self._keys = keys
        self._settings = settings
        self.consumer = consumer
        self._enqueue = redis.register_script(_ENQUEUE)
        self._retry_or_dead = redis.register_script(_RETRY_OR_DEAD)
        self._defer = redis.register_script(_DEFER)

    async def ensure_group(self) -> None:
        try:
            await self._redis.xgroup_create(self._keys.frontier, FETCH_GROUP, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def enqueue(self, outlet: str, urls: Sequence[tuple[str, str]]) -> int:
        """Queue the (url, canonical_url) pairs not seen before; returns how many were new."""
        added = 0
        ttl = int(self._settings.seen_ttl) or 1
        now = _now()
        for start in range(0, len(urls), _BATCH):
            batch = urls[start : start + _BATCH]
            keys = [self._keys.frontier, *(self._keys.seen_url(c) for _, c in batch)]
            args: list[str | int] = [ttl, outlet, now]
            for url, canonical in batch:
                args += [url, canonical]
            added += int(await self._enqueue(keys=keys, args=args))
        return added

    async def unseen(self, canonical_urls: Sequence[str]) -> set[str]:
        """Those of `canonical_urls` never queued (or forgotten); nothing is marked."""
        unseen: set[str] = set()
        for start in range(0, len(canonical_urls), _BATCH):
            batch = canonical_urls[start : start + _BATCH]
            values = await self._redis.mget([self._keys.seen_url(c) for c in batch])
            unseen.update(url for url, value in zip(batch, values, strict=True) if value is None)
        return unseen

    async def defer(self, entries: Sequence[FrontierEntry]) -> int:
        """Put entries read but not started back at the end of the stream, without costing
        a try: for a host this process cannot serve soon, or at shutdown."""
        if not entries:
            return 0
        args: list[str | int] = [FETCH_GROUP]
        for entry in entries:
            args += [entry.entry_id, entry.url, entry.canonical_url, entry.outlet, entry.tries]
        return int(await self._defer(keys=[self._keys.frontier], args=args))

    async def read(self, count: int, block_ms: int) -> list[FrontierEntry]:
        """New entries for this consumer, waiting up to `block_ms` for one to arrive."""
        reply = await self._redis.xreadgroup(
            FETCH_GROUP, self.consumer, {self._keys.frontier: ">"}, count=count, block=block_ms
        )
        if not reply:
            return []
        return [_entry(entry_id, fields) for entry_id, fields in reply[0][1] if fields]

    async def heartbeat(self) -> None:
        """Say this consumer is alive: its entries in flight must not be taken over."""
        ttl_ms = max(1000, int(self._settings.heartbeat_ttl * 1000))
        await self._redis.set(self._keys.alive(self.consumer), "1", px=ttl_ms)

    async def reclaim_orphans(
        self, in_flight: Collection[str], page: int = 500
    ) -> list[FrontierEntry]:
        """Take over entries idle for `reclaim_idle` whose reader is gone: a consumer with
        no heartbeat, or this one for entries it no longer has in hand (`in_flight`), as
        after a Redis outage.

        XAUTOCLAIM alone would also take entries from a live worker that is merely slow
        (a page retried with Retry-After); the heartbeat tells the two apart.
        """
        min_idle_ms = int(self._settings.reclaim_idle * 1000)
        orphans: list[StreamIdT] = []
        start = "-"
        alive: dict[str, bool] = {self.consumer: True}
        while True:
            rows = await self._redis.xpending_range(
                self._keys.frontier, FETCH_GROUP, min=start, max="+", count=page, idle=min_idle_ms
            )
            for name in {row["consumer"] for row in rows} - alive.keys():
                alive[name] = bool(await self._redis.exists(self._keys.alive(name)))
            orphans += [
                row["message_id"]
                for row in rows
                if not alive[row["consumer"]]
                or (row["consumer"] == self.consumer and row["message_id"] not in in_flight)
            ]
            if len(rows) < page:
                break
            start = "(" + rows[-1]["message_id"]
        if not orphans:
            return []
        claimed = await self._redis.xclaim(
            self._keys.frontier, FETCH_GROUP, self.consumer, min_idle_ms, orphans
        )
        for name, is_alive in alive.items():
            if not is_alive:  # its pending entries are ours now: forget the consumer
                await self._redis.xgroup_delconsumer(self._keys.frontier, FETCH_GROUP, name)
        return [_entry(entry_id, fields) for entry_id, fields in claimed if fields]

    async def requeue_or_dead(self, entry: FrontierEntry, reason: str, *, retryable: bool) -> str:
        """Record a failed try; returns "requeued", "dead" or "settled" (done elsewhere)."""
        tries = entry.tries + 1
        args: list[str | int] = [
            FETCH_GROUP,
            entry.entry_id,
            entry.url,
            entry.canonical_url,
            entry.outlet,
            tries,
            self._settings.max_tries,
            1 if retryable else 0,
            reason[:500],
            _now(),
            DEAD_MAXLEN,
        ]
        keys = [self._keys.frontier, self._keys.dead]
        outcome = int(await self._retry_or_dead(keys=keys, args=args))
        return {1: "requeued", 0: "dead"}.get(outcome, "settled")

    async def size(self) -> int:
        """Entries not yet done: waiting or in flight (done entries are deleted)."""
        return int(await self._redis.xlen(self._keys.frontier))


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _entry(entry_id: Any, fields: dict[Any, Any]) -> FrontierEntry:
    data = {_text(k): _text(v) for k, v in fields.items()}
    return FrontierEntry(
        entry_id=_text(entry_id),
        url=data.get("url", ""),
        canonical_url=data.get("canonical_url", data.get("url", "")),
        outlet=data.get("outlet", ""),
        tries=int(data.get("tries", "0") or 0),
    )
