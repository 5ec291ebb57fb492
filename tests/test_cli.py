"""The command line as a user runs it: extract, crawl --once, consume, health."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis

from tests.conftest import clean_env, write_sim_config
from tests.test_e2e import all_articles, match_exactly_once
from worker.keys import Keys
from worker.simulator import Simulator

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "kompas.tv"
FIXTURE_URL = json.loads((FIXTURE / "article.json").read_text(encoding="utf-8"))["url"]


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "worker", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
        env=clean_env(),
    )


def without_fetched_at(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "fetched_at"}


def test_extract_file_prints_the_item() -> None:
    result = run("extract", str(FIXTURE / "article.html"), "--url", FIXTURE_URL)
    assert result.returncode == 0, result.stderr
    expected = json.loads((FIXTURE / "article.json").read_text(encoding="utf-8"))
    assert without_fetched_at(json.loads(result.stdout)) == without_fetched_at(expected)


def test_extract_generic_forced() -> None:
    result = run(
        "extract", str(FIXTURE / "article.html"), "--url", FIXTURE_URL, "--outlet", "generic"
    )
    assert result.returncode == 0, result.stderr
    item = json.loads(result.stdout)
    expected = json.loads((FIXTURE / "article.json").read_text(encoding="utf-8"))
    assert (item["extractor"], item["drift"]) == ("generic", False)
    assert item["title"] == expected["title"]
    assert "Terpopuler" not in item["body"]


def test_extract_not_an_article(tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    result = run("extract", str(page), "--url", "https://www.kompas.tv/nasional/400001/x")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ")


async def test_extract_url_from_the_simulator(
    simulator: Simulator, prefix: str, tmp_path: Path
) -> None:
    spec = simulator.articles("sim01")[3]
    config_dir = write_sim_config(simulator, tmp_path, prefix)  # fetch.allow_private: true
    result = await _run_async(
        "extract", spec.url, "--outlet", "generic", "--config", str(config_dir)
    )
    assert result["title"] == spec.title
    assert result["canonical_url"] == spec.url


async def test_extract_url_refuses_the_loopback_address_by_default(
    simulator: Simulator,
) -> None:
    url = simulator.articles("sim01")[3].url
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "worker", "extract", url, cwd=ROOT, env=clean_env(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 1  # the repo's config/ does not allow private addresses
    assert stderr.decode().startswith(f"error: could not fetch {url}: ")
    assert stderr.decode().rstrip().endswith("refused address: 127.0.0.1 (loopback)")
    assert simulator.requests == []


async def _output(*args: str) -> str:
    """What `python -m worker ARGS` prints, run without blocking the simulator's loop."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "worker", *args, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode()
    return stdout.decode()


async def _run_async(*args: str) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(await _output(*args))
    return parsed


async def test_crawl_once_then_consume(
    simulator: Simulator, redis: aioredis.Redis, prefix: str, tmp_path: Path
) -> None:
    config_dir = write_sim_config(simulator, tmp_path, prefix)
    specs = all_articles(simulator)
    summary = await _run_async("crawl", "--once", "--config", str(config_dir))
    assert summary == {
        "discovered": summary["discovered"],
        "queued": summary["queued"],
        "published": len(specs),
        "duplicate": len(simulator.outlet_ids),
        "dead": 0,
    }
    assert summary["queued"] == len(specs) + len(simulator.outlet_ids)

    lines = await _consume(config_dir, "--group", "readers", "--count", "5")
    assert len(lines) == 5
    rest = await _consume(config_dir, "--group", "readers", "--count", "1000", "--block", "0.3")
    items = [json.loads(line) for line in lines + rest]
    match_exactly_once(items, specs)
    stream_ids = [f["id"] for _, f in await redis.xrange(Keys(prefix).items)]
    assert [item["id"] for item in items] == stream_ids  # in stream order, none twice
    # everything was acknowledged: the group has nothing pending and nothing new
    assert (await redis.xpending(Keys(prefix).items, "readers"))["pending"] == 0
    assert (
        await _consume(config_dir, "--group", "readers", "--count", "1000", "--block", "0.3") == []
    )
    # another group reads the whole stream on its own
    assert len(
        await _consume(config_dir, "--group", "others", "--count", "1000", "--block", "0.3")
    ) == len(specs)


async def _consume(config_dir: Path, *args: str) -> list[str]:
    return (await _output("consume", "--config", str(config_dir), *args)).splitlines()


def test_health_without_a_worker(tmp_path: Path, prefix: str) -> None:
    (tmp_path / "outlets").mkdir()
    (tmp_path / "worker.yaml").write_text(f"redis:\n  prefix: {prefix}\n", encoding="utf-8")
    result = run("health", "--config", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.startswith("unhealthy")


def test_no_redis_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "outlets").mkdir()
    (tmp_path / "worker.yaml").write_text(
        "redis:\n  url: redis://:secret@127.0.0.1:9/0\n", encoding="utf-8"
    )
    for command in (["crawl", "--once"], ["run", "--no-local-redis"]):
        result = run(*command, "--config", str(tmp_path))
        assert result.returncode == 1, result.stderr
        assert "error: Redis at redis://:***@127.0.0.1:9/0 does not answer" in result.stderr
        assert "docker compose up -d redis" in result.stderr
        assert "secret" not in result.stderr


def test_extract_html_from_the_package() -> None:
    import worker

    html = (FIXTURE / "article.html").read_text(encoding="utf-8")
    expected = json.loads((FIXTURE / "article.json").read_text(encoding="utf-8"))
    item = worker.extract_html(html, FIXTURE_URL)
    assert without_fetched_at(item.to_dict()) == without_fetched_at(expected)
    assert worker.extract_html(html, FIXTURE_URL, outlet="generic").extractor == "generic"
    assert worker.__all__ == ["__version__", "extract_html"]
