"""The idea pipeline at the size of a country (issue 3).

Fills a fresh PostgreSQL database (``latu_bench_ideas``) with 300 organisations,
400 000 people and 1 000 000 ideas with supports, comments, evaluations, decisions,
timelines and their search terms, all multiplied by ``--scale``; builds the
precomputed dashboard figures with ``latu rebuild-stats``; then measures over HTTP
against gunicorn with 2 workers, signed in as an organisation-wide innovator of the
biggest organisation:

- p50/p95 of the innovator's board, idea pages (and the ideas that may be the same, which
  they load for handlers), the organisation dashboard, the idea
  list page, the new experiment form and the idea list API, one request at a time,
  each beside ``/livez/`` (the bare view);
- idea submissions per second through the API (``POST /api/v1/ideas/`` with an
  ``Idempotency-Key``) from several concurrent clients, beside the bare view's
  requests per second at the same concurrency, with the task worker (``latu db_worker``)
  running alongside as in production; then how soon every new idea was announced
  (indexed for search, on its timeline, its handlers notified) and the worker's CPU
  per idea;
- the peak memory (VmHWM) of each worker.

The big tables are written with ``COPY`` (see ``bench/bulk.py``); idea texts are
combined from the demo texts, and each distinct text is analysed once by the real
``latu.ideas.search.idea_terms``, so the stored terms are what the application would
have stored. Load figures (rows/s per table) are printed first.

Run: python bench/ideas_bench.py [--scale 0.01] [--keep] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from common import (
    OUT,
    ROOT,
    CpuMeter,
    Server,
    TaskWorker,
    Timing,
    bench_database,
    bench_env,
    collect_static,
    drop_database,
    measure,
    migrate,
    postgres_url,
    recreate_database,
    report,
    report_memory,
    throughput,
)

DATABASE = bench_database("ideas")
RESULT_FILE = OUT / "ideas_load.json"
GOAL_P95_MS = 100.0
GOAL_SUBMISSIONS = 300.0
GOAL_MEMORY_MB = 300.0

FULL_ORGANISATIONS = 300
FULL_PEOPLE = 400_000
FULL_IDEAS = 1_000_000
DAYS = 3 * 365  # ideas were sent over the last three years
SIZE_EXPONENT = 0.8  # organisation sizes follow a power law: the biggest has ~9 % of all people
TEXT_POOL = 20_000  # distinct idea texts at full size
SUPPORTS_MEAN = 3.0
COMMENTS_MEAN = 1.5
EVALUATED_SHARE = 0.3  # of ideas that went past "new", the share that got scored
API_TOKENS = 1000  # people of the biggest organisation who submit through the API
SUBMISSIONS_PER_PERSON = 5  # stays under the hourly rate limit of one person


# =========================================================================================
# Loading (runs in a child process with Django set up against the benchmark database)
# =========================================================================================

FIRST_NAMES = ["Aino", "Eino", "Helmi", "Onni", "Venla", "Leevi", "Sofia", "Elias", "Ella", "Väinö", "Anna",
               "Juho", "Maria", "Mikko", "Laura", "Jukka", "Sari", "Timo", "Minna", "Kari", "Päivi", "Jari",
               "Tiina", "Pekka", "Hanna", "Antti", "Johanna", "Ville", "Riikka", "Heikki"]
SURNAMES = ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
            "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
            "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen"]
SECTOR_NAMES = ["Sosiaali- ja terveyspalvelut", "Kasvatus ja koulutus", "Kulttuuri ja vapaa-aika",
                "Kaupunkiympäristö", "Konsernipalvelut", "Ruoka- ja puhtauspalvelut", "Elinvoimapalvelut",
                "Tukipalvelut"]
AREA_NAMES = ["Kotihoito", "Varhaiskasvatus", "Perusopetus", "Kirjastot", "Terveysasemat", "Asumispalvelut",
              "Perhekeskus", "Liikuntapalvelut", "Kiinteistöt", "Henkilöstöpalvelut", "Asiakaspalvelu",
              "Ateriapalvelut", "Siivous", "Katu- ja viheralueet", "Talous"]
TITLES = ["lähihoitaja", "sairaanhoitaja", "opettaja", "varhaiskasvatuksen opettaja", "kirjastovirkailija",
          "kokki", "laitoshuoltaja", "suunnittelija", "asiakaspalvelusihteeri", "kiinteistönhoitaja"]
GOAL_TITLES = ["Asukaslähtöiset palvelut", "Hyvä työpaikka", "Kestävä talous", "Hiilineutraali kunta",
               "Elinvoimainen alue", "Digitaaliset palvelut"]
STATUS_BY_AGE = [
    # (age below days, [(status, weight), ...])
    (7, [("new", 70), ("in_evaluation", 25), ("decided", 5)]),
    (60, [("new", 25), ("in_evaluation", 30), ("decided", 15), ("in_experiment", 5), ("declined", 15),
          ("merged", 5), ("implemented", 5)]),
    (10**6, [("new", 5), ("in_evaluation", 7), ("decided", 15), ("in_experiment", 8), ("implemented", 30),
             ("declined", 28), ("merged", 7)]),
]
DECISION_KIND = {"decided": "implement", "in_experiment": "experiment", "implemented": "implement",
                 "declined": "decline", "merged": "merge"}


def _geometric(rng: random.Random, mean: float) -> int:
    """0, 1, 2, … with the given mean (a long tail: a few ideas gather many supports)."""
    if mean <= 0:
        return 0
    p = 1.0 / (1.0 + mean)
    return int(math.log(1.0 - rng.random()) / math.log(1.0 - p))


def _pick_status(rng: random.Random, age_days: float) -> str:
    for limit, choices in STATUS_BY_AGE:
        if age_days < limit:
            statuses, weights = zip(*choices, strict=True)
            return rng.choices(statuses, weights)[0]
    raise AssertionError


class Timer:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        elapsed, self.started = now - self.started, now
        return elapsed


def _text_pool(size: int, rng: random.Random):
    """Distinct idea texts combined from the demo texts and the search-quality corpus,
    each analysed once by the application's own ``idea_terms``."""
    import re

    from latu.ideas.demo_texts import IDEAS_FI
    from latu.ideas.models import Idea
    from latu.ideas.search import idea_terms
    from latu.language.tests.search_quality import DOCUMENTS

    sentences = [s.strip() for text in DOCUMENTS.values() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    sectors = sorted(IDEAS_FI)
    pool = []
    seen = set()
    attempts = 0
    while len(pool) < size and attempts < size * 20:
        attempts += 1
        items = IDEAS_FI[sectors[attempts % len(sectors)]]
        a, b, c = rng.choice(items), rng.choice(items), rng.choice(items)
        extra = rng.choice(sentences) if rng.random() < 0.8 else ""
        text = (a[0], f"{a[1]} {extra}".strip(), b[2], c[3], a[4])
        if text in seen:
            continue
        seen.add(text)
        idea = Idea(title=text[0], description=text[1], problem=text[2], proposal=text[3], beneficiaries=text[4],
                    language="fi")
        terms = idea_terms(idea)
        for term in terms:
            if any(ch in term for ch in "\t\n\\\r"):
                raise ValueError(f"unexpected character in term {term!r}")
        block = "".join(f"\t{term}\t{weight!r}\n" for term, weight in terms.items())
        pool.append((text, block, len(terms), terms))
    return pool


def load(scale: float) -> dict:  # noqa: C901 - one story, told in order
    import django

    django.setup()
    from bulk import Loader
    from django.contrib.auth.hashers import make_password
    from django.utils.text import slugify

    from latu.ideas.demo_texts import COMMENTS_FI, NOTES_FI, REASONS_FI
    from latu.ideas.models import Criterion, ensure_default_criteria
    from latu.language import deletion_keys
    from latu.organisations.models import Municipality, Organisation, Role, StrategyGoal, Unit

    rng = random.Random(20240901)
    now = datetime.now(tz=UTC)
    timer = Timer()
    total = Timer()
    steps: dict[str, float] = {}
    people_total = max(300, round(FULL_PEOPLE * scale))
    ideas_total = max(300, round(FULL_IDEAS * scale))
    loader = Loader(os.environ["DATABASE_URL"])

    def say(message: str) -> None:
        print(message, flush=True)

    # --- organisations, their units and goals (a few thousand rows: the ORM is enough) ------
    big_cities = ["091", "049", "837", "092", "564", "853", "179", "398", "297", "609"]
    municipalities = sorted(Municipality.objects.all(), key=lambda m: (m.code not in big_cities,
                                                                       big_cities.index(m.code)
                                                                       if m.code in big_cities else 0, m.name_fi))
    municipalities = municipalities[:FULL_ORGANISATIONS]
    weights = [(i + 1) ** -SIZE_EXPONENT for i in range(len(municipalities))]
    weight_sum = sum(weights)
    sizes = [max(3, round(people_total * w / weight_sum)) for w in weights]
    organisations = Organisation.objects.bulk_create([
        Organisation(slug=slugify(f"{m.name_fi}-bench"), type=Organisation.Type.MUNICIPALITY,
                     name_fi=f"{m.name_fi} (bench)", name_sv=m.name_sv or "", municipality=m, region_id=m.region_id)
        for m in municipalities
    ])
    orgs = []  # per organisation: dict of what the generator needs
    unit_rows = 0
    for org, size in zip(organisations, sizes, strict=True):
        leaves_wanted = max(2, size // 25)
        sector_count = max(1, min(len(SECTOR_NAMES), leaves_wanted // 30 + 1))
        sectors = Unit.objects.bulk_create([
            Unit(organisation=org, level=Unit.Level.SECTOR, name_fi=SECTOR_NAMES[i]) for i in range(sector_count)
        ])
        area_count = max(1, min(len(AREA_NAMES), leaves_wanted // (sector_count * 8)))
        areas = Unit.objects.bulk_create([
            Unit(organisation=org, level=Unit.Level.SERVICE_AREA, parent=sector, name_fi=AREA_NAMES[i])
            for sector in sectors for i in range(area_count)
        ])
        leaves = Unit.objects.bulk_create([
            Unit(organisation=org, level=Unit.Level.UNIT, parent=areas[i % len(areas)],
                 name_fi=f"{areas[i % len(areas)].name_fi} {i // len(areas) + 1}")
            for i in range(leaves_wanted)
        ])
        goals = StrategyGoal.objects.bulk_create([
            StrategyGoal(organisation=org, title_fi=title, order=i)
            for i, title in enumerate(rng.sample(GOAL_TITLES, 5))
        ])
        ensure_default_criteria(org)
        unit_rows += len(sectors) + len(areas) + len(leaves)
        orgs.append({
            "org": org, "size": size, "sectors": [u.pk for u in sectors], "areas": [u.pk for u in areas],
            "leaves": [u.pk for u in leaves], "area_of_leaf": {u.pk: u.parent_id for u in leaves},
            "goals": [g.pk for g in goals],
            "criteria": list(Criterion.objects.filter(organisation=org).values_list("pk", flat=True)),
        })
    steps["organisations, units, goals, criteria (ORM)"] = timer.lap()
    say(f"organisations: {len(orgs)}, units: {unit_rows}, people: {sum(sizes)}")

    # --- people and their roles (COPY) -----------------------------------------------------
    big_tables = ["accounts_user", "organisations_membership", "ideas_idea", "ideas_ideaterm", "ideas_support",
                  "ideas_comment", "ideas_evaluation", "ideas_decision", "ideas_activity", "ideas_termkey"]
    loader.drop_secondary(big_tables)
    steps["drop indexes and foreign keys"] = timer.lap()

    user_id = loader.next_id("accounts_user")
    membership_rows = []
    password = make_password(None)  # an unusable password: nobody signs in with it
    joined = now - timedelta(days=DAYS + 30)

    def users():
        nonlocal user_id
        for info in orgs:
            info["first_user"] = user_id
            slug = info["org"].slug
            leaves = info["leaves"]
            members = []
            for n in range(info["size"]):
                name = f"{FIRST_NAMES[(user_id * 7) % len(FIRST_NAMES)]} {SURNAMES[(user_id * 13) % len(SURNAMES)]}"
                yield (user_id, password, None, False, False, True, joined, f"h{n}@{slug}.example.fi", name,
                       TITLES[user_id % len(TITLES)], "fi", False, False, False)
                unit = leaves[n % len(leaves)]
                members.append((user_id, unit))
                membership_rows.append((user_id, info["org"].pk, unit, Role.EMPLOYEE))
                user_id += 1
            info["members"] = members
            # Handlers: organisation-wide innovators, an innovator per ten units (at the service area),
            # a supervisor per unit, managers of sectors, an admin.
            wide = 1 + info["size"] // 15000
            handlers = []
            innovators_wide = [members[i][0] for i in rng.sample(range(len(members)), min(wide, len(members)))]
            for person in innovators_wide:
                membership_rows.append((person, info["org"].pk, None, Role.INNOVATOR))
                handlers.append(person)
            info["innovators_wide"] = innovators_wide
            for i, leaf in enumerate(leaves):
                supervisor = members[i % len(members)][0]
                membership_rows.append((supervisor, info["org"].pk, leaf, Role.SUPERVISOR))
                handlers.append(supervisor)
            for area in info["areas"][:: max(1, len(info["areas"]) // max(1, len(leaves) // 10))]:
                person = rng.choice(members)[0]
                membership_rows.append((person, info["org"].pk, area, Role.INNOVATOR))
                handlers.append(person)
            for sector in info["sectors"]:
                person = rng.choice(members)[0]
                membership_rows.append((person, info["org"].pk, sector, Role.MANAGER))
                handlers.append(person)
            admin = members[-1][0]
            membership_rows.append((admin, info["org"].pk, None, Role.ADMIN))
            info["handlers"] = sorted(set(handlers))

    loader.copy_rows("accounts_user", ["id", "password", "last_login", "is_superuser", "is_staff", "is_active",
                                       "date_joined", "email", "name", "title", "language", "is_programme_office",
                                       "is_expert", "is_citizen"], users())
    seen_roles = set()
    unique_memberships = []
    for row in membership_rows:
        if row not in seen_roles:
            seen_roles.add(row)
            unique_memberships.append(row)
    membership_id = loader.next_id("organisations_membership")
    loader.copy_rows("organisations_membership", ["id", "user_id", "organisation_id", "unit_id", "role",
                                                  "created_at"],
                     ((membership_id + i, *row, joined) for i, row in enumerate(unique_memberships)))
    steps["people and memberships (COPY)"] = timer.lap()
    say(f"people: {user_id - orgs[0]['first_user']}, memberships: {len(unique_memberships)}")

    # --- idea texts, analysed once each ------------------------------------------------------
    pool = _text_pool(min(TEXT_POOL, max(200, ideas_total // 20)), rng)
    steps[f"analysing {len(pool)} distinct idea texts"] = timer.lap()
    say(f"idea texts: {len(pool)} distinct, {sum(p[2] for p in pool) / len(pool):.0f} terms each")
    vocabulary = sorted({term for p in pool for term in p[3]})
    loader.copy_rows("ideas_termkey", ["key", "term"],
                     ((key, term) for term in vocabulary for key in sorted(deletion_keys(term))))

    # --- ideas and everything around them ------------------------------------------------------
    size_sum = sum(info["size"] for info in orgs)
    next_ids = {t: loader.next_id(t) for t in ["ideas_idea", "ideas_support", "ideas_comment",
                                                 "ideas_evaluation", "ideas_decision", "ideas_activity"]}
    comment_bodies = COMMENTS_FI
    notes = ["", "", "", *NOTES_FI]
    idea_count = 0
    for number, info in enumerate(orgs):
        org_id = info["org"].pk
        count = max(1, round(ideas_total * info["size"] / size_sum))
        members = info["members"]
        handlers = info["handlers"]
        leaves, goals, criteria = info["leaves"], info["goals"], info["criteria"]
        ideas, terms, supports, comments, evaluations, decisions, activities = [], [], [], [], [], [], []
        earlier: list[int] = []
        created_list = sorted(now - timedelta(seconds=rng.uniform(0, DAYS * 86400)) for _ in range(count))
        for created in created_list:
            idea_id = next_ids["ideas_idea"]
            next_ids["ideas_idea"] += 1
            age = (now - created).total_seconds() / 86400
            status = _pick_status(rng, age)
            text_index = rng.randrange(len(pool))
            text, _block, _n, _terms = pool[text_index]
            anonymous = rng.random() < 0.08
            author, author_unit = members[rng.randrange(len(members))]
            unit = author_unit if rng.random() < 0.9 else None
            goal = rng.choice(goals) if rng.random() < 0.5 else None
            first_response = decided = None
            if status != "new" or rng.random() < 0.3:
                first_response = min(now, created + timedelta(days=rng.expovariate(1 / 5)))
            if status in DECISION_KIND:
                decided = min(now, (first_response or created) + timedelta(days=rng.expovariate(1 / 20)))
            merged_into = rng.choice(earlier[-500:]) if status == "merged" and earlier else None
            if status == "merged" and merged_into is None:
                status, decided = "declined", decided
            updated = max(t for t in (created, first_response, decided) if t is not None)
            # supports
            n_supports = min(_geometric(rng, SUPPORTS_MEAN), len(members) - 1)
            supporters = set()
            for index in rng.sample(range(len(members)), n_supports) if n_supports else ():
                person = members[index][0]
                if person != author and person not in supporters:
                    supporters.add(person)
                    supports.append((next_ids["ideas_support"], idea_id, person,
                                     min(now, created + timedelta(days=rng.expovariate(1 / 10)))))
                    next_ids["ideas_support"] += 1
            # comments (some replies)
            n_comments = _geometric(rng, COMMENTS_MEAN)
            idea_comments: list[int] = []
            for _ in range(n_comments):
                comment_id = next_ids["ideas_comment"]
                next_ids["ideas_comment"] += 1
                by_author = not anonymous and rng.random() < 0.2
                writer = author if by_author else members[rng.randrange(len(members))][0]
                parent = rng.choice(idea_comments) if idea_comments and rng.random() < 0.3 else None
                comments.append((comment_id, idea_id, parent, writer, by_author, rng.choice(comment_bodies),
                                 False, "", min(now, created + timedelta(days=rng.expovariate(1 / 7)))))
                if parent is None:
                    idea_comments.append(comment_id)
                activities.append((next_ids["ideas_activity"], idea_id, "commented", writer, by_author,
                                   json.dumps({"comment": comment_id}), comments[-1][-1]))
                next_ids["ideas_activity"] += 1
            # timeline: submitted, evaluation started, decided
            activities.append((next_ids["ideas_activity"], idea_id, "submitted", None if anonymous else author,
                               True, "{}", created))
            next_ids["ideas_activity"] += 1
            decider = handlers[rng.randrange(len(handlers))]
            if status != "new":
                activities.append((next_ids["ideas_activity"], idea_id, "status", decider, False,
                                   json.dumps({"status": "in_evaluation"}), first_response or created))
                next_ids["ideas_activity"] += 1
            if status not in ("new", "merged") and rng.random() < EVALUATED_SHARE:
                for evaluator in rng.sample(handlers, min(len(handlers), rng.choice((2, 2, 3)))):
                    at = first_response or created
                    for criterion in criteria:
                        evaluations.append((next_ids["ideas_evaluation"], idea_id, evaluator, criterion,
                                            rng.randint(1, 5), rng.choice(notes), at, at))
                        next_ids["ideas_evaluation"] += 1
            if decided is not None:
                kind = DECISION_KIND[status]
                decision_id = next_ids["ideas_decision"]
                next_ids["ideas_decision"] += 1
                decisions.append((decision_id, idea_id, kind, rng.choice(REASONS_FI[kind]), decider,
                                  merged_into if kind == "merge" else None, "in_evaluation", status, decided))
                activities.append((next_ids["ideas_activity"], idea_id, "decided", decider, False,
                                   json.dumps({"decision": decision_id, "kind": kind}), decided))
                next_ids["ideas_activity"] += 1
            version = 1 + (status != "new") + (decided is not None)
            ideas.append((idea_id, org_id, unit, goal, text[0], text[1], text[2], text[3], text[4], "staff", status,
                          version, merged_into, None if anonymous else author, anonymous,
                          uuid.UUID(int=rng.getrandbits(128)).hex * 2 if anonymous else "", "", "fi",
                          len(supporters), n_comments, created, updated, first_response, decided, True))
            terms.append((idea_id, text_index))
            earlier.append(idea_id)
        idea_count += len(ideas)
        info["ideas"] = [row[0] for row in ideas]
        loader.copy_rows("ideas_idea", ["id", "organisation_id", "unit_id", "strategy_goal_id", "title", "description",
                                        "problem", "proposal", "beneficiaries", "source", "status", "version",
                                        "merged_into_id", "author_id", "is_anonymous", "receipt_hash",
                                        "submission_key", "language", "support_count",
                                        "comment_count", "created_at", "updated_at", "first_response_at",
                                        "decided_at", "announced"], ideas)
        prefix = f"\t{org_id}"
        loader.copy_text("ideas_ideaterm", ["idea_id", "organisation_id", "term", "weight"],
                         ((pool[t][2], _term_lines(i, prefix, pool[t][1])) for i, t in terms))
        loader.copy_rows("ideas_support", ["id", "idea_id", "user_id", "created_at"], supports)
        loader.copy_rows("ideas_comment", ["id", "idea_id", "parent_id", "author_id", "by_idea_author", "body",
                                           "is_hidden", "hidden_reason", "created_at"], comments)
        loader.copy_rows("ideas_evaluation", ["id", "idea_id", "evaluator_id", "criterion_id", "score", "note",
                                              "created_at", "updated_at"], evaluations)
        loader.copy_rows("ideas_decision", ["id", "idea_id", "kind", "reason", "decided_by_id", "merged_into_id",
                                            "status_before", "status_after", "created_at"], decisions)
        loader.copy_rows("ideas_activity", ["id", "idea_id", "kind", "actor_id", "by_idea_author", "data",
                                            "created_at"], activities)
        if number % 25 == 0 or number == len(orgs) - 1:
            say(f"  {number + 1}/{len(orgs)} organisations, {idea_count} ideas, "
                f"{time.perf_counter() - total.started:.0f} s")
    steps["ideas, terms, supports, comments, evaluations, decisions, timelines (COPY)"] = timer.lap()

    say("recreating indexes and foreign keys")
    loader.restore(say)
    steps["recreate indexes, validate foreign keys"] = timer.lap()
    loader.reset_sequences(big_tables)
    loader.vacuum_analyse(big_tables)
    steps["vacuum and analyse"] = timer.lap()

    big = orgs[0]
    loader.close()
    return {
        "scale": scale,
        "organisations": len(orgs),
        "people": sum(info["size"] for info in orgs),
        "ideas": idea_count,
        "big_organisation": {"slug": big["org"].slug, "people": big["size"], "ideas": len(big["ideas"]),
                             "units": len(big["leaves"])},
        "rows": loader.figures.rows,
        "copy_seconds": loader.figures.seconds,
        "steps": steps,
        "load_seconds": time.perf_counter() - total.started,
        "innovator": big["innovators_wide"][0],
        "submitters": [person for person, _unit in rng.sample(big["members"], min(API_TOKENS, len(big["members"])))
                       if person != big["innovators_wide"][0]],
        "idea_ids": rng.sample(big["ideas"], min(300, len(big["ideas"]))),
        "units": big["leaves"],
    }


def finish(info: dict) -> dict:
    """Precompute the dashboard figures and sign the benchmark's people in."""
    import django

    django.setup()
    from bulk import Loader
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from latu.accounts.models import User
    from latu.organisations.models import Organisation

    step = "dashboard figures (latu rebuild-stats in 2 processes, vacuum)"
    if step not in info["steps"]:  # a --reuse run keeps the figures of the first
        timer = Timer()
        print("precomputing the dashboard figures (latu rebuild-stats, two processes)", flush=True)
        # The organisations, biggest first, dealt to two processes in turn (one per core).
        slugs = list(Organisation.objects.annotate(n=Count("ideas")).order_by("-n", "pk")
                     .values_list("slug", flat=True))
        command = [str(Path(sys.executable).with_name("latu")), "rebuild-stats"]
        workers = [
            subprocess.Popen([*command, *(arg for slug in slugs[part::2] for arg in ("--organisation", slug))],
                             env=os.environ, cwd=ROOT, stdout=subprocess.DEVNULL)
            for part in range(2)
        ]
        if any(worker.wait() for worker in workers):
            raise SystemExit("latu rebuild-stats failed")
        loader = Loader(os.environ["DATABASE_URL"])
        loader.vacuum_analyse(_dashboard_tables())
        loader.close()
        seconds = timer.lap()
        info["steps"][step] = seconds
        info["total_seconds"] = info["load_seconds"] + seconds

    innovator = User.objects.get(pk=info["innovator"])
    session = SessionStore()
    session[SESSION_KEY] = str(innovator.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = innovator.get_session_auth_hash()
    session.create()
    Token.objects.filter(user_id__in=[innovator.pk, *info["submitters"]]).delete()
    info["session_cookie"] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    info["innovator_token"] = Token.objects.create(user=innovator).key
    tokens = Token.objects.bulk_create([Token(key=Token.generate_key(), user_id=person)
                                        for person in info["submitters"]])
    info["submit_tokens"] = [token.key for token in tokens]
    return info


def _term_lines(idea_id: int, prefix: str, block: str) -> str:
    """COPY text lines of one idea's terms from the text's ready block ("\\tterm\\tweight\\n"…)."""
    head = f"{idea_id}{prefix}"
    return head + block.replace("\n\t", f"\n{head}\t") if block else ""


def _dashboard_tables() -> list[str]:
    from django.apps import apps

    return [model._meta.db_table for model in apps.get_app_config("dashboards").get_models()]


# =========================================================================================
# Measuring (the parent process: HTTP only)
# =========================================================================================


def submission_texts(count: int) -> list[tuple[str, str]]:
    """Varied (title, description) pairs for new ideas, from the demo texts."""
    from latu.ideas.demo_texts import IDEAS_FI

    items = [item for sector in sorted(IDEAS_FI) for item in IDEAS_FI[sector]]
    rng = random.Random(11)
    texts = []
    for i in range(count):
        a, b = rng.choice(items), rng.choice(items)
        texts.append((f"{a[0]} ({i + 1})", f"{a[1]} {b[2]}".strip()))
    return texts


def submit_ideas(server: Server, info: dict, count: int, clients: int) -> tuple[Timing, float, float]:
    """POST ideas through the API from ``clients`` concurrent clients, each request by one
    of the people with a token (at most SUBMISSIONS_PER_PERSON each)."""
    tokens = info["submit_tokens"]
    count = min(count, len(tokens) * SUBMISSIONS_PER_PERSON)
    texts = submission_texts(count)
    units = info["units"]
    slug = info["big_organisation"]["slug"]
    rng = random.Random(7)
    bodies = []
    for i in range(count):
        title, description = texts[i]
        body = {"organisation": slug, "title": title, "description": description}
        if rng.random() < 0.8:
            body["unit"] = rng.choice(units)
        bodies.append((tokens[i % len(tokens)], json.dumps(body).encode()))

    def one(i: int) -> tuple[float, int]:
        token, body = bodies[i]
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json",
                   "Idempotency-Key": str(uuid.uuid4()), "Accept": "application/json"}
        started = time.perf_counter()
        status, _ = server.get("/api/v1/ideas/", headers, method="POST", body=body)
        return time.perf_counter() - started, status

    samples, errors, statuses = [], 0, {}
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for elapsed, status in pool.map(one, range(count)):
            samples.append(elapsed)
            statuses[status] = statuses.get(status, 0) + 1
            if status != 201:
                errors += 1
    wall = time.perf_counter() - started
    if errors:
        print(f"submission answers: {statuses}")
    return Timing(f"submit idea (API, {clients} clients)", samples, errors), throughput(count, wall), started


def wait_for_background(started: float, timeout: float = 120.0) -> tuple[float | None, float | None]:
    """Seconds from ``started`` until every new idea was announced, and until the task
    queue was empty (the dashboards' recomputation waits out its window first)."""
    import psycopg

    announced = idle = None
    deadline = time.perf_counter() + timeout
    with psycopg.connect(postgres_url(DATABASE), autocommit=True) as conn:
        while time.perf_counter() < deadline and idle is None:
            pending = conn.execute("SELECT 1 FROM ideas_idea WHERE NOT announced LIMIT 1").fetchone()
            if announced is None and not pending:
                announced = time.perf_counter() - started
            if announced is not None and not conn.execute(
                    "SELECT 1 FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING') LIMIT 1"
            ).fetchone():
                idle = time.perf_counter() - started
            time.sleep(0.05)
    return announced, idle


def bare_throughput(server: Server, count: int, clients: int, cpu: CpuMeter) -> tuple[Timing, float]:
    started = time.perf_counter()
    timing = measure(server, f"bare view ({clients} clients)", ["/livez/"], requests=count, concurrency=clients,
                     warmup=0, cpu=cpu)
    return timing, throughput(count, time.perf_counter() - started)


def print_load(info: dict, migrate_seconds: float) -> None:
    print(f"\nLoad at scale {info['scale']:g}: {info['organisations']} organisations, {info['people']} people, "
          f"{info['ideas']} ideas; the biggest organisation ({info['big_organisation']['slug']}) has "
          f"{info['big_organisation']['people']} people, {info['big_organisation']['ideas']} ideas and "
          f"{info['big_organisation']['units']} units")
    print(f"{'table (COPY)':<28} {'rows':>12} {'seconds':>9} {'rows/s':>11}")
    for table, rows in info["rows"].items():
        seconds = info["copy_seconds"][table]
        print(f"{table:<28} {rows:>12} {seconds:>9.1f} {throughput(rows, seconds):>11.0f}")
    rows = sum(info["rows"].values())
    seconds = sum(info["copy_seconds"].values())
    print(f"{'all COPY':<28} {rows:>12} {seconds:>9.1f} {throughput(rows, seconds):>11.0f}")
    print(f"{'step':<72} {'seconds':>9}")
    print(f"{'migrate (empty schema)':<72} {migrate_seconds:>9.1f}")
    for step, seconds in info["steps"].items():
        print(f"{step:<72} {seconds:>9.1f}")
    total = info["total_seconds"]
    print(f"{'load in total (without migrate)':<72} {total:>9.1f}  ({throughput(rows, total):.0f} rows/s overall)")


def run(args) -> None:
    url = postgres_url(DATABASE)
    # Background work is queued in the database (the production default); the worker is not
    # part of the benchmark. Long-lived database connections keep the CPU accounting exact.
    env = bench_env(url, TASKS_BACKEND="database", CACHE_KEY_PREFIX=f"bench-ideas-{uuid.uuid4().hex[:8]}",
                    DJANGO_SETTINGS_MODULE="latu.settings", DB_CONN_MAX_AGE="3600")
    OUT.mkdir(parents=True, exist_ok=True)
    migrate_seconds = 0.0
    if not (args.reuse and RESULT_FILE.exists()):
        recreate_database(DATABASE)
        migrate_seconds = migrate(env)
        subprocess_run([sys.executable, __file__, "--phase", "load", "--scale", str(args.scale)], env)
    else:
        migrate(env)  # the schema may have moved on since the database was kept
    subprocess_run([sys.executable, __file__, "--phase", "finish"], env)
    info = json.loads(RESULT_FILE.read_text())
    collect_static(env)
    print_load(info, migrate_seconds)

    slug = info["big_organisation"]["slug"]
    session = {"Cookie": info["session_cookie"]}
    api = {"Authorization": f"Token {info['innovator_token']}", "Accept": "application/json"}
    idea_paths = [f"/ideas/{pk}/" for pk in info["idea_ids"]]
    since = None
    try:
        with Server(env, workers=2) as server:
            for path, headers in ((f"/o/{slug}/board/", session), (idea_paths[0], session),
                                  (f"/o/{slug}/results/", session), ("/api/v1/ideas/", api),
                                  (f"/o/{slug}/ideas/", session), (f"/o/{slug}/experiments/new/", session)):
                status, body = server.get(path, headers)
                if status != 200:
                    print(f"warning: {path} answered {status}; its row counts errors", flush=True)
            cpu = CpuMeter(server, DATABASE)
            if args.only != "submissions":
                measure_pages(server, cpu, info, args.requests)
            if args.only != "pages":
                since = datetime.now(UTC).isoformat()
                measure_submissions(server, cpu, env, info, args)
            print()
            report_memory(server, GOAL_MEMORY_MB)
    finally:
        if not args.keep:
            drop_database(DATABASE)
    if args.keep and since is not None:
        subprocess_run([sys.executable, __file__, "--phase", "forget", "--since", since], env)


def forget_submissions(since: str) -> None:
    """Delete what the submissions added (ideas from ``since`` on, with their terms and
    timelines, the notifications and finished tasks), then vacuum: a database kept for
    --reuse stays the size it was loaded at, so later runs measure the same thing."""
    import django

    django.setup()
    import psycopg
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from latu.ideas.models import Idea
    from latu.notifications.models import Notification

    timer = Timer()
    ideas = Idea.objects.filter(created_at__gte=since).count()
    Idea.objects.filter(created_at__gte=since).delete()
    Notification.objects.filter(created_at__gte=since).delete()
    DBTaskResult.objects.filter(enqueued_at__gte=since, status__in=["SUCCESSFUL", "FAILED"]).delete()
    connection.close()
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        for table in ("ideas_idea", "ideas_ideaterm", "ideas_activity", "notifications_notification",
                      "django_tasks_database_dbtaskresult"):
            conn.execute(f"VACUUM (ANALYZE) {table}")
    print(f"deleted the {ideas} submitted ideas and vacuumed in {timer.lap():.1f} s", flush=True)


def measure_pages(server: Server, cpu: CpuMeter, info: dict, n: int) -> None:
    slug = info["big_organisation"]["slug"]
    session = {"Cookie": info["session_cookie"]}
    api = {"Authorization": f"Token {info['innovator_token']}", "Accept": "application/json"}
    idea_paths = [f"/ideas/{pk}/" for pk in info["idea_ids"]]
    api_pages = max(1, min(10, math.ceil(info["big_organisation"]["ideas"] / 25)))  # pages that exist
    bare = measure(server, "bare view /livez/", ["/livez/"], requests=n, cpu=cpu)
    rows = [
        measure(server, "innovator's board (whole org)", [f"/o/{slug}/board/"], requests=n, headers=session,
                cpu=cpu),
        measure(server, "idea page", idea_paths, requests=n, headers=session, cpu=cpu),
        # Loaded by the idea page for its handlers (htmx): ideas that may be the same.
        measure(server, "  ideas that may be the same", [f"{path}same/" for path in idea_paths], requests=n,
                headers={**session, "HX-Request": "true"}, cpu=cpu),
        measure(server, "organisation dashboard", [f"/o/{slug}/results/"], requests=n, headers=session,
                cpu=cpu),
        # Pages whose size grows with the organisation: its idea list (counted, sorted,
        # filtered) and the experiment form (owner and team among its people).
        measure(server, "idea list page", [f"/o/{slug}/ideas/?page={p}" for p in range(1, 6)]
                + [f"/o/{slug}/ideas/?status=new&sort=supported"], requests=n, headers=session, cpu=cpu),
        measure(server, "new experiment form", [f"/o/{slug}/experiments/new/"], requests=n, headers=session,
                cpu=cpu),
        measure(server, "idea list API", [f"/api/v1/ideas/?page={p}" for p in range(1, api_pages + 1)], requests=n,
                headers=api, cpu=cpu),
        measure(server, "idea list API, search ?q=", [f"/api/v1/ideas/?q={quote(q)}" for q in SEARCHES],
                requests=n, headers=api, cpu=cpu),
    ]
    print(f"\nPages at scale {info['scale']:g}, one request at a time, signed in as an organisation-wide "
          f"innovator of {slug} (goal p95 ≤ {GOAL_P95_MS:g} ms)")
    report(rows, bare, goal_p95_ms=GOAL_P95_MS)


def measure_submissions(server: Server, cpu: CpuMeter, env: dict[str, str], info: dict, args) -> None:
    bare_concurrent, bare_rps = bare_throughput(server, max(200, args.submissions), args.clients, cpu)
    with TaskWorker(env, OUT / "ideas_worker.log") as worker:
        time.sleep(2)  # the worker has started
        before, worker_before = cpu.snapshot(), worker.cpu_seconds()
        client_before, machine_before = time.process_time(), _machine_times()
        submissions, per_second, started = submit_ideas(server, info, args.submissions, args.clients)
        cpu.fill(submissions, before, len(submissions.samples))
        burst = {"worker": worker.cpu_seconds() - worker_before, "client": time.process_time() - client_before,
                 "machine": [b - a for a, b in zip(machine_before, _machine_times(), strict=True)]}
        announced, idle = wait_for_background(started)
        worker_ms = 1000 * (worker.cpu_seconds() - worker_before) / len(submissions.samples)
        worker_peak = worker.peak_memory_mb()
    print(f"\nSubmissions through the API, {args.clients} concurrent clients, {len(submissions.samples)} "
          "ideas with Idempotency-Key")
    report([submissions], bare_concurrent)
    verdict = "ok" if per_second >= GOAL_SUBMISSIONS else f"under the {GOAL_SUBMISSIONS:g}/s goal"
    print(f"submissions per second: {per_second:8.1f}  ({per_second / bare_rps:.2f} of the bare view's "
          f"{bare_rps:.0f} requests/s)  {verdict}")
    count = len(submissions.samples)
    if announced is None:
        print(f"background: not every idea was announced within {120:d} s")
    else:
        # Announcing waits ANNOUNCE_DELAY to gather a batch, so a short burst ends with that wait.
        after_last = announced - count / per_second
        print(f"every idea announced (indexed, on its timeline, its handlers notified) {announced:.1f} s "
              f"after the first request, {after_last:.1f} s after the last answer: {count / announced:.1f} "
              "ideas per second end to end")
    print(f"task worker: {worker_ms:.1f} ms of CPU per idea (announcing, emails, dashboard recomputation), "
          + (f"queue empty after {idle:.1f} s" if idle is not None else "queue still busy after 120 s")
          + f", peak memory {worker_peak:.0f} MB")
    print_cpu_budget(submissions, burst, count)


def _machine_times() -> list[int]:
    """The machine's CPU time by kind (``/proc/stat``: user, nice, system, idle, iowait, irq,
    softirq, steal), in clock ticks."""
    return [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]


def print_cpu_budget(submissions: Timing, burst: dict, count: int) -> None:
    """Where a submission's CPU went while they arrived, and the rate this machine's cores
    allow at that cost: the figure to compare with the goal on a machine whose speed varies."""
    worker_ms, client_ms = 1000 * burst["worker"] / count, 1000 * burst["client"] / count
    total = submissions.cpu_ms + (submissions.db_cpu_ms or 0.0) + worker_ms + client_ms
    cores = os.cpu_count() or 1
    ticks = burst["machine"]
    busy, steal = 1 - (ticks[3] + ticks[4]) / max(1, sum(ticks)), ticks[7] / max(1, sum(ticks))
    print(f"CPU per submission while they arrived: server {submissions.cpu_ms:.1f} + PostgreSQL "
          f"{submissions.db_cpu_ms or 0.0:.1f} + task worker {worker_ms:.1f} + this client {client_ms:.1f} = "
          f"{total:.1f} ms; {cores} cores allow at most {cores * 1000 / total:.0f}/s at this cost "
          f"(the machine was {busy:.0%} busy, {steal:.1%} of it taken by the host)")


SEARCHES = ["kotihoito", "palautteen", "ruokahavikki", "asiakaspalvelu", "työvuorot", "päiväkodin piha"]


def subprocess_run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, env=env, cwd=ROOT, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.01, help="1.0 = 300 organisations, 400 000 people, "
                                                                   "1 000 000 ideas (default 0.01)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page measured (default 200)")
    parser.add_argument("--submissions", type=int, default=1000, help="ideas submitted (default 1000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent submitting clients (default 8)")
    parser.add_argument("--only", choices=["pages", "submissions"], help="measure only the pages or only the "
                                                                         "submissions")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure the database kept by an earlier --keep run")
    parser.add_argument("--phase", choices=["load", "finish", "forget"], help=argparse.SUPPRESS)
    parser.add_argument("--since", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "load":
        RESULT_FILE.write_text(json.dumps(load(args.scale), indent=1, default=str))
        return
    if args.phase == "forget":
        forget_submissions(args.since)
        return
    if args.phase == "finish":
        RESULT_FILE.write_text(json.dumps(finish(json.loads(RESULT_FILE.read_text())), indent=1, default=str))
        return
    run(args)


if __name__ == "__main__":
    main()
