"""What a block's class and id names say about it, for the generic extractor.

Names are read token by token ("entry-meta", "sidebar_left", "relatedPosts"): a token
names boilerplate when its first word does, or its last word names a part of a page that
is never the article, or any of its words is one that never appears in an article's own
names (social, comments, newsletter...). So "widget-area", "post-tags" and
"jp-relatedposts" do; "elementor-widget-container" (a page builder's block) and
"tag-news" (a WordPress post class) do not. A BEM modifier ("section--has-ads") says how
a block looks, not what it is, and is ignored. Words come from many languages and CMSs;
none is specific to one site. Tokens that describe rather than name ("no-share",
"category-social", "has-sidebar") are skipped.
"""

from __future__ import annotations

import functools
import re

__all__ = ["BOILERPLATE", "CONTENT", "HIDDEN", "STRICT", "name_flags"]

BOILERPLATE = 1
"""Named like what is never article text (navigation, sidebars, ads, bylines...)."""
CONTENT = 2
"""Named like the article's own container (entry content, article body...)."""
STRICT = 4
"""Named like what never wraps the article either (comments, cookie and share bars,
related articles): boilerplate even when it holds most of the page's text."""
HIDDEN = -1
"""Named like what is not shown (`hidden`, `sr-only`...)."""

_WORDS = re.compile(r"[^a-z]+")

# boilerplate wherever the word is in a token, and never a wrapper of the article
_STRICT_ANY = frozenset(
    [
        "social",
        "sharing",
        "related",
        "newsletter",
        "subscribe",
        "subscription",
        "comments",
        "disqus",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "outbrain",
        "taboola",
    ]
)
_STRICT_FIRST = frozenset(["comment", "komentar", "popup", "modal"])
_STRICT_LAST = frozenset(["popup", "modal", "terkait", "kommentare"])
# words that begin like boilerplate and are not: a commentary is an article
_NOT_STEMS = ("commentar",)
_STRICT_STEMS = (
    "comment",
    "social",
    "related",
    "newsletter",
    "subscri",
    "cookie",
    "popup",
    "disqus",
    "outbrain",
    "taboola",
    "readmore",
    "morestories",
    "mostread",
    "mostpopular",
    "bacajuga",
    "beritaterkait",
    "addtoany",
    "sharedaddy",
)
# boilerplate, but a careless template may wrap the whole page in it ("has-sidebar")
_ANY = frozenset(
    [
        "breadcrumb",
        "breadcrumbs",
        "pagination",
        "bio",
        "copyright",
        "credit",
        "credits",
        "disclaimer",
        "login",
        "affiliate",
        "ratings",
        "disclosure",
        "paywall",
    ]
)
# boilerplate when its words, joined, hold one of these ("mvp-author-box-wrap", "authorBio")
_JOINED = (
    "authorbox",
    "authorbio",
    "authorinfo",
    "aboutauthor",
    "aboutthe",
    "postrating",
    "authorcard",
    "authordesc",
    "authorprofile",
    "readingtime",
    "entryfooter",
    "postfooter",
    "articlefooter",
)
_LAST = frozenset(
    [
        "footer",
        "menu",
        "submenu",
        "nav",
        "navbar",
        "navigation",
        "pager",
        "sidebar",
        "tags",
        "tagcloud",
        "meta",
        "postmeta",
        "entrymeta",
        "share",
        "sosmed",
        "byline",
        "ads",
        "advertisement",
        "author",
        "caption",
        "print",
        "legend",
        "cta",
        "crumbs",
        "metadata",
        "postmetadata",
    ]
)
_FIRST = frozenset(
    [
        "cta",
        "footer",
        "menu",
        "nav",
        "navbar",
        "navigation",
        "pager",
        "sidebar",
        "tags",
        "tagcloud",
        "meta",
        "share",
        "sosmed",
        "byline",
        "ads",
        "advertisement",
        "caption",
        "ad",
        "adv",
        "advert",
        "adverts",
        "advertising",
        "adsense",
        "adslot",
        "adunit",
        "dfp",
        "banner",
        "masthead",
        "recommended",
        "widget",
        "widgets",
        "topics",
        "toolbar",
        "topbar",
        "trending",
        "populer",
        "terpopuler",
        "skip",
    ]
)
_STEMS = (
    "advert",
    "share",
    "sidebar",
    "breadcrumb",
    "footer",
    "sponsor",
    "pagination",
    "navbar",
    "navigation",
    "tagcloud",
)
# first words of tokens that describe a block rather than name it: WordPress's post classes
# ("category-social-issues", "tag-comments"), state and feature flags ("no-share",
# "has-sidebar", "is-related")
_MODIFIERS = frozenset(
    ["category", "tag", "format", "status", "type", "no", "has", "with", "is", "enable", "layout"]
)
_HIDDEN = frozenset(["hidden", "hide", "invisible", "d-none", "sr-only", "screen-reader-text"])
# the article's own container, as CMSs name it (words joined)
_CONTENT = frozenset(
    [
        "articlebody",
        "articlecontent",
        "articletext",
        "articledetail",
        "storybody",
        "storycontent",
        "storytext",
        "entrycontent",
        "entrybody",
        "postcontent",
        "postbody",
        "posttext",
        "postentry",
        "contentbody",
        "bodytext",
        "maincontent",
        "textcontent",
        "detailtext",
        "itemcontent",
        "newsbody",
        "newscontent",
        "newstext",
        "blogpost",
        "blogcontent",
        "singlecontent",
        "pagecontent",
        "contentdetail",
        "detailcontent",
        "readcontent",
        "isiberita",
        "detailberita",
        "contentarticle",
    ]
)


@functools.lru_cache(maxsize=8192)
def name_flags(names: str) -> int:
    """BOILERPLATE, STRICT and CONTENT bits of a class and id string; HIDDEN if hidden.

    Cached, as `_token_flags` is: a page repeats its names (every item of a list).
    """
    flag = 0
    for token in names.split():
        found = _token_flags(token)
        if found == HIDDEN:
            return HIDDEN
        flag |= found
    return flag


@functools.lru_cache(maxsize=16384)
def _token_flags(token: str) -> int:
    """The flags of one class or id token. Cached: tokens ("row", "entry-content",
    "clearfix") come back on every page of a site, and across sites."""
    token = token.lower()
    if token in _HIDDEN:
        return HIDDEN
    words = [w for w in _WORDS.split(token.split("--", 1)[0]) if w]
    if not words or words[0] in _MODIFIERS:
        return 0
    joined = "".join(words)
    flag = CONTENT if joined in _CONTENT else 0
    first, last = words[0], words[-1]
    if first.startswith(_NOT_STEMS) or last.startswith(_NOT_STEMS):
        return flag
    if (
        first in _STRICT_FIRST
        or last in _STRICT_LAST
        or not _STRICT_ANY.isdisjoint(words)
        or first.startswith(_STRICT_STEMS)
        or last.startswith(_STRICT_STEMS)
    ):
        return flag | STRICT | BOILERPLATE
    if (
        first in _FIRST
        or last in _LAST
        or not _ANY.isdisjoint(words)
        or first.startswith(_STEMS)
        or last.startswith(_STEMS)
        or any(part in joined for part in _JOINED)
    ):
        return flag | BOILERPLATE
    return flag
