"""Sitemap and feed parsing on documents we build: index, URL set, Google News, images,
broken XML, dates, gzip with a size limit."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone

import pytest

from worker.feeds import parse_feed, repair_xml
from worker.sitemaps import SitemapEntry, SitemapError, gunzip, parse_sitemap, parse_w3c_date

WIB = timezone(timedelta(hours=7))

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.detik.com/sitemap-1.xml</loc><lastmod>2024-05-02</lastmod></sitemap>
  <sitemap><loc>https://news.detik.com/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>https://news.detik.com/berita/d-7000001/satu</loc>
  <image:image><image:loc>https://cdn.detik.net/1.jpg</image:loc>
    <image:title>Foto ilustrasi</image:title></image:image>
  <lastmod>2024-05-02T10:00:00Z</lastmod>
  <news:news><news:publication><news:name>detikNews</news:name>
    <news:language>id</news:language></news:publication>
    <news:publication_date>2024-05-02T09:15:00+07:00</news:publication_date>
    <news:title>Café &amp; “kutip”</news:title></news:news></url>
<url><loc>https://news.detik.com/berita/d-7000002/dua</loc><lastmod>2024-05-01</lastmod></url>
<url><loc>  https://news.detik.com/berita/d-7000003/tiga  </loc></url>
</urlset>""".encode()


def test_index() -> None:
    sitemap = parse_sitemap(INDEX, WIB)
    assert sitemap.index is True
    assert sitemap.entries == (
        SitemapEntry("https://news.detik.com/sitemap-1.xml", datetime(2024, 5, 2, tzinfo=WIB)),
        SitemapEntry("https://news.detik.com/sitemap-2.xml.gz", None),
    )


def test_news_sitemap_dates_and_titles_not_the_image_ones() -> None:
    sitemap = parse_sitemap(NEWS, WIB)
    assert sitemap.index is False
    assert sitemap.entries == (
        SitemapEntry(
            "https://news.detik.com/berita/d-7000001/satu",
            datetime(2024, 5, 2, 9, 15, tzinfo=WIB),  # publication_date wins over lastmod
            "Café & “kutip”",
        ),
        SitemapEntry(
            "https://news.detik.com/berita/d-7000002/dua", datetime(2024, 5, 1, tzinfo=WIB)
        ),
        SitemapEntry("https://news.detik.com/berita/d-7000003/tiga", None),
    )


def test_broken_xml_still_gives_its_entries() -> None:
    broken = NEWS.replace(b"</urlset>", b"").replace(b"&amp;", b"&")
    entries = parse_sitemap(broken, WIB).entries
    assert [e.loc for e in entries] == [
        "https://news.detik.com/berita/d-7000001/satu",
        "https://news.detik.com/berita/d-7000002/dua",
        "https://news.detik.com/berita/d-7000003/tiga",
    ]
    assert entries[0].modified == datetime(2024, 5, 2, 9, 15, tzinfo=WIB)


def test_a_declared_latin1_sitemap_is_read_as_latin1() -> None:
    body = (
        NEWS.decode()
        .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        .replace("“", "")
        .replace("”", "")
    )
    entry = parse_sitemap(body.encode("latin-1"), WIB).entries[0]
    assert entry.title == "Café & kutip"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-02", datetime(2024, 5, 2, tzinfo=WIB)),
        ("2024-05", datetime(2024, 5, 1, tzinfo=WIB)),
        ("2024", datetime(2024, 1, 1, tzinfo=WIB)),
        ("2024-05-02T10:00Z", datetime(2024, 5, 2, 10, tzinfo=UTC)),
        (
            "2024-05-02T10:00:00.5+08:00",
            datetime(2024, 5, 2, 10, 0, 0, 500000, tzinfo=timezone(timedelta(hours=8))),
        ),
        ("2024-05-02 10:00:00", datetime(2024, 5, 2, 10, tzinfo=WIB)),
        ("kemarin", None),
        ("", None),
    ],
)
def test_w3c_dates(text: str, expected: datetime | None) -> None:
    assert parse_w3c_date(text, WIB) == expected


def test_gunzip_within_and_past_the_limit() -> None:
    assert gunzip(gzip.compress(INDEX), 10_000) == INDEX
    with pytest.raises(SitemapError, match="larger than 1024 bytes once decompressed"):
        gunzip(gzip.compress(b"\0" * 50_000_000), 1024)  # a bomb: 50 MB from 50 KB
    with pytest.raises(SitemapError, match="bad gzip data"):
        gunzip(b"\x1f\x8bnot gzip", 1024)


def test_feed_fallbacks_guid_and_rdf_about() -> None:
    rss = """<rss><channel>
    <item><title>a</title><guid isPermaLink="true">https://x.co/a/1</guid></item>
    <item><title>b</title><guid isPermaLink="false">urn:x:2</guid></item>
    </channel></rss>"""
    rdf = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/"><item rdf:about="https://x.co/a/3"><title>c</title></item>
    </rdf:RDF>"""
    assert parse_feed(rss) == ["https://x.co/a/1"]
    assert parse_feed(rdf) == ["https://x.co/a/3"]


def test_repair_xml() -> None:
    text = (
        '\ufeff<?xml version="1.0" encoding="windows-1252"?><a t="x&y">&nbsp;&amp;&#233;&bogus;</a>'
    )
    assert repair_xml(text) == '<a t="x&amp;y">&#160;&amp;&#233;&amp;bogus;</a>'
