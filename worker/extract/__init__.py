"""The extract stage: a fetched page in, one clean `Item` out.

extractor.py  Extractor (built once from the outlets), extract_html (convenience API)
page.py       the one parse per page: metadata, then rules, then generic on the same tree;
              each field settled from its sources in their order of trust
profile.py    an outlet's rules (sources, selectors, line rules) applied
picks.py      a field's selectors evaluated (meta tag or CSS; the article, then the page)
source.py     the article as data in the page: __NEXT_DATA__, JSON-LD articleBody
drift.py      why a page no longer looks like its outlet's rules
generic.py    an article from any page, without rules: title, body, JSON-LD articleBody
generic_walk.py  the page's text as chunks with their blocks, in one walk (plain values)
generic_score.py which block holds the article and which chunks are its text
generic_names.py what class and id names say (comments, sidebar, entry-content...)
metadata.py   JSON-LD, OpenGraph and meta tags, <time>, read as far as asked
dates.py      dates as outlets write them, to ISO 8601 with offset
byline.py     authors and editor from bylines ("Rep: X / Red: Y")
cleanup.py    text clean-up and line rules (the outlet's, then the shared boilerplate)
firstchar.py  which paragraphs a line rule can skip without running its regex
explain.py    the optional trace behind `extract --explain`
nodes.py      plain values out of selectolax nodes
parts.py      the plain values these modules hand each other
"""

from __future__ import annotations

from worker.extract.extractor import GENERIC, Extractor, UnknownOutletError, extract_html

__all__ = ["GENERIC", "Extractor", "UnknownOutletError", "extract_html"]
