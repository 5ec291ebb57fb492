"""Scheduling: triggers from the outlet files, and the service ticking for real."""

from __future__ import annotations

import asyncio
from pathlib import Path

import redis.asyncio as aioredis
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from tests.conftest import write_sim_config
from tests.test_e2e import match_exactly_once, published
from worker.config import OutletConfig, ScheduleSettings, load_config
from worker.keys import Keys
from worker.scheduler import build_scheduler, build_trigger, period_seconds
from worker.service import Service
from worker.simulator import Simulator


def outlet(**schedule: object) -> OutletConfig:
    return OutletConfig.model_validate(
        {
            "id": "x.com",
            "domains": ["x.com"],
            "feeds": ["https://x.com/rss"],
            "article_url": "x",
            "schedule": schedule,
        }
    )


def test_every_and_default() -> None:
    settings = ScheduleSettings(default_every=120, jitter=7)
    trigger = build_trigger(outlet(every="5m"), settings)
    assert isinstance(trigger, IntervalTrigger)
    assert (period_seconds(trigger), trigger.jitter) == (300.0, 7)
    assert period_seconds(build_trigger(outlet(), settings)) == 120.0


def test_cron() -> None:
    trigger = build_trigger(outlet(cron="*/10 * * * *"), ScheduleSettings(jitter=0))
    assert isinstance(trigger, CronTrigger)
    assert period_seconds(trigger) == 600.0


async def test_one_job_per_enabled_outlet_never_overlapping() -> None:
    async def job(_: OutletConfig, __: float) -> None:
        return None

    disabled = outlet(every="1m").model_copy(update={"id": "off.com", "enabled": False})
    scheduler = build_scheduler((outlet(every="1m"), disabled), ScheduleSettings(), job)
    [only] = scheduler.get_jobs()
    assert (only.id, only.max_instances, only.coalesce) == ("discover:x.com", 1, True)
    assert only.args[1] == 48.0  # the discovery lock lives for 80% of the period


async def test_running_service_publishes_new_articles_on_the_next_tick(
    simulator: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    config_dir = write_sim_config(simulator, tmp_path, prefix, every="1s")
    service = Service.from_config(load_config(config_dir))
    running = asyncio.create_task(service.run_forever())
    keys = Keys(prefix)
    specs = [a for o in simulator.outlet_ids for a in simulator.articles(o)]
    try:
        await wait_items(redis, keys, len(specs))
        fresh = simulator.add_articles("sim02", 2)
        await wait_items(redis, keys, len(specs) + 2)
    finally:
        service.stop()
        await asyncio.wait_for(running, 30)
        await service.close()
    items = await published(redis, prefix)
    match_exactly_once(items[: len(specs)], specs)
    match_exactly_once(items[len(specs) :], fresh)
    feed_requests = [r for r in simulator.requests if r.path == "/sim01/rss"]
    assert len(feed_requests) >= 2  # it ticked more than once


async def wait_items(redis: aioredis.Redis, keys: Keys, count: int) -> None:
    for _ in range(600):
        if await redis.xlen(keys.items) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {count} items after 30s")
