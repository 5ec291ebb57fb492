"""The service: wires the stages together and runs them, forever or once.

    1. the scheduler ticks for an outlet -> `discover_outlet` (under a Redis lock)
    2. discovered URLs -> `Frontier.enqueue` (new ones only), then the HTTP cache entries
       of the pages they came from (so a crash in between re-reads those pages)
    3. `FetchLoop` (dispatch.py) reads the frontier into per-host queues; fetch tasks take
       the next entry whose host may be fetched now -> `Fetcher.fetch` -> `Extractor.extract`
    4. `Publisher.publish` puts the item on the items stream and closes the entry

The per-article failure policy lives here and only here: a fetch or extraction failure
costs one try of that URL (dead-letter after `max_tries`), a Redis failure leaves the
entry pending for reclaim, and nothing a page or an outlet does stops the service.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from worker.config import Config, OutletConfig
from worker.discover import discover
from worker.dispatch import FetchLoop
from worker.errors import ExtractionError, FetchError, WorkerError
from worker.extract import Extractor
from worker.fetch import Fetcher
from worker.frontier import Frontier
from worker.http_cache import HttpCache
from worker.keys import Keys
from worker.models import FrontierEntry
from worker.publish import Publisher
from worker.scheduler import build_scheduler
from worker.stats import Stats
from worker.whole import fetch_article

log = logging.getLogger(__name__)

_RELEASE_LOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
_MAINTENANCE_EVERY = 5.0
_HEALTH_TTL = 60


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    discovered: int
    queued: int
    published: int
    duplicate: int
    dead: int


async def check_redis(redis: aioredis.Redis, url: str) -> None:
    """Raise a `WorkerError` that says how to get a Redis when none answers at `url`."""
    from worker.redis_local import redact

    try:
        await redis.ping()
    except RedisError as exc:
        raise WorkerError(
            f"Redis at {redact(url)} does not answer ({exc}); start one "
            "(docker compose up -d redis) or set REDIS_URL"
        ) from exc


@asynccontextmanager
async def started(config: Config) -> AsyncIterator[Service]:
    """A service for one command: SIGTERM / SIGINT stop it, Redis is checked first, and
    its connections are closed at the end."""
    service = Service.from_config(config)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, service.stop)
    try:
        await check_redis(service.redis, config.settings.redis.url)
        yield service
    finally:
        await service.close()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


def consumer_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Service:
    def __init__(
        self,
        config: Config,
        redis: aioredis.Redis,
        fetcher: Fetcher,
        extractor: Extractor,
        consumer: str,
    ) -> None:
        self.config = config
        self.redis = redis
        self.keys = Keys(config.settings.redis.prefix)
        self.fetcher = fetcher
        self.extractor = extractor
        self.frontier = Frontier(redis, self.keys, config.settings.frontier, consumer)
        self.publisher = Publisher(redis, self.keys, config.settings.items)
        self.http_cache = HttpCache(redis, self.keys, config.settings.frontier.seen_ttl)
        self.stats = Stats()
        self._policies = {o.id: fetcher.policy_for(o) for o in config.outlets}
        self._outlet_configs = {o.id: o for o in config.outlets}
        frontier = config.settings.frontier
        self._maintenance_every = max(
            0.2, min(_MAINTENANCE_EVERY, frontier.reclaim_idle, frontier.heartbeat_ttl / 3)
        )
        self._in_flight: set[str] = set()
        self._outlet_ids = frozenset(o.id for o in config.outlets)
        self._stopping = asyncio.Event()
        self._release_lock = redis.register_script(_RELEASE_LOCK)

    @classmethod
    def from_config(cls, config: Config) -> Service:
        settings = config.settings
        redis = aioredis.Redis.from_url(settings.redis.url, decode_responses=True)
        return cls(
            config, redis, Fetcher(settings.fetch), Extractor(config.outlets), consumer_name()
        )

    async def close(self) -> None:
        await self.fetcher.close()
        await self.redis.aclose()

    def stop(self) -> None:
        """Ask the service to stop: no new work; in-flight pages finish or stay pending."""
        self._stopping.set()

    # ------------------------------------------------------------ discovery

    async def discover_outlet(self, outlet: OutletConfig, lock_ttl: float, release: bool) -> int:
        """Discover `outlet` if no other process holds its lock; returns URLs newly queued."""
        token = uuid.uuid4().hex
        lock = self.keys.lock(outlet.id)
        try:
            if not await self.redis.set(lock, token, nx=True, px=max(100, int(lock_ttl * 1000))):
                log.info("discovery skipped outlet=%s reason=locked-by-another-worker", outlet.id)
                return 0
            result = await discover(outlet, self.fetcher, seen=self.frontier, cache=self.http_cache)
            pairs = [(c.url, c.canonical_url) for c in result.candidates]
            queued = await self.frontier.enqueue(outlet.id, pairs)
            await self.http_cache.save(result.cache_updates)
        except RedisError as exc:
            self.stats.add(outlet.id, "discovery_errors")
            log.error("discovery failed outlet=%s reason=redis: %s", outlet.id, exc)
            return 0
        except Exception:  # one broken outlet must not stop the others
            self.stats.add(outlet.id, "discovery_errors")
            log.exception("discovery crashed outlet=%s", outlet.id)
            return 0
        finally:
            if release:
                await self._unlock(lock, token)
        self.stats.add(outlet.id, "discovered", len(pairs))
        self.stats.add(outlet.id, "queued", queued)
        self.stats.add(outlet.id, "discovery_errors", len(result.errors))
        log.info(
            "discovered outlet=%s pages=%d unchanged=%d urls=%d new=%d errors=%d",
            outlet.id,
            result.pages_fetched,
            result.unchanged,
            len(pairs),
            queued,
            len(result.errors),
        )
        return queued

    async def _unlock(self, lock: str, token: str) -> None:
        try:
            await self._release_lock(keys=[lock], args=[token])
        except RedisError as exc:
            log.warning("could not release lock=%s: %s", lock, exc)

    # -------------------------------------------------------------- fetching

    async def process(self, entry: FrontierEntry) -> None:
        """Fetch, extract and publish one frontier entry; every outcome is recorded."""
        outlet = entry.outlet
        policy = self._policies.get(outlet)  # None for an outlet no longer configured
        try:
            # no tracking parameters; every page of a split article (`whole_article`)
            page = await fetch_article(
                self.fetcher, entry.canonical_url, self._outlet_configs.get(outlet), policy
            )
        except FetchError as exc:
            await self._failed(entry, exc.reason, retryable=exc.retryable)
            return
        self.stats.add(outlet, "fetched")
        try:
            known = outlet if outlet in self._outlet_ids else None
            item = self.extractor.extract_pages(
                page.pages, page.url, known, page.fetched_at, complete=page.complete
            )
        except ExtractionError as exc:
            await self._failed(entry, f"not an article: {exc.reason}", retryable=False)
            return
        except Exception as exc:  # a bug on one page must not stop the service
            log.exception("extractor crashed url=%s", entry.url)
            await self._failed(entry, f"extractor crashed: {exc!r}", retryable=False)
            return
        if item.drift:
            self.stats.add(outlet, "drift")
            log.warning("extraction drift outlet=%s url=%s", outlet, entry.url)
        published = await self.publisher.publish(entry, item)
        self.stats.add(outlet, "published" if published else "duplicate")
        log.debug("%s url=%s id=%s", "published" if published else "duplicate", entry.url, item.id)

    async def _failed(self, entry: FrontierEntry, reason: str, *, retryable: bool) -> None:
        outcome = await self.frontier.requeue_or_dead(entry, reason, retryable=retryable)
        if outcome == "settled":
            log.info("already settled by another worker url=%s", entry.url)
            return
        self.stats.add(entry.outlet, "retried" if outcome == "requeued" else "dead")
        level = logging.INFO if outcome == "requeued" else logging.WARNING
        log.log(level, "%s url=%s tries=%d reason=%s", outcome, entry.url, entry.tries + 1, reason)

    async def _maintenance(self, report_health: bool) -> None:
        """Heartbeat, take over entries left unfinished, flush counters, report health."""
        while True:
            try:
                await self.frontier.heartbeat()
                for entry in await self.frontier.reclaim_orphans(self._in_flight):
                    await self._failed(
                        entry, "left unfinished (worker died or lost Redis)", retryable=True
                    )
                await self.stats.flush(self.redis, self.keys)
                if (progress := self.stats.progress()) is not None:
                    log.info("progress %s", progress)
                if report_health:
                    await self.redis.set(
                        self.keys.health(socket.gethostname()), "ok", ex=_HEALTH_TTL
                    )
            except RedisError as exc:
                log.error("redis error in maintenance: %s", exc)
            await asyncio.sleep(self._maintenance_every)

    async def _run_fetchers(self, drain: asyncio.Event | None) -> None:
        """Read and fetch until `stop()`, or (with `drain`) until `drain` is set and the
        frontier is empty."""
        settings = self.config.settings

        def concurrency(entry: FrontierEntry) -> int:
            return self._policies.get(entry.outlet, self.fetcher.default_policy).concurrency

        loop = FetchLoop(
            self.frontier,
            self.fetcher.gate,
            self.process,
            concurrency,
            self._in_flight,
            fetch_tasks=settings.frontier.fetch_tasks,
            block=min(settings.frontier.block, 1.0),
            grace=settings.fetch.total_timeout + 5,
        )
        await loop.run(self._stopping, drain)

    async def drain(self, work: Awaitable[Any] | None = None) -> None:
        """Fetch and publish until the frontier is empty; with `work` (something that
        queues URLs, as a backfill does), not before `work` has finished."""
        finished = asyncio.Event()
        if work is None:
            finished.set()
            await self._run_fetchers(finished)
            return

        async def run_work() -> None:
            try:
                await work
            finally:
                finished.set()

        worker = asyncio.create_task(run_work())
        try:
            await self._run_fetchers(finished)
        finally:
            if not worker.done():
                worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
        if not worker.cancelled():
            await worker  # its error, if any, is the caller's

    # ------------------------------------------------------------- lifecycle

    async def crawl_once(self) -> CrawlSummary:
        """Discover every outlet once, fetch until the frontier is empty, publish, return."""

        async def discover_all() -> None:
            outlets = [o for o in self.config.outlets if o.enabled]
            await asyncio.gather(*(self.discover_outlet(o, 300.0, True) for o in outlets))

        return await self.run_once(discover_all(), overlap=False)

    async def run_once(self, work: Awaitable[Any], *, overlap: bool = True) -> CrawlSummary:
        """Run `work` (something that queues URLs), then fetch and publish until the
        frontier is empty; with `overlap`, fetching runs while `work` does (a backfill)."""
        await self.frontier.ensure_group()
        maintenance = asyncio.create_task(self._maintenance(report_health=False))
        try:
            if overlap:
                await self.drain(work)
            else:
                await work
                if not self._stopping.is_set():
                    await self.drain()
        finally:
            maintenance.cancel()
            await asyncio.gather(maintenance, return_exceptions=True)
            await self._flush_stats()
        t = self.stats.totals
        return CrawlSummary(t["discovered"], t["queued"], t["published"], t["duplicate"], t["dead"])

    async def run_forever(self) -> None:
        """Run scheduler, fetch tasks and maintenance until `stop()`."""
        await self.frontier.ensure_group()
        discoveries: set[asyncio.Task[int]] = set()

        async def tick(outlet: OutletConfig, lock_ttl: float) -> None:
            task = asyncio.create_task(self.discover_outlet(outlet, lock_ttl, False))
            discoveries.add(task)
            try:
                await task
            finally:
                discoveries.discard(task)

        scheduler = build_scheduler(self.config.outlets, self.config.settings.schedule, tick)
        scheduler.start()
        maintenance = asyncio.create_task(self._maintenance(report_health=True))
        log.info(
            "worker running consumer=%s outlets=%d",
            self.frontier.consumer,
            len(self.config.outlets),
        )
        try:
            await self._run_fetchers(None)
        finally:
            scheduler.shutdown(wait=False)
            for task in [maintenance, *discoveries]:
                task.cancel()
            await asyncio.gather(maintenance, *discoveries, return_exceptions=True)
            await self._flush_stats()
            log.info("worker stopped consumer=%s", self.frontier.consumer)

    async def _flush_stats(self) -> None:
        try:
            await self.stats.flush(self.redis, self.keys)
        except RedisError as exc:
            log.error("could not save stats: %s", exc)
