"""`ensure_redis`: use a Redis that answers, else start a private one (real redis-server)."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from worker.errors import WorkerError
from worker.redis_local import LocalRedis, ensure_redis

needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not on PATH"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def names_in(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    """The test's state folder, resolved as `ensure_redis` reports paths."""
    return tmp_path.resolve()


@pytest.fixture
async def started() -> AsyncIterator[list[LocalRedis]]:
    """Every private Redis a test starts is stopped, even when the test fails."""
    servers: list[LocalRedis] = []
    yield servers
    for server in servers:
        await server.stop()


@needs_redis_server
async def test_private_redis_keeps_its_data_across_a_restart(
    state_dir: Path, started: list[LocalRedis]
) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"

    first = await ensure_redis(url, state_dir)
    assert first is not None
    started.append(first)
    assert first.url == url
    assert first.log_path == state_dir / "redis.log"
    async with Redis.from_url(url) as client:
        assert await client.set("answer", "42") is True
    await first.stop()
    assert first.process.returncode == 0

    second = await ensure_redis(url, state_dir)
    assert second is not None
    started.append(second)
    assert second.process.pid != first.process.pid
    async with Redis.from_url(url) as client:
        assert await client.get("answer") == b"42"
    assert "dump.rdb" not in names_in(state_dir)  # so the key came back from the AOF
    await second.stop()
    assert second.process.returncode == 0
    await second.stop()  # a second stop is a no-op


async def test_a_redis_that_answers_is_used_as_it_is(tmp_path: Path) -> None:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    state_dir = tmp_path / "state"

    assert await ensure_redis(url, state_dir) is None
    assert not state_dir.exists()


async def test_an_unreachable_remote_redis_says_how_to_get_one(tmp_path: Path) -> None:
    url = "redis://:secret@192.0.2.1:6379/0"  # TEST-NET-1: never routed

    with pytest.raises(WorkerError) as caught:
        await ensure_redis(url, tmp_path, ping_timeout=0.3)

    message = str(caught.value)
    assert message.startswith("Redis at redis://:***@192.0.2.1:6379/0 does not answer.")
    assert "docker compose up -d redis" in message
    assert "apt-get install redis-server" in message
    assert "brew install redis" in message
    assert "REDIS_URL" in message
    assert "secret" not in message
    assert names_in(tmp_path) == []


async def test_a_local_url_without_redis_server_installed_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    url = f"redis://localhost:{free_port()}/0"

    with pytest.raises(WorkerError, match="docker compose up -d redis"):
        await ensure_redis(url, tmp_path)


@needs_redis_server
async def test_a_port_held_by_something_else_fails_with_the_log(state_dir: Path) -> None:
    async def hang_up(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()
        await writer.wait_closed()

    squatter = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = squatter.sockets[0].getsockname()[1]
    try:
        with pytest.raises(WorkerError) as caught:
            await ensure_redis(f"redis://127.0.0.1:{port}/0", state_dir)
    finally:
        squatter.close()
        await squatter.wait_closed()

    message = str(caught.value)
    assert message.startswith(f"redis-server for redis://127.0.0.1:{port}/0 exited with code 1")
    assert f"last lines of {state_dir / 'redis.log'}:" in message
    assert "Address already in use" in message
