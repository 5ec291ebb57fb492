"""The rule author's commands, run as a user runs them: `extract --explain` on a stored
page, and `capture` of a split article from a local HTTP server into a fixtures folder."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.conftest import clean_env
from tests.localsite import app_of, article_page, html, write_config
from tests.test_cli import FIXTURE, FIXTURE_URL, run, without_fetched_at
from worker.config import load_config
from worker.extract import Extractor


def test_extract_explain() -> None:
    result = run("extract", str(FIXTURE / "article.html"), "--url", FIXTURE_URL, "--explain")
    assert result.returncode == 0, result.stderr
    expected = json.loads((FIXTURE / "article.json").read_text(encoding="utf-8"))
    assert without_fetched_at(json.loads(result.stdout)) == without_fetched_at(expected)
    lines = result.stderr.splitlines()
    assert lines[0] == "extractor: profile:kompas.tv"
    assert any(
        line.startswith("  title ") and "<- selector h1.article__title" in line for line in lines
    )
    assert any("<- JSON-LD datePublished ('2023-08-14T10:05:00+07:00')" in line for line in lines)
    assert "  p1 attribution /^Sumber\\s*:\\s*(?P<attribution>.+)$/" in lines
    assert "      Sumber : Associated Press" in lines


ROOT = Path(__file__).resolve().parents[1]
PAGE_ONE = (
    "<p>SURABAYA - Pemerintah kota meresmikan taman kota baru seluas dua hektare di kawasan "
    "Ketintang pada Sabtu pagi, dihadiri ratusan warga.</p>"
)
PAGE_TWO = (
    "<p>Taman itu dilengkapi jalur pejalan kaki, area bermain anak, dan lampu tenaga surya "
    "yang menyala sepanjang malam.</p>"
)


@pytest.fixture
async def town() -> AsyncIterator[TestServer]:
    async def article(request: web.Request) -> web.StreamResponse:
        if request.query.get("page") == "2":
            return html(
                article_page("Taman Kota Baru Diresmikan", f'<div class="isi">{PAGE_TWO}</div>')
            )
        body = f'<div class="isi">{PAGE_ONE}</div><a class="next" href="?page=2">2</a>'
        return html(article_page("Taman Kota Baru Diresmikan", body))

    server = TestServer(app_of({"/kota/{id}/{slug}": article}), host="127.0.0.1")
    await server.start_server()
    yield server
    await server.close()


async def capture(*args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "worker",
        "capture",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=clean_env(),
        cwd=ROOT,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode(), err.decode()


async def test_capture_stores_pages_and_a_draft(
    town: TestServer, tmp_path: Path, prefix: str
) -> None:
    base = str(town.make_url("")).rstrip("/")
    config = write_config(
        tmp_path / "config",
        prefix,
        {
            "kota": {
                "domains": ["127.0.0.1"],
                "feeds": [f"{base}/rss"],
                "article_url": r"/kota/\d+/",
                "ignore_robots": True,
                "whole_article": {"next_selector": "a.next"},
                "extract": {
                    "title": ["h1.judul"],
                    "body": [".isi"],
                    "min_body_chars": 50,
                    "lines": [{"match": r"^(?P<dateline>[A-Z]+) - ", "action": "dateline"}],
                },
            }
        },
    )
    url = f"{base}/kota/12/taman-kota-baru"
    dest = tmp_path / "fixtures"
    args = (url, "--outlet", "kota", "--config", str(config), "--dest", str(dest))
    code, out, err = await capture(*args)
    assert code == 0, err
    folder = dest / "kota"
    assert out.splitlines()[:3] == [
        f"wrote {folder / 'article.html'}",
        f"wrote {folder / 'article.2.html'}",
        f"wrote {folder / 'article.json'}",
    ]
    assert (
        "review: empty: published_at, authors, editor, tags, section (right for this page?)" in out
    )
    item = json.loads((folder / "article.json").read_text(encoding="utf-8"))
    assert item["body"] == (
        "Pemerintah kota meresmikan taman kota baru seluas dua hektare di kawasan Ketintang "
        "pada Sabtu pagi, dihadiri ratusan warga.\n\nTaman itu dilengkapi jalur pejalan kaki, "
        "area bermain anak, dan lampu tenaga surya yang menyala sepanjang malam."
    )
    assert (item["url"], item["dateline"], item["extractor"]) == (url, "SURABAYA", "profile:kota")
    # the stored pages give the stored item: what the stored-page test checks
    pages = [
        (folder / name).read_text(encoding="utf-8") for name in ("article.html", "article.2.html")
    ]
    again = Extractor(load_config(config).outlets).extract_pages(
        pages, item["url"], fetched_at=item["fetched_at"]
    )
    assert again.to_dict() == item
    # an existing capture is kept unless --force
    code, out, err = await capture(*args)
    assert code == 1
    assert err.strip() == f"error: {folder} holds a stored page already (--force replaces it)"
    code, out, err = await capture(*args, "--force")
    assert code == 0, err


async def test_capture_unknown_outlet(tmp_path: Path, prefix: str) -> None:
    config = write_config(tmp_path / "config", prefix, {})
    code, _, err = await capture(
        "http://127.0.0.1:9/x", "--outlet", "nope", "--config", str(config), "--dest", str(tmp_path)
    )
    assert (code, err.strip()) == (1, "error: unknown outlet 'nope' (known: none)")
