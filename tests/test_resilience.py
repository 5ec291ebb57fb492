"""What a production crawler meets: a worker killed mid-crawl, hostile pages, two workers
on one Redis, SIGTERM, and a Redis restart. Workers run as real subprocesses here."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from tests.conftest import clean_env, write_sim_config
from tests.test_e2e import all_articles, crawl, match_exactly_once, published
from worker.keys import FETCH_GROUP, Keys
from worker.redis_local import ensure_redis
from worker.simulator import Simulator

ROOT = Path(__file__).resolve().parents[1]
WAIT_LIMIT = 90.0


async def start_worker(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "worker", *args,
        cwd=ROOT, env=clean_env(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def wait_for(condition: Callable[[], Awaitable[bool]], what: str) -> None:
    """Poll another process's progress until `condition` holds; fail, never hang."""
    for _ in range(int(WAIT_LIMIT / 0.05)):
        if await condition():
            return
        await asyncio.sleep(0.05)
    pytest.fail(f"not within {WAIT_LIMIT:.0f}s: {what}")


@pytest.fixture
async def slow_simulator() -> AsyncIterator[Simulator]:
    sim = Simulator(outlets=2, articles=40, latency_ms=120)
    await sim.start()
    yield sim
    await sim.stop()


async def test_worker_killed_mid_crawl_loses_nothing(
    slow_simulator: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    keys = Keys(prefix)
    config_dir = write_sim_config(
        slow_simulator, tmp_path, prefix, {"frontier": {"fetch_tasks": 4}}
    )
    specs = all_articles(slow_simulator)
    worker = await start_worker("crawl", "--once", "--config", str(config_dir))

    async def some_published() -> bool:
        return int(await redis.xlen(keys.items)) >= 10

    await wait_for(some_published, "the first worker publishes")
    worker.kill()
    await worker.wait()
    assert worker.returncode == -signal.SIGKILL
    before = int(await redis.xlen(keys.items))
    pending = (await redis.xpending(keys.frontier, FETCH_GROUP))["pending"]
    assert before < len(specs)
    assert pending >= 1  # entries the killed worker had in hand

    summary = await crawl(config_dir)
    items = await published(redis, prefix)
    match_exactly_once(items, specs)
    assert summary.published == len(specs) - before
    assert await redis.xlen(keys.frontier) == 0


async def test_every_bad_case_is_survived_counted_and_dead_lettered(
    redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    sim = Simulator(outlets=1, articles=3, bad_cases=True, slow_seconds=10)
    await sim.start()
    try:
        config_dir = write_sim_config(
            sim, tmp_path, prefix,
            {"fetch": {"total_timeout": "1s", "read_timeout": "1s"}},
        )  # fmt: skip
        summary = await crawl(config_dir)
    finally:
        await sim.stop()
    keys = Keys(prefix)
    items = await published(redis, prefix)
    dead = {f["url"].rsplit("/", 1)[-1]: f for _, f in await redis.xrange(keys.dead)}
    expected_dead = sorted(c for c, o in Simulator.BAD_CASE_OUTCOMES.items() if o == "dead")
    assert sorted(dead) == expected_dead
    reasons = {case: fields["reason"] for case, fields in dead.items()}
    assert reasons["slow"] == "timed out"
    assert reasons["huge"] == "body larger than 2000000 bytes"
    assert reasons["redirect-loop"] == "too many redirects"
    assert reasons["503"] == "HTTP 503"
    assert reasons["notfound"] == "HTTP 404"
    assert reasons["not-article"].startswith("not an article: ")
    assert {dead[c]["tries"] for c in ("slow", "503")} == {"2"}
    assert {dead[c]["tries"] for c in ("huge", "redirect-loop", "notfound", "not-article")} == {"1"}
    match_exactly_once(items, all_articles(sim))
    assert summary.dead == len(expected_dead)
    stats = await redis.hgetall(keys.stats("badcases"))
    assert int(stats["dead"]) == len(expected_dead)
    assert int(stats["retried"]) >= 3  # slow, 503 and 429 were each tried again


async def test_two_workers_share_the_work_and_stop_on_sigterm(
    slow_simulator: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    config_dir = write_sim_config(
        slow_simulator, tmp_path, prefix, {"frontier": {"fetch_tasks": 4}, "log_level": "INFO"}
    )
    specs = all_articles(slow_simulator)
    workers = [
        await start_worker("run", "--no-local-redis", "--config", str(config_dir)) for _ in range(2)
    ]

    async def all_published() -> bool:
        return int(await redis.xlen(Keys(prefix).items)) >= len(specs)

    await wait_for(all_published, "two workers publish every article")
    health = await start_worker("health", "--config", str(config_dir))
    assert (await health.communicate())[0] == b"healthy\n"
    assert health.returncode == 0
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    results = [await asyncio.wait_for(w.communicate(), WAIT_LIMIT) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [r[1].decode()[-2000:] for r in results]
    match_exactly_once(await published(redis, prefix), specs)
    feeds = [r.path for r in slow_simulator.requests if r.path.endswith("/rss")]
    assert sorted(feeds) == sorted(f"/{o}/rss" for o in slow_simulator.outlet_ids)
    logs = b"".join(r[1] for r in results).decode()
    assert logs.count("reason=locked-by-another-worker") == len(slow_simulator.outlet_ids)
    assert logs.count("worker stopped") == 2


async def test_redis_restart_mid_crawl(slow_simulator: Simulator, tmp_path: Path) -> None:
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    local = await ensure_redis(url, tmp_path / "redis")
    assert local is not None
    redis = aioredis.Redis.from_url(url, decode_responses=True)
    keys = Keys("restart")
    config_dir = write_sim_config(
        slow_simulator, tmp_path / "config", "restart",
        {"redis": {"url": url}, "frontier": {"fetch_tasks": 4}},
    )  # fmt: skip
    specs = all_articles(slow_simulator)
    worker = await start_worker("crawl", "--once", "--config", str(config_dir))
    try:

        async def some_published() -> bool:
            return int(await redis.xlen(keys.items)) >= 10

        await wait_for(some_published, "the worker publishes")
        await local.stop()  # SIGTERM: Redis writes its AOF and exits; the worker goes on
        local = await ensure_redis(url, tmp_path / "redis")
        restarted_with = int(await redis.xlen(keys.items))
        assert 10 <= restarted_with < len(specs)
        assert local is not None
        _, stderr = await asyncio.wait_for(worker.communicate(), WAIT_LIMIT)
        assert worker.returncode == 0, stderr.decode()[-3000:]
        match_exactly_once(await published(redis, "restart"), specs)
        assert await redis.xlen(keys.frontier) == 0
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
        await redis.aclose()
        if local is not None:
            await local.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
