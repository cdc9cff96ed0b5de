"""Outbound HTTP to addresses that someone other than the operator chose: never into this machine or its network.

Webhook endpoints (partners type them into the admin), harvested catalogues (``harvest_standards URL``) and
checked links are addresses the portal fetches on someone else's word. Without a check, ``http://127.0.0.1:6379``,
``http://169.254.169.254/`` (cloud metadata) or ``http://0x7f000001/`` would make the portal a proxy into its own
network (server-side request forgery). This module is the one check and the one way to connect:

    from cms.outbound import UnsafeURL, check_url, safe_session, urllib_opener

    check_url("https://partner.dk/hook")    # -> Target(scheme, host, port, addresses), or raises UnsafeURL
    with safe_session() as session:         # requests: every new connection resolves, checks and connects to
        session.post(url, timeout=(5, 10))  #   the checked address (DNS rebinding gains nothing); no proxies
    urllib_opener().open(url)               # the same for urllib.request (redirects are checked the same way)
    create_connection((host, port), 5)      # the checked socket.create_connection, for any other client

``UnsafeURL`` is a ValueError whose message says why in English (logs, commands); ``.danish`` is for editors.
A check refuses any URL that is not http(s) with a host, and any host that resolves to an address that is not
public unicast: loopback, private (RFC 1918, fc00::/7), shared (100.64/10), link-local (169.254/16, fe80::/10),
multicast, reserved, unspecified and documentation ranges, also inside IPv6 (IPv4-mapped, 6to4, NAT64,
IPv4-compatible). Numeric forms such as ``0x7f000001``, ``2130706433`` or ``127.1`` are resolved as the
connection would resolve them, and every address a name resolves to must pass. A name that does not resolve
raises ``socket.gaierror``.

Settings: OUTBOUND_ALLOW_LOOPBACK (off; on in cms.settings.test) lets 127.0.0.0/8 and ::1 through, for the
test servers on this machine; ``allow_loopback=`` overrides it per call (a caller with its own switch).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import sys
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from requests import Session
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

__all__ = ["SafeHTTPAdapter", "Target", "UnsafeURL", "check_address", "check_url", "create_connection",
           "safe_session", "urllib_opener"]

SCHEMES = ("http", "https")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_DANISH = {
    "scheme": "Adressen skal begynde med http:// eller https:// og have et værtsnavn.",
    "address": "Adressen peger på portalens egen maskine eller et internt netværk ({reason}) og kan ikke bruges.",
}


class UnsafeURL(ValueError):
    """The URL may not be fetched; the message says why (never fetched, nothing sent)."""

    def __init__(self, message: str, danish: str):
        super().__init__(message)
        self.danish = danish


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]  # what the host resolved to, every one checked


def _allow_loopback(allow_loopback: bool | None) -> bool:
    return settings.OUTBOUND_ALLOW_LOOPBACK if allow_loopback is None else allow_loopback


def _refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_loopback: bool) -> str | None:
    """Why ``ip`` is no public unicast address, or None."""
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (
            ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None
        )
        if embedded is not None:
            return _refusal(embedded, allow_loopback)
        if ip in _IPV4_COMPATIBLE and not (ip.is_loopback or ip.is_unspecified):
            return "an IPv4-compatible IPv6 address"
    if ip.is_loopback:
        return None if allow_loopback else "loopback"
    for reason, flag in (("unspecified", ip.is_unspecified), ("multicast", ip.is_multicast),
                         ("link-local", ip.is_link_local), ("reserved", ip.is_reserved),
                         ("private", ip.is_private)):
        if flag:
            return reason
    return None if ip.is_global else "not publicly routable"


def check_address(address: str, *, allow_loopback: bool | None = None) -> None:
    """Raise UnsafeURL unless ``address`` (a numeric IPv4 or IPv6 address) is public unicast."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) never makes it public
    reason = _refusal(ip, _allow_loopback(allow_loopback))
    if reason:
        raise UnsafeURL(f"{address} is a {reason} address", _DANISH["address"].format(reason=reason))


def _resolve(host: str, port: int) -> list[tuple]:
    """getaddrinfo for a TCP connection (tests fake DNS here: nothing else can run a resolver)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def _checked_addresses(host: str, port: int, allow_loopback: bool | None) -> list[tuple]:
    infos = _resolve(host, port)
    for *_, sockaddr in infos:
        try:
            check_address(sockaddr[0], allow_loopback=allow_loopback)
        except UnsafeURL as unsafe:
            shown = host if host == sockaddr[0] else f"{host} resolves to {sockaddr[0]}, which"
            raise UnsafeURL(f"{shown} is not a public address ({unsafe})", unsafe.danish) from None
    return infos


def check_url(url: str, *, allow_loopback: bool | None = None) -> Target:
    """The URL's target, every address it resolves to checked; UnsafeURL when it is no http(s) URL or not public.

    A name that does not resolve raises ``socket.gaierror`` (a form may accept it: the connection checks again).
    """
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise UnsafeURL(f"{url!r} is not a URL", _DANISH["scheme"]) from None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in SCHEMES or not host:
        raise UnsafeURL(f"{url!r} is not an http(s) URL with a host", _DANISH["scheme"])
    infos = _checked_addresses(host, port, allow_loopback)
    return Target(scheme, host, port, tuple(dict.fromkeys(info[4][0] for info in infos)))


def create_connection(address, timeout=None, source_address=None, socket_options=None, *,
                      allow_loopback: bool | None = None) -> socket.socket:
    """socket.create_connection that resolves once, checks every address, and connects to a checked one.
    ``timeout`` in seconds; None or a client's "default" sentinel leaves the socket's default."""
    host, port = address
    host = host.strip("[]")
    error = None
    for family, socktype, proto, _, sockaddr in _checked_addresses(host, port, allow_loopback):
        sock = socket.socket(family, socktype, proto)
        try:
            for level, option, value in socket_options or ():
                sock.setsockopt(level, option, value)
            if isinstance(timeout, (int, float)):
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as failed:
            error = failed
            sock.close()
    raise error or OSError(f"no address for {host}")


# --- requests (urllib3) -------------------------------------------------------------------------------------------


class _CheckedConnect:
    """urllib3's _new_conn with the checked create_connection (its error handling kept)."""

    def _new_conn(self) -> socket.socket:
        try:
            sock = create_connection((self._dns_host, self.port), self.timeout, source_address=self.source_address,
                                     socket_options=self.socket_options)
        except socket.gaierror as error:
            raise NameResolutionError(self.host, self, error) from error
        except TimeoutError as error:
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from error
        except OSError as error:
            raise NewConnectionError(self, f"Failed to establish a new connection: {error}") from error
        sys.audit("http.client.connect", self, self.host, self.port)
        return sock


class _CheckedHTTPConnection(_CheckedConnect, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_CheckedConnect, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class SafeHTTPAdapter(HTTPAdapter):
    """A requests transport whose every connection goes through create_connection; proxies are refused (the
    proxy, not the portal, would connect to the unchecked target)."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _CheckedHTTPPool, "https": _CheckedHTTPSPool}

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        raise UnsafeURL("outbound requests to partner addresses do not go through proxies", _DANISH["scheme"])


def safe_session() -> Session:
    """A requests Session for addresses someone else chose: checked connections, no proxies from the
    environment, and only http(s) (requests has no other adapters once these are mounted)."""
    session = Session()
    session.trust_env = False
    session.adapters.clear()
    adapter = SafeHTTPAdapter()
    for scheme in SCHEMES:
        session.mount(f"{scheme}://", adapter)
    return session


# --- urllib.request -----------------------------------------------------------------------------------------------


class _CheckedStdConnect:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = create_connection  # http.client sets socket.create_connection per instance


class _CheckedStdHTTPConnection(_CheckedStdConnect, http.client.HTTPConnection):
    pass


class _CheckedStdHTTPSConnection(_CheckedStdConnect, http.client.HTTPSConnection):
    pass


class _SafeHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedStdHTTPConnection, req)


class _SafeHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedStdHTTPSConnection, req, context=self._context)


def urllib_opener(*handlers) -> urllib.request.OpenerDirector:
    """urllib.request.build_opener(*handlers) with checked connections and without environment proxies."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _SafeHTTPHandler, _SafeHTTPSHandler,
                                       *handlers)
