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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from worker.config import LineAction, LineRule
from worker.extract.byline import parse_byline, split_names
from worker.extract.firstchar import first_chars
from worker.extract.parts import Body, Paragraph

if TYPE_CHECKING:
    from worker.extract.explain import Trace

__all__ = [
    "SHARED_RULES",
    "CompiledRule",
    "LineRules",
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
    needs: tuple[str, ...] = ()
    """Lower-case words one of which a matching line holds: tested before the regex, for a
    rule whose match may start anywhere in the line (the regex would try every position
    of every paragraph)."""
    first: frozenset[str] | None = field(init=False, default=None)
    """The characters a match starts with (None: unknown): a paragraph starting with another
    is passed over without running the regex (see `firstchar`)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "first", first_chars(self.pattern))

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
    # printable: no whitespace but the ASCII space, no control characters; then only runs
    # of spaces and spaces at the ends are left to fix (split/join costs more than these)
    if not text.isprintable() or "  " in text or text[0] == " " or text[-1] == " ":
        text = " ".join(text.split())
        if not text.isprintable():  # after collapsing, only control and format characters
            # "\ue000" marks a <br> (see nodes.py): a break between words, not nothing
            text = " ".join(_INVISIBLE.sub("", text.replace("\ue000", " ")).split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def compile_rules(rules: Iterable[LineRule]) -> tuple[CompiledRule, ...]:
    return tuple(CompiledRule(re.compile(rule.match), rule.action) for rule in rules)


class LineRules(tuple[CompiledRule, ...]):
    """Line rules in their order, with the ones worth trying on a paragraph that starts with
    a given character (cached per character): a long article's hundreds of paragraphs each
    meet only the few rules that can match them, not every rule in a Python loop."""

    _candidates: dict[tuple[str, bool], tuple[CompiledRule, ...]]

    def __new__(cls, rules: Iterable[CompiledRule]) -> LineRules:
        self = super().__new__(cls, rules)
        self._candidates = {}
        return self

    def candidates(self, first: str, opening: bool) -> tuple[CompiledRule, ...]:
        """The rules for a paragraph starting with `first`; dateline rules if `opening`."""
        key = (first, opening)
        found = self._candidates.get(key)
        if found is None:
            found = self._candidates[key] = tuple(
                rule
                for rule in self
                if (opening or rule.action != "dateline")
                and (rule.first is None or first in rule.first)
            )
        return found


def _shared(pattern: str, action: LineAction, needs: tuple[str, ...] = ()) -> CompiledRule:
    return CompiledRule(re.compile(pattern), action, needs)


_OUTLET_TOKEN = r"(?:[A-Za-z0-9-]+\.)+(?i:com|co\.id|co|tv|id|net|org)"
_CITY = r"[A-Z][A-Za-z.'/-]*(?: [A-Za-z][A-Za-z.'/-]*){0,3}"

_SHARED: tuple[CompiledRule, ...] = (
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
        needs=("channel", "saluran", "google news"),
    ),
    # "Simak video: <title>" under an article; newsletter sign-up lines
    _shared(r"(?i)^simak(?: juga)? video\b.{0,200}$", "drop"),
    _shared(
        r"(?i)^(?=.{0,200}$).*\b(?:sign up|subscribe|daftar|berlangganan)\b.*\bnewsletter",
        "drop",
        needs=("newsletter",),
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
    # bylines: "Pewarta: X", "Penulis : X | Editor : Y", "Rep: X / Red: Y", "Editor: Y"
    _shared(
        r"^(?i:penulis|pewarta|reporter|rep|jurnalis|wartawan|kontributor|editor|penyunting|"
        r"redaktur)\s*:\s*\S.{0,150}$",
        "byline",
    ),
    _shared(r"^\((?:[a-z]{2,5}/){0,3}[a-z]{2,5}\)$", "drop"),
)
SHARED_RULES = LineRules(_SHARED)
"""Boilerplate common to Indonesian outlets; applied after each outlet's own rules."""


def apply_lines(
    paragraphs: Sequence[Paragraph],
    rules: Sequence[CompiledRule],
    *,
    opening: bool = True,
    trace: Trace | None = None,
) -> Body:
    """Apply `rules` (outlet rules, then shared rules) to each paragraph, in reading order.

    The first rule that matches a paragraph decides what happens to it. Dateline rules are
    tried only until the first paragraph is kept: a dateline opens the article (pass
    `opening=False` for the second page of a split article). `trace` records each decision
    (for `extract --explain`).
    """
    kept: list[str] = []
    related: list[tuple[str, str | None]] = []
    dateline: str | None = None
    attribution: str | None = None
    editor: str | None = None
    authors: list[str] = []
    candidates = (rules if isinstance(rules, LineRules) else LineRules(rules)).candidates
    for paragraph in paragraphs:
        text = paragraph.text
        if not text:
            continue
        stop = False
        lowered = None
        for rule in candidates(text[0], opening):
            if rule.needs:
                lowered = lowered or text.lower()
                for word in rule.needs:
                    if word in lowered:
                        break
                else:
                    continue
            match = rule.pattern.search(text)
            if match is None:
                continue
            action = rule.action
            if trace is not None:
                trace.line(paragraph.text, action, rule.pattern.pattern)
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
            elif action == "byline":
                names, named_editor = _byline(rule, match, text)
                authors.extend(names)
                editor = editor or named_editor
            elif action == "drop_rest":
                stop = True
            text = ""
            break
        if stop:
            break
        if text:
            kept.append(text)
            opening = False
    return Body(
        tuple(kept), dateline, attribution, editor, tuple(related), tuple(dict.fromkeys(authors))
    )


def _byline(
    rule: CompiledRule, match: re.Match[str], text: str
) -> tuple[tuple[str, ...], str | None]:
    """Authors and editor of a byline line: the rule's groups `authors` and `editor` if it
    has them, else what the shared byline reader makes of the line."""
    groups = rule.pattern.groupindex
    if "authors" in groups or "editor" in groups:
        names = match.group("authors") if "authors" in groups else None
        editor = rule.value(match, "editor") if "editor" in groups else None
        return split_names(names or ""), editor
    byline = parse_byline(text)
    return (byline.authors, byline.editor) if byline is not None else ((), None)
