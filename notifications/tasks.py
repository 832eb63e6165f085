"""Celery tasks: thin, take ids, safe to run twice."""

from celery import shared_task

from . import reminders
from .services import enqueue_delivery, notification_deliver


@shared_task(name="notifications.tasks.deliver_notification")
def deliver_notification(notification_id: int) -> bool:
    """Send one notification's e-mail if it is still pending (the claim makes a repeat harmless)."""
    return notification_deliver(notification_id=notification_id)


@shared_task(name="notifications.tasks.send_due_reminders")
def send_due_reminders() -> dict:
    """The hourly scan: record due reminders, then hand each e-mail to its own task."""
    result = reminders.scan(deliver=enqueue_delivery)
    return {"created": len(result.created), "redelivered": len(result.redelivered)}
