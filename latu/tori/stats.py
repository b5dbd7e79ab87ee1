"""Key figures of Tekojen tori (the statistics page and API) and the spread of
practices between organisations and regions (the spread views)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from latu.organisations.models import Organisation, Region
from latu.tori.models import Adoption, Comment, Deed, Sector


def _published():
    return Deed.objects.filter(status=Deed.Status.PUBLISHED, published_at__isnull=False)


@dataclass
class YearRow:
    year: int
    total: int  # deeds at the end of the year (or now, for the current year)
    new: int
    per_month: float
    adoptions: int


def statistics(today: date | None = None) -> dict:
    """Everything on the statistics page, as plain data."""
    today = today or timezone.localdate()
    published = _published()
    total = published.count()
    new_by_year = dict(
        published.annotate(y=ExtractYear("published_at")).values_list("y").annotate(n=Count("id")).values_list("y", "n")
    )
    adoptions = Adoption.objects.filter(deed__status=Deed.Status.PUBLISHED)
    adoptions_by_year = dict(
        adoptions.annotate(y=ExtractYear("adopted_on")).values_list("y").annotate(n=Count("id")).values_list("y", "n")
    )
    years = sorted(set(new_by_year) | set(adoptions_by_year))
    rows: list[YearRow] = []
    running = 0
    for year in range(years[0], years[-1] + 1) if years else []:
        new = new_by_year.get(year, 0)
        running += new
        months = today.month if year == today.year else 12
        rows.append(YearRow(year, running, new, round(new / months, 1), adoptions_by_year.get(year, 0)))

    # Per month, the last 24 months.
    start = today.year * 12 + today.month - 1 - 23
    first_month = date(start // 12, start % 12 + 1, 1)
    monthly = Counter(
        {
            (y, m): n
            for y, m, n in published.filter(published_at__date__gte=first_month)
            .annotate(y=ExtractYear("published_at"), m=ExtractMonth("published_at"))
            .values_list("y", "m")
            .annotate(n=Count("id"))
            .values_list("y", "m", "n")
        }
    )
    months = []
    y, m = first_month.year, first_month.month
    while (y, m) <= (today.year, today.month):
        months.append((f"{m}/{y}", monthly.get((y, m), 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)

    by_sector = dict(published.values_list("sector").annotate(n=Count("id")).values_list("sector", "n"))
    labels = dict(Sector.choices)
    sectors = [
        {"code": code, "name": str(labels[code]), "count": by_sector.get(code, 0),
         "share": round(100 * by_sector.get(code, 0) / total, 1) if total else 0.0}
        for code in Sector.values
    ]

    top = list(
        published.values_list("organisation").annotate(n=Count("id")).order_by("-n", "organisation")
        .values_list("organisation", "n")[:10]
    )
    names = {org.pk: org for org in Organisation.objects.filter(pk__in=[pk for pk, _ in top])}
    most_active = [{"organisation": names[pk], "count": n} for pk, n in top if pk in names]

    org_types = dict(Organisation.Type.choices)
    by_type = [
        {"type": kind, "name": str(org_types.get(kind, kind)), "count": n}
        for kind, n in published.values_list("organisation__type")
        .annotate(n=Count("organisation", distinct=True))
        .order_by("-n")
        .values_list("organisation__type", "n")
    ]
    return {
        "total": total,
        "organisations": published.values("organisation").distinct().count(),
        "organisations_by_type": by_type,
        "adoptions": adoptions.count(),
        "adopting_organisations": adoptions.values("organisation").distinct().count(),
        "adopted_deeds": adoptions.values("deed").distinct().count(),
        "comments": Comment.objects.filter(is_hidden=False, deed__status=Deed.Status.PUBLISHED).count(),
        "with_results": published.filter(has_results=True).count(),
        "years": rows,
        "months": months,
        "sectors": sectors,
        "most_active": most_active,
    }


# --- Spread ------------------------------------------------------------------------------


@dataclass
class SpreadNode:
    organisation: Organisation
    adopted_on: date | None  # None for the deed's own organisation
    adoption: Adoption | None = None
    children: list[SpreadNode] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return 1 + max((child.depth for child in self.children), default=0)

    def longest_chain(self) -> list[SpreadNode]:
        if not self.children:
            return [self]
        best = max(self.children, key=lambda child: (child.depth, -(child.adopted_on or date.min).toordinal()))
        return [self, *best.longest_chain()]


def spread_tree(deed: Deed, adoptions: list[Adoption] | None = None) -> SpreadNode:
    """Who learned the deed from whom, rooted at the deed's organisation. An adopter
    whose source is unknown (or not an earlier link) hangs from the root."""
    if adoptions is None:
        adoptions = list(
            deed.adoptions.select_related("organisation__region", "learned_from").order_by("adopted_on", "pk")
        )
    root = SpreadNode(deed.organisation, None)
    nodes = {deed.organisation_id: root}
    pending = sorted(adoptions, key=lambda a: (a.adopted_on, a.pk))
    for adoption in pending:
        node = SpreadNode(adoption.organisation, adoption.adopted_on, adoption)
        parent = nodes.get(adoption.learned_from_id) or root
        parent.children.append(node)
        nodes.setdefault(adoption.organisation_id, node)
    return root


def _region_name(code: str | None, regions: dict[str, Region]) -> str:
    region = regions.get(code) if code else None
    return region.name if region else "–"


def deed_spread(deed: Deed) -> dict:
    adoptions = list(
        deed.adoptions.select_related("organisation__region", "learned_from", "adopted_by").order_by("adopted_on", "pk")
    )
    tree = spread_tree(deed, adoptions)
    per_year = Counter(adoption.adopted_on.year for adoption in adoptions)
    years = list(range(min(per_year), max(per_year) + 1)) if per_year else []
    cumulative, running = [], 0
    for year in years:
        running += per_year.get(year, 0)
        cumulative.append(running)
    regions: dict[str, dict] = {}
    for adoption in adoptions:
        region = adoption.organisation.region
        key = region.code if region else ""
        entry = regions.setdefault(key, {"region": region, "count": 0, "first": adoption.adopted_on})
        entry["count"] += 1
        entry["first"] = min(entry["first"], adoption.adopted_on)
    return {
        "adoptions": adoptions,
        "tree": tree,
        "chain": tree.longest_chain(),
        "years": years,
        "per_year": [per_year.get(year, 0) for year in years],
        "cumulative": cumulative,
        "regions": sorted(regions.values(), key=lambda entry: (entry["first"], -entry["count"])),
        "same_region": sum(1 for a in adoptions if a.organisation.region_id == deed.region_id),
    }


def marketplace_spread(sector: str | None = None, chains: int = 10) -> dict:
    """How practices spread over the whole marketplace: adoptions per year, region → region
    flows, and the longest chains of adoption."""
    adoptions = Adoption.objects.filter(deed__status=Deed.Status.PUBLISHED)
    deeds = _published()
    if sector:
        adoptions = adoptions.filter(deed__sector=sector)
        deeds = deeds.filter(sector=sector)
    rows = list(
        adoptions.values_list(
            "deed_id", "deed__region_id", "organisation_id", "organisation__region_id", "learned_from_id",
            "learned_from__region_id", "adopted_on",
        )
    )
    regions = {region.code: region for region in Region.objects.all()}
    per_year = Counter(row[6].year for row in rows)
    new_deeds = dict(
        deeds.annotate(y=ExtractYear("published_at")).values_list("y").annotate(n=Count("id")).values_list("y", "n")
    )
    all_years = sorted(set(per_year) | set(new_deeds))
    years = list(range(all_years[0], all_years[-1] + 1)) if all_years else []
    flows: Counter = Counter()
    for _deed, deed_region, _org, to_region, learned_from, from_region, _on in rows:
        source = from_region if learned_from else deed_region
        flows[(source or "", to_region or "")] += 1
    involved = sorted({code for pair in flows for code in pair if code}, key=lambda code: code)
    matrix = [
        {
            "region": _region_name(source, regions),
            "cells": [flows.get((source, target), 0) for target in involved],
            "total": sum(flows.get((source, target), 0) for target in involved),
        }
        for source in involved
    ]
    top_flows = [
        {"from": _region_name(source, regions), "to": _region_name(target, regions), "count": count}
        for (source, target), count in flows.most_common(12)
        if source != target
    ][:10]
    same = sum(count for (source, target), count in flows.items() if source and source == target)

    counts = Counter(row[0] for row in rows)
    top_ids = [deed_id for deed_id, _ in counts.most_common(chains * 3)]
    by_deed: dict[int, list[Adoption]] = defaultdict(list)
    for adoption in (
        Adoption.objects.filter(deed_id__in=top_ids)
        .select_related("organisation__region", "learned_from")
        .order_by("adopted_on", "pk")
    ):
        by_deed[adoption.deed_id].append(adoption)
    chain_rows = []
    for deed in Deed.objects.filter(pk__in=top_ids).select_related("organisation__region"):
        tree = spread_tree(deed, by_deed[deed.pk])
        chain_rows.append({"deed": deed, "chain": tree.longest_chain(), "adoptions": len(by_deed[deed.pk]),
                           "depth": tree.depth - 1})
    chain_rows.sort(key=lambda row: (-row["depth"], -row["adoptions"], row["deed"].title))
    return {
        "total": len(rows),
        "years": years,
        "per_year": [per_year.get(year, 0) for year in years],
        "new_deeds": [new_deeds.get(year, 0) for year in years],
        "regions": [_region_name(code, regions) for code in involved],
        "matrix": matrix,
        "top_flows": top_flows,
        "same_region": same,
        "other_region": len(rows) - same,
        "chains": chain_rows[:chains],
    }
