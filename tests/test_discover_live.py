"""Discovery against the simulator: listing pagination and its page limit, feeds."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from worker.config import FetchSettings, Listing, OutletConfig
from worker.discover import discover
from worker.fetch import Fetcher
from worker.simulator import Simulator

LOCAL = FetchSettings(allow_private=True, delay=0.0)  # the simulator is on 127.0.0.1


@pytest.fixture
async def sim45() -> AsyncIterator[Simulator]:
    sim = Simulator(outlets=1, articles=45)
    await sim.start()
    yield sim
    await sim.stop()


def listing_outlet(sim: Simulator, max_pages: int, feeds: bool = False) -> OutletConfig:
    base = sim.base_url
    return OutletConfig(
        id="sim01",
        domains=["127.0.0.1"],
        feeds=[f"{base}/sim01/rss"] if feeds else [],
        listings=[
            Listing(
                url=f"{base}/sim01/indeks",
                link_selector="a.card__link",
                next_selector="a.pagination__next",
                max_pages=max_pages,
            )
        ],
        article_url=rf"^{base.replace('.', '[.]')}/sim01/(article|rehat)/\d+/",
    )


@pytest.mark.parametrize(("max_pages", "expected", "pages"), [(1, 20, 1), (2, 40, 2), (10, 45, 3)])
async def test_listing_pages_until_the_limit_or_the_last(
    sim45: Simulator, max_pages: int, expected: int, pages: int
) -> None:
    async with Fetcher(LOCAL) as fetcher:
        result = await discover(listing_outlet(sim45, max_pages), fetcher)
    newest_first = [a.url for a in reversed(sim45.articles("sim01"))]
    assert [c.canonical_url for c in result.candidates] == newest_first[:expected]
    assert (result.pages_fetched, result.errors) == (pages, [])
    listing_requests = [r for r in sim45.requests if r.path == "/sim01/indeks"]
    assert [r.status for r in listing_requests] == [200] * pages


async def test_feed_and_listing_together_give_each_url_once(sim45: Simulator) -> None:
    async with Fetcher(LOCAL) as fetcher:
        result = await discover(listing_outlet(sim45, 10, feeds=True), fetcher)
    canonical = [c.canonical_url for c in result.candidates]
    assert len(canonical) == len(set(canonical))
    # every article, plus the syndicated copy the feed also lists
    assert set(canonical) >= {a.url for a in sim45.articles("sim01")}
    assert len(canonical) == 45 + 1


async def test_unreachable_entry_points_are_reported_not_raised(sim45: Simulator) -> None:
    outlet = listing_outlet(sim45, 1, feeds=True).model_copy(
        update={"feeds": [f"{sim45.base_url}/nowhere/rss", "http://127.0.0.1:9/rss"]}
    )
    async with Fetcher(LOCAL.model_copy(update={"retries": 0, "connect_timeout": 1.0})) as fetcher:
        result = await discover(outlet, fetcher)
    assert len(result.candidates) == 20
    assert [e.split(": ", 1)[1] for e in result.errors][0] == "HTTP 404"
    assert result.errors[1].startswith("http://127.0.0.1:9/rss: connection error")
