"""What a page says about itself: JSON-LD, OpenGraph and other meta tags, `<time>`.

Read once per page into `PageMeta`, plain values only. JSON-LD is the most trusted source
of times (the outlet's CMS writes it), then `article:*` meta tags, then what the outlet's
rules select, then the other meta tags outlets use and the first `<time datetime>`.

This runs on every page, so it reads only what an item can use: meta tags in `<head>`
(where pages put them), only the names in `WANTED_META` (or under its prefixes) and the
ones an outlet's selectors name; JSON-LD from `<head>` first, the rest of the page only
when the head has none; `<time>` elements only when the generic extractor asks.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from worker.extract.cleanup import clean_text
from worker.extract.nodes import css, css_first, text_of

__all__ = [
    "AUTHOR_META",
    "KEYWORDS_META",
    "PUBLISHED_META",
    "PUBLISHED_META_MORE",
    "SECTION_META",
    "UPDATED_META",
    "UPDATED_META_MORE",
    "WANTED_META",
    "ArticleLd",
    "PageMeta",
    "read_metadata",
    "read_times",
    "split_keywords",
]

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
WANTED_META = frozenset(
    (
        *PUBLISHED_META,
        *UPDATED_META,
        *PUBLISHED_META_MORE,
        *UPDATED_META_MORE,
        *AUTHOR_META,
        *KEYWORDS_META,
        *SECTION_META,
        "description",
        "language",
        "content-language",
    )
)
"""Meta tag names (lower case) kept in `PageMeta.meta`, besides those under `_PREFIXES`."""
_PREFIXES = ("og:", "article:", "twitter:", "dtk:", "content_")
_LD = 'script[type="application/ld+json"]'
_ARTICLE_MARKS = ("headline", "rticle", "Posting", "Report")
"""In the text of a JSON-LD script that may describe an article: the others (breadcrumbs,
the organisation, the web site) are not decoded."""


class ArticleLd:
    """The fields we use from a page's JSON-LD article object (schema.org).

    Holds the raw object; each field is read and cleaned when asked for, as most pages
    need only one or two of them (the times).
    """

    __slots__ = ("_obj",)

    def __init__(self, obj: dict[str, Any] | None = None) -> None:
        self._obj: dict[str, Any] = obj or {}

    def __repr__(self) -> str:
        return f"ArticleLd({self._obj.get('headline')!r})"

    @property
    def headline(self) -> str | None:
        return _string(self._obj.get("headline"))

    @property
    def date_published(self) -> str | None:
        return _string(self._obj.get("datePublished"))

    @property
    def date_modified(self) -> str | None:
        return _string(self._obj.get("dateModified"))

    @property
    def authors(self) -> tuple[str, ...]:
        return _names(self._obj.get("author"))

    @property
    def image(self) -> str | None:
        return _image(self._obj.get("image"))

    @property
    def keywords(self) -> tuple[str, ...]:
        return _keywords(self._obj.get("keywords"))

    @property
    def section(self) -> str | None:
        section = _strings(self._obj.get("articleSection"))
        return section[0] if section else None

    @property
    def language(self) -> str | None:
        language = self._obj.get("inLanguage")
        return _string(language) if isinstance(language, str) else None

    @property
    def body(self) -> str | None:
        """`articleBody` as written (line breaks kept: they separate its paragraphs)."""
        body = self._obj.get("articleBody")
        return body if isinstance(body, str) and body.strip() else None

    @property
    def free(self) -> bool | None:
        """`isAccessibleForFree`: False on a paywalled article, whose page holds a teaser."""
        return _free(self._obj)


class PageMeta:
    """What the page says about itself, read when asked for, once.

    Built on the parsed tree by `read_metadata` and used only while the tree lives (inside
    `page.read_page`): a page whose JSON-LD gives the times and whose rules give the rest
    never has its meta tags scanned; one tag is looked up alone (`get`); asking for the
    whole set (`meta`, `first`) scans `<head>` once. `PageMeta()` is an empty page.
    """

    __slots__ = ("_extra", "_head", "_ld", "_meta", "_times", "_tree")

    def __init__(self, tree: LexborHTMLParser | None = None, extra: Collection[str] = ()) -> None:
        self._tree = tree
        self._head: LexborNode | None = tree.head if tree is not None else None
        self._extra = extra
        self._meta: dict[str, str] | None = None if tree is not None else {}
        self._ld: ArticleLd | None = None if tree is not None else ArticleLd()
        self._times: tuple[str, ...] | None = None if tree is not None else ()

    @property
    def lang(self) -> str | None:
        root = self._tree.root if self._tree is not None else None
        return clean_text(root.attributes.get("lang") or "") or None if root is not None else None

    @property
    def title_tag(self) -> str | None:
        node = css_first(self._scope(), "title") if self._tree is not None else None
        return clean_text(node.text()) or None if node is not None else None

    @property
    def meta(self) -> dict[str, str]:
        """Meta tags of `<head>` by lower-cased `property`, `name` or `itemprop`; the first
        one wins. Only the names an item can use (`WANTED_META` and an outlet's own)."""
        if self._meta is None:
            self._meta = _meta_tags(self._scope(), self._extra)
        return self._meta

    @property
    def ld(self) -> ArticleLd:
        """The page's JSON-LD article: from `<head>`, else from the rest of the page."""
        if self._ld is None:
            ld = None
            if self._tree is not None:
                ld = _first_ld(css(self._scope(), _LD))
                body = self._tree.body
                if ld is None and self._head is not None and body is not None:
                    ld = _first_ld(css(body, _LD))
            self._ld = ld or ArticleLd()
        return self._ld

    @property
    def times(self) -> tuple[str, ...]:
        """`datetime` attributes of the first `<time>` elements, in page order."""
        if self._times is None:
            self._times = read_times(self._tree) if self._tree is not None else ()
        return self._times

    def get(self, name: str) -> str | None:
        """One meta tag's content (lower-case `name`): looked up alone, unless `meta` has
        already been read (a query for one tag costs a fifth of reading them all)."""
        if self._meta is not None:
            return self._meta.get(name)
        return self._content(_exact(name)) or self._content(_written_otherwise(name))

    def first(self, names: tuple[str, ...]) -> str | None:
        """The first of `names` the page has: the first looked up alone (most pages that
        have any of them have it), the others from all meta tags."""
        if self._meta is None and names:
            value = self._content(_exact(names[0]))
            if value:
                return value
        meta = self.meta
        for name in names:
            value = meta.get(name)
            if value:
                return value
        return None

    def _content(self, query: str) -> str | None:
        for node in css(self._scope(), query):
            content = clean_text(node.attributes.get("content") or "")
            if content:
                return content
        return None

    def _scope(self) -> LexborNode | LexborHTMLParser:
        if self._head is not None:
            return self._head
        assert self._tree is not None
        return self._tree


def _exact(name: str) -> str:
    """A query for the meta tag `name` under the attribute pages give it."""
    attr = "property" if name.startswith(("og:", "article:")) else "name"
    return f'meta[{attr}="{name}"]'


def _written_otherwise(name: str) -> str:
    """A query for the meta tag `name` under any of its attributes, in any case (`name=` for
    `property=`, capitals): what `PageMeta.meta` would find, without reading every tag."""
    return ", ".join(f'meta[{attr}="{name}" i]' for attr in ("property", "name", "itemprop"))


def read_metadata(tree: LexborHTMLParser, extra: Collection[str] = ()) -> PageMeta:
    """The page's metadata, read lazily; `extra`: more meta names to keep (an outlet's)."""
    return PageMeta(tree, extra)


def _meta_tags(scope: LexborNode | LexborHTMLParser, extra: Collection[str]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for node in css(scope, "meta[content]"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if not key:
            continue
        key = key.strip().lower()
        if key in meta or not (key in WANTED_META or key.startswith(_PREFIXES) or key in extra):
            continue
        content = clean_text(attrs.get("content") or "")
        if content:
            meta[key] = content
    return meta


def read_times(tree: LexborHTMLParser, limit: int = 3) -> tuple[str, ...]:
    """`datetime` attributes of the page's first `<time>` elements (a full scan)."""
    times: list[str] = []
    for node in css(tree, "time[datetime]"):
        value = clean_text(node.attributes.get("datetime") or "")
        if value:
            times.append(value)
            if len(times) == limit:
                break
    return tuple(times)


def _first_ld(scripts: list[LexborNode]) -> ArticleLd | None:
    """The first article-typed object of the page's JSON-LD scripts; else the first object
    with a headline (a `WebPage` that describes the article)."""
    fallback: dict[str, Any] | None = None
    for node in scripts:
        text = text_of(node)
        if not any(mark in text for mark in _ARTICLE_MARKS):
            continue
        typed, headlined = _article_object(text)
        if typed is not None:
            return ArticleLd(typed)
        fallback = fallback or headlined
    return ArticleLd(fallback) if fallback is not None else None


def _article_object(text: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the first article-typed object, the first object with a headline) of one script."""
    text = text.strip()
    if text.startswith("<!--"):
        text = text.removeprefix("<!--").removesuffix("-->")
    try:
        data = json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None, None
    headlined: dict[str, Any] | None = None
    for obj in _objects(data, 0):
        types = obj.get("@type")
        names = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in names):
            return obj, headlined
        if headlined is None and "headline" in obj:
            headlined = obj
    return None, headlined


def _free(obj: dict[str, Any]) -> bool | None:
    """`isAccessibleForFree` of the article, or of its paywalled part (`hasPart`)."""
    values = [obj.get("isAccessibleForFree")]
    parts = obj.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, dict):
            values.append(part.get("isAccessibleForFree"))
    for value in values:
        if isinstance(value, str):
            value = {"true": True, "false": False}.get(value.strip().lower())
        if value is False:
            return False
    return True if any(v is True for v in values) else None


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
