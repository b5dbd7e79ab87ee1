"""Load test (issue 16): a realistic mix of people against the production-like set-up,
bounded in time and users, on loopback only.

Readers browse Tekojen tori anonymously, employees sign in, read, support and send
ideas, innovators evaluate and decide (``scenario.py``). The report gives throughput,
p50/p95/p99 per request kind and errors (goal: no errors, p95 ≤ 200 ms); afterwards
every acknowledged write is looked up in the database (``verify.py``) and the script
exits non-zero if one is missing, an idea is half-written, or (unless
``--allow-errors``) a request failed.

Run: python bench/load/load_test.py [--users 200] [--duration 600] [--keep] [--reuse]
     python bench/load/load_test.py --smoke        # 20 users for 30 s on a small data set
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from client import Endpoints, Stats  # noqa: E402
from common import OUT, ROOT, _cpu_seconds, collect_static, migrate, postgres_url, recreate_database  # noqa: E402
from scenario import Ledger, World, people  # noqa: E402
from stack import STACKS, default_stack, load_env  # noqa: E402
from verify import verify, wait_announced  # noqa: E402

DATABASE = os.environ.get("LOAD_DATABASE", "latu_load")
MANIFEST = OUT / "load_manifest.json"
GOAL_P95_MS = 200.0


def prepare(args, env: dict[str, str]) -> dict:
    child_env = {**env, "DJANGO_SETTINGS_MODULE": "latu.settings",
                 "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE.parent)])}
    OUT.mkdir(parents=True, exist_ok=True)
    if args.reuse:
        subprocess.run([str(Path(sys.executable).with_name("latu")), "migrate", "--no-input"], env=env, cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, str(HERE / "data.py"), "refresh", str(MANIFEST)], env=child_env,
                       cwd=ROOT, check=True)
    else:
        started = time.perf_counter()
        recreate_database(DATABASE)
        migrate(env)
        subprocess.run([sys.executable, str(HERE / "data.py"), str(args.deeds), str(args.people), str(args.ideas),
                        str(MANIFEST)], env=child_env, cwd=ROOT, check=True)
        print(f"data ready in {time.perf_counter() - started:.0f} s", flush=True)
    if not (OUT / "static" / "staticfiles.json").exists() or not args.reuse:
        collect_static(env)
    return json.loads(MANIFEST.read_text())


def db_now(url: str):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT now()").fetchone()[0]


async def run_users(world: World, users: int, mix, ramp: float, employee_weights=None) -> None:
    jobs = people(world, users, mix, employee_weights)
    random.Random(7).shuffle(jobs)

    async def start_later(delay: float, job) -> None:
        await asyncio.sleep(delay)
        await job

    await asyncio.gather(*(start_later(ramp * i / max(1, len(jobs)), job) for i, job in enumerate(jobs)))


def cpu_seconds(stack, database: str) -> dict[str, float]:
    """CPU seconds so far of the app servers' workers and task worker, and of the
    PostgreSQL backends serving the load database. (Backends closed meanwhile are not
    counted: with persistent connections of 60 s, the PostgreSQL figure covers about the
    last minute of a longer run.)"""
    import psycopg

    with psycopg.connect(postgres_url("postgres"), autocommit=True) as conn:
        backends = [pid for (pid,) in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'", [database])]
    return {**{f"app {pid}": _cpu_seconds(pid) for pid in stack.cpu_pids()},
            **{f"db {pid}": _cpu_seconds(pid) for pid in backends}}


def cpu_used(before: dict[str, float], after: dict[str, float]) -> tuple[float, float]:
    app = sum(v - before.get(k, 0.0) for k, v in after.items() if k.startswith("app"))
    db = sum(v - before.get(k, 0.0) for k, v in after.items() if k.startswith("db"))
    return app, db


def machine_ticks() -> list[int]:
    return [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200, help="concurrent people (default 200)")
    parser.add_argument("--duration", type=float, default=600, help="seconds of load (default 600)")
    parser.add_argument("--ramp", type=float, default=30, help="seconds over which the people arrive (default 30)")
    parser.add_argument("--think", type=float, default=10.0,
                        help="mean seconds a person reads a page before the next click (default 10)")
    parser.add_argument("--mix", default="0.6,0.3,0.1", help="shares of readers, employees, innovators")
    parser.add_argument("--deeds", type=int, default=3000, help="published deeds in Tekojen tori (default 3000)")
    parser.add_argument("--people", type=int, default=400, help="load employees per organisation (default 400)")
    parser.add_argument("--ideas", type=int, default=600, help="extra ideas per organisation (default 600)")
    parser.add_argument("--servers", type=int, default=2, help="app servers (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes per app server (default 2)")
    parser.add_argument("--stack", choices=sorted(STACKS), default=default_stack(),
                        help="gunicorn (default, or LOAD_STACK): app servers started here, the client balancing; "
                             "prod-local: deploy/prod_local.py's nginx and app servers")
    parser.add_argument("--reuse", action="store_true", help="use the database of an earlier run (no loading)")
    parser.add_argument("--keep", action="store_true", help="(the database is always kept; for symmetry)")
    parser.add_argument("--allow-errors", action="store_true", help="exit 0 even if requests failed")
    parser.add_argument("--smoke", action="store_true", help="20 people for 30 s on a small data set")
    args = parser.parse_args()
    if args.smoke:
        args.users, args.duration, args.ramp, args.think = 20, 30, 5, 1.0
        args.deeds, args.people, args.ideas = 200, 30, 40
    mix = tuple(float(x) for x in args.mix.split(","))
    url = postgres_url(DATABASE)
    env = load_env(url)
    manifest = prepare(args, env)
    with STACKS[args.stack](env, servers=args.servers, workers=args.workers) as stack:
        print(f"\n{args.users} people ({args.mix} readers/employees/innovators) for {args.duration:g} s, "
              f"think time {args.think:g} s, {stack.name}: {args.servers} servers × {args.workers} workers",
              flush=True)
        since = db_now(url)
        stats, ledger = Stats(), Ledger()
        world = World(manifest, Endpoints(stack.addresses), stats, ledger, args.think,
                      time.monotonic() + args.duration)
        ticks_before, started = machine_ticks(), time.monotonic()
        cpu_before, client_before = cpu_seconds(stack, DATABASE), time.process_time()
        asyncio.run(run_users(world, args.users, mix, args.ramp))
        seconds = time.monotonic() - started
        ticks = [b - a for a, b in zip(ticks_before, machine_ticks(), strict=True)]
        app_cpu, db_cpu = cpu_used(cpu_before, cpu_seconds(stack, DATABASE))
        client_cpu = time.process_time() - client_before
        over = stats.report(seconds, GOAL_P95_MS)
        busy = 1 - (ticks[3] + ticks[4]) / max(1, sum(ticks))
        print(f"{seconds:.0f} s; the machine was {busy:.0%} busy (load average now "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores); "
              f"writes sent again after no answer: {ledger.retried} ({ledger.retried_ok} then acknowledged), "
              f"given up: {ledger.given_up}")
        requests = max(1, stats.total()[0])
        per_request = 1000 * (app_cpu + db_cpu) / requests
        cores = os.cpu_count() or 1
        steal = ticks[7] / max(1, sum(ticks))
        print(f"CPU per request: app servers and task worker {1000 * app_cpu / requests:.1f} ms + PostgreSQL "
              f"{1000 * db_cpu / requests:.1f} ms (+ this client {1000 * client_cpu / requests:.1f} ms); "
              f"{cores} cores would serve at most {cores * 1000 / per_request:.0f} requests/s of this mix "
              f"(the host took {steal:.1%} of the machine)")
        announced = wait_announced(url, since)
        print("every idea announced " + (f"{announced:.1f} s after the load ended" if announced is not None
                                         else "NOT within 180 s"))
    complete = verify(url, ledger, since)
    count, errors = stats.total()
    print(f"p95 goal ≤ {GOAL_P95_MS:g} ms: " + ("met by every kind" if not over else f"over it: {', '.join(over)}"))
    print(f"errors: {errors} of {count} requests")
    if not complete:
        return 1
    if errors and not args.allow_errors:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
