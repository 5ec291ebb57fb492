"""Articles held as data in the page: a JSON script such as Next.js's `__NEXT_DATA__`, or
JSON-LD's `articleBody`.

Some outlets (jawapos.com) render their article from JSON embedded in the page; the HTML
around it may be empty until scripts run. The outlet file names the paths of the fields
(`source.next_data`), and this module reads them: plain values out, body HTML parsed into
paragraphs with the outlet's own `drop` and `paragraphs` rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from worker.config import ExtractRules, JsonArticle
from worker.extract import nodes
from worker.extract.byline import split_names
from worker.extract.cleanup import clean_text
from worker.extract.parts import Paragraph

__all__ = ["DataArticle", "json_path", "read_json_article", "text_paragraphs"]


@dataclass(frozen=True, slots=True)
class DataArticle:
    """The fields a JSON source gave (empty where it had nothing)."""

    title: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    published: str | None = None
    updated: str | None = None
    authors: tuple[str, ...] = ()
    editor: str | None = None
    tags: tuple[str, ...] = ()
    section: str | None = None
    image: str | None = None


def read_json_article(
    tree: LexborHTMLParser, spec: JsonArticle, rules: ExtractRules, base: str
) -> DataArticle | None:
    """The article in the page's JSON script, or None when the script or the object at
    `spec.path` is missing (the page has drifted from the rules)."""
    script = nodes.css_first(tree, spec.script)
    if script is None:
        return None
    try:
        data = json.loads(nodes.text_of(script))
    except (ValueError, RecursionError):
        return None
    article = json_path(data, spec.path)[:1] if spec.path else [data]
    if not article or not isinstance(article[0], dict):
        return None
    obj = article[0]
    paragraphs: tuple[Paragraph, ...] = ()
    if spec.body_html is not None:
        paragraphs = html_paragraphs(_text(obj, spec.body_html) or "", rules, base)
    elif spec.body_text is not None:  # raw: its line breaks separate the paragraphs
        texts = [v for v in json_path(obj, spec.body_text) if isinstance(v, str)]
        paragraphs = text_paragraphs(texts[0] if texts else "")
    tags = tuple(dict.fromkeys(t for t in map(_clean, json_path(obj, spec.tags)) if t))
    return DataArticle(
        title=_text(obj, spec.title),
        paragraphs=paragraphs,
        published=_text(obj, spec.published),
        updated=_text(obj, spec.updated),
        authors=_names(obj, spec.authors),
        editor=(_names(obj, spec.editor) or (None,))[0],
        tags=tags,
        section=_text(obj, spec.section),
        image=_text(obj, spec.image),
    )


def json_path(data: Any, path: str | None) -> list[Any]:
    """The values at a dotted `path`; `*` takes every element of a list (or object)."""
    if not path:
        return []
    values = [data]
    for key in path.split("."):
        found: list[Any] = []
        for value in values:
            if key == "*":
                if isinstance(value, list):
                    found.extend(value)
                elif isinstance(value, dict):
                    found.extend(value.values())
            elif isinstance(value, dict):
                if key in value:
                    found.append(value[key])
            elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
                found.append(value[int(key)])
        values = found
    return [v for v in values if v is not None]


def html_paragraphs(html: str, rules: ExtractRules, base: str) -> tuple[Paragraph, ...]:
    """Paragraphs of a body given as HTML: the rules' `drop` removed, then the rules'
    `paragraphs` (or, for HTML without them, the text split at line breaks)."""
    if not html.strip():
        return ()
    try:
        fragment = LexborHTMLParser(html)
    except (SelectolaxError, UnicodeError, ValueError):
        return text_paragraphs(html)
    container = fragment.body
    if container is None:
        return ()
    nodes.drop_all(container, rules.drop)
    found = nodes.paragraphs_of([container], rules.paragraphs, base)
    if not found:
        found = nodes.paragraphs_of([container], None, base)
    return tuple(found)


def text_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs of a plain-text body (JSON-LD `articleBody`): one per line."""
    return tuple(Paragraph(line, None) for line in map(clean_text, text.splitlines()) if line)


def _text(obj: Any, path: str | None) -> str | None:
    for value in json_path(obj, path):
        text = _clean(value)
        if text:
            return text
    return None


def _names(obj: Any, path: str | None) -> tuple[str, ...]:
    names: list[str] = []
    for value in json_path(obj, path):
        if isinstance(value, dict):
            value = value.get("name")
        text = _clean(value)
        if text:
            names.extend(split_names(text))
    return tuple(dict.fromkeys(names))


def _clean(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return clean_text(str(value))
