"""Finnish search over published deeds, the same on SQLite and PostgreSQL.

Use::

    from latu.tori.search import SearchFilters, search, similar_deeds, similar_to_text

    result = search("kotihoidon asiakkaille", SearchFilters(sector=["social_health"]), "relevance", user)
    result.deeds      # the page of Deed objects, best first
    result.total      # how many deeds match (with the filters)
    result.facets     # {"sector": [FacetValue(value, label, count, selected), ...], ...}

    similar_to_text("Kotihoidon asiakkaat voisivat …", limit=5)   # e.g. while an idea is typed
    similar_deeds(deed, limit=5)                                   # on a deed page

How it works: deeds are analysed when published (``latu.tori.indexing``); a query
goes through the same analysis (``latu.language.query_terms``: base forms, compound
parts, umlauts folded, operators and markup ignored). Each query term is looked up
in the vocabulary; a main term that is not there is replaced by near vocabulary
terms (typo tolerance through stored deletion keys). At most ``MAX_SEARCH_TERMS``
terms are kept, the most informative (rarest) first. One SQL statement then reads
each term's heaviest postings straight from the index (together at most
``CANDIDATE_BUDGET`` postings, shared between the terms), scores the deeds as

    Σ over query terms of  max over the term's alternatives (posting weight × query weight × idf)

(the scoring of ``latu.language.ranking.rank``), applies the filters, counts the
facets (each facet without its own filter) and returns the requested page.

Precision: a query word matched only weakly by a deed (one compound part, a near
spelling) counts ``WEAK_MATCH_FACTOR`` of its score when other deeds match the word
itself (a base form, or all parts of a query compound); and only deeds scoring at
least ``RELEVANCE_FLOOR`` × the best score within the filters are listed
(``total``; ``SearchResult.matched`` counts every deed sharing a term). See
docs/decisions/0011-deed-search-precision.md.
Any input is accepted: the answer is results or an empty list, never an error.

When a query term occurs in more deeds than its share of the budget, only its
heaviest postings are read (where the term is in the title, lead or keywords, or
repeated): the best matches are still found, but ``total`` and the facet counts are
then counted over those candidates and ``SearchResult.approximate`` is set. This
bounds the work of one search whatever the words, so it does not grow with the
number of deeds. A page of results (with its facets) is cached until the published
deeds change (``latu.tori.indexing.version``): it is the same for everyone.

Bulk loading (benchmarks, imports): ``latu.tori.indexing.index_deeds(deeds)`` in
batches of a few hundred (several processes may index at once), then
``latu.tori.indexing.vacuum()`` on PostgreSQL, or ``latu reindex-deeds``.

Database needs (see ``latu.tori.models``): postings indexed by (term, weight DESC)
including the deed, and the deed's filter columns in a covering index, so that on
PostgreSQL both are read from indexes alone (keep the tables vacuumed).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.utils.translation import get_language

from latu import access
from latu.language import query_terms
from latu.language.ranking import RELEVANCE_FLOOR, WEAK_MATCH_FACTOR, above_floor, expand_terms, idf, is_strong
from latu.organisations.models import Organisation, Region
from latu.tori.indexing import analyse_deed
from latu.tori.models import Deed, DeedTerm, FuzzyKey, SearchTerm, Sector, Theme

MAX_QUERY_LENGTH = 2000  # characters of the query that are analysed
MAX_SEARCH_TERMS = 12
CANDIDATE_BUDGET = 6000  # postings read per search, shared between the query's terms
MIN_POSTINGS_PER_TERM = 500
SIMILAR_BUDGET = 3000
MAX_PAGE_SIZE = 100
SIMILAR_TERMS = 16
SIMILAR_MIN_SCORE = 0.04
SIMILAR_FLOOR = RELEVANCE_FLOOR
# A query word's weak matches (compound part, near spelling) count WEAK_MATCH_FACTOR when
# some deed has the word itself; a page shows only deeds scoring at least RELEVANCE_FLOOR
# times the best deed's score (within the filters). Both come from latu.language.ranking,
# shared with idea search.

SORTS = ("relevance", "newest", "adopted")
FACETS = ("sector", "theme", "organisation", "region", "year", "has_results", "awarded")

_TOKEN_RE = re.compile(r"[\w-]+")


@dataclass
class SearchFilters:
    """Filters of the marketplace listing; several values of one facet mean "any of"."""

    sector: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)  # theme slugs
    organisation: list[str] = field(default_factory=list)  # organisation slugs
    region: list[str] = field(default_factory=list)  # region codes
    year: list[int] = field(default_factory=list)
    has_results: bool = False
    awarded: bool = False

    @classmethod
    def from_params(cls, params: Mapping) -> SearchFilters:
        """Filters from request parameters (a QueryDict or a dict); invalid values are ignored."""

        def values(name: str, limit: int = 30) -> list[str]:
            if hasattr(params, "getlist"):
                raw = params.getlist(name)
            else:
                raw = params.get(name, [])
                raw = [raw] if isinstance(raw, str | int) else list(raw or [])
            found: list[str] = []
            for item in raw:
                for part in str(item).split(","):
                    part = part.strip()[:60]
                    if part and _TOKEN_RE.fullmatch(part) and part not in found:
                        found.append(part)
            return found[:limit]

        def flag(name: str) -> bool:
            value = values(name, 1)
            return bool(value) and value[0].lower() in ("1", "true", "yes", "on")

        sectors = [value for value in values("sector") if value in Sector.values]
        years = [int(value) for value in values("year") if value.isdigit() and len(value) == 4]
        return cls(
            sector=sectors,
            theme=values("theme"),
            organisation=values("organisation"),
            region=[value for value in values("region") if len(value) <= 2],
            year=years,
            has_results=flag("has_results"),
            awarded=flag("awarded"),
        )

    def is_empty(self) -> bool:
        return not any(
            [self.sector, self.theme, self.organisation, self.region, self.year, self.has_results, self.awarded]
        )

    def as_params(self) -> list[tuple[str, str]]:
        params = [(name, str(value)) for name in ("sector", "theme", "organisation", "region", "year")
                  for value in getattr(self, name)]
        params += [(name, "1") for name in ("has_results", "awarded") if getattr(self, name)]
        return params


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    ids: list[int]
    deeds: list[Deed]
    total: int
    facets: dict[str, list[FacetValue]]
    page: int = 1
    page_size: int = 20
    scores: dict[int, float] = field(default_factory=dict)
    query: str = ""
    sort: str = "relevance"
    terms: list[str] = field(default_factory=list)  # the index terms the query used
    approximate: bool = False  # total and facets counted over the best candidates only
    matched: int = 0  # deeds matching the query at all (with the filters); ``total`` counts those matching well

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


# --- Vocabulary lookups ---------------------------------------------------------------


class _Vocabulary:
    """Vocabulary rows (id, document frequency) looked up once per search."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.df: dict[str, int] = {}

    def frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """Document frequencies of ``terms`` (0 when unknown)."""
        terms = list(terms)
        wanted = [term for term in set(terms) if term not in self.df]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for term_id, term, df in SearchTerm.objects.filter(term__any_of=chunk).values_list("id", "term", "df"):
                self.ids[term] = term_id
                self.df[term] = df
        for term in wanted:
            self.df.setdefault(term, 0)
        return {term: self.df[term] for term in terms}

    @property
    def document_count(self) -> int:
        return self.frequencies([SearchTerm.DOCUMENT_COUNT_TERM])[SearchTerm.DOCUMENT_COUNT_TERM]


def _fuzzy_lookup(keys: Sequence[str]) -> set[str]:
    """Vocabulary terms (in some published deed) stored under any of the deletion keys."""
    if not keys:
        return set()
    keys = list(keys)[:200]
    key_table, vocab_table = FuzzyKey._meta.db_table, SearchTerm._meta.db_table
    placeholders = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT v.term FROM {key_table} k JOIN {vocab_table} v ON v.id = k.term_id "  # noqa: S608
            f"WHERE k.key IN ({placeholders}) AND v.df > 0",
            keys,
        )
        return {row[0] for row in cursor.fetchall()}


@dataclass
class _Weighted:
    """A query term ready for SQL: its alternatives as {term id: (multiplier, document frequency)}.

    ``group`` numbers the query word the term comes from (its main term, compound
    parts and typo alternatives share it); ``strong`` alternatives are exact matches
    of the word's own base forms, the others (parts, near spellings) are weak."""

    alternatives: dict[int, tuple[float, int]]
    terms: tuple[str, ...] = ()
    group: int = 0
    strong: frozenset[int] = frozenset()

    @property
    def strength(self) -> float:
        return max((multiplier for multiplier, _ in self.alternatives.values()), default=0.0)


def _weighted_terms(query: str) -> tuple[list[_Weighted], int]:
    """The query's terms with their multipliers (query weight × idf); the most
    informative ``MAX_SEARCH_TERMS`` of them."""
    terms = query_terms(query[:MAX_QUERY_LENGTH], None)
    if not terms:
        return [], 0
    vocabulary = _Vocabulary()
    vocabulary.frequencies([*{alt for term in terms for alt in term.alternatives}, SearchTerm.DOCUMENT_COUNT_TERM])
    count = vocabulary.document_count
    if count <= 0:
        return [], 0
    groups: dict[str, int] = {}
    weighted = []
    for term in terms:
        group = groups.setdefault(term.word, len(groups))
        expanded, _ = expand_terms([term], vocabulary.frequencies, lambda: _fuzzy_lookup)
        for weight, factors in expanded:
            alternatives, strong = {}, set()
            for candidate, factor in factors.items():
                df = vocabulary.df.get(candidate, 0)
                if df and candidate in vocabulary.ids:
                    term_id = vocabulary.ids[candidate]
                    alternatives[term_id] = (weight * factor * idf(df, count), df)
                    if is_strong(weight, factor):
                        strong.add(term_id)
            if alternatives:
                weighted.append(_Weighted(alternatives, tuple(factors), group, frozenset(strong)))
    weighted.sort(key=lambda term: -term.strength)
    return weighted[:MAX_SEARCH_TERMS], count


# --- SQL --------------------------------------------------------------------------------


def _cap(weighted: Sequence[_Weighted], budget: int) -> int:
    """Postings read per term alternative: an equal share of the budget."""
    alternatives = sum(len(term.alternatives) for term in weighted) or 1
    return max(MIN_POSTINGS_PER_TERM, budget // alternatives)


def _postings_sql(weighted: Sequence[_Weighted], cap: int, precise: bool = False) -> tuple[str, list]:
    """Per deed its score: ``matched`` (deed_id, score). Each alternative contributes at
    most its ``cap`` heaviest postings; per query term the best alternative counts, and
    the query terms add up.

    With ``precise`` (a typed search), a query word's weak matches (only a compound
    part, only a near spelling) count ``WEAK_MATCH_FACTOR`` of their score whenever some
    deed matches that word exactly: they then rank below the exact matches and usually
    under the relevance floor (see ``_run``). When no deed has the word itself, they
    count fully, as before."""
    table = DeedTerm._meta.db_table
    branches, params = [], []
    for qid, term in enumerate(weighted):
        for term_id, (multiplier, _df) in term.alternatives.items():
            name = f"b{len(branches)}"
            limit = f" ORDER BY weight DESC LIMIT {int(cap)}"
            strong = 1 if term_id in term.strong else 0
            branches.append(
                f"SELECT {name}.deed_id AS deed_id, {qid} AS qid, {int(term.group)} AS gid, "  # noqa: S608
                f"{strong} AS strong, {name}.weight * %s AS s "
                f"FROM (SELECT deed_id, weight FROM {table} WHERE term_id = %s{limit}) AS {name}"
            )
            params += [float(multiplier), int(term_id)]
    postings = " UNION ALL ".join(branches)
    if not precise:
        # A deed has one posting per term, so grouping is only needed where a query term has
        # several alternatives (best one counts) or the query several terms (they add up).
        if all(len(term.alternatives) == 1 for term in weighted):
            per_term = "per_term AS (SELECT deed_id, qid, s FROM hits)"
        else:
            per_term = "per_term AS (SELECT deed_id, qid, MAX(s) AS s FROM hits GROUP BY deed_id, qid)"
        if len(weighted) == 1:
            matched = "matched AS (SELECT deed_id, s AS score FROM per_term)"
        else:
            matched = "matched AS (SELECT deed_id, SUM(s) AS score FROM per_term GROUP BY deed_id)"
        return f"hits AS ({postings}), {per_term}, {matched}", params  # noqa: S608 - fixed fragments
    # A deed having every part of a query compound (at least two) matches it well too,
    # e.g. "palautetta asiakkailta" for "asiakaspalaute".
    parts: dict[int, list[int]] = {}
    for qid, term in enumerate(weighted):
        if not term.strong and all(multiplier > 0 for multiplier, _ in term.alternatives.values()):
            parts.setdefault(term.group, []).append(qid)
    compound_qids = [qid for qids in parts.values() if len(qids) >= 2 for qid in qids]
    needed = {group: len(qids) for group, qids in parts.items() if len(qids) >= 2}
    if needed:
        in_parts = f"CASE WHEN qid IN ({', '.join(str(int(q)) for q in compound_qids)}) THEN 1 ELSE 0 END"
        need = "CASE gid " + " ".join(f"WHEN {int(g)} THEN {int(n)}" for g, n in needed.items()) + " ELSE 0 END"
        word_strong = f"CASE WHEN MAX(strong) = 1 OR SUM({in_parts}) >= {need} THEN 1 ELSE 0 END"
    else:
        word_strong = "MAX(strong)"
    sql = (
        f"hits AS ({postings}), "  # noqa: S608 - fixed fragments; values are parameters
        "per_term AS (SELECT deed_id, qid, gid, MAX(s) AS s, MAX(strong) AS strong FROM hits "
        "GROUP BY deed_id, qid, gid), "
        f"per_word AS (SELECT deed_id, gid, SUM(s) AS s, {word_strong} AS strong FROM per_term "
        "GROUP BY deed_id, gid), "
        "judged AS (SELECT deed_id, s, strong, MAX(strong) OVER (PARTITION BY gid) AS word_found FROM per_word), "
        "matched AS (SELECT deed_id, SUM(CASE WHEN strong = 1 OR word_found = 0 THEN s "
        f"ELSE s * {float(WEAK_MATCH_FACTOR)} END) AS score FROM judged GROUP BY deed_id)"
    )
    return sql, params


_FACET_COLUMNS = {
    "sector": "f.sector",
    "organisation": "f.organisation_id",
    "region": "f.region_id",
    "year": "f.year",
}


def _filter_conditions(filters: SearchFilters, theme_ids: list[int]) -> dict[str, tuple[str, list]]:
    """SQL condition per active facet, on the ``f`` rows."""
    conditions: dict[str, tuple[str, list]] = {}

    def any_of(column: str, values: Sequence) -> tuple[str, list]:
        return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)

    if filters.sector:
        conditions["sector"] = any_of("f.sector", filters.sector)
    if filters.year:
        conditions["year"] = any_of("f.year", filters.year)
    if filters.region:
        conditions["region"] = any_of("f.region_id", filters.region)
    if filters.organisation:
        org_table = Organisation._meta.db_table
        placeholders = ", ".join(["%s"] * len(filters.organisation))
        conditions["organisation"] = (
            f"f.organisation_id IN (SELECT id FROM {org_table} WHERE slug IN ({placeholders}))",  # noqa: S608
            list(filters.organisation),
        )
    if filters.theme:
        through = Deed.themes.through._meta.db_table
        ids = theme_ids or [-1]
        placeholders = ", ".join(["%s"] * len(ids))
        conditions["theme"] = (
            f"f.deed_id IN (SELECT deed_id FROM {through} WHERE theme_id IN ({placeholders}))",  # noqa: S608
            ids,
        )
    if filters.has_results:
        conditions["has_results"] = ("f.has_results = %s", [True])
    if filters.awarded:
        conditions["awarded"] = ("f.awarded = %s", [True])
    return conditions


def _where(conditions: dict[str, tuple[str, list]], without: str | None = None) -> tuple[str, list]:
    parts = [(sql, params) for name, (sql, params) in conditions.items() if name != without]
    if not parts:
        return "", []
    return " WHERE " + " AND ".join(sql for sql, _ in parts), [p for _, params in parts for p in params]


_ORDER = {
    "relevance": "f.score DESC, f.published_at DESC, f.deed_id DESC",
    "newest": "f.published_at DESC, f.deed_id DESC",
    "adopted": "f.adoption_count DESC, f.published_at DESC, f.deed_id DESC",
}


def _run(matched_sql: str, matched_params: list, filters: SearchFilters, theme_ids: list[int], sort: str,
         limit: int, offset: int, with_facets: bool,
         floor: float = 0.0) -> tuple[list[tuple[int, float]], int, dict]:
    """One page of hits, the total and the facet counts. With a ``floor`` only deeds
    scoring at least ``floor`` × the best score count; the best is taken within the
    filters (for a facet's counts: within the other filters), so a filter never
    empties a page because better matches exist outside it."""
    deed_table = Deed._meta.db_table
    through = Deed.themes.through._meta.db_table
    base = (
        f"WITH {matched_sql}, f AS (SELECT m.deed_id, m.score, d.sector, d.organisation_id, d.region_id, "  # noqa: S608
        "d.year, d.has_results, d.awarded, d.adoption_count, d.published_at "
        f"FROM matched m JOIN {deed_table} d ON d.id = m.deed_id WHERE d.status = %s) "
    )
    params = [*matched_params, Deed.Status.PUBLISHED]
    conditions = _filter_conditions(filters, theme_ids)

    def source(where: str, where_params: list, join: str = "", condition: str = "",
               per: str = "") -> tuple[str, list]:
        """FROM … WHERE for the deeds of ``f`` passing ``where``, the floor and ``condition``,
        with ``join`` joined; the rows are called ``f``. A facet's floor is taken per
        value (``per``): its count is what choosing that value would list."""
        outer = [condition] if condition else []
        if floor > 0:
            window = f"PARTITION BY {per}" if per else ""
            extra_columns = ", dt.theme_id AS theme_id" if join else ""
            source_sql = (f"(SELECT f.*{extra_columns}, MAX(f.score) OVER ({window}) AS best "  # noqa: S608
                          f"FROM f{join}{where}) AS f")  # noqa: S608 - fixed fragments
            outer.insert(0, f"f.score >= {float(floor)} * f.best")
        else:
            source_sql = f"f{join}"
            outer = [where.removeprefix(" WHERE ")] * bool(where) + outer
        return source_sql + (" WHERE " + " AND ".join(outer) if outer else ""), where_params

    where_all, where_all_params = _where(conditions)
    hit_from, hit_params = source(where_all, where_all_params)
    selects = [
        (
            "SELECT 'hit' AS facet, CAST(page.deed_id AS VARCHAR(64)) AS value, page.score AS n, page.pos AS pos "  # noqa: S608
            f"FROM (SELECT f.deed_id, f.score, ROW_NUMBER() OVER (ORDER BY {_ORDER[sort]}) AS pos "
            f"FROM {hit_from} ORDER BY pos LIMIT {int(limit)} OFFSET {int(offset)}) AS page",
            hit_params,
        ),
        (f"SELECT 'total', '', COUNT(*), 0 FROM {hit_from}", hit_params),  # noqa: S608
        (f"SELECT 'matched', '', COUNT(*), 0 FROM f{where_all}", where_all_params),  # noqa: S608
    ]
    if with_facets:
        for name, column in _FACET_COLUMNS.items():
            facet_from, facet_params = source(*_where(conditions, without=name), per=column)
            selects.append((
                f"SELECT '{name}', CAST({column} AS VARCHAR(64)), COUNT(*), 0 FROM {facet_from} GROUP BY {column}",  # noqa: S608
                facet_params,
            ))
        facet_from, facet_params = source(*_where(conditions, without="theme"),
                                          join=f" JOIN {through} dt ON dt.deed_id = f.deed_id", per="dt.theme_id")
        theme_column = "f.theme_id" if floor > 0 else "dt.theme_id"
        selects.append((
            f"SELECT 'theme', CAST({theme_column} AS VARCHAR(64)), COUNT(*), 0 FROM {facet_from} "  # noqa: S608
            f"GROUP BY {theme_column}",
            facet_params,
        ))
        for name in ("has_results", "awarded"):
            facet_from, facet_params = source(*_where(conditions, without=name), condition=f"f.{name} = %s",
                                              per=f"f.{name}")
            selects.append((f"SELECT '{name}', '1', COUNT(*), 0 FROM {facet_from}", [*facet_params, True]))  # noqa: S608
    sql = base + " UNION ALL ".join(select for select, _ in selects)
    for _, select_params in selects:
        params += select_params
    hits: list[tuple[int, float, int]] = []
    total = 0
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    counts["matched"] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, number, position in cursor.fetchall():
            if facet == "hit":
                hits.append((int(value), float(number or 0), int(position)))
            elif facet == "total":
                total = int(number)
            elif facet == "matched":
                counts["matched"][""] = int(number)
            elif value is not None and number:
                counts[facet][str(value)] = int(number)
    hits.sort(key=lambda hit: hit[2])
    return [(deed_id, score) for deed_id, score, _ in hits], total, counts


def _all_published_sql() -> tuple[str, list]:
    deed_table = Deed._meta.db_table
    return (
        f"matched AS (SELECT id AS deed_id, 0.0 AS score FROM {deed_table} WHERE status = %s)",  # noqa: S608
        [Deed.Status.PUBLISHED],
    )


# --- Facet labels -----------------------------------------------------------------------


def _facet_values(counts: dict[str, dict[str, int]], filters: SearchFilters, themes: list[Theme]) -> dict:
    facets: dict[str, list[FacetValue]] = {}
    sector_labels = dict(Sector.choices)
    facets["sector"] = [
        FacetValue(value, str(sector_labels[value]), counts["sector"].get(value, 0), value in filters.sector)
        for value in Sector.values
        if counts["sector"].get(value) or value in filters.sector
    ]
    theme_by_id = {str(theme.pk): theme for theme in themes}
    facets["theme"] = sorted(
        (
            FacetValue(theme.slug, theme.name, counts["theme"].get(key, 0), theme.slug in filters.theme)
            for key, theme in theme_by_id.items()
            if counts["theme"].get(key) or theme.slug in filters.theme
        ),
        key=lambda value: (-value.count, value.label),
    )
    org_ids = [int(key) for key in counts["organisation"]]
    organisations = Organisation.objects.filter(pk__in=org_ids) | Organisation.objects.filter(
        slug__in=filters.organisation
    )
    facets["organisation"] = sorted(
        (
            FacetValue(org.slug, org.name, counts["organisation"].get(str(org.pk), 0), org.slug in filters.organisation)
            for org in organisations.only("pk", "slug", "name_fi", "name_sv", "name_en")
        ),
        key=lambda value: (-value.count, value.label),
    )
    region_codes = set(counts["region"]) | set(filters.region)
    facets["region"] = sorted(
        (
            FacetValue(region.code, region.name, counts["region"].get(region.code, 0), region.code in filters.region)
            for region in Region.objects.filter(code__in=region_codes)
        ),
        key=lambda value: (-value.count, value.label),
    )
    years = {int(key) for key in counts["year"]} | set(filters.year)
    facets["year"] = [
        FacetValue(str(year), str(year), counts["year"].get(str(year), 0), year in filters.year)
        for year in sorted(years, reverse=True)
    ]
    for name in ("has_results", "awarded"):
        count = counts[name].get("1", 0)
        selected = getattr(filters, name)
        facets[name] = [FacetValue("1", "", count, selected)] if count or selected else []
    return facets


def _load_deeds(ids: Sequence[int], user) -> list[Deed]:
    if not ids:
        return []
    qs = (
        access.scope(user, Deed)
        .filter(pk__in=ids)
        .select_related("organisation", "region")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("order", "name_fi")))
    )
    by_id = {deed.pk: deed for deed in qs}
    return [by_id[pk] for pk in ids if pk in by_id]


# --- Public API -------------------------------------------------------------------------


def search(
    query: str | None = "",
    filters: SearchFilters | None = None,
    sort: str | None = None,
    user=None,
    page: int = 1,
    page_size: int = 20,
    with_facets: bool = True,
) -> SearchResult:
    """Published deeds matching ``query`` and ``filters``, one page of them, and facet counts.

    ``sort`` is "relevance" (default with a query), "newest" (default without) or
    "adopted". Never raises on odd input: anything unusable matches nothing.
    """
    query = query if isinstance(query, str) else ""
    query = query.replace("\x00", " ").strip()
    filters = filters or SearchFilters()
    if sort not in SORTS:
        sort = "relevance" if query else "newest"
    if sort == "relevance" and not query:
        sort = "newest"
    page_size = max(1, min(int(page_size or 20), MAX_PAGE_SIZE))
    try:
        page = max(1, min(int(page), 10000))
    except (TypeError, ValueError):
        page = 1
    offset = (page - 1) * page_size
    key = _result_key(query, filters, sort, page_size, offset, with_facets)
    found = cache.get(key) if key else None
    if found is None:
        found = _find(query, filters, sort, page_size, offset, with_facets)
        if key:
            cache.set(key, found, settings.TORI_SEARCH_CACHE_SECONDS)
    hits, total, facets, used_terms, approximate, matched = found
    deeds = _load_deeds([deed_id for deed_id, _ in hits], user)
    return SearchResult(
        [deed.pk for deed in deeds], deeds, total, facets, page, page_size, dict(hits), query, sort, used_terms,
        approximate, matched,
    )


def kept_key(kind: str, *parts) -> str | None:
    """A cache key for something made only of published deeds (a page of search
    results, its HTML or JSON): it changes with the published deeds and the language.
    None when keeping is off (``TORI_SEARCH_CACHE_SECONDS`` 0)."""
    if settings.TORI_SEARCH_CACHE_SECONDS <= 0:
        return None
    from latu.tori.indexing import version

    digest = hashlib.sha256(repr((version(), get_language(), *parts)).encode()).hexdigest()
    return f"tori:{kind}:{digest}"


def _result_key(query: str, filters: SearchFilters, sort: str, limit: int, offset: int,
                with_facets: bool) -> str | None:
    """Results are the same for everyone (only published deeds are searched), so a
    page of them, with its facets in the current language, is kept until the published
    deeds change (``latu.tori.indexing.version``) or ``TORI_SEARCH_CACHE_SECONDS`` pass.
    Marketplace searches repeat a lot; the deeds change a few times a day."""
    return kept_key("search-floor", query, filters.as_params(), sort, limit, offset, with_facets)


def _find(query: str, filters: SearchFilters, sort: str, limit: int, offset: int, with_facets: bool):
    """(hits, total, facets, index terms used, approximate, matched) of one page, from the
    database: ``total`` counts the deeds over the relevance floor, ``matched`` all matching."""
    themes = list(Theme.objects.all()) if with_facets or filters.theme else []
    theme_ids = [theme.pk for theme in themes if theme.slug in filters.theme]
    empty_counts = {name: {} for name in FACETS}
    used_terms: list[str] = []
    approximate = False
    if query:
        weighted, _ = _weighted_terms(query)
        used_terms = [term for item in weighted for term in item.terms]
        if not weighted:
            facets = _facet_values(empty_counts, filters, themes) if with_facets else {}
            return [], 0, facets, [], False, 0
        cap = _cap(weighted, CANDIDATE_BUDGET)
        approximate = any(df > cap for term in weighted for _, df in term.alternatives.values())
        matched_sql, matched_params = _postings_sql(weighted, cap, precise=True)
    else:
        matched_sql, matched_params = _all_published_sql()
    hits, total, counts = _run(matched_sql, matched_params, filters, theme_ids, sort, limit, offset, with_facets,
                               RELEVANCE_FLOOR if query else 0.0)
    matched = counts.pop("matched", {}).get("", total)
    facets = _facet_values(counts, filters, themes) if with_facets else {}
    return hits, total, facets, used_terms, approximate, matched


def _similar(terms: Mapping[str, float], limit: int, user, exclude_id: int | None,
             exclude_organisation_id: int | None) -> list[Deed]:
    if not terms:
        return []
    vocabulary = _Vocabulary()
    vocabulary.frequencies([*terms, SearchTerm.DOCUMENT_COUNT_TERM])
    count = vocabulary.document_count
    if count <= 0:
        return []
    # The text's most telling terms, weighted by tf × idf.
    weighted = sorted(
        (
            (term, weight * idf(vocabulary.df[term], count))
            for term, weight in terms.items()
            if vocabulary.df.get(term) and term in vocabulary.ids
        ),
        key=lambda item: -item[1],
    )[:SIMILAR_TERMS]
    if not weighted:
        return []
    query_norm = math.sqrt(sum(value * value for _, value in weighted))
    items = [
        _Weighted({vocabulary.ids[term]: (value * idf(vocabulary.df[term], count) / query_norm, vocabulary.df[term])})
        for term, value in weighted
    ]
    matched_sql, params = _postings_sql(items, _cap(items, SIMILAR_BUDGET))
    deed_table = Deed._meta.db_table
    conditions = ["d.status = %s"]
    params.append(Deed.Status.PUBLISHED)
    if exclude_id:
        conditions.append("d.id <> %s")
        params.append(exclude_id)
    if exclude_organisation_id:
        conditions.append("d.organisation_id <> %s")
        params.append(exclude_organisation_id)
    sql = (
        f"WITH {matched_sql} SELECT m.deed_id, m.score / (d.search_norm + 1.0) AS similarity "  # noqa: S608
        f"FROM matched m JOIN {deed_table} d ON d.id = m.deed_id WHERE {' AND '.join(conditions)} "
        f"ORDER BY similarity DESC, d.published_at DESC LIMIT {int(limit)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [(deed_id, score) for deed_id, score in cursor.fetchall() if score >= SIMILAR_MIN_SCORE]
    # Deeds sharing only a minor term with the text trail the ones about the same thing.
    rows = above_floor(rows, SIMILAR_FLOOR)
    return _load_deeds([deed_id for deed_id, _ in rows], user)


def similar_to_text(
    text: str, limit: int = 5, user=None, exclude_id: int | None = None, exclude_organisation_id: int | None = None
) -> list[Deed]:
    """Published deeds about the same things as ``text`` (e.g. an idea being written), best first."""
    if not isinstance(text, str) or not text.strip():
        return []
    limit = max(1, min(int(limit), 50))
    from latu.language import analyse

    return _similar(analyse(text[:20000], None), limit, user, exclude_id, exclude_organisation_id)


def similar_deeds(deed: Deed, limit: int = 5, user=None) -> list[Deed]:
    """Published deeds most like ``deed`` (its own postings, or its analysed text if it is
    not published), best first, without the deed itself."""
    limit = max(1, min(int(limit), 50))
    terms = dict(DeedTerm.objects.filter(deed=deed).values_list("term__term", "weight"))
    if not terms:
        terms = analyse_deed(deed)
    return _similar(terms, limit, user, deed.pk, None)


@dataclass(frozen=True)
class FilterChip:
    """One active filter, with the address of the same search without it."""

    label: str
    remove_url: str


FACET_ORDER = ("sector", "has_results", "awarded", "theme", "region", "organisation", "year")


def filter_chips(facets: Mapping[str, list[FacetValue]], params, path: str) -> list[FilterChip]:
    """The selected facet values as chips, each linking to the search without that one
    value (and on its first page). ``params`` is the request's QueryDict."""
    from django.utils.translation import gettext

    flag_labels = {"has_results": gettext("Measured results"), "awarded": gettext("Awarded")}
    chips = []
    for name in FACET_ORDER:
        for item in facets.get(name, ()):
            if not item.selected:
                continue
            rest = params.copy()
            rest.setlist(name, [value for value in params.getlist(name) if value != item.value])
            rest.pop("page", None)
            query = rest.urlencode()
            chips.append(FilterChip(flag_labels.get(name) or item.label, f"{path}?{query}" if query else path))
    return chips
