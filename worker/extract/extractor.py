"""The extract stage: a fetched page in, an `Item` out.

`Extractor` is built once from the outlets' configs (every regex compiled there); per page
it picks the outlet, reads the page once (`page.read_page`) and assembles the item, taking
each field from the most trusted source that has it. Missing values stay None.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import worker
from worker.config import OutletConfig, load_config
from worker.errors import ExtractionError
from worker.extract import generic
from worker.extract.cleanup import SHARED_RULES, collapse
from worker.extract.dates import DEFAULT_OFFSET, parse_datetime
from worker.extract.metadata import (
    AUTHOR_META,
    KEYWORDS_META,
    PUBLISHED_META,
    PUBLISHED_META_MORE,
    SECTION_META,
    UPDATED_META,
    UPDATED_META_MORE,
    split_keywords,
)
from worker.extract.nodes import absolute_url
from worker.extract.page import Page, read_page
from worker.extract.profile import Profile
from worker.keys import short_hash
from worker.models import Item, Related
from worker.urls import canonicalize, host_of

__all__ = ["GENERIC", "Extractor", "UnknownOutletError", "extract_html"]

GENERIC = generic.NAME
"""The outlet id that forces the generic extractor, and its `extractor` value."""


class UnknownOutletError(KeyError, ValueError):
    """`extract(..., outlet=...)` named an outlet the extractor was not built with."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown outlet"


class Extractor:
    """Built once from the outlets' configs; every regex and rule is compiled here, not per page."""

    def __init__(self, outlets: Sequence[OutletConfig]) -> None:
        self._outlets: dict[str, OutletConfig] = {}
        for outlet in outlets:
            if outlet.id in self._outlets:
                raise ValueError(f"outlet {outlet.id!r} is given twice")
            if outlet.id == GENERIC:
                raise ValueError(f"{GENERIC!r} is reserved for the generic extractor")
            self._outlets[outlet.id] = outlet
        self._profiles = {
            o.id: Profile.build(o.id, o.extract) for o in outlets if o.extract is not None
        }
        patterns = {o.id: re.compile(o.article_url) for o in outlets}
        # the most specific domain first: news.example.com before example.com
        self._routes = sorted(
            ((d.lower().strip("."), patterns[o.id], o) for o in outlets for d in o.domains),
            key=lambda route: -len(route[0]),
        )

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(self._outlets)

    def outlet_for_url(self, url: str) -> OutletConfig | None:
        """The outlet whose domains hold the URL's host and whose `article_url` matches it."""
        canonical = canonicalize(url)
        if canonical is None:
            return None
        host = host_of(canonical)
        for domain, pattern, outlet in self._routes:
            if (host == domain or host.endswith("." + domain)) and pattern.search(canonical):
                return outlet
        return None

    def extract(
        self, html: str, url: str, outlet: str | None = None, fetched_at: str | None = None
    ) -> Item:
        """The article on the page at `url`; ExtractionError if the page holds none.

        `outlet` None: found from the URL; "generic": the generic extractor whatever the
        outlet. The outlet's rules are used when it has any; when they do not match the page
        any more, the generic extractor takes over and the item says `drift`.
        """
        now = _instant(fetched_at) if fetched_at else datetime.now(UTC).replace(microsecond=0)
        fetched_at = now.isoformat(timespec="seconds")
        config: OutletConfig | None
        if outlet is None or outlet == GENERIC:
            config = self.outlet_for_url(url)
        elif outlet in self._outlets:
            config = self._outlets[outlet]
        else:
            known = ", ".join(sorted(self._outlets)) or "none"
            raise UnknownOutletError(f"unknown outlet {outlet!r} (known: {known}, or 'generic')")
        profile = None
        if config is not None and outlet != GENERIC:
            profile = self._profiles.get(config.id)
        lines = profile.lines if profile is not None else SHARED_RULES
        page = read_page(html, url, profile, lines)
        outlet_id = config.id if config is not None else _site(url)
        extractor = profile.name if profile is not None and page.profile else GENERIC
        return _item(page, url, outlet_id, config, extractor, fetched_at, now)


def _item(
    page: Page,
    url: str,
    outlet_id: str,
    config: OutletConfig | None,
    extractor: str,
    fetched_at: str,
    now: datetime,
) -> Item:
    meta, fields, ld = page.meta, page.fields, page.meta.ld
    body = fields.body
    text = body.text
    if not text:
        raise ExtractionError(url, "no body text")
    offset = config.timezone if config is not None else DEFAULT_OFFSET
    published = _first_time(
        (
            ld.date_published,
            *(meta.meta.get(k) for k in PUBLISHED_META),
            *fields.published,
            *(meta.meta.get(k) for k in PUBLISHED_META_MORE),
            *(() if page.profile else meta.times[:1]),
        ),
        offset,
        now,
    )
    updated = _first_time(
        (
            ld.date_modified,
            *(meta.meta.get(k) for k in UPDATED_META),
            *fields.updated,
            *(meta.meta.get(k) for k in UPDATED_META_MORE),
        ),
        offset,
        now,
    )
    authors = fields.authors or ld.authors or _one(meta.first(AUTHOR_META))
    tags = fields.tags or ld.keywords or split_keywords(meta.first(KEYWORDS_META))
    image = absolute_url(
        meta.meta.get("og:image") or ld.image or meta.meta.get("twitter:image"), url
    )
    canonical = canonicalize(url) or url
    return Item(
        id=short_hash(canonical),
        url=url,
        canonical_url=canonical,
        outlet=outlet_id,
        title=fields.title,
        published_at=published,
        updated_at=updated,
        authors=tuple(dict.fromkeys(authors)),
        editor=fields.editor or body.editor,
        dateline=body.dateline,
        attribution=body.attribution,
        body=text,
        related=tuple(Related(title, link) for title, link in body.related),
        tags=tuple(dict.fromkeys(tags)),
        section=fields.section or ld.section or meta.first(SECTION_META),
        image_url=image,
        language=(config.language if config is not None else None) or meta.lang or ld.language,
        word_count=len(text.split()),
        content_hash=short_hash(collapse(text)),
        fetched_at=fetched_at,
        extractor=extractor,
        drift=page.drift,
    )


def _first_time(candidates: Iterable[str | None], offset: str, now: datetime) -> str | None:
    for candidate in candidates:
        if candidate:
            value = parse_datetime(candidate, offset, now=now)
            if value is not None:
                return value
    return None


def _one(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()


def _instant(fetched_at: str) -> datetime:
    try:
        value = datetime.fromisoformat(fetched_at.strip())
    except ValueError:
        raise ValueError(f"fetched_at {fetched_at!r} is not an ISO 8601 time") from None
    value = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return value.replace(microsecond=0)


def _site(url: str) -> str:
    """The outlet id of a page from no configured outlet: its host, without `www.`."""
    host = host_of(url) if url.startswith(("http://", "https://")) else ""
    return host.removeprefix("www.") or GENERIC


# ----------------------------------------------------------- convenience API


def extract_html(html: str, url: str, outlet: str | None = None) -> Item:
    """The article on the page, with the outlets of the default config folder.

    The folder is `$WORKER_CONFIG`, else `./config` if it exists, else the repository's
    `config/`; its outlets are loaded once per folder.
    """
    return _default_extractor(str(_config_root())).extract(html, url, outlet)


def _config_root() -> Path:
    env = os.environ.get("WORKER_CONFIG")
    if env:
        return Path(env).resolve()
    local = Path("config")
    if local.exists():
        return local.resolve()
    return Path(worker.__file__).resolve().parents[1] / "config"


@functools.lru_cache(maxsize=8)
def _default_extractor(root: str) -> Extractor:
    return Extractor(load_config(root).outlets)
