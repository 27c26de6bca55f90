"""Fetch one web page with limits and an address guard, for links nobody has vetted.

Users point Parallax at links found in the wild, and later a server will fetch them on
their behalf, so a URL must not become a way to reach the machine's own network
(server-side request forgery). ``fetch`` therefore:

1. accepts only ``http``/``https`` URLs, and re-checks the scheme of every redirect hop;
2. follows redirects itself, at most ``max_redirects`` of them;
3. checks addresses where the socket is opened, not before: the transport's network
   backend resolves the host once, refuses the connection unless *every* resolved
   address is public, and then connects to one of exactly those addresses. There is no
   second DNS lookup between the check and the connect, so a name that re-binds to
   ``127.0.0.1`` after passing the check (DNS rebinding) cannot slip through. TLS is
   still verified against the host name (the backend only chooses the IP). Because the
   guard sits in the connect path, redirect hops and every new connection are checked
   with no extra code; proxies from the environment are ignored, since through a proxy
   the guard could not see where a request really goes;
4. streams the body and stops at ``max_bytes`` (or at once on a larger
   ``Content-Length``), and bounds the whole fetch by about ``timeout`` seconds, so a
   server that drips one byte just under the read timeout cannot hold a worker forever.

Not bounded by ``timeout``: the DNS lookup itself (``getaddrinfo`` takes no timeout;
the system resolver's own limits apply).
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
import typing
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import httpcore
import httpx

from parallax.errors import FetchError

ALLOWED_SCHEMES = ("http", "https")
ALLOW_PRIVATE_HINT = "use --allow-private to allow"

# RFC 6598 carrier-grade NAT space: neither private nor global, and Python's
# ``ipaddress`` has no flag for it.
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
# RFC 6052 NAT64 prefix: the last 32 bits are the IPv4 address actually reached.
_NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


def _package_version() -> str:
    try:
        return version("parallax")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


USER_AGENT = f"Parallax/{_package_version()} python-httpx/{httpx.__version__}"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """Bytes of a fetched page with the provenance a report needs to cite it."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    charset: str | None
    body: bytes


def address_refusal(address: str) -> str | None:
    """Why ``address`` must not be fetched ("loopback", "private", ...), or None if public.

    Public means routable on the internet: in the ``ipaddress`` version we run on, an
    address that passes every check below is ``is_global``.

    IPv4 addresses carried inside IPv6 (IPv4-mapped, 6to4, NAT64) are judged by the IPv4
    address they lead to, since that is where the packets end up.
    """
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        ip = _embedded_ipv4(ip) or ip
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip in _SHARED_ADDRESS_SPACE:
        return "shared"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:  # also documentation, benchmarking and other non-global ranges
        return "private"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64_PREFIX:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


class _HopFailed(Exception):
    """One request failed (also raised inside the transport); ``fetch`` names the URL."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves once, checks every address, then connects only to a checked address."""

    def __init__(self, *, allow_private: bool) -> None:
        self._allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port)
        if not self._allow_private:
            for address in addresses:
                refusal = address_refusal(address)
                if refusal is not None:
                    raise _HopFailed(
                        f"refused: resolves to {refusal} address {address} "
                        f"({ALLOW_PRIVATE_HINT})"
                    )
        last_error: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return super().connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as error:  # try the next address, as browsers do
                last_error = error
        assert last_error is not None  # _resolve never returns an empty list
        raise last_error


def _resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's preferred order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise _HopFailed(f"cannot resolve host {host!r}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise _HopFailed(f"cannot resolve host {host!r}")
    return addresses


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport with the connection pool swapped for a guarded one.

    ``HTTPTransport`` offers no public way to choose the network backend, so the pool it
    built is replaced; everything else (request/response mapping, exception mapping)
    stays httpx's own code.
    """

    def __init__(self, *, allow_private: bool) -> None:
        super().__init__(verify=_shared_ssl_context(), trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=_shared_ssl_context(),
            network_backend=_GuardedBackend(allow_private=allow_private),
        )


@functools.cache
def _shared_ssl_context() -> ssl.SSLContext:
    """Built once: loading the CA bundle takes about 50 ms, longer than a small fetch."""
    return httpx.create_ssl_context()


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = 20_000_000,
    timeout: float = 20.0,
    max_redirects: int = 5,
) -> FetchedPage:
    """GET ``url`` and return its body, or raise ``FetchError`` with a readable reason.

    ``timeout`` bounds each connect and read and, checked between body chunks, the
    whole fetch including redirects (so the worst case is under twice ``timeout``).
    ``allow_private`` lifts the address guard, for intranet pages a user trusts.
    """
    if max_bytes <= 0 or timeout <= 0 or max_redirects < 0:
        raise ValueError("max_bytes and timeout must be positive, max_redirects >= 0")
    deadline = time.monotonic() + timeout
    client = httpx.Client(
        transport=_GuardedTransport(allow_private=allow_private),
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
        follow_redirects=False,
        trust_env=False,
    )
    hop_url, redirects = url, 0
    with client:
        while True:
            try:
                _check_url(hop_url)
                page_or_next = _fetch_hop(client, url, hop_url, max_bytes, deadline)
            except _HopFailed as failure:
                reason = failure.reason
            except httpx.InvalidURL as invalid:  # e.g. a malformed Location header
                reason = f"invalid URL: {invalid}"
            except httpx.HTTPError as error:
                reason = _transport_reason(error, timeout)
            else:
                if isinstance(page_or_next, FetchedPage):
                    return page_or_next
                if redirects == max_redirects:
                    raise FetchError(url, f"too many redirects (>{max_redirects})")
                hop_url, redirects = page_or_next, redirects + 1
                continue
            if redirects:  # name the hop that failed when it is not the URL given
                reason = f"redirected to {hop_url}: {reason}"
            raise FetchError(url, reason)


def _check_url(url: str) -> None:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise _HopFailed(f"invalid URL: {error}") from None
    if not parsed.scheme:
        raise _HopFailed("not an absolute URL (expected http:// or https://)")
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise _HopFailed(f"unsupported scheme {parsed.scheme!r}")
    if not parsed.host:
        raise _HopFailed("URL has no host")


def _fetch_hop(
    client: httpx.Client, url: str, hop_url: str, max_bytes: int, deadline: float
) -> FetchedPage | str:
    """One request: the page, or the absolute URL a redirect points to."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise httpx.TimeoutException("deadline passed between redirects")
    with client.stream("GET", hop_url, timeout=remaining) as response:
        if response.is_redirect:
            return str(response.url.join(response.headers["Location"]))
        if not response.is_success:
            raise _HopFailed(f"HTTP {response.status_code} {response.reason_phrase}")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise _HopFailed(f"larger than {_human_size(max_bytes)} cap")
        body = bytearray()
        for chunk in response.iter_bytes():  # decoded, so a gzip bomb counts in full
            body += chunk
            if len(body) > max_bytes:
                raise _HopFailed(f"larger than {_human_size(max_bytes)} cap")
            if time.monotonic() > deadline:
                raise httpx.TimeoutException("deadline passed while reading the body")
        content_type = response.headers.get("Content-Type")
        return FetchedPage(
            url=url,
            final_url=str(response.url),
            status=response.status_code,
            content_type=content_type.split(";")[0].strip().lower() if content_type else None,
            charset=response.charset_encoding,
            body=bytes(body),
        )


def _transport_reason(error: httpx.HTTPError, timeout: float) -> str:
    if isinstance(error, httpx.TimeoutException):
        return f"timed out after {timeout:g}s"
    causes = _cause_chain(error)
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
        return "connection refused"
    tls_errors = [cause for cause in causes if isinstance(cause, ssl.SSLError)]
    if tls_errors:
        return f"TLS error: {tls_errors[0].reason or tls_errors[0]}"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect: {error}"
    if isinstance(error, httpx.DecodingError):
        return f"cannot decode the response body: {error}"
    if isinstance(error, httpx.RemoteProtocolError):
        return f"malformed HTTP response: {error}"
    return f"network error: {error}"


def _cause_chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    if size >= 1_000:
        return f"{size / 1_000:g} kB"
    return f"{size} bytes"
