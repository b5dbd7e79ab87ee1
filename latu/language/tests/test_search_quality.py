"""Recall@10 on the municipal deed corpus, against a plain word-match baseline."""

import math
import re
from collections.abc import Callable

from latu.language import analyse
from latu.language.ranking import rank
from latu.language.tests.search_quality import DOCUMENTS, QUERIES

K = 10
WORD = re.compile(r"\w+")


def recall_at_k(search: Callable[[str], list[str]]) -> tuple[float, list[str]]:
    """Mean share of each query's wanted documents found in its first K results, and the misses."""
    total = 0.0
    misses = []
    for query, wanted in QUERIES:
        found = set(search(query)[:K])
        total += len(found & set(wanted)) / len(wanted)
        missing = sorted(set(wanted) - found)
        if missing:
            misses.append(f"{query!r} missed {', '.join(missing)}")
    return total / len(QUERIES), misses


def baseline_search() -> Callable[[str], list[str]]:
    """Exact lowercase word match, each matched query word counted by its idf."""
    words = {doc_id: set(WORD.findall(text.lower())) for doc_id, text in DOCUMENTS.items()}

    def search(query: str) -> list[str]:
        scores: dict[str, float] = {}
        for word in set(WORD.findall(query.lower())):
            matching = [doc_id for doc_id, doc_words in words.items() if word in doc_words]
            for doc_id in matching:
                scores[doc_id] = scores.get(doc_id, 0.0) + math.log(1 + len(words) / len(matching))
        return sorted(scores, key=lambda doc_id: -scores[doc_id])

    return search


def test_corpus_is_large_enough():
    assert len(DOCUMENTS) >= 60
    assert len(QUERIES) >= 50
    assert all(doc_id in DOCUMENTS for _, wanted in QUERIES for doc_id in wanted)


def test_recall_at_10():
    docs_terms = {doc_id: analyse(text) for doc_id, text in DOCUMENTS.items()}
    recall, misses = recall_at_k(lambda query: [doc_id for doc_id, _ in rank(query, docs_terms, limit=K)])
    baseline, _ = recall_at_k(baseline_search())
    print(f"\nrecall@{K}: analysis {recall:.3f}, exact word match {baseline:.3f} ({len(QUERIES)} queries)")
    for miss in misses:
        print("  ", miss)
    assert recall >= 0.9
    assert recall > baseline
