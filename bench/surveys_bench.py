"""Survey results at scale: ``--responses`` answers (default 400 000) to one new-practices
survey of the programme office, spread over 300 organisations, their units, the three role
groups and 12 months, loaded with COPY and counted into the precomputed result cells
(``latu rebuild_survey_cells``). Measures the results page and API with filters (p50/p95,
goal p95 ≤ 1 s) and submissions through the survey link with concurrent clients (goal
≥ 300/s), beside the bare ``/livez/`` view measured in the same run."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    CpuMeter,
    Server,
    bench_env,
    collect_static,
    drop_database,
    measure,
    migrate,
    postgres_url,
    recreate_database,
    report,
)

DATABASE = os.environ.get("BENCH_DATABASE_PREFIX", "latu_bench_") + "surveys"
ORGANISATIONS = 300
UNITS_PER_ORG = 3
ROLES = ["staff", "supervisor", "management"]


def load(responses: int) -> dict:
    import django

    django.setup()
    from bulk import Loader
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from latu.accounts.models import User
    from latu.organisations.models import Organisation, Unit
    from latu.surveys import actions, cells
    from latu.surveys.models import Question

    office = User.objects.create(email="office@bench.example", name="Office", is_programme_office=True)
    survey = actions.open_survey(actions.create_from_template("new-practices", actor=office, organisation=None),
                                 actor=office)
    orgs = Organisation.objects.bulk_create([Organisation(slug=f"bench-{i}", name_fi=f"Kunta {i}")
                                             for i in range(ORGANISATIONS)])
    units = Unit.objects.bulk_create([Unit(organisation=o, name_fi=f"Yksikkö {j}")
                                      for o in orgs for j in range(UNITS_PER_ORG)])
    by_org: dict[int, list[int]] = {}
    for u in units:
        by_org.setdefault(u.organisation_id, []).append(u.pk)
    questions = list(Question.objects.filter(section__survey=survey).prefetch_related("options", "rows"))
    matrices = [(q.pk, [r.pk for r in q.rows.all()], [o.pk for o in q.options.all()])
                for q in questions if q.kind == "matrix"]
    rng = random.Random(17)
    today = date.today()  # noqa: DTZ011 - spreading made-up answers over the past year
    loader = Loader(os.environ["DATABASE_URL"])
    first = loader.next_id("surveys_response")
    started = time.perf_counter()

    def response_rows():
        for i in range(responses):
            org = orgs[i % ORGANISATIONS]
            unit = rng.choice([*by_org[org.pk], None])
            day = today - timedelta(days=rng.randrange(365))
            yield (first + i, survey.pk, org.pk, unit, rng.choice(ROLES), day, "", 0)

    loader.copy_rows("surveys_response", ["id", "survey_id", "organisation_id", "unit_id", "role", "submitted_on",
                                          "resume_key", "page"], response_rows())

    def answer_rows():
        for i in range(responses):
            for question, rows, options in matrices:
                for row in rows:
                    yield (first + i, question, row, rng.choice(options), None, "")

    answers = loader.copy_rows("surveys_answer", ["response_id", "question_id", "row_id", "option_id", "number",
                                                  "text"], answer_rows())
    loader.reset_sequences(["surveys_response", "surveys_answer"])
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    cell_count = cells.rebuild(survey)
    rebuilt = time.perf_counter() - started
    loader.vacuum_analyse(["surveys_response", "surveys_answer", "surveys_resultcell"])
    loader.close()
    survey.response_count = responses
    survey.save(update_fields=["response_count"])
    session = SessionStore()
    session[SESSION_KEY] = str(office.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = office.get_session_auth_hash()
    session.create()
    month = (today.replace(day=1) - timedelta(days=40)).replace(day=1)
    body = {"organisation": orgs[0].pk, "unit": by_org[orgs[0].pk][0], "role": "staff",
            "answers": [{"question": q, "row": r, "option": opts[0]} for q, rows, opts in matrices for r in rows]}
    return {"survey": survey.pk, "org": orgs[0].pk, "month": month.strftime("%Y-%m"), "answers": answers,
            "cells": cell_count, "load_s": loaded, "rebuild_s": rebuilt, "token": survey.link_token,
            "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}", "body": body}


def submit(server: Server, info: dict, count: int, clients: int, cpu: CpuMeter) -> dict:
    """``count`` whole responses through the survey link by ``clients`` at once, with the CPU
    each took in the app servers and in PostgreSQL (the figure that does not depend on how
    busy the machine is), beside the bare view's rate with as many clients."""
    body = json.dumps(info["body"]).encode()
    path = f"/api/v1/survey-links/{info['token']}/responses/"
    headers = {"Content-Type": "application/json"}

    def rate(request) -> tuple[float, int, float, float]:
        before = cpu.snapshot()
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            statuses = list(pool.map(request, range(count)))
        seconds = time.perf_counter() - started
        after = cpu.snapshot()
        app = sum(v - before[0].get(pid, 0.0) for pid, v in after[0].items())
        db = sum(v - before[1].get(pid, 0.0) for pid, v in after[1].items())
        return count / seconds, len([s for s in statuses if s not in (200, 201)]), 1000 * app / count, 1000 * db / count

    bare = rate(lambda _i: server.get("/livez/")[0])
    sent = rate(lambda _i: server.get(path, headers=headers, method="POST", body=body)[0])
    return {"bare": bare, "sent": sent}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=400_000)
    parser.add_argument("--quick", action="store_true", help="20 000 responses")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    responses = 20_000 if args.quick else args.responses
    url = postgres_url(DATABASE)
    env = bench_env(url, API_RATE_SUBMIT="1000000/min")
    recreate_database(DATABASE)
    try:
        migrate(env)
        collect_static(env)
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "latu.settings")
        info = load(responses)
        print(f"{responses} responses, {info['answers']} answers (COPY {info['load_s']:.1f} s), "
              f"{info['cells']} result cells (rebuilt in {info['rebuild_s']:.1f} s)", flush=True)
        with Server(env, workers=2) as server:
            headers = {"Cookie": info["cookie"]}
            bare = measure(server, "bare view /livez/", ["/livez/"], requests=args.requests)
            base = f"/surveys/{info['survey']}/results/"
            api = f"/api/v1/surveys/{info['survey']}/results/"
            rows = []
            for name, query in [("whole", ""), ("one organisation", f"?organisation={info['org']}"),
                                ("organisation + role", f"?organisation={info['org']}&role=staff"),
                                ("one month", f"?month={info['month']}")]:
                rows.append(measure(server, f"results page, {name}", [base + query], requests=args.requests,
                                    headers=headers))
                rows.append(measure(server, f"results API, {name}", [api + query], requests=args.requests,
                                    headers=headers))
            report(rows, bare, goal_p95_ms=1000)
            figures = submit(server, info, args.submissions, args.clients, CpuMeter(server, DATABASE))
            (bare_rate, _, bare_app, _), (rate, errors, app_ms, db_ms) = figures["bare"], figures["sent"]
            cores = os.cpu_count() or 1
            verdict = "ok" if rate >= 300 else "under the 300/s goal"
            print(f"submissions: {rate:.0f}/s with {args.clients} clients ({errors} errors) = "
                  f"{rate / bare_rate:.2f} of the bare view's {bare_rate:.0f}/s, {verdict}\n"
                  f"CPU per submission: app server {app_ms:.1f} ms + PostgreSQL {db_ms:.1f} ms "
                  f"(bare view {bare_app:.1f} ms); {cores} cores allow at most "
                  f"{1000 * cores / (app_ms + db_ms):.0f}/s at this cost", flush=True)
    finally:
        drop_database(DATABASE)


if __name__ == "__main__":
    main()
