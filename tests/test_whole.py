"""Split articles read whole, over real HTTP through the service path: a local server
(aiohttp TestServer) serves an article in three pages linked by "next", and one whose
`?page=all` variant holds it all; `crawl --once` publishes each as one item whose body
joins the pages exactly. Also: a lost page, a refused variant, the link helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.localsite import app_of, article_page, crawl, html, published, rss, write_config
from worker.whole import next_page_url, with_query, without_query

PAGES = [
    [
        "JAKARTA - Banjir rob kembali merendam permukiman warga di pesisir Jakarta Utara "
        "sejak Senin pagi, dengan ketinggian air mencapai 40 sentimeter di beberapa titik.",
        "Warga Muara Angke terpaksa mengungsikan barang berharga ke lantai dua rumah mereka.",
    ],
    [
        "Badan Penanggulangan Bencana Daerah mencatat sedikitnya 1.200 rumah terdampak "
        "genangan di tiga kelurahan.",
        "Petugas menyiagakan pompa air bergerak di sepanjang tanggul yang rawan jebol.",
    ],
    [
        "BMKG memperkirakan pasang maksimum air laut masih akan terjadi hingga Kamis, "
        "sehingga warga diminta tetap waspada.",
        "Pemerintah provinsi berjanji mempercepat pembangunan tanggul laut tahap kedua.",
    ],
]
JOINED = "\n\n".join(p for page in PAGES for p in page).removeprefix("JAKARTA - ")
TITLE = "Banjir Rob Rendam Ribuan Rumah di Jakarta Utara"

FLAGS = web.AppKey("flags", dict[str, bool])
SEEN = web.AppKey("seen", list[str])

RULES: dict[str, Any] = {
    "title": ["h1.judul"],
    "body": [".isi"],
    "min_body_chars": 50,
    "lines": [{"match": r"^(?P<dateline>[A-Z]+) - ", "action": "dateline"}],
}


def outlet(base: str, path: str, whole: dict[str, Any]) -> dict[str, Any]:
    return {
        "domains": ["127.0.0.1"],
        "feeds": [f"{base}/{path}/rss"],
        "article_url": rf"^http://127\.0\.0\.1:\d+/{path}/\d+/[a-z-]+$",
        "ignore_robots": True,
        "whole_article": whole,
        "extract": RULES,
    }


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


async def split_page(request: web.Request) -> web.StreamResponse:
    """/pages/1/banjir-rob: three pages; the last one's "next" leads to another article."""
    number = int(request.query.get("page", "1"))
    if number == 3 and request.app[FLAGS].get("lose_page_3"):
        return web.Response(status=500)
    if number < len(PAGES):
        nav = f'<a class="next" href="?page={number + 1}">Selanjutnya</a>'
    else:
        nav = '<a class="next" href="/pages/2/berita-lain">Berita berikutnya</a>'
    body = f'<div class="isi">{paragraphs(PAGES[number - 1])}</div><div class="paging">{nav}</div>'
    return html(article_page(TITLE, body))


async def whole_page(request: web.Request) -> web.StreamResponse:
    """/whole/7/banjir-rob: page 1 alone, or the whole article with `?page=all`."""
    if request.query.get("page") == "all":
        if request.app[FLAGS].get("refuse_all"):
            return web.Response(status=404)
        parts = "".join(
            f'<div class="isi">{paragraphs(page)}</div><div style="page-break-after: always"></div>'
            for page in PAGES
        )
        return html(article_page(TITLE, parts))
    body = f'<div class="isi">{paragraphs(PAGES[0])}</div><a class="next" href="?page=2">2</a>'
    return html(article_page(TITLE, body))


@pytest.fixture
async def site() -> AsyncIterator[TestServer]:
    server: TestServer

    async def feed(request: web.Request) -> web.StreamResponse:
        kind = request.match_info["kind"]
        slug = "1/banjir-rob" if kind == "pages" else "7/banjir-rob"
        return rss([f"{server.make_url('')}".rstrip("/") + f"/{kind}/{slug}"])

    app = app_of(
        {
            "/{kind}/rss": feed,
            "/pages/1/banjir-rob": split_page,
            "/whole/7/banjir-rob": whole_page,
        }
    )
    app[FLAGS] = {}
    app[SEEN] = []

    @web.middleware
    async def record(request: web.Request, handler: Any) -> web.StreamResponse:
        request.app[SEEN].append(request.path_qs)
        response: web.StreamResponse = await handler(request)
        return response

    app.middlewares.append(record)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server
    await server.close()


def base_of(server: TestServer) -> str:
    return str(server.make_url("")).rstrip("/")


async def test_pages_followed_by_next_links_are_joined(
    site: TestServer, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    base = base_of(site)
    whole = {"next_selector": "a.next", "max_pages": 5}
    summary = await crawl(write_config(tmp_path, prefix, {"pages": outlet(base, "pages", whole)}))
    assert (summary.published, summary.dead) == (1, 0)
    [item] = await published(redis, prefix)
    assert item["body"] == JOINED
    assert item["url"] == f"{base}/pages/1/banjir-rob"  # the first page's URL
    assert (item["title"], item["dateline"], item["partial"]) == (TITLE, "JAKARTA", False)
    assert item["extractor"] == "profile:pages"
    # every page once; not the next article that the last page's "next" leads to
    assert site.app[SEEN] == [
        "/pages/rss",
        "/pages/1/banjir-rob",
        "/pages/1/banjir-rob?page=2",
        "/pages/1/banjir-rob?page=3",
    ]


async def test_whole_variant_is_fetched_instead(
    site: TestServer, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    base = base_of(site)
    config = write_config(
        tmp_path, prefix, {"whole": outlet(base, "whole", {"query": {"page": "all"}})}
    )
    assert (await crawl(config)).published == 1
    [item] = await published(redis, prefix)
    assert item["body"] == JOINED
    assert item["url"] == f"{base}/whole/7/banjir-rob"  # without ?page=all
    assert item["canonical_url"] == f"{base}/whole/7/banjir-rob"
    assert item["partial"] is False


async def test_refused_variant_falls_back_to_the_plain_page(
    site: TestServer, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    site.app[FLAGS]["refuse_all"] = True
    base = base_of(site)
    config = write_config(
        tmp_path, prefix, {"whole": outlet(base, "whole", {"query": {"page": "all"}})}
    )
    assert (await crawl(config)).published == 1
    [item] = await published(redis, prefix)
    assert item["body"] == "\n\n".join(PAGES[0]).removeprefix("JAKARTA - ")


async def test_a_lost_page_ends_the_article_and_marks_it_partial(
    site: TestServer, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    site.app[FLAGS]["lose_page_3"] = True
    base = base_of(site)
    whole = {"next_selector": "a.next", "max_pages": 5}
    assert (
        await crawl(write_config(tmp_path, prefix, {"pages": outlet(base, "pages", whole)}))
    ).published == 1
    [item] = await published(redis, prefix)
    assert item["body"] == "\n\n".join(PAGES[0] + PAGES[1]).removeprefix("JAKARTA - ")
    assert item["partial"] is True


async def test_max_pages_cuts_the_article(
    site: TestServer, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    base = base_of(site)
    whole = {"next_selector": "a.next", "max_pages": 2}
    assert (
        await crawl(write_config(tmp_path, prefix, {"pages": outlet(base, "pages", whole)}))
    ).published == 1
    [item] = await published(redis, prefix)
    assert item["body"] == "\n\n".join(PAGES[0] + PAGES[1]).removeprefix("JAKARTA - ")
    assert item["partial"] is True


@pytest.mark.parametrize(
    ("url", "query", "with_it", "without_it"),
    [
        ("https://a.id/read/1/x", {"page": "all"}, "https://a.id/read/1/x?page=all", None),
        (
            "https://a.id/read/1/x?page=2#top",
            {"page": "all"},
            "https://a.id/read/1/x?page=all",
            None,
        ),
        ("https://a.id/x?b=1", {"single": "1"}, "https://a.id/x?b=1&single=1", None),
        ("https://a.id/x?page=all&b=1", {"page": "all"}, None, "https://a.id/x?b=1"),
        ("https://a.id/x?page=3", {"page": "all"}, None, "https://a.id/x?page=3"),
    ],
)
def test_query_helpers(
    url: str, query: dict[str, str], with_it: str | None, without_it: str | None
) -> None:
    if with_it is not None:
        assert with_query(url, query) == with_it
        assert without_query(with_query(url, query), query) == url.split("#")[0].split("?")[0] + (
            "?b=1" if "b=1" in url else ""
        )
    if without_it is not None:
        assert without_query(url, query) == without_it


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ('<a class="next" href="?page=2">2</a>', "https://a.id/read/1/x?page=2"),
        ('<a class="next" href="/read/1/x/2#isi">2</a>', "https://a.id/read/1/x/2"),
        ('<a class="next" href="https://b.id/y">y</a>', "https://b.id/y"),
        ('<a class="next" href="javascript:void(0)">2</a>', None),
        ('<a class="next" href="#">2</a>', None),
        ('<a class="next">2</a>', None),
        ('<a class="prev" href="?page=2">2</a>', None),
    ],
)
def test_next_page_url(link: str, expected: str | None) -> None:
    page = f"<html><body><div>{link}</div></body></html>"
    assert next_page_url(page, "a.next", "https://a.id/read/1/x") == expected
