"""Read side of programme services: service pages, the expert pool with its filters,
applications and the programme office's queue with its processing times."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch, QuerySet

from latu import access
from latu.programmes.models import PROFILE_VOCABULARIES, Application, Expert, Programme, Service

MAX_COMPARED = 4


def programmes() -> list[Programme]:
    return list(Programme.objects.select_related("county").prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("kind", "name_fi"))
    ))


def service(slug: str) -> Service | None:
    return Service.objects.select_related("programme").filter(slug=slug).first()


@dataclass
class ExpertFilters:
    values: dict[str, str]

    @classmethod
    def from_params(cls, params) -> ExpertFilters:
        values = {}
        for field, vocabulary in PROFILE_VOCABULARIES.items():
            value = params.get(field, "")
            if value in vocabulary.values:
                values[field] = value
        if params.get("delivery") in Expert.Delivery.values:
            values["delivery"] = params["delivery"]
        return cls(values)

    def apply(self, qs: QuerySet) -> QuerySet:
        for field, value in self.values.items():
            if field == "delivery":
                qs = qs.filter(delivery__in=[value, Expert.Delivery.BOTH])
            else:
                qs = qs.filter(**{f"{field}__contains": f",{value},"})
        return qs


def experts(user, filters: ExpertFilters) -> list[Expert]:
    return list(filters.apply(access.scope(user, Expert).select_related("provider")))


def compared_experts(user, ids: list[str]) -> list[Expert]:
    wanted = [int(i) for i in ids if str(i).isdigit()][:MAX_COMPARED]
    found = {e.pk: e for e in access.scope(user, Expert).select_related("provider").filter(pk__in=wanted)}
    return [found[i] for i in wanted if i in found]


def expert(user, slug: str) -> Expert | None:
    return access.scope(user, Expert).select_related("provider").filter(slug=slug).first()


def my_applications(user) -> list[Application]:
    return list(access.scope(user, Application).select_related("service", "organisation"))


def application(user, pk: int) -> Application:
    qs = Application.objects.select_related(
        "service__programme", "organisation", "unit", "applicant", "preferred_expert__provider", "decided_by"
    ).prefetch_related("participants")
    return access.get_or_404(user, qs, pk=pk)


@dataclass
class Queue:
    waiting: list[Application]
    decided: list[Application]
    median: timedelta | None
    fastest: timedelta | None


RECENT_DECIDED = 20


def queue(user) -> Queue:
    """Submitted applications, oldest first, the latest decisions and the time from
    submission to decision over every decided application."""
    qs = access.scope(user, Application).select_related("service", "organisation", "preferred_expert")
    waiting = list(qs.filter(status=Application.Status.SUBMITTED).order_by("submitted_at")
                   .prefetch_related("participants"))
    decided = list(qs.filter(status__in=[Application.Status.GRANTED, Application.Status.DECLINED])
                   .order_by("-decided_at")[:RECENT_DECIDED])
    times = [
        decided_at - submitted_at
        for submitted_at, decided_at in access.scope(user, Application)
        .filter(submitted_at__isnull=False, decided_at__isnull=False)
        .values_list("submitted_at", "decided_at")
    ]
    median = timedelta(seconds=statistics.median(t.total_seconds() for t in times)) if times else None
    return Queue(waiting, decided, median, min(times) if times else None)
