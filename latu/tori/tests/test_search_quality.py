"""Search quality on a Finnish test set, through the real database search.

The corpus and most queries come from ``latu.language.tests.search_quality``
(inflected words, whole and partial compounds, text typed without umlauts,
misspellings); ``EXTRA_QUERIES`` adds more of each kind. Every deed is stored,
published and indexed like any other, and each query runs through
``latu.tori.search.search``. Recall@10 is printed (run pytest with ``-s`` to see
it) and must be at least 0.9. On PostgreSQL the same queries also run as plain
``to_tsvector('finnish', …) @@ plainto_tsquery('finnish', …)`` for comparison.
"""

import pytest
from django.db import connection

from latu.language.tests.search_quality import DOCUMENTS, QUERIES
from latu.organisations.factories import OrganisationFactory
from latu.tori import indexing
from latu.tori.factories import DeedFactory
from latu.tori.search import search

EXTRA_QUERIES: list[tuple[str, tuple[str, ...]]] = [
    # Inflected forms in the query
    ("kotihoidossa", ("d01", "d03", "d05", "d66")),
    ("omaishoitajille", ("d04",)),
    ("koulukuljetuksia", ("d11",)),
    ("kirjastoautolla", ("d18",)),
    ("uimahallissa", ("d49",)),
    ("päiväkodeissa", ("d06", "d10")),
    ("rekrytoinnissa", ("d35",)),
    # Compounds and parts
    ("palautteet", ("d42", "d44", "d66")),
    ("asiakaspalautteen käsittely", ("d42",)),
    ("ruokahävikki", ("d21",)),
    ("vertaisryhmä", ("d04",)),
    ("välitunti", ("d12", "d15")),
    ("katuvalaistus", ("d29",)),
    # No umlauts, misspellings
    ("kasvisruokapaiva", ("d22",)),
    ("sahkoinen allekirjoitus", ("d52",)),
    ("asiakaspalute", ("d42", "d44", "d66")),
    ("kotihiodon asiakkaat", ("d01", "d03", "d05", "d66")),
    ("ruokahavikki", ("d21",)),
    ("sisailma", ("d16",)),
    ("tyoterveyshuolto", ("d16", "d37", "d61")),
]

ALL_QUERIES = QUERIES + EXTRA_QUERIES
MIN_RECALL = 0.9


def make_corpus() -> dict[str, int]:
    """Publish the quality corpus as deeds of one organisation; {document key: deed id}.
    Also used by ``bench/tori_bench.py``."""
    organisation = OrganisationFactory(slug="testikunta", name_fi="Testikunta")
    ids = {}
    deeds = []
    for key, text in DOCUMENTS.items():
        title, _, rest = text.partition(". ")
        deed = DeedFactory(organisation=organisation, title=title, lead=rest.split(". ")[0], story=rest, index=False)
        ids[key] = deed.pk
        deeds.append(deed)
    indexing.index_deeds(deeds)
    return ids


@pytest.fixture
def corpus(db) -> dict[str, int]:
    return make_corpus()


def recall_at_10(found: dict[str, list[int]], ids: dict[str, int]) -> tuple[float, list[str]]:
    relevant = hit = 0
    misses = []
    for query, wanted in ALL_QUERIES:
        top = set(found[query][:10])
        for key in wanted:
            relevant += 1
            if ids[key] in top:
                hit += 1
            else:
                misses.append(f"{query!r} missed {key}")
    return hit / relevant, misses


def postgres_finnish(query: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM tori_deed, plainto_tsquery('finnish', %s) q "
            "WHERE to_tsvector('finnish', title || ' ' || lead || ' ' || story) @@ q "
            "ORDER BY ts_rank(to_tsvector('finnish', title || ' ' || lead || ' ' || story), q) DESC, id LIMIT 10",
            [query],
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_set_is_large_enough():
    assert len(ALL_QUERIES) >= 50
    assert len({query for query, _ in ALL_QUERIES}) == len(ALL_QUERIES)


def test_recall_at_10(corpus, capsys):
    found = {query: search(query, page_size=10, with_facets=False).ids for query, _ in ALL_QUERIES}
    recall, misses = recall_at_10(found, corpus)
    lines = [f"Latu search recall@10 on {len(ALL_QUERIES)} queries ({connection.vendor}): {recall:.1%}"]
    if connection.vendor == "postgresql":
        baseline = {query: postgres_finnish(query) for query, _ in ALL_QUERIES}
        baseline_recall, _ = recall_at_10(baseline, corpus)
        lines.append(f"PostgreSQL to_tsvector('finnish') recall@10 on the same set: {baseline_recall:.1%}")
        assert recall > baseline_recall
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        for miss in misses:
            print("  " + miss)
    assert recall >= MIN_RECALL, misses


def test_the_vocabulary_counts_stay_right_through_changes(corpus):
    """Document frequencies after publishing, editing and archiving equal a fresh count."""
    from collections import Counter

    from latu.tori.models import Deed, DeedTerm, SearchTerm

    deeds = list(Deed.objects.filter(pk__in=list(corpus.values())[:10]))
    for deed in deeds[:5]:
        deed.story += " Uusi kappale kotihoidosta ja asiakaspalautteesta."
    indexing.index_deeds(deeds[:5])
    for deed in deeds[5:8]:
        deed.status = Deed.Status.ARCHIVED
        deed.save()
    indexing.index_deeds(deeds[5:8])
    actual = Counter(DeedTerm.objects.values_list("term__term", flat=True))
    stored = dict(SearchTerm.objects.exclude(term=SearchTerm.DOCUMENT_COUNT_TERM).values_list("term", "df"))
    assert {term: df for term, df in stored.items() if df} == dict(actual)
    documents = SearchTerm.objects.get(term=SearchTerm.DOCUMENT_COUNT_TERM).df
    assert documents == Deed.objects.filter(status=Deed.Status.PUBLISHED).count() == len(corpus) - 3
