"""`python -m worker backfill OUTLET --since DATE [--until DATE]`: an outlet's past.

It walks the outlet's dated index pages (listings with `{date}` in their URL) day by day,
oldest first, and its sitemaps (with those named in the robots.txt of `robots_sitemaps`)
once over the whole period, bucketing their entries by day. Each day's URLs go into the
same frontier as the ticks' (so nothing is published twice), and they are fetched and
published while the walk goes on, as `crawl --once` does.

A day is recorded in `{nw}:backfill:<outlet>` once its URLs are queued: an interrupted
backfill resumes at the first day not recorded, and the URLs queued before the
interruption are still in the frontier (entries a killed worker held are reclaimed).
A progress bar on stderr shows days done, articles found, queued and published.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import TextIO

from worker.config import Config, OutletConfig
from worker.discover import Candidate, Discovery, outlet_zone
from worker.errors import WorkerError
from worker.service import Service, started

MAX_CHILD_SITEMAPS = 5000  # an index's children read by a backfill (a tick reads fewer)
_TICK = 0.5


@dataclass(slots=True)
class BackfillSummary:
    days: int = 0  # days walked in this run
    skipped: int = 0  # days already done by an earlier run
    found: int = 0  # article URLs found (each once)
    queued: int = 0  # of those, new to the frontier
    published: int = 0
    dead: int = 0


class ProgressBar:
    """One line on stderr, redrawn in place on a terminal, printed per day otherwise."""

    def __init__(self, outlet: str, days: int, stream: TextIO | None = None) -> None:
        self.outlet = outlet
        self.total = days
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty()

    def line(self, summary: BackfillSummary) -> str:
        done = summary.days + summary.skipped
        width = 24
        filled = width * done // max(1, self.total)
        bar = "#" * filled + "." * (width - filled)
        return (
            f"backfill {self.outlet} [{bar}] {done}/{self.total} days  found {summary.found}  "
            f"queued {summary.queued}  published {summary.published}"
        )

    def draw(
        self, summary: BackfillSummary, *, final: bool = False, day_done: bool = False
    ) -> None:
        if self.live:
            self.stream.write("\r" + self.line(summary) + ("\n" if final else ""))
        elif final or day_done:
            self.stream.write(self.line(summary) + "\n")
        self.stream.flush()


class Backfill:
    def __init__(
        self,
        service: Service,
        outlet: OutletConfig,
        since: date,
        until: date,
        *,
        max_pages: int = 50,
        progress: ProgressBar | None = None,
    ) -> None:
        if until < since:
            raise WorkerError(f"--until {until} is before --since {since}")
        self.service = service
        self.outlet = outlet
        self.days = [since + timedelta(days=n) for n in range((until - since).days + 1)]
        self.max_pages = max_pages
        self.progress = progress
        self.summary = BackfillSummary()
        self.dated = [listing for listing in outlet.listings if listing.date_format]
        if not self.dated and not (outlet.sitemaps or outlet.robots_sitemaps):
            raise WorkerError(
                f"outlet {outlet.id!r} has no dated listing ('{{date}}' in a listing URL) "
                "and no sitemap to backfill from"
            )

    async def run(self) -> BackfillSummary:
        """Walk the period while fetching and publishing; return once all is published."""
        ticker = asyncio.create_task(self._tick())
        try:
            totals = await self.service.run_once(self._walk())
        finally:
            ticker.cancel()
            await asyncio.gather(ticker, return_exceptions=True)
        self.summary.published = totals.published
        self.summary.dead = totals.dead
        if self.progress is not None:
            self.progress.draw(self.summary, final=True)
        return self.summary

    async def _walk(self) -> None:
        service, outlet = self.service, self.outlet
        key = service.keys.backfill(outlet.id)
        done = {_text(day) for day in await service.redis.hkeys(key)}  # type: ignore[misc]
        discovery = Discovery(outlet, service.fetcher)  # no HTTP cache: read everything
        by_day = await self._sitemap_days(discovery) if self._has_sitemaps() else {}
        for day in self.days:
            if day.isoformat() in done:
                self.summary.skipped += 1
                continue
            found: list[Candidate] = []
            for listing in self.dated:
                found += await discovery.walk_listing(
                    listing, day, self.max_pages, until_seen=False
                )
            found += by_day.pop(day, [])
            queued = await self._queue(found)
            await service.redis.hset(key, day.isoformat(), str(queued))  # type: ignore[misc]
            self.summary.days += 1
            if self.progress is not None:
                self.progress.draw(self.summary, day_done=True)
        await self._queue(by_day.pop(None, []))  # undated sitemap entries: queued, not days

    def _has_sitemaps(self) -> bool:
        return bool(self.outlet.sitemaps or self.outlet.robots_sitemaps)

    async def _sitemap_days(self, discovery: Discovery) -> dict[date | None, list[Candidate]]:
        zone = outlet_zone(self.outlet)
        start = datetime.combine(self.days[0], time.min, zone)
        end = datetime.combine(self.days[-1], time.max, zone)
        by_day: dict[date | None, list[Candidate]] = {}
        for url in await discovery.sitemap_urls():
            entries = await discovery.sitemap_entries(url, start, end, MAX_CHILD_SITEMAPS)
            for entry in entries:
                day = entry.modified.astimezone(zone).date() if entry.modified else None
                by_day.setdefault(day, []).extend(discovery.filter.accept([entry.loc], url))
        return by_day

    async def _queue(self, found: list[Candidate]) -> int:
        if not found:
            return 0
        pairs = [(c.url, c.canonical_url) for c in found]
        queued = await self.service.frontier.enqueue(self.outlet.id, pairs)
        self.service.stats.add(self.outlet.id, "discovered", len(pairs))
        self.service.stats.add(self.outlet.id, "queued", queued)
        self.summary.found += len(pairs)
        self.summary.queued += queued
        return queued

    async def _tick(self) -> None:
        while self.progress is not None:
            self.summary.published = self.service.stats.totals["published"]
            self.progress.draw(self.summary)
            await asyncio.sleep(_TICK)


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


# ------------------------------------------------------------------ command line


def cmd_backfill(args: argparse.Namespace, config: Config) -> int:
    """The `backfill` command: prints the summary as JSON on stdout."""
    try:
        outlet = config.outlet(args.outlet)
    except KeyError:
        known = ", ".join(o.id for o in config.outlets) or "none"
        raise WorkerError(f"no outlet {args.outlet!r} (outlets: {known})") from None
    until = args.until or datetime.now(outlet_zone(outlet)).date()
    summary = asyncio.run(_backfill(config, outlet, args.since, until, args.max_pages))
    print(json.dumps(asdict(summary)))
    return 0


async def _backfill(
    config: Config, outlet: OutletConfig, since: date, until: date, max_pages: int
) -> BackfillSummary:
    async with started(config) as service:
        days = (until - since).days + 1
        backfill = Backfill(
            service,
            outlet,
            since,
            until,
            max_pages=max_pages,
            progress=ProgressBar(outlet.id, max(days, 1)),
        )
        return await backfill.run()
