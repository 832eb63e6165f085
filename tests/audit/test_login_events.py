import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent


@pytest.mark.django_db
def test_successful_login_is_recorded_with_actor_and_ip(client, world):
    response = client.post(reverse("login"), {"username": "tw-qingyuan", "password": "pw-123456"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("id")
    assert event.actor == world.tw1
    assert event.object_id == str(world.tw1.pk)
    assert event.ip == "127.0.0.1"
    assert event.path == reverse("login")


@pytest.mark.django_db
def test_failed_login_records_username_but_not_password(client, world):
    response = client.post(reverse("login"), {"username": "tw-qingyuan", "password": "wrong-secret"})
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).latest("id")
    assert event.actor is None
    assert event.object_id == str(world.tw1.pk)
    assert "tw-qingyuan" in event.detail
    assert "wrong-secret" not in str(event.changes) + event.detail


@pytest.mark.django_db
def test_failed_login_for_unknown_username_is_recorded_without_object(client, world):
    client.post(reverse("login"), {"username": "ghost", "password": "whatever"})
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).latest("id")
    assert event.object_id == ""
    assert "ghost" in event.detail


@pytest.mark.django_db
def test_logout_is_recorded(client, world):
    client.force_login(world.officer)
    client.post(reverse("logout"))
    event = AuditEvent.objects.filter(action=AuditAction.LOGOUT).latest("id")
    assert event.actor == world.officer


@pytest.mark.django_db
def test_logout_without_session_records_nothing(client, world):
    client.post(reverse("logout"))
    assert not AuditEvent.objects.filter(action=AuditAction.LOGOUT).exists()
