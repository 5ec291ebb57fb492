"""The extract stage: a fetched page in, an `Item` out.

`Extractor` is built once from the outlets' configs (every regex compiled there); per page
it picks the outlet, reads the page once (`page.read_page`) and assembles the item, taking
each field from the most trusted source that has it. Missing values stay None.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import worker
from worker.config import OutletConfig, load_config
from worker.errors import ExtractionError
from worker.extract import generic
from worker.extract.cleanup import SHARED_RULES
from worker.extract.dates import DEFAULT_OFFSET
from worker.extract.explain import Trace
from worker.extract.nodes import absolute_url
from worker.extract.page import Page, read_more, read_page
from worker.extract.parts import Body
from worker.extract.profile import Profile
from worker.keys import short_hash
from worker.models import Item, Related
from worker.urls import canonicalize, host_of

__all__ = ["GENERIC", "Extractor", "UnknownOutletError", "extract_html"]

log = logging.getLogger(__name__)

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
        return self._outlet_for_canonical(canonicalize(url))

    def _outlet_for_canonical(self, canonical: str | None) -> OutletConfig | None:
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
        return self.extract_pages((html,), url, outlet, fetched_at)

    def extract_pages(
        self,
        pages: Sequence[str],
        url: str,
        outlet: str | None = None,
        fetched_at: str | None = None,
        *,
        complete: bool = True,
        trace: Trace | None = None,
    ) -> Item:
        """The article split over `pages` (HTML, in reading order; usually one page).

        Metadata and title come from the first page; the body joins every page's
        paragraphs. `complete` False (a page could not be fetched) marks the item
        `partial`; `trace` collects where each field came from (`explain`).
        """
        if not pages:
            raise ExtractionError(url, "empty page")
        now = _instant(fetched_at) if fetched_at else datetime.now(UTC).replace(microsecond=0)
        fetched_at = now.isoformat(timespec="seconds")
        canonical = canonicalize(url)
        config: OutletConfig | None
        if outlet is None or outlet == GENERIC:
            config = self._outlet_for_canonical(canonical)
        elif outlet in self._outlets:
            config = self._outlets[outlet]
        else:
            known = ", ".join(sorted(self._outlets)) or "none"
            raise UnknownOutletError(f"unknown outlet {outlet!r} (known: {known}, or 'generic')")
        profile = None
        if config is not None and outlet != GENERIC:
            profile = self._profiles.get(config.id)
        lines = profile.lines if profile is not None else SHARED_RULES
        offset = config.timezone if config is not None else DEFAULT_OFFSET
        language = config.language if config is not None else None
        page = read_page(
            pages[0], url, profile, lines, offset=offset, now=now, language=language, trace=trace
        )
        if page.drift_reason is not None:
            log.info("rules do not match url=%s reason=%s", url, page.drift_reason)
        body = page.fields.body
        if len(pages) > 1:
            bodies = [body]
            for number, html in enumerate(pages[1:], 2):
                if trace is not None:
                    trace.page = number
                more = read_more(html, url, profile if page.profile else None, lines, trace)
                if more is not None:
                    bodies.append(more)
            body = _join(bodies)
        outlet_id = config.id if config is not None else _site(url)
        extractor = profile.name if profile is not None and page.profile else GENERIC
        partial = not complete or page.free is False
        return _item(page, body, url, canonical or url, outlet_id, extractor, fetched_at, partial)

    def explain(
        self,
        pages: Sequence[str],
        url: str,
        outlet: str | None = None,
        fetched_at: str | None = None,
        *,
        complete: bool = True,
    ) -> tuple[Item, Trace]:
        """The item, and where each of its fields came from (`extract --explain`)."""
        trace = Trace()
        item = self.extract_pages(pages, url, outlet, fetched_at, complete=complete, trace=trace)
        return item, trace


def _join(bodies: Sequence[Body]) -> Body:
    """The bodies of a split article's pages as one: paragraphs in order; the dateline of
    the first page; the first attribution and editor found on any page."""
    first = bodies[0]
    return Body(
        paragraphs=tuple(p for b in bodies for p in b.paragraphs),
        dateline=first.dateline,
        attribution=next((b.attribution for b in bodies if b.attribution), None),
        editor=next((b.editor for b in bodies if b.editor), None),
        related=tuple(r for b in bodies for r in b.related),
        authors=tuple(dict.fromkeys(a for b in bodies for a in b.authors)),
    )


def _item(
    page: Page,
    body: Body,
    url: str,
    canonical: str,
    outlet_id: str,
    extractor: str,
    fetched_at: str,
    partial: bool,
) -> Item:
    fields = page.fields
    text = body.text
    if not text:
        raise ExtractionError(url, "no body text")
    word_count, collapsed = _words(body.paragraphs, text)
    return Item(
        id=short_hash(canonical),
        url=url,
        canonical_url=canonical,
        outlet=outlet_id,
        title=fields.title,
        published_at=page.published_at,
        updated_at=page.updated_at,
        authors=fields.authors or body.authors or page.authors,
        editor=fields.editor or body.editor,
        dateline=body.dateline,
        attribution=body.attribution,
        body=text,
        related=tuple(Related(title, absolute_url(link, url)) for title, link in body.related),
        tags=page.tags,
        section=page.section,
        image_url=absolute_url(page.image, url),
        language=page.language,
        word_count=word_count,
        content_hash=short_hash(collapsed),
        fetched_at=fetched_at,
        extractor=extractor,
        drift=page.drift,
        partial=partial,
    )


def _words(paragraphs: Sequence[str], text: str) -> tuple[int, str]:
    """The number of words of the body, and its text with each run of whitespace one space
    (what `content_hash` hashes). Paragraphs are clean text (one ASCII space between words,
    none at the ends: what a split and join would give), which a few checks of the whole
    confirm, so the text is split only when they fail."""
    flat = " ".join(paragraphs)
    if flat.isprintable() and "  " not in flat and flat[:1] != " " and flat[-1:] != " ":
        return (flat.count(" ") + 1 if flat else 0), flat
    words = text.split()
    return len(words), " ".join(words)


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
