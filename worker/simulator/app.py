"""The outlet simulator: an aiohttp server with outlets shaped like Kompas.TV.

URL layout, per outlet id (`sim01`, `sim02`, ..., and `badcases`):

    /robots.txt                            `robots_txt` (allow all unless changed;
                                           `{base}` in it becomes the base URL; None or
                                           `robots_status` other than 200: that error)
    /<outlet>/rss                          RSS 2.0, every article, newest first
    /<outlet>/atom                         Atom, the same articles, plain links
    /<outlet>/indeks?page=N                listing, 20 cards a page, `a.pagination__next`
    /<outlet>/(article|rehat)/<id>/<slug>  an article page (query and fragment ignored)
    /<outlet>/sitemap.xml, sitemaps/<day>.xml[.gz], sitemap-news.xml, indeks-tanggal
                                           sitemaps and a dated index (see `archive.py`)
    /_edge/...                             HTTP edge cases (see `edge.py`)
    /_sim/stats                            request counters (JSON), for benchmarks

So that dedup has work to do, the RSS feed spells the links of ids divisible by 3 with
`?utm_source=rss&utm_medium=feed` and of ids divisible by 5 with `#comments`, lists ids
divisible by 10 a second time with the plain link, and lists one "syndicated" copy: an
article's page again under `/rehat/<900000 + id>/<other slug>`. `articles()` counts each
article once, under its first URL.

Pages are rendered once and served as cached bytes, so the simulator is not what a
benchmark measures. Feeds, sitemaps and listings carry an ETag and Last-Modified and answer
304. Every request is logged in `requests` with its arrival time and Host header (a
per-host request log: politeness is measured on it), and it also answers requests sent to
it as to a proxy (`RequestRecord.proxied`).
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from aiohttp import web

from worker.simulator import archive, badcases, pages, sim_config
from worker.simulator.content import ArticleFactory, ArticleSpec, Draft, reference_draft
from worker.simulator.content import syndicated_copy as _syndicated_copy
from worker.simulator.edge import EdgeCases
from worker.simulator.responses import CachedPage, RequestRecord, http_date, respond

PAGE_SIZE = 20
TRACKING_QUERY = "?utm_source=rss&utm_medium=feed"
_HTML = "text/html; charset=utf-8"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(slots=True)
class _Outlet:
    id: str
    drafts: list[Draft]  # published, unique, in id order
    factory: ArticleFactory | None = None
    syndicated: Draft | None = None
    by_path: dict[str, Draft] = field(default_factory=dict)


class Simulator:
    """Serves `outlets` outlets of `articles` articles each (plus "badcases" if asked)."""

    BAD_CASE_OUTCOMES: ClassVar[dict[str, str]] = dict(badcases.OUTCOMES)

    def __init__(
        self,
        outlets: int = 1,
        articles: int = 20,
        *,
        latency_ms: float = 0.0,
        bad_cases: bool = False,
        slow_seconds: float = 30.0,
        seed: int = 0,
    ) -> None:
        if outlets < 0 or articles < 1 or (outlets == 0 and not bad_cases):
            raise ValueError("need at least one outlet and one article per outlet")
        self.latency = latency_ms / 1000.0
        self.seed = seed
        self.outlet_ids = [f"sim{i:02d}" for i in range(1, outlets + 1)]
        self.requests: list[RequestRecord] = []
        self.robots_txt: str | None = pages.ROBOTS_TXT  # None: robots.txt is a 404
        self.robots_status = 200  # another status (503...) answers robots.txt with it
        self.edge = EdgeCases()
        self.base_url = ""
        self._outlets: dict[str, _Outlet] = {}
        self._bodies: set[str] = set()
        self._cache: dict[str, CachedPage] = {}
        self._cache_base = ""
        self._runner: web.AppRunner | None = None
        self._counts: Counter[str] = Counter()
        for index, outlet_id in enumerate(self.outlet_ids):
            state = _Outlet(outlet_id, [], ArticleFactory(outlet_id, index, seed))
            self._outlets[outlet_id] = state
            self._grow(state, articles)
            original = state.drafts[articles // 2] if articles > 1 else state.drafts[0]
            state.syndicated = _syndicated_copy(original)
            state.by_path[state.syndicated.path] = state.syndicated
        self._bad: badcases.BadCaseHandler | None = None
        if bad_cases:
            drafts = badcases.make_drafts(len(self.outlet_ids), seed, self._bodies)
            self._bad = badcases.BadCaseHandler(drafts, slow_seconds)
            self.outlet_ids.append(badcases.OUTLET)
            state = _Outlet(badcases.OUTLET, [drafts[c] for c in badcases.PUBLISHED_CASES])
            self._outlets[badcases.OUTLET] = state

    # ------------------------------------------------------------------ public

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on host:port (0: any free port) and return the base URL."""
        runner = web.AppRunner(self.make_app(), handler_cancellation=True, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        bound_port = runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound_port}"
        self._prerender()
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/robots.txt", self._robots, name="robots")
        app.router.add_get("/_sim/stats", self._stats, name="stats")
        app.router.add_get("/{outlet}/rss", self._rss, name="rss")
        app.router.add_get("/{outlet}/atom", self._atom, name="atom")
        app.router.add_get("/{outlet}/indeks", self._indeks, name="indeks")
        app.router.add_get(
            r"/{outlet}/{kind:article|rehat}/{id:\d+}/{slug}", self._article, name="article"
        )
        for path, name in archive.ROUTES:
            app.router.add_get(path, self._archive, name=name)
        self.edge.add_routes(app)
        return app

    def log(self, host: str | None = None, path_prefix: str = "") -> list[RequestRecord]:
        """The requests (to `host`, under `path_prefix`), in arrival order."""
        return [
            r
            for r in self.requests
            if (host is None or r.host == host) and r.path.startswith(path_prefix)
        ]

    def articles(self, outlet: str) -> list[ArticleSpec]:
        """The articles a correct crawl publishes: unique, the syndicated copy not counted."""
        return [draft.spec(self._base()) for draft in self._outlet(outlet).drafts]

    def add_articles(self, outlet: str, count: int) -> list[ArticleSpec]:
        """Publish `count` new articles; they appear at the top of the feeds and listings."""
        state = self._outlet(outlet)
        if state.factory is None:
            raise ValueError(f"outlet {outlet!r} takes no new articles")
        added = self._grow(state, count)
        for key in [k for k in self._cache if k.startswith(f"{outlet}:")]:
            del self._cache[key]
        return [draft.spec(self._base()) for draft in added]

    def write_config(
        self,
        dest: Path,
        *,
        settings: dict[str, Any] | None = None,
        outlets: list[str] | None = None,
        every: str = "5m",
    ) -> Path:
        """Write a worker config folder pointing at this simulator (see `sim_config`)."""
        chosen = list(self.outlet_ids if outlets is None else outlets)
        for outlet in chosen:
            self._outlet(outlet)
        return sim_config.write_config(dest, self._base(), chosen, settings, every)

    def stats(self) -> dict[str, Any]:
        return {
            "requests": len(self.requests),
            "by_kind": dict(self._counts),
            "cpu_seconds": time.process_time(),
        }

    # --------------------------------------------------------------- content

    def _outlet(self, outlet: str) -> _Outlet:
        try:
            return self._outlets[outlet]
        except KeyError:
            raise ValueError(f"no outlet {outlet!r}; outlets: {self.outlet_ids}") from None

    def _base(self) -> str:
        if not self.base_url:
            raise RuntimeError("the simulator has no base URL yet: call start() first")
        return self.base_url

    def _grow(self, state: _Outlet, count: int) -> list[Draft]:
        assert state.factory is not None
        added = []
        for _ in range(count):
            article_id = len(state.drafts) + 1
            if article_id == 1 and state.id == "sim01":
                draft = reference_draft(state.id)
                self._bodies.add("\n\n".join(draft.paragraphs))
            else:
                draft = state.factory.make(article_id, state.drafts, self._bodies)
            state.drafts.append(draft)
            state.by_path[draft.path] = draft
            added.append(draft)
        return added

    def _entries(self, state: _Outlet, plain: bool) -> list[pages.Entry]:
        """Feed entries, newest first; unless `plain`, with tracking variants and repeats."""
        if state.id == badcases.OUTLET:
            assert self._bad is not None
            return badcases.entries(self._base(), self._bad.drafts)
        base = self._base()
        drafts = [*state.drafts, *([state.syndicated] if state.syndicated else [])]
        drafts.sort(key=lambda d: (d.published, d.article_id), reverse=True)
        result = []
        for draft in drafts:
            url = base + draft.path
            link = url
            if not plain and draft is not state.syndicated:
                link += TRACKING_QUERY if draft.article_id % 3 == 0 else ""
                link += "#comments" if draft.article_id % 5 == 0 else ""
            summary = " ".join(draft.paragraphs[0].split()[:25]) + " ..."
            guid = f"{state.id}-{draft.article_id}"
            entry = pages.Entry(link, draft.title, draft.published, guid, summary, draft.section)
            result.append(entry)
            if not plain and draft is not state.syndicated and draft.article_id % 10 == 0:
                result.append(pages.Entry(url, draft.title, draft.published, guid, summary, None))
        return result

    def _page(
        self, key: str, render: Callable[[], tuple[str | bytes, str, str | None]]
    ) -> CachedPage:
        """The cached page `key`, rendered on first use: (text, content type, last modified)."""
        if self._cache_base != self.base_url:
            self._cache.clear()
            self._cache_base = self.base_url
        page = self._cache.get(key)
        if page is None:
            text, content_type, last_modified = render()
            body = text if isinstance(text, bytes) else text.encode("utf-8")
            etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
            page = self._cache[key] = CachedPage(body, content_type, etag, last_modified)
        return page

    def _article_page(self, state: _Outlet, draft: Draft) -> CachedPage:
        def render() -> tuple[str | bytes, str, str | None]:
            # The five articles before it ("Terpopuler"); ids are 1..n, in list order.
            index = min(draft.article_id, len(state.drafts)) - 1
            popular = state.drafts[max(0, index - 5) : index][::-1]
            text = pages.article_page(draft, self._base(), popular)
            return text, _HTML, http_date(draft.published)

        return self._page(f"{state.id}:{draft.path}", render)

    def _prerender(self) -> None:
        for state in self._outlets.values():
            if state.factory is None:
                continue
            for draft in state.by_path.values():
                self._article_page(state, draft)

    # -------------------------------------------------------------- handlers

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        arrived = time.monotonic()
        if not self.base_url:
            self.base_url = f"{request.scheme}://{request.host}"
        status = 500
        try:
            if self.latency > 0:
                await asyncio.sleep(self.latency)
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        except asyncio.CancelledError:
            status = 499
            raise
        finally:
            route = request.match_info.route.name or "other"
            self._counts[route] += 1
            headers = dict(request.headers)
            target = request.raw_path  # absolute (http://...) when sent as to a proxy
            self.requests.append(
                RequestRecord(arrived, request.method, request.path_qs, headers, status, target)
            )

    async def _robots(self, request: web.Request) -> web.StreamResponse:
        if self.robots_txt is None or self.robots_status != 200:
            status = 404 if self.robots_status == 200 else self.robots_status
            return web.Response(status=status, text="no robots.txt here")
        text = self.robots_txt.replace("{base}", self._base())
        return web.Response(text=text, content_type="text/plain")

    async def _stats(self, request: web.Request) -> web.StreamResponse:
        return web.json_response(self.stats())

    async def _rss(self, request: web.Request) -> web.StreamResponse:
        state = self._state(request)

        def render() -> tuple[str | bytes, str, str | None]:
            entries = self._entries(state, plain=False)
            text = pages.rss_feed(self._base(), state.id, entries)
            return text, "application/rss+xml; charset=utf-8", _newest(entries)

        return respond(request, self._page(f"{state.id}:rss", render))

    async def _atom(self, request: web.Request) -> web.StreamResponse:
        state = self._state(request)

        def render() -> tuple[str | bytes, str, str | None]:
            entries = self._entries(state, plain=True)
            text = pages.atom_feed(self._base(), state.id, entries)
            return text, "application/atom+xml; charset=utf-8", _newest(entries)

        return respond(request, self._page(f"{state.id}:atom", render))

    async def _indeks(self, request: web.Request) -> web.StreamResponse:
        state = self._state(request)
        try:
            number = int(request.query.get("page", "1"))
        except ValueError:
            raise web.HTTPNotFound() from None
        newest = state.drafts[::-1]
        last = max(1, -(-len(newest) // PAGE_SIZE))
        if not 1 <= number <= last:
            raise web.HTTPNotFound()
        on_page = newest[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]

        def render() -> tuple[str | bytes, str, str | None]:
            text = pages.listing_page(self._base(), state.id, number, on_page, number < last)
            modified = http_date(on_page[0].published) if on_page else None
            return text, _HTML, modified

        return respond(request, self._page(f"{state.id}:indeks:{number}", render))

    async def _article(self, request: web.Request) -> web.StreamResponse:
        state = self._state(request)
        info = request.match_info
        if state.id == badcases.OUTLET and info["kind"] == "article":
            assert self._bad is not None
            return await self._bad.handle(request, self._base(), int(info["id"]), info["slug"])
        draft = state.by_path.get(request.path)
        if draft is None:
            raise web.HTTPNotFound()
        return respond(request, self._article_page(state, draft))

    async def _archive(self, request: web.Request) -> web.StreamResponse:
        """Sitemaps and the dated index (see `archive.py`), cached like every page."""
        state = self._state(request)
        key, render = archive.page_for(request, state.drafts, self._base())
        return respond(request, self._page(f"{state.id}:{key}", render))

    def _state(self, request: web.Request) -> _Outlet:
        state = self._outlets.get(request.match_info["outlet"])
        if state is None:
            raise web.HTTPNotFound()
        return state


def _newest(entries: list[pages.Entry]) -> str | None:
    return http_date(max(e.published for e in entries)) if entries else None
