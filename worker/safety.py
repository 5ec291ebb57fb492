"""Which network addresses the fetcher may connect to.

A host name says nothing about where it points: DNS can map `berita.example` to 10.0.0.5,
and a page can redirect to `http://169.254.169.254/` (a cloud's metadata service). So the
check is made on the address itself, at the two places every connection passes through:

- `SafeResolver`, after DNS: refused addresses are dropped from the answer (a host that
  resolves only to refused addresses fails with `RefusedAddress`);
- `AddressPolicy.socket_factory`, just before `connect()`: it also sees hosts written as
  IP literals (aiohttp does not resolve those) and every redirect hop.

Either way the connection is refused before any packet is sent. Private, loopback,
link-local and other non-public addresses are refused unless `fetch.allow_private` is true
or the address is in `fetch.allow_networks`; cloud metadata addresses, multicast and the
unspecified address are refused even with `allow_private` (list them in `allow_networks`
if you really mean it).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from worker.config import FetchSettings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# AWS/GCP/Azure/OpenStack, AWS over IPv6, Alibaba Cloud
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)


class RefusedAddress(OSError):
    """A connection to a refused address was not attempted (raised before connect())."""

    def __init__(self, address: str, why: str, host: str | None = None) -> None:
        self.address = address
        self.why = why
        where = f"{host} resolves to " if host and host != address else ""
        super().__init__(f"refused address: {where}{address} ({why})")


class AddressPolicy:
    """Says whether an IP address may be connected to; see the module docstring."""

    def __init__(self, allow_private: bool = False, allow_networks: Sequence[str] = ()) -> None:
        self.allow_private = allow_private
        self.allow_networks: tuple[IPNetwork, ...] = tuple(
            ipaddress.ip_network(n, strict=False) for n in allow_networks
        )

    @classmethod
    def from_settings(cls, settings: FetchSettings) -> AddressPolicy:
        return cls(settings.allow_private, settings.allow_networks)

    def refusal(self, address: str) -> str | None:
        """Why `address` is refused, or None when it may be connected to."""
        try:
            ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return "not an IP address"
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if any(ip in network for network in self.allow_networks):
            return None
        if ip in METADATA_ADDRESSES:
            return "metadata"
        if ip.is_multicast:
            return "multicast"
        if ip.is_unspecified:
            return "unspecified"
        if self.allow_private:
            return None
        if ip.is_loopback:
            return "loopback"
        if ip.is_link_local:
            return "link-local"
        if not ip.is_global:
            return "private"
        return None

    def socket_factory(self, addr_info: tuple[Any, ...]) -> socket.socket:
        """aiohttp's last step before connect(): refuse here, before the socket exists."""
        family, type_, proto, _, sockaddr = addr_info
        address = str(sockaddr[0])
        why = self.refusal(address)
        if why is not None:
            raise RefusedAddress(address, why)
        return socket.socket(family=family, type=type_, proto=proto)


class SafeResolver(AbstractResolver):
    """The default resolver, minus the addresses `policy` refuses."""

    def __init__(self, policy: AddressPolicy) -> None:
        self._policy = policy
        self._inner = aiohttp.DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        kept = [r for r in results if self._policy.refusal(r["host"]) is None]
        if not kept and results:
            first = results[0]["host"]
            raise RefusedAddress(first, self._policy.refusal(first) or "refused", host)
        return kept

    async def close(self) -> None:
        await self._inner.close()


def build_connector(
    policy: AddressPolicy | None, limit: int
) -> tuple[aiohttp.TCPConnector, SafeResolver | None]:
    """A keep-alive connector; with `policy`, one that refuses what the policy refuses.

    Without a policy (a connector that only ever talks to a configured proxy) any address
    goes: the proxy is the operator's choice. The resolver is returned so that its owner
    can close it (aiohttp does not close a resolver it was given).
    """
    if policy is None:
        return aiohttp.TCPConnector(limit=limit, limit_per_host=0, ttl_dns_cache=300), None
    resolver = SafeResolver(policy)
    connector = aiohttp.TCPConnector(
        limit=limit,
        limit_per_host=0,
        ttl_dns_cache=300,
        resolver=resolver,
        socket_factory=policy.socket_factory,
    )
    return connector, resolver
