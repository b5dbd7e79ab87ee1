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
from dataclasses import dataclass
from typing import TypeVar

from .analysis import LEMMA_WEIGHT, QueryTerm, query_terms
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


# Match classes (see docs/decisions/0011-deed-search-precision.md): a query word's weak
# matches (only a compound part, only a near spelling) count WEAK_MATCH_FACTOR of their
# score when some document has the word itself (a base form, exactly); a result list
# keeps only documents scoring at least RELEVANCE_FLOOR times the best one.
WEAK_MATCH_FACTOR = 0.2
RELEVANCE_FLOOR = 0.1


def is_strong(weight: float, factor: float) -> bool:
    """Whether an alternative of a query term with ``weight``, matched with ``factor``,
    is the word itself (one of its base forms, spelt as typed) rather than a compound
    part or a near spelling."""
    return weight >= LEMMA_WEIGHT and factor >= 1.0


@dataclass(frozen=True)
class ClassedTerm:
    """A usable query term: ``group`` numbers the query word it comes from (its main
    term, compound parts and near spellings share it), ``factors`` are its index terms
    with their match factors and ``strong`` the ones that are the word itself."""

    group: int
    weight: float
    factors: dict[str, float]
    strong: frozenset[str]


def expand_classed(
    terms: Sequence[QueryTerm],
    document_frequency: Callable[[Iterable[str]], Mapping[str, int]],
    vocabulary: Callable[[], Iterable[str] | KeyLookup] | None,
) -> tuple[list[ClassedTerm], dict[str, int]]:
    """:func:`expand_terms` with each term's word and strong alternatives. The document
    frequencies of all the terms' alternatives are looked up together, once."""
    known = dict(document_frequency({alt for term in terms for alt in term.alternatives}))

    def frequencies(wanted: Iterable[str]) -> dict[str, int]:
        wanted = set(wanted)
        missing = wanted - set(known)
        if missing:
            known.update(document_frequency(missing))
        return {term: known.get(term, 0) for term in wanted}

    groups: dict[str, int] = {}
    classed: list[ClassedTerm] = []
    for term in terms:
        group = groups.setdefault(term.word, len(groups))
        expanded, _ = expand_terms([term], frequencies, vocabulary)
        for weight, factors in expanded:
            strong = frozenset(c for c, factor in factors.items() if is_strong(weight, factor))
            classed.append(ClassedTerm(group, weight, factors, strong))
    return classed, {term: n for term, n in known.items() if n}


def classed_scores(
    hits: Iterable[tuple[DocId, int, str, float]],
    terms: Sequence[ClassedTerm],
    weak_factor: float = WEAK_MATCH_FACTOR,
) -> dict[DocId, float]:
    """Documents' scores from ``hits`` (document, index of the term in ``terms``, index
    term, score of that posting): per term the best alternative counts, a word's terms
    add up, and a word matched only weakly counts ``weak_factor`` of that when some
    document matches it strongly. Having every part (two or more) of a query compound,
    e.g. "palautetta asiakkailta" for "asiakaspalaute", is a strong match too."""
    per_term: dict[tuple[DocId, int], tuple[float, bool]] = {}
    for doc, qid, term, score in hits:
        strong = term in terms[qid].strong
        old = per_term.get((doc, qid))
        if old is None or score > old[0]:
            per_term[(doc, qid)] = (score, strong or (old is not None and old[1]))
        elif strong:
            per_term[(doc, qid)] = (old[0], True)
    parts: dict[int, set[int]] = {}
    for qid, term in enumerate(terms):
        if not term.strong:
            parts.setdefault(term.group, set()).add(qid)
    parts = {group: qids for group, qids in parts.items() if len(qids) >= 2}
    per_word: dict[tuple[DocId, int], list] = {}
    for (doc, qid), (score, strong) in per_term.items():
        word = per_word.setdefault((doc, terms[qid].group), [0.0, False, set()])
        word[0] += score
        word[1] = word[1] or strong
        word[2].add(qid)
    found: set[int] = set()
    for (_doc, group), word in per_word.items():
        if not word[1] and group in parts and parts[group] <= word[2]:
            word[1] = True
        if word[1]:
            found.add(group)
    scores: dict[DocId, float] = {}
    for (doc, group), (score, strong, _) in per_word.items():
        scores[doc] = scores.get(doc, 0.0) + (score if strong or group not in found else score * weak_factor)
    return scores


def above_floor(ranked: Sequence[tuple[DocId, float]], floor: float = RELEVANCE_FLOOR) -> list[tuple[DocId, float]]:
    """The documents of ``ranked`` (id, score) scoring at least ``floor`` times the best."""
    if not ranked:
        return []
    best = max(score for _, score in ranked)
    return [(doc, score) for doc, score in ranked if score >= floor * best]
