"""Shared pieces of the benchmarks: a production-like server, timed HTTP requests,
percentiles and the bare-view baseline measured in the same run.

Each benchmark prints its figures next to ``/livez/`` (a bare Django view through the
whole middleware stack: the framework's floor on this machine) as a ratio, so the numbers
mean something on a noisy machine.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "LATU_ENV": "production",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": env.get("REDIS_URL", "redis://127.0.0.1:6379/7"),
        "EMAIL_URL": "locmem://",
        "SECURE_SSL_REDIRECT": "0",
        "REQUIRE_MFA": "0",
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "ERROR",
        "STATIC_ROOT": str(ROOT / "bench" / "out" / "static"),
    })
    # A benchmark measures speed, not the API's request limits: every client runs from one
    # loopback address, so the production rates would answer 429 within a minute.
    for name in ("API_RATE_ANON", "API_RATE_USER", "API_RATE_SUBMIT"):
        env.setdefault(name, "1000000/min")
    env.pop("PYTEST_VERSION", None)
    env.update(extra)
    return env


class Server:
    """gunicorn with ``workers`` processes on a free loopback port."""

    def __init__(self, env: dict[str, str], workers: int = 2, threads: int = 1):
        self.env = env
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.proc = subprocess.Popen(
            [str(gunicorn), "latu.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--threads", str(self.threads), "--log-level", "warning", "--timeout", "120"],
            env=self.env, cwd=ROOT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, _ = self.get("/livez/")
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the server did not start")

    def __exit__(self, *exc) -> None:
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def peak_memory_mb(self) -> list[float]:
        """VmHWM (peak resident set) of each worker process."""
        peaks = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
            except FileNotFoundError:
                continue
        return peaks

    def get(self, path: str, headers: dict | None = None, method: str = "GET", body: bytes | None = None):
        """One request on a new connection: (status, raw body). Written on the socket
        directly: the client shares the machine's cores with the server, and
        ``http.client`` spent twice the CPU per request (parsing headers nobody reads)."""
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        request = "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + (body or b"")
        with socket.create_connection(("127.0.0.1", self.port), timeout=60) as sock:
            sock.sendall(request)
            chunks = []
            while data := sock.recv(262144):
                chunks.append(data)
        response = b"".join(chunks)
        if not response.startswith(b"HTTP/1."):
            raise OSError(f"no HTTP response from {path}")
        _, _, payload = response.partition(b"\r\n\r\n")
        return int(response[9:12]), payload


@dataclass
class Timing:
    name: str
    samples: list[float]  # seconds
    errors: int = 0
    cpu_ms: float | None = None  # server CPU per request: the workers (with SQLite, the database too)
    db_cpu_ms: float | None = None  # PostgreSQL backends' CPU per request

    def pct(self, p: float) -> float:
        ordered = sorted(self.samples)
        if not ordered:
            return float("nan")
        k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
        return ordered[k] * 1000

    @property
    def p50(self) -> float:
        return self.pct(50)

    @property
    def p95(self) -> float:
        return self.pct(95)


def measure(server: Server, name: str, paths: Iterable[str] | Callable[[int], str], requests: int = 200,
            concurrency: int = 1, headers: dict | None = None, warmup: int = 10,
            cpu: CpuMeter | None = None) -> Timing:
    path_list = list(paths) if not callable(paths) else None

    def path_for(i: int) -> str:
        return paths(i) if callable(paths) else path_list[i % len(path_list)]

    for i in range(warmup):
        server.get(path_for(i), headers)
    samples: list[float] = []
    errors = 0

    def one(i: int) -> tuple[float, int]:
        start = time.perf_counter()
        status, _ = server.get(path_for(i), headers)
        return time.perf_counter() - start, status

    before = cpu.snapshot() if cpu else None
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for elapsed, status in pool.map(one, range(requests)):
            samples.append(elapsed)
            if status >= 400:
                errors += 1
    timing = Timing(name, samples, errors)
    if cpu:
        cpu.fill(timing, before, requests)
    return timing


def report(rows: list[Timing], baseline: Timing, goal_p95_ms: float | None = None) -> None:
    width = max(34, *(len(t.name) for t in [baseline, *rows]))
    with_cpu = any(t.cpu_ms is not None for t in [baseline, *rows])
    cpu_header = f" {'app CPU ms':>10} {'db CPU ms':>9}" if with_cpu else ""
    print(f"{'what':<{width}} {'p50 ms':>8} {'p95 ms':>8} {'p95 / bare':>11} {'errors':>7}{cpu_header}")
    for t in [baseline, *rows]:
        ratio = t.p95 / baseline.p95 if baseline.p95 else float("nan")
        flag = ""
        if goal_p95_ms is not None and t is not baseline:
            flag = "  ok" if t.p95 <= goal_p95_ms else f"  over {goal_p95_ms:g} ms goal"
        cpu = ""
        if with_cpu:
            app = f"{t.cpu_ms:.1f}" if t.cpu_ms is not None else "-"
            db = f"{t.db_cpu_ms:.1f}" if t.db_cpu_ms is not None else "-"
            cpu = f" {app:>10} {db:>9}"
        print(f"{t.name:<{width}} {t.p50:>8.1f} {t.p95:>8.1f} {ratio:>10.1f}x {t.errors:>7}{cpu}{flag}")
    if with_cpu:
        print("(CPU columns: CPU time per request of the server's workers and of its PostgreSQL backends; "
              "unlike the latencies, they hardly change with the load of the machine)")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --- Databases, migrations and static files for a benchmark run -------------------------

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
OUT = ROOT / "bench" / "out"
# Each benchmark's PostgreSQL database is this prefix and its name: another prefix keeps a
# run (CI's quick one, say) away from a database kept with --keep.
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "latu_bench_")


def bench_database(name: str) -> str:
    return DATABASE_PREFIX + name


def postgres_url(database: str) -> str:
    return f"{POSTGRES_URL.rstrip('/')}/{database}"


def _admin(statement: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(postgres_url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL(statement))


def recreate_database(database: str) -> None:
    """Drop (if it exists) and create an empty PostgreSQL database for a benchmark."""
    from psycopg import sql

    name = sql.Identifier(database).as_string(None)
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(f"CREATE DATABASE {name}")


def drop_database(database: str) -> None:
    from psycopg import sql

    _admin(f"DROP DATABASE IF EXISTS {sql.Identifier(database).as_string(None)} WITH (FORCE)")


def latu(env: dict[str, str], *args: str, quiet: bool = True) -> None:
    """Run a ``latu`` management command with the benchmark environment."""
    command = [str(Path(sys.executable).with_name("latu")), *args]
    subprocess.run(command, env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL if quiet else None)


def migrate(env: dict[str, str]) -> float:
    """Create the schema; returns the seconds it took."""
    started = time.perf_counter()
    latu(env, "migrate", "--no-input")
    return time.perf_counter() - started


def collect_static(env: dict[str, str]) -> None:
    """The production profile serves hashed static files from a manifest."""
    latu(env, "collectstatic", "--no-input", "--clear")


def throughput(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("nan")


def report_memory(server: Server, goal_mb: float) -> list[float]:
    """Print the peak resident memory (VmHWM) of each worker against the goal."""
    peaks = server.peak_memory_mb()
    for number, peak in enumerate(peaks, 1):
        verdict = "ok" if peak <= goal_mb else f"over the {goal_mb:g} MB goal"
        print(f"worker {number} peak memory (VmHWM): {peak:7.1f} MB  {verdict}")
    return peaks


class TaskWorker:
    """``latu worker`` beside the server: the background work of the requests."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env = env
        self.log = log
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> TaskWorker:
        latu = Path(sys.executable).with_name("latu")
        with self.log.open("w") as log:  # a line per task: kept out of the report
            self.proc = subprocess.Popen(
                [str(latu), "worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )
        return self

    def __exit__(self, *exc) -> None:
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def cpu_seconds(self) -> float:
        return _cpu_seconds(self.proc.pid)

    def peak_memory_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class CpuMeter:
    """CPU time spent by a server's workers and, with ``database``, by the PostgreSQL
    backends connected to that database (the workers keep their connections)."""

    def __init__(self, server: Server, database: str | None = None) -> None:
        self.server = server
        self.database = database

    def _backends(self) -> list[int]:
        if not self.database:
            return []
        import psycopg

        with psycopg.connect(postgres_url("postgres"), autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = "
                                "'client backend'", [self.database]).fetchall()
        return [pid for (pid,) in rows]

    def snapshot(self) -> tuple[dict[int, float], dict[int, float]]:
        return ({pid: _cpu_seconds(pid) for pid in self.server.worker_pids()},
                {pid: _cpu_seconds(pid) for pid in self._backends()})

    def fill(self, timing: Timing, before, requests: int) -> None:
        after = self.snapshot()
        app = sum(value - before[0].get(pid, 0.0) for pid, value in after[0].items())
        db = sum(value - before[1].get(pid, 0.0) for pid, value in after[1].items())
        timing.cpu_ms = 1000 * app / requests
        timing.db_cpu_ms = 1000 * db / requests if self.database else None
