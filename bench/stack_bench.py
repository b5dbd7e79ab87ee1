"""Throughput of the production-like stack (`make prod-local`, with the demo data) and what
it asks of PostgreSQL: requests/s and latency of a representative read and write, through
nginx to both app servers and directly to one, with PostgreSQL's transaction and row rates
for the Latu database over the same seconds (pg_stat_database). Figures: docs/scaling.md.

    make prod-local                      # in one shell (demo data loaded)
    .venv/bin/python bench/stack_bench.py --port 8080 --seconds 15 --concurrency 8

Loopback only; every phase stops after ``--seconds`` or ``--max-requests``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import threading
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import psycopg

DEMO_PASSWORD = "latu-demo-2026"  # noqa: S105 - the demo data's printed password


class Client:
    """One person on one keep-alive connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "fi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, response.headers.get("Location", ""), text

    def csrf(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def sign_in(self, email: str) -> None:
        status = 0
        for _attempt in range(3):
            _, _, page = self.request("GET", "/accounts/login/")
            status, _, _ = self.request("POST", "/accounts/login/", {
                "csrfmiddlewaretoken": self.csrf(page), "login": email, "password": DEMO_PASSWORD})
            if status == 302:
                return
        raise RuntimeError(f"could not sign in as {email}: {status}")


def pg_counters(database_url: str) -> dict[str, int]:
    name = urlsplit(database_url).path.lstrip("/")
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin) as conn:
        row = conn.execute(
            "SELECT xact_commit + xact_rollback, tup_returned, tup_fetched, tup_inserted + tup_updated + tup_deleted,"
            " blks_read, blks_hit FROM pg_stat_database WHERE datname = %s", [name]).fetchone()
        conn.execute("SELECT pg_stat_clear_snapshot()")
    return dict(zip(["xacts", "returned", "fetched", "written", "blks_read", "blks_hit"], row, strict=True))


def run_phase(name: str, clients: list[Client], step: Callable[[Client, int], int], seconds: float,
              max_requests: int, database_url: str) -> dict:
    """Each client in its own thread repeats ``step`` (which returns the requests it made,
    raising on a wrong answer) until the time or the request budget is used up."""
    latencies: list[float] = []
    errors = [0]
    made = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def loop(client: Client) -> None:
        i = 0
        while time.monotonic() < stop_at:
            with lock:
                if made[0] >= max_requests:
                    return
            started = time.perf_counter()
            try:
                count = step(client, i)
            except Exception:  # noqa: BLE001 - counted, the phase goes on
                count = 1
                with lock:
                    errors[0] += 1
            elapsed = time.perf_counter() - started
            with lock:
                made[0] += count
                latencies.extend([elapsed / count] * count)
            i += 1

    for client in clients:
        client.conn.close()  # a fresh connection each phase (the servers close idle ones after 5 s)
    before = pg_counters(database_url)
    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duration = time.monotonic() - started
    time.sleep(0.6)  # PostgreSQL's statistics are sent every 500 ms
    after = pg_counters(database_url)
    delta = {k: after[k] - before[k] for k in before}
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0.0

    result = {
        "phase": name, "requests": made[0], "errors": errors[0], "seconds": round(duration, 1),
        "rps": round(made[0] / duration, 1),
        "p50_ms": round(pct(0.50), 1), "p95_ms": round(pct(0.95), 1), "p99_ms": round(pct(0.99), 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0,
        "pg_xact_per_s": round(delta["xacts"] / duration), "pg_rows_read_per_s": round(
            (delta["returned"] + delta["fetched"]) / duration),
        "pg_rows_written_per_s": round(delta["written"] / duration),
        "pg_xacts_per_request": round(delta["xacts"] / max(made[0], 1), 1),
        "pg_cache_hit": round(delta["blks_hit"] / max(delta["blks_hit"] + delta["blks_read"], 1), 4),
    }
    print(" ".join(f"{k}={v}" for k, v in result.items()), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="nginx's port")
    parser.add_argument("--app-ports", default="", help="the app servers' ports (default: the two after --port)")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--org", default="hollola")
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/latu_prod"))
    args = parser.parse_args()
    app_ports = [int(p) for p in args.app_ports.split(",") if p] or [args.port + 1, args.port + 2]
    n, org = args.concurrency, args.org

    def page(path: str) -> Callable[[Client, int], int]:
        def step(client: Client, _i: int) -> int:
            status, _, _ = client.request("GET", path)
            if status != 200:
                raise RuntimeError(f"{path}: {status}")
            return 1
        return step

    # Employees of the demo organisation (henkiloN@…), each supporting and withdrawing
    # support for ideas of others: two writes (a row, a count, an event, a notification).
    people = [Client(args.port) for _ in range(n)]
    for number, client in enumerate(people):
        client.sign_in(f"henkilo{number + 2}@{org}.example.fi")
    _, _, listing = people[0].request("GET", f"/o/{org}/ideas/")
    idea_paths = sorted(set(re.findall(r'href="(/ideas/\d+/)"', listing)))
    if not idea_paths:
        raise RuntimeError("no ideas listed: load the demo data (make prod-local runs `latu demo`)")
    tokens = {}

    def support(client: Client, i: int) -> int:
        path = idea_paths[(people.index(client) + i) % len(idea_paths)]
        if client not in tokens:
            _, _, html = client.request("GET", path)
            tokens[client] = client.csrf(html)
        made = 0
        for action in ("support", "withdraw"):
            status, _, _ = client.request("POST", f"{path}support/", {
                "csrfmiddlewaretoken": tokens[client], "action": action})
            made += 1
            if status != 302:
                raise RuntimeError(f"support {action}: {status}")
        return made

    anonymous = [Client(args.port) for _ in range(n)]
    direct = [Client(app_ports[0]) for _ in range(n)]
    direct_people = []
    for number in range(n):
        client = Client(app_ports[0])
        client.sign_in(f"henkilo{number + 2}@{org}.example.fi")
        direct_people.append(client)
    budget = (args.seconds, args.max_requests, args.database_url)
    run_phase("livez via nginx (2 servers)", anonymous, page("/livez/"), *budget)
    run_phase("tori list, anonymous, via nginx (2 servers)", anonymous, page("/tori/"), *budget)
    run_phase("tori list, anonymous, one server direct", direct, page("/tori/"), *budget)
    run_phase("idea list, signed in, via nginx (2 servers)", people, page(f"/o/{org}/ideas/"), *budget)
    run_phase("idea list, signed in, one server direct", direct_people, page(f"/o/{org}/ideas/"), *budget)
    run_phase("support + withdraw, via nginx (2 servers)", people, support, *budget)


if __name__ == "__main__":
    main()
