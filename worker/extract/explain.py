"""`extract --explain`: which rule or source gave each field, and what the line rules did.

A `Trace` is an optional collector handed down the extraction steps. Each step records into
it only when one is given (`if trace is not None`), so the service's hot path, which never
passes one, does no explaining work; the explanation comes from the very code that made
the item, not from a second implementation that could disagree with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["LineNote", "Trace"]


class LineNote(NamedTuple):
    """A paragraph a line rule acted on."""

    page: int
    text: str
    action: str
    rule: str


@dataclass
class Trace:
    """Where each field of one item came from, and what the line rules did to its body."""

    sources: dict[str, str] = field(default_factory=dict)
    lines: list[LineNote] = field(default_factory=list)
    drift: str | None = None
    """Why the outlet's rules were not used for the page, if they were not."""
    page: int = 1
    """The page being read (1 for the first page of a split article)."""
    labels: dict[str, str] = field(default_factory=dict)
    """Where each candidate value of a time came from (the one used is told by `sources`)."""

    def source(self, name: str, how: str) -> None:
        """Record that field `name` came from `how` (the first record of a field wins)."""
        self.sources.setdefault(name, how)

    def line(self, text: str, action: str, rule: str) -> None:
        self.lines.append(LineNote(self.page, text, action, rule))

    def report(self, item: dict[str, object]) -> str:
        """A plain-text account of the item, field by field, then the lines acted on."""
        out = [f"extractor: {item.get('extractor')}"]
        if self.drift:
            out.append(f"drift: {self.drift}")
        out.append("fields:")
        from_lines: dict[str, str] = {}
        for note in self.lines:
            for name in _LINE_FIELDS.get(note.action, ()):
                from_lines.setdefault(name, f"line rule /{note.rule}/ (page {note.page})")
        for name, value in item.items():
            if name in ("id", "schema_version", "word_count", "content_hash", "fetched_at"):
                continue
            how = self.sources.get(name) or from_lines.get(name) or _DERIVED.get(name, "-")
            out.append(f"  {name:<13} {_short(value):<60}  <- {how}")
        out.append("lines acted on (page, action, rule, text):")
        if not self.lines:
            out.append("  none")
        for note in self.lines:
            out.append(f"  p{note.page} {note.action:<11} /{note.rule}/")
            out.append(f"      {_short(note.text, 100)}")
        return "\n".join(out)


_LINE_FIELDS = {
    "dateline": ("dateline",),
    "attribution": ("attribution",),
    "related": ("related",),
    "editor": ("editor",),
    "byline": ("authors", "editor"),
}
_DERIVED = {
    "url": "the page's URL",
    "canonical_url": "canonical form of url",
    "outlet": "outlet of the URL (or --outlet)",
    "extractor": "the outlet's rules, or the generic extractor",
    "drift": "the rules' checks",
    "partial": "JSON-LD isAccessibleForFree, and whether every page was fetched",
    "language": "the outlet file's language",
}


def _short(value: object, width: int = 60) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."
