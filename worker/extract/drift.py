"""Why a page no longer looks like the layout its outlet's rules describe.

Hard signs (no body text, or less than `min_body_chars`): the rules give nothing usable.
Soft signs: the body is a small part of the article text the page shows (the rules'
body selector now matches a part of the article), or boilerplate that the line rules take
out is left in it (a "Baca juga" merged into a paragraph). Either way the generic
extractor is tried, and the outlet's drift counter rises.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from worker.extract import nodes
from worker.extract.parts import Body
from worker.extract.picks import Root

__all__ = ["article_text_chars", "no_body", "suspect"]

# Boilerplate that the line rules take out when the layout is the one they describe: left
# in the body, it means the page changed (e.g. a related box merged into a paragraph).
_LEFTOVER = re.compile(
    r"\b(?:Baca|BACA|Lihat|LIHAT)\s+(?:[Jj]uga|JUGA)\s*[:\-–—]|\bADVERTISEMENT\b|"
    r"SCROLL TO CONTINUE|\[Gambas:"
)
_ARTICLE_PARAGRAPH = 150  # characters: a <p> this long outside the body is article text
_BODY_SHARE = 0.25  # a body under this share of the page's article text has drifted


def no_body(body: Body, min_chars: int, text: str | None = None) -> str | None:
    """Why `body` is no body at all; `text`: its `body.text`, when already joined."""
    if not body.paragraphs:
        return "no body text (every paragraph was empty or dropped)"
    length = len(body.text if text is None else text)
    if length < min_chars:
        return f"body too short ({length} characters, min_body_chars is {min_chars})"
    return None


def suspect(text: str, page_chars: int) -> str | None:
    leftover = _LEFTOVER.search(text) if _may_have_leftover(text) else None
    if leftover is not None:
        return f"boilerplate left in the body: {leftover.group(0)!r}"
    if page_chars and len(text) < _BODY_SHARE * page_chars:
        return (
            f"body far shorter than the page's text ({len(text)} of {page_chars} characters "
            "in long paragraphs)"
        )
    return None


_LEFTOVER_MARKERS = (
    "Baca juga",
    "Baca Juga",
    "BACA JUGA",
    "Lihat juga",
    "Lihat Juga",
    "LIHAT JUGA",
    "ADVERTISEMENT",
    "SCROLL TO CONTINUE",
    "[Gambas:",
)


def _may_have_leftover(text: str) -> bool:
    """Substring tests first (fast); the regex, which tries every position of the text,
    runs only on a body that holds one of them."""
    return any(marker in text for marker in _LEFTOVER_MARKERS)


def article_text_chars(root: Root | None, body_chars: int | None = None) -> int:
    """Characters of the long `<p>` paragraphs in the article (`root`): the text a reader
    sees, to which the body is compared.

    `body_chars` (the body's length) given: 0 when the body cannot be under `_BODY_SHARE`
    of them, known without the query for every `<p>`: the paragraphs' text is part of the
    article's whole text (one call, no query), so a body at least that share of the whole
    text is at least that share of the paragraphs' (`suspect` then has nothing to say).
    """
    if root is None:
        return 0
    if (
        body_chars is not None
        and isinstance(root, LexborNode)
        and body_chars >= _BODY_SHARE * len(nodes.text_of(root))
    ):
        return 0
    total = 0
    for node in nodes.css(root, "p"):
        length = len(nodes.text_of(node))
        if length >= _ARTICLE_PARAGRAPH:
            total += length
    return total
