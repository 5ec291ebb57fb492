"""HTTP edge cases, one URL each, for the fetcher's tests (not tied to an outlet).

/_edge/page/<name>                      a small HTML page
/_edge/flaky/<name>?times=N&status=S&after=A
                                        status S (default 429, with `Retry-After: A` if
                                        given) for the first N requests of <name>, then
                                        the page
/_edge/drip?bytes=N&every=S             the headers at once, then one byte every S seconds
/_edge/bomb?mb=N                        `Content-Encoding: gzip`: N MB of zeros once
                                        decompressed, about N KB on the wire
/_edge/type?type=MIME                   a small body served as MIME
/_edge/charset/<case>                   a page whose declaration lies (CHARSET_CASES)
/_edge/feed/<case>                      a feed in one of the broken shapes of FEED_CASES
/_edge/redirect?to=URL                  302 to URL (a refused address, another scheme...)
"""

from __future__ import annotations

import asyncio
import codecs
import gzip
from collections import Counter

from aiohttp import web

CHARSET_TEXT = "Café “kutip” di München — Müller berkata: ‘crème brûlée’."


def _page(text: str, meta: str = "") -> str:
    return f'<html><head>{meta}<title>Uji</title></head><body><p id="t">{text}</p></body></html>'


# case -> (Content-Type header, body): how Indonesian sites get their charset wrong
CHARSET_CASES: dict[str, tuple[str, bytes]] = {
    "header-utf8-body-cp1252": ("text/html; charset=utf-8", _page(CHARSET_TEXT).encode("cp1252")),
    "header-latin1-body-utf8": ("text/html; charset=iso-8859-1", _page(CHARSET_TEXT).encode()),
    "meta-cp1252-no-header-charset": (
        "text/html",
        _page(CHARSET_TEXT, '<meta charset="windows-1252">').encode("cp1252"),
    ),
    "meta-latin1-body-utf8": (
        "text/html",
        _page(
            CHARSET_TEXT,
            '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        ).encode(),
    ),
    "bom-utf8-header-latin1": (
        "text/html; charset=iso-8859-1",
        codecs.BOM_UTF8 + _page(CHARSET_TEXT).encode(),
    ),
    "undeclared-cp1252": ("text/html", _page(CHARSET_TEXT).encode("cp1252")),
    "unknown-label-utf8": ("text/html; charset=x-no-such-charset", _page(CHARSET_TEXT).encode()),
}

_ITEM = "<item><title>{title}</title><link>{link}</link></item>"


def _rss(items: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return f'{declaration}\n<rss version="2.0"><channel><title>Uji</title>{items}</channel></rss>'


# case -> (Content-Type header, body, the links a reader must find, as paths)
FEED_CASES: dict[str, tuple[str, bytes, list[str]]] = {
    "html-entities": (
        "application/rss+xml",
        _rss(
            _ITEM.format(title="Caf&eacute;&nbsp;baru &mdash; ok", link="/_edge/page/f1")
            + _ITEM.format(title="Tom & Jerry", link="/_edge/page/f2?a=1&b=2")
        ).encode(),
        ["/_edge/page/f1", "/_edge/page/f2?a=1&b=2"],
    ),
    "cdata": (
        "application/rss+xml; charset=utf-8",
        _rss(
            "<item><title><![CDATA[Satu <b>&</b> dua]]></title>"
            "<link><![CDATA[/_edge/page/f3]]></link></item>"
            "<item><title>Dua</title><link>\n  <![CDATA[ /_edge/page/f4 ]]>\n</link></item>"
        ).encode(),
        ["/_edge/page/f3", "/_edge/page/f4"],
    ),
    "wrong-encoding-declaration": (
        "application/rss+xml",
        _rss(
            _ITEM.format(title="Café “kutip”", link="/_edge/page/f5"),
            '<?xml version="1.0" encoding="ISO-8859-1"?>',
        ).encode(),
        ["/_edge/page/f5"],
    ),
    "rss091-doctype": (
        "text/xml",
        (
            '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
            '0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version='
            '"0.91"><channel><title>x</title><link>/</link>'
            + _ITEM.format(title="Lama", link="/_edge/page/f6")
            + "</channel></rss>"
        ).encode(),
        ["/_edge/page/f6"],
    ),
}


class EdgeCases:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self._bombs: dict[int, bytes] = {}

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/_edge/page/{name}", self.page, name="edge-page")
        app.router.add_get("/_edge/flaky/{name}", self.flaky, name="edge-flaky")
        app.router.add_get("/_edge/drip", self.drip, name="edge-drip")
        app.router.add_get("/_edge/bomb", self.bomb, name="edge-bomb")
        app.router.add_get("/_edge/type", self.typed, name="edge-type")
        app.router.add_get("/_edge/charset/{case}", self.charset, name="edge-charset")
        app.router.add_get("/_edge/feed/{case}", self.feed, name="edge-feed")
        app.router.add_get("/_edge/redirect", self.redirect, name="edge-redirect")

    async def page(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        return web.Response(text=_page(f"Halaman {name}."), content_type="text/html")

    async def flaky(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        self.hits[name] += 1
        if self.hits[name] <= int(request.query.get("times", "1")):
            after = request.query.get("after")
            headers = {"Retry-After": after} if after is not None else {}
            return web.Response(status=int(request.query.get("status", "429")), headers=headers)
        return await self.page(request)

    async def drip(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        await response.prepare(request)
        every = float(request.query.get("every", "0.1"))
        try:
            await response.write(b"<html><body><p>")
            for _ in range(int(request.query.get("bytes", "1000"))):
                await asyncio.sleep(every)
                await response.write(b"x")
            await response.write(b"</p></body></html>")
            await response.write_eof()
        except ConnectionError:
            pass  # the client gave up, as it should
        return response

    async def bomb(self, request: web.Request) -> web.StreamResponse:
        mb = int(request.query.get("mb", "50"))
        if mb not in self._bombs:
            self._bombs[mb] = gzip.compress(b"<html><body>" + b"\0" * (mb << 20), mtime=0)
        headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
        return web.Response(body=self._bombs[mb], headers=headers)

    async def typed(self, request: web.Request) -> web.StreamResponse:
        mime = request.query.get("type", "application/pdf")
        return web.Response(body=b"%PDF-1.4 not a page", headers={"Content-Type": mime})

    async def charset(self, request: web.Request) -> web.StreamResponse:
        case = CHARSET_CASES.get(request.match_info["case"])
        if case is None:
            raise web.HTTPNotFound()
        return web.Response(body=case[1], headers={"Content-Type": case[0]})

    async def feed(self, request: web.Request) -> web.StreamResponse:
        case = FEED_CASES.get(request.match_info["case"])
        if case is None:
            raise web.HTTPNotFound()
        return web.Response(body=case[1], headers={"Content-Type": case[0]})

    async def redirect(self, request: web.Request) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": request.query.get("to", "/")})
