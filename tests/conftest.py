"""Shared test fixtures: the real Redis (REDIS_URL, default db 15) with a fresh key prefix
per test, and the outlet simulator on 127.0.0.1."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import redis.asyncio as aioredis

from worker.simulator.sim_config import deep_merge

if TYPE_CHECKING:
    from worker.simulator import Simulator


REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")

# Short limits so that failure cases finish fast; the behaviour is the same as in production.
FAST_SETTINGS: dict[str, Any] = {
    "fetch": {
        "concurrency": 16,
        "per_host": 16,
        "connect_timeout": "2s",
        "read_timeout": "2s",
        "total_timeout": "3s",
        "retries": 1,
        "backoff_base": "50ms",
        "backoff_max": "2s",
        "max_body_bytes": 2_000_000,
        "max_redirects": 5,
    },
    "frontier": {
        "fetch_tasks": 8,
        "max_tries": 2,
        "reclaim_idle": "1s",
        "heartbeat_ttl": "2s",
        "block": "200ms",
    },
    "log_level": "WARNING",
}


def clean_env() -> dict[str, str]:
    """The environment for a worker subprocess that must read only its config files."""
    return {k: v for k, v in os.environ.items() if k != "REDIS_URL" and not k.startswith("WORKER_")}


@pytest.fixture
def prefix() -> str:
    return f"t-{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def redis(prefix: str) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(REDIS_URL, decode_responses=True)
    yield client
    keys = [key async for key in client.scan_iter(match=f"{{{prefix}}}:*", count=1000)]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@pytest.fixture
async def simulator() -> AsyncIterator[Simulator]:
    from worker.simulator import Simulator

    sim = Simulator(outlets=2, articles=15, bad_cases=False)
    await sim.start()
    yield sim
    await sim.stop()


def write_sim_config(
    sim: Simulator,
    folder: Path,
    prefix: str,
    extra: dict[str, Any] | None = None,
    every: str = "5m",
) -> Path:
    settings = deep_merge(FAST_SETTINGS, {"redis": {"url": REDIS_URL, "prefix": prefix}})
    return sim.write_config(folder, settings=deep_merge(settings, extra or {}), every=every)
