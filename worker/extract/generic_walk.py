"""One pass over a parsed page: its text as chunks, in reading order, with the block
structure around them, as plain values.

This is the only part of the generic extractor that touches selectolax nodes, and the
costliest: every call into a node costs a few hundred nanoseconds, so it visits each node
at most once, reads only the tag id, a text node's text and a block's attributes, and does
not enter what is never article text (scripts, hidden blocks, small navigation and
boilerplate blocks). Everything decided afterwards is plain Python on the `Layout` it
returns, so no node outlives this call.

A chunk is the text between two block boundaries (a `<p>`, a `<div>`, a `<br>`...): what
a reader sees as one paragraph or line. Chunks keep how much of their text is link text
and their first link, which the "Baca juga" rules turn into related articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from worker.extract.generic_names import BOILERPLATE, CONTENT, HIDDEN, STRICT, name_flags

__all__ = ["Chunk", "Layout", "walk"]

SMALL_SHARE = 0.25
"""A landmark (nav, footer...) or a block named like what never wraps the article (comments,
cookie bars...) with less than this share of the page's text is skipped."""
TINY_SHARE = 0.1
"""Any other block named like boilerplate with less than this share of the text is skipped."""
_MEASURE = 16  # text measured for that, in `small`s: at most 4 times the page's text


class Chunk(NamedTuple):
    block: int
    """Index of the innermost block element holding the chunk."""
    text: str
    """As in the page, ends stripped. `clean_text` makes it what a reader sees, only for the
    chunks kept: cleaning them all would cost a third of the walk."""
    links: int
    """Characters of the text that are inside links."""
    href: str | None
    """The chunk's first link, as written in the page."""
    line: bool = False
    """True when a single `<br>` ends the chunk: the next one continues its paragraph."""
    skipped: int = 0
    """For the empty chunk standing for a skipped boilerplate block: its text's length."""


# Block kinds, kept per block: what a block element is to a reader.
CONTAINER = 0  # div, section, td...: holds paragraphs
PARAGRAPH = 1  # p, li, blockquote...: a unit of text
HEADING = 2  # h1-h6
LIST = 3  # ul, ol, dl, table: holds items
ARTICLE = 4  # article, main: says it holds the article
LANDMARK = 5  # footer, aside: says it does not (unless it holds it all)
HEADER = 6  # header: the page's head, or an article's (with its lead)
CELL = 7  # td, th: a table's cell
NAVIGATION = 8  # nav, menu: never the article, even when it holds all the page's text


@dataclass(slots=True)
class Layout:
    """The page's block elements (index 0 is `<body>`) and its text chunks in order."""

    kinds: list[int] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    """Index of each block's nearest block ancestor; -1 for the body."""
    flags: list[int] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    lined: set[int] = field(default_factory=set)
    """Blocks whose text is cut in lines by `<br>`s (what a reader sees as paragraphs)."""


_SKIP_TAGS = (
    "script style noscript template iframe object embed svg math canvas video audio map "
    "button select textarea input option label figure figcaption dialog time head title rt rp"
)
_BLOCK_TAGS = {
    CONTAINER: "div section center form fieldset details address body caption",
    CELL: "td th",
    PARAGRAPH: "p li dd dt blockquote pre summary legend",
    HEADING: "h1 h2 h3 h4 h5 h6",
    LIST: "ul ol dl table tr tbody thead tfoot",
    ARTICLE: "article main",
    LANDMARK: "footer aside",
    NAVIGATION: "nav menu",
    HEADER: "header",
}
_BREAK_TAGS = "br hr"
# kinds whose class and id are read (paragraphs too: a caption, an author's bio)
_NAMED = frozenset({CONTAINER, LIST, ARTICLE, LANDMARK, HEADER, NAVIGATION, PARAGRAPH})

# what a node is to the walk, by lexbor tag id
_INLINE, _SKIP, _BREAK, _LINK = -1, -2, -3, -4
_TEXT_ID = 2
_TAGGED = 8  # a flag beside the names': boilerplate by its tag or role
_LAST_SPECIAL_ID = 5  # lexbor: text, document, comment, doctype, ...


def _tag_ids() -> dict[int, int]:
    """Lexbor's tag ids of the tags above, read from a tiny parse once at import."""
    names: dict[str, int] = {name: _SKIP for name in _SKIP_TAGS.split()}
    for kind, tags in _BLOCK_TAGS.items():
        names.update((name, kind) for name in tags.split())
    names.update((name, _BREAK) for name in _BREAK_TAGS.split())
    names["a"] = _LINK
    probe = LexborHTMLParser("")
    ids: dict[int, int] = {}
    for name, kind in names.items():
        node = probe.create_node(name)
        ids[node.tag_id] = kind
    return ids


_KIND_BY_TAG = _tag_ids()
_BR_ID = LexborHTMLParser("").create_node("br").tag_id

_LANDMARK_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def walk(tree: LexborHTMLParser, skip: bool = True) -> Layout:
    """The page's chunks and blocks; an empty layout when the page has no `<body>`.

    With `skip` false, small landmarks and boilerplate blocks are entered too: for a page
    whose article the first walk did not find (a template that puts it in an `<aside>`).
    """
    layout = Layout()
    body = tree.body
    if body is None:
        return layout
    layout.kinds.append(CONTAINER)
    layout.parents.append(-1)
    layout.flags.append(0)
    size = 0  # the body's text, without the scripts at its end
    for child in body.iter(include_text=True) if skip else ():
        if _KIND_BY_TAG.get(child.tag_id) != _SKIP:
            size += len(_text(child))
    if not skip:
        size = 0
    _read(body, layout, SMALL_SHARE * size, TINY_SHARE * size)
    return layout


def _read(body: LexborNode, layout: Layout, small: float, tiny: float) -> None:
    """The walk itself: depth first by first child and next sibling, so that subtrees that
    are never article text (scripts, navigation, hidden blocks) are not entered at all.

    A landmark or a block named like boilerplate is not entered either (it stands as one
    empty chunk) when it holds less than `small` characters of text (`tiny` for a block
    only named so): a bigger one may be a careless template's wrapper of the whole page,
    which the scoring tells apart.
    """
    kinds, parents, flags, chunks = layout.kinds, layout.parents, layout.flags, layout.chunks
    lined = layout.lined
    kind_by_tag = _KIND_BY_TAG
    # module constants as locals: this loop runs once per node
    text_id, last_special, br_id = _TEXT_ID, _LAST_SPECIAL_ID, _BR_ID
    inline, skip, brk, link, article = _INLINE, _SKIP, _BREAK, _LINK, ARTICLE
    named, flush, read_flags = _NAMED, _flush, _flags
    # the open elements: the node, what it is, the block that was current before it
    stack: list[tuple[LexborNode, int, int]] = []
    block = 0  # the innermost open block
    pieces: list[str] = []  # text of the chunk being read
    link_chars = 0
    href: str | None = None
    links = 0  # open <a> elements
    articles = 0  # open <article> and <main> elements
    # text measured to decide on skipping: nested boilerplate blocks are measured again at
    # each level, so a page of thousands of them would take quadratic time without a cap
    budget = _MEASURE * small
    node = body.first_child
    while True:
        if node is None:
            if not stack:
                break
            parent, kind, before = stack.pop()
            if kind >= 0:
                if pieces:
                    flush(chunks, block, pieces, link_chars, href)
                    pieces = []
                link_chars, href = 0, None
                block = before
                if kind == article:
                    articles -= 1
            elif kind == link:
                links -= 1
            node = parent.next
            continue
        tag = node.tag_id
        if tag == text_id:
            if not node.is_empty_text_node:
                try:
                    text = node.text_lexbor()
                except UnicodeDecodeError:
                    text = node.text()
                pieces.append(text)
                if links:
                    link_chars += len(text)
            elif pieces:
                pieces.append(" ")
            node = node.next
            continue
        kind = kind_by_tag.get(tag, inline)
        if kind == inline:  # the most common element: only its children matter
            child = node.first_child
            if child is not None and tag > last_special:  # not a comment, doctype...
                stack.append((node, kind, block))
                node = child
            else:
                node = node.next
            continue
        if kind == skip:
            node = node.next
            continue
        if kind == brk:
            lined.add(block)
            if pieces:
                flush(chunks, block, pieces, link_chars, href, tag == br_id)
                pieces = []
            elif chunks and chunks[-1].line:  # a second <br>: the paragraph ends
                chunks[-1] = chunks[-1]._replace(line=False)
            link_chars, href = 0, None
            node = node.next
            continue
        before = block
        if kind >= 0:
            flag = read_flags(node, kind, articles > 0) if kind in named else 0
            if flag < 0:
                node = node.next
                continue
            if pieces:
                flush(chunks, block, pieces, link_chars, href)
                pieces = []
            link_chars, href = 0, None
            if not flag & BOILERPLATE or flag & CONTENT:
                limit = 0.0
            elif flag & _TAGGED or kind == LIST:  # landmarks and lists do not wrap articles
                limit = small
            else:
                limit = tiny
            size = 0
            if limit and budget > 0:
                size = len(_text(node))
                budget -= size
            if size < limit and budget > 0:  # not measured: entered, the scoring decides
                parents.append(block)
                chunks.append(Chunk(len(kinds), "", 0, None, False, size))
                kinds.append(kind)
                flags.append(flag)
                node = node.next
                continue
            parents.append(block)
            block = len(kinds)
            kinds.append(kind)
            flags.append(flag)
            if kind == article:
                articles += 1
        elif kind == link:
            links += 1
            if href is None:
                href = node.attributes.get("href")
        stack.append((node, kind, before))
        node = node.first_child
    if pieces:
        flush(chunks, block, pieces, link_chars, href)


def _text(node: LexborNode) -> str:
    """The node's text, by lexbor (one C call); by selectolax, which replaces what is not
    UTF-8, where lexbor's would not decode."""
    try:
        return node.text_lexbor()
    except UnicodeDecodeError:
        return node.text()


def _flush(
    chunks: list[Chunk],
    block: int,
    pieces: list[str],
    links: int,
    href: str | None,
    line: bool = False,
) -> None:
    text = "".join(pieces).strip()
    if text:
        chunks.append(Chunk(block, text, min(links, len(text)), href, line))


def _flags(node: LexborNode, kind: int, in_article: bool) -> int:
    """The name flags of a block, from its tag and attributes; -1 when it is hidden."""
    if kind == NAVIGATION:
        flag = BOILERPLATE | STRICT | _TAGGED
    elif kind == LANDMARK or (kind == HEADER and not in_article):
        flag = BOILERPLATE | _TAGGED
    else:
        flag = 0
    attrs = node.attributes
    names = attrs.get("class")
    if len(attrs) > (names is not None):  # more than a class: an id, a role, a style...
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return -1
        style = attrs.get("style")
        if style and _HIDDEN_STYLE.search(style):
            return -1
        role = attrs.get("role")
        if role and role.lower() in _LANDMARK_ROLES:
            flag |= BOILERPLATE | _TAGGED
        if attrs.get("itemprop") == "articleBody":
            flag |= CONTENT
        ident = attrs.get("id")
        if ident:
            names = f"{names} {ident}" if names else ident
    if names:
        found = name_flags(names)
        if found == HIDDEN:
            return -1
        flag |= found
    return flag
