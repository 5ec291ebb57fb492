"""Private, loopback, link-local and metadata addresses are refused after DNS and on
redirects, before any connection is made; the configuration can allow them."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import replace
from urllib.parse import quote

import pytest

from worker.config import FetchSettings
from worker.errors import FetchError
from worker.fetch import Fetcher
from worker.safety import AddressPolicy
from worker.simulator import Simulator

# The simulator is on 127.0.0.1: allowed by name, everything else private stays refused.
ONLY_LOOPBACK_SIM = FetchSettings(
    allow_networks=["127.0.0.1/32"], delay=0.0, retries=0, connect_timeout=5.0
)


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator(outlets=1, articles=3)
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),  # carrier-grade NAT
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.10.1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("::ffff:10.0.0.1", "private"),  # IPv4 inside IPv6
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_default_policy(address: str, why: str | None) -> None:
    assert AddressPolicy().refusal(address) == why


def test_allow_private_still_refuses_metadata_unless_listed() -> None:
    policy = AddressPolicy(allow_private=True)
    assert [policy.refusal(a) for a in ("10.1.2.3", "127.0.0.1", "169.254.169.254")] == [
        None,
        None,
        "metadata",
    ]
    listed = AddressPolicy(allow_networks=["169.254.169.254/32", "10.0.0.0/8"])
    assert [listed.refusal(a) for a in ("169.254.169.254", "10.9.9.9", "192.168.0.1")] == [
        None,
        None,
        "private",
    ]


async def test_loopback_refused_by_default_without_a_request(sim: Simulator) -> None:
    async with Fetcher(FetchSettings(delay=0.0, retries=0)) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(f"{sim.base_url}/_edge/page/x")
    assert (caught.value.reason, caught.value.retryable) == (
        "refused address: 127.0.0.1 (loopback)",
        False,
    )
    assert sim.requests == []


async def test_a_name_that_resolves_to_a_refused_address_is_refused_after_dns(
    sim: Simulator,
) -> None:
    port = sim.base_url.rsplit(":", 1)[1]
    async with Fetcher(FetchSettings(delay=0.0, retries=0)) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(f"http://localhost:{port}/_edge/page/x")
    assert caught.value.reason == "refused address: localhost resolves to 127.0.0.1 (loopback)"
    assert sim.requests == []


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "refused address: 169.254.169.254 (metadata)"),
        ("http://10.20.30.40:8080/admin", "refused address: 10.20.30.40 (private)"),
        ("http://[fd00:ec2::254]/", "refused address: fd00:ec2::254 (metadata)"),
    ],
)
async def test_a_redirect_to_a_refused_address_is_refused_before_connecting(
    sim: Simulator, target: str, reason: str
) -> None:
    url = f"{sim.base_url}/_edge/redirect?to={quote(target, safe='')}"
    started = time.monotonic()
    async with Fetcher(ONLY_LOOPBACK_SIM) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    assert (caught.value.reason, caught.value.retryable) == (reason, False)
    # refused in the socket factory, not after a connect attempt (connect_timeout is 5 s)
    assert time.monotonic() - started < 1.0
    assert [r.path for r in sim.requests] == ["/robots.txt", "/_edge/redirect"]


async def test_allowed_networks_let_the_simulator_through(sim: Simulator) -> None:
    async with Fetcher(ONLY_LOOPBACK_SIM) as fetcher:
        page = await fetcher.fetch(f"{sim.base_url}/_edge/page/x")
    assert "Halaman x." in page.text


async def test_through_a_proxy_names_go_to_the_proxy_literals_are_checked(
    sim: Simulator,
) -> None:
    """The proxy resolves the names it is given; a literal refused address is refused."""
    async with Fetcher(ONLY_LOOPBACK_SIM) as fetcher:
        proxied = replace(fetcher.default_policy, proxy=sim.base_url, ignore_robots=True)
        page = await fetcher.fetch("http://berita.invalid/_edge/page/lewat-proxy", proxied)
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch("http://169.254.169.254/latest/", proxied)
    assert "Halaman lewat-proxy." in page.text
    assert caught.value.reason == "refused address: 169.254.169.254 (metadata)"
    [record] = sim.requests
    assert (record.proxied, record.host, record.path) == (
        True,
        "berita.invalid",
        "/_edge/page/lewat-proxy",
    )
