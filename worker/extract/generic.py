"""The generic extractor: an article from any page, without rules.

Used for outlets without an `extract` section and when an outlet's rules stopped matching
(drift). One walk over the page gives its text as chunks with their block structure
(`generic_walk`); scoring picks the block that holds the article and the chunks that are
its text (`generic_score`). A JSON-LD `articleBody` stands in when it is much longer than
what the page gave and the page shows it. The paragraphs then go through the shared line
rules, after the outlet's own on drift: they describe the outlet's text, not its layout,
so they outlive a redesign. Times, authors, image and language come from the page's
metadata, in `page.py`, as for the outlet rules.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Sequence

from selectolax.lexbor import LexborHTMLParser

from worker.errors import ExtractionError
from worker.extract import nodes
from worker.extract.cleanup import CompiledRule, apply_lines, clean_text
from worker.extract.generic_score import article_chunks
from worker.extract.generic_walk import Layout, walk
from worker.extract.metadata import PageMeta
from worker.extract.nodes import absolute_url
from worker.extract.parts import Fields, Paragraph

__all__ = ["NAME", "read_generic"]

NAME = "generic"

_TITLE_SUFFIX = re.compile(r"\s+[-|–—:·]\s+[^-|–—:·]{1,40}$")
_TAGS = re.compile(r"<[^>]*>")
# JSON-LD articleBody stands in for the page's text when that is less than half as long,
# and the page shows most of a sample of its word sequences
_LD_SHARE = 0.5
_LD_MIN_WORDS = 40
_LD_WINDOW = 6
_LD_SAMPLES = 5
_KEPT_LINK_ACTIONS = frozenset({"related", "drop", "drop_rest", "attribution", "editor", "byline"})


def read_generic(
    tree: LexborHTMLParser, meta: PageMeta, url: str, lines: Sequence[CompiledRule]
) -> Fields:
    """The page's title and body; ExtractionError when there is no title or no article text."""
    title = _title(tree, meta)
    if title is None:
        raise ExtractionError(url, "no title")
    layout = walk(tree)
    link_rules = [rule.pattern for rule in lines if rule.action in _KEPT_LINK_ACTIONS]
    keep_link = lambda text: _ruled(text, link_rules)  # noqa: E731
    chosen = article_chunks(layout, title, keep_link)
    if chosen is None:  # the article may be in a block the walk skipped as small boilerplate,
        # or be all short paragraphs
        layout = walk(tree, skip=False)
        chosen = article_chunks(layout, title, keep_link, loose=True)
        if chosen is None:  # or be a list of links (a blogroll post, a link digest)
            layout = dataclasses.replace(
                layout, chunks=[chunk._replace(links=0) for chunk in layout.chunks]
            )
            chosen = article_chunks(layout, title, keep_link, loose=True)
    chosen = chosen or []
    paragraphs: list[Paragraph] = []
    length = 0
    for index in chosen:
        chunk = layout.chunks[index]
        text = clean_text(chunk.text)
        if text and text != title:
            paragraphs.append(Paragraph(text, chunk.href))  # made absolute when used
            length += len(text)
    written = meta.ld.body
    if written is not None and len(written) > _LD_SHARE * length:
        from_ld = _ld_paragraphs(written, layout)
        if from_ld is not None and sum(map(len, from_ld)) * _LD_SHARE > length:
            paragraphs = [Paragraph(text, None) for text in from_ld]
    if not paragraphs:
        raise ExtractionError(url, "no body text")
    body = apply_lines(paragraphs, lines)
    if not body.paragraphs:
        raise ExtractionError(url, "no body text")
    if body.related:
        related = tuple((name, absolute_url(link, url)) for name, link in body.related)
        body = dataclasses.replace(body, related=related)
    return Fields(title=title, body=body)


def _ld_paragraphs(written: str, layout: Layout) -> list[str] | None:
    """The paragraphs of a JSON-LD `articleBody` when it is long enough and the page shows
    it (a sample of its word sequences is in the page's text); None otherwise."""
    if "<" in written:
        written = _TAGS.sub(" ", written)
    if "&" in written:
        written = html.unescape(written)
    paragraphs = [p for p in (clean_text(line) for line in written.splitlines()) if p]
    words = " ".join(paragraphs).split()
    if len(words) < _LD_MIN_WORDS:
        return None
    page = " ".join(" ".join(chunk.text for chunk in layout.chunks).split())
    step = (len(words) - _LD_WINDOW) // (_LD_SAMPLES - 1)
    found = sum(
        " ".join(words[i * step : i * step + _LD_WINDOW]) in page for i in range(_LD_SAMPLES)
    )
    return paragraphs if found * 2 > _LD_SAMPLES else None


def _ruled(text: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    """True if a line rule takes this chunk of link text in hand ("Baca juga: <link>")."""
    return any(pattern.search(text) for pattern in patterns)


def _title(tree: LexborHTMLParser, meta: PageMeta) -> str | None:
    for value in (meta.ld.headline, meta.meta.get("og:title"), meta.meta.get("twitter:title")):
        if value:
            return value
    h1 = nodes.first_value(tree, ("h1",))
    if h1:
        return h1
    title_tag = meta.title_tag or nodes.first_value(tree, ("title",))
    if title_tag:
        stripped = _TITLE_SUFFIX.sub("", title_tag)
        return stripped if len(stripped) >= 10 else title_tag
    return None
