"""Bylines: who wrote an article and who edited it, from the way Indonesian outlets say it.

Bylines come as labelled runs in one line ("Penulis : Ahmad Fauzi | Editor : Sri Wahyuni",
"Rep: Fauziah Mursid / Red: Ani Nursalikah", "Pewarta: Budi Santoso"), as a name with the
desk after it ("Mulia Budi - detikNews"), or as "Oleh Ahmad". One helper reads them all, so
an outlet's rules only say where the byline is (an `authors` selector, or a `byline` line
rule in the body), never how to read it. All patterns are compiled at import.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Byline", "clean_name", "parse_byline", "split_names"]

_AUTHOR_LABELS = (
    "penulis",
    "pewarta",
    "reporter",
    "rep",
    "jurnalis",
    "wartawan",
    "kontributor",
    "laporan wartawan",
    "writer",
    "author",
)
_BARE_LABELS = ("laporan wartawan", "oleh", "by")  # also without a colon: "Oleh Ahmad"
_EDITOR_LABELS = ("editor", "redaktur", "red", "penyunting", "editing")
_LABEL = re.compile(
    r"(?<![\w])(?:(?P<label>"
    + "|".join(sorted((*_AUTHOR_LABELS, *_EDITOR_LABELS, *_BARE_LABELS), key=len, reverse=True))
    + r")\s*:\s*|(?P<bare>"
    + "|".join(_BARE_LABELS)
    + r")\s+(?=[A-Z]))",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|co\.id|id|tv|net)$", re.IGNORECASE)
# "Ahmad Fauzi - detikNews", "Ahmad Fauzi | Kompas.com", "Budi, CNN Indonesia"
_DESK = re.compile(
    r"\s*(?:[-–—|,]\s*)(?:detik[a-z]*|[a-z0-9.-]*\.(?:com|co\.id|id|tv)|cnn indonesia|"
    r"cnbc indonesia|idn times|antara|tempo|kompas(?:\.com|tv)?)\s*$",
    re.IGNORECASE,
)
_DESK_MARKS = ("-", "–", "—", "|", ",")
_SEPARATORS = re.compile(r"\s*(?:,|&|\bdan\b|\band\b|;)\s*", re.IGNORECASE)
_EDGES = " \t-–—|/:,;."


class Byline(NamedTuple):
    """What one byline says."""

    authors: tuple[str, ...]
    editor: str | None


def parse_byline(text: str) -> Byline | None:
    """Authors and editor of a labelled byline; None when `text` has no byline label.

    >>> parse_byline("Penulis : Ahmad Fauzi | Editor : Sri Wahyuni")
    (('Ahmad Fauzi',), 'Sri Wahyuni')
    """
    matches = list(_LABEL.finditer(text))
    if not matches or text[: matches[0].start()].strip(_EDGES):
        return None
    authors: list[str] = []
    editor: str | None = None
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[match.end() : end]
        label = (match["label"] or match["bare"]).lower()
        if label in _EDITOR_LABELS:
            names = split_names(value)
            editor = editor or (names[0] if names else None)
        else:
            authors.extend(split_names(value))
    if not authors and editor is None:
        return None
    return Byline(tuple(dict.fromkeys(authors)), editor)


def split_names(text: str) -> tuple[str, ...]:
    """The names in "A, B dan C", each cleaned; empty parts dropped."""
    names = (clean_name(part) for part in _SEPARATORS.split(text))
    return tuple(dict.fromkeys(name for name in names if name))


def clean_name(text: str) -> str:
    """A name without its label, desk or punctuation around it ("Mulia Budi - detikNews")."""
    text = " ".join(text.split())
    if any(mark in text for mark in _DESK_MARKS):  # the regex tries every position
        text = _DESK.sub("", text)
    text = text.strip(_EDGES)
    label = _LABEL.match(text)
    if label is not None:
        text = text[label.end() :].strip(_EDGES)
    if _DOMAIN.match(text) or not any(c.isalpha() for c in text):
        return ""  # "Laporan Wartawan Tribunnews.com, X": the outlet is no author
    return text
