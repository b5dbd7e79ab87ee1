"""Experiments, their phases and checklists, measures and results in /api/v1/, under
the same access policies as the pages."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from latu import access
from latu.access import experiments as policy
from latu.access.drf import PolicyPermission
from latu.experiments import actions
from latu.experiments.imports import ImportFailed
from latu.experiments.models import Challenge, ChecklistItem, Experiment, Measure, Phase, Result
from latu.experiments.serializers import (
    ChallengeSerializer,
    ChecklistItemSerializer,
    DecisionSerializer,
    ExperimentSerializer,
    MeasureSerializer,
    PhaseMoveSerializer,
    PhaseSerializer,
    ResultImportSerializer,
    ResultSerializer,
)

EXPERIMENT_DATA_FIELDS = ("title", "hypothesis", "description", "unit", "owner", "starts", "ends", "strategy_goal")


class _WriteViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    policy_actions = {"update": "change", "partial_update": "change"}


def _experiment_for_change(user, experiment: Experiment) -> Experiment:
    """The experiment named in a request body: 404 when the person cannot see it,
    403 when they may not change it."""
    return access.get_or_404(user, Experiment, "change", pk=experiment.pk)


class ExperimentViewSet(_WriteViewSet):
    """Experiments of your organisations. Creating one creates its four phases and their
    default checklists; ``phase`` moves it one phase forward or back; ``decision`` is the
    end evaluation (adopt / iterate / stop, learnings required)."""

    serializer_class = ExperimentSerializer
    filterset_fields = ["organisation", "status", "phase", "unit", "owner", "strategy_goal", "challenge"]
    policy_actions = {"update": "change", "partial_update": "change", "phase": "change", "decision": "decide"}

    def get_queryset(self):
        return (
            access.scope(self.request.user, Experiment)
            .select_related("organisation", "next_round")
            .prefetch_related("team")
            .order_by("-created_at", "-pk")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        organisation = data["organisation"]
        if not policy.can_create(self.request.user, organisation):
            raise PermissionDenied
        if data.get("idea") is not None:
            idea = access.get_or_404(self.request.user, type(data["idea"]), pk=data["idea"].pk)
            if not policy.can_start_from_idea(self.request.user, idea):
                raise PermissionDenied
        fields = {name: data[name] for name in EXPERIMENT_DATA_FIELDS if name in data}
        serializer.instance = actions.create_experiment(
            actor=self.request.user, organisation=organisation, data=fields, team=data.get("team", []),
            idea=data.get("idea"), challenge=data.get("challenge"),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        fields = {name: data[name] for name in EXPERIMENT_DATA_FIELDS if name in data}
        serializer.instance = actions.update_experiment(
            serializer.instance, actor=self.request.user, data=fields, team=data.get("team")
        )

    def _respond(self, experiment: Experiment, code=status.HTTP_200_OK) -> Response:
        experiment = self.get_queryset().get(pk=experiment.pk)
        return Response(self.get_serializer(experiment).data, status=code)

    @extend_schema(request=PhaseMoveSerializer, responses=ExperimentSerializer)
    @action(detail=True, methods=["post"])
    def phase(self, request, pk=None, version=None):
        experiment = self.get_object()
        body = PhaseMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        experiment = actions.move_phase(experiment, actor=request.user, **body.validated_data)
        return self._respond(experiment)

    @extend_schema(request=DecisionSerializer, responses=ExperimentSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None, version=None):
        """Returns the decided experiment, or the new round when the decision is to iterate."""
        experiment = self.get_object()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = actions.decide(experiment, actor=request.user, **body.validated_data)
        return self._respond(result, status.HTTP_201_CREATED if result.pk != experiment.pk else status.HTTP_200_OK)


class PhaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """The four phases of each experiment; their notes can be written."""

    serializer_class = PhaseSerializer
    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    policy_actions = {"update": "change", "partial_update": "change"}
    filterset_fields = ["experiment", "number"]

    def get_queryset(self):
        return access.scope(self.request.user, Phase).select_related("experiment").order_by("experiment_id", "number")

    def perform_update(self, serializer):
        serializer.instance = actions.update_phase_notes(
            serializer.instance, actor=self.request.user,
            notes=serializer.validated_data.get("notes", serializer.instance.notes),
        )


class ChecklistItemViewSet(_WriteViewSet):
    """Checklist items of the phases: tick them done or add your own."""

    serializer_class = ChecklistItemSerializer
    filterset_fields = ["experiment", "phase", "done"]

    def get_queryset(self):
        return access.scope(self.request.user, ChecklistItem).select_related("experiment").order_by(
            "experiment_id", "phase", "order", "pk"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        experiment = _experiment_for_change(self.request.user, data["experiment"])
        item = actions.add_checklist_item(experiment, actor=self.request.user, phase=data["phase"],
                                          text=data.get("text", ""))
        if data.get("done"):
            item = actions.set_checklist_item(item, actor=self.request.user, done=True)
        serializer.instance = item

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = actions.update_checklist_item(
            serializer.instance, actor=self.request.user, text=data.get("text"), done=data.get("done")
        )


class MeasureViewSet(_WriteViewSet):
    """Measures of experiments: indicator, unit, baseline, target and direction.
    ``import`` takes a CSV file of results (all rows or nothing)."""

    serializer_class = MeasureSerializer
    filterset_fields = ["experiment"]
    policy_actions = {"update": "change", "partial_update": "change", "import_results": "change"}

    def get_queryset(self):
        return (
            access.scope(self.request.user, Measure)
            .select_related("experiment")
            .prefetch_related(Prefetch("results", queryset=Result.objects.order_by("date")))
            .order_by("experiment_id", "order", "pk")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        experiment = _experiment_for_change(self.request.user, data.pop("experiment"))
        serializer.instance = actions.create_measure(experiment, actor=self.request.user, data=data)

    def perform_update(self, serializer):
        serializer.instance = actions.update_measure(
            serializer.instance, actor=self.request.user, data=serializer.validated_data
        )

    @extend_schema(request={"multipart/form-data": ResultImportSerializer}, responses={200: dict, 400: dict})
    @action(detail=True, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_results(self, request, pk=None, version=None):
        measure = self.get_object()
        body = ResultImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            summary = actions.import_results(measure, actor=request.user, data=body.validated_data["file"].read())
        except ImportFailed as exc:
            return Response(
                {"errors": [{"line": e.line, "message": e.message} for e in exc.errors]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"created": summary.created, "updated": summary.updated})


class ResultViewSet(_WriteViewSet):
    """Results of measures over time (date, value, note)."""

    serializer_class = ResultSerializer
    filterset_fields = ["measure", "measure__experiment"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        return access.scope(self.request.user, Result).select_related("measure__experiment").order_by(
            "measure_id", "date"
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        measure = data.pop("measure")
        _experiment_for_change(self.request.user, measure.experiment)
        serializer.instance = actions.record_result(measure, actor=self.request.user, **data)

    def perform_update(self, serializer):
        serializer.instance = actions.update_result(
            serializer.instance, actor=self.request.user, data=serializer.validated_data
        )


class ChallengeViewSet(_WriteViewSet):
    """Challenges from challenge workshops."""

    serializer_class = ChallengeSerializer
    filterset_fields = ["organisation", "unit"]

    def get_queryset(self):
        return access.scope(self.request.user, Challenge).select_related("organisation").order_by("-created_at")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        if not policy.can_create_challenge(self.request.user, organisation):
            raise PermissionDenied
        serializer.instance = actions.create_challenge(actor=self.request.user, organisation=organisation, data=data)

    def perform_update(self, serializer):
        serializer.instance = actions.update_challenge(
            serializer.instance, actor=self.request.user, data=serializer.validated_data
        )


def register(router) -> None:
    router.register("experiments", ExperimentViewSet, basename="experiment")
    router.register("experiment-phases", PhaseViewSet, basename="experiment-phase")
    router.register("experiment-checklist-items", ChecklistItemViewSet, basename="experiment-checklist-item")
    router.register("measures", MeasureViewSet, basename="measure")
    router.register("measure-results", ResultViewSet, basename="measure-result")
    router.register("challenges", ChallengeViewSet, basename="challenge")
