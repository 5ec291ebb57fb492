"""One APScheduler job per outlet: when its discovery runs, never twice at once.

The job itself takes a Redis lock (see `Service.discover_outlet`) that lives for most of
the outlet's period, so with several worker processes each outlet is discovered once per
tick, by whichever process ticks first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from worker.config import OutletConfig, ScheduleSettings

DiscoveryJob = Callable[[OutletConfig, float], Awaitable[None]]


def build_trigger(outlet: OutletConfig, settings: ScheduleSettings) -> Any:
    if outlet.schedule.cron is not None:
        trigger = CronTrigger.from_crontab(outlet.schedule.cron, timezone=UTC)
        trigger.jitter = int(settings.jitter) or None
        return trigger
    every = outlet.schedule.every or settings.default_every
    return IntervalTrigger(seconds=every, jitter=int(settings.jitter) or None, timezone=UTC)


def period_seconds(trigger: Any) -> float:
    """Seconds between two ticks of `trigger` (for cron: the next two fire times)."""
    if isinstance(trigger, IntervalTrigger):
        return float(trigger.interval.total_seconds())
    now = datetime.now(UTC)
    first = trigger.get_next_fire_time(None, now)
    second = trigger.get_next_fire_time(first, first)
    return max(1.0, (second - first).total_seconds()) if first and second else 60.0


def build_scheduler(
    outlets: tuple[OutletConfig, ...], settings: ScheduleSettings, job: DiscoveryJob
) -> AsyncIOScheduler:
    """A scheduler with one job per enabled outlet, the first tick right away."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    for outlet in outlets:
        if not outlet.enabled:
            continue
        trigger = build_trigger(outlet, settings)
        lock_ttl = period_seconds(trigger) * 0.8
        scheduler.add_job(
            job,
            trigger=trigger,
            args=(outlet, lock_ttl),
            id=f"discover:{outlet.id}",
            name=f"discover {outlet.id}",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            next_run_time=datetime.now(UTC),
        )
    return scheduler
