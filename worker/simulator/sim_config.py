"""A worker config folder whose outlets are the simulator's.

Each outlet file takes its extraction rules from the repo's own Kompas.TV file, so a
crawl of the simulator exercises exactly the rules that ship.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

import worker

KOMPASTV_FILE = Path(worker.__file__).parents[1] / "config" / "outlets" / "kompas.tv.yaml"

# Settings for a crawl of the simulator; the caller's `settings` are merged over them.
# All outlets share one host (127.0.0.1), hence per_host = concurrency, no delay between
# requests, and no pause of the host after the bad cases' failures; the simulator is on
# the loopback address, which the fetcher refuses unless allowed.
TEST_SETTINGS: dict[str, Any] = {
    "redis": {"url": "redis://127.0.0.1:6379/15", "prefix": "sim"},
    "outlets": "all",
    "log_level": "INFO",
    "fetch": {
        "allow_private": True,
        "delay": "0s",
        "pause_after": 1000,
        "concurrency": 32,
        "per_host": 32,
        "connect_timeout": "2s",
        "read_timeout": "5s",
        "total_timeout": "5s",
        "max_redirects": 5,
        "retries": 2,
        "backoff_base": "0.1s",
        "backoff_max": "2s",
    },
    "frontier": {"fetch_tasks": 16, "max_tries": 3, "reclaim_idle": "30s", "block": "0.2s"},
    "schedule": {"jitter": "0s"},
}


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """`override` over `base`: mappings merge key by key, anything else replaces."""
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def kompastv_extract_rules() -> dict[str, Any]:
    data = yaml.safe_load(KOMPASTV_FILE.read_text(encoding="utf-8"))
    rules = data["extract"]
    if not isinstance(rules, dict):
        raise ValueError(f"{KOMPASTV_FILE}: extract: expected a mapping")
    return rules


def outlet_config(
    base: str, outlet: str, extract: Mapping[str, Any], every: str = "5m"
) -> dict[str, Any]:
    """One outlet file: the simulator's feed and listing, Kompas.TV's rules."""
    port = urlsplit(base).port
    return {
        "name": f"Simulated outlet {outlet}",
        "domains": ["127.0.0.1"],
        "language": "id",
        "timezone": "+07:00",
        "schedule": {"every": every},
        "feeds": [f"{base}/{outlet}/rss"],
        "listings": [
            {
                "url": f"{base}/{outlet}/indeks",
                "link_selector": "a.card__link",
                "next_selector": "a.pagination__next",
                "max_pages": 3,
            }
        ],
        "article_url": rf"^http://127\.0\.0\.1:{port}/{outlet}/(article|rehat)/\d+/",
        "extract": copy.deepcopy(dict(extract)),
    }


def write_config(
    dest: Path,
    base: str,
    outlets: Sequence[str],
    settings: Mapping[str, Any] | None = None,
    every: str = "5m",
) -> Path:
    """Write dest/worker.yaml and dest/outlets/<id>.yaml for each of `outlets`."""
    dest = Path(dest)
    (dest / "outlets").mkdir(parents=True, exist_ok=True)
    merged = deep_merge(TEST_SETTINGS, settings or {})
    (dest / "worker.yaml").write_text(_dump(merged), encoding="utf-8")
    extract = kompastv_extract_rules()
    for outlet in outlets:
        text = _dump(outlet_config(base, outlet, extract, every))
        (dest / "outlets" / f"{outlet}.yaml").write_text(text, encoding="utf-8")
    return dest


def _dump(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=1000)
