"""The OpenAPI document and the documentation pages served from the app."""

import re

import pytest
import yaml
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

CORE_PATHS = [
    "/api/v1/me/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{slug}/",
    "/api/v1/regions/",
    "/api/v1/municipalities/",
    "/api/v1/units/",
    "/api/v1/units/{id}/",
    "/api/v1/memberships/",
    "/api/v1/memberships/{id}/",
    "/api/v1/strategy-goals/",
    "/api/v1/strategy-goals/{id}/",
]


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_schema_is_a_valid_openapi_3_document(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Latu API"
    validate_schema(schema)  # against the OpenAPI 3.0 JSON schema; raises when invalid


def test_schema_is_also_served_as_yaml(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["openapi"].startswith("3.")


def test_schema_lists_the_core_endpoints(schema):
    missing = [path for path in CORE_PATHS if path not in schema["paths"]]
    assert not missing
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def test_schema_documents_both_ways_to_authenticate(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    assert schemes["cookieAuth"]["in"] == "cookie"
    me = schema["paths"]["/api/v1/me/"]["get"]
    assert {"tokenAuth": []} in me["security"]
    assert {} not in me["security"]  # not anonymous


def test_me_is_documented_as_one_object(schema):
    response = schema["paths"]["/api/v1/me/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert response == {"$ref": "#/components/schemas/Me"}
    assert set(schema["components"]["schemas"]["Me"]["properties"]) >= {"id", "email", "name", "memberships"}


def test_public_endpoints_are_documented_as_public(schema):
    assert {} in schema["paths"]["/api/v1/organisations/"]["get"]["security"]


def test_tags_name_resources(schema):
    tags = {tag for item in schema["paths"].values() for op in item.values() for tag in op.get("tags", [])}
    assert {"me", "organisations", "units", "memberships", "strategy-goals"} <= tags
    assert "v1" not in tags


def _external_urls(html: str) -> list[str]:
    return re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="((?:https?:)?//[^"]+)"', html)


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_load_everything_from_the_app(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="fi">', html)
    assert not _external_urls(html)
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert any("drf_spectacular_sidecar" in asset for asset in assets)
    for asset in assets:
        assert asset.startswith("/"), asset
        assert client.get(asset).status_code == 200, asset


def test_swagger_ui_has_no_inline_script(client):
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui-bundle.js" in html
    for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attributes and not body.strip()
    script = re.search(r'<script src="(/api/docs/\?script=?)"', html)
    assert script
    response = client.get(script.group(1))
    assert response.status_code == 200
    assert "/api/schema/" in response.content.decode()
