"""Your own notifications and notification settings in /api/v1/notifications/."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from latu.access.drf import PolicyPermission
from latu.notifications import actions, queries
from latu.notifications.models import Notification, effective_preferences
from latu.notifications.registry import CATEGORY_HELP, Category, EmailDelivery


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.CharField(read_only=True, help_text="In the language of the request.")
    detail = serializers.CharField(read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "category", "message", "detail", "title", "url", "actor_name", "organisation",
                  "created_at", "is_read", "read_at"]
        read_only_fields = fields


class PreferenceSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    label = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    in_app = serializers.BooleanField(help_text="Show in Latu.")
    email = serializers.ChoiceField(choices=EmailDelivery.choices)


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


def _preferences(user) -> list[dict]:
    current = effective_preferences([user.pk])[user.pk]
    return [
        {"category": category.value, "label": str(category.label), "description": str(CATEGORY_HELP[category]),
         "in_app": current[category][0], "email": current[category][1]}
        for category in Category
    ]


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your notifications, unread first. ``read`` marks one read, ``read-all`` all of
    them; ``preferences`` shows and changes what you receive in Latu and by email,
    per category (PATCH: only the categories and fields you send change)."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    policy_actions = {"read": "change"}
    filterset_fields = ["category", "kind"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = queries.unread_first(self.request.user)
        unread = self.request.query_params.get("unread")
        if unread in ("true", "1"):
            qs = qs.filter(read_at__isnull=True)
        elif unread in ("false", "0"):
            qs = qs.filter(read_at__isnull=False)
        return qs

    @extend_schema(parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL, description="Only unread (or read).")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, *args, **kwargs):
        notification = self.get_object()
        actions.mark_read(notification)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request, *args, **kwargs):
        return Response({"marked": actions.mark_all_read(request.user)})

    @extend_schema(methods=["GET"], request=None, responses=PreferenceSerializer(many=True))
    @extend_schema(methods=["PUT", "PATCH"], request=PreferenceSerializer(many=True),
                   responses=PreferenceSerializer(many=True))
    @action(detail=False, methods=["get", "put", "patch"], filter_backends=[], pagination_class=None)
    def preferences(self, request, *args, **kwargs):
        if request.method == "GET":
            return Response(_preferences(request.user))
        serializer = PreferenceSerializer(data=request.data, many=True, partial=request.method == "PATCH")
        serializer.is_valid(raise_exception=True)
        current = effective_preferences([request.user.pk])[request.user.pk]
        choices = {}
        for entry in serializer.validated_data:
            category = entry.get("category")
            if category is None:
                raise ValidationError({"category": [gettext("Each entry needs a category.")]})
            if category in choices:
                raise ValidationError({"category": [gettext("Each category can be given once.")]})
            in_app, email = current[category]
            choices[category] = (entry.get("in_app", in_app), entry.get("email", email))
        try:
            actions.update_preferences(request.user, choices)
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from None
        return Response(_preferences(request.user), status=status.HTTP_200_OK)


def register(router) -> None:
    router.register("notifications", NotificationViewSet, basename="notification")
