from __future__ import annotations

import pytest

from worker.urls import canonicalize, host_allowed


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTPS://WWW.Kompas.TV:443/article/1/a", "https://www.kompas.tv/article/1/a"),
        ("http://www.kompas.tv:80/article/1/a#comments", "http://www.kompas.tv/article/1/a"),
        (
            "https://www.kompas.tv/article/1/a?utm_source=rss&utm_medium=feed&fbclid=x&gclid=y",
            "https://www.kompas.tv/article/1/a",
        ),
        (
            "https://x.com/read?page=all&b=2&a=1&utm_campaign=z",
            "https://x.com/read?a=1&b=2&page=all",
        ),
        ("https://x.com", "https://x.com/"),
        ("http://127.0.0.1:8080/a/1", "http://127.0.0.1:8080/a/1"),
        ("https://x.com/path%20with%20space", "https://x.com/path%20with%20space"),
    ],
)
def test_canonical_form(raw: str, canonical: str) -> None:
    assert canonicalize(raw) == canonical


@pytest.mark.parametrize(
    "raw", ["mailto:a@b.c", "javascript:void(0)", "ftp://x.com/a", "", "http://", "https://[::1"]
)
def test_non_http_urls_have_no_canonical_form(raw: str) -> None:
    assert canonicalize(raw) is None


def test_relative_links_resolve_against_the_page() -> None:
    assert canonicalize("/read/2?utm_source=x", "https://m.x.com/a/b") == "https://m.x.com/read/2"
    assert canonicalize("c#top", "https://x.com/a/b") == "https://x.com/a/c"


def test_only_outlet_hosts_and_their_subdomains() -> None:
    domains = ["kompas.tv"]
    assert host_allowed("https://www.kompas.tv/a", domains)
    assert host_allowed("https://kompas.tv/a", domains)
    assert not host_allowed("https://evilkompas.tv/a", domains)
    assert not host_allowed("https://kompas.tv.evil.com/a", domains)
