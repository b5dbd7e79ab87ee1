"""Tekojen tori in /api/v1/: the read API is public (deeds, themes, statistics);
telling, editing, adopting and commenting need signing in and pass the same policies
as the pages.

``GET /api/v1/deeds/?q=…`` searches like the marketplace page: results in relevance
order (or ``sort=newest|adopted``), filters ``sector``, ``theme``, ``organisation``,
``region``, ``year``, ``has_results``, ``awarded`` (repeat a parameter or separate
values with commas), and facet counts in ``facets``. With a query, only deeds
matching it well are listed (a relevance floor relative to the best hit):
``count`` and ``matched_well`` tell how many, ``matched`` how many share anything
with the query at all.
"""

from django.conf import settings
from django.core.cache import cache
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from latu import access
from latu.access.drf import PolicyPermission
from latu.tori import actions, stats
from latu.tori.models import Comment, Deed, Theme
from latu.tori.search import FACETS, MAX_PAGE_SIZE, SORTS, SearchFilters, kept_key, search, similar_deeds
from latu.tori.serializers import (
    AdoptionSerializer,
    CommentSerializer,
    DeedListSerializer,
    DeedSerializer,
    DeedWriteSerializer,
    ModerationSerializer,
    ThemeSerializer,
)


class ReadPublicWriteSignedIn(permissions.IsAuthenticatedOrReadOnly):
    """Anyone may read; writing needs signing in (the schema documents reads as public)."""


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(int(value), high))
    except (TypeError, ValueError):
        return default


SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Search words, in any inflected form."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS)),
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("page_size", OpenApiTypes.INT),
    *(OpenApiParameter(name, OpenApiTypes.STR) for name in FACETS),
]


class DeedViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Development deeds. Anyone may read published deeds; drafts are visible to their
    authors, their organisation's innovators and admins, and the programme office."""

    serializer_class = DeedSerializer
    permission_classes = [ReadPublicWriteSignedIn, PolicyPermission]
    policy_actions = {
        "update": "change", "partial_update": "change", "destroy": "delete", "submit": "submit",
        "moderate": "moderate", "add_adoption": "adopt", "add_comment": "comment",
        "retrieve": "view", "similar": "view", "adoptions": "view", "comments": "view",
    }
    filter_backends: list = []

    def get_queryset(self):
        return (
            access.scope(self.request.user, Deed)
            .select_related("organisation", "region")
            .prefetch_related("themes", "co_organisations", "contacts", "images", "links")
        )

    @extend_schema(parameters=SEARCH_PARAMETERS, responses=inline_serializer("DeedSearchPage", {
        "count": serializers.IntegerField(help_text="Deeds listed over all pages (with a query: matching it well)."),
        "matched_well": serializers.IntegerField(
            help_text="Deeds scoring at least the relevance floor (a share of the best hit's score)."),
        "matched": serializers.IntegerField(help_text="Deeds sharing any term with the query, weak matches included."),
        "approximate": serializers.BooleanField(),
        "page": serializers.IntegerField(),
        "pages": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "query": serializers.CharField(),
        "sort": serializers.CharField(),
        "results": DeedListSerializer(many=True),
        "facets": serializers.DictField(),
    }))
    def list(self, request, *args, **kwargs):
        # The same for everyone (published deeds only): kept until the deeds change.
        key = kept_key("api", request.build_absolute_uri())
        data = cache.get(key) if key else None
        if data is None:
            data = self._search_page(request)
            if key:
                cache.set(key, data, settings.TORI_SEARCH_CACHE_SECONDS)
        return Response(data)

    def _search_page(self, request) -> dict:
        params = request.query_params
        query = params.get("q", "")
        page = _int(params.get("page"), 1, 1, 10000)
        page_size = _int(params.get("page_size"), 25, 1, MAX_PAGE_SIZE)
        result = search(query, SearchFilters.from_params(params), params.get("sort"), request.user,
                        page=page, page_size=page_size)

        def page_url(number: int) -> str:
            query_params = params.copy()
            query_params["page"] = str(number)
            return request.build_absolute_uri(request.path) + "?" + query_params.urlencode()

        serializer = DeedListSerializer(result.deeds, many=True,
                                        context={"request": request, "scores": result.scores if result.query else {}})
        return {
            "count": result.total,
            "matched_well": result.total,
            "matched": result.matched,
            "approximate": result.approximate,
            "page": result.page,
            "pages": result.pages,
            "next": page_url(page + 1) if result.has_next else None,
            "previous": page_url(page - 1) if result.has_previous else None,
            "query": result.query,
            "sort": result.sort,
            "results": serializer.data,
            "facets": {
                name: [
                    {"value": value.value, "label": value.label, "count": value.count, "selected": value.selected}
                    for value in values
                ]
                for name, values in result.facets.items()
            },
        }

    def _respond(self, deed: Deed, code=status.HTTP_200_OK) -> Response:
        deed = self.get_queryset().get(pk=deed.pk)
        return Response(DeedSerializer(deed, context={"request": self.request}).data, status=code)

    @extend_schema(request=DeedWriteSerializer, responses=DeedSerializer)
    def create(self, request, *args, **kwargs):
        serializer = DeedWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = serializer.deed_fields()
        fields.setdefault("contacts", [request.user])
        deed = actions.create_deed(request.user, submit=serializer.validated_data.get("submit", False), **fields)
        return self._respond(deed, status.HTTP_201_CREATED)

    @extend_schema(request=DeedWriteSerializer, responses=DeedSerializer)
    def update(self, request, *args, **kwargs):
        deed = self.get_object()
        partial = kwargs.pop("partial", False) or request.method == "PATCH"
        serializer = DeedWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        actions.update_deed(request.user, deed, **serializer.deed_fields())
        if serializer.validated_data.get("submit") and access.can(request.user, "submit", deed):
            actions.submit_deed(request.user, deed)
        return self._respond(deed)

    @extend_schema(request=DeedWriteSerializer, responses=DeedSerializer)
    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        deed = self.get_object()
        actions.delete_deed(request.user, deed)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=DeedSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """Send a draft for publication."""
        deed = self.get_object()
        actions.submit_deed(request.user, deed)
        return self._respond(deed)

    @extend_schema(request=ModerationSerializer, responses=DeedSerializer)
    @action(detail=True, methods=["post"])
    def moderate(self, request, *args, **kwargs):
        """Programme office: publish, return (note required) or archive."""
        deed = self.get_object()
        serializer = ModerationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        operation = {"publish": actions.publish_deed, "return": actions.return_deed,
                     "archive": actions.archive_deed}[serializer.validated_data["action"]]
        operation(request.user, deed, serializer.validated_data.get("note", ""))
        return self._respond(deed)

    @extend_schema(responses=DeedListSerializer(many=True))
    @action(detail=True, methods=["get"])
    def similar(self, request, *args, **kwargs):
        deed = self.get_object()
        limit = _int(request.query_params.get("limit"), 5, 1, 20)
        deeds = similar_deeds(deed, limit, request.user)
        return Response(DeedListSerializer(deeds, many=True, context={"request": request}).data)

    @extend_schema(responses=AdoptionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def adoptions(self, request, *args, **kwargs):
        """Otettu mallia: the organisations that adopted the deed."""
        deed = self.get_object()
        adoptions = access.scope(request.user, deed.adoptions.select_related("organisation", "learned_from"))
        return Response(AdoptionSerializer(adoptions, many=True).data)

    @extend_schema(request=AdoptionSerializer, responses=AdoptionSerializer)
    @adoptions.mapping.post
    def add_adoption(self, request, *args, **kwargs):
        """Record that your organisation adopted the deed."""
        deed = self.get_object()
        serializer = AdoptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        adoption = actions.adopt(
            request.user, deed, data["organisation"], adopted_on=data.get("adopted_on"), note=data.get("note", ""),
            outcome=data.get("outcome", ""), learned_from=data.get("learned_from"),
        )
        return Response(AdoptionSerializer(adoption).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=CommentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def comments(self, request, *args, **kwargs):
        deed = self.get_object()
        comments = access.scope(request.user, Comment).filter(deed=deed).select_related("author")
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(request=CommentSerializer, responses=CommentSerializer)
    @comments.mapping.post
    def add_comment(self, request, *args, **kwargs):
        deed = self.get_object()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = actions.add_comment(request.user, deed, serializer.validated_data["body"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The theme vocabulary of Tekojen tori. Public."""

    serializer_class = ThemeSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    lookup_field = "slug"

    def get_queryset(self):
        return access.scope(self.request.user, Theme)


class DeedStatisticsViewSet(viewsets.ViewSet):
    """Key figures of Tekojen tori: deeds in total, per year and per month, by sector,
    the most active organisations and adoptions. Public."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request, *args, **kwargs):
        data = stats.statistics()
        return Response({
            "total": data["total"],
            "organisations": data["organisations"],
            "organisations_by_type": data["organisations_by_type"],
            "adoptions": data["adoptions"],
            "adopting_organisations": data["adopting_organisations"],
            "adopted_deeds": data["adopted_deeds"],
            "comments": data["comments"],
            "with_results": data["with_results"],
            "years": [
                {"year": row.year, "total": row.total, "new": row.new, "per_month": row.per_month,
                 "adoptions": row.adoptions}
                for row in data["years"]
            ],
            "months": [{"month": label, "new": count} for label, count in data["months"]],
            "sectors": data["sectors"],
            "most_active": [
                {"organisation": row["organisation"].slug, "name": row["organisation"].name, "count": row["count"]}
                for row in data["most_active"]
            ],
        })


def register(router) -> None:
    router.register("deeds", DeedViewSet, basename="deed")
    router.register("themes", ThemeViewSet, basename="theme")
    router.register("deed-statistics", DeedStatisticsViewSet, basename="deed-statistics")
