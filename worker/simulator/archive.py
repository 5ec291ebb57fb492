"""The simulator's archive: sitemaps and a dated index, as the big outlets publish them.

    /<outlet>/sitemap.xml                       sitemap index: the news sitemap, then one
                                                sitemap per day (newest first), with lastmod
    /<outlet>/sitemaps/<YYYY-MM-DD>.xml[.gz]    one day's articles; days with an odd ordinal
                                                are only served gzipped (application/x-gzip)
    /<outlet>/sitemap-news.xml                  Google News sitemap: every article with its
                                                news:publication_date and news:title
    /<outlet>/indeks-tanggal?date=D&page=N      dated index (kompas.com's shape), DAY_PAGE
                                                cards a page, `a.pagination__next`

Pure functions from drafts to text; the app caches the bytes and answers 304.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from aiohttp import web

from worker.simulator.content import WIB, Draft
from worker.simulator.content import visible_date as _visible_date
from worker.simulator.responses import http_date

DAY_PAGE = 10
ROUTES = (
    ("/{outlet}/sitemap.xml", "sitemap"),
    ("/{outlet}/sitemap-news.xml", "sitemap-news"),
    (r"/{outlet}/sitemaps/{day:\d{4}-\d\d-\d\d}.xml{gz:(\.gz)?}", "sitemap-day"),
    ("/{outlet}/indeks-tanggal", "indeks-tanggal"),
)
_XML = "application/xml; charset=utf-8"
_HTML = "text/html; charset=utf-8"
Render = Callable[[], tuple[str | bytes, str, str | None]]  # body, content type, modified
_URLSET = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
    'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
)


def day_of(draft: Draft) -> date:
    return draft.published.astimezone(WIB).date()


def by_day(drafts: Sequence[Draft]) -> dict[date, list[Draft]]:
    """Drafts per day (WIB), newest day first, each day's drafts newest first."""
    days: dict[date, list[Draft]] = {}
    for draft in sorted(drafts, key=lambda d: (d.published, d.article_id), reverse=True):
        days.setdefault(day_of(draft), []).append(draft)
    return days


def gzipped(day: date) -> bool:
    return day.toordinal() % 2 == 1


def day_sitemap_path(outlet: str, day: date) -> str:
    return f"/{outlet}/sitemaps/{day.isoformat()}.xml" + (".gz" if gzipped(day) else "")


def sitemap_index(base: str, outlet: str, drafts: Sequence[Draft]) -> str:
    days = by_day(drafts)
    newest = max(d.published for d in drafts).isoformat() if drafts else ""
    rows = [
        f"<sitemap><loc>{base}/{outlet}/sitemap-news.xml</loc><lastmod>{newest}</lastmod></sitemap>"
    ]
    for day, on_day in days.items():
        rows.append(
            f"<sitemap><loc>{base}{day_sitemap_path(outlet, day)}</loc>"
            f"<lastmod>{on_day[0].published.isoformat()}</lastmod></sitemap>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</sitemapindex>\n"
    )


def urlset(base: str, drafts: Sequence[Draft]) -> str:
    """A plain sitemap; each entry also has an image (with its own loc and title)."""
    rows = [
        f"<url><loc>{base}{d.path}</loc><lastmod>{d.published.isoformat()}</lastmod>"
        f"<image:image><image:loc>{base}/{d.outlet}/img/{d.article_id}.jpg</image:loc>"
        f"<image:title>{escape(d.caption, quote=False)}</image:title></image:image></url>"
        for d in drafts
    ]
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _URLSET + "\n".join(rows) + "</urlset>\n"


def day_sitemap(base: str, drafts: Sequence[Draft], day: date) -> bytes:
    text = urlset(base, drafts).encode("utf-8")
    return gzip.compress(text, mtime=0) if gzipped(day) else text


def news_sitemap(base: str, outlet: str, drafts: Sequence[Draft]) -> str:
    rows = [
        f"<url><loc>{base}{d.path}</loc><news:news><news:publication>"
        f"<news:name>Simulator {outlet}</news:name><news:language>id</news:language>"
        f"</news:publication><news:publication_date>{d.published.isoformat()}"
        f"</news:publication_date><news:title>{escape(d.title, quote=False)}</news:title>"
        "</news:news></url>"
        for d in sorted(drafts, key=lambda d: (d.published, d.article_id), reverse=True)
    ]
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _URLSET + "\n".join(rows) + "</urlset>\n"


def dated_index(outlet: str, day: date, page: int, drafts: Sequence[Draft]) -> str | None:
    """Page `page` of the day's index; None past the last page (the app answers 404)."""
    last = max(1, -(-len(drafts) // DAY_PAGE))
    if not 1 <= page <= last:
        return None
    on_page = drafts[(page - 1) * DAY_PAGE : page * DAY_PAGE]
    cards = "\n".join(
        f'<div class="articleItem"><a class="article-link card__link" href="{d.path}">'
        f'<h2 class="articleTitle">{escape(d.title, quote=False)}</h2></a>'
        f'<div class="articlePost-date">{_visible_date(d.published)}</div></div>'
        for d in on_page
    )
    pager = ""
    if page < last:
        href = f"/{outlet}/indeks-tanggal?date={day.isoformat()}&amp;page={page + 1}"
        pager = f'<a class="pagination__next" href="{href}">Next</a>'
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>Indeks {day.isoformat()} halaman {page}</title></head>\n"
        f'<body><div class="latest--indeks">\n{cards}\n</div>'
        f'<div class="paging">{pager}</div></body></html>\n'
    )


def page_for(request: web.Request, drafts: list[Draft], base: str) -> tuple[str, Render]:
    """The cache key and the renderer of an archive URL (a route of ROUTES); 404 if none."""
    route = request.match_info.route.name
    outlet = request.match_info["outlet"]
    if route == "sitemap":
        return "sitemap", lambda: (sitemap_index(base, outlet, drafts), _XML, _newest(drafts))
    if route == "sitemap-news":
        return "sitemap-news", lambda: (news_sitemap(base, outlet, drafts), _XML, _newest(drafts))
    if route == "sitemap-day":
        day = date.fromisoformat(request.match_info["day"])
        on_day = by_day(drafts).get(day)
        if not on_day or gzipped(day) != bool(request.match_info["gz"]):
            raise web.HTTPNotFound()
        kind = "application/x-gzip" if gzipped(day) else _XML
        return f"sitemap:{day}", lambda: (day_sitemap(base, on_day, day), kind, _newest(on_day))
    try:
        day = date.fromisoformat(request.query.get("date", ""))
        number = int(request.query.get("page", "1"))
    except ValueError:
        raise web.HTTPNotFound() from None
    listed = by_day(drafts).get(day, [])
    if not 1 <= number <= max(1, -(-len(listed) // DAY_PAGE)):
        raise web.HTTPNotFound()

    def render() -> tuple[str | bytes, str, str | None]:
        return dated_index(outlet, day, number, listed) or "", _HTML, _newest(listed)

    return f"indeks-tanggal:{day}:{number}", render


def _newest(drafts: Sequence[Draft]) -> str | None:
    return http_date(max(d.published for d in drafts)) if drafts else None
