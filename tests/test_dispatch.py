"""The per-host queues between the frontier and the fetch tasks, and `Frontier.defer`
that gives entries back without costing a try."""

from __future__ import annotations

import asyncio

import redis.asyncio as aioredis

from worker.config import FrontierSettings
from worker.dispatch import HostQueues
from worker.frontier import Frontier
from worker.keys import Keys
from worker.models import FrontierEntry
from worker.politeness import HostGate


def gate() -> HostGate:
    return HostGate(backoff_base=1.0, backoff_max=60.0, pause_after=5, pause_for=300.0)


def entry(name: str) -> FrontierEntry:
    return FrontierEntry(
        entry_id=name, url=f"http://h/{name}", canonical_url=f"http://h/{name}", outlet="o"
    )


async def take_names(queues: HostQueues, count: int) -> list[str]:
    names = []
    for _ in range(count):
        taken = await asyncio.wait_for(queues.take(), 1.0)
        assert taken is not None
        names.append(taken[0].entry_id)
        queues.done(taken[1])
    return names


async def test_hosts_take_turns() -> None:
    queues = HostQueues(gate().ready_in, capacity=10)
    for name in ("a1", "a2", "a3"):
        queues.put(entry(name), "a", 4)
    for name in ("b1", "b2"):
        queues.put(entry(name), "b", 4)
    assert await take_names(queues, 5) == ["a1", "b1", "a2", "b2", "a3"]
    assert queues.held() == 0


async def test_a_host_that_must_wait_does_not_hold_the_others() -> None:
    hosts = gate()
    hosts.failure("a", retry_after=30)  # Retry-After: 30
    queues = HostQueues(hosts.ready_in, capacity=10)
    queues.put(entry("a1"), "a", 4)
    queues.put(entry("b1"), "b", 4)
    queues.put(entry("b2"), "b", 4)
    assert await take_names(queues, 2) == ["b1", "b2"]
    queues.close()
    assert queues.held() == 1
    queues.stop()  # shutdown: nothing more is handed out; the rest is given back
    assert await asyncio.wait_for(queues.take(), 1.0) is None
    assert [e.entry_id for e in queues.take_all()] == ["a1"]


async def test_no_more_in_progress_per_host_than_its_concurrency() -> None:
    queues = HostQueues(gate().ready_in, capacity=10)
    for name in ("a1", "a2"):
        queues.put(entry(name), "a", 1)
    first = await queues.take()
    assert first is not None
    second = asyncio.create_task(queues.take())
    await asyncio.sleep(0.05)
    assert not second.done()  # a1 is in progress; a host of concurrency 1 waits
    queues.done("a")
    taken = await asyncio.wait_for(second, 1.0)
    assert taken is not None
    assert taken[0].entry_id == "a2"


def test_a_host_keeps_room_for_the_others() -> None:
    queues = HostQueues(gate().ready_in, capacity=32)
    assert queues.per_host_limit(2) == 6  # twice its concurrency and two
    assert queues.per_host_limit(100) == 16  # at most half the buffer
    for n in range(6):
        queues.put(entry(f"a{n}"), "a", 2)
    assert (queues.accepts("a", 2), queues.accepts("b", 2), queues.room()) == (False, True, 26)


async def test_defer_puts_entries_back_untried(redis: aioredis.Redis, prefix: str) -> None:
    frontier = Frontier(redis, Keys(prefix), FrontierSettings(), "me")
    await frontier.ensure_group()
    await frontier.enqueue("o", [("http://h/1", "http://h/1"), ("http://h/2", "http://h/2")])
    first, second = await frontier.read(2, 100)
    retried = await frontier.requeue_or_dead(first, "HTTP 503", retryable=True)
    assert retried == "requeued"
    [again] = await frontier.read(1, 100)
    assert (again.url, again.tries) == ("http://h/1", 1)
    assert await frontier.defer([second, again]) == 2
    assert await frontier.defer([second]) == 0  # already given back
    back = await frontier.read(10, 100)
    assert [(e.url, e.tries) for e in back] == [("http://h/2", 0), ("http://h/1", 1)]
    assert await frontier.size() == 2
