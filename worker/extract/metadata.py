"""What a page says about itself: JSON-LD, OpenGraph and other meta tags, `<time>`.

Read once per page into `PageMeta`, plain values only. JSON-LD is the most trusted source
of times (the outlet's CMS writes it), then `article:*` meta tags, then what the outlet's
rules select, then the other meta tags outlets use and the first `<time datetime>`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from worker.extract.cleanup import clean_text

__all__ = ["ArticleLd", "PageMeta", "read_metadata"]

_ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
    }
)

PUBLISHED_META = ("article:published_time",)
UPDATED_META = ("article:modified_time",)
PUBLISHED_META_MORE = (
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dtk:publishdate",
    "content_publisheddate",
    "dc.date.issued",
    "parsely-pub-date",
    "date",
)
UPDATED_META_MORE = ("og:updated_time", "datemodified", "lastmod", "last-modified")
AUTHOR_META = ("author", "dtk:author", "content_author", "article:author")
KEYWORDS_META = ("keywords", "news_keywords", "dtk:keywords", "content_tags", "article:tag")
SECTION_META = ("article:section", "content_category")


@dataclass(frozen=True, slots=True)
class ArticleLd:
    """The fields we use from a page's JSON-LD article object (schema.org)."""

    headline: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    authors: tuple[str, ...] = ()
    image: str | None = None
    keywords: tuple[str, ...] = ()
    section: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class PageMeta:
    lang: str | None = None
    title_tag: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    """Meta tags by lower-cased `property`, `name` or `itemprop`; the first one wins."""
    ld: ArticleLd = ArticleLd()
    times: tuple[str, ...] = ()
    """`datetime` attributes of `<time>` elements, in page order (at most a few)."""

    def first(self, names: tuple[str, ...]) -> str | None:
        for name in names:
            value = self.meta.get(name)
            if value:
                return value
        return None


def read_metadata(tree: LexborHTMLParser) -> PageMeta:
    root = tree.root
    lang = clean_text(root.attributes.get("lang") or "") if root is not None else ""
    title_node = tree.css_first("title")
    title_tag = clean_text(title_node.text()) if title_node is not None else ""
    meta: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = clean_text(attrs.get("content") or "")
        if key and content:
            meta.setdefault(key.strip().lower(), content)
    ld = ArticleLd()
    for node in tree.css('script[type="application/ld+json"]'):
        found = _article_ld(node.text())
        if found is not None:
            ld = found
            break
    times: list[str] = []
    for node in tree.css("time[datetime]"):
        value = clean_text(node.attributes.get("datetime") or "")
        if value:
            times.append(value)
            if len(times) == 3:
                break
    return PageMeta(lang or None, title_tag or None, meta, ld, tuple(times))


def _article_ld(text: str) -> ArticleLd | None:
    text = text.strip()
    if text.startswith("<!--"):
        text = text.removeprefix("<!--").removesuffix("-->")
    try:
        data = json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None
    best: dict[str, Any] | None = None
    for obj in _objects(data, 0):
        types = obj.get("@type")
        names = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in names):
            best = obj
            break
        if best is None and "headline" in obj:
            best = obj
    if best is None:
        return None
    section = _strings(best.get("articleSection"))
    language = best.get("inLanguage")
    return ArticleLd(
        headline=_string(best.get("headline")),
        date_published=_string(best.get("datePublished")),
        date_modified=_string(best.get("dateModified")),
        authors=_names(best.get("author")),
        image=_image(best.get("image")),
        keywords=_keywords(best.get("keywords")),
        section=section[0] if section else None,
        language=_string(language) if isinstance(language, str) else None,
    )


def _objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Objects of a JSON-LD document: top level, lists and `@graph`, not deeper."""
    if depth > 3:
        return
    if isinstance(data, list):
        for entry in data:
            yield from _objects(entry, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _objects(graph, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict):
            yield main


def _string(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return clean_text(value) or None


def _strings(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(dict.fromkeys(s for s in (_string(v) for v in items) if s))


def _names(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = _string(item.get("name")) if isinstance(item, dict) else _string(item)
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    return tuple(dict.fromkeys(names))


def _image(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return _string(value)


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    return _strings(value)


def split_keywords(text: str | None) -> tuple[str, ...]:
    """A comma-separated keywords meta tag as a tuple, de-duplicated, order kept."""
    if not text:
        return ()
    return tuple(dict.fromkeys(k for k in (clean_text(p) for p in text.split(",")) if k))
