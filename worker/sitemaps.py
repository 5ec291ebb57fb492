"""Sitemaps, parsed: index files, URL sets, Google News sitemaps, gzip files.

Plain functions on bytes, so they are tested on stored documents; `discover.py` does the
fetching and decides what is recent enough. The bytes are parsed as the server sent them
(after gunzip), so the XML declaration's encoding is honoured; a document that is not
well-formed XML still gives the entries a pattern finds.

An entry's date is its Google News `publication_date` when it has one (the article's own
time), else its `lastmod`; a date without a zone is taken in the outlet's zone.
"""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from datetime import datetime, tzinfo

_BLOCK = re.compile(r"<(url|sitemap)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_FIELD = (
    r"<(?:[\w.-]+:)?{name}\b[^>]*>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*"
    r"</(?:[\w.-]+:)?{name}\s*>"
)
_LOOSE = {
    name: re.compile(_FIELD.format(name=name), re.IGNORECASE | re.DOTALL)
    for name in ("loc", "lastmod", "publication_date", "title")
}
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


class SitemapError(ValueError):
    """The document is not a sitemap we can read (bad gzip, too large once decompressed)."""


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    modified: datetime | None  # Google News publication date, else lastmod; aware
    title: str | None = None  # Google News title


@dataclass(frozen=True, slots=True)
class Sitemap:
    index: bool  # a sitemap index: its entries are sitemaps, not pages
    entries: tuple[SitemapEntry, ...]


def is_gzip(body: bytes) -> bool:
    return body[:2] == b"\x1f\x8b"


def gunzip(body: bytes, limit: int) -> bytes:
    """A `.gz` sitemap's content, at most `limit` bytes: a bomb stops at the limit."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(body, limit + 1)
    except zlib.error as exc:
        raise SitemapError(f"bad gzip data: {exc}") from exc
    if len(out) > limit or decompressor.unconsumed_tail:
        raise SitemapError(f"sitemap larger than {limit} bytes once decompressed")
    return out


def parse_sitemap(body: bytes, zone: tzinfo) -> Sitemap:
    """The entries of a sitemap or sitemap index, in document order."""
    entries: list[SitemapEntry] = []
    index: bool | None = None
    try:
        for event, element in ET.iterparse(io.BytesIO(body), events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if index is None:
                    index = tag == "sitemapindex"
                continue
            if tag in ("url", "sitemap"):
                if (entry := _entry(element, zone)) is not None:
                    entries.append(entry)
                element.clear()
    except ET.ParseError:
        return _parse_loose(body.decode("utf-8", errors="replace"), zone)
    return Sitemap(bool(index), tuple(entries))


def parse_w3c_date(text: str | None, zone: tzinfo) -> datetime | None:
    """A W3C datetime (`2024-05-01`, `2024-05-01T10:00:00+07:00`, `...Z`, `2024-05`)."""
    value = (text or "").strip()
    if not value:
        return None
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        match = _YEAR_MONTH.match(value)
        if match is None:
            return None
        when = datetime(int(match.group(1)), int(match.group(2) or 1), 1)
    return when if when.tzinfo is not None else when.replace(tzinfo=zone)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _entry(element: ET.Element, zone: tzinfo) -> SitemapEntry | None:
    """`loc` and `lastmod` of the entry itself; date and title from its `news:news`
    (not from an `image:image`, which has a `loc` and a `title` of its own)."""
    found: dict[str, str] = {}
    for child in element:
        name = _local(child.tag)
        if name in ("loc", "lastmod"):
            found[name] = (child.text or "").strip()
        elif name == "news":
            for part in child:
                if _local(part.tag) in ("publication_date", "title"):
                    found[_local(part.tag)] = (part.text or "").strip()
    return _make(found, zone)


def _make(found: dict[str, str], zone: tzinfo) -> SitemapEntry | None:
    loc = found.get("loc")
    if not loc:
        return None
    published = parse_w3c_date(found.get("publication_date"), zone)
    modified = published or parse_w3c_date(found.get("lastmod"), zone)
    return SitemapEntry(loc, modified, found.get("title") or None)


def _parse_loose(text: str, zone: tzinfo) -> Sitemap:
    entries: list[SitemapEntry] = []
    for match in _BLOCK.finditer(text):
        found = {
            name: html.unescape(m.group(1).strip())
            for name, pattern in _LOOSE.items()
            if (m := pattern.search(match.group(2)))
        }
        if (entry := _make(found, zone)) is not None:
            entries.append(entry)
    return Sitemap("<sitemapindex" in text[:2000].lower(), tuple(entries))
