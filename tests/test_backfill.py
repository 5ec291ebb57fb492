"""Backfill over the simulator's dated index and sitemaps: every article of the period
published once, progress per day in Redis, resumed after an interruption."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis
import yaml

from tests.conftest import clean_env, write_sim_config
from tests.test_e2e import match_exactly_once, published
from worker.backfill import Backfill, BackfillSummary
from worker.config import load_config
from worker.errors import WorkerError
from worker.keys import Keys
from worker.service import Service
from worker.simulator import ArticleSpec, Simulator

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator(outlets=1, articles=100)  # about two and a half days of news
    await simulator.start()
    yield simulator
    await simulator.stop()


def days_of(sim: Simulator) -> list[date]:
    return sorted({datetime.fromisoformat(a.published_at).date() for a in sim.articles("sim01")})


def on_days(sim: Simulator, days: list[date]) -> list[ArticleSpec]:
    wanted = {d.isoformat() for d in days}
    return [a for a in sim.articles("sim01") if a.published_at[:10] in wanted]


def backfill_config(sim: Simulator, folder: Path, prefix: str, source: str) -> Path:
    """The simulator's config, the outlet reading its dated index or its sitemap index."""
    config_dir = write_sim_config(sim, folder, prefix)
    outlet_file = config_dir / "outlets" / "sim01.yaml"
    data = yaml.safe_load(outlet_file.read_text("utf-8"))
    if source == "index":
        data["listings"].append(
            {
                "url": f"{sim.base_url}/sim01/indeks-tanggal?date={{date}}&page={{page}}",
                "link_selector": "a.article-link",
                "date_format": "%Y-%m-%d",
            }
        )
    else:
        data["sitemaps"] = [f"{sim.base_url}/sim01/sitemap.xml"]
    outlet_file.write_text(yaml.safe_dump(data), "utf-8")
    return config_dir


async def run_backfill(config_dir: Path, since: date, until: date) -> BackfillSummary:
    config = load_config(config_dir)
    service = Service.from_config(config)
    try:
        return await Backfill(service, config.outlet("sim01"), since, until).run()
    finally:
        await service.close()


def index_days_requested(records: list[Any]) -> set[str]:
    return {r.path_qs.split("date=")[1][:10] for r in records if "indeks-tanggal" in r.path}


@pytest.mark.parametrize("source", ["index", "sitemaps"])
async def test_backfill_publishes_the_period_once(
    sim: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path, source: str
) -> None:
    days = days_of(sim)
    assert len(days) >= 3
    config_dir = backfill_config(sim, tmp_path, prefix, source)
    summary = await run_backfill(config_dir, days[1], days[-1])
    expected = on_days(sim, days[1:])
    match_exactly_once(await published(redis, prefix), expected)
    assert (summary.days, summary.skipped, summary.found, summary.queued) == (
        len(days) - 1,
        0,
        len(expected),
        len(expected),
    )
    assert (summary.published, summary.dead) == (len(expected), 0)
    progress = await redis.hgetall(Keys(prefix).backfill("sim01"))
    assert sorted(progress) == [d.isoformat() for d in days[1:]]
    assert sum(int(v) for v in progress.values()) == len(expected)
    if source == "index":
        assert index_days_requested(sim.requests) == {d.isoformat() for d in days[1:]}


async def test_backfill_resumes_at_the_first_day_not_done(
    sim: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    days = days_of(sim)
    config_dir = backfill_config(sim, tmp_path, prefix, "index")
    first = await run_backfill(config_dir, days[0], days[1])  # as if stopped after day 2
    assert (first.days, first.published) == (2, len(on_days(sim, days[:2])))
    mark = len(sim.requests)
    second = await run_backfill(config_dir, days[0], days[-1])
    assert (second.days, second.skipped) == (len(days) - 2, 2)
    assert index_days_requested(sim.requests[mark:]) == {d.isoformat() for d in days[2:]}
    match_exactly_once(await published(redis, prefix), sim.articles("sim01"))


async def test_an_interrupted_backfill_loses_nothing(
    sim: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    days = days_of(sim)
    config_dir = backfill_config(sim, tmp_path, prefix, "index")
    config = load_config(config_dir)
    service = Service.from_config(config)
    backfill = Backfill(service, config.outlet("sim01"), days[0], days[-1])

    async def stop_after_the_first_day() -> None:
        for _ in range(20_000):  # another task's progress, seen in Redis
            if await redis.hlen(Keys(prefix).backfill("sim01")):
                break
            await asyncio.sleep(0.005)
        service.stop()  # as SIGTERM does

    stopper = asyncio.create_task(stop_after_the_first_day())
    try:
        interrupted = await backfill.run()
    finally:
        await service.close()
        await stopper
    done = await redis.hlen(Keys(prefix).backfill("sim01"))
    assert 1 <= interrupted.days <= done < len(days)
    resumed = await run_backfill(config_dir, days[0], days[-1])
    assert (resumed.skipped, resumed.days) == (done, len(days) - done)
    match_exactly_once(await published(redis, prefix), sim.articles("sim01"))


async def test_an_outlet_without_dated_pages_or_sitemaps_cannot_be_backfilled(
    sim: Simulator, prefix: str, tmp_path: Path
) -> None:
    config = load_config(write_sim_config(sim, tmp_path, prefix))
    service = Service.from_config(config)
    try:
        with pytest.raises(WorkerError, match="no dated listing"):
            Backfill(service, config.outlet("sim01"), date(2023, 8, 14), date(2023, 8, 15))
        with pytest.raises(WorkerError, match="is before --since"):
            Backfill(service, config.outlet("sim01"), date(2023, 8, 15), date(2023, 8, 14))
    finally:
        await service.close()


async def test_backfill_command(
    sim: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    days = days_of(sim)
    config_dir = backfill_config(sim, tmp_path, prefix, "index")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "worker", "backfill", "sim01", "--config", str(config_dir),
        "--since", days[0].isoformat(), "--until", days[1].isoformat(),
        cwd=ROOT, env=clean_env(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, stderr.decode()[-2000:]
    expected = len(on_days(sim, days[:2]))
    assert json.loads(stdout) == {
        "days": 2,
        "skipped": 0,
        "found": expected,
        "queued": expected,
        "published": expected,
        "dead": 0,
    }
    lines = [line for line in stderr.decode().splitlines() if line.startswith("backfill sim01")]
    assert lines[-1] == (
        f"backfill sim01 [{'#' * 24}] 2/2 days  found {expected}  queued {expected}  "
        f"published {expected}"
    )
    assert lines[0].startswith(f"backfill sim01 [{'#' * 12}{'.' * 12}] 1/2 days  found ")
