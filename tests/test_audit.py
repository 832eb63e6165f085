import pytest
from django.db import DatabaseError, connection, transaction

from audit.context import acting
from audit.models import AuditEvent
from zones.models import Township


@pytest.mark.django_db
def test_save_records_before_and_after_with_actor(world):
    with acting(user=world.admin):
        world.t1.name = "清源镇（新）"
        world.t1.save()
    event = AuditEvent.objects.filter(action="update", object_id=str(world.t1.pk)).latest("id")
    assert event.actor == world.admin
    assert event.changes["name"] == ["清源镇", "清源镇（新）"]


@pytest.mark.django_db
def test_bulk_update_is_recorded_per_row(world):
    Township.objects.filter(county=world.county).update(active=False)
    events = AuditEvent.objects.filter(action="update", detail="批量修改")
    assert events.count() == 3
    assert all(e.changes["active"] == [True, False] for e in events)


@pytest.mark.django_db
def test_audit_records_cannot_be_changed_or_deleted(world):
    event = AuditEvent.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.django_db
def test_audit_records_cannot_be_saved_over_or_deleted_one_by_one(world):
    event = AuditEvent.objects.first()
    event.detail = "tampered"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        event.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET detail = 'raw sql'")
    assert not AuditEvent.objects.filter(detail__in=["tampered", "raw sql"]).exists()


@pytest.mark.django_db
def test_postgresql_also_refuses_truncate(world):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is a PostgreSQL statement (SQLite has only DELETE, refused above)")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.exists()
