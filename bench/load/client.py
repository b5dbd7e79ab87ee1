"""A small HTTP/1.1 client on asyncio streams for the load and fault tests.

Why not locust or httpx: the client shares the machine's two cores with the servers,
the database and the task worker. One asyncio process that writes its requests on
the socket itself simulates hundreds of people for a few per cent of one core, where
locust (gevent, requests) or httpx cost several times more CPU per request, and that
CPU would be taken from the servers being measured. The client also needs to know
exactly what the server acknowledged (the id in a redirect), which a plain client
gives without a framework around it.

Each ``Browser`` is one person: a cookie jar (session, CSRF), a connection it keeps
while the server keeps it open, and the next server in turn when several are given
(the load balancer's job when there is no proxy in front). Each person connects from
an address of their own in the loopback range (127.1.0.1 onwards: on Linux all of
127.0.0.0/8 is the loopback interface), as people come from their own addresses: the
per-address limits (sign-ins per minute) then count each person, not the whole test.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

TIMEOUT = 30.0  # seconds for one whole request


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower())
        return values[-1] if values else ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class ConnectionFailed(Exception):
    """No answer: refused, reset or timed out (the request may or may not have been done)."""


class Endpoints:
    """The servers to send requests to, in turn."""

    def __init__(self, addresses: list[tuple[str, int]]) -> None:
        self.addresses = addresses
        self._next = 0

    def pick(self) -> tuple[str, int]:
        address = self.addresses[self._next % len(self.addresses)]
        self._next += 1
        return address


_people = itertools.count()


def _own_address() -> str:
    n = next(_people)
    return f"127.{1 + n // 64516 % 254}.{n // 254 % 254}.{1 + n % 254}"


class Browser:
    def __init__(self, endpoints: Endpoints) -> None:
        self.endpoints = endpoints
        self.source = _own_address()
        self.cookies: dict[str, str] = {}
        self._conn: tuple[tuple[str, int], asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def close(self) -> None:
        if self._conn:
            self._conn[2].close()
            self._conn = None

    async def request(self, method: str, path: str, form: dict | list | None = None,
                      headers: dict[str, str] | None = None) -> Response:
        try:
            return await asyncio.wait_for(self._request(method, path, form, headers), TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            await self.close()
            raise ConnectionFailed(f"{type(error).__name__}: {error}") from error

    async def _request(self, method, path, form, headers, again: bool = False) -> Response:
        body = urlencode(form, doseq=True).encode() if form is not None else b""
        fresh = self._conn is None
        if fresh:
            await self._connect()
        host = f"127.0.0.1:{self._conn[0][1]}"
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Accept-Language: fi", "User-Agent: latu-load"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            lines.append("Content-Type: application/x-www-form-urlencoded")
        if method != "GET":
            lines.append(f"Content-Length: {len(body)}")
            # CSRF: Django compares the Origin header with the host.
            lines.append(f"Origin: http://{host}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        raw = "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + body
        try:
            response = await self._exchange(raw)
        except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError):
            await self.close()
            if fresh or again or method not in ("GET", "HEAD"):
                raise
            # A kept connection the server had closed meanwhile: once more on a new one.
            return await self._request(method, path, form, headers, again=True)
        for value in response.headers.get("set-cookie", []):
            name, _, rest = value.partition("=")
            cookie_value = rest.split(";", 1)[0]
            if cookie_value in ("", '""') or re.search(r"max-age=0\b", rest, re.I):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = cookie_value
        return response

    async def _connect(self) -> None:
        """A new connection, to the next server in turn."""
        await self.close()
        address = self.endpoints.pick()
        reader, writer = await asyncio.open_connection(*address, local_addr=(self.source, 0))
        self._conn = (address, reader, writer)

    async def _exchange(self, raw: bytes) -> Response:
        _, reader, writer = self._conn
        writer.write(raw)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        version, status = status_line.split(" ", 2)[:2]
        headers: dict[str, list[str]] = defaultdict(list)
        for line in header_lines:
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()].append(value.strip())
        if "chunked" in ",".join(headers.get("transfer-encoding", [])).lower():
            chunks = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            body = b"".join(chunks)
        elif "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"][-1]))
        else:
            body = await reader.read()
            headers["connection"] = ["close"]
        if version == "HTTP/1.0" or "close" in ",".join(headers.get("connection", [])).lower():
            await self.close()
        return Response(int(status), dict(headers), body)


# --- Figures --------------------------------------------------------------------------------


@dataclass
class Kind:
    """The requests of one kind: latencies (s) and outcomes."""

    samples: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    errors: int = 0  # connection failures, 5xx and answers the scenario did not expect
    failures: list[str] = field(default_factory=list)  # the first few, for the report

    def pct(self, p: float) -> float:
        ordered = sorted(self.samples)
        if not ordered:
            return float("nan")
        k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
        return ordered[k] * 1000


class Stats:
    def __init__(self) -> None:
        self.kinds: dict[str, Kind] = defaultdict(Kind)
        self.started = time.monotonic()
        # (when the request was sent, in seconds since the start; kind; status or None for no answer;
        # ok; detail; seconds it took): the fault tests read it
        self.timeline: list[tuple[float, str, int | None, bool, str, float]] = []

    def add(self, kind: str, seconds: float, status: int | None, ok: bool, detail: str = "",
            began: float | None = None) -> None:
        entry = self.kinds[kind]
        entry.samples.append(seconds)
        if status is not None:
            entry.statuses[status] += 1
        if not ok:
            entry.errors += 1
            if len(entry.failures) < 5:
                entry.failures.append(detail or str(status))
        sent = (began if began is not None else time.monotonic() - seconds) - self.started
        self.timeline.append((sent, kind, status, ok, "" if ok else detail, seconds))

    def total(self) -> tuple[int, int]:
        return sum(len(k.samples) for k in self.kinds.values()), sum(k.errors for k in self.kinds.values())

    def report(self, seconds: float, goal_p95_ms: float) -> list[str]:
        """Print the table; returns the kinds over the p95 goal."""
        width = max(28, *(len(name) for name in self.kinds))
        print(f"{'request kind':<{width}} {'count':>7} {'per s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
              f"{'max ms':>7} {'errors':>6}  statuses")
        over = []
        for name in sorted(self.kinds):
            k = self.kinds[name]
            statuses = " ".join(f"{s}:{n}" for s, n in sorted(k.statuses.items()))
            flag = ""
            if k.pct(95) > goal_p95_ms:
                over.append(name)
                flag = f"  (p95 over {goal_p95_ms:g} ms)"
            print(f"{name:<{width}} {len(k.samples):>7} {len(k.samples) / seconds:>6.1f} {k.pct(50):>7.0f} "
                  f"{k.pct(95):>7.0f} {k.pct(99):>7.0f} {max(k.samples) * 1000:>7.0f} {k.errors:>6}  "
                  f"{statuses}{flag}")
        count, errors = self.total()
        every = Kind(samples=[s for k in self.kinds.values() for s in k.samples])
        print(f"{'all':<{width}} {count:>7} {count / seconds:>6.1f} {every.pct(50):>7.0f} {every.pct(95):>7.0f} "
              f"{every.pct(99):>7.0f} {max(every.samples, default=0) * 1000:>7.0f} {errors:>6}")
        for name, k in sorted(self.kinds.items()):
            for failure in k.failures:
                print(f"  {name}: {failure}")
        return over


# --- Reading pages ----------------------------------------------------------------------------


def hidden(html: str, name: str) -> str:
    """The value of a named input of a page."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    if not match:
        return ""
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def names_like(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(rf'name="({pattern})"', html)))


def csrf(html: str) -> str:
    return hidden(html, "csrfmiddlewaretoken")
