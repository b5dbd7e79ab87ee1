"""The search index of published deeds.

A deed's text is analysed in Python (``latu.language.analyse``: base forms,
compound parts, umlauts folded) when it is published or changed, and its terms are
stored as postings (``DeedTerm``: deed, term, weight). The vocabulary
(``SearchTerm``) keeps each term's document frequency and the number of indexed
deeds; ``FuzzyKey`` holds the deletion keys of every vocabulary term for typo
tolerance. Both are updated incrementally with the same SQL on SQLite and
PostgreSQL (``INSERT … ON CONFLICT … DO UPDATE``).

Only published deeds are indexed, so the postings table is the public search space.
``index_deeds`` and ``unindex_deeds`` are called by the actions inside their
transaction; ``rebuild`` recreates everything (``latu reindex-deeds``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from latu.core.bulk import vacuum_analyse
from latu.language import analyse, deletion_keys
from latu.organisations.models import Organisation
from latu.tori.models import SECTOR_NAMES_FI, Deed, DeedTerm, FuzzyKey, SearchTerm

# How much each part of a deed counts, relative to the story.
FIELD_WEIGHTS = {
    "title": 2.0,
    "lead": 1.5,
    "keywords": 1.5,
    "themes": 1.0,
    "story": 1.0,
    "results": 1.0,
    "how_to_adopt": 0.7,
    "organisation": 0.5,
    "sector": 0.5,
}
MAX_TERM_LENGTH = 64
# The heaviest terms of one deed that are indexed; bounds the postings of very long texts.
MAX_TERMS_PER_DEED = 600
CHUNK = 500


def deed_texts(deed: Deed, themes: Iterable | None = None) -> dict[str, str]:
    """The texts of a deed that are searched, by field."""
    if themes is None:
        themes = deed.themes.all() if deed.pk else []
    theme_names = []
    for theme in themes:
        theme_names += [theme.name_fi, theme.name_sv if deed.language == "sv" else ""]
    organisation = deed.organisation if deed.organisation_id else None
    return {
        "title": deed.title,
        "lead": deed.lead,
        "keywords": deed.keywords.replace(",", " "),
        "themes": " ".join(name for name in theme_names if name),
        "story": deed.story,
        "results": deed.results,
        "how_to_adopt": deed.how_to_adopt,
        "organisation": " ".join(filter(None, [organisation.name_fi, organisation.name_sv])) if organisation else "",
        "sector": SECTOR_NAMES_FI.get(deed.sector, ""),
    }


def analyse_deed(deed: Deed, themes: Iterable | None = None) -> dict[str, float]:
    """Weighted index terms of a deed (not yet stored)."""
    language = deed.language if deed.language in ("fi", "sv", "en") else None
    combined: dict[str, float] = {}
    for field, text in deed_texts(deed, themes).items():
        if not text:
            continue
        # Names of organisations and sectors are Finnish whatever the deed's language.
        field_language = "fi" if field in ("organisation", "sector") else language
        factor = FIELD_WEIGHTS[field]
        for term, weight in analyse(text, field_language).items():
            if len(term) <= MAX_TERM_LENGTH:
                combined[term] = combined.get(term, 0.0) + weight * factor
    if len(combined) > MAX_TERMS_PER_DEED:
        combined = dict(sorted(combined.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS_PER_DEED])
    return {term: round(weight, 4) for term, weight in combined.items()}


def norm(terms: dict[str, float]) -> float:
    return math.sqrt(sum(weight * weight for weight in terms.values()))


def _chunks(items: Sequence, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _upsert_frequencies(deltas: dict[str, int]) -> None:
    """Add ``deltas`` to the document frequencies, creating missing vocabulary rows
    (in term order, so concurrent indexers lock rows in the same order)."""
    table = SearchTerm._meta.db_table
    rows = sorted((term, delta) for term, delta in deltas.items() if delta)
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            values = ", ".join(["(%s, %s)"] * len(chunk))
            params = [value for row in chunk for value in row]
            cursor.execute(
                f"INSERT INTO {table} (term, df) VALUES {values} "  # noqa: S608 - table name from the model
                f"ON CONFLICT (term) DO UPDATE SET df = {table}.df + excluded.df",
                params,
            )


def _terms_of(counts: Counter) -> dict[str, int]:
    """{term id: n} as {term: n}."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(counts)):
        for term_id, term in SearchTerm.objects.filter(id__any_of=chunk).values_list("id", "term"):
            found[term] = counts[term_id]
    return found


def _ensure_terms(terms: Iterable[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Vocabulary ids of ``terms``, adding missing ones (with no documents yet); also
    returns the terms this call added ({term: id})."""
    table = SearchTerm._meta.db_table
    terms = sorted(set(terms))
    entering: dict[str, int] = {}
    with connection.cursor() as cursor:
        for chunk in _chunks(terms):
            cursor.execute(
                f"INSERT INTO {table} (term, df) VALUES {', '.join(['(%s, 0)'] * len(chunk))} "  # noqa: S608
                "ON CONFLICT (term) DO NOTHING RETURNING id, term",
                chunk,
            )
            entering.update((term, term_id) for term_id, term in cursor.fetchall())
    ids = dict(entering)
    missing = [term for term in terms if term not in ids]
    for chunk in _chunks(missing):
        ids.update((term, term_id) for term_id, term in SearchTerm.objects.filter(term__any_of=chunk).values_list(
            "id", "term"
        ))
    return ids, entering


def _add_fuzzy_keys(terms: dict[str, int]) -> None:
    """Deletion keys for terms entering the vocabulary ({term: id}), in key order."""
    keys = sorted({(key, term_id) for term, term_id in terms.items() for key in deletion_keys(term)})
    FuzzyKey.objects.bulk_create(
        [FuzzyKey(key=key, term_id=term_id) for key, term_id in keys], batch_size=5000, ignore_conflicts=True
    )


def _insert_postings(rows: list[tuple[int, int, float]]) -> None:
    """Bulk insert of (deed_id, term_id, weight): COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    table = DeedTerm._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (deed_id, term_id, weight) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            for chunk in _chunks(rows, 5000):
                cursor.executemany(
                    f"INSERT INTO {table} (deed_id, term_id, weight) VALUES (%s, %s, %s)",  # noqa: S608
                    chunk,
                )


def _remove(deed_ids: Sequence[int]) -> tuple[Counter, set[int]]:
    """Delete the postings of ``deed_ids``; returns {term id: documents} removed and the
    deeds that had postings."""
    counts: Counter = Counter()
    indexed: set[int] = set()
    for chunk in _chunks(list(deed_ids)):
        for deed_id, term_id in DeedTerm.objects.filter(deed_id__any_of=chunk).values_list("deed_id", "term_id"):
            counts[term_id] += 1
            indexed.add(deed_id)
        if indexed:
            DeedTerm.objects.filter(deed_id__any_of=chunk).delete()
    return counts, indexed


def index_deeds(deeds: Iterable[Deed]) -> int:
    """(Re)index published deeds and drop others from the index. Returns how many
    deeds are in the index afterwards among those given."""
    deeds = list(deeds)
    published = [deed for deed in deeds if deed.status == Deed.Status.PUBLISHED and deed.pk]
    others = [deed.pk for deed in deeds if deed.status != Deed.Status.PUBLISHED and deed.pk]
    if others:
        unindex_deeds(others)
    if not published:
        return 0
    organisations = {
        org.pk: org
        for org in Organisation.objects.filter(pk__in={deed.organisation_id for deed in published}).only(
            "pk", "name_fi", "name_sv"
        )
    }
    for deed in published:
        if deed.organisation_id in organisations:
            deed.organisation = organisations[deed.organisation_id]
    themes_by_deed: dict[int, list] = {deed.pk: [] for deed in published}
    through = Deed.themes.through
    for chunk in _chunks([deed.pk for deed in published]):
        for row in through.objects.filter(deed_id__any_of=chunk).select_related("theme"):
            themes_by_deed[row.deed_id].append(row.theme)
    analysed = {deed.pk: analyse_deed(deed, themes_by_deed[deed.pk]) for deed in published}
    new_counts: Counter = Counter()
    for terms in analysed.values():
        new_counts.update(terms.keys())
    new_indexed = {deed_id for deed_id, terms in analysed.items() if terms}
    for deed in published:
        deed.search_norm = norm(analysed[deed.pk])
    # Rows are locked in term order and the shared counters are updated last, so that
    # several processes can index at the same time without deadlocks or long waits.
    with transaction.atomic():
        old_counts, old_indexed = _remove(list(analysed))
        ids, entering = _ensure_terms(new_counts)
        _insert_postings(
            [(deed_id, ids[term], weight) for deed_id, terms in analysed.items() for term, weight in terms.items()]
        )
        _add_fuzzy_keys(entering)
        Deed.objects.bulk_update(published, ["search_norm"], batch_size=1000)
        deltas = dict(new_counts)
        for term, count in _terms_of(old_counts).items():
            deltas[term] = deltas.get(term, 0) - count
        deltas[SearchTerm.DOCUMENT_COUNT_TERM] = len(new_indexed) - len(old_indexed)
        _upsert_frequencies(deltas)
    bump_version()
    return len(new_indexed)


def unindex_deeds(deed_ids: Iterable[int]) -> None:
    """Remove deeds from the index (unpublished, archived or deleted)."""
    deed_ids = list(deed_ids)
    if not deed_ids:
        return
    with transaction.atomic():
        old_counts, old_indexed = _remove(deed_ids)
        if not old_indexed:
            return
        deltas = {term: -count for term, count in _terms_of(old_counts).items()}
        deltas[SearchTerm.DOCUMENT_COUNT_TERM] = -len(old_indexed)
        _upsert_frequencies(deltas)
    bump_version()


def published_count() -> int:
    return Deed.objects.filter(status=Deed.Status.PUBLISHED).count()


def rebuild(batch_size: int = 1000, progress=None) -> int:
    """Recreate the whole index from the published deeds; ``progress(done, total)`` is
    called after each batch."""
    with transaction.atomic():
        DeedTerm.objects.all().delete()
        FuzzyKey.objects.all().delete()
        SearchTerm.objects.all().delete()
        ids = list(Deed.objects.filter(status=Deed.Status.PUBLISHED).order_by("pk").values_list("pk", flat=True))
        done = 0
        for chunk in _chunks(ids, batch_size):
            index_deeds(Deed.objects.filter(pk__in=chunk))
            done += len(chunk)
            if progress:
                progress(done, len(ids))
    return len(ids)


def vacuum() -> None:
    """After a bulk (re)index on PostgreSQL: refresh the planner's statistics and the
    visibility map, so that searches read postings from the index alone. Must run
    outside a transaction."""
    vacuum_analyse(DeedTerm, SearchTerm, FuzzyKey, Deed)


VERSION_KEY = "tori:index-version"


def bump_version() -> None:
    """Tell cached search answers that the published deeds changed."""
    from django.core.cache import cache

    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def version() -> int:
    from django.core.cache import cache

    return cache.get(VERSION_KEY) or 0
