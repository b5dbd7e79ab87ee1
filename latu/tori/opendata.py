"""Open data: the published deeds as CSV and JSON downloads and an Atom feed, under
CC BY 4.0. Downloads are streamed in batches, so memory stays flat however many
deeds there are. Contact people's email addresses are not included."""

import csv
import json
from collections.abc import Iterator

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from latu.core.text import plain_excerpt
from latu.tori.models import LICENCE_NAME, LICENCE_URL, SECTOR_NAMES_FI, Deed
from latu.tori.search import SearchFilters, search

BATCH = 500
FIELDS = [
    "id", "url", "title", "lead", "story", "results", "how_to_adopt", "has_results", "sector", "sector_fi",
    "themes", "keywords", "organisation", "organisation_slug", "co_organisations", "region", "year", "language",
    "published_at", "adoptions", "awarded", "contact_name", "licence",
]


def _published():
    return (
        Deed.objects.filter(status=Deed.Status.PUBLISHED)
        .select_related("organisation", "region")
        .prefetch_related("themes", "co_organisations")
        .order_by("pk")
    )


def _batches() -> Iterator[Deed]:
    """Published deeds in id order, ``BATCH`` at a time (keyset pagination)."""
    last = 0
    while True:
        batch = list(_published().filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        yield from batch
        last = batch[-1].pk


def deed_record(deed: Deed, site: str) -> dict:
    return {
        "id": deed.pk,
        "url": site + deed.get_absolute_url(),
        "title": deed.title,
        "lead": deed.lead,
        "story": deed.story,
        "results": deed.results,
        "how_to_adopt": deed.how_to_adopt,
        "has_results": deed.has_results,
        "sector": deed.sector,
        "sector_fi": SECTOR_NAMES_FI.get(deed.sector, ""),
        "themes": [theme.slug for theme in deed.themes.all()],
        "keywords": deed.keyword_list,
        "organisation": deed.organisation.name_fi,
        "organisation_slug": deed.organisation.slug,
        "co_organisations": [org.slug for org in deed.co_organisations.all()],
        "region": deed.region.name_fi if deed.region_id else "",
        "year": deed.year,
        "language": deed.language,
        "published_at": deed.published_at.isoformat() if deed.published_at else None,
        "adoptions": deed.adoption_count,
        "awarded": deed.awarded,
        "contact_name": deed.contact_name,
        "licence": LICENCE_NAME,
    }


def _safe(value):
    """Neutralise spreadsheet formulas in text cells (as latu.core.exports does)."""
    if isinstance(value, list):
        value = ";".join(str(item) for item in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


class _Echo:
    def write(self, value):
        return value


def _site(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def deeds_csv(request: HttpRequest) -> StreamingHttpResponse:
    """All published deeds as CSV (UTF-8 with BOM, semicolon separated, lists joined with ";")."""
    site = _site(request)
    writer = csv.writer(_Echo(), delimiter=";")

    def rows():
        yield "\ufeff" + writer.writerow(FIELDS)
        for deed in _batches():
            record = deed_record(deed, site)
            yield writer.writerow([_safe(record[name]) for name in FIELDS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tekojen-tori.csv"'
    return response


def deeds_json(request: HttpRequest) -> StreamingHttpResponse:
    """All published deeds as one JSON document: {"licence": …, "deeds": [...]}."""
    site = _site(request)

    def chunks():
        head = {"licence": LICENCE_NAME, "licence_url": LICENCE_URL, "source": site + reverse("tori:index")}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "deeds": ['
        first = True
        for deed in _batches():
            yield ("" if first else ",") + json.dumps(deed_record(deed, site), ensure_ascii=False)
            first = False
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tekojen-tori.json"'
    return response


def open_data(request: HttpRequest) -> StreamingHttpResponse:
    return render(request, "tori/open_data.html", {"licence_name": LICENCE_NAME, "licence_url": LICENCE_URL})


class DeedFeed(Feed):
    """The newest published deeds as Atom; the marketplace's filters apply (``?sector=…``)."""

    feed_type = Atom1Feed
    title = _("Tekojen tori – new development deeds")
    subtitle = _("Development deeds of Finnish public-sector organisations.")
    feed_copyright = LICENCE_NAME
    limit = 50

    def get_object(self, request, *args, **kwargs):
        return SearchFilters.from_params(request.GET)

    def link(self, filters):
        return reverse("tori:index")

    def items(self, filters):
        return search("", filters, "newest", None, page_size=self.limit, with_facets=False).deeds

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return plain_excerpt(item.lead, 400)

    def item_author_name(self, item):
        return item.organisation.name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_sector_display(), *(theme.name for theme in item.themes.all())]

    def item_copyright(self, item):
        return LICENCE_NAME
