"""The reminder scan on a real Celery worker: Redis when REDIS_URL is set, else the embedded broker."""

import datetime
import time

import pytest
from django.core import mail

from notifications import tasks
from notifications.choices import DeliveryState
from notifications.models import Notification, Reminder
from notifications.services import notification_create
from tests.rectification.factories import issue_letter

D = datetime.date


def _wait_for_mail(count, timeout=60):
    """Wait until the worker has sent ``count`` mails (read from the in-process outbox, not the database:
    on SQLite a reader here would lock the tables the worker thread is writing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(mail.outbox) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"the worker sent {len(mail.outbox)} of {count} mails in {timeout}s")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_scan_end_to_end_and_twice_sends_nothing_twice(world, celery_worker_app):
    world.tw2.email = "tw@example.org"
    world.zone1_leader.email = "zone1@example.org"
    for user in (world.tw2, world.zone1_leader):
        user.save()
    mail.outbox.clear()
    item = issue_letter(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30)).items.get()  # its mail is queued
    # A marker notification, its mail queued last: once it is out, everything queued before it has run.
    marker = notification_create(recipient=world.tw2, kind="other", title="队列标记")
    _wait_for_mail(1)  # the letter
    tasks.send_due_reminders.delay("2024-10-21")
    _wait_for_mail(3)  # overdue reminder #3 to tw-qingping, escalation to zone1 (the officer has no address)
    tasks.send_due_reminders.delay("2024-10-21")
    tasks.deliver_notification.delay(marker.pk)
    _wait_for_mail(4)
    time.sleep(1)  # anything the second scan had sent would be in the outbox by now too
    assert [m.subject for m in mail.outbox][-1] == "【清风】队列标记"
    reminders_sent = mail.outbox[1:3]
    assert sorted(m.to[0] for m in reminders_sent) == ["tw@example.org", "zone1@example.org"]
    subjects = " ".join(m.subject for m in reminders_sent)
    assert "逾期督办" in subjects and "第 3 次提醒" in subjects
    assert len(mail.outbox) == 4
    assert Reminder.objects.filter(object_id=item.pk).count() == 3
    assert not Notification.objects.filter(delivery=DeliveryState.PENDING).exists()
