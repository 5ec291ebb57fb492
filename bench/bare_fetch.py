"""The baseline for bench/crawl.py: fetch every article of the simulator with bare aiohttp.

    python bench/bare_fetch.py --base http://127.0.0.1:PORT --outlets sim01,sim02 \\
        --concurrency 32 --per-host 32

Reads each outlet's RSS feed, keeps the distinct article URLs (tracking parameters and
fragments removed), fetches them all with one ClientSession and `--concurrency` tasks,
reads every body, and prints one JSON line: pages, bytes, errors, seconds. No parsing,
no Redis: the least any crawler must do to get the same pages.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from html import unescape
from urllib.parse import urlsplit, urlunsplit

import aiohttp

ARTICLE_PATH = re.compile(r"/(article|rehat)/\d+/")


def article_urls(feed: str) -> list[str]:
    found = []
    for link in re.findall(r"<link>([^<]*)</link>", feed):
        parts = urlsplit(unescape(link))
        if ARTICLE_PATH.search(parts.path):
            found.append(urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")))
    return found


async def fetch_all(args: argparse.Namespace) -> dict[str, float]:
    connector = aiohttp.TCPConnector(limit=args.concurrency, limit_per_host=args.per_host)
    timeout = aiohttp.ClientTimeout(total=30)
    started = time.perf_counter()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        urls: list[str] = []
        for outlet in args.outlets.split(","):
            async with session.get(f"{args.base}/{outlet}/rss") as response:
                urls += article_urls(await response.text())
        queue = list(dict.fromkeys(urls))[::-1]
        totals = {"pages": 0.0, "bytes": 0.0, "errors": 0.0}

        async def fetcher() -> None:
            while queue:
                url = queue.pop()
                try:
                    async with session.get(url) as response:
                        body = await response.read()
                        ok = response.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    ok, body = False, b""
                totals["pages" if ok else "errors"] += 1
                totals["bytes"] += len(body)

        await asyncio.gather(*(fetcher() for _ in range(args.concurrency)))
    totals["seconds"] = time.perf_counter() - started
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the simulator's base URL")
    parser.add_argument("--outlets", required=True, help="comma-separated outlet ids")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--per-host", type=int, default=32)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(fetch_all(args))), flush=True)


if __name__ == "__main__":
    main()
