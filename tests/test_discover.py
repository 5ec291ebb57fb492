"""Feed and listing parsing, and the outlet URL filter, on pages we build."""

from __future__ import annotations

from worker.config import Listing, OutletConfig
from worker.discover import UrlFilter, parse_feed, parse_listing

RSS2 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kompas.tv</title><link>https://www.kompas.tv</link>
<item><title><![CDATA[Satu & dua]]></title><link>https://www.kompas.tv/nasional/400001/satu?utm_source=rss</link>
<guid>400001</guid></item>
<item><title>Dua</title><link><![CDATA[https://www.kompas.tv/nasional/400002/dua]]></link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<link href="https://www.kompas.tv/" rel="alternate"/>
<entry><title>A</title><link rel="alternate" href="https://www.kompas.tv/nasional/400003/a"/>
<link rel="enclosure" href="https://cdn.kompas.tv/a.jpg"/></entry>
<entry><title>B</title><link href="/nasional/400004/b"/></entry></feed>"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://x.com/"><title>x</title><link>https://x.com/</link></channel>
<item rdf:about="https://x.com/a/1"><title>1</title><link>https://x.com/a/1</link></item>
</rdf:RDF>"""

BROKEN = """<rss><channel><item><title>Café & “kutip”</title><link>https://www.kompas.tv/nasional/400005/e</link>
<item><title>unclosed"""

OUTLET = OutletConfig(
    id="kompas.tv",
    domains=["kompas.tv"],
    feeds=["https://www.kompas.tv/rss"],
    article_url=r"^https://(www\.)?kompas\.tv/[a-z-]+/\d{4,}/[a-z0-9-]+",
)


def test_rss2_items_in_order() -> None:
    assert parse_feed(RSS2) == [
        "https://www.kompas.tv/nasional/400001/satu?utm_source=rss",
        "https://www.kompas.tv/nasional/400002/dua",
    ]


def test_atom_alternate_links_only() -> None:
    assert parse_feed(ATOM) == ["https://www.kompas.tv/nasional/400003/a", "/nasional/400004/b"]


def test_rss1() -> None:
    assert parse_feed(RSS1) == ["https://x.com/a/1"]


def test_broken_feed_still_gives_its_links() -> None:
    assert parse_feed(BROKEN) == ["https://www.kompas.tv/nasional/400005/e"]


def test_listing_links_and_next_page() -> None:
    html = """<html><body><nav><a href="/">Home</a></nav>
    <div class="card"><a class="card__link" href="/nasional/400010/x">
      <h3 class="card__title">X</h3></a></div>
    <div class="card"><a class="card__link" href="https://www.kompas.tv/nasional/400011/y">Y</a></div>
    <a class="card__link">no href</a>
    <a class="pagination__next" href="?page=2">Berikutnya</a></body></html>"""
    listing = Listing(
        url="https://www.kompas.tv/nasional",
        link_selector="a.card__link",
        next_selector="a.pagination__next",
    )
    assert parse_listing(html, listing) == (
        ["/nasional/400010/x", "https://www.kompas.tv/nasional/400011/y"],
        "?page=2",
    )


def test_url_filter_keeps_outlet_articles_once() -> None:
    links = [
        "https://www.kompas.tv/nasional/400001/satu?utm_source=rss",
        "https://www.kompas.tv/nasional/400001/satu#comments",
        "/nasional/400002/dua",
        "https://www.kompas.tv/tag/korea-utara",
        "https://evil.example/nasional/400003/x",
        "https://video.kompas.tv/nasional/400004/video",
        "mailto:redaksi@kompas.tv",
    ]
    kept = UrlFilter(OUTLET).accept(links, "https://www.kompas.tv/rss")
    assert [(c.url, c.canonical_url) for c in kept] == [
        (
            "https://www.kompas.tv/nasional/400001/satu?utm_source=rss",
            "https://www.kompas.tv/nasional/400001/satu",
        ),
        ("https://www.kompas.tv/nasional/400002/dua", "https://www.kompas.tv/nasional/400002/dua"),
    ]
