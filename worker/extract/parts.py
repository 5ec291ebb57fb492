"""The plain values the extraction steps hand each other (no selectolax nodes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Body", "Fields", "Paragraph"]


class Paragraph(NamedTuple):
    """One paragraph as read from the page: its text and its first link (absolute)."""

    text: str
    link: str | None


@dataclass(frozen=True, slots=True)
class Body:
    """The body after the line rules: kept paragraphs and what the rules took out."""

    paragraphs: tuple[str, ...]
    dateline: str | None = None
    attribution: str | None = None
    editor: str | None = None
    related: tuple[tuple[str, str | None], ...] = ()
    authors: tuple[str, ...] = ()
    """Names from byline lines ("Pewarta: X"), taken out of the text."""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Fields:
    """What one extractor (an outlet's rules or the generic one) found on a page.

    Times are the raw candidates its selectors found, parsed later with the page's other
    sources in their order of trust; empty values mean "ask the page's metadata".
    """

    title: str
    body: Body
    published: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    section: str | None = None
    editor: str | None = None
    image: str | None = None
