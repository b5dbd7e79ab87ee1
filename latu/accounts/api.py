from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from latu import access
from latu.access import memberships
from latu.accounts.models import User
from latu.accounts.privacy import personal_data
from latu.api.schema import AutoSchema
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


class PersonalDataSerializer(serializers.Serializer):
    format_version = serializers.IntegerField()
    profile = serializers.DictField()
    memberships = serializers.ListField(child=serializers.DictField())
    ideas = serializers.ListField(
        child=serializers.DictField(), help_text="Ideas sent under one's name (never anonymous ones)."
    )
    comments = serializers.ListField(child=serializers.DictField())
    supports = serializers.ListField(child=serializers.DictField())
    experiments = serializers.ListField(child=serializers.DictField(), help_text="Experiments the person leads.")
    deeds = serializers.ListField(child=serializers.DictField())
    deed_comments = serializers.ListField(child=serializers.DictField())
    notifications = serializers.ListField(child=serializers.DictField())
    audit_events = serializers.ListField(child=serializers.DictField())
    api_tokens = serializers.ListField(child=serializers.DictField(), help_text="Token metadata, never the secret.")


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

    @extend_schema(responses=PersonalDataSerializer, operation_id="me_personal_data_retrieve")
    @action(detail=False, methods=["get"], url_path="personal-data", serializer_class=PersonalDataSerializer)
    def personal_data(self, request, version=None):
        """All personal data Latu holds about the signed-in person (GDPR), as JSON."""
        user = access.get_or_404(request.user, User, "export_personal_data", pk=request.user.pk)
        return Response(personal_data(user))


def register(router) -> None:
    router.register("me", MeViewSet, basename="me")
