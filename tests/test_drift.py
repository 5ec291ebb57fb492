"""Drift: a page that the outlet's rules no longer describe goes through the generic
extractor, the item says so, and the outlet's drift counter in Redis rises.

The four signals: no title; no body (or one shorter than `min_body_chars`); a body far
shorter than the article text the page shows; boilerplate such as "Baca Juga" left in
the body. The first two are in tests/test_extract.py; the other two are here, for the
extractor and for the service (over real HTTP, with the real Redis)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis
import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.localsite import app_of, crawl, html, published, rss, write_config
from tests.test_extract import FETCHED_AT, KOMPAS_URL, LONG, extractor, fixture, kompas, page
from worker.extract import Extractor
from worker.keys import Keys

ROOT = Path(__file__).resolve().parents[1]
BODY_START = '<div class="article__body">'


def redesigned(html_text: str) -> str:
    """The Kompas.TV page after a redesign: the article's paragraphs moved to a new
    `.article__content`; `.article__body` now holds only the lead."""
    before, rest = html_text.split(BODY_START, 1)
    body, after = rest.split('</div>\n<div class="article__tags">', 1)
    lead, rest_of_body = body.split("</p>", 1)
    return (
        f'{before}{BODY_START}{lead}</p></div><div class="article__content">{rest_of_body}</div>'
        f'\n<div class="article__tags">{after}'
    )


def merged_related(html_text: str) -> str:
    """A redesign that writes the "Baca Juga" link into the paragraph before it."""
    return html_text.replace(
        "nuklir Pyongyang.</p>\n <p><strong>Baca Juga:",
        "nuklir Pyongyang. <strong>Baca Juga:",
    )


def test_body_far_shorter_than_the_page_is_drift() -> None:
    html_text, expected = fixture("kompas.tv")
    item, trace = extractor().explain([redesigned(html_text)], KOMPAS_URL, fetched_at=FETCHED_AT)
    assert (item.extractor, item.drift) == ("generic", True)
    assert trace.drift == (
        "body far shorter than the page's text (221 of 1725 characters in long paragraphs)"
    )
    assert item.body == expected["body"]
    assert item.dateline == "PYONGYANG"  # the outlet's line rules still apply


def test_boilerplate_left_in_the_body_is_drift() -> None:
    html_text, expected = fixture("kompas.tv")
    item, trace = extractor().explain(
        [merged_related(html_text)], KOMPAS_URL, fetched_at=FETCHED_AT
    )
    assert (item.extractor, item.drift) == ("generic", True)
    assert trace.drift == "boilerplate left in the body: 'Baca Juga:'"


def test_unchanged_page_is_no_drift() -> None:
    html_text, _ = fixture("kompas.tv")
    item, trace = extractor().explain([html_text], KOMPAS_URL, fetched_at=FETCHED_AT)
    assert (item.extractor, item.drift, trace.drift) == ("profile:kompas.tv", False, None)


def test_suspect_rules_are_kept_when_the_generic_extractor_finds_nothing() -> None:
    # no <h1>, <title> or og:title: the generic extractor finds no title, so the rules'
    # fields (leftover included) are published, marked as drift: nothing is lost
    body = f'<div class="article__body"><p>{LONG}</p><p>{LONG} Baca juga: Judul Lain</p></div>'
    html_text = page(f'<div class="judul">Judul Berita</div>{body}')
    rules = kompas(extract={"title": [".judul"], "min_body_chars": 10})
    item, trace = Extractor([rules]).explain([html_text], KOMPAS_URL, fetched_at=FETCHED_AT)
    assert (item.extractor, item.drift, item.title) == ("profile:kompas.tv", True, "Judul Berita")
    assert item.body == f"{LONG}\n\n{LONG} Baca juga: Judul Lain"
    assert trace.drift == (
        "boilerplate left in the body: 'Baca juga:'; the generic extractor found no article: "
        "rules kept"
    )


# ------------------------------------------------------------------ the service

ARTICLES = {"433958": "asli", "433959": "desain-baru", "433960": "baca-juga-menyatu"}


@pytest.fixture
async def kompas_site() -> AsyncIterator[TestServer]:
    """The reference page as published, and two later articles in redesigned layouts
    (their text changed a little, so that each is a new article, not a duplicate)."""
    original, _ = fixture("kompas.tv")
    server: TestServer

    async def feed(request: web.Request) -> web.StreamResponse:
        base = str(server.make_url("")).rstrip("/")
        return rss([f"{base}/internasional/{n}/{slug}" for n, slug in ARTICLES.items()])

    async def article(request: web.Request) -> web.StreamResponse:
        number = request.match_info["id"]
        if number == "433958":
            return html(original)
        text = original.replace("Inspeksi Kim ini", f"Inspeksi Kim ({number}) ini")
        return html(redesigned(text) if number == "433959" else merged_related(text))

    app = app_of({"/rss": feed, "/internasional/{id}/{slug}": article})
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server
    await server.close()


def kompas_outlet(base: str) -> dict[str, Any]:
    shipped = yaml.safe_load((ROOT / "config" / "outlets" / "kompas.tv.yaml").read_text())
    return {
        "domains": ["127.0.0.1"],
        "feeds": [f"{base}/rss"],
        "article_url": r"^http://127\.0\.0\.1:\d+/internasional/\d+/[a-z-]+$",
        "ignore_robots": True,
        "language": "id",
        "extract": shipped["extract"],
    }


async def test_service_counts_drift_in_redis(
    kompas_site: TestServer, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    base = str(kompas_site.make_url("")).rstrip("/")
    config = write_config(tmp_path, prefix, {"ktv": kompas_outlet(base)})
    summary = await crawl(config)
    assert (summary.published, summary.dead) == (3, 0)
    stats = await redis.hgetall(Keys(prefix).stats("ktv"))
    assert (int(stats["published"]), int(stats["drift"])) == (3, 2)
    items = {item["url"].split("/")[-2]: item for item in await published(redis, prefix)}
    assert {n: (i["extractor"], i["drift"]) for n, i in items.items()} == {
        "433958": ("profile:ktv", False),
        "433959": ("generic", True),
        "433960": ("generic", True),
    }
    expected = json.loads((ROOT / "tests/fixtures/kompas.tv/article.json").read_text("utf-8"))
    assert items["433958"]["body"] == expected["body"]
    assert items["433959"]["body"] == expected["body"].replace(
        "Inspeksi Kim ini", "Inspeksi Kim (433959) ini"
    )
    assert items["433959"]["title"] == expected["title"]
