"""The reminder scan on a real Celery worker: Redis when REDIS_URL is set, else the embedded broker."""

import datetime
import time

import pytest
from django.conf import settings
from django.core import mail

from notifications import tasks
from notifications.choices import DeliveryState
from notifications.models import Notification, Reminder
from notifications.services import notify
from tests.rectification.factories import issue_letter

D = datetime.date


@pytest.fixture
def _eager_celery():
    """This module's worker test runs tasks on a real worker, not in-process."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def celery_app(tmp_path):
    """The project's Celery app; on the embedded broker, with folders of its own so no stale message is read."""
    from config.celery import app

    saved = dict(app.conf.broker_transport_options or {})
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        for sub in ("out", "processed", "control"):
            (tmp_path / sub).mkdir()
        app.conf.broker_transport_options = {
            **saved,
            "data_folder_in": str(tmp_path / "out"),
            "data_folder_out": str(tmp_path / "out"),
            "processed_folder": str(tmp_path / "processed"),
            "control_folder": str(tmp_path / "control"),
            "store_processed": False,
        }
        _fresh_connections(app)
        yield app
        app.conf.broker_transport_options = saved
        _fresh_connections(app)
    else:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(app.conf.task_default_queue)
        yield app


def _fresh_connections(app):
    """Drop pooled connections to the embedded broker, so producers use the folders set above."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


def _wait(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    rows = list(Notification.objects.values_list("title", "delivery", "attempts"))
    raise AssertionError(f"the worker did not finish in time: {rows} {Reminder.objects.count()}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_scan_end_to_end_and_twice_sends_nothing_twice(_audit_truncatable, world, celery_app):
    from celery.contrib.testing.worker import start_worker

    world.tw2.email = "tw@example.org"
    world.zone1_leader.email = "zone1@example.org"
    for user in (world.tw2, world.zone1_leader):
        user.save()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        item = issue_letter(world, issued_on=D(2024, 9, 2), due_on=D(2024, 9, 30)).items.get()
        _wait(lambda: not Notification.objects.filter(delivery=DeliveryState.PENDING).exists())  # the letter's mail
        mail.outbox.clear()
        tasks.send_due_reminders.delay("2024-10-21")
        _wait(
            lambda: (
                Reminder.objects.filter(object_id=item.pk).count() == 3
                and not Notification.objects.filter(delivery=DeliveryState.PENDING).exists()
            )
        )
        tasks.send_due_reminders.delay("2024-10-21")
        # A marker queued behind the second scan: once its mail is out, the scan before it has run.
        marker = notify(recipient=world.tw2, title="队列标记")
        _wait(lambda: Notification.objects.get(pk=marker.pk).delivery == DeliveryState.SENT)
    assert Reminder.objects.filter(object_id=item.pk).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["tw@example.org", "tw@example.org", "zone1@example.org"]
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("逾期督办" in s for s in subjects) and any("第 3 次提醒" in s for s in subjects)
