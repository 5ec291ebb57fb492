"""Article links of RSS 0.9x/1.0/2.0 and Atom feeds, broken ones included.

Feeds in the wild are often not XML: they declare one encoding and use another, use HTML
entities XML does not know (`&nbsp;`, `&eacute;`), leave ampersands bare, or wrap links in
CDATA. The text is decoded before it gets here (`charset.py`), so the XML declaration is
dropped, unknown entities become character references and bare ampersands `&amp;`; a feed
still beyond repair gives the links a pattern finds.
"""

from __future__ import annotations

import html
import html.entities
import re
import xml.etree.ElementTree as ET

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_AMPERSAND = re.compile(r"&(#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)?")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_LINK_TEXT = re.compile(r"<link>\s*(?:<!\[CDATA\[)?\s*([^<\]\s]+)", re.IGNORECASE)
_LINK_HREF = re.compile(r"<link\b[^>]*\bhref=[\"']([^\"']+)", re.IGNORECASE)


def parse_feed(text: str) -> list[str]:
    """Article links of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order."""
    repaired = repair_xml(text)
    try:
        root = ET.fromstring(repaired)
    except ET.ParseError:
        found = _LINK_TEXT.findall(repaired) + _LINK_HREF.findall(repaired)
        return [html.unescape(link) for link in found]
    links: list[str] = []
    for element in root.iter():
        tag = _local(element.tag)
        if tag in ("item", "entry"):
            links.extend(_entry_link(element))
    return links


def repair_xml(text: str) -> str:
    """`text` with the usual feed mistakes mended (see the module docstring)."""
    text = _XML_DECLARATION.sub("", text.lstrip("\ufeff \r\n\t"), count=1)
    return _AMPERSAND.sub(_fix_reference, text)


def _fix_reference(match: re.Match[str]) -> str:
    reference = match.group(1)
    if reference is None:
        return "&amp;"  # a bare ampersand
    if reference.startswith("#"):
        return match.group(0)
    name = reference[:-1]
    if name in _XML_ENTITIES:
        return match.group(0)
    codepoint = html.entities.name2codepoint.get(name)
    return f"&#{codepoint};" if codepoint is not None else "&amp;" + reference


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _entry_link(entry: ET.Element) -> list[str]:
    alternates: list[str] = []
    permalink: str | None = None
    for child in entry:
        tag = _local(child.tag)
        if tag == "guid" and child.get("isPermaLink", "true") != "false":
            text = (child.text or "").strip()
            permalink = text if text.startswith(("http://", "https://")) else permalink
        if tag != "link":
            continue
        href = child.get("href")
        if href is None and child.text and child.text.strip():
            return [child.text.strip()]
        if href and child.get("rel", "alternate") == "alternate":
            alternates.append(href)
    if alternates:
        return alternates[:1]
    about = entry.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    fallback = permalink or about
    return [fallback] if fallback else []
