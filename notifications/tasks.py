"""Celery tasks: thin, take ids, safe to run twice (acks late, re-queued if the worker dies)."""

import datetime

from celery import shared_task

from . import reminders
from .services import enqueue_delivery, notification_deliver


@shared_task(name="notifications.tasks.deliver_notification", acks_late=True, reject_on_worker_lost=True)
def deliver_notification(notification_id: int) -> bool:
    """Send one notification's e-mail if it is still pending (the claim makes a repeat harmless)."""
    return notification_deliver(notification_id=notification_id)


@shared_task(name="notifications.tasks.send_due_reminders", acks_late=True, reject_on_worker_lost=True)
def send_due_reminders(day: str | None = None) -> dict:
    """The periodic scan (beat, hourly on working hours): record due reminders, then hand each e-mail to its own task.

    ``day`` (ISO date) scans as of that day; operators use it to catch up after an outage.
    """
    today = datetime.date.fromisoformat(day) if day else None
    result = reminders.scan(today=today, deliver=enqueue_delivery)
    return {"created": len(result.created), "redelivered": len(result.redelivered)}
