"""Reading plain values out of selectolax nodes: the one place that knows about nodes.

Every function here takes nodes of the page being read and returns plain strings, so no
node outlives the parse in `page.read_page`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborCSSSelector, LexborHTMLParser, LexborNode

from worker.extract.cleanup import clean_text
from worker.extract.parts import Paragraph

__all__ = [
    "absolute_url",
    "css",
    "css_first",
    "drop_all",
    "first_link",
    "first_value",
    "node_value",
    "paragraphs_of",
    "remove_all",
    "select_containers",
    "text_of",
    "time_values",
    "values_of",
]

Root = LexborHTMLParser | LexborNode
_T = TypeVar("_T")

_FIND_FIRST = "find_first"  # LexborCSSSelector's early-stopping search (not in its stub)


class _Engine(threading.local):
    """One CSS engine per thread, for every page.

    selectolax creates a CSS engine (parser, selector tables) for each parsed page on its
    first query and frees it with the page: about a tenth of the cost of parsing a small
    page. The engine holds no page of its own between queries, so one can serve them all;
    per thread, as a query keeps its results on it while it runs.
    """

    def __init__(self) -> None:
        self.selector = LexborCSSSelector()  # type: ignore[no-untyped-call]  # (stub)
        self.find_first: Callable[[str, LexborNode], list[LexborNode]] = getattr(
            self.selector, _FIND_FIRST
        )


_ENGINE = _Engine()


def css(root: Root, query: str) -> list[LexborNode]:
    """`root.css(query)`, by the shared engine; a node matched by two parts of a selector
    list ("p, .lead") comes once, as the reader sees it once."""
    node = root.root if isinstance(root, LexborHTMLParser) else root
    if node is None:
        return []
    found = _ENGINE.selector.find(query, node)
    if "," not in query or len(found) < 2:
        return found
    unique: dict[int, LexborNode] = {}
    for match in found:
        unique.setdefault(match.mem_id, match)
    return list(unique.values())


def css_first(root: Root, query: str) -> LexborNode | None:
    """`root.css_first(query)`, by the shared engine (it stops at the first match)."""
    node = root.root if isinstance(root, LexborHTMLParser) else root
    found = _ENGINE.find_first(query, node) if node is not None else None
    return found[0] if found else None


# Marks a <br> in the text: a character of the Private Use Area, never in a page's text,
# unlike "\n", which pages use to wrap their source lines inside a paragraph.
_LINE_BREAK = "\ue000"


def absolute_url(href: str | None, base: str) -> str | None:
    """`href` resolved against the page URL; None unless it is an http(s) URL."""
    if not href:
        return None
    href = href.strip()
    if href.startswith(("https://", "http://")) and " " not in href:
        return href  # already absolute: no urljoin (the common case, and a slow call)
    try:
        url = urljoin(base, href)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def text_of(node: LexborNode) -> str:
    """The node's text (all descendants), raw: lexbor's own text content, which is about
    twice as fast as `node.text()` and gives the same string."""
    try:
        return node.text_lexbor()
    except UnicodeDecodeError:
        return node.text()


def node_value(node: LexborNode) -> str:
    """A `<meta>`'s content, else the node's visible text; cleaned."""
    if node.tag == "meta":
        return clean_text(node.attributes.get("content") or "")
    return clean_text(text_of(node))


def first_link(node: LexborNode) -> LexborNode | None:
    """The first `<a href>` inside `node`, in document order.

    A walk in Python: several times faster than `node.css_first("a[href]")`, whose selector
    is parsed anew on every call, and this runs once per paragraph.
    """
    pending: list[LexborNode] = []
    child = node.first_child
    while child is not None:
        if child.tag == "a" and child.attributes.get("href"):
            return child
        below = child.first_child
        if below is not None:
            if child.next is not None:
                pending.append(child.next)
            child = below
            continue
        child = child.next
        if child is None and pending:
            child = pending.pop()
    return None


def _first_found(
    root: Root, selectors: Sequence[str], read: Callable[[LexborNode], _T]
) -> _T | None:
    """What `read` gives for the first match that gives anything, of the first selector
    that has one. css_first stops at the first match, where most pages answer: far cheaper
    than a walk of the whole page; the other matches only when it gives nothing."""
    for selector in selectors:
        node = css_first(root, selector)
        if node is None:
            continue
        value = read(node)
        if value:
            return value
        for node in css(root, selector)[1:]:
            value = read(node)
            if value:
                return value
    return None


def first_value(root: Root, selectors: Sequence[str]) -> str | None:
    """The first non-empty value of the first selector that gives one."""
    return _first_found(root, selectors, node_value)


def values_of(root: Root, selectors: Sequence[str]) -> tuple[str, ...]:
    """Every value (de-duplicated, in order) of the first selector that gives any."""
    for selector in selectors:
        values = dict.fromkeys(v for v in (node_value(n) for n in css(root, selector)) if v)
        if values:
            return tuple(values)
    return ()


def time_values(root: Root, selectors: Sequence[str]) -> tuple[str, ...]:
    """Candidate times of the first selector that matches: its `datetime` (or meta
    `content`) attribute first, then its visible text."""
    return _first_found(root, selectors, _time_candidates) or ()


def _time_candidates(node: LexborNode) -> tuple[str, ...]:
    attrs = node.attributes
    candidates = (
        attrs.get("datetime") or "",
        attrs.get("content") or "",
        "" if node.tag == "meta" else text_of(node),
    )
    return tuple(c for c in (clean_text(c) for c in candidates) if c)


def remove_all(root: Root, selectors: Sequence[str]) -> None:
    """Remove every node matching any of `selectors` (with its subtree) from the page."""
    for selector in selectors:
        for node in css(root, selector):
            node.decompose()


def drop_all(container: LexborNode, selectors: Sequence[str]) -> None:
    """Remove every node matching any of `selectors` inside `container`, in one query.

    One selector list costs about half of separate queries; the outermost matches only are
    removed (removing a node frees the nodes inside it).
    """
    if not selectors:
        return
    stop = container.mem_id
    found = [node for node in css(container, ", ".join(selectors)) if node.mem_id != stop]
    for node in _outermost(found, stop):
        node.decompose()


def select_containers(root: Root, selectors: Sequence[str]) -> list[LexborNode]:
    """Every match of the first selector that matches, minus matches nested in another."""
    for selector in selectors:
        nodes = css(root, selector)
        if nodes:
            return _outermost(nodes)
    return []


def paragraphs_of(
    containers: Sequence[LexborNode], selector: str | None, base: str
) -> list[Paragraph]:
    """The paragraphs (`selector`, or the containers themselves) in reading order.

    A `<br>` splits a paragraph in two, as a reader sees it. Each paragraph keeps its first
    link, which a "Baca juga" rule turns into a related article. One query per container
    finds the paragraphs, the line breaks and the links together (each query has a fixed
    cost of several microseconds, as much as reading a few paragraphs).
    """
    paragraphs: list[Paragraph] = []
    for container in containers:
        stop = container.mem_id
        if selector is None:
            blocks = [container]
            anchors = []
            for node in css(container, f"br, {_LINK}"):
                if node.tag == "br":
                    node.insert_before(_LINE_BREAK)
                else:
                    anchors.append(node)
        else:
            names_a = _NAMES_A.search(selector)
            found = css(container, f"{selector}, br" + ("" if names_a else f", {_LINK}"))
            blocks, anchors = [], []
            for node in found:
                tag = node.tag_id
                if tag == _BR:
                    node.insert_before(_LINE_BREAK)
                elif tag == _A and node.mem_id != stop:
                    anchors.append(node)
                else:
                    blocks.append(node)
            blocks = _outermost(blocks, stop)
            if names_a:
                anchors = css(container, _LINK)
        links = _block_links(blocks, anchors, stop) if anchors else {}
        for node in blocks:
            block_links = links.get(node.mem_id, ()) if links else ()
            raw = text_of(node)
            if _LINE_BREAK in raw:
                paragraphs.extend(_split(raw, base, block_links))
                continue
            text = clean_text(raw)
            if text:
                href = block_links[0].attributes.get("href") if block_links else None
                paragraphs.append(Paragraph(text, absolute_url(href, base)))
    return paragraphs


_BR, _A = (LexborHTMLParser(f"<{tag}>").css(tag)[0].tag_id for tag in ("br", "a"))
"""lexbor's ids of the tags: comparing them costs a fifth of reading `node.tag`."""
_LINK = 'a[href]:not([href=""])'

_NAMES_A = re.compile(r"(?:^|[\s,>+~(])a(?:$|[\s,>+~).#\[:])")


def _block_links(
    blocks: list[LexborNode], anchors: list[LexborNode], stop: int
) -> dict[int, list[LexborNode]]:
    """The `<a href>`s inside each block (by `mem_id`), in document order: each anchor walks
    up to the block that holds it (anchors are few; blocks are many)."""
    ids = {block.mem_id for block in blocks}
    if len(blocks) == 1 and blocks[0].mem_id == stop:
        ids.add(stop)
    links: dict[int, list[LexborNode]] = {}
    for anchor in anchors:  # all `_LINK`s
        node: LexborNode | None = anchor
        while node is not None:
            mem_id = node.mem_id
            if mem_id in ids:
                links.setdefault(mem_id, []).append(anchor)
                break
            if mem_id == stop:
                break
            node = node.parent
    return links


def _split(raw: str, base: str, anchors: Sequence[LexborNode]) -> list[Paragraph]:
    """A paragraph's text split at its line breaks; each link goes to the first piece (from
    the previous link's on) that holds its text, as "Baca juga" lines do."""
    pieces = [clean_text(piece) for piece in raw.split(_LINE_BREAK)]
    pieces = [piece for piece in pieces if piece]
    owned: dict[int, str | None] = {}
    start = 0
    for anchor in anchors:
        anchor_text = clean_text(text_of(anchor).replace(_LINE_BREAK, " "))
        index = next(
            (i for i in range(start, len(pieces)) if anchor_text and anchor_text in pieces[i]),
            None,
        )
        if index is None:
            continue
        owned.setdefault(index, absolute_url(anchor.attributes.get("href"), base))
        start = index + 1
    if not owned and anchors and pieces:  # no link text found: the block's link, first piece
        owned[0] = absolute_url(anchors[0].attributes.get("href"), base)
    return [Paragraph(piece, owned.get(i)) for i, piece in enumerate(pieces)]


def _outermost(nodes: list[LexborNode], stop: int | None = None) -> list[LexborNode]:
    """`nodes` (in document order) without those inside another of them; `stop` is the
    `mem_id` of a node they are all inside (the walk up ends there)."""
    if len(nodes) < 2:
        return nodes
    seen: set[int] = set()
    result: list[LexborNode] = []
    for node in nodes:
        parent = node.parent
        nested = False
        while parent is not None:
            mem_id = parent.mem_id
            if mem_id == stop:
                break
            if mem_id in seen:
                nested = True
                break
            parent = parent.parent
        if not nested:
            seen.add(node.mem_id)
            result.append(node)
    return result
