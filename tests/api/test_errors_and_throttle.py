"""API answers in Chinese for 404s, throttles token sign-ins, and trusts X-Forwarded-For only from our proxies."""

import re
import uuid

import pytest
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory
from rest_framework import exceptions
from rest_framework.test import APIClient

from audit.http import client_ip
from audit.models import AuditAction, AuditEvent
from core.api import exception_handler

TOKEN_URL = "/api/auth/token/"


def test_djangos_english_404_becomes_chinese():
    response = exception_handler(Http404("No Case matches the given query."), {})
    assert response.status_code == 404
    assert response.data == {"detail": "未找到。", "errors": {}}
    assert exception_handler(Http404(), {}).data == {"detail": "未找到。", "errors": {}}


def test_an_explicit_404_message_is_kept():
    assert exception_handler(Http404("线索不存在"), {}).data == {"detail": "线索不存在", "errors": {}}
    assert exception_handler(exceptions.NotFound("人员不存在"), {}).data["detail"] == "人员不存在"


@pytest.mark.django_db
def test_a_missing_case_answers_404_in_chinese(api_world, client_for):
    response = client_for("officer").get("/api/cases/999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "errors": {}}


@pytest.mark.django_db
def test_the_english_interface_gets_english_errors(api_world, client_for):
    client = client_for("officer")
    response = client.get("/api/cases/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Not found."
    assert client.get("/api/cases/999999/").json()["detail"] == "未找到。"


def _address() -> str:
    """A client address no other test (or earlier run sharing Redis) has used."""
    raw = uuid.uuid4().int
    return f"10.{raw % 250}.{(raw >> 8) % 250}.{(raw >> 16) % 250 + 1}"


@pytest.fixture
def strict_rate(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth-token": "3/minute"}}


@pytest.mark.django_db
def test_token_sign_in_is_throttled_per_client_address(api_world, strict_rate):
    address = _address()
    client = APIClient(REMOTE_ADDR=address)
    wrong = {"username": "leader", "password": "wrong"}
    assert [client.post(TOKEN_URL, wrong).status_code for _ in range(3)] == [400, 400, 400]

    blocked = client.post(TOKEN_URL, {"username": "leader", "password": "pw-123456"})
    assert blocked.status_code == 429
    assert re.fullmatch(r"尝试次数过多，请在 \d+ 秒后再试。", blocked.json()["detail"])
    assert int(blocked["Retry-After"]) > 0
    assert "token" not in blocked.json()
    # Only the three real attempts reached the password check.
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 3
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()

    # A forged X-Forwarded-For does not make a new client when no proxy is trusted.
    forged = client.post(TOKEN_URL, {"username": "leader", "password": "pw-123456"}, HTTP_X_FORWARDED_FOR=_address())
    assert forged.status_code == 429

    # Another address still signs in.
    other = APIClient(REMOTE_ADDR=_address()).post(TOKEN_URL, {"username": "leader", "password": "pw-123456"})
    assert other.status_code == 200
    assert "token" in other.json()


@pytest.mark.django_db
def test_throttle_counts_live_in_the_shared_cache(api_world, strict_rate):
    """Another web process (same cache, fresh throttle objects) sees the same counts."""
    address = _address()
    for _ in range(3):
        APIClient(REMOTE_ADDR=address).post(TOKEN_URL, {"username": "leader", "password": "wrong"})
    assert cache.get(f"throttle_auth-token_{address}") is not None
    assert APIClient(REMOTE_ADDR=address).post(TOKEN_URL, {"username": "x", "password": "y"}).status_code == 429


def test_client_ip_ignores_forwarded_for_without_a_trusted_proxy(settings):
    settings.QINGFENG_NUM_PROXIES = 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "192.0.2.10"


def test_client_ip_takes_the_address_our_proxy_saw(settings):
    settings.QINGFENG_NUM_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44")
    assert client_ip(request) == "192.0.2.44"
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "127.0.0.1"


def test_client_ip_is_none_for_garbage(settings):
    settings.QINGFENG_NUM_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(request) is None


@pytest.mark.django_db
def test_a_garbage_forwarded_for_does_not_break_an_audited_request(api_world, settings):
    """The audit trail stores a valid address or none: a bad header must not turn a sign-in into a 500."""
    settings.QINGFENG_NUM_PROXIES = 1
    client = APIClient(REMOTE_ADDR=_address(), HTTP_X_FORWARDED_FOR="not-an-ip")
    response = client.post(TOKEN_URL, {"username": "leader", "password": "pw-123456"})
    assert response.status_code == 200
    assert AuditEvent.objects.get(action=AuditAction.LOGIN).ip is None
