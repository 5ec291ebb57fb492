"""Find Redis for `run` and `demo`, or start a private `redis-server` when none answers.

`make run` on a laptop should just work: when nothing answers at the configured URL and
that URL points at this machine, the worker starts its own Redis (AOF on, data under the
state folder, so the frontier survives a restart) and stops it on the way out. Anywhere
else (a container, a remote URL) a missing Redis is an error that says how to get one.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import (
    AuthenticationError,
    BusyLoadingError,
    InvalidResponse,
    RedisError,
)
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from worker.errors import WorkerError

__all__ = ["LocalRedis", "ensure_redis"]

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
PING_TIMEOUT = 1.0
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
_POLL_INTERVAL = 0.05
_LOG_TAIL_LINES = 15

_Probe = Literal["up", "down", "loading"]


@dataclass(eq=False)
class LocalRedis:
    """A private redis-server this process started; `stop()` it before the process ends."""

    url: str
    process: asyncio.subprocess.Process
    log_path: Path

    async def stop(self) -> None:
        """SIGTERM, which Redis treats as SHUTDOWN (AOF fsynced); SIGKILL if it hangs.

        A signal rather than the SHUTDOWN command: it cannot be lost to a connection error
        or refused for want of a password. Returns once the process has exited.
        """
        if self.process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.terminate()
        try:
            async with asyncio.timeout(STOP_TIMEOUT):
                await self.process.wait()
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            await self.process.wait()


def state_dir() -> Path:
    """Where a private Redis keeps its data: `.state/redis` here, or WORKER_STATE_DIR."""
    return Path(os.environ.get("WORKER_STATE_DIR", ".state")) / "redis"


async def ensure_redis(
    url: str,
    state_dir: Path,
    *,
    ping_timeout: float = PING_TIMEOUT,
    start_timeout: float = START_TIMEOUT,
) -> LocalRedis | None:
    """None when Redis answers at `url`; else a private one started for a local URL.

    Raises `WorkerError` when Redis cannot be reached or started, with how to get one.
    """
    state = await _probe(url, ping_timeout)
    if state == "loading":
        await _wait_until_up(url, ping_timeout, start_timeout, process=None, log_path=None)
        return None
    if state == "up":
        return None
    parts = urlsplit(url)
    server = shutil.which("redis-server")
    if parts.scheme != "redis" or parts.hostname not in LOCAL_HOSTS or server is None:
        raise WorkerError(_no_redis_message(url))
    return await _start(url, server, state_dir, ping_timeout, start_timeout)


async def _start(
    url: str, server: str, state_dir: Path, ping_timeout: float, start_timeout: float
) -> LocalRedis:
    """Run redis-server in the foreground as a child, in its own session so that a Ctrl+C
    meant for the worker does not stop Redis before the worker has finished its writes."""
    parts = urlsplit(url)
    bind = ["127.0.0.1", "::1"] if parts.hostname == "::1" else ["127.0.0.1"]
    state_dir, log_path, log = _prepare_state_dir(state_dir)
    try:
        process = await asyncio.create_subprocess_exec(
            server,
            "--bind",
            *bind,
            "--port",
            str(parts.port or 6379),
            "--dir",
            str(state_dir),
            "--appendonly",
            "yes",
            "--save",
            "",
            "--daemonize",
            "no",
            stdin=asyncio.subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    except OSError as exc:
        raise WorkerError(f"cannot start {server}: {exc}\n{_no_redis_message(url)}") from exc
    finally:
        log.close()
    local = LocalRedis(url=url, process=process, log_path=log_path)
    try:
        await _wait_until_up(url, ping_timeout, start_timeout, process, log_path)
    except BaseException:
        await local.stop()
        raise
    return local


def _prepare_state_dir(state_dir: Path) -> tuple[Path, Path, IO[bytes]]:
    """Absolute state folder, its log path, and the log opened for appending."""
    state_dir = state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    log_path = state_dir / "redis.log"
    return state_dir, log_path, log_path.open("ab")


async def _wait_until_up(
    url: str,
    ping_timeout: float,
    start_timeout: float,
    process: asyncio.subprocess.Process | None,
    log_path: Path | None,
) -> None:
    """Poll PING until it answers; fail early if the server exits, late at the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + start_timeout
    while True:
        if process is not None and process.returncode is not None:
            raise WorkerError(
                f"redis-server for {redact(url)} exited with code {process.returncode} "
                f"before answering{_log_tail(log_path)}"
            )
        if await _probe(url, ping_timeout) == "up":
            return
        if loop.time() >= deadline:
            raise WorkerError(
                f"Redis at {redact(url)} did not answer PING within {start_timeout:g}s"
                f"{_log_tail(log_path)}"
            )
        await asyncio.sleep(_POLL_INTERVAL)


async def _probe(url: str, ping_timeout: float) -> _Probe:
    """One PING, no retries: a Redis that refuses us (auth, bad db) is an error, since
    starting another one on its port could not help."""
    client = _client(url, ping_timeout)
    try:
        async with asyncio.timeout(ping_timeout * 2):
            await client.ping()
    except BusyLoadingError:
        return "loading"
    except AuthenticationError as exc:
        raise WorkerError(f"Redis at {redact(url)} answers but refuses us: {exc}") from exc
    except InvalidResponse as exc:
        raise WorkerError(
            f"something at {redact(url)} answers, but it is not Redis ({exc}).\n{_HOW_TO}"
        ) from exc
    except (RedisConnectionError, RedisTimeoutError, OSError, TimeoutError):
        return "down"
    except RedisError as exc:
        raise WorkerError(f"Redis at {redact(url)} answers but refuses us: {exc}") from exc
    finally:
        await client.aclose()
    return "up"


def _client(url: str, timeout: float) -> Redis:
    client: Redis = Redis.from_url(
        url,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )
    return client


_HOW_TO = (
    "To get one:\n"
    "  - docker compose up -d redis     (from the repository folder)\n"
    "  - or install redis-server (apt-get install redis-server / brew install redis);\n"
    "    for a local URL the worker then starts a private one by itself\n"
    "  - or set REDIS_URL to a Redis that runs, e.g. REDIS_URL=redis://host:6379/0"
)


def _no_redis_message(url: str) -> str:
    return f"Redis at {redact(url)} does not answer. {_HOW_TO}"


def redact(url: str) -> str:
    """The URL without its password, fit for logs and error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _log_tail(log_path: Path | None) -> str:
    if log_path is None:
        return ""
    try:
        lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    tail = "\n".join(f"  {line}" for line in lines[-_LOG_TAIL_LINES:])
    return f"; last lines of {log_path}:\n{tail}" if tail else f"; see {log_path}"
