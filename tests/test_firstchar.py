"""The first-character sets that let the line rules skip a paragraph without running
their regex: exact for simple patterns, absent when not certain, and never wrong on the
text of every stored and real page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from worker.config import load_config
from worker.extract.cleanup import SHARED_RULES, CompiledRule, clean_text
from worker.extract.firstchar import first_chars
from worker.extract.profile import Profile

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "fixtures" / "real"


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"^Baca juga", "B"),
        (r"^(?i:baca|lihat)\s+juga", "BLbl"),
        (r"(?i)^s", "Ssſ"),
        (r"^\[Gambas:", "["),
        (r"^[A-C]x", "ABC"),
        (r"^(?=.{0,9}$)(?:ab|cd)", "ac"),
        (r"^(?P<x>K)\b", "K"),
        (r"^a+b", "a"),
        (r"\Aq", "q"),
    ],
)
def test_sets(pattern: str, chars: str) -> None:
    assert first_chars(re.compile(pattern)) == frozenset(chars)


@pytest.mark.parametrize(
    "pattern",
    [
        r"Baca juga",  # not anchored: may match anywhere
        r"^a|b",  # "b" anywhere
        r"^a*b",  # may start with b
        r"^(?:a|)b",  # an empty branch
        r"^\w+",  # a category, not a small set
        r"^[^a]",  # negated
        r"(?m)^a",  # after any line break
        r"^",  # matches the empty string
    ],
)
def test_no_set_when_not_certain(pattern: str) -> None:
    assert first_chars(re.compile(pattern)) is None


def all_rules() -> list[CompiledRule]:
    rules = list(SHARED_RULES)
    for outlet in load_config(ROOT / "config").outlets:
        if outlet.extract is not None:
            rules.extend(Profile.build(outlet.id, outlet.extract).lines)
    return rules


def all_paragraphs() -> set[str]:
    texts: set[str] = set()
    pages = [*(ROOT / "tests" / "fixtures").glob("*/*.html"), *REAL.glob("*/*.html")]
    for page in pages:
        tree = LexborHTMLParser(page.read_bytes().decode("utf-8", "replace"))
        for node in tree.css("p, li, div, td, h1, h2, h3, strong, b, a"):
            for line in node.text().split("\n"):
                text = clean_text(line)
                if text:
                    texts.add(text)
    return texts


def test_sets_never_skip_a_match() -> None:
    texts = all_paragraphs()
    variants = {t.lower() for t in texts} | {t.upper() for t in texts}
    extra = {"ſumber : x", "KOMPAS.TV - x", "ıklan", "İklan", "(mea/mea)", "Baca Juga: X"}
    checked = 0
    for rule in all_rules():
        if rule.first is None:
            continue
        for text in texts | variants | extra:
            if rule.pattern.search(text):
                checked += 1
                assert text[0] in rule.first, (rule.pattern.pattern, text[:60])
    assert checked > 100
