"""One HTTP exchange with a SPARQL service (RFC 9110), with the limits a user can rely on.

- a total deadline for the whole exchange (connect, headers, body, redirects), not per read;
- a cap on the answer's size, read in bounded chunks;
- redirects followed only on the same origin (scheme, host, port), re-sending the method,
  body and credentials; a redirect to another origin is refused, so credentials and the
  query never go to a host the user did not name;
- credentials from `http://user:pass@host/…` (for that origin only) or from the
  KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD environment variables; userinfo is redacted in
  every message.
"""
from __future__ import annotations

import base64
import http.client
import os
import re
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from kg.model.errors import EndpointError

USER_ENV, PASSWORD_ENV = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD"
MAX_RESPONSE = 256 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^?#]*)@", re.S)


def redact(url: str) -> str:
    """The URL with any `user:password@` part replaced by `***@` (works on malformed URLs too)."""
    return _USERINFO.sub(r"\1***@", str(url), count=1)


@dataclass(frozen=True)
class Endpoint:
    """A checked http(s) URL without userinfo, and the credentials meant for its origin."""

    url: str
    auth: str | None = field(default=None, repr=False)

    @property
    def origin(self) -> tuple[str, str, int]:
        return _origin(self.url)


def _origin(url: str) -> tuple[str, str, int]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def parse_url(url: str, *, option: str = "--endpoint", use_env: bool = True) -> Endpoint:
    """Check an endpoint URL; move `user:pass@` into credentials for that origin."""
    fix = f"pass e.g. {option} http://127.0.0.1:7878/query"
    shown = redact(url)
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError:
        raise EndpointError(f"not a valid URL: {shown!r}", fix=fix) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise EndpointError(f"not an http(s) URL: {shown!r}", fix=fix)
    if not host or re.search(r"[\x00-\x20]", url):
        raise EndpointError(f"not a valid URL: {shown!r}", fix=fix)
    if port is not None and not 0 < port < 65536:
        raise EndpointError(f"not a valid URL (port out of range): {shown!r}", fix=fix)
    auth = None
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    netloc = parts.netloc.rpartition("@")[2]
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    if auth is None and use_env:
        user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
        if user:
            auth = "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode()
    return Endpoint(clean, auth)


class HTTPStatusError(Exception):
    """A non-2xx answer (after same-origin redirects)."""

    def __init__(self, code: int, msg: str, content_type: str = ""):
        super().__init__(f"HTTP {code}: {msg}")
        self.code, self.msg, self.content_type = code, msg, content_type


class DeadlineExceeded(TimeoutError):
    """The whole exchange took longer than its deadline."""


class TooLarge(Exception):
    """The answer is larger than the cap."""


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


def request(method: str, target: Endpoint, *, body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = 30.0, max_bytes: int = MAX_RESPONSE, deadline: float | None = None) -> Response:
    """One exchange within `timeout` seconds in all (or until the monotonic `deadline`)."""
    deadline = deadline if deadline is not None else time.monotonic() + timeout
    url = target.url
    for _ in range(MAX_REDIRECTS + 1):
        status, ctype, location, data = _once(method, url, target.auth, body, headers or {}, deadline, max_bytes)
        if status in _REDIRECTS and location:
            nxt = urllib.parse.urljoin(url, location)
            if _origin(nxt) != target.origin or urllib.parse.urlsplit(nxt).username is not None:
                raise EndpointError(f"the endpoint redirects to another host ({redact(nxt)}); "
                                    "kg does not follow it, so neither the query nor credentials go there",
                                    where=redact(target.url), fix="pass the URL it redirects to, if you trust it")
            url = nxt
            continue
        if not 200 <= status < 300:
            raise HTTPStatusError(status, _first_line(data), ctype)
        return Response(status, ctype, data)
    raise EndpointError(f"more than {MAX_REDIRECTS} redirects", where=redact(target.url),
                        fix="pass the final URL of the service")


def _once(method, url, auth, body, headers, deadline, max_bytes):
    parts = urllib.parse.urlsplit(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DeadlineExceeded()
    cls = http.client.HTTPSConnection if parts.scheme.lower() == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname, parts.port, timeout=remaining)
    sent = dict(headers)
    sent.setdefault("User-Agent", "fupin-kg")
    if auth:
        sent["Authorization"] = auth
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    expired = threading.Event()
    held: list[socket.socket] = []  # the connection drops its socket once the answer is its own

    def cut() -> None:  # the total deadline: shut the socket whatever read is blocked on it
        expired.set()
        for sock in held:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(remaining, cut)
    timer.daemon = True
    timer.start()
    resp = None
    try:
        conn.connect()
        held.append(conn.sock)
        if expired.is_set():
            raise DeadlineExceeded()
        conn.request(method, path, body=body, headers=sent)
        resp = conn.getresponse()
        ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
        length = resp.getheader("Content-Length")
        if method != "HEAD" and length and length.isdigit() and int(length) > max_bytes and 200 <= resp.status < 300:
            raise TooLarge()
        chunks, total = [], 0
        while True:
            chunk = resp.read1(CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise TooLarge()
            chunks.append(chunk)
        if expired.is_set():
            raise DeadlineExceeded()
        return resp.status, ctype, resp.getheader("Location"), b"".join(chunks)
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set() or isinstance(exc, TimeoutError):
            raise DeadlineExceeded() from None
        raise
    finally:
        timer.cancel()
        if resp is not None:  # an answer cut short (size cap, deadline) still holds the socket
            resp.close()
        conn.close()


def _first_line(text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return (lines[0] if lines else "")[:200]
