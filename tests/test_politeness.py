"""Politeness per host, measured on the simulator's request log (arrival times): the delay
and the concurrency per host, backoff after 429/503 with Retry-After, the pause of a host
that keeps failing, and that none of it slows the other hosts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
import redis.asyncio as aioredis
import yaml

from tests.conftest import write_sim_config
from worker.config import FetchSettings, load_config
from worker.errors import FetchError
from worker.fetch import Fetcher, FetchPolicy
from worker.service import Service
from worker.simulator import RequestRecord, Simulator
from worker.simulator.sim_config import kompastv_extract_rules, outlet_config

SETTINGS = FetchSettings(
    allow_private=True,
    delay=0.0,
    retries=0,
    backoff_base=0.2,
    backoff_max=5.0,
    total_timeout=5.0,
)
SLACK = 0.9  # arrival gaps may be a little shorter than send gaps; never by 10 %


@pytest.fixture
async def sims() -> AsyncIterator[tuple[Simulator, Simulator]]:
    one, two = Simulator(outlets=1, articles=12), Simulator(outlets=1, articles=12, seed=1)
    await one.start()
    await two.start()
    yield one, two
    await one.stop()
    await two.stop()


def arrivals(records: list[RequestRecord]) -> list[float]:
    return [r.time for r in records]


def gaps(times: list[float], step: int = 1) -> list[float]:
    return [b - a for a, b in zip(times, times[step:], strict=False)]


def policy(fetcher: Fetcher, **changes: object) -> FetchPolicy:
    return replace(fetcher.default_policy, ignore_robots=True, **changes)  # type: ignore[arg-type]


async def test_delay_between_requests_to_one_host(sims: tuple[Simulator, Simulator]) -> None:
    sim = sims[0]
    async with Fetcher(SETTINGS) as fetcher:
        slow = policy(fetcher, delay=0.3, concurrency=4)
        urls = [f"{sim.base_url}/_edge/page/p{n}" for n in range(5)]
        await asyncio.gather(*(fetcher.fetch(url, slow) for url in urls))
    times = arrivals(sim.log(path_prefix="/_edge/page/"))
    assert len(times) == 5
    assert min(gaps(times)) >= 0.3 * SLACK


async def test_concurrency_per_host() -> None:
    sim = Simulator(outlets=1, articles=3, latency_ms=200)  # each answer takes 200 ms
    await sim.start()
    try:
        async with Fetcher(SETTINGS) as fetcher:
            two_at_a_time = policy(fetcher, concurrency=2)
            urls = [f"{sim.base_url}/_edge/page/p{n}" for n in range(6)]
            await asyncio.gather(*(fetcher.fetch(url, two_at_a_time) for url in urls))
    finally:
        await sim.stop()
    times = arrivals(sim.log(path_prefix="/_edge/page/"))
    # the third request starts only when the first has its answer, and so on
    assert min(gaps(times, step=2)) >= 0.2 * SLACK


async def test_waiting_for_a_host_holds_no_global_slot(sims: tuple[Simulator, Simulator]) -> None:
    slow_host, fast_host = sims
    async with Fetcher(SETTINGS.model_copy(update={"concurrency": 1})) as fetcher:
        slow = policy(fetcher, delay=0.5)
        fast = policy(fetcher)
        await asyncio.gather(
            *(fetcher.fetch(f"{slow_host.base_url}/_edge/page/s{n}", slow) for n in range(4)),
            *(fetcher.fetch(f"{fast_host.base_url}/_edge/page/f{n}", fast) for n in range(10)),
        )
    slow_times = arrivals(slow_host.log(path_prefix="/_edge/page/"))
    fast_times = arrivals(fast_host.log(path_prefix="/_edge/page/"))
    assert min(gaps(slow_times)) >= 0.5 * SLACK
    assert len(fast_times) == 10
    assert max(fast_times) < slow_times[1]  # all of them while the slow host waited


async def test_backoff_after_429_slows_that_host_only(sims: tuple[Simulator, Simulator]) -> None:
    sim, other = sims
    async with Fetcher(SETTINGS.model_copy(update={"retries": 3})) as fetcher:
        polite = policy(fetcher)
        page = await fetcher.fetch(f"{sim.base_url}/_edge/flaky/a?times=2&status=429", polite)
        assert "Halaman a." in page.text
        assert fetcher.gate.failures(f"{sim.base_url[7:]}") == 0  # a success resets
    times = arrivals(sim.log(path_prefix="/_edge/flaky/"))
    assert len(times) == 3
    first, second = gaps(times)
    assert first >= 0.2 * 0.5 * SLACK  # backoff_base, jittered by 0.5 to 1.5
    assert second >= 0.4 * 0.5 * SLACK  # doubled after the second failure
    assert other.requests == []


async def test_retry_after_holds_back_every_url_of_the_host(
    sims: tuple[Simulator, Simulator],
) -> None:
    sim, other = sims
    async with Fetcher(SETTINGS.model_copy(update={"retries": 1})) as fetcher:
        polite = policy(fetcher)
        limited = fetcher.fetch(f"{sim.base_url}/_edge/flaky/b?times=1&after=1", polite)
        first = asyncio.create_task(limited)
        for _ in range(500):  # until the 429 has been answered
            if sim.log(path_prefix="/_edge/flaky/"):
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # the 429 is in
        same_host = asyncio.create_task(fetcher.fetch(f"{sim.base_url}/_edge/page/c", polite))
        other_host = await fetcher.fetch(f"{other.base_url}/_edge/page/d", polite)
        await asyncio.gather(first, same_host)
    limited_at = sim.log(path_prefix="/_edge/flaky/")[0].time
    later = [r.time - limited_at for r in sim.log() if r.path != "/_edge/flaky/b"]
    assert later
    assert min(later) >= 1.0 * SLACK  # Retry-After: 1 covers the whole host
    assert other_host.status == 200
    assert other.log()[0].time - limited_at < 0.5


async def test_a_host_that_keeps_failing_is_paused(sims: tuple[Simulator, Simulator]) -> None:
    sim, other = sims
    settings = SETTINGS.model_copy(update={"pause_after": 2, "pause_for": 60.0})
    async with Fetcher(settings) as fetcher:
        polite = policy(fetcher)
        for _ in range(2):
            with pytest.raises(FetchError, match="HTTP 503"):
                await fetcher.fetch(f"{sim.base_url}/_edge/flaky/e?times=9&status=503", polite)
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(f"{sim.base_url}/_edge/page/f", polite)
        assert caught.value.retryable is True
        assert caught.value.reason.startswith("host paused after 2 failures in a row (")
        assert (await fetcher.fetch(f"{other.base_url}/_edge/page/g", polite)).status == 200
    assert [r.path for r in sim.log()] == ["/_edge/flaky/e"] * 2  # nothing sent while paused


async def test_a_slow_host_does_not_hold_the_fetch_tasks(
    sims: tuple[Simulator, Simulator], redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    """The frontier holds the slow host's URLs first; two fetch tasks still serve the
    other host's URLs while the slow one waits between its requests."""
    slow_host, fast_host = sims
    config_dir = write_sim_config(slow_host, tmp_path, prefix, {"frontier": {"fetch_tasks": 2}})
    slow_file = config_dir / "outlets" / "sim01.yaml"
    data = yaml.safe_load(slow_file.read_text("utf-8"))
    data["politeness"] = {"delay": "0.4s", "concurrency": 1}
    slow_file.write_text(yaml.safe_dump(data), "utf-8")
    fast = outlet_config(fast_host.base_url, "sim01", kompastv_extract_rules())
    (config_dir / "outlets" / "fast.yaml").write_text(yaml.safe_dump(fast), "utf-8")
    service = Service.from_config(load_config(config_dir))
    slow_urls = [(a.url, a.url) for a in slow_host.articles("sim01")[:5]]
    fast_urls = [(a.url, a.url) for a in fast_host.articles("sim01")[1:]]  # 1: the reference

    async def queue_slow_first() -> None:
        await service.frontier.enqueue("sim01", slow_urls)
        await service.frontier.enqueue("fast", fast_urls)

    try:
        summary = await service.run_once(queue_slow_first(), overlap=False)
    finally:
        await service.close()
    assert summary.published == len(slow_urls) + len(fast_urls)
    slow_times = arrivals(slow_host.log(path_prefix="/sim01/article/"))
    fast_times = arrivals(fast_host.log(path_prefix="/sim01/article/"))
    assert min(gaps(slow_times)) >= 0.4 * SLACK
    assert max(fast_times) < slow_times[2]
