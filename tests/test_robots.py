"""robots.txt: Disallow, Crawl-delay, the per-outlet switch, what a missing or failing
robots.txt means, the cache, and a disallowed URL's way to the dead-letter stream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
import redis.asyncio as aioredis
import yaml

from tests.conftest import write_sim_config
from tests.test_e2e import crawl, published
from worker.config import FetchSettings
from worker.errors import FetchError
from worker.fetch import Fetcher
from worker.keys import Keys
from worker.simulator import Simulator

SETTINGS = FetchSettings(allow_private=True, delay=0.0, retries=0, user_agent="news-worker/0.1")
DISALLOW = "User-agent: *\nDisallow: /_edge/page/rahasia\nDisallow: /sim01/article/2/\n"


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator(outlets=1, articles=6)
    await simulator.start()
    yield simulator
    await simulator.stop()


async def test_disallowed_url_is_a_final_error_and_never_requested(sim: Simulator) -> None:
    sim.robots_txt = DISALLOW
    async with Fetcher(SETTINGS) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(f"{sim.base_url}/_edge/page/rahasia")
        page = await fetcher.fetch(f"{sim.base_url}/_edge/page/umum")
    assert (caught.value.reason, caught.value.retryable) == ("disallowed by robots.txt", False)
    assert "Halaman umum." in page.text
    assert [r.path for r in sim.requests] == ["/robots.txt", "/_edge/page/umum"]


async def test_a_group_for_our_user_agent_wins(sim: Simulator) -> None:
    sim.robots_txt = "User-agent: news-worker\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    async with Fetcher(SETTINGS) as fetcher:
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            await fetcher.fetch(f"{sim.base_url}/_edge/page/x")
    async with Fetcher(SETTINGS.model_copy(update={"user_agent": "other-bot/2"})) as fetcher:
        assert (await fetcher.fetch(f"{sim.base_url}/_edge/page/x")).status == 200


async def test_an_outlet_may_ignore_robots(sim: Simulator) -> None:
    sim.robots_txt = "User-agent: *\nDisallow: /\n"
    async with Fetcher(SETTINGS) as fetcher:
        ignoring = replace(fetcher.default_policy, ignore_robots=True)
        page = await fetcher.fetch(f"{sim.base_url}/_edge/page/x", ignoring)
    assert page.status == 200
    assert [r.path for r in sim.requests] == ["/_edge/page/x"]


async def test_crawl_delay_spaces_the_requests(sim: Simulator) -> None:
    sim.robots_txt = "User-agent: *\nCrawl-delay: 0.4\n"
    async with Fetcher(SETTINGS) as fetcher:  # the outlet's own delay is 0
        urls = [f"{sim.base_url}/_edge/page/p{n}" for n in range(4)]
        await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    times = [r.time for r in sim.log(path_prefix="/_edge/page/")]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.4 * 0.9


async def test_no_robots_txt_allows_everything(sim: Simulator) -> None:
    sim.robots_txt = None
    async with Fetcher(SETTINGS) as fetcher:
        assert (await fetcher.fetch(f"{sim.base_url}/_edge/page/x")).status == 200
    assert [(r.path, r.status) for r in sim.requests] == [
        ("/robots.txt", 404),
        ("/_edge/page/x", 200),
    ]


async def test_a_failing_robots_txt_holds_the_site_back_and_is_asked_again(
    sim: Simulator,
) -> None:
    sim.robots_status = 503
    async with Fetcher(SETTINGS) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(f"{sim.base_url}/_edge/page/x")
        assert (caught.value.reason, caught.value.retryable) == (
            "robots.txt answered HTTP 503",
            True,
        )
        sim.robots_status = 200  # not cached: the next fetch asks again
        assert (await fetcher.fetch(f"{sim.base_url}/_edge/page/x")).status == 200
    assert [r.path for r in sim.requests] == ["/robots.txt", "/robots.txt", "/_edge/page/x"]


async def test_robots_txt_is_cached_for_its_ttl(sim: Simulator) -> None:
    async with Fetcher(SETTINGS.model_copy(update={"robots_ttl": 0.3})) as fetcher:
        await asyncio.gather(*(fetcher.fetch(f"{sim.base_url}/_edge/page/{n}") for n in range(5)))
        await asyncio.sleep(0.4)
        await fetcher.fetch(f"{sim.base_url}/_edge/page/later")
    assert [r.path for r in sim.requests].count("/robots.txt") == 2


async def test_a_disallowed_article_goes_to_the_dead_letter_stream(
    sim: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    sim.robots_txt = DISALLOW
    config_dir = write_sim_config(sim, tmp_path, prefix)
    summary = await crawl(config_dir)
    dead = await redis.xrange(Keys(prefix).dead)
    assert [(f["url"].split("/", 3)[3], f["reason"], f["tries"]) for _, f in dead] == [
        ("sim01/article/2/" + sim.articles("sim01")[1].slug, "disallowed by robots.txt", "1")
    ]
    assert summary.dead == 1
    assert len(await published(redis, prefix)) == len(sim.articles("sim01")) - 1
    assert not [r for r in sim.requests if r.path.startswith("/sim01/article/2/")]

    # the outlet's switch: the same article is fetched when robots.txt is ignored
    outlet_file = config_dir / "outlets" / "sim01.yaml"
    data = yaml.safe_load(outlet_file.read_text("utf-8"))
    outlet_file.write_text(yaml.safe_dump({**data, "ignore_robots": True}), "utf-8")
    await redis.delete(Keys(prefix).seen_url(sim.articles("sim01")[1].url))
    await redis.delete(*[k async for k in redis.scan_iter(match=f"{{{prefix}}}:http:*")])
    again = await crawl(config_dir)
    assert (again.queued, again.published) == (1, 1)
