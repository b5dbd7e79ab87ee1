"""Typo tolerance: near vocabulary terms by symmetric deletion keys.

A vocabulary term is stored under its *deletion keys*: its first
``PREFIX_LENGTH`` characters with up to one or two characters deleted. A query
term computes its own keys the same way; every vocabulary term sharing a key is
a candidate, and candidates are then checked with a real edit distance
(Levenshtein with adjacent transpositions). Two strings within edit distance
``k`` always share a key reachable with ``k`` deletions on each side, also when
only prefixes are keyed, so no near term is missed.

Tolerated distance depends on the query term's length (``max_edits``): none
below 5 characters, 1 from 5, 2 from 9. The keys stored for a vocabulary term
must cover every query that may reach it, so their depth follows the term's own
length with the limits lowered by the distance (``index_depth``).

The keys of a vocabulary can live in a database table ``(key, term)`` with an
index on ``key``: pass a function that takes a list of keys and returns the
terms stored under them, and the lookup becomes one indexed query.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

PREFIX_LENGTH = 8

KeyLookup = Callable[[Collection[str]], Iterable[str]]


def max_edits(length: int) -> int:
    """Edit distance tolerated for a query term of ``length`` characters."""
    if length >= 9:
        return 2
    if length >= 5:
        return 1
    return 0


def index_depth(length: int) -> int:
    """Deletion depth to store for a vocabulary term of ``length`` characters."""
    if length >= 7:
        return 2
    if length >= 4:
        return 1
    return 0


def deletion_keys(term: str, depth: int | None = None) -> set[str]:
    """Deletion keys of ``term``: its prefix with up to ``depth`` characters removed.

    Without ``depth`` the keys are those to store for a vocabulary term.
    """
    if depth is None:
        depth = index_depth(len(term))
    prefix = term[:PREFIX_LENGTH]
    keys = {prefix}
    frontier = {prefix}
    for _ in range(depth):
        frontier = {word[:i] + word[i + 1 :] for word in frontier for i in range(len(word))}
        keys |= frontier
    keys.discard("")
    return keys


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions; ``limit + 1`` once it exceeds ``limit``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


class FuzzyIndex:
    """In-memory deletion-key index of a vocabulary, callable as a key lookup."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._terms: dict[str, list[str]] = {}
        for term in set(vocabulary):
            for key in deletion_keys(term):
                self._terms.setdefault(key, []).append(term)

    def __call__(self, keys: Collection[str]) -> set[str]:
        found: set[str] = set()
        for key in keys:
            found.update(self._terms.get(key, ()))
        return found


def fuzzy_candidates(term: str, vocabulary: Iterable[str] | KeyLookup, limit: int = 20) -> list[str]:
    """Vocabulary terms within the tolerated edit distance of ``term``, nearest first.

    ``vocabulary`` is either a key lookup (a :class:`FuzzyIndex` or a function
    querying stored deletion keys) or a plain iterable of terms, which is
    scanned; scan only small vocabularies. ``term`` itself is not returned.
    """
    allowed = max_edits(len(term))
    if allowed == 0:
        return []
    if callable(vocabulary):
        candidates: Iterable[str] = vocabulary(sorted(deletion_keys(term, allowed)))
    else:
        candidates = vocabulary
    scored: dict[str, tuple[int, int]] = {}
    for candidate in candidates:
        if candidate == term or candidate in scored or abs(len(candidate) - len(term)) > allowed:
            continue
        distance = edit_distance(term, candidate, allowed)
        if distance <= allowed:
            scored[candidate] = (distance, abs(len(candidate) - len(term)))
    return sorted(scored, key=lambda candidate: (*scored[candidate], candidate))[:limit]
