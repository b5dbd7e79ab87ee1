from rest_framework import permissions, viewsets

from latu import access
from latu.access.drf import PolicyPermission
from latu.organisations.models import Membership, Municipality, Organisation, Region, StrategyGoal, Unit
from latu.organisations.serializers import (
    MembershipSerializer,
    MunicipalitySerializer,
    OrganisationSerializer,
    RegionSerializer,
    StrategyGoalSerializer,
    UnitSerializer,
)


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Finnish regions (maakunnat). Public."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Finnish municipalities with their region. Public."""

    queryset = Municipality.objects.all()
    serializer_class = MunicipalitySerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["region"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations using Latu (public profile)."""

    serializer_class = OrganisationSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["type", "region"]
    lookup_field = "slug"

    def get_queryset(self):
        return access.scope(self.request.user, Organisation).order_by("name_fi")


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units of the organisations you belong to."""

    serializer_class = UnitSerializer
    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    filterset_fields = ["organisation", "level", "parent"]

    def get_queryset(self):
        return access.scope(self.request.user, Unit).order_by("organisation_id", "name_fi")


class StrategyGoalViewSet(viewsets.ReadOnlyModelViewSet):
    """Strategy goals of the organisations you belong to."""

    serializer_class = StrategyGoalSerializer
    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    filterset_fields = ["organisation", "is_active"]

    def get_queryset(self):
        return access.scope(self.request.user, StrategyGoal)


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    """People and roles in the organisations you belong to."""

    serializer_class = MembershipSerializer
    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    filterset_fields = ["organisation", "unit", "role"]

    def get_queryset(self):
        return access.scope(self.request.user, Membership).select_related("user").order_by("user__name")


def register(router) -> None:
    router.register("regions", RegionViewSet, basename="region")
    router.register("municipalities", MunicipalityViewSet, basename="municipality")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("units", UnitViewSet, basename="unit")
    router.register("strategy-goals", StrategyGoalViewSet, basename="strategy-goal")
    router.register("memberships", MembershipViewSet, basename="membership")
