"""Rule-based extraction against a bare selectolax parse and trafilatura, page by page.

    .venv/bin/python bench/extract.py                # every stored and real page
    .venv/bin/python bench/extract.py --rounds 50 --no-trafilatura

Pages: each stored page `tests/fixtures/<outlet>/article.html` (its URL from the expected
`article.json` next to it), and the real pages under `../shared/fixtures/real/<outlet>/`
(read in place, never copied; the URL from the page's `<link rel=canonical>` or
`og:url`) whose outlet has rules in `config/`. For each page, in the same run and on the
same string, repeated `--rounds` times, interleaved: (1) `LexborHTMLParser(html)`, (2)
the service's extraction with the outlet's rules (`Extractor.extract`, every field of the
item), (3) `trafilatura.extract(html, url=url)` (fewer rounds: it is slow). Each figure is
the median of its rounds.

Printed: one line per page, then the median over pages of rules/parse (goal: at most
1.5x) and of trafilatura/rules (goal: at least 10x), and the same from the medians of
the times. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "fixtures" / "real"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from worker.config import load_config  # noqa: E402
from worker.extract import Extractor  # noqa: E402
from worker.fetch import decode_body  # noqa: E402

_CANONICAL = re.compile(
    r"""<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)|"""
    r"""<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)""",
    re.IGNORECASE,
)
FETCHED_AT = "2030-01-01T00:00:00+00:00"  # after every stored page: no time is "future"


@dataclass
class Case:
    name: str
    html: str
    url: str
    outlet: str
    parse: float = 0.0
    rules: float = 0.0
    trafilatura: float | None = None


def stored_cases(extractor: Extractor) -> list[Case]:
    cases = []
    for page in sorted((ROOT / "tests" / "fixtures").glob("*/article.html")):
        expected = page.with_suffix(".json")
        if not expected.is_file():
            continue
        url = json.loads(expected.read_text(encoding="utf-8"))["url"]
        outlet = extractor.outlet_for_url(url)
        if outlet is not None and outlet.extract is not None:
            html = page.read_text(encoding="utf-8")
            cases.append(Case(f"stored {page.parent.name}", html, url, outlet.id))
    return cases


def real_cases(extractor: Extractor) -> tuple[list[Case], list[str]]:
    cases, skipped = [], []
    for page in sorted(REAL.glob("*/*.html")):
        html = decode_body(page.read_bytes(), None)
        found = _CANONICAL.search(html[:200_000])
        url = (found.group(1) or found.group(2)) if found else ""
        outlet = extractor.outlet_for_url(url) if url else None
        name = f"real {page.parent.name}/{page.name}"
        if outlet is None or outlet.extract is None:
            skipped.append(f"{name} (no outlet rules match {url or 'its URL'})")
            continue
        cases.append(Case(name, html, url, outlet.id))
    return cases, skipped


def median_time(fn: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(case: Case, extractor: Extractor, rounds: int, traf_rounds: int) -> None:
    html, url, outlet = case.html, case.url, case.outlet
    item = extractor.extract(html, url, outlet, FETCHED_AT)  # warm; and a sanity check
    if item.extractor != f"profile:{outlet}":
        print(f"  note: {case.name}: the rules did not match (extractor {item.extractor})")
    parse: list[float] = []
    rules: list[float] = []
    for _ in range(max(1, rounds // 10)):  # interleaved blocks: both see the same machine
        parse.append(median_time(lambda: LexborHTMLParser(html), 10))
        rules.append(median_time(lambda: extractor.extract(html, url, outlet, FETCHED_AT), 10))
    case.parse, case.rules = statistics.median(parse), statistics.median(rules)
    if traf_rounds:
        import trafilatura

        case.trafilatura = median_time(
            lambda: trafilatura.extract(html, url=url, include_comments=False), traf_rounds
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200, help="timed runs per page")
    parser.add_argument("--trafilatura-rounds", type=int, default=10)
    parser.add_argument("--no-trafilatura", action="store_true")
    args = parser.parse_args(argv)
    extractor = Extractor(load_config(ROOT / "config").outlets)
    real, skipped = real_cases(extractor)
    cases = stored_cases(extractor) + real
    traf_rounds = 0 if args.no_trafilatura else args.trafilatura_rounds
    gc.collect()
    print(
        f"{'page':<38} {'KB':>5} {'parse ms':>9} {'rules ms':>9} {'traf ms':>8} "
        f"{'rules/parse':>11} {'traf/rules':>10}"
    )
    for case in cases:
        measure(case, extractor, args.rounds, traf_rounds)
        traf = f"{case.trafilatura * 1000:8.3f}" if case.trafilatura else "       -"
        vs_traf = f"{case.trafilatura / case.rules:10.1f}" if case.trafilatura else "         -"
        print(
            f"{case.name:<38} {len(case.html) / 1024:5.0f} {case.parse * 1000:9.3f} "
            f"{case.rules * 1000:9.3f} {traf} {case.rules / case.parse:11.2f} {vs_traf}"
        )
    for name in skipped:
        print(f"skipped: {name}")
    if not cases:
        print("no pages")
        return 1
    print(f"\n{len(cases)} pages ({len(cases) - len(real)} stored, {len(real)} real)")
    stored = [c for c in cases if c not in real]
    for label, group in (("all", cases), ("stored", stored), ("real", real)):
        if group:
            summarize(label, group)
    return 0


def summarize(label: str, cases: list[Case]) -> None:
    """The median of the per-page ratios (the goal's measure), its worst page, and the
    ratio of the median times."""
    ratios = [c.rules / c.parse for c in cases]
    of_medians = statistics.median(c.rules for c in cases) / statistics.median(
        c.parse for c in cases
    )
    print(
        f"{label:>6} rules/parse: median of per-page ratios {statistics.median(ratios):.2f}x "
        f"(max {max(ratios):.2f}x); ratio of medians {of_medians:.2f}x   goal: <= 1.5x"
    )
    timed = [c for c in cases if c.trafilatura]
    if timed:
        speedups = [c.trafilatura / c.rules for c in timed if c.trafilatura]
        medians = statistics.median(c.trafilatura for c in timed if c.trafilatura)
        print(
            f"{label:>6} trafilatura/rules: median of per-page ratios "
            f"{statistics.median(speedups):.1f}x (min {min(speedups):.1f}x); ratio of medians "
            f"{medians / statistics.median(c.rules for c in timed):.1f}x   goal: >= 10x"
        )


if __name__ == "__main__":
    raise SystemExit(main())
