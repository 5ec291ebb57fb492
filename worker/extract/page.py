"""One page, parsed once: metadata, then the outlet's rules, then (if needed) the generic
extractor, all on the same tree, in one plain synchronous call that returns plain values.

This is the hot path (once per fetched page). No node escapes `read_page`, so the parsed
tree is freed as soon as it returns. Times are settled here, in their order of trust:
JSON-LD, `article:*` meta tags, the outlet's own meta tags (those its rules name; on a
page without rules, those many outlets use), the rules' selectors, a `<time datetime>`;
the rules' time selectors are read only when no meta tag has a usable time. The following
pages of a split article go through `read_more`, one call per page, each giving only its
body.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from worker.errors import ExtractionError
from worker.extract.byline import split_names
from worker.extract.cleanup import CompiledRule
from worker.extract.dates import parse_datetime
from worker.extract.explain import Trace
from worker.extract.generic import read_generic
from worker.extract.metadata import (
    AUTHOR_META,
    KEYWORDS_META,
    PUBLISHED_META,
    PUBLISHED_META_MORE,
    SECTION_META,
    UPDATED_META,
    UPDATED_META_MORE,
    PageMeta,
    read_metadata,
    split_keywords,
)
from worker.extract.parts import Body, Fields
from worker.extract.profile import Profile, Suspect, read_more_profile, read_profile

__all__ = ["Page", "read_more", "read_page"]


@dataclass(frozen=True, slots=True)
class Page:
    """What one page gave, every field settled from its sources in their order of trust."""

    fields: Fields
    profile: bool
    """True if the outlet's rules gave the fields, False if the generic extractor did."""
    drift: bool
    """True if the outlet's rules were tried and did not match."""
    published_at: str | None = None
    updated_at: str | None = None
    authors: tuple[str, ...] = ()
    """From JSON-LD or a meta tag: for when neither the rules nor a byline name any."""
    tags: tuple[str, ...] = ()
    section: str | None = None
    image: str | None = None
    language: str | None = None
    free: bool | None = None
    """JSON-LD `isAccessibleForFree` (False: a paywalled page's teaser)."""
    drift_reason: str | None = None


def read_page(
    html: str,
    url: str,
    profile: Profile | None,
    generic_lines: Sequence[CompiledRule],
    *,
    offset: str,
    now: datetime,
    language: str | None = None,
    trace: Trace | None = None,
) -> Page:
    """Parse `html` once and extract with `profile`, else with the generic extractor.

    `offset` is the outlet's for times written without one; `now` the latest time believed;
    `language` the outlet's (else the page's). Raises ExtractionError when neither
    extractor finds a title and body text.
    """
    tree = _parse(html, url)
    meta = read_metadata(tree, profile.meta_keys if profile is not None else ())
    ld = meta.ld
    own = (profile.published_meta, profile.updated_meta) if profile is not None else (None, None)
    published = _first_time(
        _trusted(ld.date_published, meta, _PUBLISHED, own[0]), offset, now, trace
    )
    updated = _first_time(_trusted(ld.date_modified, meta, _UPDATED, own[1]), offset, now, trace)
    drift_reason = None
    fields: Fields | None = None
    by_rules = False
    if profile is not None:
        times = published is None or updated is None
        found = read_profile(tree, meta, profile, url, times=times, trace=trace)
        if isinstance(found, str):
            drift_reason = found
            _forget(trace, found)
        else:
            ruled = found if isinstance(found, Fields) else found.fields
            published = published or _first_time(
                ((c, "published_at", "selector") for c in ruled.published), offset, now, trace
            )
            updated = updated or _first_time(
                ((c, "updated_at", "selector") for c in ruled.updated), offset, now, trace
            )
            if isinstance(found, Suspect):
                drift_reason = found.reason
                fields = _generic_or_none(tree, meta, url, generic_lines, found, trace)
            by_rules = fields is None
            fields = fields or ruled
    if fields is None:
        fields = _generic(tree, meta, url, profile, generic_lines, trace)
        if published is None:
            published = _first_time(
                ((t, "published_at", "<time datetime>") for t in meta.times[:1]),
                offset,
                now,
                trace,
            )
    return Page(
        fields,
        profile=by_rules,
        drift=drift_reason is not None,
        published_at=published,
        updated_at=updated,
        authors=() if fields.authors else _authors(meta, trace),
        tags=fields.tags or _tags(meta, trace),
        section=fields.section or _section(meta, trace),
        image=fields.image or _image(meta, trace),
        language=language or _language(meta, trace),
        free=ld.free,
        drift_reason=drift_reason,
    )


_PUBLISHED = (PUBLISHED_META, "published_at", "JSON-LD datePublished", PUBLISHED_META_MORE)
_UPDATED = (UPDATED_META, "updated_at", "JSON-LD dateModified", UPDATED_META_MORE)


def _trusted(
    ld_value: str | None,
    meta: PageMeta,
    which: tuple[tuple[str, ...], str, str, tuple[str, ...]],
    own: tuple[str, ...] | None,
) -> Iterator[tuple[str | None, str, str]]:
    """Time candidates before the rules' selectors: JSON-LD, `article:*`, then the outlet's
    own meta tags (`own`: those its rules name, few, each looked up alone) or, for a page
    without rules, those many outlets use (read from all its meta tags); (value, field,
    source), read only as far as needed."""
    first, field, ld_name, many = which
    yield ld_value, field, ld_name
    for name in first:
        yield meta.get(name), field, f"meta {name}"
    for name in own if own is not None else many:
        yield meta.get(name) if own is not None else meta.meta.get(name), field, f"meta {name}"


def _generic(
    tree: LexborHTMLParser,
    meta: PageMeta,
    url: str,
    profile: Profile | None,
    lines: Sequence[CompiledRule],
    trace: Trace | None,
) -> Fields:
    try:
        fields = read_generic(tree, meta, url, lines)
    except ExtractionError as exc:
        if profile is None:
            raise
        reason = f"{exc.reason} (and the rules of {profile.outlet_id!r} do not match)"
        raise ExtractionError(url, reason) from None
    if trace is not None:
        trace.source("title", "generic extractor")
        trace.source("body", "generic extractor")
    return fields


def _generic_or_none(
    tree: LexborHTMLParser,
    meta: PageMeta,
    url: str,
    lines: Sequence[CompiledRule],
    suspect: Suspect,
    trace: Trace | None,
) -> Fields | None:
    """The generic extractor's fields for a page whose rules gave suspect ones; None (keep
    the rules' fields, still reported as drift) when it finds no article either."""
    kept = dict(trace.sources) if trace is not None else {}
    _forget(trace, suspect.reason)
    try:
        return _generic(tree, meta, url, None, lines, trace)
    except ExtractionError:
        if trace is not None:
            trace.sources.update(kept)
            trace.drift = f"{suspect.reason}; the generic extractor found no article: rules kept"
        return None


def _forget(trace: Trace | None, reason: str) -> None:
    """What the rules found is not used: forget it (the times from metadata aside)."""
    if trace is not None:
        trace.drift = reason
        kept = {k: trace.sources.get(k) for k in ("published_at", "updated_at")}
        trace.sources.clear()
        trace.sources.update({k: v for k, v in kept.items() if v})


def _authors(meta: PageMeta, trace: Trace | None) -> tuple[str, ...]:
    if authors := meta.ld.authors:
        _note(trace, "authors", "JSON-LD author")
        return authors
    names = split_names(meta.first(AUTHOR_META) or "")
    if names:
        _note(trace, "authors", "meta author")
    return names


def _tags(meta: PageMeta, trace: Trace | None) -> tuple[str, ...]:
    if keywords := meta.ld.keywords:
        _note(trace, "tags", "JSON-LD keywords")
        return keywords
    tags = split_keywords(meta.first(KEYWORDS_META))
    if tags:
        _note(trace, "tags", "meta keywords")
    return tags


def _section(meta: PageMeta, trace: Trace | None) -> str | None:
    if section := meta.ld.section:
        _note(trace, "section", "JSON-LD articleSection")
        return section
    section = meta.first(SECTION_META)
    if section:
        _note(trace, "section", "meta article:section")
    return section


def _image(meta: PageMeta, trace: Trace | None) -> str | None:
    image = meta.get("og:image")
    if image:
        _note(trace, "image_url", "meta og:image")
        return image
    image = meta.ld.image
    if image:
        _note(trace, "image_url", "JSON-LD image")
        return image
    image = meta.get("twitter:image")
    if image:
        _note(trace, "image_url", "meta twitter:image")
    return image


def _language(meta: PageMeta, trace: Trace | None) -> str | None:
    if lang := meta.lang:
        _note(trace, "language", "<html lang>")
        return lang
    lang = meta.ld.language
    if lang:
        _note(trace, "language", "JSON-LD inLanguage")
    return lang


def _note(trace: Trace | None, field: str, how: str) -> None:
    if trace is not None:
        trace.source(field, how)


def read_more(
    html: str,
    url: str,
    profile: Profile | None,
    generic_lines: Sequence[CompiledRule],
    trace: Trace | None = None,
) -> Body | None:
    """The body of a following page of a split article, by the extractor that read the
    first page; None if it holds none (the article then ends with the pages before)."""
    try:
        tree = _parse(html, url)
    except ExtractionError:
        return None
    if profile is not None:
        return read_more_profile(tree, profile, url, trace)
    try:
        return read_generic(tree, read_metadata(tree), url, generic_lines).body
    except ExtractionError:
        return None


def _first_time(
    candidates: Iterable[tuple[str | None, str, str]],
    offset: str,
    now: datetime,
    trace: Trace | None,
) -> str | None:
    """The first candidate (value, field, source) that is a date, as ISO 8601."""
    for candidate, field, source in candidates:
        if candidate:
            value = parse_datetime(candidate, offset, now=now)
            if value is not None:
                if trace is not None:
                    label = trace.labels.get(candidate, source)
                    trace.source(field, f"{label} ({candidate!r})")
                return value
    return None


def _parse(html: str, url: str) -> LexborHTMLParser:
    if not html or html.isspace():  # (no copy of the page, as `strip` makes)
        raise ExtractionError(url, "empty page")
    try:
        return LexborHTMLParser(html)
    except UnicodeError:
        return LexborHTMLParser(html.encode("utf-8", "replace"))
    except (SelectolaxError, ValueError) as exc:
        raise ExtractionError(url, f"cannot parse the page: {exc}") from exc
