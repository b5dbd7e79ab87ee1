"""TOP lists, campaigns and award events in /api/v1/: public reads, and the two ways to
nominate (haasta kollega for anyone, award proposals for people signed in)."""

from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.response import Response

from latu import access
from latu.access.drf import PolicyPermission
from latu.api.throttling import SubmitRateThrottle
from latu.campaigns import actions, queries, ratelimit
from latu.campaigns.models import AwardCategory, AwardEvent, AwardNomination, Campaign, TopList, TopListItem
from latu.campaigns.serializers import (
    AwardCategorySerializer,
    AwardEventDetailSerializer,
    AwardEventSerializer,
    AwardNominationCreateSerializer,
    AwardNominationResultSerializer,
    CampaignDetailSerializer,
    CampaignSerializer,
    DeedSummarySerializer,
    NominationSerializer,
    TopListDetailSerializer,
    TopListSerializer,
)
from latu.tori.models import Deed

PUBLISHED = Deed.Status.PUBLISHED


class _PublicReadViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny, PolicyPermission]
    policy_actions = {"nominate": "nominate"}
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"


class TopListViewSet(_PublicReadViewSet):
    """Curated, ordered lists of published deeds."""

    def get_queryset(self):
        return (
            access.scope(self.request.user, TopList)
            .annotate(deed_count=Count("items", filter=Q(items__deed__status=PUBLISHED)))
            .order_by("-created_at", "-pk")
        )

    def get_serializer_class(self):
        return TopListDetailSerializer if self.action == "retrieve" else TopListSerializer

    def retrieve(self, request, *args, **kwargs):
        top_list = self.get_object()
        items = (
            access.scope(request.user, TopListItem)
            .filter(top_list=top_list)
            .select_related("deed__organisation")
            .order_by("position", "pk")
        )
        serializer = TopListDetailSerializer(top_list, context={**self.get_serializer_context(), "items": items})
        return Response(serializer.data)


class CampaignViewSet(_PublicReadViewSet):
    """Campaigns with their results per week; ``deeds`` lists a campaign's deeds and
    ``nominate`` is haasta kollega (anyone, while the campaign takes challenges)."""

    def get_queryset(self):
        return (
            access.scope(self.request.user, Campaign)
            .annotate(deed_count=Count("campaign_deeds", filter=Q(campaign_deeds__deed__status=PUBLISHED)))
            .order_by("-starts", "-pk")
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CampaignDetailSerializer
        if self.action == "nominate":
            return NominationSerializer
        if self.action == "deeds":
            return DeedSummarySerializer
        return CampaignSerializer

    def get_throttles(self):
        if self.action == "nominate":
            self.throttle_scope = "submit"
            return [*super().get_throttles(), SubmitRateThrottle()]
        return super().get_throttles()

    def retrieve(self, request, *args, **kwargs):
        campaign = self.get_object()
        context = {**self.get_serializer_context(), "results": queries.campaign_results(campaign)}
        return Response(CampaignDetailSerializer(campaign, context=context).data)

    @extend_schema(responses=DeedSummarySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deeds(self, request, slug=None, version=None):
        campaign = self.get_object()
        links = queries.campaign_deeds(request.user, campaign)
        deeds = [link.deed for link in self.paginate_queryset(links)]
        return self.get_paginated_response(DeedSummarySerializer(deeds, many=True).data)

    @extend_schema(request=NominationSerializer, responses={201: dict})
    @action(detail=True, methods=["post"], permission_classes=[permissions.AllowAny, PolicyPermission])
    def nominate(self, request, slug=None, version=None):
        """Challenge a person or a unit to tell their deed. The answer is the same whether
        or not somebody challenged the same address before."""
        campaign = self.get_object()
        if not access.can(request.user, "nominate", campaign):
            raise PermissionDenied
        body = NominationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            ratelimit.check_nomination(request._request)
        except ratelimit.RateLimited as limited:
            raise Throttled(wait=limited.retry_after) from None
        data = body.validated_data
        actions.nominate(
            campaign, kind=data["kind"], name=data["name"], email=data["email"], organisation=data.get("organisation"),
            organisation_name=data.get("organisation_name", ""), reason=data["reason"], nominator=request.user,
            nominator_name=data.get("nominator_name", ""),
        )
        return Response({"campaign": campaign.slug, "name": data["name"]}, status=status.HTTP_201_CREATED)


class AwardCategoryViewSet(_PublicReadViewSet):
    serializer_class = AwardCategorySerializer

    def get_queryset(self):
        return access.scope(self.request.user, AwardCategory).order_by("order", "name_fi")


class AwardEventViewSet(_PublicReadViewSet):
    """Award events with their categories and, once published, the awards; ``nominate``
    proposes a deed, an organisation or a person (signed in, while nominations are open)."""

    def get_queryset(self):
        return access.scope(self.request.user, AwardEvent).prefetch_related("categories").order_by("-date", "-pk")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return AwardEventDetailSerializer
        if self.action == "nominate":
            return AwardNominationCreateSerializer
        return AwardEventSerializer

    def get_throttles(self):
        if self.action == "nominate":
            self.throttle_scope = "submit"
            return [*super().get_throttles(), SubmitRateThrottle()]
        return super().get_throttles()

    def retrieve(self, request, *args, **kwargs):
        event = self.get_object()
        awards = []
        if event.results_published:
            awards = (
                access.scope(request.user, AwardNomination)
                .filter(event=event, decision__in=AwardNomination.AWARDED)
                .select_related("category", "deed__organisation", "organisation", "person_organisation")
                .order_by("category__order", "decision", "pk")
            )
        context = {**self.get_serializer_context(), "awards": awards}
        return Response(AwardEventDetailSerializer(event, context=context).data)

    @extend_schema(request=AwardNominationCreateSerializer, responses={201: AwardNominationResultSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated, PolicyPermission])
    def nominate(self, request, slug=None, version=None):
        event = self.get_object()
        body = AwardNominationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        category = data.pop("category")
        nomination = actions.nominate_for_award(request.user, event, category, **data)
        return Response(AwardNominationResultSerializer(nomination).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("top-lists", TopListViewSet, basename="top-list")
    router.register("campaigns", CampaignViewSet, basename="campaign")
    router.register("award-categories", AwardCategoryViewSet, basename="award-category")
    router.register("award-events", AwardEventViewSet, basename="award-event")
