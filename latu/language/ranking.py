"""Scoring of documents against a query, shared by in-memory and database search.

A document's score is the sum over query terms of

    query term weight × max over its alternatives (document weight × idf)

with ``idf = ln(1 + (N - df + 0.5) / (df + 0.5))``. A main query term none of
whose alternatives occurs in any document falls back to the near vocabulary
terms of :func:`fuzzy_candidates`, counted with ``FUZZY_FACTOR``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from .analysis import QueryTerm, query_terms
from .fuzzy import FuzzyIndex, KeyLookup, fuzzy_candidates

DocId = TypeVar("DocId", bound=Hashable)

FUZZY_FACTOR = 0.7


def idf(document_frequency: int, document_count: int) -> float:
    """Inverse document frequency (the always-positive BM25 form)."""
    return math.log(1.0 + (document_count - document_frequency + 0.5) / (document_frequency + 0.5))


def document_frequencies(terms: Iterable[str], docs_terms: Mapping[DocId, Mapping[str, float]]) -> dict[str, int]:
    """How many documents contain each of ``terms``."""
    counts = dict.fromkeys(terms, 0)
    for doc_terms in docs_terms.values():
        for term in counts:
            if term in doc_terms:
                counts[term] += 1
    return counts


def expand_terms(
    terms: Sequence[QueryTerm],
    document_frequency: Callable[[Iterable[str]], Mapping[str, int]],
    vocabulary: Callable[[], Iterable[str] | KeyLookup] | None,
) -> tuple[list[tuple[float, dict[str, float]]], dict[str, int]]:
    """Each usable query term as (weight, {index term: match factor}), with typo fallback.

    ``document_frequency`` gives document counts for terms; ``vocabulary``
    gives, on demand, what :func:`fuzzy_candidates` searches (or ``None`` to
    tolerate no typos). Also returns the document counts it looked up.
    """
    frequencies = dict(document_frequency({alt for term in terms for alt in term.alternatives}))
    expanded: list[tuple[float, dict[str, float]]] = []
    lookup: Iterable[str] | KeyLookup | None = None
    for term in terms:
        factors = {alt: 1.0 for alt in term.alternatives if frequencies.get(alt)}
        if not factors and term.fuzzy and vocabulary is not None:
            if lookup is None:
                lookup = vocabulary()
            for alternative in term.alternatives:
                for candidate in fuzzy_candidates(alternative, lookup):
                    factors.setdefault(candidate, FUZZY_FACTOR)
            frequencies.update(document_frequency(set(factors) - set(frequencies)))
            factors = {candidate: factor for candidate, factor in factors.items() if frequencies.get(candidate)}
        if factors:
            expanded.append((term.weight, factors))
    return expanded, frequencies


def rank(
    query: str | Sequence[QueryTerm],
    docs_terms: Mapping[DocId, Mapping[str, float]],
    limit: int | None = 10,
    language: str = "fi",
    fuzzy: bool = True,
) -> list[tuple[DocId, float]]:
    """Documents matching ``query`` as (id, score), best first; ties keep the mapping's order."""
    terms = query_terms(query, language) if isinstance(query, str) else list(query)
    if not terms or not docs_terms:
        return []
    count = len(docs_terms)

    def frequencies(wanted: Iterable[str]) -> dict[str, int]:
        return document_frequencies(wanted, docs_terms)

    def vocabulary() -> FuzzyIndex:
        return FuzzyIndex(term for doc_terms in docs_terms.values() for term in doc_terms)

    expanded, document_frequency = expand_terms(terms, frequencies, vocabulary if fuzzy else None)
    weighted = [
        (weight, [(term, factor * idf(document_frequency[term], count)) for term, factor in factors.items()])
        for weight, factors in expanded
    ]
    scores: dict[DocId, float] = {}
    for doc_id, doc_terms in docs_terms.items():
        score = 0.0
        for weight, candidates in weighted:
            best = max((doc_terms.get(candidate, 0.0) * value for candidate, value in candidates), default=0.0)
            score += weight * best
        if score > 0.0:
            scores[doc_id] = score
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    return ranked if limit is None else ranked[:limit]
