"""Bytes to text, trusting declarations only as far as the bytes agree with them.

The order: the HTTP header's charset, then a byte-order mark, then the page's own
declaration (`<meta charset>`, `http-equiv`, or an XML declaration), then detection
(charset-normalizer, limited to the encodings Indonesian and other Latin-script sites
really use, so that a short page is not read as Central European), and windows-1252 with
replacement as the last resort. A declaration is taken only if the body decodes strictly
with it.

Two wrong declarations are common on Indonesian sites and handled on purpose: UTF-8 bytes
labelled `iso-8859-1`/`windows-1252` (these labels decode any bytes, so the text would be
silently garbled: a body that is valid UTF-8 with non-ASCII bytes is UTF-8), and
windows-1252 bytes labelled `utf-8` (strict decoding fails, detection takes over).

The common case costs one strict decode; detection runs only when every declaration fails.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_:.-]+)""",
    re.IGNORECASE,
)
_SNIFF_BYTES = 4096
# Labels that decode any byte sequence: a mistake with them never fails, only garbles.
_LENIENT = frozenset({"iso8859-1", "cp1252", "ascii", "iso8859-15"})
_DETECT_AMONG = ["utf_8", "cp1252", "latin_1", "iso8859_15", "utf_16", "utf_32"]


def codec_name(label: str) -> str | None:
    """Python's name for a charset label, or None if Python does not know it."""
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_in_body(body: bytes) -> str | None:
    """The charset a page or an XML document declares for itself, if any."""
    match = _DECLARED.search(body[:_SNIFF_BYTES])
    if match is None:
        return None
    label = match.group(1) or match.group(2)
    return label.decode("ascii", "replace")


def decode_body(body: bytes, declared: str | None) -> str:
    """`body` as text; `declared` is the charset of the Content-Type header, if any."""
    candidates: list[str] = []
    if declared and (name := codec_name(declared)):
        candidates.append(name)
    for bom, name in _BOMS:
        if body.startswith(bom):
            candidates.append(name)
            break
    if (label := declared_in_body(body)) and (name := codec_name(label)):
        candidates.append(name)
    candidates.append("utf-8")
    for name in candidates:
        if name in _LENIENT and not body.isascii():
            try:
                return body.decode("utf-8").lstrip("\ufeff")
            except UnicodeDecodeError:
                pass
        try:
            return body.decode(name).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            continue
    best = charset_normalizer.from_bytes(body, cp_isolation=_DETECT_AMONG).best()
    if best is not None and best.encoding:
        try:
            return body.decode(best.encoding).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            pass
    return body.decode("cp1252", errors="replace")
