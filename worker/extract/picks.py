"""A field's selectors, evaluated: a meta tag read from the page's `PageMeta`, or a CSS
query, first inside the article, then in the whole page.

Each CSS query costs several microseconds whatever it finds (selectolax parses the
selector every time), so the cheapest query that answers is used: `css_first` where one
value is wanted, a meta selector answered without a query, the article (the smallest
element holding the title and the body) before the page. The article also holds the
article's own byline where a sidebar may hold another's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from worker.extract import nodes
from worker.extract.byline import clean_name, parse_byline, split_names
from worker.extract.dates import split_updated
from worker.extract.explain import Trace
from worker.extract.metadata import PageMeta

__all__ = [
    "Pick",
    "Root",
    "article_of",
    "first",
    "note",
    "people",
    "pick",
    "times",
    "title_of",
    "values",
]

Root = LexborHTMLParser | LexborNode

_META_SELECTOR = re.compile(
    r"""^\s*meta\[\s*(?:name|property|itemprop)\s*=\s*(?P<q>["']?)(?P<key>[^"'\]]+)(?P=q)\s*\]\s*$""",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Pick:
    """One selector of a field: a meta tag read from `PageMeta`, or a CSS query."""

    selector: str
    meta: str | None  # the lower-cased meta name, for `meta[name=...]` selectors


def pick(selector: str) -> Pick:
    match = _META_SELECTOR.match(selector)
    return Pick(selector, match["key"].strip().lower() if match else None)


def title_of(
    tree: LexborHTMLParser, meta: PageMeta, picks: tuple[Pick, ...], trace: Trace | None
) -> tuple[str | None, LexborNode | None]:
    """The title, and its element when a CSS selector found it (it locates the article)."""
    for pick in picks:
        if pick.meta is not None:
            value = meta.get(pick.meta)
            if value:
                note(trace, "title", f"selector {pick.selector}")
                return value, None
        for node in _nodes(tree, pick.selector):
            value = nodes.node_value(node)
            if value:
                note(trace, "title", f"selector {pick.selector}")
                return value, node
    return None, None


def article_of(title: LexborNode | None, body: LexborNode) -> LexborNode | None:
    """The smallest element holding both the title and the body (the body's parent when
    the title came from elsewhere); None when that is the whole page."""
    if title is None:
        article = body.parent
    else:
        ancestors = set()
        node: LexborNode | None = title
        while node is not None:
            ancestors.add(node.mem_id)
            node = node.parent
        article = body
        while article is not None and article.mem_id not in ancestors:
            article = article.parent
    if article is None or article.tag in ("html", "body", "-undef", None):
        return None
    return article


def _nodes(root: Root, selector: str) -> Iterator[LexborNode]:
    """The matches of `selector` in `root`, the first one found by the cheaper `css_first`
    (which stops there), the rest only if the caller reads on."""
    first = nodes.css_first(root, selector)
    if first is not None:
        yield first
        yield from nodes.css(root, selector)[1:]


def people(
    roots: tuple[Root, ...],
    meta: PageMeta,
    authors_picks: tuple[Pick, ...],
    editor_picks: tuple[Pick, ...],
    trace: Trace | None,
) -> tuple[tuple[str, ...], str | None]:
    """Authors and editor from the rules' selectors, bylines read ("Rep: X / Red: Y")."""
    authors: list[str] = []
    editor: str | None = None
    for value in values(roots, meta, authors_picks, "authors", trace):
        byline = parse_byline(value)
        if byline is None:
            authors.extend(split_names(value))
        else:
            authors.extend(byline.authors)
            editor = editor or byline.editor
    if editor is not None:
        note(trace, "editor", "byline in an 'authors' selector")
    named = first(roots, meta, editor_picks, "editor", trace)
    if named:
        byline = parse_byline(named)
        editor = (byline.editor if byline is not None else None) or clean_name(named) or editor
    return tuple(dict.fromkeys(authors)), editor


def times(
    roots: tuple[Root, ...],
    meta: PageMeta,
    published_picks: tuple[Pick, ...],
    updated_picks: tuple[Pick, ...],
    trace: Trace | None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Candidate times of the rules' selectors; a visible "Diperbarui ..." part of a
    publication time counts as the update time."""
    published: list[str] = []
    updated: list[str] = []
    for value in _time_values(roots, meta, published_picks, trace):
        before, after = split_updated(value)
        if before:
            published.append(before)
        if after:
            updated.append(after)
        if trace is not None:  # the parts come from where the whole came from
            for part in (before, after):
                trace.labels.setdefault(part, trace.labels.get(value, "selector"))
    updated[:0] = _time_values(roots, meta, updated_picks, trace)
    return tuple(published), tuple(updated)


def _time_values(
    roots: tuple[Root, ...],
    meta: PageMeta,
    picks: tuple[Pick, ...],
    trace: Trace | None,
) -> tuple[str, ...]:
    """Candidate times of the first selector that matches; which one is used is settled
    later, with the page's other sources (so each is only labelled here)."""
    for root in roots:
        for pick in picks:
            if pick.meta is not None:
                value = meta.get(pick.meta)
                found: tuple[str, ...] = (value,) if value else ()
            else:
                found = nodes.time_values(root, (pick.selector,))
            if found:
                if trace is not None:
                    for value in found:
                        trace.labels.setdefault(value, f"selector {pick.selector}")
                return found
    return ()


def first(
    roots: tuple[Root, ...],
    meta: PageMeta,
    picks: tuple[Pick, ...],
    field: str,
    trace: Trace | None,
) -> str | None:
    """The first value of the first selector that gives one, in the article, then in the
    page; meta selectors are answered from the page's meta tags."""
    for root in roots:
        for pick in picks:
            if pick.meta is not None:
                value = meta.get(pick.meta)
            else:
                value = nodes.first_value(root, (pick.selector,))
            if value:
                note(trace, field, f"selector {pick.selector}")
                return value
    return None


def values(
    roots: tuple[Root, ...],
    meta: PageMeta,
    picks: tuple[Pick, ...],
    field: str,
    trace: Trace | None,
) -> tuple[str, ...]:
    """Every value of the first selector that gives any, in the article, then the page."""
    for root in roots:
        for pick in picks:
            if pick.meta is not None:
                value = meta.get(pick.meta)
                values: tuple[str, ...] = (value,) if value else ()
            else:
                values = nodes.values_of(root, (pick.selector,))
            if values:
                note(trace, field, f"selector {pick.selector}")
                return values
    return ()


def note(trace: Trace | None, field: str, how: str, *, override: bool = False) -> None:
    if trace is not None:
        if override:
            trace.sources.pop(field, None)
        trace.source(field, how)
