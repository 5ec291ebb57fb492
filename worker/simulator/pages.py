"""HTML, RSS and Atom rendering, in the shape of Kompas.TV pages.

Pure functions from drafts to text: no I/O, no caching (the app caches the bytes).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape

from worker.simulator.content import PROMO_TEXT, PROMO_URL, Draft, absolute, image_url, slugify
from worker.simulator.content import visible_date as _visible_date

ROBOTS_TXT = "User-agent: *\nAllow: /\n"
SITE_NAME = "Kompas.tv"
PROMO_LINK_TEXT = "Gabung ke Channel WhatsApp KompasTV"


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed item: the link exactly as the feed spells it."""

    link: str
    title: str
    published: datetime
    guid: str
    summary: str
    section: str | None


def _t(text: str) -> str:
    return escape(text, quote=False)


def _a(text: str) -> str:
    return escape(text, quote=True)


def _nav(base: str, outlet: str) -> str:
    links = [
        (f"{base}/{outlet}/", "Beranda"),
        (f"{base}/{outlet}/indeks", "Indeks"),
        (f"{base}/{outlet}/nasional", "Nasional"),
        (f"{base}/{outlet}/regional", "Regional"),
        (f"{base}/{outlet}/rss", "RSS"),
    ]
    items = "".join(f'<a class="nav__link" href="{_a(u)}">{_t(t)}</a>' for u, t in links)
    return f'<header class="header"><nav class="nav">{items}</nav></header>'


def _footer() -> str:
    return (
        '<footer class="footer"><p>&copy; 2026 Simulator KompasTV. Hak cipta dilindungi.</p>'
        '<a href="/tentang">Tentang Kami</a> <a href="/pedoman">Pedoman Media Siber</a></footer>'
    )


def _json_ld(draft: Draft, base: str) -> str:
    published = draft.published.isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": draft.title,
        "mainEntityOfPage": base + draft.path,
        "datePublished": published,
        "dateModified": published,
        "author": [{"@type": "Person", "name": name} for name in draft.authors],
        "image": {"@type": "ImageObject", "url": image_url(base, draft)},
        "keywords": list(draft.tags),
        "articleSection": draft.section,
        "publisher": {"@type": "Organization", "name": "KompasTV"},
    }
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def body_html(draft: Draft, base: str) -> list[str]:
    """The children of `.article__body`, one string each, in page order."""
    lead = f"{draft.dateline}, KOMPAS.TV" if draft.dateline else "KOMPAS.TV"
    parts: list[str] = []
    for index, paragraph in enumerate(draft.paragraphs):
        if index == 0:
            parts.append(f"<p><strong>{_t(lead)}</strong> - {_t(paragraph)}</p>")
        else:
            parts.append(f"<p>{_t(paragraph)}</p>")
        for (title, target), after in zip(draft.related, draft.related_after, strict=True):
            if after == index:
                href = _a(absolute(base, target))
                parts.append(f'<p><strong>Baca Juga: <a href="{href}">{_t(title)}</a></strong></p>')
        if index == draft.ad_after:
            parts.append('<div class="ads-on-body">ADVERTISEMENT</div>')
    if draft.attribution:
        parts.append(f"<p>Sumber : {_t(draft.attribution)}</p>")
    promo_tail = PROMO_TEXT.removeprefix(PROMO_LINK_TEXT)
    parts.append(f'<p><em><a href="{PROMO_URL}">{PROMO_LINK_TEXT}</a>{_t(promo_tail)}</em></p>')
    return parts


def article_page(draft: Draft, base: str, popular: Sequence[Draft] = ()) -> str:
    """The article page, exactly the Kompas.TV structure the outlet rules read."""
    url = base + draft.path
    outlet = draft.outlet
    image = image_url(base, draft)
    iso = draft.published.isoformat()
    authors = " ".join(
        f'<span class="author__name"><a href="{_a(f"{base}/{outlet}/penulis/{slugify(name)}")}">'
        f"{_t(name)}</a></span>"
        for name in draft.authors
    )
    editor = (
        f' <span class="article__editor">Editor : <a>{_t(draft.editor)}</a></span>'
        if draft.editor
        else ""
    )
    crumbs = f'<li><a href="{_a(f"{base}/{outlet}/")}">Home</a></li>'
    if draft.section:
        href = f"{base}/{outlet}/{slugify(draft.section)}"
        crumbs += f'<li><a href="{_a(href)}">{_t(draft.section)}</a></li>'
    tags = " ".join(
        f'<a href="{_a(f"{base}/{outlet}/tag/{slugify(tag)}")}">{_t(tag)}</a>' for tag in draft.tags
    )
    sidebar = "".join(
        f'<li><a href="{_a(base + other.path)}">{_t(other.title)}</a></li>' for other in popular
    )
    head = (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{_t(draft.title)} - {SITE_NAME}</title>\n"
        f'<link rel="canonical" href="{_a(url)}">'
        f'<meta property="og:title" content="{_a(draft.title)}">'
        f'<meta property="og:image" content="{_a(image)}">\n'
        f'<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="{iso}">'
        f'<meta name="author" content="{_a(", ".join(draft.authors))}">'
        f'<meta name="keywords" content="{_a(", ".join(draft.tags))}">\n'
        f'<script type="application/ld+json">{_json_ld(draft, base)}</script></head>\n'
    )
    lines = [
        f"<body>{_nav(base, outlet)}",
        f'<div class="container"><ul class="breadcrumb">{crumbs}</ul>',
        f'<article class="article"><h1 class="article__title">{_t(draft.title)}</h1>',
        f'<div class="article__author">{authors}{editor}</div>',
        f'<time class="article__date" datetime="{iso}">{_visible_date(draft.published)}</time>',
        f'<figure class="article__image"><img src="{_a(image)}" alt="{_a(draft.title)}">'
        f"<figcaption>{_t(draft.caption)}</figcaption></figure>",
        '<div class="article__body">',
        *(" " + part for part in body_html(draft, base)),
        "</div>",
        f'<div class="article__tags">{tags}</div></article>',
        f'<aside class="sidebar"><h3>Terpopuler</h3><ul>{sidebar}</ul></aside></div>'
        f"{_footer()}</body></html>",
    ]
    return head + "\n".join(lines) + "\n"


def broken_page(draft: Draft, base: str) -> str:
    """The article page made malformed: a stray `</div>`, unclosed tags, cut off at the end.

    A browser (and lexbor) still finds the title and every body paragraph in it.
    """
    page = article_page(draft, base)
    page = page.replace("</nav></header>", "</nav></div></span></header>", 1)
    head, rest = page.split('<div class="article__body">', 1)
    body, tail = rest.split("</div>\n<div", 1)
    body = body.replace("</p>", "").replace("<p>", "<p><b>", 1)
    tail = '<div class="article__tags"><a href="' + f"{base}/{draft.outlet}/tag/"
    return head + '<div class="article__body">' + body + "</div>\n" + tail


def _html_page(title: str, body_lines: Sequence[str]) -> str:
    head = (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{_t(title)} - {SITE_NAME}</title></head>"
    )
    return "\n".join([head, *body_lines]) + "\n"


def listing_page(base: str, outlet: str, page: int, drafts: Sequence[Draft], has_next: bool) -> str:
    """Page `page` of the outlet's index: cards `a.card__link`, relative pagination links."""
    cards = [
        f'<div class="card"><a class="card__link" href="{_a(base + d.path)}">'
        f'<h2 class="card__title">{_t(d.title)}</h2></a>'
        f'<span class="card__date">{_visible_date(d.published)}</span></div>'
        for d in drafts
    ]
    pager = ""
    if page > 1:
        href = f"/{outlet}/indeks?page={page - 1}"
        pager += f'<a class="pagination__prev" href="{href}">Sebelumnya</a>'
    if has_next:
        href = f"/{outlet}/indeks?page={page + 1}"
        pager += f'<a class="pagination__next" href="{href}">Selanjutnya</a>'
    return _html_page(
        f"Indeks Berita Halaman {page}",
        [
            f"<body>{_nav(base, outlet)}",
            '<div class="container"><h1 class="page__title">Indeks Berita</h1><div class="list">',
            *cards,
            f'</div><div class="pagination">{pager}</div></div>{_footer()}</body></html>',
        ],
    )


def rss_feed(base: str, outlet: str, entries: Sequence[Entry]) -> str:
    updated = format_datetime(entries[0].published) if entries else ""
    items = [
        f"<item><title>{_t(e.title)}</title><link>{_t(e.link)}</link>"
        f'<guid isPermaLink="false">{_t(e.guid)}</guid>'
        f"<pubDate>{format_datetime(e.published)}</pubDate>"
        + (f"<category>{_t(e.section)}</category>" if e.section else "")
        + f"<description>{_t(e.summary)}</description></item>"
        for e in entries
    ]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>',
        f"<title>{SITE_NAME} {outlet}</title><link>{base}/{outlet}/</link>",
        f'<atom:link href="{base}/{outlet}/rss" rel="self" type="application/rss+xml"/>',
        f"<description>Berita terbaru {outlet}</description><language>id</language>",
        f"<lastBuildDate>{updated}</lastBuildDate>",
        *items,
        "</channel></rss>",
    ]
    return "\n".join(lines) + "\n"


def atom_feed(base: str, outlet: str, entries: Sequence[Entry]) -> str:
    updated = entries[0].published.isoformat() if entries else ""
    items = [
        f"<entry><title>{_t(e.title)}</title>"
        f'<link rel="alternate" type="text/html" href="{_a(e.link)}"/>'
        f"<id>urn:sim:{_t(e.guid)}</id><published>{e.published.isoformat()}</published>"
        f"<updated>{e.published.isoformat()}</updated><summary>{_t(e.summary)}</summary></entry>"
        for e in entries
    ]
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{SITE_NAME} {outlet}</title><id>{base}/{outlet}/</id>",
        f'<link rel="self" href="{base}/{outlet}/atom"/>',
        f'<link rel="alternate" href="{base}/{outlet}/"/>',
        f"<updated>{updated}</updated>",
        *items,
        "</feed>",
    ]
    return "\n".join(lines) + "\n"


def not_article_page(base: str, outlet: str) -> str:
    """A 200 page without an article: navigation and one short notice."""
    return _html_page(
        "Pemeliharaan",
        [
            f"<body>{_nav(base, outlet)}",
            '<div class="container"><p class="notice">Halaman ini sedang dalam pemeliharaan.</p>'
            f"</div>{_footer()}</body></html>",
        ],
    )
