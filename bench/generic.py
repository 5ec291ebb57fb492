"""The generic extractor against trafilatura and a bare selectolax parse, on the dev set.

    .venv/bin/python bench/generic.py                  # all 990 pages
    .venv/bin/python bench/generic.py --limit 100 --show-losses 10

For each page of ../shared/datasets/extraction-dev (read in place): decode the stored
bytes as the worker does (`decode_body(body, None)`), then time, in the same run and on
the same string, (1) `LexborHTMLParser(html)`, (2) our generic extractor through the
public API (`Extractor([]).extract(html, url, "generic")`, the extractor built once, as
the service does), (3) `trafilatura.extract(html, url=url, include_comments=False)`.
Each is timed `--repeat` times per page (3), keeping the fastest: the figures are the
median over pages of that. The text scored is the article body each returns (ours:
`item.body`, without the title, as trafilatura's text output has none).

Scoring, as the dataset's README gives it, per segment over the whole set: a `with`
segment found in the text is a true positive, missing a false negative; a `without`
segment found is a false positive. Whitespace is collapsed and invisible characters (soft
hyphens, zero-width spaces) are removed on both sides before the substring test, for
every extractor alike (segments sometimes end in a space or hold a non-breaking one).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT.parent / "shared" / "datasets" / "extraction-dev"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from worker.errors import ExtractionError  # noqa: E402
from worker.extract import Extractor  # noqa: E402
from worker.fetch import decode_body  # noqa: E402


@dataclass
class Score:
    """Segment counts of one extractor over some pages."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_cases(dataset: Path = DATASET, limit: int | None = None) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((dataset / "cases.json").read_text("utf-8"))
    return cases[:limit] if limit else cases


def read_page(case: dict[str, Any], dataset: Path = DATASET) -> str:
    return decode_body(gzip.decompress((dataset / case["page"]).read_bytes()), None)


_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


def _norm(text: str) -> str:
    """Whitespace collapsed, invisible characters (soft hyphens...) removed."""
    return " ".join(_INVISIBLE.sub("", text).split())


def score_page(text: str | None, case: dict[str, Any]) -> Score:
    found = _norm(text or "")
    score = Score()
    for segment in case["with"]:
        if _norm(segment) in found:
            score.tp += 1
        else:
            score.fn += 1
    for segment in case["without"]:
        if _norm(segment) in found:
            score.fp += 1
        else:
            score.tn += 1
    return score


def ours(html: str, url: str) -> str | None:
    """The body our generic extractor gives, through the public API, with one `Extractor`
    built beforehand as the service does (`extract_html` would also resolve the config
    folder on every call)."""
    try:
        return _extractor().extract(html, url, "generic").body
    except ExtractionError:
        return None


@functools.cache
def _extractor() -> Extractor:
    return Extractor([])


def score_set(extract: Callable[[str, str], str | None], cases: Sequence[dict[str, Any]]) -> Score:
    """`extract` scored on `cases` (no timing): what the test suite uses."""
    total = Score()
    for case in cases:
        total.add(score_page(extract(read_page(case), case["url"]), case))
    return total


def _timed(
    extract: Callable[[str, str], Any], html: str, url: str, repeat: int
) -> tuple[Any, float]:
    """What `extract` returns, and its fastest time over `repeat` runs."""
    best = float("inf")
    result: Any = None
    for _ in range(max(repeat, 1)):
        started = time.perf_counter()
        result = extract(html, url)
        best = min(best, time.perf_counter() - started)
    return result, best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--show-losses", type=int, default=0, metavar="K")
    parser.add_argument(
        "--repeat", type=int, default=3, help="time each page N times, keep the fastest"
    )
    parser.add_argument("--no-trafilatura", action="store_true", help="ours and parse only")
    args = parser.parse_args(argv)
    if not (args.dataset / "cases.json").is_file():
        print(f"no dataset at {args.dataset} (../shared is absent here): nothing to measure")
        return 0

    from selectolax.lexbor import LexborHTMLParser

    extractors: dict[str, Callable[[str, str], Any]] = {
        "parse": lambda html, url: LexborHTMLParser(html) and None,
        "ours": ours,
    }
    if not args.no_trafilatura:
        import trafilatura

        extractors["trafilatura"] = lambda html, url: trafilatura.extract(
            html, url=url, include_comments=False
        )

    cases = load_cases(args.dataset, args.limit)
    warm = read_page(cases[0], args.dataset)
    for extract in extractors.values():  # imports, config loading, caches
        extract(warm, cases[0]["url"])
    totals = {name: Score() for name in extractors}
    per_page: list[tuple[dict[str, Any], dict[str, Score], dict[str, str]]] = []
    for case in cases:
        html = read_page(case, args.dataset)
        scores: dict[str, Score] = {}
        texts: dict[str, str] = {}
        for name, extract in extractors.items():
            text, seconds = _timed(extract, html, case["url"], args.repeat)
            totals[name].seconds.append(seconds)
            if name != "parse":
                scores[name] = score_page(text, case)
                texts[name] = _norm(text or "")
                totals[name].add(scores[name])
        per_page.append((case, scores, texts))

    print(f"{len(cases)} pages of {args.dataset}")
    print(f"{'extractor':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'median ms':>10} {'total s':>8}")
    for name, total in totals.items():
        median = statistics.median(total.seconds) * 1000
        figures = (
            "     -      -      -"
            if name == "parse"
            else (f"{total.f1:6.3f} {total.precision:6.3f} {total.recall:6.3f}")
        )
        print(f"{name:<12} {figures} {median:10.3f} {sum(total.seconds):8.2f}")
    parse = statistics.median(totals["parse"].seconds)
    for name in totals:
        if name != "parse":
            ratio = statistics.median(totals[name].seconds) / parse
            print(f"{name}/parse median time: {ratio:.2f}x")
    if args.show_losses and "trafilatura" in totals:
        _show_losses(per_page, args.show_losses)
    return 0


def _show_losses(
    per_page: list[tuple[dict[str, Any], dict[str, Score], dict[str, str]]], count: int
) -> None:
    def loss(entry: tuple[dict[str, Any], dict[str, Score], dict[str, str]]) -> float:
        _, scores, _ = entry
        theirs, mine = scores["trafilatura"], scores["ours"]
        return (theirs.tp - theirs.fp) - (mine.tp - mine.fp)

    print("\npages where ours loses most to trafilatura (segments right, theirs - ours):")
    for entry in sorted(per_page, key=loss, reverse=True)[:count]:
        case, scores, texts = entry
        if loss(entry) <= 0:
            break
        print(f"- {case['page']} {case['url']} (-{loss(entry):.0f})")
        missing = [s for s in case["with"] if _norm(s) not in texts["ours"]]
        extra = [s for s in case["without"] if _norm(s) in texts["ours"]]
        for label, segments in (("missing", missing), ("extra", extra)):
            for segment in segments[:3]:
                print(f"    {label}: {_norm(segment)[:90]!r}")
        print(f"    ours: {len(texts['ours'])} chars, trafilatura: {len(texts['trafilatura'])}")


if __name__ == "__main__":
    sys.exit(main())
