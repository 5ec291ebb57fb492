"""Every Redis key the worker uses, in one place.

All keys share one hash tag (`{prefix}`) so the Lua scripts, which touch several keys at
once, also run on Redis Cluster.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

FETCH_GROUP = "fetchers"


def short_hash(text: str) -> str:
    """A 32-hex-digit digest: short enough for keys, long enough never to collide in practice."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Keys:
    prefix: str = "nw"

    @property
    def tag(self) -> str:
        return "{" + self.prefix + "}"

    @property
    def frontier(self) -> str:
        return f"{self.tag}:frontier"

    @property
    def items(self) -> str:
        return f"{self.tag}:items"

    @property
    def dead(self) -> str:
        return f"{self.tag}:dead"

    def health(self, hostname: str) -> str:
        return f"{self.tag}:health:{hostname}"

    def seen_url_prefix(self) -> str:
        return f"{self.tag}:seen:u:"

    def seen_url(self, canonical_url: str) -> str:
        return self.seen_url_prefix() + short_hash(canonical_url)

    def seen_content(self, content_hash: str) -> str:
        return f"{self.tag}:seen:c:{content_hash}"

    def alive(self, consumer: str) -> str:
        return f"{self.tag}:alive:{consumer}"

    def lock(self, outlet: str) -> str:
        return f"{self.tag}:lock:{outlet}"

    def http_cache(self, url: str) -> str:
        """Hash: `etag`, `last_modified`, `body` (digest) of a feed, sitemap or listing page,
        and `memo` (an index's child sitemaps), so an unchanged page costs nothing."""
        return f"{self.tag}:http:{short_hash(url)}"

    def backfill(self, outlet: str) -> str:
        """Hash: day (YYYY-MM-DD) -> URLs queued, for each day a backfill has finished."""
        return f"{self.tag}:backfill:{outlet}"

    def stats(self, outlet: str) -> str:
        return f"{self.tag}:stats:{outlet}"
