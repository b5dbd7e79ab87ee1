"""A production-like Latu on this machine: nginx in front of two app servers (uvicorn,
several worker processes each), one task worker, PostgreSQL and Redis.

    python deploy/prod_local.py start [--port 8080] [--app-ports 8081,8082] [--demo]
    python deploy/prod_local.py stop  [--port 8080]

``start`` creates the database if it is missing, migrates, collects the static files,
starts everything, waits until nginx answers through both app servers and stays in the
foreground; Ctrl-C (or ``stop`` from another shell, or SIGTERM) stops every process it
started, nginx first. Settings are the production profile's (LATU_ENV=production) with
what a plain-HTTP loopback set-up needs: no HTTPS redirect, no HSTS, hosts 127.0.0.1 and
localhost. DATABASE_URL, REDIS_URL, SECRET_KEY and EMAIL_URL are taken from the environment
when set; their defaults are for this local stack only.

Pid file, logs (``app-PORT.log``, ``worker.log``, nginx's ``access.log``/``error.log``) and
nginx's rendered configuration are in the run directory, printed at start. The tests use
:class:`Stack` directly, on ports of their own.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().with_name("nginx.conf.template")
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = "/etc/nginx/mime.types"

# For this loopback stack only: the production profile refuses to start without a key.
LOCAL_SECRET_KEY = "prod-local-only-never-use-this-key-in-a-real-deployment-0123456789"  # noqa: S105
DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/latu_prod",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SECRET_KEY": LOCAL_SECRET_KEY,
    "EMAIL_URL": "console://",
}


def default_run_dir(port: int) -> Path:
    return Path(tempfile.gettempdir()) / f"latu-prod-local-{port}"


def stack_env(base: Mapping[str, str], *, port: int, run_dir: Path, static_root: Path,
              precompress: bool = True) -> dict[str, str]:
    """The environment of every process of the stack."""
    env = {key: value for key, value in base.items() if key != "PYTEST_VERSION"}
    for key, value in DEFAULTS.items():
        if not env.get(key):
            env[key] = value
    origins = f"http://127.0.0.1:{port},http://localhost:{port}"
    env.update({
        "LATU_ENV": "production",
        "ALLOWED_HOSTS": env.get("ALLOWED_HOSTS") or "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": env.get("CSRF_TRUSTED_ORIGINS") or origins,
        "SITE_URL": env.get("SITE_URL") or f"http://127.0.0.1:{port}",
        # Plain HTTP on loopback: no redirect to HTTPS, and no HSTS pinned on 127.0.0.1.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "TASKS_BACKEND": "database",
        # uvicorn: a pool per process, not a kept connection per request thread (settings.py).
        "DB_POOL_SIZE": env.get("DB_POOL_SIZE") or "4",
        "STATIC_ROOT": str(static_root),
        "STATIC_PRECOMPRESS": "1" if precompress else "0",
        "MEDIA_ROOT": env.get("MEDIA_ROOT") or str(run_dir / "media"),
        "PRIVATE_MEDIA_ROOT": env.get("PRIVATE_MEDIA_ROOT") or str(run_dir / "private-media"),
    })
    return env


def create_database(database_url: str) -> bool:
    """Create the PostgreSQL database of ``database_url`` unless it exists; True if created."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def render_nginx_conf(*, run_dir: Path, port: int, app_ports: list[int], static_root: Path,
                      max_body: str = "11m", worker_processes: str = "1") -> str:
    user = ""
    if os.geteuid() == 0:
        # nginx started by root runs its workers as "nobody", who may not read the checkout's
        # static files: run them as the owner of those files instead.
        user = f"user {pwd.getpwuid(static_root.stat().st_uid).pw_name};"
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in app_ports)
    values = {
        "USER": user,
        "WORKER_PROCESSES": worker_processes,
        "RUN_DIR": str(run_dir),
        "MIME_TYPES": MIME_TYPES,
        "APP_SERVERS": servers,
        "LISTEN": f"127.0.0.1:{port}",
        "SERVER_NAME": "127.0.0.1 localhost",
        "STATIC_ROOT": str(static_root),
        "MAX_BODY": max_body,
        "FORWARDED_PROTO": "$scheme",
    }
    lines = TEMPLATE.read_text().splitlines(keepends=True)
    # The comment block at the top describes the places; the rest is the configuration.
    start = next(i for i, line in enumerate(lines) if line.strip() and not line.startswith("#"))
    text = "# Rendered from deploy/nginx.conf.template by deploy/prod_local.py.\n" + "".join(lines[start:])
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    if left := re.findall(r"@[A-Z_]+@", text):
        raise ValueError(f"places of the nginx template left unfilled: {left}")
    return text


@dataclass
class Stack:
    """nginx on ``port`` in front of uvicorn servers on ``app_ports``, and ``task_workers``
    task worker processes (``latu worker``). ``with Stack(...) as stack:`` starts it and stops it."""

    port: int = 8080
    app_ports: list[int] = field(default_factory=lambda: [8081, 8082])
    workers: int = 2  # uvicorn worker processes per app server
    task_workers: int = 1
    run_dir: Path | None = None
    static_root: Path | None = None
    environ: Mapping[str, str] | None = None
    migrate: bool = True
    create_db: bool = True
    collectstatic: bool = True
    precompress: bool = True
    demo: bool = False
    worker_interval: float = 1.0
    quiet: bool = False
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.run_dir = Path(self.run_dir or default_run_dir(self.port))
        self.static_root = Path(self.static_root or (ROOT / "staticfiles"))
        self.env = stack_env(os.environ if self.environ is None else self.environ, port=self.port,
                             run_dir=self.run_dir, static_root=self.static_root, precompress=self.precompress)

    # -- life cycle -------------------------------------------------------------------------
    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def say(self, message: str) -> None:
        if not self.quiet:
            print(message, flush=True)

    def latu(self, *args: str) -> None:
        """Run one ``latu`` management command to its end (output to the run directory)."""
        with open(self.run_dir / "setup.log", "a") as log:
            subprocess.run([str(BIN / "latu"), *args], env=self.env, cwd=ROOT, check=True,
                           stdout=log if self.quiet else None, stderr=subprocess.STDOUT if self.quiet else None)

    def prepare(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.run_dir, 0o755)  # noqa: S103 - nginx's workers read it
        self.static_root.mkdir(parents=True, exist_ok=True)
        if self.create_db and create_database(self.env["DATABASE_URL"]):
            self.say(f"created the database {urlsplit(self.env['DATABASE_URL']).path.lstrip('/')}")
        if self.migrate:
            self.latu("migrate", "--no-input")
        if self.collectstatic:
            self.say("collecting static files" + (" (with .gz and .br copies)" if self.precompress else ""))
            self.latu("collectstatic", "--no-input", "--verbosity", "0")
        if self.demo:
            self.latu("demo")

    def spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.run_dir / f"{name}.log", "ab")  # noqa: SIM115 - kept open by the process
        self.processes[name] = subprocess.Popen(
            command, env=env or self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()

    def start(self) -> None:
        self.prepare()
        for app_port in self.app_ports:
            # Each app server's worker processes add up their metrics in a directory of its own.
            metrics = self.run_dir / f"metrics-{app_port}"
            shutil.rmtree(metrics, ignore_errors=True)
            metrics.mkdir()
            self.spawn(f"app-{app_port}", [
                str(BIN / "uvicorn"), "latu.asgi:application",
                "--host", "127.0.0.1", "--port", str(app_port), "--workers", str(self.workers),
                "--lifespan", "off", "--no-access-log", "--log-level", "warning",
                "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1",
                "--timeout-graceful-shutdown", "20",
            ], env={**self.env, "PROMETHEUS_MULTIPROC_DIR": str(metrics)})
        for number in range(1, self.task_workers + 1):
            self.spawn(f"worker-{number}", [
                str(BIN / "latu"), "worker", "--queue-name", "*", "--no-reload",
                "--interval", str(self.worker_interval), "--no-startup-delay",
            ])
        (self.run_dir / "nginx.conf").write_text(render_nginx_conf(
            run_dir=self.run_dir, port=self.port, app_ports=self.app_ports, static_root=self.static_root))
        self.spawn("nginx", [NGINX, "-p", str(self.run_dir), "-c", str(self.run_dir / "nginx.conf"),
                             "-e", str(self.run_dir / "error.log"), "-g", "daemon off;"])
        (self.run_dir / "pids.json").write_text(json.dumps({n: p.pid for n, p in self.processes.items()}))
        self.wait_ready()
        self.say(f"Latu (production profile) on http://127.0.0.1:{self.port}/ — app servers on "
                 f"{', '.join(map(str, self.app_ports))}, {self.task_workers} task worker(s); "
                 f"logs in {self.run_dir}")

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        pending = [*self.app_ports, self.port]
        while pending:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}; see {self.run_dir}/{name}.log")
            if time.monotonic() > deadline:
                raise RuntimeError(f"not answering on {pending} after {timeout} s; see {self.run_dir}")
            port = pending[0]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/livez/", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        pending.pop(0)
                        continue
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)

    def stop(self, timeout: float = 25) -> None:
        """SIGTERM to nginx, then to the app servers and task workers; SIGKILL to what is
        still running after ``timeout`` seconds."""
        order = sorted(self.processes, key=lambda name: (name != "nginx", name.startswith("worker")))
        for name in order:
            terminate(self.processes[name].pid)
            if name == "nginx":
                wait_for(self.processes[name], timeout)
        for name in order:
            wait_for(self.processes[name], timeout)
        self.processes.clear()
        (self.run_dir / "pids.json").unlink(missing_ok=True)

    def serve_forever(self) -> None:
        """Stay in the foreground until Ctrl-C, SIGTERM (``stop``) or a process exits."""
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        pids = {"supervisor": os.getpid(), **{n: p.pid for n, p in self.processes.items()}}
        (self.run_dir / "pids.json").write_text(json.dumps(pids))
        try:
            while not stopping:
                for name, process in self.processes.items():
                    if process.poll() is not None:
                        self.say(f"{name} exited with {process.returncode}; stopping (see {self.run_dir}/{name}.log)")
                        return
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.say("stopping")
            self.stop()


def terminate(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)  # the process and its children (uvicorn's workers)


def wait_for(process: subprocess.Popen, timeout: float) -> None:
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def stop_running(run_dir: Path, timeout: float = 30) -> bool:
    """Stop a stack started by ``start`` in another shell; False if none was running."""
    pid_file = run_dir / "pids.json"
    if not pid_file.exists():
        return False
    pids = json.loads(pid_file.read_text())
    supervisor = pids.pop("supervisor", None)
    if supervisor and alive_pid(supervisor):
        os.kill(supervisor, signal.SIGTERM)  # it stops its processes in order and removes the file
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and pid_file.exists():
            time.sleep(0.2)
    for name in sorted(pids, key=lambda n: n != "nginx"):
        terminate(pids[name])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(pid) for pid in pids.values()):
        time.sleep(0.2)
    for pid in pids.values():
        if alive(pid):
            os.killpg(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)
    return True


def alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def alive_pid(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop"])
    parser.add_argument("--port", type=int, default=8080, help="nginx's loopback port (default 8080)")
    parser.add_argument("--app-ports", default="", help="the app servers' ports, comma separated "
                        "(default: the two after --port)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes per app server")
    parser.add_argument("--task-workers", type=int, default=1)
    parser.add_argument("--run-dir", type=Path, help="pid, logs, nginx files (default: in the temp directory)")
    parser.add_argument("--demo", action="store_true", help="load the demo data (`latu demo`) before starting")
    parser.add_argument("--no-precompress", action="store_true",
                        help="no .gz/.br copies of the static files (collectstatic in a second instead of a minute)")
    args = parser.parse_args(argv)
    run_dir = args.run_dir or default_run_dir(args.port)
    if args.command == "stop":
        print("stopped" if stop_running(run_dir) else f"nothing running (no {run_dir / 'pids.json'})")
        return 0
    pid_file = run_dir / "pids.json"
    if pid_file.exists() and any(alive_pid(pid) for pid in json.loads(pid_file.read_text()).values()):
        print(f"already running (stop it first: deploy/prod_local.py stop --port {args.port})")
        return 1
    app_ports = [int(p) for p in args.app_ports.split(",") if p] or [args.port + 1, args.port + 2]
    stack = Stack(port=args.port, app_ports=app_ports, workers=args.workers, task_workers=args.task_workers,
                  run_dir=run_dir, demo=args.demo, precompress=not args.no_precompress)
    try:
        stack.start()
    except BaseException:
        stack.stop()
        raise
    stack.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
