"""Search quality on a Finnish test set, through the real database search.

The corpus and most queries come from ``latu.language.tests.search_quality``
(inflected words, whole and partial compounds, text typed without umlauts,
misspellings); ``EXTRA_QUERIES`` adds more of each kind. Every deed is stored,
published and indexed like any other, and each query runs through
``latu.tori.search.search``. Recall@10 is printed (run pytest with ``-s`` to see
it) and must be at least 0.9. On PostgreSQL the same queries also run as plain
``to_tsvector('finnish', …) @@ plainto_tsquery('finnish', …)`` for comparison.

The graded set (``latu.language.tests.search_quality_graded``: its own deeds,
judged completely with grades 2 = highly relevant and 1 = relevant) measures
precision too, over the first page of 10 as a person reads it:

- recall@10: relevant deeds (grade ≥ 1) found in the top 10 / relevant deeds, over all queries;
- precision@10: relevant deeds among those returned in the top 10 / the number
  returned (fewer than 10 when the relevance floor cuts the page), averaged over
  queries; a query returning nothing counts 0;
- nDCG@10: DCG with gain 2^grade − 1 and discount log2(rank + 1), divided by the
  ideal DCG, averaged over queries.
"""

import math

import pytest
from django.db import connection

from latu.language.tests.search_quality import DOCUMENTS, QUERIES
from latu.language.tests.search_quality_graded import GRADED_DOCUMENTS, GRADED_QUERIES
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
MIN_GRADED_RECALL = 0.95
MIN_GRADED_PRECISION = 0.90


def make_corpus(documents: dict[str, str] | None = None, slug: str = "testikunta") -> dict[str, int]:
    """Publish the quality corpus as deeds of one organisation; {document key: deed id}.
    Also used by ``bench/tori_bench.py``."""
    organisation = OrganisationFactory(slug=slug, name_fi=slug.capitalize())
    ids = {}
    deeds = []
    for key, text in (DOCUMENTS if documents is None else documents).items():
        title, _, rest = text.partition(". ")
        deed = DeedFactory(organisation=organisation, title=title, lead=rest.split(". ")[0], story=rest, index=False)
        ids[key] = deed.pk
        deeds.append(deed)
    indexing.index_deeds(deeds)
    return ids


@pytest.fixture
def corpus(db) -> dict[str, int]:
    return make_corpus()


@pytest.fixture
def graded_corpus(db) -> dict[str, int]:
    return make_corpus(GRADED_DOCUMENTS, "arviokunta")


def graded_figures(found: dict[str, list[int]], ids: dict[str, int],
                   queries: list[tuple[str, dict[str, int]]] = GRADED_QUERIES) -> tuple[float, float, float, list[str]]:
    """(recall@10, precision@10, nDCG@10, notes) of ``found`` {query: deed ids, best first}
    against graded judgments; the definitions are in the module docstring."""
    keys = {deed_id: key for key, deed_id in ids.items()}
    relevant = hit = 0
    precisions, ndcgs, notes = [], [], []
    for query, grades in queries:
        top = [keys.get(deed_id, "?") for deed_id in found[query][:10]]
        relevant += len(grades)
        hit += sum(1 for key in grades if key in top)
        precisions.append(sum(1 for key in top if key in grades) / len(top) if top else 0.0)
        dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(rank + 2) for rank, key in enumerate(top))
        ideal = sum((2**grade - 1) / math.log2(rank + 2)
                    for rank, grade in enumerate(sorted(grades.values(), reverse=True)[:10]))
        ndcgs.append(dcg / ideal if ideal else 0.0)
        missed = [key for key in grades if key not in top]
        extra = [key for key in top if key not in grades]
        if missed or extra:
            notes.append(f"{query!r}: missed {missed}, not relevant {extra}")
    return hit / relevant, sum(precisions) / len(queries), sum(ndcgs) / len(queries), notes


def test_the_graded_set_is_large_enough():
    assert len(GRADED_DOCUMENTS) >= 30
    assert len(GRADED_QUERIES) >= 60
    assert len({query for query, _ in GRADED_QUERIES}) == len(GRADED_QUERIES)
    assert all(key in GRADED_DOCUMENTS and grade in (1, 2)
               for _, grades in GRADED_QUERIES for key, grade in grades.items())


def test_precision_recall_and_ndcg_on_the_graded_set(graded_corpus, capsys):
    found = {query: search(query, page_size=10, with_facets=False).ids for query, _ in GRADED_QUERIES}
    recall, precision, ndcg, notes = graded_figures(found, graded_corpus)
    lines = [f"Latu search on the graded set, {len(GRADED_QUERIES)} queries ({connection.vendor}): "
             f"R@10 {recall:.3f} P@10 {precision:.3f} nDCG@10 {ndcg:.3f}"]
    if connection.vendor == "postgresql":
        baseline = {query: postgres_finnish(query) for query, _ in GRADED_QUERIES}
        b_recall, b_precision, b_ndcg, _ = graded_figures(baseline, graded_corpus)
        lines.append(f"PostgreSQL to_tsvector('finnish') on the same set: "
                     f"R@10 {b_recall:.3f} P@10 {b_precision:.3f} nDCG@10 {b_ndcg:.3f}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        for note in notes:
            print("  " + note)
    assert recall >= MIN_GRADED_RECALL, notes
    assert precision >= MIN_GRADED_PRECISION, notes


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
