"""Politeness per host: spacing between requests, requests in flight, backoff, pause.

One `HostGate` per process holds, for each host (`host:port`) it has talked to:

- when the next request may start: the last start plus the host's delay (the outlet's
  `politeness.delay`, or the site's robots.txt Crawl-delay if longer), pushed further out
  after a failure (exponential backoff, or the server's `Retry-After`);
- how many requests are in flight there (at most the outlet's `politeness.concurrency`);
- failures in a row (429, 5xx, timeouts, connection errors): after `fetch.pause_after` of
  them the host is paused for `fetch.pause_for` (a circuit breaker); one success resets.

A caller waits for its host only: the gate holds no global slot, so a slow or failing host
never keeps a fetch from another host waiting. The state lives in memory; each worker
process is polite on its own (N processes may send N times the rate to one host).
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


class HostPaused(Exception):
    """The host is paused after repeated failures; try again after `remaining` seconds."""

    def __init__(self, host: str, failures: int, remaining: float) -> None:
        self.host = host
        self.failures = failures
        self.remaining = remaining
        super().__init__(f"host paused after {failures} failures in a row ({remaining:.0f}s left)")


@dataclass(slots=True)
class _Host:
    next_start: float = 0.0  # time.monotonic() before which no request may start
    active: int = 0
    concurrency: int = 1
    failures: int = 0  # in a row
    paused_until: float = 0.0
    waiters: list[asyncio.Future[None]] = field(default_factory=list)


class HostGate:
    """Per-host spacing, concurrency, backoff and pause (see the module docstring)."""

    def __init__(
        self,
        *,
        backoff_base: float,
        backoff_max: float,
        pause_after: int,
        pause_for: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._pause_after = pause_after
        self._pause_for = pause_for
        self._clock = clock
        self._hosts: dict[str, _Host] = {}
        self._listeners: list[Callable[[], None]] = []

    def add_listener(self, callback: Callable[[], None]) -> None:
        """Call `callback` whenever a host may have become ready (a slot freed, a failure)."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def ready_in(self, host: str) -> float:
        """Seconds until a request to `host` could start; `inf` while it is at its limit."""
        state = self._hosts.get(host)
        if state is None:
            return 0.0
        if state.active >= state.concurrency:
            return math.inf
        now = self._clock()
        return max(0.0, state.next_start - now, state.paused_until - now)

    def failures(self, host: str) -> int:
        state = self._hosts.get(host)
        return state.failures if state is not None else 0

    @asynccontextmanager
    async def slot(self, host: str, delay: float, concurrency: int) -> AsyncIterator[None]:
        """Wait until a request to `host` may start, and hold one of its slots meanwhile.

        Raises `HostPaused` at once when the host is paused, rather than waiting minutes.
        """
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host()
        state.concurrency = concurrency
        while True:
            self._check_paused(host, state)
            if state.active < concurrency:
                break
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            state.waiters.append(waiter)
            try:
                await waiter
            finally:
                if waiter in state.waiters:
                    state.waiters.remove(waiter)
        state.active += 1
        try:
            now = self._clock()
            start = max(now, state.next_start)
            state.next_start = start + delay
            if start > now:
                await asyncio.sleep(start - now)
                self._check_paused(host, state)
            yield
        finally:
            state.active -= 1
            while state.waiters:  # hand the freed slot to the next live waiter
                waiter = state.waiters.pop(0)
                if not waiter.done():
                    waiter.set_result(None)
                    break
            self._notify()

    def success(self, host: str) -> None:
        state = self._hosts.get(host)
        if state is not None and state.failures:
            if state.failures >= self._pause_after:
                log.info("host resumed host=%s", host)
            state.failures = 0

    def failure(self, host: str, retry_after: float | None = None) -> None:
        """Slow `host` down after a 429, 5xx, timeout or connection error; pause it if it
        keeps failing. `retry_after` (the server's `Retry-After`) replaces the backoff."""
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host()
        state.failures += 1
        now = self._clock()
        if retry_after is not None:
            wait = min(retry_after, self._backoff_max)
        else:
            base = self._backoff_base * 2.0 ** (state.failures - 1)
            wait = min(self._backoff_max, base * (0.5 + random.random()))
        state.next_start = max(state.next_start, now + wait)
        if state.failures >= self._pause_after:
            state.paused_until = now + self._pause_for
            log.warning(
                "host paused host=%s failures=%d for=%.0fs", host, state.failures, self._pause_for
            )
        self._notify()

    def _check_paused(self, host: str, state: _Host) -> None:
        remaining = state.paused_until - self._clock()
        if remaining > 0:
            raise HostPaused(host, state.failures, remaining)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()
