"""The fetcher's limits against the simulator's edge cases: total time (a server that
dribbles bytes), decompressed size (a gzip bomb), redirects, content types, charsets."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import AsyncIterator
from urllib.parse import quote

import pytest

from worker.config import FetchSettings
from worker.errors import FetchError
from worker.fetch import Fetcher
from worker.simulator import Simulator
from worker.simulator.edge import CHARSET_CASES, CHARSET_TEXT

SETTINGS = FetchSettings(
    allow_private=True,  # the simulator is on 127.0.0.1
    delay=0.0,
    connect_timeout=2.0,
    read_timeout=5.0,  # longer than the total: only the total can cut a dribble
    total_timeout=1.0,
    retries=0,
    max_body_bytes=100_000,
    max_redirects=3,
)


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator(outlets=1, articles=3)
    await simulator.start()
    yield simulator
    await simulator.stop()


async def fetch_error(url: str, settings: FetchSettings = SETTINGS) -> FetchError:
    async with Fetcher(settings) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    return caught.value


async def test_a_dribbling_server_is_cut_off_at_the_total_timeout(sim: Simulator) -> None:
    started = time.monotonic()
    # 1 byte every 0.1 s: each read is quick, the whole body would take 100 s
    error = await fetch_error(f"{sim.base_url}/_edge/drip?bytes=1000&every=0.1")
    elapsed = time.monotonic() - started
    assert (error.reason, error.retryable) == ("timed out", True)
    assert 1.0 <= elapsed < 2.0


async def test_a_gzip_bomb_stops_at_the_decompressed_limit(sim: Simulator) -> None:
    url = f"{sim.base_url}/_edge/bomb?mb=64"  # 64 MB of zeros, about 64 KB on the wire
    async with Fetcher(SETTINGS) as fetcher:
        with pytest.raises(FetchError):
            await fetcher.fetch(url)  # the simulator (in this process) builds its bomb once
        tracemalloc.start()
        try:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(url)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    error = caught.value
    assert (error.reason, error.retryable) == ("decompressed body larger than 100000 bytes", False)
    assert peak < 8 * 1024 * 1024  # never the whole 64 MB


async def test_redirect_limit(sim: Simulator) -> None:
    hop = f"{sim.base_url}/_edge/page/end"
    for _ in range(4):
        hop = f"{sim.base_url}/_edge/redirect?to={hop}"
    error = await fetch_error(hop)
    assert (error.reason, error.retryable) == ("too many redirects", False)
    async with Fetcher(SETTINGS) as fetcher:  # three hops are allowed
        page = await fetcher.fetch(hop.split("?to=", 1)[1])
    assert page.url == f"{sim.base_url}/_edge/page/end"


async def test_a_redirect_to_another_scheme_is_refused(sim: Simulator) -> None:
    error = await fetch_error(f"{sim.base_url}/_edge/redirect?to=ftp://127.0.0.1/x")
    assert error.reason == "invalid URL or redirect: redirect to ftp://127.0.0.1/x"
    assert error.retryable is False


@pytest.mark.parametrize(
    ("mime", "refused"),
    [
        ("application/pdf", True),
        ("image/jpeg", True),
        ("application/json", True),
        ("text/html", False),
        ("application/xhtml+xml", False),
        ("application/xml", False),
        ("text/xml; charset=utf-8", False),
    ],
)
async def test_only_html_or_xml_is_read(sim: Simulator, mime: str, refused: bool) -> None:
    url = f"{sim.base_url}/_edge/type?type={quote(mime)}"
    async with Fetcher(SETTINGS) as fetcher:
        if refused:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(url)
            assert (caught.value.reason, caught.value.retryable) == (f"content type {mime}", False)
        else:
            assert (await fetcher.fetch(url)).text == "%PDF-1.4 not a page"


async def test_a_gzip_sitemap_is_a_document_but_not_a_page(sim: Simulator) -> None:
    url = f"{sim.base_url}/_edge/type?type=application/x-gzip"
    async with Fetcher(SETTINGS) as fetcher:
        document = await fetcher.fetch_document(url, sitemap=True)
        assert document.body == b"%PDF-1.4 not a page"
        with pytest.raises(FetchError, match="content type application/x-gzip"):
            await fetcher.fetch_document(url)


@pytest.mark.parametrize("case", sorted(CHARSET_CASES))
async def test_wrong_charset_declarations_do_not_garble_the_text(sim: Simulator, case: str) -> None:
    async with Fetcher(SETTINGS) as fetcher:
        page = await fetcher.fetch(f"{sim.base_url}/_edge/charset/{case}")
    assert f'<p id="t">{CHARSET_TEXT}</p>' in page.text
    assert "\ufeff" not in page.text
