"""A tiny outlet on a local aiohttp `TestServer`, and a worker config pointing at it.

For tests that need pages the simulator does not serve (split articles, a redesigned
page): each test gives its routes; `crawl` runs the real service once (`crawl --once`)
against the real Redis, and `published` reads back what it put on the items stream.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis
import yaml
from aiohttp import web

from tests.conftest import FAST_SETTINGS, REDIS_URL
from worker.config import load_config
from worker.keys import Keys
from worker.service import CrawlSummary, Service
from worker.simulator.sim_config import deep_merge

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def app_of(routes: Mapping[str, Handler]) -> web.Application:
    app = web.Application()
    for path, handler in routes.items():
        app.router.add_get(path, handler)
    return app


def html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


def rss(links: Sequence[str]) -> web.Response:
    items = "".join(
        f"<item><title>Berita {n}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Mon, 16 Jun 2025 08:00:00 +0700</pubDate></item>"
        for n, link in enumerate(links, 1)
    )
    channel = f"<channel><title>Uji</title>{items}</channel>"
    body = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
    return web.Response(text=body, content_type="application/rss+xml", charset="utf-8")


def article_page(title: str, body: str, extra_head: str = "") -> str:
    """A plain article page: nav, title, body (HTML), footer."""
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{title}</title>{extra_head}</head><body>"
        '<nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a></nav>'
        f'<article><h1 class="judul">{title}</h1>{body}</article>'
        "<footer><p>Hak cipta dilindungi.</p></footer></body></html>"
    )


def write_config(folder: Path, prefix: str, outlets: Mapping[str, Mapping[str, Any]]) -> Path:
    """A config folder: fast settings on the test Redis, and one file per outlet."""
    settings = deep_merge(
        FAST_SETTINGS,
        {
            "redis": {"url": REDIS_URL, "prefix": prefix},
            "fetch": {"allow_private": True, "delay": "0s"},
        },
    )
    (folder / "outlets").mkdir(parents=True, exist_ok=True)
    (folder / "worker.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    for name, outlet in outlets.items():
        text = yaml.safe_dump(dict(outlet), allow_unicode=True)
        (folder / "outlets" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


async def crawl(folder: Path) -> CrawlSummary:
    service = Service.from_config(load_config(folder))
    try:
        return await service.crawl_once()
    finally:
        await service.close()


async def published(redis: aioredis.Redis, prefix: str) -> list[dict[str, Any]]:
    return [json.loads(fields["item"]) for _, fields in await redis.xrange(Keys(prefix).items)]
