"""Which network addresses a fetch may reach: the guard against a URL that points the server at itself.

A URL sent to the API could name `http://127.0.0.1:5432/`, `http://169.254.169.254/` (a cloud's metadata
service), `http://10.0.0.7/admin` or a public name whose DNS answer is one of those. The guard is applied where
the connection is opened, to the address actually connected to, so no redirect, no second DNS answer (DNS
rebinding) and no spelling of an address (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`) gets past it:

    client = guarded_client(timeout=20)      # an httpx.Client that refuses non-public addresses
    client.get("http://localhost:8000/")     # FetchError: refused: 127.0.0.1 is a loopback address …
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from storyline.errors import FetchError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
ALLOW_HINT = "the server fetches only public addresses; `storyline serve --allow-private-urls` allows others"


def why_not_public(address: Address) -> str | None:
    """None for a public unicast address; otherwise what it is ("a loopback address", …)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    kinds = (
        (address.is_loopback, "a loopback address"),
        (address.is_unspecified, "the unspecified address"),
        (address.is_link_local, "a link-local address"),
        (address.is_private, "a private address"),
        (address.is_multicast, "a multicast address"),
        (address.is_reserved, "a reserved address"),
    )
    for flag, kind in kinds:
        if flag:
            return kind
    return None if address.is_global else "not a public address"


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, all of them public; FetchError naming the first that is not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError(f"network error: cannot resolve {host}: {err}") from None
    found: list[str] = []
    for *_, sockaddr in infos:
        ip = str(sockaddr[0]).split("%", 1)[0]  # fe80::1%eth0
        kind = why_not_public(ipaddress.ip_address(ip))
        if kind is not None:
            what = f"{host} is {kind}" if ip == host else f"{host} resolves to {ip}, {kind}"
            raise FetchError(f"refused: {what} ({ALLOW_HINT})")
        if ip not in found:
            found.append(ip)
    return found


class PublicOnlyBackend(httpcore.SyncBackend):
    """httpcore's own network backend, except that it connects only to public addresses it checked itself."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        last: Exception | None = None
        for ip in public_addresses(host, port):
            try:  # TLS still verifies the certificate against `host`: httpcore passes the origin's name to it
                return super().connect_tcp(ip, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as err:
                last = err
        assert last is not None  # public_addresses() returned at least one address or raised
        raise last


class _PublicOnlyTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__(trust_env=False)  # no proxy from the environment: the guard must see the real peer
        # httpx builds its connection pool without a network_backend argument; this is the same pool with one.
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=PublicOnlyBackend())


def guarded_client(**kwargs: Any) -> httpx.Client:
    """An httpx.Client (same arguments) whose every connection goes to a public address, or is refused."""
    return httpx.Client(transport=_PublicOnlyTransport(), trust_env=False, **kwargs)
