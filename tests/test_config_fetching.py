"""The configuration keys of polite, safe fetching and discovery: defaults, an outlet
using all of them, and each mistake named with its key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_config import GOOD_OUTLET, make_config
from worker.config import load_config
from worker.errors import ConfigError
from worker.fetch import Fetcher

FULL_OUTLET = """\
domains: [kompas.com]
sitemaps: [https://www.kompas.com/sitemap.xml]
robots_sitemaps: [https://news.kompas.com]
listings:
  - url: https://indeks.kompas.com/?site=news&date={date}&page={page}
    link_selector: .articleItem a.article-link
    date_format: "%Y-%m-%d"
    max_pages: 5
lookback: 36h
politeness: {delay: 2.5s, concurrency: 1}
ignore_robots: true
proxy: http://proxy.example:3128
article_url: '^https://\\w+\\.kompas\\.com/read/'
"""


def test_defaults(tmp_path: Path) -> None:
    config = load_config(make_config(tmp_path))
    fetch = config.settings.fetch
    assert (fetch.delay, fetch.per_host, fetch.allow_private, fetch.allow_networks) == (
        1.0,
        2,
        False,
        [],
    )
    assert (fetch.pause_after, fetch.pause_for, fetch.robots_ttl) == (5, 300.0, 3600.0)
    assert fetch.max_sitemap_bytes == 50_000_000
    outlet = config.outlets[0]
    assert (outlet.lookback, outlet.ignore_robots, outlet.proxy) == (2 * 86400.0, False, None)
    assert (outlet.politeness.delay, outlet.politeness.concurrency) == (None, None)
    policy = Fetcher(fetch).policy_for(outlet)
    assert (policy.delay, policy.concurrency, policy.ignore_robots, policy.proxy) == (
        1.0,
        2,
        False,
        None,
    )


def test_an_outlet_with_every_key(tmp_path: Path) -> None:
    worker_yaml = "fetch:\n  delay: 0.5s\n  allow_networks: [10.8.0.0/16, 127.0.0.1]\n"
    config = load_config(make_config(tmp_path, worker_yaml, {"kompas.com.yaml": FULL_OUTLET}))
    assert config.settings.fetch.allow_networks == ["10.8.0.0/16", "127.0.0.1"]
    outlet = config.outlet("kompas.com")
    [listing] = outlet.listings
    assert (listing.date_format, outlet.lookback) == ("%Y-%m-%d", 36 * 3600.0)
    assert outlet.robots_sitemaps == ["https://news.kompas.com"]
    policy = Fetcher(config.settings.fetch).policy_for(outlet)
    assert (policy.delay, policy.concurrency, policy.ignore_robots, policy.proxy) == (
        2.5,
        1,
        True,
        "http://proxy.example:3128",
    )


@pytest.mark.parametrize(
    ("worker_yaml", "outlet", "expected"),
    [
        (
            "fetch:\n  allow_networks: [intranet]\n",
            GOOD_OUTLET,
            "worker.yaml: fetch.allow_networks.0: 'intranet' is not an IP address or network",
        ),
        ("fetch:\n  allow_private: maybe\n", GOOD_OUTLET, "fetch.allow_private: Input should"),
        ("fetch:\n  pause_after: 0\n", GOOD_OUTLET, "fetch.pause_after: Input should be"),
        (
            "",
            GOOD_OUTLET + "listings:\n  - url: https://x.com/indeks?date={date}\n"
            "    link_selector: a\n",
            "x.yaml: listings.0: '{date}' in the url and 'date_format' go together",
        ),
        (
            "",
            GOOD_OUTLET + "listings:\n  - url: https://x.com/indeks?date={tanggal}\n"
            "    link_selector: a\n",
            "x.yaml: listings.0: the url may hold only the placeholders {date} and {page}",
        ),
        (
            "",
            GOOD_OUTLET + "listings:\n  - url: https://x.com/indeks?page={page}\n"
            "    link_selector: a\n    next_selector: a.next\n",
            "listings.0: give either '{page}' in the url or 'next_selector', not both",
        ),
        (
            "",
            GOOD_OUTLET + "listings:\n  - url: https://x.com/i?d={date}\n    link_selector: a\n"
            "    date_format: Y-m-d\n",
            "listings.0.date_format: 'Y-m-d' is not a strftime format",
        ),
        ("", GOOD_OUTLET + "lookback: 10m\n", "x.yaml: lookback: Input should be greater than"),
        ("", GOOD_OUTLET + "politeness: {concurrency: 0}\n", "politeness.concurrency: Input"),
        ("", GOOD_OUTLET + "politeness: {dealy: 1s}\n", "x.yaml: politeness.dealy: unknown key"),
        ("", GOOD_OUTLET + "proxy: socks5://p:1080\n", "x.yaml: proxy: 'socks5://p:1080' is not"),
        ("", GOOD_OUTLET + "sitemaps: [sitemap.xml]\n", "x.yaml: sitemaps.0: 'sitemap.xml' is not"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, worker_yaml: str, outlet: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(make_config(tmp_path, worker_yaml, {"x.yaml": outlet}))
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_sitemaps_alone_are_an_entry_point(tmp_path: Path) -> None:
    outlet = "domains: [x.com]\nsitemaps: [https://x.com/s.xml]\narticle_url: x\n"
    assert load_config(make_config(tmp_path, "", {"x.yaml": outlet})).outlets[0].sitemaps
