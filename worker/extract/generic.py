"""The generic extractor: an article from any page, without rules.

Used for outlets without an `extract` section and when an outlet's rules stopped matching
(drift). Simple on purpose: take the title from the page's metadata, remove what is never
article text (navigation, header, footer, asides, scripts, captions), then pick the element
whose paragraphs hold the most text that is not links (a `[itemprop=articleBody]` wins at
once). Its paragraphs go through the shared line rules, after the outlet's own on drift:
they describe the outlet's text, not its layout, so they outlive a redesign.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from selectolax.lexbor import LexborHTMLParser, LexborNode

from worker.errors import ExtractionError
from worker.extract import nodes
from worker.extract.cleanup import CompiledRule, apply_lines, clean_text
from worker.extract.metadata import PageMeta
from worker.extract.parts import Fields

__all__ = ["NAME", "read_generic"]

NAME = "generic"

# Never article text. Not `form`: some sites wrap the whole page in one (ASP.NET).
_JUNK = (
    "script, style, noscript, template, iframe, object, embed, svg, canvas, button, select, "
    "textarea, nav, header, footer, aside, figcaption, dialog, "
    '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], '
    '[role="search"]'
)
_MIN_PARAGRAPH = 25  # characters of a paragraph that counts towards its container's score
_MIN_SCORE = 80  # less text than this in the best container: not an article
_MAX_LINK_SHARE = 0.5
_TITLE_SUFFIX = re.compile(r"\s+[-|–—:·]\s+[^-|–—:·]{1,40}$")


def read_generic(
    tree: LexborHTMLParser, meta: PageMeta, url: str, lines: Sequence[CompiledRule]
) -> Fields:
    """The page's title and body; ExtractionError when there is no title or no article text.

    Removes navigation and other non-article nodes from the tree.
    """
    title = _title(tree, meta)
    if title is None:
        raise ExtractionError(url, "no title")
    nodes.remove_all(tree, (_JUNK,))
    container = _article_body(tree)
    if container is not None:
        paragraphs = nodes.paragraphs_of([container], "p", url)
    else:
        container = _densest_text(tree)
        if container is None:
            raise ExtractionError(url, "no body text")
        paragraphs = nodes.paragraphs_of([container], None, url)
    body = apply_lines(paragraphs, lines)
    if not body.paragraphs:
        raise ExtractionError(url, "no body text")
    return Fields(title=title, body=body)


def _title(tree: LexborHTMLParser, meta: PageMeta) -> str | None:
    for value in (meta.ld.headline, meta.meta.get("og:title"), meta.meta.get("twitter:title")):
        if value:
            return value
    h1 = nodes.first_value(tree, ("h1",))
    if h1:
        return h1
    if meta.title_tag:
        stripped = _TITLE_SUFFIX.sub("", meta.title_tag)
        return stripped if len(stripped) >= 10 else meta.title_tag
    return None


def _article_body(tree: LexborHTMLParser) -> LexborNode | None:
    """The element that holds the article's paragraphs, by schema.org markup or by score."""
    for node in tree.css('[itemprop="articleBody"]'):
        if node.css_first("p") is not None:
            return node
    scores: dict[int, float] = {}
    candidates: dict[int, LexborNode] = {}
    for p in tree.css("p"):
        text = clean_text(p.text())
        if len(text) < _MIN_PARAGRAPH:
            continue
        links = sum(len(clean_text(a.text())) for a in p.css("a"))
        if links > _MAX_LINK_SHARE * len(text):
            continue
        score = float(len(text))
        parent = p.parent
        for share in (1.0, 0.5):
            if parent is None or parent.tag in ("html", "body", None):
                break
            key = parent.mem_id
            scores[key] = scores.get(key, 0.0) + score * share
            candidates[key] = parent
            parent = parent.parent
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    return candidates[best] if scores[best] >= _MIN_SCORE else None


def _densest_text(tree: LexborHTMLParser) -> LexborNode | None:
    """For pages without `<p>`: the block with the most text directly inside it."""
    best: LexborNode | None = None
    best_length = _MIN_SCORE - 1
    for node in tree.css("article, main, section, div, td"):
        length = len(clean_text(node.text(deep=False)))
        if length > best_length:
            best, best_length = node, length
    return best
