"""Rule-based extraction: an outlet's `extract` section (selectors, sources, line rules).

A `Profile` is built once per outlet: line rules compiled together with the shared ones,
and each selector sorted into a meta-tag lookup (`meta[name=...]`, answered from the
page's meta tags, no scan of the page) or a CSS query (`picks`). `read_profile` applies it
to a parsed page: the article data named in `source` first (`__NEXT_DATA__`, JSON-LD),
then the selectors; it gives `Fields`, or why the rules no longer match the page (`drift`),
and the caller falls back to the generic extractor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from worker.config import ExtractRules
from worker.extract import drift, nodes, picks
from worker.extract.cleanup import (
    SHARED_RULES,
    CompiledRule,
    LineRules,
    apply_lines,
    compile_rules,
)
from worker.extract.explain import Trace
from worker.extract.metadata import PageMeta
from worker.extract.parts import Body, Fields, Paragraph
from worker.extract.picks import Pick, Root
from worker.extract.source import DataArticle, read_json_article, text_paragraphs

__all__ = ["Profile", "Suspect", "page_paragraphs", "read_more_profile", "read_profile"]


@dataclass(frozen=True, slots=True)
class Suspect:
    """Fields the rules found on a page that no longer looks like their layout: the body is
    a small part of the article's text, or holds boilerplate the line rules take out. The
    generic extractor is tried; if it finds nothing, these are used (marked as drift)."""

    fields: Fields
    reason: str


@dataclass(frozen=True, slots=True)
class Profile:
    """An outlet's extraction rules, ready to apply (every regex compiled)."""

    outlet_id: str
    rules: ExtractRules
    lines: tuple[CompiledRule, ...]
    title: tuple[Pick, ...] = ()
    published: tuple[Pick, ...] = ()
    updated: tuple[Pick, ...] = ()
    authors: tuple[Pick, ...] = ()
    editor: tuple[Pick, ...] = ()
    tags: tuple[Pick, ...] = ()
    section: tuple[Pick, ...] = ()
    meta_keys: frozenset[str] = frozenset()
    """Meta names the selectors read: `read_metadata` keeps them."""
    published_meta: tuple[str, ...] = ()
    updated_meta: tuple[str, ...] = ()
    """The meta names among the time selectors: trusted before the other selectors."""

    @classmethod
    def build(cls, outlet_id: str, rules: ExtractRules) -> Profile:
        def picks_of(field: str) -> tuple[Pick, ...]:
            return tuple(picks.pick(s) for s in getattr(rules, field))

        published, updated = picks_of("published"), picks_of("updated")
        fields = {
            "title": picks_of("title"),
            "authors": picks_of("authors"),
            "editor": picks_of("editor"),
            "tags": picks_of("tags"),
            "section": picks_of("section"),
        }
        keys = frozenset(
            p.meta for group in (*fields.values(), published, updated) for p in group if p.meta
        )
        return cls(
            outlet_id,
            rules,
            LineRules(compile_rules(rules.lines) + SHARED_RULES),
            published=published,
            updated=updated,
            meta_keys=keys,
            published_meta=tuple(p.meta for p in published if p.meta),
            updated_meta=tuple(p.meta for p in updated if p.meta),
            **fields,
        )

    @property
    def name(self) -> str:
        """The `extractor` value of the items this profile makes."""
        return f"profile:{self.outlet_id}"


def read_profile(
    tree: LexborHTMLParser,
    meta: PageMeta,
    profile: Profile,
    base_url: str,
    *,
    times: bool = True,
    trace: Trace | None = None,
) -> Fields | Suspect | str:
    """The page's fields by the outlet's rules, or why the rules do not match it (drift):
    a `Suspect` when they found fields that look wrong, a reason when they found none.

    `times` False: the page's metadata already holds trusted times, so the rules' time
    selectors are not read. Removes the rules' `drop` nodes from the tree.

    Selectors other than the title's and the body's are tried first inside the article:
    the smallest element holding both the title and the body. A query there walks a part
    of the page instead of all of it, and it prefers the article's own byline to a
    sidebar's.
    """
    rules = profile.rules
    source = rules.source
    data: DataArticle | None = None
    if source is not None and source.next_data is not None:
        data = read_json_article(tree, source.next_data, rules, base_url)
        if trace is not None:
            trace.source("(source)", "next_data" if data else "next_data missing: selectors")
    title_node: LexborNode | None = None
    title = data.title if data is not None and data.title else None
    if title is not None:
        picks.note(trace, "title", "source.next_data")
    else:
        title, title_node = picks.title_of(tree, meta, profile.title, trace)
    if not title:
        return "no title (the 'title' selectors match nothing)"

    paragraphs: Sequence[Paragraph] = data.paragraphs if data is not None else ()
    if paragraphs:
        picks.note(trace, "body", "source.next_data")
    elif source is not None and source.json_ld_body and meta.ld.body:
        paragraphs = text_paragraphs(meta.ld.body)
        picks.note(trace, "body", "source.json_ld_body (JSON-LD articleBody)")
    roots: tuple[Root, ...] = (tree,)
    containers: list[LexborNode] = []
    article: LexborNode | None = None
    if not paragraphs:
        containers = nodes.select_containers(tree, rules.body)
        if not containers:
            return "no body (the 'body' selectors match nothing)"
        article = picks.article_of(title_node, containers[0])
        roots = (article, tree) if article is not None else (tree,)
    # the other fields before the body's `drop` removal: a tag list inside a dropped box
    # is still the page's tag list
    other = _others(roots, meta, profile, data, times, trace)
    if containers:
        paragraphs = page_paragraphs(containers, rules, base_url)
        if trace is not None:
            matched = _matched(tree, rules.body)
            trace.source("body", f"body {matched}, paragraphs {rules.paragraphs}")
    body = apply_lines(paragraphs, profile.lines, trace=trace)
    text = body.text
    reason = drift.no_body(body, rules.min_body_chars, text)
    if reason is not None:
        return reason
    fields = Fields(title, body, *other)
    # read after the `drop` removal, as the body is (the tree is only read from here on)
    page_chars = drift.article_text_chars(article or tree.body, len(text)) if containers else 0
    reason = drift.suspect(text, page_chars)
    return fields if reason is None else Suspect(fields, reason)


class _Others(NamedTuple):
    """The fields besides title and body, in the order of `Fields`."""

    published: tuple[str, ...]
    updated: tuple[str, ...]
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    section: str | None
    editor: str | None
    image: str | None


def _others(
    roots: tuple[Root, ...],
    meta: PageMeta,
    profile: Profile,
    data: DataArticle | None,
    times: bool,
    trace: Trace | None,
) -> _Others:
    """Authors, editor, times, tags and section: a JSON source's first, then the rules'."""
    authors, editor = picks.people(roots, meta, profile.authors, profile.editor, trace)
    published: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    if times:
        published, updated = picks.times(roots, meta, profile.published, profile.updated, trace)
    tags: tuple[str, ...] = ()
    section: str | None = None
    if data is not None:
        published = (data.published, *published) if data.published else published
        updated = (data.updated, *updated) if data.updated else updated
        if trace is not None:
            for value in (data.published, data.updated, data.image):
                if value:
                    trace.labels[value] = "source.next_data"
            if data.image:
                picks.note(trace, "image_url", "source.next_data")
        if data.authors:
            authors = data.authors
            picks.note(trace, "authors", "source.next_data", override=True)
        if data.editor:
            editor = data.editor
            picks.note(trace, "editor", "source.next_data", override=True)
        tags, section = data.tags, data.section
        if tags:
            picks.note(trace, "tags", "source.next_data")
        if section:
            picks.note(trace, "section", "source.next_data")
    tags = tags or picks.values(roots, meta, profile.tags, "tags", trace)
    section = section or picks.first(roots, meta, profile.section, "section", trace)
    image = data.image if data is not None else None
    return _Others(published, updated, authors, tags, section, editor, image)


def page_paragraphs(
    containers: list[LexborNode], rules: ExtractRules, base_url: str
) -> list[Paragraph]:
    """The paragraphs of the body containers, the rules' `drop` nodes removed first."""
    if rules.drop:
        for container in containers:
            nodes.drop_all(container, rules.drop)
    return nodes.paragraphs_of(containers, rules.paragraphs, base_url)


def read_more_profile(
    tree: LexborHTMLParser, profile: Profile, base_url: str, trace: Trace | None = None
) -> Body | None:
    """The body of a following page of a split article (its title and metadata repeat
    the first page's); None when the rules find no body on it."""
    rules = profile.rules
    paragraphs: Sequence[Paragraph] = ()
    if rules.source is not None and rules.source.next_data is not None:
        data = read_json_article(tree, rules.source.next_data, rules, base_url)
        paragraphs = data.paragraphs if data is not None else ()
    if not paragraphs:
        containers = nodes.select_containers(tree, rules.body)
        paragraphs = page_paragraphs(containers, rules, base_url) if containers else ()
    body = apply_lines(paragraphs, profile.lines, opening=False, trace=trace)
    return body if body.paragraphs else None


def _matched(tree: LexborHTMLParser, selectors: Sequence[str]) -> str:
    """The first body selector that matches (only for --explain)."""
    return next((s for s in selectors if tree.css_first(s) is not None), selectors[0])
