"""The fetcher against a real local HTTP server: retries, limits, charsets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from worker.config import FetchSettings
from worker.errors import FetchError
from worker.fetch import Fetcher, decode_body

SETTINGS = FetchSettings(
    total_timeout=1.0,
    read_timeout=1.0,
    connect_timeout=1.0,
    retries=2,
    backoff_base=0.01,
    backoff_max=1.0,
    max_body_bytes=100_000,
    max_redirects=3,
    user_agent="news-worker-test/1",
    allow_private=True,  # the test server is on 127.0.0.1
    delay=0.0,
)


class Server:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.user_agents: list[str] = []

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/{name}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        hits = self.hits[name] = self.hits.get(name, 0) + 1
        self.user_agents.append(request.headers.get("User-Agent", ""))
        if name == "ok":
            return web.Response(text="<p>halo</p>", content_type="text/html")
        if name == "flaky" and hits == 1:
            return web.Response(status=503)
        if name == "flaky":
            return web.Response(text="pulih", content_type="text/html")
        if name == "limited" and hits == 1:
            return web.Response(status=429, headers={"Retry-After": "0"})
        if name == "limited":
            return web.Response(text="boleh", content_type="text/html")
        if name == "down":
            return web.Response(status=503)
        if name == "gone":
            return web.Response(status=404)
        if name == "big":
            return web.Response(body=b"x" * 200_000, content_type="text/html")
        if name == "big-chunked":
            response = web.StreamResponse(headers={"Content-Type": "text/html"})
            await response.prepare(request)
            for _ in range(20):
                await response.write(b"y" * 10_000)
            await response.write_eof()
            return response
        if name == "loop":
            raise web.HTTPFound(f"/loop?n={hits}")
        if name == "slow":
            await asyncio.sleep(5)
            return web.Response(text="late")
        if name == "cp1252":
            body = "<p>Café “kutip”</p>".encode("windows-1252")
            return web.Response(body=body, headers={"Content-Type": "text/html; charset=utf-8"})
        raise web.HTTPNotFound()


@pytest.fixture
async def server() -> AsyncIterator[tuple[Server, str]]:
    state = Server()
    test_server = TestServer(state.app(), host="127.0.0.1")
    await test_server.start_server()
    yield state, str(test_server.make_url(""))
    await test_server.close()


async def fetch(base: str, path: str) -> str:
    async with Fetcher(SETTINGS) as fetcher:
        return (await fetcher.fetch(base + path)).text


async def fetch_error(base: str, path: str) -> FetchError:
    async with Fetcher(SETTINGS) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + path)
    return caught.value


async def test_ok_with_user_agent(server: tuple[Server, str]) -> None:
    state, base = server
    assert await fetch(base, "/ok") == "<p>halo</p>"
    assert state.user_agents == ["news-worker-test/1"] * 2  # robots.txt, then the page
    assert state.hits == {"robots.txt": 1, "ok": 1}


async def test_5xx_then_success_is_retried(server: tuple[Server, str]) -> None:
    state, base = server
    assert await fetch(base, "/flaky") == "pulih"
    assert state.hits["flaky"] == 2


async def test_429_with_retry_after(server: tuple[Server, str]) -> None:
    state, base = server
    assert await fetch(base, "/limited") == "boleh"
    assert state.hits["limited"] == 2


async def test_5xx_gives_up_after_retries_and_is_retryable(server: tuple[Server, str]) -> None:
    state, base = server
    error = await fetch_error(base, "/down")
    assert (error.reason, error.retryable, state.hits["down"]) == ("HTTP 503", True, 3)


async def test_404_is_final_at_once(server: tuple[Server, str]) -> None:
    state, base = server
    error = await fetch_error(base, "/gone")
    assert (error.reason, error.retryable, state.hits["gone"]) == ("HTTP 404", False, 1)


@pytest.mark.parametrize("path", ["/big", "/big-chunked"])
async def test_body_limit(server: tuple[Server, str], path: str) -> None:
    error = await fetch_error(server[1], path)
    assert (error.reason, error.retryable) == ("body larger than 100000 bytes", False)


async def test_redirect_loop(server: tuple[Server, str]) -> None:
    error = await fetch_error(server[1], "/loop")
    assert (error.reason, error.retryable) == ("too many redirects", False)


async def test_timeout_is_retryable(server: tuple[Server, str]) -> None:
    state, base = server
    error = await fetch_error(base, "/slow")
    assert (error.reason, error.retryable, state.hits["slow"]) == ("timed out", True, 3)


async def test_wrong_charset_declaration(server: tuple[Server, str]) -> None:
    assert await fetch(server[1], "/cp1252") == "<p>Café “kutip”</p>"


def test_decode_body_order() -> None:
    assert decode_body("é".encode(), None) == "é"
    assert decode_body(b'<meta charset="iso-8859-1"><p>\xe9</p>', None).endswith("<p>é</p>")
    assert decode_body(b"\xef\xbb\xbfhalo", "utf-8") == "halo"
    assert decode_body("é".encode("windows-1252"), "no-such-charset") == "é"
