"""The production-like set-up the load and fault tests run against, behind one small
interface: start, stop, the addresses to send requests to, the app server processes
(to kill one) and the task worker.

``GunicornStack``: app servers (gunicorn, production settings, each with its own
worker processes) on loopback ports, a task worker (``latu worker``), PostgreSQL and
Redis; the client spreads its requests over the servers in turn, as a proxy would.

``ProdLocalStack``: the deployed set-up of ``make prod-local`` (``deploy/prod_local.py``):
nginx in front of uvicorn app servers, the task worker, PostgreSQL and Redis; the client
sends everything to nginx.

Ports: nginx (or the first app server) on ``LOAD_FIRST_PORT`` (8600), app servers after it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCH))

from common import OUT, ROOT, TaskWorker, bench_env  # noqa: E402

FIRST_PORT = int(os.environ.get("LOAD_FIRST_PORT", "8600"))


def load_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings with the task queue in the database, as deployed."""
    return bench_env(database_url, **{
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "TASKS_BACKEND": "database",
        "CACHE_KEY_PREFIX": "latu-load",
        **extra,
    })


def _wait_http(port: int, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"GET /livez/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if sock.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"nothing answers on port {port}")


class GunicornStack:
    name = "gunicorn"

    def __init__(self, env: dict[str, str], servers: int = 2, workers: int = 2, threads: int = 1) -> None:
        self.env = env
        self.ports = [FIRST_PORT + 1 + i for i in range(servers)]
        self.workers = workers
        self.threads = threads
        self.procs: list[subprocess.Popen] = []
        self.task_worker: TaskWorker | None = None

    @property
    def addresses(self) -> list[tuple[str, int]]:
        return [("127.0.0.1", port) for port in self.ports]

    def start(self) -> GunicornStack:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        OUT.mkdir(parents=True, exist_ok=True)
        for port in self.ports:
            log = (OUT / f"load_server_{port}.log").open("w")
            self.procs.append(subprocess.Popen(
                [str(gunicorn), "latu.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(self.workers),
                 "--threads", str(self.threads), "--log-level", "warning", "--timeout", "60",
                 "--backlog", "2048"],
                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            ))
        for port in self.ports:
            _wait_http(port)
        self.task_worker = TaskWorker(self.env, OUT / "load_worker.log").__enter__()
        return self

    def stop(self) -> None:
        if self.task_worker:
            self.task_worker.__exit__(None, None, None)
            self.task_worker = None
        for proc in self.procs:
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs = []

    def __enter__(self) -> GunicornStack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def app_processes(self) -> list[int]:
        """The processes that serve requests (gunicorn's workers): kill -9 one of them."""
        pids = []
        for proc in self.procs:
            out = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout
            pids += [int(p) for p in out.split()]
        return pids

    def cpu_pids(self) -> list[int]:
        pids = self.app_processes()
        if self.task_worker and self.task_worker.proc:
            pids.append(self.task_worker.proc.pid)
        return pids


class ProdLocalStack:
    """``deploy/prod_local.py``'s stack: nginx on the first port, app servers after it."""

    name = "prod-local: nginx, uvicorn"

    def __init__(self, env: dict[str, str], servers: int = 2, workers: int = 2, threads: int = 1) -> None:
        sys.path.insert(0, str(ROOT / "deploy"))
        from prod_local import Stack

        self.stack = Stack(port=FIRST_PORT, app_ports=[FIRST_PORT + 1 + i for i in range(servers)], workers=workers,
                           run_dir=OUT / "prod-local", static_root=OUT / "prod-static", environ=env, migrate=False,
                           create_db=False, quiet=True)

    @property
    def addresses(self) -> list[tuple[str, int]]:
        return [("127.0.0.1", FIRST_PORT)]

    def start(self) -> ProdLocalStack:
        self.stack.__enter__()
        return self

    def stop(self) -> None:
        self.stack.__exit__(None, None, None)

    def __enter__(self) -> ProdLocalStack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def app_processes(self) -> list[int]:
        """uvicorn's worker processes (the children of each app server)."""
        pids = []
        for name, proc in self.stack.processes.items():
            if name.startswith("app-"):
                out = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout
                pids += [int(p) for p in out.split()]
        return pids

    def cpu_pids(self) -> list[int]:
        workers = [proc.pid for name, proc in self.stack.processes.items() if name.startswith("worker")]
        return self.app_processes() + workers


STACKS = {"gunicorn": GunicornStack, "prod-local": ProdLocalStack}


def default_stack() -> str:
    return os.environ.get("LOAD_STACK", "gunicorn")
