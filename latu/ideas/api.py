"""/api/v1/ ideas, comments, supports, evaluations, decisions and criteria, under the
same access policies as the pages. POSTs accept an ``Idempotency-Key`` header: the
same key again returns the first answer instead of doing the thing twice."""

from __future__ import annotations

import copy
import hashlib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from latu import access
from latu.access.drf import PolicyPermission
from latu.access.ideas import visible_idea_organisation_ids
from latu.api.filters import IsoDateTimeFilter
from latu.core.pseudonyms import keyed_digest
from latu.organisations.models import Organisation, StrategyGoal, Unit

from . import actions, ratelimit
from .models import Comment, Criterion, Decision, Evaluation, Forum, Idea, IdempotencyRecord, Support
from .queries import evaluation_summary
from .search import rank_ideas

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="A random key (e.g. a UUID) for this request. Repeating the request with the same key returns "
                "the first response and changes nothing.",
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The idea changed meanwhile.")
    default_code = "stale"


def run_action(fn, *args, **kwargs):
    """Call an action; its errors become the right API responses."""
    try:
        return fn(*args, **kwargs)
    except ratelimit.RateLimited as limited:
        raise exceptions.Throttled(wait=limited.retry_after) from None
    except DjangoValidationError as error:
        codes = {getattr(e, "code", None) for e in (error.error_list if hasattr(error, "error_list") else [])}
        if "forbidden" in codes:
            raise exceptions.PermissionDenied(" ".join(error.messages)) from None
        if "stale" in codes or "decided" in codes:
            raise Conflict(" ".join(error.messages), code="stale") from None
        raise


class IdempotentCreateMixin:
    """``create`` for POSTs that may carry an Idempotency-Key: the first response is
    stored and replayed for the same key. Viewsets implement ``do_create(request)``."""

    def do_create(self, request) -> Response:
        raise NotImplementedError

    def idempotency_scope(self, request) -> tuple[str, object]:
        return f"user:{request.user.pk}", request.user

    def create(self, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return self.do_create(request)
        if not 8 <= len(key) <= 200:
            raise exceptions.ValidationError({"Idempotency-Key": [_("Use a random key of 8–200 characters.")]})
        scope, owner = self.idempotency_scope(request)
        endpoint = f"{self.basename}:create"
        key_hash = hashlib.sha256(f"{scope}:{endpoint}:{key}".encode()).hexdigest()
        earlier = IdempotencyRecord.objects.filter(key_hash=key_hash).first()
        if earlier is not None:
            return self.replay(request, earlier)
        response = self.do_create(request)
        if 200 <= response.status_code < 300:
            data = response.data if isinstance(response.data, dict) else {"results": response.data}
            body = _jsonable(data)
            try:
                with transaction.atomic():
                    IdempotencyRecord.objects.create(
                        key_hash=key_hash, user=owner, endpoint=endpoint, status_code=response.status_code,
                        body=body,
                    )
            except IntegrityError:
                pass
        return response

    def replay(self, request, record: IdempotencyRecord) -> Response:
        return Response(record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"})


def _jsonable(value):
    import json

    from rest_framework.utils.encoders import JSONEncoder

    return json.loads(json.dumps(value, cls=JSONEncoder))


# --- serializers ------------------------------------------------------------------------


class IdeaPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class IdeaSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.SerializerMethodField()
    supported = serializers.BooleanField(read_only=True, default=False)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Idea
        fields = [
            "id", "url", "organisation", "unit", "strategy_goal", "title", "description", "problem", "proposal",
            "beneficiaries", "source", "status", "version", "is_anonymous", "author", "merged_into", "escalated_to",
            "support_count", "comment_count", "supported", "language", "created_at", "first_response_at",
            "decided_at",
        ]
        read_only_fields = fields

    @extend_schema_field(IdeaPersonSerializer(allow_null=True))
    def get_author(self, idea) -> dict | None:
        if idea.is_anonymous or idea.author is None:
            return None
        return {"id": idea.author_id, "name": idea.author.name}


_DATETIME = serializers.DateTimeField()


def idea_data(idea: Idea, *, supported: bool = False) -> dict:
    """What ``IdeaSerializer`` gives for an idea, built directly: the answer to a new idea
    costs a tenth of the serializer's time (a test keeps the two the same)."""

    def when(value):
        return None if value is None else _DATETIME.to_representation(value)

    return {
        "id": idea.pk, "url": idea.get_absolute_url(), "organisation": idea.organisation.slug,
        "unit": idea.unit_id, "strategy_goal": idea.strategy_goal_id, "title": idea.title,
        "description": idea.description, "problem": idea.problem, "proposal": idea.proposal,
        "beneficiaries": idea.beneficiaries, "source": idea.source, "status": idea.status, "version": idea.version,
        "is_anonymous": idea.is_anonymous,
        "author": None if idea.is_anonymous or idea.author is None else {"id": idea.author_id,
                                                                        "name": idea.author.name},
        "merged_into": idea.merged_into_id, "escalated_to": idea.escalated_to_id,
        "support_count": idea.support_count, "comment_count": idea.comment_count, "supported": supported,
        "language": idea.language, "created_at": when(idea.created_at),
        "first_response_at": when(idea.first_response_at), "decided_at": when(idea.decided_at),
    }


class OwnOrganisationField(serializers.SlugRelatedField):
    """An active organisation by its slug. The person's own organisations come from the
    memberships the access checks load anyway, without a query of their own."""

    def to_internal_value(self, data):
        request = self.context.get("request")
        if request is not None and isinstance(data, str):
            for membership in access.memberships(request.user):
                if membership.organisation.slug == data:
                    return membership.organisation
        return super().to_internal_value(data)


_BIGINT = range(-(2**63), 2**63)


class UnitField(serializers.PrimaryKeyRelatedField):
    """A unit by its id, as ``PrimaryKeyRelatedField`` gives it (the same answers to bad
    input), with only its organisation loaded (and its other fields deferred). Which
    organisation a unit belongs to is kept by each process (``access``)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Unit.objects.all(), **kwargs)

    def to_internal_value(self, data):
        try:
            if isinstance(data, bool):
                raise TypeError
            pk = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        request = self.context.get("request")
        organisation_id = (access.unit_organisation_id(getattr(request, "user", None), pk)
                           if pk in _BIGINT else None)
        if organisation_id is None:
            self.fail("does_not_exist", pk_value=data)
        return Unit.from_db("default", ["id", "organisation_id"], [pk, organisation_id])


class IdeaCreateSerializer(serializers.Serializer):
    """What a new idea takes. DRF gives each serializer deep copies of the declared fields
    (querysets included), which was a tenth of a submission's time; here each gets a
    shallow copy to bind. The copies share what no field changes after it is built (its
    validators, messages and queryset, which a related field clones before each use)."""

    organisation = OwnOrganisationField(slug_field="slug", queryset=Organisation.objects.filter(is_active=True))
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000)
    problem = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")
    proposal = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")
    beneficiaries = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    unit = UnitField(required=False, allow_null=True)
    strategy_goal = serializers.PrimaryKeyRelatedField(queryset=StrategyGoal.objects.all(), required=False,
                                                       allow_null=True)
    is_anonymous = serializers.BooleanField(required=False, default=False)

    def get_fields(self):
        return {name: copy.copy(f) for name, f in self._declared_fields.items()}


class IdeaCreatedSerializer(IdeaSerializer):
    receipt_code = serializers.CharField(read_only=True, allow_null=True,
                                         help_text="Only for anonymous ideas, shown once.")

    class Meta(IdeaSerializer.Meta):
        fields = [*IdeaSerializer.Meta.fields, "receipt_code"]
        read_only_fields = fields


class IdeaUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=5000, required=False)
    problem = serializers.CharField(max_length=3000, required=False, allow_blank=True)
    proposal = serializers.CharField(max_length=3000, required=False, allow_blank=True)
    beneficiaries = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    strategy_goal = serializers.PrimaryKeyRelatedField(queryset=StrategyGoal.objects.all(), required=False,
                                                       allow_null=True)


class IdeaCommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "idea", "parent", "author", "by_idea_author", "body", "mentions", "is_hidden",
                  "hidden_reason", "created_at"]
        read_only_fields = fields

    def get_author(self, comment) -> dict | None:
        if comment.author is None or (comment.by_idea_author and comment.idea.is_anonymous):
            return None
        return {"id": comment.author_id, "name": comment.author.name}

    def get_body(self, comment) -> str:
        if comment.is_hidden and not self.context.get("moderator_ideas", set()) >= {comment.idea_id}:
            return ""
        return comment.body

    def get_mentions(self, comment) -> list[int]:
        return [person.pk for person in comment.mentions.all()]


class IdeaCommentCreateSerializer(serializers.Serializer):
    idea = serializers.IntegerField()
    body = serializers.CharField(max_length=3000)
    parent = serializers.IntegerField(required=False, allow_null=True)


class IdeaScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class IdeaEvaluationSerializer(serializers.ModelSerializer):
    evaluator = IdeaPersonSerializer(read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "idea", "criterion", "evaluator", "score", "note", "updated_at"]
        read_only_fields = fields


class IdeaEvaluationCreateSerializer(serializers.Serializer):
    idea = serializers.IntegerField()
    scores = IdeaScoreSerializer(many=True, allow_empty=False)


class IdeaDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "idea", "kind", "reason", "forum", "merged_into", "meeting", "status_before", "status_after",
                  "created_at"]
        read_only_fields = fields


class IdeaDecisionCreateSerializer(serializers.Serializer):
    idea = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Decision.Kind.choices)
    reason = serializers.CharField(max_length=3000)
    version = serializers.IntegerField(required=False, help_text="The idea version the decision was made on.")
    forum = serializers.IntegerField(required=False, allow_null=True)
    merge_into = serializers.IntegerField(required=False, allow_null=True)


class IdeaCriterionSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "organisation", "key", "name", "description", "lower_is_better", "order", "is_active"]
        read_only_fields = fields


class IdeaCriterionSummarySerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion.pk")
    name = serializers.CharField(source="criterion.name")
    lower_is_better = serializers.BooleanField(source="criterion.lower_is_better")
    count = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    spread = serializers.FloatField(allow_null=True)
    low = serializers.IntegerField(allow_null=True)
    high = serializers.IntegerField(allow_null=True)


class IdeaEvaluationSummarySerializer(serializers.Serializer):
    evaluators = serializers.IntegerField()
    overall = serializers.IntegerField(allow_null=True)
    rows = IdeaCriterionSummarySerializer(many=True)


# --- viewsets ------------------------------------------------------------------------------


class IdeaFilter(filters.FilterSet):
    organisation = filters.CharFilter(field_name="organisation__slug")
    status = filters.MultipleChoiceFilter(choices=Idea.Status.choices)
    source = filters.ChoiceFilter(choices=Idea.Source.choices)
    unit = filters.NumberFilter(field_name="unit")
    strategy_goal = filters.NumberFilter(field_name="strategy_goal")
    created_after = IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    ordering = filters.OrderingFilter(fields=(("created_at", "created_at"), ("support_count", "support_count")))

    class Meta:
        model = Idea
        fields = ["organisation", "status", "source", "unit", "strategy_goal"]


@extend_schema_view(
    list=extend_schema(
        summary="Ideas you may see",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Search (Finnish inflection and compounds "
                                                                        "are understood); results by relevance.")],
    ),
    create=extend_schema(summary="Send an idea", request=IdeaCreateSerializer,
                         responses={201: IdeaCreatedSerializer}, parameters=[IDEMPOTENCY_HEADER]),
    partial_update=extend_schema(summary="Edit your own idea while it is new", request=IdeaUpdateSerializer),
)
class IdeaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    policy_actions = {"partial_update": "change", "update": "change", "support": "view"}
    filterset_class = IdeaFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        qs = access.scope(user, Idea).select_related("organisation", "author").order_by("-created_at", "-pk")
        if user.is_authenticated:
            qs = qs.annotate(supported=Exists(Support.objects.filter(idea=OuterRef("pk"), user=user)))
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return IdeaCreateSerializer
        if self.action in ("update", "partial_update"):
            return IdeaUpdateSerializer
        return IdeaSerializer

    def list(self, request, *args, **kwargs):
        q = request.query_params.get("q", "").strip()
        if not q:
            return super().list(request, *args, **kwargs)
        qs = self.filter_queryset(self.get_queryset())
        organisations = visible_idea_organisation_ids(request.user)
        ranked = [pk for pk, _score in rank_ideas(q, qs, organisations=organisations, limit=500)]
        page = self.paginate_queryset(ranked)
        by_id = qs.in_bulk(page if page is not None else ranked)
        items = [by_id[pk] for pk in (page if page is not None else ranked) if pk in by_id]
        data = IdeaSerializer(items, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def create(self, request, *args, **kwargs):
        """Send an idea. The Idempotency-Key is kept on the idea itself (hashed with the
        person, for anonymous ideas with a keyed digest of them): the same key again from
        the same person answers with that idea."""
        key = request.headers.get("Idempotency-Key", "").strip()
        if key and not 8 <= len(key) <= 200:
            raise exceptions.ValidationError({"Idempotency-Key": [_("Use a random key of 8–200 characters.")]})
        serializer = IdeaCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        org = data["organisation"]
        if not access.is_member(request.user, org) and not (request.user.is_citizen and org.public_channel):
            raise exceptions.PermissionDenied(_("You cannot send ideas to this organisation."))
        anonymous = data["is_anonymous"]
        if anonymous:
            # Scoped per person (another person's same key must not answer with this
            # idea, nor swallow theirs) through a keyed digest: the stored hash of key
            # and scope names nobody, and without the key it cannot be tested against anyone.
            scope = "anonymous:" + keyed_digest("idempotency", f"user:{request.user.pk}")
            identity = (ratelimit.session_identity(request) if hasattr(request, "session") and
                        request.session.session_key else f"api-anonymous:{request.user.pk}")
        else:
            scope = f"user:{request.user.pk}"
            identity = ratelimit.user_identity(request.user)
        result = run_action(
            actions.submit_idea, request.user, org, title=data["title"], description=data["description"],
            problem=data["problem"], proposal=data["proposal"], beneficiaries=data["beneficiaries"],
            unit=data.get("unit"), strategy_goal=data.get("strategy_goal"), anonymous=anonymous,
            token=key, token_scope=f"{scope}:{self.basename}:create", rate_identity=identity,
        )
        idea = result.idea
        if not result.created and idea.is_anonymous and \
                not access.scope(request.user, Idea).filter(pk=idea.pk).exists():
            raise exceptions.ValidationError({"Idempotency-Key": [_("This key has already been used.")]})
        body = {**idea_data(idea), "receipt_code": result.receipt_code or None}
        return Response(body, status=status.HTTP_201_CREATED,
                        headers={} if result.created else {"Idempotent-Replayed": "true"})

    def partial_update(self, request, *args, **kwargs):
        idea = self.get_object()
        serializer = IdeaUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        run_action(actions.edit_idea, idea, request.user, **changes)
        idea.refresh_from_db()
        return Response(IdeaSerializer(idea, context=self.get_serializer_context()).data)

    @extend_schema(summary="Support the idea (POST) or withdraw your support (DELETE)", request=None,
                   responses={200: IdeaSerializer, 201: IdeaSerializer})
    @action(detail=True, methods=["post", "delete"])
    def support(self, request, pk=None, version=None):
        idea = self.get_object()
        if request.method == "DELETE":
            actions.withdraw_support(idea, request.user)
            created = False
        else:
            created = run_action(actions.support, idea, request.user)
        idea = self.get_queryset().get(pk=idea.pk)
        return Response(IdeaSerializer(idea, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(summary="Aggregate of the evaluations (mean and spread per criterion)",
                   responses=IdeaEvaluationSummarySerializer)
    @action(detail=True, methods=["get"], url_path="evaluation-summary")
    def evaluation_summary(self, request, pk=None, version=None):
        idea = self.get_object()
        return Response(IdeaEvaluationSummarySerializer(evaluation_summary(idea)).data)


class _ChildCreate:
    """Shared by the comment, evaluation and decision endpoints: the idea of the POST
    must be visible (else 404)."""

    def _idea_for(self, request, idea_id) -> Idea:
        return access.get_or_404(request.user, Idea.objects.select_related("organisation", "unit"), pk=idea_id)


@extend_schema_view(create=extend_schema(request=IdeaCommentCreateSerializer, responses={201: IdeaCommentSerializer},
                                         parameters=[IDEMPOTENCY_HEADER]))
class CommentViewSet(_ChildCreate, IdempotentCreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Comments on ideas you may see. Hidden comments come without their text, except to
    the idea's handlers."""

    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    serializer_class = IdeaCommentSerializer
    filterset_fields = ["idea", "parent", "is_hidden"]

    def get_queryset(self):
        return (access.scope(self.request.user, Comment).select_related("author", "idea")
                .prefetch_related("mentions").order_by("created_at", "pk"))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.user.is_authenticated:
            context["moderator_ideas"] = set(
                access.scope(self.request.user, Idea, "moderate").values_list("pk", flat=True)[:10000]
            ) if self.action in ("list", "retrieve", "create") else set()
        return context

    def get_serializer_class(self):
        return IdeaCommentCreateSerializer if self.action == "create" else IdeaCommentSerializer

    def do_create(self, request):
        serializer = IdeaCommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        idea = self._idea_for(request, data["idea"])
        parent = None
        if data.get("parent"):
            parent = Comment.objects.filter(idea=idea, pk=data["parent"]).first()
            if parent is None:
                raise exceptions.ValidationError({"parent": [_("No such comment on this idea.")]})
        comment = run_action(actions.comment, idea, request.user, data["body"], parent=parent)
        return Response(IdeaCommentSerializer(comment, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=IdeaEvaluationCreateSerializer,
                                         responses={201: IdeaEvaluationSerializer(many=True)},
                                         parameters=[IDEMPOTENCY_HEADER]))
class EvaluationViewSet(_ChildCreate, IdempotentCreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Individual evaluations (for handlers). POST saves your scores for an idea."""

    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    serializer_class = IdeaEvaluationSerializer
    filterset_fields = ["idea", "criterion", "evaluator"]

    def get_queryset(self):
        return access.scope(self.request.user, Evaluation).select_related("evaluator").order_by("idea", "pk")

    def get_serializer_class(self):
        return IdeaEvaluationCreateSerializer if self.action == "create" else IdeaEvaluationSerializer

    def do_create(self, request):
        serializer = IdeaEvaluationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        idea = self._idea_for(request, serializer.validated_data["idea"])
        scores = {s["criterion"]: s["score"] for s in serializer.validated_data["scores"]}
        notes = {s["criterion"]: s["note"] for s in serializer.validated_data["scores"]}
        saved = run_action(actions.evaluate, idea, request.user, scores, notes)
        return Response(IdeaEvaluationSerializer(saved, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=IdeaDecisionCreateSerializer, responses={201: IdeaDecisionSerializer,
                                                                                      409: OpenApiResponse(
                                                                                          description="stale")},
                                         parameters=[IDEMPOTENCY_HEADER]))
class DecisionViewSet(_ChildCreate, IdempotentCreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Decisions with their reasons, visible with the idea. POST records a decision;
    send the idea's ``version`` so that a decision on an outdated idea is refused (409)."""

    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    serializer_class = IdeaDecisionSerializer
    filterset_fields = ["idea", "kind"]

    def get_queryset(self):
        return access.scope(self.request.user, Decision).order_by("-created_at", "-pk")

    def get_serializer_class(self):
        return IdeaDecisionCreateSerializer if self.action == "create" else IdeaDecisionSerializer

    def do_create(self, request):
        serializer = IdeaDecisionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        idea = self._idea_for(request, data["idea"])
        forum = None
        if data.get("forum"):
            forum = access.scope(request.user, Forum).filter(pk=data["forum"], organisation=idea.organisation).first()
            if forum is None:
                raise exceptions.ValidationError({"forum": [_("No such forum in the organisation.")]})
        merge_into = None
        if data.get("merge_into"):
            merge_into = access.scope(request.user, Idea).filter(pk=data["merge_into"]).first()
            if merge_into is None:
                raise exceptions.ValidationError({"merge_into": [_("No such idea.")]})
        decision = run_action(actions.decide, idea, request.user, data["kind"], data["reason"],
                              version=data.get("version"), forum=forum, merge_into=merge_into)
        return Response(IdeaDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class CriterionViewSet(viewsets.ReadOnlyModelViewSet):
    """Evaluation criteria of your organisations."""

    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    serializer_class = IdeaCriterionSerializer
    filterset_fields = ["organisation", "is_active"]

    def get_queryset(self):
        return access.scope(self.request.user, Criterion).select_related("organisation")


def register(router) -> None:
    router.register("ideas", IdeaViewSet, basename="idea")
    router.register("idea-comments", CommentViewSet, basename="idea-comment")
    router.register("idea-evaluations", EvaluationViewSet, basename="idea-evaluation")
    router.register("idea-decisions", DecisionViewSet, basename="idea-decision")
    router.register("idea-criteria", CriterionViewSet, basename="idea-criterion")
