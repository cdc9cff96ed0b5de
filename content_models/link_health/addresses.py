"""The link checker's SSRF guard: it contacts only public internet addresses.

A URL from content is attacker-influenced (any editor, any import). Before each request the host is resolved
and every address must be public: loopback, private (RFC 1918, unique-local), link-local (cloud metadata at
169.254.169.254), multicast, reserved and unspecified addresses are refused, and the request then goes to the
address that was checked (no second DNS lookup that could answer differently). LINK_CHECK_ALLOW_PRIVATE=true
lifts the rule for tests against a local server.
"""

import ipaddress
import socket
from dataclasses import dataclass

from django.conf import settings


class RefusedAddress(Exception):
    """The host resolves to an address the checker must not contact."""


@dataclass(frozen=True)
class Target:
    host: str
    address: str  # the checked IP address the request goes to
    port: int


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local)


def resolve_public(host: str, port: int, allow_private: bool | None = None) -> Target:
    """The address to contact for ``host``; RefusedAddress unless every address it resolves to is allowed."""
    allow_private = settings.LINK_CHECK_ALLOW_PRIVATE if allow_private is None else allow_private
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OSError(f"DNS-opslag mislykkedes: {exc}") from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise OSError("DNS-opslag gav ingen adresser")
    if not allow_private:
        refused = [address for address in addresses if not is_public(address)]
        if refused:
            raise RefusedAddress(f"adressen {refused[0]} er ikke offentlig (privat, lokal eller reserveret)")
    return Target(host=host, address=addresses[0], port=port)
