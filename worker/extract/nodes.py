"""Reading plain values out of selectolax nodes: the one place that knows about nodes.

Every function here takes nodes of the page being read and returns plain strings, so no
node outlives the parse in `page.read_page`.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from worker.extract.cleanup import clean_text
from worker.extract.parts import Paragraph

__all__ = [
    "absolute_url",
    "first_value",
    "node_value",
    "paragraphs_of",
    "remove_all",
    "select_containers",
    "time_values",
    "values_of",
]

Root = LexborHTMLParser | LexborNode

_LINE_BREAK = "\n"


def absolute_url(href: str | None, base: str) -> str | None:
    """`href` resolved against the page URL; None unless it is an http(s) URL."""
    if not href:
        return None
    href = href.strip()
    try:
        url = urljoin(base, href)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def node_value(node: LexborNode) -> str:
    """A `<meta>`'s content, else the node's visible text; cleaned."""
    if node.tag == "meta":
        return clean_text(node.attributes.get("content") or "")
    return clean_text(node.text())


def first_value(root: Root, selectors: Sequence[str]) -> str | None:
    """The first non-empty value of the first selector that gives one."""
    for selector in selectors:
        for node in root.css(selector):
            value = node_value(node)
            if value:
                return value
    return None


def values_of(root: Root, selectors: Sequence[str]) -> tuple[str, ...]:
    """Every value (de-duplicated, in order) of the first selector that gives any."""
    for selector in selectors:
        values = dict.fromkeys(v for v in (node_value(n) for n in root.css(selector)) if v)
        if values:
            return tuple(values)
    return ()


def time_values(root: Root, selectors: Sequence[str]) -> tuple[str, ...]:
    """Candidate times of the first selector that matches: its `datetime` (or meta
    `content`) attribute first, then its visible text."""
    for selector in selectors:
        for node in root.css(selector):
            attrs = node.attributes
            candidates = (
                attrs.get("datetime") or "",
                attrs.get("content") or "",
                "" if node.tag == "meta" else node.text(),
            )
            found = tuple(c for c in (clean_text(c) for c in candidates) if c)
            if found:
                return found
    return ()


def remove_all(root: Root, selectors: Sequence[str]) -> None:
    """Remove every node matching any of `selectors` (with its subtree) from the page."""
    for selector in selectors:
        for node in root.css(selector):
            node.decompose()


def select_containers(root: Root, selectors: Sequence[str]) -> list[LexborNode]:
    """Every match of the first selector that matches, minus matches nested in another."""
    for selector in selectors:
        nodes = root.css(selector)
        if nodes:
            return _outermost(nodes)
    return []


def paragraphs_of(
    containers: Sequence[LexborNode], selector: str | None, base: str
) -> list[Paragraph]:
    """The paragraphs (`selector`, or the containers themselves) in reading order.

    A `<br>` splits a paragraph in two, as a reader sees it. Each paragraph keeps its first
    link, which a "Baca juga" rule turns into a related article.
    """
    paragraphs: list[Paragraph] = []
    for container in containers:
        for br in container.css("br"):
            br.insert_before(_LINE_BREAK)
        blocks = [container] if selector is None else _outermost(container.css(selector))
        for node in blocks:
            paragraphs.extend(_split(node, base))
    return paragraphs


def _split(node: LexborNode, base: str) -> list[Paragraph]:
    raw = node.text()
    anchor = node.css_first("a[href]")
    link = absolute_url(anchor.attributes.get("href"), base) if anchor is not None else None
    if _LINE_BREAK not in raw:
        text = clean_text(raw)
        return [Paragraph(text, link)] if text else []
    pieces = [clean_text(piece) for piece in raw.split(_LINE_BREAK)]
    pieces = [piece for piece in pieces if piece]
    anchor_text = clean_text(anchor.text()) if anchor is not None else ""
    owner = next((i for i, p in enumerate(pieces) if anchor_text and anchor_text in p), 0)
    return [Paragraph(piece, link if i == owner else None) for i, piece in enumerate(pieces)]


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """`nodes` (in document order) without those inside another of them."""
    if len(nodes) < 2:
        return nodes
    seen: set[int] = set()
    result: list[LexborNode] = []
    for node in nodes:
        parent = node.parent
        nested = False
        while parent is not None:
            if parent.mem_id in seen:
                nested = True
                break
            parent = parent.parent
        if not nested:
            seen.add(node.mem_id)
            result.append(node)
    return result
