"""Finnish-aware search and similarity of ideas.

An idea's text is analysed when it is saved (``latu.language.analyse``: lemmas,
compound parts, folded umlauts); its terms go into ``IdeaTerm`` and new vocabulary
terms get their deletion keys in ``TermKey``. A search is one SQL aggregation over
``IdeaTerm`` (the same on SQLite and PostgreSQL), scored like
``latu.language.ranking.rank``: query term weight × document term weight × idf, with
misspelt words matched through the deletion keys. Searches and similar ideas use the
match classes and relevance floor of deed search (``latu.language.ranking``,
docs/decisions/0011-deed-search-precision.md): a query word's compound-part and
near-spelling matches count ``WEAK_MATCH_FACTOR`` when some idea has the word itself,
and ideas under ``RELEVANCE_FLOOR`` × the best one are left out.

The work of one search is bounded for large organisations (a city has ~100 000
ideas): when the organisations hold more than ``EXACT_BELOW`` ideas, each query term
reads only its heaviest postings there (an equal share of ``CANDIDATE_BUDGET``,
straight from the index ordered by weight), and the scored candidates are then checked
against the person's scope and filters. The best matches are still found, as they
carry the heaviest postings; a very common word may leave out ideas where it is only
a minor part. When a narrow filter (a unit, a status) leaves too few of the candidates,
the filtered set is ranked exactly instead. Smaller organisations are ranked exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, QuerySet, Sum, Value, When

from latu.core.bulk import copy_rows, insert_ignoring_duplicates
from latu.language import analyse, deletion_keys, detect_language, max_edits, query_terms
from latu.language.ranking import (
    RELEVANCE_FLOOR,
    ClassedTerm,
    above_floor,
    classed_scores,
    expand_classed,
    expand_terms,
    idf,
)

from .models import Idea, IdeaTerm, TermKey

MAX_TERM_LENGTH = 64
TITLE_FACTOR = 2.0  # words of the title say more about the idea than the rest
# Share of the query that an idea must match to be shown as "similar" while typing.
SIMILAR_THRESHOLD = 0.2
# Ranking in organisations with more ideas than this reads at most CANDIDATE_BUDGET postings.
EXACT_BELOW = 5000
CANDIDATE_BUDGET = 6000
MIN_POSTINGS_PER_TERM = 500
SCOPE_CHECK_CHUNK = 1000
SCOPE_CHECK_FIRST = 40
FREQUENCY_CAP = 20000
COUNT_SECONDS = 600


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
    insert_ignoring_duplicates(TermKey, ("key", "term"), rows)


def index_idea(idea: Idea) -> None:
    """(Re)build the stored terms of a saved idea, in place of the ones it had. Call
    inside the transaction that saved it."""
    index_many([idea])


def prepare_terms(ideas: list[Idea]) -> list[dict[str, float]]:
    """Analyse ideas (new ones, or many in bulk); pass the result to :func:`store_terms`
    once they have ids."""
    return [idea_terms(idea) for idea in ideas]


def store_terms(ideas: list[Idea], analysed: list[dict[str, float]]) -> None:
    """Store the terms of saved ideas, in place of any they had (an idea edited before it
    was announced has been indexed once already)."""
    rows = [
        (idea.pk, idea.organisation_id, term, weight)
        for idea, terms in zip(ideas, analysed, strict=True)
        for term, weight in terms.items()
    ]
    IdeaTerm.objects.filter(idea__any_of=[idea.pk for idea in ideas]).delete()
    copy_rows(IdeaTerm, ("idea_id", "organisation_id", "term", "weight"), rows)
    _store_vocabulary({term for terms in analysed for term in terms})


def index_many(ideas: list[Idea]) -> None:
    """Index saved ideas in bulk."""
    store_terms(ideas, prepare_terms(ideas))


TEXT_FIELDS = ("organisation", "language", "title", "description", "problem", "proposal", "beneficiaries")


def announced_ideas(organisation_id: int | None = None) -> QuerySet:
    """The ideas that have their terms (of one organisation, or all)."""
    ideas = Idea.objects.filter(announced=True)
    return ideas if organisation_id is None else ideas.filter(organisation_id=organisation_id)


def reindex(ideas: QuerySet, batch_size: int = 500, progress=None) -> int:
    """Analyse the ideas again and replace their terms, e.g. after the Finnish dictionary
    was updated. Each batch is its own transaction and locks its ideas, so an edit
    meanwhile is neither lost nor overwritten; searches go on. ``progress(done)`` is
    called after each batch. Returns the number of ideas indexed."""
    done, last = 0, 0
    while True:
        with transaction.atomic():
            batch = list(ideas.filter(pk__gt=last).only(*TEXT_FIELDS).order_by("pk")
                         .select_for_update(of=("self",))[:batch_size])
            if not batch:
                return done
            index_many(batch)
        done, last = done + len(batch), batch[-1].pk
        if progress:
            progress(done)


def prune_vocabulary() -> int:
    """Delete the deletion keys of words that no idea has any more (ideas deleted, or
    analysed again by ``reindex``); returns how many. A word that an idea being announced
    at this very moment brings back may lose its keys until the next run: only its
    misspellings go unmatched meanwhile."""
    in_use = IdeaTerm.objects.filter(term=OuterRef("term"))
    return TermKey.objects.filter(~Exists(in_use)).delete()[0]


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
    organisations: Iterable[int] | None = None,
    limit: int | None = 10,
    language: str | None = None,
    threshold: float = 0.0,
    precise: bool = True,
) -> list[tuple[int, float]]:
    """Ids of ``ideas`` matching ``text`` with their scores, best first.

    ``threshold`` (0–1) keeps only ideas that match at least that share of the query.
    ``organisation`` (or the ids in ``organisations``) says where ``ideas`` lie: the
    term lookups then read that index only, and when ``ideas`` is a large set the work
    is bounded (see the module docstring). Without either, the ranking is exact over
    ``ideas``, which suits small sets such as a person's own ideas.

    With ``precise`` (the default) the match classes of deed search apply: a query
    word's compound-part and near-spelling matches count ``WEAK_MATCH_FACTOR`` when
    some idea has the word itself, and only ideas scoring at least ``RELEVANCE_FLOOR``
    times the best visible one are returned. ``precise=False`` ranks as before (kept
    for the quality comparison).
    """
    language = language or guess_language(text)
    terms = query_terms(text or "", language)
    if not terms:
        return []
    org_ids = [organisation.pk] if organisation is not None else sorted(set(organisations or []))
    if organisation is None and organisations is None:
        return _rank_exact(terms, ideas, None, limit, threshold, precise)
    if not org_ids:
        return []
    if _idea_count(org_ids) <= EXACT_BELOW:
        return _rank_exact(terms, ideas, org_ids, limit, threshold, precise)
    ranked, too_few = _rank_bounded(terms, ideas, org_ids, limit, threshold, precise)
    if too_few and threshold == 0:
        # Few of the heaviest postings were in ``ideas``: a narrow filter (a unit, a
        # status) on a common word. Such a set is small enough to rank exactly.
        return _rank_exact(terms, ideas, org_ids, limit, threshold, precise)
    return ranked


def _score(expanded, document_frequency: dict[str, int], count: int) -> tuple[dict[str, float], float]:
    """Per candidate term, what one unit of its weight in an idea adds to the score; and
    the best score an idea could reach."""
    multiplier: dict[str, float] = {}
    best_possible = 0.0
    for weight, factors in expanded:
        values = {c: weight * f * idf(document_frequency.get(c, 0), count) for c, f in factors.items()}
        best_possible += max(values.values())
        for candidate, value in values.items():
            multiplier[candidate] = multiplier.get(candidate, 0.0) + value
    return multiplier, best_possible


def _classed_values(classed: list[ClassedTerm], document_frequency: dict[str, int],
                    count: int) -> tuple[dict[str, list[tuple[int, float]]], float]:
    """Per candidate term, the query terms it answers as (term index, what one unit of
    its weight in an idea adds); and the best score an idea could reach."""
    values: dict[str, list[tuple[int, float]]] = {}
    best_possible = 0.0
    for qid, term in enumerate(classed):
        term_values = {c: term.weight * f * idf(document_frequency.get(c, 0), count) for c, f in term.factors.items()}
        best_possible += max(term_values.values())
        for candidate, value in term_values.items():
            values.setdefault(candidate, []).append((qid, value))
    return values, best_possible


def _classed_ranking(postings: Iterable[tuple[int, str, float]], classed: list[ClassedTerm],
                     values: dict[str, list[tuple[int, float]]], threshold_score: float) -> list[tuple[int, float]]:
    """Ideas' classed scores (``latu.language.ranking.classed_scores``) from their
    postings (idea, term, weight), at least ``threshold_score``, best first."""
    hits = ((idea, qid, term, weight * value) for idea, term, weight in postings for qid, value in values.get(term, ()))
    scores = classed_scores(hits, classed)
    ranked = [(idea, score) for idea, score in scores.items() if score > 0 and score >= threshold_score]
    ranked.sort(key=lambda item: (-item[1], -item[0]))
    return ranked


def _rank_exact(terms, ideas: QuerySet, org_ids, limit, threshold, precise: bool = True):
    """One aggregation over every posting of the query's terms in ``ideas`` (with
    ``precise``: the postings, classed and summed in Python, then the floor)."""
    rows = IdeaTerm.objects.filter(idea__in=ideas.values("pk"))
    if org_ids is not None:
        rows = rows.filter(organisation__in=org_ids)
    known: dict[str, int] = {}

    def frequencies(wanted) -> dict[str, int]:
        wanted = sorted(set(wanted))
        if not wanted:
            return {}
        found = dict(rows.filter(term__in=wanted).values("term").annotate(n=Count("id")).values_list("term", "n"))
        known.update(found)
        return found

    if precise:
        classed, document_frequency = expand_classed(terms, frequencies, lambda: _vocabulary(terms, known))
        if not classed:
            return []
        values, best_possible = _classed_values(classed, document_frequency, max(ideas.count(), 1))
        postings = rows.filter(term__in=sorted(values)).values_list("idea", "term", "weight")
        ranked = above_floor(_classed_ranking(postings, classed, values, threshold * best_possible), RELEVANCE_FLOOR)
        return ranked if limit is None else ranked[:limit]
    expanded, document_frequency = expand_terms(terms, frequencies, lambda: _vocabulary(terms, known))
    if not expanded:
        return []
    multiplier, best_possible = _score(expanded, document_frequency, max(ideas.count(), 1))
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


def _idea_count(org_ids: list[int]) -> int:
    """How many ideas the organisations have, for the idf; it changes slowly, so a
    count a few minutes old serves."""
    key = "latu:ideas:count:" + ",".join(map(str, org_ids))
    count = cache.get(key)
    if count is None:
        count = Idea.objects.filter(organisation__in=org_ids).count()
        cache.set(key, count, COUNT_SECONDS)
    return max(count, 1)


def _rank_bounded(terms, ideas: QuerySet, org_ids: list[int], limit, threshold, precise: bool = True):
    """Each candidate term contributes at most its share of ``CANDIDATE_BUDGET``
    heaviest postings in the organisations (read from the index in weight order); the
    candidates are scored in SQL and then checked against ``ideas`` (the person's
    scope and any filters), best first, until ``limit`` are found. Also says whether
    some term had more postings than it could read and fewer than ``limit`` were
    visible (the floor, which may shorten the list, does not count)."""
    known: dict[str, int] = {}
    table = connection.ops.quote_name(IdeaTerm._meta.db_table)
    orgs = ", ".join(["%s"] * len(org_ids))

    def frequencies(wanted) -> dict[str, int]:
        """Document frequencies counted up to ``FREQUENCY_CAP`` (from the index alone):
        beyond that a word is so common that its exact count hardly moves the ranking.
        Kept for ``COUNT_SECONDS``, as they change slowly."""
        prefix = "latu:ideas:df:" + ",".join(map(str, org_ids)) + ":"
        wanted = sorted(set(wanted))
        kept = cache.get_many([prefix + term for term in wanted])
        found = {term: kept[prefix + term] for term in wanted if prefix + term in kept}
        missing = [term for term in wanted if prefix + term not in kept]
        if missing:
            counted = _count_postings(missing)
            # Words no idea has yet are not kept: the next idea may bring them.
            cache.set_many({prefix + term: n for term, n in counted.items() if n}, COUNT_SECONDS)
            found.update(counted)
        found = {term: n for term, n in found.items() if n}
        known.update(found)
        return found

    def _count_postings(wanted: list[str]) -> dict[str, int]:
        branches, params = [], []
        for term in wanted:
            branches.append(
                f"SELECT %s AS term, COUNT(*) AS n FROM (SELECT 1 FROM {table} "  # noqa: S608 - fixed fragments
                f"WHERE organisation_id IN ({orgs}) AND term = %s LIMIT {int(FREQUENCY_CAP)}) AS c{len(branches)}"
            )
            params += [term, *org_ids, term]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(branches), params)
            return dict(cursor.fetchall())

    if precise:
        classed, document_frequency = expand_classed(terms, frequencies, lambda: _vocabulary(terms, known))
        if not classed:
            return [], False
        values, best_possible = _classed_values(classed, document_frequency, _idea_count(org_ids))
        multiplier = dict.fromkeys(values, 1.0)
    else:
        expanded, document_frequency = expand_terms(terms, frequencies, lambda: _vocabulary(terms, known))
        if not expanded:
            return [], False
        multiplier, best_possible = _score(expanded, document_frequency, _idea_count(org_ids))
    present = {term: value for term, value in multiplier.items() if document_frequency.get(term)}
    if not present:
        return [], False
    cap = max(MIN_POSTINGS_PER_TERM, CANDIDATE_BUDGET // (len(present) * len(org_ids)))
    truncated = any(document_frequency[term] > cap for term in present)
    branches, params, branch_terms = [], [], []
    for term, value in sorted(present.items()):
        for org_id in org_ids:
            name = f"b{len(branches)}"
            branches.append(
                f"SELECT {name}.idea_id AS idea_id, {name}.weight * %s AS s, {len(branches)} AS b "  # noqa: S608
                f"FROM (SELECT idea_id, weight FROM {table} WHERE organisation_id = %s AND term = %s "
                f"ORDER BY weight DESC LIMIT {int(cap)}) AS {name}"
            )
            params += [float(value), int(org_id), term]
            branch_terms.append(term)
    if precise:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(branches), params)
            postings = [(idea, branch_terms[branch], weight) for idea, weight, branch in cursor.fetchall()]
        scored = _classed_ranking(postings, classed, values, threshold * best_possible)
        ranked = _visible(scored, ideas, limit)
        # The best visible idea sets the floor: a filter never empties the list because
        # better matches lie outside it.
        return above_floor(ranked, RELEVANCE_FLOOR), truncated and (limit is None or len(ranked) < limit)
    having = ""
    if threshold > 0:
        having = " HAVING SUM(s) >= %s"
        params.append(float(threshold * best_possible))
    sql = (
        f"SELECT idea_id, SUM(s) AS score FROM (SELECT idea_id, s FROM ({' UNION ALL '.join(branches)}) AS u) AS hits "  # noqa: S608 - fixed
        f"GROUP BY idea_id{having} ORDER BY score DESC, idea_id DESC"  # fragments; values are parameters
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        scored = cursor.fetchall()
    ranked = _visible(scored, ideas, limit)
    return ranked, truncated and (limit is None or len(ranked) < limit)


def _visible(scored: list[tuple[int, float]], ideas: QuerySet, limit: int | None) -> list[tuple[int, float]]:
    """The first ``limit`` of ``scored`` (id, score; best first) that are in ``ideas``."""
    ranked: list[tuple[int, float]] = []
    wanted = len(scored) if limit is None else limit
    # Usually nearly every candidate is visible: check a few more than wanted first (the
    # three similar ideas of an idea page need not check a thousand), then more at a time.
    start, size = 0, min(max(4 * wanted, SCOPE_CHECK_FIRST), SCOPE_CHECK_CHUNK)
    while start < len(scored) and len(ranked) < wanted:
        chunk = scored[start : start + size]
        start, size = start + size, min(4 * size, SCOPE_CHECK_CHUNK)
        visible = set(ideas.filter(pk__any_of=[pk for pk, _ in chunk]).values_list("pk", flat=True))
        ranked += [(pk, score) for pk, score in chunk if pk in visible]
    return ranked[:wanted]


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
