"""The scan on a real Celery worker (Redis when REDIS_URL is set), concurrent scans, and the task contract."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections

from notifications import reminders, tasks
from notifications.choices import DeliveryState, ReminderKind
from notifications.models import Notification, Reminder
from tests.rectification.factories import issue_letter

D = datetime.date


def test_tasks_ack_late_and_are_requeued_when_the_worker_dies():
    for task in (tasks.send_due_reminders, tasks.deliver_notification):
        assert task.acks_late is True and task.reject_on_worker_lost is True
    schedule = settings.CELERY_BEAT_SCHEDULE["due-reminders"]
    assert schedule["task"] == tasks.send_due_reminders.name


@pytest.mark.django_db
def test_the_task_scans_the_given_day_and_enqueues_each_mail(world, django_capture_on_commit_callbacks):
    world.tw2.email = "tw@example.org"
    world.tw2.save()
    issue_letter(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_due_reminders("2024-10-08")
    assert result == {"created": 2, "redelivered": 0}
    assert [m.to for m in mail.outbox] == [["tw@example.org"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_send_each_reminder_once(world):
    world.tw2.email = "tw@example.org"
    world.tw2.save()
    for _ in range(3):
        issue_letter(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30))
    Notification.objects.update(delivery=DeliveryState.SENT)
    mail.outbox.clear()
    workers = 6
    barrier = threading.Barrier(workers)
    created, errors = [], []

    def scan():
        try:
            barrier.wait(timeout=10)
            created.extend(reminders.scan(today=D(2024, 10, 21)).created)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    # Three items: overdue #3 to tw2 and the officer, and one escalation each.
    assert Reminder.objects.count() == 9 and len(created) == 9 and len(set(created)) == 9
    assert Reminder.objects.filter(kind=ReminderKind.ESCALATION, recipient=world.zone1_leader).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["tw@example.org"] * 3
