"""Every error the worker raises on purpose, in one small tree.

    WorkerError
    ├── ConfigError        a config file is wrong; the worker stops before it runs (exit 2)
    ├── FetchError         a page could not be fetched; `retryable` says if trying again helps
    ├── ExtractionError    a page was fetched but holds no article we can use
    └── PublishError       Redis refused or lost a write

aiohttp and redis errors are translated into these at the boundary (`raise ... from exc`),
so the per-article failure policy in `service.py` needs to know only this tree.
"""

from __future__ import annotations


class WorkerError(Exception):
    """Base of every error the worker raises on purpose."""


class ConfigError(WorkerError):
    """A configuration file is invalid: names the file, the key path and the reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class FetchError(WorkerError):
    """A fetch failed; `retryable` is False where another try cannot help (404, too big)."""

    def __init__(self, url: str, reason: str, *, retryable: bool) -> None:
        self.url = url
        self.reason = reason
        self.retryable = retryable
        super().__init__(f"{url}: {reason}")


class ExtractionError(WorkerError):
    """The page holds no article: no title or no body could be found."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class PublishError(WorkerError):
    """Redis could not record a step; the frontier entry stays pending and is retried."""
