"""`make demo`: the whole product, offline, in under a minute.

Starts the local outlet simulator, a worker against it (on a Redis key prefix of its own),
and a consumer that prints each article as it arrives; then adds fresh articles to the
simulator so the next tick shows that only new ones are published.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
import uuid
from pathlib import Path

import redis.asyncio as aioredis

from worker.config import load_config
from worker.keys import Keys
from worker.redis_local import ensure_redis, state_dir
from worker.service import Service
from worker.simulator import Simulator

_TICK = "10s"
_WAIT_LIMIT = 60.0


async def run_demo(articles: int) -> int:
    simulator = Simulator(outlets=2, articles=articles)
    base = await simulator.start()
    prefix = f"demo-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory(prefix="news-worker-demo-") as folder:
        config_dir = simulator.write_config(
            Path(folder),
            settings={"redis": {"prefix": prefix}, "log_level": "WARNING"},
            every=_TICK,
        )
        config = load_config(config_dir)
        local = await ensure_redis(config.settings.redis.url, state_dir())
        print(
            f"outlet simulator at {base}; Redis at {config.settings.redis.url}, "
            f"key prefix {prefix}\n"
        )
        service = Service.from_config(config)
        worker = asyncio.create_task(service.run_forever())
        redis = aioredis.Redis.from_url(config.settings.redis.url, decode_responses=True)
        try:
            expected = sum(len(simulator.articles(o)) for o in simulator.outlet_ids)
            seen = await _print_items(redis, Keys(prefix), "0", expected)
            fresh = [simulator.add_articles(o, 1)[0] for o in simulator.outlet_ids]
            print(
                f"\nadded {len(fresh)} new articles to the simulator; waiting for the next "
                f"tick ({_TICK})...\n"
            )
            await _print_items(redis, Keys(prefix), seen, len(fresh))
            print(
                "\ndemo done: every article arrived once. Read the queue yourself with "
                "`python -m worker consume`."
            )
            return 0
        finally:
            service.stop()
            await worker
            await service.close()
            await _cleanup(redis, prefix)
            await redis.aclose()
            await simulator.stop()
            if local is not None:
                await local.stop()


async def _print_items(redis: aioredis.Redis, keys: Keys, after: str, count: int) -> str:
    """Print `count` items from the items stream after id `after`; returns the last id."""
    deadline = time.monotonic() + _WAIT_LIMIT
    printed = 0
    while printed < count and time.monotonic() < deadline:
        reply = await redis.xread({keys.items: after}, count=100, block=1000)
        for entry_id, fields in reply[0][1] if reply else []:
            after = entry_id
            item = json.loads(fields["item"])
            printed += 1
            print(f"[{item['outlet']}] {item['title']}")
            print(f"    {item['url']}")
            print(
                f"    published {item['published_at']}, dateline {item['dateline']}, "
                f"{item['word_count']} words, {len(item['related'])} related links"
            )
    if printed < count:
        print(f"only {printed} of {count} articles arrived within {_WAIT_LIMIT:.0f}s")
    return after


async def _cleanup(redis: aioredis.Redis, prefix: str) -> None:
    keys = [key async for key in redis.scan_iter(match=f"{{{prefix}}}:*", count=1000)]
    if keys:
        await redis.delete(*keys)
