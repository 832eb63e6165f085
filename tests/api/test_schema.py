"""The OpenAPI schema is valid and warning-free; the docs page loads nothing from other hosts."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_generates_without_warnings(tmp_path):
    # Fails on any warning of any app's endpoint: fix the serializer or add extend_schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    for path in ("/api/auth/token/", "/api/me/", "/api/users/", "/api/townships/{id}/", "/api/zone-memberships/"):
        assert f"{path}:" in text


@pytest.mark.django_db
def test_schema_endpoint_serves_openapi_3(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "清风 Qingfeng API"
    assert "/api/village-supervisors/" in schema["paths"]
    assert schema["components"]["securitySchemes"].keys() >= {"cookieAuth", "tokenAuth"}


@pytest.mark.django_db
def test_docs_page_loads_only_local_assets(api_client):
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
