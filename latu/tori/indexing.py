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

from latu.language import analyse, deletion_keys
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


def _add_frequencies(deltas: dict[str, int]) -> None:
    """Add ``deltas`` to the document frequencies, creating missing vocabulary rows."""
    rows = [(term, delta) for term, delta in sorted(deltas.items()) if delta]
    table = SearchTerm._meta.db_table
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            values = ", ".join(["(%s, %s)"] * len(chunk))
            params = [value for row in chunk for value in row]
            cursor.execute(
                f"INSERT INTO {table} (term, df) VALUES {values} "  # noqa: S608 - table name from the model
                f"ON CONFLICT (term) DO UPDATE SET df = {table}.df + excluded.df",
                params,
            )


def _add_fuzzy_keys(terms: Iterable[str]) -> None:
    """Deletion keys for vocabulary terms that have none yet."""
    terms = sorted(set(terms))
    known: set[str] = set()
    for chunk in _chunks(terms):
        known.update(FuzzyKey.objects.filter(term__in=chunk).values_list("term", flat=True).distinct())
    keys = [FuzzyKey(key=key, term=term) for term in terms if term not in known for key in deletion_keys(term)]
    FuzzyKey.objects.bulk_create(keys, batch_size=2000, ignore_conflicts=True)


def _old_postings(deed_ids: Sequence[int]) -> tuple[Counter, set[int]]:
    counts: Counter = Counter()
    indexed: set[int] = set()
    for chunk in _chunks(list(deed_ids)):
        for deed_id, term in DeedTerm.objects.filter(deed_id__in=chunk).values_list("deed_id", "term"):
            counts[term] += 1
            indexed.add(deed_id)
    return counts, indexed


def _remove(deed_ids: Sequence[int]) -> tuple[Counter, set[int]]:
    counts, indexed = _old_postings(deed_ids)
    for chunk in _chunks(list(deed_ids)):
        DeedTerm.objects.filter(deed_id__in=chunk).delete()
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
    themes_by_deed: dict[int, list] = {deed.pk: [] for deed in published}
    through = Deed.themes.through
    for chunk in _chunks([deed.pk for deed in published]):
        for row in through.objects.filter(deed_id__in=chunk).select_related("theme"):
            themes_by_deed[row.deed_id].append(row.theme)
    analysed = {deed.pk: analyse_deed(deed, themes_by_deed[deed.pk]) for deed in published}
    with transaction.atomic():
        old_counts, old_indexed = _remove(list(analysed))
        new_counts: Counter = Counter()
        postings = []
        for deed_id, terms in analysed.items():
            new_counts.update(terms.keys())
            postings.extend(DeedTerm(deed_id=deed_id, term=term, weight=weight) for term, weight in terms.items())
        DeedTerm.objects.bulk_create(postings, batch_size=5000)
        new_indexed = {deed_id for deed_id, terms in analysed.items() if terms}
        deltas = dict(new_counts)
        for term, count in old_counts.items():
            deltas[term] = deltas.get(term, 0) - count
        deltas[SearchTerm.DOCUMENT_COUNT_TERM] = len(new_indexed) - len(old_indexed)
        _add_frequencies(deltas)
        _add_fuzzy_keys(term for term, count in new_counts.items() if count)
        for deed in published:
            deed.search_norm = norm(analysed[deed.pk])
        Deed.objects.bulk_update(published, ["search_norm"], batch_size=1000)
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
        deltas = {term: -count for term, count in old_counts.items()}
        deltas[SearchTerm.DOCUMENT_COUNT_TERM] = -len(old_indexed)
        _add_frequencies(deltas)
    bump_version()


def rebuild(batch_size: int = 500, progress=None) -> int:
    """Recreate the whole index from the published deeds."""
    with transaction.atomic():
        DeedTerm.objects.all().delete()
        SearchTerm.objects.all().delete()
        FuzzyKey.objects.all().delete()
        ids = list(Deed.objects.filter(status=Deed.Status.PUBLISHED).order_by("pk").values_list("pk", flat=True))
        done = 0
        for chunk in _chunks(ids, batch_size):
            index_deeds(Deed.objects.filter(pk__in=chunk).select_related("organisation"))
            done += len(chunk)
            if progress:
                progress(done, len(ids))
    return len(ids)


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
