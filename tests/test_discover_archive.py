"""Discovery against the simulator's archive: sitemap index (plain, gzip, Google News) within
the look-back window, sitemaps named in robots.txt, conditional GET and unchanged bodies,
listing pagination that stops at the first page with nothing new, dated index pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta

import pytest
import redis.asyncio as aioredis

from worker.config import FetchSettings, FrontierSettings, Listing, OutletConfig
from worker.discover import Discovery, DiscoveryResult, discover
from worker.feeds import parse_feed
from worker.fetch import Fetcher
from worker.frontier import Frontier
from worker.http_cache import HttpCache
from worker.keys import Keys
from worker.simulator import Simulator
from worker.simulator.archive import gzipped
from worker.simulator.edge import FEED_CASES

LOCAL = FetchSettings(allow_private=True, delay=0.0, retries=0)


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator(outlets=1, articles=45)
    await simulator.start()
    yield simulator
    await simulator.stop()


def outlet(sim: Simulator, **entry_points: object) -> OutletConfig:
    base = sim.base_url
    data: dict[str, object] = {
        "id": "sim01",
        "domains": ["127.0.0.1"],
        "article_url": rf"^{base.replace('.', '[.]')}/sim01/(article|rehat)/\d+/",
        "ignore_robots": False,
        **entry_points,
    }
    return OutletConfig.model_validate(data)


def newest(sim: Simulator) -> datetime:
    return max(datetime.fromisoformat(a.published_at) for a in sim.articles("sim01"))


def urls_since(sim: Simulator, since: datetime) -> set[str]:
    return {a.url for a in sim.articles("sim01") if datetime.fromisoformat(a.published_at) >= since}


def days_newest_first(sim: Simulator) -> dict[date, datetime]:
    """Each day (WIB) with articles, and its newest article's time."""
    days: dict[date, datetime] = {}
    for article in sim.articles("sim01"):
        when = datetime.fromisoformat(article.published_at)  # +07:00: the WIB day
        days[when.date()] = max(when, days.get(when.date(), when))
    return dict(sorted(days.items(), reverse=True))


async def test_sitemap_index_within_the_look_back_window(sim: Simulator) -> None:
    now = newest(sim) + timedelta(hours=1)
    site = outlet(sim, sitemaps=[f"{sim.base_url}/sim01/sitemap.xml"], lookback="8h")
    async with Fetcher(LOCAL) as fetcher:
        result = await discover(site, fetcher, now=now)
    found = [c.canonical_url for c in result.candidates]
    assert len(found) == len(set(found))  # the news sitemap and the day sitemaps overlap
    assert set(found) == urls_since(sim, now - timedelta(hours=8))
    assert result.errors == []
    # children: the news sitemap and only the days modified within the window, gzip or not
    days = days_newest_first(sim)
    recent = [day for day, last in days.items() if last >= now - timedelta(hours=8)]
    expected = {f"/sim01/sitemaps/{d}.xml" + (".gz" if gzipped(d) else "") for d in recent}
    requested = {r.path for r in sim.requests if r.path.startswith("/sim01/sitemaps/")}
    assert requested == expected
    assert any(gzipped(d) for d in recent)
    assert len(days) > len(recent)


async def test_google_news_sitemap_dates_decide(sim: Simulator) -> None:
    now = newest(sim) + timedelta(minutes=30)
    site = outlet(sim, sitemaps=[f"{sim.base_url}/sim01/sitemap-news.xml"], lookback="3h")
    async with Fetcher(LOCAL) as fetcher:
        result = await discover(site, fetcher, now=now)
    assert {c.canonical_url for c in result.candidates} == urls_since(sim, now - timedelta(hours=3))
    assert 2 <= len(result.candidates) < 45


async def test_sitemaps_named_in_robots_txt(sim: Simulator) -> None:
    sim.robots_txt = "User-agent: *\nAllow: /\nSitemap: {base}/sim01/sitemap-news.xml\n"
    site = outlet(sim, robots_sitemaps=[sim.base_url], lookback="30d")
    async with Fetcher(LOCAL) as fetcher:
        result = await discover(site, fetcher, now=newest(sim))
    assert {c.canonical_url for c in result.candidates} == {a.url for a in sim.articles("sim01")}
    assert [r.path for r in sim.requests] == ["/robots.txt", "/sim01/sitemap-news.xml"]


async def test_conditional_get_then_only_what_changed(
    sim: Simulator, redis: aioredis.Redis, prefix: str
) -> None:
    base = sim.base_url
    site = outlet(
        sim,
        feeds=[f"{base}/sim01/rss"],
        sitemaps=[f"{base}/sim01/sitemap.xml"],
        listings=[{"url": f"{base}/sim01/indeks", "link_selector": "a.card__link"}],
        lookback="30d",
    )
    cache = HttpCache(redis, Keys(prefix), ttl=3600)

    async def tick() -> DiscoveryResult:
        async with Fetcher(LOCAL) as fetcher:
            result = await discover(site, fetcher, cache=cache, now=newest(sim))
        await cache.save(result.cache_updates)
        return result

    first = await tick()
    assert len({c.canonical_url for c in first.candidates}) == 46  # and the syndicated copy
    mark = len(sim.requests)
    second = await tick()
    answers = [(r.path, r.status) for r in sim.requests[mark:] if r.path != "/robots.txt"]
    assert second.candidates == []
    assert {status for _, status in answers} == {304}
    assert second.unchanged == second.pages_fetched == len(answers)
    assert {"/sim01/rss", "/sim01/sitemap.xml", "/sim01/indeks"} <= {p for p, _ in answers}
    assert any(p.startswith("/sim01/sitemaps/") for p, _ in answers)  # the index's memo
    assert all("If-None-Match" in r.headers for r in sim.requests[mark:] if r.status == 304)

    fresh = sim.add_articles("sim01", 2)
    mark = len(sim.requests)
    third = await tick()  # changed pages are read whole; the frontier drops what it has
    assert {a.url for a in fresh} <= {c.canonical_url for c in third.candidates}
    statuses = {r.path: r.status for r in sim.requests[mark:]}
    assert statuses["/sim01/rss"] == statuses["/sim01/sitemap.xml"] == 200
    assert 304 in statuses.values()  # the day sitemaps of the older days


async def test_an_unchanged_body_is_not_parsed_again(
    sim: Simulator, redis: aioredis.Redis, prefix: str
) -> None:
    """A server that ignores validators but sends the same bytes: nothing new to parse."""
    feed = f"{sim.base_url}/_edge/feed/cdata"  # no ETag, no Last-Modified
    site = outlet(sim, feeds=[feed], article_url=r"/_edge/page/")
    cache = HttpCache(redis, Keys(prefix), ttl=3600)
    async with Fetcher(LOCAL) as fetcher:
        first = await discover(site, fetcher, cache=cache)
        await cache.save(first.cache_updates)
        second = await discover(site, fetcher, cache=cache)
    assert [c.url for c in first.candidates] == [f"{sim.base_url}/_edge/page/f3"] + [
        f"{sim.base_url}/_edge/page/f4"
    ]
    assert (second.candidates, second.unchanged, second.pages_fetched) == ([], 1, 1)
    assert [r.status for r in sim.log(path_prefix="/_edge/feed/")] == [200, 200]


async def test_listing_pages_until_one_holds_nothing_new(
    sim: Simulator, redis: aioredis.Redis, prefix: str
) -> None:
    listing = Listing(
        url=f"{sim.base_url}/sim01/indeks",
        link_selector="a.card__link",
        next_selector="a.pagination__next",
        max_pages=10,
    )
    site = outlet(sim, listings=[listing.model_dump()])
    seen = Frontier(redis, Keys(prefix), FrontierSettings(), "test")
    async with Fetcher(LOCAL) as fetcher:
        first = await discover(site, fetcher, seen=seen)
        assert len(first.candidates) == 45  # nothing seen yet: all three pages
        pairs = [(c.url, c.canonical_url) for c in first.candidates]
        assert await seen.enqueue("sim01", pairs) == 45
        assert await seen.unseen([c.canonical_url for c in first.candidates]) == set()

        fresh = sim.add_articles("sim01", 3)  # on top of page 1
        mark = len(sim.requests)
        second = await discover(site, fetcher, seen=seen)
        # page 1 has new ones, page 2 has none: page 3 is not read
        assert [r.path_qs for r in sim.requests[mark:]] == [
            "/sim01/indeks",
            "/sim01/indeks?page=2",
        ]
        assert {c.canonical_url for c in second.candidates} >= {a.url for a in fresh}
        assert await seen.enqueue("sim01", [(c.url, c.canonical_url) for c in second.candidates])

        mark = len(sim.requests)
        await discover(site, fetcher, seen=seen)  # re-polled, never suppressed: page 1 only
        assert [r.path_qs for r in sim.requests[mark:]] == ["/sim01/indeks"]


@pytest.mark.parametrize("numbered", [True, False])
async def test_dated_index_over_the_look_back_days(sim: Simulator, numbered: bool) -> None:
    days = list(days_newest_first(sim))
    assert len(days) >= 2
    url = f"{sim.base_url}/sim01/indeks-tanggal?date={{date}}" + (
        "&page={page}" if numbered else ""
    )
    listing = {
        "url": url,
        "link_selector": "a.article-link",
        "date_format": "%Y-%m-%d",
        "max_pages": 10,
        **({} if numbered else {"next_selector": "a.pagination__next"}),
    }
    now = newest(sim).replace(hour=23)  # late on the newest day, WIB
    site = outlet(sim, listings=[listing], lookback="2d")
    async with Fetcher(LOCAL) as fetcher:
        result = await discover(site, fetcher, now=now)
    expected = {a.url for a in sim.articles("sim01") if a.published_at[:10] in map(str, days[:2])}
    assert {c.canonical_url for c in result.candidates} == expected
    assert result.errors == []  # a 404 past the last numbered page is the end, not an error
    requested_days = {r.path_qs.split("date=")[1][:10] for r in sim.log(path_prefix="/sim01/")}
    assert requested_days == {str(d) for d in days[:2]}


@pytest.mark.parametrize("case", sorted(FEED_CASES))
async def test_broken_feeds_still_give_their_links(sim: Simulator, case: str) -> None:
    links = [sim.base_url + path for path in FEED_CASES[case][2]]
    site = outlet(sim, feeds=[f"{sim.base_url}/_edge/feed/{case}"], article_url=r"/_edge/page/")
    async with Fetcher(LOCAL) as fetcher:
        result = await discover(site, fetcher)
        document = await fetcher.fetch_document(f"{sim.base_url}/_edge/feed/{case}")
    assert [c.url for c in result.candidates] == links
    assert result.errors == []
    assert parse_feed(document.body.decode("utf-8")) == FEED_CASES[case][2]


async def test_a_walk_can_also_serve_a_backfill(sim: Simulator) -> None:
    """The pieces `backfill` uses: a listing walk that ignores the seen set."""
    site = outlet(sim, listings=[{"url": f"{sim.base_url}/sim01/indeks", "link_selector": "a"}])
    async with Fetcher(LOCAL) as fetcher:
        walk = Discovery(site, fetcher)
        listing = site.listings[0]
        found = await walk.walk_listing(listing, None, 1, until_seen=False)
    assert len(found) == 20
