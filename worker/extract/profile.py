"""Rule-based extraction: an outlet's `extract` section (selectors and line rules) applied.

A `Profile` is built once per outlet, with the outlet's line rules and the shared ones
compiled together; `read_profile` applies it to a parsed page. When the rules no longer
match (no title, or a body shorter than `min_body_chars`) it returns None: the page has
drifted from the layout the rules describe, and the caller falls back to the generic
extractor.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from worker.config import ExtractRules
from worker.extract import nodes
from worker.extract.cleanup import SHARED_RULES, CompiledRule, apply_lines, compile_rules
from worker.extract.parts import Fields

__all__ = ["Profile", "read_profile"]


@dataclass(frozen=True, slots=True)
class Profile:
    """An outlet's extraction rules, ready to apply (every regex compiled)."""

    outlet_id: str
    rules: ExtractRules
    lines: tuple[CompiledRule, ...]

    @classmethod
    def build(cls, outlet_id: str, rules: ExtractRules) -> Profile:
        return cls(outlet_id, rules, compile_rules(rules.lines) + SHARED_RULES)

    @property
    def name(self) -> str:
        """The `extractor` value of the items this profile makes."""
        return f"profile:{self.outlet_id}"


def read_profile(tree: LexborHTMLParser, profile: Profile, base_url: str) -> Fields | None:
    """The page's fields by the outlet's rules; None when the rules do not match it.

    Removes the rules' `drop` nodes from the body containers (the tree is modified).
    """
    rules = profile.rules
    title = nodes.first_value(tree, rules.title)
    if title is None:
        return None
    containers = nodes.select_containers(tree, rules.body)
    if not containers:
        return None
    for container in containers:
        nodes.remove_all(container, rules.drop)
    paragraphs = nodes.paragraphs_of(containers, rules.paragraphs, base_url)
    body = apply_lines(paragraphs, profile.lines)
    if not body.paragraphs or len(body.text) < rules.min_body_chars:
        return None
    return Fields(
        title=title,
        body=body,
        published=nodes.time_values(tree, rules.published),
        updated=nodes.time_values(tree, rules.updated),
        authors=nodes.values_of(tree, rules.authors),
        tags=nodes.values_of(tree, rules.tags),
        section=nodes.first_value(tree, rules.section),
        editor=nodes.first_value(tree, rules.editor),
    )
