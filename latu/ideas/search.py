"""Finnish-aware search and similarity of ideas.

An idea's text is analysed when it is saved (``latu.language.analyse``: lemmas,
compound parts, folded umlauts); its terms go into ``IdeaTerm`` and new vocabulary
terms get their deletion keys in ``TermKey``. A search is one SQL aggregation over
``IdeaTerm`` (the same on SQLite and PostgreSQL), scored like
``latu.language.ranking.rank``: query term weight × document term weight × idf, with
misspelt words matched through the deletion keys.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Case, Count, F, FloatField, QuerySet, Sum, Value, When

from latu.language import analyse, deletion_keys, detect_language, max_edits, query_terms, tokens_string
from latu.language.ranking import expand_terms, idf

from .models import Idea, IdeaTerm, TermKey

MAX_TERM_LENGTH = 64
TITLE_FACTOR = 2.0  # words of the title say more about the idea than the rest
# Share of the query that an idea must match to be shown as "similar" while typing.
SIMILAR_THRESHOLD = 0.2


def idea_terms(idea: Idea) -> dict[str, float]:
    language = idea.language if idea.language in ("fi", "sv", "en") else None
    body = "\n".join(filter(None, [idea.description, idea.problem, idea.proposal, idea.beneficiaries]))
    terms: dict[str, float] = {}
    for term, weight in analyse(idea.title, language).items():
        terms[term] = terms.get(term, 0.0) + TITLE_FACTOR * weight
    for term, weight in analyse(body, language).items():
        terms[term] = terms.get(term, 0.0) + weight
    return {term: round(weight, 2) for term, weight in terms.items() if 0 < len(term) <= MAX_TERM_LENGTH}


def guess_language(*texts: str, default: str = "fi") -> str:
    text = " ".join(t for t in texts if t)
    return detect_language(text) if text.strip() else default


def _store_vocabulary(terms: Iterable[str]) -> None:
    """Deletion keys for vocabulary terms not seen before (one query, then one batch insert)."""
    terms = set(terms)
    if not terms:
        return
    known = set(
        TermKey.objects.filter(key__in={term[:8] for term in terms}, term__in=terms).values_list("term", flat=True)
    )
    rows = [(key, term) for term in sorted(terms - known) for key in sorted(deletion_keys(term))]
    _insert_ignoring_duplicates(TermKey, ("key", "term"), rows)


def _insert_ignoring_duplicates(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """A plain multi-row insert (SQLite and PostgreSQL both know ON CONFLICT DO NOTHING),
    much faster than building model instances for tens of thousands of small rows."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def index_idea(idea: Idea) -> None:
    """(Re)build the stored terms of an idea. Call inside the transaction that saved it."""
    terms = idea_terms(idea)
    tokens = tokens_string(terms)
    if tokens != idea.search_tokens:
        idea.search_tokens = tokens
        Idea.objects.filter(pk=idea.pk).update(search_tokens=tokens)
    IdeaTerm.objects.filter(idea=idea).delete()
    IdeaTerm.objects.bulk_create(
        [IdeaTerm(idea=idea, organisation_id=idea.organisation_id, term=t, weight=w) for t, w in terms.items()]
    )
    _store_vocabulary(terms)


def prepare_terms(ideas: list[Idea]) -> list[dict[str, float]]:
    """For bulk loading (demo, benchmark): analyse unsaved ideas and set their
    ``search_tokens``; pass the result to :func:`store_terms` once they have ids."""
    analysed = []
    for idea in ideas:
        terms = idea_terms(idea)
        idea.search_tokens = tokens_string(terms)
        analysed.append(terms)
    return analysed


def store_terms(ideas: list[Idea], analysed: list[dict[str, float]]) -> None:
    rows = [
        (idea.pk, idea.organisation_id, term, weight)
        for idea, terms in zip(ideas, analysed, strict=True)
        for term, weight in terms.items()
    ]
    _insert_ignoring_duplicates(IdeaTerm, ("idea_id", "organisation_id", "term", "weight"), rows)
    _store_vocabulary({term for terms in analysed for term in terms})


def index_many(ideas: list[Idea]) -> None:
    """Index saved ideas in bulk."""
    analysed = prepare_terms(ideas)
    Idea.objects.bulk_update(ideas, ["search_tokens"], batch_size=500)
    IdeaTerm.objects.filter(idea__in=[idea.pk for idea in ideas]).delete()
    store_terms(ideas, analysed)


def _vocabulary(terms, known: dict[str, int]):
    """A key lookup for the typo fallback, loaded with one query: the deletion keys of
    every query word that no idea contains."""
    missing = {alt for term in terms if term.fuzzy for alt in term.alternatives if not known.get(alt)}
    keys = {key for alt in missing for key in deletion_keys(alt, max_edits(len(alt)))}
    stored: dict[str, set[str]] = {}
    if keys:
        for key, term in TermKey.objects.filter(key__in=sorted(keys)).values_list("key", "term"):
            stored.setdefault(key, set()).add(term)

    def lookup(wanted) -> set[str]:
        found: set[str] = set()
        for key in wanted:
            found |= stored.get(key, set())
        return found

    return lookup


def rank_ideas(
    text: str,
    ideas: QuerySet,
    *,
    organisation=None,
    limit: int | None = 10,
    language: str | None = None,
    threshold: float = 0.0,
) -> list[tuple[int, float]]:
    """Ids of ``ideas`` matching ``text`` with their scores, best first.

    ``threshold`` (0–1) keeps only ideas that match at least that share of the query.
    ``organisation`` narrows the term lookups to one organisation's index.
    """
    language = language or guess_language(text)
    terms = query_terms(text or "", language)
    if not terms:
        return []
    rows = IdeaTerm.objects.filter(idea__in=ideas.values("pk"))
    if organisation is not None:
        rows = rows.filter(organisation=organisation)

    known: dict[str, int] = {}

    def frequencies(wanted) -> dict[str, int]:
        wanted = sorted(set(wanted))
        if not wanted:
            return {}
        found = dict(rows.filter(term__in=wanted).values("term").annotate(n=Count("id")).values_list("term", "n"))
        known.update(found)
        return found

    expanded, document_frequency = expand_terms(terms, frequencies, lambda: _vocabulary(terms, known))
    if not expanded:
        return []
    count = max(ideas.count(), 1)
    multiplier: dict[str, float] = {}
    best_possible = 0.0
    for weight, factors in expanded:
        values = {c: weight * f * idf(document_frequency.get(c, 0), count) for c, f in factors.items()}
        best_possible += max(values.values())
        for candidate, value in values.items():
            multiplier[candidate] = multiplier.get(candidate, 0.0) + value
    score = Sum(
        F("weight") * Case(*[When(term=t, then=Value(v)) for t, v in multiplier.items()], default=Value(0.0),
                           output_field=FloatField()),
        output_field=FloatField(),
    )
    query = rows.filter(term__in=list(multiplier)).values("idea").annotate(score=score).order_by("-score", "-idea")
    if threshold > 0:
        query = query.filter(score__gte=threshold * best_possible)
    if limit is not None:
        query = query[:limit]
    return [(row["idea"], row["score"]) for row in query]


def similar_ideas(text: str, ideas: QuerySet, *, organisation=None, limit: int = 5, exclude: int | None = None):
    """Ideas similar to a text being written, best first (merged ideas are left out:
    the idea they were merged into stands for them)."""
    if len((text or "").strip()) < 3:
        return []
    ideas = ideas.exclude(status=Idea.Status.MERGED)
    if exclude is not None:
        ideas = ideas.exclude(pk=exclude)
    ranked = rank_ideas(text, ideas, organisation=organisation, limit=limit, threshold=SIMILAR_THRESHOLD)
    by_id = Idea.objects.select_related("unit").in_bulk([pk for pk, _ in ranked])
    return [by_id[pk] for pk, _ in ranked if pk in by_id]
