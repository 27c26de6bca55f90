"""The guarded fetcher against a local HTTP server; nothing here leaves the machine.

Host names other than ``localhost`` are answered by a fake resolver patched into
``socket.getaddrinfo``, so no DNS query is ever sent.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from parallax.errors import FetchError
from parallax.ingest import web
from parallax.ingest.web import FetchedPage, address_refusal, fetch

PAGE = (
    "<html><head><title>Harbour ferry resumes</title></head><body>"
    "<p>The Lindqvist ferry made its first crossing in nine days, port staff said.</p>"
    "</body></html>"
).encode("utf-8")
OVERSIZED = 5_000
SMALL_CAP = 1_000
STALL_SECONDS = 5.0  # far longer than any timeout used below; the fixture cuts it short


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stop = threading.Event()  # set at teardown to end stalled replies

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: the client hanging up on a slow or oversized reply is the point."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Keep pytest output clean."""

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        routes: dict[str, Callable[[], None]] = {
            "/page": lambda: self._send(200, PAGE, "text/html; charset=utf-8"),
            "/plain": lambda: self._send(200, b"plain words", "text/plain"),
            "/agent": lambda: self._send(200, self.headers["User-Agent"].encode(), "text/plain"),
            "/hop/3": lambda: self._redirect("/hop/2"),
            "/hop/2": lambda: self._redirect("1"),  # relative: /hop/1
            "/hop/1": lambda: self._redirect(f"http://127.0.0.1:{port}/page"),
            "/loop": lambda: self._redirect("/loop"),
            "/to-missing": lambda: self._redirect("/missing"),
            "/to-ftp": lambda: self._redirect("ftp://files.example/report.txt"),
            "/to-other-loopback": lambda: self._redirect(f"http://127.0.0.2:{port}/page"),
            "/boom": lambda: self._send(500, b"oops", "text/plain"),
            "/exact": lambda: self._send(200, b"x" * SMALL_CAP, "text/plain"),
            "/big-declared": lambda: self._send(200, b"x" * OVERSIZED, "text/plain"),
            "/big-undeclared": self._big_undeclared,
            "/huge-declared": self._huge_declared,
            "/slow": self._slow,
            "/drip": self._drip,
        }
        routes.get(self.path, lambda: self._send(404, b"no such page", "text/plain"))()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _big_undeclared(self) -> None:
        """HTTP/1.0 body delimited by closing the connection: no Content-Length."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        for _ in range(OVERSIZED // 500):
            self.wfile.write(b"y" * 500)
            self.wfile.flush()

    def _huge_declared(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "25000000")
        self.end_headers()

    def _slow(self) -> None:
        self.server.stop.wait(STALL_SECONDS)
        self._send(200, PAGE, "text/html")

    def _drip(self) -> None:
        """Each byte arrives well within the read timeout, the whole body never does."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        deadline = time.monotonic() + STALL_SECONDS
        while time.monotonic() < deadline and not self.server.stop.wait(0.05):
            self.wfile.write(b".")
            self.wfile.flush()


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def loopback_127_0_0_1_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the test server's address is public, to exercise the guard past hop one."""

    def refusal(address: str) -> str | None:
        return None if address == "127.0.0.1" else address_refusal(address)

    monkeypatch.setattr(web, "address_refusal", refusal)


def _fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    """Answer the given names from ``answers`` (one per lookup); return the names asked."""
    real_getaddrinfo = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> object:
        if host in answers:
            asked.append(host)
            if not answers[host]:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            host = answers[host].pop(0)
        return real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def _reason(url: str, **options: object) -> str:
    with pytest.raises(FetchError) as caught:
        fetch(url, **options)  # type: ignore[arg-type]
    assert caught.value.source == url
    return caught.value.reason


# --- the address guard ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "refusal"),
    [
        ("93.184.216.34", None),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:93.184.216.34", None),
        ("127.0.0.1", "loopback"),
        ("127.9.9.9", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "shared"),
        ("100.127.255.254", "shared"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.5", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:100.64.0.1", "shared"),
        ("2002:a00:5::1", "private"),  # 6to4 wrapping 10.0.0.5
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 wrapping 127.0.0.1
        ("198.18.0.1", "private"),  # benchmarking range, not routable on the internet
    ],
)
def test_address_refusal(address: str, refusal: str | None) -> None:
    assert address_refusal(address) == refusal


@pytest.mark.parametrize(
    ("host", "shown"),
    [
        ("127.0.0.1", "loopback address 127.0.0.1"),
        ("[::1]", "loopback address ::1"),
        ("[::ffff:127.0.0.1]", "loopback address ::ffff:127.0.0.1"),
        ("2130706433", "loopback address 127.0.0.1"),  # 127.0.0.1 as one decimal number
        ("0x7f000001", "loopback address 127.0.0.1"),
        ("localhost", "loopback address"),
    ],
)
def test_loopback_is_refused_after_resolution(base_url: str, host: str, shown: str) -> None:
    port = base_url.rsplit(":", 1)[1]
    reason = _reason(f"http://{host}:{port}/page")
    assert reason.startswith(f"refused: resolves to {shown}")
    assert reason.endswith("(use --allow-private to allow)")


def test_metadata_and_private_addresses_are_refused_without_connecting() -> None:
    assert _reason("http://169.254.169.254/latest/meta-data/") == (
        "refused: resolves to link-local address 169.254.169.254 (use --allow-private to allow)"
    )
    assert _reason("http://10.0.0.5/").startswith("refused: resolves to private address 10.0.0.5")


def test_every_resolved_address_must_be_public(monkeypatch: pytest.MonkeyPatch) -> None:
    real_getaddrinfo = socket.getaddrinfo

    def two_answers(host: str, port: object, *args: object, **kwargs: object) -> object:
        if host == "split.test":
            return [*real_getaddrinfo("93.184.216.34", port), *real_getaddrinfo("10.1.2.3", port)]
        return real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", two_answers)
    assert _reason("http://split.test/").startswith("refused: resolves to private address 10.1.2.3")


def test_allow_private_lifts_the_guard(base_url: str) -> None:
    page = fetch(f"{base_url}/page", allow_private=True)
    assert page.body == PAGE


def test_redirect_target_is_checked_again(
    base_url: str, loopback_127_0_0_1_is_public: None
) -> None:
    port = base_url.rsplit(":", 1)[1]
    assert fetch(f"{base_url}/page").status == 200  # hop one is let through
    assert _reason(f"{base_url}/to-other-loopback") == (
        f"redirected to http://127.0.0.2:{port}/page: refused: resolves to loopback "
        "address 127.0.0.2 (use --allow-private to allow)"
    )


def test_connects_to_the_address_it_checked(
    base_url: str, monkeypatch: pytest.MonkeyPatch, loopback_127_0_0_1_is_public: None
) -> None:
    """A name that re-binds to another address after the check must not be looked up twice."""
    port = base_url.rsplit(":", 1)[1]
    asked = _fake_dns(monkeypatch, {"rebind.test": ["127.0.0.1", "127.0.0.2", "127.0.0.2"]})
    page = fetch(f"http://rebind.test:{port}/page")
    assert page.body == PAGE
    assert asked == ["rebind.test"]


def test_unresolvable_host(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"nowhere.test": []})
    assert _reason("https://nowhere.test/story") == "cannot resolve host 'nowhere.test'"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://files.example/report.txt", "unsupported scheme 'ftp'"),
        ("file:///etc/passwd", "unsupported scheme 'file'"),
        ("gopher://127.0.0.1:70/", "unsupported scheme 'gopher'"),
        ("files.example/report", "not an absolute URL (expected http:// or https://)"),
        ("http://", "URL has no host"),
    ],
)
def test_only_http_and_https(url: str, reason: str) -> None:
    assert _reason(url) == reason


# --- pages, redirects, HTTP errors ------------------------------------------------------


def test_page_and_its_provenance(base_url: str) -> None:
    page = fetch(f"{base_url}/page", allow_private=True)
    assert page == FetchedPage(
        url=f"{base_url}/page",
        final_url=f"{base_url}/page",
        status=200,
        content_type="text/html",
        charset="utf-8",
        body=PAGE,
    )
    plain = fetch(f"{base_url}/plain", allow_private=True)
    assert (plain.content_type, plain.charset) == ("text/plain", None)


def test_user_agent_names_parallax_and_its_version(base_url: str) -> None:
    agent = fetch(f"{base_url}/agent", allow_private=True).body.decode()
    assert agent == web.USER_AGENT
    assert agent.startswith("Parallax/") and agent.split()[0] != "Parallax/"


def test_redirect_chain_is_followed(base_url: str) -> None:
    page = fetch(f"{base_url}/hop/3", allow_private=True, max_redirects=3)
    assert page.url == f"{base_url}/hop/3"
    assert page.final_url == f"{base_url}/page"
    assert page.body == PAGE


def test_redirect_limit(base_url: str) -> None:
    assert _reason(f"{base_url}/hop/3", allow_private=True, max_redirects=2) == (
        "too many redirects (>2)"
    )
    assert _reason(f"{base_url}/loop", allow_private=True) == "too many redirects (>5)"


def test_redirect_to_unsupported_scheme(base_url: str) -> None:
    assert _reason(f"{base_url}/to-ftp", allow_private=True) == (
        "redirected to ftp://files.example/report.txt: unsupported scheme 'ftp'"
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/boom", "HTTP 500 Internal Server Error"),
    ],
)
def test_http_errors(base_url: str, path: str, reason: str) -> None:
    assert _reason(f"{base_url}{path}", allow_private=True) == reason


def test_http_error_after_redirect_names_the_hop(base_url: str) -> None:
    assert _reason(f"{base_url}/to-missing", allow_private=True) == (
        f"redirected to {base_url}/missing: HTTP 404 Not Found"
    )


def test_connection_refused() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and has no listener
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    assert _reason(f"http://127.0.0.1:{closed_port}/", allow_private=True) == (
        "connection refused"
    )


# --- limits -----------------------------------------------------------------------------


def test_body_at_the_cap_is_accepted(base_url: str) -> None:
    page = fetch(f"{base_url}/exact", allow_private=True, max_bytes=SMALL_CAP)
    assert len(page.body) == SMALL_CAP


@pytest.mark.parametrize("path", ["/big-declared", "/big-undeclared"])
def test_oversized_body_is_cut_off(base_url: str, path: str) -> None:
    assert _reason(f"{base_url}{path}", allow_private=True, max_bytes=SMALL_CAP) == (
        "larger than 1 kB cap"
    )


def test_declared_length_over_the_cap_is_refused_before_the_body(base_url: str) -> None:
    """The server promises 25 MB and sends none of it: only the header check can answer."""
    assert _reason(f"{base_url}/huge-declared", allow_private=True) == "larger than 20 MB cap"


def test_slow_response_times_out(base_url: str) -> None:
    started = time.monotonic()
    assert _reason(f"{base_url}/slow", allow_private=True, timeout=0.5) == "timed out after 0.5s"
    assert time.monotonic() - started < STALL_SECONDS  # gave up before the server answered


def test_dripping_body_hits_the_overall_deadline(base_url: str) -> None:
    started = time.monotonic()
    assert _reason(f"{base_url}/drip", allow_private=True, timeout=0.5) == "timed out after 0.5s"
    assert time.monotonic() - started < STALL_SECONDS  # gave up before the server answered
