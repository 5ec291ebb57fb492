"""The outlet simulator, tested through its real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import sys
from collections.abc import AsyncIterator
from datetime import datetime
from html import unescape
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

import worker.simulator
from worker.config import load_config
from worker.simulator import ArticleSpec, Simulator, badcases
from worker.simulator.reference import REFERENCE_LINES
from worker.urls import canonicalize

ROOT = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = ROOT.parent / "shared" / "reference" / "kompastv-article.txt"
RULES = yaml.safe_load((ROOT / "config" / "outlets" / "kompas.tv.yaml").read_text("utf-8"))
PROMO = "Gabung ke Channel WhatsApp KompasTV untuk update berita terbaru dan terpercaya."
ARTICLES = 45  # per outlet: 3 listing pages (20, 20, 5)
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
DAYS = "Senin Selasa Rabu Kamis Jumat Sabtu Minggu"


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator(outlets=2, articles=ARTICLES, bad_cases=True)
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def get(http: aiohttp.ClientSession, url: str, **kwargs: Any) -> tuple[int, str]:
    async with http.get(url, **kwargs) as response:
        return response.status, await response.text()


def apply_line_rules(tree: LexborHTMLParser) -> dict[str, Any]:
    """What the shipped Kompas.TV line rules make of `.article__body p` (first rule wins)."""
    out: dict[str, Any] = {"dateline": None, "attribution": None, "related": [], "paragraphs": []}
    for node in tree.css(".article__body p"):
        text = node.text().strip()
        for rule in RULES["extract"]["lines"]:
            match = re.search(rule["match"], text)
            if match is None:
                continue
            groups = match.groupdict()
            if rule["action"] == "dateline":
                out["dateline"] = groups.get("dateline")
                out["paragraphs"].append(text[match.end() :])
            elif rule["action"] == "related":
                link = node.css_first("a")
                out["related"].append((groups["title"], link.attributes["href"] if link else None))
            elif rule["action"] == "attribution":
                out["attribution"] = groups["attribution"]
            break
        else:
            out["paragraphs"].append(text)
    return out


def check_page(html: str, spec: ArticleSpec) -> None:
    """The page has exactly the spec's fields where the Kompas.TV rules look for them."""
    tree = LexborHTMLParser(html)
    texts = [n.text().strip() for n in tree.css(".article__body p")]
    assert texts[-1] == PROMO
    extracted = apply_line_rules(tree)
    assert extracted["paragraphs"] == list(spec.paragraphs)
    assert extracted["dateline"] == spec.dateline
    assert extracted["related"] == list(spec.related)
    assert extracted["attribution"] == spec.attribution
    assert tree.css_first("h1.article__title").text() == spec.title
    assert tree.css_first('link[rel="canonical"]').attributes["href"] == spec.url
    assert tree.css_first('meta[property="og:image"]').attributes["content"] == spec.image_url
    time_node = tree.css_first("time.article__date")
    assert time_node.attributes["datetime"] == spec.published_at
    assert parse_visible_date(time_node.text()) == datetime.fromisoformat(spec.published_at)
    names = tuple(n.text() for n in tree.css(".article__author .author__name a"))
    assert names == spec.authors
    editor = tree.css_first(".article__editor a")
    assert (editor.text() if editor else None) == spec.editor
    assert tuple(n.text() for n in tree.css(".article__tags a")) == spec.tags
    assert tree.css_first(".breadcrumb li:nth-child(2) a").text() == spec.section
    data = json.loads(tree.css_first('script[type="application/ld+json"]').text())
    assert data["headline"] == spec.title
    assert data["datePublished"] == spec.published_at
    assert [a["name"] for a in data["author"]] == list(spec.authors)
    assert data["keywords"] == list(spec.tags)
    assert data["articleSection"] == spec.section


def parse_visible_date(text: str) -> datetime:
    match = re.fullmatch(r"(\w+), (\d+) (\w+) (\d{4}) \| (\d\d):(\d\d) WIB", text)
    assert match is not None, text
    day, month = int(match.group(2)), MONTHS.split().index(match.group(3)) + 1
    when = datetime.fromisoformat(
        f"{match.group(4)}-{month:02d}-{day:02d}T{match.group(5)}:{match.group(6)}:00+07:00"
    )
    assert DAYS.split()[when.weekday()] == match.group(1)
    return when


def feed_links(xml: str) -> list[str]:
    return [unescape(x) for x in re.findall(r"<link>([^<]*)</link>", xml.split("<item>", 1)[1])]


# ------------------------------------------------------------------ API and content


def test_public_api() -> None:
    assert worker.simulator.__all__ == ["ArticleSpec", "RequestRecord", "Simulator"]
    assert Simulator.BAD_CASE_OUTCOMES == {
        "slow": "dead",
        "huge": "dead",
        "broken": "published",
        "redirect-loop": "dead",
        "429": "published",
        "503": "dead",
        "charset": "published",
        "notfound": "dead",
        "not-article": "dead",
    }
    assert Simulator(outlets=3, articles=1).outlet_ids == ["sim01", "sim02", "sim03"]


def test_articles_need_a_base_url() -> None:
    with pytest.raises(RuntimeError, match="start"):
        Simulator().articles("sim01")


def test_same_seed_same_articles() -> None:
    one, two, other = Simulator(2, 30), Simulator(2, 30), Simulator(2, 30, seed=1)
    for simulator in (one, two, other):
        simulator.base_url = "http://127.0.0.1:1"
    assert one.articles("sim02") == two.articles("sim02")
    assert one.articles("sim02") != other.articles("sim02")
    assert one.articles("sim01")[0] == other.articles("sim01")[0]  # the reference article


async def test_synthetic_articles_look_like_news(sim: Simulator) -> None:
    everything = [a for o in ("sim01", "sim02") for a in sim.articles(o)]
    assert len({a.body for a in everything}) == len(everything) == 2 * ARTICLES
    for outlet in ("sim01", "sim02"):
        articles = sim.articles(outlet)
        assert [a.article_id for a in articles] == list(range(1, ARTICLES + 1))
        times = [datetime.fromisoformat(a.published_at) for a in articles]
        assert times == sorted(times)
        assert len(set(times)) == ARTICLES
        assert times[-1] < datetime.now().astimezone()
        assert len({a.title for a in articles}) == ARTICLES
    for article in everything[1:]:
        assert 4 <= len(article.paragraphs) <= 9
        assert all(30 <= len(p.split()) <= 80 for p in article.paragraphs)
        assert 0 <= len(article.related) <= 2
        assert 1 <= len(article.tags) <= 3
        assert article.published_at.endswith("+07:00")
        path = f"/{article.outlet}/article/{article.article_id}/{article.slug}"
        assert article.url == sim.base_url + path
        assert re.fullmatch(r"[a-z0-9-]+", article.slug)
    datelines = {a.dateline for a in everything}
    assert None in datelines
    assert len(datelines) > 5


async def test_reference_article_is_verbatim(sim: Simulator, http: aiohttp.ClientSession) -> None:
    spec = sim.articles("sim01")[0]
    assert spec.dateline == "PYONGYANG"
    assert spec.attribution == "Associated Press"
    assert spec.published_at == "2023-08-14T10:05:00+07:00"
    lines = REFERENCE_LINES
    assert spec.paragraphs == (
        lines[0].removeprefix("PYONGYANG, KOMPAS.TV - "),
        lines[1],
        *lines[3:8],
    )
    assert [title for title, _ in spec.related] == [
        lines[2].removeprefix("Baca Juga: "),
        lines[8].removeprefix("Baca Juga: "),
    ]
    status, html = await get(http, spec.url)
    assert status == 200
    texts = [n.text() for n in LexborHTMLParser(html).css(".article__body p")]
    assert tuple(texts) == REFERENCE_LINES
    if SHARED_REFERENCE.exists():
        assert "\n".join(texts) == SHARED_REFERENCE.read_text("utf-8").rstrip("\n")
    check_page(html, spec)
    assert html.count('<div class="ads-on-body">ADVERTISEMENT</div>') == 1


@pytest.mark.parametrize("outlet", ["sim01", "sim02"])
async def test_every_article_page_matches_its_spec(
    sim: Simulator, http: aiohttp.ClientSession, outlet: str
) -> None:
    for spec in sim.articles(outlet):
        status, html = await get(http, spec.url)
        assert status == 200
        check_page(html, spec)
        # Tracking parameters and fragments do not change the page.
        tracked = await get(http, spec.url + "?utm_source=rss&utm_medium=feed#comments")
        assert tracked == (200, html)


# ------------------------------------------------------------------------- feeds


async def test_rss_lists_every_article_newest_first_with_variants(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    status, xml = await get(http, f"{sim.base_url}/sim01/rss")
    assert status == 200
    links = feed_links(xml)
    # 45 articles, the syndicated copy, and a second, plain item for ids 10, 20, 30, 40.
    assert len(links) == ARTICLES + 1 + 4
    assert sum("utm_source=rss&utm_medium=feed" in link for link in links) == 15  # ids % 3
    assert sum(link.endswith("#comments") for link in links) == 9  # ids % 5
    canonical = [canonicalize(link) for link in links]
    articles = sim.articles("sim01")
    syndicated = [c or "" for c in canonical if c not in {a.url for a in articles}]
    assert len(syndicated) == 1  # the copy of article 23, listed once
    assert syndicated[0].startswith(f"{sim.base_url}/sim01/rehat/900023/")
    assert set(canonical) == {a.url for a in articles} | set(syndicated)
    dates = re.findall(r"<pubDate>([^<]*)</pubDate>", xml)
    assert len(dates) == len(links)
    parsed = [datetime.strptime(d, "%a, %d %b %Y %H:%M:%S %z") for d in dates]
    assert parsed == sorted(parsed, reverse=True)
    assert canonical[0] == articles[-1].url


async def test_atom_lists_plain_links(sim: Simulator, http: aiohttp.ClientSession) -> None:
    status, xml = await get(http, f"{sim.base_url}/sim02/atom")
    assert status == 200
    links = re.findall(r'<link rel="alternate" type="text/html" href="([^"]*)"/>', xml)
    assert len(links) == ARTICLES + 1
    assert set(links) - {a.url for a in sim.articles("sim02")} == {
        link for link in links if "/sim02/rehat/" in link
    }


async def test_syndicated_copy_has_the_same_article(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    _, xml = await get(http, f"{sim.base_url}/sim02/rss")
    copy_url = next(link for link in feed_links(xml) if "/rehat/" in link)
    original = next(a for a in sim.articles("sim02") if a.slug in copy_url)
    assert copy_url != original.url
    status, html = await get(http, copy_url)
    assert status == 200
    tree = LexborHTMLParser(html)
    assert tree.css_first('link[rel="canonical"]').attributes["href"] == copy_url
    assert tree.css_first("h1.article__title").text() == original.title
    assert apply_line_rules(tree)["paragraphs"] == list(original.paragraphs)


async def test_listing_pages(sim: Simulator, http: aiohttp.ClientSession) -> None:
    newest_first = [a.url for a in reversed(sim.articles("sim01"))]
    seen: list[str] = []
    url: str | None = f"{sim.base_url}/sim01/indeks"
    nexts = []
    while url is not None:
        status, html = await get(http, url)
        assert status == 200
        tree = LexborHTMLParser(html)
        cards = tree.css("a.card__link")
        assert all(card.css_first(".card__title") is not None for card in cards)
        seen += [card.attributes["href"] or "" for card in cards]
        link = tree.css_first("a.pagination__next")
        nexts.append(link.attributes["href"] if link else None)
        url = canonicalize(link.attributes["href"] or "", url) if link else None
    assert seen == newest_first
    assert nexts == ["/sim01/indeks?page=2", "/sim01/indeks?page=3", None]
    assert (await get(http, f"{sim.base_url}/sim01/indeks?page=4"))[0] == 404
    assert (await get(http, f"{sim.base_url}/sim01/indeks?page=x"))[0] == 404


async def test_feeds_answer_conditional_requests(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    url = f"{sim.base_url}/sim01/rss"
    async with http.get(url) as first:
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    async with http.get(url, headers={"If-None-Match": etag}) as response:
        assert response.status == 304
    async with http.get(url, headers={"If-Modified-Since": modified}) as response:
        assert response.status == 304
    async with http.get(url, headers={"If-None-Match": '"other"'}) as response:
        assert response.status == 200


async def test_added_articles_top_the_feed_and_listing(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{sim.base_url}/sim02/rss") as response:
        old_etag = response.headers["ETag"]
    added = sim.add_articles("sim02", 3)
    assert [a.article_id for a in added] == [46, 47, 48]
    assert sim.articles("sim02")[-3:] == added
    async with http.get(
        f"{sim.base_url}/sim02/rss", headers={"If-None-Match": old_etag}
    ) as response:
        assert response.status == 200
        links = feed_links(await response.text())
    assert len(links) == ARTICLES + 3 + 1 + 4
    assert [canonicalize(link) for link in links[:3]] == [a.url for a in reversed(added)]
    _, html = await get(http, f"{sim.base_url}/sim02/indeks")
    first = LexborHTMLParser(html).css_first("a.card__link")
    assert first.attributes["href"] == added[-1].url
    status, page = await get(http, added[0].url)
    assert status == 200
    check_page(page, added[0])
    with pytest.raises(ValueError, match="badcases"):
        sim.add_articles("badcases", 1)


async def test_robots_unknown_paths_and_request_log(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    assert await get(http, f"{sim.base_url}/robots.txt") == (200, "User-agent: *\nAllow: /\n")
    spec = sim.articles("sim01")[1]
    for path in (
        "/nowhere",
        "/sim09/rss",
        f"/sim01/article/{spec.article_id}/wrong-slug",
        f"/sim01/rehat/{spec.article_id}/{spec.slug}",
        "/sim01/article/999/x",
    ):
        assert (await get(http, sim.base_url + path))[0] == 404, path
    await get(http, spec.url + "?a=1", headers={"User-Agent": "test-agent"})
    record = sim.requests[-1]
    assert (record.method, record.path_qs, record.status) == (
        "GET",
        spec.url.removeprefix(sim.base_url) + "?a=1",
        200,
    )
    assert record.headers["User-Agent"] == "test-agent"
    status, text = await get(http, f"{sim.base_url}/_sim/stats")
    assert status == 200
    stats = json.loads(text)
    assert stats["requests"] == len(sim.requests) - 1 == 7
    assert stats["by_kind"] == {"robots": 1, "other": 1, "rss": 1, "article": 4}


# --------------------------------------------------------------------- bad cases


def case_url(sim: Simulator, case: str) -> str:
    return f"{sim.base_url}/badcases/article/{badcases.case_id(case)}/{case}"


async def test_badcases_feed_and_specs(sim: Simulator, http: aiohttp.ClientSession) -> None:
    _, xml = await get(http, f"{sim.base_url}/badcases/rss")
    assert sorted(feed_links(xml)) == sorted(case_url(sim, case) for case in badcases.CASES)
    specs = sim.articles("badcases")
    assert [s.url for s in specs] == [case_url(sim, c) for c in ("broken", "429", "charset")]
    assert [s.slug for s in specs] == ["broken", "429", "charset"]
    assert [c for c, outcome in Simulator.BAD_CASE_OUTCOMES.items() if outcome == "published"] == [
        "broken",
        "429",
        "charset",
    ]
    _, html = await get(http, f"{sim.base_url}/badcases/indeks")
    cards = LexborHTMLParser(html).css("a.card__link")
    assert sorted(c.attributes["href"] or "" for c in cards) == sorted(s.url for s in specs)


async def test_429_then_the_article(sim: Simulator, http: aiohttp.ClientSession) -> None:
    url = case_url(sim, "429")
    statuses, retry_after = [], []
    for _ in range(4):
        async with http.get(url) as response:
            statuses.append(response.status)
            retry_after.append(response.headers.get("Retry-After"))
            html = await response.text()
    assert statuses == [429, 429, 200, 200]
    assert retry_after == ["1", "1", None, None]
    check_page(html, sim.articles("badcases")[1])


async def test_503_and_404_cases(sim: Simulator, http: aiohttp.ClientSession) -> None:
    assert [(await get(http, case_url(sim, "503")))[0] for _ in range(3)] == [503, 503, 503]
    assert (await get(http, case_url(sim, "notfound")))[0] == 404
    assert (await get(http, f"{sim.base_url}/badcases/article/1/huge"))[0] == 404


async def test_redirect_loop(sim: Simulator, http: aiohttp.ClientSession) -> None:
    url = case_url(sim, "redirect-loop")
    path = url.removeprefix(sim.base_url)
    async with http.get(url, allow_redirects=False) as response:
        assert (response.status, response.headers["Location"]) == (302, path + "?loop=1")
    async with http.get(url + "?loop=1", allow_redirects=False) as response:
        assert (response.status, response.headers["Location"]) == (302, path)
    with pytest.raises(aiohttp.TooManyRedirects):
        await get(http, url, max_redirects=5)


async def test_broken_page_still_has_the_article(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    spec = sim.articles("badcases")[0]
    status, html = await get(http, spec.url)
    assert status == 200
    assert not html.rstrip().endswith("</html>")
    assert "</nav></div></span></header>" in html  # stray end tags
    body = html.split('<div class="article__body">', 1)[1].split("\n</div>", 1)[0]
    assert "</p>" not in body  # no paragraph is closed
    assert spec.tags == ()
    check_page(html, spec)


async def test_charset_lies(sim: Simulator, http: aiohttp.ClientSession) -> None:
    spec = sim.articles("badcases")[2]
    async with http.get(spec.url) as response:
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        raw = await response.read()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    html = raw.decode("cp1252")
    assert all(char in spec.body for char in "éü“”")
    check_page(html, spec)


async def test_not_article_page(sim: Simulator, http: aiohttp.ClientSession) -> None:
    status, html = await get(http, case_url(sim, "not-article"))
    assert status == 200
    tree = LexborHTMLParser(html)
    assert tree.css(".article__body") == []
    assert tree.css("h1") == []
    assert tree.css_first("p.notice").text() == "Halaman ini sedang dalam pemeliharaan."


async def test_huge_page_is_streamed(sim: Simulator, http: aiohttp.ClientSession) -> None:
    async with http.get(case_url(sim, "huge")) as response:
        assert response.status == 200
        assert "Content-Length" not in response.headers
        assert response.headers["Transfer-Encoding"] == "chunked"
        size = 0
        async for chunk in response.content.iter_chunked(1 << 20):
            size += len(chunk)
    assert size == badcases.HUGE_BYTES == 20 * 1024 * 1024
    # A client that stops reading early does not hurt the server.
    async with http.get(case_url(sim, "huge")) as response:
        await response.content.readexactly(100_000)
        response.close()
    assert (await get(http, f"{sim.base_url}/robots.txt"))[0] == 200


async def test_slow_handler_is_cancelled(http: aiohttp.ClientSession) -> None:
    simulator = Simulator(bad_cases=True, slow_seconds=60)
    await simulator.start()
    try:
        url = case_url(simulator, "slow")
        with pytest.raises(asyncio.TimeoutError):
            await get(http, url, timeout=aiohttp.ClientTimeout(total=0.3))
    finally:
        await simulator.stop()  # would wait for the handler if it were not cancelled
    [record] = [r for r in simulator.requests if r.path_qs.endswith("/slow")]
    assert record.status == 499


async def test_slow_answers_504_after_its_delay(http: aiohttp.ClientSession) -> None:
    simulator = Simulator(bad_cases=True, slow_seconds=0.05)
    await simulator.start()
    try:
        assert (await get(http, case_url(simulator, "slow")))[0] == 504
    finally:
        await simulator.stop()


# ------------------------------------------------------------------ config and CLI


async def test_write_config_loads_and_matches_the_urls(
    sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = {"redis": {"prefix": "simtest"}, "fetch": {"retries": 0}}
    assert sim.write_config(tmp_path, settings=settings) == tmp_path
    config = load_config(tmp_path)
    assert [o.id for o in config.outlets] == ["badcases", "sim01", "sim02"]
    assert config.settings.redis.prefix == "simtest"
    assert config.settings.redis.url == "redis://127.0.0.1:6379/15"
    assert (config.settings.fetch.retries, config.settings.fetch.per_host) == (0, 32)
    written = yaml.safe_load((tmp_path / "outlets" / "sim01.yaml").read_text("utf-8"))
    assert written["extract"] == RULES["extract"]
    outlet = config.outlet("sim01")
    assert outlet.feeds == [f"{sim.base_url}/sim01/rss"]
    assert outlet.domains == ["127.0.0.1"]
    assert outlet.language == "id"
    assert outlet.schedule.every == 300
    [listing] = outlet.listings
    assert (listing.url, listing.max_pages) == (f"{sim.base_url}/sim01/indeks", 3)
    assert (listing.link_selector, listing.next_selector) == ("a.card__link", "a.pagination__next")
    pattern = re.compile(outlet.article_url)
    assert all(pattern.match(a.url) for a in sim.articles("sim01"))
    assert pattern.match(f"{sim.base_url}/sim01/rehat/900023/x")
    assert not pattern.match(f"{sim.base_url}/sim02/article/1/x")
    assert not pattern.match(f"{sim.base_url}/sim01/indeks?page=2")
    bad = re.compile(config.outlet("badcases").article_url)
    assert all(bad.match(case_url(sim, case)) for case in badcases.CASES)

    subset = tmp_path / "subset"
    sim.write_config(subset, outlets=["sim02"])
    assert [o.id for o in load_config(subset).outlets] == ["sim02"]
    with pytest.raises(ValueError, match="sim07"):
        sim.write_config(subset, outlets=["sim07"])


async def test_cli_serves_and_writes_config(tmp_path: Path, http: aiohttp.ClientSession) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "worker.simulator",
        "--port",
        "0",
        "--outlets",
        "2",
        "--articles",
        "7",
        "--bad-cases",
        "--config-out",
        str(tmp_path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        base = (await process.stdout.readline()).decode().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
        status, xml = await get(http, f"{base}/sim02/rss")
        assert status == 200
        assert len(feed_links(xml)) == 7 + 1
        config = load_config(tmp_path)
        assert [o.id for o in config.outlets] == ["badcases", "sim01", "sim02"]
        assert config.outlet("sim01").feeds == [f"{base}/sim01/rss"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
