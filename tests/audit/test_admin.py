import pytest
from django.urls import reverse

from audit.models import AuditEvent
from people.roles import Role
from tests.factories import UserFactory, grant


@pytest.fixture
def audit_superuser(world):
    """A superuser who holds the auditor role."""
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    grant(user, Role.AUDITOR, county=world.county)
    return user


@pytest.mark.django_db
def test_audit_record_can_be_viewed_but_not_edited_in_admin(client, audit_superuser):
    client.force_login(audit_superuser)
    event = AuditEvent.objects.first()
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="detail"' not in page.content.decode()
    assert client.post(change_url, {"detail": "tampered"}).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.detail != "tampered"


@pytest.mark.django_db
def test_audit_changelist_offers_no_delete_action(client, audit_superuser):
    client.force_login(audit_superuser)
    response = client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()


@pytest.mark.django_db
def test_superuser_without_audit_role_cannot_read_audit_log_in_admin(client, world):
    root = UserFactory(username="plainroot", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403
    assert "审计记录" not in client.get(reverse("admin:index")).content.decode()
