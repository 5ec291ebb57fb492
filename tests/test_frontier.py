"""The frontier and publish scripts on the real Redis: exact stream contents."""

from __future__ import annotations

import redis.asyncio as aioredis

from worker.config import FrontierSettings, ItemsSettings
from worker.frontier import Frontier
from worker.keys import FETCH_GROUP, Keys
from worker.models import Item
from worker.publish import Publisher


def make_item(item_id: str, content_hash: str) -> Item:
    return Item(
        id=item_id,
        url=f"https://x.com/read/{item_id}",
        canonical_url=f"https://x.com/read/{item_id}",
        outlet="x.com",
        title="Judul",
        published_at=None,
        updated_at=None,
        authors=(),
        editor=None,
        dateline=None,
        attribution=None,
        body="Isi berita.",
        related=(),
        tags=(),
        section=None,
        image_url=None,
        language="id",
        word_count=2,
        content_hash=content_hash,
        fetched_at="2026-11-25T00:00:00+00:00",
        extractor="generic",
    )


async def make_frontier(
    redis: aioredis.Redis, prefix: str, consumer: str = "a", **kw: object
) -> Frontier:
    frontier = Frontier(redis, Keys(prefix), FrontierSettings.model_validate(kw), consumer)
    await frontier.ensure_group()
    return frontier


async def test_enqueue_only_new_urls(redis: aioredis.Redis, prefix: str) -> None:
    frontier = await make_frontier(redis, prefix)
    pairs = [
        ("https://x.com/read/1?utm_source=a", "https://x.com/read/1"),
        ("https://x.com/read/2", "https://x.com/read/2"),
    ]
    assert await frontier.enqueue("x.com", pairs) == 2
    assert (
        await frontier.enqueue("x.com", [*pairs, ("https://x.com/read/3", "https://x.com/read/3")])
        == 1
    )
    entries = await frontier.read(10, 100)
    assert [(e.url, e.canonical_url, e.outlet, e.tries) for e in entries] == [
        ("https://x.com/read/1?utm_source=a", "https://x.com/read/1", "x.com", 0),
        ("https://x.com/read/2", "https://x.com/read/2", "x.com", 0),
        ("https://x.com/read/3", "https://x.com/read/3", "x.com", 0),
    ]
    ttl = await redis.ttl(Keys(prefix).seen_url("https://x.com/read/1"))
    assert 29 * 86400 < ttl <= 30 * 86400


async def test_enqueue_in_batches(redis: aioredis.Redis, prefix: str) -> None:
    frontier = await make_frontier(redis, prefix)
    pairs = [(f"https://x.com/read/{n}", f"https://x.com/read/{n}") for n in range(1234)]
    assert await frontier.enqueue("x.com", pairs) == 1234
    assert await frontier.size() == 1234


async def test_failed_tries_then_dead_letter(redis: aioredis.Redis, prefix: str) -> None:
    keys = Keys(prefix)
    frontier = await make_frontier(redis, prefix, max_tries=2)
    await frontier.enqueue("x.com", [("https://x.com/read/1", "https://x.com/read/1")])
    [entry] = await frontier.read(1, 100)
    assert await frontier.requeue_or_dead(entry, "timed out", retryable=True) == "requeued"
    [again] = await frontier.read(1, 100)
    assert (again.url, again.tries) == ("https://x.com/read/1", 1)
    assert await frontier.requeue_or_dead(again, "HTTP 503", retryable=True) == "dead"
    assert await frontier.size() == 0
    dead = await redis.xrange(keys.dead)
    assert len(dead) == 1
    fields = dead[0][1]
    assert (fields["url"], fields["outlet"], fields["tries"], fields["reason"]) == (
        "https://x.com/read/1",
        "x.com",
        "2",
        "HTTP 503",
    )
    pending = await redis.xpending(keys.frontier, FETCH_GROUP)
    assert pending["pending"] == 0


async def test_not_retryable_goes_dead_at_once(redis: aioredis.Redis, prefix: str) -> None:
    frontier = await make_frontier(redis, prefix, max_tries=5)
    await frontier.enqueue("x.com", [("https://x.com/read/1", "https://x.com/read/1")])
    [entry] = await frontier.read(1, 100)
    assert await frontier.requeue_or_dead(entry, "HTTP 404", retryable=False) == "dead"
    assert [f["reason"] for _, f in await redis.xrange(Keys(prefix).dead)] == ["HTTP 404"]


async def test_publish_once_per_body(redis: aioredis.Redis, prefix: str) -> None:
    keys = Keys(prefix)
    frontier = await make_frontier(redis, prefix)
    publisher = Publisher(redis, keys, ItemsSettings())
    await frontier.enqueue("x.com", [(f"https://x.com/read/{n}",) * 2 for n in (1, 2)])
    first, second = await frontier.read(2, 100)
    assert await publisher.publish(first, make_item("a1", "hash-same")) is True
    assert await publisher.publish(second, make_item("a2", "hash-same")) is False
    items = await redis.xrange(keys.items)
    assert [(f["id"], f["outlet"]) for _, f in items] == [("a1", "x.com")]
    assert await frontier.size() == 0
    assert (await redis.xpending(keys.frontier, FETCH_GROUP))["pending"] == 0


async def test_entries_of_a_dead_reader_are_reclaimed(redis: aioredis.Redis, prefix: str) -> None:
    dead_reader = await make_frontier(redis, prefix, consumer="dead")
    await dead_reader.enqueue("x.com", [("https://x.com/read/1", "https://x.com/read/1")])
    [taken] = await dead_reader.read(1, 100)
    live = await make_frontier(redis, prefix, consumer="live", reclaim_idle=0)
    assert await live.read(1, 50) == []
    [reclaimed] = await live.reclaim_orphans(in_flight=set())
    assert (reclaimed.entry_id, reclaimed.url) == (taken.entry_id, taken.url)
    consumers = await redis.xinfo_consumers(Keys(prefix).frontier, FETCH_GROUP)
    assert [c["name"] for c in consumers] == ["live"]


async def test_live_readers_keep_their_entries(redis: aioredis.Redis, prefix: str) -> None:
    slow_reader = await make_frontier(redis, prefix, consumer="slow", reclaim_idle=0)
    await slow_reader.heartbeat()
    await slow_reader.enqueue("x.com", [(f"https://x.com/read/{n}",) * 2 for n in (1, 2)])
    first, second = await slow_reader.read(2, 100)
    other = await make_frontier(redis, prefix, consumer="other", reclaim_idle=0)
    assert await other.reclaim_orphans(in_flight=set()) == []
    # its own entries: those still in hand stay, one left behind (a Redis error) is taken back
    [back] = await slow_reader.reclaim_orphans(in_flight={first.entry_id})
    assert back.entry_id == second.entry_id


async def test_settled_entry_is_not_recorded_twice(redis: aioredis.Redis, prefix: str) -> None:
    keys = Keys(prefix)
    frontier = await make_frontier(redis, prefix)
    publisher = Publisher(redis, keys, ItemsSettings())
    await frontier.enqueue("x.com", [("https://x.com/read/1",) * 2])
    [entry] = await frontier.read(1, 100)
    assert await publisher.publish(entry, make_item("a1", "h1")) is True
    assert await frontier.requeue_or_dead(entry, "timed out", retryable=True) == "settled"
    assert await frontier.size() == 0
    assert await redis.xlen(keys.dead) == 0
