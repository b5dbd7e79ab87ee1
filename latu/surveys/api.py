"""/api/v1/surveys/ (the surveys a person may see, with their questions and results) and
/api/v1/survey-links/{token}/responses/ (answering with the survey's link, no account)."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from latu import access
from latu.access.drf import PolicyPermission
from latu.surveys import queries
from latu.surveys.models import Invitation, Question, Section, Survey
from latu.surveys.serializers import (
    ResponseInSerializer,
    ResponseOutSerializer,
    ResultsSerializer,
    SurveyDetailSerializer,
    SurveySerializer,
)
from latu.surveys.submission import Given, submit_whole

FILTERS = [
    OpenApiParameter("unit", OpenApiTypes.INT, description="Answers of this unit and the units below it."),
    OpenApiParameter("role", OpenApiTypes.STR, enum=["staff", "supervisor", "management"]),
    OpenApiParameter("organisation", OpenApiTypes.INT, description="For surveys of the programme office."),
    OpenApiParameter("month", OpenApiTypes.STR, pattern=r"^\d{4}-\d{2}$", description="A calendar month, YYYY-MM."),
]


class SurveyViewSet(viewsets.ReadOnlyModelViewSet):
    """Surveys of the person's organisations (admins, management, supervisors) or of the
    programme office, with their pages, questions, options and matrix rows."""

    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    policy_actions = {"results": "results"}

    def get_queryset(self):
        qs = access.scope(self.request.user, Survey).select_related("organisation").order_by("-created_at", "-pk")
        if self.action == "retrieve":
            questions = Question.objects.prefetch_related("options", "rows")
            qs = qs.prefetch_related(Prefetch("sections", Section.objects.prefetch_related(
                Prefetch("questions", questions))))
        return qs

    def get_serializer_class(self):
        return SurveyDetailSerializer if self.action == "retrieve" else SurveySerializer

    @extend_schema(parameters=FILTERS, responses=ResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None, **kwargs):
        """Aggregated results. A group below the survey's threshold (or one that a wider
        view would reveal by difference) answers ``hidden: true`` with no figures."""
        survey = self.get_object()
        res = queries.results(survey, queries.results_filters(request.GET, survey))
        return Response(ResultsSerializer({
            "survey": survey.pk, "total": res.total, "count": res.count, "hidden": res.hidden,
            "reason": res.reason, "threshold": survey.threshold,
            "questions": [{
                "question": qr.question.pk, "kind": qr.question.kind, "text": qr.question.text,
                "columns": qr.columns, "answered": qr.answered, "mean": qr.mean, "texts": qr.texts,
                "rows": [{"label": label, "counts": counts, "shares": shares, "answered": total}
                         for label, counts, shares, total in qr.rows],
            } for qr in res.questions],
        }).data)


class SurveyLinkViewSet(viewsets.GenericViewSet):
    """Answering with the survey's link: one request carries the whole response, which is
    validated against the questions and stored only if every answer is valid."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "submit"
    lookup_field = "link_token"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    queryset = Survey.objects.all()
    serializer_class = ResponseInSerializer

    @extend_schema(request=ResponseInSerializer, responses={201: ResponseOutSerializer}, auth=[])
    @action(detail=True, methods=["post"])
    def responses(self, request, link_token=None, **kwargs):
        survey = Survey.objects.filter(link_token=link_token).first()
        if survey is None:
            raise NotFound
        incoming = ResponseInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        invitation = None
        if data.get("invitation"):
            invitation = Invitation.objects.filter(token=data["invitation"], survey=survey).first()
            if invitation is None:
                raise ValidationError({"invitation": _("There is no such invitation for this survey.")})
        given = [Given(question=a["question"], row=a.get("row"), option=a.get("option"),
                       options=a.get("options"), number=a.get("number"), text=a.get("text", ""))
                 for a in data["answers"]]
        response = submit_whole(survey, given, unit=data.get("unit"), role=data.get("role") or "",
                                organisation=data.get("organisation"), invitation=invitation)
        return Response(ResponseOutSerializer({"sent": True, "submitted_on": response.submitted_on}).data,
                        status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("surveys", SurveyViewSet, basename="survey")
    router.register("survey-links", SurveyLinkViewSet, basename="survey-link")
