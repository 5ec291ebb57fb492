"""The frontier entries one process holds, queued per host and handed out host by host.

The frontier is one stream in discovery order, so one outlet's URLs come in long runs.
Fetch tasks that took them in that order would all end up waiting for the same host's
politeness delay while other hosts' URLs sat behind. Instead a reader fills this buffer,
and a fetch task takes the next entry whose host may be fetched now (round robin over the
hosts): a host that must wait (its delay, a Retry-After, a pause after failures) keeps its
entries here, and the tasks serve the other hosts meanwhile.

A host holds at most `per_host_limit` entries (in the buffer or in progress), so the
buffer keeps room for others; the reader puts entries beyond that back at the end of the
stream (`Frontier.defer`). Every entry held is in the service's in-flight set, so it is
never reclaimed from this live worker.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from redis.exceptions import RedisError

from worker.fetch import host_key
from worker.frontier import Frontier
from worker.models import FrontierEntry
from worker.politeness import HostGate

log = logging.getLogger(__name__)

_MAX_WAIT = 1.0  # re-check at least this often, whatever the hosts said
_READ_BATCH = 16
_REDIS_BACKOFF = 1.0


class HostQueues:
    def __init__(self, ready_in: Callable[[str], float], capacity: int) -> None:
        self._ready_in = ready_in  # seconds until a host may be fetched (`HostGate.ready_in`)
        self.capacity = capacity
        self._queues: dict[str, deque[FrontierEntry]] = {}
        self._concurrency: dict[str, int] = {}
        self._held: dict[str, int] = {}  # queued + in progress, per host
        self._busy: dict[str, int] = {}  # in progress, per host
        self._total = 0
        self._closed = False
        self._stopped = False
        self.version = 0  # counts changes, so a waiter misses none that came before it
        self._waiters: list[asyncio.Future[None]] = []

    # ----------------------------------------------------------- the reader

    def room(self) -> int:
        return self.capacity - self._total

    def held(self) -> int:
        return self._total

    def per_host_limit(self, concurrency: int) -> int:
        return max(1, min(self.capacity // 2, 2 * concurrency + 2))

    def accepts(self, host: str, concurrency: int) -> bool:
        return self._held.get(host, 0) < self.per_host_limit(concurrency)

    def put(self, entry: FrontierEntry, host: str, concurrency: int) -> None:
        self._queues.setdefault(host, deque()).append(entry)
        self._concurrency[host] = concurrency
        self._held[host] = self._held.get(host, 0) + 1
        self._total += 1
        self.notify()

    def close(self) -> None:
        """No more entries: `take()` returns None once the queues are empty."""
        self._closed = True
        self.notify()

    def stop(self) -> None:
        """Hand out nothing more, even if entries are queued (shutdown)."""
        self._stopped = True
        self.notify()

    def take_all(self) -> list[FrontierEntry]:
        """Remove and return every queued entry (at shutdown, to give them back)."""
        entries = [entry for queue in self._queues.values() for entry in queue]
        for host, queue in self._queues.items():
            self._held[host] -= len(queue)
        self._total -= len(entries)
        self._queues.clear()
        self.notify()
        return entries

    # --------------------------------------------------------- fetch tasks

    async def take(self) -> tuple[FrontierEntry, str] | None:
        """The next entry whose host is ready, waiting for one; None once closed and empty."""
        while not self._stopped:
            wait = math.inf
            for host in list(self._queues):
                busy = self._busy.get(host, 0)
                if busy >= self._concurrency[host]:
                    continue
                ready_in = self._ready_in(host)
                if ready_in > 0:
                    wait = min(wait, ready_in)
                    continue
                queue = self._queues.pop(host)  # re-inserted last: round robin
                entry = queue.popleft()
                if queue:
                    self._queues[host] = queue
                self._busy[host] = busy + 1
                return entry, host
            if self._closed and not self._queues:
                return None
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, timeout=min(wait, _MAX_WAIT))
            except TimeoutError:
                pass
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        return None

    def done(self, host: str) -> None:
        """The entry taken for `host` is finished (whatever its outcome)."""
        self._busy[host] -= 1
        self._held[host] -= 1
        self._total -= 1
        if not self._held[host]:
            del self._held[host], self._busy[host], self._concurrency[host]
        self.notify()

    async def changed(self, *, within: float, since: int | None = None) -> None:
        """Wait until something changes (an entry done, a host ready), at most `within`
        seconds; at once if it changed after `version` was `since`."""
        if since is not None and since != self.version:
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, timeout=within)
        except TimeoutError:
            pass
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def notify(self) -> None:
        self.version += 1
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)


class FetchLoop:
    """One reader filling `HostQueues` from the frontier, and `fetch_tasks` tasks running
    `process` on what it hands out, until stopped or (with `drain`) the frontier is empty.

    Every entry held is in `in_flight` (so maintenance never reclaims it from this live
    process); at shutdown the entries not started go back to the stream for others.
    """

    def __init__(
        self,
        frontier: Frontier,
        gate: HostGate,
        process: Callable[[FrontierEntry], Awaitable[None]],
        concurrency: Callable[[FrontierEntry], int],
        in_flight: set[str],
        *,
        fetch_tasks: int,
        block: float,
        grace: float,
    ) -> None:
        self._frontier = frontier
        self._gate = gate
        self._process = process
        self._concurrency = concurrency
        self._in_flight = in_flight
        self._tasks = fetch_tasks
        self._block_ms = int(block * 1000)
        self._grace = grace
        self._queues = HostQueues(gate.ready_in, capacity=2 * fetch_tasks)

    async def run(self, stopping: asyncio.Event, drain: asyncio.Event | None) -> None:
        queues = self._queues
        self._gate.add_listener(queues.notify)
        reader = asyncio.create_task(self._read(stopping, drain), name="frontier-reader")
        tasks = [asyncio.create_task(self._fetch(), name=f"fetch-{n}") for n in range(self._tasks)]
        stop_wait: asyncio.Future[Any] = asyncio.create_task(stopping.wait())
        all_done: asyncio.Future[Any] = asyncio.gather(reader, *tasks)
        try:
            await asyncio.wait([stop_wait, all_done], return_when=asyncio.FIRST_COMPLETED)
            if stopping.is_set():
                queues.stop()
                _, late = await asyncio.wait([reader, *tasks], timeout=self._grace)
                for task in late:  # their entries stay pending and are reclaimed later
                    task.cancel()
                await asyncio.gather(*late, return_exceptions=True)
                await self._give_back()
        finally:
            stop_wait.cancel()
            self._gate.remove_listener(queues.notify)

    async def _read(self, stopping: asyncio.Event, drain: asyncio.Event | None) -> None:
        """Fill the queues from the frontier; with `drain` set, stop once it is empty."""
        queues = self._queues
        try:
            while not stopping.is_set():
                try:
                    if queues.room() <= 0:
                        await queues.changed(within=1.0)
                        continue
                    count = min(queues.room(), _READ_BATCH)
                    version = queues.version
                    entries = await self._frontier.read(count, self._block_ms)
                    if await self._hold(entries, version) and len(entries) == count:
                        continue
                    if (
                        drain is not None
                        and drain.is_set()
                        and not entries
                        and queues.held() == 0
                        and await self._frontier.size() == 0
                    ):
                        return
                except RedisError as exc:
                    log.error("redis error in the frontier reader: %s", exc)
                    await asyncio.sleep(_REDIS_BACKOFF)
                    if "NOGROUP" in str(exc):  # Redis lost its data (restart without AOF)
                        await self._recreate_group()
                except Exception:  # what was read stays pending: reclaimed, tried again
                    log.exception("frontier reader error")
                    await asyncio.sleep(_REDIS_BACKOFF)
        finally:
            queues.close()

    async def _hold(self, entries: list[FrontierEntry], version: int) -> bool:
        """Queue `entries` by host; those of a host that has enough in hand go back to the
        end of the stream (then wait for a change since `version`). True if any was kept."""
        deferred = []
        for entry in entries:
            host = host_key(entry.canonical_url)
            concurrency = self._concurrency(entry)
            if self._queues.accepts(host, concurrency):
                self._in_flight.add(entry.entry_id)
                self._queues.put(entry, host, concurrency)
            else:
                deferred.append(entry)
        if deferred:
            await self._frontier.defer(deferred)
            if len(deferred) == len(entries):  # only busy hosts ahead: let them move first
                await self._queues.changed(within=1.0, since=version)
        return len(deferred) < len(entries)

    async def _fetch(self) -> None:
        while (taken := await self._queues.take()) is not None:
            entry, host = taken
            try:
                await self._process(entry)
            except RedisError as exc:  # the entry stays pending and is reclaimed
                log.error("redis error in fetch task: %s", exc)
                await asyncio.sleep(_REDIS_BACKOFF)
            except Exception:  # the entry stays pending: reclaimed, tried again, then dead
                log.exception("fetch task error; the entry will be reclaimed")
            finally:
                self._in_flight.discard(entry.entry_id)
                self._queues.done(host)

    async def _give_back(self) -> None:
        """Entries held but not started go back to the stream for other workers."""
        entries = self._queues.take_all()
        try:
            await self._frontier.defer(entries)
        except RedisError as exc:  # they stay pending and are reclaimed later
            log.warning("could not give back %d entries: %s", len(entries), exc)
            return
        for entry in entries:
            self._in_flight.discard(entry.entry_id)

    async def _recreate_group(self) -> None:
        try:
            await self._frontier.ensure_group()
        except RedisError as exc:
            log.error("could not create the frontier group: %s", exc)
