"""Per-outlet counters: kept in memory on the hot path, flushed to Redis now and then.

A counter per page in Redis would cost a round trip per page; one pipeline every few
seconds costs nothing and still shows an operator what each outlet is doing.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from datetime import UTC, datetime

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from worker.keys import Keys

log = logging.getLogger(__name__)

FIELDS = (
    "discovered",
    "queued",
    "fetched",
    "published",
    "duplicate",
    "retried",
    "dead",
    "drift",
    "discovery_errors",
    "publish_errors",
)


class Stats:
    def __init__(self) -> None:
        self._pending: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.totals: Counter[str] = Counter()
        self._last_progress: Counter[str] = Counter()

    def progress(self) -> str | None:
        """A one-line summary of this process's totals, or None if nothing changed since the
        last call (so an idle worker does not fill its log)."""
        if self.totals == self._last_progress:
            return None
        self._last_progress = self.totals.copy()
        return " ".join(f"{field}={self.totals[field]}" for field in FIELDS)

    def add(self, outlet: str, field: str, count: int = 1) -> None:
        self._pending[outlet][field] += count
        self.totals[field] += count

    async def flush(self, redis: aioredis.Redis, keys: Keys) -> None:
        """Add the counts gathered since the last flush to `{nw}:stats:<outlet>`."""
        if not self._pending:
            return
        pending, self._pending = self._pending, defaultdict(Counter)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            async with redis.pipeline(transaction=False) as pipe:
                for outlet, counts in pending.items():
                    for field, count in counts.items():
                        pipe.hincrby(keys.stats(outlet), field, count)
                    pipe.hset(keys.stats(outlet), "updated_at", now)
                await pipe.execute()
        except RedisError:
            for outlet, counts in pending.items():
                self._pending[outlet].update(counts)
            raise
