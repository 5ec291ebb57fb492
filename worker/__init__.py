"""news worker: watches news outlets and publishes each new article once on a Redis stream.

The one function for use from Python is `extract_html(html, url, outlet=None)`: the item
of one page, as the worker would publish it.
"""

from __future__ import annotations

from worker.extract import extract_html

__version__ = "0.1.0"
__all__ = ["__version__", "extract_html"]
