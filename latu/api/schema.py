"""The OpenAPI schema class of /api/v1/: drf-spectacular's, plus what it cannot see.

- Error answers are documented: 400 where the request carries data (a body, query or
  header parameters), 401 wherever a credential can be sent (a wrong or expired token
  is refused even on public endpoints), 403 where a permission or policy decides,
  404 where the path names an object or a list is paged, 415 where a body is read and
  429 where a rate limit applies. Each has the body DRF sends: ``{"detail": "…"}``,
  and for 400 the field errors.
- An endpoint that lets anonymous visitors in is documented with the empty security
  requirement also when its permission class extends DRF's public ones (drf-spectacular
  compares the classes exactly).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers

from latu.access.drf import PolicyPermission

ERROR_DESCRIPTIONS = {
    "400": "The request is not valid: the messages say why, by field (`detail` or `non_field_errors` for the "
           "whole request).",
    "401": "Not signed in, or the token is not valid.",
    "403": "Not allowed.",
    "404": "Not found (or not visible to you), or no such page of the list.",
    "415": "The body is not in a supported media type.",
    "429": "Too many requests in a short time: try again after `Retry-After` seconds.",
}

# A field's messages: a list of texts, or the errors of a nested object or of list items.
_FIELD_ERRORS: dict[str, Any] = {"oneOf": [
    {"type": "array", "items": {}},
    {"type": "object", "additionalProperties": {}},
    {"type": "string"},
]}
VALIDATION_ERRORS: dict[str, Any] = {"oneOf": [
    {"type": "object", "additionalProperties": _FIELD_ERRORS},
    # A list: the messages of a request as a whole, or the errors of each item of a list body.
    {"type": "array", "items": {}},
]}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the request's language.")


def _is_public(permission: type, method: str) -> bool:
    if issubclass(permission, permissions.AllowAny):
        return True
    return issubclass(permission, permissions.IsAuthenticatedOrReadOnly) and method in permissions.SAFE_METHODS


class AutoSchema(openapi.AutoSchema):
    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        if {} not in auths and self._is_public():
            auths.append({})
        return auths

    def _is_public(self) -> bool:
        """A public permission lets anonymous visitors in, unless another one stops them
        (the policies' check decides object by object, after the view lets them in)."""
        classes = [type(permission) for permission in self.view.get_permissions()]
        deciding = [permission for permission in classes if not issubclass(permission, PolicyPermission)]
        return bool(deciding) and all(_is_public(permission, self.method) for permission in deciding)

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code in responses:
                continue
            body = VALIDATION_ERRORS if code == "400" else ErrorSerializer
            responses[code] = self._get_response_for_code(
                OpenApiResponse(body, description=ERROR_DESCRIPTIONS[code]), code, direction=direction
            )
        return responses

    def _has_policy(self) -> bool:
        return any(isinstance(permission, PolicyPermission) for permission in self.view.get_permissions())

    def _error_codes(self) -> list[str]:
        codes = []
        has_body = self.method in ("POST", "PUT", "PATCH")
        parameters = self._get_parameters()
        takes_data = has_body or any(p.get("in") in ("query", "header") for p in parameters)
        if takes_data:
            codes.append("400")
        if self.view.get_authenticators():
            codes.append("401")
        if not self._is_public() or has_body or self._has_policy():
            codes.append("403")  # a policy decides, or a signed-in session's CSRF check fails
        if any(p.get("in") == "path" for p in parameters) or (
            self._is_list_view() and self._get_paginator() is not None
        ):
            codes.append("404")
        if has_body:
            codes.append("415")
        if self.view.get_throttles() or has_body:
            codes.append("429")
        return codes
