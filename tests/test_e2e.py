"""The whole path against the outlet simulator and the real Redis: discovery, frontier,
fetching, Kompas.TV extraction, dedup and publication, run in process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import redis.asyncio as aioredis

from tests.conftest import write_sim_config
from worker.config import load_config
from worker.keys import Keys
from worker.service import CrawlSummary, Service
from worker.simulator import ArticleSpec, Simulator

SCHEMA = json.loads((Path(__file__).parents[1] / "worker" / "item.schema.json").read_text())


async def crawl(config_dir: Path) -> CrawlSummary:
    service = Service.from_config(load_config(config_dir))
    try:
        return await service.crawl_once()
    finally:
        await service.close()


async def published(redis: aioredis.Redis, prefix: str) -> list[dict[str, Any]]:
    return [json.loads(fields["item"]) for _, fields in await redis.xrange(Keys(prefix).items)]


def all_articles(sim: Simulator) -> list[ArticleSpec]:
    return [article for outlet in sim.outlet_ids for article in sim.articles(outlet)]


def assert_item_matches(item: dict[str, Any], spec: ArticleSpec) -> None:
    jsonschema.validate(item, SCHEMA)
    assert item["outlet"] == spec.outlet
    assert item["title"] == spec.title
    assert item["body"] == spec.body
    assert item["dateline"] == spec.dateline
    assert item["attribution"] == spec.attribution
    assert [(r["title"], r["url"]) for r in item["related"]] == list(spec.related)
    assert item["authors"] == list(spec.authors)
    assert item["tags"] == list(spec.tags)
    if item["canonical_url"] == spec.url:
        assert item["published_at"] == spec.published_at
        assert item["image_url"] == spec.image_url
    else:  # the syndicated copy (same body, its own URL and time) was fetched first
        assert item["canonical_url"].startswith(spec.url.split("/article/")[0] + "/")
    assert item["language"] == "id"
    assert item["extractor"] == f"profile:{spec.outlet}"
    assert item["drift"] is False
    assert item["word_count"] == len(spec.body.split())


def match_exactly_once(items: list[dict[str, Any]], specs: list[ArticleSpec]) -> None:
    """Every spec published once (by its body: a syndicated twin may carry either URL)."""
    by_body = {spec.body: spec for spec in specs}
    assert len(by_body) == len(specs)
    bodies = [item["body"] for item in items]
    assert sorted(bodies) == sorted(by_body)
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        assert_item_matches(item, by_body[item["body"]])


async def test_crawl_publishes_each_article_once_then_only_new_ones(
    simulator: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    config_dir = write_sim_config(simulator, tmp_path, prefix)
    specs = all_articles(simulator)
    first = await crawl(config_dir)
    items = await published(redis, prefix)
    match_exactly_once(items, specs)
    assert first.published == len(specs)
    # the syndicated copy of one article per outlet is caught by its body
    assert first.duplicate == len(simulator.outlet_ids)
    assert first.dead == 0
    stats = await redis.hgetall(Keys(prefix).stats("sim01"))
    assert int(stats["published"]) == len(simulator.articles("sim01"))
    assert int(stats["duplicate"]) == 1

    second = await crawl(config_dir)
    assert (second.queued, second.published, second.duplicate) == (0, 0, 0)
    assert len(await published(redis, prefix)) == len(specs)

    fresh = simulator.add_articles("sim01", 3) + simulator.add_articles("sim02", 2)
    third = await crawl(config_dir)
    assert (third.queued, third.published) == (5, 5)
    new_items = (await published(redis, prefix))[len(specs) :]
    match_exactly_once(new_items, fresh)
    assert sorted(item["canonical_url"] for item in new_items) == sorted(a.url for a in fresh)


async def test_reference_article_is_extracted_exactly(
    simulator: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    await crawl(write_sim_config(simulator, tmp_path, prefix))
    fixture = Path(__file__).parent / "fixtures" / "kompas.tv" / "article.json"
    expected = json.loads(fixture.read_text(encoding="utf-8"))
    [item] = [i for i in await published(redis, prefix) if i["dateline"] == "PYONGYANG"]
    assert item["attribution"] == "Associated Press"
    assert [r["title"] for r in item["related"]] == [
        "Ingin Korea Utara Siap Berperang, Kim Jong-Un Malah Pecat Pimpinan Jenderal Pentingnya",
        "Rezim Kim Jong Un Ungkap Nasib Tentara AS yang Kabur ke Negaranya, Tengah Ditahan",
    ]
    assert "Ukraian" in item["body"]
    assert "Gabung ke Channel" not in item["body"]
    assert item["body"].startswith("Pemimpin Tertinggi Korea Utara Kim Jong-un")
    assert item["body"].count("\n\n") == 6
    assert item["body"] == expected["body"]
    assert (item["dateline"], item["attribution"]) == (
        expected["dateline"],
        expected["attribution"],
    )
