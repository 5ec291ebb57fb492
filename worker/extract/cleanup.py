"""Text clean-up and line rules: what a paragraph's text says about itself.

An outlet's line rules (from its YAML) come first, then the shared boilerplate rules below,
which hold for most Indonesian outlets and for the generic extractor: ad markers, "Baca
juga:" related links, embed placeholders, WhatsApp-channel promos, closing credits. Each
paragraph is matched against the rules in order; the first rule that matches decides.
All patterns are compiled once, when the rules are built, never per page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from worker.config import LineAction, LineRule
from worker.extract.parts import Body, Paragraph

__all__ = [
    "SHARED_RULES",
    "CompiledRule",
    "apply_lines",
    "clean_text",
    "collapse",
    "compile_rules",
]

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff\ufffd\ufffe\uffff]"
)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    pattern: re.Pattern[str]
    action: LineAction

    def value(self, match: re.Match[str], name: str) -> str | None:
        """The named group `name`, else the first group; None when absent or empty."""
        groups = self.pattern.groupindex
        if name in groups:
            raw = match.group(name)
        elif self.pattern.groups:
            raw = match.group(1)
        else:
            return None
        text = collapse(raw) if raw else ""
        return text.strip(" -–—:|,") or None


def collapse(text: str) -> str:
    """Runs of whitespace (non-breaking spaces and newlines included) to one space, stripped."""
    return " ".join(text.split())


def clean_text(text: str) -> str:
    """Text as a reader sees it: NFC, no control or zero-width characters, spaces collapsed."""
    if not text:
        return ""
    text = " ".join(text.split())
    if not text.isprintable():  # after collapsing, only control and format characters
        text = " ".join(_INVISIBLE.sub("", text).split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def compile_rules(rules: Iterable[LineRule]) -> tuple[CompiledRule, ...]:
    return tuple(CompiledRule(re.compile(rule.match), rule.action) for rule in rules)


def _shared(pattern: str, action: LineAction) -> CompiledRule:
    return CompiledRule(re.compile(pattern), action)


_OUTLET_TOKEN = r"(?:[A-Za-z0-9-]+\.)+(?i:com|co\.id|co|tv|id|net|org)"
_CITY = r"[A-Z][A-Za-z.'/-]*(?: [A-Za-z][A-Za-z.'/-]*){0,3}"

SHARED_RULES: tuple[CompiledRule, ...] = (
    # ad markers and layout leftovers
    _shared(r"^(?i:advertisement|iklan)$", "drop"),
    _shared(r"^SCROLL TO CONTINUE WITH CONTENT$", "drop"),
    _shared(r"(?i)^scroll (?:ke bawah )?untuk melanjutkan(?: membaca)?\.?$", "drop"),
    _shared(r"^\[Gambas:[^\]]*\]$", "drop"),
    # related links: "Baca juga: <title>", "BACA JUGA - <title>", "Lihat Juga : <title>"
    _shared(r"^(?i:baca|lihat)\s+(?i:juga)\s*[:\-–—]\s*(?P<title>\S.*)$", "related"),
    _shared(r"^(?i:baca|lihat)\s+(?i:juga)\s*:?$", "drop"),
    # promos for the outlet's WhatsApp channel, Google News, apps
    _shared(
        r"(?i)^(?=.{0,300}$)(?:gabung|ikuti|follow|simak|dapatkan|pilih)\b.*\b(?:"
        r"(?:whatsapp|telegram) channel|channel (?:whatsapp|telegram)|saluran whatsapp|"
        r"google news)\b",
        "drop",
    ),
    # dateline at the start of the first paragraph
    _shared(
        rf"^(?P<dateline>{_CITY}),\s*{_OUTLET_TOKEN}\s*[-–—]{{1,2}}\s*",
        "dateline",
    ),
    _shared(
        rf"^{_OUTLET_TOKEN},\s*(?P<dateline>{_CITY})\s*[-–—]{{1,2}}\s*",
        "dateline",
    ),
    _shared(rf"^{_OUTLET_TOKEN}\s*[-–—]{{1,2}}\s*", "dateline"),
    _shared(
        rf"^(?P<dateline>{_CITY}),\s*(?:CNN Indonesia|CNBC Indonesia|IDN Times)\s*[-–—]{{1,2}}\s*",
        "dateline",
    ),
    _shared(
        r"^(?P<dateline>[A-Z][A-Za-z.' -]{1,40}?)\s*\((?:ANTARA|Antara)\)\s*[-–—]{1,2}\s*",
        "dateline",
    ),
    # closing credits
    _shared(r"^(?i:sumber|source)\s*:\s*(?P<attribution>\S.{0,120})$", "attribution"),
    _shared(r"^(?i:editor|penyunting)\s*:\s*(?P<editor>\S.{0,80})$", "editor"),
    _shared(r"^\((?:[a-z]{2,5}/){0,3}[a-z]{2,5}\)$", "drop"),
)
"""Boilerplate common to Indonesian outlets; applied after each outlet's own rules."""


def apply_lines(paragraphs: Sequence[Paragraph], rules: Sequence[CompiledRule]) -> Body:
    """Apply `rules` (outlet rules, then shared rules) to each paragraph, in reading order.

    The first rule that matches a paragraph decides what happens to it. Dateline rules are
    tried only until the first paragraph is kept: a dateline opens the article.
    """
    kept: list[str] = []
    related: list[tuple[str, str | None]] = []
    dateline: str | None = None
    attribution: str | None = None
    editor: str | None = None
    opening = True  # no paragraph kept yet and no dateline found
    for paragraph in paragraphs:
        text = paragraph.text
        if not text:
            continue
        stop = False
        for rule in rules:
            if rule.action == "dateline" and not opening:
                continue
            match = rule.pattern.search(text)
            if match is None:
                continue
            action = rule.action
            if action == "dateline":
                dateline = rule.value(match, "dateline")
                text = collapse(text[: match.start()] + " " + text[match.end() :])
                opening = False
                break
            if action == "related":
                title = rule.value(match, "title") or collapse(text)
                related.append((title, paragraph.link))
            elif action == "attribution":
                attribution = attribution or rule.value(match, "attribution")
            elif action == "editor":
                editor = editor or rule.value(match, "editor")
            elif action == "drop_rest":
                stop = True
            text = ""
            break
        if stop:
            break
        if text:
            kept.append(text)
            opening = False
    return Body(tuple(kept), dateline, attribution, editor, tuple(related))
