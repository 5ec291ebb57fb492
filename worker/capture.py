"""`python -m worker capture URL --outlet ID`: a new stored page and its draft expected item.

The step of "add an outlet" that a rule author should not do by hand: fetch one article as
the service would (every page of a split article, by the outlet's `whole_article`), save it
under `tests/fixtures/<id>/` as `article.html` (a following page as `article.2.html`, ...),
extract it with the outlet's rules, and save the item as `article.json`. The draft is what
the rules give today: the author reads it against the page, corrects what is wrong (in the
rules, or in the draft), and then the stored-page test holds the outlet to it. Existing
files are kept unless `force` is given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from worker.config import Config
from worker.errors import WorkerError
from worker.extract import Extractor
from worker.fetch import Fetcher
from worker.models import Item
from worker.whole import ArticlePages, fetch_article

__all__ = ["Capture", "capture", "page_files", "review_notes"]


@dataclass(frozen=True, slots=True)
class Capture:
    """What `capture` wrote."""

    pages: tuple[Path, ...]
    expected: Path
    item: Item


def page_files(folder: Path, count: int, name: str = "article") -> tuple[Path, ...]:
    """The files of a stored article's pages: `article.html`, `article.2.html`, ..."""
    return tuple(
        folder / (f"{name}.html" if n == 1 else f"{name}.{n}.html") for n in range(1, count + 1)
    )


async def capture(
    url: str, outlet_id: str, config: Config, dest: Path, *, force: bool = False
) -> Capture:
    """Fetch the article at `url`, store its pages and draft item under `dest/<outlet_id>/`.

    Raises WorkerError for an unknown outlet, a page that cannot be fetched, a page with no
    article, or files that exist already (without `force`).
    """
    try:
        outlet = config.outlet(outlet_id)
    except KeyError:
        known = ", ".join(o.id for o in config.outlets) or "none"
        raise WorkerError(f"unknown outlet {outlet_id!r} (known: {known})") from None
    folder = dest / outlet_id
    expected = folder / "article.json"
    if not force and (expected.exists() or (folder / "article.html").exists()):
        raise WorkerError(f"{folder} holds a stored page already (--force replaces it)")
    article = await _fetch(url, config, outlet_id)
    try:
        item = Extractor(config.outlets).extract_pages(
            article.pages, article.url, outlet.id, article.fetched_at, complete=article.complete
        )
    except WorkerError as exc:
        raise WorkerError(f"no article on {article.url}: {exc}") from exc
    folder.mkdir(parents=True, exist_ok=True)
    pages = page_files(folder, len(article.pages))
    for path, html in zip(pages, article.pages, strict=True):
        path.write_text(html, encoding="utf-8")
    for stale in page_files(folder, len(article.pages) + 20)[len(article.pages) :]:
        stale.unlink(missing_ok=True)  # pages of an earlier capture with more of them
    text = json.dumps(item.to_dict(), ensure_ascii=False, indent=2) + "\n"
    expected.write_text(text, encoding="utf-8")
    return Capture(pages, expected, item)


async def _fetch(url: str, config: Config, outlet_id: str) -> ArticlePages:
    outlet = config.outlet(outlet_id)
    async with Fetcher(config.settings.fetch) as fetcher:
        try:
            return await fetch_article(fetcher, url, outlet, fetcher.policy_for(outlet))
        except WorkerError as exc:
            raise WorkerError(f"could not fetch {url}: {exc}") from exc


def review_notes(item: Item) -> list[str]:
    """What the author should look at first in the draft."""
    notes = []
    if item.extractor != f"profile:{item.outlet}":
        notes.append(
            "the outlet's rules did not match this page: the draft comes from the generic "
            "extractor; fix the rules and capture again (--force)"
        )
    if item.partial:
        notes.append("the item is partial (a paywalled teaser, or a page of it was lost)")
    empty = [
        name
        for name in ("published_at", "authors", "editor", "dateline", "tags", "section")
        if getattr(item, name) in (None, ())
    ]
    if empty:
        notes.append("empty: " + ", ".join(empty) + " (right for this page?)")
    notes.append("read article.json against the page; the stored-page test will hold to it")
    return notes
