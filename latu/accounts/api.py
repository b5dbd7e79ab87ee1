from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from latu.access import memberships


class MembershipBriefSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.slug")
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    role = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    language = serializers.CharField()
    is_programme_office = serializers.BooleanField()
    is_expert = serializers.BooleanField()
    memberships = MembershipBriefSerializer(many=True)


class MeViewSet(ViewSet):
    """The signed-in person and their roles."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MeSerializer

    def list(self, request, version=None):
        user = request.user
        data = {
            "id": user.pk, "email": user.email, "name": user.name, "language": user.language,
            "is_programme_office": user.is_programme_office, "is_expert": user.is_expert,
            "memberships": memberships(user),
        }
        return Response(MeSerializer(data).data)


def register(router) -> None:
    router.register("me", MeViewSet, basename="me")
