"""The link checker's SSRF guard: it contacts only public internet addresses.

A URL from content is attacker-influenced (any editor, any import). Before each request the host is resolved
and every address must be public by the portal's one rule for outbound requests (cms.outbound.check_address:
loopback, private, link-local (cloud metadata at 169.254.169.254), multicast, reserved and unspecified addresses,
in any IPv4 or IPv6 form, are refused), and the request then goes to the address that was checked (no second DNS
lookup that could answer differently). LINK_CHECK_ALLOW_PRIVATE=true lifts the rule for tests against a local
server.
"""

import socket
from dataclasses import dataclass

from django.conf import settings

from cms.outbound import UnsafeURL, check_address


class RefusedAddress(Exception):
    """The host resolves to an address the checker must not contact."""


@dataclass(frozen=True)
class Target:
    host: str
    address: str  # the checked IP address the request goes to
    port: int


def is_public(address: str) -> bool:
    try:
        check_address(address, allow_loopback=False)
    except UnsafeURL:
        return False
    return True


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
