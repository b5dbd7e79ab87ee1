"""/api/v1/indicators/: an organisation's indicators and their monthly values. Values
are sent in batches (a month's earlier value is replaced), e.g. from an HR system."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from latu import access
from latu.access.drf import PolicyPermission
from latu.organisations.models import Unit

from . import actions
from .models import Indicator, IndicatorValue


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "organisation", "kind", "name", "name_fi", "name_sv", "name_en", "measure",
                  "higher_is_better"]


class ValueSerializer(serializers.ModelSerializer):
    month = serializers.DateField(help_text=_("Any day of the month; stored as the month's first day."))
    unit = serializers.IntegerField(source="unit_id", allow_null=True, required=False, min_value=1)

    class Meta:
        model = IndicatorValue
        fields = ["month", "unit", "value", "source"]
        read_only_fields = ["source"]


class ValuesInSerializer(serializers.Serializer):
    values = ValueSerializer(many=True, allow_empty=False, max_length=5000)


class ValuesOutSerializer(serializers.Serializer):
    stored = serializers.IntegerField()


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators of the person's organisations (admins, management and supervisors)."""

    serializer_class = IndicatorSerializer
    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    policy_actions = {"values": "view"}

    def get_queryset(self):
        return access.scope(self.request.user, Indicator).select_related("organisation").order_by("pk")

    @extend_schema(methods=["GET"], responses=ValueSerializer(many=True))
    @extend_schema(methods=["POST"], request=ValuesInSerializer, responses={201: ValuesOutSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def values(self, request, pk=None, **kwargs):
        indicator = self.get_object()
        if request.method == "GET":
            rows = indicator.values.order_by("unit_id", "month")
            return Response(ValueSerializer(rows, many=True).data)
        if not access.can(request.user, "manage", indicator):
            self.permission_denied(request)
        incoming = ValuesInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        unit_ids = {v["unit_id"] for v in incoming.validated_data["values"] if v.get("unit_id")}
        units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids, organisation_id=indicator.organisation_id)}
        if unit_ids - set(units):
            raise ValidationError({"values": _("Choose a unit of the organisation.")})
        points = [actions.Point(v["month"], v["value"], units.get(v.get("unit_id")))
                  for v in incoming.validated_data["values"]]
        stored = actions.record_values(indicator, points, actor=request.user, source=IndicatorValue.Source.API)
        return Response(ValuesOutSerializer({"stored": stored}).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("indicators", IndicatorViewSet, basename="indicator")
