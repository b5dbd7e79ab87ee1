"""API messages follow the request's language (Accept-Language), using the
translations Django and REST framework ship."""

import pytest
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.pagination import PageNumberPagination

from latu.api.exceptions import exception_handler

pytestmark = pytest.mark.django_db


def in_language(language: str, message) -> str:
    with translation.override(language):
        return str(message)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_authentication_error_in_the_requested_language(client, language):
    response = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 401
    assert response["Content-Language"] == language
    assert response.json()["detail"] == in_language(language, NotAuthenticated.default_detail)


def test_finnish_messages_really_are_finnish(client):
    # Guards the test above: the message differs between languages.
    finnish = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="fi").json()["detail"]
    english = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert finnish != english
    assert english == "Authentication credentials were not provided."


def test_finnish_is_the_default(client):
    response = client.get("/api/v1/me/")
    assert response.json()["detail"] == in_language("fi", NotAuthenticated.default_detail)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_validation_error_of_a_filter_is_localized(client_for, employee, language):
    response = client_for(employee).get("/api/v1/units/?organisation=abc", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    expected = in_language(language, forms.ModelChoiceField.default_error_messages["invalid_choice"])
    assert response.json() == {"organisation": [expected]}


@pytest.mark.parametrize("language", ["fi", "en"])
def test_not_found_page_is_localized(client_for, employee, language):
    response = client_for(employee).get("/api/v1/units/?page=99", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json()["detail"] == in_language(language, PageNumberPagination.invalid_page_message)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_unknown_object_is_localized(client_for, employee, language):
    response = client_for(employee).get("/api/v1/units/999999/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json()["detail"] == in_language(language, NotFound.default_detail)


def test_model_validation_errors_become_400_with_field_messages():
    # Actions raise Django's ValidationError; the API answers like a form would.
    with translation.override("fi"):
        response = exception_handler(
            DjangoValidationError({"ends": [forms.Field.default_error_messages["required"]]}), {}
        )
    assert response.status_code == 400
    assert response.data == {"ends": [in_language("fi", forms.Field.default_error_messages["required"])]}


def test_plain_validation_error_becomes_detail():
    response = exception_handler(DjangoValidationError("Not now."), {})
    assert response.status_code == 400
    assert response.data == {"detail": ["Not now."]}
