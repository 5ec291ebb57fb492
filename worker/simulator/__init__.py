"""The outlet simulator: a local web server with news outlets shaped like Kompas.TV.

Tests, the demo and the benchmarks crawl it instead of the internet: feeds, listing pages
and article pages of deterministic synthetic outlets, plus an outlet of bad cases (slow,
huge, broken, redirect loops, 429/503, a wrong charset). `python -m worker.simulator`
runs it on its own.
"""

from __future__ import annotations

from worker.simulator.app import Simulator
from worker.simulator.content import ArticleSpec
from worker.simulator.responses import RequestRecord

__all__ = ["ArticleSpec", "RequestRecord", "Simulator"]
