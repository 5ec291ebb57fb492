"""`python -m worker COMMAND`: the service's commands.

Exit status: 0 done, 1 a runtime failure (Redis unreachable, page not fetched), 2 a bad
configuration or bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import socket
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import redis.asyncio as aioredis
from redis.exceptions import RedisError, ResponseError

from worker.config import Config, FetchSettings, OutletConfig, default_config_path, load_config
from worker.errors import ConfigError, ExtractionError, FetchError, WorkerError
from worker.keys import Keys

if TYPE_CHECKING:
    from worker.whole import ArticlePages

log = logging.getLogger("worker")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.command(args))
    except ConfigError as exc:
        print("configuration error:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except WorkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m worker", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, help_text: str, func: object) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(command=func)
        return p

    def with_config(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--config", type=Path, default=None, help="config folder (env WORKER_CONFIG)"
        )

    p = command("run", "run the service: scheduler, fetchers, publication", cmd_run)
    with_config(p)
    p.add_argument("--no-local-redis", action="store_true", help="never start a private Redis")
    p = command("crawl", "discover every outlet once, fetch until done, exit", cmd_crawl)
    with_config(p)
    p.add_argument("--once", action="store_true", required=True, help="required: one pass")
    p = command("backfill", "queue and publish an outlet's articles of past days", cmd_backfill)
    with_config(p)
    p.add_argument("outlet", help="outlet id")
    p.add_argument("--since", required=True, type=date.fromisoformat, help="first day, YYYY-MM-DD")
    p.add_argument("--until", type=date.fromisoformat, help="last day (default: today)")
    p.add_argument("--max-pages", type=int, default=50, help="index pages per day (default 50)")
    p = command("check-config", "validate the configuration and exit", cmd_check_config)
    p.add_argument("path", nargs="?", type=Path, default=None)
    p = command("extract", "extract one page and print the item as JSON", cmd_extract)
    p.add_argument("source", help="an HTML file or an http(s) URL")
    p.add_argument("--url", help="the page's URL (for a file)")
    p.add_argument("--outlet", help="outlet id, or 'generic' to force the generic extractor")
    p.add_argument(
        "--explain",
        action="store_true",
        help="also tell (on stderr) which rule or source gave each field, and what the "
        "line rules did",
    )
    with_config(p)
    p = command(
        "capture",
        "store an article page and a draft expected item under tests/fixtures/<outlet>/",
        cmd_capture,
    )
    p.add_argument("url", help="an article of the outlet")
    p.add_argument("--outlet", required=True, help="outlet id (its file under config/outlets/)")
    p.add_argument("--dest", type=Path, default=Path("tests/fixtures"), help="fixtures folder")
    p.add_argument("--force", action="store_true", help="replace a stored page")
    with_config(p)
    p = command("consume", "print items from the items stream, one JSON per line", cmd_consume)
    with_config(p)
    p.add_argument("--group", default="cli", help="consumer group (default: cli)")
    p.add_argument("--consumer", default=socket.gethostname())
    p.add_argument("--count", type=int, default=None, help="stop after N items")
    p.add_argument("--block", type=float, default=5.0, help="seconds to wait for new items")
    p = command("health", "exit 0 if this host's worker heartbeat is fresh", cmd_health)
    with_config(p)
    p = command("demo", "run the local simulator, the worker and a consumer", cmd_demo)
    p.add_argument("--articles", type=int, default=12)
    return parser


def _setup_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def _load(path: Path | None) -> Config:
    config = load_config(path)
    _setup_logging(config.settings.log_level)
    return config


# ------------------------------------------------------------------ commands


def cmd_check_config(args: argparse.Namespace) -> int:
    config = load_config(args.path)
    names = ", ".join(o.id for o in config.outlets) or "none"
    print(f"configuration OK: {config.root} ({len(config.outlets)} outlets: {names})")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    config = _load(args.config)
    asyncio.run(_run(config, start_local_redis=not args.no_local_redis))
    return 0


async def _run(config: Config, *, start_local_redis: bool) -> None:
    from worker.redis_local import ensure_redis, state_dir
    from worker.service import started

    local = None
    if start_local_redis:
        local = await ensure_redis(config.settings.redis.url, state_dir())
        if local is not None:
            log.info("started a private Redis at %s (data in %s)", local.url, state_dir())
    try:
        async with started(config) as service:
            await service.run_forever()
    finally:
        if local is not None:
            await local.stop()


def cmd_crawl(args: argparse.Namespace) -> int:
    config = _load(args.config)
    summary = asyncio.run(_crawl(config))
    print(json.dumps(summary))
    return 0


async def _crawl(config: Config) -> dict[str, int]:
    from worker.service import started

    async with started(config) as service:
        return asdict(await service.crawl_once())


def cmd_backfill(args: argparse.Namespace) -> int:
    from worker.backfill import cmd_backfill as backfill

    return backfill(args, _load(args.config))


def cmd_extract(args: argparse.Namespace) -> int:
    from worker.extract import Extractor

    config_path = args.config or default_config_path()
    config = load_config(config_path) if Path(config_path).exists() else None
    extractor = Extractor(config.outlets if config is not None else ())
    complete = True
    if args.source.startswith(("http://", "https://")):
        fetch_settings = config.settings.fetch if config is not None else FetchSettings()
        known = args.outlet if args.outlet in extractor.outlets else None
        outlet = config.outlet(known) if config is not None and known else None
        outlet = outlet or extractor.outlet_for_url(args.source)
        page = asyncio.run(_fetch_one(args.source, fetch_settings, outlet))
        pages, url, fetched_at = page.pages, page.url, page.fetched_at
        complete = page.complete
    else:
        pages = (Path(args.source).read_text(encoding="utf-8", errors="replace"),)
        url, fetched_at = args.url or Path(args.source).resolve().as_uri(), None
    try:
        if args.explain:
            item, trace = extractor.explain(pages, url, args.outlet, fetched_at, complete=complete)
        else:
            item = extractor.extract_pages(pages, url, args.outlet, fetched_at, complete=complete)
    except (ExtractionError, KeyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(item.to_dict(), ensure_ascii=False, indent=2))
    if args.explain:
        print(trace.report(item.to_dict()), file=sys.stderr)
    return 0


async def _fetch_one(
    url: str, settings: FetchSettings, outlet: OutletConfig | None
) -> ArticlePages:
    """The page at `url` (every page of a split article, by the outlet's `whole_article`)."""
    from worker.fetch import Fetcher
    from worker.whole import fetch_article

    async with Fetcher(settings) as fetcher:
        policy = fetcher.policy_for(outlet) if outlet is not None else None
        try:
            return await fetch_article(fetcher, url, outlet, policy)
        except FetchError as exc:
            raise WorkerError(f"could not fetch {url}: {exc.reason}") from exc


def cmd_capture(args: argparse.Namespace) -> int:
    from worker.capture import capture, review_notes

    config = load_config(args.config)
    result = asyncio.run(capture(args.url, args.outlet, config, args.dest, force=args.force))
    for path in (*result.pages, result.expected):
        print(f"wrote {path}")
    for note in review_notes(result.item):
        print(f"review: {note}")
    return 0


def cmd_consume(args: argparse.Namespace) -> int:
    config = _load(args.config)
    return asyncio.run(_consume(config, args.group, args.consumer, args.count, args.block))


async def _consume(
    config: Config, group: str, consumer: str, count: int | None, block: float
) -> int:
    """Print items one JSON per line, acknowledging each only after it is printed."""
    keys = Keys(config.settings.redis.prefix)
    redis = aioredis.Redis.from_url(config.settings.redis.url, decode_responses=True)
    printed = 0
    try:
        from worker.service import check_redis

        await check_redis(redis, config.settings.redis.url)
        try:
            await redis.xgroup_create(keys.items, group, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        start = "0"  # first what this consumer read before and did not acknowledge
        while count is None or printed < count:
            want = 100 if count is None else min(100, count - printed)
            reply = await redis.xreadgroup(
                group, consumer, {keys.items: start}, count=want, block=int(block * 1000)
            )
            entries = reply[0][1] if reply else []
            if start == "0" and not entries:
                start = ">"
                continue
            if not entries and start == ">":
                if count is not None:
                    break
                continue
            for entry_id, fields in entries:
                if fields:
                    print(fields["item"], flush=True)
                    printed += 1
                await redis.xack(keys.items, group, entry_id)
    finally:
        await redis.aclose()
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    config = load_config(args.config)

    async def check() -> bool:
        redis = aioredis.Redis.from_url(config.settings.redis.url, decode_responses=True)
        try:
            key = Keys(config.settings.redis.prefix).health(socket.gethostname())
            return bool(await redis.exists(key))
        except RedisError:
            return False
        finally:
            await redis.aclose()

    healthy = asyncio.run(check())
    print("healthy" if healthy else "unhealthy: no fresh heartbeat for this host")
    return 0 if healthy else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from worker.demo import run_demo

    _setup_logging("WARNING")
    return asyncio.run(run_demo(args.articles))
