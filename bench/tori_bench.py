"""Finnish search of Tekojen tori at 100 000 deeds (issue 4), on PostgreSQL and SQLite.

For each database: a fresh schema, ``--deeds`` published deeds of generated Finnish
text (combined from the tori demo material when it is importable, else from the
search-quality corpus), indexed through the real code (``latu.tori.indexing.index_deeds``
in batches): first a part by one process (the single-process rate), then the rest by
two processes at once. Then, against gunicorn with 2 workers and 8 concurrent clients:
p50/p95 of ``GET /api/v1/deeds/?q=…`` and of the HTML page ``/tori/?q=…`` for a fixed
set of inflected, compound, misspelt and multi-word queries, beside ``/livez/``.

On PostgreSQL the same queries also run as plain full-text search, timed in Python
with psycopg at the same concurrency, with a GIN expression index created for
fairness: ``to_tsvector('finnish', title || ' ' || lead || ' ' || story) @@
plainto_tsquery('finnish', q)`` (first 20 matches), and the same ordered by ``ts_rank``.

Last, the search-quality set of the tori tests is run on a database holding only its
corpus: recall@10 of our search and of the plain ``finnish`` configuration.

Run: python bench/tori_bench.py [--deeds 100000] [--only postgresql|sqlite] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import quote

from common import (
    OUT,
    ROOT,
    CpuMeter,
    Server,
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
    throughput,
)

PG_DATABASE = bench_database("tori")
SQLITE_FILE = OUT / "tori_bench.sqlite3"
GOAL_P95_MS = 50.0
GOAL_INDEXING = 200.0
GOAL_MEMORY_MB = 300.0
CLIENTS = 8
BATCH = 500
ORGANISATIONS = 150

# Inflected, compound, misspelt and multi-word: what people type into the marketplace.
QUERIES = [
    "kotihoito", "kotihoidon asiakkaille", "omaishoitajille", "päiväkodeissa", "varhaiskasvatus",
    "koulukuljetuksia", "kirjastoautolla", "siivouksen laatu", "asiakaspalaute", "palaute", "ruokahävikki",
    "vertaistuki", "sisäilma", "työhyvinvointikysely", "lähiruoka", "energiankulutus", "sairauspoissaolot",
    "palvelumuotoilu", "ikäihmiset", "miten vähentää ruokahävikkiä kouluissa",
    "sähköinen asiointi rakennusvalvonnassa", "mielenterveys nuoret", "tyohyvinvointi", "paivakodit",
    "laakehoito", "kotihoido", "varhaiskasvtus", "kirjstoauto", "asiakaspalute", "kotihiodon asiakkaat",
    "rekrytionti",
]
DOCUMENT_SQL = "title || ' ' || lead || ' ' || story"
PLAIN_SQL = (
    f"SELECT id FROM tori_deed WHERE status = 'published' "  # noqa: S608 - fixed text
    f"AND to_tsvector('finnish', {DOCUMENT_SQL}) @@ plainto_tsquery('finnish', %s) LIMIT 20"
)
RANKED_SQL = (
    f"SELECT id FROM tori_deed, plainto_tsquery('finnish', %s) q WHERE status = 'published' "  # noqa: S608
    f"AND to_tsvector('finnish', {DOCUMENT_SQL}) @@ q "
    f"ORDER BY ts_rank(to_tsvector('finnish', {DOCUMENT_SQL}), q) DESC, id LIMIT 20"
)


# =========================================================================================
# Generated deeds
# =========================================================================================


def _corpus_sentences() -> list[str]:
    from latu.language.tests.search_quality import DOCUMENTS

    return [s.strip() for text in DOCUMENTS.values() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


COMPOUND_HEADS = ["kysely", "malli", "tiimi", "kokeilu", "ohjelma", "prosessi", "järjestelmä", "sovellus",
                  "suunnitelma", "koulutus", "kierros", "kartoitus", "opas", "verkosto", "foorumi", "raportti",
                  "mittari", "hanke", "työpaja", "kalenteri", "lomake", "kortti", "tapaaminen", "ryhmä"]
COMPOUND_FIRSTS = ["asiakas", "henkilöstö", "kotihoito", "koulu", "kirjasto", "ruoka", "siivous", "liikunta",
                   "nuoriso", "vanhus", "perhe", "kulttuuri", "ympäristö", "energia", "tieto", "turvallisuus",
                   "laatu", "terveys", "opetus", "kiinteistö", "rekrytointi", "vapaaehtois", "yrittäjä", "kylä"]
COMPOUND_SENTENCES = ["Lisäksi otettiin käyttöön uusi {c}.", "Työn tueksi laadittiin {c}.",
                      "Jatkossa {c} laajennetaan muihin yksiköihin.", "Kokemuksia jaettiin seudun {c}ssä.",
                      "Onnistumisen taustalla oli toimiva {c}."]


def _compound_sentence(rng: random.Random) -> str:
    compound = rng.choice(COMPOUND_FIRSTS) + rng.choice(COMPOUND_HEADS)
    return rng.choice(COMPOUND_SENTENCES).format(c=compound)


def _idea_sentences() -> list[str]:
    from latu.ideas.demo_texts import IDEAS_FI

    return [text for items in IDEAS_FI.values() for item in items for text in item[1:3] if text]


def _figures(rng: random.Random) -> dict[str, int]:
    return {"n": rng.randint(3, 400), "p": rng.randint(5, 60), "d": rng.randint(1, 30), "h": rng.randint(2, 40),
            "e": rng.randint(5, 300) * 100}


def deed_texts(count: int, seed: int = 4):
    """Yields dicts of deed fields: the tori demo's practices (when importable) told in
    varied order with shared sentences, plus sentences of the search-quality corpus."""
    rng = random.Random(seed)
    sentences = _corpus_sentences()
    idea_sentences = _idea_sentences()
    try:
        from latu.tori import demo_data
    except ImportError:
        demo_data = None
    concepts = []
    if demo_data is not None and getattr(demo_data, "CONCEPTS", None):
        for sector, items in demo_data.CONCEPTS.items():
            concepts += [(str(sector), item) for item in items]
    sectors = ["education", "social_health", "culture_leisure", "technical", "business", "management",
               "food_cleaning", "whole_municipality"]
    for _ in range(count):
        figures = _figures(rng)
        if concepts:
            sector, c = rng.choice(concepts)
            story = [rng.choice(demo_data.STARTS_FI), rng.choice(c["what"]), rng.choice(c["why"]),
                     *rng.sample(c["how"], min(2, len(c["how"]))), rng.choice(demo_data.PEOPLE_FI)]
            if rng.random() < 0.8:
                story.insert(rng.randrange(1, len(story)), rng.choice(sentences))
            if rng.random() < 0.6:
                story.insert(rng.randrange(1, len(story)), rng.choice(idea_sentences))
            story.append(_compound_sentence(rng))
            results = [rng.choice(c["results"]).format_map(figures), rng.choice(demo_data.FOLLOW_UPS_FI)]
            adopt = [rng.choice(c["tips"]), rng.choice(demo_data.COSTS_FI).format_map(figures),
                     rng.choice(demo_data.PITFALLS_FI)]
            yield {"title": rng.choice(c["titles"]), "lead": rng.choice(c["leads"]), "story": " ".join(story),
                   "results": " ".join(results), "how_to_adopt": " ".join(adopt), "sector": sector,
                   "themes": list(c["themes"]), "keywords": ", ".join(c["keywords"])}
        else:
            picked = rng.sample(sentences, 9)
            yield {"title": picked[0].rstrip("."), "lead": picked[1], "story": " ".join(picked[2:7]),
                   "results": picked[7], "how_to_adopt": picked[8], "sector": rng.choice(sectors),
                   "themes": [], "keywords": ""}


# =========================================================================================
# Loading and indexing (child processes with Django set up)
# =========================================================================================


def _setup() -> None:
    import django

    django.setup()


def load(count: int) -> dict:
    """Create organisations and ``count`` published (not yet indexed) deeds."""
    _setup()
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from latu.organisations.models import Municipality, Organisation
    from latu.tori.models import Deed, Theme

    started = time.perf_counter()
    rng = random.Random(5)
    municipalities = list(Municipality.objects.order_by("code")[:ORGANISATIONS])
    organisations = Organisation.objects.bulk_create([
        Organisation(slug=slugify(f"{m.name_fi}-tori"), type=Organisation.Type.MUNICIPALITY, name_fi=m.name_fi,
                     name_sv=m.name_sv or "", municipality=m, region_id=m.region_id)
        for m in municipalities
    ])
    weights = [(i + 1) ** -0.7 for i in range(len(organisations))]
    themes = {theme.slug: theme.pk for theme in Theme.objects.all()}
    through = Deed.themes.through
    now = timezone.now()
    made = 0
    batch: list[tuple[Deed, list[str]]] = []

    def flush() -> None:
        with transaction.atomic():
            Deed.objects.bulk_create([deed for deed, _ in batch], batch_size=1000)
            through.objects.bulk_create([
                through(deed_id=deed.pk, theme_id=themes[slug]) for deed, slugs in batch for slug in slugs
                if slug in themes
            ], batch_size=5000)
        batch.clear()

    for fields in deed_texts(count):
        org = rng.choices(organisations, weights)[0]
        published = now - timedelta(days=rng.uniform(0, 3650))
        slugs = fields.pop("themes")
        deed = Deed(**fields, organisation=org, region_id=org.region_id, language="fi", year=published.year,
                    status=Deed.Status.PUBLISHED, submitted_at=published, published_at=published,
                    has_results=rng.random() < 0.4, awarded=rng.random() < 0.02,
                    adoption_count=int(rng.expovariate(1.0)), contact_name="Tori Penkki")
        batch.append((deed, slugs))
        made += 1
        if len(batch) >= 2000:
            flush()
    if batch:
        flush()
    return {"deeds": made, "load_seconds": time.perf_counter() - started}


def index_range(first: int, last: int, batch: int = BATCH) -> tuple[int, float, float]:
    """Index the deeds with ``first`` ≤ id ≤ ``last`` in batches; (deeds, seconds, CPU
    seconds of this process)."""
    from django.db import OperationalError

    from latu.tori import indexing
    from latu.tori.models import Deed

    ids = list(Deed.objects.filter(pk__gte=first, pk__lte=last).order_by("pk").values_list("pk", flat=True))
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        for attempt in range(20):
            try:
                indexing.index_deeds(list(Deed.objects.filter(pk__in=chunk)))
                break
            except OperationalError as error:  # SQLite: the other process holds the write lock
                if "locked" not in str(error) or attempt == 19:
                    raise
                time.sleep(0.2)
    return len(ids), time.perf_counter() - started, time.process_time() - cpu


def index_all(single_share: float) -> dict:
    """One process indexes the first part; two processes then index the rest at once."""
    _setup()
    from django.db import connection

    from latu.tori import indexing
    from latu.tori.models import Deed

    ids = list(Deed.objects.order_by("pk").values_list("pk", flat=True))
    single = ids[: max(1, int(len(ids) * single_share))]
    rest = ids[len(single):]
    done, seconds, cpu = index_range(single[0], single[-1])
    result = {"single_deeds": done, "single_seconds": seconds, "single_cpu": cpu}
    if rest:
        middle = rest[len(rest) // 2]
        connection.close()
        started = time.perf_counter()
        workers = [
            subprocess.Popen([sys.executable, __file__, "--phase", "index-range", "--first", str(a), "--last", str(b)],
                             env=os.environ, cwd=ROOT, stdout=subprocess.PIPE, text=True)
            for a, b in ((rest[0], middle - 1), (middle, rest[-1]))
        ]
        counts, cpus = [], []
        for worker in workers:
            out, _ = worker.communicate()
            if worker.returncode:
                raise SystemExit("an indexing process failed")
            answer = json.loads(out.strip().splitlines()[-1])
            counts.append(answer["deeds"])
            cpus.append(answer["cpu"])
        result.update(parallel_deeds=sum(counts), parallel_seconds=time.perf_counter() - started,
                      parallel_cpu=sum(cpus))
    started = time.perf_counter()
    if hasattr(indexing, "vacuum"):
        indexing.vacuum()  # what ``latu reindex-deeds`` does after a bulk index
    # The statistics of every other table too (the deeds' themes, …), as autovacuum
    # would have gathered them on a production database by the time people search.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    result["vacuum_seconds"] = time.perf_counter() - started
    from latu.tori.models import DeedTerm, SearchTerm

    result["postings"] = DeedTerm.objects.count()
    result["vocabulary"] = SearchTerm.objects.count()
    result["indexed"] = Deed.objects.filter(search_norm__gt=0).count()
    return result


def quality() -> dict:
    """In a transaction that is rolled back: replace every deed with the search-quality
    corpus and measure recall@10 of our search and (on PostgreSQL) of the plain
    ``finnish`` configuration."""
    _setup()
    from django.db import transaction

    with transaction.atomic():
        result = _quality()
        transaction.set_rollback(True)
    return result


def _quality() -> dict:
    from django.db import connection

    from latu.tori.models import Adoption, Comment, CommentReport, Deed, DeedTerm, FuzzyKey, SearchTerm
    from latu.tori.search import search
    from latu.tori.tests.test_search_quality import (
        ALL_QUERIES,
        DOCUMENTS,
        GRADED_DOCUMENTS,
        GRADED_QUERIES,
        graded_figures,
        make_corpus,
        postgres_finnish,
        recall_at_10,
    )

    def empty() -> None:
        with connection.cursor() as cursor:
            tables = [DeedTerm, FuzzyKey, SearchTerm, Deed.themes.through, Adoption, CommentReport, Comment, Deed]
            if connection.vendor == "postgresql":
                # Deferred foreign-key checks of rows written earlier in this transaction
                # must run first: PostgreSQL refuses to truncate a table with pending ones.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("TRUNCATE " + ", ".join(model._meta.db_table for model in tables) + " CASCADE")
            else:
                for model in tables:
                    cursor.execute("DELETE FROM " + model._meta.db_table)  # noqa: S608 - model table names

    empty()
    ids = make_corpus()

    def recall(run) -> float:
        return recall_at_10({query: run(query) for query, _ in ALL_QUERIES}, ids)[0]

    result = {"queries": len(ALL_QUERIES), "documents": len(DOCUMENTS),
              "ours": recall(lambda q: search(q, page_size=10, with_facets=False).ids)}
    if connection.vendor == "postgresql":
        result["finnish"] = recall(postgres_finnish)
    # The graded set alone: recall, precision and nDCG at 10.
    empty()
    graded_ids = make_corpus(GRADED_DOCUMENTS, "arviokunta")

    def graded(run) -> list[float]:
        return list(graded_figures({query: run(query) for query, _ in GRADED_QUERIES}, graded_ids)[:3])

    result["graded"] = graded(lambda q: search(q, page_size=10, with_facets=False).ids)
    result["graded_queries"] = len(GRADED_QUERIES)
    if connection.vendor == "postgresql":
        result["graded_finnish"] = graded(postgres_finnish)
    return result


def child(phase: str, args) -> None:
    if phase == "load":
        result = load(args.deeds)
    elif phase == "index":
        result = index_all(args.single_share)
    elif phase == "index-range":
        _setup()
        done, seconds, cpu = index_range(args.first, args.last)
        result = {"deeds": done, "seconds": seconds, "cpu": cpu}
    else:
        result = quality()
    print(json.dumps(result), flush=True)


# =========================================================================================
# Measuring (the parent process)
# =========================================================================================


def run_child(env: dict, *args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def plain_postgres(url: str, sql: str, name: str, requests: int) -> Timing:
    """The queries as plain PostgreSQL full-text search, CLIENTS threads with a connection each."""
    import psycopg

    local = threading.local()
    connections = []
    lock = threading.Lock()

    def cursor():
        if not hasattr(local, "conn"):
            local.conn = psycopg.connect(url, autocommit=True)
            with lock:
                connections.append(local.conn)
        return local.conn.cursor()

    def one(i: int) -> float:
        began = time.perf_counter()
        with cursor() as cur:
            cur.execute(sql, [QUERIES[i % len(QUERIES)]])
            cur.fetchall()
        return time.perf_counter() - began

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(one, range(len(QUERIES))))  # warm-up
        samples = list(pool.map(one, range(requests)))
    for conn in connections:
        conn.close()
    return Timing(name, samples)


def measure_http(env: dict, label: str, requests: int) -> tuple[Timing, list[Timing], list[float]]:
    """The API and the HTML page twice: as served (a page of results is kept until the
    deeds change, so repeated queries come from the cache), then with keeping off, so
    that every request searches the database."""
    api = [f"/api/v1/deeds/?q={quote(q)}" for q in QUERIES]
    html = [f"/tori/?q={quote(q)}" for q in QUERIES]
    rows: list[Timing] = []
    peaks: list[float] = []
    bare = None
    for kept, suffix in ((True, ""), (False, ", every search from the database")):
        server_env = env if kept else {**env, "TORI_SEARCH_CACHE_SECONDS": "0"}
        with Server(server_env, workers=2) as server:
            cpu = CpuMeter(server, PG_DATABASE if label == "PostgreSQL" else None)
            for path in (api[0], html[0]):
                status, body = server.get(path, {"Accept": "application/json"})
                if status != 200:
                    raise SystemExit(f"{path} answered {status}: {body[:300]!r}")
            if bare is None:
                bare = measure(server, f"bare view /livez/ ({label})", ["/livez/"], requests=requests,
                               concurrency=CLIENTS, cpu=cpu)
            rows += [
                measure(server, f"API /api/v1/deeds/?q= ({label}{suffix})", api, requests=requests,
                        concurrency=CLIENTS, headers={"Accept": "application/json"}, warmup=len(QUERIES), cpu=cpu),
                measure(server, f"HTML /tori/?q= ({label}{suffix})", html, requests=requests, concurrency=CLIENTS,
                        warmup=len(QUERIES), cpu=cpu),
            ]
            found = server.peak_memory_mb()
            peaks = [max(pair) for pair in zip(peaks, found, strict=True)] if peaks else found
    return bare, rows, peaks


def print_indexing(label: str, loaded: dict, indexed: dict) -> None:
    single = throughput(indexed["single_deeds"], indexed["single_seconds"])
    print(f"\n{label}: {loaded['deeds']} deeds generated and stored in {loaded['load_seconds']:.0f} s; "
          f"{indexed['indexed']} indexed, {indexed['postings']} postings, {indexed['vocabulary']} vocabulary terms")
    verdict = "ok" if single >= GOAL_INDEXING else f"under the {GOAL_INDEXING:g}/s goal"
    print(f"  indexing, 1 process:   {indexed['single_deeds']:>7} deeds in {indexed['single_seconds']:7.1f} s = "
          f"{single:6.0f} deeds/s  {verdict}  (indexing process CPU {indexed['single_cpu']:.0f} s = "
          f"{throughput(indexed['single_deeds'], indexed['single_cpu']):.0f} deeds per CPU second)")
    if "parallel_deeds" in indexed:
        both = throughput(indexed["parallel_deeds"], indexed["parallel_seconds"])
        verdict = "ok" if both >= GOAL_INDEXING else f"under the {GOAL_INDEXING:g}/s goal"
        print(f"  indexing, 2 processes: {indexed['parallel_deeds']:>7} deeds in {indexed['parallel_seconds']:7.1f} s"
              f" = {both:6.0f} deeds/s  {verdict}  (CPU of both {indexed['parallel_cpu']:.0f} s)")
    print(f"  statistics refresh after indexing (vacuum/analyse): {indexed['vacuum_seconds']:.1f} s")


def _remove_sqlite() -> None:
    for suffix in ("", "-wal", "-shm"):
        SQLITE_FILE.with_name(SQLITE_FILE.name + suffix).unlink(missing_ok=True)


def run(args) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # Long-lived database connections keep the CPU accounting of the PostgreSQL backends exact.
    prefix = {"CACHE_KEY_PREFIX": f"bench-tori-{uuid.uuid4().hex[:8]}", "DJANGO_SETTINGS_MODULE": "latu.settings",
              "DB_CONN_MAX_AGE": "3600"}
    targets = []
    if args.only in (None, "postgresql"):
        targets.append(("PostgreSQL", postgres_url(PG_DATABASE)))
    if args.only in (None, "sqlite"):
        targets.append(("SQLite", f"sqlite:///{SQLITE_FILE}"))
    requests = args.requests
    results = []
    collect_static(bench_env(targets[0][1], **prefix))
    for label, url in targets:
        env = bench_env(url, **prefix)
        state = OUT / f"tori_{label.lower()}.json"
        try:
            if args.reuse and state.exists():
                loaded, indexed = json.loads(state.read_text())
            else:
                if label == "PostgreSQL":
                    recreate_database(PG_DATABASE)
                else:
                    _remove_sqlite()
                seconds = migrate(env)
                print(f"\n{label}: schema created in {seconds:.0f} s; generating {args.deeds} deeds", flush=True)
                loaded = run_child(env, "--phase", "load", "--deeds", str(args.deeds))
                indexed = run_child(env, "--phase", "index", "--single-share", str(args.single_share))
                state.write_text(json.dumps([loaded, indexed]))
            print_indexing(label, loaded, indexed)
            if args.load_only:
                continue
            extra = {}
            if label == "PostgreSQL":
                import psycopg

                started = time.perf_counter()
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute("SET maintenance_work_mem = '256MB'")
                    conn.execute(f"CREATE INDEX IF NOT EXISTS bench_deed_fts ON tori_deed USING gin "
                                 f"((to_tsvector('finnish', {DOCUMENT_SQL})))")
                    conn.execute("ANALYZE tori_deed")
                print(f"  GIN expression index for the plain baseline built in {time.perf_counter() - started:.0f} s")
            load_before = os.getloadavg()[0]
            bare, rows, peaks = measure_http(env, label, requests)
            if label == "PostgreSQL":
                extra["plain"] = plain_postgres(url, PLAIN_SQL, "plain to_tsvector @@ (PostgreSQL)", requests)
                extra["ranked"] = plain_postgres(url, RANKED_SQL, "plain + ts_rank order (PostgreSQL)", requests)
            extra["load"] = (load_before, os.getloadavg()[0])
            recall = run_child(env, "--phase", "quality")
            results.append((label, bare, rows, peaks, extra, recall))
        finally:
            if not args.keep:
                state.unlink(missing_ok=True)
                if label == "PostgreSQL":
                    drop_database(PG_DATABASE)
                else:
                    _remove_sqlite()

    print(f"\nSearch at {args.deeds} deeds, {CLIENTS} concurrent clients, {len(QUERIES)} queries, {requests} "
          f"requests each (goal p95 ≤ {GOAL_P95_MS:g} ms on PostgreSQL)")
    for label, bare, rows, _peaks, extra, _recall in results:
        print(f"\n{label} (machine load average {extra['load'][0]:.1f} before, {extra['load'][1]:.1f} after; "
              f"{os.cpu_count()} CPUs)")
        report(rows, bare, goal_p95_ms=GOAL_P95_MS if label == "PostgreSQL" else None)
        if "plain" in extra:
            plain = extra["plain"]
            print(f"\nbaseline in the same run: plain PostgreSQL full-text search (GIN expression index), psycopg, "
                  f"{CLIENTS} threads; ratio = our p95 / baseline p95")
            print(f"{'what':<40} {'p50 ms':>8} {'p95 ms':>8}")
            for timing in (plain, extra["ranked"]):
                print(f"{timing.name:<40} {timing.p50:>8.1f} {timing.p95:>8.1f}")
            for timing in rows:
                print(f"{timing.name + ' / plain':<40} {timing.p95 / plain.p95:>17.1f}x")
    print()
    for label, _bare, _rows, peaks, _extra, _recall in results:
        for number, peak in enumerate(peaks, 1):
            verdict = "ok" if peak <= GOAL_MEMORY_MB else f"over the {GOAL_MEMORY_MB:g} MB goal"
            print(f"{label} server, worker {number} peak memory (VmHWM): {peak:7.1f} MB  {verdict}")
    print()
    for label, _bare, _rows, _peaks, _extra, recall in results:
        line = (f"search quality ({recall['queries']} queries, {recall['documents']} deeds), {label}: "
                f"recall@10 ours {recall['ours']:.1%}")
        if "finnish" in recall:
            line += f", plain PostgreSQL 'finnish' {recall['finnish']:.1%}"
        print(line)
        if "graded" in recall:
            line = (f"graded set ({recall['graded_queries']} queries), {label}: R@10 / P@10 / nDCG@10 ours "
                    + " / ".join(f"{value:.3f}" for value in recall["graded"]))
            if "graded_finnish" in recall:
                line += ", plain PostgreSQL 'finnish' " + " / ".join(f"{v:.3f}" for v in recall["graded_finnish"])
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deeds", type=int, default=100_000, help="deeds generated (default 100 000)")
    parser.add_argument("--requests", type=int, default=620, help="requests per measured row (default 620)")
    parser.add_argument("--single-share", type=float, default=0.2,
                        help="share of the deeds indexed by one process before two take over (default 0.2)")
    parser.add_argument("--only", choices=["postgresql", "sqlite"], help="measure one database only")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure the databases kept by an earlier --keep run")
    parser.add_argument("--load-only", action="store_true", help="stop after indexing (use with --keep)")
    parser.add_argument("--phase", choices=["load", "index", "index-range", "quality"], help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--last", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        child(args.phase, args)
    else:
        run(args)


if __name__ == "__main__":
    main()
