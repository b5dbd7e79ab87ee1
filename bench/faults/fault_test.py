"""Fault tests (issue 16): during a write load (employees sending and supporting ideas,
innovators evaluating and deciding), one fault after another:

1. ``kill``: kill -9 one app server process (a gunicorn worker, mid-request);
2. ``postgres``: restart PostgreSQL (``pg_ctlcluster <version> main restart``);
3. ``redis``: Redis stops answering for 30 s (``CLIENT PAUSE 30000``: every client
   waits; nothing is lost, unlike a shutdown).

For each fault: the failed requests and what they got (a 5xx with the error page, a
503, no answer), whether anything else was wrong (an unexpected 4xx, a 5xx without the
error page), and how many seconds after the fault the last request failed (the service
recovers by itself: nothing is restarted by hand; a request slower than 10 s counts as
not yet recovered). The whole timeline is written to ``bench/out/faults_timeline.json``.
At the end every acknowledged write is looked up in the database and every idea of the
run must be whole (``verify.py``).
Exits non-zero if a write is missing, something is half-written, an error was not
clean, or the service had not recovered ``--recovery`` seconds after a fault.

WARNING: PostgreSQL and Redis are the machine's own. Restarting PostgreSQL cuts every
connection to every database on it, and CLIENT PAUSE holds every Redis client for 30
s, whoever they are. Run it where that is acceptable, once; ``--faults kill`` runs
only the harmless one.

Run: python bench/faults/fault_test.py [--faults kill,postgres,redis] [--reuse]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "load"))
sys.path.insert(0, str(HERE.parent))

from client import Endpoints, Stats  # noqa: E402
from common import OUT, postgres_url  # noqa: E402
from load_test import DATABASE, db_now, prepare, run_users  # noqa: E402
from scenario import Ledger, World  # noqa: E402
from stack import STACKS, GunicornStack, default_stack, load_env  # noqa: E402
from verify import verify, wait_announced  # noqa: E402

WARMUP = 40  # seconds of load before the first fault
AFTER = {"kill": 40, "postgres": 60, "redis": 80}  # seconds watched after each fault (redis: 30 s paused)
REDIS_PAUSE_MS = 30000
STALL = 10.0  # seconds: a request slower than this counts as stalled by the fault (recovery waits for it)
WRITE_HEAVY = {"list": 0.1, "idea": 0.1, "support": 0.4, "submit": 0.4}


def redis_port(env: dict[str, str]) -> str:
    match = re.search(r":(\d+)", env["REDIS_URL"].rsplit("@", 1)[-1].split("//", 1)[-1])
    return match.group(1) if match else "6379"


def postgres_cluster() -> list[str]:
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout.split()
    return out[:2]  # version, cluster name


def inject(fault: str, stack: GunicornStack, env: dict[str, str]) -> str:
    if fault == "kill":
        pid = stack.app_processes()[0]
        os.kill(pid, signal.SIGKILL)
        return f"kill -9 {pid} (an app server's worker process)"
    if fault == "postgres":
        version, cluster = postgres_cluster()
        started = time.monotonic()
        subprocess.run(["pg_ctlcluster", version, cluster, "restart", "-m", "fast"], check=True)
        return f"pg_ctlcluster {version} {cluster} restart -m fast: {time.monotonic() - started:.1f} s"
    if fault == "redis":
        subprocess.run(["redis-cli", "-p", redis_port(env), "CLIENT", "PAUSE", str(REDIS_PAUSE_MS)], check=True,
                       stdout=subprocess.DEVNULL)
        return f"redis-cli CLIENT PAUSE {REDIS_PAUSE_MS}"
    raise ValueError(fault)


async def schedule(faults: list[str], stack: GunicornStack, env: dict[str, str], stats: Stats,
                   marks: list[tuple[str, float, float, str]]) -> None:
    await asyncio.sleep(WARMUP)
    for fault in faults:
        at = time.monotonic() - stats.started
        what = await asyncio.to_thread(inject, fault, stack, env)
        print(f"[{at:6.1f} s] fault: {what}", flush=True)
        await asyncio.sleep(AFTER[fault])
        marks.append((fault, at, time.monotonic() - stats.started, what))


def classify(timeline: list, start: float, end: float) -> dict:
    """The requests that ended in [start, end): a request in flight when the fault came
    belongs to it."""
    events = [e for e in timeline if start <= e[0] + e[5] < end]
    failed = [e for e in events if not e[3]]
    outcome: dict[str, int] = {}
    unclean = []
    for _t, kind, status, _ok, detail, _seconds in failed:
        if status is None:
            label = "no answer (" + detail.rsplit(": ", 2)[-2].split(":")[0] + ")" if ": " in detail else "no answer"
        elif status >= 500:
            label = f"{status}" + (" without an error page" if "[no error page]" in detail else " error page")
        else:
            label = f"unexpected {status}"
        outcome[label] = outcome.get(label, 0) + 1
        if "without" in label or label.startswith("unexpected") or "TimeoutError" in label:
            unclean.append(f"{kind}: {detail}")
    stalled = [e for e in events if e[5] > STALL]
    last_failure = max((e[0] + e[5] for e in failed + stalled), default=None)
    ok_after = [e for e in events if e[3] and (last_failure is None or e[0] + e[5] > last_failure)]
    return {"requests": len(events), "failed": len(failed), "outcome": outcome, "unclean": unclean,
            "stalled": len(stalled), "slowest": max((e[5] for e in events), default=0.0),
            "recovered_after": None if last_failure is None else last_failure - start,
            "ok_after_recovery": len(ok_after)}


def report_faults(timeline: list, marks: list, recovery: float) -> bool:
    """Print a line per fault; True when every failure was clean and each fault was over
    within ``recovery`` seconds."""
    ok = True
    print(f"\n{'fault':<10} {'requests':>8} {'failed':>6} {'stalled':>7} {'slowest':>8} {'recovered after':>15}  "
          "outcome of the failed requests")
    before = classify(timeline, 0, marks[0][1] if marks else float("inf"))
    if before["failed"]:
        print(f"{'(before)':<10} {before['requests']:>8} {before['failed']:>6}  {before['outcome']}")
        ok = False
    for fault, start, end, _what in marks:
        figures = classify(timeline, start, end)
        recovered = figures["recovered_after"]
        recovered_text = "no failure" if recovered is None else f"{recovered:.1f} s"
        print(f"{fault:<10} {figures['requests']:>8} {figures['failed']:>6} {figures['stalled']:>7} "
              f"{figures['slowest']:>7.1f}s {recovered_text:>15}  {figures['outcome'] or '-'}")
        for line in figures["unclean"][:5]:
            print(f"  not clean: {line}")
        if figures["unclean"]:
            ok = False
        if recovered is not None and (recovered > recovery or not figures["ok_after_recovery"]):
            print(f"  FAIL: not recovered within {recovery:g} s")
            ok = False
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--faults", default="kill,postgres,redis", help="which faults, in order")
    parser.add_argument("--users", type=int, default=30, help="concurrent people writing (default 30)")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time in seconds (default 2)")
    parser.add_argument("--recovery", type=float, default=45.0,
                        help="seconds after a fault by which requests must succeed again (default 45)")
    parser.add_argument("--stack", choices=sorted(STACKS), default=default_stack(),
                        help="gunicorn (default, or LOAD_STACK): app servers started here, the client balancing; "
                             "prod-local: deploy/prod_local.py's nginx and app servers")
    parser.add_argument("--reuse", action="store_true", help="use the database of an earlier run (no loading)")
    parser.add_argument("--deeds", type=int, default=300)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--ideas", type=int, default=100)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--report", metavar="JSON", help="only print the fault table of a timeline written by a run")
    args = parser.parse_args()
    if args.report:
        saved = json.loads(Path(args.report).read_text())
        return 0 if report_faults(saved["timeline"], saved["marks"], args.recovery) else 1
    faults = [f for f in args.faults.split(",") if f]
    unknown = set(faults) - set(AFTER)
    if unknown:
        parser.error(f"unknown faults: {sorted(unknown)}")
    if "postgres" in faults or "redis" in faults:
        print("WARNING: this restarts the machine's PostgreSQL and/or pauses its Redis for everyone using them.",
              flush=True)
    url = postgres_url(DATABASE)
    env = load_env(url)
    manifest = prepare(args, env)
    duration = WARMUP + sum(AFTER[f] for f in faults)
    marks: list[tuple[str, float, float, str]] = []
    with STACKS[args.stack](env, servers=args.servers, workers=args.workers) as stack:
        print(f"\n{args.users} people writing for {duration} s (think time {args.think:g} s), faults: "
              f"{', '.join(faults)}", flush=True)
        since = db_now(url)
        stats, ledger = Stats(), Ledger()
        world = World(manifest, Endpoints(stack.addresses), stats, ledger, args.think, time.monotonic() + duration)

        async def everything() -> None:
            await asyncio.gather(run_users(world, args.users, (0.0, 0.8, 0.2), 5, WRITE_HEAVY),
                                 schedule(faults, stack, env, stats, marks))

        asyncio.run(everything())
        seconds = time.monotonic() - stats.started
        print()
        stats.report(seconds, goal_p95_ms=float("inf"))
        print(f"writes sent again after no answer or a 5xx: {ledger.retried} ({ledger.retried_ok} then "
              f"acknowledged), given up: {ledger.given_up}")
        announced = wait_announced(url, since)
        print("every idea announced " + (f"{announced:.1f} s after the load ended" if announced is not None
                                         else "NOT within 180 s"))
    (OUT / "faults_timeline.json").write_text(json.dumps({"marks": marks, "timeline": stats.timeline}))
    clean = report_faults(stats.timeline, marks, args.recovery)
    print()
    complete = verify(url, ledger, since)
    return 0 if complete and clean else 1


if __name__ == "__main__":
    sys.exit(main())
