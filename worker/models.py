"""The small frozen values that stages hand to each other, and the published item.

Data flows one way: `Document` (fetch, for discovery) -> `Candidate` (discovery) ->
`FrontierEntry` (Redis) -> `FetchedPage` (fetch) -> `Item` (extract) -> the items stream.
`Item` is the public contract, described by `worker/item.schema.json`; change both
together and bump `SCHEMA_VERSION`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class FrontierEntry:
    """A URL waiting in the frontier stream, as read by a fetch task."""

    entry_id: str
    url: str
    canonical_url: str
    outlet: str
    tries: int = 0


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A fetched page, decoded to text; `url` is where the redirects ended."""

    requested_url: str
    url: str
    status: int
    text: str
    content_type: str
    fetched_at: str


@dataclass(frozen=True, slots=True)
class Document:
    """A feed, sitemap or listing page fetched for discovery, as raw bytes (a sitemap may be
    gzip); status 304 (`not_modified`, empty body) when our validators still hold."""

    requested_url: str
    url: str
    status: int
    body: bytes
    charset: str | None
    content_type: str
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class Related:
    title: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Item:
    """One article as published on the items stream (the public contract)."""

    id: str
    url: str
    canonical_url: str
    outlet: str
    title: str | None
    published_at: str | None
    updated_at: str | None
    authors: tuple[str, ...]
    editor: str | None
    dateline: str | None
    attribution: str | None
    body: str
    related: tuple[Related, ...]
    tags: tuple[str, ...]
    section: str | None
    image_url: str | None
    language: str | None
    word_count: int
    content_hash: str
    fetched_at: str
    extractor: str
    drift: bool = False
    partial: bool = False
    """True when `body` is not the whole article: a paywalled page's teaser (JSON-LD
    `isAccessibleForFree: false`), or a split article with a page that could not be read."""
    schema_version: int = field(default=SCHEMA_VERSION)

    def to_dict(self) -> dict[str, Any]:
        # by hand, not dataclasses.asdict: that deep-copies every value, once per page
        data = {name: getattr(self, name) for name in _ITEM_FIELDS}
        data["authors"] = list(self.authors)
        data["tags"] = list(self.tags)
        data["related"] = [{"title": r.title, "url": r.url} for r in self.related]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


_ITEM_FIELDS = tuple(f.name for f in fields(Item))
