"""The OpenAPI schema is valid and warning-free; the docs page loads nothing from other hosts."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

# Where the accounts and jurisdiction endpoints live, as named in drf-spectacular's messages.
OWN_SOURCES = ("people/api/", "zones/api/")
OWN_COMPONENTS = {
    "County",
    "Department",
    "Zone",
    "Township",
    "Village",
    "VillageGroup",
    "ZoneMembership",
    "VillageSupervisor",
    "VillageCommitteeMember",
    "User",
    "Me",
    "RoleAssignment",
    "Token",
}


@pytest.fixture
def schema():
    """The whole OpenAPI document, with drf-spectacular's warnings and errors collected."""
    GENERATOR_STATS.reset()
    document = SchemaGenerator().get_schema(request=None, public=True)
    yield document, [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()


@pytest.mark.django_db
def test_schema_is_valid_openapi(schema):
    document, _messages = schema
    validate_schema(document)
    for path in ("/api/auth/token/", "/api/me/", "/api/users/", "/api/townships/{id}/move/", "/api/zone-memberships/"):
        assert path in document["paths"], path


@pytest.mark.django_db
def test_accounts_and_jurisdiction_endpoints_generate_no_warning(schema):
    document, messages = schema
    ours = [m for m in messages if any(source in m for source in OWN_SOURCES)]
    assert ours == []
    # Enum names with a hash suffix (``Kind4e8Enum``) mean a naming collision; ours must read well.
    for name, component in document["components"]["schemas"].items():
        if name.removesuffix("Request").removeprefix("Patched") not in OWN_COMPONENTS:
            continue
        refs = re.findall(r"#/components/schemas/(\w+Enum)", json.dumps(component))
        assert not [ref for ref in refs if re.search(r"[0-9a-f]{3}Enum$", ref)], (name, refs)


@pytest.mark.django_db
def test_whole_schema_generates_without_warnings(schema):
    """``manage.py spectacular --validate --fail-on-warn`` must pass: name colliding components and enums."""
    _document, messages = schema
    assert messages == [], "drf-spectacular warnings:\n" + "\n".join(messages)


@pytest.mark.django_db
def test_schema_and_docs_need_a_signed_in_user(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 401
    assert schema["WWW-Authenticate"] == "Token"
    assert "paths" not in schema.content.decode()
    docs = api_client.get("/api/docs/")
    assert docs.status_code == 302
    assert docs["Location"] == "/accounts/login/?next=/api/docs/"


@pytest.mark.django_db
def test_schema_is_served_to_a_token_user(api_client, api_world):
    token = api_client.post("/api/auth/token/", {"username": "tw-qingping", "password": "pw-123456"}).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_schema_endpoint_serves_openapi_3(api_client, api_world):
    api_client.force_login(api_world.tw2)
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "清风 Qingfeng API"
    assert "/api/village-supervisors/" in schema["paths"]
    assert schema["components"]["securitySchemes"].keys() >= {"cookieAuth", "tokenAuth"}


@pytest.mark.django_db
def test_docs_page_loads_only_local_assets(api_client, api_world):
    api_client.force_login(api_world.tw2)
    response = api_client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["']([^"']+)["']""", html)
    assert assets, html
    for url in assets:
        assert not re.match(r"^(https?:)?//", url), url
    for url in assets:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    assert not re.search(r"https?://(?!127\.0\.0\.1|localhost|testserver)", html)
