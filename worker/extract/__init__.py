"""The extract stage: a fetched page in, one clean `Item` out.

extractor.py  Extractor (built once from the outlets), extract_html (convenience API)
page.py       the one parse per page: metadata, then rules, then generic on the same tree
profile.py    an outlet's rules (selectors, line rules) applied
generic.py    an article from any page, without rules
metadata.py   JSON-LD, OpenGraph and meta tags, <time>
dates.py      dates as outlets write them, to ISO 8601 with offset
cleanup.py    text clean-up and line rules (the outlet's, then the shared boilerplate)
nodes.py      plain values out of selectolax nodes
parts.py      the plain values these modules hand each other
"""

from __future__ import annotations

from worker.extract.extractor import GENERIC, Extractor, UnknownOutletError, extract_html

__all__ = ["GENERIC", "Extractor", "UnknownOutletError", "extract_html"]
