"""REST framework glue: API views use the same policies as the HTML views."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from latu.access.base import can


class PolicyPermission(BasePermission):
    """Object-level check through ``access.can``. Viewsets set ``policy_actions``:
    a mapping from the viewset action (or HTTP method) to a policy action."""

    def has_object_permission(self, request, view, obj):
        actions = getattr(view, "policy_actions", {})
        action = actions.get(getattr(view, "action", None)) or actions.get(request.method)
        if action is None:
            action = "view" if request.method in SAFE_METHODS else "change"
        return can(request.user, action, obj)
