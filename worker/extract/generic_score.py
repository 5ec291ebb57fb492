"""Where the article is: the block that holds most of the page's prose and least of its
boilerplate, and which of its chunks are the article's.

Plain Python on the `Layout` of `generic_walk` (no nodes). Each chunk is worth its length
when it reads like prose (a long paragraph with few links) and costs its length when it
is boilerplate (link text, blocks named like comments, share bars, related articles...).
The article is the block whose subtree is worth the most; ties go to the deepest block,
so the article's own wrapper wins over the page around it. Then, as a reader would: the
sibling blocks that are mostly prose join it (a body split in two), prose between the
title and the article is its lead, and out go link lists, short lines between blocks
(labels, dates, credits: a short line of words right before the article's prose is its
heading and stays), headings of what was dropped, and teasers of other articles (a page
of nothing else is a listing, not an article). Thresholds are in characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from worker.extract.cleanup import clean_text
from worker.extract.generic_names import BOILERPLATE, CONTENT, STRICT
from worker.extract.generic_walk import (
    CONTAINER,
    HEADING,
    LIST,
    NAVIGATION,
    PARAGRAPH,
    Chunk,
    Layout,
)

__all__ = ["MIN_ARTICLE", "article_chunks"]

MIN_ARTICLE = 100
"""Below this worth, the best block is not an article."""
_PROSE = 80  # a paragraph this long with few links reads like prose
_LINKY = 0.4  # link share above which a chunk is a link
_WRAPPER_SHARE = 0.5  # a boilerplate-named block holding this share of the prose wraps it
_STRICT_WRAPPER_SHARE = 0.8  # the same for names like comments, cookies, share bars
_SIBLING_GAIN = 2.0  # a sibling block joins the article when its gain is this times its cost
_LEAD_REACH = 30  # chunks before the article's block where its title may stand
_CARDS = 4  # teasers under links come in lists of at least this many...
_TEASER = 250  # ...each shorter than this (a sentence or two)
_TITLE_MIN = 16  # a heading shorter than this is no title
_SHORT_ARTICLE = 50  # the same, for a page of short paragraphs (a poem, a dialogue)
_NOT_HEADING = re.compile(r"[\d:©|]")
_LINE = 12  # lines read as one paragraph are this long on average
_UNITS = frozenset({PARAGRAPH, HEADING, LIST})  # blocks that are parts of an article


def article_chunks(
    layout: Layout, title: str, keep_link: Callable[[str], bool], loose: bool = False
) -> list[int] | None:
    """Indices of the chunks of the article, in reading order; None if there is none, and
    an empty list for a listing of other articles (which no second look should take for
    one).

    Chunks that are mostly link text are left out unless `keep_link` wants them (the line
    rules turn "Baca juga: <link>" into a related article). Prose between the `title` and
    the article's block is its lead, wherever the page's template put it. With `loose`,
    for a page where that found no article, a run of short paragraphs side by side reads
    like prose too (a dialogue, a poem).
    """
    kinds, parents, chunks = layout.kinds, layout.parents, layout.chunks
    if not chunks:
        return None
    prose = _prose(chunks, layout.parents if loose else None, kinds)
    bad = _boilerplate(layout, prose)
    gains, costs = _worth(layout, prose, bad)
    count = len(kinds)
    worth = [g - c for g, c in zip(gains, costs, strict=True)]
    best = max(reversed(range(count)), key=worth.__getitem__)  # the deepest of equals
    if worth[best] < (_SHORT_ARTICLE if loose else MIN_ARTICLE):
        return None
    # an article is more than one paragraph or list: its block is the one around them, when
    # that costs nothing more (an agenda of short items around one long one)
    while kinds[best] in _UNITS and parents[best] > 0 and worth[parents[best]] >= worth[best]:
        best = parents[best]
    inside = [False] * count
    inside[best] = True
    # the article's other parts beside its main block (a second body block, a lead): prose
    # with little boilerplate
    outer = parents[best]
    if outer > 0:
        for i in range(outer + 1, count):
            if parents[i] == outer and not bad[i] and 0 < gains[i] >= costs[i] * _SIBLING_GAIN:
                inside[i] = True
    for i in range(best + 1 if outer <= 0 else outer + 1, count):
        inside[i] = inside[i] or inside[parents[i]]
    kept, dropped = _keep(layout, prose, bad, inside, keep_link)
    chosen = [index for index, keep in enumerate(kept) if keep]
    teasers = _teasers(chunks, prose, dropped, chosen)
    if teasers:
        chosen = [index for index in chosen if index not in teasers]
        if sum(len(chunks[i].text) for i in chosen if prose[i]) < MIN_ARTICLE:
            return []  # a listing page (a section front, search results)
    if chosen:  # prose between the title and the article is its lead
        start = chosen[0]
        for index in range(start - 1, max(start - _LEAD_REACH, 0) - 1, -1):
            if _is_title(chunks[index].text, title, kinds[chunks[index].block]):
                lead = range(index + 1, start)
                chosen[:0] = [i for i in lead if prose[i] and not dropped[i]]
                break
    return chosen


def _boilerplate(layout: Layout, prose: list[bool]) -> list[bool]:
    """Which blocks are boilerplate: named so (and holding no block named like the article
    body), unless a careless template made one the wrapper of the page's prose (a `<nav>`
    never is)."""
    kinds, parents, flags = layout.kinds, layout.parents, layout.flags
    count = len(parents)
    text = [0.0] * count
    for chunk, is_prose in zip(layout.chunks, prose, strict=True):
        if is_prose:
            text[chunk.block] += len(chunk.text)
    content = [flag & CONTENT for flag in flags]
    for i in range(count - 1, 0, -1):
        parent = parents[i]
        text[parent] += text[i]
        content[parent] |= content[i]
    wrapper = _WRAPPER_SHARE * text[0]
    strict = _STRICT_WRAPPER_SHARE * text[0]
    bad = [False] * count
    for i in range(1, count):
        flag = flags[i]
        bad[i] = bad[parents[i]] or (
            flag & BOILERPLATE != 0
            and not content[i]
            and (kinds[i] == NAVIGATION or text[i] < (strict if flag & STRICT else wrapper))
        )
    return bad


def _worth(layout: Layout, prose: list[bool], bad: list[bool]) -> tuple[list[float], list[float]]:
    """What each block's subtree gains (prose, less its link text) and costs (boilerplate
    and link text)."""
    parents = layout.parents
    count = len(parents)
    gains = [0.0] * count
    costs = [0.0] * count
    for chunk, is_prose in zip(layout.chunks, prose, strict=True):
        length = len(chunk.text)
        if bad[chunk.block] or chunk.links > _LINKY * length:
            costs[chunk.block] += length
        elif is_prose:
            gains[chunk.block] += length - chunk.links
    for i in range(count - 1, 0, -1):
        parent = parents[i]
        gains[parent] += gains[i]
        costs[parent] += costs[i]
    return gains, costs


def _keep(
    layout: Layout,
    prose: list[bool],
    bad: list[bool],
    inside: list[bool],
    keep_link: Callable[[str], bool],
) -> tuple[list[bool], list[bool]]:
    """The chunks kept, and those dropped as boilerplate in or next to the article."""
    kinds, chunks = layout.kinds, layout.chunks
    kept = [False] * len(chunks)
    dropped = [False] * len(chunks)
    for index, chunk in enumerate(chunks):
        block = chunk.block
        if bad[block]:
            dropped[index] = True
        elif chunk.links > _LINKY * len(chunk.text):
            dropped[index] = not inside[block] or not keep_link(clean_text(chunk.text))
            kept[index] = not dropped[index]
        elif inside[block]:
            if (
                prose[index]
                or len(chunk.text) >= _PROSE
                or kinds[block] != CONTAINER
                or block in layout.lined  # text cut in paragraphs by <br>s
            ):
                kept[index] = True
            else:  # a short line between blocks: a label, a date, a credit
                dropped[index] = True
    # ...unless it stands right before the article's prose, as a heading does
    for index in range(len(chunks) - 2, -1, -1):
        if (
            dropped[index]
            and kept[index + 1]
            and prose[index + 1]
            and not bad[chunks[index].block]
            and chunks[index].links == 0
            and not _NOT_HEADING.search(chunks[index].text)  # a date, "Photo: ..."
            and chunks[index].text.count(" ") >= 2  # not a label ("Contact", "More info")
            and kinds[chunks[index].block] == CONTAINER
            and inside[chunks[index].block]
        ):
            dropped[index] = False
            kept[index] = True
    # a heading or a "Read more:" line introduces what follows it: when that is dropped, or
    # the article ends, so is the heading
    for index in range(len(chunks) - 2, -1, -1):
        if kept[index] and (dropped[index + 1] or not inside[chunks[index + 1].block]):
            chunk = chunks[index]
            if len(chunk.text) < _PROSE and (
                kinds[chunk.block] == HEADING or chunk.text.endswith(":")
            ):
                kept[index] = False
                dropped[index] = True
    return kept, dropped


def _teasers(
    chunks: list[Chunk], prose: list[bool], dropped: list[bool], chosen: list[int]
) -> set[int]:
    """Teasers of other articles: short prose right under a dropped link (its headline),
    when there are at least `_CARDS` of them. Empty when there are fewer."""
    found = {
        index
        for index in chosen
        if index
        and prose[index]
        and dropped[index - 1]
        and chunks[index - 1].links > _LINKY * len(chunks[index - 1].text)
        and len(chunks[index].text) < _TEASER
    }
    return found if len(found) >= _CARDS else set()


def _is_title(raw: str, title: str, kind: int) -> bool:
    """The page's title, or a heading that holds it or that it holds (a site name)."""
    if raw == title:
        return True
    if kind != HEADING or len(raw) < _TITLE_MIN:
        return False
    text = clean_text(raw)
    return text in title or title in text


def _prose(chunks: list[Chunk], parents: list[int] | None, kinds: list[int]) -> list[bool]:
    """Which chunks belong to a paragraph that reads like prose: lines joined by single
    `<br>`s count as one paragraph; with `parents`, so do paragraphs side by side."""
    result = [False] * len(chunks)
    start = 0
    length = links = 0
    for index, chunk in enumerate(chunks):
        length += len(chunk.text)
        links += chunk.links
        if index + 1 < len(chunks):
            after = chunks[index + 1]
            if chunk.line and after.block == chunk.block:
                continue
            if (
                parents is not None
                and chunk.links <= _LINKY * len(chunk.text)
                and after.links <= _LINKY * len(after.text)
                and kinds[chunk.block] == kinds[after.block] == PARAGRAPH
                and parents[chunk.block] == parents[after.block]
            ):
                continue
        if (
            length >= _PROSE
            and links <= _LINKY * length
            and length >= _LINE * (index + 1 - start)  # lines, not a row of crumbs
        ):
            for i in range(start, index + 1):
                result[i] = True
        start = index + 1
        length = links = 0
    return result
