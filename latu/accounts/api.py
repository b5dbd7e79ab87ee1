from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from latu.access import memberships
from latu.organisations.models import Role


class MembershipBriefSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.slug")
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    role = serializers.ChoiceField(choices=Role.choices)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    title = serializers.CharField()
    language = serializers.CharField()
    is_programme_office = serializers.BooleanField()
    is_expert = serializers.BooleanField()
    is_citizen = serializers.BooleanField()
    memberships = MembershipBriefSerializer(many=True)


class _OneObjectSchema(AutoSchema):
    # /me/ is the router's list route but answers with one object.
    def _is_list_view(self, serializer=None) -> bool:
        return False


class MeViewSet(ViewSet):
    """The signed-in person and their roles."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MeSerializer
    schema = _OneObjectSchema()

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def list(self, request, version=None):
        user = request.user
        data = {
            "id": user.pk, "email": user.email, "name": user.name, "title": user.title, "language": user.language,
            "is_programme_office": user.is_programme_office, "is_expert": user.is_expert,
            "is_citizen": user.is_citizen, "memberships": memberships(user),
        }
        return Response(MeSerializer(data).data)


def register(router) -> None:
    router.register("me", MeViewSet, basename="me")
