"""One page, parsed once: metadata, then the outlet's rules, then (if needed) the generic
extractor, all on the same tree, in one plain synchronous call that returns plain values.

This is the hot path (once per fetched page). No node escapes `read_page`, so the parsed
tree is freed as soon as it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from worker.errors import ExtractionError
from worker.extract.cleanup import CompiledRule
from worker.extract.generic import read_generic
from worker.extract.metadata import PageMeta, read_metadata
from worker.extract.parts import Fields
from worker.extract.profile import Profile, read_profile

__all__ = ["Page", "read_page"]


@dataclass(frozen=True, slots=True)
class Page:
    """What one page gave: its metadata, and the fields of the extractor that succeeded."""

    meta: PageMeta
    fields: Fields
    profile: bool
    """True if the outlet's rules gave the fields, False if the generic extractor did."""
    drift: bool
    """True if the outlet's rules were tried and did not match."""


def read_page(
    html: str,
    url: str,
    profile: Profile | None,
    generic_lines: Sequence[CompiledRule],
) -> Page:
    """Parse `html` once and extract with `profile`, else with the generic extractor.

    Raises ExtractionError when neither finds a title and body text.
    """
    tree = _parse(html, url)
    meta = read_metadata(tree)
    fields = read_profile(tree, profile, url) if profile is not None else None
    if fields is not None:
        return Page(meta, fields, profile=True, drift=False)
    try:
        fields = read_generic(tree, meta, url, generic_lines)
    except ExtractionError as exc:
        if profile is None:
            raise
        reason = f"{exc.reason} (and the rules of {profile.outlet_id!r} do not match)"
        raise ExtractionError(url, reason) from None
    return Page(meta, fields, profile=False, drift=profile is not None)


def _parse(html: str, url: str) -> LexborHTMLParser:
    if not html or not html.strip():
        raise ExtractionError(url, "empty page")
    try:
        return LexborHTMLParser(html)
    except UnicodeError:
        return LexborHTMLParser(html.encode("utf-8", "replace"))
    except (SelectolaxError, ValueError) as exc:
        raise ExtractionError(url, f"cannot parse the page: {exc}") from exc
