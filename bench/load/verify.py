"""After a load or fault run: is every acknowledged write in the database, and is every
idea whole (announced, with its search terms and its "submitted" timeline row)?"""

from __future__ import annotations

import time

import psycopg
from scenario import Ledger


def wait_announced(database_url: str, since, seconds: float = 180) -> float | None:
    """Seconds until the task worker had announced every idea stored since ``since``
    (None: not within ``seconds``)."""
    started = time.monotonic()
    with psycopg.connect(database_url, autocommit=True) as conn:
        while time.monotonic() - started < seconds:
            (waiting,) = conn.execute("SELECT count(*) FROM ideas_idea WHERE NOT announced AND created_at >= %s",
                                      [since]).fetchone()
            if not waiting:
                return time.monotonic() - started
            time.sleep(0.5)
    return None


def verify(database_url: str, ledger: Ledger, since) -> bool:
    """Print acknowledged vs found for each kind of write and the half-written objects;
    returns True when nothing is missing and nothing is half-written."""
    ok = True
    with psycopg.connect(database_url, autocommit=True) as conn:
        ids = sorted(set(ledger.ideas.values()))
        found = {r[0] for r in conn.execute("SELECT id FROM ideas_idea WHERE id = ANY(%s)", [ids])}
        ok &= _line("ideas", len(ids), len(found), sorted(set(ids) - found))
        # One idea per idempotency token, however often it was sent.
        tokens = len(ledger.ideas)
        print(f"  ideas sent (distinct idempotency tokens): {tokens}; ideas acknowledged: {len(ids)}")
        if tokens != len(ids):
            ok = False
            print("  FAIL: a token was answered with two different ideas")

        rows = conn.execute(
            "SELECT s.idea_id, u.email FROM ideas_support s JOIN accounts_user u ON u.id = s.user_id "
            "WHERE s.idea_id = ANY(%s)", [sorted({pk for pk, _ in ledger.supports})]).fetchall()
        have = set(rows)
        ok &= _line("supports", len(ledger.supports), len(ledger.supports & have),
                    sorted(ledger.supports - have)[:10])

        rows = conn.execute(
            "SELECT e.idea_id, u.email, e.criterion_id, e.score FROM ideas_evaluation e "
            "JOIN accounts_user u ON u.id = e.evaluator_id WHERE e.idea_id = ANY(%s)",
            [sorted({key[0] for key in ledger.evaluations})]).fetchall()
        stored = {(idea, email, criterion): score for idea, email, criterion, score in rows}
        missing = [key for key, score in ledger.evaluations.items() if stored.get(key) != score]
        ok &= _line("evaluation scores", len(ledger.evaluations), len(ledger.evaluations) - len(missing),
                    missing[:10])

        rows = conn.execute(
            "SELECT d.idea_id, u.email, d.kind FROM ideas_decision d JOIN accounts_user u ON u.id = d.decided_by_id "
            "WHERE d.idea_id = ANY(%s)", [sorted({key[0] for key in ledger.decisions})]).fetchall()
        have = set(rows)
        ok &= _line("decisions", len(ledger.decisions), len(ledger.decisions & have),
                    sorted(ledger.decisions - have)[:10])

        # Half-written: an idea of the run that is not whole, whether acknowledged or not.
        (made,) = conn.execute("SELECT count(*) FROM ideas_idea WHERE created_at >= %s", [since]).fetchone()
        (unannounced,) = conn.execute(
            "SELECT count(*) FROM ideas_idea WHERE created_at >= %s AND NOT announced", [since]).fetchone()
        (no_terms,) = conn.execute(
            "SELECT count(*) FROM ideas_idea i WHERE i.created_at >= %s AND NOT EXISTS "
            "(SELECT 1 FROM ideas_ideaterm t WHERE t.idea_id = i.id)", [since]).fetchone()
        (no_activity,) = conn.execute(
            "SELECT count(*) FROM ideas_idea i WHERE i.created_at >= %s AND NOT EXISTS "
            "(SELECT 1 FROM ideas_activity a WHERE a.idea_id = i.id AND a.kind = 'submitted')", [since]).fetchone()
        (wrong_counts,) = conn.execute(
            "SELECT count(*) FROM ideas_idea i WHERE i.id = ANY(%s) AND i.support_count <> "
            "(SELECT count(*) FROM ideas_support s WHERE s.idea_id = i.id)",
            [sorted({pk for pk, _ in ledger.supports})]).fetchone()
        (undecided,) = conn.execute(
            "SELECT count(*) FROM ideas_decision d JOIN ideas_idea i ON i.id = d.idea_id "
            "WHERE d.idea_id = ANY(%s) AND i.status IN ('new', 'in_evaluation')",
            [sorted({key[0] for key in ledger.decisions})]).fetchone()
        extra = made - len(ids)
        print(f"ideas stored during the run: {made} ({extra} not acknowledged to anyone: a request whose answer "
              "was lost)" if extra else f"ideas stored during the run: {made}")
        half = {"not announced": unannounced, "without search terms": no_terms,
                "without their 'submitted' timeline row": no_activity,
                "supported ideas whose support count is wrong": wrong_counts,
                "decisions whose idea kept an open status": undecided}
        for what, count in half.items():
            print(f"  half-written: {what}: {count}")
            if count:
                ok = False
    print("writes: " + ("every acknowledged write is in the database, nothing half-written" if ok
                        else "FAIL: missing or half-written writes"))
    return ok


def _line(what: str, acknowledged: int, found: int, missing: list) -> bool:
    verdict = "ok" if acknowledged == found else f"MISSING {acknowledged - found}: {missing[:10]}"
    print(f"{what:<20} acknowledged {acknowledged:>6}  found {found:>6}  {verdict}")
    return acknowledged == found
